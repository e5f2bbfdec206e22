/*
 * test_serang.c - the accounts, sessions and sign-in attacked over the real server (issue 19): odd
 * cookies and headers, malformed sign-in bodies and JSON of the wrong type on every account route
 * (always a 4xx, never a 5xx), session fixation and the cookie after each way a session ends,
 * Bearer beside a cookie, CSRF, guessing second factors and one-time codes, the per-address limit,
 * and an admin's privileges. The server runs with PAGU_SECURE_COOKIES=1 (the cookie is Secure).
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <time.h>

#include "harness.h"

static struct harness H;
static char admin[HARNESS_TOKEN], planner[HARNESS_TOKEN], other_admin[HARNESS_TOKEN];

#define SANDI "rumah gadang di tepi batang arau"

/* Every sign-in attempt so far moved out of the 15-minute windows (the clock moving on). */
static void attempts_forgotten(void)
{
	harness_tamper(&H, "UPDATE masuk_gagal SET waktu = waktu - interval '1 hour'");
}

/* A reply that is a client's fault or a success, never the server's (nor a dropped connection). */
static void not_5xx(const struct http_reply *r, const char *what)
{
	ck_assert_msg(r->status >= 200 && r->status < 500, "%s: %ld %s", what, r->status, r->body ? r->body : "");
}

/* A request with the given raw headers (NULL-terminated) and a JSON body (NULL: none). */
static void raw_req(const char *method, const char *path, const char *const *hdr, const char *body, size_t len,
		    struct http_reply *out)
{
	http_request(&H, method, path, body, len, hdr, out);
}

/* POST /v1/masuk with body @body of @len bytes. */
static void masuk_raw(const char *body, size_t len, struct http_reply *out)
{
	const char *hdr[] = { "Content-Type: application/json", NULL };
	raw_req("POST", "/v1/masuk", hdr, body, len, out);
}

START_TEST(odd_cookies_and_csrf_headers_are_refused_never_a_5xx)
{
	struct harness_sesi s;
	harness_sesi_need(&H, "13.71", admin, "198101012005011001", "[\"planner\"]", NULL, SANDI, &s);
	static char big[10 * 1024 + 40];
	snprintf(big, sizeof(big), "Cookie: pagu_sesi=");
	memset(big + strlen(big), 'A', 10 * 1024);
	char several[256], twice_good_first[256], twice_bad_first[256], quoted[256], other[200];
	snprintf(several, sizeof(several), "Cookie: a=b; pagu_sesi=%s; c=d", s.cookie);
	snprintf(twice_good_first, sizeof(twice_good_first), "Cookie: pagu_sesi=%s; pagu_sesi=xyz", s.cookie);
	snprintf(twice_bad_first, sizeof(twice_bad_first), "Cookie: pagu_sesi=xyz; pagu_sesi=%s", s.cookie);
	snprintf(quoted, sizeof(quoted), "Cookie: pagu_sesi=\"%s\"", s.cookie);
	snprintf(other, sizeof(other), "Cookie: pagu_sesi=%.42s!", s.cookie);
	const char *cookies[] = { several,
				  twice_good_first,
				  twice_bad_first,
				  quoted,
				  other,
				  "Cookie: pagu_sesi=",
				  "Cookie: pagu_sesi",
				  "Cookie: ;;;=;=",
				  "Cookie: pagu_sesi=%00%ff%fe",
				  "Cookie: pagu_sesi=\xff\xfe\xfd",
				  "Cookie: pagu_sesi=====================================================",
				  big };
	for (size_t i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++) {
		const char *hdr[] = { cookies[i], NULL };
		struct http_reply r;
		raw_req("GET", "/v1/sesi", hdr, NULL, 0, &r);
		not_5xx(&r, cookies[i] == big ? "10 KB cookie" : cookies[i]);
		/* only the real secret, alone or among other cookies, is a session */
		if (i == 0)
			ck_assert_int_eq(r.status, 200);
		else if (i >= 4) /* several, twice, quoted: whichever the parser picks, never a 5xx */
			ck_assert_msg(r.status == 401 || r.status == 431 || r.status == 400, "%s: %ld", cookies[i],
				      r.status);
		http_reply_release(&r);
	}
	/* X-CSRF-Token: odd values, another session's token, Origin null, a text/plain body */
	struct harness_sesi s2;
	struct http_reply r;
	harness_masuk(&H, "198101012005011001", SANDI, NULL, 200, &s2, &r);
	http_reply_release(&r);
	char ck[128];
	snprintf(ck, sizeof(ck), "Cookie: pagu_sesi=%s", s.cookie);
	static char bigtok[10 * 1024 + 40];
	snprintf(bigtok, sizeof(bigtok), "X-CSRF-Token: ");
	memset(bigtok + strlen(bigtok), 'f', 10 * 1024);
	char theirs[120];
	snprintf(theirs, sizeof(theirs), "X-CSRF-Token: %s", s2.csrf);
	char upper[120];
	snprintf(upper, sizeof(upper), "X-CSRF-Token: %s", s.csrf);
	for (char *p = upper + 14; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	const char *tokens[] = {
		"X-CSRF-Token:", "X-CSRF-Token: \xff\xfe",
		theirs,		 bigtok,
		upper,		 "X-CSRF-Token: 0000000000000000000000000000000000000000000000000000000000000000"
	};
	for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
		const char *hdr[] = { ck, tokens[i], NULL };
		raw_req("POST", "/v1/akun/sesi/akhiri-semua", hdr, NULL, 0, &r);
		not_5xx(&r, tokens[i] == bigtok ? "10 KB token" : tokens[i]);
		ck_assert_msg(r.status == 403 || r.status == 431 || r.status == 400, "%s: %ld", tokens[i], r.status);
		http_reply_release(&r);
	}
	char mine[120];
	snprintf(mine, sizeof(mine), "X-CSRF-Token: %s", s.csrf);
	const char *null_origin[] = { ck, mine, "Origin: null", NULL };
	raw_req("POST", "/v1/akun/sesi/akhiri-semua", null_origin, NULL, 0, &r);
	http_expect_problem(&r, 403, "cross-site-refused", "Origin");
	http_reply_release(&r);
	/* a plain-HTTP origin is not this server's when it says it is behind TLS */
	char http_origin[120];
	snprintf(http_origin, sizeof(http_origin), "Origin: http://127.0.0.1:%u", H.port);
	const char *plain[] = { ck, mine, http_origin, NULL };
	raw_req("POST", "/v1/akun/sesi/akhiri-semua", plain, NULL, 0, &r);
	http_expect_problem(&r, 403, "cross-site-refused", "Origin");
	http_reply_release(&r);
	/* a form's text/plain body without the token: refused before anything is read */
	const char *form[] = { ck, "Content-Type: text/plain", NULL };
	raw_req("POST", "/v1/akun/sandi", form, "{\"sandi_baru\": \"x\"}", 19, &r);
	http_expect_problem(&r, 403, "cross-site-refused", "X-CSRF-Token");
	http_reply_release(&r);
	/* both sessions still live: nothing above ended them */
	const char *get[] = { ck, NULL };
	raw_req("GET", "/v1/akun/sesi", get, NULL, 0, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 2);
	http_reply_release(&r);
}
END_TEST

