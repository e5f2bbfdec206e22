/* h_dokumen_post.c - POST /v1/pemda/{pemda}/dokumen: start a document (version 1, draft). */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "opd_json.h"

struct arg {
	int64_t tahun;
	const char *jenis;
	const char *opd;
};

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct dokumen d;
	struct pagu_fault f = { 0 };
	pagu_err e = dokumen_create(r->db, &r->arena, r->tok.pemda_id, (int)a->tahun, a->jenis, a->opd, r->tok.token_id,
				  &d, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

static const char *check_jenis(const char *s, size_t len)
{
	(void)len;
	return dokumen_jenis_valid(s) ? NULL : "is not rkpd, kua_ppas, rka, apbd or dpa";
}

void h_dokumen_post(struct api_req *r)
{
	struct arg a = { 0 };
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &a.tahun },
		{ .name = "jenis",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 10,
		  .check = check_jenis,
		  .out = &a.jenis },
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &a.opd },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	bool per_opd = !strcmp(a.jenis, "rka") || !strcmp(a.jenis, "dpa");
	if (per_opd != (a.opd != NULL)) {
		api_problem(r, PAGU_E_INVALID, "/opd_kode", NULL,
			    per_opd ? "a %s belongs to an OPD: opd_kode is required"
				    : "a %s is pemda-wide: opd_kode must be absent",
			    a.jenis);
		return;
	}
	bool scoped = r->tok.opd_kode[0] != '\0';
	if (!dokumen_allowed(a.jenis, "create", r->tok.role, scoped) || (scoped && strcmp(a.opd, r->tok.opd_kode) != 0)) {
		api_problem(r, PAGU_E_FORBIDDEN, NULL, NULL, "role %s%s may not create a %s%s%s",
			    auth_role_name(r->tok.role), scoped ? " (OPD-scoped)" : "", a.jenis,
			    a.opd ? " for OPD " : "", a.opd ? a.opd : "");
		return;
	}
	api_idempotent(r, work, &a);
}
