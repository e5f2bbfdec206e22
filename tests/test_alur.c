/*
 * test_alur.c - the document state machine as a whole, through the real HTTP API: every
 * (kind, state, role, action) answered 2xx or a registered 4xx problem that changed nothing,
 * and the year's flow RKPD -> KUA-PPAS -> RKA -> APBD -> DPA with a changed RKA on the way.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "harness.h"
#include "pesan.h"

static struct harness H;
static PGconn *su;
static int seq;

#define DINKES "1.02.0.00.0.00.01.0000"
#define DISDIK "1.01.2.22.0.00.01.0000"
#define SUB_DINKES "1.02.02.2.01.0001"
#define SUB_DISDIK "1.01.02.2.01.0001"
#define BASE "/v1/pemda/13.71/dokumen"

enum { Y_RKPD = 2060, Y_KUA = 2061, Y_RKA = 2062, Y_A = 2063, Y_KOSONG = 2064, Y_ALUR = 2065 };

/* the roles: name and token */
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
};
enum { NPERAN = sizeof(peran) / sizeof(peran[0]) };
static const char *planner_dinkes, *finance;
static char planner_disdik[HARNESS_TOKEN];

/* Test-authored SQL as the superuser: the first column of the first row (malloc'd), or NULL on error or no row. */
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
	PQclear(r);
	return v;
}

#define qlong(...) harness_qlong(su, __VA_ARGS__)

/* Setup SQL that must work: ends the run (with the error) when it does not. */
static void must(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void must(const char *fmt, ...)
{
	char sql[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	PGresult *r = PQexec(su, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "fixture: %s\n%s", sql, PQerrorMessage(su));
		exit(2);
	}
	PQclear(r);
}

static char *status_of(long id)
{
	char *s = q("SELECT status FROM dokumen WHERE pemda_id = '13.71' AND dokumen_id = %ld", id);
	return s ? s : strdup("?");
}

static int revisi_of(long id)
{
	return (int)qlong("SELECT revisi FROM dokumen WHERE pemda_id = '13.71' AND dokumen_id = %ld", id);
}

#define step_sql(id, aksi) harness_step_try(su, (id), (aksi), "uji alur")

static long latest(const char *jenis, int tahun, const char *opd)
{
	return qlong("SELECT dokumen_id FROM dokumen WHERE pemda_id = '13.71' AND jenis = '%s' AND tahun = %d"
		     " AND coalesce(opd_kode, '') = '%s' ORDER BY versi DESC LIMIT 1",
		     jenis, tahun, opd ? opd : "");
}

static long create_sql(const char *jenis, int tahun, const char *opd)
{
	char o[64];
	snprintf(o, sizeof(o), opd ? "'%s'" : "NULL", opd);
	long id = qlong("SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, '%s', %s, NULL)", tahun, jenis, o);
	ck_assert_int_gt(id, 0);
	return id;
}

static long derive_sql(long id)
{
	long n = qlong("SELECT dokumen_id FROM pagu_dokumen_derive('13.71', %ld, NULL, 'uji alur')", id);
	ck_assert_msg(n > 0, "could not derive from %ld", id);
	return n;
}

static long nlines(long id)
{
	return qlong("SELECT (SELECT count(*) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld)"
		     " + (SELECT count(*) FROM rkpd_item WHERE pemda_id = '13.71' AND dokumen_id = %ld)"
		     " + (SELECT count(*) FROM plafon WHERE pemda_id = '13.71' AND dokumen_id = %ld)",
		     id, id, id);
}

static long last_line(long id)
{
	return qlong("SELECT max(b) FROM (SELECT baris FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld"
		     " UNION ALL SELECT baris FROM rkpd_item WHERE pemda_id = '13.71' AND dokumen_id = %ld"
		     " UNION ALL SELECT baris FROM plafon WHERE pemda_id = '13.71' AND dokumen_id = %ld) x(b)",
		     id, id, id);
}

/* Lines for a draft of each kind, so that line actions have something to act on. */
static void fill(long id, const char *jenis, const char *opd)
{
	if (!strcmp(jenis, "rkpd")) {
		while (nlines(id) < 2)
			must("SELECT baris FROM pagu_rkpd_add('13.71', %ld, NULL, '" DINKES "', '" SUB_DINKES
			     "', 'Cakupan uji', 10, 'orang', 1000, 'Padang', '1.1', NULL)",
			     id);
	} else if (!strcmp(jenis, "kua_ppas")) {
		static const char *const lines[] = {
			"'pendapatan', NULL, NULL, 5000000",
			"'opd', '" DINKES "', NULL, 1000000",
			"'sub_kegiatan', '" DINKES "', '" SUB_DINKES "', 1000000",
			"'opd', '" DISDIK "', NULL, 1000000",
		};
		for (size_t i = 0; i < 4 && nlines(id) < 2; i++)
			free(q("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, %s, NULL)", id, lines[i]));
		ck_assert_int_ge(nlines(id), 2);
	} else if (!strcmp(jenis, "rka")) {
		const char *sub = !strcmp(opd, DINKES) ? SUB_DINKES : SUB_DISDIK;
		while (nlines(id) < 2)
			must("SELECT baris FROM pagu_rka_add('13.71', %ld, NULL, '%s', '5.1.02.01.01.0024', 'ATK "
			     "uji',"
			     " '[{\"nilai\":\"2\",\"satuan\":\"rim\"}]', 50000, '1.1', NULL)",
			     id, sub);
	} else if (!strcmp(jenis, "dpa")) {
		/* the anggaran kas of every line, so that the DPA can go on */
		must("SELECT count(*) FROM rka_baris b, LATERAL pagu_kas_set('13.71', %ld, NULL, b.baris, NULL, NULL) "
		     "k"
		     " WHERE b.pemda_id = '13.71' AND b.dokumen_id = %ld",
		     id, id);
	}
}

static const char *const urut[] = { "draft", "submitted", "verified", "locked" };

static int rank(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, urut[i]))
			return i;
	return -1;
}

