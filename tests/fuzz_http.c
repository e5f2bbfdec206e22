/*
 * fuzz_http.c - a stateful HTTP fuzzer against the real `pagu serve` and a real PostgreSQL.
 *
 * It starts a throw-away cluster and server with the demo data (tests/harness.c), makes a token
 * for every role (and OPD-scoped ones), then:
 *   1. walks a budget year through the API (RKPD, KUA-PPAS, RKA, APBD, DPA, anggaran kas, SPD,
 *      SPM, SP2D, STS, reversals, e-monev, an inspector's evaluation), so deep states exist;
 *   2. replays every seed of tests/fuzz/corpus (input and rules) as bodies, paths, codes,
 *      amounts, If-Match values, CSV imports and rule files;
 *   3. sends random sequences of requests over every route of the route table (api/route.c):
 *      bodies built from the contract's fields with plausible values taken from earlier answers
 *      (ids, codes, revisions), then mutated (boundary and huge amounts, wrong types, duplicate
 *      keys, invalid UTF-8, long strings, =formula cells, bad CSV bytes, If-Match and
 *      Idempotency-Key variants, every role and OPD scope, ids that exist and that don't),
 *      with short flows (a derived version through to its lock, an SPM then its SP2D, an
 *      evaluation through its follow-up) in between so the random requests meet deep states.
 *
 * It fails when the server dies, does not answer, or answers a 5xx other than 503, and prints
 * the requests that led there (all of them are in the log file). Everything it sends follows
 * from PAGU_FUZZ_SEED, so a failure reproduces with the same seed and request count.
 *
 * Environment: PAGU_FUZZ_SEED (default 1), PAGU_FUZZ_REQUESTS (default 6000),
 * PAGU_FUZZ_SECONDS (default 75, 60 in the plain build's test and 45 in the sanitizer build's;
 * whichever comes first), PAGU_FUZZ_LOG (default
 * fuzz_http-SEED.log in the working directory), PAGU_FUZZ_OFF (comma-separated mutation
 * classes to leave out: huge-money, bad-utf8, csv-bytes, dup-keys, http-edge, deep-json,
 * big-body, apbd-lines, reject-edit), PAGU_FUZZ_KEEP_GOING=1 (restart a dead server and go on),
 * PAGU_FUZZ_CORPUS_EXTRA (another directory of input seeds, e.g. build-fuzz/corpus/input).
 */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "harness.h"

/* ---------- deterministic random numbers ---------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64: every seed, 0 included, gives a good stream */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static bool chance(unsigned percent)
{
	return pick(100) < percent;
}

#define PICK(arr) ((arr)[pick(sizeof(arr) / sizeof((arr)[0]))])

/* ---------- growable strings ---------- */

struct sb {
	char *p;
	size_t n, cap;
};

static void sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np) {
			fputs("fuzz_http: out of memory\n", stderr);
			exit(2);
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void sb_add(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void sb_addf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_addf(struct sb *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_addn(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void sb_reset(struct sb *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

static void sb_release(struct sb *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* ---------- what the fuzzer has learnt from the server's answers ---------- */

#define POOL_MAX 256

struct pool {
	char *v[POOL_MAX];
	size_t n;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static void pool_add(struct pool *p, const char *s)
{
	if (!s || !*s || strlen(s) > 64)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i], s))
			return;
	if (p->n < POOL_MAX) {
		p->v[p->n++] = strdup(s);
		return;
	}
	size_t at = hash_str(s) % POOL_MAX; /* full: replace one, without touching the random stream */
	free(p->v[at]);
	p->v[at] = strdup(s);
}

static const char *pool_pick(const struct pool *p, const char *dflt)
{
	return p->n ? p->v[pick(p->n)] : dflt;
}

struct tok {
	char label[48];
	char value[128];
	unsigned role;
	char opd[40]; /* "" when not OPD-scoped */
};

#define MAX_TOK 16

struct world {
	const char *pemda;
	struct tok tok[MAX_TOK];
	int ntok;
	struct pool opd, sub, akun, ssh, perkada, bidang;
};

static struct world worlds[2] = { { .pemda = "13.71" }, { .pemda = "19" } };

struct dok {
	int w;
	long id;
	int tahun;
	char jenis[12];
	char opd[40];
	char status[12];
	int revisi;
	int maxbaris;
	char sub[32], akun[32]; /* of a line it has: codes known to fit it */
	bool superseded;	/* a later version derives from it */
	long asal;		/* the version it derives from, 0 none */
};

struct kantong {
	int w;
	long id;
	int tahun;
	bool masuk;
	char opd[40];
	char sub[32];
};

struct entri {
	int w;
	long id;
	int tahun;
	char jenis[12];
	char opd[40];
};

struct periksa {
	int w;
	long id;
	int tahun, triwulan;
	char opd[40];
	bool signed_;
	int ntemuan;
};

#define MAX_OBJ 4096
static struct dok doks[MAX_OBJ];
static int ndok;
static struct kantong kantongs[MAX_OBJ];
static int nkantong;
static struct entri entris[MAX_OBJ];
static int nentri;
static struct periksa periksas[512];
static int nperiksa;

static bool jint(json_t *o, const char *k, long *out)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		return false;
	*out = (long)json_integer_value(v);
	return true;
}

static struct dok *dok_find(int w, long id)
{
	for (int i = 0; i < ndok; i++)
		if (doks[i].w == w && doks[i].id == id)
			return &doks[i];
	return NULL;
}

static void copy(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src ? src : "");
}

static bool is_opd_kode(const char *s)
{
	return s && strlen(s) == 22 && s[1] == '.' && s[4] == '.' && s[6] == '.' && s[9] == '.';
}

static bool is_code(const char *s)
{
	if (!s || !*s || strlen(s) > 30)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == 'X'))
			return false;
	return true;
}

static void harvest_obj(int w, json_t *o)
{
	struct world *W = &worlds[w];
	long id, v;
	const char *jenis = jstr(o, "jenis"), *status = jstr(o, "status"), *opd = jstr(o, "opd_kode");
	if (jint(o, "id", &id) && jenis && status && jint(o, "revisi", &v)) {
		struct dok *d = dok_find(w, id);
		if (!d && ndok < MAX_OBJ) {
			d = &doks[ndok++];
			d->w = w;
			d->id = id;
		}
		if (d) {
			long t = 0;
			if (jint(o, "tahun", &t))
				d->tahun = (int)t;
			copy(d->jenis, sizeof(d->jenis), jenis);
			copy(d->opd, sizeof(d->opd), opd);
			copy(d->status, sizeof(d->status), status);
			d->revisi = (int)v;
			long asal;
			struct dok *orig = jint(o, "asal_id", &asal) ? dok_find(w, asal) : NULL;
			if (orig)
				orig->superseded = true;
			d->asal = orig ? asal : 0;
			json_t *lines = json_object_get(o, "baris");
			size_t i;
			json_t *l;
			json_array_foreach (lines, i, l) {
				long b;
				if (jint(l, "baris", &b) && b > d->maxbaris)
					d->maxbaris = (int)b;
				if (is_code(jstr(l, "sub_kegiatan")) && (!d->sub[0] || chance(30))) {
					copy(d->sub, sizeof(d->sub), jstr(l, "sub_kegiatan"));
					copy(d->akun, sizeof(d->akun), jstr(l, "akun"));
				}
			}
		}
	}
	if (jint(o, "kantong_id", &id) && opd && jstr(o, "arah") && nkantong < MAX_OBJ) {
		bool known = false;
		for (int i = 0; i < nkantong && !known; i++)
			known = kantongs[i].w == w && kantongs[i].id == id;
		long t = 0;
		if (!known) {
			struct kantong *k = &kantongs[nkantong++];
			k->w = w;
			k->id = id;
			k->tahun = jint(o, "tahun", &t) ? (int)t : 0;
			k->masuk = !strcmp(jstr(o, "arah"), "masuk");
			copy(k->opd, sizeof(k->opd), opd);
			copy(k->sub, sizeof(k->sub), jstr(o, "sub_kegiatan"));
		}
	}
	if (jint(o, "entri_id", &id) && jenis && opd && nentri < MAX_OBJ) {
		bool known = false;
		for (int i = 0; i < nentri && !known; i++)
			known = entris[i].w == w && entris[i].id == id;
		long t = 0;
		if (!known) {
			struct entri *e = &entris[nentri++];
			e->w = w;
			e->id = id;
			e->tahun = jint(o, "tahun", &t) ? (int)t : 0;
			copy(e->jenis, sizeof(e->jenis), jenis);
			copy(e->opd, sizeof(e->opd), opd);
		}
	}
	long tw;
	if (jint(o, "id", &id) && jint(o, "triwulan", &tw) && opd && status && json_object_get(o, "temuan")) {
		struct periksa *p = NULL;
		for (int i = 0; i < nperiksa && !p; i++)
			if (periksas[i].w == w && periksas[i].id == id)
				p = &periksas[i];
		if (!p && nperiksa < 512) {
			p = &periksas[nperiksa++];
			p->w = w;
			p->id = id;
		}
		if (p) {
			long t = 0;
			p->tahun = jint(o, "tahun", &t) ? (int)t : 0;
			p->triwulan = (int)tw;
			copy(p->opd, sizeof(p->opd), opd);
			p->signed_ = !strcmp(status, "signed");
			json_t *tm = json_object_get(o, "temuan");
			if (json_is_array(tm))
				p->ntemuan = (int)json_array_size(tm);
			else if (json_is_integer(tm))
				p->ntemuan = (int)json_integer_value(tm);
		}
	}
	if (is_opd_kode(opd))
		pool_add(&W->opd, opd);
	const char *kode = jstr(o, "kode");
	if (is_opd_kode(kode) && json_object_get(o, "bidang"))
		pool_add(&W->opd, kode);
	if (kode && jstr(o, "harga") && jstr(o, "satuan"))
		pool_add(&W->ssh, kode);
	const char *sub = jstr(o, "sub_kegiatan");
	if (is_code(sub))
		pool_add(&W->sub, sub);
	const char *akun = jstr(o, "akun");
	if (is_code(akun) && strlen(akun) >= 17)
		pool_add(&W->akun, akun);
	const char *nama = jstr(o, "nama");
	if (nama && jint(o, "versi", &v) && jstr(o, "berlaku")) {
		char nv[96];
		snprintf(nv, sizeof(nv), "%s/%ld", nama, v);
		pool_add(&W->perkada, nv);
	}
	json_t *bid = json_object_get(o, "bidang");
	size_t i;
	json_t *x;
	if (json_is_array(bid))
		json_array_foreach (bid, i, x)
			if (json_is_string(x))
				pool_add(&W->bidang, json_string_value(x));
}

static void harvest(int w, json_t *j, int depth)
{
	if (depth > 8)
		return;
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		harvest_obj(w, j);
		json_object_foreach (j, k, v)
			harvest(w, v, depth + 1);
	} else if (json_is_array(j)) {
		json_array_foreach (j, i, v)
			harvest(w, v, depth + 1);
	}
}

/* ---------- mutation classes that can be turned off ---------- */

static const char *off_list;

static bool on(const char *cls)
{
	if (!off_list)
		return true;
	size_t n = strlen(cls);
	for (const char *p = off_list; (p = strstr(p, cls)); p += n)
		if ((p == off_list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return false;
	return true;
}

/* ---------- values ---------- */

static int v_tahun(void)
{
	static const int odd[] = { 2025, 2028, 2000, 2100, 1999, 2101, 0, -1 };
	unsigned c = (unsigned)pick(100);
	return c < 55 ? 2026 : c < 92 ? 2027 : PICK(odd);
}

/* An amount: mostly plausible, sometimes at or past every limit pagu has. */
static const char *v_money(void)
{
	static const char *const ok[] = { "1000.00",  "150000", "2500000.50", "1",	   "0.01",
					  "10000000", "99.99",	"5000",	      "123456.78", "750000" };
	static const char *const odd[] = { "0", "0.00", "-1", "-0.01", "0.001", "1e5", " 1", "1,5",
					   "",	"+1",	"01", "1.",    ".5",	"NaN", "١٢", "1 000" };
	static const char *const huge[] = { "999999999999999999.99", "9999999999999999.99",
					    "99999999999999999",     "92233720368547758.07",
					    "92233720368547758.08",  "9223372036854775807",
					    "18446744073709551616",  "999999999999999999999999999999" };
	unsigned c = (unsigned)pick(100);
	if (c < 75)
		return PICK(ok);
	if (c < 88 || !on("huge-money"))
		return PICK(odd);
	return PICK(huge);
}

static const char *v_date(int tahun)
{
	static char buf[32];
	static const char *const odd[] = { "2026-02-30", "2026-13-01", "2026-00-10", "bogus",	  "",
					   "2026-1-5",	 "2025-12-31", "9999-12-31", "0000-01-01" };
	if (chance(90)) {
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tahun > 0 && tahun < 10000 ? tahun : 2026,
			 1 + (int)pick(12), 1 + (int)pick(28));
		return buf;
	}
	return PICK(odd);
}

/* A text field: plain, Unicode, long, a formula, a NUL, invalid UTF-8 (marked \x01, see finish_body). */
static json_t *v_text(const char *plain)
{
	static const char *const odd[] = { "=HYPERLINK(\"http://x\",\"klik\")",
					   "+1+1",
					   "-2+3",
					   "@SUM(A1:A9)",
					   "\t=1",
					   "\r=1",
					   "Dinas é 日本 \xf0\x9f\x98\x80",
					   "'; DROP TABLE dokumen; --",
					   "\"quoted\", with, commas",
					   "line\nbreak",
					   "",
					   " " };
	unsigned c = (unsigned)pick(100);
	if (c < 70)
		return json_string(plain);
	if (c < 85)
		return json_string(PICK(odd));
	if (c < 90)
		return json_stringn("a\0b", 3);
	if (c < 95 && on("bad-utf8"))
		return json_string("uraian \x01 rusak");
	size_t n = PICK(((const size_t[]){ 501, 1001, 2001, 70000 }));
	char *s = malloc(n + 1);
	memset(s, 'x', n);
	s[n] = '\0';
	json_t *j = json_string(s);
	free(s);
	return j;
}

/* Any JSON value of a wrong type for a field. */
static json_t *v_wrong(void)
{
	switch (pick(9)) {
	case 0:
		return json_null();
	case 1:
		return json_true();
	case 2:
		return json_integer(-1);
	case 3:
		return json_integer(INT64_MAX);
	case 4:
		return json_real(1e308);
	case 5:
		return json_array();
	case 6:
		return json_pack("{s:s}", "x", "y");
	case 7:
		return json_string("9999999999999999999999");
	default:
		return json_integer(0);
	}
}

static const char *tok_opd_or(const struct tok *t, const struct pool *p, const char *dflt)
{
	if (t && t->opd[0] && chance(85))
		return t->opd;
	return pool_pick(p, dflt);
}

/* ---------- requests and the log ---------- */

struct req {
	char method[16];
	struct sb path;
	struct sb body;
	bool has_body;
	char hdr[12][320];
	int nh;
	int route; /* api_routes index the generator meant, -1 none */
	int w;
	long dok; /* the document in the path, 0 none */
	const char *label;
};

struct reply {
	long status; /* 0: no answer */
	CURLcode rc;
	struct sb body;
	json_t *json;
	char etag[64];
	char request_id[64];
	double ms;
};

static struct harness H;
static CURL *curl;
static FILE *log_file;
static char log_path[512];
static unsigned long long seed;
static long nsent;
static long route_hits[128], route_2xx[128];

#define RING 40
static struct {
	char *text;
} ring[RING];

struct failure {
	char sig[160];
	long at;
};
static struct failure failures[64];
static int nfail;
static bool server_dead;

static void hdr_add(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hdr_add(struct req *r, const char *fmt, ...)
{
	if (r->nh >= 12)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->hdr[r->nh++], sizeof(r->hdr[0]), fmt, ap);
	va_end(ap);
}

static void req_init(struct req *r, const char *method, int w)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->method, sizeof(r->method), "%s", method);
	r->route = -1;
	r->w = w;
}

