/*
 * test_akun.c - people (issue 19) over the real server: an admin creates a person, who signs in with
 * the one-time code, must change the password (the rules refuse weak ones), then signs out; the same
 * answer for an unknown NIP and a wrong password; lockout and its end; CSRF; expiry; a disabled
 * person's live session ending; another pemda's person invisible.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "harness.h"

static struct harness H;
static char admin[HARNESS_TOKEN], planner[HARNESS_TOKEN], other_admin[HARNESS_TOKEN];

/* A request of session @s with the CSRF token @csrf instead of its own (NULL: none) and Origin @origin. */
static void sesi_req(const char *method, const char *path, const struct harness_sesi *s, const char *csrf,
		     const char *origin, const char *body, struct http_reply *out)
{
	struct harness_sesi c = *s;
	snprintf(c.csrf, sizeof(c.csrf), "%s", csrf ? csrf : "");
	char og[200];
	snprintf(og, sizeof(og), "Origin: %s", origin ? origin : "");
	const char *extra[] = { origin ? og : NULL, NULL };
	http_sesi(&H, method, path, &c, body, extra, out);
}

#define SANDI "rumah gadang di tepi batang arau"

/* A planner with a password chosen: signed in, session in @s. */
static long planner_ready(const char *nip, struct harness_sesi *s)
{
	return harness_sesi_need(&H, "13.71", admin, nip, "[\"planner\"]", NULL, SANDI, s);
}

