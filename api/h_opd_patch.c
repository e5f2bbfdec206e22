/* h_opd_patch.c - PATCH /v1/pemda/{pemda}/opd/{kode}: change an OPD, guarded by If-Match. */
#include <string.h>

#include "api.h"
#include "json_spec.h"
#include "opd.h"
#include "opd_json.h"

struct patch_arg {
	const char *kode;
	int versi;
	struct opd_patch patch;
};

static pagu_err work(struct api_req *r, void *p)
{
	struct patch_arg *a = p;
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
		api_problem(r, e, "kode", NULL, "OPD %s was not found", a->kode);
		return PAGU_OK;
	case PAGU_E_PRECONDITION:
		r->etag = opd_etag(r, &out);
		api_problem(r, e, "If-Match", NULL,
			    "OPD %s is at version %d, not %d: read it again and reapply the change", a->kode, out.versi,
			    a->versi);
		return PAGU_OK;
	case PAGU_E_RULE:
		api_problem(r, e, arena_printf(&r->arena, "/bidang/%d", bad), NULL,
			    "bidang %s is not an active bidang urusan for this pemda's level", a->patch.bidang[bad]);
		return PAGU_OK;
	default:
		return e;
	}
}

void h_opd_patch(struct api_req *r)
{
	struct patch_arg a = { .kode = api_param(r, "kode") };
	const char *why = opd_check_kode(a.kode, strlen(a.kode));
	if (why) {
		api_problem(r, PAGU_E_BAD_CODE, "kode", NULL, "%s %s", a.kode, why);
		return;
	}
	const char *im = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	if (!im) {
		api_problem(r, PAGU_E_PRECONDITION_REQUIRED, "If-Match", NULL,
			    "a change needs If-Match with the ETag of the version it changes");
		return;
	}
	if (!opd_etag_parse(im, &a.versi)) {
		api_problem(r, PAGU_E_PRECONDITION, "If-Match", NULL, "If-Match %s is not an ETag of this resource",
			    im);
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
			api_problem(r, PAGU_E_INVALID, "/bidang", NULL, "/bidang must name at least one bidang urusan");
			return;
		}
		for (size_t i = 0; i < bidang.n; i++)
			a.patch.bidang[i] = bidang.items[i];
		a.patch.nbidang = (int)bidang.n;
	}
	if (!has_nama && !a.patch.set_singkatan && !a.patch.set_bidang) {
		api_problem(r, PAGU_E_INVALID, "", NULL, "the change names no field (nama, singkatan, bidang)");
		return;
	}
	api_idempotent(r, work, &a);
}
