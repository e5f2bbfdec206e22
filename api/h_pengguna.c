/* h_pengguna.c - the admin's people: /v1/pemda/{pemda}/pengguna..., and the pemda's sign-in settings (issue 19). */
#include <stdlib.h>
#include <string.h>

#include "akun.h"
#include "api.h"
#include "json_spec.h"

json_t *api_pengguna_json(struct api_req *r, const struct akun_pengguna *p, bool admin)
{
	(void)r;
	const char *names[6];
	int n = akun_peran_names(p->peran, names);
	json_t *peran = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(peran, json_string(names[i]));
	json_t *o = json_pack(
		"{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:b, s:b, s:s, s:s}", "id", (json_int_t)p->pengguna_id, "nip",
		p->nip, "username", p->username[0] ? json_string(p->username) : json_null(), "nama", p->nama, "jabatan",
		p->jabatan, "peran", peran, "opd_kode", p->opd_kode[0] ? json_string(p->opd_kode) : json_null(),
		"status", p->status, "totp_aktif", p->totp_aktif, "harus_ganti_sandi", p->harus_ganti_sandi, "dibuat",
		p->dibuat, "diubah", p->diubah);
	if (o && admin) {
		json_object_set_new(o, "gagal_terakhir",
				    p->gagal_terakhir[0] ? json_string(p->gagal_terakhir) : json_null());
		json_object_set_new(o, "sesi_aktif", json_integer(p->sesi_aktif));
		json_object_set_new(o, "token_id", json_integer(p->token_id));
	}
	return o;
}

static pesan_kunci check_nip(const char *s, size_t len)
{
	return len == 18 && strspn(s, "0123456789") == 18 ? P_TANPA_ : P_BUKAN_NIP;
}

static pesan_kunci check_username(const char *s, size_t len)
{
	if (len < 3 || len > 32 || s[0] < 'a' || s[0] > 'z')
		return P_BUKAN_NAMA_PENGGUNA;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == len ? P_TANPA_ : P_BUKAN_NAMA_PENGGUNA;
}

static pesan_kunci check_text(const char *s, size_t len)
{
	(void)s;
	return len >= 1 ? P_TANPA_ : P_KOSONG;
}

/* The roles named in @v: false after a 400 naming the one at fault. */
static bool peran_of(struct api_req *r, const struct jspec_strings *v, const char *field, unsigned *out)
{
	unsigned bits = 0;
	for (size_t i = 0; i < v->n; i++) {
		unsigned b;
		if (auth_role_parse(v->items[i], &b) != PAGU_OK) {
			api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/%zu", field, i), NULL, P_PERAN_SALAH,
				  "peran", v->items[i]);
			return false;
		}
		bits |= b;
	}
	*out = bits;
	return true;
}

static bool id_param(struct api_req *r, int64_t *out)
{
	const char *s = api_param(r, "id");
	if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s) || strtoll(s, NULL, 10) <= 0) {
		api_tolak(r, PAGU_E_NOT_FOUND, "id", NULL, P_PENGGUNA_TIDAK_ADA, "id", s ? s : "");
		return false;
	}
	*out = strtoll(s, NULL, 10);
	return true;
}

static void engine_refusal(struct api_req *r, pagu_err e, const char *field, const char *value)
{
	/* an OPD that is not this pemda's is a value at fault, not a missing resource (as for tokens) */
	if (e == PAGU_E_NOT_FOUND && field && !strcmp(field, "/opd_kode"))
		api_tolak(r, PAGU_E_RULE, field, NULL, P_OPD_TIDAK_ADA, "opd", value ? value : "");
	else if (e == PAGU_E_NOT_FOUND)
		api_tolak(r, e, "id", NULL, P_PENGGUNA_TIDAK_ADA, "id", api_param(r, "id") ? api_param(r, "id") : "");
	else
		api_tolak_engine(r, e, P_APA_PENGGUNA);
}

