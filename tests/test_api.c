/* test_api.c - the HTTP API end to end: real server, real PostgreSQL, over loopback. */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "harness.h"

static struct harness H;

START_TEST(health_ok)
{
	struct http_reply r;
	http_get(&H, "/v1/health", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.content_type, "application/json");
	ck_assert_str_eq(jstr(r.json, "status"), "ok");
	ck_assert_str_eq(jstr(r.json, "database"), "ok");
	ck_assert(r.request_id[0] != '\0');
	http_reply_release(&r);
}
END_TEST

START_TEST(openapi_served_as_in_repo)
{
	struct http_reply r;
	http_get(&H, "/v1/openapi.json", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.content_type, "application/json");
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/api/openapi.json", getenv("PAGU_SHARE"));
	json_t *file = json_load_file(path, 0, NULL);
	ck_assert_ptr_nonnull(file);
	ck_assert(json_equal(file, r.json));
	ck_assert_str_eq(json_string_value(json_object_get(r.json, "openapi")), "3.1.0");
	json_decref(file);
	http_reply_release(&r);
}
END_TEST

/*
 * The request id is the server's, unique per request, whatever the client sends: a client's
 * X-Request-Id (even one the server issued to someone else) never becomes it, and is logged
 * beside it when it is a safe token.
 */
START_TEST(request_id_issued_by_server)
{
	struct http_reply r;
	const char *hdr[] = { "X-Request-Id: test-abc.123", NULL };
	http_request(&H, "GET", "/v1/health", NULL, 0, hdr, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(r.request_id[0] != '\0');
	ck_assert_str_ne(r.request_id, "test-abc.123");
	char first[64];
	snprintf(first, sizeof(first), "%s", r.request_id);
	http_reply_release(&r);
	char needle[96], line[4096];
	snprintf(needle, sizeof(needle), "\"request_id\":\"%s\"", first);
	ck_assert_msg(harness_log_wait(&H, needle, NULL, line, sizeof(line)), "no log line for %s", first);
	ck_assert_ptr_nonnull(strstr(line, "\"client_request_id\":\"test-abc.123\""));
	/* the id the server gave one request, sent back by another client, is not given again */
	char again[96];
	snprintf(again, sizeof(again), "X-Request-Id: %s", first);
	const char *h2[] = { again, NULL };
	static char seen[40][64];
	for (int i = 0; i < 40; i++) {
		http_request(&H, "GET", "/v1/ref/akun/9.9.99.99.99.9999", NULL, 0, h2, &r);
		http_expect_problem(&r, 404, "not-found", "kode");
		ck_assert_str_ne(r.request_id, first);
		for (int k = 0; k < i; k++)
			ck_assert_str_ne(r.request_id, seen[k]);
		snprintf(seen[i], sizeof(seen[i]), "%s", r.request_id);
		http_reply_release(&r);
	}
	/* a hostile id is not logged as the client's, nor echoed */
	const char *bad[] = { "X-Request-Id: a\"b<script>", NULL };
	http_request(&H, "GET", "/v1/health", NULL, 0, bad, &r);
	ck_assert(strchr(r.request_id, '"') == NULL && strchr(r.request_id, '<') == NULL);
	ck_assert(r.request_id[0] != '\0');
	snprintf(needle, sizeof(needle), "\"request_id\":\"%s\"", r.request_id);
	ck_assert(harness_log_wait(&H, needle, NULL, line, sizeof(line)));
	ck_assert_ptr_null(strstr(line, "client_request_id"));
	http_reply_release(&r);
}
END_TEST

/*
 * A header that may be sent once, sent twice (or Content-Length beside Transfer-Encoding), is
 * ambiguous: a proxy in front may read the other one. 400 naming the header, and the connection
 * is closed, so a request smuggled behind it is never served.
 */
static const struct {
	const char *head; /* request line and headers, without the blank line */
	const char *body;
	const char *field;
} ambiguous[] = {
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Content-Length: 2\r\nContent-Length: 41",
	  "{}", "Content-Length" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Content-Length: 41\r\nContent-Length: 2",
	  "{}", "Content-Length" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Transfer-Encoding: chunked\r\nContent-Length: 7",
	  "2\r\n{}\r\n0\r\n\r\n", "Content-Length" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
	  "2\r\n{}\r\n0\r\n\r\n", "Transfer-Encoding" },
	{ "GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b", "", "Host" },
	{ "GET /v1/sesi HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\nauthorization: Bearer y", "",
	  "Authorization" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Content-Type: text/csv\r\nContent-Length: 2",
	  "{}", "Content-Type" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Idempotency-Key: k1\r\nIDEMPOTENCY-KEY: k2\r\nContent-Length: 2",
	  "{}", "Idempotency-Key" },
	{ "PATCH /v1/pemda/13.71/opd/1.01.0.00.0.00.01.0000 HTTP/1.1\r\nHost: a\r\n"
	  "Content-Type: application/json\r\nIf-Match: \"v1\"\r\nIf-Match: \"v2\"\r\nContent-Length: 2",
	  "{}", "If-Match" },
	{ "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Request-Id: one\r\nX-Request-Id: two", "", "X-Request-Id" },
	/* a name a proxy reads otherwise: white space before the colon (RFC 9112 5.1), a folded line
	   (obs-fold, 5.2) in the framing headers, and every header a proxy trims or unfolds */
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Content-Length : 2",
	  "{}", "headers" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Content-Length\t: 2",
	  "{}", "headers" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Transfer-Encoding : chunked",
	  "2\r\n{}\r\n0\r\n\r\n", "headers" },
	{ "GET /v1/sesi HTTP/1.1\r\nHost: a\r\nAuthorization : Bearer x", "", "headers" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Content-Length:\r\n 2",
	  "{}", "Content-Length" },
	{ "POST /v1/pemda/13.71/opd HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
	  "Transfer-Encoding:\r\n chunked",
	  "2\r\n{}\r\n0\r\n\r\n", "Transfer-Encoding" },
	{ "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Request-Id: one\r\n two", "", "X-Request-Id" },
	{ "GET /v1/sesi HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer\r\n x", "", "Authorization" },
	/* RFC 9112 3.2: HTTP/1.1 names its host */
	{ "GET /v1/health HTTP/1.1\r\nX-Request-Id: one", "", "Host" },
};

