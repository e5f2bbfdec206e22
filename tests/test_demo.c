/* test_demo.c - the demo's years (data/demo/tahun.sql) as `./run serve` loads them: balanced, lawful, executed. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct harness H;
static char inspector[64], inspector19[64], inspector1904[64], inspector1971[64];

/* The locked APBD of @pemda's 2026, or 0. */
static long apbd(const char *pemda)
{
	char *v =
		harness_sqlf(&H,
			     "SELECT dokumen_id FROM dokumen WHERE pemda_id = '%s' AND tahun = 2026 AND jenis = 'apbd'"
			     " AND status = 'locked' ORDER BY versi DESC LIMIT 1",
			     pemda);
	long id = v ? atol(v) : 0;
	free(v);
	return id;
}

/* pendapatan - belanja + (penerimaan - pengeluaran pembiayaan) of the locked APBD, exactly, with the parts */
static void balanced(const char *pemda)
{
	long id = apbd(pemda);
	ck_assert_msg(id > 0, "pemda %s has no locked APBD 2026", pemda);
	char *v = harness_sqlf(
		&H,
		"SELECT sum(jumlah) FILTER (WHERE akun LIKE '4.%%') > 0 AND sum(jumlah) FILTER (WHERE akun LIKE "
		"'5.%%') > 0"
		" AND sum(jumlah) FILTER (WHERE akun LIKE '6.1.%%') > 0 AND sum(jumlah) FILTER (WHERE akun LIKE "
		"'6.2.%%') > 0"
		" AND sum(jumlah) FILTER (WHERE akun LIKE '4.%%') - sum(jumlah) FILTER (WHERE akun LIKE '5.%%')"
		" + sum(jumlah) FILTER (WHERE akun LIKE '6.1.%%') - sum(jumlah) FILTER (WHERE akun LIKE '6.2.%%') = 0"
		/* a deficit within the 2.50% of pendapatan of PMK 101/2025 Pasal 4 */
		" AND sum(jumlah) FILTER (WHERE akun LIKE '5.%%') > sum(jumlah) FILTER (WHERE akun LIKE '4.%%')"
		" AND sum(jumlah) FILTER (WHERE akun LIKE '5.%%') - sum(jumlah) FILTER (WHERE akun LIKE '4.%%')"
		"  <= 0.025 * sum(jumlah) FILTER (WHERE akun LIKE '4.%%')"
		" FROM rka_baris WHERE pemda_id = '%s' AND dokumen_id = %ld",
		pemda, id);
	ck_assert_msg(v && !strcmp(v, "t"), "the APBD 2026 of %s is not balanced within the deficit cap", pemda);
	free(v);
}

