/*
 * test_sipd.c - SIPD's data as it is, through the real server: penunjang sub kegiatan in SIPD's form
 * (stored canonical with the OPD's bidang, exported as SIPD writes it, refused under a bidang the OPD
 * lacks), pendapatan kept by OPD and akun from the RKA to an STS and the LRA, pendapatan, belanja and
 * pembiayaan kept apart in every total and trace, and koefisien typed with a decimal comma.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct harness H;
static char planner_disdik[64], finance[64], revenue[64], inspector[64];
static int seq;

#define DISDIK "1.01.2.22.0.00.01.0000" /* bidang 1.01 and 2.22 */
#define BPKAD "5.02.0.00.0.00.01.0000"
#define BASE "/v1/pemda/13.71/dokumen"
#define TAHUN 2025
#define SIPD "1.01.01.2.02.0001" /* Penyediaan Gaji dan Tunjangan ASN, under bidang 1.01 */
#define KANON "X.XX.01.2.02.0001"
#define RETRIBUSI "4.1.02.01.01.0001"
#define ATK "5.1.02.01.01.0024"

static char *line(const char *sub, const char *akun, const char *koefisien, const char *harga)
{
	static char body[512];
	if (sub)
		snprintf(body, sizeof(body),
			 "{\"sub_kegiatan\":\"%s\",\"akun\":\"%s\",\"uraian\":\"Uji SIPD\",\"koefisien\":[\"%s\"],"
			 "\"harga_satuan\":\"%s\",\"sumber_dana\":\"1.1\"}",
			 sub, akun, koefisien, harga);
	else
		snprintf(body, sizeof(body),
			 "{\"akun\":\"%s\",\"uraian\":\"Uji SIPD\",\"koefisien\":[\"%s\"],\"harga_satuan\":\"%s\","
			 "\"sumber_dana\":\"1.1\"}",
			 akun, koefisien, harga);
	return body;
}

/* POST a line; the reply's revision when it is 201, else the status and problem are checked. */
static int add(long id, const char *tok, const char *body, long status, const char *slug, const char *field,
	       const char *detail_has)
{
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/baris", id);
	struct http_reply r;
	http_call(&H, "POST", path, tok, body, 0, &r);
	http_expect(&r, status, slug, field);
	if (detail_has)
		ck_assert_msg(jstr(r.json, "detail") && strstr(jstr(r.json, "detail"), detail_has),
			      "detail %s lacks %s", jstr(r.json, "detail"), detail_has);
	int rv = status == 201 ? (int)json_integer_value(json_object_get(r.json, "revisi")) : 0;
	http_reply_release(&r);
	return rv;
}

static int step(long id, const char *tok, const char *aksi, int revisi)
{
	char path[96], body[64];
	snprintf(path, sizeof(path), BASE "/%ld/transisi", id);
	snprintf(body, sizeof(body), "{\"aksi\":\"%s\"}", aksi);
	struct http_reply r;
	http_call(&H, "POST", path, tok, body, revisi, &r);
	http_expect(&r, 200, NULL, NULL);
	int rv = (int)json_integer_value(json_object_get(r.json, "revisi"));
	http_reply_release(&r);
	return rv;
}

static int revisi_of(long id)
{
	json_t *d = harness_dokumen_get(&H, id, inspector);
	int rv = (int)json_integer_value(json_object_get(d, "revisi"));
	json_decref(d);
	return rv;
}

static const char *total_of(json_t *d, const char *kind)
{
	return jstr(json_object_get(d, "total"), kind);
}

static void post_csv(long id, const char *tok, const char *csv, size_t len, struct http_reply *r)
{
	char path[96], auth[128], key[64];
	snprintf(path, sizeof(path), BASE "/%ld/impor", id);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
	snprintf(key, sizeof(key), "Idempotency-Key: sipd-impor-%d", ++seq);
	const char *hdr[] = { auth, "Content-Type: text/csv", key, NULL };
	http_request(&H, "POST", path, csv, len, hdr, r);
}

static char *export_csv(long id)
{
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/csv", id);
	struct http_reply r;
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	char *out = strndup(r.body, r.len);
	http_reply_release(&r);
	return out;
}