START_TEST(ambiguous_headers_refused)
{
	/* the smuggled request: served only if the server goes on reading the connection */
	const char *smuggled = "GET /v1/health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
	char req[2048];
	int n = snprintf(req, sizeof(req), "%s\r\n\r\n%s%s", ambiguous[_i].head, ambiguous[_i].body, smuggled);
	static char out[65536];
	http_raw(&H, req, (size_t)n, out, sizeof(out));
	ck_assert_msg(!strncmp(out, "HTTP/1.1 400 ", 13), "%s: %s", ambiguous[_i].field, out);
	ck_assert_ptr_nonnull(strstr(out, "urn:pagu:problem:invalid-input"));
	char field[96];
	snprintf(field, sizeof(field), "\"field\":\"%s\"", ambiguous[_i].field);
	ck_assert_msg(strstr(out, field) != NULL, "want %s: %s", field, out);
	/* one answer only: the connection was closed after it */
	ck_assert_msg(strstr(out + 1, "HTTP/1.1 ") == NULL, "a second answer on the connection: %s", out);
	/* the same request with the header once is served (framing itself is fine) */
	n = snprintf(req, sizeof(req),
		     "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Request-Id: one\r\n"
		     "Connection: close\r\n\r\n");
	http_raw(&H, req, (size_t)n, out, sizeof(out));
	ck_assert_msg(!strncmp(out, "HTTP/1.1 200 ", 13), "%s", out);
}
END_TEST

START_TEST(akun_active_with_history)
{
	struct http_reply r;
	http_get(&H, "/v1/ref/akun/5.1.02.01.01.0024?tahun=2026", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "kode"), "5.1.02.01.01.0024");
	ck_assert_str_eq(jstr(r.json, "nama"), "Belanja Alat/Bahan untuk Kegiatan Kantor- Alat Tulis Kantor");
	ck_assert(json_is_true(json_object_get(r.json, "aktif")));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "level")), 6);
	ck_assert_str_eq(jstr(r.json, "level_name"), "sub_rincian_objek");
	json_t *riwayat = json_object_get(r.json, "riwayat");
	ck_assert_int_eq(json_array_size(riwayat), 1);
	ck_assert_str_eq(jstr(json_array_get(riwayat, 0), "nama"), "Belanja Barang Pakai Habis Penanggulangan Bencana");
	ck_assert(json_is_false(json_object_get(json_array_get(riwayat, 0), "aktif")));
	/* the parent chain, akun first */
	static const char *const chain[] = { "5", "5.1", "5.1.02", "5.1.02.01", "5.1.02.01.01" };
	json_t *induk = json_object_get(r.json, "induk");
	ck_assert_int_eq(json_array_size(induk), 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_str_eq(jstr(json_array_get(induk, i), "kode"), chain[i]);
		ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(induk, i), "level")), (int)i + 1);
	}
	ck_assert_str_eq(jstr(json_array_get(induk, 0), "nama"), "BELANJA DAERAH");
	ck_assert_str_eq(jstr(json_object_get(r.json, "referensi"), "kode"), "kepmendagri-050-3708-2020");
	http_reply_release(&r);
}
END_TEST

START_TEST(akun_retired_only)
{
	struct http_reply r;
	http_get(&H, "/v1/ref/akun/1.1.03.12.12", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "nama"), "Piutang Pajak Air Tanah");
	ck_assert(json_is_false(json_object_get(r.json, "aktif")));
	http_reply_release(&r);
}
END_TEST

