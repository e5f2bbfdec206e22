/* test_dokumen.c - planning and budget documents through HTTP: flow, refusals, locks, the hash chain. */
#include <check.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct harness H;
static char planner_dinkes[64], planner_disdik[64], bappeda[64], finance[64], revenue[64], inspector[64];
static char bappeda19[64], finance19[64];
static int seq;

#define DINKES "1.02.0.00.0.00.01.0000"
#define DISDIK "1.01.2.22.0.00.01.0000"
#define BASE "/v1/pemda/13.71/dokumen"

static char *rka_line(const char *sub, const char *akun, const char *k1, const char *k2, const char *harga)
{
	static char body[512];
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"%s\",\"uraian\":\"Belanja uji\",\"koefisien\":[\"%s\"%s%s%s],"
		 "\"harga_satuan\":\"%s\",\"sumber_dana\":\"1.1\"}",
		 sub, akun, k1, k2 ? ",\"" : "", k2 ? k2 : "", k2 ? "\"" : "", harga);
	return body;
}

static int add(long id, const char *tok, const char *body, long status, const char *slug, const char *field,
	       struct http_reply *keep)
{
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/baris", id);
	struct http_reply r;
	http_call(&H, "POST", path, tok, body, 0, &r);
	http_expect(&r, status, slug, field);
	int revisi = status == 201 ? (int)json_integer_value(json_object_get(r.json, "revisi")) : 0;
	if (keep)
		*keep = r;
	else
		http_reply_release(&r);
	return revisi;
}

static int step(long id, const char *tok, const char *aksi, const char *alasan, int revisi, long status,
		const char *slug)
{
	char path[96], body[256];
	snprintf(path, sizeof(path), BASE "/%ld/transisi", id);
	if (alasan)
		snprintf(body, sizeof(body), "{\"aksi\":\"%s\",\"alasan\":\"%s\"}", aksi, alasan);
	else
		snprintf(body, sizeof(body), "{\"aksi\":\"%s\"}", aksi);
	struct http_reply r;
	http_call(&H, "POST", path, tok, body, revisi, &r);
	http_expect(&r, status, slug, NULL);
	int rv = status == 200 ? (int)json_integer_value(json_object_get(r.json, "revisi")) : revisi;
	http_reply_release(&r);
	return rv;
}

/* The canonical encoding, rebuilt here from what the API returns, independently of the SQL. */
static void canonical_hash(json_t *d, const char *hash_sebelum, char out[65])
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_t *opd = json_object_get(d, "opd_kode");
	fprintf(f, "pagu-dokumen-v1\n13.71\n%lld\n%s\n%s\n%lld\n%s\n",
		(long long)json_integer_value(json_object_get(d, "tahun")), jstr(d, "jenis"),
		json_is_string(opd) ? json_string_value(opd) : "",
		(long long)json_integer_value(json_object_get(d, "versi")), hash_sebelum ? hash_sebelum : "");
	size_t i;
	json_t *b;
	json_array_foreach (json_object_get(d, "baris"), i, b) {
		if (json_object_get(b, "akun")) {
			/* a line without sub kegiatan (pendapatan by OPD and akun) has an empty field */
			json_t *sk = json_object_get(b, "sub_kegiatan");
			fprintf(f, "rka\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f",
				(long long)json_integer_value(json_object_get(b, "baris")), jstr(b, "opd_kode"),
				json_is_string(sk) ? json_string_value(sk) : "", jstr(b, "akun"), jstr(b, "uraian"));
			size_t k;
			json_t *kv;
			json_array_foreach (json_object_get(b, "koefisien"), k, kv)
				fprintf(f, "%s%s", k ? " x " : "", json_string_value(kv));
			json_t *ssh = json_object_get(b, "ssh");
			fprintf(f, "\x1f%s\x1f%s\x1f%s\x1f%s\x1f", jstr(b, "volume"), jstr(b, "harga_satuan"),
				jstr(b, "jumlah"), jstr(b, "sumber_dana"));
			if (ssh)
				fprintf(f, "%s/%lld", jstr(ssh, "kode"),
					(long long)json_integer_value(json_object_get(ssh, "versi")));
			/* the bidang of a penunjang line, as a last field, only when it has one */
			json_t *bidang = json_object_get(b, "bidang");
			if (json_is_string(bidang))
				fprintf(f, "\x1f%s", json_string_value(bidang));
			fputc('\n', f);
		} else if (json_object_get(b, "jenis")) {
			json_t *o = json_object_get(b, "opd_kode"), *sk = json_object_get(b, "sub_kegiatan");
			fprintf(f, "plafon\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\n",
				(long long)json_integer_value(json_object_get(b, "baris")), jstr(b, "jenis"),
				json_is_string(o) ? json_string_value(o) : "",
				json_is_string(sk) ? json_string_value(sk) : "", jstr(b, "jumlah"));
		} else {
			json_t *titik = json_object_get(b, "lokasi_titik"), *rpjmd = json_object_get(b, "rpjmd_kode");
			fprintf(f, "rkpd\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n",
				(long long)json_integer_value(json_object_get(b, "baris")), jstr(b, "opd_kode"),
				jstr(b, "sub_kegiatan"), jstr(b, "indikator"), jstr(b, "target"), jstr(b, "satuan"),
				jstr(b, "pagu_indikatif"), jstr(b, "lokasi"), jstr(b, "sumber_dana"),
				json_is_string(titik) ? json_string_value(titik) : "",
				json_is_string(rpjmd) ? json_string_value(rpjmd) : "");
		}
	}
	/* then the anggaran kas of the lines, by line and month */
	json_array_foreach (json_object_get(d, "baris"), i, b) {
		json_t *kas = json_object_get(b, "anggaran_kas");
		for (size_t m = 0; kas && m < json_array_size(kas); m++)
			fprintf(f, "kas\x1f%lld\x1f%zu\x1f%s\n",
				(long long)json_integer_value(json_object_get(b, "baris")), m + 1,
				json_string_value(json_array_get(kas, m)));
	}
	fclose(f);
	unsigned char md[32];
	unsigned int n = 0;
	EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL);
	for (unsigned int k = 0; k < 32; k++)
		snprintf(out + 2 * k, 3, "%02x", md[k]);
	free(buf);
}