START_TEST(malformed_sign_in_bodies_are_4xx)
{
	static char mega[1024 * 1024 + 64];
	snprintf(mega, sizeof(mega), "{\"nip\": \"198101012005011001\", \"sandi\": \"");
	size_t o = strlen(mega);
	memset(mega + o, 'x', 1024 * 1024);
	snprintf(mega + o + 1024 * 1024, 8, "\"}");
	char longnip[256];
	snprintf(longnip, sizeof(longnip), "{\"nip\": \"%0200d\", \"sandi\": \"x\"}", 7);
	/* 62 ASCII bytes then a two-byte character: 64 bytes, the NIP limit, the cut falling inside it */
	char cut[200];
	snprintf(cut, sizeof(cut), "{\"nip\": \"%062d\xc3\xa9\", \"sandi\": \"bukan sandi yang benar\"}", 1);
	struct {
		const char *body;
		size_t len;
	} b[] = {
		{ "", 0 },
		{ "null", 4 },
		{ "[]", 2 },
		{ "\"nip\"", 5 },
		{ "{", 1 },
		{ "{\"nip\": 198101012005011001, \"sandi\": \"x\"}", 0 },
		{ "{\"nip\": [\"198101012005011001\"], \"sandi\": \"x\"}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": {\"a\": 1}}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": true}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": null}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": \"x\", \"kode\": 123456}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": \"x\", \"kode\": [\"1\"]}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": \"x\", \"nip\": \"2\"}", 0 },
		{ "{\"nip\": \"1981\\u0000\", \"sandi\": \"x\"}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": \"\xff\xfe\xc3\"}", 0 },
		{ "{\"nip\": \"\xed\xa0\x80\", \"sandi\": \"x\"}", 0 },
		{ "{\"nip\": \"\\ud800\", \"sandi\": \"x\"}", 0 },
		{ "{\"nip\": \"198101012005011001\", \"sandi\": \"x\", \"lain\": 1}", 0 },
		{ longnip, 0 },
		{ mega, 0 },
	};
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		struct http_reply r;
		masuk_raw(b[i].body, b[i].len ? b[i].len : strlen(b[i].body), &r);
		ck_assert_msg(r.status >= 400 && r.status < 500, "body %zu: %ld %.200s", i, r.status, r.body);
		http_reply_release(&r);
	}
	/* well-formed but odd: unicode, a NIP at the limit whose cut would split a character, letters as
	   a code: a plain 401, and each attempt recorded */
	const char *odd[] = {
		cut,
		"{\"nip\": \"\xe2\x80\xae\xf0\x9f\x98\x80 nip\", \"sandi\": \"bukan sandi yang benar\"}",
		"{\"nip\": \"198101012005011001\", \"sandi\": \"bukan sandi yang benar\", \"kode\": \"abcdef\"}",
		"{\"nip\": \"198101012005011001\", \"sandi\": \"bukan sandi yang benar\", \"kode\": "
		"\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\"}",
		"{\"nip\": \"198101012005011001\", \"sandi\": \"\", \"kode\": \"\"}",
		"{\"nip\": \"\", \"sandi\": \"\"}",
	};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		struct http_reply r;
		masuk_raw(odd[i], strlen(odd[i]), &r);
		ck_assert_msg(r.status == 401, "odd %zu: %ld %.300s", i, r.status, r.body);
		http_reply_release(&r);
	}
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	ck_assert_int_ge(harness_qlong(su, "SELECT count(*) FROM masuk_gagal WHERE nip LIKE '%%nip'"), 1);
	ck_assert_int_ge(harness_qlong(su, "SELECT count(*) FROM masuk_gagal WHERE nip LIKE '00000%%'"), 1);
	PQfinish(su);
	attempts_forgotten();
}
END_TEST