/* The locked KUA-PPAS of the year: Disdik's penunjang sub kegiatan (given in SIPD form) and its OPD. */
static void kua_ppas(void)
{
	long k = harness_dokumen_create(&H, finance, TAHUN, "kua_ppas", NULL);
	add(k, finance,
	    "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DISDIK "\",\"sub_kegiatan\":\"" SIPD
	    "\",\"jumlah\":\"10000000.00\"}",
	    201, NULL, NULL, NULL);
	/* under a bidang Disdik does not have: refused, naming the ones it has */
	add(k, finance,
	    "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DISDIK
	    "\",\"sub_kegiatan\":\"1.02.01.2.02.0001\",\"jumlah\":\"1.00\"}",
	    422, "rule-violation", "/sub_kegiatan", "1.01, 2.22");
	add(k, finance, "{\"jenis\":\"opd\",\"opd_kode\":\"" DISDIK "\",\"jumlah\":\"10000000.00\"}", 201, NULL, NULL,
	    NULL);
	int rv = add(k, finance, "{\"jenis\":\"pendapatan\",\"jumlah\":\"1200000000.00\"}", 201, NULL, NULL, NULL);
	json_t *d = harness_dokumen_get(&H, k, inspector);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(d, "baris"), 0), "sub_kegiatan"), KANON);
	/* the sub kegiatan ceiling lies within the OPD's: belanja is the OPD ceilings alone */
	ck_assert_str_eq(total_of(d, "belanja"), "10000000.00");
	ck_assert_str_eq(total_of(d, "pendapatan"), "1200000000.00");
	json_decref(d);
	rv = step(k, finance, "submit", rv);
	rv = step(k, finance, "verify", rv);
	step(k, finance, "lock", rv);
}

/*
 * The class "pendapatan counted as belanja": an OPD budgets exactly its plafon of belanja, and a 1.2 bn
 * retribusi line beside it. Nothing may show it over: the submission passes the plafon check, the
 * document's totals keep the kinds apart, the trace (jejak) counts belanja, and so do the APBD, the
 * DPA, and their diff.
 */