START_TEST(rka_flow_and_chain)
{
	long id = harness_dokumen_create(&H, planner_dinkes, 2036, "rka", DINKES);
	add(id, planner_dinkes, rka_line("1.02.02.2.01.01", "5.1.02.01.01.0024", "2 orang", "3.50 hari", "12500.50"),
	    201, NULL, NULL, NULL);
	add(id, planner_dinkes, rka_line("1.02.02.2.01.0002", "5.2.02.01.01.0002", "1 unit", NULL, "1500000000.00"),
	    201, NULL, NULL, NULL);
	/* Bapenda adds a pendapatan line; a rounding case: 0.125 x 0.04 = 0.005 -> 0.01 */
	int rv = add(id, revenue, rka_line("1.02.02.2.01.0001", "4.1.02.01.01.0001", "0.125 kali", NULL, "0.04"), 201,
		     NULL, NULL, NULL);
	json_t *d = harness_dokumen_get(&H, id, inspector);
	json_t *lines = json_object_get(d, "baris");
	ck_assert_int_eq(json_array_size(lines), 3);
	ck_assert_str_eq(jstr(json_array_get(lines, 0), "sub_kegiatan"), "1.02.02.2.01.0001"); /* 2-digit form mapped */
	ck_assert_str_eq(jstr(json_array_get(lines, 0), "jumlah"), "87503.50");
	ck_assert_str_eq(jstr(json_array_get(lines, 0), "volume"), "7");
	ck_assert_str_eq(jstr(json_array_get(lines, 1), "jumlah"), "1500000000.00");
	ck_assert_str_eq(jstr(json_array_get(lines, 2), "jumlah"), "0.01");
	/* pendapatan and belanja are never added together (the 0.01 of retribusi is no belanja) */
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "belanja"), "1500087503.50");
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "pendapatan"), "0.01");
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "penerimaan_pembiayaan"), "0.00");
	json_decref(d);

	rv = step(id, planner_dinkes, "submit", NULL, rv, 200, NULL);
	/* a planner may not verify; a stale If-Match is refused; finance verifies */
	step(id, planner_dinkes, "verify", NULL, rv, 403, "forbidden");
	step(id, finance, "verify", NULL, rv - 1, 412, "precondition-failed");
	step(id, finance, "lock", NULL, rv, 409, "conflict");
	rv = step(id, finance, "verify", NULL, rv, 200, NULL);
	step(id, planner_dinkes, "lock", NULL, rv, 403, "forbidden");
	rv = step(id, finance, "lock", NULL, rv, 200, NULL);

	d = harness_dokumen_get(&H, id, finance);
	ck_assert_str_eq(jstr(d, "status"), "locked");
	ck_assert(json_is_null(json_object_get(d, "hash_sebelum")));
	char mine[65];
	canonical_hash(d, NULL, mine);
	ck_assert_str_eq(mine, jstr(d, "hash"));
	char v1hash[65];
	snprintf(v1hash, sizeof(v1hash), "%s", jstr(d, "hash"));
	json_decref(d);

	/* nothing changes after the lock, through the API */
	add(id, planner_dinkes, rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", NULL, "1.00"), 409,
	    "conflict", "status", NULL);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/baris/1", id);
	struct http_reply r;
	http_call(&H, "DELETE", path, planner_dinkes, NULL, rv, &r);
	http_expect(&r, 409, "conflict", NULL);
	http_reply_release(&r);

	/* a pergeseran: a new version from the locked one, changed, locked, chained */
	snprintf(path, sizeof(path), BASE "/%ld/turunan", id);
	http_call(&H, "POST", path, planner_dinkes, "{\"alasan\":\"pergeseran anggaran triwulan II\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long id2 = (long)json_integer_value(json_object_get(r.json, "id"));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "versi")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "asal_id")), id);
	http_reply_release(&r);
	/* only the latest locked version can be derived from */
	http_call(&H, "POST", path, planner_dinkes, "{\"alasan\":\"lagi\"}", 0, &r);
	http_expect(&r, 409, "conflict", NULL);
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/baris/2", id2);
	/* Bapenda removes pendapatan lines only: line 2 is belanja modal */
	http_call(&H, "DELETE", path, revenue, NULL, 1, &r);
	http_expect(&r, 403, "forbidden", "/akun");
	http_reply_release(&r);
	http_call(&H, "DELETE", path, planner_dinkes, NULL, 1, &r);
	http_expect(&r, 200, NULL, NULL);
	http_reply_release(&r);
	rv = step(id2, planner_dinkes, "submit", NULL, 2, 200, NULL);
	/* rejected back to the OPD, with a reason */
	step(id2, finance, "reject", NULL, rv, 422, "rule-violation");
	rv = step(id2, finance, "reject", "harga tidak sesuai SSH", rv, 200, NULL);
	rv = step(id2, planner_dinkes, "submit", NULL, rv, 200, NULL);
	rv = step(id2, finance, "verify", NULL, rv, 200, NULL);
	step(id2, finance, "lock", NULL, rv, 200, NULL);
	d = harness_dokumen_get(&H, id2, finance);
	ck_assert_str_eq(jstr(d, "hash_sebelum"), v1hash);
	canonical_hash(d, v1hash, mine);
	ck_assert_str_eq(mine, jstr(d, "hash"));
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 2);
	json_decref(d);

	/* what the pergeseran changed: line 2 removed */
	snprintf(path, sizeof(path), BASE "/%ld/diff?dengan=%ld", id2, id);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *diff = json_object_get(r.json, "baris");
	ck_assert_int_eq(json_array_size(diff), 1);
	ck_assert_str_eq(jstr(json_array_get(diff, 0), "aksi"), "hapus");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(diff, 0), "baris")), 2);
	ck_assert_str_eq(jstr(json_array_get(diff, 0), "lama"), "1500000000.00");
	ck_assert(json_is_null(json_object_get(json_array_get(diff, 0), "baru")));
	ck_assert_str_eq(jstr(json_object_get(r.json, "selisih"), "belanja"), "-1500000000.00");
	ck_assert_str_eq(jstr(json_object_get(r.json, "selisih"), "pendapatan"), "0.00");
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/diff?dengan=%ld", id2, id2);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "baris")), 0);
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/diff", id2);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "dengan");
	http_reply_release(&r);

	snprintf(path, sizeof(path), BASE "/%ld/verifikasi", id2);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(json_is_true(json_object_get(r.json, "ok")));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "versi_diperiksa")), 2);
	http_reply_release(&r);

	/* every transition is in the event log, attributed */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT string_agg(aksi, ',' ORDER BY urutan) || '/' || count(token_id) FROM dokumen_event"
		 " WHERE pemda_id = '13.71' AND dokumen_id = %ld",
		 id2);
	char *ev = harness_query1(su, sql);
	ck_assert_str_eq(ev, "derive,submit,reject,submit,verify,lock/6");
	free(ev);
	PQfinish(su);
}
END_TEST

static long locked_rka(const char *opd, const char *tok, int tahun)
{
	long id = harness_dokumen_create(&H, tok, tahun, "rka", opd);
	int rv = add(id, tok, rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "3 rim", NULL, "50000.00"), 201, NULL,
		     NULL, NULL);
	rv = step(id, tok, "submit", NULL, rv, 200, NULL);
	rv = step(id, finance, "verify", NULL, rv, 200, NULL);
	step(id, finance, "lock", NULL, rv, 200, NULL);
	return id;
}

START_TEST(locked_versions_refuse_sql)
{
	long id = locked_rka(DINKES, planner_dinkes, 2037);
	char sql[6][256];
	snprintf(sql[0], 256, "UPDATE rka_baris SET jumlah = 1, harga_satuan = 1, volume = 1 WHERE dokumen_id = %ld",
		 id);
	snprintf(sql[1], 256, "DELETE FROM rka_baris WHERE dokumen_id = %ld", id);
	snprintf(sql[2], 256,
		 "INSERT INTO rka_baris SELECT pemda_id, dokumen_id, 99, opd_kode, sub_kegiatan, akun, uraian, "
		 "koefisien, volume,"
		 " harga_satuan, jumlah, sumber_dana, NULL, NULL FROM rka_baris WHERE dokumen_id = %ld",
		 id);
	snprintf(sql[3], 256, "UPDATE dokumen SET status = 'draft', hash = NULL, dikunci = NULL WHERE dokumen_id = %ld",
		 id);
	snprintf(sql[4], 256, "UPDATE dokumen SET hash = repeat('0', 64) WHERE dokumen_id = %ld", id);
	snprintf(sql[5], 256, "DELETE FROM dokumen_event WHERE dokumen_id = %ld", id);
	PGconn *app = harness_connect(&H, HARNESS_APP);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	for (int i = 0; i < 6; i++) {
		PGresult *r = PQexec(app, sql[i]);
		ck_assert_msg(PQresultStatus(r) == PGRES_FATAL_ERROR, "app could: %s", sql[i]);
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		ck_assert_msg(!strcmp(st, "42501") || !strcmp(st, "P0001"), "%s: %s", sql[i], st);
		PQclear(r);
		r = PQexec(su, sql[i]);
		ck_assert_msg(PQresultStatus(r) == PGRES_FATAL_ERROR, "superuser could: %s", sql[i]);
		ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "P0001");
		PQclear(r);
	}
	/* a superuser who switches the triggers off can change it; verification then names the version */
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/verifikasi", id);
	PGresult *r = PQexec(su, "BEGIN; ALTER TABLE rka_baris DISABLE TRIGGER USER;");
	PQclear(r);
	char tamper[256];
	snprintf(tamper, sizeof(tamper),
		 "UPDATE rka_baris SET jumlah = 1500000, harga_satuan = 500000 WHERE dokumen_id = %ld", id);
	r = PQexec(su, tamper);
	ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	r = PQexec(su, "ALTER TABLE rka_baris ENABLE TRIGGER USER; COMMIT;");
	PQclear(r);
	struct http_reply h;
	http_auth(&H, "GET", path, inspector, NULL, NULL, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(json_is_false(json_object_get(h.json, "ok")));
	ck_assert_int_eq(json_integer_value(json_object_get(h.json, "pertama_rusak")), id);
	http_reply_release(&h);
	PQfinish(app);
	PQfinish(su);
}
END_TEST

