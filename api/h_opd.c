/*
 * h_opd.c - the OPD of a pemda: /v1/pemda/{pemda}/opd and /opd/{kode}.
 */
#include <string.h>

#include "api.h"
#include "opd.h"
#include "opd_json.h"
#include "json_spec.h"

/* GET /v1/pemda/{pemda}/opd: the pemda's OPD, by kode, paginated. */
void h_opd_list(struct api_req *r)
{
	long limit;
	if (!api_query_int(r, "limit", 1, OPD_LIST_MAX, 100, &limit))
		return;
	const char *prefix = api_query(r, "prefix");
	if (prefix) {
		size_t n = strlen(prefix);
		bool ok = n > 0 && n <= 22;
		for (size_t i = 0; ok && i < n; i++)
			ok = (prefix[i] >= '0' && prefix[i] <= '9') || prefix[i] == '.' || prefix[i] == 'X';
		if (!ok) {
			api_tolak(r, PAGU_E_BAD_CODE, "prefix", NULL, P_OPD_BUKAN_AWALAN, "awalan", prefix);
			return;
		}
	}
	const char *after = NULL, *cursor = api_query(r, "cursor");
	if (cursor) {
		size_t len;
		char *raw = api_b64url_decode(r, cursor, 32, &len);
		if (!raw || strlen(raw) != len || opd_check_kode(raw, len)) {
			api_tolak(r, PAGU_E_INVALID, "cursor", NULL, P_CURSOR_ASING);
			return;
		}
		after = raw;
	}
	struct opd *rows;
	int n;
	bool more;
	pagu_err e = opd_list(r->db, &r->arena, r->tok.pemda_id, prefix, after, (int)limit, &rows, &n, &more);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DAFTAR_OPD);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, opd_json(&rows[i]));
	json_t *next =
		more ? json_string(api_b64url_encode(r, rows[n - 1].kode, strlen(rows[n - 1].kode))) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

/* GET /v1/pemda/{pemda}/opd/{kode}: one OPD, with its ETag. */
void h_opd_get(struct api_req *r)
{
	const char *kode = api_param(r, "kode");
	pesan_kunci why = opd_check_kode(kode, strlen(kode));
	if (why) {
		api_tolak(r, PAGU_E_BAD_CODE, "kode", NULL, why, "apa", kode);
		return;
	}
	struct opd o;
	pagu_err e = opd_get(r->db, &r->arena, r->tok.pemda_id, kode, &o);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_OPD, "kode", kode);
		return;
	}
	r->etag = opd_etag(r, &o);
	api_reply_json(r, 200, opd_json(&o));
}

/* POST /v1/pemda/{pemda}/opd: create an OPD (admin). */
struct opd_create_arg {
	struct opd in;
};

static pagu_err opd_create_work(struct api_req *r, void *p)
{
	struct opd_create_arg *a = p;
	struct opd out;
	int bad = -1;
	pagu_err e = opd_create(r->db, &r->arena, r->tok.pemda_id, &a->in, r->tok.token_id, &out, &bad);
	switch (e) {
	case PAGU_OK:
		r->etag = opd_etag(r, &out);
		api_reply_json(r, 201, opd_json(&out));
		return PAGU_OK;
	case PAGU_E_CONFLICT:
		api_tolak(r, e, "/kode", NULL, P_OPD_SUDAH_ADA, "kode", a->in.kode, "pemda", r->tok.pemda_id);
		return PAGU_OK;
	case PAGU_E_RULE:
		api_tolak(r, e, arena_printf(&r->arena, "/bidang/%d", bad), NULL, P_BIDANG_TIDAK_AKTIF, "bidang",
			  a->in.bidang[bad]);
		return PAGU_OK;
	default:
		return e;
	}
}