static void req_release(struct req *r)
{
	sb_release(&r->path);
	sb_release(&r->body);
}

static void reply_release(struct reply *p)
{
	sb_release(&p->body);
	json_decref(p->json);
	memset(p, 0, sizeof(*p));
}

/* Bytes as a C string literal (what a reader can paste into curl --data-binary $'...'). */
static void escape_into(struct sb *o, const char *s, size_t n, size_t max)
{
	for (size_t i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\' || c == '\'')
			sb_addf(o, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			sb_addn(o, (const char *)&c, 1);
		else if (c == '\n')
			sb_add(o, "\\n");
		else if (c == '\r')
			sb_add(o, "\\r");
		else if (c == '\t')
			sb_add(o, "\\t");
		else
			sb_addf(o, "\\x%02x", c);
	}
	if (n > max)
		sb_addf(o, "...(%zu bytes in all)", n);
}

static void describe(struct sb *o, long idx, const struct req *r, const struct reply *p)
{
	sb_addf(o, "#%ld %s %s", idx, r->method, r->path.p);
	for (int i = 0; i < r->nh; i++) {
		if (!strncmp(r->hdr[i], "Authorization: Bearer pagu_", 27)) {
			sb_add(o, "\n    Authorization: Bearer <");
			sb_add(o, r->label ? r->label : "?");
			sb_add(o, ">");
			continue;
		}
		sb_add(o, "\n    ");
		escape_into(o, r->hdr[i], strlen(r->hdr[i]), 400);
	}
	if (r->has_body) {
		sb_add(o, "\n    body $'");
		escape_into(o, r->body.p ? r->body.p : "", r->body.n, 3000);
		sb_add(o, "'");
	}
	if (p) {
		if (p->status)
			sb_addf(o, "\n    -> %ld (%.0f ms, request %s) ", p->status, p->ms, p->request_id);
		else
			sb_addf(o, "\n    -> no answer: %s ", curl_easy_strerror(p->rc));
		escape_into(o, p->body.p ? p->body.p : "", p->body.n, 300);
	}
	sb_add(o, "\n");
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct sb *b = ud;
	size_t n = size * nmemb;
	if (b->n < (8u << 20))
		sb_addn(b, ptr, n);
	return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct reply *p = ud;
	size_t n = size * nmemb;
	http_header_value(ptr, n, "ETag", p->etag, sizeof(p->etag));
	http_header_value(ptr, n, "X-Request-Id", p->request_id, sizeof(p->request_id));
	return n;
}

static bool server_alive(int *status)
{
	if (H.server <= 0)
		return false;
	int st;
	pid_t got = waitpid(H.server, &st, WNOHANG);
	if (got == H.server) {
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		H.server = 0;
		return false;
	}
	return true;
}

static void print_server_log_tail(void)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/pagu-serve.log", H.dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	long end = ftell(f);
	fseek(f, end > 6000 ? end - 6000 : 0, SEEK_SET);
	char buf[6001];
	size_t n = fread(buf, 1, 6000, f);
	buf[n] = '\0';
	fclose(f);
	fprintf(stderr, "---- the end of the server's log (%s) ----\n%s\n----\n", path, buf);
}

static void print_ring(void)
{
	fprintf(stderr, "---- the last requests before it (the whole sequence is in %s) ----\n", log_path);
	for (long i = nsent - RING < 0 ? 0 : nsent - RING; i < nsent; i++)
		if (ring[i % RING].text)
			fputs(ring[i % RING].text, stderr);
	fprintf(stderr, "---- reproduce: PAGU_FUZZ_SEED=%llu PAGU_FUZZ_REQUESTS=%ld (PAGU_FUZZ_OFF=%s) ----\n", seed,
		nsent, off_list ? off_list : "");
}

static void record_failure(const struct req *r, const struct reply *p, const char *why)
{
	char sig[160];
	const char *tmpl = r->route >= 0 ? api_routes[r->route].path : r->path.p;
	snprintf(sig, sizeof(sig), "%s %s %s", why, r->method, tmpl);
	for (int i = 0; i < nfail; i++)
		if (!strcmp(failures[i].sig, sig))
			return; /* seen: the first one was printed in full */
	if (nfail < 64) {
		snprintf(failures[nfail].sig, sizeof(failures[nfail].sig), "%s", sig);
		failures[nfail++].at = nsent - 1;
	}
	fprintf(stderr, "\nfuzz_http: FAILURE at request #%ld: %s\n", nsent - 1, sig);
	(void)p;
	print_ring();
	print_server_log_tail();
}

/* A health check on its own connection: does the server answer at all? */
static bool server_answers(void)
{
	CURL *c = curl_easy_init();
	char url[128];
	snprintf(url, sizeof(url), "%s/v1/health", H.base_url);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 2L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	bool ok = curl_easy_perform(c) == CURLE_OK;
	curl_easy_cleanup(c);
	return ok;
}

static void restart_server(void)
{
	fprintf(stderr, "fuzz_http: restarting the server (PAGU_FUZZ_KEEP_GOING)\n");
	harness_start_server(&H);
	curl_easy_reset(curl);
}