/* A locked KUA-PPAS for @tahun with room for every RKA of the tests. */
static void kua_for(int tahun)
{
	long k = create_sql("kua_ppas", tahun, NULL);
	must("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DINKES "', '" SUB_DINKES
	     "', 900000000, NULL)",
	     k);
	must("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'sub_kegiatan', '" DISDIK "', '" SUB_DISDIK
	     "', 900000000, NULL)",
	     k);
	must("SELECT baris FROM pagu_plafon_add('13.71', %ld, NULL, 'pendapatan', NULL, NULL, 900000000, NULL)", k);
	ck_assert(step_sql(k, "submit") && step_sql(k, "verify") && step_sql(k, "lock"));
}

/*
 * The latest version of a lineage brought to @state: forward when it is behind, else locked
 * and a new version derived from it (lines copied) and brought forward. An APBD is assembled
 * again before it leaves draft; a DPA gets its anggaran kas.
 */
static long lineage(const char *jenis, int tahun, const char *opd, const char *state)
{
	long id = latest(jenis, tahun, opd);
	if (!id)
		id = create_sql(jenis, tahun, opd);
	char *s = status_of(id);
	int want = rank(state);
	if (rank(s) > want) {
		if (!strcmp(jenis, "apbd") && strcmp(s, "locked") != 0) {
			ck_assert(step_sql(id, "reject"));
		} else {
			while (strcmp(s, "locked") != 0) {
				if (!strcmp(s, "draft"))
					fill(id, jenis, opd);
				ck_assert_msg(step_sql(id, !strcmp(s, "draft")	     ? "submit"
							   : !strcmp(s, "submitted") ? "verify"
										     : "lock"),
					      "%s %ld could not leave %s", jenis, id, s);
				free(s);
				s = status_of(id);
			}
			id = derive_sql(id);
		}
		free(s);
		s = status_of(id);
	}
	while (rank(s) < want || !strcmp(s, "draft")) {
		if (!strcmp(s, "draft")) {
			if (!strcmp(jenis, "apbd"))
				free(q("SELECT count(*) FROM pagu_apbd_assemble('13.71', %ld, NULL, NULL)", id));
			else
				fill(id, jenis, opd);
			if (want == 0)
				break;
		}
		ck_assert_msg(step_sql(id, !strcmp(s, "draft")	     ? "submit"
					   : !strcmp(s, "submitted") ? "verify"
								     : "lock"),
			      "%s %ld could not leave %s", jenis, id, s);
		free(s);
		s = status_of(id);
	}
	free(s);
	return id;
}