START_TEST(first_sign_in_forces_a_password_the_rules_accept)
{
	char kode[32];
	const char *nip = "198001012005011001";
	harness_pengguna_create(&H, "13.71", admin, nip, "[\"planner\"]", NULL, kode);
	struct harness_sesi s;
	struct http_reply r;
	harness_masuk(&H, nip, kode, NULL, 200, &s, &r);
	ck_assert_str_eq(jstr(r.json, "terbatas"), "ganti_sandi");
	ck_assert_str_eq(jstr(json_object_get(r.json, "pengguna"), "nip"), nip);
	http_reply_release(&r);
	/* restricted: only the setup routes */
	sesi_req("GET", "/v1/pemda/13.71/opd", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 403, "account-setup-required", NULL);
	ck_assert_str_eq(jstr(r.json, "langkah"), "ganti_sandi");
	http_reply_release(&r);
	sesi_req("GET", "/v1/sesi", &s, NULL, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(r.json, "jenis"), "sesi");
	ck_assert_str_eq(jstr(r.json, "csrf"), s.csrf);
	http_reply_release(&r);
	/* the rules, each refusal naming why */
	static const struct {
		const char *sandi, *alasan;
	} weak[] = {
		{ "pendek sekali", "SANDI_PENDEK" },	       { "passwordpassword", "SANDI_UMUM" },
		{ "aaaaaaaaaaaaaaaaaaaa", "SANDI_UMUM" },      { "kopi198001012005011001x", "SANDI_NIP" },
		{ "anggaran kota padang kita", "SANDI_KATA" }, { "sistem pagu yang aman sekali", "SANDI_KATA" },
	};
	for (size_t i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		char body[256];
		snprintf(body, sizeof(body), "{\"sandi_baru\": \"%s\"}", weak[i].sandi);
		sesi_req("POST", "/v1/akun/sandi", &s, s.csrf, NULL, body, &r);
		http_expect_problem(&r, 422, "password-rejected", "/sandi_baru");
		ck_assert_msg(!strcmp(jstr(r.json, "alasan"), weak[i].alasan), "%s: %s", weak[i].sandi, r.body);
		http_reply_release(&r);
	}
	sesi_req("POST", "/v1/akun/sandi", &s, s.csrf, NULL, "{\"sandi_baru\": \"" SANDI "\"}", &r);
	ck_assert_msg(r.status == 204, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	/* the restriction is lifted; the one-time code no longer works, the password does */
	sesi_req("GET", "/v1/pemda/13.71/opd", &s, NULL, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	harness_masuk(&H, nip, kode, NULL, 401, NULL, &r);
	http_reply_release(&r);
	struct harness_sesi s2;
	harness_masuk(&H, nip, SANDI, NULL, 200, &s2, &r);
	ck_assert(json_is_null(json_object_get(r.json, "terbatas")));
	http_reply_release(&r);
	/* sign-out ends the session and clears the cookie */
	sesi_req("POST", "/v1/keluar", &s2, s2.csrf, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 204);
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "Max-Age=0"));
	http_reply_release(&r);
	sesi_req("GET", "/v1/sesi", &s2, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
}
END_TEST

START_TEST(unknown_nip_and_wrong_password_get_one_answer)
{
	struct harness_sesi s;
	planner_ready("198001012005011002", &s);
	struct http_reply a, b;
	harness_masuk(&H, "198001012005011002", "bukan sandinya sama sekali", NULL, 401, NULL, &a);
	harness_masuk(&H, "199901012005011999", "bukan sandinya sama sekali", NULL, 401, NULL, &b);
	http_expect_problem(&a, 401, "unauthenticated", NULL);
	ck_assert_str_eq(jstr(a.json, "detail"), jstr(b.json, "detail"));
	ck_assert_str_eq(jstr(a.json, "type"), jstr(b.json, "type"));
	http_reply_release(&a);
	http_reply_release(&b);
}
END_TEST

START_TEST(lockout_and_its_end)
{
	struct harness_sesi s;
	const char *nip = "198001012005011003";
	planner_ready(nip, &s);
	struct http_reply r;
	for (int i = 0; i < 5; i++) {
		harness_masuk(&H, nip, "salah terus menerus ya", NULL, 401, NULL, &r);
		http_reply_release(&r);
	}
	/* the right password too waits: the account is slowed, whoever asks */
	harness_masuk(&H, nip, SANDI, NULL, 429, NULL, &r);
	http_expect_problem(&r, 429, "too-many-requests", NULL);
	ck_assert_int_gt(atoi(r.retry_after), 0);
	ck_assert_int_le(atoi(r.retry_after), 60);
	http_reply_release(&r);
	/* recorded, and the admin sees it */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	ck_assert_int_eq(harness_qlong(su, "SELECT count(*) FROM masuk_gagal WHERE nip = '%s' AND NOT berhasil", nip),
			 5);
	PQfinish(su);
	/* the minute passes (the rows moved back, as the clock would move on) */
	harness_tamper(&H,
		       "UPDATE masuk_gagal SET waktu = waktu - interval '2 minutes' WHERE nip = '198001012005011003'");
	struct harness_sesi s2;
	harness_masuk(&H, nip, SANDI, NULL, 200, &s2, &r);
	http_reply_release(&r);
}
END_TEST

START_TEST(csrf_is_refused_without_the_token_or_from_another_site)
{
	struct harness_sesi s;
	planner_ready("198001012005011004", &s);
	struct http_reply r;
	sesi_req("POST", "/v1/akun/sesi/akhiri-semua", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 403, "cross-site-refused", "X-CSRF-Token");
	http_reply_release(&r);
	sesi_req("POST", "/v1/akun/sesi/akhiri-semua", &s,
		 "0000000000000000000000000000000000000000000000000000000000000000", NULL, NULL, &r);
	http_expect_problem(&r, 403, "cross-site-refused", "X-CSRF-Token");
	http_reply_release(&r);
	sesi_req("POST", "/v1/akun/sesi/akhiri-semua", &s, s.csrf, "https://jahat.example", NULL, &r);
	http_expect_problem(&r, 403, "cross-site-refused", "Origin");
	http_reply_release(&r);
	/* a GET with the cookie alone is fine; so is the right token */
	sesi_req("GET", "/v1/akun/sesi", &s, NULL, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
	http_reply_release(&r);
	sesi_req("POST", "/v1/akun/sesi/akhiri-semua", &s, s.csrf, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
}
END_TEST

START_TEST(expiry_idle_and_absolute)
{
	struct harness_sesi s;
	long id = planner_ready("198001012005011005", &s);
	struct http_reply r;
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "UPDATE sesi SET terakhir = terakhir - interval '31 minutes' WHERE pengguna_id = %ld", id);
	harness_tamper(&H, sql);
	sesi_req("GET", "/v1/sesi", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	harness_masuk(&H, "198001012005011005", SANDI, NULL, 200, &s, &r);
	http_reply_release(&r);
	snprintf(sql, sizeof(sql),
		 "UPDATE sesi SET berakhir_mutlak = now() - interval '1 second' WHERE pengguna_id = %ld AND berakhir "
		 "IS NULL",
		 id);
	harness_tamper(&H, sql);
	sesi_req("GET", "/v1/sesi", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	ck_assert_int_eq(
		harness_qlong(
			su,
			"SELECT count(*) FROM sesi WHERE pengguna_id = %ld AND alasan_berakhir IN ('idle', 'mutlak')",
			id),
		2);
	PQfinish(su);
}
END_TEST

START_TEST(a_disabled_persons_live_session_ends_and_others_are_not_seen)
{
	struct harness_sesi s;
	long id = planner_ready("198001012005011006", &s);
	char path[96];
	struct http_reply r;
	/* a planner may not use the admin routes; another pemda does not see the person */
	sesi_req("GET", "/v1/pemda/13.71/pengguna", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/19/pengguna/%ld", id);
	http_auth(&H, "GET", path, other_admin, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 404);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld", id);
	http_auth(&H, "GET", path, other_admin, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 404);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/nonaktif", id);
	http_post(&H, path, admin, NULL, NULL, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	http_reply_release(&r);
	sesi_req("GET", "/v1/sesi", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	harness_masuk(&H, "198001012005011006", SANDI, NULL, 401, NULL, &r);
	http_reply_release(&r);
	/* a token is not a session */
	http_post(&H, "/v1/keluar", planner, NULL, NULL, &r);
	http_expect_problem(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
}
END_TEST

START_TEST(the_one_time_code_is_not_replayed_and_the_log_is_append_only)
{
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"nip\": \"198001012005011007\", \"nama\": \"Staf\", \"peran\": [\"finance\", \"planner\"]}");
	struct http_reply a, b;
	http_post(&H, "/v1/pemda/13.71/pengguna", admin, body, "kunci-akun-1", &a);
	ck_assert_int_eq(a.status, 201);
	ck_assert_uint_eq(strlen(jstr(a.json, "kode_sekali")), 19);
	http_post(&H, "/v1/pemda/13.71/pengguna", admin, body, "kunci-akun-1", &b);
	ck_assert_int_eq(b.status, 201);
	ck_assert(b.replayed);
	ck_assert(json_is_null(json_object_get(b.json, "kode_sekali")));
	json_t *peran = json_object_get(json_object_get(a.json, "pengguna"), "peran");
	ck_assert_int_eq(json_array_size(peran), 2);
	http_reply_release(&a);
	http_reply_release(&b);
	static const char *const sql[] = {
		"UPDATE masuk_gagal SET waktu = now()",
		"DELETE FROM masuk_gagal",
		"DELETE FROM sesi",
	};
	harness_refused_by_all(&H, sql, sizeof(sql) / sizeof(sql[0]));
}
END_TEST

START_TEST(totp_enrolment_use_replay_and_recovery_codes)
{
	/* finance must enrol: the pemda's default asks TOTP of finance and admin */
	struct harness_sesi s;
	const char *nip = "198001012005011008";
	harness_sesi_need(&H, "13.71", admin, nip, "[\"finance\", \"planner\"]", NULL, "kunci rahasia", &s);
	struct http_reply r;
	sesi_req("GET", "/v1/pemda/13.71/opd", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 403, "account-setup-required", NULL);
	ck_assert_str_eq(jstr(r.json, "langkah"), "daftar_totp");
	http_reply_release(&r);
	sesi_req("POST", "/v1/akun/totp", &s, s.csrf, NULL, NULL, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	char b32[64];
	snprintf(b32, sizeof(b32), "%s", jstr(r.json, "rahasia"));
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "otpauth"), b32));
	ck_assert(!strncmp(jstr(r.json, "qr_svg"), "<svg", 4));
	http_reply_release(&r);
	sesi_req("POST", "/v1/akun/totp/aktif", &s, s.csrf, NULL, "{\"kode\": \"12345x\"}", &r);
	http_expect_problem(&r, 401, "second-factor-required", "/kode");
	http_reply_release(&r);
	/* the step before now's: accepted (one step either way), and used */
	char code[7], body[64];
	harness_totp(b32, time(NULL) - 30, code);
	snprintf(body, sizeof(body), "{\"kode\": \"%s\"}", code);
	sesi_req("POST", "/v1/akun/totp/aktif", &s, s.csrf, NULL, body, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	json_t *codes = json_object_get(r.json, "kode_pemulihan");
	ck_assert_int_eq(json_array_size(codes), 10);
	char pemulihan[32];
	snprintf(pemulihan, sizeof(pemulihan), "%s", json_string_value(json_array_get(codes, 0)));
	http_reply_release(&r);
	/* the restriction is lifted */
	sesi_req("GET", "/v1/pemda/13.71/opd", &s, NULL, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	/* two roles: admitted by either, refused naming both (never a role name missing) */
	sesi_req("GET", "/v1/pemda/13.71/pengguna", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 403, "forbidden", NULL);
	ck_assert_msg(strstr(jstr(r.json, "detail"), "planner+finance") != NULL, "%s", r.body);
	http_reply_release(&r);
	sesi_req("GET", "/v1/sesi", &s, NULL, NULL, NULL, &r);
	ck_assert_int_eq(json_array_size(json_object_get(json_object_get(r.json, "pengguna"), "peran")), 2);
	ck_assert_str_eq(jstr(r.json, "peran"), "planner");
	http_reply_release(&r);
	/* sign-in now asks for the code; the step used at enrolment is refused (a replay) */
	struct harness_sesi s2;
	harness_masuk(&H, nip, "kunci rahasia", NULL, 401, NULL, &r);
	http_expect_problem(&r, 401, "second-factor-required", "/kode");
	http_reply_release(&r);
	harness_masuk(&H, nip, "kunci rahasia", code, 401, NULL, &r);
	http_expect_problem(&r, 401, "second-factor-required", "/kode");
	http_reply_release(&r);
	/* a recovery code works once */
	harness_masuk(&H, nip, "kunci rahasia", pemulihan, 200, &s2, &r);
	http_reply_release(&r);
	harness_masuk(&H, nip, "kunci rahasia", pemulihan, 401, NULL, &r);
	http_reply_release(&r);
	/* a fresh step works once; the same code again is a replay */
	harness_totp(b32, time(NULL) + 30, code);
	snprintf(body, sizeof(body), "%s", code);
	harness_masuk(&H, nip, "kunci rahasia", body, 200, &s2, &r);
	http_reply_release(&r);
	harness_masuk(&H, nip, "kunci rahasia", body, 401, NULL, &r);
	http_reply_release(&r);
	/* TOTP cannot be enrolled twice */
	sesi_req("POST", "/v1/akun/totp", &s2, s2.csrf, NULL, NULL, &r);
	http_expect_problem(&r, 409, "conflict", NULL);
	http_reply_release(&r);
}
END_TEST

START_TEST(an_admin_ends_anothers_sessions_and_resets_them)
{
	struct harness_sesi s, s2;
	long id = planner_ready("198001012005011009", &s);
	struct http_reply r;
	harness_masuk(&H, "198001012005011009", SANDI, NULL, 200, &s2, &r);
	http_reply_release(&r);
	char path[96];
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/sesi", id);
	http_auth(&H, "GET", path, admin, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 2);
	http_reply_release(&r);
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/sesi/akhiri", id);
	http_post(&H, path, admin, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "diakhiri")), 2);
	http_reply_release(&r);
	sesi_req("GET", "/v1/sesi", &s, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	sesi_req("GET", "/v1/sesi", &s2, NULL, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	/* a reset: the password stops working, the new one-time code forces a change */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld/reset", id);
	http_post(&H, path, admin, "{\"hapus_totp\": false}", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	char kode[32];
	snprintf(kode, sizeof(kode), "%s", jstr(r.json, "kode_sekali"));
	http_reply_release(&r);
	harness_masuk(&H, "198001012005011009", SANDI, NULL, 401, NULL, &r);
	http_reply_release(&r);
	harness_masuk(&H, "198001012005011009", kode, NULL, 200, &s, &r);
	ck_assert_str_eq(jstr(r.json, "terbatas"), "ganti_sandi");
	http_reply_release(&r);
	/* the admin's view: the person's fields, and a change to them */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/pengguna/%ld", id);
	long st = http_call(&H, "PATCH", path, admin,
			    "{\"jabatan\": \"Kepala Seksi\", \"peran\": [\"planner\", \"inspector\"]}", 0, &r);
	ck_assert_msg(st == 200, "%ld %s", st, r.body);
	ck_assert_str_eq(jstr(r.json, "jabatan"), "Kepala Seksi");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "peran")), 2);
	http_reply_release(&r);
}
END_TEST

static Suite *akun_suite(void)
{
	Suite *s = suite_create("akun");
	TCase *t = tcase_create("akun");
	tcase_set_timeout(t, 300);
	tcase_add_test(t, first_sign_in_forces_a_password_the_rules_accept);
	tcase_add_test(t, unknown_nip_and_wrong_password_get_one_answer);
	tcase_add_test(t, lockout_and_its_end);
	tcase_add_test(t, csrf_is_refused_without_the_token_or_from_another_site);
	tcase_add_test(t, expiry_idle_and_absolute);
	tcase_add_test(t, a_disabled_persons_live_session_ends_and_others_are_not_seen);
	tcase_add_test(t, the_one_time_code_is_not_replayed_and_the_log_is_append_only);
	tcase_add_test(t, totp_enrolment_use_replay_and_recovery_codes);
	tcase_add_test(t, an_admin_ends_anothers_sessions_and_resets_them);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "admin", NULL, admin);
	harness_token_need(&H, "13.71", "planner", NULL, planner);
	harness_token_need(&H, "19", "admin", NULL, other_admin);
	return harness_run(&H, akun_suite());
}
