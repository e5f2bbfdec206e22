/*
 * test_tugas.c - the work queue (GET …/tugas) and a document's history (GET …/dokumen/{id}/riwayat)
 * through HTTP. For every kind of work the test walks a real flow and checks the class of fault
 * the queue guards against: an item shown to a token whose action would be refused. Every token
 * not shown an item is refused (403) when it calls the item's action; the token shown it does it
 * (2xx), and the item goes away; other tokens shown it pass authorisation (a probe that fails
 * later, for another reason than 403).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct harness H;

#define BPKAD "5.02.0.00.0.00.01.0000"
#define DINKES "1.02.0.00.0.00.01.0000"
#define P "/v1/pemda/13.71"
#define TAHUN 2027     /* harness_bpkad_2027: BPKAD's DPA locked; today (PAGU_TODAY) is in its fourth quarter */
#define TAHUN_RKA 2031 /* the RKA flow, in a year of its own */

static char planner_bpkad[64], planner_dinkes[64], bappeda[64], finance[64], finance_dinkes[64], revenue[64],
	inspector[64], admin[64], sekda[64], finance19[64];

static const struct {
	const char *nama;
	char *tok;
} toks[] = { { "planner BPKAD", planner_bpkad },
	     { "planner Dinkes", planner_dinkes },
	     { "Bappeda", bappeda },
	     { "finance", finance },
	     { "finance Dinkes", finance_dinkes },
	     { "revenue", revenue },
	     { "inspector", inspector },
	     { "admin", admin },
	     { "sekda", sekda } };
#define NTOK (sizeof(toks) / sizeof(toks[0]))

/* GET …/tugas as @tok, with the invariants of every answer checked; the caller decrefs. */
static json_t *tugas(const char *tok, int tahun)
{
	char path[96];
	snprintf(path, sizeof(path), P "/tugas?tahun=%d", tahun);
	struct http_reply r;
	http_auth(&H, "GET", path, tok, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *j = json_incref(r.json);
	http_reply_release(&r);
	json_t *hitung = json_object_get(j, "hitung"), *items = json_object_get(j, "items");
	ck_assert(json_is_object(hitung) && json_is_array(items));
	long sum = 0;
	const char *k;
	json_t *v;
	json_object_foreach (hitung, k, v) {
		long n = (long)json_integer_value(v), shown = 0;
		sum += n;
		size_t i;
		json_t *it;
		json_array_foreach (items, i, it)
			if (!strcmp(jstr(it, "jenis"), k))
				shown++;
		/* every item up to the cap, and the count exact */
		ck_assert_int_eq(shown, n < 50 ? n : 50);
	}
	ck_assert_int_eq(sum, json_integer_value(json_object_get(j, "jumlah")));
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it) {
		ck_assert_ptr_nonnull(json_object_get(hitung, jstr(it, "jenis")));
		ck_assert(jstr(it, "judul") && strlen(jstr(it, "judul")) > 10);
		ck_assert(jstr(it, "tautan") && !strncmp(jstr(it, "tautan"), "#/", 2));
		ck_assert_ptr_nonnull(jstr(it, "sejak"));
		ck_assert_int_eq(json_integer_value(json_object_get(it, "tahun")), tahun);
	}
	return j;
}

/* The item of @jenis whose integer member @key is @val, or NULL. */
static json_t *cari(json_t *t, const char *jenis, const char *key, long val)
{
	size_t i;
	json_t *it;
	json_array_foreach (json_object_get(t, "items"), i, it)
		if (!strcmp(jstr(it, "jenis"), jenis) && json_integer_value(json_object_get(it, key)) == val)
			return it;
	return NULL;
}

/* Whether @tok is shown the item; when @jenis is not among its kinds, neither is the item. */
static bool shown(const char *tok, int tahun, const char *jenis, const char *key, long val)
{
	json_t *t = tugas(tok, tahun);
	bool s = cari(t, jenis, key, val) != NULL;
	if (s)
		ck_assert_ptr_nonnull(json_object_get(json_object_get(t, "hitung"), jenis));
	json_decref(t);
	return s;
}

