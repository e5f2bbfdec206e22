/* test_checkpoint.c - tamper evidence that does not rest on the database: signed checkpoints, the log, verify. */
#include <check.h>
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static struct harness H;
static char finance[64], inspector[64], planner_dinkes[64];
static char rkpd[32], sub_dinkes[32], key_path[PATH_MAX + 32], log_path[PATH_MAX + 32], kept_path[PATH_MAX + 32];
static char pubkey[65];
static long pemeriksaan_id;

#define DINKES "1.02.0.00.0.00.01.0000"

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void sha256_hex(const char *s, char out[65])
{
	unsigned char d[32];
	unsigned int n = 0;
	EVP_Digest(s, strlen(s), d, &n, EVP_sha256(), NULL);
	hex(d, 32, out);
}

/* The signed text of a checkpoint as the README documents it, rebuilt here independently. */
static char *signed_text(json_t *c)
{
	json_t *sb = json_object_get(c, "sebelum");
	char *t = NULL;
	if (asprintf(&t, "pagu-checkpoint-v1\n%s\n%lld\n%s\n%s\n%s\n%s\n%s\n%s\n", jstr(c, "pemda"),
		     (long long)json_integer_value(json_object_get(c, "urutan")), jstr(c, "jenis"), jstr(c, "ref"),
		     jstr(c, "hash"), jstr(c, "detail"), jstr(c, "waktu"),
		     json_is_string(sb) ? json_string_value(sb) : "") < 0)
		abort();
	return t;
}

static bool unhex(const char *s, unsigned char *out, size_t n)
{
	if (!s || strlen(s) != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (sscanf(s + 2 * i, "%2hhx", &out[i]) != 1)
			return false;
	return true;
}

/* Ed25519 with the test's own calls into libcrypto: does @sig_hex sign @text under @pub_hex? */
static bool ed25519_ok(const char *pub_hex, const char *text, const char *sig_hex)
{
	unsigned char pub[32], sig[64];
	if (!unhex(pub_hex, pub, 32) || !unhex(sig_hex, sig, 64))
		return false;
	EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = k && md && EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) == 1 &&
		  EVP_DigestVerify(md, sig, 64, (const unsigned char *)text, strlen(text)) == 1;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	return ok;
}

/* Signs @text with the private key in @pem_path (the attacker who holds the host's key). */
static void ed25519_sign(const char *pem_path, const char *text, char out[129], char pub_out[65])
{
	FILE *f = fopen(pem_path, "r");
	ck_assert_ptr_nonnull(f);
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(k);
	unsigned char sig[64], pub[32];
	size_t sl = 64, pl = 32;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	ck_assert(EVP_DigestSignInit(md, NULL, NULL, NULL, k) == 1);
	ck_assert(EVP_DigestSign(md, sig, &sl, (const unsigned char *)text, strlen(text)) == 1);
	ck_assert(EVP_PKEY_get_raw_public_key(k, pub, &pl) == 1);
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	hex(sig, 64, out);
	hex(pub, 32, pub_out);
}

/* GET /verify (or POST it with @kept) names @jenis @id first, with @why in its reason (NULL: all well). */
static void verify_says_body(const char *kept, const char *jenis, const char *id, const char *why, const char *what)
{
	struct http_reply r;
	if (kept)
		http_auth(&H, "POST", "/v1/pemda/13.71/verify", inspector, kept, NULL, &r);
	else
		http_auth(&H, "GET", "/v1/pemda/13.71/verify", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *bad = json_object_get(r.json, "pertama_rusak");
	if (!jenis) {
		ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s: %s", what, r.body);
	} else {
		ck_assert_msg(json_is_false(json_object_get(r.json, "ok")), "not caught: %s: %s", what, r.body);
		ck_assert_msg(!strcmp(jstr(bad, "jenis"), jenis), "%s: caught as %s, want %s: %s", what,
			      jstr(bad, "jenis"), jenis, r.body);
		if (id)
			ck_assert_msg(!strcmp(jstr(bad, "id"), id), "%s: names %s %s, want %s", what, jenis,
				      jstr(bad, "id"), id);
		if (why)
			ck_assert_msg(strstr(jstr(bad, "alasan"), why), "%s: reason %s lacks \"%s\"", what,
				      jstr(bad, "alasan"), why);
	}
	http_reply_release(&r);
}

static void verify_says(const char *jenis, const char *id, const char *why, const char *what)
{
	verify_says_body(NULL, jenis, id, why, what);
}

/* `pagu verify --pemda 13.71 [--checkpoint FILE]`: its exit status, and its output holds @want. */
static void cli_says(const char *kept, int status, const char *want)
{
	char log[PATH_MAX + 16];
	snprintf(log, sizeof(log), "%s/pagu-cli.log", H.dir);
	(void)truncate(log, 0);
	int rc = kept ? harness_pagu(&H, "verify", "--pemda", "13.71", "--checkpoint", kept, NULL)
		      : harness_pagu(&H, "verify", "--pemda", "13.71", NULL);
	char *out = NULL;
	size_t n = 0;
	FILE *f = fopen(log, "r");
	if (f) {
		out = calloc(1, 1 << 16);
		n = fread(out, 1, (1 << 16) - 1, f);
		fclose(f);
	}
	ck_assert_msg(rc == status, "pagu verify exited %d, want %d: %.*s", rc, status, (int)n, out ? out : "");
	if (want)
		ck_assert_msg(out && strstr(out, want), "pagu verify does not say \"%s\": %s", want, out ? out : "");
	free(out);
}

static char *sql1(const char *fmt, const char *a)
{
	return harness_sqlf(&H, fmt, a);
}

static json_t *all_checkpoints(void)
{
	json_t *all = json_array();
	char path[256], cursor[32] = "0";
	for (int pages = 0; pages < 1000; pages++) {
		snprintf(path, sizeof(path), "/v1/pemda/13.71/checkpoint?limit=5&cursor=%s", cursor);
		struct http_reply r;
		http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
		http_expect(&r, 200, NULL, NULL);
		ck_assert_str_eq(jstr(r.json, "kunci"), pubkey);
		json_array_extend(all, json_object_get(r.json, "items"));
		json_t *next = json_object_get(r.json, "next_cursor");
		bool more = json_is_string(next);
		if (more)
			snprintf(cursor, sizeof(cursor), "%s", json_string_value(next));
		http_reply_release(&r);
		if (!more)
			break;
	}
	return all;
}

/* The checkpoint of item @jenis @ref in @all, or NULL. */
static json_t *find(json_t *all, const char *jenis, const char *ref)
{
	size_t i;
	json_t *c;
	json_array_foreach (all, i, c) {
		if (!strcmp(jstr(c, "jenis"), jenis) && !strcmp(jstr(c, "ref"), ref))
			return c;
	}
	return NULL;
}

/* Writes @all as JSON lines to @path: what a client keeps. */
static void keep(json_t *all, const char *path)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	size_t i;
	json_t *c;
	json_array_foreach (all, i, c) {
		char *s = json_dumps(c, JSON_COMPACT);
		fprintf(f, "%s\n", s);
		free(s);
	}
	fclose(f);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = calloc(1, (size_t)n + 1);
	ck_assert_int_eq(fread(s, 1, (size_t)n, f), n);
	fclose(f);
	return s;
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(s, f);
	fclose(f);
}