static const struct {
	const char *path;
	long status;
	const char *slug;
	const char *field;
} refusals[] = {
	{ "/v1/ref/akun/9.9.99.99.99.9999", 404, "not-found", "kode" },
	{ "/v1/ref/akun/5.1.02.01.01.9999", 404, "not-found", "kode" },
	{ "/v1/ref/akun/abc", 400, "invalid-code", "kode" },
	{ "/v1/ref/akun/5.1.2", 400, "invalid-code", "kode" },
	{ "/v1/ref/akun/5.1.02.01.01.00240", 400, "invalid-code", "kode" },
	{ "/v1/ref/akun/5..1", 400, "invalid-code", "kode" },
	{ "/v1/ref/akun/5.1.02'%3B--", 400, "invalid-code", "kode" },
	/* an encoded NUL is kept as written, never cuts the code short */
	{ "/v1/ref/akun/%00", 400, "invalid-code", "kode" },
	{ "/v1/ref/akun/5.1%00.02", 400, "invalid-code", "kode" },
	{ "/v1/ref/akun/5.1?tahun=1999", 400, "invalid-input", "tahun" },
	{ "/v1/ref/akun/5.1?tahun=20x6", 400, "invalid-input", "tahun" },
	{ "/v1/ref/akun/5.1?tahun=2020", 404, "not-found", "kode" },
	{ "/v1/ref/akun/5.1?bogus=1", 400, "invalid-input", "bogus" },
	{ "/v1/ref/nomenklatur?level=desa", 400, "invalid-input", "level" },
	{ "/v1/ref/nomenklatur?jenis=kota", 400, "invalid-input", "jenis" },
	{ "/v1/ref/nomenklatur?prefix=1.1", 400, "invalid-code", "prefix" },
	{ "/v1/ref/nomenklatur?prefix=1.01%27%20OR%201=1", 400, "invalid-code", "prefix" },
	{ "/v1/ref/nomenklatur?prefix=1.01%00.02", 400, "invalid-code", "prefix" },
	{ "/v1/ref/nomenklatur?limit=0", 400, "invalid-input", "limit" },
	{ "/v1/ref/nomenklatur?limit=%2B5", 400, "invalid-input", "limit" },
	{ "/v1/ref/nomenklatur?limit=%205", 400, "invalid-input", "limit" },
	{ "/v1/ref/nomenklatur?limit=501", 400, "invalid-input", "limit" },
	{ "/v1/ref/nomenklatur?limit=99999999999999999999", 400, "invalid-input", "limit" },
	{ "/v1/ref/nomenklatur?cursor=xyz", 400, "invalid-input", "cursor" },
	{ "/v1/ref/nomenklatur?cursor=%2F%2F%2F", 400, "invalid-input", "cursor" },
	{ "/v1/ref/nomenklatur?aktif=maybe", 400, "invalid-input", "aktif" },
	{ "/v1/ref/nomenklatur?tahun=2020", 404, "not-found", "tahun" },
	{ "/v1/nothing", 404, "no-such-route", NULL },
	{ "/v1/ref/akun", 404, "no-such-route", NULL },
	{ "/v1/ref/akun/5/extra", 404, "no-such-route", NULL },
	{ "/v1/ref/../health", 404, "no-such-route", NULL },
	{ "/nothing", 404, "no-such-route", NULL }, /* "/" is the web console */
};

START_TEST(refused_requests)
{
	struct http_reply r;
	http_get(&H, refusals[_i].path, &r);
	ck_assert_msg(r.status == refusals[_i].status, "%s: status %ld, want %ld: %s", refusals[_i].path, r.status,
		      refusals[_i].status, r.body);
	http_expect_problem(&r, refusals[_i].status, refusals[_i].slug, refusals[_i].field);
	http_reply_release(&r);
}
END_TEST

START_TEST(method_not_allowed)
{
	struct http_reply r;
	http_request(&H, "DELETE", "/v1/ref/akun/5.1", NULL, 0, NULL, &r);
	http_expect_problem(&r, 405, "method-not-allowed", NULL);
	ck_assert_str_eq(r.allow, "GET");
	http_reply_release(&r);
}
END_TEST

START_TEST(body_on_bodyless_route)
{
	struct http_reply r;
	const char *hdr[] = { "Content-Type: application/json", NULL };
	/* nothing, or an empty object, is no body at all */
	http_request(&H, "GET", "/v1/health", "{}", 2, hdr, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	http_request(&H, "GET", "/v1/health", " { }\n", 5, hdr, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	/* fields where none are taken: 400 saying so */
	http_request(&H, "GET", "/v1/health", "{\"a\":1}", 7, hdr, &r);
	http_expect_problem(&r, 400, "invalid-input", "/");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "tidak menerima isian"));
	http_reply_release(&r);
	/* a large one is too large, and the reason says the route takes no body */
	static char big[4096];
	memset(big, ' ', sizeof(big));
	http_request(&H, "GET", "/v1/health", big, sizeof(big), hdr, &r);
	http_expect_problem(&r, 413, "body-too-large", NULL);
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "tidak menerima isi kiriman"));
	ck_assert_ptr_null(strstr(jstr(r.json, "detail"), "lebih besar dari 0"));
	http_reply_release(&r);
	/* the server still answers the next request on a fresh connection */
	http_get(&H, "/v1/health", &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
}
END_TEST

/*
 * Every operation of the contract, sent an empty JSON object or an empty body: never 413 and
 * never 5xx (an action without fields takes {}; one with fields says which is missing).
 */
