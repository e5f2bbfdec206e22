/* test_batas.c - what pagu can carry: amounts at and past the bound, written and already stored, never stop the server. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct harness H;
static char planner_dinkes[64], bappeda[64], finance[64], revenue[64], inspector[64];
static int seq;

#define DINKES "1.02.0.00.0.00.01.0000"
#define DISDIK "1.01.2.22.0.00.01.0000"
#define BPKAD "5.02.0.00.0.00.01.0000"
#define SUB "1.02.02.2.01.0001"
#define BASE "/v1/pemda/13.71/dokumen"
/* MONEY_MAX_SEN (engine/money.h) in rupiah: the most one amount, and one document, may carry */
#define MAX "9999999999999999.99"

/* The server still answers, and its process still runs: what every case here ends with. */
static void alive(void)
{
	struct http_reply r;
	bool ok = http_try(H.base_url, "GET", "/v1/health", NULL, NULL, NULL, 10, &r);
	ck_assert_msg(ok, "the server no longer answers");
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
}

/* GET @path with @tok; asserts @status (and @slug for a problem), then that the server lives. */
static void get_expect(const char *path, const char *tok, long status, const char *slug, struct http_reply *keep)
{
	struct http_reply r;
	bool ok = http_try(H.base_url, "GET", path, tok, NULL, NULL, 30, &r);
	ck_assert_msg(ok, "GET %s: no answer (the server died)", path);
	http_expect(&r, status, slug, NULL);
	if (keep)
		*keep = r;
	else
		http_reply_release(&r);
	alive();
}

static const char *rka_line(const char *koef, const char *harga)
{
	static char body[512];
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"" SUB "\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"Belanja uji\","
		 "\"koefisien\":[\"%s\"],\"harga_satuan\":\"%s\",\"sumber_dana\":\"1.1\"}",
		 koef, harga);
	return body;
}

/* POST a line (or a PUT over line @ganti with If-Match @revisi); asserts the answer; returns the new revision. */
static int line(long id, const char *tok, const char *body, int ganti, int revisi, long status, const char *slug,
		const char *field)
{
	char path[96];
	if (ganti)
		snprintf(path, sizeof(path), BASE "/%ld/baris/%d", id, ganti);
	else
		snprintf(path, sizeof(path), BASE "/%ld/baris", id);
	struct http_reply r;
	http_call(&H, ganti ? "PUT" : "POST", path, tok, body, revisi, &r);
	http_expect(&r, status, slug, field);
	int rv = status < 300 ? (int)json_integer_value(json_object_get(r.json, "revisi")) : 0;
	http_reply_release(&r);
	alive();
	return rv;
}

static json_t *dokumen(long id, const char *tok)
{
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld", id);
	struct http_reply r;
	get_expect(path, tok, 200, NULL, &r);
	json_t *j = json_incref(r.json);
	http_reply_release(&r);
	return j;
}

