/*
 * test_opd.c - OPD, the first write resource, and what every write shares, shown on it: bad input refused
 * with the right problem and nothing written, size and depth limits, idempotency (replays, conflicting
 * reuse, races on one key), ETags, paging, metrics; and the server holding many connections while serving.
 * Every route at once (authorisation, hostile strings, the audit trail) is test_otorisasi.c.
 */
#include <check.h>
#include <stdarg.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "dokumen.h"
#include "harness.h"
#include "server.h"

static struct harness H;
/* tokens by role for pemda 13.71; scoped ones act for Dinas Kesehatan */
static char admin[HARNESS_TOKEN], planner[HARNESS_TOKEN], finance[HARNESS_TOKEN], inspector[HARNESS_TOKEN];
static char admin_scoped[HARNESS_TOKEN], planner_scoped[HARNESS_TOKEN], other_pemda_admin[HARNESS_TOKEN];
#define DINKES "1.02.0.00.0.00.01.0000"
#define DISDIK "1.01.2.22.0.00.01.0000"

/* ---- bad input: each refused with the right problem, nothing written ---- */

static char *db_digest(void)
{
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *d = harness_query1(
		su, "SELECT string_agg(c.relname || ':' || (xpath('/row/d/text()', query_to_xml(format("
		    "'SELECT md5(coalesce(string_agg(t::text, '','' ORDER BY t::text), '''')) AS d FROM %I t',"
		    " c.relname), false, true, '')))[1]::text, ';' ORDER BY c.relname)"
		    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		    " WHERE n.nspname = 'public' AND c.relkind = 'r'");
	PQfinish(su);
	ck_assert_ptr_nonnull(d);
	return d;
}

struct bad {
	const char *name;
	const char *method;
	const char *path;     /* NULL: the OPD collection */
	const char *body;     /* NULL: none */
	const char *ctype;    /* NULL: application/json when there is a body */
	const char *key;      /* NULL: a fresh key; "-": none */
	const char *if_match; /* PATCH */
	const char *tok;      /* NULL: admin */
	long status;
	const char *slug;
	const char *field;
};

#define COL "/v1/pemda/13.71/opd"
#define ONE "/v1/pemda/13.71/opd/" DINKES
#define OK_BODY(k) "{\"kode\":\"" k "\",\"nama\":\"Dinas X\",\"bidang\":[\"2.09\"]}"