START_TEST(every_route_takes_an_empty_object)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/api/openapi.json", getenv("PAGU_SHARE"));
	json_t *doc = json_load_file(path, 0, NULL);
	ck_assert_ptr_nonnull(doc);
	char admin[128];
	ck_assert(harness_token(&H, "13.71", "finance", NULL, admin, sizeof(admin)));
	const char *url;
	json_t *ops;
	int tried = 0;
	json_object_foreach (json_object_get(doc, "paths"), url, ops) {
		/* {pemda} is 13.71; every other parameter a value that names nothing */
		char u[512];
		size_t o = 0;
		for (const char *p = url; *p && o + 16 < sizeof(u);) {
			if (*p == '{') {
				const char *e = strchr(p, '}');
				o += (size_t)snprintf(u + o, sizeof(u) - o, "%s",
						      !strncmp(p, "{pemda}", 7) ? "13.71" : "999999");
				p = e + 1;
			} else {
				u[o++] = *p++;
			}
		}
		u[o] = '\0';
		const char *method;
		json_t *op;
		json_object_foreach (ops, method, op) {
			char m[16];
			size_t k = 0;
			for (; method[k] && k + 1 < sizeof(m); k++)
				m[k] = (char)(method[k] - 32 * (method[k] >= 'a' && method[k] <= 'z'));
			m[k] = '\0';
			if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
				continue;
			for (int empty = 0; empty < 2; empty++) {
				struct http_reply r;
				char key[64];
				snprintf(key, sizeof(key), "Idempotency-Key: empty-%d-%d", tried, empty);
				const char *extra[] = { key, "If-Match: \"v1\"", NULL };
				http_auth(&H, m, u, admin, empty ? "" : "{}", extra, &r);
				ck_assert_msg(r.status != 413 && r.status < 500, "%s %s with %s: %ld %s", m, u,
					      empty ? "no body" : "{}", r.status, r.body);
				http_reply_release(&r);
			}
			tried++;
		}
	}
	ck_assert_int_gt(tried, 30);
	json_decref(doc);
	/* an action that takes no fields is done with {} */
	struct http_reply r;
	const char *extra[] = { "Idempotency-Key: segel-kosong", NULL };
	http_auth(&H, "POST", "/v1/pemda/13.71/ledger/segel", admin, "{}", extra, &r);
	ck_assert_msg(r.status == 201 || r.status == 200, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	/* and the same key with no body is the same request (replayed, not reused) */
	http_auth(&H, "POST", "/v1/pemda/13.71/ledger/segel", admin, NULL, extra, &r);
	ck_assert_msg(r.status == 201 || r.status == 200, "%ld %s", r.status, r.body);
	ck_assert(r.replayed);
	http_reply_release(&r);
}
END_TEST

/* Counts, independently of pagu, the active rows of the shipped CSV a query should return. */
static int csv_expected(const char *level, const char *jenis, const char *prefix)
{
	char path[PATH_MAX];
	const char *dir = getenv("PAGU_DATA_DIR");
	snprintf(path, sizeof(path), "%s/nomenklatur.csv", dir ? dir : "data/ref");
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char line[1024];
	int n = 0;
	size_t pl = strlen(prefix);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f)); /* header */
	while (fgets(line, sizeof(line), f)) {
		/* level,kode,kode_sub4,nama(maybe quoted),jns_pemda,aktif,... : parse fields honouring quotes */
		char *fields[12];
		int nf = 0;
		char *p = line;
		while (nf < 12 && *p) {
			if (*p == '"') {
				fields[nf++] = ++p;
				while (*p && !(*p == '"' && p[1] != '"'))
					p += (*p == '"') ? 2 : 1;
				if (*p)
					*p++ = '\0';
			} else {
				fields[nf++] = p;
			}
			while (*p && *p != ',' && *p != '\n')
				p++;
			if (*p)
				*p++ = '\0';
		}
		if (nf < 6 || strcmp(fields[0], level) || strcmp(fields[5], "1"))
			continue;
		if (strcmp(fields[4], jenis) && strcmp(fields[4], "both"))
			continue;
		const char *kode = !strcmp(level, "sub_kegiatan") ? fields[2] : fields[1];
		if (strncmp(kode, prefix, pl) == 0 && kode[pl] == '.')
			n++;
	}
	fclose(f);
	return n;
}

START_TEST(nomenklatur_filter_matches_csv)
{
	struct http_reply r;
	http_get(&H, "/v1/ref/nomenklatur?prefix=1.01.02&level=sub_kegiatan&jenis=kabkota&limit=500", &r);
	ck_assert_int_eq(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	int want = csv_expected("sub_kegiatan", "kabkota", "1.01.02");
	ck_assert_int_gt(want, 10);
	ck_assert_int_eq((int)json_array_size(items), want);
	ck_assert(json_is_null(json_object_get(r.json, "next_cursor")));
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it) {
		ck_assert(strncmp(jstr(it, "kode"), "1.01.02.2.", 10) == 0);
		ck_assert_str_eq(jstr(it, "level"), "sub_kegiatan");
		ck_assert_str_eq(jstr(it, "jenis_pemda"), "kabkota");
		ck_assert_uint_eq(strlen(jstr(it, "kode")), strlen("1.01.02.2.01.0001"));
	}
	http_reply_release(&r);
}
END_TEST

