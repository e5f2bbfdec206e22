/*
 * test_token_api.c - API tokens managed over the API by a pemda's admin (issue 19): create (the
 * secret shown once, never stored in clear, never replayed), list (never a secret), revoke (refused
 * at once), the admin's own token, who may (admin of the pemda only), bad input changing nothing;
 * and the request budget per token (429 with Retry-After, other tokens unaffected, refilling).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct harness H;
static char admin[HARNESS_TOKEN], admin2[HARNESS_TOKEN], finance[HARNESS_TOKEN], admin_scoped[HARNESS_TOKEN];
static char other_admin[HARNESS_TOKEN];
#define DINKES "1.02.0.00.0.00.01.0000"
#define COL "/v1/pemda/13.71/token"

static long token_count(void)
{
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	long n = harness_qlong(su, "SELECT count(*) FROM api_token");
	PQfinish(su);
	return n;
}

/* Creates a token as @as; answers its id and copies its secret to @secret. */
static long create(const char *as, const char *body, char secret[HARNESS_TOKEN])
{
	struct http_reply rep;
	http_post(&H, COL, as, body, NULL, &rep);
	ck_assert_msg(rep.status == 201, "create: %ld %s", rep.status, rep.body);
	const char *t = jstr(rep.json, "token");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(strlen(t), 48);
	ck_assert(!strncmp(t, "pagu_", 5));
	snprintf(secret, HARNESS_TOKEN, "%s", t);
	long id = (long)json_integer_value(json_object_get(rep.json, "id"));
	ck_assert_int_gt(id, 0);
	http_reply_release(&rep);
	return id;
}

/* The list item of token @id as @as (a new reference), or NULL. */
static json_t *listed(const char *as, long id, char **body)
{
	struct http_reply rep;
	http_auth(&H, "GET", COL, as, NULL, NULL, &rep);
	ck_assert_msg(rep.status == 200, "list: %ld %s", rep.status, rep.body);
	json_t *found = NULL, *it;
	size_t i;
	json_array_foreach (json_object_get(rep.json, "items"), i, it) {
		if (json_integer_value(json_object_get(it, "id")) == id)
			found = json_incref(it);
	}
	if (body)
		*body = strdup(rep.body);
	http_reply_release(&rep);
	return found;
}

static long sesi_status(const char *tok)
{
	struct http_reply rep;
	http_auth(&H, "GET", "/v1/sesi", tok, NULL, NULL, &rep);
	long st = rep.status;
	http_reply_release(&rep);
	return st;
}

START_TEST(create_list_revoke)
{
	char secret[HARNESS_TOKEN];
	long id = create(admin, "{\"nama\":\"Sistem BPKAD\",\"peran\":\"finance\"}", secret);
	/* the new token works at once, as what was asked for */
	struct http_reply rep;
	http_auth(&H, "GET", "/v1/sesi", secret, NULL, NULL, &rep);
	ck_assert_int_eq(rep.status, 200);
	ck_assert_str_eq(jstr(rep.json, "nama"), "Sistem BPKAD");
	ck_assert_str_eq(jstr(rep.json, "peran"), "finance");
	http_reply_release(&rep);
	/* the list names it, never its secret (nor its hash) */
	char *body = NULL;
	json_t *it = listed(admin, id, &body);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(jstr(it, "nama"), "Sistem BPKAD");
	ck_assert_str_eq(jstr(it, "peran"), "finance");
	ck_assert(json_is_null(json_object_get(it, "dicabut")));
	ck_assert(json_is_null(json_object_get(it, "opd_kode")));
	ck_assert(json_is_false(json_object_get(it, "ini")));
	ck_assert_ptr_nonnull(jstr(it, "dibuat"));
	ck_assert_ptr_null(json_object_get(it, "token"));
	ck_assert_ptr_null(json_object_get(it, "hash"));
	ck_assert_ptr_null(strstr(body, secret));
	ck_assert_ptr_null(strstr(body, secret + 5));
	free(body);
	json_decref(it);
	/* revoked: refused on its very next request */
	char path[96];
	snprintf(path, sizeof(path), COL "/%ld/cabut", id);
	http_post(&H, path, admin, NULL, NULL, &rep);
	ck_assert_msg(rep.status == 200, "revoke: %ld %s", rep.status, rep.body);
	http_reply_release(&rep);
	ck_assert_int_eq(sesi_status(secret), 401);
	it = listed(admin, id, NULL);
	ck_assert_ptr_nonnull(jstr(it, "dicabut"));
	json_decref(it);
	/* once revoked it is not there to revoke again */
	http_post(&H, path, admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 404, "not-found", "id");
	http_reply_release(&rep);
	/* and it stays revoked: the server's role may stamp a revocation, nobody may undo or move it */
	char undo[160], move[160];
	snprintf(undo, sizeof(undo), "UPDATE api_token SET dicabut = NULL WHERE token_id = %ld", id);
	snprintf(move, sizeof(move), "UPDATE api_token SET dicabut = dicabut + interval '1 day' WHERE token_id = %ld",
		 id);
	const char *const sql[] = { undo, move };
	harness_refused_by_all(&H, sql, 2);
	ck_assert_int_eq(sesi_status(secret), 401);
	/* a token scoped to an OPD is scoped */
	char scoped[HARNESS_TOKEN];
	create(admin, "{\"nama\":\"Aplikasi Dinkes\",\"peran\":\"planner\",\"opd_kode\":\"" DINKES "\"}", scoped);
	http_auth(&H, "GET", "/v1/sesi", scoped, NULL, NULL, &rep);
	ck_assert_int_eq(rep.status, 200);
	ck_assert_str_eq(jstr(rep.json, "opd_kode"), DINKES);
	http_reply_release(&rep);
}
END_TEST