static long call(const char *method, const char *path, const char *tok, const char *body, int revisi)
{
	struct http_reply r;
	long st = http_call(&H, method, path, tok, body, revisi, &r);
	http_reply_release(&r);
	return st;
}

/*
 * The class: for every token, shown the item <=> the action is not refused. A token not shown it gets
 * 403 for the real action @path/@body; one shown it, other than @actor, passes authorisation with
 * @probe_path/@probe_body (which fails later, never 403). Answers how many tokens were shown it.
 */
static int check_tokens(int tahun, const char *jenis, const char *key, long val, const char *actor, const char *path,
			const char *body, int revisi, const char *probe_path, const char *probe_body, int probe_revisi)
{
	int n = 0;
	for (size_t i = 0; i < NTOK; i++) {
		bool s = shown(toks[i].tok, tahun, jenis, key, val);
		if (!s) {
			long st = call("POST", path, toks[i].tok, body, revisi);
			ck_assert_msg(st == 403, "%s, not shown %s %ld, got %ld for %s (403 expected)", toks[i].nama,
				      jenis, val, st, path);
			continue;
		}
		n++;
		if (toks[i].tok == actor)
			continue;
		long st = call("POST", probe_path, toks[i].tok, probe_body, probe_revisi);
		ck_assert_msg(st != 403 && st != 401 && st < 500, "%s, shown %s %ld, was refused %ld on %s",
			      toks[i].nama, jenis, val, st, probe_path);
	}
	ck_assert_msg(shown(actor, tahun, jenis, key, val), "the actor is not shown %s %ld", jenis, val);
	return n;
}

static int revisi_of(long id)
{
	json_t *d = harness_dokumen_get(&H, id, finance);
	int rv = (int)json_integer_value(json_object_get(d, "revisi"));
	json_decref(d);
	return rv;
}