/* Sends @r, logs it, checks the answer; the reply is the caller's to release. */
static void send_req(struct req *r, struct reply *p)
{
	memset(p, 0, sizeof(*p));
	if (server_dead) {
		p->status = 0;
		return;
	}
	if (r->route >= 0 && r->route < 128)
		route_hits[r->route]++;
	char url[8192];
	snprintf(url, sizeof(url), "%s%s", H.base_url, r->path.p);
	curl_easy_reset(curl);
	struct curl_slist *hl = NULL;
	for (int i = 0; i < r->nh; i++)
		hl = curl_slist_append(hl, r->hdr[i]);
	hl = curl_slist_append(hl, "Expect:");
	if (r->has_body) {
		bool ct = false;
		for (int i = 0; i < r->nh; i++)
			ct |= !strncasecmp(r->hdr[i], "Content-Type:", 13);
		if (!ct)
			hl = curl_slist_append(hl, "Content-Type:"); /* none, not curl's form type */
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, r->method);
	if (!strcmp(r->method, "HEAD"))
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &p->body);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, p);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (r->has_body) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r->body.p ? r->body.p : "");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body.n);
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	p->rc = curl_easy_perform(curl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	p->ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	curl_slist_free_all(hl);
	if (p->rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &p->status);
	if (p->body.p)
		p->json = json_loadb(p->body.p, p->body.n, 0, NULL);
	long idx = nsent++;
	struct sb d = { 0 };
	describe(&d, idx, r, p);
	if (log_file) {
		fputs(d.p, log_file);
		fflush(log_file);
	}
	free(ring[idx % RING].text);
	ring[idx % RING].text = d.p;
	if (p->status >= 200 && p->status < 300 && r->route >= 0 && r->route < 128)
		route_2xx[r->route]++;

	if (p->status >= 500 && p->status != 503) {
		char why[32];
		snprintf(why, sizeof(why), "%ld", p->status);
		record_failure(r, p, why);
	}
	int st = 0;
	if (!p->status && p->rc != CURLE_URL_MALFORMAT) {
		/* a dying server may close the connection before it is reaped: wait for one or the other */
		for (int i = 0; i < 100 && server_alive(&st) && !server_answers(); i++) {
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	if (!server_alive(&st)) {
		char why[96];
		snprintf(why, sizeof(why), "server died (exit %d) %s", st,
			 p->status ? "after answering" : "at or before");
		record_failure(r, p, why);
		if (getenv("PAGU_FUZZ_KEEP_GOING"))
			restart_server();
		else
			server_dead = true;
	} else if (!p->status && p->rc != CURLE_URL_MALFORMAT &&
		   !(r->body.n > (64u << 10) && (p->rc == CURLE_SEND_ERROR || p->rc == CURLE_RECV_ERROR))) {
		/* (a server may refuse a body past its limit before it has all of it, and close) */
		record_failure(r, p, p->rc == CURLE_OPERATION_TIMEDOUT ? "no answer in 120 s" : "no answer");
	}
	if (p->json && p->status >= 200 && p->status < 300)
		harvest(r->w, p->json, 0);
	if (r->dok) {
		struct dok *dk = dok_find(r->w, r->dok);
		long rv;
		if (dk && p->status >= 200 && p->status < 300 && jint(p->json, "revisi", &rv))
			dk->revisi = (int)rv;
		int e;
		if (dk && p->etag[0] == '"' && p->etag[1] == 'r' && sscanf(p->etag + 2, "%d", &e) == 1)
			dk->revisi = e;
	}
}

/* ---------- tokens, headers, bodies ---------- */

/*
 * A token for a route: mostly one whose role the route admits and whose scope fits (unscoped, or
 * scoped to @prefer_opd, the OPD of the thing acted on), sometimes any of them.
 */
static const struct tok *tok_for(int w, const struct api_route *rt, const char *prefer_opd)
{
	struct world *W = &worlds[w];
	const struct tok *fit[MAX_TOK], *role_only[MAX_TOK];
	int nfit = 0, nrole = 0;
	for (int i = 0; i < W->ntok; i++) {
		const struct tok *t = &W->tok[i];
		if (rt->roles != API_PUBLIC && !(t->role & rt->roles))
			continue;
		role_only[nrole++] = t;
		bool own = prefer_opd && !strcmp(t->opd, prefer_opd);
		if (!t->opd[0] ||
		    (rt->scope != API_SCOPE_UNSCOPED && (own || (rt->scope == API_SCOPE_ANY && !prefer_opd))))
			fit[nfit++] = t;
	}
	unsigned c = (unsigned)pick(100);
	if (nfit && c < 80)
		return fit[pick((size_t)nfit)];
	if (nrole && c < 93)
		return role_only[pick((size_t)nrole)];
	return &W->tok[pick((size_t)W->ntok)];
}

static long idem_counter;

static void add_auth(struct req *r, const struct tok *t)
{
	if (!t)
		return;
	r->label = t->label;
	if (on("http-edge") && chance(3)) {
		static const char *const bad[] = {
			"Authorization: Bearer pagu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			"Authorization: Bearer", "Authorization: Basic dXNlcjpwYXNz", "Authorization: bearer x y",
			"Authorization: Bearer \xff\xfe"
		};
		hdr_add(r, "%s", PICK(bad));
		r->label = "bad token";
		return;
	}
	if (chance(2)) {
		r->label = "none";
		return;
	}
	hdr_add(r, "Authorization: Bearer %s", t->value);
	if (on("http-edge") && chance(1))
		hdr_add(r, "Authorization: Bearer %s", t->value);
}

static char last_key[300];

static void add_idem(struct req *r)
{
	unsigned c = (unsigned)pick(100);
	if (c < 90 || !on("http-edge")) {
		snprintf(last_key, sizeof(last_key), "fz-%llu-%ld", seed, ++idem_counter);
		hdr_add(r, "Idempotency-Key: %s", last_key);
	} else if (c < 94 && last_key[0]) {
		hdr_add(r, "Idempotency-Key: %s", last_key); /* a replay or a reuse */
	} else if (c < 96) {
		/* none */
	} else {
		static const char *const odd[] = { "", " ", "kunci dengan spasi", "\xc3\xa9t\xc3\xa9", "a\tb", "%00" };
		if (chance(50))
			hdr_add(r, "Idempotency-Key: %s", PICK(odd));
		else {
			char k[260];
			memset(k, 'k', 256);
			k[256] = '\0';
			hdr_add(r, "Idempotency-Key: %s", k);
		}
	}
}

static void add_if_match(struct req *r, const struct dok *d)
{
	unsigned c = (unsigned)pick(100);
	if (d && c < 85) {
		hdr_add(r, "If-Match: \"r%d\"", d->revisi);
		return;
	}
	if (c < 90)
		return;
	static const char *const odd[] = { "*",
					   "\"r-1\"",
					   "\"r0\"",
					   "\"r99999999999999999999\"",
					   "W/\"r1\"",
					   "r1",
					   "\"v1\"",
					   "\"r1\", \"r2\"",
					   "\"r1\"\"r2\"",
					   "\"\"",
					   "\"r\xff\"" };
	if (on("http-edge") || chance(50))
		hdr_add(r, "If-Match: %s", PICK(odd));
	else
		hdr_add(r, "If-Match: \"r%d\"", d ? d->revisi - 1 : 1);
}

/* Replaces the invalid-UTF-8 marker with raw bad bytes, then maybe mutates the text. */
static void finish_body(struct req *r, json_t *body, unsigned mutate_pct)
{
	r->has_body = true;
	sb_reset(&r->body);
	if (!body) {
		sb_add(&r->body, "{}");
		return;
	}
	if (json_is_object(body) && chance(mutate_pct)) {
		/* a field of the wrong type, gone, or an unknown one */
		const char *keys[32];
		int nk = 0;
		const char *k;
		json_t *v;
		json_object_foreach (body, k, v)
			if (nk < 32)
				keys[nk++] = k;
		unsigned c = (unsigned)pick(3);
		if (nk && c == 0)
			json_object_set_new(body, keys[pick((size_t)nk)], v_wrong());
		else if (nk && c == 1)
			json_object_del(body, keys[pick((size_t)nk)]);
		else
			json_object_set_new(body, PICK(((const char *[]){ "tidak_dikenal", "", "__proto__" })),
					    json_string("x"));
	}
	char *text = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(body);
	if (!text) {
		sb_add(&r->body, "{}");
		return;
	}
	static const char *const bad[] = { "\xff", "\xc3\x28", "\xed\xa0\x80", "\xc0\xaf", "\x92", "\xe2\x82" };
	for (char *p = text; *p; p++) {
		if (!strncmp(p, "\\u0001", 6)) {
			sb_add(&r->body, PICK(bad));
			p += 5;
		} else {
			sb_addn(&r->body, p, 1);
		}
	}
	free(text);
	if (!chance(mutate_pct))
		return;
	switch (pick(7)) {
	case 0: /* a duplicate key: the first member again at the end */
		if (on("dup-keys") && r->body.n > 2 && r->body.p[0] == '{') {
			char *comma = strchr(r->body.p, ',');
			size_t end = comma ? (size_t)(comma - r->body.p) : r->body.n - 1;
			struct sb nb = { 0 };
			sb_addn(&nb, r->body.p, r->body.n - 1);
			sb_add(&nb, ",");
			sb_addn(&nb, r->body.p + 1, end - 1);
			sb_add(&nb, "}");
			sb_release(&r->body);
			r->body = nb;
		}
		break;
	case 1: /* cut short */
		r->body.n = pick(r->body.n + 1);
		r->body.p[r->body.n] = '\0';
		break;
	case 2: /* a flipped byte */
		if (r->body.n)
			r->body.p[pick(r->body.n)] ^= (char)(1u << pick(8));
		break;
	case 3: /* nested deep */
		if (on("deep-json")) {
			struct sb nb = { 0 };
			size_t depth = PICK(((const size_t[]){ 30, 3000, 20000 }));
			for (size_t i = 0; i < depth; i++)
				sb_add(&nb, "[");
			sb_addn(&nb, r->body.p, r->body.n);
			for (size_t i = 0; i < depth; i++)
				sb_add(&nb, "]");
			sb_release(&r->body);
			r->body = nb;
		}
		break;
	case 4: { /* something that is not an object */
		static const char *const other[] = { "",     "null",	       "[]",	    "\"x\"", "1", "{",
						     "{}{}", "\xef\xbb\xbf{}", "{\"a\":1}", "{}" };
		sb_reset(&r->body);
		sb_add(&r->body, PICK(other));
		break;
	}
	case 5: /* padded past a limit */
		if (on("big-body")) {
			size_t n = PICK(((const size_t[]){ 65 * 1024, 1100 * 1024 }));
			struct sb nb = { 0 };
			sb_addn(&nb, r->body.p, r->body.n);
			for (size_t i = 0; i < n; i += 64)
				sb_add(&nb, "                                                                ");
			sb_release(&r->body);
			r->body = nb;
		}
		break;
	default: /* raw bad bytes at a random place */
		if (on("bad-utf8") && r->body.n) {
			size_t at = pick(r->body.n);
			struct sb nb = { 0 };
			sb_addn(&nb, r->body.p, at);
			sb_add(&nb, PICK(bad));
			sb_addn(&nb, r->body.p + at, r->body.n - at);
			sb_release(&r->body);
			r->body = nb;
		}
		break;
	}
}

static void add_json_type(struct req *r)
{
	if (!on("http-edge") || chance(95)) {
		hdr_add(r, "Content-Type: application/json");
		return;
	}
	static const char *const odd[] = { "Content-Type: text/plain", "Content-Type: application/json; charset=latin1",
					   "Content-Type: application/merge-patch+json", "Content-Type: text/csv",
					   "Content-Type: " };
	hdr_add(r, "%s", PICK(odd));
}

/* ---------- the route-by-route generators ---------- */

struct gen {
	struct req *r;
	int w;
	const struct tok *t;
	unsigned mutate; /* percent */
};

static int route_index(const char *method, const char *path)
{
	for (size_t i = 0; i < api_nroutes; i++)
		if (!strcmp(api_routes[i].method, method) && !strcmp(api_routes[i].path, path))
			return (int)i;
	return -1;
}

static const struct dok *dok_pick(int w, const char *jenis, const char *status, int tahun)
{
	bool latest_too = chance(10); /* versions with a later one, sometimes */
	const struct dok *c[MAX_OBJ];
	int n = 0;
	for (int i = 0; i < ndok; i++) {
		const struct dok *d = &doks[i];
		if (d->w != w || (jenis && strcmp(d->jenis, jenis)) || (status && strcmp(d->status, status)) ||
		    (tahun && d->tahun != tahun) || (d->superseded && !latest_too))
			continue;
		c[n++] = d;
	}
	return n ? c[pick((size_t)n)] : NULL;
}

static const struct kantong *kantong_pick(int w, int tahun, const char *opd, int masuk)
{
	int n = 0, idx[MAX_OBJ];
	for (int i = 0; i < nkantong; i++) {
		const struct kantong *k = &kantongs[i];
		if (k->w != w || (tahun && k->tahun != tahun) || (opd && strcmp(k->opd, opd)) ||
		    (masuk >= 0 && k->masuk != (masuk == 1)))
			continue;
		idx[n++] = i;
	}
	return n ? &kantongs[idx[pick((size_t)n)]] : NULL;
}

static const struct entri *entri_pick(int w, const char *jenis)
{
	int n = 0, idx[MAX_OBJ];
	for (int i = 0; i < nentri; i++)
		if (entris[i].w == w && (!jenis || !strcmp(entris[i].jenis, jenis)))
			idx[n++] = i;
	return n ? &entris[idx[pick((size_t)n)]] : NULL;
}

/* An evaluation; with @with_temuan mostly one that has findings. */
static const struct periksa *periksa_pick(int w, bool with_temuan)
{
	int n = 0, idx[512];
	bool need = with_temuan && chance(85);
	for (int i = 0; i < nperiksa; i++)
		if (periksas[i].w == w && (!need || periksas[i].ntemuan > 0))
			idx[n++] = i;
	if (!n && need)
		return periksa_pick(w, false);
	return n ? &periksas[idx[pick((size_t)n)]] : NULL;
}

static const struct periksa *periksa_find(int w, long id)
{
	for (int i = 0; i < nperiksa; i++)
		if (periksas[i].w == w && periksas[i].id == id)
			return &periksas[i];
	return NULL;
}

/* What a flow works on: the random generator takes these first while they are set. */
static long focus_periksa, focus_dok;

/* An id: one that exists (from @known, 0 none) mostly, else one that does not or cannot. */
static void path_id(struct sb *p, long known)
{
	static const char *const odd[] = { "0",
					   "-1",
					   "999999",
					   "9223372036854775807",
					   "9223372036854775808",
					   "abc",
					   "1.5",
					   "%00",
					   "1%2F2",
					   "%ff",
					   "+1",
					   "01",
					   "1e3",
					   "99999999999999999999999999" };
	if (known > 0 && chance(85)) {
		sb_addf(p, "%ld", known);
		return;
	}
	sb_add(p, PICK(odd));
}

static void path_text(struct sb *p, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~", *c))
			sb_addn(p, (const char *)c, 1);
		else
			sb_addf(p, "%%%02X", *c);
	}
}

static const char *v_pemda(int w)
{
	static const char *const odd[] = { "99.99", "13.7", "13.71.01", "x", "%00" };
	return chance(97) ? worlds[w].pemda : PICK(odd);
}

static void base(struct gen *g, const char *suffix)
{
	sb_add(&g->r->path, "/v1/pemda/");
	sb_add(&g->r->path, v_pemda(g->w));
	sb_add(&g->r->path, suffix);
}

static const char *v_opd(struct gen *g)
{
	static const char *const odd[] = { "1.02.0.00.0.00.99.0000", "9.99.9.99.9.99.99.9999", "1.02", "", "X" };
	if (chance(92))
		return tok_opd_or(g->t, &worlds[g->w].opd, "1.02.0.00.0.00.01.0000");
	return PICK(odd);
}

static const char *v_sub(struct gen *g)
{
	static const char *const odd[] = { "1.02.02.2.01.16",	"1.02.02.2.01.9999", "1.01.01.1.01.0001",
					   "X.XX.01.2.01.0001", "5.02.02.2.01.0001", "1" };
	return chance(90) ? pool_pick(&worlds[g->w].sub, "1.02.02.2.01.0016") : PICK(odd);
}

static const char *v_akun(struct gen *g)
{
	static const char *const odd[] = { "5.1.02.01.01.0024", "4.1.01.06.01.0001", "5.1.02.01.01.9999", "5.1",
					   "6.1.01.01.01.0001", "5.2.02.05.01.0005" };
	return chance(85) ? pool_pick(&worlds[g->w].akun, "5.1.02.01.01.0024") : PICK(odd);
}

static json_t *v_koef(void)
{
	static const char *const ok[] = { "2 orang", "3 hari", "12 bulan", "1 paket", "5 unit", "1,5 m2", "0,25 ls" };
	static const char *const odd[] = {
		"0 unit", "-1 unit", "999999999999 unit",	  "1e9 x",	    "",
		"orang",  "2",	     "99999999999999999999 unit", "1.000.000 unit", "0,0001 kg"
	};
	json_t *a = json_array();
	int n = 1 + (int)pick(3);
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(chance(85) || !on("huge-money") ? PICK(ok) : PICK(odd)));
	if (chance(3))
		for (int i = 0; i < 6; i++)
			json_array_append_new(a, json_string("2 x"));
	return a;
}

static json_t *body_rka_line(struct gen *g, const struct dok *d)
{
	bool own = d && d->sub[0] && d->akun[0] && chance(75);
	/* codes the document already has, mostly: then the amounts are what is tried */
	const char *sub = own ? d->sub : v_sub(g);
	const char *akun = own ? d->akun : v_akun(g);
	json_t *b = json_pack("{s:s,s:s,s:o,s:o,s:s,s:s}", "sub_kegiatan", sub, "akun", akun, "uraian",
			      v_text("Belanja fuzz"), "koefisien", v_koef(), "harga_satuan", v_money(), "sumber_dana",
			      chance(95) ? "1.1" : "9.9");
	if (chance(10))
		json_object_set_new(b, "ssh_kode", json_string(pool_pick(&worlds[g->w].ssh, "SSH-1")));
	return b;
}

static json_t *body_rkpd_line(struct gen *g, const struct dok *d)
{
	bool own = d && d->sub[0] && chance(60);
	return json_pack("{s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:s}", "opd_kode", v_opd(g), "sub_kegiatan",
			 own ? d->sub : v_sub(g), "indikator", v_text("Persentase layanan"), "target",
			 chance(85) ? "100" : v_money(), "satuan", "persen", "pagu_indikatif", v_money(), "lokasi",
			 v_text("Kota Padang"), "sumber_dana", "1.1");
}

static json_t *body_plafon(struct gen *g)
{
	static const char *const jenis[] = { "sub_kegiatan",	       "opd", "pendapatan", "penerimaan_pembiayaan",
					     "pengeluaran_pembiayaan", "lain" };
	const char *j = PICK(jenis);
	json_t *b = json_pack("{s:s,s:s}", "jenis", j, "jumlah", v_money());
	if (!strcmp(j, "sub_kegiatan") || !strcmp(j, "opd") || chance(10))
		json_object_set_new(b, "opd_kode", json_string(v_opd(g)));
	if (!strcmp(j, "sub_kegiatan") || chance(10))
		json_object_set_new(b, "sub_kegiatan", json_string(v_sub(g)));
	return b;
}

static json_t *body_line_for(struct gen *g, const struct dok *d)
{
	const char *j = d ? d->jenis : "rka";
	if (!strcmp(j, "rkpd"))
		return body_rkpd_line(g, d);
	if (!strcmp(j, "kua_ppas"))
		return body_plafon(g);
	return body_rka_line(g, d);
}

/* A document to act on, for the route's kind of action; NULL → an id that may not exist. */
static const struct dok *gen_dok(struct gen *g, const char *jenis, const char *status)
{
	if (focus_dok && chance(90)) {
		const struct dok *f = dok_find(g->w, focus_dok);
		if (f)
			return f;
	}
	const struct dok *d = chance(70) ? dok_pick(g->w, jenis, status, 0) : NULL;
	if (!d)
		d = dok_pick(g->w, jenis, NULL, 0);
	if (!d || chance(10))
		d = dok_pick(g->w, NULL, NULL, 0);
	return d;
}

static void dok_path(struct gen *g, const struct dok *d, const char *tail)
{
	base(g, "/dokumen/");
	path_id(&g->r->path, d ? d->id : 0);
	sb_add(&g->r->path, tail);
	g->r->dok = d ? d->id : 0;
}

static void csv_rka(struct gen *g, const struct dok *d, struct sb *b)
{
	static const char *const bad[] = { "\x92", "\xff", "\xc3", "\x00", "\xe2\x80" };
	const char *opd = d && d->opd[0] ? d->opd : v_opd(g);
	bool full = chance(50);
	if (chance(10))
		sb_add(b, "\xef\xbb\xbf");
	sb_add(b, "kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,nama_rekening,pagu");
	sb_add(b, full ? ",volume,satuan,harga,sumber_dana\r\n" : "\r\n");
	int rows = chance(90) ? 1 + (int)pick(8) : (int)pick(400);
	for (int i = 0; i < rows; i++) {
		const char *harga = chance(90) ? PICK(((const char *[]){ "1000", "25000.50", "300000" })) : v_money();
		const char *fields[11] = { opd,	      "Dinas Uji",
					   v_sub(g),  "Sub kegiatan uji",
					   v_akun(g), chance(90) ? "Belanja uji" : "=HYPERLINK(\"http://x\")",
					   harga,     "1",
					   "paket",   harga,
					   "1.1" };
		int nf = full ? 11 : 7;
		int badf = on("csv-bytes") && chance(15) ? (int)pick((size_t)nf) : -1;
		for (int f = 0; f < nf; f++) {
			if (f)
				sb_add(b, ",");
			bool quote = strchr(fields[f], ',') || strchr(fields[f], '"');
			if (quote) {
				sb_add(b, "\"");
				for (const char *c = fields[f]; *c; c++) {
					sb_addn(b, c, 1);
					if (*c == '"')
						sb_add(b, "\"");
				}
				sb_add(b, "\"");
			} else {
				sb_add(b, fields[f]);
			}
			if (f == badf) {
				const char *x = PICK(bad);
				sb_addn(b, x, x[0] ? strlen(x) : 1);
			}
		}
		sb_add(b, chance(80) ? "\r\n" : "\n");
	}
	if (chance(5))
		sb_add(b, "\"unterminated,quote\r\n");
	if (chance(5))
		sb_add(b, "a,b\r\n");
}

