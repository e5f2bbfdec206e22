/*
 * test_perubahan.c - the year's changes through the real HTTP API (issue 18, part 3): pergeseran
 * by the approver of its level, refused when it crosses a sub kegiatan or a jenis; the APBD
 * Perubahan (RKA-P, APBD-P, DPRD date, DPPA) with pockets never below what they spent; the LRA and
 * the trace with murni and perubahan; a second Perubahan; replays; every state x role x action of
 * a pergeseran answered 2xx or a registered 4xx that changed nothing.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "harness.h"

static struct harness H;
static PGconn *su;
static int Y; /* a past year (WIB): a DPRD approval can be dated in it */

#define DINKES "1.02.0.00.0.00.01.0000"
#define DISDIK "1.01.2.22.0.00.01.0000"
#define SUB_A "1.02.02.2.01.0001"
#define SUB_B "1.02.02.2.01.0002"
#define SUB_DISDIK "1.01.02.2.01.0001"
#define A1 "5.1.02.01.01.0024" /* rincian objek 5.1.02.01.01 */
#define A2 "5.1.02.01.01.0025" /* the same rincian objek */
#define A3 "5.1.02.01.03.0001" /* another rincian objek of objek 5.1.02.01 */
#define A4 "5.1.02.03.02.0001" /* another objek of jenis 5.1.02 */
#define A5 "5.2.01.01.01.0001" /* another jenis */
#define BASE "/v1/pemda/13.71/dokumen"

static struct {
	const char *nama, *role, *opd;
	char tok[HARNESS_TOKEN];
} peran[] = {
	{ .nama = "planner/opd", .role = "planner", .opd = DINKES },
	{ .nama = "planner", .role = "planner", .opd = NULL },
	{ .nama = "revenue", .role = "revenue", .opd = NULL },
	{ .nama = "finance/opd", .role = "finance", .opd = DINKES },
	{ .nama = "finance", .role = "finance", .opd = NULL },
	{ .nama = "inspector", .role = "inspector", .opd = NULL },
	{ .nama = "admin", .role = "admin", .opd = NULL },
	{ .nama = "sekda", .role = "sekda", .opd = NULL },
};
enum { NPERAN = sizeof(peran) / sizeof(peran[0]) };
#define OPD (peran[0].tok)
#define FIN (peran[4].tok)
#define SEKDA (peran[7].tok)