START_TEST(only_the_admin_of_the_pemda)
{
	char secret[HARNESS_TOKEN];
	long id = create(admin, "{\"nama\":\"Sistem Bapenda\",\"peran\":\"revenue\"}", secret);
	char path[96];
	snprintf(path, sizeof(path), COL "/%ld/cabut", id);
	long before = token_count();
	const char *notadmin[] = { finance, admin_scoped };
	for (size_t i = 0; i < 2; i++) {
		struct http_reply rep;
		http_auth(&H, "GET", COL, notadmin[i], NULL, NULL, &rep);
		http_expect_problem(&rep, 403, "forbidden", NULL);
		http_reply_release(&rep);
		http_post(&H, COL, notadmin[i], "{\"nama\":\"x\",\"peran\":\"admin\"}", NULL, &rep);
		http_expect_problem(&rep, 403, "forbidden", NULL);
		http_reply_release(&rep);
		http_post(&H, path, notadmin[i], NULL, NULL, &rep);
		http_expect_problem(&rep, 403, "forbidden", NULL);
		http_reply_release(&rep);
	}
	/* another pemda's admin: the pemda is not found, and neither is this pemda's token in its own */
	struct http_reply rep;
	http_auth(&H, "GET", COL, other_admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 404, "not-found", "pemda");
	http_reply_release(&rep);
	http_post(&H, path, other_admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 404, "not-found", "pemda");
	http_reply_release(&rep);
	char other_path[96];
	snprintf(other_path, sizeof(other_path), "/v1/pemda/19/token/%ld/cabut", id);
	http_post(&H, other_path, other_admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 404, "not-found", "id");
	http_reply_release(&rep);
	/* nobody's list shows 13.71's token to 19 */
	http_auth(&H, "GET", "/v1/pemda/19/token", other_admin, NULL, NULL, &rep);
	ck_assert_int_eq(rep.status, 200);
	ck_assert_ptr_null(strstr(rep.body, "Sistem Bapenda"));
	http_reply_release(&rep);
	/* no token: 401 */
	http_auth(&H, "GET", COL, NULL, NULL, NULL, &rep);
	http_expect_problem(&rep, 401, "unauthenticated", NULL);
	http_reply_release(&rep);
	ck_assert_int_eq(token_count(), before);
	ck_assert_int_eq(sesi_status(secret), 200);
}
END_TEST

struct bad {
	const char *body;
	long status;
	const char *slug, *field;
};