START_TEST(refusals)
{
	long id = harness_dokumen_create(&H, planner_disdik, 2036, "rka", DISDIK);
	struct http_reply r;
	/* another OPD's planner cannot touch it, nor read it */
	add(id, planner_dinkes, rka_line("1.01.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", NULL, "1.00"), 403,
	    "forbidden", NULL, NULL);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld", id);
	http_auth(&H, "GET", path, planner_dinkes, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	/* a planner cannot create another OPD's RKA, nor an RKPD when scoped */
	http_call(&H, "POST", BASE, planner_dinkes, "{\"tahun\":2036,\"jenis\":\"rka\",\"opd_kode\":\"" DISDIK "\"}", 0,
		  &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	http_call(&H, "POST", BASE, planner_dinkes, "{\"tahun\":2036,\"jenis\":\"rkpd\"}", 0, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	/* the same document twice */
	http_call(&H, "POST", BASE, planner_disdik, "{\"tahun\":2036,\"jenis\":\"rka\",\"opd_kode\":\"" DISDIK "\"}", 0,
		  &r);
	http_expect(&r, 409, "conflict", "/jenis");
	http_reply_release(&r);
	http_call(&H, "POST", BASE, finance, "{\"tahun\":2036,\"jenis\":\"rka\"}", 0, &r);
	http_expect(&r, 400, "invalid-input", "/opd_kode");
	http_reply_release(&r);
	static const struct {
		const char *sub, *akun, *k, *harga;
		long status;
		const char *slug, *field;
	} bad[] = {
		/* a kota cannot budget a provinsi kegiatan */
		{ "1.02.02.1.01.0001", "5.1.02.01.01.0024", "1 paket", "1.00", 422, "rule-violation", "/sub_kegiatan" },
		/* retired codes */
		{ "X.XX.01.2.02.0009", "5.1.02.01.01.0024", "1 paket", "1.00", 422, "rule-violation", "/sub_kegiatan" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0003", "1 paket", "1.00", 422, "rule-violation", "/akun" },
		/* unknown codes */
		{ "1.01.02.2.01.0999", "5.1.02.01.01.0024", "1 paket", "1.00", 422, "rule-violation", "/sub_kegiatan" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.9999", "1 paket", "1.00", 422, "rule-violation", "/akun" },
		/* malformed */
		{ "1.01.02.2.01", "5.1.02.01.01.0024", "1 paket", "1.00", 400, "invalid-input", "/sub_kegiatan" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01", "1 paket", "1.00", 400, "invalid-input", "/akun" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0024", "0 paket", "1.00", 400, "invalid-input", "/koefisien/0" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0024", "paket", "1.00", 400, "invalid-input", "/koefisien/0" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0024", "1.23456 m", "1.00", 400, "invalid-input", "/koefisien/0" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", "-1.00", 400, "invalid-amount",
		  "/harga_satuan" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", "1.001", 400, "invalid-amount",
		  "/harga_satuan" },
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", "99999999999999999.00", 400, "amount-overflow",
		  "/harga_satuan" },
		/* the product overflows NUMERIC(20,2) */
		{ "1.01.02.2.01.0001", "5.1.02.01.01.0024", "9999999999999999 paket", "9999999999999999.00", 422,
		  "rule-violation", NULL },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		add(id, planner_disdik, rka_line(bad[i].sub, bad[i].akun, bad[i].k, NULL, bad[i].harga), bad[i].status,
		    bad[i].slug, bad[i].field, NULL);
	/* a planner adds belanja only; Bapenda pendapatan only */
	add(id, planner_disdik, rka_line("1.01.02.2.01.0001", "4.1.02.01.01.0001", "1 kali", NULL, "1.00"), 403,
	    "forbidden", "/akun", NULL);
	add(id, revenue, rka_line("1.01.02.2.01.0001", "5.1.02.01.01.0024", "1 kali", NULL, "1.00"), 403, "forbidden",
	    "/akun", NULL);
	/* nothing to submit */
	step(id, planner_disdik, "submit", NULL, 1, 422, "rule-violation");
	/* none of the refusals changed the draft */
	json_t *d = harness_dokumen_get(&H, id, planner_disdik);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "revisi")), 1);
	json_decref(d);
	/* transitions need If-Match */
	snprintf(path, sizeof(path), BASE "/%ld/transisi", id);
	http_call(&H, "POST", path, planner_disdik, "{\"aksi\":\"submit\"}", 0, &r);
	http_expect(&r, 428, "precondition-required", "If-Match");
	http_reply_release(&r);
	http_call(&H, "POST", path, planner_disdik, "{\"aksi\":\"publish\"}", 1, &r);
	http_expect(&r, 400, "invalid-input", "/aksi");
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/999999");
	http_auth(&H, "GET", path, finance, NULL, NULL, &r);
	http_expect(&r, 404, "not-found", "id");
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "/abc", finance, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "id");
	http_reply_release(&r);
}
END_TEST

/* The X-Request-Id of the @n-th answer (from 0) in raw HTTP @out; "" when there is none. */
static void nth_request_id(const char *out, int n, char id[64])
{
	id[0] = '\0';
	const char *p = out;
	for (int i = 0; i <= n; i++)
		if (!(p = strstr(i ? p + 1 : p, "HTTP/1.1 ")))
			return;
	const char *h = strstr(p, "X-Request-Id: ");
	if (h)
		sscanf(h + 14, "%63[^\r\n]", id);
}

/*
 * A database error belongs to the request that met it: a later request on the same connection
 * (the same worker thread and database session), refused for a reason of its own, does not
 * report or log the earlier one's error.
 */
START_TEST(db_error_stays_with_its_request)
{
	/* a draft whose total pagu cannot carry: ten lines at the column's limit, put in by SQL */
	long id = harness_dokumen_create(&H, bappeda, 2038, "rkpd", NULL);
	free(harness_sqlf(&H,
			  "SET session_replication_role = replica; INSERT INTO rkpd_item (pemda_id, dokumen_id, baris,"
			  " opd_kode, sub_kegiatan, indikator, target, satuan, pagu_indikatif, lokasi, sumber_dana)"
			  " SELECT '13.71', %ld, g, '" DINKES "', '1.02.02.2.01.0002', 'x', 1, 'unit',"
			  " 9999999999999999.99, 'x', '1.1' FROM generate_series(1, 10) g RETURNING 1",
			  id));
	/* the first request meets a database error: its table is taken from the application role */
	free(harness_sqlf(&H, "REVOKE SELECT ON ssh_item FROM pagu_app; SELECT 1"));
	char req[2048];
	int n = snprintf(req, sizeof(req),
			 "GET /v1/pemda/13.71/ssh?tahun=2026 HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n\r\n"
			 "GET " BASE
			 "/%ld HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n",
			 finance, id, finance);
	static char out[1 << 20];
	http_raw(&H, req, (size_t)n, out, sizeof(out));
	free(harness_sqlf(&H, "GRANT SELECT ON ssh_item TO pagu_app; SELECT 1"));
	ck_assert_msg(!strncmp(out, "HTTP/1.1 500 ", 13), "%.600s", out);
	const char *second = strstr(out + 1, "HTTP/1.1 ");
	ck_assert_msg(second && !strncmp(second, "HTTP/1.1 409 ", 13), "%s", out);
	ck_assert_ptr_nonnull(strstr(second, "stored-amount-out-of-range"));
	ck_assert_ptr_null(strstr(second, "permission"));
	char id1[64], id2[64], needle[96], line[8192];
	nth_request_id(out, 0, id1);
	nth_request_id(out, 1, id2);
	ck_assert(id1[0] && id2[0] && strcmp(id1, id2));
	snprintf(needle, sizeof(needle), "\"request_id\":\"%s\"", id1);
	ck_assert(harness_log_wait(&H, needle, NULL, line, sizeof(line)));
	ck_assert_msg(strstr(line, "permission denied") != NULL, "the error is logged with its request: %s", line);
	snprintf(needle, sizeof(needle), "\"request_id\":\"%s\"", id2);
	ck_assert(harness_log_wait(&H, needle, NULL, line, sizeof(line)));
	ck_assert_msg(strstr(line, "permission denied") == NULL, "an earlier request's error logged: %s", line);
	/* what it logs is its own refusal (the stored total it cannot carry), nothing else */
	ck_assert_msg(!strstr(line, "\"error\"") ||
			      strstr(line, "\"error\":\"the stored lines of the document total more"),
		      "an error logged with a request that met another: %s", line);
}
END_TEST

START_TEST(rkpd_by_bappeda)
{
	long id = harness_dokumen_create(&H, bappeda, 2037, "rkpd", NULL);
	const char *item =
		"{\"opd_kode\":\"" DINKES
		"\",\"sub_kegiatan\":\"1.02.02.2.01.02\",\"indikator\":\"Jumlah puskesmas dibangun\","
		"\"target\":\"2.50\",\"satuan\":\"unit\",\"pagu_indikatif\":\"7500000000.00\",\"lokasi\":"
		"\"Kec. Koto Tangah\","
		"\"sumber_dana\":\"1.1\",\"lokasi_titik\":\"-0.847100,100.317200\",\"rpjmd_kode\":\"M2.T3\"}";
	int rv = add(id, bappeda, item, 201, NULL, NULL, NULL);
	/* an OPD planner does not write the RKPD */
	add(id, planner_dinkes, item, 403, "forbidden", NULL, NULL);
	const char *bad_sd =
		"{\"opd_kode\":\"" DINKES
		"\",\"sub_kegiatan\":\"1.02.02.2.01.0002\",\"indikator\":\"x\",\"target\":\"1\","
		"\"satuan\":\"unit\",\"pagu_indikatif\":\"1.00\",\"lokasi\":\"x\",\"sumber_dana\":\"9.9\"}";
	add(id, bappeda, bad_sd, 422, "rule-violation", "/sumber_dana", NULL);
	const char *bad_opd =
		"{\"opd_kode\":\"2.09.0.00.0.00.88.0000\",\"sub_kegiatan\":\"1.02.02.2.01.0002\",\"indikator\":\"x\","
		"\"target\":\"1\",\"satuan\":\"unit\",\"pagu_indikatif\":\"1.00\",\"lokasi\":\"x\",\"sumber_dana\":\"1."
		"1\"}";
	add(id, bappeda, bad_opd, 422, "rule-violation", "/opd_kode", NULL);
	const char *bad_point =
		"{\"opd_kode\":\"" DINKES "\",\"sub_kegiatan\":\"1.02.02.2.01.0002\",\"indikator\":\"x\","
		"\"target\":\"1\",\"satuan\":\"unit\",\"pagu_indikatif\":\"1.00\",\"lokasi\":\"x\",\"sumber_dana\":\"1."
		"1\","
		"\"lokasi_titik\":\"91.0,100.0\"}";
	add(id, bappeda, bad_point, 400, "invalid-input", "/lokasi_titik", NULL);
	rv = step(id, bappeda, "submit", NULL, rv, 200, NULL);
	step(id, finance, "verify", NULL, rv, 403, "forbidden");
	rv = step(id, bappeda, "verify", NULL, rv, 200, NULL);
	step(id, bappeda, "lock", NULL, rv, 200, NULL);
	json_t *d = harness_dokumen_get(&H, id, planner_dinkes); /* OPD staff read the RKPD */
	json_t *it = json_array_get(json_object_get(d, "baris"), 0);
	ck_assert_str_eq(jstr(it, "sub_kegiatan"), "1.02.02.2.01.0002");
	ck_assert_str_eq(jstr(it, "target"), "2.5");
	ck_assert_str_eq(jstr(it, "pagu_indikatif"), "7500000000.00");
	ck_assert_str_eq(jstr(it, "lokasi_titik"), "-0.847100,100.317200");
	ck_assert_str_eq(jstr(it, "rpjmd_kode"), "M2.T3");
	char mine[65];
	canonical_hash(d, NULL, mine);
	ck_assert_str_eq(mine, jstr(d, "hash"));
	json_decref(d);
	/* a province plans provinsi kegiatan */
	struct http_reply r;
	char key[] = "Idempotency-Key: prov-1";
	const char *extra[] = { key, NULL };
	http_auth(&H, "POST", "/v1/pemda/19/dokumen", bappeda19, "{\"tahun\":2037,\"jenis\":\"rkpd\"}", extra, &r);
	http_expect(&r, 201, NULL, NULL);
	long pid = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	char path[96];
	snprintf(path, sizeof(path), "/v1/pemda/19/dokumen/%ld/baris", pid);
	const char *prov =
		"{\"opd_kode\":\"1.02.0.00.0.00.01.0000\",\"sub_kegiatan\":\"1.02.02.1.01.0001\",\"indikator\":\"RS\","
		"\"target\":\"1\",\"satuan\":\"unit\",\"pagu_indikatif\":\"1.00\",\"lokasi\":\"Pangkalpinang\","
		"\"sumber_dana\":\"1.1\"}";
	char key2[] = "Idempotency-Key: prov-2";
	const char *extra2[] = { key2, NULL };
	http_auth(&H, "POST", path, bappeda19, prov, extra2, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	/* and another pemda's token sees none of it */
	snprintf(path, sizeof(path), "/v1/pemda/19/dokumen/%ld", pid);
	http_auth(&H, "GET", path, bappeda, NULL, NULL, &r);
	http_expect(&r, 404, "not-found", NULL);
	http_reply_release(&r);
}
END_TEST

START_TEST(listing_respects_scope)
{
	struct http_reply r;
	http_auth(&H, "GET", BASE "?jenis=rka&tahun=2036", planner_dinkes, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	size_t i;
	json_t *it;
	json_array_foreach (json_object_get(r.json, "items"), i, it)
		ck_assert_str_eq(jstr(it, "opd_kode"), DINKES);
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "?jenis=rka&tahun=2036&limit=1", inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
	ck_assert(jstr(r.json, "next_cursor") != NULL);
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "?jenis=apbn", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "jenis");
	http_reply_release(&r);
}
END_TEST

/* A locked KUA-PPAS for @tahun with the given sub kegiatan ceilings (NULL-terminated triples). */
static long kua_ppas(int tahun, ...)
{
	long id = harness_dokumen_create(&H, finance, tahun, "kua_ppas", NULL);
	va_list ap;
	va_start(ap, tahun);
	const char *opd;
	int rv = 1;
	char body[256];
	while ((opd = va_arg(ap, const char *))) {
		const char *sub = va_arg(ap, const char *), *jumlah = va_arg(ap, const char *);
		if (sub)
			snprintf(body, sizeof(body),
				 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"%s\",\"sub_kegiatan\":\"%s\",\"jumlah\":"
				 "\"%s\"}",
				 opd, sub, jumlah);
		else
			snprintf(body, sizeof(body), "{\"jenis\":\"opd\",\"opd_kode\":\"%s\",\"jumlah\":\"%s\"}", opd,
				 jumlah);
		rv = add(id, finance, body, 201, NULL, NULL, NULL);
	}
	va_end(ap);
	snprintf(body, sizeof(body), "{\"jenis\":\"pendapatan\",\"jumlah\":\"2500000000000.00\"}");
	rv = add(id, finance, body, 201, NULL, NULL, NULL);
	rv = step(id, finance, "submit", NULL, rv, 200, NULL);
	rv = step(id, finance, "verify", NULL, rv, 200, NULL);
	step(id, finance, "lock", NULL, rv, 200, NULL);
	return id;
}

START_TEST(rka_within_plafon)
{
	long k = kua_ppas(2038, DINKES, "1.02.02.2.01.0001", "100000.00", DINKES, NULL, "150000.00", NULL);
	json_t *d = harness_dokumen_get(&H, k, inspector);
	char mine[65];
	canonical_hash(d, NULL, mine);
	ck_assert_str_eq(mine, jstr(d, "hash"));
	json_decref(d);
	/* a duplicate ceiling, a ceiling without its OPD, a planner writing ceilings */
	long k2 = harness_dokumen_create(&H, finance, 2039, "kua_ppas", NULL);
	add(k2, finance,
	    "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DINKES
	    "\",\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"jumlah\":\"1.00\"}",
	    201, NULL, NULL, NULL);
	add(k2, finance,
	    "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DINKES
	    "\",\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"jumlah\":\"2.00\"}",
	    409, "conflict", "/jenis", NULL);
	add(k2, finance, "{\"jenis\":\"sub_kegiatan\",\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"jumlah\":\"2.00\"}", 400,
	    "invalid-input", "/opd_kode", NULL);
	add(k2, bappeda, "{\"jenis\":\"opd\",\"opd_kode\":\"" DINKES "\",\"jumlah\":\"2.00\"}", 403, "forbidden", NULL,
	    NULL);

	long id = harness_dokumen_create(&H, planner_dinkes, 2038, "rka", DINKES);
	int rv = add(id, planner_dinkes,
		     rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", NULL, "100000.01"), 201, NULL, NULL,
		     NULL);
	step(id, planner_dinkes, "submit", NULL, rv, 422, "rule-violation");
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/baris/1", id);
	struct http_reply r;
	http_call(&H, "DELETE", path, planner_dinkes, NULL, rv, &r);
	http_expect(&r, 200, NULL, NULL);
	rv = (int)json_integer_value(json_object_get(r.json, "revisi"));
	http_reply_release(&r);
	/* exactly at the ceiling is fine; a sub kegiatan without a ceiling is not */
	rv = add(id, planner_dinkes, rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "4 paket", NULL, "25000.00"),
		 201, NULL, NULL, NULL);
	rv = add(id, planner_dinkes, rka_line("1.02.02.2.01.0002", "5.1.02.01.01.0024", "1 paket", NULL, "1.00"), 201,
		 NULL, NULL, NULL);
	step(id, planner_dinkes, "submit", NULL, rv, 422, "rule-violation");
	snprintf(path, sizeof(path), BASE "/%ld/baris/3", id);
	http_call(&H, "DELETE", path, planner_dinkes, NULL, rv, &r);
	http_expect(&r, 200, NULL, NULL);
	rv = (int)json_integer_value(json_object_get(r.json, "revisi"));
	http_reply_release(&r);
	step(id, planner_dinkes, "submit", NULL, rv, 200, NULL);
	/* no locked KUA-PPAS for 2039 yet: nothing can be submitted for it */
	long id29 = harness_dokumen_create(&H, planner_dinkes, 2039, "rka", DINKES);
	rv = add(id29, planner_dinkes, rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", NULL, "1.00"), 201,
		 NULL, NULL, NULL);
	snprintf(path, sizeof(path), BASE "/%ld/transisi", id29);
	char im[32];
	snprintf(im, sizeof(im), "If-Match: \"r%d\"", rv);
	const char *extra[] = { "Idempotency-Key: nokua-1", im, NULL };
	http_auth(&H, "POST", path, planner_dinkes, "{\"aksi\":\"submit\"}", extra, &r);
	http_expect(&r, 422, "rule-violation", "kua_ppas");
	http_reply_release(&r);
}
END_TEST

/* After rka_flow_and_chain: the 2036 APBD from Dinkes' locked RKA, then Dinkes' DPA. */
START_TEST(apbd_and_dpa)
{
	long apbd = harness_dokumen_create(&H, finance, 2036, "apbd", NULL);
	char path[96];
	struct http_reply r;
	/* only TAPD assembles, and only with the current ETag */
	snprintf(path, sizeof(path), BASE "/%ld/susun", apbd);
	http_call(&H, "POST", path, planner_dinkes, NULL, 1, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	http_call(&H, "POST", path, finance, NULL, 0, &r);
	http_expect(&r, 428, "precondition-required", "If-Match");
	http_reply_release(&r);
	http_call(&H, "POST", path, finance, NULL, 1, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "rka")), 1); /* Disdik's RKA is still a draft */
	int lines = (int)json_integer_value(json_object_get(r.json, "baris"));
	int rv = (int)json_integer_value(json_object_get(r.json, "revisi"));
	http_reply_release(&r);
	ck_assert_int_eq(lines, 2);
	/* assembled again from the same RKAs: the same lines keep their numbers */
	http_call(&H, "POST", path, finance, NULL, rv, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris")), 2);
	rv = (int)json_integer_value(json_object_get(r.json, "revisi"));
	http_reply_release(&r);
	/* lines come from the RKAs, never one by one */
	add(apbd, finance, rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "1 paket", NULL, "1.00"), 409, "conflict",
	    "id", NULL);
	snprintf(path, sizeof(path), BASE "/%ld/baris/1", apbd);
	http_call(&H, "DELETE", path, finance, NULL, rv, &r);
	http_expect(&r, 409, "conflict", "id");
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/susun", apbd);
	json_t *d = harness_dokumen_get(&H, apbd, inspector);
	size_t i;
	json_t *b;
	json_array_foreach (json_object_get(d, "baris"), i, b) {
		ck_assert_int_eq(json_integer_value(json_object_get(b, "baris")), (json_int_t)i + 1);
		ck_assert_str_eq(jstr(b, "opd_kode"), DINKES);
		ck_assert(json_integer_value(json_object_get(json_object_get(b, "asal"), "dokumen_id")) > 0);
	}
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "belanja"), "87503.50");
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "pendapatan"), "0.01");
	json_decref(d);
	rv = step(apbd, finance, "submit", NULL, rv, 200, NULL);
	rv = step(apbd, finance, "verify", NULL, rv, 200, NULL);
	step(apbd, planner_dinkes, "lock", NULL, rv, 403, "forbidden");
	step(apbd, finance, "lock", NULL, rv, 200, NULL);
	d = harness_dokumen_get(&H, apbd, inspector);
	char mine[65];
	canonical_hash(d, NULL, mine);
	ck_assert_str_eq(mine, jstr(d, "hash"));
	json_decref(d);

	/* a DPA is derived from the locked APBD, not started empty */
	http_call(&H, "POST", BASE, finance, "{\"tahun\":2036,\"jenis\":\"dpa\",\"opd_kode\":\"" DINKES "\"}", 0, &r);
	http_expect(&r, 409, "conflict", "/jenis");
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/dpa", apbd);
	http_call(&H, "POST", path, finance, "{\"opd_kode\":\"" DISDIK "\"}", 0, &r);
	http_expect(&r, 422, "rule-violation", "/opd_kode");
	http_reply_release(&r);
	http_call(&H, "POST", path, finance, "{\"opd_kode\":\"" DINKES "\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long dpa = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	/* one draft DPA at a time */
	http_call(&H, "POST", path, finance, "{\"opd_kode\":\"" DINKES "\"}", 0, &r);
	http_expect(&r, 409, "conflict", "/opd_kode");
	http_reply_release(&r);
	d = harness_dokumen_get(&H, dpa, planner_dinkes);
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "belanja"), "87503.50");
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "pendapatan"), "0.01");
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 2);
	rv = (int)json_integer_value(json_object_get(d, "revisi"));
	json_decref(d);
	/* the anggaran kas first: every line, months summing to it */
	step(dpa, finance, "submit", NULL, rv, 422, "rule-violation");
	char kaspath[96];
	snprintf(kaspath, sizeof(kaspath), BASE "/%ld/anggaran-kas", dpa);
	http_call(&H, "POST", kaspath, planner_dinkes, "{\"baris\":1,\"rata\":true}", 0, &r);
	http_expect(&r, 200, NULL, NULL);
	http_reply_release(&r);
	http_call(&H, "POST", kaspath, planner_disdik, "{\"baris\":2,\"rata\":true}", 0, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	http_call(
		&H, "POST", kaspath, planner_dinkes,
		"{\"baris\":2,\"bulan\":[\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0.02\"]}",
		0, &r);
	http_expect(&r, 422, "rule-violation", "/bulan");
	http_reply_release(&r);
	http_call(&H, "POST", kaspath, planner_dinkes, "{\"baris\":2,\"bulan\":[\"0\"],\"rata\":true}", 0, &r);
	http_expect(&r, 400, "invalid-input", "/bulan");
	http_reply_release(&r);
	http_call(&H, "POST", kaspath, planner_dinkes, "{\"baris\":9,\"rata\":true}", 0, &r);
	http_expect(&r, 404, "not-found", "/baris");
	http_reply_release(&r);
	http_call(
		&H, "POST", kaspath, planner_dinkes,
		"{\"baris\":2,\"bulan\":[\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0.01\"]}",
		0, &r);
	http_expect(&r, 200, NULL, NULL);
	http_reply_release(&r);
	d = harness_dokumen_get(&H, dpa, finance);
	json_t *kas = json_object_get(json_array_get(json_object_get(d, "baris"), 0), "anggaran_kas");
	ck_assert_int_eq(json_array_size(kas), 12);
	ck_assert_str_eq(json_string_value(json_array_get(kas, 0)), "7291.95");	 /* 87503.50 / 12, to the sen */
	ck_assert_str_eq(json_string_value(json_array_get(kas, 11)), "7292.05"); /* and the remainder */
	rv = (int)json_integer_value(json_object_get(d, "revisi"));
	json_decref(d);
	rv = step(dpa, finance, "submit", NULL, rv, 200, NULL);
	rv = step(dpa, finance, "verify", NULL, rv, 200, NULL);
	step(dpa, finance, "lock", NULL, rv, 200, NULL);
	d = harness_dokumen_get(&H, dpa, inspector);
	canonical_hash(d, NULL, mine);
	ck_assert_str_eq(mine, jstr(d, "hash"));
	json_decref(d);
	/* the next DPA version, tampered with before submission: DPA must equal APBD */
	http_call(&H, "POST", path, finance, "{\"opd_kode\":\"" DINKES "\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long dpa2 = (long)json_integer_value(json_object_get(r.json, "id"));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "versi")), 2);
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/baris/1", dpa2);
	http_call(&H, "DELETE", path, finance, NULL, 1, &r);
	http_expect(&r, 409, "conflict", "id");
	http_reply_release(&r);
	/* only a superuser with the triggers off can take a line out; the submission finds it */
	free(harness_sqlf(&H,
			  "SET session_replication_role = replica; DELETE FROM rka_baris WHERE pemda_id = '13.71'"
			  " AND dokumen_id = %ld AND baris = 1; SELECT 1",
			  dpa2));
	rv = 1;
	snprintf(path, sizeof(path), BASE "/%ld/transisi", dpa2);
	char im[32];
	snprintf(im, sizeof(im), "If-Match: \"r%d\"", rv);
	const char *extra[] = { "Idempotency-Key: dpa-beda", im, NULL };
	http_auth(&H, "POST", path, finance, "{\"aksi\":\"submit\"}", extra, &r);
	http_expect(&r, 422, "rule-violation", "apbd");
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/verifikasi", dpa);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert(json_is_true(json_object_get(r.json, "ok")));
	http_reply_release(&r);
	/* the trace of sub kegiatan 0001 of Dinkes: plafon, both RKA versions, the APBD, both DPA versions */
	http_auth(&H, "GET", "/v1/pemda/13.71/jejak?tahun=2036&opd=" DINKES "&sub_kegiatan=1.02.02.2.01.01",
		  planner_dinkes, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "sub_kegiatan"), "1.02.02.2.01.0001");
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "kua_ppas"), 0), "jumlah"), "2000000000.00");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "rka")), 2);
	/* belanja only: the pendapatan line of 0.01 on the same sub kegiatan is no part of what the plafon caps */
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "rka"), 0), "jumlah"), "87503.50");
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "apbd"), 0), "jumlah"), "87503.50");
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "dpa"), 0), "jumlah"), "87503.50");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/jejak?tahun=2036&opd=" DINKES "&sub_kegiatan=1.02.02.2.01.01",
		  planner_disdik, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", "opd");
	http_reply_release(&r);
}
END_TEST