START_TEST(sipd_year)
{
	kua_ppas();
	long id = harness_dokumen_create(&H, planner_disdik, TAHUN, "rka", DISDIK);

	/* refusals change nothing */
	int rv0 = revisi_of(id);
	add(id, planner_disdik, line("1.02.01.2.02.0001", ATK, "1 paket", "1.00"), 422, "rule-violation",
	    "/sub_kegiatan", "sedangkan bidang OPD 1.01.2.22.0.00.01.0000 adalah 1.01, 2.22");
	add(id, planner_disdik, line(SIPD, ATK, "1.000 m2", "1.00"), 422, "rule-violation", "/koefisien/0",
	    "tulis 2,5 atau 2.5; tanpa pemisah ribuan");
	add(id, planner_disdik, line(SIPD, ATK, "1,000.5 m2", "1.00"), 422, "rule-violation", "/koefisien/0",
	    "tanpa pemisah ribuan");
	add(id, planner_disdik, line(SIPD, ATK, "1.5,2 m2", "1.00"), 422, "rule-violation", "/koefisien/0", NULL);
	add(id, planner_disdik, line(SIPD, ATK, "2,5x m2", "1.00"), 400, "invalid-input", "/koefisien/0", NULL);
	/* a belanja line needs its sub kegiatan */
	add(id, finance, line(NULL, ATK, "1 paket", "1.00"), 422, "rule-violation", "/sub_kegiatan", "belanja");
	ck_assert_int_eq(revisi_of(id), rv0);
	json_t *d = harness_dokumen_get(&H, id, inspector);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 0);
	json_decref(d);

	/* the penunjang sub kegiatan in SIPD's form, a koefisien with a decimal comma: 2,5 x 4,000,000 */
	add(id, planner_disdik, line(SIPD, ATK, "2,5 m2", "4000000.00"), 201, NULL, NULL, NULL);
	/* Bapenda's retribusi by OPD and akun, no sub kegiatan */
	add(id, revenue, line(NULL, RETRIBUSI, "1 tahun", "1200000000.00"), 201, NULL, NULL, NULL);
	d = harness_dokumen_get(&H, id, inspector);
	json_t *b1 = json_array_get(json_object_get(d, "baris"), 0),
	       *b2 = json_array_get(json_object_get(d, "baris"), 1);
	ck_assert_str_eq(jstr(b1, "sub_kegiatan"), KANON);
	ck_assert_str_eq(jstr(b1, "bidang"), "1.01");
	ck_assert_str_eq(jstr(b1, "sub_kegiatan_sipd"), SIPD);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(b1, "koefisien"), 0)), "2.5 m2");
	ck_assert_str_eq(jstr(b1, "jumlah"), "10000000.00");
	ck_assert(json_is_null(json_object_get(b2, "sub_kegiatan")));
	ck_assert(json_is_null(json_object_get(b2, "bidang")));
	ck_assert_str_eq(total_of(d, "belanja"), "10000000.00");
	ck_assert_str_eq(total_of(d, "pendapatan"), "1200000000.00");
	ck_assert_str_eq(total_of(d, "pengeluaran_pembiayaan"), "0.00");
	int rv = (int)json_integer_value(json_object_get(d, "revisi"));
	json_decref(d);

	/* the export writes SIPD's form, and an empty sub kegiatan for the pendapatan line */
	char *csv = export_csv(id);
	ck_assert_msg(strstr(csv, "\r\n" DISDIK "," SIPD "," ATK ","), "%s", csv);
	ck_assert_msg(strstr(csv, "\r\n" DISDIK ",," RETRIBUSI ","), "%s", csv);
	ck_assert_msg(!strstr(csv, "X.XX"), "%s", csv);

	/* the belanja is exactly the plafon; the retribusi beside it is no belanja */
	rv = step(id, planner_disdik, "submit", rv);
	rv = step(id, finance, "verify", rv);
	step(id, finance, "lock", rv);

	struct http_reply r;
	/* the trace, asked in SIPD's form and in pagu's: belanja only */
	const char *const asked[] = { SIPD, KANON };
	for (int i = 0; i < 2; i++) {
		char path[256];
		snprintf(path, sizeof(path), "/v1/pemda/13.71/jejak?tahun=%d&opd=" DISDIK "&sub_kegiatan=%s", TAHUN,
			 asked[i]);
		http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "kua_ppas"), 0), "jumlah"), "10000000.00");
		ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "rka"), 0), "jumlah"), "10000000.00");
		ck_assert_int_eq(
			json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "rka"), 0), "baris")),
			1);
		http_reply_release(&r);
	}

	/* APBD: assembled with the bidang, locked, its hash verifies */
	long apbd = harness_dokumen_create(&H, finance, TAHUN, "apbd", NULL);
	char path[128];
	snprintf(path, sizeof(path), BASE "/%ld/susun", apbd);
	http_call(&H, "POST", path, finance, "{}", revisi_of(apbd), &r);
	http_expect(&r, 200, NULL, NULL);
	http_reply_release(&r);
	d = harness_dokumen_get(&H, apbd, inspector);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(d, "baris"), 0), "bidang"), "1.01");
	ck_assert_str_eq(total_of(d, "belanja"), "10000000.00");
	ck_assert_str_eq(total_of(d, "pendapatan"), "1200000000.00");
	rv = (int)json_integer_value(json_object_get(d, "revisi"));
	json_decref(d);
	rv = step(apbd, finance, "submit", rv);
	rv = step(apbd, finance, "verify", rv);
	step(apbd, finance, "lock", rv);

	/* DPA, its anggaran kas, locked: the pockets */
	snprintf(path, sizeof(path), BASE "/%ld/dpa", apbd);
	http_call(&H, "POST", path, finance, "{\"opd_kode\":\"" DISDIK "\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long dpa = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/anggaran-kas", dpa);
	for (int b = 1; b <= 2; b++) {
		char body[64];
		snprintf(body, sizeof(body), "{\"baris\":%d,\"rata\":true}", b);
		http_call(&H, "POST", path, finance, body, 0, &r);
		http_expect(&r, 200, NULL, NULL);
		http_reply_release(&r);
	}
	rv = revisi_of(dpa);
	rv = step(dpa, finance, "submit", rv);
	rv = step(dpa, finance, "verify", rv);
	step(dpa, finance, "lock", rv);
	const long docs[] = { id, apbd, dpa };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), BASE "/%ld/verifikasi", docs[i]);
		http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
		ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
		http_reply_release(&r);
	}

	/* pockets: the penunjang one under its bidang, found by either form; the pendapatan one by OPD and akun */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/ledger/kantong?tahun=%d&opd=" DISDIK, TAHUN);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	ck_assert_int_eq(json_array_size(items), 2);
	long masuk = 0;
	size_t i;
	json_t *k;
	json_array_foreach (items, i, k) {
		if (!strcmp(jstr(k, "arah"), "masuk")) {
			masuk = (long)json_integer_value(json_object_get(k, "kantong_id"));
			ck_assert(json_is_null(json_object_get(k, "sub_kegiatan")));
			ck_assert_str_eq(jstr(k, "akun"), RETRIBUSI);
			ck_assert_str_eq(jstr(k, "alokasi"), "1200000000.00");
		} else {
			ck_assert_str_eq(jstr(k, "sub_kegiatan"), KANON);
			ck_assert_str_eq(jstr(k, "bidang"), "1.01");
		}
	}
	ck_assert_int_gt(masuk, 0);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/ledger/kantong?tahun=%d&sub_kegiatan=" SIPD, TAHUN);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
	http_reply_release(&r);

	/* an STS into the pendapatan pocket, and the LRA shows it as pendapatan */
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"opd_kode\":\"" DISDIK "\",\"nomor\":\"STS-SIPD-1\",\"tanggal\":\"%d-03-10\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"500000000.00\"}]}",
		 TAHUN, TAHUN, masuk);
	http_post(&H, "/v1/pemda/13.71/ledger/sts", revenue, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/laporan/lra?tahun=%d&opd=" DISDIK, TAHUN);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *ring = json_object_get(r.json, "ringkasan");
	ck_assert_str_eq(jstr(json_object_get(ring, "pendapatan"), "anggaran"), "1200000000.00");
	ck_assert_str_eq(jstr(json_object_get(ring, "pendapatan"), "realisasi"), "500000000.00");
	ck_assert_str_eq(jstr(json_object_get(ring, "belanja"), "anggaran"), "10000000.00");
	ck_assert_str_eq(jstr(json_object_get(ring, "belanja"), "realisasi"), "0.00");
	http_reply_release(&r);
	/* the whole record still verifies */
	http_auth(&H, "GET", "/v1/pemda/13.71/ledger/verify", inspector, NULL, NULL, &r);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/verify", inspector, NULL, NULL, &r);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
	http_reply_release(&r);

	/* the export imports again, to the same text: into another year's RKA of the OPD */
	long id2 = harness_dokumen_create(&H, planner_disdik, TAHUN - 1, "rka", DISDIK);
	/* first a refusal naming its rows: an ambiguous volume, a bidang the OPD lacks, a belanja row
	   without sub kegiatan; nothing goes in */
	const char *bad = "kode_skpd,kode_sub_kegiatan,kode_rekening,nama_rekening,pagu,volume,satuan,harga,sumber_"
			  "dana\r\n" DISDIK "," SIPD "," ATK ",x,1000.00,1.000,m2,1.00,1.1\r\n" DISDIK
			  ",1.02.01.2.02.0001," ATK ",x,1.00,1,m2,1.00,1.1\r\n" DISDIK ",," ATK
			  ",x,1.00,1,m2,1.00,1.1\r\n" DISDIK "," SIPD "," ATK ",x,10.00,\"2,5\",m2,4.00,1.1\r\n";
	post_csv(id2, finance, bad, strlen(bad), &r);
	http_expect(&r, 422, NULL, NULL);
	ck_assert_msg(strstr(r.body, "tanpa pemisah ribuan") && strstr(r.body, "2.22") && strstr(r.body, "belanja"),
		      "%s", r.body);
	http_reply_release(&r);
	d = harness_dokumen_get(&H, id2, inspector);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 0);
	json_decref(d);
	post_csv(id2, finance, csv, strlen(csv), &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(total_of(r.json, "belanja"), "10000000.00");
	ck_assert_str_eq(total_of(r.json, "pendapatan"), "1200000000.00");
	http_reply_release(&r);
	char *csv2 = export_csv(id2);
	ck_assert_str_eq(csv2, csv);
	d = harness_dokumen_get(&H, id2, inspector);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(d, "baris"), 0), "bidang"), "1.01");
	json_decref(d);
	free(csv);
	free(csv2);
}
END_TEST

