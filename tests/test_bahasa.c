/*
 * test_bahasa.c - a refusal of every kind, over HTTP, in the reader's language: Bahasa Indonesia by
 * default (title = the problem's judul, detail = the catalogue's Indonesian text, Content-Language:
 * id, no English words), English when the client asks for it (Accept-Language: en), Indonesian
 * again when Indonesian weighs more (id-ID,en;q=0.5).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "harness.h"

static struct harness H;
static char admin[HARNESS_TOKEN], planner[HARNESS_TOKEN];

#define OPD_ADA "2.09.0.00.0.00.78.0000"
#define OPD_BARU "{\"kode\":\"" OPD_ADA "\",\"nama\":\"Dinas Uji Bahasa\",\"bidang\":[\"2.09\"]}"
#define KUNCI_DIPAKAI "bahasa-kunci-1"

/* A parameter whose value is the reply's Allow header (known only once answered). */
#define ALLOW_HEADER "\001allow"

struct kasus {
	const char *nama;
	const char *method, *path;
	const char *token; /* "admin", "planner" or NULL */
	const char *body;  /* NULL: none */
	const char *content_type;
	const char *if_match;
	bool kunci_tetap; /* the Idempotency-Key already used for another body */
	long status;
	const char *slug;
	pagu_err e;
	const char *field;
	pesan_kunci k;
	const char *kv[9];
};