void h_pengguna_list(struct api_req *r)
{
	struct akun_pengguna *v = NULL;
	int n = 0;
	pagu_err e = akun_pengguna_list(r->db, &r->arena, r->tok.pemda_id, &v, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DAFTAR_PENGGUNA);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, api_pengguna_json(r, &v[i], true));
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_pengguna_get(struct api_req *r)
{
	int64_t id;
	if (!id_param(r, &id))
		return;
	struct akun_pengguna p;
	pagu_err e = akun_pengguna_get(r->db, &r->arena, r->tok.pemda_id, id, &p);
	if (e != PAGU_OK) {
		engine_refusal(r, e, NULL, NULL);
		return;
	}
	api_reply_json(r, 200, api_pengguna_json(r, &p, true));
}

/*
 * A reply carrying a one-time code: the person, and the code once. What the Idempotency-Key keeps
 * is the same reply with "kode_sekali": null, so a replay (a retry, or anyone holding the key)
 * never shows the code again: the admin who lost it makes a new one with .../reset.
 */
static pagu_err reply_kode(struct api_req *r, int64_t id, const char *kode, unsigned status)
{
	struct akun_pengguna p;
	pagu_err e = akun_pengguna_get(r->db, &r->arena, r->tok.pemda_id, id, &p);
	if (e != PAGU_OK)
		return e;
	json_t *simpan = json_pack("{s:o, s:n}", "pengguna", api_pengguna_json(r, &p, true), "kode_sekali");
	char *s = simpan ? json_dumps(simpan, JSON_COMPACT) : NULL;
	json_decref(simpan);
	if (!s)
		return PAGU_E_INTERNAL;
	r->idem_simpan = arena_strdup(&r->arena, s);
	free(s);
	api_reply_json(r, status,
		       json_pack("{s:o, s:s}", "pengguna", api_pengguna_json(r, &p, true), "kode_sekali", kode));
	return PAGU_OK;
}

struct create_arg {
	struct akun_pengguna_in in;
};

static pagu_err create_work(struct api_req *r, void *arg)
{
	struct create_arg *a = arg;
	char kode[AKUN_KODE_LEN + 1];
	int64_t id = 0;
	const char *field = NULL;
	pagu_err e = akun_pengguna_create(r->db, r->tok.pemda_id, &a->in, kode, &id, &field);
	if (e == PAGU_E_CONFLICT && field && !strcmp(field, "/nip")) {
		api_tolak(r, e, field, NULL, P_NIP_DIPAKAI, "nip", a->in.nip);
		return PAGU_OK;
	}
	if (e == PAGU_E_CONFLICT && field) {
		api_tolak(r, e, field, NULL, P_USERNAME_DIPAKAI, "username", a->in.username ? a->in.username : "");
		return PAGU_OK;
	}
	if (e == PAGU_E_NOT_FOUND) {
		engine_refusal(r, e, field, a->in.opd_kode);
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	return reply_kode(r, id, kode, 201);
}

void h_pengguna_create(struct api_req *r)
{
	struct create_arg a = { 0 };
	struct jspec_strings peran = { 0 };
	const struct jspec spec[] = {
		{ .name = "nip",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 18,
		  .check = check_nip,
		  .out = &a.in.nip },
		{ .name = "username",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 32,
		  .check = check_username,
		  .out = &a.in.username },
		{ .name = "nama", .type = JSPEC_STRING, .required = true, .check = check_text, .out = &a.in.nama },
		{ .name = "jabatan", .type = JSPEC_STRING, .nullable = true, .out = &a.in.jabatan },
		{ .name = "peran",
		  .type = JSPEC_STRING_ARRAY,
		  .required = true,
		  .max_items = 6,
		  .max_len = 16,
		  .out = &peran },
		{ .name = "opd_kode", .type = JSPEC_STRING, .nullable = true, .max_len = 31, .out = &a.in.opd_kode },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec) || !peran_of(r, &peran, "/peran", &a.in.peran))
		return;
	if (!a.in.peran) {
		api_tolak(r, PAGU_E_INVALID, "/peran", NULL, P_PERAN_KOSONG);
		return;
	}
	api_idempotent(r, create_work, &a);
}

struct update_arg {
	int64_t id;
	const char *nama, *jabatan, *opd_kode;
	unsigned peran;
	bool opd_set;
};