/* Bodies of the wrong JSON type for each field of each account route: 4xx, nothing changed. */
START_TEST(json_of_the_wrong_type_on_every_account_route_is_4xx)
{
	struct harness_sesi s;
	long id = harness_sesi_need(&H, "13.71", admin, "198101012005011002", "[\"planner\"]", NULL, SANDI, &s);
	char p_id[80], p_reset[96];
	snprintf(p_id, sizeof(p_id), "/v1/pemda/13.71/pengguna/%ld", id);
	snprintf(p_reset, sizeof(p_reset), "/v1/pemda/13.71/pengguna/%ld/reset", id);
	const struct {
		const char *method, *path;
		bool sesi;
		const char *fields[6];
	} routes[] = {
		{ "POST", "/v1/akun/sandi", true, { "sandi_lama", "sandi_baru" } },
		{ "POST", "/v1/akun/totp/aktif", true, { "kode" } },
		{ "POST",
		  "/v1/pemda/13.71/pengguna",
		  false,
		  { "nip", "username", "nama", "jabatan", "peran", "opd_kode" } },
		{ "PATCH", p_id, false, { "nama", "jabatan", "peran", "opd_kode" } },
		{ "POST", p_reset, false, { "hapus_totp" } },
		{ "PUT", "/v1/pemda/13.71/pengaturan/keamanan", false, { "totp_wajib", "idle_menit", "mutlak_jam" } },
		{ "POST", "/v1/pemda/13.71/token", false, { "nama", "peran", "opd_kode" } },
	};
	const char *wrong[] = { "1",	      "-1",	"1.5",	"1e400", "true",  "{}",		 "[]",
				"[1]",	      "[null]", "[[]]", "\"\"",	 "\"x\"", "[\"bukan\"]", "99999999999999999999",
				"\"\\u0000\"" };
	const char *whole[] = { "null", "[]", "1", "\"x\"", "{\"a\":", "{}" };
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		for (size_t w = 0; w < sizeof(whole) / sizeof(whole[0]); w++) {
			struct http_reply r;
			if (routes[i].sesi)
				http_sesi(&H, routes[i].method, routes[i].path, &s, whole[w], NULL, &r);
			else
				http_call(&H, routes[i].method, routes[i].path, admin, whole[w], 0, &r);
			/* {} is a valid PATCH (nothing changed) and a valid reset (hapus_totp false) */
			if (r.status < 300 && !strcmp(whole[w], "{}"))
				ck_assert_msg(!strcmp(routes[i].method, "PATCH") || strstr(routes[i].path, "reset"),
					      "%s %s {}: %ld", routes[i].method, routes[i].path, r.status);
			else
				ck_assert_msg(r.status >= 400 && r.status < 500, "%s %s %s: %ld %.300s",
					      routes[i].method, routes[i].path, whole[w], r.status, r.body);
			http_reply_release(&r);
		}
		for (size_t f = 0; f < 6 && routes[i].fields[f]; f++) {
			for (size_t w = 0; w < sizeof(wrong) / sizeof(wrong[0]); w++) {
				char body[256];
				if (!strcmp(routes[i].fields[f], "hapus_totp") && !strcmp(wrong[w], "true"))
					continue; /* the one right value */
				snprintf(body, sizeof(body), "{\"%s\": %s}", routes[i].fields[f], wrong[w]);
				struct http_reply r;
				if (routes[i].sesi)
					http_sesi(&H, routes[i].method, routes[i].path, &s, body, NULL, &r);
				else
					http_call(&H, routes[i].method, routes[i].path, admin, body, 0, &r);
				/* a PATCH of one field may be right (a name "x"); never a 5xx */
				not_5xx(&r, body);
				if (strcmp(routes[i].method, "PATCH") != 0)
					ck_assert_msg(r.status >= 400, "%s %s %s: %ld %.300s", routes[i].method,
						      routes[i].path, body, r.status, r.body);
				http_reply_release(&r);
			}
		}
	}
	/* the person is as made: still a planner of no OPD, still signed in */
	struct http_reply r;
	http_auth(&H, "GET", p_id, admin, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "peran")), 1);
	ck_assert(json_is_null(json_object_get(r.json, "opd_kode")));
	http_reply_release(&r);
	attempts_forgotten();
}
END_TEST