/* SIPD import: 2,000 good rows and 20 bad ones among them; all refused, each bad row named. */
START_TEST(sipd_import)
{
	static const char *const akun[] = { "5.1.02.01.01.0024", "5.1.02.01.01.0026", "5.1.02.02.01.0003",
					    "5.2.02.01.01.0002" };
	static const struct {
		const char *skpd, *sub, *akun, *nama, *pagu, *sd;
	} bad[] = {
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.9999", "x", "10.00", "1.1" }, /* unknown akun */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0003", "x", "10.00", "1.1" }, /* retired akun */
		{ DISDIK, "1.01.02.1.01.0001", "5.1.02.01.01.0024", "x", "10.00", "1.1" }, /* provinsi kegiatan */
		{ DISDIK, "X.XX.01.2.02.0009", "5.1.02.01.01.0024", "x", "10.00", "1.1" }, /* retired sub kegiatan */
		{ DISDIK, "1.01.02", "5.1.02.01.01.0024", "x", "10.00", "1.1" },	   /* not a sub kegiatan */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01", "x", "10.00", "1.1" },	   /* level 5 */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "1.000.000,00",
		  "1.1" },								   /* Indonesian digits */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "-5", "1.1" },	   /* negative */
		{ DINKES, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "10.00", "1.1" }, /* another OPD */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "", "10.00", "1.1" },  /* no name */
		{ DISDIK, "1.01.02.2.01.0001", "4.1.02.01.01.0001", "x", "10.00", "1.1" }, /* pendapatan by a planner */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "10.00", "9.9" }, /* unknown sumber dana */
		{ DISDIK, "1.01.02.2.01.0999", "5.1.02.01.01.0024", "x", "10.00", "1.1" }, /* unknown sub kegiatan */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "abc", "1.1" },   /* not a number */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "10.001", "1.1" }, /* beyond the sen */
		{ DISDIK, "1.01.02.2.01.0001", "6.1.01.01.01.9999", "x", "10.00", "1.1" },  /* unknown pembiayaan */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "99999999999999999", "1.1" }, /* overflow */
		{ DISDIK, "9.99.99.2.99.9999", "5.1.02.01.01.0024", "x", "10.00", "1.1" }, /* no such urusan */
		{ DISDIK, "1.01.02.2.01.0001", "1.1.01.01.01.0001", "x", "10.00", "1.1" }, /* a balance-sheet account */
		{ DISDIK, "1.01.02.2.01.0001", "5.1.02.01.01.0024", "x", "", "1.1" },	   /* no pagu */
	};
	enum { GOOD = 2000, BAD = sizeof(bad) / sizeof(bad[0]) };
	long id = 0;
	{
		struct http_reply r;
		http_auth(&H, "GET", BASE "?jenis=rka&tahun=2036&opd=" DISDIK, planner_disdik, NULL, NULL, &r);
		id = (long)json_integer_value(
			json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id"));
		http_reply_release(&r);
	}
	ck_assert_int_gt(id, 0);
	char *csv = NULL, *good = NULL;
	size_t len = 0, glen = 0;
	FILE *f = open_memstream(&csv, &len), *g = open_memstream(&good, &glen);
	const char *header = "kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,nama_rekening,pagu,"
			     "sumber_dana\r\n";
	fputs(header, f);
	fputs(header, g);
	int badlines[BAD], nb = 0, line = 1;
	int64_t total = 0;
	for (int i = 0; i < GOOD; i++) {
		if (i % 100 == 50 && nb < (int)BAD) {
			line++;
			badlines[nb] = line;
			fprintf(f, "%s,Dinas,%s,Sub,%s,\"%s\",%s,%s\r\n", bad[nb].skpd, bad[nb].sub, bad[nb].akun,
				bad[nb].nama, bad[nb].pagu, bad[nb].sd);
			nb++;
		}
		int64_t sen = 100000 + i * 7; /* 1000.00 + 0.07 i */
		char row[256];
		snprintf(row, sizeof(row),
			 DISDIK ",\"Dinas Pendidikan, Kebudayaan\",1.01.02.2.01.%s,Sub,%s,\"Belanja \"\"uji\"\" "
				"%d\",%lld.%02lld,1.1\r\n",
			 i % 2 ? "0001" : "01", akun[i % 4], i, (long long)(sen / 100), (long long)(sen % 100));
		fputs(row, f);
		fputs(row, g);
		line++;
		total += sen;
	}
	fclose(f);
	fclose(g);
	ck_assert_int_eq(nb, BAD);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/impor", id);
	char auth[128];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", planner_disdik);
	const char *hdr[] = { auth, "Content-Type: text/csv", "Idempotency-Key: impor-1", NULL };
	struct http_reply r;
	http_request(&H, "POST", path, csv, len, hdr, &r);
	http_expect(&r, 422, "rule-violation", "csv");
	json_t *errs = json_object_get(r.json, "errors");
	int seen[BAD] = { 0 }, distinct = 0, last = -1;
	size_t i;
	json_t *e;
	json_array_foreach (errs, i, e) {
		int l = (int)json_integer_value(json_object_get(e, "baris_csv"));
		bool known = false;
		for (int k = 0; k < BAD; k++)
			if (badlines[k] == l) {
				known = true;
				seen[k] = 1;
			}
		ck_assert_msg(known, "line %d reported but it is good: %s", l, jstr(e, "detail"));
		ck_assert_ptr_nonnull(jstr(e, "field"));
		distinct += l != last;
		last = l;
	}
	for (int k = 0; k < BAD; k++)
		ck_assert_msg(seen[k], "bad line %d (case %d) not reported", badlines[k], k);
	ck_assert_int_eq(distinct, BAD);
	http_reply_release(&r);
	json_t *d = harness_dokumen_get(&H, id, planner_disdik);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 0);
	json_decref(d);

	/* the good rows alone go in, all of them */
	const char *hdr2[] = { auth, "Content-Type: text/csv; charset=utf-8", "Idempotency-Key: impor-2", NULL };
	http_request(&H, "POST", path, good, glen, hdr2, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris")), GOOD);
	char want[32];
	snprintf(want, sizeof(want), "%lld.%02lld", (long long)(total / 100), (long long)(total % 100));
	ck_assert_str_eq(jstr(json_object_get(r.json, "total"), "belanja"), want);
	http_reply_release(&r);
	d = harness_dokumen_get(&H, id, planner_disdik);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), GOOD);
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "belanja"), want);
	json_t *first = json_array_get(json_object_get(d, "baris"), 0);
	ck_assert_str_eq(jstr(first, "sub_kegiatan"), "1.01.02.2.01.0001"); /* 2-digit form mapped */
	ck_assert_str_eq(jstr(first, "uraian"), "Belanja \"uji\" 0");
	json_decref(d);
	/* the same key with another query is another request */
	const char *hdr4[] = { auth, "Content-Type: text/csv", "Idempotency-Key: impor-2", NULL };
	snprintf(path, sizeof(path), BASE "/%ld/impor?sumber_dana=1.1", id);
	http_request(&H, "POST", path, good, glen, hdr4, &r);
	http_expect(&r, 409, "idempotency-key-reused", "Idempotency-Key");
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/impor", id);
	/* a JSON body is not CSV */
	const char *hdr3[] = { auth, "Content-Type: application/json", "Idempotency-Key: impor-3", NULL };
	http_request(&H, "POST", path, "{}", 2, hdr3, &r);
	http_expect(&r, 415, "unsupported-media-type", NULL);
	http_reply_release(&r);
	/* and the export has every line, in the import's columns */
	snprintf(path, sizeof(path), BASE "/%ld/csv", id);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.content_type, "text/csv"));
	int rows = 0;
	for (const char *p = r.body; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	ck_assert_int_eq(rows, GOOD + 1);
	ck_assert(strncmp(r.body, "kode_skpd,kode_sub_kegiatan,kode_rekening,nama_rekening,pagu", 60) == 0);
	ck_assert_ptr_nonnull(strstr(r.body, "\"Belanja \"\"uji\"\" 0\",1000.00,1,paket,1000.00,1.1,1,1 paket"));
	http_reply_release(&r);
	free(csv);
	free(good);
}
END_TEST