/* A document of @jenis in @state (the kinds' own lineages; see main for the years). */
static long fixture(const char *jenis, const char *state)
{
	if (!strcmp(jenis, "rkpd"))
		return lineage("rkpd", Y_RKPD, NULL, state);
	if (!strcmp(jenis, "kua_ppas"))
		return lineage("kua_ppas", Y_KUA, NULL, state);
	if (!strcmp(jenis, "rka"))
		return lineage("rka", Y_RKA, DINKES, state);
	if (!strcmp(jenis, "rka_apbd")) {
		/* an RKA whose lines are in the year's APBD (a draft, assembled from it) */
		long r = lineage("rka", Y_A, DINKES, state);
		long a = lineage("apbd", Y_A, NULL, "draft");
		ck_assert_int_gt(qlong("SELECT count(*) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld"
				       " AND asal_dokumen_id = %ld",
				       a, r),
				 0);
		return r;
	}
	if (!strcmp(jenis, "apbd_kosong")) {
		long id = latest("apbd", Y_KOSONG, NULL);
		return id ? id : create_sql("apbd", Y_KOSONG, NULL);
	}
	if (!strcmp(jenis, "apbd"))
		return lineage("apbd", Y_A, NULL, state);
	/* dpa: from the latest locked APBD of the year */
	long id = latest("dpa", Y_A, DINKES);
	char *s = id ? status_of(id) : strdup("locked");
	bool fresh = !id || rank(s) > rank(state);
	free(s);
	if (fresh) {
		if (id)
			(void)lineage("dpa", Y_A, DINKES, "locked");
		long a = lineage("apbd", Y_A, NULL, "locked");
		id = qlong("SELECT dokumen_id FROM pagu_dpa_create('13.71', %ld, '" DINKES "', NULL)", a);
		ck_assert_int_gt(id, 0);
	}
	return lineage("dpa", Y_A, DINKES, state);
}

/* Everything a refusal must leave as it was: versions, states, revisions, lines, cash plans, events. */
static long base_id; /* the highest version id before the tests: everything after is theirs */

static char *snapshot(void)
{
	char *s = q("SELECT md5(coalesce((SELECT string_agg(concat_ws(':', dokumen_id, status, revisi, baris_terakhir,"
		    " hash), ',' ORDER BY dokumen_id) FROM dokumen WHERE pemda_id = '13.71' AND dokumen_id > %ld), '')"
		    " || (SELECT count(*) || ':' || coalesce(sum(jumlah), 0) || ':' || coalesce(sum(baris), 0)"
		    "     FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id > %ld)"
		    " || (SELECT count(*) || ':' || coalesce(sum(pagu_indikatif), 0) FROM rkpd_item"
		    "     WHERE pemda_id = '13.71' AND dokumen_id > %ld)"
		    " || (SELECT count(*) || ':' || coalesce(sum(jumlah), 0) FROM plafon WHERE pemda_id = '13.71'"
		    "     AND dokumen_id > %ld)"
		    " || (SELECT count(*) || ':' || coalesce(sum(jumlah), 0) FROM anggaran_kas WHERE pemda_id = '13.71'"
		    "     AND dokumen_id > %ld)"
		    " || (SELECT count(*) FROM dokumen_event WHERE pemda_id = '13.71' AND dokumen_id > %ld)"
		    " || (SELECT count(*) FROM dokumen WHERE pemda_id = '13.71'))",
		    base_id, base_id, base_id, base_id, base_id, base_id);
	ck_assert_ptr_nonnull(s);
	return s;
}

static const char *const aksi_semua[] = { "add",    "put",  "delete",  "import", "submit", "verify",
					  "reject", "lock", "turunan", "susun",	 "dpa",	   "anggaran-kas" };
enum { NAKSI = sizeof(aksi_semua) / sizeof(aksi_semua[0]) };

static const char *line_body(const char *jenis)
{
	if (!strcmp(jenis, "rkpd"))
		return "{\"opd_kode\":\"" DINKES "\",\"sub_kegiatan\":\"" SUB_DINKES "\",\"indikator\":\"Uji\","
		       "\"target\":\"10\",\"satuan\":\"orang\",\"pagu_indikatif\":\"1000.00\",\"lokasi\":\"Padang\","
		       "\"sumber_dana\":\"1.1\"}";
	if (!strcmp(jenis, "kua_ppas"))
		return "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DINKES
		       "\",\"sub_kegiatan\":\"1.02.02.2.01.0002\",\"jumlah\":\"1000.00\"}";
	return "{\"sub_kegiatan\":\"" SUB_DINKES "\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"Kertas\","
	       "\"koefisien\":[\"2 rim\"],\"harga_satuan\":\"55000.00\",\"sumber_dana\":\"1.1\"}";
}