static long token_id(const char *tok)
{
	struct http_reply r;
	http_auth(&H, "GET", "/v1/sesi", tok, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	long id = (long)json_integer_value(json_object_get(r.json, "token_id"));
	http_reply_release(&r);
	return id;
}

START_TEST(rka_submitted_rejected_resubmitted)
{
	/* a locked KUA-PPAS with Dinkes's ceiling, then Dinkes's RKA within it */
	char *k = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'kua_ppas', NULL, NULL)",
			       TAHUN_RKA);
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_plafon_add('13.71', %s, NULL, 'sub_kegiatan', '" DINKES "',"
			  " '1.02.02.2.01.0001', 5000000, NULL)",
			  k));
	harness_step(&H, atol(k), "submit");
	harness_step(&H, atol(k), "verify");
	harness_step(&H, atol(k), "lock");
	free(k);
	long id = harness_dokumen_create(&H, planner_dinkes, TAHUN_RKA, "rka", DINKES);
	char path[96];
	snprintf(path, sizeof(path), P "/dokumen/%ld/baris", id);
	ck_assert_int_eq(
		call("POST", path, planner_dinkes,
		     "{\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"ATK\","
		     "\"koefisien\":[\"2 paket\"],\"harga_satuan\":\"1250000.00\",\"sumber_dana\":\"1.1\"}",
		     0),
		201);
	/* a draft waits on no one */
	for (size_t i = 0; i < NTOK; i++) {
		ck_assert(!shown(toks[i].tok, TAHUN_RKA, "rka_verifikasi", "dokumen_id", id));
		ck_assert(!shown(toks[i].tok, TAHUN_RKA, "rka_ditolak", "dokumen_id", id));
	}
	snprintf(path, sizeof(path), P "/dokumen/%ld/transisi", id);
	ck_assert_int_eq(call("POST", path, planner_dinkes, "{\"aksi\":\"submit\"}", revisi_of(id)), 200);

	/* submitted: TAPD (finance) is shown it, with the OPD and its belanja */
	json_t *t = tugas(finance, TAHUN_RKA);
	json_t *it = cari(t, "rka_verifikasi", "dokumen_id", id);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(jstr(it, "opd_kode"), DINKES);
	ck_assert_str_eq(jstr(it, "jumlah"), "2500000.00");
	ck_assert_ptr_nonnull(strstr(jstr(it, "judul"), "Rp2.500.000,00"));
	ck_assert_ptr_nonnull(strstr(jstr(it, "judul"), "menunggu verifikasi"));
	char tautan[64];
	snprintf(tautan, sizeof(tautan), "#/keuangan/dokumen/%ld", id);
	ck_assert_str_eq(jstr(it, "tautan"), tautan);
	json_decref(t);
	/* English when asked for */
	{
		struct http_reply r;
		const char *en[] = { "Accept-Language: en", NULL };
		char q[64];
		snprintf(q, sizeof(q), P "/tugas?tahun=%d", TAHUN_RKA);
		http_auth(&H, "GET", q, finance, NULL, en, &r);
		http_expect(&r, 200, NULL, NULL);
		ck_assert_ptr_nonnull(strstr(r.body, "awaits TAPD's verification"));
		http_reply_release(&r);
	}
	/* no one else is shown it, and each of them is refused the verification; finance's probe
	   (a stale revision) passes authorisation */
	const char *tolak = "{\"aksi\":\"reject\",\"alasan\":\"Harga satuan ATK di atas SSH\"}";
	int rv = revisi_of(id);
	ck_assert_int_eq(check_tokens(TAHUN_RKA, "rka_verifikasi", "dokumen_id", id, finance, path,
				      "{\"aksi\":\"verify\"}", rv, path, "{\"aksi\":\"verify\"}", rv + 100),
			 1);
	ck_assert_int_eq(revisi_of(id), rv);
	ck_assert_int_eq(call("POST", path, finance, tolak, rv), 200);

	/* rejected: gone from TAPD's queue; Dinkes's planner and Bappeda are shown it with the reason */
	ck_assert(!shown(finance, TAHUN_RKA, "rka_verifikasi", "dokumen_id", id));
	t = tugas(planner_dinkes, TAHUN_RKA);
	it = cari(t, "rka_ditolak", "dokumen_id", id);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(jstr(it, "alasan"), "Harga satuan ATK di atas SSH");
	ck_assert_ptr_nonnull(strstr(jstr(it, "judul"), "Harga satuan ATK di atas SSH"));
	snprintf(tautan, sizeof(tautan), "#/perencanaan/dokumen/%ld", id);
	ck_assert_str_eq(jstr(it, "tautan"), tautan);
	json_decref(t);
	rv = revisi_of(id);
	/* the planner of another OPD, finance, revenue, inspector, admin, sekda: not shown, refused */
	ck_assert_int_eq(check_tokens(TAHUN_RKA, "rka_ditolak", "dokumen_id", id, planner_dinkes, path,
				      "{\"aksi\":\"submit\"}", rv, path, "{\"aksi\":\"submit\"}", rv + 100),
			 2);
	ck_assert(!shown(planner_bpkad, TAHUN_RKA, "rka_ditolak", "dokumen_id", id));
	ck_assert(shown(bappeda, TAHUN_RKA, "rka_ditolak", "dokumen_id", id));
	/* a person, Dinkes's planner signed in with a session, submits it again */
	struct harness_sesi s;
	long orang = harness_sesi_need(&H, "13.71", admin, "198001012006041099", "[\"planner\"]", DINKES,
				       "kunci rahasia dinkes", &s);
	free(harness_sqlf(&H,
			  "UPDATE pengguna SET nama = 'Siti Rahmawati', jabatan = 'Perencana Ahli Muda'"
			  " WHERE pengguna_id = %ld RETURNING nama",
			  orang));
	{
		struct http_reply sr;
		char im[32];
		snprintf(im, sizeof(im), "If-Match: \"r%d\"", rv);
		const char *hdr[] = { "Idempotency-Key: tugas-sesi-submit", im, NULL };
		http_sesi(&H, "POST", path, &s, "{\"aksi\":\"submit\"}", hdr, &sr);
		ck_assert_msg(sr.status == 200, "%ld %s", sr.status, sr.body);
		http_reply_release(&sr);
	}
	/* resubmitted: gone from the OPD, back with TAPD, who verifies it */
	ck_assert(!shown(planner_dinkes, TAHUN_RKA, "rka_ditolak", "dokumen_id", id));
	ck_assert(!shown(bappeda, TAHUN_RKA, "rka_ditolak", "dokumen_id", id));
	ck_assert(shown(finance, TAHUN_RKA, "rka_verifikasi", "dokumen_id", id));
	ck_assert_int_eq(call("POST", path, finance, "{\"aksi\":\"verify\"}", revisi_of(id)), 200);
	ck_assert(!shown(finance, TAHUN_RKA, "rka_verifikasi", "dokumen_id", id));

	/* the history: every transition in order, who, when and why */
	char rpath[96];
	snprintf(rpath, sizeof(rpath), P "/dokumen/%ld/riwayat", id);
	struct http_reply r;
	http_auth(&H, "GET", rpath, planner_dinkes, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *items = json_object_get(r.json, "items");
	static const char *const aksi[] = { "create", "submit", "reject", "submit", "verify" };
	static const char *const ke[] = { "draft", "submitted", "draft", "submitted", "verified" };
	const char *siapa[] = { planner_dinkes, planner_dinkes, finance, planner_dinkes, finance };
	ck_assert_int_eq(json_array_size(items), 5);
	long orang_token = 0;
	for (size_t i = 0; i < 5; i++) {
		json_t *e = json_array_get(items, i);
		ck_assert_int_eq(json_integer_value(json_object_get(e, "urutan")), (long)i + 1);
		ck_assert_str_eq(jstr(e, "aksi"), aksi[i]);
		ck_assert_str_eq(jstr(e, "ke"), ke[i]);
		ck_assert_ptr_nonnull(jstr(e, "kapan"));
		json_t *who = json_object_get(e, "siapa");
		json_t *p = json_object_get(who, "pengguna");
		if (i == 3) {
			orang_token = (long)json_integer_value(json_object_get(who, "token_id"));
			/* the person: by name, NIP and jabatan beside their backing token */
			ck_assert_int_gt(json_integer_value(json_object_get(who, "token_id")), 0);
			ck_assert_int_eq(json_integer_value(json_object_get(p, "id")), orang);
			ck_assert_str_eq(jstr(p, "nama"), "Siti Rahmawati");
			ck_assert_str_eq(jstr(p, "nip"), "198001012006041099");
			ck_assert_str_eq(jstr(p, "jabatan"), "Perencana Ahli Muda");
			continue;
		}
		ck_assert_int_eq(json_integer_value(json_object_get(who, "token_id")), token_id(siapa[i]));
		ck_assert_ptr_nonnull(jstr(who, "nama"));
		ck_assert(json_is_null(p)); /* a system's token is no person */
		ck_assert(json_is_array(json_object_get(e, "aturan")));
	}
	ck_assert_str_eq(jstr(json_array_get(items, 2), "dari"), "submitted");
	ck_assert_str_eq(jstr(json_array_get(items, 2), "alasan"), "Harga satuan ATK di atas SSH");
	/* the state a rejection left is recorded with it (it was NULL before issue 19) */
	char *dari = harness_sqlf(&H,
				  "SELECT dari FROM dokumen_event WHERE pemda_id = '13.71' AND dokumen_id = %ld"
				  " AND urutan = 3",
				  id);
	ck_assert_str_eq(dari, "submitted");
	free(dari);
	ck_assert(json_is_null(json_object_get(json_array_get(items, 1), "alasan")) ||
		  !json_object_get(json_array_get(items, 1), "alasan"));
	/* the rules evaluated with the submission are recorded with it */
	ck_assert_int_ge(json_array_size(json_object_get(json_array_get(items, 1), "aturan")), 1);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(json_array_get(items, 1), "aturan"), 0), "peristiwa"),
			 "submit rka");
	http_reply_release(&r);
	/* the audit trail names the person too */
	{
		char apath[96];
		snprintf(apath, sizeof(apath), P "/audit?limit=500&token=%ld", orang_token);
		http_auth(&H, "GET", apath, admin, NULL, NULL, &r);
		http_expect(&r, 200, NULL, NULL);
		json_t *x;
		size_t j;
		int named = 0;
		json_array_foreach (json_object_get(r.json, "items"), j, x) {
			json_t *p = json_object_get(x, "pengguna");
			if (json_is_object(p) && json_integer_value(json_object_get(p, "id")) == orang &&
			    !strcmp(jstr(p, "nama"), "Siti Rahmawati") &&
			    !strcmp(jstr(p, "nip"), "198001012006041099") &&
			    !strcmp(jstr(p, "jabatan"), "Perencana Ahli Muda") && strstr(jstr(x, "jalur"), "/transisi"))
				named++;
		}
		ck_assert_int_eq(named, 1);
		http_reply_release(&r);
	}
	/* another OPD's token is refused it, as it is the document; another pemda's token finds no such pemda */
	http_auth(&H, "GET", rpath, planner_bpkad, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	http_auth(&H, "GET", rpath, finance19, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 404);
	http_reply_release(&r);
	http_auth(&H, "GET", P "/dokumen/99999999/riwayat", finance, NULL, NULL, &r);
	http_expect(&r, 404, "not-found", NULL);
	http_reply_release(&r);
}
END_TEST

