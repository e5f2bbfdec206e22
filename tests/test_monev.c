/* test_monev.c - e-monev through HTTP: reports, capaian and ratings, closing quarters, corrections, bands. */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct harness H;
static char planner_dinkes[64], planner_disdik[64], planner[64], finance[64], inspector[64], admin[64];
static char rkpd[32], sub_dinkes[32];

#define BASE "/v1/pemda/13.71/monev"
#define DINKES "1.02.0.00.0.00.01.0000"
#define DISDIK "1.01.2.22.0.00.01.0000"

/* A locked RKPD 2026 with three indicators: two of Dinkes (one with target 0), one of Disdik. */
static void rkpd_2026(void)
{
	char *s = harness_sqlf(
		&H, "SELECT sub_kegiatan FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND opd_kode ="
		    " '" DINKES "' ORDER BY kantong_id LIMIT 1");
	char *d = harness_sqlf(
		&H, "SELECT sub_kegiatan FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND opd_kode ="
		    " '" DISDIK "' ORDER BY kantong_id LIMIT 1");
	snprintf(sub_dinkes, sizeof(sub_dinkes), "%s", s);
	char *id = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', 2026, 'rkpd', NULL, NULL)");
	snprintf(rkpd, sizeof(rkpd), "%s", id);
	const char *items[][4] = { { DINKES, s, "Puskesmas terakreditasi", "10" },
				   { DINKES, s, "-Cakupan yang belum ditargetkan", "0" },
				   { DISDIK, d, "Sekolah direhabilitasi", "200" } };
	for (int i = 0; i < 3; i++)
		free(harness_sqlf(
			&H,
			"SELECT baris FROM pagu_rkpd_add('13.71', %s, NULL, '%s', '%s', '%s', %s, 'unit', 1000,"
			" 'Padang', '1.1', NULL)",
			id, items[i][0], items[i][1], items[i][2], items[i][3]));
	harness_step(&H, atol(id), "submit");
	harness_step(&H, atol(id), "verify");
	harness_step(&H, atol(id), "lock");
	free(id);
	free(s);
	free(d);
}

START_TEST(capaian_and_bands_at_every_boundary)
{
	/* capaian = realisasi / target x 100, two places, half away from zero; the default bands */
	static const struct {
		const char *realisasi, *target, *capaian, *predikat;
	} c[] = {
		{ "5099", "10000", "50.99", "Sangat Rendah" },
		{ "51", "100", "51.00", "Rendah" },
		{ "6599", "10000", "65.99", "Rendah" },
		{ "66", "100", "66.00", "Sedang" },
		{ "7599", "10000", "75.99", "Sedang" },
		{ "76", "100", "76.00", "Tinggi" },
		{ "9099", "10000", "90.99", "Tinggi" },
		{ "91", "100", "91.00", "Sangat Tinggi" },
		{ "2", "3", "66.67", "Sedang" },
		{ "1", "3", "33.33", "Sangat Rendah" },
		{ "0.5", "3", "16.67", "Sangat Rendah" },
		{ "150", "100", "150.00", "Sangat Tinggi" },
		{ "0", "100", "0.00", "Sangat Rendah" },
		{ "50.995", "100", "51.00", "Rendah" },
		{ "50.994", "100", "50.99", "Sangat Rendah" },
	};
	char *sk = harness_sqlf(&H, "SELECT pagu_monev_skala_aktif('13.71', 'kumulatif')");
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *v = harness_sqlf(&H,
				       "SELECT pagu_capaian(%s, %s)::text || '|' || pagu_predikat('13.71', %s,"
				       " pagu_capaian(%s, %s))",
				       c[i].realisasi, c[i].target, sk, c[i].realisasi, c[i].target);
		char want[96];
		snprintf(want, sizeof(want), "%s|%s", c[i].capaian, c[i].predikat);
		ck_assert_msg(!strcmp(v, want), "%s / %s: %s, want %s", c[i].realisasi, c[i].target, v, want);
		free(v);
	}
	/* a zero or missing target is not evaluable, never a division by zero */
	char *v = harness_sqlf(
		&H, "SELECT coalesce(pagu_capaian(5, 0)::text, 'NULL') || coalesce(pagu_capaian(5, NULL)::text,"
		    " 'NULL')");
	ck_assert_str_eq(v, "NULLNULL");
	free(v);
	free(sk);
}
END_TEST

