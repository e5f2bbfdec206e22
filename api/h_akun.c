/* h_akun.c - sign-in and sign-out, and a person's own account: password, TOTP, sessions (issue 19). */
#include <stdlib.h>
#include <string.h>

#include "akun.h"
#include "api.h"
#include "json_spec.h"

static void cookie_set(struct api_req *r, const char *rahasia)
{
	r->set_cookie = arena_printf(&r->arena, "pagu_sesi=%s; Path=/; HttpOnly; SameSite=Strict%s", rahasia,
				     api_secure_cookies ? "; Secure" : "");
}

/* 204 No Content. */
static void api_reply_empty(struct api_req *r)
{
	char *b = strdup("");
	if (!b) {
		/* no memory even for an empty body: a 503 (send_reply makes its own when this fails too) */
		api_tolak_engine(r, PAGU_E_NOMEM, P_APA_PERMINTAAN);
		return;
	}
	api_reply_raw(r, 204, "application/json", b, 0);
}

/* A route of a person's own account: a system's token has none (403). */
static bool sesi_only(struct api_req *r)
{
	if (r->tok.pengguna_id)
		return true;
	api_tolak(r, PAGU_E_FORBIDDEN, NULL, NULL, P_HANYA_SESI);
	return false;
}

void h_masuk_post(struct api_req *r)
{
	const char *nip = NULL, *sandi = NULL, *kode = NULL;
	const struct jspec spec[] = {
		{ .name = "nip", .type = JSPEC_STRING, .required = true, .max_len = 64, .out = &nip },
		{ .name = "sandi",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 4 * AKUN_SANDI_MAX,
		  .out = &sandi },
		{ .name = "kode", .type = JSPEC_STRING, .nullable = true, .max_len = 32, .out = &kode },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	const char *agen = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
	struct akun_masuk m;
	int tunggu = 0;
	pagu_err e =
		akun_masuk(r->db, &r->arena, nip, sandi, kode, api_client_address(r), agen ? agen : "", &m, &tunggu);
	switch (e) {
	case PAGU_OK:
		break;
	case PAGU_E_UNAUTHENTICATED:
		/* the same answer for an unknown NIP and a wrong password: no account is revealed */
		api_tolak(r, e, NULL, NULL, P_MASUK_GAGAL);
		return;
	case PAGU_E_SECOND_FACTOR:
		if (kode && kode[0])
			api_tolak(r, e, "/kode", NULL, P_MASUK_KODE_SALAH);
		else
			api_tolak(r, e, "/kode", NULL, P_MASUK_KODE);
		return;
	case PAGU_E_TOO_MANY:
		r->retry_after = tunggu;
		api_tolak(r, e, NULL, json_pack("{s:i}", "tunggu_detik", tunggu), P_MASUK_TUNGGU, "detik",
			  api_num(r, tunggu));
		return;
	default:
		api_tolak_engine(r, e, P_APA_MASUK);
		return;
	}
	struct akun_pengguna p;
	e = akun_pengguna_get(r->db, &r->arena, m.pemda_id, m.pengguna_id, &p);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PENGGUNA);
		return;
	}
	cookie_set(r, m.rahasia);
	json_t *body = json_pack("{s:o, s:s, s:o, s:s, s:s}", "pengguna", api_pengguna_json(r, &p, false), "csrf",
				 m.csrf, "terbatas", m.terbatas ? json_string(m.terbatas) : json_null(),
				 "berakhir_idle", m.berakhir_idle, "berakhir_mutlak", m.berakhir_mutlak);
	api_reply_json(r, 200, body);
}

void h_keluar_post(struct api_req *r)
{
	if (!sesi_only(r))
		return;
	pagu_err e = akun_sesi_end(r->db, r->tok.pengguna_id, r->tok.sesi_id, "keluar");
	if (e != PAGU_OK && e != PAGU_E_NOT_FOUND) {
		api_tolak_engine(r, e, P_APA_SESI);
		return;
	}
	r->set_cookie = arena_printf(&r->arena, "pagu_sesi=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
				     api_secure_cookies ? "; Secure" : "");
	api_reply_empty(r);
}

