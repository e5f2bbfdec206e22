/* test_eval.c - static checks and exact evaluation of rules on budget lines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define HEAD "rule r \"t\" cite \"c\" on lock apbd severity error message \"m\" "

static const struct rules_fact_line lines[] = {
	{ .akun = "5.1.01.01.01.0001",
	  .sub_kegiatan = "1.01.02.2.01.0001",
	  .sumber_dana = "1.1",
	  .opd = "1.01.2.22.0.00.01.0000",
	  .jumlah = 30000 }, /* pegawai, pendidikan */
	{ .akun = "5.1.02.01.01.0024",
	  .sub_kegiatan = "1.02.02.2.01.0001",
	  .sumber_dana = "1.1",
	  .opd = "1.02.0.00.0.00.01.0000",
	  .jumlah = 50000 }, /* barang, kesehatan */
	{ .akun = "5.2.02.01.01.0002",
	  .sub_kegiatan = "1.03.02.2.01.0001",
	  .sumber_dana = "2.2.1",
	  .opd = "1.03.0.00.0.00.01.0000",
	  .jumlah = 20000 }, /* modal, PU */
	{ .akun = "4.1.01.06.01.0001",
	  .sub_kegiatan = "X.XX.01.2.01.0001",
	  .sumber_dana = "1.1",
	  .opd = "5.02.0.00.0.00.02.0000",
	  .jumlah = 150000 }, /* pendapatan */
	{ .akun = "6.1.01.01.01.0001",
	  .sub_kegiatan = "X.XX.01.2.01.0001",
	  .sumber_dana = "1.1",
	  .opd = "5.02.0.00.0.00.01.0000",
	  .jumlah = 10000 }, /* penerimaan pembiayaan */
};

/* Parses, checks and evaluates @src on lock apbd in @tahun; returns the error code and fills the first result. */
static pagu_err run(const char *src, int tahun, struct rules_result *first, struct rules_error *err, struct arena *a)
{
	struct rules_file f;
	pagu_err e = rules_parse(a, "t.rules", src, strlen(src), &f, err);
	if (e == PAGU_OK)
		e = rules_check(&f, "t.rules", err);
	if (e != PAGU_OK)
		return e;
	struct rules_facts facts = { .tahun = tahun, .lines = lines, .n = sizeof(lines) / sizeof(lines[0]) };
	struct rules_result *res;
	int n;
	e = rules_eval(a, &f, "t.rules", "lock", "apbd", &facts, &res, &n, err);
	if (e == PAGU_OK) {
		ck_assert_int_ge(n, 1);
		*first = res[0];
	}
	return e;
}

static const struct {
	const char *assert_expr;
	bool passed;
} verdicts[] = {
	/* 300.00 of 1000.00 belanja is exactly 30% */
	{ "sum(belanja where akun 5.1.01.*) <= 30% of sum(belanja)", true },
	{ "sum(belanja where akun 5.1.01.*) < 30% of sum(belanja)", false },
	{ "sum(belanja where akun 5.1.01.*) / sum(belanja) == 0.3", true },
	{ "sum(belanja) == 1000", true },
	{ "sum(pendapatan) == 1500", true },
	{ "sum(pembiayaan) == 100 and sum(penerimaan_pembiayaan) == 100 and sum(pengeluaran_pembiayaan) == 0", true },
	{ "count(belanja) == 3", true },
	{ "min(belanja) == 200 and max(belanja) == 500", true },
	/* filters: whole segments, nomenklatur prefixes, sumber dana, not/or */
	{ "sum(belanja where urusan 1.01.*) == 300", true },
	{ "sum(belanja where urusan 1.0.*) == 0", true },
	{ "sum(belanja where akun 5.1.*) == 800", true },
	{ "sum(belanja where akun 5.1.0.*) == 0", true },
	{ "sum(belanja where not akun 5.2.*) == 800", true },
	{ "sum(belanja where sumber_dana 2.2.* or bidang 1.01.*) == 500", true },
	{ "sum(belanja where opd 1.02.0.00.0.00.01.0000) == 500", true },
	/* an empty sum is 0, never an error */
	{ "sum(belanja where akun 5.3.*) == 0", true },
	{ "count(belanja where akun 5.3.*) == 0", true },
	/* short-circuit: the division is never reached */
	{ "sum(belanja where akun 5.3.*) == 0 or 1 / sum(belanja where akun 5.3.*) > 0", true },
	{ "sum(belanja where akun 5.3.*) != 0 and 1 / sum(belanja where akun 5.3.*) > 0", false },
	/* exact arithmetic: no 0.1 + 0.2 surprises */
	{ "0.1 + 0.2 == 0.3", true },
	{ "1 / 3 * 3 == 0.999999999999", true },
	{ "2.5% of 1000 == 25", true },
	{ "-(1 - 3) == 2", true },
	{ "tahun == 2026", true },
	{ "not (1 > 2)", true },
	{ "(1 < 2) == (3 < 4)", true },
};