static const struct kasus kasus[] = {
	{ "JSON rusak",
	  "POST",
	  "/v1/pemda/13.71/opd",
	  "admin",
	  "{",
	  NULL,
	  NULL,
	  false,
	  400,
	  "malformed-json",
	  PAGU_E_BAD_JSON,
	  "",
	  P_JSON_RUSAK,
	  { NULL } },
	{ "isian asing",
	  "POST",
	  "/v1/pemda/13.71/opd",
	  "admin",
	  "{\"x\":1}",
	  NULL,
	  NULL,
	  false,
	  400,
	  "invalid-input",
	  PAGU_E_INVALID,
	  "/x",
	  P_ISIAN_ASING,
	  { "nama", "x", NULL } },
	{ "kode salah",
	  "GET",
	  "/v1/pemda/13.71/opd/1.02",
	  "admin",
	  NULL,
	  NULL,
	  NULL,
	  false,
	  400,
	  "invalid-code",
	  PAGU_E_BAD_CODE,
	  "kode",
	  P_BUKAN_KODE_OPD,
	  { "apa", "1.02", NULL } },
	{ "uang salah",
	  "POST",
	  "/v1/pemda/13.71/ssh",
	  "admin",
	  "{\"tahun\":2037,\"kode\":\"B-1\",\"uraian\":\"Pena\",\"satuan\":\"buah\",\"harga\":\"1.500,00\",\"akun\":["
	  "\"5.1.02\"]}",
	  NULL,
	  NULL,
	  false,
	  400,
	  "invalid-amount",
	  PAGU_E_BAD_MONEY,
	  "/harga",
	  P_UANG_SALAH,
	  { "apa", "/harga", NULL } },
	{ "tanpa token",
	  "GET",
	  "/v1/pemda/13.71/opd",
	  NULL,
	  NULL,
	  NULL,
	  NULL,
	  false,
	  401,
	  "unauthenticated",
	  PAGU_E_UNAUTHENTICATED,
	  NULL,
	  P_SESI_PERLU,
	  { NULL } },
	{ "peran",
	  "POST",
	  "/v1/pemda/13.71/opd",
	  "planner",
	  OPD_BARU,
	  NULL,
	  NULL,
	  false,
	  403,
	  "forbidden",
	  PAGU_E_FORBIDDEN,
	  NULL,
	  P_PERAN_RUTE,
	  { "peran", "planner", "metode", "POST", "jalur", "/v1/pemda/{pemda}/opd", NULL } },
	{ "tanpa sumber",
	  "GET",
	  "/v1/tidak-ada",
	  NULL,
	  NULL,
	  NULL,
	  NULL,
	  false,
	  404,
	  "no-such-route",
	  PAGU_E_NO_ROUTE,
	  NULL,
	  P_TANPA_SUMBER,
	  { "jalur", "/v1/tidak-ada", NULL } },
	{ "metode",
	  "DELETE",
	  "/v1/health",
	  NULL,
	  NULL,
	  NULL,
	  NULL,
	  false,
	  405,
	  "method-not-allowed",
	  PAGU_E_METHOD,
	  NULL,
	  P_METODE_DITOLAK,
	  { "metode", "DELETE", "jalur", "/v1/health", "boleh", ALLOW_HEADER, NULL } },
	{ "kunci dipakai",
	  "POST",
	  "/v1/pemda/13.71/opd",
	  "admin",
	  "{\"kode\":\"2.09.0.00.0.00.79.0000\",\"nama\":\"Lain\",\"bidang\":[\"2.09\"]}",
	  NULL,
	  NULL,
	  true,
	  409,
	  "idempotency-key-reused",
	  PAGU_E_IDEMPOTENCY_REUSED,
	  "Idempotency-Key",
	  P_KUNCI_DIPAKAI,
	  { "kunci", KUNCI_DIPAKAI, NULL } },
	{ "OPD sudah ada (penolakan basis data)",
	  "POST",
	  "/v1/pemda/13.71/opd",
	  "admin",
	  OPD_BARU,
	  NULL,
	  NULL,
	  false,
	  409,
	  "conflict",
	  PAGU_E_CONFLICT,
	  "/kode",
	  P_OPD_SUDAH_ADA,
	  { "kode", OPD_ADA, "pemda", "13.71", NULL } },
	{ "If-Match salah",
	  "PATCH",
	  "/v1/pemda/13.71/opd/" OPD_ADA,
	  "admin",
	  "{\"nama\":\"Y\"}",
	  NULL,
	  "\"bukan\"",
	  false,
	  412,
	  "precondition-failed",
	  PAGU_E_PRECONDITION,
	  "If-Match",
	  P_IF_MATCH_SALAH,
	  { "etag", "\"bukan\"", NULL } },
	{ "isi terlalu besar",
	  "GET",
	  "/v1/health",
	  NULL,
	  NULL,
	  NULL,
	  NULL,
	  false,
	  413,
	  "body-too-large",
	  PAGU_E_TOO_LARGE,
	  NULL,
	  P_TANPA_ISI,
	  { "metode", "GET", "jalur", "/v1/health", NULL } },
	{ "jenis isi",
	  "POST",
	  "/v1/pemda/13.71/opd",
	  "admin",
	  OPD_BARU,
	  "text/plain",
	  NULL,
	  false,
	  415,
	  "unsupported-media-type",
	  PAGU_E_MEDIA_TYPE,
	  NULL,
	  P_JENIS_ISI_SALAH,
	  { "harus", "application/json", "dapat", "text/plain", NULL } },
	{ "aturan",
	  "POST",
	  "/v1/pemda/13.71/opd",
	  "admin",
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[\"2.09\",\"2.99\"]}",
	  NULL,
	  NULL,
	  false,
	  422,
	  "rule-violation",
	  PAGU_E_RULE,
	  "/bidang/1",
	  P_BIDANG_TIDAK_AKTIF,
	  { "bidang", "2.99", NULL } },
};
#define NKASUS (sizeof(kasus) / sizeof(kasus[0]))

static void setup_all(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "admin", NULL, admin);
	harness_token_need(&H, "13.71", "planner", NULL, planner);
	/* the OPD the conflict cases meet, created under the key the reuse case sends again */
	struct http_reply r;
	http_post(&H, "/v1/pemda/13.71/opd", admin, OPD_BARU, KUNCI_DIPAKAI, &r);
	if (r.status != 201 && r.status != 200) {
		fprintf(stderr, "setup: the OPD was not created: %ld %s\n", r.status, r.body);
		exit(2);
	}
	http_reply_release(&r);
}

static int seq;

/* Sends case @c with Accept-Language @bahasa (NULL: none). */
static void kirim(const struct kasus *c, const char *bahasa, struct http_reply *r)
{
	const char *h[8];
	int n = 0;
	char auth[128], al[64], key[64], ct[64], im[64];
	if (c->token) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", !strcmp(c->token, "admin") ? admin : planner);
		h[n++] = auth;
	}
	if (bahasa) {
		snprintf(al, sizeof(al), "Accept-Language: %s", bahasa);
		h[n++] = al;
	}
	if (c->body || !strcmp(c->method, "GET")) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", c->content_type ? c->content_type : "application/json");
		h[n++] = ct;
	}
	if (strcmp(c->method, "GET") && strcmp(c->method, "DELETE")) {
		if (c->kunci_tetap)
			snprintf(key, sizeof(key), "Idempotency-Key: %s", KUNCI_DIPAKAI);
		else
			snprintf(key, sizeof(key), "Idempotency-Key: bahasa-%d", ++seq);
		h[n++] = key;
	}
	if (c->if_match) {
		snprintf(im, sizeof(im), "If-Match: %s", c->if_match);
		h[n++] = im;
	}
	h[n] = NULL;
	static char big[4096];
	if (c->status == 413) {
		memset(big, ' ', sizeof(big));
		http_request(&H, c->method, c->path, big, sizeof(big), h, r);
	} else {
		http_request(&H, c->method, c->path, c->body, c->body ? strlen(c->body) : 0, h, r);
	}
}