static long sql_long(const char *fmt, const char *a)
{
	char *v = harness_sqlf(&H, fmt, a);
	long n = atol(v);
	free(v);
	return n;
}

/* A DPA version from the locked APBD without its anggaran kas: the OPD's planner or BPKAD fills it. */
START_TEST(anggaran_kas)
{
	long apbd =
		sql_long("SELECT dokumen_id FROM dokumen WHERE pemda_id = '13.71' AND tahun = 2027 AND jenis = 'apbd'"
			 " AND status = 'locked' AND opd_kode IS NULL%s",
			 "");
	char path[96], body[128];
	snprintf(path, sizeof(path), P "/dokumen/%ld/dpa", apbd);
	struct http_reply r;
	http_call(&H, "POST", path, finance, "{\"opd_kode\":\"" BPKAD "\"}", 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long dpa = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	json_t *t = tugas(planner_bpkad, TAHUN);
	json_t *it = cari(t, "anggaran_kas", "dokumen_id", dpa);
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(json_integer_value(json_object_get(it, "baris_tanpa_kas")), 2);
	json_decref(t);
	snprintf(path, sizeof(path), P "/dokumen/%ld/anggaran-kas", dpa);
	snprintf(body, sizeof(body), "{\"baris\":1,\"rata\":true}");
	/* planner BPKAD, Bappeda, finance: shown; the others refused (Dinkes: another OPD's DPA) */
	ck_assert_int_eq(check_tokens(TAHUN, "anggaran_kas", "dokumen_id", dpa, planner_bpkad, path, body, 0, path,
				      "{\"baris\":99,\"rata\":true}", 0),
			 3);
	ck_assert_int_eq(call("POST", path, planner_bpkad, body, 0), 200);
	t = tugas(finance, TAHUN);
	ck_assert_int_eq(
		json_integer_value(json_object_get(cari(t, "anggaran_kas", "dokumen_id", dpa), "baris_tanpa_kas")), 1);
	json_decref(t);
	ck_assert_int_eq(call("POST", path, finance, "{\"baris\":2,\"rata\":true}", 0), 200);
	for (size_t i = 0; i < NTOK; i++)
		ck_assert(!shown(toks[i].tok, TAHUN, "anggaran_kas", "dokumen_id", dpa));
}
END_TEST

/* An SPM waits for its SP2D (finance; a finance token of another OPD does not see it) until posted. */
START_TEST(spm_sp2d)
{
	free(harness_sqlf(&H,
			  "SELECT pagu_ledger_spd('13.71', 2027, '" BPKAD
			  "', 'SPD-TUGAS', '2027-01-02', 12::smallint, 1000, NULL)%s",
			  ""));
	long kantong = sql_long("SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2027"
				" AND arah = 'keluar' AND opd_kode = '" BPKAD "' ORDER BY kantong_id LIMIT 1%s",
				"");
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SPM-TUGAS-1\",\"tanggal\":\"2027-02-01\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"400.00\"}]}",
		 kantong);
	struct http_reply r;
	http_post(&H, P "/ledger/spm", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	long spm = (long)json_integer_value(json_object_get(r.json, "entri_id"));
	http_reply_release(&r);
	json_t *t = tugas(finance, TAHUN);
	json_t *it = cari(t, "spm_menunggu_sp2d", "entri_id", spm);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(jstr(it, "nomor"), "SPM-TUGAS-1");
	ck_assert_str_eq(jstr(it, "jumlah"), "400.00");
	ck_assert_ptr_nonnull(strstr(jstr(it, "judul"), "Rp400,00"));
	json_decref(t);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SP2D-TUGAS-1\",\"tanggal\":\"2027-02-03\","
		 "\"spm_id\":%ld}",
		 spm);
	char probe[256];
	snprintf(probe, sizeof(probe),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SP2D-TUGAS-X\",\"tanggal\":\"2027-02-03\","
		 "\"spm_id\":99999999}");
	ck_assert_int_eq(check_tokens(TAHUN, "spm_menunggu_sp2d", "entri_id", spm, finance, P "/ledger/sp2d", body, 0,
				      P "/ledger/sp2d", probe, 0),
			 1);
	ck_assert_int_eq(call("POST", P "/ledger/sp2d", finance, body, 0), 201);
	ck_assert(!shown(finance, TAHUN, "spm_menunggu_sp2d", "entri_id", spm));
}
END_TEST

