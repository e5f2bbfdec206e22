/* test_money.c - exact money: parsing, formatting and overflow-checked arithmetic. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

#define SENTINEL INT64_C(0x5a5a5a5a5a5a5a5a)

static const struct {
	const char *in;
	unsigned flags;
	pagu_err err;
	int64_t sen;
} parse_cases[] = {
	{ "0", 0, PAGU_OK, 0 },
	{ "5", 0, PAGU_OK, 500 },
	{ "5.5", 0, PAGU_OK, 550 },
	{ "5.50", 0, PAGU_OK, 550 },
	{ "0.01", 0, PAGU_OK, 1 },
	{ "0.1", 0, PAGU_OK, 10 },
	{ "1250000.00", 0, PAGU_OK, 125000000 },
	{ "9999999999999999.99", 0, PAGU_OK, MONEY_MAX_SEN },
	{ "-9999999999999999.99", MONEY_ALLOW_NEGATIVE, PAGU_OK, -MONEY_MAX_SEN },
	{ "-5.05", MONEY_ALLOW_NEGATIVE, PAGU_OK, -505 },
	{ "-0", MONEY_ALLOW_NEGATIVE, PAGU_OK, 0 },
	{ "-0.00", MONEY_ALLOW_NEGATIVE, PAGU_OK, 0 },
	{ "10000000000000000", 0, PAGU_E_OVERFLOW, 0 },
	{ "10000000000000000.00", 0, PAGU_E_OVERFLOW, 0 },
	{ "92233720368547758.07", 0, PAGU_E_OVERFLOW, 0 },
	{ "92233720368547758.08", 0, PAGU_E_OVERFLOW, 0 },
	{ "-92233720368547758.08", MONEY_ALLOW_NEGATIVE, PAGU_E_OVERFLOW, 0 },
	{ "99999999999999999999999999", 0, PAGU_E_OVERFLOW, 0 },
	{ "-5", 0, PAGU_E_BAD_MONEY, 0 },
	{ "", 0, PAGU_E_BAD_MONEY, 0 },
	{ "-", MONEY_ALLOW_NEGATIVE, PAGU_E_BAD_MONEY, 0 },
	{ ".5", 0, PAGU_E_BAD_MONEY, 0 },
	{ "5.", 0, PAGU_E_BAD_MONEY, 0 },
	{ "5.123", 0, PAGU_E_BAD_MONEY, 0 },
	{ "1e3", 0, PAGU_E_BAD_MONEY, 0 },
	{ "05", 0, PAGU_E_BAD_MONEY, 0 },
	{ "00.5", 0, PAGU_E_BAD_MONEY, 0 },
	{ " 5", 0, PAGU_E_BAD_MONEY, 0 },
	{ "5 ", 0, PAGU_E_BAD_MONEY, 0 },
	{ "+5", 0, PAGU_E_BAD_MONEY, 0 },
	{ "1,000", 0, PAGU_E_BAD_MONEY, 0 },
	{ "1.000,00", 0, PAGU_E_BAD_MONEY, 0 },
	{ "--5", MONEY_ALLOW_NEGATIVE, PAGU_E_BAD_MONEY, 0 },
	{ "5..0", 0, PAGU_E_BAD_MONEY, 0 },
	{ "0x10", 0, PAGU_E_BAD_MONEY, 0 },
	{ "NaN", 0, PAGU_E_BAD_MONEY, 0 },
	{ "Rp5", 0, PAGU_E_BAD_MONEY, 0 },
};

START_TEST(parse_table)
{
	int64_t out = SENTINEL;
	const char *in = parse_cases[_i].in;
	pagu_err e = money_parse(in, strlen(in), parse_cases[_i].flags, &out);
	ck_assert_msg(e == parse_cases[_i].err, "\"%s\": got %s, want %s", in, pagu_err_name(e),
		      pagu_err_name(parse_cases[_i].err));
	if (e == PAGU_OK)
		ck_assert_int_eq(out, parse_cases[_i].sen);
	else
		ck_assert_int_eq(out, SENTINEL);
}
END_TEST

START_TEST(parse_embedded_nul)
{
	int64_t out = SENTINEL;
	ck_assert_int_eq(money_parse("5\0"
				     "00",
				     4, 0, &out),
			 PAGU_E_BAD_MONEY);
	ck_assert_int_eq(out, SENTINEL);
	/* only len bytes are read: "12" of "123" */
	ck_assert_int_eq(money_parse("123", 2, 0, &out), PAGU_OK);
	ck_assert_int_eq(out, 1200);
}
END_TEST

static const struct {
	int64_t a, b;
	pagu_err add, sub, mul;
} arith_cases[] = {
	{ 1, 2, PAGU_OK, PAGU_OK, PAGU_OK },
	{ MONEY_MAX_SEN, 0, PAGU_OK, PAGU_OK, PAGU_OK },
	{ MONEY_MAX_SEN, 1, PAGU_E_OVERFLOW, PAGU_OK, PAGU_OK },
	{ -MONEY_MAX_SEN, -1, PAGU_E_OVERFLOW, PAGU_OK, PAGU_OK },
	{ -MONEY_MAX_SEN, 1, PAGU_OK, PAGU_E_OVERFLOW, PAGU_OK },
	{ INT64_MAX, 1, PAGU_E_OVERFLOW, PAGU_E_OVERFLOW, PAGU_E_OVERFLOW },
	{ INT64_MIN, -1, PAGU_E_OVERFLOW, PAGU_E_OVERFLOW, PAGU_E_OVERFLOW },
	{ INT64_MAX, INT64_MAX, PAGU_E_OVERFLOW, PAGU_OK, PAGU_E_OVERFLOW },
	{ 500000000000000000, 2, PAGU_OK, PAGU_OK, PAGU_E_OVERFLOW },
	{ 500000000000000000, 500000000000000000, PAGU_E_OVERFLOW, PAGU_OK, PAGU_E_OVERFLOW },
	{ 499999999999999999, 2, PAGU_OK, PAGU_OK, PAGU_OK },
	{ 1000000000, 100000000, PAGU_OK, PAGU_OK, PAGU_OK },
	{ 1000000000, 1000000000, PAGU_OK, PAGU_OK, PAGU_E_OVERFLOW },
	{ 1000000000, 1000000000000, PAGU_OK, PAGU_OK, PAGU_E_OVERFLOW },
};