/* The demo year ./run serve loads: Kota Padang 2026 locked through its DPAs, the province's assembled. */
START_TEST(demo_year)
{
	struct http_reply r;
	http_auth(&H, "GET", BASE "?tahun=2026&jenis=apbd", inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *apbd = json_array_get(json_object_get(r.json, "items"), 0);
	ck_assert_str_eq(jstr(apbd, "status"), "locked");
	long id = (long)json_integer_value(json_object_get(apbd, "id"));
	http_reply_release(&r);
	json_t *d = harness_dokumen_get(&H, id, inspector);
	ck_assert_int_ge(json_array_size(json_object_get(d, "baris")), 3000);
	char mine[65];
	canonical_hash(d, NULL, mine);
	ck_assert_str_eq(mine, jstr(d, "hash"));
	/* distinct sub kegiatan and OPD of the year */
	json_t *subs = json_object(), *opds = json_object();
	size_t i;
	json_t *b;
	json_array_foreach (json_object_get(d, "baris"), i, b) {
		json_object_set_new(subs, jstr(b, "sub_kegiatan"), json_true());
		json_object_set_new(opds, jstr(b, "opd_kode"), json_true());
	}
	ck_assert_int_ge(json_object_size(subs), 150);
	ck_assert_int_ge(json_object_size(opds), 10);
	json_decref(subs);
	json_decref(opds);
	json_decref(d);
	http_auth(&H, "GET", BASE "?tahun=2026&jenis=dpa&limit=500", inspector, NULL, NULL, &r);
	ck_assert_int_ge(json_array_size(json_object_get(r.json, "items")), 10);
	json_array_foreach (json_object_get(r.json, "items"), i, b)
		ck_assert_str_eq(jstr(b, "status"), "locked");
	http_reply_release(&r);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/verifikasi", id);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	ck_assert(json_is_true(json_object_get(r.json, "ok")));
	http_reply_release(&r);
	/* one sub kegiatan from plan to DPA */
	http_auth(&H, "GET", "/v1/pemda/13.71/jejak?tahun=2026&opd=" DINKES "&sub_kegiatan=1.02.02.2.01.0001",
		  inspector, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	/* the province: an assembled draft */
	http_auth(&H, "GET", "/v1/pemda/19/dokumen?tahun=2026&jenis=apbd", bappeda19, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "items"), 0), "status"), "draft");
	http_reply_release(&r);
}
END_TEST