START_TEST(bad_input_changes_nothing)
{
	char nama201[260] = "{\"nama\":\"";
	size_t o = strlen(nama201);
	for (int i = 0; i < 201; i++)
		nama201[o++] = 'a';
	snprintf(nama201 + o, sizeof(nama201) - o, "\",\"peran\":\"admin\"}");
	const struct bad bads[] = {
		{ "{\"peran\":\"admin\"}", 400, "invalid-input", "/nama" },
		{ "{\"nama\":\"Sistem\"}", 400, "invalid-input", "/peran" },
		{ "{\"nama\":\"\",\"peran\":\"admin\"}", 400, "invalid-input", "/nama" },
		{ "{\"nama\":\"   \",\"peran\":\"admin\"}", 400, "invalid-input", "/nama" },
		{ nama201, 400, "invalid-input", "/nama" },
		{ "{\"nama\":\"Sistem\",\"peran\":\"raja\"}", 400, "invalid-input", "/peran" },
		{ "{\"nama\":\"Sistem\",\"peran\":7}", 400, "invalid-input", "/peran" },
		{ "{\"nama\":\"Sistem\",\"peran\":\"admin\",\"rahasia\":\"x\"}", 400, "invalid-input", "/rahasia" },
		{ "{\"nama\":\"Sistem\",\"peran\":\"planner\",\"opd_kode\":\"bukan kode\"}", 400, "invalid-input",
		  "/opd_kode" },
		{ "{\"nama\":\"Sistem\",\"peran\":\"planner\",\"opd_kode\":\"2.09.0.00.0.00.77.0000\"}", 422,
		  "rule-violation", "/opd_kode" },
		{ "{\"nama\":", 400, "malformed-json", "" },
	};
	long before = token_count();
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct http_reply rep;
		http_post(&H, COL, admin, bads[i].body, NULL, &rep);
		ck_assert_msg(rep.status == bads[i].status, "%s: %ld %s", bads[i].body, rep.status, rep.body);
		http_expect_problem(&rep, bads[i].status, bads[i].slug, bads[i].field);
		/* in Bahasa Indonesia by default */
		ck_assert_ptr_nonnull(jstr(rep.json, "detail"));
		http_reply_release(&rep);
	}
	struct http_reply rep;
	http_post(&H, COL "/abc/cabut", admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 400, "invalid-input", "id");
	ck_assert_ptr_nonnull(strstr(jstr(rep.json, "detail"), "bukan nomor token"));
	http_reply_release(&rep);
	http_post(&H, COL "/0/cabut", admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 400, "invalid-input", "id");
	http_reply_release(&rep);
	http_post(&H, COL "/99999999/cabut", admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 404, "not-found", "id");
	http_reply_release(&rep);
	http_post(&H, COL "/1/cabut?sendiri=tidak", admin, NULL, NULL, &rep);
	http_expect_problem(&rep, 400, "invalid-input", "sendiri");
	http_reply_release(&rep);
	/* without an Idempotency-Key */
	http_auth(&H, "POST", COL, admin, "{\"nama\":\"Sistem\",\"peran\":\"admin\"}", NULL, &rep);
	http_expect_problem(&rep, 400, "idempotency-key-required", "Idempotency-Key");
	http_reply_release(&rep);
	ck_assert_int_eq(token_count(), before);
}
END_TEST

START_TEST(replay_never_hands_out_the_secret)
{
	const char *body = "{\"nama\":\"Sistem Replay\",\"peran\":\"inspector\"}";
	char key[64];
	snprintf(key, sizeof(key), "token-replay-%ld", (long)time(NULL));
	struct http_reply rep;
	http_post(&H, COL, admin, body, key, &rep);
	ck_assert_int_eq(rep.status, 201);
	ck_assert(!rep.replayed);
	char secret[HARNESS_TOKEN];
	snprintf(secret, sizeof(secret), "%s", jstr(rep.json, "token"));
	long id = (long)json_integer_value(json_object_get(rep.json, "id"));
	http_reply_release(&rep);
	long before = token_count();
	/* the same request again, by the same admin and by another: the same token, no secret */
	const char *who[] = { admin, admin2 };
	for (size_t i = 0; i < 2; i++) {
		http_post(&H, COL, who[i], body, key, &rep);
		ck_assert_int_eq(rep.status, 201);
		ck_assert(rep.replayed);
		ck_assert_int_eq(json_integer_value(json_object_get(rep.json, "id")), id);
		ck_assert(json_is_null(json_object_get(rep.json, "token")));
		ck_assert_ptr_null(strstr(rep.body, secret + 5));
		http_reply_release(&rep);
	}
	ck_assert_int_eq(token_count(), before);
	/* and the secret is nowhere in the database in clear */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM idempotency_key WHERE response::text LIKE '%%%s%%'",
		 secret + 5);
	ck_assert_int_eq(harness_qlong(su, "%s", sql), 0);
	PQfinish(su);
	ck_assert_int_eq(sesi_status(secret), 200);
}
END_TEST

START_TEST(own_token_only_when_said)
{
	char mine[HARNESS_TOKEN];
	long id = create(admin, "{\"nama\":\"Admin sementara\",\"peran\":\"admin\"}", mine);
	/* it sees itself marked */
	json_t *it = listed(mine, id, NULL);
	ck_assert(json_is_true(json_object_get(it, "ini")));
	json_decref(it);
	char path[96], yes[112];
	snprintf(path, sizeof(path), COL "/%ld/cabut", id);
	snprintf(yes, sizeof(yes), "%s?sendiri=ya", path);
	struct http_reply rep;
	http_post(&H, path, mine, NULL, NULL, &rep);
	http_expect_problem(&rep, 409, "conflict", "sendiri");
	ck_assert_ptr_nonnull(strstr(jstr(rep.json, "detail"), "sedang Anda pakai"));
	http_reply_release(&rep);
	ck_assert_int_eq(sesi_status(mine), 200);
	http_post(&H, yes, mine, NULL, NULL, &rep);
	ck_assert_int_eq(rep.status, 200);
	http_reply_release(&rep);
	ck_assert_int_eq(sesi_status(mine), 401);
}
END_TEST

