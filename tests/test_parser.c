/* test_parser.c - the rules grammar: trees of good rules, located errors for bad ones. */
#include <check.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "parser.h"

static const char pegawai[] =
	"# UU 1/2022 Pasal 146\n"
	"rule belanja_pegawai_maks_30 \"Belanja pegawai paling tinggi 30% dari total belanja\"\n"
	"  cite \"UU 1/2022 Pasal 146 ayat (1)\"\n"
	"  on lock apbd, submit rka\n"
	"  severity error from 2027, warning before\n"
	"  let pegawai = sum(belanja where akun 5.1.01.*)\n"
	"  let total   = sum(belanja)\n"
	"  assert pegawai <= 30% of total\n"
	"  message \"belanja pegawai {pegawai} = {pegawai / total as percent} dari total belanja {total}\"\n"
	"rule pendidikan_20 \"Fungsi pendidikan paling sedikit 20%\"\n"
	"  cite \"UUD 1945 Pasal 31 ayat (4)\"\n"
	"  on lock apbd\n"
	"  severity warning\n"
	"  applies not (tahun < 2021)\n"
	"  assert sum(belanja where urusan 1.01.* or (bidang 1.01 and not akun 5.4.*)) * 100 / sum(belanja) >= 20 "
	"or sum(belanja) == 0\n"
	"  message \"pendidikan \\\"{x}\\\"\"\n";

START_TEST(parses_the_example)
{
	struct arena a;
	arena_init(&a);
	struct rules_file f;
	struct rules_error err;
	ck_assert_msg(rules_parse(&a, "pegawai.rules", pegawai, strlen(pegawai), &f, &err) == PAGU_OK, "%d:%d: %s",
		      err.pos.line, err.pos.col, err.message);
	ck_assert_int_eq(f.nrules, 2);
	struct rules_rule *r = &f.rules[0];
	ck_assert_str_eq(r->id, "belanja_pegawai_maks_30");
	ck_assert_str_eq(r->title, "Belanja pegawai paling tinggi 30% dari total belanja");
	ck_assert_str_eq(r->cite, "UU 1/2022 Pasal 146 ayat (1)");
	ck_assert_int_eq(r->nevents, 2);
	ck_assert_str_eq(r->events[1].verb, "submit");
	ck_assert_str_eq(r->events[1].object, "rka");
	ck_assert(r->severity == RULES_ERROR);
	ck_assert_int_eq(r->from_year, 2027);
	ck_assert(r->before_severity == RULES_WARNING);
	ck_assert_int_eq(r->nlets, 2);
	ck_assert_str_eq(rules_node_sexpr(&a, r->lets[0].expr), "(sum belanja (akun 5.1.01.*))");
	ck_assert_str_eq(rules_node_sexpr(&a, r->assert_expr), "(<= pegawai (of (% 0.3) total))");
	ck_assert_int_eq(r->assert_expr->pos.line, 8);
	ck_assert_int_eq(r->assert_expr->pos.col, 18);
	r = &f.rules[1];
	ck_assert(r->severity == RULES_WARNING);
	ck_assert_int_eq(r->from_year, 0);
	ck_assert_str_eq(rules_node_sexpr(&a, r->applies), "(not (< tahun 2021))");
	ck_assert_str_eq(rules_node_sexpr(&a, r->assert_expr),
			 "(or (>= (/ (* (sum belanja (or (urusan 1.01.*) (and (bidang 1.01) (not (akun 5.4.*))))) 100) "
			 "(sum belanja)) 20) (== (sum belanja) 0))");
	ck_assert_str_eq(r->message, "pendidikan \"{x}\"");
	arena_release(&a);
}
END_TEST