/* Sends @aksi on document @id (of @jenis) as token @tok with the document's current ETag. */
static void act(const char *aksi, const char *jenis, long id, const char *tok, struct http_reply *r)
{
	char path[160], key[64], im[64], auth[128], body[256];
	snprintf(key, sizeof(key), "Idempotency-Key: alur-%d", ++seq);
	snprintf(im, sizeof(im), "If-Match: \"r%d\"", revisi_of(id));
	const char *extra[] = { key, im, NULL };
	const char *b = NULL;
	const char *method = "POST";
	long n = last_line(id);
	if (!strcmp(aksi, "add")) {
		snprintf(path, sizeof(path), BASE "/%ld/baris", id);
		b = line_body(jenis);
	} else if (!strcmp(aksi, "put") || !strcmp(aksi, "delete")) {
		snprintf(path, sizeof(path), BASE "/%ld/baris/%ld", id, n ? n : 1);
		method = !strcmp(aksi, "put") ? "PUT" : "DELETE";
		b = !strcmp(aksi, "put") ? line_body(jenis) : NULL;
	} else if (!strcmp(aksi, "import")) {
		snprintf(path, sizeof(path), BASE "/%ld/impor", id);
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
		const char *hdr[] = { auth, "Content-Type: text/csv", key, im, NULL };
		const char *csv = "kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,nama_rekening,"
				  "pagu,sumber_dana\r\n" DINKES ",Dinkes," SUB_DINKES ",Sub,5.1.02.01.01.0024,Kertas,"
				  "1000.00,1.1\r\n";
		http_request(&H, "POST", path, csv, strlen(csv), hdr, r);
		return;
	} else if (!strcmp(aksi, "turunan")) {
		snprintf(path, sizeof(path), BASE "/%ld/turunan", id);
		b = "{\"alasan\":\"uji alur\"}";
	} else if (!strcmp(aksi, "susun")) {
		snprintf(path, sizeof(path), BASE "/%ld/susun", id);
	} else if (!strcmp(aksi, "dpa")) {
		snprintf(path, sizeof(path), BASE "/%ld/dpa", id);
		b = "{\"opd_kode\":\"" DINKES "\"}";
	} else if (!strcmp(aksi, "anggaran-kas")) {
		snprintf(path, sizeof(path), BASE "/%ld/anggaran-kas", id);
		snprintf(body, sizeof(body), "{\"baris\":%ld,\"rata\":true}", n ? n : 1);
		b = body;
	} else {
		snprintf(path, sizeof(path), BASE "/%ld/transisi", id);
		snprintf(body, sizeof(body), "{\"aksi\":\"%s\",\"alasan\":\"uji alur\"}", aksi);
		b = body;
	}
	http_auth(&H, method, path, tok, b, extra, r);
}