/* An OPD's planner writes lines up to the bound; past it, the write is refused and names the field. */
START_TEST(rka_lines_at_the_bound)
{
	long id = harness_dokumen_create(&H, planner_dinkes, 2037, "rka", DINKES);
	/* one line at the API's upper limit: accepted, and read back exactly */
	int rv = line(id, planner_dinkes, rka_line("1 paket", MAX), 0, 0, 201, NULL, NULL);
	ck_assert_int_gt(rv, 1);
	/* one sen more, in a second line: the document would total past the bound */
	line(id, planner_dinkes, rka_line("1 paket", "0.01"), 0, 0, 400, "amount-overflow", "/harga_satuan");
	/* two lines at the limit: the second is refused, however it comes */
	line(id, planner_dinkes, rka_line("1 paket", MAX), 0, 0, 400, "amount-overflow", "/harga_satuan");
	/* a replacement that doubles the line: refused, the line stays */
	line(id, planner_dinkes, rka_line("2 paket", MAX), 1, rv, 400, "amount-overflow", "/harga_satuan");
	json_t *d = dokumen(id, planner_dinkes);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "revisi")), rv);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(d, "baris"), 0), "jumlah"), MAX);
	json_decref(d);
	/* the trace and the CSV of the draft read it back */
	struct http_reply r;
	get_expect("/v1/pemda/13.71/jejak?tahun=2037&opd=" DINKES "&sub_kegiatan=" SUB, planner_dinkes, 200, NULL, &r);
	ck_assert_ptr_nonnull(strstr(r.body, MAX));
	http_reply_release(&r);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/csv", id);
	get_expect(path, planner_dinkes, 200, NULL, &r);
	ck_assert_ptr_nonnull(strstr(r.body, MAX));
	http_reply_release(&r);

	/* one line whose jumlah (volume x harga) passes the bound though both factors are in range */
	long id2 = harness_dokumen_create(&H, planner_dinkes, 2038, "rka", DINKES);
	line(id2, planner_dinkes, rka_line("2 paket", MAX), 0, 0, 400, "amount-overflow", "/harga_satuan");
	line(id2, planner_dinkes, rka_line("1.5 paket", "6666666666666667.00"), 0, 0, 400, "amount-overflow",
	     "/harga_satuan");
	d = dokumen(id2, planner_dinkes);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 0);
	json_decref(d);
	get_expect("/v1/pemda/13.71/jejak?tahun=2038&opd=" DINKES "&sub_kegiatan=" SUB, planner_dinkes, 200, NULL,
		   NULL);
}
END_TEST

/* The RKPD's pagu indikatif and the KUA-PPAS's ceilings: a document total past the bound is refused. */
START_TEST(rkpd_and_kua_ppas_totals)
{
	long id = harness_dokumen_create(&H, bappeda, 2037, "rkpd", NULL);
	char item[512];
	for (int i = 1; i <= 2; i++) {
		snprintf(item, sizeof(item),
			 "{\"opd_kode\":\"" DINKES
			 "\",\"sub_kegiatan\":\"1.02.02.2.01.000%d\",\"indikator\":\"Uji %d\","
			 "\"target\":\"1\",\"satuan\":\"unit\",\"pagu_indikatif\":\"%s\",\"lokasi\":\"x\","
			 "\"sumber_dana\":\"1.1\"}",
			 i, i, i == 1 ? "9999999999999999.00" : "1.00");
		line(id, bappeda, item, 0, 0, i == 1 ? 201 : 400, i == 1 ? NULL : "amount-overflow",
		     i == 1 ? NULL : "/pagu_indikatif");
	}
	long k = harness_dokumen_create(&H, finance, 2037, "kua_ppas", NULL);
	line(k, finance, "{\"jenis\":\"opd\",\"opd_kode\":\"" DINKES "\",\"jumlah\":\"" MAX "\"}", 0, 0, 201, NULL,
	     NULL);
	line(k, finance, "{\"jenis\":\"opd\",\"opd_kode\":\"" DISDIK "\",\"jumlah\":\"" MAX "\"}", 0, 0, 400,
	     "amount-overflow", "/jumlah");
	json_t *d = dokumen(k, finance);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 1);
	json_decref(d);
}
END_TEST

/* A CSV import whose rows would take the document past the bound: refused whole, naming the CSV. */
START_TEST(csv_import_total)
{
	long id = harness_dokumen_create(&H, planner_dinkes, 2039, "rka", DINKES);
	char csv[1024];
	int len = snprintf(csv, sizeof(csv),
			   "kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,nama_rekening,pagu,"
			   "sumber_dana\r\n" DINKES ",Dinkes," SUB ",Uji,5.1.02.01.01.0024,ATK," MAX ",1.1\r\n" DINKES
			   ",Dinkes," SUB ",Uji,5.1.02.01.01.0026,Kertas,1.00,1.1\r\n");
	char path[96], auth[128], key[64];
	snprintf(path, sizeof(path), BASE "/%ld/impor", id);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", planner_dinkes);
	snprintf(key, sizeof(key), "Idempotency-Key: batas-csv-%d", ++seq);
	const char *hdr[] = { auth, "Content-Type: text/csv", key, NULL };
	struct http_reply r;
	http_request(&H, "POST", path, csv, (size_t)len, hdr, &r);
	http_expect(&r, 400, "amount-overflow", "csv");
	http_reply_release(&r);
	alive();
	json_t *d = dokumen(id, planner_dinkes);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 0);
	json_decref(d);
}
END_TEST