static pagu_err update_work(struct api_req *r, void *arg)
{
	struct update_arg *a = arg;
	const char *field = NULL;
	pagu_err e = akun_pengguna_update(r->db, r->tok.pemda_id, a->id, a->nama, a->jabatan, a->peran, a->opd_set,
					  a->opd_kode, &field);
	if (e == PAGU_E_NOT_FOUND) {
		engine_refusal(r, e, field, a->opd_kode);
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	struct akun_pengguna p;
	if ((e = akun_pengguna_get(r->db, &r->arena, r->tok.pemda_id, a->id, &p)) != PAGU_OK)
		return e;
	api_reply_json(r, 200, api_pengguna_json(r, &p, true));
	return PAGU_OK;
}

void h_pengguna_update(struct api_req *r)
{
	struct update_arg a = { 0 };
	struct jspec_strings peran = { 0 };
	bool has_peran = false;
	const struct jspec spec[] = {
		{ .name = "nama", .type = JSPEC_STRING, .check = check_text, .out = &a.nama },
		{ .name = "jabatan", .type = JSPEC_STRING, .out = &a.jabatan },
		{ .name = "peran",
		  .type = JSPEC_STRING_ARRAY,
		  .max_items = 6,
		  .max_len = 16,
		  .out = &peran,
		  .present = &has_peran },
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 31,
		  .out = &a.opd_kode,
		  .present = &a.opd_set },
		JSPEC_END,
	};
	if (!id_param(r, &a.id) || !json_spec_parse(r, spec))
		return;
	if (has_peran) {
		if (!peran_of(r, &peran, "/peran", &a.peran))
			return;
		if (!a.peran) {
			api_tolak(r, PAGU_E_INVALID, "/peran", NULL, P_PERAN_KOSONG);
			return;
		}
	}
	/* an admin who dropped their own admin role or scoped themselves to one OPD could manage no one
	   after it, and might be the pemda's last admin: like disabling oneself, another admin's to do */
	if (a.id == r->tok.pengguna_id && ((has_peran && !(a.peran & ROLE_ADMIN)) || (a.opd_set && a.opd_kode))) {
		api_tolak(r, PAGU_E_CONFLICT, has_peran && !(a.peran & ROLE_ADMIN) ? "/peran" : "/opd_kode", NULL,
			  P_ADMIN_DIRI_PERAN);
		return;
	}
	api_idempotent(r, update_work, &a);
}

struct status_arg {
	int64_t id;
	bool aktif;
};