static const struct bad bads[] = {
	{ "malformed JSON", "POST", NULL, "{\"kode\":", NULL, NULL, NULL, NULL, 400, "malformed-json", "" },
	{ "truncated body", "POST", NULL, "{\"kode\":\"2.09.0.00.0.00.01.0000\",\"nama\":\"Din", NULL, NULL, NULL, NULL,
	  400, "malformed-json", "" },
	{ "empty body", "POST", NULL, "", NULL, NULL, NULL, NULL, 400, "malformed-json", "" },
	{ "JSON array", "POST", NULL, "[1,2]", NULL, NULL, NULL, NULL, 400, "invalid-input", "" },
	{ "JSON string", "POST", NULL, "\"x\"", NULL, NULL, NULL, NULL, 400, "invalid-input", "" },
	{ "trailing garbage", "POST", NULL, OK_BODY("2.09.0.00.0.00.77.0000") " x", NULL, NULL, NULL, NULL, 400,
	  "malformed-json", "" },
	{ "duplicate key", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"kode\":\"2.09.0.00.0.00.78.0000\","
	  "\"nama\":\"X\",\"bidang\":[\"2.09\"]}",
	  NULL, NULL, NULL, NULL, 400, "malformed-json", "" },
	{ "invalid UTF-8", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"Din\xff\xfe\",\"bidang\":[\"2.09\"]}", NULL, NULL, NULL,
	  NULL, 400, "malformed-json", "" },
	{ "overlong UTF-8", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"\xc0\xaf\",\"bidang\":[\"2.09\"]}", NULL, NULL, NULL, NULL,
	  400, "malformed-json", "" },
	{ "NUL escape", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"a\\u0000b\",\"bidang\":[\"2.09\"]}", NULL, NULL, NULL, NULL,
	  400, "malformed-json", "" },
	{ "unknown field", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[\"2.09\"],\"pagu\":1}", NULL, NULL, NULL,
	  NULL, 400, "invalid-input", "/pagu" },
	{ "kode is a number", "POST", NULL, "{\"kode\":209,\"nama\":\"X\",\"bidang\":[\"2.09\"]}", NULL, NULL, NULL,
	  NULL, 400, "invalid-input", "/kode" },
	{ "nama is an array", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":[\"X\"],\"bidang\":[\"2.09\"]}", NULL, NULL, NULL, NULL, 400,
	  "invalid-input", "/nama" },
	{ "bidang is a string", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":\"2.09\"}", NULL, NULL, NULL, NULL, 400,
	  "invalid-input", "/bidang" },
	{ "bidang item a number", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[\"2.09\",2]}", NULL, NULL, NULL, NULL, 400,
	  "invalid-input", "/bidang/1" },
	{ "bidang malformed", "POST", NULL, "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[\"2.9\"]}",
	  NULL, NULL, NULL, NULL, 400, "invalid-input", "/bidang/0" },
	{ "bidang unknown", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[\"2.09\",\"2.99\"]}", NULL, NULL, NULL, NULL,
	  422, "rule-violation", "/bidang/1" },
	{ "bidang empty", "POST", NULL, "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[]}", NULL,
	  NULL, NULL, NULL, 400, "invalid-input", "/bidang" },
	{ "bidang too many", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[\"2.09\",\"2.09\",\"2.09\",\"2.09\",\"2."
	  "09\","
	  "\"2.09\",\"2.09\",\"2.09\",\"2.09\",\"2.09\",\"2.09\"]}",
	  NULL, NULL, NULL, NULL, 400, "invalid-input", "/bidang" },
	{ "kode missing", "POST", NULL, "{\"nama\":\"X\",\"bidang\":[\"2.09\"]}", NULL, NULL, NULL, NULL, 400,
	  "invalid-input", "/kode" },
	{ "nama null", "POST", NULL, "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":null,\"bidang\":[\"2.09\"]}", NULL,
	  NULL, NULL, NULL, 400, "invalid-input", "/nama" },
	{ "nama blank", "POST", NULL, "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"   \",\"bidang\":[\"2.09\"]}",
	  NULL, NULL, NULL, NULL, 400, "invalid-input", "/nama" },
	{ "nama control char", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"a\\nb\",\"bidang\":[\"2.09\"]}", NULL, NULL, NULL, NULL, 400,
	  "invalid-input", "/nama" },
	{ "kode malformed", "POST", NULL, OK_BODY("2.09.0.00.0.00.7.0000"), NULL, NULL, NULL, NULL, 400,
	  "invalid-input", "/kode" },
	{ "kode with SQL", "POST", NULL, OK_BODY("2.09'; DROP TABLE opd; --"), NULL, NULL, NULL, NULL, 400,
	  "invalid-input", "/kode" },
	{ "bidang with SQL", "POST", NULL,
	  "{\"kode\":\"2.09.0.00.0.00.77.0000\",\"nama\":\"X\",\"bidang\":[\"2.09}','{1.01\"]}", NULL, NULL, NULL, NULL,
	  400, "invalid-input", "/bidang/0" },
	{ "kode exists", "POST", NULL, OK_BODY(DINKES), NULL, NULL, NULL, NULL, 409, "conflict", "/kode" },
	{ "no Idempotency-Key", "POST", NULL, OK_BODY("2.09.0.00.0.00.77.0000"), NULL, "-", NULL, NULL, 400,
	  "idempotency-key-required", "Idempotency-Key" },
	{ "Idempotency-Key with space", "POST", NULL, OK_BODY("2.09.0.00.0.00.77.0000"), NULL, "a b", NULL, NULL, 400,
	  "invalid-input", "Idempotency-Key" },
	{ "text/plain", "POST", NULL, OK_BODY("2.09.0.00.0.00.77.0000"), "Content-Type: text/plain", NULL, NULL, NULL,
	  415, "unsupported-media-type", NULL },
	{ "form encoded", "POST", NULL, "kode=1", "Content-Type: application/x-www-form-urlencoded", NULL, NULL, NULL,
	  415, "unsupported-media-type", NULL },
	{ "no token", "POST", NULL, OK_BODY("2.09.0.00.0.00.77.0000"), NULL, NULL, NULL, "", 401, "unauthenticated",
	  NULL },
	{ "wrong role", "POST", NULL, OK_BODY("2.09.0.00.0.00.77.0000"), NULL, NULL, NULL, "finance", 403, "forbidden",
	  NULL },
	{ "path traversal", "GET", "/v1/pemda/13.71/opd/../../19/opd", NULL, NULL, NULL, NULL, NULL, 404,
	  "no-such-route", NULL },
	{ "other pemda in path", "POST", "/v1/pemda/19/opd", OK_BODY("2.09.0.00.0.00.77.0000"), NULL, NULL, NULL, NULL,
	  404, "not-found", "pemda" },
	{ "SQL in path kode", "GET", "/v1/pemda/13.71/opd/1'%20OR%20'1'='1", NULL, NULL, NULL, NULL, NULL, 400,
	  "invalid-code", "kode" },
	{ "SQL in prefix", "GET", "/v1/pemda/13.71/opd?prefix=1'%20OR%201=1--", NULL, NULL, NULL, NULL, NULL, 400,
	  "invalid-code", "prefix" },
	{ "bad cursor", "GET", "/v1/pemda/13.71/opd?cursor=Jw", NULL, NULL, NULL, NULL, NULL, 400, "invalid-input",
	  "cursor" },
	{ "PATCH without If-Match", "PATCH", ONE, "{\"nama\":\"Y\"}", NULL, NULL, NULL, NULL, 428,
	  "precondition-required", "If-Match" },
	{ "PATCH garbage If-Match", "PATCH", ONE, "{\"nama\":\"Y\"}", NULL, NULL, "If-Match: *", NULL, 412,
	  "precondition-failed", "If-Match" },
	{ "PATCH stale If-Match", "PATCH", ONE, "{\"nama\":\"Y\"}", NULL, NULL, "If-Match: \"v999\"", NULL, 412,
	  "precondition-failed", "If-Match" },
	{ "PATCH nothing", "PATCH", ONE, "{}", NULL, NULL, "If-Match: \"v1\"", NULL, 400, "invalid-input", "" },
	{ "PATCH kode", "PATCH", ONE, "{\"kode\":\"1.02.0.00.0.00.09.0000\"}", NULL, NULL, "If-Match: \"v1\"", NULL,
	  400, "invalid-input", "/kode" },
	{ "PATCH unknown OPD", "PATCH", "/v1/pemda/13.71/opd/2.09.0.00.0.00.99.0000", "{\"nama\":\"Y\"}", NULL, NULL,
	  "If-Match: \"v1\"", NULL, 404, "not-found", "kode" },
	{ "PATCH singkatan too long", "PATCH", ONE,
	  "{\"singkatan\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ\"}", NULL, NULL, "If-Match: \"v1\"",
	  NULL, 400, "invalid-input", "/singkatan" },
	{ "PATCH scoped to another OPD", "PATCH", "/v1/pemda/13.71/opd/" DISDIK, "{\"nama\":\"Y\"}", NULL, NULL,
	  "If-Match: \"v1\"", "admin_scoped", 403, "forbidden", NULL },
	{ "DELETE", "DELETE", ONE, NULL, NULL, NULL, NULL, NULL, 405, "method-not-allowed", NULL },
};

static const char *tok_named(const char *name)
{
	if (!name)
		return admin;
	if (!*name)
		return NULL;
	if (!strcmp(name, "finance"))
		return finance;
	if (!strcmp(name, "admin_scoped"))
		return admin_scoped;
	return admin;
}

START_TEST(bad_input_changes_nothing)
{
	const struct bad *b = &bads[_i];
	char *before = db_digest();
	char key[300];
	const char *extra[4];
	int n = 0;
	if (!b->key)
		snprintf(key, sizeof(key), "Idempotency-Key: bad-%d", _i);
	else if (strcmp(b->key, "-") != 0)
		snprintf(key, sizeof(key), "Idempotency-Key: %s", b->key);
	if (!b->key || strcmp(b->key, "-") != 0)
		extra[n++] = key;
	if (b->if_match)
		extra[n++] = b->if_match;
	extra[n] = NULL;
	const char *hdr[8];
	int h = 0;
	char auth[128];
	const char *tok = tok_named(b->tok);
	if (tok) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
		hdr[h++] = auth;
	}
	if (b->body)
		hdr[h++] = b->ctype ? b->ctype : "Content-Type: application/json";
	for (int i = 0; i < n; i++)
		hdr[h++] = extra[i];
	hdr[h] = NULL;
	struct http_reply r;
	http_request(&H, b->method, b->path ? b->path : COL, b->body, b->body ? strlen(b->body) : 0, hdr, &r);
	ck_assert_msg(r.status == b->status, "%s: %ld, want %ld: %s", b->name, r.status, b->status, r.body);
	http_expect_problem(&r, b->status, b->slug, b->field);
	http_reply_release(&r);
	char *after = db_digest();
	ck_assert_msg(!strcmp(before, after), "%s changed the database", b->name);
	free(before);
	free(after);
}
END_TEST

START_TEST(large_and_deep_bodies_refused)
{
	char *before = db_digest();
	size_t big = 3u << 20;
	char *body = malloc(big + 1);
	memset(body, ' ', big);
	body[0] = '{';
	body[big - 1] = '}';
	body[big] = '\0';
	const char *hdr[] = { "Content-Type: application/json", "Idempotency-Key: big-1", NULL };
	char auth[128];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", admin);
	const char *hdr2[] = { auth, hdr[0], hdr[1], NULL };
	struct http_reply r;
	http_request(&H, "POST", COL, body, big, hdr2, &r);
	http_expect_problem(&r, 413, "body-too-large", NULL);
	http_reply_release(&r);
	/* 10,000 levels of nesting, inside the size limit */
	size_t depth = 10000;
	char *deep = malloc(2 * depth + 64);
	size_t o = (size_t)snprintf(deep, 64, "{\"nama\":");
	for (size_t i = 0; i < depth; i++)
		deep[o++] = '[';
	for (size_t i = 0; i < depth; i++)
		deep[o++] = ']';
	deep[o++] = '}';
	deep[o] = '\0';
	const char *hdr3[] = { auth, hdr[0], "Idempotency-Key: deep-1", NULL };
	http_request(&H, "POST", COL, deep, o, hdr3, &r);
	http_expect_problem(&r, 400, "malformed-json", "");
	http_reply_release(&r);
	char *after = db_digest();
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	free(body);
	free(deep);
}
END_TEST

START_TEST(metacharacters_stored_verbatim)
{
	static const char *const names[] = {
		"Dinas '); DROP TABLE opd; --",
		"Badan \\\"Uji\\\" % _ \\\\ $1 ${x} <script>",
		"Dinas Pangan \xe2\x80\x94 \xc3\xa9\xc3\xa8 \xf0\x9f\x8c\xbe",
	};
	for (size_t i = 0; i < 3; i++) {
		char body[512], path[128], key[64];
		snprintf(body, sizeof(body),
			 "{\"kode\":\"2.09.0.00.0.00.%02zu.0001\",\"nama\":\"%s\",\"bidang\":[\"2.09\"]}", 50 + i,
			 names[i]);
		snprintf(key, sizeof(key), "Idempotency-Key: meta-%zu", i);
		const char *extra[] = { key, NULL };
		struct http_reply r;
		http_auth(&H, "POST", COL, admin, body, extra, &r);
		ck_assert_msg(r.status == 201, "%s", r.body);
		json_t *sent = json_loads(body, 0, NULL);
		ck_assert_str_eq(jstr(r.json, "nama"), jstr(sent, "nama"));
		http_reply_release(&r);
		snprintf(path, sizeof(path), COL "/2.09.0.00.0.00.%02zu.0001", 50 + i);
		http_auth(&H, "GET", path, planner, NULL, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(jstr(r.json, "nama"), jstr(sent, "nama"));
		http_reply_release(&r);
		json_decref(sent);
	}
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *n = harness_query1(su, "SELECT count(*) FROM opd");
	ck_assert_int_gt(atoi(n), 40);
	free(n);
	PQfinish(su);
}
END_TEST

/* ---- idempotency ---- */

START_TEST(replay_and_conflicting_reuse)
{
	const char *body = "{\"kode\":\"2.09.0.00.0.00.60.0000\",\"nama\":\"Dinas Replay\",\"bidang\":[\"2.09\"]}";
	const char *extra[] = { "Idempotency-Key: replay-1", NULL };
	struct http_reply a, b, c;
	http_auth(&H, "POST", COL, admin, body, extra, &a);
	ck_assert_int_eq(a.status, 201);
	ck_assert(!a.replayed);
	http_auth(&H, "POST", COL, admin, body, extra, &b);
	ck_assert_int_eq(b.status, 201);
	ck_assert(b.replayed);
	ck_assert_str_eq(a.body, b.body);
	ck_assert_str_eq(a.etag, b.etag);
	/* same key, different request */
	const char *other = "{\"kode\":\"2.09.0.00.0.00.61.0000\",\"nama\":\"Dinas Lain\",\"bidang\":[\"2.09\"]}";
	http_auth(&H, "POST", COL, admin, other, extra, &c);
	http_expect_problem(&c, 409, "idempotency-key-reused", "Idempotency-Key");
	http_reply_release(&a);
	http_reply_release(&b);
	http_reply_release(&c);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *n = harness_query1(su, "SELECT count(*) FROM opd WHERE kode IN ('2.09.0.00.0.00.60.0000', "
				     "'2.09.0.00.0.00.61.0000')");
	ck_assert_str_eq(n, "1");
	free(n);
	/* keys are per pemda: the same key in another pemda is a new request */
	const char *body19 = "{\"kode\":\"2.09.0.00.0.00.60.0000\",\"nama\":\"Dinas Replay\",\"bidang\":[\"2.09\"]}";
	http_auth(&H, "POST", "/v1/pemda/19/opd", other_pemda_admin, body19, extra, &a);
	ck_assert_int_eq(a.status, 201);
	ck_assert(!a.replayed);
	http_reply_release(&a);
	/* the stored outcomes are append-only */
	PGresult *res = PQexec(su, "UPDATE idempotency_key SET status = 299");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "P0001");
	PQclear(res);
	PQfinish(su);
}
END_TEST

struct racer {
	const char *body;
	const char *key;
	struct http_reply r;
};

static void *race(void *p)
{
	struct racer *x = p;
	char key[64];
	snprintf(key, sizeof(key), "Idempotency-Key: %s", x->key);
	const char *extra[] = { key, NULL };
	http_auth(&H, "POST", COL, admin, x->body, extra, &x->r);
	return NULL;
}

START_TEST(fifty_concurrent_with_one_key)
{
	enum { N = 50 };
	static struct racer rs[N];
	pthread_t th[N];
	for (int i = 0; i < N; i++) {
		rs[i].body = "{\"kode\":\"2.09.0.00.0.00.70.0000\",\"nama\":\"Dinas Race\",\"bidang\":[\"2.09\"]}";
		rs[i].key = "race-1";
		ck_assert_int_eq(pthread_create(&th[i], NULL, race, &rs[i]), 0);
	}
	int fresh = 0;
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < N; i++) {
		ck_assert_msg(rs[i].r.status == 201, "%ld %s", rs[i].r.status, rs[i].r.body);
		ck_assert_str_eq(rs[i].r.body, rs[0].r.body);
		fresh += !rs[i].r.replayed;
	}
	for (int i = 0; i < N; i++)
		http_reply_release(&rs[i].r);
	ck_assert_int_eq(fresh, 1);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *n = harness_query1(su, "SELECT count(*) FROM opd_event WHERE kode = '2.09.0.00.0.00.70.0000'");
	ck_assert_str_eq(n, "1");
	free(n);
	PQfinish(su);
}
END_TEST

START_TEST(concurrent_different_requests_one_key)
{
	enum { N = 20 };
	static struct racer rs[N];
	static char bodies[N][160];
	pthread_t th[N];
	for (int i = 0; i < N; i++) {
		snprintf(bodies[i], sizeof(bodies[i]),
			 "{\"kode\":\"2.09.0.00.0.00.71.%04d\",\"nama\":\"Dinas Race %d\",\"bidang\":[\"2.09\"]}", i,
			 i);
		rs[i].body = bodies[i];
		rs[i].key = "race-2";
		ck_assert_int_eq(pthread_create(&th[i], NULL, race, &rs[i]), 0);
	}
	int created = 0, refused = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		created += rs[i].r.status == 201;
		refused += rs[i].r.status == 409;
		http_reply_release(&rs[i].r);
	}
	ck_assert_int_eq(created, 1);
	ck_assert_int_eq(refused, N - 1);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *n = harness_query1(su, "SELECT count(*) FROM opd WHERE kode LIKE '2.09.0.00.0.00.71.%'");
	ck_assert_str_eq(n, "1");
	free(n);
	PQfinish(su);
}
END_TEST

/* ---- ETags and the audit trail ---- */

START_TEST(etag_guards_changes)
{
	struct http_reply g, p1, p2;
	const char *path = COL "/" DISDIK;
	http_auth(&H, "GET", path, planner, NULL, NULL, &g);
	ck_assert_int_eq(g.status, 200);
	ck_assert(g.etag[0] == '"');
	char im[96], key1[] = "Idempotency-Key: etag-1", key2[] = "Idempotency-Key: etag-2";
	snprintf(im, sizeof(im), "If-Match: %s", g.etag);
	const char *e1[] = { key1, im, NULL };
	http_auth(&H, "PATCH", path, admin, "{\"nama\":\"Dinas Pendidikan\",\"singkatan\":null}", e1, &p1);
	ck_assert_msg(p1.status == 200, "%s", p1.body);
	ck_assert_str_eq(jstr(p1.json, "nama"), "Dinas Pendidikan");
	ck_assert(json_is_null(json_object_get(p1.json, "singkatan")));
	ck_assert_str_ne(p1.etag, g.etag);
	/* a second writer still holding the old ETag loses */
	const char *e2[] = { key2, im, NULL };
	http_auth(&H, "PATCH", path, admin, "{\"nama\":\"Dinas Lain\"}", e2, &p2);
	http_expect_problem(&p2, 412, "precondition-failed", "If-Match");
	ck_assert_str_eq(p2.etag, p1.etag);
	http_reply_release(&g);
	http_reply_release(&p1);
	http_reply_release(&p2);
	/* every version is in the audit trail, attributed to the token */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *n = harness_query1(su, "SELECT string_agg(aksi || ':' || (token_id IS NOT NULL), ',' ORDER BY versi)"
				     " FROM opd_event WHERE pemda_id = '13.71' AND kode = '" DISDIK "'");
	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_nonnull(strstr(n, "update:true"));
	free(n);
	PGresult *res = PQexec(su, "DELETE FROM opd_event");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "P0001");
	PQclear(res);
	PQfinish(su);
	PGconn *app = harness_connect(&H, HARNESS_APP);
	res = PQexec(app, "DELETE FROM opd_event");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "42501");
	PQclear(res);
	res = PQexec(app, "DELETE FROM opd");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "42501");
	PQclear(res);
	res = PQexec(app, "UPDATE opd SET kode = 'x'");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "42501");
	PQclear(res);
	PQfinish(app);
}
END_TEST

