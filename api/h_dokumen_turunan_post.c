/* h_dokumen_turunan_post.c - POST /v1/pemda/{pemda}/dokumen/{id}/turunan: a new draft version from a locked one. */
#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "opd_json.h"

struct arg {
	int64_t id;
	const char *alasan;
};

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct pagu_fault f = { 0 };
	struct dokumen d;
	pagu_err e = dokumen_derive(r->db, &r->arena, r->tok.pemda_id, a->id, r->tok.token_id, a->alasan, &d, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

void h_dokumen_turunan_post(struct api_req *r)
{
	struct arg a = { 0 };
	if (!dokumen_id_param(r, &a.id))
		return;
	const struct jspec spec[] = {
		{ .name = "alasan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 1000,
		  .check = opd_check_text,
		  .out = &a.alasan },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	struct dokumen d;
	if (!dokumen_authorise(r, a.id, "derive", &d))
		return;
	api_idempotent(r, work, &a);
}