static pagu_err status_work(struct api_req *r, void *arg)
{
	struct status_arg *a = arg;
	pagu_err e = akun_pengguna_status_set(r->db, r->tok.pemda_id, a->id, a->aktif);
	if (e == PAGU_E_NOT_FOUND) {
		engine_refusal(r, e, NULL, NULL);
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	struct akun_pengguna p;
	if ((e = akun_pengguna_get(r->db, &r->arena, r->tok.pemda_id, a->id, &p)) != PAGU_OK)
		return e;
	api_reply_json(r, 200, api_pengguna_json(r, &p, true));
	return PAGU_OK;
}

static void status_set(struct api_req *r, bool aktif)
{
	struct status_arg a = { .aktif = aktif };
	if (!id_param(r, &a.id))
		return;
	if (!aktif && a.id == r->tok.pengguna_id) {
		/* the last admin would lock the pemda out of its own people */
		api_tolak(r, PAGU_E_CONFLICT, "id", NULL, P_ADMIN_DIRI);
		return;
	}
	api_idempotent(r, status_work, &a);
}

void h_pengguna_nonaktif(struct api_req *r)
{
	status_set(r, false);
}

void h_pengguna_aktif(struct api_req *r)
{
	status_set(r, true);
}

struct reset_arg {
	int64_t id;
	bool hapus_totp;
};

static pagu_err reset_work(struct api_req *r, void *arg)
{
	struct reset_arg *a = arg;
	char kode[AKUN_KODE_LEN + 1];
	pagu_err e = akun_pengguna_reset(r->db, r->tok.pemda_id, a->id, a->hapus_totp, kode);
	if (e == PAGU_E_NOT_FOUND) {
		engine_refusal(r, e, NULL, NULL);
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	return reply_kode(r, a->id, kode, 200);
}

void h_pengguna_reset(struct api_req *r)
{
	struct reset_arg a = { 0 };
	const struct jspec spec[] = {
		{ .name = "hapus_totp", .type = JSPEC_BOOL, .out = &a.hapus_totp },
		JSPEC_END,
	};
	if (!id_param(r, &a.id))
		return;
	if (!json_spec_parse(r, spec))
		return;
	api_idempotent(r, reset_work, &a);
}

void h_pengguna_sesi_list(struct api_req *r)
{
	int64_t id;
	if (!id_param(r, &id))
		return;
	struct akun_pengguna p;
	pagu_err e = akun_pengguna_get(r->db, &r->arena, r->tok.pemda_id, id, &p);
	if (e != PAGU_OK) {
		engine_refusal(r, e, NULL, NULL);
		return;
	}
	struct akun_sesi *v = NULL;
	int n = 0;
	if ((e = akun_sesi_list(r->db, &r->arena, r->tok.pemda_id, id, &v, &n)) != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DAFTAR_SESI);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
						       (json_int_t)v[i].sesi_id, "dibuat", v[i].dibuat, "terakhir",
						       v[i].terakhir, "alamat", v[i].alamat, "agen", v[i].agen,
						       "berakhir_idle", v[i].berakhir_idle, "berakhir_mutlak",
						       v[i].berakhir_mutlak, "ini", v[i].sesi_id == r->tok.sesi_id));
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static pagu_err sesi_end_work(struct api_req *r, void *arg)
{
	int64_t id = *(int64_t *)arg;
	struct akun_pengguna p;
	pagu_err e = akun_pengguna_get(r->db, &r->arena, r->tok.pemda_id, id, &p);
	if (e == PAGU_E_NOT_FOUND) {
		engine_refusal(r, e, NULL, NULL);
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	int n = 0;
	/* every one of theirs, the admin's own current one included when they end their own */
	if ((e = akun_sesi_end_all(r->db, id, 0, "diakhiri", &n)) != PAGU_OK)
		return e;
	api_reply_json(r, 200, json_pack("{s:i}", "diakhiri", n));
	return PAGU_OK;
}

void h_pengguna_sesi_end(struct api_req *r)
{
	int64_t id;
	if (!id_param(r, &id))
		return;
	api_idempotent(r, sesi_end_work, &id);
}

static json_t *keamanan_json(const struct akun_pengaturan *k)
{
	const char *names[6];
	int n = akun_peran_names(k->totp_wajib, names);
	json_t *w = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(w, json_string(names[i]));
	return json_pack("{s:o, s:i, s:i}", "totp_wajib", w, "idle_menit", k->idle_menit, "mutlak_jam", k->mutlak_jam);
}

void h_keamanan_get(struct api_req *r)
{
	struct akun_pengaturan k;
	pagu_err e = akun_pengaturan_get(r->db, r->tok.pemda_id, &k);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PENGATURAN);
		return;
	}
	api_reply_json(r, 200, keamanan_json(&k));
}

static pagu_err keamanan_work(struct api_req *r, void *arg)
{
	const struct akun_pengaturan *k = arg;
	pagu_err e = akun_pengaturan_set(r->db, r->tok.pemda_id, k);
	if (e != PAGU_OK)
		return e;
	api_reply_json(r, 200, keamanan_json(k));
	return PAGU_OK;
}

void h_keamanan_put(struct api_req *r)
{
	struct jspec_strings wajib = { 0 };
	int64_t idle = 0, mutlak = 0;
	const struct jspec spec[] = {
		{ .name = "totp_wajib",
		  .type = JSPEC_STRING_ARRAY,
		  .required = true,
		  .max_items = 6,
		  .max_len = 16,
		  .out = &wajib },
		{ .name = "idle_menit", .type = JSPEC_INT, .required = true, .min = 5, .max = 1440, .out = &idle },
		{ .name = "mutlak_jam", .type = JSPEC_INT, .required = true, .min = 1, .max = 168, .out = &mutlak },
		JSPEC_END,
	};
	struct akun_pengaturan k = { 0 };
	if (!json_spec_parse(r, spec) || !peran_of(r, &wajib, "/totp_wajib", &k.totp_wajib))
		return;
	k.idle_menit = (int)idle;
	k.mutlak_jam = (int)mutlak;
	api_idempotent(r, keamanan_work, &k);
}
