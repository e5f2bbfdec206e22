/* test_kode.c - the national code systems, by table and against every shipped code. */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kode.h"

static const struct {
	const char *in;
	int level; /* 0 = refused */
} akun_cases[] = {
	{ "5", 1 },
	{ "5.1", 2 },
	{ "5.1.02", 3 },
	{ "5.1.02.01", 4 },
	{ "5.1.02.01.01", 5 },
	{ "5.1.02.01.01.0024", 6 },
	{ "4.1.01.06.01.0001", 6 },
	{ "6.2.01.01.01.0001", 6 },
	{ "", 0 },
	{ ".", 0 },
	{ "5.", 0 },
	{ ".5", 0 },
	{ "5..1", 0 },
	{ "55", 0 },
	{ "5.12", 0 },
	{ "5.1.2", 0 },
	{ "5.1.002", 0 },
	{ "5.1.02.1", 0 },
	{ "5.1.02.01.1", 0 },
	{ "5.1.02.01.01.024", 0 },
	{ "5.1.02.01.01.00240", 0 },
	{ "5.1.02.01.01.0024.01", 0 },
	{ "a", 0 },
	{ "5.1.0a", 0 },
	{ " 5.1", 0 },
	{ "5.1 ", 0 },
	{ "5,1", 0 },
	{ "-5", 0 },
	{ "5.1.02'", 0 },
};

START_TEST(akun_table)
{
	struct kode_akun k = { .level = -1, .kode = "sentinel" };
	const char *in = akun_cases[_i].in;
	pagu_err e = kode_akun_parse(in, strlen(in), &k);
	if (akun_cases[_i].level) {
		ck_assert_msg(e == PAGU_OK, "\"%s\" refused", in);
		ck_assert_int_eq(k.level, akun_cases[_i].level);
		ck_assert_str_eq(k.kode, in);
	} else {
		ck_assert_msg(e == PAGU_E_BAD_CODE, "\"%s\" accepted", in);
		ck_assert_int_eq(k.level, -1);
		ck_assert_str_eq(k.kode, "sentinel");
	}
}
END_TEST

START_TEST(akun_nul_and_length)
{
	struct kode_akun k = { .level = -1 };
	ck_assert_int_eq(kode_akun_parse("5.1\0.02", 7, &k), PAGU_E_BAD_CODE);
	ck_assert_int_eq(k.level, -1);
	char longer[200];
	memset(longer, '5', sizeof(longer));
	ck_assert_int_eq(kode_akun_parse(longer, sizeof(longer), &k), PAGU_E_BAD_CODE);
	/* only len bytes count */
	ck_assert_int_eq(kode_akun_parse("5.1.02.01", 3, &k), PAGU_OK);
	ck_assert_str_eq(k.kode, "5.1");
}
END_TEST

START_TEST(akun_parent_chain)
{
	static const char *const chain[] = { "5.1.02.01.01.0024", "5.1.02.01.01", "5.1.02.01", "5.1.02", "5.1", "5" };
	char cur[KODE_AKUN_MAX], parent[KODE_AKUN_MAX];
	snprintf(cur, sizeof(cur), "%s", chain[0]);
	for (int i = 1; i < 6; i++) {
		ck_assert_int_eq(kode_akun_parent(cur, parent), 6 - i);
		ck_assert_str_eq(parent, chain[i]);
		memcpy(cur, parent, sizeof(cur));
	}
	memcpy(parent, "unchanged", 10);
	ck_assert_int_eq(kode_akun_parent("5", parent), 0);
	ck_assert_str_eq(parent, "unchanged");
	ck_assert_str_eq(kode_akun_level_name(1), "akun");
	ck_assert_str_eq(kode_akun_level_name(6), "sub_rincian_objek");
	ck_assert_str_eq(kode_akun_level_name(7), "?");
}
END_TEST

