/* h_dokumen_baris_delete.c - DELETE /v1/pemda/{pemda}/dokumen/{id}/baris/{baris}: remove a draft line. */
#include <stdlib.h>

#include "api.h"
#include "dokumen_json.h"

struct arg {
	int64_t id;
	int revisi;
	int baris;
};

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct dokumen_fault f = { 0 };
	int revisi = 0;
	pagu_err e = dokumen_baris_hapus(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, a->baris, r->tok.token_id,
					 &revisi, &f);
	if (e == PAGU_OK) {
		r->etag = dokumen_etag(r, revisi);
		api_reply_json(r, 200, json_pack("{s:i, s:i}", "baris", a->baris, "revisi", revisi));
		return PAGU_OK;
	}
	if (e == PAGU_E_DB || e == PAGU_E_DB_UNAVAILABLE)
		return e;
	dokumen_problem(r, e, &f);
	return PAGU_OK;
}

void h_dokumen_baris_delete(struct api_req *r)
{
	struct arg a = { .revisi = -1 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id))
		return;
	const char *b = api_param(r, "baris");
	char *end;
	long n = strtol(b, &end, 10);
	if (*b < '1' || *b > '9' || *end || n > 1000000000) {
		api_problem(r, PAGU_E_INVALID, "baris", NULL, "line %s is not a positive integer", b);
		return;
	}
	a.baris = (int)n;
	if (!dokumen_authorise(r, a.id, "edit", &d))
		return;
	const char *im = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	if (!im) {
		api_problem(r, PAGU_E_PRECONDITION_REQUIRED, "If-Match", NULL,
			    "removing a line needs If-Match with the document's ETag");
		return;
	}
	if (!dokumen_etag_parse(im, &a.revisi)) {
		api_problem(r, PAGU_E_PRECONDITION, "If-Match", NULL, "If-Match %s is not an ETag of this document",
			    im);
		return;
	}
	api_idempotent(r, work, &a);
}