void h_akun_sandi_post(struct api_req *r)
{
	if (!sesi_only(r))
		return;
	const char *lama = NULL, *baru = NULL;
	const struct jspec spec[] = {
		{ .name = "sandi_lama",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 4 * AKUN_SANDI_MAX,
		  .out = &lama },
		{ .name = "sandi_baru",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 4 * AKUN_SANDI_MAX,
		  .out = &baru },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	pesan_kunci why = P_SANDI_PENDEK;
	int min = 15;
	pagu_err e = akun_sandi_set(r->db, &r->arena, &r->tok, lama, baru, &why, &min);
	switch (e) {
	case PAGU_OK:
		api_reply_empty(r);
		return;
	case PAGU_E_INVALID:
		api_tolak(r, e, "/sandi_lama", NULL, P_SANDI_LAMA_SALAH);
		return;
	case PAGU_E_WEAK_PASSWORD:
		api_tolak(r, e, "/sandi_baru", json_pack("{s:s, s:i}", "alasan", pesan_nama(why), "min", min), why,
			  "min", api_num(r, min));
		return;
	default:
		api_tolak_engine(r, e, P_APA_SANDI);
	}
}

void h_akun_totp_post(struct api_req *r)
{
	if (!sesi_only(r))
		return;
	char b32[33];
	const char *uri = NULL;
	pagu_err e = akun_totp_start(r->db, &r->arena, &r->tok, b32, &uri);
	if (e == PAGU_E_CONFLICT) {
		api_tolak(r, e, NULL, NULL, P_TOTP_SUDAH_AKTIF);
		return;
	}
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PENDAFTARAN_TOTP);
		return;
	}
	const char *svg = api_qr_svg(r, uri);
	if (!svg) {
		api_tolak_engine(r, PAGU_E_INTERNAL, P_APA_KODE_QR);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:s, s:s, s:s}", "otpauth", uri, "qr_svg", svg, "rahasia", b32));
}

void h_akun_totp_aktif_post(struct api_req *r)
{
	if (!sesi_only(r))
		return;
	const char *kode = NULL;
	const struct jspec spec[] = {
		{ .name = "kode", .type = JSPEC_STRING, .required = true, .max_len = 16, .out = &kode },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	char k[AKUN_PEMULIHAN_N][AKUN_KODE_LEN + 1];
	pagu_err e = akun_totp_activate(r->db, &r->tok, kode, k);
	if (e == PAGU_E_CONFLICT) {
		api_tolak(r, e, NULL, NULL, P_TOTP_BELUM_MULAI);
		return;
	}
	if (e == PAGU_E_SECOND_FACTOR) {
		api_tolak(r, e, "/kode", NULL, P_MASUK_KODE_SALAH);
		return;
	}
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PENDAFTARAN_TOTP);
		return;
	}
	json_t *a = json_array();
	for (int i = 0; i < AKUN_PEMULIHAN_N; i++)
		json_array_append_new(a, json_string(k[i]));
	api_reply_json(r, 200, json_pack("{s:o}", "kode_pemulihan", a));
}

/* The sessions of @pengguna_id as {items: [...]}, @ini marking the caller's own. */
static void sesi_reply(struct api_req *r, int64_t pengguna_id, int64_t ini)
{
	struct akun_sesi *v = NULL;
	int n = 0;
	pagu_err e = akun_sesi_list(r->db, &r->arena, r->tok.pemda_id, pengguna_id, &v, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DAFTAR_SESI);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
						       (json_int_t)v[i].sesi_id, "dibuat", v[i].dibuat, "terakhir",
						       v[i].terakhir, "alamat", v[i].alamat, "agen", v[i].agen,
						       "berakhir_idle", v[i].berakhir_idle, "berakhir_mutlak",
						       v[i].berakhir_mutlak, "ini", v[i].sesi_id == ini));
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_akun_sesi_list(struct api_req *r)
{
	if (sesi_only(r))
		sesi_reply(r, r->tok.pengguna_id, r->tok.sesi_id);
}

/* {id} as a positive id; false after a 400. */
static bool id_param(struct api_req *r, int64_t *out)
{
	const char *s = api_param(r, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || v <= 0 || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18) {
		api_tolak(r, PAGU_E_INVALID, "id", NULL, P_SESI_TIDAK_ADA, "id", s ? s : "");
		return false;
	}
	*out = v;
	return true;
}

void h_akun_sesi_end(struct api_req *r)
{
	int64_t id;
	if (!sesi_only(r) || !id_param(r, &id))
		return;
	pagu_err e = akun_sesi_end(r->db, r->tok.pengguna_id, id, "diakhiri");
	if (e == PAGU_E_NOT_FOUND) {
		api_tolak(r, e, "id", NULL, P_SESI_TIDAK_ADA, "id", api_param(r, "id"));
		return;
	}
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_SESI);
		return;
	}
	if (id == r->tok.sesi_id)
		r->set_cookie = arena_printf(&r->arena, "pagu_sesi=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
					     api_secure_cookies ? "; Secure" : "");
	api_reply_empty(r);
}

void h_akun_sesi_end_all(struct api_req *r)
{
	if (!sesi_only(r))
		return;
	int n = 0;
	pagu_err e = akun_sesi_end_all(r->db, r->tok.pengguna_id, r->tok.sesi_id, "diakhiri", &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DAFTAR_SESI);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:i}", "diakhiri", n));
}