static const struct {
	const char *in;
	enum kode_nom_level level; /* 0 = refused */
	const char *canonical;
	int pemda_level;
} nom_cases[] = {
	{ "1", KODE_NOM_URUSAN, "1", 0 },
	{ "X", KODE_NOM_URUSAN, "X", 0 },
	{ "?", KODE_NOM_URUSAN, "?", 0 },
	{ "1.01", KODE_NOM_BIDANG, "1.01", 0 },
	{ "X.XX", KODE_NOM_BIDANG, "X.XX", 0 },
	{ "?.01", KODE_NOM_BIDANG, "?.01", 0 },
	{ "1.01.02", KODE_NOM_PROGRAM, "1.01.02", 0 },
	{ "X.XX.01", KODE_NOM_PROGRAM, "X.XX.01", 0 },
	{ "1.01.02.1.01", KODE_NOM_KEGIATAN, "1.01.02.1.01", 1 },
	{ "1.01.02.2.01", KODE_NOM_KEGIATAN, "1.01.02.2.01", 2 },
	{ "1.01.02.2.01.0001", KODE_NOM_SUB_KEGIATAN, "1.01.02.2.01.0001", 2 },
	{ "1.01.02.2.01.01", KODE_NOM_SUB_KEGIATAN, "1.01.02.2.01.0001", 2 },
	{ "X.XX.01.1.01.14", KODE_NOM_SUB_KEGIATAN, "X.XX.01.1.01.0014", 1 },
	{ "0", 0, NULL, 0 },
	{ "10", 0, NULL, 0 },
	{ "x", 0, NULL, 0 },
	{ "1.1", 0, NULL, 0 },
	{ "1.XX", 0, NULL, 0 },
	{ "X.01", 0, NULL, 0 },
	{ "1.01.2", 0, NULL, 0 },
	{ "1.01.02.1", 0, NULL, 0 },
	{ "1.01.02.3.01", 0, NULL, 0 },
	{ "1.01.02.0.01", 0, NULL, 0 },
	{ "1.01.02.1.1", 0, NULL, 0 },
	{ "1.01.02.1.01.1", 0, NULL, 0 },
	{ "1.01.02.1.01.001", 0, NULL, 0 },
	{ "1.01.02.1.01.00001", 0, NULL, 0 },
	{ "1.01.02.1.01.0001.1", 0, NULL, 0 },
	{ "1.01.", 0, NULL, 0 },
	{ ".1.01", 0, NULL, 0 },
	{ "", 0, NULL, 0 },
	{ "1.01.02 ", 0, NULL, 0 },
};

START_TEST(nomenklatur_table)
{
	struct kode_nomenklatur k = { .level = 99, .kode = "sentinel", .pemda_level = 99 };
	const char *in = nom_cases[_i].in;
	pagu_err e = kode_nomenklatur_parse(in, strlen(in), &k);
	if (nom_cases[_i].level) {
		ck_assert_msg(e == PAGU_OK, "\"%s\" refused", in);
		ck_assert_int_eq(k.level, nom_cases[_i].level);
		ck_assert_str_eq(k.kode, nom_cases[_i].canonical);
		ck_assert_int_eq(k.pemda_level, nom_cases[_i].pemda_level);
	} else {
		ck_assert_msg(e == PAGU_E_BAD_CODE, "\"%s\" accepted", in);
		ck_assert_int_eq(k.level, 99);
		ck_assert_str_eq(k.kode, "sentinel");
	}
}
END_TEST

START_TEST(nomenklatur_level_names)
{
	enum kode_nom_level lv = 0;
	for (int i = KODE_NOM_URUSAN; i <= KODE_NOM_SUB_KEGIATAN; i++) {
		ck_assert_int_eq(kode_nom_level_from_name(kode_nom_level_name(i), &lv), PAGU_OK);
		ck_assert_int_eq(lv, i);
	}
	lv = 77;
	ck_assert_int_eq(kode_nom_level_from_name("desa", &lv), PAGU_E_INVALID);
	ck_assert_int_eq(lv, 77);
}
END_TEST

static const struct {
	const char *in;
	int ok;
} opd_cases[] = {
	{ "1.01.0.00.0.00.01.0000", 1 },   { "1.01.2.22.0.00.01.0000", 1 },
	{ "2.16.2.20.2.21.01.0000", 1 },   { "4.01.0.00.0.00.01.0000", 1 },
	{ "7.01.0.00.0.00.11.0000", 1 },   { "X.XX.0.00.0.00.01.0000", 1 },
	{ "0.00.0.00.0.00.01.0000", 0 },   { "0.01.0.00.0.00.01.0000", 0 },
	{ "1.01.0.01.0.00.01.0000", 0 },   { "1.01.0.00.0.00.1.0000", 0 },
	{ "1.01.0.00.0.00.01.000", 0 },	   { "1.01.0.00.0.00.01", 0 },
	{ "1.01.0.00.0.00.01.0000.1", 0 }, { "1.1.0.00.0.00.01.0000", 0 },
	{ "1.01.0.00.0.00.01.000a", 0 },   { "", 0 },
};

