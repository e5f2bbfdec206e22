/* h_pemeriksaan.c - inspector evaluations: open, findings, sign; the OPD's follow-ups; closing findings. */
#include <stdlib.h>
#include <string.h>

#include "dokumen_json.h"
#include "json_spec.h"
#include "monev.h"
#include "opd_json.h"

struct call {
	enum stmt_id id;
	const char *p[8];
	unsigned status;
};

static pagu_err work(struct api_req *r, void *arg)
{
	struct call *c = arg;
	struct pagu_fault f = { 0 };
	const char *json = NULL;
	pagu_err e = monev_periksa(r->db, &r->arena, c->id, c->p, &json, &f);
	json_error_t err;
	return dokumen_reply(r, e, &f, c->status, e == PAGU_OK ? json_loads(json, 0, &err) : NULL, 0);
}

static bool id_param(struct api_req *r, const char *name, long long *out)
{
	char *end;
	const char *v = api_param(r, name);
	*out = strtoll(v, &end, 10);
	if (*end || *out < 1 || *out > 1000000000000LL) {
		api_problem(r, PAGU_E_INVALID, name, NULL, "%s %s is not a positive integer", name, v);
		return false;
	}
	return true;
}

static const char *tok_id(struct api_req *r)
{
	return arena_printf(&r->arena, "%lld", (long long)r->tok.token_id);
}

void h_pemeriksaan_post(struct api_req *r)
{
	struct call *c = arena_alloc(&r->arena, sizeof(*c));
	int64_t tahun = 0, tw = 0;
	const char *opd = NULL;
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &tahun },
		{ .name = "triwulan", .type = JSPEC_INT, .required = true, .min = 1, .max = 4, .out = &tw },
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &opd },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	*c = (struct call){ .id = STMT_PERIKSA_BUKA,
			    .p = { r->tok.pemda_id, arena_printf(&r->arena, "%d", (int)tahun),
				   arena_printf(&r->arena, "%d", (int)tw), opd, tok_id(r) },
			    .status = 201 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_get(struct api_req *r)
{
	long long id;
	if (!id_param(r, "id", &id))
		return;
	const char *p[] = { r->tok.pemda_id, arena_printf(&r->arena, "%lld", id) };
	struct pagu_fault f = { 0 };
	const char *json = NULL;
	pagu_err e = monev_periksa(r->db, &r->arena, STMT_PERIKSA_GET, p, &json, &f);
	if (e != PAGU_OK) {
		dokumen_problem(r, e, &f);
		return;
	}
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);
	const char *opd = json_string_value(json_object_get(j, "opd_kode"));
	if (r->tok.opd_kode[0] && opd && strcmp(opd, r->tok.opd_kode)) {
		json_decref(j);
		api_problem(r, PAGU_E_FORBIDDEN, "id", NULL, "this token reads OPD %s only", r->tok.opd_kode);
		return;
	}
	api_reply_json(r, 200, j);
}

void h_pemeriksaan_temuan_post(struct api_req *r)
{
	long long id;
	if (!id_param(r, "id", &id))
		return;
	struct call *c = arena_alloc(&r->arena, sizeof(*c));
	const char *sub = NULL, *predikat = NULL, *temuan = NULL, *rekomendasi = NULL;
	const struct jspec spec[] = {
		{ .name = "sub_kegiatan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 40,
		  .check = opd_check_text,
		  .out = &sub },
		{ .name = "predikat",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 50,
		  .check = opd_check_text,
		  .out = &predikat },
		{ .name = "temuan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 4000,
		  .check = opd_check_text,
		  .out = &temuan },
		{ .name = "rekomendasi",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 4000,
		  .check = opd_check_text,
		  .out = &rekomendasi },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	*c = (struct call){ .id = STMT_PERIKSA_TEMUAN,
			    .p = { r->tok.pemda_id, arena_printf(&r->arena, "%lld", id), sub, predikat, temuan,
				   rekomendasi },
			    .status = 201 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_ttd_post(struct api_req *r)
{
	long long id;
	if (!id_param(r, "id", &id))
		return;
	struct call *c = arena_alloc(&r->arena, sizeof(*c));
	*c = (struct call){ .id = STMT_PERIKSA_TTD,
			    .p = { r->tok.pemda_id, arena_printf(&r->arena, "%lld", id), tok_id(r) },
			    .status = 200 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_tindak_lanjut_post(struct api_req *r)
{
	long long id, nomor;
	if (!id_param(r, "id", &id) || !id_param(r, "nomor", &nomor))
		return;
	struct call *c = arena_alloc(&r->arena, sizeof(*c));
	const char *uraian = NULL, *bukti = NULL;
	const struct jspec spec[] = {
		{ .name = "uraian",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 4000,
		  .check = opd_check_text,
		  .out = &uraian },
		{ .name = "bukti",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 500,
		  .check = opd_check_text,
		  .out = &bukti },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	/* an OPD-scoped planner follows up its own OPD's findings only */
	*c = (struct call){ .id = STMT_PERIKSA_TL,
			    .p = { r->tok.pemda_id, arena_printf(&r->arena, "%lld", id),
				   arena_printf(&r->arena, "%lld", nomor), uraian, bukti,
				   r->tok.opd_kode[0] ? r->tok.opd_kode : NULL, tok_id(r) },
			    .status = 201 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_tutup_post(struct api_req *r)
{
	long long id, nomor;
	if (!id_param(r, "id", &id) || !id_param(r, "nomor", &nomor))
		return;
	struct call *c = arena_alloc(&r->arena, sizeof(*c));
	const char *catatan = NULL;
	const struct jspec spec[] = {
		{ .name = "catatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 4000,
		  .check = opd_check_text,
		  .out = &catatan },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	*c = (struct call){ .id = STMT_PERIKSA_TUTUP,
			    .p = { r->tok.pemda_id, arena_printf(&r->arena, "%lld", id),
				   arena_printf(&r->arena, "%lld", nomor), catatan, tok_id(r) },
			    .status = 201 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_list(struct api_req *r)
{
	long limit, after, tahun, triwulan;
	if (!api_query_int(r, "limit", 1, 500, 100, &limit) ||
	    !api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after) ||
	    !api_query_int(r, "tahun", 2000, 2100, 0, &tahun) || !api_query_int(r, "triwulan", 1, 4, 0, &triwulan))
		return;
	const char *opd;
	if (!api_query_opd(r, &opd)) /* an OPD's own staff list their OPD's evaluations only */
		return;
	const char *p[] = { r->tok.pemda_id,
			    arena_printf(&r->arena, "%ld", after),
			    tahun ? arena_printf(&r->arena, "%ld", tahun) : NULL,
			    triwulan ? arena_printf(&r->arena, "%ld", triwulan) : NULL,
			    opd,
			    arena_printf(&r->arena, "%ld", limit + 1) };
	api_reply_page(r, STMT_PERIKSA_LIST, p, limit, "the evaluations");
}
