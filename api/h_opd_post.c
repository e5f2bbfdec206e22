/* h_opd_post.c - POST /v1/pemda/{pemda}/opd: create an OPD (admin). */
#include <string.h>

#include "api.h"
#include "json_spec.h"
#include "opd.h"
#include "opd_json.h"

struct post_arg {
	struct opd in;
};

static pagu_err work(struct api_req *r, void *p)
{
	struct post_arg *a = p;
	struct opd out;
	int bad = -1;
	pagu_err e = opd_create(r->db, &r->arena, r->tok.pemda_id, &a->in, r->tok.token_id, &out, &bad);
	switch (e) {
	case PAGU_OK:
		r->etag = opd_etag(r, &out);
		api_reply_json(r, 201, opd_json(&out));
		return PAGU_OK;
	case PAGU_E_CONFLICT:
		api_problem(r, e, "/kode", NULL, "OPD %s already exists in pemda %s", a->in.kode, r->tok.pemda_id);
		return PAGU_OK;
	case PAGU_E_RULE:
		api_problem(r, e, arena_printf(&r->arena, "/bidang/%d", bad), NULL,
			    "bidang %s is not an active bidang urusan for this pemda's level", a->in.bidang[bad]);
		return PAGU_OK;
	default:
		return e;
	}
}

void h_opd_post(struct api_req *r)
{
	struct post_arg a = { 0 };
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
		api_problem(r, PAGU_E_INVALID, "/bidang", NULL, "/bidang must name at least one bidang urusan");
		return;
	}
	for (size_t i = 0; i < bidang.n; i++)
		a.in.bidang[i] = bidang.items[i];
	a.in.nbidang = (int)bidang.n;
	api_idempotent(r, work, &a);
}