/* Quarters that ended (PAGU_TODAY) and are open: the OPD reports, then BPKAD or Bappeda closes. */
START_TEST(triwulan)
{
	long rkpd = harness_dokumen_create(&H, bappeda, TAHUN, "rkpd", NULL);
	char path[96];
	snprintf(path, sizeof(path), P "/dokumen/%ld/baris", rkpd);
	ck_assert_int_eq(call("POST", path, bappeda,
			      "{\"opd_kode\":\"" BPKAD
			      "\",\"sub_kegiatan\":\"5.02.02.2.01.0001\",\"indikator\":\"Dokumen"
			      " perencanaan\",\"target\":\"4\",\"satuan\":\"dokumen\",\"pagu_indikatif\":\"1000.00\","
			      "\"lokasi\":\"Kota Padang\",\"sumber_dana\":\"1.1\"}",
			      0),
			 201);
	harness_step(&H, rkpd, "submit");
	harness_step(&H, rkpd, "verify");
	harness_step(&H, rkpd, "lock");
	/* 15 October 2027: quarters I to III have ended, none is closed */
	json_t *t = tugas(planner_bpkad, TAHUN);
	for (long q = 1; q <= 4; q++) {
		json_t *it = cari(t, "triwulan_lapor", "triwulan", q);
		ck_assert(q < 4 ? it != NULL : it == NULL);
		if (it) {
			ck_assert_int_eq(json_integer_value(json_object_get(it, "indikator_belum")), 1);
			ck_assert_str_eq(jstr(it, "opd_kode"), BPKAD);
		}
	}
	json_decref(t);
	t = tugas(planner_dinkes, TAHUN);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(t, "hitung"), "triwulan_lapor")), 0);
	json_decref(t);
	char body[256], probe[256];
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"triwulan\":1,\"rkpd_id\":%ld,\"baris\":1,\"nilai\":\"1\",\"fisik\":\"25\"}", rkpd);
	snprintf(probe, sizeof(probe),
		 "{\"tahun\":2027,\"triwulan\":1,\"rkpd_id\":%ld,\"baris\":99,\"nilai\":\"1\",\"fisik\":\"25\"}", rkpd);
	/* Dinkes's planner may report, but not BPKAD's indicator: 403 from the procedure */
	ck_assert_int_eq(check_tokens(TAHUN, "triwulan_lapor", "triwulan", 1, planner_bpkad, P "/monev/realisasi", body,
				      0, P "/monev/realisasi", probe, 0),
			 2);
	ck_assert_int_eq(call("POST", P "/monev/realisasi", planner_bpkad, body, 0), 201);
	ck_assert(!shown(planner_bpkad, TAHUN, "triwulan_lapor", "triwulan", 1));
	ck_assert(shown(planner_bpkad, TAHUN, "triwulan_lapor", "triwulan", 2));

	/* closing: the first open quarter that has ended, for finance and Bappeda */
	t = tugas(finance, TAHUN);
	json_t *it = cari(t, "triwulan_tutup", "triwulan", 1);
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(t, "hitung"), "triwulan_tutup")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(it, "opd_melapor")), 1);
	json_decref(t);
	ck_assert_int_eq(check_tokens(TAHUN, "triwulan_tutup", "triwulan", 1, finance, P "/monev/tutup",
				      "{\"tahun\":2027,\"triwulan\":1}", 0, P "/monev/tutup",
				      "{\"tahun\":2027,\"triwulan\":4}", 0),
			 2);
	ck_assert_int_eq(call("POST", P "/monev/tutup", finance, "{\"tahun\":2027,\"triwulan\":1}", 0), 201);
	ck_assert(!shown(finance, TAHUN, "triwulan_tutup", "triwulan", 1));
	ck_assert(shown(finance, TAHUN, "triwulan_tutup", "triwulan", 2));
	/* a closed quarter takes no report: it is no longer to report */
	ck_assert(!shown(planner_dinkes, TAHUN, "triwulan_lapor", "triwulan", 1));
}
END_TEST