static char *q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *q(const char *fmt, ...)
{
	char sql[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	PGresult *r = PQexec(su, sql);
	char *v = NULL;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strdup(PQgetvalue(r, 0, 0));
	else if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fprintf(stderr, "sql: %s\n%s", sql, PQerrorMessage(su));
	PQclear(r);
	return v;
}

#define qlong(...) harness_qlong(su, __VA_ARGS__)

static int revisi_of(long id)
{
	return (int)qlong("SELECT revisi FROM dokumen WHERE pemda_id = '13.71' AND dokumen_id = %ld", id);
}

#define step_sql(id, aksi) harness_step_try(su, (id), (aksi), "uji")

static void lock_sql(long id)
{
	ck_assert_msg(step_sql(id, "submit") && step_sql(id, "verify") && step_sql(id, "lock"), "could not lock %ld",
		      id);
}

static void rka_line(long id, const char *sub, const char *akun, const char *n, const char *harga)
{
	long b = qlong("SELECT baris FROM pagu_rka_add('13.71', %ld, NULL, '%s', '%s', 'Belanja uji',"
		       " '[{\"nilai\":\"%s\",\"satuan\":\"unit\"}]', %s, '1.1', NULL)",
		       id, sub, akun, n, harga);
	ck_assert_int_gt(b, 0);
}

/* Everything a refusal must leave as it was. */
static char *snapshot(void)
{
	char *s = q(
		"SELECT md5((SELECT string_agg(concat_ws(':', dokumen_id, status, revisi, baris_terakhir, hash, tahap,"
		" tanggal_dprd), ',' ORDER BY dokumen_id) FROM dokumen WHERE pemda_id = '13.71')"
		" || (SELECT count(*) || ':' || coalesce(sum(jumlah), 0) FROM rka_baris WHERE pemda_id = '13.71')"
		" || (SELECT count(*) || ':' || coalesce(sum(jumlah), 0) FROM anggaran_kas WHERE pemda_id = '13.71')"
		" || (SELECT count(*) FROM dokumen_event WHERE pemda_id = '13.71')"
		" || (SELECT string_agg(concat_ws(':', kantong_id, alokasi, realisasi, pending), ',' ORDER BY"
		"  kantong_id) FROM kantong WHERE pemda_id = '13.71'))");
	ck_assert_ptr_nonnull(s);
	return s;
}

static void expect_registered(const struct http_reply *r, const char *what)
{
	ck_assert_msg(r->status >= 400 && r->status < 500, "%s: %ld %s", what, r->status, r->body);
	const char *type = json_string_value(json_object_get(r->json, "type"));
	ck_assert_msg(type && !strncmp(type, "urn:pagu:problem:", 17), "%s: %s", what, r->body);
	for (int e = 0; e < PAGU_ERR_COUNT_; e++)
		if (!strcmp(type + 17, pagu_err_slug((pagu_err)e))) {
			ck_assert_msg(pagu_err_status((pagu_err)e) == r->status, "%s: %s with %ld", what, type,
				      r->status);
			return;
		}
	ck_abort_msg("%s: problem type %s is not in the registry", what, type);
}

/* A request that must be refused with @status (and @field), changing nothing. */
static void refused(const char *method, const char *path, const char *tok, const char *body, int revisi, long status,
		    const char *slug, const char *field, const char *needle)
{
	char *before = snapshot();
	struct http_reply r;
	/* the needles are the English wording (issue 19: Indonesian unless the client asks) */
	http_call_lang(&H, method, path, tok, body, revisi, "en", &r);
	http_expect(&r, status, slug, field);
	expect_registered(&r, path);
	if (needle)
		ck_assert_msg(strstr(jstr(r.json, "detail"), needle), "%s: %s", path, r.body);
	http_reply_release(&r);
	/* and by default in Indonesian, every word of it: a list a procedure names too (issue 19) */
	http_call_lang(&H, method, path, tok, body, revisi, "id", &r);
	http_expect(&r, status, slug, field);
	ck_assert_msg(!harness_inggris(jstr(r.json, "detail")), "%s %s: \"%s\" in the Indonesian answer: %s", method,
		      path, harness_inggris(jstr(r.json, "detail")), r.body);
	http_reply_release(&r);
	char *after = snapshot();
	ck_assert_msg(!strcmp(before, after), "%s %s: refused but changed something", method, path);
	free(before);
	free(after);
}

static json_t *ok(const char *method, const char *path, const char *tok, const char *body, int revisi, long status)
{
	struct http_reply r;
	http_call(&H, method, path, tok, body, revisi, &r);
	ck_assert_msg(r.status == status, "%s %s: %ld %s", method, path, r.status, r.body);
	json_t *j = json_incref(r.json);
	http_reply_release(&r);
	return j;
}

static long create_from(long id, const char *what, const char *tok)
{
	char path[128];
	snprintf(path, sizeof(path), BASE "/%ld/%s", id, what);
	json_t *j = ok("POST", path, tok, "{\"alasan\":\"uji perubahan\"}", 0, 201);
	long n = (long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return n;
}

static void transisi(long id, const char *tok, const char *aksi, long status)
{
	char path[96], body[128];
	snprintf(path, sizeof(path), BASE "/%ld/transisi", id);
	snprintf(body, sizeof(body), "{\"aksi\":\"%s\",\"alasan\":\"uji\"}", aksi);
	json_decref(ok("POST", path, tok, body, revisi_of(id), status));
}

/* Replaces line @baris of draft @id; answers the new line's number. */
static int put_line(long id, int baris, const char *sub, const char *akun, const char *koef, const char *harga,
		    const char *uraian)
{
	char path[96], body[384];
	snprintf(path, sizeof(path), BASE "/%ld/baris/%d", id, baris);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"%s\",\"uraian\":\"%s\",\"koefisien\":[\"%s\"],"
		 "\"harga_satuan\":\"%s\",\"sumber_dana\":\"1.1\"}",
		 sub, akun, uraian, koef, harga);
	json_t *j = ok("PUT", path, OPD, body, revisi_of(id), 200);
	int b = (int)json_integer_value(json_object_get(j, "baris"));
	json_decref(j);
	return b;
}

static int add_line(long id, const char *sub, const char *akun, const char *koef, const char *harga)
{
	char path[96], body[384];
	snprintf(path, sizeof(path), BASE "/%ld/baris", id);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"%s\",\"uraian\":\"Tambahan\",\"koefisien\":[\"%s\"],"
		 "\"harga_satuan\":\"%s\",\"sumber_dana\":\"1.1\"}",
		 sub, akun, koef, harga);
	json_t *j = ok("POST", path, OPD, body, 0, 201);
	int b = (int)json_integer_value(json_object_get(j, "baris"));
	json_decref(j);
	return b;
}

/* Anggaran kas (even) for every line of a draft DPA that has none, through the API. */
static void kas_all(long id)
{
	char path[96], body[64];
	snprintf(path, sizeof(path), BASE "/%ld/anggaran-kas", id);
	for (;;) {
		long b = qlong("SELECT min(b.baris) FROM rka_baris b WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld"
			       " AND NOT EXISTS (SELECT 1 FROM anggaran_kas k WHERE k.pemda_id = b.pemda_id"
			       " AND k.dokumen_id = b.dokumen_id AND k.baris = b.baris)",
			       id);
		if (!b)
			break;
		snprintf(body, sizeof(body), "{\"baris\":%ld,\"rata\":true}", b);
		json_decref(ok("POST", path, OPD, body, 0, 200));
	}
}

static char *alokasi(const char *sub, const char *akun)
{
	char *s = q("SELECT alokasi FROM kantong WHERE pemda_id = '13.71' AND tahun = %d AND opd_kode = '" DINKES
		    "' AND sub_kegiatan = '%s' AND akun = '%s'",
		    Y, sub, akun);
	return s ? s : strdup("none");
}

static long kantong_of(const char *sub, const char *akun)
{
	return qlong("SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = %d AND opd_kode = '" DINKES
		     "' AND sub_kegiatan = '%s' AND akun = '%s'",
		     Y, sub, akun);
}

static long dpa1, apbd1;

