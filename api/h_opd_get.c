/* h_opd_get.c - GET /v1/pemda/{pemda}/opd/{kode}: one OPD, with its ETag. */
#include <string.h>

#include "api.h"
#include "opd.h"
#include "opd_json.h"

void h_opd_get(struct api_req *r)
{
	const char *kode = api_param(r, "kode");
	const char *why = opd_check_kode(kode, strlen(kode));
	if (why) {
		api_problem(r, PAGU_E_BAD_CODE, "kode", NULL, "%s %s", kode, why);
		return;
	}
	struct opd o;
	pagu_err e = opd_get(r->db, &r->arena, r->tok.pemda_id, kode, &o);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, arena_printf(&r->arena, "OPD %s", kode));
		return;
	}
	r->etag = opd_etag(r, &o);
	api_reply_json(r, 200, opd_json(&o));
}
