/* test_decimal.c - exact decimals for the rules language: parsing, arithmetic, rounding, formatting. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"

static decimal D(const char *s)
{
	decimal d;
	ck_assert_msg(dec_parse(s, strlen(s), &d) == PAGU_OK, "cannot parse %s", s);
	return d;
}

static const char *S(decimal d)
{
	static char buf[8][DEC_STR_MAX];
	static int k;
	k = (k + 1) % 8;
	dec_format(d, buf[k]);
	return buf[k];
}

static const struct {
	const char *in;
	pagu_err err;
	const char *canon;
} parse_cases[] = {
	{ "0", PAGU_OK, "0" },
	{ "-0", PAGU_OK, "0" },
	{ "12", PAGU_OK, "12" },
	{ "12.50", PAGU_OK, "12.5" },
	{ "-0.001", PAGU_OK, "-0.001" },
	{ "1250000.00", PAGU_OK, "1250000" },
	{ "0.000000000000000001", PAGU_OK, "0.000000000000000001" },
	{ "0.0000000000000000001", PAGU_E_OVERFLOW, NULL },
	{ "99999999999999999999999999999999999999", PAGU_OK, "99999999999999999999999999999999999999" },
	{ "100000000000000000000000000000000000000", PAGU_E_OVERFLOW, NULL },
	{ "", PAGU_E_INVALID, NULL },
	{ "-", PAGU_E_INVALID, NULL },
	{ ".", PAGU_E_INVALID, NULL },
	{ "1.", PAGU_E_INVALID, NULL },
	{ "1e3", PAGU_E_INVALID, NULL },
	{ "1.2.3", PAGU_E_INVALID, NULL },
	{ "+1", PAGU_E_INVALID, NULL },
	{ "1,5", PAGU_E_INVALID, NULL },
	{ " 1", PAGU_E_INVALID, NULL },
	{ "0x10", PAGU_E_INVALID, NULL },
};

START_TEST(parse_table)
{
	decimal d = { .coef = 777, .scale = 7 };
	const char *in = parse_cases[_i].in;
	pagu_err e = dec_parse(in, strlen(in), &d);
	ck_assert_msg(e == parse_cases[_i].err, "\"%s\": %s", in, pagu_err_name(e));
	if (e == PAGU_OK)
		ck_assert_str_eq(S(d), parse_cases[_i].canon);
	else
		ck_assert(d.coef == 777 && d.scale == 7);
}
END_TEST

static const struct {
	const char *a, *op, *b, *want; /* want NULL: the error below */
	pagu_err err;
} arith[] = {
	{ "0.1", "+", "0.2", "0.3", PAGU_OK },
	{ "1250000.50", "-", "0.50", "1250000", PAGU_OK },
	{ "-5", "+", "5", "0", PAGU_OK },
	{ "0.1", "*", "0.2", "0.02", PAGU_OK },
	{ "1500000000.00", "*", "0.30", "450000000", PAGU_OK },
	{ "9999999999999999.99", "*", "0.3333", "3332999999999999.996667", PAGU_OK },
	/* products beyond 18 places round half away from zero */
	{ "0.000000001", "*", "0.0000000005", "0.000000000000000001", PAGU_OK },
	{ "0.000000001", "*", "0.0000000004", "0", PAGU_OK },
	{ "-0.000000001", "*", "0.0000000005", "-0.000000000000000001", PAGU_OK },
	/* division: 12 places, half away from zero */
	{ "1", "/", "3", "0.333333333333", PAGU_OK },
	{ "2", "/", "3", "0.666666666667", PAGU_OK },
	{ "-2", "/", "3", "-0.666666666667", PAGU_OK },
	{ "10", "/", "4", "2.5", PAGU_OK },
	{ "450000000", "/", "1500000000", "0.3", PAGU_OK },
	{ "1", "/", "0", NULL, PAGU_E_INVALID },
	{ "0", "/", "0", NULL, PAGU_E_INVALID },
	{ "99999999999999999999999999999999999999", "+", "1", NULL, PAGU_E_OVERFLOW },
	{ "99999999999999999999", "*", "99999999999999999999", NULL, PAGU_E_OVERFLOW },
	{ "1", "+", "0.000000000000000001", "1.000000000000000001", PAGU_OK },
	{ "100000000000000000000", "+", "0.000000000000000001", NULL, PAGU_E_OVERFLOW },
};