static void csv_ssh(struct gen *g, struct sb *b)
{
	sb_add(b, "kode,uraian,satuan,harga,akun\n");
	int rows = 1 + (int)pick(6);
	for (int i = 0; i < rows; i++) {
		sb_addf(b, "FZ-%llu-%ld-%d,", seed, idem_counter, i);
		sb_add(b, chance(85) ? "Kertas HVS" : PICK(((const char *[]){ "=1+1", "@x", "\"a,b\"" })));
		if (on("csv-bytes") && chance(15))
			sb_add(b, PICK(((const char *[]){ "\x92", "\xff", "\xc3" })));
		sb_addf(b, ",rim,%s,", chance(85) ? "55000" : v_money());
		sb_add(b, chance(90) ? "5.1.02;5.1.02.01.01.0024" : v_akun(g));
		sb_add(b, "\n");
	}
}

static void query_add(struct sb *p, bool *first, const char *k, const char *v)
{
	sb_add(p, *first ? "?" : "&");
	*first = false;
	sb_add(p, k);
	sb_add(p, "=");
	path_text(p, v);
}

/* Query parameters of the route: plausible, sometimes hostile, sometimes unknown. */
static void gen_query(struct gen *g, const struct api_route *rt)
{
	bool first = true;
	char num[32];
	for (const char *const *q = rt->query; q && *q; q++) {
		if (!chance(strcmp(*q, "dengan") ? 45 : 90))
			continue;
		const char *k = *q, *v = "";
		if (!strcmp(k, "tahun")) {
			snprintf(num, sizeof(num), "%d", v_tahun());
			v = num;
		} else if (!strcmp(k, "opd"))
			v = v_opd(g);
		else if (!strcmp(k, "sub_kegiatan"))
			v = v_sub(g);
		else if (!strcmp(k, "akun") || !strcmp(k, "prefix"))
			v = chance(50) ? v_akun(g) : PICK(((const char *[]){ "5", "5.1", "1.02", "", "%" }));
		else if (!strcmp(k, "limit"))
			v = PICK(((const char *[]){ "1", "10", "500", "501", "0", "-1", "x", "99999999999999999999" }));
		else if (!strcmp(k, "cursor"))
			v = PICK(((const char *[]){ "MQ", "2", "", "!!!", "MS4wMi4wLjAwLjAuMDAuMDIuMDAwMA", "AAAA" }));
		else if (!strcmp(k, "triwulan") || !strcmp(k, "bulan"))
			v = PICK(((const char *[]){ "1", "2", "3", "4", "0", "5", "-1" }));
		else if (!strcmp(k, "format"))
			v = PICK(((const char *[]){ "json", "csv", "xlsx", "pdf", "" }));
		else if (!strcmp(k, "jenis"))
			v = PICK(((const char *[]){ "rka", "apbd", "dpa", "rkpd", "kua_ppas", "sp2d", "spm", "sts",
						    "koreksi", "x" }));
		else if (!strcmp(k, "level"))
			v = PICK(((const char *[]){ "sub_kegiatan", "kegiatan", "program", "urusan", "x" }));
		else if (!strcmp(k, "aktif"))
			v = PICK(((const char *[]){ "all", "true", "x" }));
		else if (!strcmp(k, "per"))
			v = PICK(((const char *[]){ "bulan", "triwulan", "tahun" }));
		else if (!strcmp(k, "sampai") || !strcmp(k, "dari"))
			v = v_date(2026);
		else if (!strcmp(k, "dengan") && g->r->dok && chance(80)) {
			const struct dok *d = dok_find(g->w, g->r->dok);
			snprintf(num, sizeof(num), "%ld", d && d->asal ? d->asal : g->r->dok);
			v = num;
		} else if (!strcmp(k, "kantong") || !strcmp(k, "token") || !strcmp(k, "dengan")) {
			snprintf(num, sizeof(num), "%d", (int)pick(20) - 1);
			v = num;
		} else if (!strcmp(k, "sumber_dana"))
			v = PICK(((const char *[]){ "1.1", "9.9", "" }));
		query_add(&g->r->path, &first, k, v);
	}
	if (chance(3))
		query_add(&g->r->path, &first, "tidak_dikenal", "1");
	if (chance(2) && rt->query && rt->query[0]) {
		query_add(&g->r->path, &first, rt->query[0], "1");
		query_add(&g->r->path, &first, rt->query[0], "2");
	}
}

static const char *const aksi_all[] = { "submit", "verify", "lock", "reject" };

/* The next action a document in @status would take (mostly), or any. */
static const char *aksi_for(const struct dok *d)
{
	if (!d || chance(20))
		return PICK(aksi_all);
	if (!strcmp(d->status, "draft"))
		return "submit";
	if (!strcmp(d->status, "submitted"))
		return chance(85) ? "verify" : "reject";
	if (!strcmp(d->status, "verified"))
		return chance(80) ? "lock" : "reject";
	return PICK(aksi_all);
}