/* A refusal is a problem of the registry, with the status the registry gives it. */
static void expect_registered(const struct http_reply *r, const char *what)
{
	ck_assert_msg(r->status >= 400 && r->status < 500, "%s: %ld %s", what, r->status, r->body);
	ck_assert_msg(strstr(r->content_type, "application/problem+json"), "%s: %s", what, r->content_type);
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

/* The kinds and states walked; rka_apbd is an RKA whose lines are in an APBD. */
static const struct {
	const char *jenis, *state;
} keadaan[] = {
	{ "rkpd", "draft" },	    { "rkpd", "submitted" },	 { "rkpd", "verified" },     { "rkpd", "locked" },
	{ "kua_ppas", "draft" },    { "kua_ppas", "submitted" }, { "kua_ppas", "verified" }, { "kua_ppas", "locked" },
	{ "rka", "draft" },	    { "rka", "submitted" },	 { "rka", "verified" },	     { "rka", "locked" },
	{ "rka_apbd", "verified" }, { "rka_apbd", "locked" },	 { "apbd_kosong", "draft" }, { "apbd", "draft" },
	{ "apbd", "submitted" },    { "apbd", "verified" },	 { "apbd", "locked" },	     { "dpa", "draft" },
	{ "dpa", "submitted" },	    { "dpa", "verified" },	 { "dpa", "locked" },
};
enum { NKEADAAN = sizeof(keadaan) / sizeof(keadaan[0]) };

START_TEST(every_state_role_action)
{
	kua_for(Y_RKA);
	kua_for(Y_A);
	/* Disdik's RKA of the APBD year, verified once and left so */
	long disdik = create_sql("rka", Y_A, DISDIK);
	fill(disdik, "rka", DISDIK);
	ck_assert(step_sql(disdik, "submit") && step_sql(disdik, "verify"));
	int ok = 0, refused = 0;
	for (int k = 0; k < NKEADAAN; k++) {
		const char *jenis = keadaan[k].jenis, *state = keadaan[k].state;
		const char *kind = !strncmp(jenis, "apbd", 4) ? "apbd" : !strcmp(jenis, "rka_apbd") ? "rka" : jenis;
		for (int a = 0; a < NAKSI; a++) {
			char row[256];
			int len = snprintf(row, sizeof(row), "%-11s %-9s %-12s", jenis, state, aksi_semua[a]);
			for (int p = 0; p < NPERAN; p++) {
				long id = fixture(jenis, state);
				char *st = status_of(id);
				ck_assert_msg(!strcmp(st, state), "fixture %s %s is %s", jenis, state, st);
				free(st);
				char *before = snapshot();
				struct http_reply r;
				act(aksi_semua[a], kind, id, peran[p].tok, &r);
				char what[160];
				snprintf(what, sizeof(what), "%s %s (%ld) %s by %s", jenis, state, id, aksi_semua[a],
					 peran[p].nama);
				ck_assert_msg(r.status < 500, "%s: %ld %s", what, r.status, r.body);
				if (r.status >= 200 && r.status < 300) {
					ok++;
				} else {
					refused++;
					expect_registered(&r, what);
					char *after = snapshot();
					ck_assert_msg(!strcmp(before, after), "%s: refused (%ld) but changed something",
						      what, r.status);
					free(after);
				}
				/* the lines of an APBD or a DPA never change one by one, by anyone */
				bool line_action = a < 4;
				if ((!strcmp(kind, "apbd") || !strcmp(kind, "dpa")) && line_action)
					ck_assert_msg(r.status >= 400, "%s: %ld", what, r.status);
				/* an RKA in an APBD never goes back to draft */
				if (!strcmp(jenis, "rka_apbd") && !strcmp(aksi_semua[a], "reject"))
					ck_assert_msg(r.status >= 400, "%s: %ld", what, r.status);
				if (!strcmp(jenis, "rka_apbd") && !strcmp(aksi_semua[a], "reject") &&
				    !strcmp(peran[p].nama, "finance"))
					http_expect(&r, 409, "conflict", "/aksi");
				/* a draft APBD is assembled again by TAPD */
				if (!strcmp(jenis, "apbd") && !strcmp(state, "draft") &&
				    !strcmp(aksi_semua[a], "susun") && !strcmp(peran[p].nama, "finance"))
					http_expect(&r, 200, NULL, NULL);
				const char *type = json_string_value(json_object_get(r.json, "type"));
				if (len < (int)sizeof(row))
					len += snprintf(row + len, sizeof(row) - (size_t)len, " %ld%s%s", r.status,
							type ? ":" : "", type ? type + 17 : "");
				free(before);
				http_reply_release(&r);
			}
			printf("%s\n", row);
		}
	}
	printf("%d accepted, %d refused\n", ok, refused);
	ck_assert_int_gt(ok, 0);
	ck_assert_int_gt(refused, 0);
}
END_TEST

static int rv_of(const struct http_reply *r)
{
	return (int)json_integer_value(json_object_get(r->json, "revisi"));
}

static int transisi(long id, const char *tok, const char *aksi, long want, const char *slug)
{
	char path[96], body[128];
	snprintf(path, sizeof(path), BASE "/%ld/transisi", id);
	snprintf(body, sizeof(body), "{\"aksi\":\"%s\",\"alasan\":\"uji alur\"}", aksi);
	struct http_reply r;
	http_call(&H, "POST", path, tok, body, revisi_of(id), &r);
	http_expect(&r, want, slug, NULL);
	int rv = rv_of(&r);
	http_reply_release(&r);
	return rv;
}

static long post_new(const char *tok, const char *body)
{
	struct http_reply r;
	http_call(&H, "POST", BASE, tok, body, 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long id = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	return id;
}

static int add_line(long id, const char *tok, const char *body, long want)
{
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/baris", id);
	struct http_reply r;
	http_call(&H, "POST", path, tok, body, 0, &r);
	http_expect(&r, want, NULL, NULL);
	int b = (int)json_integer_value(json_object_get(r.json, "baris"));
	http_reply_release(&r);
	return b;
}

static char *rka_body(const char *sub, const char *koef, const char *harga)
{
	static char b[320];
	snprintf(b, sizeof(b),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"Belanja alur\",\"koefisien\":"
		 "[\"%s\"],\"harga_satuan\":\"%s\",\"sumber_dana\":\"1.1\"}",
		 sub, koef, harga);
	return b;
}

/* The APBD's lines as "baris:opd:asal_baris:jumlah;..." in line order. */
static char *apbd_lines(long id)
{
	char *s = q(
		"SELECT string_agg(baris || ':' || opd_kode || ':' || asal_baris || ':' || jumlah, ';' ORDER BY baris)"
		" FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld",
		id);
	return s ? s : strdup("");
}

START_TEST(year_flow)
{
	char path[128];
	char body[256];
	struct http_reply r;
	/* RKPD by Bappeda */
	const char *bappeda = peran[1].tok;
	snprintf(body, sizeof(body), "{\"tahun\":%d,\"jenis\":\"rkpd\"}", Y_ALUR);
	long rkpd = post_new(bappeda, body);
	add_line(rkpd, bappeda, line_body("rkpd"), 201);
	transisi(rkpd, bappeda, "submit", 200, NULL);
	transisi(rkpd, bappeda, "verify", 200, NULL);
	transisi(rkpd, bappeda, "lock", 200, NULL);
	/* KUA-PPAS by TAPD */
	snprintf(body, sizeof(body), "{\"tahun\":%d,\"jenis\":\"kua_ppas\"}", Y_ALUR);
	long kua = post_new(finance, body);
	add_line(kua, finance,
		 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DINKES "\",\"sub_kegiatan\":\"" SUB_DINKES
		 "\",\"jumlah\":\"10000000.00\"}",
		 201);
	add_line(kua, finance,
		 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"" DISDIK "\",\"sub_kegiatan\":\"" SUB_DISDIK
		 "\",\"jumlah\":\"10000000.00\"}",
		 201);
	add_line(kua, finance, "{\"jenis\":\"pendapatan\",\"jumlah\":\"30000000.00\"}", 201);
	transisi(kua, finance, "submit", 200, NULL);
	transisi(kua, finance, "verify", 200, NULL);
	transisi(kua, finance, "lock", 200, NULL);
	/* two OPDs' RKAs, two lines each, submitted by the OPDs and verified by TAPD */
	snprintf(body, sizeof(body), "{\"tahun\":%d,\"jenis\":\"rka\",\"opd_kode\":\"" DINKES "\"}", Y_ALUR);
	long rka1 = post_new(planner_dinkes, body);
	int l1 = add_line(rka1, planner_dinkes, rka_body(SUB_DINKES, "10 rim", "50000.00"), 201);
	add_line(rka1, planner_dinkes, rka_body(SUB_DINKES, "2 unit", "1500000.00"), 201);
	snprintf(body, sizeof(body), "{\"tahun\":%d,\"jenis\":\"rka\",\"opd_kode\":\"" DISDIK "\"}", Y_ALUR);
	long rka2 = post_new(planner_disdik, body);
	add_line(rka2, planner_disdik, rka_body(SUB_DISDIK, "5 rim", "50000.00"), 201);
	add_line(rka2, planner_disdik, rka_body(SUB_DISDIK, "1 unit", "2500000.00"), 201);
	transisi(rka1, planner_dinkes, "submit", 200, NULL);
	transisi(rka2, planner_disdik, "submit", 200, NULL);
	transisi(rka1, finance, "verify", 200, NULL);
	transisi(rka2, finance, "verify", 200, NULL);
	/* the APBD assembled from them */
	snprintf(body, sizeof(body), "{\"tahun\":%d,\"jenis\":\"apbd\"}", Y_ALUR);
	long apbd = post_new(finance, body);
	snprintf(path, sizeof(path), BASE "/%ld/susun", apbd);
	http_call(&H, "POST", path, finance, NULL, revisi_of(apbd), &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris")), 4);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "rka")), 2);
	http_reply_release(&r);
	char *assembled = apbd_lines(apbd);

	/* its lines are never taken out, replaced or added one by one: by any role, any route */
	for (int p = 0; p < NPERAN; p++) {
		snprintf(path, sizeof(path), BASE "/%ld/baris/1", apbd);
		http_call(&H, "DELETE", path, peran[p].tok, NULL, revisi_of(apbd), &r);
		ck_assert_msg(r.status == 403 || r.status == 409, "DELETE by %s: %ld", peran[p].nama, r.status);
		http_reply_release(&r);
		http_call(&H, "PUT", path, peran[p].tok, rka_body(SUB_DINKES, "1 rim", "1.00"), revisi_of(apbd), &r);
		ck_assert_msg(r.status == 403 || r.status == 409, "PUT by %s: %ld", peran[p].nama, r.status);
		http_reply_release(&r);
		snprintf(path, sizeof(path), BASE "/%ld/baris", apbd);
		http_call(&H, "POST", path, peran[p].tok, rka_body(SUB_DINKES, "1 rim", "1.00"), 0, &r);
		ck_assert_msg(r.status == 403 || r.status == 409, "POST by %s: %ld", peran[p].nama, r.status);
		http_reply_release(&r);
	}
	snprintf(path, sizeof(path), BASE "/%ld/baris/1", apbd);
	http_call(&H, "DELETE", path, finance, NULL, revisi_of(apbd), &r);
	http_expect(&r, 409, "conflict", "id");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(r.json, "detail")), "susun"));
	http_reply_release(&r);
	/* nor in SQL, as the server's role or as a superuser: one line, a change in place, a made-up line */
	PGconn *app = harness_connect(&H, HARNESS_APP);
	PGconn *conns[] = { app, su };
	for (int c = 0; c < 2; c++) {
		char sql[512];
		snprintf(sql, sizeof(sql),
			 "DELETE FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld AND baris = 1", apbd);
		PGresult *res = PQexec(conns[c], sql);
		ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
		ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "P9409");
		PQclear(res);
		snprintf(
			sql, sizeof(sql),
			"UPDATE rka_baris SET uraian = 'x' WHERE pemda_id = '13.71' AND dokumen_id = %ld AND baris = 1",
			apbd);
		res = PQexec(conns[c], sql);
		ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
		PQclear(res);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO rka_baris SELECT pemda_id, dokumen_id, 99, opd_kode, sub_kegiatan, akun, uraian, "
			 "koefisien,"
			 " volume, harga_satuan * 2, jumlah * 2, sumber_dana, asal_dokumen_id, asal_baris, ssh_kode, "
			 "ssh_versi"
			 " FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld AND baris = 1",
			 apbd);
		res = PQexec(conns[c], sql);
		ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
		/* the guard names the line and why, as a catalogue item: Indonesian by default (issue 19) */
		ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY), "BARIS_SUMBER_APBD_DPA");
		struct arena a;
		arena_init(&a);
		const char *const *kv = pesan_param_json(&a, PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
		ck_assert_ptr_nonnull(kv);
		const char *id = pesan_render(&a, BAHASA_ID, P_BARIS_SUMBER_APBD_DPA, kv),
			   *en = pesan_render(&a, BAHASA_EN, P_BARIS_SUMBER_APBD_DPA, kv);
		ck_assert_msg(strstr(id, "Baris 99 APBD versi") && strstr(id, "bukan salinan baris sumber") &&
				      !harness_inggris(id),
			      "%s", id);
		ck_assert_msg(strstr(en, "line 99 of APBD version") && strstr(en, "is not a copy"), "%s", en);
		arena_release(&a);
		PQclear(res);
	}
	PQfinish(app);
	char *now = apbd_lines(apbd);
	ck_assert_str_eq(now, assembled);
	free(now);
	/* an RKA in the APBD does not go back to draft: TAPD is told what to do instead */
	snprintf(path, sizeof(path), BASE "/%ld/transisi", rka1);
	http_call(&H, "POST", path, finance, "{\"aksi\":\"reject\",\"alasan\":\"ubah\"}", revisi_of(rka1), &r);
	http_expect(&r, 409, "conflict", "/aksi");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(r.json, "detail")), "turunan"));
	http_reply_release(&r);

	/* the APBD goes forward; meanwhile Dinkes' RKA changes through a new version */
	transisi(apbd, finance, "submit", 200, NULL);
	transisi(apbd, finance, "verify", 200, NULL);
	transisi(rka1, finance, "lock", 200, NULL);
	snprintf(path, sizeof(path), BASE "/%ld/turunan", rka1);
	http_call(&H, "POST", path, planner_dinkes, "{\"alasan\":\"harga kertas naik\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long rka1b = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/%ld/baris/%d", rka1b, l1);
	http_call(&H, "PUT", path, planner_dinkes, rka_body(SUB_DINKES, "10 rim", "55000.00"), revisi_of(rka1b), &r);
	http_expect(&r, 200, NULL, NULL);
	http_reply_release(&r);
	transisi(rka1b, planner_dinkes, "submit", 200, NULL);
	/* still only submitted: the APBD equals the latest verified RKAs and could be locked */
	char *d = q("SELECT pagu_apbd_diff('13.71', %ld)", apbd);
	ck_assert_ptr_null(d);
	transisi(rka1b, finance, "verify", 200, NULL);
	/* verified: the lock is refused, naming every difference (the old version's lines in the APBD and
	   the new version's lines not in it), and nothing changes */
	char *before = snapshot();
	snprintf(path, sizeof(path), BASE "/%ld/transisi", apbd);
	http_call(&H, "POST", path, finance, "{\"aksi\":\"lock\"}", revisi_of(apbd), &r);
	http_expect(&r, 422, "rule-violation", "sumber");
	const char *detail = json_string_value(json_object_get(r.json, "detail"));
	ck_assert_msg(strstr(detail, "is not the latest verified RKA of OPD " DINKES), "%s", detail);
	char missing[96];
	snprintf(missing, sizeof(missing), "of RKA version %ld (OPD " DINKES, rka1b);
	ck_assert_msg(strstr(detail, missing) && strstr(detail, "is not in the APBD"), "%s", detail);
	ck_assert_msg(strstr(detail, "APBD line 3 ") && strstr(detail, "APBD line 4 "), "%s", detail);
	http_reply_release(&r);
	char *after = snapshot();
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	/* fix: back to draft, assembled again in one request, then locked */
	transisi(apbd, finance, "reject", 200, NULL);
	snprintf(path, sizeof(path), BASE "/%ld/susun", apbd);
	http_call(&H, "POST", path, finance, NULL, revisi_of(apbd), &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris")), 4);
	http_reply_release(&r);
	/* Disdik's lines and Dinkes' unchanged line keep their numbers; the changed one is new */
	char *again = apbd_lines(apbd);
	ck_assert_str_eq(again, "1:" DISDIK ":1:250000.00;2:" DISDIK ":2:2500000.00;4:" DINKES ":2:3000000.00;5:" DINKES
				":3:550000.00");
	ck_assert_str_eq(assembled, "1:" DISDIK ":1:250000.00;2:" DISDIK ":2:2500000.00;3:" DINKES
				    ":1:500000.00;4:" DINKES ":2:3000000.00");
	free(again);
	free(assembled);
	transisi(apbd, finance, "submit", 200, NULL);
	transisi(apbd, finance, "verify", 200, NULL);
	transisi(apbd, finance, "lock", 200, NULL);
	ck_assert_int_eq(qlong("SELECT count(*) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld", apbd),
			 4);
	/* once locked, the RKA it holds cannot go back either */
	snprintf(path, sizeof(path), BASE "/%ld/transisi", rka1b);
	http_call(&H, "POST", path, finance, "{\"aksi\":\"reject\",\"alasan\":\"ubah\"}", revisi_of(rka1b), &r);
	http_expect(&r, 409, "conflict", "/aksi");
	http_reply_release(&r);
	/* the DPA of Dinkes from it */
	snprintf(path, sizeof(path), BASE "/%ld/dpa", apbd);
	http_call(&H, "POST", path, finance, "{\"opd_kode\":\"" DINKES "\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long dpa = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	for (int b = 1; b <= 2; b++) {
		snprintf(path, sizeof(path), BASE "/%ld/anggaran-kas", dpa);
		snprintf(body, sizeof(body), "{\"baris\":%d,\"rata\":true}", b);
		http_call(&H, "POST", path, planner_dinkes, body, 0, &r);
		http_expect(&r, 200, NULL, NULL);
		http_reply_release(&r);
	}
	snprintf(path, sizeof(path), BASE "/%ld/baris/1", dpa);
	http_call(&H, "DELETE", path, finance, NULL, revisi_of(dpa), &r);
	http_expect(&r, 409, "conflict", "id");
	http_reply_release(&r);
	transisi(dpa, finance, "submit", 200, NULL);
	transisi(dpa, finance, "verify", 200, NULL);
	transisi(dpa, finance, "lock", 200, NULL);
	char *total = q("SELECT sum(jumlah) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %ld", dpa);
	ck_assert_str_eq(total, "3550000.00");
	free(total);
	snprintf(path, sizeof(path), BASE "/%ld/verifikasi", apbd);
	http_auth(&H, "GET", path, finance, NULL, NULL, &r);
	ck_assert(json_is_true(json_object_get(r.json, "ok")));
	http_reply_release(&r);
}
END_TEST

static Suite *alur_suite(void)
{
	Suite *s = suite_create("alur");
	TCase *tc = tcase_create("alur");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, year_flow);
	tcase_add_test(tc, every_state_role_action);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	for (int p = 0; p < NPERAN; p++)
		harness_token_need(&H, "13.71", peran[p].role, peran[p].opd, peran[p].tok);
	harness_token_need(&H, "13.71", "planner", DISDIK, planner_disdik);
	planner_dinkes = peran[0].tok;
	finance = peran[4].tok;
	su = harness_connect(&H, HARNESS_SUPER);
	base_id = qlong("SELECT coalesce(max(dokumen_id), 0) FROM dokumen");
	int rc = harness_run(&H, alur_suite());
	PQfinish(su);
	return rc;
}