START_TEST(precedence)
{
	static const struct {
		const char *expr, *tree;
	} cases[] = {
		{ "1 + 2 * 3", "(+ 1 (* 2 3))" },
		{ "(1 + 2) * 3", "(* (+ 1 2) 3)" },
		{ "1 - 2 - 3", "(- (- 1 2) 3)" },
		{ "-x * 2", "(* (neg x) 2)" },
		{ "a or b and c", "(or a (and b c))" },
		{ "not a == b", "(not (== a b))" },
		{ "x / y as percent", "(as-percent (/ x y))" },
		{ "(x / y) as percent", "(as-percent (/ x y))" },
		{ "2.5% of x + 1", "(+ (of (% 0.025) x) 1)" },
		{ "count(pendapatan) != 0", "(!= (count pendapatan) 0)" },
		{ "max(belanja where sumber_dana 2.2.*)", "(max belanja (sumber_dana 2.2.*))" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arena a;
		arena_init(&a);
		char *src =
			arena_printf(&a, "rule r \"t\" cite \"c\" on lock apbd severity error assert %s message \"m\"",
				     cases[i].expr);
		struct rules_file f;
		struct rules_error err;
		ck_assert_msg(rules_parse(&a, "p.rules", src, strlen(src), &f, &err) == PAGU_OK, "%s: %s",
			      cases[i].expr, err.message);
		ck_assert_str_eq(rules_node_sexpr(&a, f.rules[0].assert_expr), cases[i].tree);
		arena_release(&a);
	}
}
END_TEST

#define HEAD "rule r \"t\"\n cite \"c\"\n on lock apbd\n severity error\n message \"m\"\n"

static const struct {
	const char *src;
	int line, col;
	const char *msg;
} bad[] = {
	{ "rule \"t\"", 1, 6, "the rule's id" },
	{ "rule r cite", 1, 8, "title" },
	{ "rule on \"t\"", 1, 6, "keyword" },
	{ HEAD " assert", 6, 8, "expected a value" },
	{ HEAD " assert 1 +", 6, 12, "expected a value" },
	{ HEAD " assert (1 + 2", 6, 15, "expected ')'" },
	{ HEAD " assert 1 < 2 < 3", 6, 15, "do not chain" },
	{ HEAD " assert x\n assert y", 7, 2, "assert given twice" },
	{ HEAD " assert sum(belanja where akun 5.1.1*) > 0", 6, 37, "whole last segment" },
	{ HEAD " assert sum(belanja where akun 5..1) > 0", 6, 33, "'.'" },
	{ HEAD " assert sum(belanja where rekening 5.*) > 0", 6, 27, "expected a filter" },
	{ HEAD " assert sum(belanja akun 5.*) > 0", 6, 21, "')' or where" },
	{ HEAD " assert sum belanja", 6, 13, "'(' after sum" },
	{ HEAD " assert 30% of", 6, 15, "expected a value" },
	{ HEAD " assert x as", 6, 13, "percent after as" },
	{ HEAD " assert and", 6, 9, "keyword 'and'" },
	{ HEAD " asert x", 6, 2, "expected a clause" },
	{ HEAD " let x = 1\n let x = 2\n assert x", 7, 6, "defined twice" },
	{ HEAD " let of = 1\n assert x", 6, 6, "keyword" },
	{ "rule r \"t\"\n cite \"c\"\n severity error\n message \"m\"\n assert x", 1, 1, "no on clause" },
	{ "rule r \"t\"\n cite \"c\"\n on lock apbd\n message \"m\"\n assert x", 1, 1, "no severity" },
	{ "rule r \"t\"\n on lock apbd\n severity error\n message \"m\"\n assert x", 1, 1, "no cite" },
	{ "rule r \"t\"\n cite \"c\"\n on lock apbd\n severity error\n assert x", 1, 1, "no message" },
	{ "rule r \"t\"\n cite \"c\"\n on lock apbd\n severity error\n message \"m\"", 1, 1, "no assert" },
	{ HEAD " severity warning\n assert x", 6, 2, "severity given twice" },
	{ "rule r \"t\" cite \"c\" on lock severity error", 1, 29, "what to lock" },
	{ "rule r \"t\" cite \"c\" on lock apbd severity fatal", 1, 43, "error, warning or finding" },
	{ "rule r \"t\" cite \"c\" on lock apbd severity error from 1999, warning before", 1, 54, "not a year" },
	{ "rule r \"t\" cite \"c\" on lock apbd severity error from 2027 warning before", 1, 59, "','" },
	{ "assert x", 1, 1, "expected rule" },
	{ HEAD " assert x\n" HEAD " assert y", 7, 1, "defined twice" },
	{ HEAD " assert 999999999999999999999999999999999999999 > 0", 6, 9, "out of range" },
	{ HEAD " assert x @ y", 6, 11, "'@'" },
	{ "rule r \"t\" cite \"c\" on lock apbd severity finding from 2027 warning before", 1, 61, "','" },
	{ "classification c \"t\"\n", 1, 1, "has no rows" },
	{ "classification c \"t\" row \"1.03.*\" \"5.*\" counts dasar \"d\"", 1, 35, "','" },
	{ "classification c \"t\" row \"1.03.*\", \"5.*\" dasar \"d\"", 1, 42, "counts or excluded" },
	{ "classification c \"t\" row \"1.03.*\", \"5.*\" counts \"d\"", 1, 49, "expected dasar" },
	{ "classification c \"t\" row \"1.0*\", \"5.*\" counts dasar \"d\"", 1, 26, "whole last segment" },
	{ "classification c \"t\" row 1.03.*, \"5.*\" counts dasar \"d\"", 1, 26, "in quotes" },
	{ "classification c \"t\" row \"*\", \"5.*\" counts dasar \"d\"\n row \"*\", \"5.*\" excluded dasar \"e\"", 2,
	  2, "same patterns" },
	{ "classification c \"t\" row \"*\", \"5.*\" counts dasar \"d\"\nclassification c \"u\" row \"*\", \"*\" "
	  "counts dasar \"d\"",
	  2, 1, "defined twice" },
	{ HEAD " assert sum(belanja where tag) > 0", 6, 30, "classification's name" },
	{ HEAD " assert sum(belanja where tag and) > 0", 6, 31, "classification's name" },
};

START_TEST(refused)
{
	struct arena a;
	arena_init(&a);
	struct rules_file f = { .nrules = -7 };
	struct rules_error err = { .pos = { -1, -1 } };
	ck_assert_int_eq(rules_parse(&a, "bad.rules", bad[_i].src, strlen(bad[_i].src), &f, &err), PAGU_E_INVALID);
	ck_assert_msg(err.pos.line == bad[_i].line && err.pos.col == bad[_i].col && strstr(err.message, bad[_i].msg),
		      "case %d: %d:%d %s (want %d:%d %s)", _i, err.pos.line, err.pos.col, err.message, bad[_i].line,
		      bad[_i].col, bad[_i].msg);
	ck_assert_int_eq(f.nrules, -7);
	arena_release(&a);
}
END_TEST

/* finding, and the classification construct with its tag filters */
START_TEST(classification)
{
	static const char src[] = "classification infra \"Infrastruktur\"\n"
				  "  cite \"UU 1/2022 Pasal 147\"\n"
				  "  row \"1.03.*\", \"5.*\" counts dasar \"PUPR\"\n"
				  "  row \"*.*.01.*\", \"*\" excluded dasar \"penunjang\"\n"
				  "rule r \"t\" cite \"c\" on lock apbd severity finding from 2027, warning before\n"
				  "  assert sum(belanja where tag infra and not default_tag infra) >= 0\n"
				  "  message \"m\"\n";
	struct arena a;
	arena_init(&a);
	struct rules_file f;
	struct rules_error err;
	ck_assert_msg(rules_parse(&a, "c.rules", src, strlen(src), &f, &err) == PAGU_OK, "%d:%d: %s", err.pos.line,
		      err.pos.col, err.message);
	ck_assert_int_eq(f.nclasses, 1);
	ck_assert_str_eq(f.classes[0].name, "infra");
	ck_assert_str_eq(f.classes[0].cite, "UU 1/2022 Pasal 147");
	ck_assert_int_eq(f.classes[0].nrows, 2);
	ck_assert(f.classes[0].rows[0].counts);
	ck_assert(!f.classes[0].rows[1].counts);
	ck_assert_str_eq(f.classes[0].rows[1].dasar, "penunjang");
	ck_assert(f.classes[0].rows[1].sub.wild);
	ck_assert(f.classes[0].rows[1].akun.any);
	ck_assert_int_eq(f.classes[0].rows[1].pos.line, 4);
	ck_assert_int_eq(f.nrules, 1);
	ck_assert(f.rules[0].severity == RULES_FINDING);
	ck_assert(f.rules[0].before_severity == RULES_WARNING);
	ck_assert_str_eq(rules_severity_name(f.rules[0].severity), "finding");
	ck_assert_str_eq(rules_node_sexpr(&a, f.rules[0].assert_expr),
			 "(>= (sum belanja (and (tag infra) (not (default_tag infra)))) 0)");
	arena_release(&a);
}
END_TEST

START_TEST(nesting_limit)
{
	struct arena a;
	arena_init(&a);
	size_t deep = 200;
	char *src = arena_alloc(&a, 2 * deep + 256);
	size_t o = (size_t)snprintf(src, 256, HEAD " assert ");
	for (size_t i = 0; i < deep; i++)
		src[o++] = '(';
	src[o++] = '1';
	for (size_t i = 0; i < deep; i++)
		src[o++] = ')';
	src[o] = '\0';
	struct rules_file f;
	struct rules_error err;
	ck_assert_int_eq(rules_parse(&a, "deep.rules", src, o, &f, &err), PAGU_E_INVALID);
	ck_assert_ptr_nonnull(strstr(err.message, "nesting deeper than 64"));
	/* 20 levels are fine */
	o = (size_t)snprintf(src, 256, HEAD " assert ");
	for (size_t i = 0; i < 20; i++)
		src[o++] = '(';
	src[o++] = '1';
	for (size_t i = 0; i < 20; i++)
		src[o++] = ')';
	src[o] = '\0';
	ck_assert_int_eq(rules_parse(&a, "deep.rules", src, o, &f, &err), PAGU_OK);
	arena_release(&a);
}
END_TEST

/* At most RULES_MAX_RULES rules a file and RULES_MAX_ROWS rows a table: the next one is refused where it starts. */
START_TEST(count_limits)
{
	struct arena a;
	arena_init(&a);
	size_t cap = 200 * (RULES_MAX_RULES + 1) + 64;
	char *src = arena_alloc(&a, cap);
	size_t o = 0;
	for (int i = 0; i <= RULES_MAX_RULES; i++)
		o += (size_t)snprintf(src + o, cap - o,
				      "rule r%d \"t\" cite \"c\" on lock apbd severity error assert 1 > 0 "
				      "message \"m\"\n",
				      i);
	struct rules_file f;
	struct rules_error err;
	ck_assert_int_eq(rules_parse(&a, "many.rules", src, o, &f, &err), PAGU_E_INVALID);
	ck_assert_int_eq(err.pos.line, RULES_MAX_RULES + 1);
	ck_assert_int_eq(err.pos.col, 1);
	ck_assert_ptr_nonnull(strstr(err.message, "more than 1000 rules"));
	/* exactly the limit loads */
	o = (size_t)(strstr(src, "rule r1000 ") - src);
	ck_assert_int_eq(rules_parse(&a, "many.rules", src, o, &f, &err), PAGU_OK);
	ck_assert_int_eq(f.nrules, RULES_MAX_RULES);
	o = (size_t)snprintf(src, cap, "table t \"T\" key k\n");
	for (int i = 0; i <= RULES_MAX_ROWS; i++)
		o += (size_t)snprintf(src + o, cap - o, "row %d = 1\n", i);
	ck_assert_int_eq(rules_parse(&a, "rows.rules", src, o, &f, &err), PAGU_E_INVALID);
	ck_assert_int_eq(err.pos.line, RULES_MAX_ROWS + 2);
	ck_assert_ptr_nonnull(strstr(err.message, "more than 1000 rows"));
	arena_release(&a);
}
END_TEST

static Suite *parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc = tcase_create("parser");
	tcase_add_test(tc, parses_the_example);
	tcase_add_test(tc, precedence);
	tcase_add_loop_test(tc, refused, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, nesting_limit);
	tcase_add_test(tc, classification);
	tcase_add_test(tc, count_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parser_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