/* Kota Padang's year Y: KUA-PPAS, Dinkes' and Disdik's RKA, the APBD, Dinkes' DPA, all locked. */
static void murni(void)
{
	long k = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'kua_ppas', NULL, NULL)", Y);
	free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DINKES "', '" SUB_A
	       "', 10000000, NULL)",
	       k));
	free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DINKES "', '" SUB_B
	       "', 10000000, NULL)",
	       k));
	free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DISDIK "', '" SUB_DISDIK
	       "', 10000000, NULL)",
	       k));
	free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'pendapatan', NULL, NULL, 90000000, NULL)", k));
	lock_sql(k);
	long rka = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'rka', '" DINKES "', NULL)", Y);
	rka_line(rka, SUB_A, A1, "10", "100000");
	rka_line(rka, SUB_A, A2, "5", "100000");
	rka_line(rka, SUB_A, A4, "2", "500000");
	rka_line(rka, SUB_B, A1, "4", "250000");
	ck_assert(step_sql(rka, "submit") && step_sql(rka, "verify"));
	long rkd = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'rka', '" DISDIK "', NULL)", Y);
	rka_line(rkd, SUB_DISDIK, A1, "1", "700000");
	ck_assert(step_sql(rkd, "submit") && step_sql(rkd, "verify"));
	apbd1 = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'apbd', NULL, NULL)", Y);
	free(q("SELECT baris FROM pagu_apbd_assemble('13.71', %ld, NULL, NULL)", apbd1));
	lock_sql(apbd1);
	dpa1 = qlong("SELECT dokumen_id FROM pagu_dpa_create('13.71', %ld, '" DINKES "', NULL)", apbd1);
	free(q("SELECT count(*) FROM rka_baris b, LATERAL pagu_kas_set('13.71', %ld, NULL, b.baris, NULL, NULL) k"
	       " WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld",
	       dpa1, dpa1));
	lock_sql(dpa1);
	ck_assert_int_eq(qlong("SELECT count(*) FROM kantong WHERE pemda_id = '13.71' AND tahun = %d", Y), 4);
}

static void sp2d(const char *nomor, long kantong, const char *jumlah)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"opd_kode\":\"" DINKES "\",\"nomor\":\"%s\",\"tanggal\":\"%d-03-10\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"%s\"}]}",
		 Y, nomor, Y, kantong, jumlah);
	json_decref(ok("POST", "/v1/pemda/13.71/ledger/sp2d", FIN, body, 0, 201));
}