START_TEST(list_pages_in_order)
{
	struct http_reply r;
	char path[256];
	snprintf(path, sizeof(path), COL "?limit=3");
	char last[64] = "";
	int seen = 0;
	for (;;) {
		http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		size_t i;
		json_t *it;
		json_array_foreach (json_object_get(r.json, "items"), i, it) {
			ck_assert_msg(strcmp(jstr(it, "kode"), last) > 0, "%s after %s", jstr(it, "kode"), last);
			snprintf(last, sizeof(last), "%s", jstr(it, "kode"));
			seen++;
		}
		const char *next = jstr(r.json, "next_cursor");
		if (!next) {
			http_reply_release(&r);
			break;
		}
		snprintf(path, sizeof(path), COL "?limit=3&cursor=%s", next);
		http_reply_release(&r);
	}
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *n = harness_query1(su, "SELECT count(*) FROM opd WHERE pemda_id = '13.71'");
	ck_assert_int_eq(seen, atoi(n));
	free(n);
	PQfinish(su);
	http_auth(&H, "GET", COL "?prefix=7.01", planner_scoped, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 3);
	http_reply_release(&r);
}
END_TEST

START_TEST(metrics_exposed)
{
	struct http_reply r;
	http_get(&H, "/metrics", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.content_type, "text/plain"));
	ck_assert_ptr_nonnull(
		strstr(r.body, "pagu_http_requests_total{route=\"GET /v1/pemda/{pemda}/opd\",status=\"200\"}"));
	ck_assert_ptr_nonnull(strstr(
		r.body, "pagu_http_request_duration_seconds_bucket{route=\"POST /v1/pemda/{pemda}/opd\",le=\"+Inf\"}"));
	ck_assert_ptr_nonnull(strstr(r.body, "pagu_db_transaction_retries_total "));
	ck_assert_ptr_nonnull(strstr(r.body, "pagu_db_connections "));
	http_reply_release(&r);
}
END_TEST

