/* test_angka.c - numbers typed by hand (koefisien, an import's volume): decimal point or comma, and what is ambiguous. */
#include <check.h>
#include <string.h>

#include "dokumen_json.h"

static const struct {
	const char *in;
	enum dokumen_angka want;
	const char *canon; /* when ANGKA_OK */
} cases[] = {
	{ "2", ANGKA_OK, "2" },
	{ "0", ANGKA_OK, "0" },
	{ "2.5", ANGKA_OK, "2.5" },
	{ "2,5", ANGKA_OK, "2.5" },
	{ "2,50", ANGKA_OK, "2.5" },
	{ "3.50", ANGKA_OK, "3.5" },
	{ "2,0", ANGKA_OK, "2" },
	{ "0,125", ANGKA_OK, "0.125" }, /* 0 is no thousands group */
	{ "0.125", ANGKA_OK, "0.125" },
	{ "1234.567", ANGKA_OK, "1234.567" }, /* four digits before: no thousands group */
	{ "1234,567", ANGKA_OK, "1234.567" },
	{ "1,1250", ANGKA_OK, "1.125" }, /* the export's way of writing 1.125 */
	{ "12,34", ANGKA_OK, "12.34" },
	{ "1000", ANGKA_OK, "1000" },
	{ "9999999999999999", ANGKA_OK, "9999999999999999" },
	/* ambiguous: a thousands separator or a decimal one */
	{ "1.000", ANGKA_AMBIGUOUS, NULL },
	{ "1,000", ANGKA_AMBIGUOUS, NULL },
	{ "2,500", ANGKA_AMBIGUOUS, NULL },
	{ "12.345", ANGKA_AMBIGUOUS, NULL },
	{ "999,999", ANGKA_AMBIGUOUS, NULL },
	{ "1.000.000", ANGKA_AMBIGUOUS, NULL },
	{ "1,000.5", ANGKA_AMBIGUOUS, NULL },
	{ "1.000,5", ANGKA_AMBIGUOUS, NULL },
	{ "1.5,2", ANGKA_AMBIGUOUS, NULL },
	{ "1,5,2", ANGKA_AMBIGUOUS, NULL },
	/* not a number */
	{ "", ANGKA_INVALID, NULL },
	{ ",5", ANGKA_INVALID, NULL },
	{ ".5", ANGKA_INVALID, NULL },
	{ "5,", ANGKA_INVALID, NULL },
	{ "5.", ANGKA_INVALID, NULL },
	{ "1..5", ANGKA_INVALID, NULL },
	{ "1,,5", ANGKA_INVALID, NULL },
	{ "01", ANGKA_INVALID, NULL },
	{ "-1", ANGKA_INVALID, NULL },
	{ "1e3", ANGKA_INVALID, NULL },
	{ "2,5x", ANGKA_INVALID, NULL },
	{ "1 000", ANGKA_INVALID, NULL },
	{ "2.12345", ANGKA_INVALID, NULL }, /* five decimals */
	{ "12345678901234567", ANGKA_INVALID, NULL },
};

START_TEST(parse)
{
	const char *in = cases[_i].in;
	char out[DOKUMEN_ANGKA_MAX] = "sentinel";
	enum dokumen_angka got = dokumen_angka_parse(in, strlen(in), out);
	ck_assert_msg(got == cases[_i].want, "%s: got %d, want %d", in, got, cases[_i].want);
	if (got == ANGKA_OK)
		ck_assert_str_eq(out, cases[_i].canon);
	else
		ck_assert_str_eq(out, "sentinel"); /* nothing written on refusal */
}
END_TEST

/* The length given is the number's: what follows it (a koefisien's unit) is not read. */
START_TEST(length_bounds)
{
	char out[DOKUMEN_ANGKA_MAX];
	ck_assert_int_eq(dokumen_angka_parse("2,5 m2", 3, out), ANGKA_OK);
	ck_assert_str_eq(out, "2.5");
	ck_assert_int_eq(dokumen_angka_parse("1.000 m2", 5, out), ANGKA_AMBIGUOUS);
}
END_TEST

/* The koefisien check: a decimal comma is a form; an ambiguous number passes the form check (the
 * handler refuses it with its hint, 422); a malformed one does not. */
START_TEST(koefisien_form)
{
	ck_assert_int_eq(dokumen_check_koefisien("2,5 m2", 6), P_TANPA_);
	ck_assert_int_eq(dokumen_check_koefisien("1.000 m2", 8), P_TANPA_);
	ck_assert_int_eq(dokumen_check_koefisien("2,5m2", 5), P_BUKAN_FAKTOR);
	ck_assert_int_eq(dokumen_check_koefisien("0,0 m2", 6), P_FAKTOR_NOL);
	ck_assert_int_eq(dokumen_check_koefisien("x,5 m2", 6), P_FAKTOR_TANPA_ANGKA);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("angka");
	TCase *tc = tcase_create("angka");
	tcase_add_loop_test(tc, parse, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, length_bounds);
	tcase_add_test(tc, koefisien_form);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