START_TEST(whole_year)
{
	char path[160], body[512];
	murni();
	/* spent: 800,000 of sub B's ATK, 300,000 of sub A's */
	free(q("SELECT pagu_ledger_spd('13.71', %d, '" DINKES "', 'SPD-P1', '%d-01-02', 12::smallint, 3500000, NULL)",
	       Y, Y));
	sp2d("SP2D-P1", kantong_of(SUB_B, A1), "800000.00");
	sp2d("SP2D-P2", kantong_of(SUB_A, A1), "300000.00");

	/* 1. a pergeseran antar rincian objek (A2 -> A3 within objek 5.1.02.01): the OPD prepares it,
	   TAPD verifies, the Sekda may not lock it, the PPKD (finance) does */
	long p1 = create_from(dpa1, "pergeseran", OPD);
	json_t *d = harness_dokumen_get(&H, p1, OPD);
	ck_assert_str_eq(jstr(d, "tahap"), "pergeseran");
	ck_assert_str_eq(jstr(d, "jenis"), "dpa");
	ck_assert_int_eq(json_integer_value(json_object_get(d, "asal_id")), dpa1);
	json_decref(d);
	put_line(p1, 2, SUB_A, A2, "3 unit", "100000.00", "Belanja uji");
	add_line(p1, SUB_A, A3, "2 unit", "100000.00");
	kas_all(p1);
	transisi(p1, OPD, "submit", 200);
	transisi(p1, FIN, "verify", 200);
	snprintf(path, sizeof(path), BASE "/%ld/transisi", p1);
	refused("POST", path, SEKDA, "{\"aksi\":\"lock\"}", revisi_of(p1), 403, "forbidden", NULL, "rincian_objek");
	transisi(p1, FIN, "lock", 200);
	char *a = alokasi(SUB_A, A2);
	ck_assert_str_eq(a, "300000.00");
	free(a);
	a = alokasi(SUB_A, A3);
	ck_assert_str_eq(a, "200000.00");
	free(a);
	/* before, change, after */
	snprintf(path, sizeof(path), BASE "/%ld/perbandingan", p1);
	json_t *cmp = ok("GET", path, peran[5].tok, NULL, 0, 200);
	bool seen = false;
	json_t *row;
	size_t i;
	json_array_foreach (json_object_get(cmp, "baris"), i, row) {
		if (!strcmp(jstr(row, "akun"), A2)) {
			ck_assert_str_eq(jstr(row, "sebelum"), "500000.00");
			ck_assert_str_eq(jstr(row, "perubahan"), "-200000.00");
			ck_assert_str_eq(jstr(row, "sesudah"), "300000.00");
			seen = true;
		}
	}
	ck_assert(seen);
	ck_assert_str_eq(jstr(json_object_get(cmp, "belanja"), "perubahan"), "0.00");
	/* the same as CSV, murni and perubahan side by side, the belanja total last */
	char csvpath[sizeof(path) + 16], line[256];
	snprintf(csvpath, sizeof(csvpath), "%s?format=csv", path);
	struct http_reply cr;
	http_call(&H, "GET", csvpath, peran[5].tok, NULL, 0, &cr);
	ck_assert_int_eq(cr.status, 200);
	ck_assert_msg(!strncmp(cr.content_type, "text/csv", 8), "%s", cr.content_type);
	ck_assert_msg(!strncmp(cr.body,
			       "Kode OPD,Kode Sub Kegiatan,Kode Rekening,Sebelum,Bertambah/(Berkurang),Sesudah\r\n",
			       80),
		      "%s", cr.body);
	snprintf(line, sizeof(line), ",%s,500000.00,-200000.00,300000.00\r\n", A2);
	ck_assert_msg(strstr(cr.body, line), "no row for %s: %s", A2, cr.body);
	snprintf(line, sizeof(line), "Jumlah belanja,,5,%s,0.00,%s\r\n",
		 jstr(json_object_get(cmp, "belanja"), "sebelum"), jstr(json_object_get(cmp, "belanja"), "sesudah"));
	ck_assert_msg(strstr(cr.body, line), "no total %s: %s", line, cr.body);
	free(cr.body);
	snprintf(csvpath, sizeof(csvpath), "%s?format=xml", path);
	json_decref(ok("GET", csvpath, peran[5].tok, NULL, 0, 400));
	json_decref(cmp);

	/* 2. antar objek (A4 -> A1 within jenis 5.1.02): finance may not lock it, the Sekda does */
	long p2 = create_from(p1, "pergeseran", OPD);
	put_line(p2, 3, SUB_A, A4, "2 unit", "400000.00", "Belanja uji");
	put_line(p2, 1, SUB_A, A1, "12 unit", "100000.00", "Belanja uji");
	kas_all(p2);
	transisi(p2, OPD, "submit", 200);
	transisi(p2, FIN, "verify", 200);
	snprintf(path, sizeof(path), BASE "/%ld/transisi", p2);
	refused("POST", path, FIN, "{\"aksi\":\"lock\"}", revisi_of(p2), 403, "forbidden", NULL, "Sekretaris Daerah");
	transisi(p2, SEKDA, "lock", 200);
	a = alokasi(SUB_A, A1);
	ck_assert_str_eq(a, "1200000.00");
	free(a);

	/* 3. crossing a sub kegiatan, then a jenis: refused, naming the APBD Perubahan; then made an
	   uraian change, locked by the PPKD */
	long p3 = create_from(p2, "pergeseran", OPD);
	int l4 = put_line(p3, 4, SUB_B, A1, "3 unit", "300000.00", "Belanja uji");
	int extra = add_line(p3, SUB_A, A1, "1 unit", "100000.00");
	kas_all(p3);
	snprintf(path, sizeof(path), BASE "/%ld/transisi", p3);
	refused("POST", path, OPD, "{\"aksi\":\"submit\"}", revisi_of(p3), 422, "rule-violation", "pergeseran",
		"APBD Perubahan");
	snprintf(path, sizeof(path), BASE "/%ld/baris/%d", p3, extra);
	json_decref(ok("DELETE", path, OPD, NULL, revisi_of(p3), 200));
	add_line(p3, SUB_B, A5, "1 unit", "100000.00");
	kas_all(p3);
	snprintf(path, sizeof(path), BASE "/%ld/transisi", p3);
	refused("POST", path, OPD, "{\"aksi\":\"submit\"}", revisi_of(p3), 422, "rule-violation", "pergeseran",
		"a shift between jenis belanja");
	/* back to a change of uraian only */
	extra = (int)qlong("SELECT max(baris) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld", p3);
	snprintf(path, sizeof(path), BASE "/%ld/baris/%d", p3, extra);
	json_decref(ok("DELETE", path, OPD, NULL, revisi_of(p3), 200));
	put_line(p3, l4, SUB_B, A1, "4 unit", "250000.00", "Belanja ATK dirinci");
	kas_all(p3);
	transisi(p3, OPD, "submit", 200);
	transisi(p3, FIN, "verify", 200);
	transisi(p3, FIN, "lock", 200);
	/* a DPA from the murni APBD would undo the pergeseran */
	snprintf(path, sizeof(path), BASE "/%ld/dpa", apbd1);
	refused("POST", path, FIN, "{\"opd_kode\":\"" DINKES "\"}", 0, 409, "conflict", "/opd_kode", "pergeseran");

	/* 4. the APBD Perubahan: KUA-PPAS perubahan raises sub A's plafon; the APBD-P, Dinkes' RKA-P */
	long k2 = qlong(
		"SELECT dokumen_id FROM pagu_dokumen_derive('13.71', (SELECT dokumen_id FROM dokumen WHERE"
		" pemda_id = '13.71' AND tahun = %d AND jenis = 'kua_ppas' AND status = 'locked'), NULL, 'KUA-P')",
		Y);
	free(q("SELECT count(*) FROM pagu_baris_delete('13.71', %ld, NULL, 1, NULL)", k2));
	free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DINKES "', '" SUB_A
	       "', 20000000, NULL)",
	       k2));
	lock_sql(k2);
	long ap = create_from(apbd1, "perubahan", FIN);
	d = harness_dokumen_get(&H, ap, FIN);
	ck_assert_str_eq(jstr(d, "tahap"), "perubahan");
	/* an empty draft: every kind of its total is nil */
	for (const char *const *k = (const char *const[]){ "pendapatan", "belanja", "penerimaan_pembiayaan",
							   "pengeluaran_pembiayaan", NULL };
	     *k; k++)
		ck_assert_str_eq(jstr(json_object_get(d, "total"), *k), "0.00");
	json_decref(d);
	/* an RKA-P from a DPA that is not the latest is refused; from the latest it copies its lines */
	snprintf(path, sizeof(path), BASE "/%ld/perubahan", p2);
	refused("POST", path, OPD, "{\"alasan\":\"x\"}", 0, 409, "conflict", "id", "not the latest");
	long rp = create_from(p3, "perubahan", OPD);
	ck_assert_int_eq(qlong("SELECT count(*) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld"
			       " AND asal_dokumen_id = %ld",
			       rp, p3),
			 qlong("SELECT count(*) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld", p3));
	/* raise sub A, cut sub B below what it spent (800,000): refused naming the pocket */
	int sub_a = (int)qlong("SELECT baris FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld"
			       " AND sub_kegiatan = '" SUB_A "' AND akun = '" A1 "'",
			       rp);
	put_line(rp, sub_a, SUB_A, A1, "15 unit", "100000.00", "Belanja uji");
	int sub_b = (int)qlong("SELECT baris FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld"
			       " AND sub_kegiatan = '" SUB_B "'",
			       rp);
	int cut = put_line(rp, sub_b, SUB_B, A1, "5 unit", "100000.00", "Belanja uji");
	snprintf(path, sizeof(path), BASE "/%ld/transisi", rp);
	char needle[96];
	snprintf(needle, sizeof(needle), "pocket %ld", kantong_of(SUB_B, A1));
	refused("POST", path, OPD, "{\"aksi\":\"submit\"}", revisi_of(rp), 422, "rule-violation", "kantong", needle);
	refused("POST", path, OPD, "{\"aksi\":\"submit\"}", revisi_of(rp), 422, "rule-violation", "kantong",
		"Rp800,000.00 spent or reserved and would be given Rp500,000.00");
	put_line(rp, cut, SUB_B, A1, "9 unit", "100000.00", "Belanja uji");
	transisi(rp, OPD, "submit", 200);
	transisi(rp, FIN, "verify", 200);
	/* the APBD-P: Dinkes from its RKA-P, Disdik (no DPA, no RKA-P) keeps its murni lines */
	snprintf(path, sizeof(path), BASE "/%ld/susun", ap);
	json_t *su_r = ok("POST", path, FIN, NULL, revisi_of(ap), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(su_r, "rka")), 2);
	json_decref(su_r);
	ck_assert_int_eq(qlong("SELECT count(*) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld"
			       " AND opd_kode = '" DISDIK "' AND jumlah = 700000",
			       ap),
			 1);
	transisi(ap, FIN, "submit", 200);
	transisi(ap, FIN, "verify", 200);
	snprintf(path, sizeof(path), BASE "/%ld/transisi", ap);
	refused("POST", path, FIN, "{\"aksi\":\"lock\"}", revisi_of(ap), 422, "rule-violation", "/tanggal_dprd",
		"DPRD");
	snprintf(body, sizeof(body), "{\"aksi\":\"lock\",\"tanggal_dprd\":\"%d-10-01\"}", Y);
	refused("POST", path, FIN, body, revisi_of(ap), 422, "rule-violation", "/tanggal_dprd", "Pasal 317");
	snprintf(body, sizeof(body), "{\"aksi\":\"verify\",\"tanggal_dprd\":\"%d-09-15\"}", Y);
	refused("POST", path, FIN, body, revisi_of(ap), 400, "invalid-input", "/tanggal_dprd", NULL);
	snprintf(body, sizeof(body), "{\"aksi\":\"lock\",\"tanggal_dprd\":\"%d-09-15\"}", Y);
	d = ok("POST", path, FIN, body, revisi_of(ap), 200);
	char dprd[16];
	snprintf(dprd, sizeof(dprd), "%d-09-15", Y);
	ck_assert_str_eq(jstr(d, "tanggal_dprd"), dprd);
	ck_assert_str_eq(jstr(d, "status"), "locked");
	json_decref(d);
	/* the DPPA re-allocates the pockets */
	snprintf(path, sizeof(path), BASE "/%ld/dpa", ap);
	d = ok("POST", path, FIN, "{\"opd_kode\":\"" DINKES "\"}", 0, 201);
	long dppa = (long)json_integer_value(json_object_get(d, "id"));
	ck_assert_str_eq(jstr(d, "tahap"), "perubahan");
	json_decref(d);
	kas_all(dppa);
	transisi(dppa, FIN, "submit", 200);
	transisi(dppa, FIN, "verify", 200);
	transisi(dppa, FIN, "lock", 200);
	a = alokasi(SUB_A, A1);
	ck_assert_str_eq(a, "1500000.00");
	free(a);
	a = alokasi(SUB_B, A1);
	ck_assert_str_eq(a, "900000.00");
	free(a);
	/* the chain covers every version of Dinkes' DPA: murni, three pergeseran, the DPPA */
	snprintf(path, sizeof(path), BASE "/%ld/verifikasi", dppa);
	d = ok("GET", path, FIN, NULL, 0, 200);
	ck_assert(json_is_true(json_object_get(d, "ok")));
	ck_assert_int_eq(json_integer_value(json_object_get(d, "versi_diperiksa")), 5);
	json_decref(d);
	snprintf(path, sizeof(path), BASE "/%ld/verifikasi", ap);
	d = ok("GET", path, FIN, NULL, 0, 200);
	ck_assert(json_is_true(json_object_get(d, "ok")));
	json_decref(d);
	/* stage, date and basis are sealed: neither the server's role nor a superuser changes them */
	char s1[200], s2[200];
	snprintf(s1, sizeof(s1), "UPDATE dokumen SET tahap = 'murni' WHERE pemda_id = '13.71' AND dokumen_id = %ld",
		 ap);
	snprintf(s2, sizeof(s2),
		 "UPDATE dokumen SET tanggal_dprd = tanggal_dprd - 1 WHERE pemda_id = '13.71' AND dokumen_id = %ld",
		 ap);
	const char *const sqls[] = { s1, s2 };
	harness_refused_by_all(&H, sqls, 2);

	/* 5. the LRA: murni and perubahan side by side, with the realisation */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/laporan/lra?tahun=%d&opd=" DINKES, Y);
	d = ok("GET", path, FIN, NULL, 0, 200);
	seen = false;
	json_array_foreach (json_object_get(d, "baris"), i, row) {
		if (!strcmp(jstr(row, "kode"), "5")) {
			ck_assert_str_eq(jstr(row, "anggaran_murni"), "3500000.00");
			ck_assert_str_eq(jstr(row, "anggaran"), "3700000.00");
			ck_assert_str_eq(jstr(row, "bertambah_berkurang"), "200000.00");
			ck_assert_str_eq(jstr(row, "realisasi"), "1100000.00");
			seen = true;
		}
	}
	ck_assert(seen);
	json_decref(d);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/laporan/lra?tahun=%d&opd=" DINKES "&format=csv", Y);
	struct http_reply r;
	http_auth(&H, "GET", path, FIN, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(r.body, "Anggaran Murni,Bertambah/(Berkurang)\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\n1,5,"));
	http_reply_release(&r);

	/* 6. the trace follows sub kegiatan A through murni, pergeseran and perubahan */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/jejak?tahun=%d&opd=" DINKES "&sub_kegiatan=" SUB_A, Y);
	d = ok("GET", path, FIN, NULL, 0, 200);
	const char *want[][3] = { { "rka", "murni", "2500000.00" },	 { "rka", "perubahan", "2800000.00" },
				  { "apbd", "murni", "2500000.00" },	 { "apbd", "perubahan", "2800000.00" },
				  { "dpa", "pergeseran", "2500000.00" }, { "dpa", "perubahan", "2800000.00" } };
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		bool found = false;
		json_array_foreach (json_object_get(d, want[w][0]), i, row) {
			if (!strcmp(jstr(row, "tahap"), want[w][1]) && jstr(row, "jumlah") &&
			    !strcmp(jstr(row, "jumlah"), want[w][2]))
				found = true;
		}
		ck_assert_msg(found, "jejak has no %s %s of %s: %s", want[w][0], want[w][1], want[w][2],
			      json_dumps(d, 0));
	}
	json_decref(d);

	/* 7. a second Perubahan: refused, unless in keadaan luar biasa with its basis */
	snprintf(path, sizeof(path), BASE "/%ld/perubahan", ap);
	refused("POST", path, FIN, "{\"alasan\":\"lagi\"}", 0, 422, "rule-violation", "/keadaan_luar_biasa",
		"once a year");
	const char *lb = "{\"alasan\":\"bencana\",\"keadaan_luar_biasa\":\"Keputusan Wali Kota tentang status tanggap "
			 "darurat\"}";
	char key[64];
	snprintf(key, sizeof(key), "perubahan-kedua-%d", Y);
	http_post(&H, path, FIN, lb, key, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(jstr(r.json, "dasar"), "Keputusan Wali Kota tentang status tanggap darurat");
	long ap2 = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	/* replayed with the same key: the same answer, nothing new */
	char *before = snapshot();
	http_post(&H, path, FIN, lb, key, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert(r.replayed);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "id")), ap2);
	http_reply_release(&r);
	char *after = snapshot();
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