static long laporan(const char *tok, int tw, int baris, const char *nilai, const char *fisik, long koreksi, long status,
		    const char *field)
{
	char body[512];
	if (koreksi)
		snprintf(
			body, sizeof(body),
			"{\"tahun\":2026,\"triwulan\":%d,\"rkpd_id\":%s,\"baris\":%d,\"nilai\":\"%s\",\"fisik\":\"%s\","
			"\"koreksi_id\":%ld,\"catatan\":\"koreksi\"}",
			tw, rkpd, baris, nilai, fisik, koreksi);
	else
		snprintf(
			body, sizeof(body),
			"{\"tahun\":2026,\"triwulan\":%d,\"rkpd_id\":%s,\"baris\":%d,\"nilai\":\"%s\",\"fisik\":\"%s\","
			"\"bukti\":\"BA-%d\"}",
			tw, rkpd, baris, nilai, fisik, baris);
	struct http_reply r;
	http_post(&H, BASE "/realisasi", tok, body, NULL, &r);
	http_expect(&r, status, NULL, field);
	long id = status == 201 ? (long)json_integer_value(json_object_get(r.json, "laporan_id")) : 0;
	http_reply_release(&r);
	return id;
}

static json_t *evaluasi(int tw, const char *opd)
{
	char path[256];
	snprintf(path, sizeof(path), BASE "/evaluasi?tahun=2026&triwulan=%d%s%s", tw, opd ? "&opd=" : "",
		 opd ? opd : "");
	struct http_reply r;
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *j = json_incref(r.json);
	http_reply_release(&r);
	return j;
}

static json_t *indikator(json_t *ev, int baris)
{
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(ev, "kinerja"), i, x)
		if (json_integer_value(json_object_get(x, "baris")) == baris)
			return x;
	return NULL;
}

static long tw1_report;