/* Fills path, query, headers and body of a request on route @ri. */
static void gen_route(struct gen *g, int ri)
{
	const struct api_route *rt = &api_routes[ri];
	struct req *r = g->r;
	const char *P = rt->path;
	const struct dok *d = NULL;
	json_t *body = NULL;
	bool csv = false;
	struct world *W = &worlds[g->w];
	r->route = ri;
	const char *prefer_opd = NULL;

	/* an evaluation's routes pick it first: a finding's sub kegiatan comes from its OPD */
	const struct periksa *per = NULL;
	if (strstr(P, "/pemeriksaan/{id}")) {
		per = focus_periksa ? periksa_find(g->w, focus_periksa) : NULL;
		if (!per || chance(10))
			per = periksa_pick(g->w, strstr(P, "/temuan/{nomor}") || strstr(P, "/tandatangan"));
		if (per)
			prefer_opd = per->opd;
	}
	/* a document route picks its document first, so the token can match its OPD */
	if (strstr(P, "/dokumen/{id}")) {
		if (strstr(P, "/baris"))
			d = gen_dok(g, PICK(((const char *[]){ "rka", "rkpd", "kua_ppas", "apbd", "dpa" })), "draft");
		else if (strstr(P, "/susun"))
			d = gen_dok(g, "apbd", "draft");
		else if (strstr(P, "/dpa"))
			d = gen_dok(g, "apbd", "locked");
		else if (strstr(P, "/anggaran-kas"))
			d = gen_dok(g, "dpa", "draft");
		else if (strstr(P, "/impor"))
			d = gen_dok(g, "rka", "draft");
		else if (strstr(P, "/turunan"))
			d = gen_dok(g, NULL, "locked");
		else if (strstr(P, "/pergeseran"))
			d = gen_dok(g, "dpa", chance(85) ? "locked" : NULL);
		else if (strstr(P, "/perubahan"))
			d = gen_dok(g, chance(50) ? "apbd" : "dpa", chance(85) ? "locked" : NULL);
		else
			d = gen_dok(g, NULL, NULL);
		if (d && d->opd[0])
			prefer_opd = d->opd;
	}
	g->t = tok_for(g->w, rt, prefer_opd);

	if (!strncmp(P, "/v1/pemda/{pemda}", 17)) {
		const char *rest = P + 17;
		if (strstr(rest, "/dokumen/{id}")) {
			const char *after = strstr(rest, "/dokumen/{id}") + 13;
			dok_path(g, d, "");
			if (!strncmp(after, "/baris/{baris}", 14)) {
				sb_add(&r->path, "/baris/");
				path_id(&r->path, d && d->maxbaris ? 1 + (long)pick((size_t)d->maxbaris) : 0);
			} else {
				sb_add(&r->path, after);
			}
		} else if (!strcmp(rest, "/opd/{kode}")) {
			base(g, "/opd/");
			path_text(&r->path, chance(90) ? v_opd(g) : "1.02.0.00.0.00.01.000%");
		} else if (!strcmp(rest, "/rules/perkada/{nama}/{versi}")) {
			base(g, "/rules/perkada/");
			sb_add(&r->path, chance(85) ? pool_pick(&W->perkada, "kas/1") : "tidak_ada/99999999999");
		} else if (!strcmp(rest, "/ledger/spm/{id}/void")) {
			const struct entri *e = entri_pick(g->w, "spm");
			base(g, "/ledger/spm/");
			path_id(&r->path, e ? e->id : 0);
			sb_add(&r->path, "/void");
		} else if (!strcmp(rest, "/ledger/entri/{id}")) {
			const struct entri *e = entri_pick(g->w, NULL);
			base(g, "/ledger/entri/");
			path_id(&r->path, e ? e->id : 0);
		} else if (!strncmp(rest, "/pemeriksaan/{id}", 17)) {
			const struct periksa *p = per;
			base(g, "/pemeriksaan/");
			path_id(&r->path, p ? p->id : 0);
			const char *after = rest + 17;
			if (!strncmp(after, "/temuan/{nomor}", 15)) {
				sb_add(&r->path, "/temuan/");
				path_id(&r->path, p && p->ntemuan ? 1 + (long)pick((size_t)p->ntemuan) : 1);
				sb_add(&r->path, after + 15);
			} else {
				sb_add(&r->path, after);
			}
		} else {
			base(g, rest);
		}
	} else if (!strcmp(P, "/v1/ref/akun/{kode}")) {
		sb_add(&r->path, "/v1/ref/akun/");
		path_text(&r->path, chance(80) ? v_akun(g) : PICK(((const char *[]){ "5", "5.1.02", "x", "5..1" })));
	} else {
		sb_add(&r->path, P);
	}
	gen_query(g, rt);

	if (rt->roles != API_PUBLIC || chance(10))
		add_auth(r, g->t);
	bool write = strcmp(rt->method, "GET") != 0;
	if (write && !rt->safe && !rt->own_keys)
		add_idem(r);
	else if (on("http-edge") && chance(3))
		add_idem(r);
	if (on("http-edge") && chance(2))
		hdr_add(r, "X-Request-Id: %s", PICK(((const char *[]){ "1-1", "abc", "\xff", "x y", "1-2" })));

	/* If-Match: the document routes that take one, and an OPD's PATCH */
	if (d && (strstr(P, "/baris") || strstr(P, "/transisi") || strstr(P, "/susun") || strstr(P, "/anggaran-kas") ||
		  strstr(P, "/impor")))
		add_if_match(r, d);
	if (!strcmp(rt->method, "PATCH")) {
		if (chance(85))
			hdr_add(r, "If-Match: \"v%d\"", 1 + (int)pick(4));
		else
			add_if_match(r, NULL);
	}

	/* the body */
	if (!strcmp(P, "/v1/pemda/{pemda}/opd") && write) {
		char kode[40];
		snprintf(kode, sizeof(kode), "1.02.0.00.0.00.%02d.0000", 10 + (int)pick(90));
		body = json_pack("{s:s,s:o,s:s,s:[s]}", "kode", chance(90) ? kode : v_opd(g), "nama",
				 v_text("Dinas Fuzz"), "singkatan", "DF", "bidang",
				 chance(90) ? pool_pick(&W->bidang, "1.02") : "9.99");
	} else if (!strcmp(rt->method, "PATCH")) {
		body = json_pack("{s:o}", "nama", v_text("Dinas Diubah"));
		if (chance(30))
			json_object_set_new(body, "bidang", json_pack("[s]", pool_pick(&W->bidang, "1.02")));
	} else if (!strcmp(P, "/v1/pemda/{pemda}/dokumen") && write) {
		const char *j = PICK(((const char *[]){ "rka", "rka", "rkpd", "kua_ppas", "apbd", "dpa", "x" }));
		body = json_pack("{s:i,s:s}", "tahun", v_tahun(), "jenis", j);
		if (!strcmp(j, "rka") || !strcmp(j, "dpa") || chance(10))
			json_object_set_new(body, "opd_kode", json_string(v_opd(g)));
	} else if (strstr(P, "/baris") && strcmp(rt->method, "DELETE")) {
		body = body_line_for(g, d);
	} else if (strstr(P, "/transisi")) {
		const char *a = aksi_for(d);
		body = json_pack("{s:s}", "aksi", a);
		if (!strcmp(a, "reject") || chance(10))
			json_object_set_new(body, "alasan", v_text("perlu perbaikan"));
		/* the DPRD's date of an APBD-P's lock (issue 18), also on what is not one */
		if ((d && !strcmp(d->jenis, "apbd") && chance(60)) || chance(5))
			json_object_set_new(body, "tanggal_dprd",
					    json_string(chance(80) ? v_date(d ? d->tahun : 2026)
								   : PICK(((const char *[]){ "2026-02-30", "2026-10-01",
											     "1999-09-30", "x" }))));
	} else if (strstr(P, "/pergeseran") || strstr(P, "/dokumen/{id}/perubahan")) {
		body = json_pack("{s:o}", "alasan", v_text("pergeseran uji"));
		if (strstr(P, "/perubahan") && chance(30))
			json_object_set_new(body, "keadaan_luar_biasa",
					    chance(80) ? v_text("Keputusan tanggap darurat") : json_null());
	} else if (!strcmp(P, "/v1/pemda/{pemda}/rules/penandaan") && write) {
		static const char *const pola[] = { "*",     "1.03.*",	 "*.*.01.*", "X.XX.01.2.02.0001",
						    "5.2.*", "5.1.02.*", "*.*",	     "",
						    "1..2",  "5.2*" };
		body = json_pack("{s:i,s:s,s:s,s:s,s:b,s:o,s:o}", "tahun", chance(80) ? 2026 : v_tahun(), "kategori",
				 chance(85) ? PICK(((const char *[]){ "infrastruktur", "pendidikan" })) : "kesehatan",
				 "sub_kegiatan", chance(50) && chance(50) ? v_sub(g) : PICK(pola), "akun",
				 chance(30) ? v_akun(g) : PICK(pola), "hitung", chance(50), "dasar",
				 v_text("Keputusan Wali Kota 050/1"), "alasan", v_text("penandaan uji"));
	} else if (!strcmp(P, "/v1/pemda/{pemda}/rules/kapasitas-fiskal") && write) {
		body = json_pack("{s:i,s:s,s:o}", "tahun", chance(80) ? 2026 : v_tahun(), "kategori",
				 PICK(((const char *[]){ "sangat_rendah", "rendah", "sedang", "tinggi", "sangat_tinggi",
							 "Rendah", "" })),
				 "dasar", v_text("PMK 97/2025"));
	} else if (strstr(P, "/turunan")) {
		body = json_pack("{s:o}", "alasan", v_text("perubahan"));
	} else if (strstr(P, "/dokumen/{id}/dpa")) {
		body = json_pack("{s:s}", "opd_kode", v_opd(g));
	} else if (strstr(P, "/anggaran-kas")) {
		body = json_pack("{s:I}", "baris", (json_int_t)(d && d->maxbaris ? 1 + pick((size_t)d->maxbaris) : 1));
		if (chance(70)) {
			json_object_set_new(body, "rata", json_true());
		} else {
			json_t *m = json_array();
			for (int i = 0; i < 12; i++)
				json_array_append_new(m, json_string(chance(90) ? "1000.00" : v_money()));
			json_object_set_new(body, "bulan", m);
		}
	} else if (strstr(P, "/impor")) {
		csv = true;
		r->has_body = true;
		if (strstr(P, "/ssh/"))
			csv_ssh(g, &r->body);
		else
			csv_rka(g, d, &r->body);
	} else if (!strcmp(P, "/v1/pemda/{pemda}/ssh") && write) {
		char kode[64];
		snprintf(kode, sizeof(kode), "FZ-%llu-%d", seed, (int)pick(50));
		body = json_pack("{s:i,s:s,s:o,s:s,s:s,s:[s]}", "tahun", v_tahun(), "kode",
				 chance(70) ? kode : pool_pick(&W->ssh, kode), "uraian", v_text("Kertas"), "satuan",
				 "rim", "harga", v_money(), "akun", chance(90) ? "5.1.02" : v_akun(g));
	} else if (strstr(P, "/rules/evaluate")) {
		const struct dok *x = dok_pick(g->w, NULL, NULL, 0);
		body = json_pack("{s:I,s:s}", "dokumen_id", (json_int_t)(x ? x->id : 1), "aksi",
				 PICK(((const char *[]){ "submit", "verify", "lock", "x" })));
	} else if (!strcmp(P, "/v1/pemda/{pemda}/rules/perkada") && write) {
		static const char *const isi[] = {
			"rule fz_a \"uji\"\n  cite \"uji\"\n  on lock apbd\n  severity warning\n  assert "
			"count(belanja) >= 0\n  message \"ok\"\n",
			"rule fz_b \"uji\"\n  cite \"uji\"\n  on post sp2d\n  severity error\n  assert sum(belanja) >= "
			"0\n  message \"x {sum(belanja)}\"\n",
			"rule", "rule x \"\n", ""
		};
		char nama[32];
		snprintf(nama, sizeof(nama), "fz%d", (int)pick(6));
		body = json_pack("{s:s,s:o,s:s,s:s}", "nama", chance(90) ? nama : "Bad Name", "judul",
				 v_text("Perkada uji"), "berlaku", chance(80) ? "2026-01-01" : v_date(2026), "isi",
				 PICK(isi));
	} else if (strstr(P, "/ledger/") && write && !strstr(P, "/segel")) {
		int tahun = chance(70) ? 2026 : v_tahun();
		const char *opd = v_opd(g);
		char nomor[64];
		snprintf(nomor, sizeof(nomor), "FZ-%ld", chance(90) ? ++idem_counter : (long)pick(5));
		if (strstr(P, "/spd")) {
			body = json_pack("{s:i,s:s,s:s,s:s,s:i,s:s}", "tahun", tahun, "opd_kode", opd, "nomor", nomor,
					 "tanggal", v_date(tahun), "bulan", chance(90) ? 1 + (int)pick(12) : 13,
					 "jumlah", v_money());
		} else if (strstr(P, "/void")) {
			body = json_pack("{s:s,s:o}", "tanggal", v_date(tahun), "alasan", v_text("salah"));
		} else if (strstr(P, "/koreksi")) {
			const struct entri *e = entri_pick(g->w, chance(50) ? "sp2d" : NULL);
			body = json_pack("{s:I,s:s,s:s,s:o}", "entri_id", (json_int_t)(e ? e->id : 1), "nomor", nomor,
					 "tanggal", v_date(tahun), "alasan", v_text("dobel"));
		} else if (strstr(P, "/batch")) {
			json_t *ops = json_array();
			int n = chance(90) ? 1 + (int)pick(5) : (int)pick(60);
			bool atomic = chance(50);
			const struct kantong *k0 = kantong_pick(g->w, 2026, NULL, 0);
			for (int i = 0; i < n; i++) {
				const struct kantong *k =
					chance(80) && k0 ? kantong_pick(g->w, 2026, k0->opd, 0) : NULL;
				char key[64], nm[64];
				snprintf(key, sizeof(key), "fzb-%llu-%ld", seed, ++idem_counter);
				snprintf(nm, sizeof(nm), "FZB-%ld", idem_counter);
				json_t *op =
					json_pack("{s:s,s:s,s:i,s:s,s:s,s:s,s:[{s:I,s:s}]}", "op",
						  chance(85) ? "sp2d" : PICK(((const char *[]){ "sts", "spm", "x" })),
						  "idempotency_key", chance(95) ? key : "dup", "tahun", 2026,
						  "opd_kode", k ? k->opd : opd, "nomor", nm, "tanggal", v_date(2026),
						  "baris", "kantong_id", (json_int_t)(k ? k->id : (long)pick(5000)),
						  "jumlah", chance(90) ? "1000.00" : v_money());
				json_array_append_new(ops, op);
			}
			body = json_pack("{s:b,s:o}", "atomic", atomic, "operasi", ops);
		} else {
			/* spm, sp2d, sts: lines on pockets of one OPD */
			bool sts = strstr(P, "/sts") != NULL;
			const struct kantong *k0 = kantong_pick(g->w, chance(80) ? tahun : 0, NULL, sts ? 1 : 0);
			if (k0 && chance(85)) {
				opd = k0->opd;
				tahun = k0->tahun;
			}
			body = json_pack("{s:i,s:s,s:s,s:s}", "tahun", tahun, "opd_kode", opd, "nomor", nomor,
					 "tanggal", v_date(tahun));
			const struct entri *spm = strstr(P, "/sp2d") && chance(40) ? entri_pick(g->w, "spm") : NULL;
			if (spm)
				json_object_set_new(body, "spm_id", json_integer(spm->id));
			if (!spm || chance(30)) {
				json_t *lines = json_array();
				int n = chance(95) ? 1 + (int)pick(3) : 101;
				for (int i = 0; i < n; i++) {
					const struct kantong *k = kantong_pick(g->w, tahun, opd, sts ? 1 : 0);
					json_array_append_new(
						lines,
						json_pack("{s:I,s:s}", "kantong_id",
							  (json_int_t)(k && chance(95) ? k->id : (long)pick(99999)),
							  "jumlah", chance(80) ? "1000.00" : v_money()));
				}
				json_object_set_new(body, "baris", lines);
			}
		}
	} else if (strstr(P, "/monev/realisasi")) {
		const struct dok *rk = dok_pick(g->w, "rkpd", chance(90) ? "locked" : NULL, 0);
		body = json_pack("{s:i,s:i,s:I,s:I,s:s,s:s}", "tahun", rk ? rk->tahun : v_tahun(), "triwulan",
				 chance(90) ? 1 + (int)pick(4) : (int)pick(7) - 1, "rkpd_id",
				 (json_int_t)(rk ? rk->id : 1), "baris",
				 (json_int_t)(rk && rk->maxbaris ? 1 + pick((size_t)rk->maxbaris) : 1), "nilai",
				 chance(85) ? PICK(((const char *[]){ "25", "50", "100", "0.5" })) : v_money(), "fisik",
				 chance(85) ? PICK(((const char *[]){ "25", "50", "100", "0", "12.5" }))
					    : PICK(((const char *[]){ "100.01", "-1", "abc", "1e2", "" })));
		if (chance(30))
			json_object_set_new(body, "catatan", v_text("catatan"));
		if (chance(10))
			json_object_set_new(body, "koreksi_id", json_integer((json_int_t)pick(40)));
	} else if (strstr(P, "/monev/tutup")) {
		body = json_pack("{s:i,s:i}", "tahun", chance(70) ? 2026 : v_tahun(), "triwulan",
				 chance(90) ? 1 + (int)pick(4) : 9);
	} else if (strstr(P, "/monev/skala") && write) {
		json_t *pita = json_array();
		static const char *const cut[] = { NULL, "51", "66", "76", "91", NULL };
		static const char *const pred[] = { "Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi" };
		for (int i = 0; i < 5; i++) {
			json_t *b = json_pack("{s:s}", "predikat", pred[i]);
			json_object_set_new(b, "dari",
					    cut[i] ? json_string(chance(90) ? cut[i] : v_money()) : json_null());
			json_object_set_new(b, "sampai", cut[i + 1] ? json_string(cut[i + 1]) : json_null());
			json_array_append_new(pita, b);
		}
		body = json_pack("{s:s,s:s,s:s,s:o}", "jenis", chance(50) ? "triwulan" : "kumulatif", "nama",
				 "Skala fuzz", "dasar_hukum", "Perkada uji", "pita", pita);
	} else if (!strcmp(P, "/v1/pemda/{pemda}/pemeriksaan") && write) {
		body = json_pack("{s:i,s:i,s:s}", "tahun", chance(80) ? 2026 : v_tahun(), "triwulan",
				 chance(90) ? 1 + (int)pick(4) : 0, "opd_kode", v_opd(g));
	} else if (strstr(P, "/tindak-lanjut")) {
		body = json_pack("{s:o}", "uraian", v_text("sudah ditindaklanjuti"));
		if (chance(40))
			json_object_set_new(body, "bukti", chance(50) ? json_null() : v_text("foto.jpg"));
	} else if (!strncmp(P, "/v1/pemda/{pemda}/rules/", 24) && !write) {
		/* the rules' GET routes take no body */
	} else if (strstr(P, "/temuan/{nomor}/tutup")) {
		body = chance(50) ? json_object() : json_pack("{s:o}", "catatan", v_text("selesai"));
	} else if (strstr(P, "/temuan")) {
		const struct kantong *k = per ? kantong_pick(g->w, per->tahun, per->opd, -1) : NULL;
		body = json_pack("{s:s,s:s,s:o,s:o}", "sub_kegiatan", k && k->sub[0] && chance(85) ? k->sub : v_sub(g),
				 "predikat",
				 PICK(((const char *[]){ "Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah",
							 "Luar Biasa" })),
				 "temuan", v_text("temuan uji"), "rekomendasi", v_text("perbaiki"));
	} else if (write && rt->max_body) {
		body = json_object();
	}

	if (csv) {
		if (!on("http-edge") || chance(95))
			hdr_add(r, "Content-Type: %s",
				chance(90) ? "text/csv"
					   : PICK(((const char *[]){ "text/csv; charset=utf-8", "application/json",
								     "text/plain" })));
	} else if (body) {
		add_json_type(r);
		finish_body(r, body, g->mutate);
	} else if (write && chance(10)) {
		/* a body where none is taken, or {} on an action without fields */
		r->has_body = true;
		sb_add(&r->body, chance(50) ? "{}" : "x");
		add_json_type(r);
	}
}

/* A request on route @method @path, generated as the random phase would, with a @mutate rate. */
static void do_route(int w, const char *method, const char *path, unsigned mutate, struct reply *p)
{
	int ri = route_index(method, path);
	struct req r;
	req_init(&r, method, w);
	struct gen g = { .r = &r, .w = w, .mutate = mutate };
	if (ri < 0) {
		fprintf(stderr, "fuzz_http: no route %s %s in the table\n", method, path);
		exit(2);
	}
	gen_route(&g, ri);
	send_req(&r, p);
	req_release(&r);
}

/* ---------- scripted requests (the walk through a year, and short flows) ---------- */

static const struct tok *tok_named(int w, const char *label)
{
	for (int i = 0; i < worlds[w].ntok; i++)
		if (!strcmp(worlds[w].tok[i].label, label))
			return &worlds[w].tok[i];
	return &worlds[w].tok[0];
}

/* One request written out: @body is JSON text (or NULL), @ifmatch a document id or 0. */
static long call(int w, const char *label, const char *method, const char *path, const char *body, long dok_ifmatch,
		 struct reply *out)
{
	struct req r;
	req_init(&r, method, w);
	sb_add(&r.path, path);
	const char *q = strchr(path, '?');
	char tmpl[512];
	snprintf(tmpl, sizeof(tmpl), "%.*s", q ? (int)(q - path) : (int)strlen(path), path);
	/* the route this is, for the per-route tally */
	for (size_t i = 0; i < api_nroutes; i++) {
		if (strcmp(api_routes[i].method, method))
			continue;
		const char *a = api_routes[i].path, *b = tmpl;
		while (*a && *b) {
			if (*a == '{') {
				while (*a && *a != '}')
					a++;
				a++;
				while (*b && *b != '/')
					b++;
			} else if (*a == *b) {
				a++, b++;
			} else {
				break;
			}
		}
		if (!*a && !*b) {
			r.route = (int)i;
			break;
		}
	}
	const struct tok *t = tok_named(w, label);
	hdr_add(&r, "Authorization: Bearer %s", t->value);
	r.label = t->label;
	if (strcmp(method, "GET")) {
		snprintf(last_key, sizeof(last_key), "fz-%llu-%ld", seed, ++idem_counter);
		hdr_add(&r, "Idempotency-Key: %s", last_key);
	}
	if (dok_ifmatch) {
		const struct dok *d = dok_find(w, dok_ifmatch);
		hdr_add(&r, "If-Match: \"r%d\"", d ? d->revisi : 0);
		r.dok = dok_ifmatch;
	}
	if (body) {
		r.has_body = true;
		sb_add(&r.body, body);
		hdr_add(&r, "Content-Type: application/json");
	}
	struct reply tmp, *p = out ? out : &tmp;
	send_req(&r, p);
	req_release(&r);
	long id = 0;
	if (p->status >= 200 && p->status < 300 && !jint(p->json, "id", &id))
		if (!jint(p->json, "entri_id", &id))
			(void)jint(p->json, "dokumen_id", &id);
	long status = p->status;
	if (!out)
		reply_release(&tmp);
	return status >= 200 && status < 300 ? (id ? id : -1) : 0;
}

static long callf(int w, const char *label, const char *method, long ifm, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static long callf(int w, const char *label, const char *method, long ifm, const char *path, const char *fmt, ...)
{
	char body[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	return call(w, label, method, path, body, ifm, NULL);
}

static void get_doc(int w, long id)
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld", worlds[w].pemda, id);
	(void)call(w, "finance", "GET", path, NULL, 0, NULL);
}

static long step(int w, const char *label, long id, const char *aksi)
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/transisi", worlds[w].pemda, id);
	return callf(w, label, "POST", id, path, "{\"aksi\":\"%s\",\"alasan\":\"fuzz\"}", aksi);
}