/*
 * The same class with the codes pagu always took: a pendapatan line on the very sub kegiatan of the
 * belanja (as pagu required before issue 18). The OPD is not over its plafon anywhere: in the
 * document's totals, in the trace, in a diff.
 */
START_TEST(pendapatan_apart)
{
	const int tahun = TAHUN - 2;
	const char *sub = "1.01.02.2.01.0001";
	long k = harness_dokumen_create(&H, finance, tahun, "kua_ppas", NULL);
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DISDIK
		 "\",\"sub_kegiatan\":\"%s\",\"jumlah\":\"10000000.00\"}",
		 sub);
	add(k, finance, body, 201, NULL, NULL, NULL);
	int rv = add(k, finance, "{\"jenis\":\"opd\",\"opd_kode\":\"" DISDIK "\",\"jumlah\":\"10000000.00\"}", 201,
		     NULL, NULL, NULL);
	rv = step(k, finance, "submit", rv);
	rv = step(k, finance, "verify", rv);
	step(k, finance, "lock", rv);

	long id = harness_dokumen_create(&H, planner_disdik, tahun, "rka", DISDIK);
	add(id, planner_disdik, line(sub, ATK, "10 paket", "1000000.00"), 201, NULL, NULL, NULL);
	rv = add(id, revenue, line(sub, RETRIBUSI, "1 tahun", "1200000000.00"), 201, NULL, NULL, NULL);
	json_t *d = harness_dokumen_get(&H, id, inspector);
	ck_assert_str_eq(total_of(d, "belanja"), "10000000.00");
	ck_assert_str_eq(total_of(d, "pendapatan"), "1200000000.00");
	json_decref(d);
	rv = step(id, planner_disdik, "submit", rv);
	rv = step(id, finance, "verify", rv);
	step(id, finance, "lock", rv);
	char path[256];
	snprintf(path, sizeof(path), "/v1/pemda/13.71/jejak?tahun=%d&opd=" DISDIK "&sub_kegiatan=%s", tahun, sub);
	struct http_reply r;
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *rka = json_array_get(json_object_get(r.json, "rka"), 0);
	ck_assert_str_eq(jstr(rka, "jumlah"), jstr(json_array_get(json_object_get(r.json, "kua_ppas"), 0), "jumlah"));
	ck_assert_int_eq(json_integer_value(json_object_get(rka, "baris")), 1);
	http_reply_release(&r);

	/* a new version that doubles the retribusi: its diff changes pendapatan, not belanja */
	snprintf(path, sizeof(path), BASE "/%ld/turunan", id);
	http_call(&H, "POST", path, finance, "{\"alasan\":\"target retribusi naik\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long id2 = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	add(id2, revenue, line(sub, RETRIBUSI, "1 tahun", "1200000000.00"), 201, NULL, NULL, NULL);
	snprintf(path, sizeof(path), BASE "/%ld/diff?dengan=%ld", id2, id);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(json_object_get(r.json, "selisih"), "pendapatan"), "1200000000.00");
	ck_assert_str_eq(jstr(json_object_get(r.json, "selisih"), "belanja"), "0.00");
	http_reply_release(&r);
}
END_TEST