/* Standard unit prices: versioned per year, referenced by budget lines on the right accounts. */
START_TEST(ssh_prices)
{
	struct http_reply r;
	const char *item = "{\"tahun\":2037,\"kode\":\"1.1.7.01.01.01.001\",\"uraian\":\"Kertas HVS A4 70 gram\","
			   "\"satuan\":\"rim\",\"harga\":\"55000.00\",\"akun\":[\"5.1.02.01.01\"]}";
	http_call(&H, "POST", "/v1/pemda/13.71/ssh", finance, item, 0, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "versi")), 1);
	http_reply_release(&r);
	/* a new price is a new version; the list shows the one in force */
	const char *item2 = "{\"tahun\":2037,\"kode\":\"1.1.7.01.01.01.001\",\"uraian\":\"Kertas HVS A4 70 gram\","
			    "\"satuan\":\"rim\",\"harga\":\"57500.00\",\"akun\":[\"5.1.02.01.01\"]}";
	http_call(&H, "POST", "/v1/pemda/13.71/ssh", finance, item2, 0, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "versi")), 2);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/ssh?tahun=2037", planner_dinkes, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "items"), 0), "harga"), "57500.00");
	http_reply_release(&r);
	/* refusals: a planner, an unknown akun, a malformed price */
	http_call(&H, "POST", "/v1/pemda/13.71/ssh", planner_dinkes, item, 0, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	http_call(&H, "POST", "/v1/pemda/13.71/ssh", finance,
		  "{\"tahun\":2037,\"kode\":\"X1\",\"uraian\":\"x\",\"satuan\":\"x\",\"harga\":\"1.00\",\"akun\":[\"5."
		  "1.02."
		  "99.99\"]}",
		  0, &r);
	http_expect(&r, 422, "rule-violation", "/akun");
	http_reply_release(&r);
	http_call(&H, "POST", "/v1/pemda/13.71/ssh", finance,
		  "{\"tahun\":2037,\"kode\":\"X1\",\"uraian\":\"x\",\"satuan\":\"x\",\"harga\":55000,\"akun\":[\"5.1."
		  "02.01."
		  "01\"]}",
		  0, &r);
	http_expect(&r, 400, "invalid-amount", "/harga");
	http_reply_release(&r);
	/* a year's list from CSV: all or nothing, bad rows named */
	char auth[128];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", finance);
	const char *bad_csv = "kode,uraian,satuan,harga,akun\r\nA1,Pensil,buah,2500.00,5.1.02.01.01\r\n"
			      "A2,Pena,buah,2.500,5.1.02.01.01\r\nA3,Map,buah,1000.00,5.1.02.99\r\n";
	const char *h1[] = { auth, "Content-Type: text/csv", "Idempotency-Key: ssh-csv-1", NULL };
	http_request(&H, "POST", "/v1/pemda/13.71/ssh/impor?tahun=2037", bad_csv, strlen(bad_csv), h1, &r);
	http_expect(&r, 422, "rule-violation", "csv");
	/* both bad rows named: 2.500 is not an amount, 5.1.02.99 is well formed but not in the chart */
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "errors")), 2);
	ck_assert_int_eq(
		json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 0), "baris_csv")),
		3);
	ck_assert_int_eq(
		json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 1), "baris_csv")),
		4);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "errors"), 1), "field"), "akun");
	http_reply_release(&r);
	const char *csv2 = "kode,uraian,satuan,harga,akun\r\nA1,Pensil,buah,2500.00,5.1.02.01.01\r\n"
			   "A3,Map,buah,1000.00,5.1.02.99\r\n";
	const char *h2[] = { auth, "Content-Type: text/csv", "Idempotency-Key: ssh-csv-2", NULL };
	http_request(&H, "POST", "/v1/pemda/13.71/ssh/impor?tahun=2037", csv2, strlen(csv2), h2, &r);
	/* well formed, but not in the chart: the row is named all the same */
	http_expect(&r, 422, "rule-violation", "csv");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "errors")), 1);
	ck_assert_int_eq(
		json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 0), "baris_csv")),
		3);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "errors"), 0), "field"), "akun");
	http_reply_release(&r);
	const char *good_csv = "kode,uraian,satuan,harga,akun\r\nA1,Pensil,buah,2500.00,5.1.02.01.01\r\n"
			       "A2,\"Pena, biru\",buah,3000.00,5.1.02.01.01;5.1.02.02.01\r\n";
	const char *h3[] = { auth, "Content-Type: text/csv", "Idempotency-Key: ssh-csv-3", NULL };
	http_request(&H, "POST", "/v1/pemda/13.71/ssh/impor?tahun=2037", good_csv, strlen(good_csv), h3, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/ssh?tahun=2037&prefix=A", planner_dinkes, NULL, NULL, &r);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 2);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "items"), 1), "uraian"), "Pena, biru");
	ck_assert_int_eq(json_array_size(json_object_get(json_array_get(json_object_get(r.json, "items"), 1), "akun")),
			 2);
	http_reply_release(&r);

	/* lines referring to it */
	http_auth(&H, "GET", BASE "?jenis=rka&tahun=2037&opd=" DINKES, planner_dinkes, NULL, NULL, &r);
	long id = (long)json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id"));
	http_reply_release(&r);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/turunan", id);
	http_call(&H, "POST", path, planner_dinkes, "{\"alasan\":\"SSH\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long id2 = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	const char *ok =
		"{\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"Kertas\","
		"\"koefisien\":[\"2 "
		"rim\"],\"harga_satuan\":\"57500.00\",\"sumber_dana\":\"1.1\",\"ssh_kode\":\"1.1.7.01.01.01.001\"}";
	add(id2, planner_dinkes, ok, 201, NULL, NULL, NULL);
	const char *wrong_akun =
		"{\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"akun\":\"5.2.02.01.01.0002\",\"uraian\":\"Kertas\","
		"\"koefisien\":[\"2 "
		"rim\"],\"harga_satuan\":\"57500.00\",\"sumber_dana\":\"1.1\",\"ssh_kode\":\"1.1.7.01.01.01.001\"}";
	add(id2, planner_dinkes, wrong_akun, 422, "rule-violation", "/ssh_kode", NULL);
	const char *unknown =
		"{\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"Kertas\","
		"\"koefisien\":[\"2 "
		"rim\"],\"harga_satuan\":\"57500.00\",\"sumber_dana\":\"1.1\",\"ssh_kode\":\"NOPE\"}";
	add(id2, planner_dinkes, unknown, 422, "rule-violation", "/ssh_kode", NULL);
	json_t *d = harness_dokumen_get(&H, id2, planner_dinkes);
	json_t *last = json_array_get(json_object_get(d, "baris"), json_array_size(json_object_get(d, "baris")) - 1);
	ck_assert_str_eq(jstr(json_object_get(last, "ssh"), "kode"), "1.1.7.01.01.01.001");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(last, "ssh"), "versi")), 2);
	json_decref(d);
	/* the prices are history: never edited */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	PGresult *res = PQexec(su, "UPDATE ssh_item SET harga = 1");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "P0001");
	PQclear(res);
	PQfinish(su);
}
END_TEST