static long doc_create(int w, const char *label, int tahun, const char *jenis, const char *opd)
{
	char path[96], opdf[64] = "";
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen", worlds[w].pemda);
	if (opd)
		snprintf(opdf, sizeof(opdf), ",\"opd_kode\":\"%s\"", opd);
	long id = callf(w, label, "POST", 0, path, "{\"tahun\":%d,\"jenis\":\"%s\"%s}", tahun, jenis, opdf);
	if (id > 0)
		get_doc(w, id);
	return id;
}

static long line_add(int w, const char *label, long id, const char *json)
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/baris", worlds[w].pemda, id);
	return call(w, label, "POST", path, json, id, NULL);
}

static int flags_reached; /* bit per deep state the walk reached */
enum { DEEP_RKPD = 1, DEEP_DPA = 2, DEEP_SP2D = 4, DEEP_TUTUP = 8, DEEP_SIGNED = 16 };

/*
 * Kota Padang's 2027 through the API, as its users would: KUA-PPAS with plafon, two RKAs (an
 * OPD's planner and BPKAD), the APBD assembled and locked, a DPA with anggaran kas locked, then
 * SPD, SPM, SP2D, STS, a reversal; and the 2026 RKPD locked for e-monev with a quarter closed
 * and an evaluation signed.
 */
static void walk_year(void)
{
	const int w = 0;
	const char *pm = worlds[w].pemda;
	char path[160], body[2048];
	const char *opd = "1.02.0.00.0.00.01.0000", *sub = "1.02.02.2.01.0016", *akun = "5.1.02.02.01.0049";
	const char *bpkad = "5.02.0.00.0.00.01.0000", *bsub = "5.02.02.2.01.0001";

	/* the 2026 RKPD (e-monev's indicators) for the demo DPA's sub kegiatan */
	long rkpd = doc_create(w, "planner", 2026, "rkpd", NULL);
	if (rkpd > 0) {
		for (int i = 0; i < 3; i++) {
			snprintf(body, sizeof(body),
				 "{\"opd_kode\":\"%s\",\"sub_kegiatan\":\"%s\",\"indikator\":\"Indikator %d\","
				 "\"target\":\"100\",\"satuan\":\"persen\",\"pagu_indikatif\":\"1000000.00\","
				 "\"lokasi\":\"Kota Padang\",\"sumber_dana\":\"1.1\"}",
				 opd, sub, i);
			(void)line_add(w, "planner", rkpd, body);
		}
		(void)step(w, "planner", rkpd, "submit");
		(void)step(w, "planner", rkpd, "verify");
		if (step(w, "planner", rkpd, "lock"))
			flags_reached |= DEEP_RKPD;
		get_doc(w, rkpd);
	}

	/* KUA-PPAS 2027 */
	long kua = doc_create(w, "finance", 2027, "kua_ppas", NULL);
	snprintf(body, sizeof(body),
		 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"%s\",\"sub_kegiatan\":\"%s\",\"jumlah\":\"50000000\"}",
		 opd, sub);
	(void)line_add(w, "finance", kua, body);
	snprintf(body, sizeof(body),
		 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"%s\",\"sub_kegiatan\":\"%s\",\"jumlah\":\"50000000\"}",
		 bpkad, bsub);
	(void)line_add(w, "finance", kua, body);
	(void)step(w, "finance", kua, "submit");
	(void)step(w, "finance", kua, "verify");
	(void)step(w, "finance", kua, "lock");

	/* the OPD's RKA by its planner; BPKAD's with a pendapatan line by finance */
	long rka1 = doc_create(w, "planner@A", 2027, "rka", opd);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"%s\",\"uraian\":\"Obat\",\"koefisien\":[\"10 paket\"],"
		 "\"harga_satuan\":\"120000\",\"sumber_dana\":\"1.1\"}",
		 sub, akun);
	(void)line_add(w, "planner@A", rka1, body);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"ATK\",\"koefisien\":[\"2 "
		 "orang\",\"3 bulan\"],"
		 "\"harga_satuan\":\"15000\",\"sumber_dana\":\"1.1\"}",
		 sub);
	(void)line_add(w, "planner@A", rka1, body);
	(void)step(w, "planner@A", rka1, "submit");
	(void)step(w, "finance", rka1, "verify");
	long rka2 = doc_create(w, "planner@B", 2027, "rka", bpkad);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"4.1.01.06.01.0001\",\"uraian\":\"Pajak "
		 "hotel\",\"koefisien\":[\"1 tahun\"],"
		 "\"harga_satuan\":\"5000000\",\"sumber_dana\":\"1.1\"}",
		 bsub);
	(void)line_add(w, "revenue", rka2, body);
	snprintf(body, sizeof(body),
		 "{\"sub_kegiatan\":\"%s\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"ATK\",\"koefisien\":[\"1 "
		 "paket\"],"
		 "\"harga_satuan\":\"1000000\",\"sumber_dana\":\"1.1\"}",
		 bsub);
	(void)line_add(w, "planner@B", rka2, body);
	(void)step(w, "planner@B", rka2, "submit");
	(void)step(w, "finance", rka2, "verify");

	/* APBD assembled, locked; the OPD's DPA with anggaran kas, locked */
	long apbd = doc_create(w, "finance", 2027, "apbd", NULL);
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/susun", pm, apbd);
	(void)call(w, "finance", "POST", path, NULL, apbd, NULL);
	(void)step(w, "finance", apbd, "submit");
	(void)step(w, "finance", apbd, "verify");
	(void)step(w, "finance", apbd, "lock");
	get_doc(w, apbd);
	for (int k = 0; k < 2; k++) {
		const char *o = k ? bpkad : opd;
		snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/dpa", pm, apbd);
		long dpa = callf(w, "finance", "POST", 0, path, "{\"opd_kode\":\"%s\"}", o);
		if (dpa <= 0)
			continue;
		get_doc(w, dpa);
		const struct dok *d = dok_find(w, dpa);
		int nb = d ? d->maxbaris : 0;
		snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/anggaran-kas", pm, dpa);
		for (int b = 1; b <= nb; b++)
			(void)callf(w, k ? "planner@B" : "planner@A", "POST", dpa, path, "{\"baris\":%d,\"rata\":true}",
				    b);
		(void)step(w, "finance", dpa, "submit");
		(void)step(w, "finance", dpa, "verify");
		if (step(w, "finance", dpa, "lock"))
			flags_reached |= DEEP_DPA;
	}

	/* the ledger on 2026 and 2027 pockets */
	for (int tahun = 2026; tahun <= 2027; tahun++) {
		snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/kantong?tahun=%d&opd=%s&limit=50", pm, tahun, opd);
		(void)call(w, "finance", "GET", path, NULL, 0, NULL);
		snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/kantong?tahun=%d&opd=%s&limit=50", pm, tahun, bpkad);
		(void)call(w, "finance", "GET", path, NULL, 0, NULL);
		snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/spd", pm);
		(void)callf(
			w, "finance", "POST", 0, path,
			"{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SPD-W%d\",\"tanggal\":\"%d-01-05\",\"bulan\":12,"
			"\"jumlah\":\"1000000\"}",
			tahun, opd, tahun, tahun);
		const struct kantong *k = kantong_pick(w, tahun, opd, 0);
		if (!k)
			continue;
		snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/spm", pm);
		long spm = callf(w, "finance@A", "POST", 0, path,
				 "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SPM-W%d\",\"tanggal\":\"%d-02-01\","
				 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"20000\"}]}",
				 tahun, opd, tahun, tahun, k->id);
		snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/sp2d", pm);
		if (spm > 0 &&
		    callf(w, "finance", "POST", 0, path,
			  "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SP2D-W%d\",\"tanggal\":\"%d-02-03\","
			  "\"spm_id\":%ld}",
			  tahun, opd, tahun, tahun, spm) > 0)
			flags_reached |= DEEP_SP2D;
		long sp2d = callf(w, "finance", "POST", 0, path,
				  "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SP2D-X%d\",\"tanggal\":\"%d-02-04\","
				  "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"10000\"}]}",
				  tahun, opd, tahun, tahun, k->id);
		spm = callf(w, "finance", "POST", 0, "/v1/pemda/13.71/ledger/spm",
			    "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SPM-V%d\",\"tanggal\":\"%d-02-01\","
			    "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"5000\"}]}",
			    tahun, opd, tahun, tahun, k->id);
		if (spm > 0) {
			snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/spm/%ld/void", pm, spm);
			(void)callf(w, "finance", "POST", 0, path, "{\"tanggal\":\"%d-02-02\",\"alasan\":\"salah\"}",
				    tahun);
		}
		if (sp2d > 0) {
			snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/koreksi", pm);
			(void)callf(
				w, "finance", "POST", 0, path,
				"{\"entri_id\":%ld,\"nomor\":\"K-W%d\",\"tanggal\":\"%d-02-05\",\"alasan\":\"dobel\"}",
				sp2d, tahun, tahun);
		}
		const struct kantong *m = kantong_pick(w, tahun, NULL, 1);
		if (m) {
			snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/sts", pm);
			(void)callf(w, "revenue", "POST", 0, path,
				    "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"STS-W%d\",\"tanggal\":\"%d-03-01\","
				    "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"250000\"}]}",
				    tahun, m->opd, tahun, tahun, m->id);
		}
	}
	snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/entri?limit=100", pm);
	(void)call(w, "finance", "GET", path, NULL, 0, NULL);

	/* e-monev 2026: a quarter reported, closed, evaluated and signed, a follow-up */
	if (rkpd > 0) {
		snprintf(path, sizeof(path), "/v1/pemda/%s/monev/realisasi", pm);
		for (int b = 1; b <= 3; b++)
			(void)callf(w, "planner@A", "POST", 0, path,
				    "{\"tahun\":2026,\"triwulan\":1,\"rkpd_id\":%ld,\"baris\":%d,\"nilai\":\"25\","
				    "\"fisik\":\"25\"}",
				    rkpd, b);
		snprintf(path, sizeof(path), "/v1/pemda/%s/monev/tutup", pm);
		if (callf(w, "finance", "POST", 0, path, "{\"tahun\":2026,\"triwulan\":1}"))
			flags_reached |= DEEP_TUTUP;
	}
	snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan", pm);
	long per = callf(w, "inspector", "POST", 0, path, "{\"tahun\":2026,\"triwulan\":1,\"opd_kode\":\"%s\"}", opd);
	if (per > 0) {
		snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan/%ld/temuan", pm, per);
		(void)callf(w, "inspector", "POST", 0, path,
			    "{\"sub_kegiatan\":\"%s\",\"predikat\":\"Sedang\",\"temuan\":\"terlambat\",\"rekomendasi\":"
			    "\"percepat\"}",
			    sub);
		snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan/%ld/tandatangan", pm, per);
		if (call(w, "inspector", "POST", path, NULL, 0, NULL))
			flags_reached |= DEEP_SIGNED;
		snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan/%ld/temuan/1/tindak-lanjut", pm, per);
		(void)call(w, "planner@A", "POST", path, "{\"uraian\":\"sudah dipercepat\"}", 0, NULL);
		snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan/%ld", pm, per);
		(void)call(w, "inspector", "GET", path, NULL, 0, NULL);
	}
}

/* Short flows between the random requests, so the random ones meet fresh deep states. */
static void flow_derive(int w)
{
	/* a locked document's next version, changed, and taken back through to its lock */
	const struct dok *d =
		dok_pick(w, PICK(((const char *[]){ "rka", "dpa", "kua_ppas", "rkpd", "apbd" })), "locked", 0);
	if (!d)
		return;
	long id = d->id;
	char path[128];
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/turunan", worlds[w].pemda, id);
	struct reply p;
	const char *label = !strcmp(d->jenis, "rkpd") ? "planner" : "finance";
	if (!strcmp(d->jenis, "rka") && chance(50))
		label = !strcmp(d->opd, "1.02.0.00.0.00.01.0000")   ? "planner@A"
			: !strcmp(d->opd, "5.02.0.00.0.00.01.0000") ? "planner@B"
								    : "finance";
	long nid = call(w, label, "POST", path, "{\"alasan\":\"perubahan fuzz\"}", 0, &p);
	reply_release(&p);
	if (nid <= 0)
		return;
	get_doc(w, nid);
	/* the new draft gets the random treatment: lines added, changed, removed, then moved on */
	focus_dok = nid;
	static const char *const edits[][2] = { { "POST", "/v1/pemda/{pemda}/dokumen/{id}/baris" },
						{ "PUT", "/v1/pemda/{pemda}/dokumen/{id}/baris/{baris}" },
						{ "DELETE", "/v1/pemda/{pemda}/dokumen/{id}/baris/{baris}" },
						{ "POST", "/v1/pemda/{pemda}/dokumen/{id}/anggaran-kas" },
						{ "POST", "/v1/pemda/{pemda}/dokumen/{id}/impor" } };
	for (int i = 0, n = (int)pick(4); i < n; i++) {
		struct reply q;
		int e = (int)pick(5);
		do_route(w, edits[e][0], edits[e][1], 10, &q);
		reply_release(&q);
	}
	get_doc(w, nid);
	for (int i = 0; i < 3; i++) {
		struct reply q;
		do_route(w, "POST", "/v1/pemda/{pemda}/dokumen/{id}/transisi", 10, &q);
		reply_release(&q);
	}
	focus_dok = 0;
}

static void flow_spm_sp2d(int w)
{
	const struct kantong *k = kantong_pick(w, chance(70) ? 2026 : 2027, NULL, 0);
	if (!k)
		return;
	char path[96];
	snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/spm", worlds[w].pemda);
	long spm = callf(w, "finance", "POST", 0, path,
			 "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SPM-F%ld\",\"tanggal\":\"%d-04-01\","
			 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"%s\"}]}",
			 k->tahun, k->opd, idem_counter, k->tahun, k->id, chance(80) ? "1500.00" : v_money());
	if (spm <= 0)
		return;
	snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/sp2d", worlds[w].pemda);
	if (chance(50))
		(void)callf(w, "finance", "POST", 0, path,
			    "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SP2D-F%ld\",\"tanggal\":\"%d-04-02\",\"spm_"
			    "id\":%ld}",
			    k->tahun, k->opd, idem_counter, k->tahun, spm);
	else
		(void)callf(w, "finance", "POST", 0, path,
			    "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"SP2D-F%ld\",\"tanggal\":\"%d-04-02\",\"spm_"
			    "id\":%ld,"
			    "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"%s\"}]}",
			    k->tahun, k->opd, idem_counter, k->tahun, spm, k->id, chance(80) ? "1000.00" : v_money());
}

