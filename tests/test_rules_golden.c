/* test_rules_golden.c - the rules conformance suite: golden files of rules, facts and expected outcomes. */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "fileutil.h"
#include "money.h"

/*
 * A case file (tests/rules/NNN-name.case) has sections, each started by a line of
 * its own: "rules:" (the rules file, verbatim), "facts:" (lines "tahun N",
 * "event VERB OBJECT" and "line AKUN SUB_KEGIATAN SUMBER_DANA OPD JUMLAH"), and
 * "expect:" (lines "pass ID", "fail error|warning ID MESSAGE", "skip ID" for a rule
 * that does not apply, or one "error LINE:COL TEXT" for a located error). Lines of
 * the facts and expect sections starting with # are comments.
 */

static char *files[512];
static int nfiles;

static void load_list(void)
{
	const char *dir = getenv("PAGU_RULES_CASES");
	DIR *d = opendir(dir ? dir : "tests/rules");
	if (!d) {
		fprintf(stderr, "cannot open the rules cases directory\n");
		exit(2);
	}
	struct dirent *de;
	while ((de = readdir(d)) && nfiles < 512) {
		size_t n = strlen(de->d_name);
		if (n > 5 && !strcmp(de->d_name + n - 5, ".case")) {
			char path[PATH_MAX];
			snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/rules", de->d_name);
			files[nfiles++] = strdup(path);
		}
	}
	closedir(d);
	/* a stable order */
	for (int i = 1; i < nfiles; i++)
		for (int j = i; j > 0 && strcmp(files[j - 1], files[j]) > 0; j--) {
			char *t = files[j];
			files[j] = files[j - 1];
			files[j - 1] = t;
		}
}

/* Splits @text at the section headers; returns pointers into it (NUL-terminated in place). */
static void sections(char *text, char **rules, char **facts, char **expect)
{
	*rules = *facts = *expect = NULL;
	char *p = text;
	while (p && *p) {
		char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char **slot = NULL;
		if (n == 6 && !strncmp(p, "rules:", 6))
			slot = rules;
		else if (n == 6 && !strncmp(p, "facts:", 6))
			slot = facts;
		else if (n == 7 && !strncmp(p, "expect:", 7))
			slot = expect;
		if (slot) {
			if (p != text)
				p[-1] = '\0'; /* end the previous section */
			*slot = eol ? eol + 1 : p + n;
		}
		p = eol ? eol + 1 : NULL;
	}
}