/* A signed finding waits for the OPD's follow-up; a follow-up waits for the inspector. */
START_TEST(temuan)
{
	struct http_reply r;
	http_call(&H, "POST", P "/pemeriksaan", inspector, "{\"tahun\":2027,\"triwulan\":2,\"opd_kode\":\"" BPKAD "\"}",
		  0, &r);
	http_expect(&r, 201, NULL, NULL);
	long id = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	char path[128], probe[128];
	snprintf(path, sizeof(path), P "/pemeriksaan/%ld/temuan", id);
	ck_assert_int_lt(call("POST", path, inspector,
			      "{\"sub_kegiatan\":\"5.02.02.2.01.0001\",\"predikat\":\"Rendah\",\"temuan\":\"Realisasi"
			      " fisik tertinggal\",\"rekomendasi\":\"Percepat pengadaan\"}",
			      0),
			 300);
	/* a draft evaluation waits on no one */
	ck_assert(!shown(planner_bpkad, TAHUN, "temuan_tindak_lanjut", "pemeriksaan_id", id));
	snprintf(path, sizeof(path), P "/pemeriksaan/%ld/tandatangan", id);
	ck_assert_int_lt(call("POST", path, inspector, NULL, 0), 300);
	json_t *t = tugas(planner_bpkad, TAHUN);
	json_t *it = cari(t, "temuan_tindak_lanjut", "pemeriksaan_id", id);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(jstr(it, "temuan"), "Realisasi fisik tertinggal");
	ck_assert_str_eq(jstr(it, "rekomendasi"), "Percepat pengadaan");
	char tautan[64];
	snprintf(tautan, sizeof(tautan), "#/monev/pemeriksaan/%ld", id);
	ck_assert_str_eq(jstr(it, "tautan"), tautan);
	json_decref(t);
	snprintf(path, sizeof(path), P "/pemeriksaan/%ld/temuan/1/tindak-lanjut", id);
	snprintf(probe, sizeof(probe), P "/pemeriksaan/%ld/temuan/99/tindak-lanjut", id);
	const char *tl = "{\"uraian\":\"Kontrak ditandatangani 3 Mei\"}";
	ck_assert_int_eq(check_tokens(TAHUN, "temuan_tindak_lanjut", "pemeriksaan_id", id, planner_bpkad, path, tl, 0,
				      probe, tl, 0),
			 2);
	ck_assert_int_lt(call("POST", path, planner_bpkad, tl, 0), 300);
	ck_assert(!shown(planner_bpkad, TAHUN, "temuan_tindak_lanjut", "pemeriksaan_id", id));
	t = tugas(inspector, TAHUN);
	it = cari(t, "tindak_lanjut_periksa", "pemeriksaan_id", id);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(jstr(it, "tindak_lanjut"), "Kontrak ditandatangani 3 Mei");
	json_decref(t);
	snprintf(path, sizeof(path), P "/pemeriksaan/%ld/temuan/1/tutup", id);
	snprintf(probe, sizeof(probe), P "/pemeriksaan/%ld/temuan/99/tutup", id);
	const char *tutup = "{\"catatan\":\"Tuntas\"}";
	ck_assert_int_eq(check_tokens(TAHUN, "tindak_lanjut_periksa", "pemeriksaan_id", id, inspector, path, tutup, 0,
				      probe, tutup, 0),
			 1);
	ck_assert_int_lt(call("POST", path, inspector, tutup, 0), 300);
	for (size_t i = 0; i < NTOK; i++) {
		ck_assert(!shown(toks[i].tok, TAHUN, "tindak_lanjut_periksa", "pemeriksaan_id", id));
		ck_assert(!shown(toks[i].tok, TAHUN, "temuan_tindak_lanjut", "pemeriksaan_id", id));
	}
}
END_TEST