/* What the catalogue says for case @c in @b (the bad-JSON case: jansson's words for the body, as the server parses it). */
static char *harap(struct arena *a, const struct kasus *c, enum pesan_bahasa b, const struct http_reply *r)
{
	const char *kv[10];
	int i = 0;
	char baris[16], kolom[16];
	json_error_t err;
	if (c->k == P_JSON_RUSAK) {
		json_t *j = json_loadb(c->body, strlen(c->body), JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
		ck_assert_ptr_null(j);
		snprintf(baris, sizeof(baris), "%d", err.line);
		snprintf(kolom, sizeof(kolom), "%d", err.column);
		const char *x[] = { "alasan", err.text, "baris", baris, "kolom", kolom, NULL };
		return pesan_render(a, b, c->k, x);
	}
	for (; c->kv[i]; i++)
		kv[i] = !strcmp(c->kv[i], ALLOW_HEADER) ? r->allow : c->kv[i];
	kv[i] = NULL;
	return pesan_render(a, b, c->k, kv);
}

static void periksa(const struct kasus *c, const char *bahasa, enum pesan_bahasa b)
{
	struct http_reply r;
	kirim(c, bahasa, &r);
	http_expect_problem(&r, c->status, c->slug, c->field);
	struct arena a;
	arena_init(&a);
	const char *detail = jstr(r.json, "detail"), *title = jstr(r.json, "title");
	const char *want = harap(&a, c, b, &r);
	ck_assert_msg(!strcmp(title, b == BAHASA_ID ? pagu_err_judul(c->e) : pagu_err_title(c->e)), "%s [%s]: title %s",
		      c->nama, bahasa ? bahasa : "-", title);
	ck_assert_msg(!strcmp(detail, want), "%s [%s]: detail \"%s\", the catalogue says \"%s\"", c->nama,
		      bahasa ? bahasa : "-", detail, want);
	ck_assert_msg(!strcmp(r.content_language, b == BAHASA_ID ? "id" : "en"), "%s [%s]: Content-Language %s",
		      c->nama, bahasa ? bahasa : "-", r.content_language);
	if (b == BAHASA_ID)
		ck_assert_msg(!harness_inggris(detail) && !harness_inggris(title),
			      "%s: \"%s\" in the Indonesian answer: %s / %s", c->nama,
			      harness_inggris(detail) ? harness_inggris(detail) : harness_inggris(title), title,
			      detail);
	arena_release(&a);
	http_reply_release(&r);
}

START_TEST(bawaan_indonesia)
{
	periksa(&kasus[_i], NULL, BAHASA_ID);
}
END_TEST

START_TEST(diminta_inggris)
{
	periksa(&kasus[_i], "en", BAHASA_EN);
}
END_TEST

START_TEST(indonesia_lebih_berat)
{
	periksa(&kasus[_i], "id-ID,en;q=0.5", BAHASA_ID);
}
END_TEST

/* The two texts differ: a case whose English and Indonesian answers were the same would prove nothing. */
START_TEST(dua_bahasa_berbeda)
{
	struct arena a;
	arena_init(&a);
	struct http_reply r = { 0 };
	snprintf(r.allow, sizeof(r.allow), "GET");
	ck_assert_str_ne(harap(&a, &kasus[_i], BAHASA_ID, &r), harap(&a, &kasus[_i], BAHASA_EN, &r));
	arena_release(&a);
}
END_TEST

int main(void)
{
	setup_all();
	Suite *s = suite_create("bahasa");
	TCase *tc = tcase_create("bahasa");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, dua_bahasa_berbeda, 0, NKASUS);
	tcase_add_loop_test(tc, bawaan_indonesia, 0, NKASUS);
	tcase_add_loop_test(tc, diminta_inggris, 0, NKASUS);
	tcase_add_loop_test(tc, indonesia_lebih_berat, 0, NKASUS);
	suite_add_tcase(s, tc);
	return harness_run(&H, s);
}