START_TEST(verdict_table)
{
	struct arena a;
	arena_init(&a);
	char *src = arena_printf(&a, HEAD "assert %s", verdicts[_i].assert_expr);
	struct rules_result res;
	struct rules_error err;
	pagu_err e = run(src, 2026, &res, &err, &a);
	ck_assert_msg(e == PAGU_OK, "%s: %d:%d %s", verdicts[_i].assert_expr, err.pos.line, err.pos.col, err.message);
	ck_assert_msg(res.passed == verdicts[_i].passed, "%s: %s", verdicts[_i].assert_expr,
		      res.passed ? "passed" : "failed");
	ck_assert(res.applies);
	arena_release(&a);
}
END_TEST

START_TEST(severity_by_year_and_applicability)
{
	struct arena a;
	arena_init(&a);
	const char *src = "rule pegawai \"p\" cite \"UU 1/2022 Pasal 146\" on lock apbd\n"
			  " severity error from 2027, warning before\n"
			  " let pegawai = sum(belanja where akun 5.1.01.*)\n"
			  " let total = sum(belanja)\n"
			  " assert pegawai <= 25% of total\n"
			  " message \"m\"\n";
	struct rules_result res;
	struct rules_error err;
	ck_assert_int_eq(run(src, 2026, &res, &err, &a), PAGU_OK);
	ck_assert(!res.passed);
	ck_assert(res.severity == RULES_WARNING); /* a warning before 2027 */
	char buf[DEC_STR_MAX];
	dec_format(res.lets[0], buf);
	ck_assert_str_eq(buf, "300");
	dec_format(res.lets[1], buf);
	ck_assert_str_eq(buf, "1000");
	ck_assert_int_eq(run(src, 2027, &res, &err, &a), PAGU_OK);
	ck_assert(res.severity == RULES_ERROR);
	const char *applies = HEAD "applies tahun >= 2030 assert 1 > 2";
	ck_assert_int_eq(run(applies, 2026, &res, &err, &a), PAGU_OK);
	ck_assert(!res.applies);
	ck_assert(res.passed);
	const char *disabled = HEAD "disabled \"repealed by UU 17/2023\" assert 1 > 2";
	ck_assert_int_eq(run(disabled, 2026, &res, &err, &a), PAGU_OK);
	ck_assert(!res.applies);
	arena_release(&a);
}
END_TEST

static const struct {
	const char *src;
	int line, col;
	const char *msg;
} errors[] = {
	/* static checks */
	{ HEAD "assert x > 1", 1, 68, "unknown name x" },
	{ HEAD "let a = b\nlet b = 1\nassert a > 1", 1, 69, "used before its let" },
	{ HEAD "assert 1 + 2", 1, 70, "truth value" },
	{ HEAD "assert (1 < 2) + 1 > 0", 1, 71, "numbers on both sides" },
	{ HEAD "assert \"a\" == 1", 1, 72, "cannot compare" },
	{ HEAD "assert 1 and 2 > 1", 1, 68, "truth values" },
	{ HEAD "assert not 1", 1, 72, "not needs a truth value" },
	{ HEAD "assert sum(gaji) > 0", 1, 72, "unknown set gaji" },
	{ HEAD "let a = 1 < 2 assert a", 1, 71, "must be a number" },
	{ "rule r \"t\" cite \"c\" on post apbd severity error message \"m\" assert 1 > 0", 1, 24,
	  "unknown event post apbd" },
	{ HEAD "applies 1 assert 1 > 0", 1, 69, "applies needs a truth value" },
	/* evaluation errors, located */
	{ HEAD "assert 1 / sum(belanja where akun 5.3.*) > 0", 1, 70, "division by zero" },
	{ HEAD "assert min(belanja where akun 5.3.*) > 0", 1, 68, "min of no lines" },
	{ HEAD "assert max(pendapatan where akun 4.2.*) > 0", 1, 68, "max of no lines" },
	{ HEAD "assert 99999999999999999999 * 99999999999999999999 > 0", 1, 89, "overflow" },
};