START_TEST(a_session_ends_with_each_way_it_should_and_fixation_fails)
{
	const char *nip = "198101012005011003";
	struct harness_sesi s, s2, s3;
	long id = harness_sesi_need(&H, "13.71", admin, nip, "[\"planner\"]", NULL, SANDI, &s);
	struct http_reply r;
	/* fixation: signing in while sending a cookie (one planted, or an old one) makes a new secret */
	char ck[128];
	snprintf(ck, sizeof(ck), "Cookie: pagu_sesi=%s", s.cookie);
	const char *hdr[] = { ck, "Content-Type: application/json", NULL };
	const char *body = "{\"nip\": \"198101012005011003\", \"sandi\": \"" SANDI "\"}";
	raw_req("POST", "/v1/masuk", hdr, body, strlen(body), &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(strstr(r.set_cookie, s.cookie));
	/* the cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS, and no lifetime of its own (the
	   browser forgets it when closed; the server keeps the idle and absolute expiries) */
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "; HttpOnly"));
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "; SameSite=Strict"));
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "; Path=/"));
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "; Secure"));
	ck_assert_ptr_null(strstr(r.set_cookie, "Max-Age"));
	ck_assert_ptr_null(strstr(r.set_cookie, "Expires"));
	http_reply_release(&r);
	/* a password change ends the others */
	harness_masuk(&H, nip, SANDI, NULL, 200, &s2, &r);
	http_reply_release(&r);
	http_sesi(&H, "POST", "/v1/akun/sandi", &s,
		  "{\"sandi_lama\": \"" SANDI "\", \"sandi_baru\": \"jembatan siti nurbaya di muaro\"}", NULL, &r);
	ck_assert_msg(r.status == 204, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	http_sesi(&H, "GET", "/v1/sesi", &s2, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "Max-Age=0"));
	http_reply_release(&r);
	http_sesi(&H, "GET", "/v1/sesi", &s, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	/* a role change applies to a live session at its next request (roles are read each time) */
	char path[96];
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld", id);
	ck_assert_int_eq(http_call(&H, "PATCH", path, admin, "{\"peran\": [\"inspector\"]}", 0, &r), 200);
	http_reply_release(&r);
	http_sesi(&H, "GET", "/v1/sesi", &s, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "peran"), "inspector");
	http_reply_release(&r);
	/* another pemda's session on this pemda's paths: 404 */
	struct harness_sesi lain;
	harness_sesi_need(&H, "19", other_admin, "198101012005011004", "[\"planner\"]", NULL, SANDI, &lain);
	http_sesi(&H, "GET", "/v1/pemda/13.71/opd", &lain, NULL, NULL, &r);
	http_expect_problem(&r, 404, "not-found", "pemda");
	http_reply_release(&r);
	http_sesi(&H, "GET", path, &lain, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 404);
	http_reply_release(&r);
	/* Bearer wins over a cookie: an inspector's session with a planner's token is the planner */
	char bearer[100];
	snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s", planner);
	const char *both[] = { bearer, NULL };
	http_sesi(&H, "GET", "/v1/sesi", &s, NULL, both, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "jenis"), "token");
	ck_assert_str_eq(jstr(r.json, "peran"), "planner");
	http_reply_release(&r);
	/* a broken bearer beside a good cookie is still refused (no fall-back to the cookie) */
	const char *bad[] = { "Authorization: Bearer bukan-token", NULL };
	http_sesi(&H, "GET", "/v1/sesi", &s, NULL, bad, &r);
	ck_assert_int_eq(r.status, 401);
	http_reply_release(&r);
	const char *basic[] = { "Authorization: Basic YTpi", NULL };
	http_sesi(&H, "GET", "/v1/sesi", &s, NULL, basic, &r);
	ck_assert_int_eq(r.status, 401);
	http_reply_release(&r);
	/* a reset, then a disable, end it; the old cookie never comes back on re-enable */
	harness_masuk(&H, nip, "jembatan siti nurbaya di muaro", NULL, 200, &s3, &r);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/nonaktif", id);
	http_post(&H, path, admin, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/aktif", id);
	http_post(&H, path, admin, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	http_sesi(&H, "GET", "/v1/sesi", &s3, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	http_sesi(&H, "GET", "/v1/sesi", &s, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
}
END_TEST

START_TEST(guessing_a_second_factor_or_a_one_time_code_locks_like_a_password)
{
	/* a person with TOTP: the password is known to the attacker, the codes are guessed */
	const char *nip = "198101012005011005";
	struct harness_sesi s;
	harness_sesi_need(&H, "13.71", admin, nip, "[\"planner\"]", NULL, SANDI, &s);
	struct http_reply r;
	http_sesi(&H, "POST", "/v1/akun/totp", &s, NULL, NULL, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	char b32[64], code[7], body[64];
	snprintf(b32, sizeof(b32), "%s", jstr(r.json, "rahasia"));
	http_reply_release(&r);
	harness_totp(b32, time(NULL), code);
	snprintf(body, sizeof(body), "{\"kode\": \"%s\"}", code);
	http_sesi(&H, "POST", "/v1/akun/totp/aktif", &s, body, NULL, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	/* wrong TOTP codes and recovery-shaped guesses: each a failure */
	const char *guesses[] = { "000000", "111111", "aaaa-bbbb-cccc-dddd", "222222", "zzzz-zzzz-zzzz-zzzz" };
	for (size_t i = 0; i < 5; i++) {
		harness_masuk(&H, nip, SANDI, guesses[i], 401, NULL, &r);
		http_expect_problem(&r, 401, "second-factor-required", "/kode");
		http_reply_release(&r);
	}
	/* now even the right code waits, and the answer is the one a wrong password gets */
	harness_totp(b32, time(NULL) + 30, code);
	harness_masuk(&H, nip, SANDI, code, 429, NULL, &r);
	http_expect_problem(&r, 429, "too-many-requests", NULL);
	int ra = atoi(r.retry_after);
	ck_assert_int_gt(ra, 0);
	ck_assert_msg(strspn(r.retry_after, "0123456789") == strlen(r.retry_after), "%s", r.retry_after);
	struct http_reply w;
	harness_masuk(&H, nip, "bukan sandi yang benar sama sekali", NULL, 429, NULL, &w);
	ck_assert_str_eq(jstr(w.json, "type"), jstr(r.json, "type"));
	ck_assert_int_eq(json_object_size(w.json), json_object_size(r.json));
	http_reply_release(&w);
	http_reply_release(&r);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	ck_assert_int_eq(
		harness_qlong(su, "SELECT count(*) FROM masuk_gagal WHERE nip = '%s' AND alasan = 'kode'", nip), 5);
	PQfinish(su);
	attempts_forgotten();

	/* one-time codes guessed in place of a password: counted the same */
	char kode[32];
	const char *nip2 = "198101012005011006";
	harness_pengguna_create(&H, "13.71", admin, nip2, "[\"planner\"]", NULL, kode);
	for (int i = 0; i < 5; i++) {
		harness_masuk(&H, nip2, "abcd-efgh-jkmn-pqrs", NULL, 401, NULL, &r);
		http_reply_release(&r);
	}
	harness_masuk(&H, nip2, kode, NULL, 429, NULL, &r);
	ck_assert_int_gt(atoi(r.retry_after), 0);
	http_reply_release(&r);
	attempts_forgotten();
	harness_masuk(&H, nip2, kode, NULL, 200, &s, &r);
	http_reply_release(&r);
}
END_TEST

START_TEST(the_per_address_limit_holds_for_every_account)
{
	struct harness_sesi s;
	const char *nip = "198101012005011007";
	harness_sesi_need(&H, "13.71", admin, nip, "[\"planner\"]", NULL, SANDI, &s);
	attempts_forgotten();
	struct http_reply r;
	/* 20 different NIPs, each failing once: no account is slowed, the address is */
	for (int i = 0; i < 20; i++) {
		char n[24];
		snprintf(n, sizeof(n), "1990010120050110%02d", i);
		harness_masuk(&H, n, "bukan sandi yang benar", NULL, 401, NULL, &r);
		http_reply_release(&r);
	}
	harness_masuk(&H, nip, SANDI, NULL, 429, NULL, &r);
	int ra = atoi(r.retry_after);
	ck_assert_msg(ra > 14 * 60 && ra <= 15 * 60, "%s", r.retry_after);
	http_reply_release(&r);
	attempts_forgotten();
	harness_masuk(&H, nip, SANDI, NULL, 200, &s, &r);
	http_reply_release(&r);
}
END_TEST

/* Sign-in attempts for one account sent at once: the limit counts each, none slips in beside another. */
#define RACERS 16
static pthread_barrier_t race_start;
static long race_status[RACERS];

static char race_nip[24];

static void *racer(void *arg)
{
	long i = (long)(intptr_t)arg;
	struct http_reply r;
	char body[128];
	snprintf(body, sizeof(body), "{\"nip\": \"%s\", \"sandi\": \"bukan sandi yang benar sama sekali\"}", race_nip);
	pthread_barrier_wait(&race_start);
	masuk_raw(body, strlen(body), &r);
	race_status[i] = r.status;
	if (r.status == 429 && atoi(r.retry_after) <= 0)
		race_status[i] = -429; /* a 429 without a positive Retry-After */
	http_reply_release(&r);
	return NULL;
}

START_TEST(attempts_sent_at_once_do_not_slip_past_the_limit)
{
	struct harness_sesi s;
	const char *nip = "198101012005011010";
	harness_sesi_need(&H, "13.71", admin, nip, "[\"planner\"]", NULL, SANDI, &s);
	/* a known account, then unknown NIPs (counted the same): several rounds, as a race may be lost */
	for (int round = 0; round < 6; round++) {
		attempts_forgotten();
		snprintf(race_nip, sizeof(race_nip), "1981010120050110%02d", 10 + round * 7);
		pthread_t t[RACERS];
		ck_assert_int_eq(pthread_barrier_init(&race_start, NULL, RACERS), 0);
		for (long i = 0; i < RACERS; i++)
			ck_assert_int_eq(pthread_create(&t[i], NULL, racer, (void *)(intptr_t)i), 0);
		for (int i = 0; i < RACERS; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&race_start);
		int refused = 0, waited = 0;
		for (int i = 0; i < RACERS; i++) {
			ck_assert_msg(race_status[i] == 401 || race_status[i] == 429, "attempt %d: %ld", i,
				      race_status[i]);
			refused += race_status[i] == 401;
			waited += race_status[i] == 429;
		}
		/* at most the 5 failures the limit allows were tried; the rest waited */
		ck_assert_msg(refused >= 1 && refused <= 5, "round %d: %d attempts were tried, %d waited", round,
			      refused, waited);
		PGconn *su = harness_connect(&H, HARNESS_SUPER);
		ck_assert_int_le(harness_qlong(su, "SELECT count(*) FROM masuk_gagal WHERE nip = '%s' AND NOT berhasil",
					       race_nip),
				 5);
		PQfinish(su);
	}
	attempts_forgotten();
	struct http_reply r;
	harness_masuk(&H, nip, SANDI, NULL, 200, &s, &r);
	http_reply_release(&r);
}
END_TEST

START_TEST(an_admin_stays_within_their_pemda_and_grants_only_what_exists)
{
	struct harness_sesi pl;
	long id = harness_sesi_need(&H, "13.71", admin, "198101012005011008", "[\"planner\"]", NULL, SANDI, &pl);
	char path[96];
	struct http_reply r;
	/* a planner (session or token) cannot create people or tokens */
	http_sesi(&H, "POST", "/v1/pemda/13.71/pengguna", &pl,
		  "{\"nip\": \"198101012005011099\", \"nama\": \"X\", \"peran\": [\"admin\"]}",
		  (const char *const[]){ "Idempotency-Key: serang-1", NULL }, &r);
	http_expect_problem(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	ck_assert_int_eq(http_call(&H, "POST", "/v1/pemda/13.71/token", planner,
				   "{\"nama\": \"X\", \"peran\": \"admin\"}", 0, &r),
			 403);
	http_reply_release(&r);
	/* another pemda's admin: 404 on either path */
	snprintf(path, sizeof(path), "/v1/pemda/19/pengguna/%ld", id);
	ck_assert_int_eq(http_call(&H, "PATCH", path, other_admin, "{\"peran\": [\"admin\"]}", 0, &r), 404);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/19/pengguna/%ld/reset", id);
	ck_assert_int_eq(http_call(&H, "POST", path, other_admin, "{}", 0, &r), 404);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/nonaktif", id);
	ck_assert_int_eq(http_call(&H, "POST", path, other_admin, NULL, 0, &r), 404);
	http_reply_release(&r);
	/* roles and OPDs that do not exist: refused naming the field (422 for an OPD, as for tokens) */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld", id);
	ck_assert_int_eq(http_call(&H, "PATCH", path, admin, "{\"peran\": [\"raja\"]}", 0, &r), 400);
	http_expect_problem(&r, 400, "invalid-input", "/peran/0");
	http_reply_release(&r);
	http_call(&H, "PATCH", path, admin, "{\"opd_kode\": \"9.99.0.00.0.00.99.0000\"}", 0, &r);
	http_expect_problem(&r, 422, "rule-violation", "/opd_kode");
	http_reply_release(&r);
	http_call(&H, "POST", "/v1/pemda/13.71/pengguna", admin,
		  "{\"nip\": \"198101012005011098\", \"nama\": \"X\", \"peran\": [\"planner\"], \"opd_kode\": "
		  "\"9.99.0.00.0.00.99.0000\"}",
		  0, &r);
	http_expect_problem(&r, 422, "rule-violation", "/opd_kode");
	http_reply_release(&r);
	/* pemda 19's OPD is not pemda 13.71's */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *opd19 = harness_q(su, "SELECT kode FROM opd WHERE pemda_id = '19' AND kode NOT IN "
				    "(SELECT kode FROM opd WHERE pemda_id = '13.71') ORDER BY kode LIMIT 1");
	PQfinish(su);
	if (opd19) {
		char body[160];
		snprintf(body, sizeof(body), "{\"opd_kode\": \"%s\"}", opd19);
		http_call(&H, "PATCH", path, admin, body, 0, &r);
		http_expect_problem(&r, 422, "rule-violation", "/opd_kode");
		http_reply_release(&r);
		free(opd19);
	}
	/* an OPD-scoped admin manages no people or tokens */
	char scoped[HARNESS_TOKEN];
	su = harness_connect(&H, HARNESS_SUPER);
	char *opd = harness_q(su, "SELECT kode FROM opd WHERE pemda_id = '13.71' ORDER BY kode LIMIT 1");
	PQfinish(su);
	ck_assert_ptr_nonnull(opd);
	harness_token_need(&H, "13.71", "admin", opd, scoped);
	free(opd);
	ck_assert_int_eq(http_call(&H, "POST", "/v1/pemda/13.71/pengguna", scoped,
				   "{\"nip\": \"198101012005011097\", \"nama\": \"X\", \"peran\": [\"admin\"]}", 0, &r),
			 403);
	http_reply_release(&r);
	ck_assert_int_eq(http_call(&H, "POST", "/v1/pemda/13.71/token", scoped,
				   "{\"nama\": \"X\", \"peran\": \"admin\"}", 0, &r),
			 403);
	http_reply_release(&r);
	/* a replayed create, by the same admin or another holding the key, never shows the code */
	char other13[HARNESS_TOKEN];
	harness_token_need(&H, "13.71", "admin", NULL, other13);
	const char *cb = "{\"nip\": \"198101012005011096\", \"nama\": \"Baru\", \"peran\": [\"planner\"]}";
	http_post(&H, "/v1/pemda/13.71/pengguna", admin, cb, "serang-kunci", &r);
	ck_assert_int_eq(r.status, 201);
	ck_assert_ptr_nonnull(jstr(r.json, "kode_sekali"));
	http_reply_release(&r);
	http_post(&H, "/v1/pemda/13.71/pengguna", other13, cb, "serang-kunci", &r);
	not_5xx(&r, "the key of another admin");
	ck_assert_ptr_null(strstr(r.body, "kode_sekali\":\""));
	http_reply_release(&r);
	http_post(&H, "/v1/pemda/13.71/pengguna", admin, cb, "serang-kunci", &r);
	ck_assert_int_eq(r.status, 201);
	ck_assert(json_is_null(json_object_get(r.json, "kode_sekali")));
	http_reply_release(&r);
	/* the same NIP under a new key: 409, never a 5xx */
	http_call(&H, "POST", "/v1/pemda/13.71/pengguna", admin, cb, 0, &r);
	http_expect_problem(&r, 409, "conflict", "/nip");
	http_reply_release(&r);
}
END_TEST

START_TEST(an_admin_cannot_lock_themselves_out)
{
	/* a pemda with one admin, a person signed in */
	struct harness_sesi s;
	long id = harness_sesi_need(&H, "13.71", admin, "198101012005011009", "[\"admin\"]", NULL, SANDI, &s);
	char path[96];
	struct http_reply r;
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/nonaktif", id);
	http_sesi(&H, "POST", path, &s, NULL, (const char *const[]){ "Idempotency-Key: serang-diri-1", NULL }, &r);
	http_expect_problem(&r, 409, "conflict", "id");
	http_reply_release(&r);
	/* nor drop their own admin role */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld", id);
	http_sesi(&H, "PATCH", path, &s, "{\"peran\": [\"planner\"]}",
		  (const char *const[]){ "Idempotency-Key: serang-diri-2", NULL }, &r);
	http_expect_problem(&r, 409, "conflict", "/peran");
	http_reply_release(&r);
	/* nor scope themselves to one OPD (a scoped admin manages no one) */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *opd = harness_q(su, "SELECT kode FROM opd WHERE pemda_id = '13.71' ORDER BY kode LIMIT 1");
	PQfinish(su);
	ck_assert_ptr_nonnull(opd);
	char body[160];
	snprintf(body, sizeof(body), "{\"opd_kode\": \"%s\"}", opd);
	free(opd);
	http_sesi(&H, "PATCH", path, &s, body, (const char *const[]){ "Idempotency-Key: serang-diri-3", NULL }, &r);
	http_expect_problem(&r, 409, "conflict", "/opd_kode");
	http_reply_release(&r);
	/* a change that keeps the role is theirs to make */
	http_sesi(&H, "PATCH", path, &s, "{\"jabatan\": \"Kepala Bidang\", \"peran\": [\"admin\", \"planner\"]}",
		  (const char *const[]){ "Idempotency-Key: serang-diri-4", NULL }, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	/* they keep it */
	http_sesi(&H, "GET", path, &s, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *peran = json_object_get(r.json, "peran");
	bool admin_kept = false;
	for (size_t i = 0; i < json_array_size(peran); i++)
		admin_kept |= !strcmp(json_string_value(json_array_get(peran, i)), "admin");
	ck_assert_msg(admin_kept, "%s", r.body);
	http_reply_release(&r);
	/* another admin may */
	ck_assert_int_eq(http_call(&H, "PATCH", path, admin, "{\"peran\": [\"planner\"]}", 0, &r), 200);
	http_reply_release(&r);
}
END_TEST

static Suite *serang_suite(void)
{
	Suite *s = suite_create("serang");
	TCase *t = tcase_create("serang");
	tcase_set_timeout(t, 300);
	tcase_add_test(t, odd_cookies_and_csrf_headers_are_refused_never_a_5xx);
	tcase_add_test(t, malformed_sign_in_bodies_are_4xx);
	tcase_add_test(t, json_of_the_wrong_type_on_every_account_route_is_4xx);
	tcase_add_test(t, a_session_ends_with_each_way_it_should_and_fixation_fails);
	tcase_add_test(t, guessing_a_second_factor_or_a_one_time_code_locks_like_a_password);
	tcase_add_test(t, the_per_address_limit_holds_for_every_account);
	tcase_add_test(t, attempts_sent_at_once_do_not_slip_past_the_limit);
	tcase_add_test(t, an_admin_stays_within_their_pemda_and_grants_only_what_exists);
	tcase_add_test(t, an_admin_cannot_lock_themselves_out);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	/* served as behind TLS: the cookie must say Secure */
	setenv("PAGU_SECURE_COOKIES", "1", 1);
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "admin", NULL, admin);
	harness_token_need(&H, "13.71", "planner", NULL, planner);
	harness_token_need(&H, "19", "admin", NULL, other_admin);
	/* no second factor asked of any role, so the sessions made here are not restricted */
	struct http_reply r;
	const char *k = "{\"totp_wajib\": [], \"idle_menit\": 30, \"mutlak_jam\": 12}";
	if (http_call(&H, "PUT", "/v1/pemda/13.71/pengaturan/keamanan", admin, k, 0, &r) != 200 ||
	    (http_reply_release(&r), http_call(&H, "PUT", "/v1/pemda/19/pengaturan/keamanan", other_admin, k, 0, &r)) !=
		    200) {
		fprintf(stderr, "settings: %ld %s\n", r.status, r.body);
		return 2;
	}
	http_reply_release(&r);
	return harness_run(&H, serang_suite());
}