START_TEST(opd_table)
{
	char out[KODE_OPD_MAX] = "sentinel";
	const char *in = opd_cases[_i].in;
	pagu_err e = kode_opd_parse(in, strlen(in), out);
	if (opd_cases[_i].ok) {
		ck_assert_msg(e == PAGU_OK, "\"%s\" refused", in);
		ck_assert_str_eq(out, in);
	} else {
		ck_assert_msg(e == PAGU_E_BAD_CODE, "\"%s\" accepted", in);
		ck_assert_str_eq(out, "sentinel");
	}
}
END_TEST

/* ---- every code in the shipped lists ---- */

/* Splits one CSV line (double quotes honoured) into at most @max fields in place. */
static int csv_fields(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		if (*p == '"') {
			char *w = ++p;
			f[n++] = w;
			while (*p && !(*p == '"' && p[1] != '"')) {
				if (*p == '"')
					p++;
				*w++ = *p++;
			}
			if (*p == '"')
				p++;
			*w = '\0';
			if (*p == ',')
				p++;
			else
				break;
		} else {
			f[n++] = p;
			while (*p && *p != ',' && *p != '\n' && *p != '\r')
				p++;
			if (*p == ',') {
				*p++ = '\0';
			} else {
				*p = '\0';
				break;
			}
		}
	}
	return n;
}

static FILE *open_data(const char *name)
{
	char path[PATH_MAX];
	const char *dir = getenv("PAGU_DATA_DIR");
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "data/ref", name);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	return f;
}

START_TEST(every_shipped_akun)
{
	FILE *f = open_data("kode_rekening.csv");
	char line[1024], *fl[6];
	int rows = 0;
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	while (fgets(line, sizeof(line), f)) {
		ck_assert_int_eq(csv_fields(line, fl, 6), 6);
		struct kode_akun k;
		ck_assert_msg(kode_akun_parse(fl[2], strlen(fl[2]), &k) == PAGU_OK, "refused %s", fl[2]);
		ck_assert_int_eq(k.level, (int)strtol(fl[0], NULL, 10));
		ck_assert_str_eq(kode_akun_level_name(k.level), fl[1]);
		rows++;
	}
	fclose(f);
	ck_assert_int_eq(rows, 16793);
}
END_TEST

START_TEST(every_shipped_nomenklatur)
{
	FILE *f = open_data("nomenklatur.csv");
	char line[1024], *fl[11];
	int rows = 0, mapped = 0;
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	while (fgets(line, sizeof(line), f)) {
		ck_assert_int_eq(csv_fields(line, fl, 11), 11);
		struct kode_nomenklatur k;
		ck_assert_msg(kode_nomenklatur_parse(fl[1], strlen(fl[1]), &k) == PAGU_OK, "refused %s", fl[1]);
		ck_assert_str_eq(kode_nom_level_name(k.level), fl[0]);
		if (k.level == KODE_NOM_SUB_KEGIATAN) {
			ck_assert_str_eq(k.kode, fl[2]); /* 2-digit form maps to kode_sub4 */
			mapped++;
		}
		if (k.level >= KODE_NOM_KEGIATAN)
			ck_assert_str_eq(k.pemda_level == 1 ? "provinsi" : "kabkota", fl[4]);
		rows++;
	}
	fclose(f);
	ck_assert_int_eq(rows, 6942);
	ck_assert_int_eq(mapped, 5352);
}
END_TEST

static Suite *kode_suite(void)
{
	Suite *s = suite_create("kode");
	TCase *tc = tcase_create("kode");
	tcase_add_loop_test(tc, akun_table, 0, (int)(sizeof(akun_cases) / sizeof(akun_cases[0])));
	tcase_add_test(tc, akun_nul_and_length);
	tcase_add_test(tc, akun_parent_chain);
	tcase_add_loop_test(tc, nomenklatur_table, 0, (int)(sizeof(nom_cases) / sizeof(nom_cases[0])));
	tcase_add_test(tc, nomenklatur_level_names);
	tcase_add_loop_test(tc, opd_table, 0, (int)(sizeof(opd_cases) / sizeof(opd_cases[0])));
	tcase_add_test(tc, every_shipped_akun);
	tcase_add_test(tc, every_shipped_nomenklatur);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(kode_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
