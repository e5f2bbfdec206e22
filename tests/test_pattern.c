/* test_pattern.c - code patterns match whole segments. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"

static const struct {
	const char *pattern, *code;
	bool match;
} cases[] = {
	{ "5.1.01.*", "5.1.01", true },
	{ "5.1.01.*", "5.1.01.01.01.0001", true },
	{ "5.1.01.*", "5.1.010", false },
	{ "5.1.01.*", "5.1.02.01", false },
	{ "5.1.01.*", "5.1", false },
	{ "5.1.1.*", "5.1.10", false },
	{ "5.1.1.*", "5.1.1.2", true },
	{ "5.*", "5.2.02.05.01.0001", true },
	{ "5.*", "4.1", false },
	{ "5.*", "51", false },
	{ "5", "5", true },
	{ "5", "5.1", false },
	{ "1.01.*", "1.01.02.2.01.0001", true },
	{ "1.01.*", "1.010", false },
	{ "X.XX.*", "X.XX.01.2.02.0001", true },
	{ "?.01.*", "?.01.02", true },
};

START_TEST(matching)
{
	struct code_pattern p;
	char why[128];
	ck_assert_int_eq(pattern_parse(cases[_i].pattern, strlen(cases[_i].pattern), &p, why, sizeof(why)), PAGU_OK);
	ck_assert_msg(pattern_match(&p, cases[_i].code) == cases[_i].match, "%s on %s", cases[_i].pattern,
		      cases[_i].code);
}
END_TEST

static const struct {
	const char *pattern, *why;
} bad[] = {
	{ "5.1.1*", "whole last segment" },
	{ "5.*.1", "whole last segment" },
	{ "*", "write a code and .* (5.2.*)" },
	{ "*.*", "write a code and .* (5.2.*)" },
	{ "5..1", "empty segment" },
	{ ".5", "empty segment" },
	{ "5.", "ends with a dot" },
	{ "", "1 to" },
	{ ".*", "1 to" },
	{ "5.1%", "'%'" },
	{ "5.1_", "'_'" },
	{ "5 1", "' '" },
};

START_TEST(refused)
{
	struct code_pattern p = { .len = 99 };
	char why[128] = "";
	ck_assert_int_eq(pattern_parse(bad[_i].pattern, strlen(bad[_i].pattern), &p, why, sizeof(why)), PAGU_E_INVALID);
	ck_assert_msg(strstr(why, bad[_i].why), "%s: %s", bad[_i].pattern, why);
	ck_assert_uint_eq(p.len, 99);
}
END_TEST

/* Classification rows: "*" alone and "*" segments; an empty code (no sub kegiatan) matches nothing. */
static const struct {
	const char *pattern, *code;
	bool match;
	int specificity;
} wild[] = {
	{ "*", "1.03.02.2.01.0001", true, 0 },
	{ "*", "", false, 0 },
	{ "*.*.01.*", "1.01.01.2.02.0001", true, 2 },
	{ "*.*.01.*", "X.XX.01.2.02.0001", true, 2 },
	{ "*.*.01.*", "1.01.02.2.01.0001", false, 2 },
	{ "*.*.01.*", "1.01", false, 2 },
	{ "*.*.01.*", "1.01.01", true, 2 },
	{ "*.*.01", "1.01.01.2", false, 3 },
	{ "1.03.01.*", "1.03.01.2.01.0001", true, 6 },
	{ "1.03.*", "1.03.02.2.01.0001", true, 4 },
	{ "1.03.*", "", false, 4 },
	{ "5", "5", true, 3 },
	{ "5.2.*", "5.2.02.05.01.0001", true, 4 },
	{ "1.*.02.*", "1.03.02.2.01", true, 4 },
	{ "1.*.02.*", "2.03.02.2.01", false, 4 },
};

START_TEST(wildcards)
{
	struct code_pattern p;
	char why[128];
	ck_assert_int_eq(pattern_parse_wild(wild[_i].pattern, strlen(wild[_i].pattern), &p, why, sizeof(why)), PAGU_OK);
	ck_assert_msg(pattern_match(&p, wild[_i].code) == wild[_i].match, "%s on %s", wild[_i].pattern, wild[_i].code);
	ck_assert_int_eq(pattern_specificity(&p), wild[_i].specificity);
	/* a filter pattern never takes them */
	size_t pl = strlen(wild[_i].pattern);
	if (strchr(wild[_i].pattern, '*') && (pl < 2 || strcmp(wild[_i].pattern + pl - 2, ".*") != 0))
		ck_assert_int_eq(pattern_parse(wild[_i].pattern, strlen(wild[_i].pattern), &p, why, sizeof(why)),
				 PAGU_E_INVALID);
}
END_TEST

static const char *const wild_bad[] = { "**", "5.1*", "*5.1", "5.*.*", "", "*.", ".*", "5..*", "*.*" };

START_TEST(wildcards_refused)
{
	struct code_pattern p = { .len = 99 };
	char why[128] = "";
	ck_assert_int_eq(pattern_parse_wild(wild_bad[_i], strlen(wild_bad[_i]), &p, why, sizeof(why)), PAGU_E_INVALID);
	ck_assert_uint_eq(p.len, 99);
	/* the hint is one the writer can follow: never ".* rather than *.*" (".*" is refused too) */
	ck_assert_msg(why[0] && !strstr(why, " .* rather"), "%s: %s", wild_bad[_i], why);
	if (!strcmp(wild_bad[_i], "*.*"))
		ck_assert_msg(strstr(why, "\"*\" alone for any code"), "%s", why);
}
END_TEST

static Suite *pattern_suite(void)
{
	Suite *s = suite_create("pattern");
	TCase *tc = tcase_create("pattern");
	tcase_add_loop_test(tc, wildcards, 0, (int)(sizeof(wild) / sizeof(wild[0])));
	tcase_add_loop_test(tc, wildcards_refused, 0, (int)(sizeof(wild_bad) / sizeof(wild_bad[0])));
	tcase_add_loop_test(tc, matching, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, refused, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pattern_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