static const char *const keadaan[] = { "draft", "submitted", "verified", "locked" };
static const char *const aksi_semua[] = { "add",  "kas",	"submit",    "verify", "reject",
					  "lock", "pergeseran", "perubahan", "turunan" };
enum { NAKSI = sizeof(aksi_semua) / sizeof(aksi_semua[0]) };

/* A pergeseran of Disdik's DPA in @state (a change of uraian, so any approver level is finance). */
static long disdik_dpa;

static int rank(const char *st)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(st, keadaan[i]))
			return i;
	return -1;
}

static char *status_of(long id)
{
	char *st = q("SELECT status FROM dokumen WHERE pemda_id = '13.71' AND dokumen_id = %ld", id);
	return st ? st : strdup("?");
}

/* A change of uraian in draft pergeseran @id: its first line again, with another description. */
static void uraian_change(long id)
{
	long b = qlong("SELECT min(baris) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld", id);
	free(q("SELECT revisi FROM pagu_baris_delete('13.71', %ld, NULL, %ld::int, NULL)", id, b));
	long nb = qlong("SELECT baris FROM pagu_rka_add('13.71', %ld, NULL, '" SUB_DISDIK "', '" A1
			"', 'Uraian %ld', '[{\"nilai\":\"1\",\"satuan\":\"unit\"}]', 700000, '1.1', NULL)",
			id, id);
	ck_assert_int_gt(nb, 0);
	free(q("SELECT revisi FROM pagu_kas_set('13.71', %ld, NULL, %ld::int, NULL, NULL)", id, nb));
}