START_TEST(golden)
{
	char *text = NULL;
	size_t len = 0;
	ck_assert_int_eq(file_read_all(files[_i], 1u << 22, &text, &len), PAGU_OK);
	char *rules, *facts, *expect;
	sections(text, &rules, &facts, &expect);
	ck_assert_msg(rules && expect, "%s: needs rules: and expect: sections", files[_i]);
	struct rules_fact_line lines[256];
	size_t nl = 0;
	int tahun = 2026;
	char verb[32] = "lock", object[32] = "apbd";
	for (char *l = facts ? strtok(facts, "\n") : NULL; l; l = strtok(NULL, "\n")) {
		char a[64], s[64], d[64], o[64], j[64];
		if (l[0] == '#')
			continue;
		if (sscanf(l, "tahun %d", &tahun) == 1 || sscanf(l, "event %31s %31s", verb, object) == 2)
			continue;
		ck_assert_msg(sscanf(l, "line %63s %63s %63s %63s %63s", a, s, d, o, j) == 5, "%s: bad facts line %s",
			      files[_i], l);
		ck_assert_uint_lt(nl, 256);
		lines[nl].akun = strdup(a);
		lines[nl].sub_kegiatan = strdup(s);
		lines[nl].sumber_dana = strdup(d);
		lines[nl].opd = strdup(o);
		ck_assert_int_eq(money_parse(j, strlen(j), MONEY_ALLOW_NEGATIVE, &lines[nl].jumlah), PAGU_OK);
		nl++;
	}
	struct arena ar;
	arena_init(&ar);
	struct rules_error err = { .pos = { 0, 0 } };
	struct rules_file f;
	struct rules_facts fx = { .tahun = tahun, .lines = lines, .n = nl };
	struct rules_result *res = NULL;
	int nres = 0;
	size_t rl = strlen(rules);
	pagu_err e = rules_check_text("case.rules", rules, rl, &err);
	if (e == PAGU_OK)
		e = rules_parse(&ar, "case.rules", rules, rl, &f, &err);
	if (e == PAGU_OK)
		e = rules_check(&f, "case.rules", &err);
	if (e == PAGU_OK)
		e = rules_eval(&ar, &f, "case.rules", verb, object, &fx, &res, &nres, &err);
	int seen = 0;
	for (char *x = strtok(expect, "\n"); x; x = strtok(NULL, "\n")) {
		if (x[0] == '#' || !x[0])
			continue;
		int line, col, off = 0;
		if (sscanf(x, "error %d:%d %n", &line, &col, &off) == 2) {
			ck_assert_msg(e != PAGU_OK, "%s: expected an error at %d:%d, got none", files[_i], line, col);
			ck_assert_msg(err.pos.line == line && err.pos.col == col && strstr(err.message, x + off),
				      "%s: got %d:%d %s, want %d:%d %s", files[_i], err.pos.line, err.pos.col,
				      err.message, line, col, x + off);
			seen++;
			continue;
		}
		ck_assert_msg(e == PAGU_OK, "%s: %d:%d %s", files[_i], err.pos.line, err.pos.col, err.message);
		char kind[16], sev[16], id[64];
		ck_assert_msg(sscanf(x, "%15s", kind) == 1, "%s: bad expect line", files[_i]);
		const struct rules_result *r = NULL;
		const char *want_id = NULL, *msg = NULL;
		if (!strcmp(kind, "fail")) {
			ck_assert_msg(sscanf(x, "fail %15s %63s %n", sev, id, &off) == 2, "%s: bad fail line %s",
				      files[_i], x);
			want_id = id;
			msg = off ? x + off : "";
		} else {
			ck_assert_msg(sscanf(x, "%15s %63s", kind, id) == 2, "%s: bad expect line %s", files[_i], x);
			want_id = id;
		}
		for (int i = 0; i < nres; i++)
			if (!strcmp(res[i].rule->id, want_id))
				r = &res[i];
		ck_assert_msg(r != NULL, "%s: rule %s did not run", files[_i], want_id);
		if (!strcmp(kind, "pass")) {
			ck_assert_msg(r->applies && r->passed, "%s: %s did not pass (%s)", files[_i], want_id,
				      r->message);
		} else if (!strcmp(kind, "skip")) {
			ck_assert_msg(!r->applies, "%s: %s applied", files[_i], want_id);
		} else {
			ck_assert_msg(r->applies && !r->passed, "%s: %s passed", files[_i], want_id);
			ck_assert_msg(r->error == !strcmp(sev, "error"), "%s: %s severity", files[_i], want_id);
			ck_assert_msg(!strcmp(r->message, msg), "%s: message \"%s\", want \"%s\"", files[_i],
				      r->message, msg);
		}
		seen++;
	}
	ck_assert_msg(seen > 0, "%s expects nothing", files[_i]);
	for (size_t i = 0; i < nl; i++) {
		free((char *)lines[i].akun);
		free((char *)lines[i].sub_kegiatan);
		free((char *)lines[i].sumber_dana);
		free((char *)lines[i].opd);
	}
	arena_release(&ar);
	free(text);
}
END_TEST

int main(void)
{
	load_list();
	Suite *s = suite_create("rules-golden");
	TCase *tc = tcase_create("golden");
	tcase_add_loop_test(tc, golden, 0, nfiles);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	return failed || nfiles < 20 ? EXIT_FAILURE : EXIT_SUCCESS;
}