START_TEST(reports_and_evaluation)
{
	/* the OPD reports its own indicators; not another OPD's; bad figures refused */
	tw1_report = laporan(planner_dinkes, 1, 1, "3", "25.00", 0, 201, NULL);
	laporan(planner_dinkes, 1, 3, "10", "5", 0, 403, "/indikator");
	laporan(planner_dinkes, 1, 1, "3", "100.01", 0, 400, "/fisik");
	laporan(planner_dinkes, 1, 1, "-1", "10", 0, 400, "/nilai");
	laporan(planner_dinkes, 1, 99, "1", "10", 0, 404, "/indikator");
	laporan(finance, 1, 1, "1", "10", 0, 403, NULL);
	laporan(planner, 1, 3, "40", "10", 0, 201, NULL);
	json_t *ev = evaluasi(1, DINKES);
	json_t *a = indikator(ev, 1);
	ck_assert_str_eq(jstr(a, "realisasi"), "3.0000");
	ck_assert_str_eq(jstr(a, "capaian"), "30.00");
	ck_assert_str_eq(jstr(a, "predikat"), "Sangat Rendah");
	ck_assert_str_eq(jstr(a, "fisik"), "25.00");
	/* a target of 0 is not evaluable, not a crash */
	json_t *b = indikator(ev, 2);
	ck_assert(json_is_null(json_object_get(b, "capaian")));
	ck_assert_str_eq(jstr(b, "predikat"), "Tidak Dapat Dievaluasi");
	ck_assert(json_is_false(json_object_get(b, "dilaporkan")));
	/* Disdik's indicator is not in Dinkes' evaluation; the financial side comes from the ledger */
	ck_assert_ptr_null(indikator(ev, 3));
	ck_assert_int_gt(json_array_size(json_object_get(ev, "keuangan")), 0);
	json_t *k = json_array_get(json_object_get(ev, "keuangan"), 0);
	ck_assert_str_eq(jstr(k, "realisasi"), "0.00");
	ck_assert_str_eq(jstr(k, "capaian"), "0.00");
	/* the quarter's financial target is its anggaran kas: nothing spent of it yet */
	ck_assert_str_eq(jstr(k, "capaian_triwulan"), "0.00");
	ck_assert_str_eq(jstr(k, "predikat_triwulan"), "Sangat Rendah");
	ck_assert_ptr_nonnull(jstr(k, "rencana_triwulan"));
	/* a newer report of the same quarter replaces the older one, and is the one named */
	ck_assert_int_eq(json_integer_value(json_object_get(a, "laporan_id")), tw1_report);
	ck_assert(json_is_null(json_object_get(b, "laporan_id")));
	long newer = laporan(planner_dinkes, 1, 1, "7.5", "60", 0, 201, NULL);
	ck_assert_int_gt(newer, tw1_report);
	json_decref(ev);
	ev = evaluasi(1, DINKES);
	ck_assert_int_eq(json_integer_value(json_object_get(indikator(ev, 1), "laporan_id")), newer);
	ck_assert_str_eq(jstr(indikator(ev, 1), "capaian"), "75.00");
	ck_assert_str_eq(jstr(indikator(ev, 1), "predikat"), "Sedang");
	json_decref(ev);
	/* CSV for Excel users: Indonesian headers */
	struct http_reply r;
	http_auth(&H, "GET", BASE "/evaluasi?tahun=2026&triwulan=1&opd=" DINKES "&format=csv", inspector, NULL, NULL,
		  &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(r.body, "Kode OPD,Sub Kegiatan,Indikator"));
	ck_assert_ptr_nonnull(strstr(r.body, "Puskesmas terakreditasi"));
	/* text a spreadsheet would run as a formula is guarded; numbers are not */
	ck_assert_ptr_nonnull(strstr(r.body, ",'-Cakupan yang belum ditargetkan,unit,"));
	ck_assert_ptr_null(strstr(r.body, ",-Cakupan"));
	http_reply_release(&r);
	/* an OPD-scoped token evaluates its own OPD only */
	http_auth(&H, "GET", BASE "/evaluasi?tahun=2026&triwulan=1&opd=" DISDIK, planner_dinkes, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", "opd");
	http_reply_release(&r);
}
END_TEST

START_TEST(closing_freezes)
{
	struct http_reply r;
	/* quarters close in order */
	http_post(&H, BASE "/tutup", finance, "{\"tahun\":2026,\"triwulan\":2}", NULL, &r);
	http_expect(&r, 409, "conflict", "/triwulan");
	http_reply_release(&r);
	http_post(&H, BASE "/tutup", planner_dinkes, "{\"tahun\":2026,\"triwulan\":1}", NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	http_post(&H, BASE "/tutup", finance, "{\"tahun\":2026,\"triwulan\":1}", NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	char hash[65];
	snprintf(hash, sizeof(hash), "%s", jstr(r.json, "hash"));
	ck_assert_str_eq(jstr(json_object_get(r.json, "rules"), "event"), "close triwulan");
	http_reply_release(&r);
	http_post(&H, BASE "/tutup", finance, "{\"tahun\":2026,\"triwulan\":1}", NULL, &r);
	http_expect(&r, 409, "conflict", "/triwulan");
	http_reply_release(&r);
	/* a closed quarter takes no report, through the API or SQL */
	laporan(planner_dinkes, 1, 1, "9", "70", 0, 409, "/triwulan");
	PGconn *c = harness_connect(&H, HARNESS_APP);
	char q[512];
	snprintf(q, sizeof(q),
		 "INSERT INTO monev_realisasi (pemda_id, tahun, triwulan, rkpd_id, rkpd_baris, opd_kode, sub_kegiatan,"
		 " nilai, fisik, untuk_triwulan) VALUES ('13.71', 2026, 1, %s, 1, '" DINKES "', '%s', 9, 70, 1)",
		 rkpd, sub_dinkes);
	PGresult *res = PQexec(c, q);
	ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
	PQclear(res);
	PQfinish(c);
	static const char *const sql[] = { "UPDATE monev_realisasi SET nilai = 10",
					   "DELETE FROM monev_realisasi",
					   "UPDATE monev_triwulan SET hash = repeat('0', 64)",
					   "DELETE FROM monev_triwulan",
					   "DELETE FROM monev_pita",
					   "TRUNCATE monev_realisasi" };
	harness_refused_by_all(&H, sql, sizeof(sql) / sizeof(sql[0]));
	/* a correction is a report in an open quarter naming the closed report; the closed quarter stays as sealed */
	laporan(planner_dinkes, 2, 1, "8", "65", tw1_report, 201, NULL);
	laporan(planner_dinkes, 2, 1, "8", "65", 999999, 422, "/koreksi_id");
	json_t *ev = evaluasi(1, DINKES);
	ck_assert_str_eq(jstr(indikator(ev, 1), "realisasi"), "7.5000");
	ck_assert(json_is_true(json_object_get(ev, "ditutup")));
	ck_assert_str_eq(jstr(ev, "hash"), hash);
	json_decref(ev);
	char *same = harness_sqlf(
		&H, "SELECT encode(sha256(convert_to(pagu_monev_kanonik('13.71', 2026, 1::smallint), 'UTF8')),"
		    " 'hex') = hash FROM monev_triwulan WHERE pemda_id = '13.71' AND tahun = 2026 AND triwulan = 1");
	ck_assert_str_eq(same, "t");
	free(same);
	/* from triwulan II on, the corrected value counts: cumulative 8 + 2 */
	laporan(planner_dinkes, 2, 1, "2", "80", 0, 201, NULL);
	ev = evaluasi(2, DINKES);
	ck_assert_str_eq(jstr(indikator(ev, 1), "realisasi"), "2.0000");
	ck_assert_str_eq(jstr(indikator(ev, 1), "realisasi_kumulatif"), "10.0000");
	ck_assert_str_eq(jstr(indikator(ev, 1), "capaian_kumulatif"), "100.00");
	ck_assert_str_eq(jstr(indikator(ev, 1), "predikat_kumulatif"), "Sangat Tinggi");
	json_decref(ev);
}
END_TEST

START_TEST(band_tables_are_checked)
{
	struct http_reply r;
	static const struct {
		const char *pita, *field, *why;
	} bad[] = {
		{ "[{\"dari\":null,\"sampai\":\"50\",\"predikat\":\"K\"},{\"dari\":\"51\",\"sampai\":null,\"predikat\":"
		  "\"B\"}]",
		  "/pita/1/dari", "ada celah" },
		{ "[{\"dari\":null,\"sampai\":\"50\",\"predikat\":\"K\"},{\"dari\":\"49.99\",\"sampai\":null,"
		  "\"predikat\":\"B\"}]",
		  "/pita/1/dari", "tumpang tindih" },
		{ "[{\"dari\":\"0\",\"sampai\":\"50\",\"predikat\":\"K\"},{\"dari\":\"50\",\"sampai\":null,"
		  "\"predikat\":\"B\"}]",
		  "/pita/0/dari", "minus tak hingga" },
		{ "[{\"dari\":null,\"sampai\":\"50\",\"predikat\":\"K\"},{\"dari\":\"50\",\"sampai\":\"60\","
		  "\"predikat\":\"B\"}]",
		  "/pita/1/sampai", "tak hingga" },
		{ "[{\"dari\":null,\"sampai\":\"50\",\"predikat\":\"K\"},{\"dari\":\"50\",\"sampai\":\"50\","
		  "\"predikat\":\"S\"},"
		  "{\"dari\":\"50\",\"sampai\":null,\"predikat\":\"B\"}]",
		  "/pita/1", "kosong" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char body[1024];
		snprintf(body, sizeof(body),
			 "{\"jenis\":\"kumulatif\",\"nama\":\"Uji\",\"dasar_hukum\":\"Perkada 1\",\"pita\":%s}",
			 bad[i].pita);
		http_post(&H, BASE "/skala", admin, body, NULL, &r);
		http_expect(&r, 422, "rule-violation", bad[i].field);
		ck_assert_msg(strstr(jstr(r.json, "detail"), bad[i].why) != NULL, "%s", r.body);
		http_reply_release(&r);
	}
	http_post(
		&H, BASE "/skala", admin,
		"{\"jenis\":\"kumulatif\",\"nama\":\"Uji\",\"dasar_hukum\":\"Perkada 1\",\"pita\":[{\"dari\":\"1.234\","
		"\"predikat\":\"K\"}]}",
		NULL, &r);
	http_expect(&r, 400, "invalid-input", "/pita/0/dari");
	http_reply_release(&r);
	http_post(&H, BASE "/skala", finance,
		  "{\"jenis\":\"kumulatif\",\"nama\":\"U\",\"dasar_hukum\":\"P\",\"pita\":[]}", NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	/* a pemda's own table, in force at once: at 100 cumulative the predikat is now "Tuntas" */
	http_post(&H, BASE "/skala", admin,
		  "{\"jenis\":\"kumulatif\",\"nama\":\"Skala Perwali\",\"dasar_hukum\":\"Perwali Padang "
		  "5/2026\",\"pita\":["
		  "{\"dari\":null,\"sampai\":\"50\",\"predikat\":\"Kurang\"},{\"dari\":\"50\",\"sampai\":\"100\","
		  "\"predikat\":\"Cukup\"},"
		  "{\"dari\":\"100\",\"sampai\":null,\"predikat\":\"Tuntas\"}]}",
		  NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	json_t *ev = evaluasi(2, DINKES);
	ck_assert_str_eq(jstr(indikator(ev, 1), "predikat_kumulatif"), "Tuntas");
	json_decref(ev);
	http_auth(&H, "GET", BASE "/skala", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_ge(json_array_size(json_object_get(r.json, "items")), 3);
	http_reply_release(&r);
}
END_TEST

START_TEST(inspector_evaluations)
{
	struct http_reply r;
	http_post(&H, "/v1/pemda/13.71/pemeriksaan", inspector,
		  "{\"tahun\":2026,\"triwulan\":1,\"opd_kode\":\"" DINKES "\"}", NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(jstr(r.json, "status"), "draft");
	long id = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	http_post(&H, "/v1/pemda/13.71/pemeriksaan", planner,
		  "{\"tahun\":2026,\"triwulan\":1,\"opd_kode\":\"" DINKES "\"}", NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	char path[256], body[1024];
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pemeriksaan/%ld/temuan", id);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"predikat\":\"Rendah\",\"temuan\":\"Realisasi fisik tertinggal\","
		 "\"rekomendasi\":\"Percepat pengadaan\"}",
		 sub_dinkes);
	http_post(&H, path, inspector, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "temuan")), 1);
	http_reply_release(&r);
	http_post(&H, path, inspector,
		  "{\"sub_kegiatan\":\"9.99.99.9.99.9999\",\"predikat\":\"Rendah\",\"temuan\":\"x\",\"rekomendasi\":"
		  "\"y\"}",
		  NULL, &r);
	http_expect(&r, 422, "rule-violation", "/sub_kegiatan");
	http_reply_release(&r);
	/* follow-up waits for the signature */
	char tl[256];
	snprintf(tl, sizeof(tl), "/v1/pemda/13.71/pemeriksaan/%ld/temuan/1/tindak-lanjut", id);
	http_post(&H, tl, planner_dinkes, "{\"uraian\":\"Kontrak ditandatangani\"}", NULL, &r);
	http_expect(&r, 409, "conflict", NULL);
	http_reply_release(&r);
	/* signed: sealed by its hash, nothing in it changes any more */
	char ttd[256];
	snprintf(ttd, sizeof(ttd), "/v1/pemda/13.71/pemeriksaan/%ld/tandatangan", id);
	http_post(&H, ttd, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_str_eq(jstr(r.json, "status"), "signed");
	ck_assert_uint_eq(strlen(jstr(r.json, "hash")), 64);
	ck_assert(json_is_true(json_object_get(r.json, "hash_cocok")));
	http_reply_release(&r);
	http_post(&H, ttd, inspector, NULL, NULL, &r);
	http_expect(&r, 409, "conflict", "id");
	http_reply_release(&r);
	http_post(&H, path, inspector, body, NULL, &r);
	http_expect(&r, 409, "conflict", "id");
	http_reply_release(&r);
	/* the OPD follows up; another OPD cannot */
	http_post(&H, tl, planner_dinkes, "{\"uraian\":\"Kontrak ditandatangani\",\"bukti\":\"SPK 12/2026\"}", NULL,
		  &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	http_post(&H, tl, planner_disdik, "{\"uraian\":\"bukan urusan kami\"}", NULL, &r);
	http_expect(&r, 403, "forbidden", "id");
	http_reply_release(&r);
	/* the inspector closes the finding, once; then no more follow-ups */
	char tutup[256];
	snprintf(tutup, sizeof(tutup), "/v1/pemda/13.71/pemeriksaan/%ld/temuan/1/tutup", id);
	http_post(&H, tutup, inspector, "{\"catatan\":\"Tindak lanjut memadai\"}", NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	json_t *t = json_array_get(json_object_get(r.json, "temuan"), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(t, "tindak_lanjut")), 1);
	ck_assert_ptr_nonnull(json_object_get(t, "selesai"));
	http_reply_release(&r);
	http_post(&H, tutup, inspector, "{}", NULL, &r);
	http_expect(&r, 409, "conflict", NULL);
	http_reply_release(&r);
	http_post(&H, tl, planner_dinkes, "{\"uraian\":\"lagi\"}", NULL, &r);
	http_expect(&r, 409, "conflict", "nomor");
	http_reply_release(&r);
	/* reading: the OPD its own, not another's */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pemeriksaan/%ld", id);
	http_auth(&H, "GET", path, planner_disdik, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", "id");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/pemeriksaan/99999", inspector, NULL, NULL, &r);
	http_expect(&r, 404, "not-found", NULL);
	http_reply_release(&r);
	/* the list: the inspector finds it by year, quarter and OPD; the OPD lists its own only */
	http_auth(&H, "GET", "/v1/pemda/13.71/pemeriksaan?tahun=2026&triwulan=1&opd=" DINKES, inspector, NULL, NULL,
		  &r);
	http_expect(&r, 200, NULL, NULL);
	bool found = false;
	size_t n;
	json_t *it;
	json_array_foreach (json_object_get(r.json, "items"), n, it) {
		ck_assert_str_eq(jstr(it, "opd_kode"), DINKES);
		ck_assert_int_eq(json_integer_value(json_object_get(it, "triwulan")), 1);
		if (json_integer_value(json_object_get(it, "id")) == id) {
			found = true;
			ck_assert_str_eq(jstr(it, "status"), "signed");
			ck_assert_int_eq(json_integer_value(json_object_get(it, "temuan")), 1);
		}
	}
	ck_assert(found);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/pemeriksaan?tahun=2026&triwulan=2", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_array_foreach (json_object_get(r.json, "items"), n, it)
		ck_assert_int_eq(json_integer_value(json_object_get(it, "triwulan")), 2);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/pemeriksaan?tahun=2026", planner_disdik, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_array_foreach (json_object_get(r.json, "items"), n, it)
		ck_assert_str_ne(jstr(it, "opd_kode"), DINKES);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/pemeriksaan?opd=" DINKES, planner_disdik, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", "opd");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/pemeriksaan?triwulan=5", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "triwulan");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/pemeriksaan?opd=1.02'--", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-code", "opd");
	http_reply_release(&r);
	/* and nothing changes through SQL, for the application or a superuser */
	char q[8][256];
	snprintf(q[0], sizeof(q[0]), "UPDATE pemeriksaan SET status = 'draft' WHERE pemeriksaan_id = %ld", id);
	snprintf(q[1], sizeof(q[1]), "UPDATE pemeriksaan SET hash = repeat('0', 64) WHERE pemeriksaan_id = %ld", id);
	snprintf(q[2], sizeof(q[2]), "UPDATE temuan SET temuan = 'tidak ada' WHERE pemeriksaan_id = %ld", id);
	snprintf(q[3], sizeof(q[3]), "DELETE FROM temuan WHERE pemeriksaan_id = %ld", id);
	snprintf(q[4], sizeof(q[4]), "DELETE FROM pemeriksaan WHERE pemeriksaan_id = %ld", id);
	snprintf(q[5], sizeof(q[5]), "DELETE FROM tindak_lanjut WHERE pemeriksaan_id = %ld", id);
	snprintf(q[6], sizeof(q[6]),
		 "INSERT INTO temuan (pemda_id, pemeriksaan_id, nomor, sub_kegiatan, predikat, temuan, rekomendasi)"
		 " VALUES ('13.71', %ld, 2, '%s', 'Tinggi', 'tambahan', 'tidak ada')",
		 id, sub_dinkes);
	snprintf(q[7], sizeof(q[7]), "DELETE FROM temuan_selesai WHERE pemeriksaan_id = %ld", id);
	const char *const qs[] = { q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7] };
	harness_refused_by_all(&H, qs, 8);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert(json_is_true(json_object_get(r.json, "hash_cocok")));
	http_reply_release(&r);
}
END_TEST

/* The e-monev report in the Permendagri 86/2017 layout, as JSON, CSV and XLSX, and the OPD ranking. */
START_TEST(reports)
{
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/monev?tahun=2026&triwulan=2&opd=" DINKES, inspector, NULL, NULL,
		  &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
	ck_assert_str_eq(jstr(it, "indikator"), "Puskesmas terakreditasi");
	char program[32];
	snprintf(program, sizeof(program), "%.*s",
		 (int)(strchr(strchr(strchr(sub_dinkes, '.') + 1, '.') + 1, '.') - sub_dinkes), sub_dinkes);
	ck_assert_str_eq(jstr(it, "program"), program);
	ck_assert_ptr_nonnull(jstr(it, "program_nama"));
	ck_assert_ptr_nonnull(jstr(it, "sub_kegiatan_nama"));
	/* quarter columns as each quarter was closed; the cumulative counts the correction */
	ck_assert_str_eq(jstr(it, "tw1"), "7.5000");
	ck_assert_str_eq(jstr(it, "tw2"), "2.0000");
	ck_assert(json_is_null(json_object_get(it, "tw3")));
	ck_assert_str_eq(jstr(it, "kumulatif"), "10.0000");
	ck_assert_str_eq(jstr(it, "capaian"), "100.00");
	ck_assert_str_eq(jstr(it, "predikat"), "Tuntas");
	ck_assert_ptr_nonnull(jstr(it, "anggaran"));
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/monev?tahun=2026&triwulan=2&opd=" DINKES "&format=csv", inspector,
		  NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(r.body, "Kode OPD,Kode Program,Program,Kode Kegiatan,Kegiatan,Kode Sub Kegiatan"));
	ck_assert_ptr_nonnull(strstr(r.body, ",'-Cakupan yang belum ditargetkan,"));
	ck_assert_ptr_null(strstr(r.body, ",-Cakupan"));
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/monev?tahun=2026&triwulan=2&format=xlsx", inspector, NULL, NULL,
		  &r);
	http_expect(&r, 200, NULL, NULL);
	char path[PATH_MAX + 16], cmd[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/monev.xlsx", H.dir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(r.body, 1, r.len, f), r.len);
	fclose(f);
	http_reply_release(&r);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet1.xml", path);
	FILE *pp = popen(cmd, "r");
	static char xml[1 << 20];
	size_t n = fread(xml, 1, sizeof(xml) - 1, pp);
	xml[n] = '\0';
	ck_assert_int_eq(pclose(pp), 0);
	ck_assert_ptr_nonnull(strstr(xml, "Realisasi TW I"));
	ck_assert_ptr_nonnull(strstr(xml, "Puskesmas terakreditasi"));
	ck_assert_ptr_nonnull(strstr(xml, "Sekolah direhabilitasi"));
	/* a text cell, never a formula */
	ck_assert_ptr_nonnull(strstr(xml, ">-Cakupan yang belum ditargetkan<"));
	ck_assert_ptr_null(strstr(xml, "<f>"));
	/* the ranking: Dinkes (100) before Disdik (40 of 200 = 20) */
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/peringkat?tahun=2026&triwulan=2", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	int dinkes = -1, disdik = -1;
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(r.json, "items"), i, x) {
		if (!strcmp(jstr(x, "opd_kode"), DINKES)) {
			dinkes = (int)json_integer_value(json_object_get(x, "peringkat"));
			ck_assert_str_eq(jstr(x, "capaian"), "100.00");
			ck_assert_int_eq(json_integer_value(json_object_get(x, "indikator")), 2);
			ck_assert_int_eq(json_integer_value(json_object_get(x, "dievaluasi")), 1);
		}
		if (!strcmp(jstr(x, "opd_kode"), DISDIK)) {
			disdik = (int)json_integer_value(json_object_get(x, "peringkat"));
			ck_assert_str_eq(jstr(x, "capaian"), "20.00");
		}
	}
	ck_assert_int_eq(dinkes, 1);
	ck_assert_int_gt(disdik, dinkes);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/peringkat?tahun=2026&format=pdf", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "format");
	http_reply_release(&r);
}
END_TEST

static Suite *monev_suite(void)
{
	Suite *s = suite_create("monev");
	TCase *tc = tcase_create("monev");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, capaian_and_bands_at_every_boundary);
	tcase_add_test(tc, reports_and_evaluation);
	tcase_add_test(tc, closing_freezes);
	tcase_add_test(tc, band_tables_are_checked);
	tcase_add_test(tc, inspector_evaluations);
	tcase_add_test(tc, reports);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	const struct {
		const char *role, *opd;
		char *out;
	} toks[] = { { "planner", DINKES, planner_dinkes }, { "planner", DISDIK, planner_disdik },
		     { "planner", NULL, planner },	    { "finance", NULL, finance },
		     { "inspector", NULL, inspector },	    { "admin", NULL, admin } };
	for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++)
		harness_token_need(&H, "13.71", toks[i].role, toks[i].opd, toks[i].out);
	rkpd_2026();
	return harness_run(&H, monev_suite());
}