START_TEST(nomenklatur_two_digit_prefix)
{
	struct http_reply r;
	http_get(&H, "/v1/ref/nomenklatur?prefix=1.01.02.2.01.01", &r);
	ck_assert_int_eq(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	ck_assert_int_eq(json_array_size(items), 1);
	ck_assert_str_eq(jstr(json_array_get(items, 0), "kode"), "1.01.02.2.01.0001");
	ck_assert_str_eq(jstr(json_array_get(items, 0), "kode_lama"), "1.01.02.2.01.01");
	http_reply_release(&r);
}
END_TEST

START_TEST(nomenklatur_pages_cover_all_once)
{
	/* walk urusan 1.01 for a kabkota in pages of 7; the union equals one big page */
	struct http_reply r;
	http_get(&H, "/v1/ref/nomenklatur?prefix=1.01&jenis=kabkota&limit=500", &r);
	ck_assert_int_eq(r.status, 200);
	json_t *all = json_incref(json_object_get(r.json, "items"));
	http_reply_release(&r);
	size_t total = json_array_size(all);
	ck_assert_uint_gt(total, 20);

	size_t seen = 0, pages = 0;
	char path[512];
	snprintf(path, sizeof(path), "/v1/ref/nomenklatur?prefix=1.01&jenis=kabkota&limit=7");
	for (;;) {
		http_get(&H, path, &r);
		ck_assert_int_eq(r.status, 200);
		json_t *items = json_object_get(r.json, "items");
		size_t i;
		json_t *it;
		json_array_foreach (items, i, it) {
			ck_assert_uint_lt(seen, total);
			ck_assert_str_eq(jstr(it, "kode"), jstr(json_array_get(all, seen), "kode"));
			ck_assert_str_eq(jstr(it, "jenis_pemda"), jstr(json_array_get(all, seen), "jenis_pemda"));
			seen++;
		}
		pages++;
		const char *next = jstr(r.json, "next_cursor");
		if (!next) {
			http_reply_release(&r);
			break;
		}
		ck_assert_uint_eq(json_array_size(items), 7);
		snprintf(path, sizeof(path), "/v1/ref/nomenklatur?prefix=1.01&jenis=kabkota&limit=7&cursor=%s", next);
		http_reply_release(&r);
	}
	ck_assert_uint_eq(seen, total);
	ck_assert_uint_eq(pages, (total + 6) / 7);
	json_decref(all);
}
END_TEST

START_TEST(nomenklatur_retired_only_on_request)
{
	struct http_reply r;
	http_get(&H, "/v1/ref/nomenklatur?level=sub_kegiatan&aktif=all&limit=500&prefix=1.02", &r);
	ck_assert_int_eq(r.status, 200);
	size_t i, retired = 0;
	json_t *it;
	json_array_foreach (json_object_get(r.json, "items"), i, it)
		retired += json_is_false(json_object_get(it, "aktif"));
	http_reply_release(&r);
	http_get(&H, "/v1/ref/nomenklatur?level=sub_kegiatan&limit=500&prefix=1.02", &r);
	json_array_foreach (json_object_get(r.json, "items"), i, it)
		ck_assert(json_is_true(json_object_get(it, "aktif")));
	http_reply_release(&r);
	ck_assert_uint_gt(retired, 0);
}
END_TEST

/* ---- the database itself ---- */

START_TEST(reference_is_append_only)
{
	static const char *const stmts[] = {
		"UPDATE ref_akun SET nama = 'x' WHERE kode = '5'",
		"DELETE FROM ref_akun WHERE kode = '5'",
		"TRUNCATE ref_akun CASCADE",
		"UPDATE ref_version SET sha256 = repeat('0', 64)",
		"DELETE FROM ref_nomenklatur",
		"UPDATE ref_sumber_dana SET aktif = false",
	};
	PGconn *app = harness_connect(&H, HARNESS_APP);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *before =
		harness_query1(su, "SELECT md5(string_agg(nama, ',' ORDER BY ref_version_id, baris)) FROM ref_akun");
	for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		PGresult *r = PQexec(app, stmts[i]);
		ck_assert_int_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
		ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501"); /* permission denied */
		PQclear(r);
		r = PQexec(su, stmts[i]);
		ck_assert_msg(PQresultStatus(r) == PGRES_FATAL_ERROR, "superuser could run: %s", stmts[i]);
		ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "P0001"); /* the append-only trigger */
		PQclear(r);
	}
	PGresult *r = PQexec(app, "INSERT INTO ref_version (kode, nama, dasar_hukum, tahun_mulai, sumber, sha256)"
				  " VALUES ('x', 'x', 'x', 2030, 'x', repeat('0', 64))");
	ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
	PQclear(r);
	char *after =
		harness_query1(su, "SELECT md5(string_agg(nama, ',' ORDER BY ref_version_id, baris)) FROM ref_akun");
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	PQfinish(app);
	PQfinish(su);
}
END_TEST

START_TEST(every_table_and_column_commented)
{
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *missing = harness_query1(
		su, "SELECT coalesce(string_agg(c.relname || coalesce('.' || a.attname, ''), ', '), '')"
		    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		    " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
		    " WHERE n.nspname = 'public' AND c.relkind = 'r'"
		    "   AND col_description(c.oid, coalesce(a.attnum, 0)) IS NULL"
		    "   AND (a.attnum IS NOT NULL OR obj_description(c.oid, 'pg_class') IS NULL)");
	char *tables_missing =
		harness_query1(su, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
				   " WHERE n.nspname = 'public' AND c.relkind = 'r'"
				   "   AND obj_description(c.oid, 'pg_class') IS NULL");
	ck_assert_ptr_nonnull(missing);
	ck_assert_msg(missing[0] == '\0', "without COMMENT: %s", missing);
	ck_assert_str_eq(tables_missing, "0");
	free(missing);
	free(tables_missing);
	PQfinish(su);
}
END_TEST