/*
 * An APBD assembled from verified RKAs that each fit (pendapatan lines are not held to a
 * plafon) but together pass the bound: the assembly is refused whole, the draft stays empty.
 */
START_TEST(apbd_assembly_total)
{
	char *k = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', 2042, 'kua_ppas', NULL, NULL)");
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_plafon_add('13.71', %s, NULL, 'sub_kegiatan', '" BPKAD "',"
			  " '5.02.02.2.01.0001', 1000, NULL)",
			  k));
	harness_step(&H, atol(k), "submit");
	harness_step(&H, atol(k), "verify");
	harness_step(&H, atol(k), "lock");
	static const char *const opd[] = { DINKES, DISDIK };
	for (int i = 0; i < 2; i++) {
		char *r = harness_sqlf(
			&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', 2042, 'rka', '%s', NULL)", opd[i]);
		free(harness_sqlf(&H,
				  "SELECT baris FROM pagu_rka_add('13.71', %s, NULL, '" SUB "', '4.1.01.06.01.0001',"
				  " 'Pajak hotel', '[{\"nilai\":\"1\",\"satuan\":\"tahun\"}]', " MAX ", '1.1', NULL)",
				  r));
		harness_step(&H, atol(r), "submit");
		harness_step(&H, atol(r), "verify");
		free(r);
	}
	free(k);
	long apbd = harness_dokumen_create(&H, finance, 2042, "apbd", NULL);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/susun", apbd);
	struct http_reply r;
	http_call(&H, "POST", path, finance, NULL, 1, &r);
	http_expect(&r, 400, "amount-overflow", NULL);
	ck_assert_ptr_null(json_object_get(r.json, "field"));
	http_reply_release(&r);
	alive();
	json_t *d = dokumen(apbd, finance);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "revisi")), 1);
	json_decref(d);
}
END_TEST

/* The ledger: an entry's lines, and a receiving pocket's running realisation, stay within the bound. */
START_TEST(ledger_amounts)
{
	char *masuk = harness_sqlf(
		&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2027 AND arah = 'masuk'");
	ck_assert_ptr_nonnull(masuk);
	char body[512];
	struct http_reply r;
	/* two lines that each fit but together pass the bound */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"STS-B1\",\"tanggal\":\"2027-01-15\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"" MAX "\"},{\"kantong_id\":%s,\"jumlah\":\"0.01\"}]}",
		 masuk, masuk);
	http_call(&H, "POST", "/v1/pemda/13.71/ledger/sts", revenue, body, 0, &r);
	http_expect(&r, 400, "amount-overflow", "/baris/1/jumlah");
	http_reply_release(&r);
	alive();
	/* receipts pass a target, but not what pagu carries: the pocket's realisation is bounded */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"STS-B2\",\"tanggal\":\"2027-01-15\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"9999999999990000.00\"}]}",
		 masuk);
	http_call(&H, "POST", "/v1/pemda/13.71/ledger/sts", revenue, body, 0, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"STS-B3\",\"tanggal\":\"2027-01-16\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"" MAX "\"}]}",
		 masuk);
	http_call(&H, "POST", "/v1/pemda/13.71/ledger/sts", revenue, body, 0, &r);
	http_expect(&r, 400, "amount-overflow", "/baris");
	http_reply_release(&r);
	alive();
	/* what was taken reads back, in the LRA and the realisation */
	get_expect("/v1/pemda/13.71/laporan/lra?tahun=2027", inspector, 200, NULL, &r);
	ck_assert_ptr_nonnull(strstr(r.body, "9999999999990000.00"));
	http_reply_release(&r);
	get_expect("/v1/pemda/13.71/ledger/realisasi?tahun=2027", inspector, 200, NULL, NULL);
	free(masuk);
}
END_TEST