/* Moves @id forward to @state with the procedure. */
static void forward(long id, const char *state)
{
	for (;;) {
		char *st = status_of(id);
		bool done = rank(st) >= rank(state);
		if (!done && !strcmp(st, "draft")) {
			/* what the matrix added to the draft goes again, so that it stays a pergeseran */
			free(q("SELECT count(*) FROM rka_baris b, LATERAL pagu_baris_delete('13.71', %ld, NULL, "
			       "b.baris, NULL) x"
			       " WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld AND b.uraian = 'x'",
			       id, id));
			free(q("SELECT count(*) FROM rka_baris b, LATERAL pagu_kas_set('13.71', %ld, NULL, b.baris, "
			       "NULL, NULL) k"
			       " WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld AND NOT EXISTS (SELECT 1 FROM "
			       "anggaran_kas a"
			       " WHERE a.pemda_id = b.pemda_id AND a.dokumen_id = b.dokumen_id AND a.baris = b.baris)",
			       id, id));
			if (!qlong("SELECT count(*) FROM pagu_pergeseran_tingkat('13.71', %ld)", id))
				uraian_change(id);
		}
		if (!done)
			ck_assert_msg(step_sql(id, !strcmp(st, "draft")	      ? "submit"
						   : !strcmp(st, "submitted") ? "verify"
									      : "lock"),
				      "fixture %ld could not leave %s", id, st);
		free(st);
		if (done)
			return;
	}
}