START_TEST(demo_tenants_loaded)
{
	PGconn *app = harness_connect(&H, HARNESS_APP);
	char *n = harness_query1(app, "SELECT count(*) FROM pemda WHERE pemda_id IN ('13.71', '19')");
	ck_assert_str_eq(n, "2");
	free(n);
	n = harness_query1(app, "SELECT count(*) >= 15 FROM opd WHERE pemda_id = '13.71'");
	ck_assert_str_eq(n, "t");
	free(n);
	/* a kota cannot be a provinsi: the schema says so */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	PGresult *r = PQexec(su, "INSERT INTO pemda VALUES ('13.72', 'Kota X', 'provinsi', '13', NULL)");
	ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23514");
	PQclear(r);
	PQfinish(su);
	PQfinish(app);
}
END_TEST

/* ./run pagu rules check: compiler-style errors, exit 1 */
START_TEST(rules_check_cli)
{
	char ok[PATH_MAX + 16], bad[PATH_MAX + 16], log[PATH_MAX + 16];
	snprintf(ok, sizeof(ok), "%s/ok.rules", H.dir);
	snprintf(bad, sizeof(bad), "%s/bad.rules", H.dir);
	snprintf(log, sizeof(log), "%s/pagu-cli.log", H.dir);
	FILE *f = fopen(ok, "w");
	fputs("rule a \"A\" cite \"UU 1/2022 Pasal 146\" on lock apbd severity error\n"
	      "  assert sum(belanja where akun 5.1.01.*) <= 30% of sum(belanja) message \"m\"\n",
	      f);
	fclose(f);
	f = fopen(bad, "w");
	fputs("rule a \"A\" cite \"c\" on lock apbd severity error message \"m\"\n  assert total > 1\n", f);
	fclose(f);
	ck_assert_int_eq(harness_pagu(&H, "rules", "check", ok, NULL), 0);
	unlink(log);
	ck_assert_int_eq(harness_pagu(&H, "rules", "check", ok, bad, NULL), 1);
	char *text = NULL;
	size_t len = 0;
	f = fopen(log, "r");
	ck_assert_ptr_nonnull(f);
	char buf[4096];
	len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[len] = '\0';
	fclose(f);
	text = strstr(buf, "bad.rules:2:10: unknown name total");
	ck_assert_msg(text != NULL, "%s", buf);
	ck_assert_ptr_nonnull(strstr(buf, "  assert total > 1\n         ^\n"));
}
END_TEST

/* ---- restarts: run last, they stop things ---- */

START_TEST(health_follows_database)
{
	struct http_reply r;
	ck_assert_int_eq(harness_pagu(&H, "db", "stop", NULL), 0);
	http_get(&H, "/v1/health", &r);
	http_expect_problem(&r, 503, "database-unavailable", NULL);
	ck_assert_str_eq(jstr(r.json, "database"), "unavailable");
	http_reply_release(&r);
	http_get(&H, "/v1/ref/akun/5.1", &r);
	http_expect_problem(&r, 503, "database-unavailable", NULL);
	http_reply_release(&r);

	ck_assert_int_eq(harness_pagu(&H, "db", "start", NULL), 0);
	/* every worker thread reconnects on its own; a few requests reach several of them */
	for (int i = 0; i < 8; i++) {
		http_get(&H, "/v1/health", &r);
		ck_assert_msg(r.status == 200, "after restart: %ld %s", r.status, r.body);
		http_reply_release(&r);
		http_get(&H, "/v1/ref/akun/5.1", &r);
		ck_assert_int_eq(r.status, 200);
		http_reply_release(&r);
	}
}
END_TEST