/*
 * Amounts already stored that the engine cannot carry (written before the bounds, or by
 * hand): each read is a problem for that request alone, and the server lives on.
 */
START_TEST(stored_out_of_range)
{
	/* the case: two committed lines of the API's upper limit in one draft */
	long id = harness_dokumen_create(&H, planner_dinkes, 2040, "rka", DINKES);
	int rv = line(id, planner_dinkes, rka_line("1 paket", MAX), 0, 0, 201, NULL, NULL);
	ck_assert_int_gt(rv, 1);
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO rka_baris SELECT pemda_id, dokumen_id, baris + 1, opd_kode, sub_kegiatan, akun, uraian,"
		 " koefisien, volume, harga_satuan, jumlah, sumber_dana, asal_dokumen_id, asal_baris, ssh_kode, "
		 "ssh_versi"
		 " FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld;"
		 " UPDATE dokumen SET baris_terakhir = 2 WHERE pemda_id = '13.71' AND dokumen_id = %ld",
		 id, id);
	harness_tamper(&H, sql);
	char path[128];
	snprintf(path, sizeof(path), BASE "/%ld", id);
	get_expect(path, planner_dinkes, 409, "stored-amount-out-of-range", NULL);
	get_expect("/v1/pemda/13.71/jejak?tahun=2040&opd=" DINKES "&sub_kegiatan=" SUB, planner_dinkes, 409,
		   "stored-amount-out-of-range", NULL);
	snprintf(path, sizeof(path), BASE "/%ld/csv", id);
	get_expect(path, planner_dinkes, 409, "stored-amount-out-of-range", NULL);
	/* nor can a third line be added to it */
	line(id, planner_dinkes, rka_line("1 paket", "1.00"), 0, 0, 400, "amount-overflow", "/harga_satuan");

	/* one line beyond int64 sen though within NUMERIC(20,2): every reader of it refuses */
	long id2 = harness_dokumen_create(&H, planner_dinkes, 2041, "rka", DINKES);
	line(id2, planner_dinkes, rka_line("1 paket", "1.00"), 0, 0, 201, NULL, NULL);
	snprintf(sql, sizeof(sql),
		 "UPDATE rka_baris SET harga_satuan = 900000000000000000.00, jumlah = 900000000000000000.00"
		 " WHERE pemda_id = '13.71' AND dokumen_id = %ld",
		 id2);
	harness_tamper(&H, sql);
	snprintf(path, sizeof(path), BASE "/%ld", id2);
	get_expect(path, planner_dinkes, 409, "stored-amount-out-of-range", NULL);
	get_expect("/v1/pemda/13.71/jejak?tahun=2041&opd=" DINKES "&sub_kegiatan=" SUB, planner_dinkes, 409,
		   "stored-amount-out-of-range", NULL);
	snprintf(path, sizeof(path), BASE "/%ld/csv", id2);
	get_expect(path, planner_dinkes, 409, "stored-amount-out-of-range", NULL);
	/* the rules see no silent 0 in its place: the line in a draft APBD the rules are asked about */
	long apbd = harness_dokumen_create(&H, finance, 2041, "apbd", NULL);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO rka_baris SELECT pemda_id, %ld, baris, opd_kode, sub_kegiatan, akun, uraian, koefisien,"
		 " volume, harga_satuan, jumlah, sumber_dana, NULL, NULL, ssh_kode, ssh_versi FROM rka_baris"
		 " WHERE pemda_id = '13.71' AND dokumen_id = %ld;"
		 " UPDATE dokumen SET baris_terakhir = 1 WHERE pemda_id = '13.71' AND dokumen_id = %ld",
		 apbd, id2, apbd);
	harness_tamper(&H, sql);
	snprintf(sql, sizeof(sql), "{\"dokumen_id\":%ld,\"aksi\":\"lock\"}", apbd);
	struct http_reply r;
	http_call(&H, "POST", "/v1/pemda/13.71/rules/evaluate", finance, sql, 0, &r);
	http_expect(&r, 409, "stored-amount-out-of-range", NULL);
	http_reply_release(&r);
	alive();

	/* an SSH price */
	harness_tamper(&H,
		       "INSERT INTO ssh_item (pemda_id, tahun, kode, versi, uraian, satuan, harga, akun)"
		       " VALUES ('13.71', 2041, 'BATAS-1', 1, 'Uji', 'unit', 900000000000000000.00, ARRAY['5.1.02'])");
	get_expect("/v1/pemda/13.71/ssh?tahun=2041", planner_dinkes, 409, "stored-amount-out-of-range", NULL);

	/* a pocket's allocation: the LRA and the realisation sum it */
	char *k = harness_sqlf(&H, "SELECT kantong_id || ' ' || alokasi FROM kantong WHERE pemda_id = '13.71'"
				   " AND tahun = 2026 AND opd_kode = '" DINKES "' AND arah = 'keluar'"
				   " ORDER BY kantong_id LIMIT 1");
	ck_assert_ptr_nonnull(k);
	long kantong = 0;
	char alokasi[40];
	ck_assert_int_eq(sscanf(k, "%ld %39s", &kantong, alokasi), 2);
	free(k);
	snprintf(sql, sizeof(sql), "UPDATE kantong SET alokasi = 900000000000000000.00 WHERE kantong_id = %ld",
		 kantong);
	harness_tamper(&H, sql);
	get_expect("/v1/pemda/13.71/laporan/lra?tahun=2026&opd=" DINKES, inspector, 409, "stored-amount-out-of-range",
		   NULL);
	get_expect("/v1/pemda/13.71/laporan/lra?tahun=2026&opd=" DINKES "&format=csv", inspector, 409,
		   "stored-amount-out-of-range", NULL);
	get_expect("/v1/pemda/13.71/ledger/realisasi?tahun=2026&opd=" DINKES, inspector, 409,
		   "stored-amount-out-of-range", NULL);
	snprintf(sql, sizeof(sql), "UPDATE kantong SET alokasi = %s WHERE kantong_id = %ld", alokasi, kantong);
	harness_tamper(&H, sql);
	get_expect("/v1/pemda/13.71/laporan/lra?tahun=2026&opd=" DINKES, inspector, 200, NULL, NULL);
}
END_TEST

static Suite *batas_suite(void)
{
	Suite *s = suite_create("batas");
	TCase *tc = tcase_create("batas");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, rka_lines_at_the_bound);
	tcase_add_test(tc, rkpd_and_kua_ppas_totals);
	tcase_add_test(tc, csv_import_total);
	tcase_add_test(tc, apbd_assembly_total);
	tcase_add_test(tc, ledger_amounts);
	tcase_add_test(tc, stored_out_of_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* the receipts post into 2027 (harness_bpkad_2027): a training date that has reached them */
	setenv("PAGU_TODAY", "2027-01-31", 1);
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_bpkad_2027(&H);
	harness_token_need(&H, "13.71", "planner", DINKES, planner_dinkes);
	harness_token_need(&H, "13.71", "planner", NULL, bappeda);
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	harness_token_need(&H, "13.71", "revenue", NULL, revenue);
	harness_token_need(&H, "13.71", "inspector", NULL, inspector);
	return harness_run(&H, batas_suite());
}