/* Which kinds each token has: exactly those whose action its role and scope admit. */
START_TEST(kinds_by_role)
{
	static const struct {
		char *tok;
		const char *kinds;
	} want[] = {
		{ planner_bpkad, "rka_ditolak anggaran_kas triwulan_lapor temuan_tindak_lanjut" },
		{ bappeda, "rka_ditolak anggaran_kas triwulan_lapor triwulan_tutup temuan_tindak_lanjut" },
		{ finance, "rka_verifikasi anggaran_kas spm_menunggu_sp2d triwulan_tutup" },
		{ finance_dinkes, "anggaran_kas spm_menunggu_sp2d" },
		{ revenue, "" },
		{ inspector, "tindak_lanjut_periksa" },
		{ admin, "" },
		{ sekda, "" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		json_t *t = tugas(want[i].tok, TAHUN);
		char got[256] = "";
		const char *k;
		json_t *v;
		json_object_foreach (json_object_get(t, "hitung"), k, v) {
			if (got[0])
				strcat(got, " ");
			strcat(got, k);
		}
		ck_assert_str_eq(got, want[i].kinds);
		json_decref(t);
	}
	/* another pemda's token, and bad years */
	struct http_reply r;
	http_auth(&H, "GET", P "/tugas", finance19, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 404);
	http_reply_release(&r);
	http_auth(&H, "GET", P "/tugas?tahun=20x7", finance, NULL, NULL, &r);
	http_expect(&r, 400, NULL, "tahun");
	http_reply_release(&r);
	http_auth(&H, "GET", P "/tugas?tahun=2027&opd=1", finance, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 400);
	http_reply_release(&r);
}
END_TEST

static Suite *tugas_suite(void)
{
	Suite *s = suite_create("tugas");
	TCase *tc = tcase_create("tugas");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, kinds_by_role);
	tcase_add_test(tc, rka_submitted_rejected_resubmitted);
	tcase_add_test(tc, anggaran_kas);
	tcase_add_test(tc, spm_sp2d);
	tcase_add_test(tc, triwulan);
	tcase_add_test(tc, temuan);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* the quarters of 2027 up to the third have ended; BPKAD's postings fall before it */
	setenv("PAGU_TODAY", "2027-10-15", 1);
	setenv("PAGU_SEAL_INTERVAL", "0", 1);
	harness_start_cluster(&H);
	harness_start_server(&H);
	const struct {
		const char *pemda, *role, *opd;
		char *out;
	} need[] = { { "13.71", "planner", BPKAD, planner_bpkad },
		     { "13.71", "planner", DINKES, planner_dinkes },
		     { "13.71", "planner", NULL, bappeda },
		     { "13.71", "finance", NULL, finance },
		     { "13.71", "finance", DINKES, finance_dinkes },
		     { "13.71", "revenue", NULL, revenue },
		     { "13.71", "inspector", NULL, inspector },
		     { "13.71", "admin", NULL, admin },
		     { "13.71", "sekda", NULL, sekda },
		     { "19", "finance", NULL, finance19 } };
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		harness_token_need(&H, need[i].pemda, need[i].role, need[i].opd, need[i].out);
	harness_bpkad_2027(&H);
	return harness_run(&H, tugas_suite());
}