START_TEST(arithmetic_table)
{
	decimal a = D(arith[_i].a), b = D(arith[_i].b), r = { .coef = 42, .scale = 1 };
	pagu_err e;
	switch (arith[_i].op[0]) {
	case '+':
		e = dec_add(a, b, &r);
		break;
	case '-':
		e = dec_sub(a, b, &r);
		break;
	case '*':
		e = dec_mul(a, b, &r);
		break;
	default:
		e = dec_div(a, b, &r);
		break;
	}
	ck_assert_msg(e == arith[_i].err, "%s %s %s: %s", arith[_i].a, arith[_i].op, arith[_i].b, pagu_err_name(e));
	if (e == PAGU_OK)
		ck_assert_str_eq(S(r), arith[_i].want);
	else
		ck_assert(r.coef == 42 && r.scale == 1);
}
END_TEST

START_TEST(compare_and_round)
{
	ck_assert_int_eq(dec_cmp(D("0.3"), D("0.30")), 0);
	ck_assert_int_eq(dec_cmp(D("-1.5"), D("-1.2")), -1);
	ck_assert_int_eq(dec_cmp(D("-0.5"), D("0.5")), -1);
	ck_assert_int_eq(dec_cmp(D("10"), D("9.999999999999999999")), 1);
	ck_assert_int_eq(dec_cmp(D("99999999999999999999999999999999999999"), D("0.000000000000000001")), 1);
	ck_assert_int_eq(dec_cmp(D("-99999999999999999999999999999999999999"), D("-0.000000000000000001")), -1);
	decimal r;
	static const struct {
		const char *in;
		int places;
		const char *want;
	} rc[] = {
		{ "0.005", 2, "0.01" }, { "0.004", 2, "0" },	    { "-0.005", 2, "-0.01" },	    { "2.5", 0, "3" },
		{ "-2.5", 0, "-3" },	{ "1.23456", 4, "1.2346" }, { "87503.505", 2, "87503.51" }, { "7", 2, "7" },
	};
	for (size_t i = 0; i < sizeof(rc) / sizeof(rc[0]); i++) {
		ck_assert_int_eq(dec_round(D(rc[i].in), rc[i].places, &r), PAGU_OK);
		ck_assert_str_eq(S(r), rc[i].want);
	}
	ck_assert_int_eq(dec_round(D("1"), 19, &r), PAGU_E_INVALID);
	int64_t sen = -1;
	ck_assert_int_eq(dec_to_sen(D("1250000.5"), &sen), PAGU_OK);
	ck_assert_int_eq(sen, 125000050);
	sen = -1;
	ck_assert_int_eq(dec_to_sen(D("0.001"), &sen), PAGU_E_INVALID);
	ck_assert_int_eq(sen, -1);
	ck_assert_str_eq(S(dec_from_sen(125000050)), "1250000.5");
	ck_assert(dec_is_zero(D("-0.000")));
}
END_TEST

START_TEST(indonesian_formats)
{
	char buf[DEC_STR_MAX];
	dec_format_rupiah(D("1234567.89"), buf);
	ck_assert_str_eq(buf, "Rp1.234.567,89");
	dec_format_rupiah(D("-5"), buf);
	ck_assert_str_eq(buf, "-Rp5,00");
	dec_format_rupiah(D("0.005"), buf);
	ck_assert_str_eq(buf, "Rp0,01");
	dec_format_rupiah(D("999.999"), buf);
	ck_assert_str_eq(buf, "Rp1.000,00");
	dec_format_percent(D("0.2987"), buf);
	ck_assert_str_eq(buf, "29,87%");
	dec_format_percent(D("0.3"), buf);
	ck_assert_str_eq(buf, "30,00%");
	dec_format_percent(D("0.333333333333"), buf);
	ck_assert_str_eq(buf, "33,33%");
	dec_format_percent(D("12.5"), buf);
	ck_assert_str_eq(buf, "1.250,00%");
	dec_format_percent(D("-0.00005"), buf);
	ck_assert_str_eq(buf, "-0,01%");
}
END_TEST

static Suite *decimal_suite(void)
{
	Suite *s = suite_create("decimal");
	TCase *tc = tcase_create("decimal");
	tcase_add_loop_test(tc, parse_table, 0, (int)(sizeof(parse_cases) / sizeof(parse_cases[0])));
	tcase_add_loop_test(tc, arithmetic_table, 0, (int)(sizeof(arith) / sizeof(arith[0])));
	tcase_add_test(tc, compare_and_round);
	tcase_add_test(tc, indonesian_formats);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(decimal_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
