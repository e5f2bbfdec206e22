/* h_pemeriksaan.c - inspector evaluations: open, findings, sign; the OPD's follow-ups; closing findings. */
#include <stdlib.h>
#include <string.h>

#include "dokumen_json.h"
#include "json_spec.h"
#include "opd_json.h"
#include "pemeriksaan.h"

/* One change to an evaluation, run under the request's Idempotency-Key. */
enum op { OP_CREATE, OP_TEMUAN_ADD, OP_SIGN, OP_TINDAK_LANJUT_ADD, OP_TEMUAN_CLOSE };
struct call {
	enum op op;
	unsigned status;
	int tahun, triwulan;
	int64_t id, nomor;
	const char *opd, *sub, *predikat, *temuan, *rekomendasi, *uraian, *bukti, *catatan;
};

static pagu_err work(struct api_req *r, void *arg)
{
	struct call *c = arg;
	struct pagu_fault f = { 0 };
	const char *json = NULL, *pemda = r->tok.pemda_id;
	int64_t tok = r->tok.token_id;
	struct arena *a = &r->arena;
	pagu_err e = PAGU_E_INTERNAL;
	switch (c->op) {
	case OP_CREATE:
		e = pemeriksaan_create(r->db, a, pemda, c->tahun, c->triwulan, c->opd, tok, &json, &f);
		break;
	case OP_TEMUAN_ADD:
		e = pemeriksaan_temuan_add(r->db, a, pemda, c->id, c->sub, c->predikat, c->temuan, c->rekomendasi,
					   &json, &f);
		break;
	case OP_SIGN:
		e = pemeriksaan_sign(r->db, a, pemda, c->id, tok, &json, &f);
		break;
	case OP_TINDAK_LANJUT_ADD:
		e = pemeriksaan_tindak_lanjut_add(r->db, a, pemda, c->id, c->nomor, c->uraian, c->bukti, c->opd, tok,
						  &json, &f);
		break;
	case OP_TEMUAN_CLOSE:
		e = pemeriksaan_temuan_close(r->db, a, pemda, c->id, c->nomor, c->catatan, tok, &json, &f);
		break;
	}
	json_error_t err;
	return dokumen_reply(r, e, &f, c->status, e == PAGU_OK ? json_loads(json, 0, &err) : NULL, 0);
}

static bool id_param(struct api_req *r, const char *name, long long *out)
{
	char *end;
	const char *v = api_param(r, name);
	*out = strtoll(v, &end, 10);
	if (*end || *out < 1 || *out > 1000000000000LL) {
		api_tolak(r, PAGU_E_INVALID, name, NULL, P_BUKAN_BILANGAN_POSITIF, "apa", name, "nilai", v);
		return false;
	}
	return true;
}

void h_pemeriksaan_create(struct api_req *r)
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
	*c = (struct call){ .op = OP_CREATE, .tahun = (int)tahun, .triwulan = (int)tw, .opd = opd, .status = 201 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_get(struct api_req *r)
{
	long long id;
	if (!id_param(r, "id", &id))
		return;
	struct pagu_fault f = { 0 };
	const char *json = NULL;
	pagu_err e = pemeriksaan_get(r->db, &r->arena, r->tok.pemda_id, id, &json, &f);
	if (e != PAGU_OK) {
		dokumen_problem(r, e, &f);
		return;
	}
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);
	const char *opd = json_string_value(json_object_get(j, "opd_kode"));
	if (r->tok.opd_kode[0] && opd && strcmp(opd, r->tok.opd_kode)) {
		json_decref(j);
		api_tolak(r, PAGU_E_FORBIDDEN, "id", NULL, P_TOKEN_BACA_OPD, "opd", r->tok.opd_kode);
		return;
	}
	api_reply_json(r, 200, j);
}

void h_pemeriksaan_temuan_add(struct api_req *r)
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
	*c = (struct call){ .op = OP_TEMUAN_ADD,
			    .id = id,
			    .sub = sub,
			    .predikat = predikat,
			    .temuan = temuan,
			    .rekomendasi = rekomendasi,
			    .status = 201 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_sign(struct api_req *r)
{
	long long id;
	if (!id_param(r, "id", &id))
		return;
	struct call *c = arena_alloc(&r->arena, sizeof(*c));
	*c = (struct call){ .op = OP_SIGN, .id = id, .status = 200 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_tindak_lanjut_add(struct api_req *r)
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
	*c = (struct call){ .op = OP_TINDAK_LANJUT_ADD,
			    .id = id,
			    .nomor = nomor,
			    .uraian = uraian,
			    .bukti = bukti,
			    .opd = r->tok.opd_kode[0] ? r->tok.opd_kode : NULL,
			    .status = 201 };
	api_idempotent(r, work, c);
}

void h_pemeriksaan_temuan_close(struct api_req *r)
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
	*c = (struct call){ .op = OP_TEMUAN_CLOSE, .id = id, .nomor = nomor, .catatan = catatan, .status = 201 };
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
	struct pemeriksaan_filter f = {
		.tahun = (int)tahun, .triwulan = (int)triwulan, .opd = opd, .after = after, .limit = limit
	};
	struct json_page pg;
	pagu_err e = pemeriksaan_list(r->db, &r->arena, r->tok.pemda_id, &f, &pg);
	api_reply_page(r, e, &pg, P_APA_EVALUASI_DAFTAR);
}