/* Slow clients hold a connection, not a worker: others are served meanwhile. */
START_TEST(slow_clients_do_not_block)
{
	enum { N = 40 };
	int fds[N];
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)H.port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	for (int i = 0; i < N; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		ck_assert_int_ge(fds[i], 0);
		ck_assert_int_eq(connect(fds[i], (struct sockaddr *)&sa, sizeof(sa)), 0);
		/* half a request line, then nothing */
		ck_assert_int_gt(write(fds[i], "GET /v1/hea", 11), 0);
	}
	for (int k = 0; k < 10; k++) {
		struct http_reply r;
		http_auth(&H, "GET", COL "?limit=1", planner, NULL, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		http_reply_release(&r);
	}
	for (int i = 0; i < N; i++)
		close(fds[i]);
}
END_TEST

/* A connection from @src (a loopback address) to the server, sending nothing; -1 when refused. */
static int idle_from(const char *src)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	struct sockaddr_in me = { .sin_family = AF_INET },
			   sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)H.port) };
	inet_pton(AF_INET, src, &me.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&me, sizeof(me)), 0);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the server has closed @fd by now (no waiting: a connection it holds stays open). */
static bool closed_by_server(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;
	return poll(&p, 1, 0) == 1 && recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

/*
 * What answered() asks: a request the server answers and keeps the connection open after (an
 * early refusal, such as a 404 for no route, closes it, which would free the slot it held).
 */
static const char keep_req[] = "GET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n";

/*
 * Sends a request on each of the @n connections @fds (-1: none), then waits for each one's
 * answer or its close: how many the server answered. A connection the server cut (past a limit)
 * is closed without an answer. No time is guessed: each wait ends on the answer or the close (the
 * deadline only ends a hung run).
 */
static int answered(const int *fds, int n)
{
	const char *req = keep_req;
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			(void)send(fds[i], req, strlen(req), MSG_NOSIGNAL);
	int yes = 0;
	for (int i = 0; i < n; i++) {
		if (fds[i] < 0)
			continue;
		char buf[4096];
		size_t got = 0;
		while (got < 9 || !memmem(buf, got, "\r\n\r\n", 4)) {
			struct pollfd p = { .fd = fds[i], .events = POLLIN };
			ck_assert_msg(poll(&p, 1, 600 * 1000) == 1, "connection %d: neither answered nor closed", i);
			ssize_t k = recv(fds[i], buf + got, sizeof(buf) - got, 0);
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		yes += got >= 9 && !memcmp(buf, "HTTP/1.1 ", 9);
	}
	return yes;
}

/* Raises this process's open-file limit to @n (the tests hold thousands of connections). */
static void need_files(rlim_t n)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < n && rl.rlim_max >= n) {
		rl.rlim_cur = n;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	getrlimit(RLIMIT_NOFILE, &rl);
	ck_assert_msg(rl.rlim_cur >= n, "this test needs %lu open files (ulimit -n is %lu)", (unsigned long)n,
		      (unsigned long)rl.rlim_cur);
}

/*
 * A thousand idle connections (from four loopback addresses, under the per-address limit) do
 * not stop another client being served; a client past its address's limit is disconnected.
 */
START_TEST(thousand_idle_connections)
{
	need_files(2048);
	enum { IDLE = 1000, OVER = API_PER_IP_CONNECTIONS + 20 };
	static int idle[IDLE], over[OVER];
	for (int i = 0; i < IDLE; i++) {
		char src[32];
		snprintf(src, sizeof(src), "127.0.0.%d", 2 + i / 250);
		idle[i] = idle_from(src);
		ck_assert_msg(idle[i] >= 0, "idle connection %d refused", i);
	}
	for (int k = 0; k < 10; k++) {
		struct http_reply r;
		http_auth(&H, "GET", COL "?limit=1", planner, NULL, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		http_reply_release(&r);
	}
	/* the idle ones are still held, not dropped to make room */
	int dropped = 0;
	for (int i = 0; i < IDLE; i++)
		dropped += closed_by_server(idle[i]);
	ck_assert_int_eq(dropped, 0);
	/*
	 * One address past its limit: the connections beyond it are cut, those within it served.
	 * One at a time, each settled (answered, or closed) before the next is made: the count does
	 * not depend on how fast the server accepts.
	 */
	int served = 0;
	for (int i = 0; i < OVER; i++) {
		over[i] = idle_from("127.0.0.9");
		served += answered(&over[i], 1);
	}
	/* (libmicrohttpd lets the address hold its limit and one more) */
	ck_assert_msg(served >= API_PER_IP_CONNECTIONS - 1 && served <= API_PER_IP_CONNECTIONS + 1,
		      "%d of %d connections from one address served, the limit is %d", served, OVER,
		      API_PER_IP_CONNECTIONS);
	for (int i = 0; i < OVER; i++)
		if (over[i] >= 0)
			close(over[i]);
	for (int i = 0; i < IDLE; i++)
		close(idle[i]);
	/* and the server serves on */
	struct http_reply r;
	http_auth(&H, "GET", COL "?limit=1", planner, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
}
END_TEST

/* Reads what has come on @fd without waiting (the whole small answer); true when it is an answer. */
static bool answer_in(int fd)
{
	char buf[4096];
	ssize_t k = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	return k >= 9 && !memcmp(buf, "HTTP/1.1 ", 9);
}

/*
 * The server holds API_CONNECTIONS connections in all (the figure the README gives), from many
 * addresses each under its own limit; the ones past it wait to be accepted until one is closed.
 */
START_TEST(connections_in_all)
{
	enum { PER = 200, EXTRA = 40, N = API_CONNECTIONS + EXTRA };
	need_files(N + 512);
	static int fds[N];
	static bool done[N];
	static struct pollfd p[N];
	for (int i = 0; i < N; i++) {
		char src[32];
		snprintf(src, sizeof(src), "127.0.1.%d", 1 + i / PER);
		fds[i] = idle_from(src);
		ck_assert_int_ge(fds[i], 0);
		ck_assert_int_eq(send(fds[i], keep_req, strlen(keep_req), MSG_NOSIGNAL), (ssize_t)strlen(keep_req));
		done[i] = false;
	}
	/* wait until API_CONNECTIONS are answered (each wait ends on an answer; the deadline on a hang) */
	int got = 0, closed = 0;
	while (got < API_CONNECTIONS) {
		int m = 0;
		for (int i = 0; i < N; i++)
			if (!done[i])
				p[m++] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
		ck_assert_msg(poll(p, (nfds_t)m, 600 * 1000) > 0, "%d answered, then nothing", got);
		for (int k = 0; k < m; k++)
			if (p[k].revents)
				for (int i = 0; i < N; i++)
					if (fds[i] == p[k].fd) {
						ck_assert_msg(answer_in(fds[i]), "connection %d closed unanswered", i);
						done[i] = true;
						got++;
					}
	}
	/* all that has come, and is still held: no more than the limit (and the one libmicrohttpd lets past) */
	for (int i = 0; i < N; i++)
		if (!done[i] && answer_in(fds[i])) {
			done[i] = true;
			got++;
		}
	int held = 0;
	for (int i = 0; i < N; i++)
		held += done[i] && !closed_by_server(fds[i]); /* (an idle timeout may have closed some) */
	ck_assert_msg(held <= API_CONNECTIONS + 1, "%d of %d connections held at once, the limit is %d", held, N,
		      API_CONNECTIONS);
	/* room made: the waiting ones are served, none was dropped */
	for (int i = 0; i < N && closed < EXTRA; i++)
		if (done[i]) {
			close(fds[i]);
			fds[i] = -1;
			closed++;
		}
	for (int i = 0; i < N; i++) {
		if (done[i])
			continue;
		struct pollfd q = { .fd = fds[i], .events = POLLIN };
		ck_assert_msg(poll(&q, 1, 600 * 1000) == 1, "connection %d never served", i);
		ck_assert_msg(answer_in(fds[i]), "connection %d closed unanswered", i);
	}
	for (int i = 0; i < N; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	/* the README says the same figure */
	char path[4096];
	snprintf(path, sizeof(path), "%s/README.md", getenv("PAGU_SHARE"));
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	static char readme[1 << 20];
	readme[fread(readme, 1, sizeof(readme) - 1, f)] = '\0';
	fclose(f);
	char want[64];
	snprintf(want, sizeof(want), "%d,%03d connections in all", API_CONNECTIONS / 1000, API_CONNECTIONS % 1000);
	ck_assert_msg(strstr(readme, want) != NULL, "the README does not say \"%s\"", want);
	struct http_reply r;
	http_auth(&H, "GET", COL "?limit=1", planner, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
}
END_TEST

static Suite *opd_suite(void)
{
	Suite *s = suite_create("opd");
	TCase *tc = tcase_create("opd");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, bad_input_changes_nothing, 0, (int)(sizeof(bads) / sizeof(bads[0])));
	tcase_add_test(tc, large_and_deep_bodies_refused);
	tcase_add_test(tc, metacharacters_stored_verbatim);
	tcase_add_test(tc, replay_and_conflicting_reuse);
	tcase_add_test(tc, fifty_concurrent_with_one_key);
	tcase_add_test(tc, concurrent_different_requests_one_key);
	tcase_add_test(tc, etag_guards_changes);
	tcase_add_test(tc, list_pages_in_order);
	tcase_add_test(tc, metrics_exposed);
	tcase_add_test(tc, slow_clients_do_not_block);
	tcase_add_test(tc, thousand_idle_connections);
	tcase_add_test(tc, connections_in_all);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* the refused requests are checked to leave every table as it was: no background sweep may sign
	   something between the two looks (signing after a commit, which is synchronous, stays on) */
	setenv("PAGU_CHECKPOINT_INTERVAL", "0", 1);
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "admin", NULL, admin);
	harness_token_need(&H, "13.71", "planner", NULL, planner);
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	harness_token_need(&H, "13.71", "inspector", NULL, inspector);
	harness_token_need(&H, "13.71", "admin", DINKES, admin_scoped);
	harness_token_need(&H, "13.71", "planner", DINKES, planner_scoped);
	harness_token_need(&H, "19", "admin", NULL, other_pemda_admin);
	return harness_run(&H, opd_suite());
}