/* The province through HTTP: KUA-PPAS, an OPD's RKA of provinsi kegiatan, APBD, DPA, all locked. */
static long p_req(const char *method, const char *path, const char *tok, const char *body, int revisi, long status)
{
	struct http_reply r;
	http_call(&H, method, path, tok, body, revisi, &r);
	http_expect(&r, status, NULL, NULL);
	long v = (long)json_integer_value(json_object_get(r.json, json_object_get(r.json, "id") ? "id" : "revisi"));
	http_reply_release(&r);
	return v;
}

static int p_step(long id, const char *tok, const char *aksi, int revisi)
{
	char path[96], body[64];
	snprintf(path, sizeof(path), "/v1/pemda/19/dokumen/%ld/transisi", id);
	snprintf(body, sizeof(body), "{\"aksi\":\"%s\"}", aksi);
	struct http_reply r;
	http_call(&H, "POST", path, tok, body, revisi, &r);
	http_expect(&r, 200, NULL, NULL);
	int rv = (int)json_integer_value(json_object_get(r.json, "revisi"));
	http_reply_release(&r);
	return rv;
}

START_TEST(province_flow)
{
	const char *P = "/v1/pemda/19/dokumen", *OPD = "1.02.0.00.0.00.01.0000";
	char path[96], body[512];
	long k = p_req("POST", P, finance19, "{\"tahun\":2036,\"jenis\":\"kua_ppas\"}", 0, 201);
	snprintf(path, sizeof(path), "%s/%ld/baris", P, k);
	snprintf(body, sizeof(body),
		 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"%s\",\"sub_kegiatan\":\"1.02.02.1.01.0001\","
		 "\"jumlah\":\"5000000000.00\"}",
		 OPD);
	int rv = (int)p_req("POST", path, finance19, body, 0, 201);
	rv = p_step(k, finance19, "submit", rv);
	rv = p_step(k, finance19, "verify", rv);
	p_step(k, finance19, "lock", rv);

	snprintf(body, sizeof(body), "{\"tahun\":2036,\"jenis\":\"rka\",\"opd_kode\":\"%s\"}", OPD);
	long rka = p_req("POST", P, finance19, body, 0, 201);
	snprintf(path, sizeof(path), "%s/%ld/baris", P, rka);
	/* a province budgets provinsi kegiatan, not kabupaten/kota ones */
	const char *kota = "{\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"akun\":\"5.2.02.01.01.0002\",\"uraian\":\"Alat\","
			   "\"koefisien\":[\"1 unit\"],\"harga_satuan\":\"1.00\",\"sumber_dana\":\"1.1\"}";
	p_req("POST", path, finance19, kota, 0, 422);
	const char *line =
		"{\"sub_kegiatan\":\"1.02.02.1.01.0001\",\"akun\":\"5.2.02.01.01.0002\",\"uraian\":\"Grader RS\","
		"\"koefisien\":[\"2 unit\"],\"harga_satuan\":\"1250000000.00\",\"sumber_dana\":\"1.1\"}";
	rv = (int)p_req("POST", path, finance19, line, 0, 201);
	/* TAPD of Babel cannot submit for the OPD: that is the OPD's planner */
	char planner19[64];
	harness_token_need(&H, "19", "planner", OPD, planner19);
	rv = p_step(rka, planner19, "submit", rv);
	rv = p_step(rka, finance19, "verify", rv);
	p_step(rka, finance19, "lock", rv);

	long apbd = p_req("POST", P, finance19, "{\"tahun\":2036,\"jenis\":\"apbd\"}", 0, 201);
	snprintf(path, sizeof(path), "%s/%ld/susun", P, apbd);
	rv = (int)p_req("POST", path, finance19, NULL, 1, 200);
	rv = p_step(apbd, finance19, "submit", rv);
	rv = p_step(apbd, finance19, "verify", rv);
	p_step(apbd, finance19, "lock", rv);

	snprintf(path, sizeof(path), "%s/%ld/dpa", P, apbd);
	snprintf(body, sizeof(body), "{\"opd_kode\":\"%s\"}", OPD);
	long dpa = p_req("POST", path, finance19, body, 0, 201);
	snprintf(path, sizeof(path), "%s/%ld/anggaran-kas", P, dpa);
	rv = (int)p_req("POST", path, planner19, "{\"baris\":1,\"rata\":true}", 0, 200);
	rv = p_step(dpa, finance19, "submit", rv);
	rv = p_step(dpa, finance19, "verify", rv);
	p_step(dpa, finance19, "lock", rv);

	struct http_reply r;
	snprintf(path, sizeof(path), "%s/%ld", P, dpa);
	http_auth(&H, "GET", path, planner19, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "status"), "locked");
	ck_assert_str_eq(jstr(json_object_get(r.json, "total"), "belanja"), "2500000000.00");
	http_reply_release(&r);
	/* Kota Padang's tokens see none of it */
	http_auth(&H, "GET", path, finance, NULL, NULL, &r);
	http_expect(&r, 404, "not-found", NULL);
	http_reply_release(&r);
}
END_TEST