START_TEST(serve_again_keeps_data)
{
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *before = harness_query1(su, "SELECT ref_version_id || '/' || loaded_at FROM ref_version");
	char *migrations = harness_query1(su, "SELECT count(*) FROM schema_migration");
	PQfinish(su);
	ck_assert_int_eq(harness_stop_server(&H), 0); /* clean shutdown, no sanitizer report */
	harness_start_server(&H);
	su = harness_connect(&H, HARNESS_SUPER);
	char *after = harness_query1(su, "SELECT ref_version_id || '/' || loaded_at FROM ref_version");
	char *migrations2 = harness_query1(su, "SELECT count(*) FROM schema_migration");
	char *editions = harness_query1(su, "SELECT count(*) FROM ref_version");
	PQfinish(su);
	ck_assert_str_eq(before, after);
	ck_assert_str_eq(migrations, migrations2);
	ck_assert_str_eq(editions, "1");
	struct http_reply r;
	http_get(&H, "/v1/health", &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	free(before);
	free(after);
	free(migrations);
	free(migrations2);
	free(editions);
}
END_TEST

/* Reads the file @rel of the console (web/) from the source tree; malloc'd, NULL when missing. */
static char *web_file(const char *rel, size_t *len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/web/%s", getenv("PAGU_SHARE"), rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1u << 20);
	*len = fread(buf, 1, (1u << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* The console's files at /, byte for byte, with their types, revalidation and security headers. */
START_TEST(web_console_served)
{
	static const struct {
		const char *url, *file, *type;
	} files[] = {
		{ "/", "index.html", "text/html; charset=utf-8" },
		{ "/index.html", "index.html", "text/html; charset=utf-8" },
		{ "/js/app.js", "js/app.js", "text/javascript; charset=utf-8" },
		{ "/js/format.js", "js/format.js", "text/javascript; charset=utf-8" },
		{ "/css/pagu.css", "css/pagu.css", "text/css; charset=utf-8" },
		{ "/favicon.svg", "favicon.svg", "image/svg+xml" },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len;
		char *want = web_file(files[i].file, &len);
		ck_assert_msg(want != NULL, "web/%s is missing", files[i].file);
		struct http_reply r;
		http_get(&H, files[i].url, &r);
		ck_assert_msg(r.status == 200, "%s: %ld", files[i].url, r.status);
		ck_assert_str_eq(r.content_type, files[i].type);
		ck_assert_uint_eq(r.len, len);
		ck_assert(memcmp(r.body, want, len) == 0);
		ck_assert_str_eq(r.nosniff, "nosniff");
		ck_assert_str_eq(r.cache_control, "no-cache");
		ck_assert_ptr_nonnull(strstr(r.csp, "default-src 'self'"));
		ck_assert_ptr_nonnull(strstr(r.csp, "frame-ancestors 'none'"));
		ck_assert(r.etag[0] == '"');
		/* revalidation: the same ETag is 304 with no body; another is the file again */
		char inm[96];
		snprintf(inm, sizeof(inm), "If-None-Match: %s", r.etag);
		const char *h1[] = { inm, NULL };
		struct http_reply r2;
		http_request(&H, "GET", files[i].url, NULL, 0, h1, &r2);
		ck_assert_int_eq(r2.status, 304);
		ck_assert_str_eq(r2.etag, r.etag);
		http_reply_release(&r2);
		const char *h2[] = { "If-None-Match: \"0000000000000000\"", NULL };
		http_request(&H, "GET", files[i].url, NULL, 0, h2, &r2);
		ck_assert_int_eq(r2.status, 200);
		ck_assert_uint_eq(r2.len, len);
		http_reply_release(&r2);
		http_reply_release(&r);
		free(want);
	}
	/* the API is not shadowed, and keeps its own headers */
	struct http_reply r;
	http_get(&H, "/v1/health", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.content_type, "application/json");
	ck_assert_str_eq(r.cache_control, "no-store");
	ck_assert_str_eq(r.csp, "");
	http_reply_release(&r);
}
END_TEST

/*
 * Only the console's own files: no path reaches the file system, so traversal in any
 * spelling, other files of the checkout, directories and writes are all "no such resource".
 */
START_TEST(web_console_nothing_else)
{
	static const char *const paths[] = {
		"/../README.md",
		"/%2e%2e/README.md",
		"/js/../../README.md",
		"/js/%2e%2e/%2e%2e/README.md",
		"/..%2fREADME.md",
		"/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/..\\README.md",
		"//etc/passwd",
		"/etc/passwd",
		"/web/index.html",
		"/js/../index.html",
		"/./index.html",
		"/index.html%00.js",
		"/index.html/",
		"/js",
		"/js/",
		"/README.md",
		"/meson.build",
		"/api/openapi.json",
		"/.git/config",
		"/INDEX.HTML",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct http_reply r;
		http_get(&H, paths[i], &r);
		ck_assert_msg(r.status == 404, "%s: %ld", paths[i], r.status);
		ck_assert_str_eq(r.content_type, "application/problem+json");
		ck_assert_ptr_null(strstr(r.body, "root:"));
		ck_assert_ptr_null(strstr(r.body, "# pagu"));
		http_reply_release(&r);
	}
	static const char *const methods[] = { "POST", "PUT", "DELETE", "PATCH" };
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		struct http_reply r;
		http_request(&H, methods[i], "/index.html", "x", 1, NULL, &r);
		ck_assert_msg(r.status == 404, "%s /index.html: %ld", methods[i], r.status);
		ck_assert_str_eq(r.content_type, "application/problem+json");
		http_reply_release(&r);
	}
	/* HEAD: the headers of the file, its length among them, and no body */
	size_t len;
	char *index = web_file("index.html", &len);
	ck_assert_ptr_nonnull(index);
	free(index);
	struct http_reply r;
	http_request(&H, "HEAD", "/", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.content_type, "text/html; charset=utf-8");
	ck_assert_int_eq(strtol(r.content_length, NULL, 10), (long)len);
	ck_assert(r.etag[0] == '"');
	http_reply_release(&r);
}
END_TEST

static bool has_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach (arr, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	return false;
}

/* GET /v1/sesi: the token's name, role, pemda and scope, and what the route and role tables let it do. */
START_TEST(sesi_says_who_and_what)
{
	char planner[128], finance[128], finance_dinkes[128];
	ck_assert(harness_token(&H, "13.71", "planner", "1.02.0.00.0.00.01.0000", planner, sizeof(planner)));
	ck_assert(harness_token(&H, "13.71", "finance", NULL, finance, sizeof(finance)));
	ck_assert(harness_token(&H, "13.71", "finance", "1.02.0.00.0.00.01.0000", finance_dinkes,
				sizeof(finance_dinkes)));
	struct http_reply r;
	http_auth(&H, "GET", "/v1/sesi", planner, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "peran"), "planner");
	ck_assert_str_eq(jstr(r.json, "opd_kode"), "1.02.0.00.0.00.01.0000");
	json_t *pemda = json_object_get(r.json, "pemda");
	ck_assert_str_eq(jstr(pemda, "id"), "13.71");
	ck_assert_str_eq(jstr(pemda, "nama"), "Kota Padang");
	ck_assert_str_eq(jstr(pemda, "jenis"), "kabkota");
	json_t *rute = json_object_get(json_object_get(r.json, "izin"), "rute");
	json_t *dok = json_object_get(json_object_get(r.json, "izin"), "dokumen");
	ck_assert(has_string(rute, "POST /v1/pemda/{pemda}/monev/realisasi"));
	ck_assert(has_string(rute, "GET /v1/pemda/{pemda}/ledger/kantong"));
	ck_assert(!has_string(rute, "POST /v1/pemda/{pemda}/ledger/sp2d"));
	ck_assert(!has_string(rute, "POST /v1/pemda/{pemda}/opd"));
	ck_assert(has_string(json_object_get(dok, "rka"), "submit"));
	ck_assert(!has_string(json_object_get(dok, "rka"), "lock"));
	ck_assert(!has_string(json_object_get(dok, "rkpd"), "create")); /* Bappeda's, not an OPD's */
	ck_assert_uint_eq(json_array_size(json_object_get(dok, "apbd")), 0);
	ck_assert_str_eq(jstr(json_object_get(r.json, "izin"), "akun_baris"), "5");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/sesi", finance, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(json_is_null(json_object_get(r.json, "opd_kode")));
	rute = json_object_get(json_object_get(r.json, "izin"), "rute");
	dok = json_object_get(json_object_get(r.json, "izin"), "dokumen");
	ck_assert(has_string(rute, "POST /v1/pemda/{pemda}/ledger/sp2d"));
	ck_assert(has_string(rute, "POST /v1/pemda/{pemda}/ledger/spd"));
	ck_assert(!has_string(rute, "POST /v1/pemda/{pemda}/monev/realisasi"));
	ck_assert(has_string(json_object_get(dok, "apbd"), "lock"));
	ck_assert(has_string(json_object_get(dok, "rka"), "verify"));
	ck_assert(json_is_null(json_object_get(json_object_get(r.json, "izin"), "akun_baris")));
	http_reply_release(&r);
	char revenue[128];
	ck_assert(harness_token(&H, "13.71", "revenue", NULL, revenue, sizeof(revenue)));
	http_auth(&H, "GET", "/v1/sesi", revenue, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(json_object_get(r.json, "izin"), "akun_baris"), "4");
	http_reply_release(&r);
	/* an OPD-scoped finance token: no SPD (unscoped routes), no APBD */
	http_auth(&H, "GET", "/v1/sesi", finance_dinkes, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	rute = json_object_get(json_object_get(r.json, "izin"), "rute");
	dok = json_object_get(json_object_get(r.json, "izin"), "dokumen");
	ck_assert(!has_string(rute, "POST /v1/pemda/{pemda}/ledger/spd"));
	ck_assert(has_string(rute, "POST /v1/pemda/{pemda}/ledger/spm"));
	ck_assert_uint_eq(json_array_size(json_object_get(dok, "apbd")), 0);
	http_reply_release(&r);
	/* a name of 200 two-byte characters (the longest the database allows) comes back whole */
	char longname[128];
	ck_assert(harness_token(&H, "13.71", "inspector", NULL, longname, sizeof(longname)));
	free(harness_sqlf(&H, "UPDATE api_token SET nama = repeat(U&'\\00E9', 200) WHERE token_id ="
			      " (SELECT max(token_id) FROM api_token) RETURNING token_id"));
	http_auth(&H, "GET", "/v1/sesi", longname, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(strlen(jstr(r.json, "nama")), 400);
	ck_assert_str_eq(jstr(r.json, "nama") + 398, "\xc3\xa9");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/sesi", NULL, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/sesi", "pagu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
}
END_TEST

static Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("http");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, health_ok);
	tcase_add_test(tc, openapi_served_as_in_repo);
	tcase_add_test(tc, request_id_issued_by_server);
	tcase_add_loop_test(tc, ambiguous_headers_refused, 0, (int)(sizeof(ambiguous) / sizeof(ambiguous[0])));
	tcase_add_test(tc, akun_active_with_history);
	tcase_add_test(tc, akun_retired_only);
	tcase_add_loop_test(tc, refused_requests, 0, (int)(sizeof(refusals) / sizeof(refusals[0])));
	tcase_add_test(tc, method_not_allowed);
	tcase_add_test(tc, body_on_bodyless_route);
	tcase_add_test(tc, every_route_takes_an_empty_object);
	tcase_add_test(tc, nomenklatur_filter_matches_csv);
	tcase_add_test(tc, nomenklatur_two_digit_prefix);
	tcase_add_test(tc, nomenklatur_pages_cover_all_once);
	tcase_add_test(tc, nomenklatur_retired_only_on_request);
	tcase_add_test(tc, reference_is_append_only);
	tcase_add_test(tc, every_table_and_column_commented);
	tcase_add_test(tc, demo_tenants_loaded);
	tcase_add_test(tc, rules_check_cli);
	tcase_add_test(tc, health_follows_database);
	tcase_add_test(tc, web_console_served);
	tcase_add_test(tc, web_console_nothing_else);
	tcase_add_test(tc, sesi_says_who_and_what);
	tcase_add_test(tc, serve_again_keeps_data);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* the fixture starts a cluster and a server once, in this process;
	 * tests that restart them run in it too, so run everything unforked */
	harness_start_cluster(&H);
	harness_start_server(&H);
	return harness_run(&H, api_suite());
}