START_TEST(arithmetic_table)
{
	int64_t a = arith_cases[_i].a, b = arith_cases[_i].b, out = SENTINEL;
	pagu_err e = money_add(a, b, &out);
	ck_assert_int_eq(e, arith_cases[_i].add);
	if (e == PAGU_OK)
		ck_assert_int_eq(out, a + b);
	else
		ck_assert_int_eq(out, SENTINEL);
	out = SENTINEL;
	e = money_sub(a, b, &out);
	ck_assert_int_eq(e, arith_cases[_i].sub);
	if (e == PAGU_OK)
		ck_assert_int_eq(out, a - b);
	else
		ck_assert_int_eq(out, SENTINEL);
	out = SENTINEL;
	e = money_mul_int(a, b, &out);
	ck_assert_int_eq(e, arith_cases[_i].mul);
	if (e == PAGU_OK)
		ck_assert_int_eq(out, a * b);
	else
		ck_assert_int_eq(out, SENTINEL);
}
END_TEST

START_TEST(negation)
{
	int64_t out = SENTINEL;
	ck_assert_int_eq(money_neg(INT64_MIN, &out), PAGU_E_OVERFLOW);
	ck_assert_int_eq(out, SENTINEL);
	ck_assert_int_eq(money_neg(-MONEY_MAX_SEN, &out), PAGU_OK);
	ck_assert_int_eq(out, MONEY_MAX_SEN);
	ck_assert_int_eq(money_neg(0, &out), PAGU_OK);
	ck_assert_int_eq(out, 0);
}
END_TEST

static const struct {
	int64_t sen;
	const char *wire;
	const char *id;
} format_cases[] = {
	{ 0, "0.00", "Rp0,00" },
	{ 1, "0.01", "Rp0,01" },
	{ -5, "-0.05", "-Rp0,05" },
	{ 100, "1.00", "Rp1,00" },
	{ 123456789, "1234567.89", "Rp1.234.567,89" },
	{ 100000, "1000.00", "Rp1.000,00" },
	{ 99999, "999.99", "Rp999,99" },
	{ -100000000, "-1000000.00", "-Rp1.000.000,00" },
	{ MONEY_MAX_SEN, "9999999999999999.99", "Rp9.999.999.999.999.999,99" },
	{ INT64_MIN, "-92233720368547758.08", "-Rp92.233.720.368.547.758,08" },
};

START_TEST(format_table)
{
	char buf[MONEY_STR_MAX];
	size_t n = money_format(format_cases[_i].sen, buf);
	ck_assert_str_eq(buf, format_cases[_i].wire);
	ck_assert_uint_eq(n, strlen(buf));
	char id[64];
	n = money_format_id(format_cases[_i].sen, id, sizeof(id));
	ck_assert_str_eq(id, format_cases[_i].id);
	ck_assert_uint_eq(n, strlen(id));
	/* truncation keeps snprintf semantics */
	char small[4];
	n = money_format_id(format_cases[_i].sen, small, sizeof(small));
	ck_assert_uint_eq(n, strlen(format_cases[_i].id));
	ck_assert_uint_eq(strlen(small), 3);
}
END_TEST

START_TEST(round_trip)
{
	/* a spread of magnitudes and signs: parse(format(x)) == x */
	int64_t x = 1;
	for (int i = 0; i < 60; i++) {
		int64_t vals[] = { x, -x, x - 1, -(x - 1) };
		for (size_t k = 0; k < 4; k++) {
			if (vals[k] > MONEY_MAX_SEN || vals[k] < -MONEY_MAX_SEN)
				continue;
			char buf[MONEY_STR_MAX];
			size_t n = money_format(vals[k], buf);
			int64_t back = SENTINEL;
			ck_assert_int_eq(money_parse(buf, n, MONEY_ALLOW_NEGATIVE, &back), PAGU_OK);
			ck_assert_int_eq(back, vals[k]);
		}
		if (__builtin_mul_overflow(x, 3, &x))
			break;
	}
}
END_TEST

static Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("money");
	tcase_add_loop_test(tc, parse_table, 0, (int)(sizeof(parse_cases) / sizeof(parse_cases[0])));
	tcase_add_test(tc, parse_embedded_nul);
	tcase_add_loop_test(tc, arithmetic_table, 0, (int)(sizeof(arith_cases) / sizeof(arith_cases[0])));
	tcase_add_test(tc, negation);
	tcase_add_loop_test(tc, format_table, 0, (int)(sizeof(format_cases) / sizeof(format_cases[0])));
	tcase_add_test(tc, round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(money_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