/* First: the ceilings the RKAs of 2036 and 2037 are drafted within. */
START_TEST(kua_ppas_locked)
{
	kua_ppas(2036, DINKES, "1.02.02.2.01.0001", "2000000000.00", DINKES, "1.02.02.2.01.0002", "2000000000.00",
		 DINKES, NULL, "5000000000.00", DISDIK, "1.01.02.2.01.0001", "1000000000.00", NULL);
	kua_ppas(2037, DINKES, "1.02.02.2.01.0001", "2000000000.00", NULL);
}
END_TEST

/* PUT …/baris/{n}: a draft line replaced in one transaction, or not at all. */
START_TEST(line_replaced)
{
	long id = harness_dokumen_create(&H, planner_dinkes, 2045, "rka", DINKES);
	add(id, planner_dinkes, rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "2 orang", NULL, "100000.00"), 201,
	    NULL, NULL, NULL);
	int rv = add(id, planner_dinkes, rka_line("1.02.02.2.01.0002", "5.1.02.01.01.0024", "1 paket", NULL, "5000.00"),
		     201, NULL, NULL, NULL);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/baris/1", id);
	const char *fixed = rka_line("1.02.02.2.01.0001", "5.1.02.01.01.0024", "4 orang", "2.5 hari", "100000.00");
	char body[512];
	snprintf(body, sizeof(body), "%s", fixed);
	struct http_reply r;
	/* refused, and nothing changes: no If-Match, a stale one, a role that may not touch the line, a bad
	   new line (the old one is not removed on its own) */
	http_call(&H, "PUT", path, planner_dinkes, body, 0, &r);
	http_expect(&r, 428, "precondition-required", "If-Match");
	http_reply_release(&r);
	http_call(&H, "PUT", path, planner_dinkes, body, rv - 1, &r);
	http_expect(&r, 412, "precondition-failed", NULL);
	http_reply_release(&r);
	http_call(&H, "PUT", path, revenue, body, rv, &r);
	http_expect(&r, 403, "forbidden", "/akun");
	http_reply_release(&r);
	http_call(&H, "PUT", path, planner_dinkes,
		  rka_line("1.02.02.2.01.0001", "5.1.02.99.99.9999", "4 orang", NULL, "100000.00"), rv, &r);
	ck_assert_msg(r.status == 400 || r.status == 422, "%ld %s", r.status, r.body);
	ck_assert_str_eq(json_string_value(json_object_get(r.json, "field")), "/akun");
	http_reply_release(&r);
	json_t *d = harness_dokumen_get(&H, id, inspector);
	ck_assert_int_eq(json_array_size(json_object_get(d, "baris")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(d, "baris"), 0), "baris")),
			 1);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "revisi")), rv);
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "belanja"), "205000.00");
	json_decref(d);
	/* replaced: line 1 goes, line 3 comes, with its exact jumlah; the total follows */
	char key[64], im[64];
	snprintf(key, sizeof(key), "Idempotency-Key: ganti-%d", ++seq);
	snprintf(im, sizeof(im), "If-Match: \"r%d\"", rv);
	const char *extra[] = { key, im, NULL };
	http_auth(&H, "PUT", path, planner_dinkes, body, extra, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "diganti")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris")), 3);
	ck_assert_str_eq(jstr(r.json, "jumlah"), "1000000.00");
	int rv2 = (int)json_integer_value(json_object_get(r.json, "revisi"));
	ck_assert_int_gt(rv2, rv);
	char etag[64];
	snprintf(etag, sizeof(etag), "\"r%d\"", rv2);
	ck_assert_str_eq(r.etag, etag);
	http_reply_release(&r);
	/* a retry with the same key replays, changing nothing */
	http_auth(&H, "PUT", path, planner_dinkes, body, extra, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert(r.replayed);
	http_reply_release(&r);
	d = harness_dokumen_get(&H, id, inspector);
	json_t *lines = json_object_get(d, "baris");
	ck_assert_int_eq(json_array_size(lines), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(lines, 0), "baris")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(lines, 1), "baris")), 3);
	ck_assert_str_eq(jstr(json_array_get(lines, 1), "volume"), "10");
	ck_assert_str_eq(jstr(json_object_get(d, "total"), "belanja"), "1005000.00");
	ck_assert_int_eq(json_integer_value(json_object_get(d, "revisi")), rv2);
	json_decref(d);
	/* the line replaced is gone for good: replacing it again is 404 */
	http_call(&H, "PUT", path, planner_dinkes, body, rv2, &r);
	http_expect(&r, 404, NULL, NULL);
	http_reply_release(&r);
	/* past the draft, nothing is replaced: the demo's verified RKA of Dinkes */
	char *demo = harness_sqlf(&H, "SELECT dokumen_id FROM dokumen WHERE pemda_id = '13.71' AND tahun = 2026"
				      " AND jenis = 'rka' AND opd_kode = '" DINKES "' AND status = 'verified'");
	ck_assert_ptr_nonnull(demo);
	d = harness_dokumen_get(&H, atol(demo), inspector);
	int rvd = (int)json_integer_value(json_object_get(d, "revisi"));
	json_decref(d);
	snprintf(path, sizeof(path), BASE "/%s/baris/1", demo);
	http_call(&H, "PUT", path, planner_dinkes, body, rvd, &r);
	http_expect(&r, 409, "conflict", NULL);
	http_reply_release(&r);
	free(demo);
}
END_TEST

static Suite *dokumen_suite(void)
{
	Suite *s = suite_create("dokumen");
	TCase *tc = tcase_create("dokumen");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, kua_ppas_locked);
	tcase_add_test(tc, rka_flow_and_chain);
	tcase_add_test(tc, line_replaced);
	tcase_add_test(tc, demo_year);
	tcase_add_test(tc, locked_versions_refuse_sql);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, apbd_and_dpa);
	tcase_add_test(tc, sipd_import);
	tcase_add_test(tc, ssh_prices);
	tcase_add_test(tc, province_flow);
	tcase_add_test(tc, rkpd_by_bappeda);
	tcase_add_test(tc, db_error_stays_with_its_request);
	tcase_add_test(tc, listing_respects_scope);
	tcase_add_test(tc, rka_within_plafon);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "planner", DINKES, planner_dinkes);
	harness_token_need(&H, "13.71", "planner", DISDIK, planner_disdik);
	harness_token_need(&H, "13.71", "planner", NULL, bappeda);
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	harness_token_need(&H, "13.71", "revenue", NULL, revenue);
	harness_token_need(&H, "13.71", "inspector", NULL, inspector);
	harness_token_need(&H, "19", "planner", NULL, bappeda19);
	harness_token_need(&H, "19", "finance", NULL, finance19);
	return harness_run(&H, dokumen_suite());
}