/* ---- the request budget (the server restarted with --budget's env PAGU_BUDGET=1:5) ---- */

START_TEST(budget_refuses_then_refills)
{
	char a[HARNESS_TOKEN], b[HARNESS_TOKEN];
	create(admin, "{\"nama\":\"Klien cepat\",\"peran\":\"finance\"}", a);
	create(admin, "{\"nama\":\"Klien lain\",\"peran\":\"finance\"}", b);
	/* a burst of 5: the sixth or so is refused (one more may have come back meanwhile at 1/s) */
	int ok = 0;
	long retry = 0;
	struct http_reply rep;
	for (int i = 0; i < 12 && !retry; i++) {
		http_auth(&H, "GET", "/v1/sesi", a, NULL, NULL, &rep);
		if (rep.status == 200) {
			ok++;
		} else {
			http_expect_problem(&rep, 429, "too-many-requests", NULL);
			ck_assert_ptr_nonnull(strstr(jstr(rep.json, "detail"), "Terlalu banyak permintaan"));
			retry = (long)json_integer_value(json_object_get(rep.json, "retry_after"));
		}
		http_reply_release(&rep);
	}
	ck_assert_msg(ok >= 5 && ok <= 7, "%d requests passed before the first refusal", ok);
	ck_assert_int_ge(retry, 1);
	/* the header says the same: raw, as a client reads it */
	char req[512], out[8192];
	snprintf(req, sizeof(req),
		 "GET /v1/sesi HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n",
		 a);
	http_raw(&H, req, strlen(req), out, sizeof(out));
	ck_assert_msg(strstr(out, " 429 ") != NULL, "%s", out);
	const char *ra = strcasestr(out, "\r\nRetry-After: ");
	ck_assert_msg(ra != NULL, "%s", out);
	ck_assert_int_ge(atol(ra + 15), 1);
	/* another token is not touched by it; nor a public route */
	ck_assert_int_eq(sesi_status(b), 200);
	http_get(&H, "/v1/health", &rep);
	ck_assert_int_eq(rep.status, 200);
	http_reply_release(&rep);
	/* counted in /metrics */
	http_get(&H, "/metrics", &rep);
	ck_assert_int_eq(rep.status, 200);
	const char *m = strstr(rep.body, "\npagu_budget_refused_total ");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_ge(atol(m + strlen("\npagu_budget_refused_total ")), 2);
	ck_assert_ptr_nonnull(strstr(rep.body, "route=\"GET /v1/sesi\",status=\"429\""));
	http_reply_release(&rep);
	/* it refills: answered again once the time the server named has passed (deadline, not a guess) */
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long st = 429;
	while (st != 200) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		ck_assert_msg(t.tv_sec - t0.tv_sec < retry + 10, "still refused %ld s after Retry-After %ld",
			      (long)(t.tv_sec - t0.tv_sec), retry);
		nanosleep(&(struct timespec){ 0, 200 * 1000 * 1000 }, NULL);
		st = sesi_status(a);
		ck_assert(st == 200 || st == 429);
	}
}
END_TEST

START_TEST(budget_option_checked)
{
	/* a malformed budget stops the server before it listens */
	const char *bad[] = { "--budget=0:5", "--budget=5", "--budget=5:0", "--budget=x:y", "--budget=5:5:5" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(harness_pagu(&H, bad[i], "--listen=127.0.0.1:0", "serve", NULL) != 0, "%s accepted",
			      bad[i]);
}
END_TEST

static void budget_on(void)
{
	ck_assert_int_eq(harness_stop_server(&H), 0);
	setenv("PAGU_BUDGET", "1:5", 1);
	harness_start_server(&H);
}

static Suite *token_suite(void)
{
	Suite *s = suite_create("token_api");
	TCase *tc = tcase_create("token");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, create_list_revoke);
	tcase_add_test(tc, only_the_admin_of_the_pemda);
	tcase_add_test(tc, bad_input_changes_nothing);
	tcase_add_test(tc, replay_never_hands_out_the_secret);
	tcase_add_test(tc, own_token_only_when_said);
	suite_add_tcase(s, tc);
	TCase *bu = tcase_create("budget");
	tcase_set_timeout(bu, 120);
	tcase_add_unchecked_fixture(bu, budget_on, NULL);
	tcase_add_test(bu, budget_refuses_then_refills);
	tcase_add_test(bu, budget_option_checked);
	suite_add_tcase(s, bu);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "admin", NULL, admin);
	harness_token_need(&H, "13.71", "admin", NULL, admin2);
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	harness_token_need(&H, "13.71", "admin", DINKES, admin_scoped);
	harness_token_need(&H, "19", "admin", NULL, other_admin);
	return harness_run(&H, token_suite());
}