static long fixture(const char *state)
{
	long id = qlong("SELECT dokumen_id FROM dokumen WHERE pemda_id = '13.71' AND tahun = %d AND jenis = 'dpa'"
			" AND opd_kode = '" DISDIK "' ORDER BY versi DESC LIMIT 1",
			Y + 1);
	char *st = status_of(id);
	bool fresh = id == disdik_dpa || rank(st) > rank(state);
	free(st);
	if (fresh) {
		forward(id, "locked");
		id = qlong("SELECT dokumen_id FROM pagu_pergeseran_create('13.71', %ld, NULL, 'uji')", id);
		ck_assert_int_gt(id, 0);
	}
	forward(id, state);
	return id;
}

static void act(const char *aksi, long id, const char *tok, struct http_reply *r)
{
	char path[160], body[384];
	const char *b = body;
	if (!strcmp(aksi, "add")) {
		snprintf(path, sizeof(path), BASE "/%ld/baris", id);
		snprintf(body, sizeof(body),
			 "{\"sub_kegiatan\":\"" SUB_DISDIK "\",\"akun\":\"" A2 "\",\"uraian\":\"x\",\"koefisien\":"
			 "[\"1 unit\"],\"harga_satuan\":\"1.00\",\"sumber_dana\":\"1.1\"}");
	} else if (!strcmp(aksi, "kas")) {
		snprintf(path, sizeof(path), BASE "/%ld/anggaran-kas", id);
		snprintf(body, sizeof(body), "{\"baris\":%ld,\"rata\":true}",
			 qlong("SELECT max(baris) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld", id));
	} else if (!strcmp(aksi, "pergeseran") || !strcmp(aksi, "perubahan") || !strcmp(aksi, "turunan")) {
		snprintf(path, sizeof(path), BASE "/%ld/%s", id, aksi);
		snprintf(body, sizeof(body), "{\"alasan\":\"uji matriks\"}");
	} else {
		snprintf(path, sizeof(path), BASE "/%ld/transisi", id);
		snprintf(body, sizeof(body), "{\"aksi\":\"%s\",\"alasan\":\"uji matriks\"}", aksi);
	}
	http_call(&H, "POST", path, tok, b, revisi_of(id), r);
}

START_TEST(every_state_role_action)
{
	/* Disdik's year Y+1: its DPA locked, then pergeseran in every state */
	int t = Y + 1;
	long k = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'kua_ppas', NULL, NULL)", t);
	free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DISDIK "', '" SUB_DISDIK
	       "', 10000000, NULL)",
	       k));
	lock_sql(k);
	long rkd = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'rka', '" DISDIK "', NULL)", t);
	rka_line(rkd, SUB_DISDIK, A1, "1", "700000");
	ck_assert(step_sql(rkd, "submit") && step_sql(rkd, "verify"));
	long ap = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'apbd', NULL, NULL)", t);
	free(q("SELECT baris FROM pagu_apbd_assemble('13.71', %ld, NULL, NULL)", ap));
	lock_sql(ap);
	disdik_dpa = qlong("SELECT dokumen_id FROM pagu_dpa_create('13.71', %ld, '" DISDIK "', NULL)", ap);
	free(q("SELECT count(*) FROM rka_baris b, LATERAL pagu_kas_set('13.71', %ld, NULL, b.baris, NULL, NULL) k"
	       " WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld",
	       disdik_dpa, disdik_dpa));
	lock_sql(disdik_dpa);
	char planner_disdik[HARNESS_TOKEN];
	harness_token_need(&H, "13.71", "planner", DISDIK, planner_disdik);
	int okc = 0, ref = 0;
	for (int s = 0; s < 4; s++) {
		for (int a = 0; a < NAKSI; a++) {
			for (int p = 0; p <= NPERAN; p++) {
				const char *tok = p < NPERAN ? peran[p].tok : planner_disdik;
				const char *nama = p < NPERAN ? peran[p].nama : "planner/disdik";
				long id = fixture(keadaan[s]);
				char *before = snapshot();
				struct http_reply r;
				act(aksi_semua[a], id, tok, &r);
				char what[160];
				snprintf(what, sizeof(what), "pergeseran %s (%ld) %s by %s", keadaan[s], id,
					 aksi_semua[a], nama);
				ck_assert_msg(r.status < 500, "%s: %ld %s", what, r.status, r.body);
				if (r.status >= 200 && r.status < 300) {
					okc++;
				} else {
					ref++;
					expect_registered(&r, what);
					char *after = snapshot();
					ck_assert_msg(!strcmp(before, after), "%s: refused (%ld) but changed something",
						      what, r.status);
					free(after);
				}
				/* the Dinkes token never acts on Disdik's pergeseran; sekda only locks or rejects */
				if (p == 0 || p == 3)
					ck_assert_msg(r.status == 403, "%s: %ld", what, r.status);
				if (p == 7 && strcmp(aksi_semua[a], "lock") && strcmp(aksi_semua[a], "reject"))
					ck_assert_msg(r.status == 403 || r.status == 409, "%s: %ld", what, r.status);
				/* an uraian change is the PPKD's: the Sekda may not lock it */
				if (p == 7 && !strcmp(aksi_semua[a], "lock") && !strcmp(keadaan[s], "verified"))
					http_expect(&r, 403, "forbidden", NULL);
				if (p == 4 && !strcmp(aksi_semua[a], "lock") && !strcmp(keadaan[s], "verified"))
					http_expect(&r, 200, NULL, NULL);
				free(before);
				http_reply_release(&r);
			}
		}
	}
	printf("%d accepted, %d refused\n", okc, ref);
	ck_assert_int_gt(okc, 0);
	ck_assert_int_gt(ref, 0);
}
END_TEST