static void flow_periksa(int w)
{
	char path[128];
	const struct kantong *k = kantong_pick(w, 2026, NULL, -1);
	const char *opd = k && chance(85) ? k->opd : pool_pick(&worlds[w].opd, "1.02.0.00.0.00.01.0000");
	snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan", worlds[w].pemda);
	long per = callf(w, "inspector", "POST", 0, path, "{\"tahun\":2026,\"triwulan\":%d,\"opd_kode\":\"%s\"}",
			 1 + (int)pick(4), opd);
	if (per <= 0)
		return;
	snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan/%ld", worlds[w].pemda, per);
	(void)call(w, "inspector", "GET", path, NULL, 0, NULL);
	static const char *const steps[] = { "/v1/pemda/{pemda}/pemeriksaan/{id}/temuan",
					     "/v1/pemda/{pemda}/pemeriksaan/{id}/tandatangan",
					     "/v1/pemda/{pemda}/pemeriksaan/{id}/temuan/{nomor}/tindak-lanjut",
					     "/v1/pemda/{pemda}/pemeriksaan/{id}/temuan/{nomor}/tutup" };
	focus_periksa = per;
	for (int i = 0; i < 4; i++) {
		struct reply q;
		do_route(w, "POST", chance(80) ? steps[i] : PICK(steps), 10, &q);
		reply_release(&q);
		if (i == 0) {
			snprintf(path, sizeof(path), "/v1/pemda/%s/pemeriksaan/%ld", worlds[w].pemda, per);
			(void)call(w, "inspector", "GET", path, NULL, 0, NULL);
		}
	}
	focus_periksa = 0;
}

/* A draft APBD of the year assembled again, its lines then worked on one by one. */
static void flow_apbd(int w)
{
	if (!on("apbd-lines"))
		return;
	long id = doc_create(w, "finance", chance(50) ? 2027 : 2028, "apbd", NULL);
	if (id <= 0)
		return;
	char path[128];
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/susun", worlds[w].pemda, id);
	(void)call(w, "finance", "POST", path, NULL, id, NULL);
	get_doc(w, id);
	const struct dok *d = dok_find(w, id);
	if (d && d->maxbaris) {
		snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/baris/%d", worlds[w].pemda, id,
			 1 + (int)pick((size_t)d->maxbaris));
		(void)call(w, "finance", "DELETE", path, NULL, id, NULL);
	}
	(void)step(w, "finance", id, "submit");
}

/*
 * A draft's line at the edge of what an amount may be (codes the document already has, so only
 * the amount is new), then everything that reads the document and its sub kegiatan back.
 */
static void flow_boundary(int w)
{
	static const char *const harga[] = { "9999999999999999.99", "999999999999999.99", "9223372036854775.80",
					     "92233720368547758.07", "4611686018427387.90" };
	static const char *const koef[] = { "1 unit", "2 unit", "10 unit", "100 unit", "1000000 unit", "3 orang" };
	const struct dok *d = dok_pick(w, PICK(((const char *[]){ "rka", "rka", "rkpd", "kua_ppas" })), "draft", 0);
	if (!d || !d->sub[0] || !on("huge-money"))
		return;
	long id = d->id;
	char path[256], body[1024];
	const char *label = "finance";
	if (!strcmp(d->jenis, "rkpd"))
		label = "planner";
	else if (!strcmp(d->jenis, "rka") && d->akun[0] == '5' && chance(50))
		label = !strcmp(d->opd, "1.02.0.00.0.00.01.0000") ? "planner@A" : "planner@B";
	int n = 1 + (int)pick(3);
	for (int i = 0; i < n; i++) {
		if (!strcmp(d->jenis, "rka"))
			snprintf(body, sizeof(body),
				 "{\"sub_kegiatan\":\"%s\",\"akun\":\"%s\",\"uraian\":\"batas\",\"koefisien\":[\"%s\"],"
				 "\"harga_satuan\":\"%s\",\"sumber_dana\":\"1.1\"}",
				 d->sub, d->akun, PICK(koef), PICK(harga));
		else if (!strcmp(d->jenis, "rkpd"))
			snprintf(body, sizeof(body),
				 "{\"opd_kode\":\"%s\",\"sub_kegiatan\":\"%s\",\"indikator\":\"batas\",\"target\":\"%"
				 "s\","
				 "\"satuan\":\"persen\",\"pagu_indikatif\":\"%s\",\"lokasi\":\"x\",\"sumber_dana\":\"1."
				 "1\"}",
				 pool_pick(&worlds[w].opd, "1.02.0.00.0.00.01.0000"), d->sub, PICK(harga), PICK(harga));
		else
			snprintf(body, sizeof(body),
				 "{\"jenis\":\"sub_kegiatan\",\"opd_kode\":\"%s\",\"sub_kegiatan\":\"%s\",\"jumlah\":"
				 "\"%s\"}",
				 pool_pick(&worlds[w].opd, "1.02.0.00.0.00.01.0000"), d->sub, PICK(harga));
		(void)line_add(w, label, id, body);
	}
	const char *pm = worlds[w].pemda;
	get_doc(w, id);
	const char *reads[] = { "csv", "verifikasi", "rules", "diff?dengan=1" };
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/%s", pm, id, PICK(reads));
	(void)call(w, "finance", "GET", path, NULL, 0, NULL);
	snprintf(path, sizeof(path), "/v1/pemda/%s/jejak?tahun=%d&opd=%s&sub_kegiatan=%s", pm, d->tahun,
		 d->opd[0] ? d->opd : pool_pick(&worlds[w].opd, "1.02.0.00.0.00.01.0000"), d->sub);
	(void)call(w, "planner", "GET", path, NULL, 0, NULL);
	snprintf(path, sizeof(path), "/v1/pemda/%s/rules/evaluate", pm);
	(void)callf(w, "finance", "POST", 0, path, "{\"dokumen_id\":%ld,\"aksi\":\"submit\"}", id);
	if (chance(50))
		(void)step(w, label, id, "submit");
}

/* A verified (or locked) RKA sent back, then its OPD edits it, as the console would. */
static void flow_reject_edit(int w)
{
	if (!on("reject-edit"))
		return;
	const struct dok *d = dok_pick(w, "rka", chance(60) ? "verified" : "submitted", 0);
	if (!d)
		return;
	long id = d->id;
	char path[160];
	char opd[40];
	copy(opd, sizeof(opd), d->opd);
	const char *label = !strcmp(opd, "1.02.0.00.0.00.01.0000")   ? "planner@A"
			    : !strcmp(opd, "5.02.0.00.0.00.01.0000") ? "planner@B"
								     : "finance";
	(void)step(w, "finance", id, "reject");
	get_doc(w, id);
	d = dok_find(w, id);
	if (!d || !d->maxbaris)
		return;
	snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/baris/%d", worlds[w].pemda, id,
		 1 + (int)pick((size_t)d->maxbaris));
	if (chance(50)) {
		(void)call(w, label, "DELETE", path, NULL, id, NULL);
	} else if (d->sub[0]) {
		char body[512];
		snprintf(body, sizeof(body),
			 "{\"sub_kegiatan\":\"%s\",\"akun\":\"%s\",\"uraian\":\"diubah\",\"koefisien\":[\"2 unit\"],"
			 "\"harga_satuan\":\"1000\",\"sumber_dana\":\"1.1\"}",
			 d->sub, d->akun);
		(void)call(w, label, "PUT", path, body, id, NULL);
	}
	(void)step(w, label, id, "submit");
	(void)step(w, "finance", id, "verify");
}

/* ---------- the seeds of the other fuzzers, replayed over HTTP ---------- */

struct seed {
	char *data;
	size_t len;
	char name[128];
};

static int load_dir(const char *dir, struct seed *out, int max)
{
	DIR *dd = opendir(dir);
	if (!dd)
		return 0;
	int n = 0;
	struct dirent *de;
	char *names[1024];
	int nn = 0;
	while ((de = readdir(dd)) && nn < 1024)
		if (de->d_name[0] != '.')
			names[nn++] = strdup(de->d_name);
	closedir(dd);
	/* in name order, so the replay is the same on every file system */
	for (int i = 0; i < nn; i++)
		for (int j = i + 1; j < nn; j++)
			if (strcmp(names[i], names[j]) > 0) {
				char *t = names[i];
				names[i] = names[j];
				names[j] = t;
			}
	for (int i = 0; i < nn; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		FILE *f = fopen(path, "rb");
		if (f && n < max) {
			struct sb b = { 0 };
			char buf[4096];
			size_t got;
			while ((got = fread(buf, 1, sizeof(buf), f)) > 0 && b.n < (1u << 16))
				sb_addn(&b, buf, got);
			if (b.n) {
				out[n].data = b.p;
				out[n].len = b.n;
				snprintf(out[n].name, sizeof(out[n].name), "%s", names[i]);
				n++;
			} else {
				sb_release(&b);
			}
		}
		if (f)
			fclose(f);
		free(names[i]);
	}
	return n;
}

static struct seed seeds_in[512], seeds_rules[64];
static int nseeds_in, nseeds_rules;

/* Raw bytes as a request body on @route_path with a finance (or the route's) token. */
static void raw_body(int w, const char *method, const char *path, const char *data, size_t len, const char *ctype,
		     long ifm)
{
	struct req r;
	req_init(&r, method, w);
	sb_add(&r.path, path);
	const struct tok *t = tok_named(w, "finance");
	hdr_add(&r, "Authorization: Bearer %s", t->value);
	r.label = t->label;
	snprintf(last_key, sizeof(last_key), "fz-%llu-%ld", seed, ++idem_counter);
	hdr_add(&r, "Idempotency-Key: %s", last_key);
	if (ctype)
		hdr_add(&r, "Content-Type: %s", ctype);
	if (ifm) {
		const struct dok *d = dok_find(w, ifm);
		hdr_add(&r, "If-Match: \"r%d\"", d ? d->revisi : 0);
		r.dok = ifm;
	}
	r.has_body = true;
	sb_addn(&r.body, data, len);
	struct reply p;
	send_req(&r, &p);
	reply_release(&p);
	req_release(&r);
}

static void replay_seeds(void)
{
	static const char *const ledger_ops[] = { "spd", "spm", "sp2d", "sts", "void", "koreksi" };
	static const char *const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD" };
	const int w = 0;
	char path[512];
	const struct dok *draft_rka = dok_pick(w, "rka", "draft", 0);
	for (int i = 0; i < nseeds_in && !server_dead; i++) {
		const char *d = seeds_in[i].data + 1;
		size_t n = seeds_in[i].len - 1;
		int t = seeds_in[i].data[0] - 'A';
		switch (t) {
		case 0: { /* money: as an amount in an SP2D, an RKA price and an SPD */
			struct sb b = { 0 };
			const struct kantong *k = kantong_pick(w, 2026, NULL, 0);
			sb_addf(&b,
				"{\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"S-%d\",\"tanggal\":\"2026-05-01\","
				"\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"",
				k ? k->opd : "", i, k ? k->id : 1L);
			sb_addn(&b, d, n);
			sb_add(&b, "\"}]}");
			snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/sp2d", worlds[w].pemda);
			raw_body(w, "POST", path, b.p, b.n, "application/json", 0);
			if (draft_rka) {
				sb_reset(&b);
				sb_add(&b, "{\"sub_kegiatan\":\"1.02.02.2.01.0016\",\"akun\":\"5.1.02.02.01.0049\","
					   "\"uraian\":\"x\",\"koefisien\":[\"");
				sb_addn(&b, d, n);
				sb_add(&b, " unit\"],\"harga_satuan\":\"");
				sb_addn(&b, d, n);
				sb_add(&b, "\",\"sumber_dana\":\"1.1\"}");
				snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/baris", worlds[w].pemda,
					 draft_rka->id);
				raw_body(w, "POST", path, b.p, b.n, "application/json", draft_rka->id);
			}
			sb_release(&b);
			break;
		}
		case 1: { /* a code: as a path segment and in the query */
			struct sb p = { 0 };
			sb_add(&p, "/v1/ref/akun/");
			path_text(&p, d);
			struct req r;
			req_init(&r, "GET", w);
			sb_add(&r.path, p.p);
			struct reply q;
			send_req(&r, &q);
			reply_release(&q);
			req_release(&r);
			sb_reset(&p);
			sb_addf(&p, "/v1/pemda/%s/opd/", worlds[w].pemda);
			path_text(&p, d);
			(void)call(w, "finance", "GET", p.p, NULL, 0, NULL);
			sb_reset(&p);
			sb_addf(&p, "/v1/pemda/%s/jejak?tahun=2026&opd=", worlds[w].pemda);
			path_text(&p, d);
			sb_add(&p, "&sub_kegiatan=");
			path_text(&p, d);
			(void)call(w, "finance", "GET", p.p, NULL, 0, NULL);
			sb_release(&p);
			break;
		}
		case 2: /* CSV: both imports */
			if (draft_rka) {
				snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen/%ld/impor", worlds[w].pemda,
					 draft_rka->id);
				raw_body(w, "POST", path, d, n, "text/csv", draft_rka->id);
			}
			snprintf(path, sizeof(path), "/v1/pemda/%s/ssh/impor?tahun=2026", worlds[w].pemda);
			raw_body(w, "POST", path, d, n, "text/csv", 0);
			break;
		case 3: /* a posting: to its own endpoint */
			if (n >= 1) {
				const char *op = ledger_ops[(unsigned char)d[0] % 6];
				const struct entri *e = entri_pick(w, "spm");
				if (!strcmp(op, "void"))
					snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/spm/%ld/void",
						 worlds[w].pemda, e ? e->id : 1L);
				else
					snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/%s", worlds[w].pemda, op);
				raw_body(w, "POST", path, d + 1, n - 1, "application/json", 0);
			}
			break;
		case 4: /* method and path */
			if (n >= 1) {
				struct req r;
				req_init(&r, methods[(unsigned char)d[0] % 6], w);
				for (size_t j = 1; j < n; j++) {
					unsigned char c = (unsigned char)d[j];
					if (c > 0x20 && c < 0x7f && c != '%')
						sb_addn(&r.path, (const char *)&c, 1);
					else
						sb_addf(&r.path, "%%%02X", c);
				}
				if (!r.path.n || r.path.p[0] != '/') {
					req_release(&r);
					break;
				}
				const struct tok *tk = tok_named(w, "finance");
				hdr_add(&r, "Authorization: Bearer %s", tk->value);
				r.label = tk->label;
				snprintf(last_key, sizeof(last_key), "fz-%llu-%ld", seed, ++idem_counter);
				hdr_add(&r, "Idempotency-Key: %s", last_key);
				struct reply q;
				send_req(&r, &q);
				reply_release(&q);
				req_release(&r);
			}
			break;
		case 5: /* a JSON body: to every kind of write */
			snprintf(path, sizeof(path), "/v1/pemda/%s/opd", worlds[w].pemda);
			raw_body(w, "POST", path, d, n, "application/json", 0);
			snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen", worlds[w].pemda);
			raw_body(w, "POST", path, d, n, "application/json", 0);
			snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/batch", worlds[w].pemda);
			raw_body(w, "POST", path, d, n, "application/json", 0);
			snprintf(path, sizeof(path), "/v1/pemda/%s/monev/realisasi", worlds[w].pemda);
			raw_body(w, "POST", path, d, n, "application/json", 0);
			break;
		default: { /* an If-Match value */
			const struct dok *dk = dok_pick(w, "rka", "draft", 0);
			if (!dk)
				break;
			struct req r;
			req_init(&r, "POST", w);
			sb_addf(&r.path, "/v1/pemda/%s/dokumen/%ld/transisi", worlds[w].pemda, dk->id);
			const struct tok *tk = tok_named(w, "finance");
			hdr_add(&r, "Authorization: Bearer %s", tk->value);
			r.label = tk->label;
			hdr_add(&r, "Idempotency-Key: fz-%llu-%ld", seed, ++idem_counter);
			hdr_add(&r, "Content-Type: application/json");
			struct sb v = { 0 };
			for (size_t j = 0; j < n && j < 200; j++)
				if ((unsigned char)d[j] >= 0x20 && d[j] != 0x7f)
					sb_addn(&v, d + j, 1);
			hdr_add(&r, "If-Match: %s", v.p ? v.p : "");
			sb_release(&v);
			r.has_body = true;
			sb_add(&r.body, "{\"aksi\":\"submit\"}");
			struct reply q;
			send_req(&r, &q);
			reply_release(&q);
			req_release(&r);
			break;
		}
		}
	}
	/* the rule corpus: as Perkada files */
	for (int i = 0; i < nseeds_rules && !server_dead; i++) {
		json_t *b = json_pack("{s:s,s:s,s:s,s:s%}", "nama", "fzseed", "judul", seeds_rules[i].name, "berlaku",
				      "2026-01-01", "isi", seeds_rules[i].data, seeds_rules[i].len);
		char *text = b ? json_dumps(b, JSON_COMPACT) : NULL;
		json_decref(b);
		if (!text)
			continue; /* not UTF-8: JSON cannot carry it as a string */
		const struct tok *tk = tok_named(w, "admin");
		struct req r;
		req_init(&r, "POST", w);
		sb_addf(&r.path, "/v1/pemda/%s/rules/perkada", worlds[w].pemda);
		r.route = route_index("POST", "/v1/pemda/{pemda}/rules/perkada");
		hdr_add(&r, "Authorization: Bearer %s", tk->value);
		r.label = tk->label;
		hdr_add(&r, "Idempotency-Key: fz-%llu-%ld", seed, ++idem_counter);
		hdr_add(&r, "Content-Type: application/json");
		r.has_body = true;
		sb_add(&r.body, text);
		free(text);
		struct reply q;
		send_req(&r, &q);
		reply_release(&q);
		req_release(&r);
	}
}