START_TEST(key_file_kept_outside_and_strict)
{
	struct stat st;
	ck_assert_int_eq(stat(key_path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* the public key served is the key file's, computed here from the file */
	FILE *f = fopen(key_path, "r");
	ck_assert_ptr_nonnull(f);
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(EVP_PKEY_get_id(k), EVP_PKEY_ED25519);
	unsigned char pub[32];
	size_t pl = 32;
	ck_assert(EVP_PKEY_get_raw_public_key(k, pub, &pl) == 1);
	EVP_PKEY_free(k);
	char want[65];
	hex(pub, 32, want);
	ck_assert_str_eq(pubkey, want);
	/* the database never holds the private key: no column anywhere has its PEM */
	char *leak = harness_sqlf(&H, "SELECT count(*) FROM pg_proc WHERE prosrc LIKE '%%PRIVATE KEY%%'");
	ck_assert_str_eq(leak, "0");
	free(leak);
	/* a key readable by others: serve refuses to start, naming the mode */
	char loose[PATH_MAX + 16], var[PATH_MAX + 8], out[PATH_MAX + 16];
	snprintf(loose, sizeof(loose), "%s/loose.key", H.dir);
	snprintf(var, sizeof(var), "--var=%s", H.dir);
	snprintf(out, sizeof(out), "%s/loose.log", H.dir);
	char *pem = read_file(key_path);
	write_file(loose, pem);
	free(pem);
	ck_assert_int_eq(chmod(loose, 0644), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		FILE *o = freopen(out, "w", stderr);
		(void)o;
		setenv("PAGU_SIGNING_KEY", loose, 1);
		execl(H.pagu, H.pagu, var, "--listen=127.0.0.1:0", "--no-demo", "serve", (char *)NULL);
		_exit(127);
	}
	int st2 = 0;
	pid_t w = 0;
	for (int i = 0; i < 600 && (w = waitpid(pid, &st2, WNOHANG)) == 0; i++)
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	if (w == 0) {
		kill(pid, SIGTERM);
		waitpid(pid, &st2, 0);
		ck_abort_msg("pagu serve started with a signing key of mode 0644");
	}
	ck_assert(WIFEXITED(st2) && WEXITSTATUS(st2) == 1);
	char *said = read_file(out);
	ck_assert_msg(strstr(said, "mode 0644"), "%s", said);
	free(said);
	/* the public key is anyone's to fetch */
	struct http_reply r;
	http_get(&H, "/v1/checkpoint/kunci", &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_str_eq(jstr(r.json, "kunci"), pubkey);
	ck_assert_str_eq(jstr(r.json, "algoritma"), "Ed25519");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "pem"), "BEGIN PUBLIC KEY"));
	http_reply_release(&r);
}
END_TEST