/* Pembiayaan is PPKD's, by akun: a penerimaan pembiayaan line without sub kegiatan; kept apart in totals. */
START_TEST(pembiayaan_by_akun)
{
	long id = harness_dokumen_create(&H, finance, TAHUN + 1, "rka", BPKAD);
	add(id, finance, line(NULL, "6.1.01.01.01.0001", "1 tahun", "300000000.00"), 201, NULL, NULL, NULL);
	json_t *d = harness_dokumen_get(&H, id, inspector);
	ck_assert_str_eq(total_of(d, "penerimaan_pembiayaan"), "300000000.00");
	ck_assert_str_eq(total_of(d, "belanja"), "0.00");
	ck_assert_str_eq(total_of(d, "pendapatan"), "0.00");
	json_decref(d);
}
END_TEST

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "planner", DISDIK, planner_disdik);
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	harness_token_need(&H, "13.71", "revenue", NULL, revenue);
	harness_token_need(&H, "13.71", "inspector", NULL, inspector);
	Suite *s = suite_create("sipd");
	TCase *tc = tcase_create("sipd");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, sipd_year);
	tcase_add_test(tc, pendapatan_apart);
	tcase_add_test(tc, pembiayaan_by_akun);
	suite_add_tcase(s, tc);
	return harness_run(&H, s);
}