/* The rule pack in force on the locked APBD: nothing that applies fails with severity error or finding. */
static void lawful(const char *pemda, const char *token)
{
	char path[96], body[96];
	snprintf(path, sizeof(path), "/v1/pemda/%s/rules/evaluate", pemda);
	snprintf(body, sizeof(body), "{\"dokumen_id\":%ld,\"aksi\":\"lock\"}", apbd(pemda));
	struct http_reply r;
	http_post(&H, path, token, body, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *rep = json_object_get(r.json, "rules");
	json_t *results = json_object_get(rep, "results"), *x;
	ck_assert_int_gt(json_array_size(results), 3);
	size_t i;
	json_array_foreach (results, i, x) {
		if (!json_is_true(json_object_get(x, "applies")) || json_is_true(json_object_get(x, "passed")))
			continue;
		ck_assert_msg(!strcmp(jstr(x, "severity"), "warning"), "%s: rule %s (%s) fails on the demo APBD: %s",
			      pemda, jstr(x, "rule"), jstr(x, "severity"), jstr(x, "message"));
	}
	ck_assert_int_eq(json_integer_value(json_object_get(rep, "errors")), 0);
	/* what must hold does: the budget identity and the plafon were evaluated and passed */
	int seen = 0;
	json_array_foreach (results, i, x) {
		const char *id = jstr(x, "rule");
		if (!strcmp(id, "keseimbangan_apbd") || !strcmp(id, "pendidikan_min_20")) {
			ck_assert(json_is_true(json_object_get(x, "applies")));
			ck_assert(json_is_true(json_object_get(x, "passed")));
			seen++;
		}
	}
	ck_assert_int_eq(seen, 2);
	http_reply_release(&r);
}

START_TEST(kota_balanced_and_lawful)
{
	balanced("13.71");
	lawful("13.71", inspector);
}
END_TEST

START_TEST(provinsi_and_kabkota_balanced_and_lawful)
{
	balanced("19");
	lawful("19", inspector19);
	balanced("19.04");
	lawful("19.04", inspector1904);
	balanced("19.71");
	lawful("19.71", inspector1971);
}
END_TEST

/*
 * The shares the law measures, counted here from the lines (DESIGN18 §4): pegawai outside the teachers'
 * allowances of DAK non fisik at most 30%; education (bidang 1.01 and Dinas Pendidikan's penunjang, its
 * teachers' pay) at least 20%; infrastructure by purpose (PUPR, perumahan, perhubungan outside their
 * penunjang and pegawai; belanja modal and pemeliharaan elsewhere outside penunjang) at least 40% of
 * belanja outside transfers. And realistic ones: PAD about a third of pendapatan, belanja modal 10-20%.
 */
START_TEST(kota_shares)
{
	char *v = harness_sqlf(
		&H,
		"WITH b AS (SELECT * FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld),"
		" t AS (SELECT sum(jumlah) FILTER (WHERE akun LIKE '5.%%') AS belanja,"
		"  sum(jumlah) FILTER (WHERE akun LIKE '5.%%' AND akun NOT LIKE '5.4.%%') AS basis,"
		"  sum(jumlah) FILTER (WHERE akun LIKE '4.%%') AS pendapatan FROM b)"
		" SELECT (SELECT sum(jumlah) FROM b WHERE akun LIKE '5.1.01.%%' AND sumber_dana NOT IN"
		"   ('2.2.1.01.04.04', '2.2.1.01.04.05', '2.2.1.01.04.06')) <= 0.30 * belanja"
		" AND (SELECT sum(jumlah) FROM b WHERE akun LIKE '5.%%' AND (sub_kegiatan LIKE '1.01.%%'"
		"   OR (sub_kegiatan LIKE 'X.XX.%%' AND opd_kode LIKE '1.01.%%'))) >= 0.20 * belanja"
		" AND (SELECT sum(jumlah) FROM b WHERE akun LIKE '5.%%' AND sub_kegiatan NOT LIKE 'X.XX.%%' AND"
		"   (((sub_kegiatan LIKE '1.03.%%' OR sub_kegiatan LIKE '1.04.%%' OR sub_kegiatan LIKE '2.15.%%')"
		"     AND akun NOT LIKE '5.1.01.%%' AND akun NOT LIKE '5.3.%%' AND akun NOT LIKE '5.4.%%')"
		"    OR akun LIKE '5.2.%%' OR akun LIKE '5.1.02.03.%%')) >= 0.40 * basis"
		" AND (SELECT sum(jumlah) FROM b WHERE akun LIKE '4.1.%%') BETWEEN 0.25 * pendapatan AND 0.45 * "
		"pendapatan"
		" AND (SELECT sum(jumlah) FROM b WHERE akun LIKE '5.2.%%') BETWEEN 0.10 * belanja AND 0.20 * belanja"
		" AND (SELECT sum(jumlah) FROM b WHERE akun LIKE '5.3.%%') > 0"
		/* teachers' pay in Disdik's penunjang sub kegiatan, from DAK non fisik */
		" AND EXISTS (SELECT 1 FROM b WHERE opd_kode LIKE '1.01.%%' AND sub_kegiatan = 'X.XX.01.2.02.0001'"
		"   AND akun LIKE '5.1.01.03.03.%%' AND sumber_dana = '2.2.1.01.04.04')"
		" FROM t",
		apbd("13.71"));
	ck_assert_str_eq(v, "t");
	free(v);
}
END_TEST

/* RKPD indicators, SSH items the lines use, DPAs locked with a cash plan that is not only even. */
START_TEST(kota_plan_and_cash)
{
	char *v = harness_sqlf(
		&H,
		"SELECT (SELECT count(*) FROM rkpd_item i JOIN dokumen d USING (pemda_id, dokumen_id) WHERE"
		" d.pemda_id = '13.71' AND d.tahun = 2026 AND d.status = 'locked' AND i.target > 0 AND"
		" i.pagu_indikatif > 0 AND i.lokasi <> '') >= 100"
		" AND (SELECT count(*) FROM ssh_item WHERE pemda_id = '13.71' AND tahun = 2026) >= 50"
		" AND (SELECT count(*) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld"
		"  AND ssh_kode IS NOT NULL) >= 50"
		" AND NOT EXISTS (SELECT 1 FROM dokumen WHERE pemda_id = '13.71' AND tahun = 2026 AND jenis = 'dpa'"
		"  AND status <> 'locked')"
		" AND (SELECT count(*) FROM dokumen WHERE pemda_id = '13.71' AND tahun = 2026 AND jenis = 'dpa') >= 20"
		/* capital back-loaded, payroll even */
		" AND NOT EXISTS (SELECT 1 FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND akun LIKE "
		"'5.2.%%'"
		"  AND (kas[1] <> 0 OR kas[12] <= kas[6]))"
		" AND NOT EXISTS (SELECT 1 FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026"
		"  AND akun LIKE '5.1.01.%%' AND abs(kas[1] - kas[6]) > 1)",
		apbd("13.71"));
	ck_assert_str_eq(v, "t");
	free(v);
}
END_TEST

/* SPD, SPM/SP2D and STS in every month to September and none after; quarters I-III closed, IV open;
   an evaluation signed. */
START_TEST(executed_to_september)
{
	static const char *const pemda[] = { "13.71", "19" };
	for (int p = 0; p < 2; p++) {
		char *v = harness_sqlf(
			&H,
			"SELECT (SELECT count(DISTINCT extract(month FROM tanggal)) FROM entri WHERE pemda_id = '%s'"
			"  AND tahun = 2026 AND jenis = 'sp2d') = 9"
			" AND (SELECT count(DISTINCT extract(month FROM tanggal)) FROM entri WHERE pemda_id = '%s'"
			"  AND tahun = 2026 AND jenis = 'sts') = 9"
			" AND (SELECT count(DISTINCT spd_bulan) FROM entri WHERE pemda_id = '%s' AND tahun = 2026"
			"  AND jenis = 'spd') = 3"
			" AND EXISTS (SELECT 1 FROM entri WHERE pemda_id = '%s' AND tahun = 2026 AND jenis = 'spm')"
			" AND NOT EXISTS (SELECT 1 FROM entri WHERE pemda_id = '%s' AND tanggal > '2026-09-30')"
			" AND (SELECT array_agg(triwulan ORDER BY triwulan) FROM monev_triwulan WHERE pemda_id = '%s'"
			"  AND tahun = 2026) = '{1,2,3}'"
			" AND (SELECT count(*) FROM monev_realisasi WHERE pemda_id = '%s' AND tahun = 2026) >= 100"
			" AND EXISTS (SELECT 1 FROM pemeriksaan WHERE pemda_id = '%s' AND tahun = 2026 AND status = "
			"'signed')"
			/* realised below the allocation, above nothing, pendapatan received */
			" AND (SELECT sum(realisasi) FROM kantong WHERE pemda_id = '%s' AND tahun = 2026 AND arah = "
			"'keluar')"
			"  BETWEEN 0.4 * (SELECT sum(alokasi) FROM kantong WHERE pemda_id = '%s' AND tahun = 2026 AND "
			"arah ="
			"  'keluar') AND 0.75 * (SELECT sum(alokasi) FROM kantong WHERE pemda_id = '%s' AND tahun = "
			"2026"
			"  AND arah = 'keluar')"
			" AND (SELECT sum(realisasi) FROM kantong WHERE pemda_id = '%s' AND tahun = 2026 AND akun LIKE "
			"'4.%%') > 0",
			pemda[p], pemda[p], pemda[p], pemda[p], pemda[p], pemda[p], pemda[p], pemda[p], pemda[p],
			pemda[p], pemda[p], pemda[p]);
		ck_assert_msg(v && !strcmp(v, "t"), "the 2026 execution of %s is not as the demo makes it", pemda[p]);
		free(v);
	}
	/* the LRA to September shows it (the console's overview reads it) */
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2026&sampai=2026-09-30", inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
}
END_TEST

/* Everything the record rests on recomputes: `pagu verify` for each pemda with a year. */
START_TEST(verify_passes)
{
	static const char *const pemda[] = { "13.71", "19", "19.04", "19.71" };
	for (int i = 0; i < 4; i++)
		ck_assert_msg(harness_pagu(&H, "verify", "--pemda", pemda[i], NULL) == 0,
			      "pagu verify --pemda %s failed; see %s", pemda[i], H.dir);
}
END_TEST

/* The province's kabupaten and kota exist, with their OPD; two have a locked year with DPAs. */
START_TEST(kabkota_exist)
{
	char *v =
		harness_sqlf(&H, "SELECT count(*) FROM pemda p WHERE p.pemda_id IN ('19.01', '19.02', '19.03', '19.04',"
				 " '19.05', '19.06', '19.71') AND p.provinsi_id = '19' AND p.jenis = 'kabkota'"
				 " AND (SELECT count(*) FROM opd o WHERE o.pemda_id = p.pemda_id) >= 20");
	ck_assert_str_eq(v, "7");
	free(v);
	v = harness_sqlf(&H, "SELECT count(DISTINCT pemda_id) FROM dokumen WHERE pemda_id LIKE '19.%%' AND tahun = 2026"
			     " AND jenis = 'dpa' AND status = 'locked'");
	ck_assert_int_ge(atoi(v), 2);
	free(v);
}
END_TEST

static Suite *demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("demo");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, kota_balanced_and_lawful);
	tcase_add_test(tc, provinsi_and_kabkota_balanced_and_lawful);
	tcase_add_test(tc, kota_shares);
	tcase_add_test(tc, kota_plan_and_cash);
	tcase_add_test(tc, executed_to_september);
	tcase_add_test(tc, verify_passes);
	tcase_add_test(tc, kabkota_exist);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	/* the demo as `pagu demo` loads it (it takes a while; serve then finds it loaded) */
	if (harness_pagu(&H, "demo", NULL) != 0) {
		fprintf(stderr, "pagu demo failed; see %s/pagu-cli.log\n", H.dir);
		return 1;
	}
	H.demo = true;
	/* the pack the demo is made to pass: the shipped national one, not the suites' test pack */
	unsetenv("PAGU_RULES_DIR");
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "inspector", NULL, inspector);
	harness_token_need(&H, "19", "inspector", NULL, inspector19);
	harness_token_need(&H, "19.04", "inspector", NULL, inspector1904);
	harness_token_need(&H, "19.71", "inspector", NULL, inspector1971);
	return harness_run(&H, demo_suite());
}