/* A penunjang sub kegiatan (X.XX...) under two bidang of one OPD is two sub kegiatan in SIPD
   (1.01.01.2.02.0001 and 2.22.01.2.02.0001): moving an amount from one to the other crosses a sub
   kegiatan (a bidang urusan, a program), so it is not a pergeseran the PPKD approves; it needs the
   APBD Perubahan, and the pockets of both bidang stay as they were. */
START_TEST(pergeseran_across_bidang)
{
	int t = Y + 2;
	const char *sub1 = "1.01.01.2.02.0001", *sub2 = "2.22.01.2.02.0001";
	long k = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'kua_ppas', NULL, NULL)", t);
	free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DISDIK "', '%s', 10000000,"
	       " NULL)",
	       k, sub1));
	lock_sql(k);
	long rkd = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'rka', '" DISDIK "', NULL)", t);
	rka_line(rkd, sub1, A1, "10", "100000");
	rka_line(rkd, sub2, A1, "10", "100000");
	ck_assert(step_sql(rkd, "submit") && step_sql(rkd, "verify"));
	long ap = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'apbd', NULL, NULL)", t);
	free(q("SELECT baris FROM pagu_apbd_assemble('13.71', %ld, NULL, NULL)", ap));
	lock_sql(ap);
	long dpa = qlong("SELECT dokumen_id FROM pagu_dpa_create('13.71', %ld, '" DISDIK "', NULL)", ap);
	free(q("SELECT count(*) FROM rka_baris b, LATERAL pagu_kas_set('13.71', %ld, NULL, b.baris, NULL, NULL) k"
	       " WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld",
	       dpa, dpa));
	lock_sql(dpa);
	ck_assert_int_eq(qlong("SELECT count(*) FROM kantong WHERE pemda_id = '13.71' AND tahun = %d AND bidang IN"
			       " ('1.01', '2.22') AND alokasi = 1000000",
			       t),
			 2);
	long p = create_from(dpa, "pergeseran", FIN);
	char path[128], body[384];
	const struct {
		int baris;
		const char *sub, *n;
	} lines[] = { { 1, sub1, "5" }, { 2, sub2, "15" } };
	for (int i = 0; i < 2; i++) {
		int b = (int)qlong("SELECT baris FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld AND"
				   " bidang = '%.4s'",
				   p, lines[i].sub);
		snprintf(path, sizeof(path), BASE "/%ld/baris/%d", p, b);
		snprintf(body, sizeof(body),
			 "{\"sub_kegiatan\":\"%s\",\"akun\":\"" A1 "\",\"uraian\":\"Belanja uji\",\"koefisien\":"
			 "[\"%s unit\"],\"harga_satuan\":\"100000.00\",\"sumber_dana\":\"1.1\"}",
			 lines[i].sub, lines[i].n);
		json_decref(ok("PUT", path, FIN, body, revisi_of(p), 200));
	}
	free(q("SELECT count(*) FROM rka_baris b, LATERAL pagu_kas_set('13.71', %ld, NULL, b.baris, NULL, NULL) k"
	       " WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld AND NOT EXISTS (SELECT 1 FROM anggaran_kas a"
	       " WHERE a.pemda_id = b.pemda_id AND a.dokumen_id = b.dokumen_id AND a.baris = b.baris)",
	       p, p));
	snprintf(path, sizeof(path), BASE "/%ld/transisi", p);
	refused("POST", path, FIN, "{\"aksi\":\"submit\"}", revisi_of(p), 422, "rule-violation", "pergeseran",
		"sub kegiatan 1.01.01.2.02.0001 goes from Rp1,000,000.00 to Rp500,000.00");
	/* the comparison keeps the two apart as SIPD names them: one code under two bidang is two rows */
	snprintf(path, sizeof(path), BASE "/%ld/perbandingan", p);
	json_t *cmp = ok("GET", path, FIN, NULL, 0, 200);
	int seen = 0;
	json_t *row;
	size_t i;
	json_array_foreach (json_object_get(cmp, "baris"), i, row) {
		const char *sk = jstr(row, "sub_kegiatan");
		ck_assert_msg(sk && strncmp(sk, "X.XX", 4), "a penunjang row without its bidang: %s", sk ? sk : "null");
		if (!strcmp(sk, sub1) || !strcmp(sk, sub2)) {
			ck_assert_str_eq(jstr(row, "perubahan"), strcmp(sk, sub1) ? "500000.00" : "-500000.00");
			seen++;
		}
	}
	ck_assert_int_eq(seen, 2);
	json_decref(cmp);
	/* and at lock, were it submitted by the procedure before */
	ck_assert(!step_sql(p, "submit"));
	ck_assert_int_eq(qlong("SELECT count(*) FROM kantong WHERE pemda_id = '13.71' AND tahun = %d AND bidang IN"
			       " ('1.01', '2.22') AND alokasi = 1000000",
			       t),
			 2);
}
END_TEST

static Suite *perubahan_suite(void)
{
	Suite *s = suite_create("perubahan");
	TCase *tc = tcase_create("perubahan");
	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, whole_year);
	tcase_add_test(tc, every_state_role_action);
	tcase_add_test(tc, pergeseran_across_bidang);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	for (int p = 0; p < NPERAN; p++)
		harness_token_need(&H, "13.71", peran[p].role, peran[p].opd, peran[p].tok);
	su = harness_connect(&H, HARNESS_SUPER);
	char *y = q("SELECT extract(year FROM (now() AT TIME ZONE 'Asia/Jakarta'))::int - 3");
	Y = y ? atoi(y) : 0;
	free(y);
	int rc = harness_run(&H, perubahan_suite());
	PQfinish(su);
	return rc;
}