void h_opd_create(struct api_req *r)
{
	struct opd_create_arg a = { 0 };
	struct jspec_strings bidang = { 0 };
	const struct jspec spec[] = {
		{ .name = "kode",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &a.in.kode },
		{ .name = "nama", .type = JSPEC_STRING, .required = true, .check = opd_check_text, .out = &a.in.nama },
		{ .name = "singkatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 40,
		  .check = opd_check_text,
		  .out = &a.in.singkatan },
		{ .name = "bidang",
		  .type = JSPEC_STRING_ARRAY,
		  .required = true,
		  .max_items = OPD_MAX_BIDANG,
		  .max_len = 8,
		  .check = opd_check_bidang,
		  .out = &bidang },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	if (bidang.n == 0) {
		api_tolak(r, PAGU_E_INVALID, "/bidang", NULL, P_BIDANG_KOSONG);
		return;
	}
	for (size_t i = 0; i < bidang.n; i++)
		a.in.bidang[i] = bidang.items[i];
	a.in.nbidang = (int)bidang.n;
	api_idempotent(r, opd_create_work, &a);
}

/* PATCH /v1/pemda/{pemda}/opd/{kode}: change an OPD, guarded by If-Match. */
struct opd_update_arg {
	const char *kode;
	int versi;
	struct opd_patch patch;
};

static pagu_err opd_update_work(struct api_req *r, void *p)
{
	struct opd_update_arg *a = p;
	struct opd out;
	int bad = -1;
	pagu_err e = opd_update(r->db, &r->arena, r->tok.pemda_id, a->kode, a->versi, &a->patch, r->tok.token_id, &out,
				&bad);
	switch (e) {
	case PAGU_OK:
		r->etag = opd_etag(r, &out);
		api_reply_json(r, 200, opd_json(&out));
		return PAGU_OK;
	case PAGU_E_NOT_FOUND:
		api_tolak(r, e, "kode", NULL, P_OPD_KODE_TIDAK_ADA, "kode", a->kode);
		return PAGU_OK;
	case PAGU_E_PRECONDITION:
		r->etag = opd_etag(r, &out);
		api_tolak(r, e, "If-Match", NULL, P_OPD_VERSI_BERUBAH, "kode", a->kode, "versi", api_num(r, out.versi),
			  "diminta", api_num(r, a->versi));
		return PAGU_OK;
	case PAGU_E_RULE:
		api_tolak(r, e, arena_printf(&r->arena, "/bidang/%d", bad), NULL, P_BIDANG_TIDAK_AKTIF, "bidang",
			  a->patch.bidang[bad]);
		return PAGU_OK;
	default:
		return e;
	}
}

void h_opd_update(struct api_req *r)
{
	struct opd_update_arg a = { .kode = api_param(r, "kode") };
	pesan_kunci why = opd_check_kode(a.kode, strlen(a.kode));
	if (why) {
		api_tolak(r, PAGU_E_BAD_CODE, "kode", NULL, why, "apa", a.kode);
		return;
	}
	const char *im = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	if (!im) {
		api_tolak(r, PAGU_E_PRECONDITION_REQUIRED, "If-Match", NULL, P_IF_MATCH_PERLU);
		return;
	}
	if (!opd_etag_parse(im, &a.versi)) {
		api_tolak(r, PAGU_E_PRECONDITION, "If-Match", NULL, P_IF_MATCH_SALAH, "etag", im);
		return;
	}
	struct jspec_strings bidang = { 0 };
	bool has_nama = false;
	const char *nama = NULL;
	const struct jspec spec[] = {
		{ .name = "nama", .type = JSPEC_STRING, .check = opd_check_text, .out = &nama, .present = &has_nama },
		{ .name = "singkatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 40,
		  .check = opd_check_text,
		  .out = &a.patch.singkatan,
		  .present = &a.patch.set_singkatan },
		{ .name = "bidang",
		  .type = JSPEC_STRING_ARRAY,
		  .max_items = OPD_MAX_BIDANG,
		  .max_len = 8,
		  .check = opd_check_bidang,
		  .out = &bidang,
		  .present = &a.patch.set_bidang },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	a.patch.nama = has_nama ? nama : NULL;
	if (a.patch.set_bidang) {
		if (bidang.n == 0) {
			api_tolak(r, PAGU_E_INVALID, "/bidang", NULL, P_BIDANG_KOSONG);
			return;
		}
		for (size_t i = 0; i < bidang.n; i++)
			a.patch.bidang[i] = bidang.items[i];
		a.patch.nbidang = (int)bidang.n;
	}
	if (!has_nama && !a.patch.set_singkatan && !a.patch.set_bidang) {
		api_tolak(r, PAGU_E_INVALID, "", NULL, P_OPD_UBAH_KOSONG);
		return;
	}
	api_idempotent(r, opd_update_work, &a);
}