/* ---------- set-up ---------- */

static void make_tokens(void)
{
	for (int w = 0; w < 2; w++) {
		struct world *W = &worlds[w];
		static const char *const roles[] = { "planner", "finance", "revenue", "inspector", "admin" };
		static const unsigned bits[] = { ROLE_PLANNER, ROLE_FINANCE, ROLE_REVENUE, ROLE_INSPECTOR, ROLE_ADMIN };
		for (int i = 0; i < 5; i++) {
			struct tok *t = &W->tok[W->ntok];
			snprintf(t->label, sizeof(t->label), "%s", roles[i]);
			t->role = bits[i];
			if (!harness_token(&H, W->pemda, roles[i], NULL, t->value, sizeof(t->value))) {
				fprintf(stderr, "fuzz_http: could not make a %s token for %s\n", roles[i], W->pemda);
				exit(2);
			}
			W->ntok++;
		}
		/* the OPDs, then scoped tokens on two of them */
		char path[96];
		snprintf(path, sizeof(path), "/v1/pemda/%s/opd?limit=100", W->pemda);
		(void)call(w, "finance", "GET", path, NULL, 0, NULL);
		const char *opds[2] = { w == 0 ? "1.02.0.00.0.00.01.0000" : pool_pick(&W->opd, NULL),
					w == 0	       ? "5.02.0.00.0.00.01.0000"
					: W->opd.n > 1 ? W->opd.v[W->opd.n - 1]
						       : NULL };
		static const char *const sroles[] = { "planner", "finance", "admin", "revenue" };
		static const unsigned sbits[] = { ROLE_PLANNER, ROLE_FINANCE, ROLE_ADMIN, ROLE_REVENUE };
		for (int o = 0; o < 2; o++) {
			if (!opds[o])
				continue;
			for (int i = 0; i < 4 && W->ntok < MAX_TOK; i++) {
				if (o == 1 && i >= 2)
					break;
				struct tok *t = &W->tok[W->ntok];
				snprintf(t->label, sizeof(t->label), "%s@%c", sroles[i], 'A' + o);
				t->role = sbits[i];
				snprintf(t->opd, sizeof(t->opd), "%s", opds[o]);
				if (harness_token(&H, W->pemda, sroles[i], opds[o], t->value, sizeof(t->value)))
					W->ntok++;
			}
		}
	}
}

static void discover(void)
{
	for (int w = 0; w < 2; w++) {
		char path[320];
		const char *pm = worlds[w].pemda;
		const char *cursor = NULL;
		char cur[128] = "";
		/* every document (two pages at most), the pockets of the first OPDs, the SSH */
		for (int page = 0; page < 3; page++) {
			struct reply p;
			snprintf(path, sizeof(path), "/v1/pemda/%s/dokumen?limit=100%s%s", pm, cursor ? "&cursor=" : "",
				 cursor ? cur : "");
			(void)call(w, "finance", "GET", path, NULL, 0, &p);
			const char *nc = jstr(p.json, "next_cursor");
			if (nc)
				snprintf(cur, sizeof(cur), "%s", nc);
			cursor = nc ? cur : NULL;
			reply_release(&p);
			if (!cursor)
				break;
		}
		cursor = NULL;
		for (int page = 0; page < 8; page++) {
			struct reply p;
			snprintf(path, sizeof(path), "/v1/pemda/%s/ledger/kantong?limit=500%s%s", pm,
				 cursor ? "&cursor=" : "", cursor ? cur : "");
			(void)call(w, "finance", "GET", path, NULL, 0, &p);
			const char *nc = jstr(p.json, "next_cursor");
			if (nc)
				snprintf(cur, sizeof(cur), "%s", nc);
			cursor = nc ? cur : NULL;
			reply_release(&p);
			if (!cursor)
				break;
		}
		snprintf(path, sizeof(path), "/v1/pemda/%s/rules/perkada", pm);
		(void)call(w, "finance", "GET", path, NULL, 0, NULL);
		/* the lines of a few documents: codes in use */
		for (int i = 0, n = 0; i < ndok && n < 6; i++)
			if (doks[i].w == w && (!strcmp(doks[i].jenis, "rka") || !strcmp(doks[i].jenis, "dpa")) &&
			    chance(50)) {
				get_doc(w, doks[i].id);
				n++;
			}
	}
}

/* ---------- the random phase ---------- */

static int route_pick(void)
{
	/* every route about as often, writes a little more */
	for (;;) {
		int ri = (int)pick(api_nroutes);
		if (strcmp(api_routes[ri].method, "GET") || chance(60))
			return ri;
	}
}

static void random_request(void)
{
	int w = chance(88) ? 0 : 1;
	unsigned c = (unsigned)pick(100);
	if (c < 3) {
		flow_derive(w);
		return;
	}
	if (c < 6) {
		flow_spm_sp2d(w);
		return;
	}
	if (c < 7) {
		flow_periksa(w);
		return;
	}
	if (c < 8) {
		flow_apbd(w);
		return;
	}
	if (c < 10) {
		flow_boundary(w);
		return;
	}
	if (c < 11) {
		flow_reject_edit(w);
		return;
	}
	if (c < 13 && ndok) {
		const struct dok *d = &doks[pick((size_t)ndok)];
		get_doc(d->w, d->id);
		return;
	}
	int ri = route_pick();
	struct req r;
	const char *method = api_routes[ri].method;
	if (on("http-edge") && chance(2))
		method = PICK(((const char *[]){ "HEAD", "OPTIONS", "TRACE", "PATCH", "PUT", "DELETE", "BREW" }));
	req_init(&r, method, w);
	struct gen g = { .r = &r, .w = w, .mutate = 25 };
	gen_route(&g, ri);
	struct reply p;
	send_req(&r, &p);
	reply_release(&p);
	req_release(&r);
}

static long env_long(const char *name, long dflt)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : dflt;
}

int main(void)
{
	seed = (unsigned long long)env_long("PAGU_FUZZ_SEED", 1);
	rng_state = seed;
	long max_req = env_long("PAGU_FUZZ_REQUESTS", 6000);
	/* meson's test environment gives the short run's length; the caller's own setting wins */
	long max_sec = env_long("PAGU_FUZZ_SECONDS", env_long("PAGU_FUZZ_SECONDS_DEFAULT", 75));
	off_list = getenv("PAGU_FUZZ_OFF");
	if (off_list && !*off_list)
		off_list = NULL;
	const char *lp = getenv("PAGU_FUZZ_LOG");
	if (lp)
		snprintf(log_path, sizeof(log_path), "%s", lp);
	else
		snprintf(log_path, sizeof(log_path), "fuzz_http-%llu.log", seed);
	log_file = fopen(log_path, "w");
	if (!log_file)
		fprintf(stderr, "fuzz_http: cannot write %s: %s\n", log_path, strerror(errno));

	const char *share = getenv("PAGU_SHARE");
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/input", share ? share : ".");
	nseeds_in = load_dir(dir, seeds_in, 512);
	const char *extra = getenv("PAGU_FUZZ_CORPUS_EXTRA");
	if (extra)
		nseeds_in += load_dir(extra, seeds_in + nseeds_in, 512 - nseeds_in);
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/rules", share ? share : ".");
	nseeds_rules = load_dir(dir, seeds_rules, 64);
	if (!nseeds_in) {
		fprintf(stderr, "fuzz_http: no seeds in %s (PAGU_SHARE)\n", dir);
		return 2;
	}

	/* seals only on request, so the sequence depends on the seed alone */
	setenv("PAGU_SEAL_INTERVAL", "0", 1);
	/* the worlds post through 2026 and 2027: a training date at the end of them, so a posting is
	   refused for what it is, not for the calendar of the day the fuzzer runs */
	setenv("PAGU_TODAY", "2027-12-31", 1);
	harness_start_cluster(&H);
	harness_start_server(&H);
	curl = curl_easy_init();
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	make_tokens();
	discover();
	walk_year();
	long after_walk = nsent;
	replay_seeds();
	long after_seeds = nsent;
	fprintf(stderr,
		"fuzz_http: seed %llu; %d tokens; the year walked in %ld requests, %d+%d seeds replayed in %ld\n", seed,
		worlds[0].ntok + worlds[1].ntok, after_walk, nseeds_in, nseeds_rules, after_seeds - after_walk);

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (nsent >= max_req || now.tv_sec - t0.tv_sec >= max_sec || server_dead)
			break;
		random_request();
		int st;
		if (nsent % 50 == 0 && !server_alive(&st) && !server_dead) {
			struct req r;
			req_init(&r, "-", 0);
			sb_add(&r.path, "(between requests)");
			struct reply p = { 0 };
			char why[64];
			snprintf(why, sizeof(why), "server died (exit %d)", st);
			record_failure(&r, &p, why);
			req_release(&r);
			if (getenv("PAGU_FUZZ_KEEP_GOING"))
				restart_server();
			else
				server_dead = true;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &now);

	/* the server must still answer, and then stop cleanly (a sanitizer report fails its exit) */
	if (!server_dead) {
		struct req r;
		req_init(&r, "GET", 0);
		sb_add(&r.path, "/v1/health");
		struct reply p;
		send_req(&r, &p);
		if (p.status != 200)
			fprintf(stderr, "fuzz_http: health after the run: %ld\n", p.status);
		reply_release(&p);
		req_release(&r);
	}
	int exit_status = harness_stop_server(&H);

	int untouched = 0;
	fprintf(stderr, "fuzz_http: per route (requests, 2xx):\n");
	for (size_t i = 0; i < api_nroutes && i < 128; i++) {
		fprintf(stderr, "  %6ld %6ld  %s %s\n", route_hits[i], route_2xx[i], api_routes[i].method,
			api_routes[i].path);
		untouched += route_hits[i] == 0;
	}
	int rc = 0;
	fprintf(stderr, "fuzz_http: %ld requests in %ld s, seed %llu, log %s\n", nsent, (long)(now.tv_sec - t0.tv_sec),
		seed, log_path);
	if (!server_dead && exit_status != 0) {
		fprintf(stderr, "fuzz_http: FAILURE: the server exited %d on SIGTERM (a sanitizer report?)\n",
			exit_status);
		print_server_log_tail();
		rc = 1;
	}
	if ((flags_reached & (DEEP_RKPD | DEEP_DPA | DEEP_SP2D | DEEP_TUTUP | DEEP_SIGNED)) !=
	    (DEEP_RKPD | DEEP_DPA | DEEP_SP2D | DEEP_TUTUP | DEEP_SIGNED)) {
		fprintf(stderr,
			"fuzz_http: FAILURE: the walk through the year did not reach its deep states (flags %#x of "
			"0x1f);"
			" the random requests would not meet them\n",
			flags_reached);
		rc = 1;
	}
	if (untouched && !server_dead && nsent >= 1000) {
		fprintf(stderr, "fuzz_http: FAILURE: %d routes were never requested\n", untouched);
		rc = 1;
	}
	if (nfail) {
		fprintf(stderr, "fuzz_http: %d distinct failures:\n", nfail);
		for (int i = 0; i < nfail; i++)
			fprintf(stderr, "  #%ld %s\n", failures[i].at, failures[i].sig);
		rc = 1;
	}
	if (!rc)
		printf("fuzz_http: %ld requests, seed %llu: no 5xx but 503, the server never stopped\n", nsent, seed);
	curl_easy_cleanup(curl);
	if (log_file)
		fclose(log_file);
	for (int i = 0; i < RING; i++)
		free(ring[i].text);
	harness_stop(&H);
	return rc;
}