START_TEST(located_errors)
{
	struct arena a;
	arena_init(&a);
	struct rules_result res;
	struct rules_error err = { .pos = { -1, -1 } };
	pagu_err e = run(errors[_i].src, 2026, &res, &err, &a);
	ck_assert_msg(e != PAGU_OK, "case %d evaluated", _i);
	ck_assert_msg(err.pos.line == errors[_i].line && err.pos.col == errors[_i].col &&
			      strstr(err.message, errors[_i].msg),
		      "case %d: %d:%d %s (want %d:%d %s)", _i, err.pos.line, err.pos.col, err.message, errors[_i].line,
		      errors[_i].col, errors[_i].msg);
	arena_release(&a);
}
END_TEST

START_TEST(messages)
{
	struct arena a;
	arena_init(&a);
	static const struct {
		const char *msg, *want;
	} cases[] = {
		{ "belanja pegawai {pegawai} = {pegawai / total as percent} dari total belanja {total}",
		  "belanja pegawai Rp300,00 = 30,00% dari total belanja Rp1.000,00" },
		{ "{count(belanja)} baris, tahun {tahun}, {1 / 4}", "3 baris, tahun 2026, 0,25" },
		{ "{total / 4} {total * 2} {pegawai / total} {25% of total}", "Rp250,00 Rp2.000,00 0,3 Rp250,00" },
		{ "{{harfiah}} {(pegawai - total) / total as percent}", "{harfiah} -70,00%" },
		{ "tanpa lubang", "tanpa lubang" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *src = arena_printf(&a,
					 "rule r \"t\" cite \"c\" on lock apbd severity error\n"
					 " let pegawai = sum(belanja where akun 5.1.01.*)\n let total = sum(belanja)\n"
					 " assert pegawai <= 25%% of total\n message \"%s\"\n",
					 cases[i].msg);
		struct rules_result res;
		struct rules_error err;
		ck_assert_msg(run(src, 2026, &res, &err, &a) == PAGU_OK, "%s: %d:%d %s", cases[i].msg, err.pos.line,
			      err.pos.col, err.message);
		ck_assert_str_eq(res.message, cases[i].want);
	}
	static const struct {
		const char *msg;
		int col;
		const char *why;
	} bad[] = {
		{ "a {total", 13, "without its '}'" },
		{ "a } b", 13, "without its '{'" },
		{ "a {not (1 > 0)} b", 14, "must be a number or a string" },
		{ "a {totl} b", 14, "unknown name totl" },
		{ "a {} b", 14, "expected a value" },
		{ "a {total total} b", 20, "expected '}'" },
		{ "a {total > 1} b", 20, "must be a number" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *src =
			arena_printf(&a,
				     "rule r \"t\" cite \"c\" on lock apbd severity error\n let total = sum(belanja)\n"
				     " assert 1 > 0\n message \"%s\"\n",
				     bad[i].msg);
		struct rules_result res;
		struct rules_error err = { .pos = { -1, -1 } };
		ck_assert_msg(run(src, 2026, &res, &err, &a) != PAGU_OK, "%s accepted", bad[i].msg);
		ck_assert_msg(err.pos.line == 4 && err.pos.col == bad[i].col && strstr(err.message, bad[i].why),
			      "%s: %d:%d %s (want 4:%d %s)", bad[i].msg, err.pos.line, err.pos.col, err.message,
			      bad[i].col, bad[i].why);
	}
	arena_release(&a);
}
END_TEST

static Suite *eval_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *tc = tcase_create("eval");
	tcase_add_loop_test(tc, verdict_table, 0, (int)(sizeof(verdicts) / sizeof(verdicts[0])));
	tcase_add_test(tc, severity_by_year_and_applicability);
	tcase_add_test(tc, messages);
	tcase_add_loop_test(tc, located_errors, 0, (int)(sizeof(errors) / sizeof(errors[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(eval_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