START_TEST(every_item_signed_at_commit_and_kept)
{
	struct http_reply r;
	char body[1024], path[256];
	/* ledger: an SPD, then a seal: its checkpoint is there when the seal is answered */
	char *pocket =
		harness_sqlf(&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND"
				 " opd_kode = '" DINKES "' AND arah = 'keluar' AND kas[1] >= 10 ORDER BY kantong_id"
				 " LIMIT 1");
	ck_assert_ptr_nonnull(pocket);
	http_post(&H, "/v1/pemda/13.71/ledger/spd", finance,
		  "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPD-CP-1\",\"tanggal\":\"2026-01-05\","
		  "\"bulan\":1,\"jumlah\":\"10.00\"}",
		  NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SP2D-CP-%d\",\"tanggal\":\"2026-01-06\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"4.00\"}]}",
		 1, pocket);
	http_post(&H, "/v1/pemda/13.71/ledger/sp2d", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	http_post(&H, "/v1/pemda/13.71/ledger/segel", finance, NULL, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	json_t *seal = json_object_get(r.json, "segel");
	char seal_id[16], seal_hash[65];
	snprintf(seal_id, sizeof(seal_id), "%lld", (long long)json_integer_value(json_object_get(seal, "segel_id")));
	snprintf(seal_hash, sizeof(seal_hash), "%s", jstr(seal, "hash"));
	http_reply_release(&r);
	json_t *all = all_checkpoints();
	json_t *c = find(all, "segel", seal_id);
	ck_assert_msg(c != NULL, "seal %s has no checkpoint when the seal is answered", seal_id);
	ck_assert_str_eq(jstr(c, "hash"), seal_hash);
	json_decref(all);
	/* a quarter closed: signed at once */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"triwulan\":1,\"rkpd_id\":%s,\"baris\":1,\"nilai\":\"3\",\"fisik\":\"20\"}", rkpd);
	http_post(&H, "/v1/pemda/13.71/monev/realisasi", planner_dinkes, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	http_post(&H, "/v1/pemda/13.71/monev/tutup", finance, "{\"tahun\":2026,\"triwulan\":1}", NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	all = all_checkpoints();
	ck_assert_msg(find(all, "triwulan", "2026/1") != NULL, "the closed quarter has no checkpoint");
	json_decref(all);
	/* an evaluation signed: its hash covers who signed and when (hash version 2), and so does its checkpoint */
	http_post(&H, "/v1/pemda/13.71/pemeriksaan", inspector,
		  "{\"tahun\":2026,\"triwulan\":1,\"opd_kode\":\"" DINKES "\"}", NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	pemeriksaan_id = (long)json_integer_value(json_object_get(r.json, "id"));
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pemeriksaan/%ld/temuan", pemeriksaan_id);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"predikat\":\"Rendah\",\"temuan\":\"Realisasi fisik tertinggal\","
		 "\"rekomendasi\":\"Percepat pengadaan\"}",
		 sub_dinkes);
	http_post(&H, path, inspector, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pemeriksaan/%ld/tandatangan", pemeriksaan_id);
	http_post(&H, path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert(json_is_true(json_object_get(r.json, "hash_cocok")));
	char ev_hash[65], ref[32];
	snprintf(ev_hash, sizeof(ev_hash), "%s", jstr(r.json, "hash"));
	http_reply_release(&r);
	char q[256];
	snprintf(q, sizeof(q),
		 "SELECT 'v' || hash_versi || '|' || ditandatangani_oleh || '|' || to_char(ditandatangani AT TIME ZONE"
		 " 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM pemeriksaan WHERE pemeriksaan_id = %ld",
		 pemeriksaan_id);
	char *detail = harness_sqlf(&H, "%s", q);
	ck_assert_ptr_nonnull(strstr(detail, "v2|"));
	all = all_checkpoints();
	snprintf(ref, sizeof(ref), "%ld", pemeriksaan_id);
	c = find(all, "pemeriksaan", ref);
	ck_assert_msg(c != NULL, "the signed evaluation has no checkpoint");
	ck_assert_str_eq(jstr(c, "hash"), ev_hash);
	ck_assert_str_eq(jstr(c, "detail"), detail);
	free(detail);
	/* everything locked, sealed, closed or signed is signed; every checkpoint checks here, independently */
	char *items = harness_sqlf(
		&H, "SELECT (SELECT count(*) FROM segel WHERE pemda_id = '13.71') + (SELECT count(*) FROM dokumen WHERE"
		    " pemda_id = '13.71' AND status = 'locked') + (SELECT count(*) FROM monev_triwulan WHERE pemda_id ="
		    " '13.71') + (SELECT count(*) FROM pemeriksaan WHERE pemda_id = '13.71' AND status = 'signed')");
	ck_assert_int_eq((long)json_array_size(all), atol(items));
	free(items);
	const char *prev = "";
	size_t i;
	json_array_foreach (all, i, c) {
		ck_assert_int_eq(json_integer_value(json_object_get(c, "urutan")), (json_int_t)i + 1);
		json_t *sb = json_object_get(c, "sebelum");
		ck_assert_str_eq(json_is_string(sb) ? json_string_value(sb) : "", prev);
		char *text = signed_text(c);
		char h[65];
		sha256_hex(text, h);
		ck_assert_str_eq(h, jstr(c, "checkpoint"));
		ck_assert_str_eq(jstr(c, "kunci"), pubkey);
		ck_assert_msg(ed25519_ok(pubkey, text, jstr(c, "tanda")), "checkpoint %zu: bad signature", i + 1);
		free(text);
		prev = jstr(c, "checkpoint");
	}
	/* the log outside PostgreSQL holds the same, line for line (it holds every pemda's: the other demo
	   pemda's locked documents are signed by the sweep at start) */
	char *logtext = read_file(log_path);
	size_t lines = 0;
	for (char *p = logtext, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		if (!strncmp(p, "{\"pemda\":\"13.71\",", 17))
			lines++;
	ck_assert_uint_eq(lines, json_array_size(all));
	json_array_foreach (all, i, c) {
		ck_assert_msg(strstr(logtext, jstr(c, "tanda")), "checkpoint %zu is not in the log", i + 1);
	}
	free(logtext);
	/* a client keeps them; verify compares with its copy (API and command line) */
	keep(all, kept_path);
	verify_says(NULL, NULL, NULL, "all signed");
	cli_says(kept_path, 0, "ok: everything recomputes");
	char *page = NULL;
	json_t *doc = json_pack("{s:O}", "items", all);
	page = json_dumps(doc, JSON_COMPACT);
	verify_says_body(page, NULL, NULL, NULL, "the client's copy posted");
	free(page);
	json_decref(doc);
	json_decref(all);
	free(pocket);
}
END_TEST

/* Kept copies of what the attacker rewrites, to put back after each case. */
static void save(const char *name, const char *query)
{
	char sql[1024];
	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS %s; CREATE TABLE %s AS %s", name, name, query);
	harness_tamper(&H, sql);
}

/* Merkle root as engine/merkle.c builds it, in SQL: the attacker recomputes seals inside the database. */
#define AKAR_SQL                                                                                                   \
	"CREATE FUNCTION pg_temp.akar(h text[]) RETURNS text LANGUAGE plpgsql AS $f$ DECLARE nx text[]; i int;"    \
	" BEGIN IF coalesce(cardinality(h), 0) = 0 THEN RETURN encode(sha256(''::bytea), 'hex'); END IF;"          \
	" WHILE cardinality(h) > 1 LOOP nx := '{}'; i := 1; WHILE i <= cardinality(h) LOOP"                        \
	" IF i < cardinality(h) THEN nx := nx || encode(sha256(convert_to(h[i] || h[i + 1], 'UTF8')), 'hex');"     \
	" ELSE nx := nx || h[i]; END IF; i := i + 2; END LOOP; h := nx; END LOOP; RETURN h[1]; END $f$;"           \
	" DO $d$ DECLARE s record; prev text; r text; BEGIN FOR s IN SELECT * FROM segel WHERE pemda_id = '13.71'" \
	" ORDER BY segel_id LOOP SELECT pg_temp.akar(array_agg(e.hash ORDER BY e.entri_id)) INTO r"                \
	" FROM segel_entri x JOIN entri e USING (pemda_id, entri_id) WHERE x.pemda_id = '13.71'"                   \
	" AND x.segel_id = s.segel_id; UPDATE segel SET akar = r, hash_sebelum = prev, hash ="                     \
	" encode(sha256(convert_to('pagu-segel-v1|13.71|' || s.segel_id || '|' || s.jumlah_entri || '|' || r"      \
	" || '|' || coalesce(prev, ''), 'UTF8')), 'hex') WHERE pemda_id = '13.71' AND segel_id = s.segel_id"       \
	" RETURNING hash INTO prev; END LOOP; END $d$"

START_TEST(superuser_recomputing_every_hash_is_caught)
{
	struct http_reply r;
	verify_says(NULL, NULL, NULL, "before");
	/* 1. the ledger: an entry's number changed, its hash, every Merkle root and the seal chain recomputed */
	char *entri = harness_sqlf(&H, "SELECT min(entri_id) FROM segel_entri WHERE pemda_id = '13.71'");
	char *segel = sql1("SELECT segel_id FROM segel_entri WHERE pemda_id = '13.71' AND entri_id = %s", entri);
	save("simpan_entri", "SELECT * FROM entri WHERE pemda_id = '13.71'");
	save("simpan_segel", "SELECT * FROM segel WHERE pemda_id = '13.71'");
	char sql[4096];
	snprintf(sql, sizeof(sql),
		 "UPDATE entri SET nomor = nomor || '-X' WHERE pemda_id = '13.71' AND entri_id = %s;"
		 " UPDATE entri SET hash = encode(sha256(convert_to(pagu_entri_kanonik(pemda_id, entri_id), 'UTF8')),"
		 " 'hex') WHERE pemda_id = '13.71' AND entri_id = %s; " AKAR_SQL,
		 entri, entri);
	harness_tamper(&H, sql);
	/* the database's own check is fooled: everything inside it is consistent */
	http_auth(&H, "GET", "/v1/pemda/13.71/ledger/verify", inspector, NULL, NULL, &r);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "the recompute was incomplete: %s", r.body);
	http_reply_release(&r);
	verify_says("segel", segel, "signed in checkpoint", "entry and every seal recomputed");
	cli_says(NULL, 1, "BAD: segel");
	harness_tamper(
		&H, "UPDATE entri e SET nomor = s.nomor, hash = s.hash FROM simpan_entri s WHERE e.pemda_id = "
		    "s.pemda_id AND"
		    " e.entri_id = s.entri_id; UPDATE segel g SET akar = s.akar, hash_sebelum = s.hash_sebelum, hash ="
		    " s.hash FROM simpan_segel s WHERE g.pemda_id = s.pemda_id AND g.segel_id = s.segel_id");
	verify_says(NULL, NULL, NULL, "ledger restored");
	free(entri);
	free(segel);

	/* 2. a locked document: a line and its stored hash, then the lock event's hash too */
	char *dok = harness_sqlf(
		&H, "SELECT d.dokumen_id FROM dokumen d WHERE d.pemda_id = '13.71' AND d.jenis IN ('rka', 'apbd')"
		    " AND d.status = 'locked' AND NOT EXISTS (SELECT 1 FROM dokumen x WHERE x.pemda_id = d.pemda_id"
		    " AND x.tahun = d.tahun AND x.jenis = d.jenis AND coalesce(x.opd_kode, '') = coalesce(d.opd_kode,"
		    " '') AND x.versi > d.versi) AND EXISTS (SELECT 1 FROM rka_baris b WHERE b.pemda_id = d.pemda_id"
		    " AND b.dokumen_id = d.dokumen_id) ORDER BY d.jenis DESC, d.dokumen_id LIMIT 1");
	ck_assert_ptr_nonnull(dok);
	save("simpan_dok", "SELECT * FROM dokumen WHERE pemda_id = '13.71'");
	save("simpan_baris", "SELECT * FROM rka_baris WHERE pemda_id = '13.71'");
	save("simpan_event", "SELECT * FROM dokumen_event WHERE pemda_id = '13.71'");
	snprintf(sql, sizeof(sql),
		 "UPDATE rka_baris SET uraian = uraian || ' (diubah)' WHERE pemda_id = '13.71' AND dokumen_id = %s AND"
		 " baris = (SELECT min(baris) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %s);"
		 " UPDATE dokumen SET hash = encode(sha256(convert_to(pagu_dokumen_kanonik(pemda_id, dokumen_id,"
		 " hash_sebelum), 'UTF8')), 'hex') WHERE pemda_id = '13.71' AND dokumen_id = %s",
		 dok, dok, dok);
	harness_tamper(&H, sql);
	char vpath[128];
	snprintf(vpath, sizeof(vpath), "/v1/pemda/13.71/dokumen/%s/verifikasi", dok);
	http_auth(&H, "GET", vpath, inspector, NULL, NULL, &r);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "the recompute was incomplete: %s", r.body);
	http_reply_release(&r);
	verify_says("dokumen", dok, "lock event recorded hash", "a line and the stored hash");
	snprintf(sql, sizeof(sql),
		 "UPDATE dokumen_event e SET hash_sesudah = d.hash FROM dokumen d WHERE d.pemda_id = e.pemda_id AND"
		 " d.dokumen_id = e.dokumen_id AND e.pemda_id = '13.71' AND e.dokumen_id = %s AND e.aksi = 'lock'",
		 dok);
	harness_tamper(&H, sql);
	verify_says("dokumen", dok, "signed in checkpoint", "a line, the stored hash and the lock event");
	cli_says(NULL, 1, "BAD: dokumen");
	harness_tamper(
		&H,
		"UPDATE rka_baris b SET uraian = s.uraian FROM simpan_baris s WHERE b.pemda_id = s.pemda_id AND"
		" b.dokumen_id = s.dokumen_id AND b.baris = s.baris AND b.uraian <> s.uraian;"
		" UPDATE dokumen d SET hash = s.hash FROM simpan_dok s WHERE d.pemda_id = s.pemda_id AND d.dokumen_id ="
		" s.dokumen_id AND d.hash <> s.hash; UPDATE dokumen_event e SET hash_sesudah = s.hash_sesudah FROM"
		" simpan_event s WHERE e.pemda_id = s.pemda_id AND e.dokumen_id = s.dokumen_id AND e.urutan ="
		" s.urutan AND e.hash_sesudah IS DISTINCT FROM s.hash_sesudah");
	verify_says(NULL, NULL, NULL, "document restored");

	/* 3. the evaluation: its text and hash; its signer; its signing time (each with the hash recomputed) */
	char id[32], one[512];
	snprintf(id, sizeof(id), "%ld", pemeriksaan_id);
	save("simpan_periksa", "SELECT * FROM pemeriksaan WHERE pemda_id = '13.71'");
	save("simpan_temuan", "SELECT * FROM temuan WHERE pemda_id = '13.71'");
	const char *rehash =
		" UPDATE pemeriksaan SET hash = encode(sha256(convert_to(pagu_pemeriksaan_kanonik(pemda_id,"
		" pemeriksaan_id), 'UTF8')), 'hex') WHERE pemda_id = '13.71' AND pemeriksaan_id = %s";
	const char *restore_periksa =
		"UPDATE temuan t SET temuan = s.temuan FROM simpan_temuan s WHERE t.pemda_id = s.pemda_id AND"
		" t.pemeriksaan_id = s.pemeriksaan_id AND t.nomor = s.nomor; UPDATE pemeriksaan p SET hash = s.hash,"
		" ditandatangani_oleh = s.ditandatangani_oleh, ditandatangani = s.ditandatangani FROM simpan_periksa s"
		" WHERE p.pemda_id = s.pemda_id AND p.pemeriksaan_id = s.pemeriksaan_id";
	const char *edits[][2] = {
		{ "UPDATE temuan SET temuan = 'Tidak ada temuan' WHERE pemda_id = '13.71' AND pemeriksaan_id = %s;",
		  "its text and hash" },
		{ "UPDATE pemeriksaan SET ditandatangani_oleh = (SELECT min(token_id) FROM api_token WHERE pemda_id ="
		  " '13.71') WHERE pemda_id = '13.71' AND pemeriksaan_id = %s;",
		  "its signer and hash" },
		{ "UPDATE pemeriksaan SET ditandatangani = ditandatangani - interval '3 days' WHERE pemda_id = '13.71'"
		  " AND pemeriksaan_id = %s;",
		  "its signing time and hash" },
	};
	for (int k = 0; k < 3; k++) {
		char fmt[1024];
		snprintf(fmt, sizeof(fmt), "%s%s", edits[k][0], rehash);
		snprintf(sql, sizeof(sql), fmt, id, id);
		harness_tamper(&H, sql);
		/* the record's own hash matches again: what the evaluation shows is fooled */
		snprintf(one, sizeof(one), "/v1/pemda/13.71/pemeriksaan/%s", id);
		http_auth(&H, "GET", one, inspector, NULL, NULL, &r);
		ck_assert_msg(json_is_true(json_object_get(r.json, "hash_cocok")), "%s", r.body);
		http_reply_release(&r);
		verify_says("pemeriksaan", id, "checkpoint", edits[k][1]);
		harness_tamper(&H, restore_periksa);
		verify_says(NULL, NULL, NULL, "evaluation restored");
	}
	/* the signer changed without touching the hash: version 2 of the hash covers it */
	snprintf(sql, sizeof(sql), edits[1][0], id);
	harness_tamper(&H, sql);
	verify_says("pemeriksaan", id, "signer and signing time hash", "the signer alone");
	harness_tamper(&H, restore_periksa);

	/* 4. a closed quarter: its figures and its seal */
	save("simpan_real", "SELECT * FROM monev_realisasi WHERE pemda_id = '13.71'");
	save("simpan_tw", "SELECT * FROM monev_triwulan WHERE pemda_id = '13.71'");
	harness_tamper(
		&H,
		"UPDATE monev_realisasi SET nilai = nilai + 7 WHERE pemda_id = '13.71' AND tahun = 2026 AND triwulan = "
		"1");
	verify_says("triwulan", "2026/1", "seal", "a closed quarter's figure");
	harness_tamper(&H,
		       "UPDATE monev_triwulan SET hash = encode(sha256(convert_to(pagu_monev_kanonik(pemda_id, tahun, "
		       "triwulan),"
		       " 'UTF8')), 'hex') WHERE pemda_id = '13.71' AND tahun = 2026 AND triwulan = 1");
	verify_says("triwulan", "2026/1", "signed in checkpoint", "figures and seal");
	cli_says(NULL, 1, "BAD: triwulan 2026/1");
	harness_tamper(
		&H, "UPDATE monev_realisasi m SET nilai = s.nilai FROM simpan_real s WHERE m.pemda_id = s.pemda_id AND"
		    " m.laporan_id = s.laporan_id; UPDATE monev_triwulan t SET hash = s.hash FROM simpan_tw s WHERE"
		    " t.pemda_id = s.pemda_id AND t.tahun = s.tahun AND t.triwulan = s.triwulan");
	verify_says(NULL, NULL, NULL, "quarter restored");

	/* 5. a pocket's cash plan, which SPD limits rest on: alone, then with its DPA's anggaran kas and hash */
	char *kt = harness_sqlf(&H, "SELECT kantong_id || ' ' || dpa_id FROM kantong WHERE pemda_id = '13.71' AND"
				    " arah = 'keluar' AND kas[2] >= 1000 ORDER BY kantong_id LIMIT 1");
	ck_assert_ptr_nonnull(kt);
	char kid[32], dpa[32];
	ck_assert_int_eq(sscanf(kt, "%31s %31s", kid, dpa), 2);
	free(kt);
	save("simpan_kantong", "SELECT kantong_id, kas FROM kantong WHERE pemda_id = '13.71'");
	save("simpan_kas", "SELECT * FROM anggaran_kas WHERE pemda_id = '13.71'");
	snprintf(sql, sizeof(sql),
		 "UPDATE kantong SET kas[1] = kas[1] + 1000, kas[2] = kas[2] - 1000 WHERE pemda_id = '13.71' AND"
		 " kantong_id = %s",
		 kid);
	harness_tamper(&H, sql);
	http_auth(&H, "GET", "/v1/pemda/13.71/ledger/verify", inspector, NULL, NULL, &r);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
	http_reply_release(&r);
	verify_says("kantong", kid, "anggaran kas", "a pocket's cash plan");
	snprintf(sql, sizeof(sql),
		 "WITH b AS (SELECT b.baris FROM rka_baris b JOIN kantong k ON k.pemda_id = b.pemda_id AND k.dpa_id ="
		 " b.dokumen_id AND k.opd_kode = b.opd_kode AND k.sub_kegiatan = b.sub_kegiatan AND k.akun = b.akun"
		 " WHERE k.pemda_id = '13.71' AND k.kantong_id = %s AND EXISTS (SELECT 1 FROM anggaran_kas a WHERE"
		 " a.pemda_id = b.pemda_id AND a.dokumen_id = b.dokumen_id AND a.baris = b.baris AND a.bulan = 2 AND"
		 " a.jumlah >= 1000) ORDER BY b.baris LIMIT 1)"
		 " UPDATE anggaran_kas a SET jumlah = a.jumlah + CASE a.bulan WHEN 1 THEN 1000 ELSE -1000 END FROM b"
		 " WHERE a.pemda_id = '13.71' AND a.dokumen_id = %s AND a.baris = b.baris AND a.bulan IN (1, 2);"
		 " UPDATE dokumen SET hash = encode(sha256(convert_to(pagu_dokumen_kanonik(pemda_id, dokumen_id,"
		 " hash_sebelum), 'UTF8')), 'hex') WHERE pemda_id = '13.71' AND dokumen_id = %s;"
		 " UPDATE dokumen_event e SET hash_sesudah = d.hash FROM dokumen d WHERE d.pemda_id = e.pemda_id AND"
		 " d.dokumen_id = e.dokumen_id AND e.pemda_id = '13.71' AND e.dokumen_id = %s AND e.aksi = 'lock'",
		 kid, dpa, dpa, dpa);
	harness_tamper(&H, sql);
	verify_says("dokumen", dpa, "signed in checkpoint", "cash plan, its DPA's anggaran kas, hash and lock event");
	cli_says(NULL, 1, "BAD: dokumen");
	harness_tamper(
		&H,
		"UPDATE kantong k SET kas = s.kas FROM simpan_kantong s WHERE k.pemda_id = '13.71' AND k.kantong_id ="
		" s.kantong_id AND k.kas <> s.kas; UPDATE anggaran_kas a SET jumlah = s.jumlah FROM simpan_kas s WHERE"
		" a.pemda_id = s.pemda_id AND a.dokumen_id = s.dokumen_id AND a.baris = s.baris AND a.bulan = s.bulan"
		" AND a.jumlah <> s.jumlah; UPDATE dokumen d SET hash = s.hash FROM simpan_dok s WHERE d.pemda_id ="
		" s.pemda_id AND d.dokumen_id = s.dokumen_id AND d.hash <> s.hash; UPDATE dokumen_event e SET"
		" hash_sesudah = s.hash_sesudah FROM simpan_event s WHERE e.pemda_id = s.pemda_id AND e.dokumen_id ="
		" s.dokumen_id AND e.urutan = s.urutan AND e.hash_sesudah IS DISTINCT FROM s.hash_sesudah");
	verify_says(NULL, NULL, NULL, "cash plan restored");
	free(dok);
}
END_TEST

/* Where a locked APBD or DPA line comes from is not in the version's canonical text, so no hash or
   checkpoint covers it: verify holds every such line against its source line. */
static void provenance_says(const char *sql, const char *dok, const char *why, const char *what)
{
	harness_tamper(&H, sql);
	/* the version still hashes to its stored (and signed) hash: only its sources can tell */
	char *same = sql1("SELECT encode(sha256(convert_to(pagu_dokumen_kanonik(pemda_id, dokumen_id, hash_sebelum),"
			  " 'UTF8')), 'hex') = hash FROM dokumen WHERE pemda_id = '13.71' AND dokumen_id = %s",
			  dok);
	ck_assert_msg(same && !strcmp(same, "t"), "%s: the version's hash changed", what);
	free(same);
	verify_says("dokumen", dok, why, what);
	cli_says(NULL, 1, why);
	harness_tamper(
		&H,
		"UPDATE rka_baris b SET asal_dokumen_id = s.asal_dokumen_id, asal_baris = s.asal_baris FROM"
		" simpan_asal s WHERE b.pemda_id = s.pemda_id AND b.dokumen_id = s.dokumen_id AND b.baris = s.baris AND"
		" (b.asal_dokumen_id, b.asal_baris) IS DISTINCT FROM (s.asal_dokumen_id, s.asal_baris)");
	verify_says(NULL, NULL, NULL, what);
}

START_TEST(locked_budget_lines_are_held_against_their_sources)
{
	verify_says(NULL, NULL, NULL, "before");
	save("simpan_asal", "SELECT pemda_id, dokumen_id, baris, asal_dokumen_id, asal_baris FROM rka_baris WHERE"
			    " pemda_id = '13.71'");
	char sql[2048], why[256];
	/* 1. a locked APBD line's asal_baris moved to another line of its RKA */
	char *a = harness_sqlf(
		&H, "SELECT a.dokumen_id || ' ' || a.baris || ' ' || min(s.baris) FROM rka_baris a JOIN dokumen d ON"
		    " d.pemda_id = a.pemda_id AND d.dokumen_id = a.dokumen_id JOIN rka_baris s ON s.pemda_id ="
		    " a.pemda_id AND s.dokumen_id = a.asal_dokumen_id AND s.baris <> a.asal_baris WHERE a.pemda_id ="
		    " '13.71' AND d.jenis = 'apbd' AND d.status = 'locked' GROUP BY a.dokumen_id, a.baris ORDER BY"
		    " a.dokumen_id DESC, a.baris LIMIT 1");
	ck_assert_ptr_nonnull(a);
	char apbd[32], line[16], other[16];
	ck_assert_int_eq(sscanf(a, "%31s %15s %15s", apbd, line, other), 3);
	free(a);
	snprintf(sql, sizeof(sql),
		 "UPDATE rka_baris SET asal_baris = %s WHERE pemda_id = '13.71' AND dokumen_id = %s AND baris = %s",
		 other, apbd, line);
	snprintf(why, sizeof(why), "line %s of APBD version %s says it comes from line %s of RKA version", line, apbd,
		 other);
	provenance_says(sql, apbd, why, "an APBD line's source moved to another RKA line");
	/* 2. a locked DPA line re-pointed to another OPD's line of an APBD (another version when there is one) */
	char *d = harness_sqlf(
		&H,
		"SELECT d.dokumen_id || ' ' || b.baris || ' ' || x.dokumen_id || ' ' || x.baris FROM dokumen d JOIN"
		" rka_baris b ON b.pemda_id = d.pemda_id AND b.dokumen_id = d.dokumen_id JOIN rka_baris x ON"
		" x.pemda_id = d.pemda_id AND x.opd_kode <> d.opd_kode JOIN dokumen xd ON xd.pemda_id = x.pemda_id"
		" AND xd.dokumen_id = x.dokumen_id AND xd.jenis = 'apbd' WHERE d.pemda_id = '13.71' AND d.jenis ="
		" 'dpa' AND d.status = 'locked' ORDER BY d.dokumen_id DESC, b.baris, x.dokumen_id = b.asal_dokumen_id,"
		" x.dokumen_id, x.baris LIMIT 1");
	ck_assert_ptr_nonnull(d);
	char dpa[32], dline[16], to[32], toline[16];
	ck_assert_int_eq(sscanf(d, "%31s %15s %31s %15s", dpa, dline, to, toline), 4);
	free(d);
	snprintf(sql, sizeof(sql),
		 "UPDATE rka_baris SET asal_dokumen_id = %s, asal_baris = %s WHERE pemda_id = '13.71' AND dokumen_id ="
		 " %s AND baris = %s",
		 to, toline, dpa, dline);
	snprintf(why, sizeof(why), "line %s of DPA version %s says it comes from line %s of APBD version %s", dline,
		 dpa, toline, to);
	provenance_says(sql, dpa, why, "a DPA line re-pointed to another OPD's APBD line");
	/* 3. two lines of the locked DPA with one source: the later one takes the earlier one's */
	char *l = sql1(
		"SELECT min(baris) || ' ' || max(baris) FROM rka_baris WHERE pemda_id = '13.71' AND dokumen_id = %s",
		dpa);
	char lo[16], hi[16];
	ck_assert_int_eq(sscanf(l, "%15s %15s", lo, hi), 2);
	free(l);
	ck_assert_str_ne(lo, hi);
	snprintf(
		sql, sizeof(sql),
		"UPDATE rka_baris b SET asal_dokumen_id = f.asal_dokumen_id, asal_baris = f.asal_baris FROM rka_baris f"
		" WHERE b.pemda_id = '13.71' AND b.dokumen_id = %s AND b.baris = %s AND f.pemda_id = b.pemda_id AND"
		" f.dokumen_id = b.dokumen_id AND f.baris = %s",
		dpa, hi, lo);
	snprintf(why, sizeof(why), "line %s of DPA version %s and line %s of it both come from", lo, dpa, hi);
	provenance_says(sql, dpa, why, "two DPA lines with one source");
}
END_TEST

START_TEST(checkpoints_and_log_cannot_be_rewritten_without_the_key)
{
	char *last = harness_sqlf(&H, "SELECT max(urutan) FROM checkpoint WHERE pemda_id = '13.71'");
	char sql[2048];
	save("simpan_cp", "SELECT * FROM checkpoint WHERE pemda_id = '13.71'");
	const char *restore = "DELETE FROM checkpoint WHERE pemda_id = '13.71'; INSERT INTO checkpoint SELECT * FROM"
			      " simpan_cp";
	/* the last checkpoint deleted: the log still has it */
	snprintf(sql, sizeof(sql), "DELETE FROM checkpoint WHERE pemda_id = '13.71' AND urutan = %s", last);
	harness_tamper(&H, sql);
	verify_says("checkpoint", last, "the database no longer has that checkpoint", "the last checkpoint deleted");
	cli_says(NULL, 1, "BAD: checkpoint");
	harness_tamper(&H, restore);
	verify_says(NULL, NULL, NULL, "checkpoints restored");
	/* one in the middle deleted: the chain breaks */
	harness_tamper(&H, "DELETE FROM checkpoint WHERE pemda_id = '13.71' AND urutan = 2");
	verify_says("checkpoint", "2", "missing", "a checkpoint in the middle deleted");
	harness_tamper(&H, restore);
	/* a checkpoint's hash rewritten to a tampered item's: its signature no longer holds */
	snprintf(sql, sizeof(sql),
		 "UPDATE checkpoint SET hash = repeat('a', 64), checkpoint = "
		 "encode(sha256(convert_to('pagu-checkpoint-v1'"
		 " || E'\\n' || pemda_id || E'\\n' || urutan || E'\\n' || jenis || E'\\n' || ref || E'\\n' || "
		 "repeat('a',"
		 " 64) || E'\\n' || detail || E'\\n' || waktu || E'\\n' || coalesce(sebelum, '') || E'\\n', 'UTF8')),"
		 " 'hex') WHERE pemda_id = '13.71' AND urutan = %s",
		 last);
	harness_tamper(&H, sql);
	verify_says("checkpoint", last, "signature is not valid", "a checkpoint rewritten without the key");
	harness_tamper(&H, restore);
	/* re-signed with a key of the attacker's own, its public key put beside it */
	char other[PATH_MAX + 16];
	snprintf(other, sizeof(other), "%s/other.key", H.dir);
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	ck_assert(EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &k) == 1);
	EVP_PKEY_CTX_free(ctx);
	FILE *f = fopen(other, "w");
	ck_assert(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1);
	fclose(f);
	EVP_PKEY_free(k);
	json_t *all = all_checkpoints();
	json_t *c = json_array_get(all, json_array_size(all) - 1);
	char *text = signed_text(c), sig[129], pub[65];
	ed25519_sign(other, text, sig, pub);
	free(text);
	snprintf(sql, sizeof(sql),
		 "UPDATE checkpoint SET kunci = '%s', tanda = '%s' WHERE pemda_id = '13.71' AND urutan = %s", pub, sig,
		 last);
	harness_tamper(&H, sql);
	verify_says("checkpoint", last, "not by this server's key", "re-signed with another key");
	harness_tamper(&H, restore);
	verify_says(NULL, NULL, NULL, "checkpoints restored");
	json_decref(all);

	/* the log edited without the key: a line's hash changed, then a line removed */
	char *logtext = read_file(log_path);
	char *edited = strdup(logtext);
	/* line 1 with another item hash and its checkpoint hash recomputed: only the signature can tell */
	char *nl1 = strchr(logtext, '\n');
	json_error_t err;
	json_t *l1 = json_loadb(logtext, (size_t)(nl1 - logtext), 0, &err);
	ck_assert_ptr_nonnull(l1);
	json_object_set_new(l1, "hash",
			    json_string("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	char *t1 = signed_text(l1), h1[65];
	sha256_hex(t1, h1);
	free(t1);
	json_object_set_new(l1, "checkpoint", json_string(h1));
	char *line1 = json_dumps(l1, JSON_COMPACT);
	json_decref(l1);
	free(edited);
	ck_assert_int_ge(asprintf(&edited, "%s%s", line1, nl1), 0);
	free(line1);
	write_file(log_path, edited);
	verify_says("log", "1", "signature is not valid", "a log line edited");
	cli_says(NULL, 1, "BAD: log");
	char *second = strchr(logtext, '\n') + 1, *third = strchr(second, '\n') + 1;
	free(edited);
	edited = strdup(logtext);
	memmove(edited + (second - logtext), edited + (third - logtext), strlen(third) + 1);
	write_file(log_path, edited);
	verify_says("log", "2", "missing from the log", "a log line removed");
	write_file(log_path, logtext);
	verify_says(NULL, NULL, NULL, "log restored");
	free(edited);
	free(logtext);
	free(last);
}
END_TEST

START_TEST(a_key_holder_is_caught_by_a_copy_the_client_kept)
{
	/* the attacker holds the host's key and the database: rewrites the evaluation, its hash, re-signs its
	   checkpoint (the last one) in the database and in the log. Only a client's copy can tell. */
	char id[32], sql[4096];
	snprintf(id, sizeof(id), "%ld", pemeriksaan_id);
	char *last = harness_sqlf(&H, "SELECT max(urutan) FROM checkpoint WHERE pemda_id = '13.71'");
	char *jenis = sql1("SELECT jenis || ' ' || ref FROM checkpoint WHERE pemda_id = '13.71' AND urutan = %s", last);
	char want[64];
	snprintf(want, sizeof(want), "pemeriksaan %s", id);
	ck_assert_str_eq(jenis, want);
	free(jenis);
	save("simpan_cp2", "SELECT * FROM checkpoint WHERE pemda_id = '13.71'");
	save("simpan_periksa2", "SELECT * FROM pemeriksaan WHERE pemda_id = '13.71'");
	save("simpan_temuan2", "SELECT * FROM temuan WHERE pemda_id = '13.71'");
	snprintf(sql, sizeof(sql),
		 "UPDATE temuan SET temuan = 'Tidak ada temuan' WHERE pemda_id = '13.71' AND pemeriksaan_id = %s;"
		 " UPDATE pemeriksaan SET hash = encode(sha256(convert_to(pagu_pemeriksaan_kanonik(pemda_id,"
		 " pemeriksaan_id), 'UTF8')), 'hex') WHERE pemda_id = '13.71' AND pemeriksaan_id = %s",
		 id, id);
	harness_tamper(&H, sql);
	char *newhash = sql1("SELECT hash FROM pemeriksaan WHERE pemda_id = '13.71' AND pemeriksaan_id = %s", id);
	json_t *all = all_checkpoints();
	json_t *c = json_deep_copy(json_array_get(all, json_array_size(all) - 1));
	json_object_set_new(c, "hash", json_string(newhash));
	char *text = signed_text(c), sig[129], pub[65], ch[65];
	ed25519_sign(key_path, text, sig, pub);
	sha256_hex(text, ch);
	free(text);
	json_object_set_new(c, "checkpoint", json_string(ch));
	json_object_set_new(c, "tanda", json_string(sig));
	snprintf(sql, sizeof(sql),
		 "UPDATE checkpoint SET hash = '%s', checkpoint = '%s', tanda = '%s' WHERE pemda_id = '13.71' AND"
		 " urutan = %s",
		 newhash, ch, sig, last);
	harness_tamper(&H, sql);
	/* the log's last line replaced by the re-signed one */
	char *logtext = read_file(log_path);
	size_t n = strlen(logtext);
	ck_assert(n > 1 && logtext[n - 1] == '\n');
	logtext[n - 1] = '\0';
	char *nl = strrchr(logtext, '\n');
	ck_assert_ptr_nonnull(nl);
	nl[1] = '\0';
	char *line = json_dumps(c, JSON_COMPACT);
	char *rewritten = NULL;
	ck_assert_int_ge(asprintf(&rewritten, "%s%s\n", logtext, line), 0);
	char *original = read_file(log_path);
	write_file(log_path, rewritten);
	/* with both the key and the database, the server's own verify cannot tell (the README says so) */
	verify_says(NULL, NULL, NULL, "a key holder's rewrite, without a client's copy");
	/* the client kept the checkpoints before: the command line and the API name the evaluation */
	cli_says(kept_path, 1, "BAD: pemeriksaan");
	char *kept = read_file(kept_path);
	json_t *arr = json_array();
	for (char *p = kept, *q; (q = strchr(p, '\n')); p = q + 1) {
		*q = '\0';
		json_error_t err;
		json_array_append_new(arr, json_loads(p, 0, &err));
	}
	char *body = json_dumps(arr, JSON_COMPACT);
	verify_says_body(body, "pemeriksaan", id, "client's copy", "a key holder's rewrite, the client's copy posted");
	/* a kept copy that is not JSON is a 400 naming it, and changes nothing */
	struct http_reply r;
	http_auth(&H, "POST", "/v1/pemda/13.71/verify", inspector, "{\"items\":", NULL, &r);
	http_expect(&r, 400, "malformed-json", NULL);
	http_reply_release(&r);
	http_auth(&H, "POST", "/v1/pemda/13.71/verify", inspector, "{\"x\":1}", NULL, &r);
	http_expect(&r, 400, "invalid-input", "/items");
	http_reply_release(&r);
	/* put back */
	write_file(log_path, original);
	harness_tamper(
		&H, "DELETE FROM checkpoint WHERE pemda_id = '13.71'; INSERT INTO checkpoint SELECT * FROM simpan_cp2;"
		    " UPDATE temuan t SET temuan = s.temuan FROM simpan_temuan2 s WHERE t.pemda_id = s.pemda_id AND"
		    " t.pemeriksaan_id = s.pemeriksaan_id AND t.nomor = s.nomor; UPDATE pemeriksaan p SET hash = s.hash"
		    " FROM simpan_periksa2 s WHERE p.pemda_id = s.pemda_id AND p.pemeriksaan_id = s.pemeriksaan_id");
	verify_says_body(body, NULL, NULL, NULL, "restored, with the client's copy");
	/* a kept copy's text is the client's: a key that is not hex (multi-byte text cut anywhere) or any
	   other bytes in its fields are named in a 200, never a reply that cannot be built */
	static const char *const keys[] = {
		"\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac"
		"\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac",
		"zz",
		"",
	};
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		json_t *one = json_deep_copy(json_array_get(arr, 0));
		json_error_t jerr;
		char *lit = NULL;
		ck_assert_int_ge(asprintf(&lit, "\"%s\"", keys[k]), 0);
		json_object_set_new(one, "kunci", json_loads(lit, JSON_DECODE_ANY, &jerr));
		free(lit);
		json_t *wrap = json_pack("[o]", one);
		char *hostile = json_dumps(wrap, JSON_COMPACT);
		http_auth(&H, "POST", "/v1/pemda/13.71/verify", inspector, hostile, NULL, &r);
		http_expect(&r, 200, NULL, NULL);
		ck_assert_msg(json_is_false(json_object_get(r.json, "ok")), "a copy with key %zu passed: %s", k,
			      r.body);
		const char *why =
			json_string_value(json_object_get(json_object_get(r.json, "pertama_rusak"), "alasan"));
		ck_assert_msg(why && strstr(why, "names no Ed25519 public key"), "key %zu: %s", k, r.body);
		http_reply_release(&r);
		free(hostile);
		json_decref(wrap);
	}
	free(body);
	json_decref(arr);
	free(kept);
	free(original);
	free(line);
	free(rewritten);
	free(logtext);
	json_decref(c);
	json_decref(all);
	free(newhash);
	free(last);
}
END_TEST

START_TEST(nothing_stays_unsigned_after_a_crash)
{
	/* a quarter closed and committed while no server signed it (as when one dies between the commit and the
	   signature): the next server's sweep signs it */
	ck_assert_int_eq(harness_stop_server(&H), 0);
	free(harness_sqlf(&H, "SELECT pagu_monev_close('13.71', 2026, 2::smallint, NULL)"));
	/* and the crash tore the log's last line in half: the server cuts the fragment and appends what the
	   database has */
	char *logtext = read_file(log_path);
	size_t n = strlen(logtext);
	logtext[n - 1] = '\0';
	char *start = strrchr(logtext, '\n') + 1;
	start[strlen(start) / 2] = '\0';
	write_file(log_path, logtext);
	free(logtext);
	setenv("PAGU_CHECKPOINT_INTERVAL", "1", 1);
	harness_start_server(&H);
	bool seen = false;
	for (int i = 0; i < 600 && !seen; i++) {
		char *x = harness_sqlf(&H, "SELECT count(*) FROM checkpoint WHERE pemda_id = '13.71' AND jenis ="
					   " 'triwulan' AND ref = '2026/2'");
		seen = !strcmp(x, "1");
		free(x);
		if (!seen)
			nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	}
	ck_assert_msg(seen, "the quarter closed during the crash was never signed");
	verify_says(NULL, NULL, NULL, "after the sweep");
	cli_says(NULL, 0, "0 items not signed yet");
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/verify", inspector, NULL, NULL, &r);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "belum_di_log")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "belum_ditandatangani")), 0);
	http_reply_release(&r);
}
END_TEST

static void rkpd_2026(void)
{
	char *s = harness_sqlf(&H, "SELECT sub_kegiatan FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND"
				   " opd_kode = '" DINKES "' ORDER BY kantong_id LIMIT 1");
	snprintf(sub_dinkes, sizeof(sub_dinkes), "%s", s);
	char *id = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', 2026, 'rkpd', NULL, NULL)");
	snprintf(rkpd, sizeof(rkpd), "%s", id);
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_rkpd_add('13.71', %s, NULL, '" DINKES "', '%s', 'Puskesmas"
			  " terakreditasi', 10, 'unit', 1000, 'Padang', '1.1', NULL)",
			  id, s));
	const char *steps[] = { "submit", "verify", "lock" };
	for (int i = 0; i < 3; i++)
		harness_step(&H, atol(id), steps[i]);
	free(id);
	free(s);
}

static Suite *checkpoint_suite(void)
{
	Suite *s = suite_create("checkpoint");
	TCase *tc = tcase_create("checkpoint");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, key_file_kept_outside_and_strict);
	tcase_add_test(tc, every_item_signed_at_commit_and_kept);
	tcase_add_test(tc, superuser_recomputing_every_hash_is_caught);
	tcase_add_test(tc, locked_budget_lines_are_held_against_their_sources);
	tcase_add_test(tc, checkpoints_and_log_cannot_be_rewritten_without_the_key);
	tcase_add_test(tc, a_key_holder_is_caught_by_a_copy_the_client_kept);
	tcase_add_test(tc, nothing_stays_unsigned_after_a_crash);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* seals only on request, and no sweep: signing happens at commit, so what each test sees is known */
	setenv("PAGU_SEAL_INTERVAL", "0", 1);
	setenv("PAGU_CHECKPOINT_INTERVAL", "0", 1);
	harness_start_cluster(&H);
	snprintf(key_path, sizeof(key_path), "%s/signing.key", H.dir);
	snprintf(log_path, sizeof(log_path), "%s/checkpoint.log", H.dir);
	snprintf(kept_path, sizeof(kept_path), "%s/kept.jsonl", H.dir);
	harness_start_server(&H);
	const struct {
		const char *role, *opd;
		char *out;
	} toks[] = { { "finance", NULL, finance },
		     { "inspector", NULL, inspector },
		     { "planner", DINKES, planner_dinkes } };
	for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++)
		harness_token_need(&H, "13.71", toks[i].role, toks[i].opd, toks[i].out);
	rkpd_2026();
	struct http_reply r;
	http_get(&H, "/v1/checkpoint/kunci", &r);
	if (r.status != 200 || !jstr(r.json, "kunci")) {
		fprintf(stderr, "no public key served: %ld %s\n", r.status, r.body);
		return 2;
	}
	snprintf(pubkey, sizeof(pubkey), "%s", jstr(r.json, "kunci"));
	http_reply_release(&r);
	return harness_run(&H, checkpoint_suite());
}
