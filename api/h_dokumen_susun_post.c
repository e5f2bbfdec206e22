/* h_dokumen_susun_post.c - POST /v1/pemda/{pemda}/dokumen/{id}/susun: assemble a draft APBD from the verified RKAs. */
#include "api.h"
#include "dokumen_json.h"

struct arg {
	int64_t id;
	int revisi;
};

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct dokumen_fault f = { 0 };
	int nbaris = 0, nrka = 0, revisi = 0;
	pagu_err e = dokumen_apbd_susun(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, r->tok.token_id, &nbaris,
					&nrka, &revisi, &f);
	if (e == PAGU_OK) {
		r->etag = dokumen_etag(r, revisi);
		api_reply_json(r, 200, json_pack("{s:i, s:i, s:i}", "baris", nbaris, "rka", nrka, "revisi", revisi));
		return PAGU_OK;
	}
	if (e == PAGU_E_DB || e == PAGU_E_DB_UNAVAILABLE)
		return e;
	dokumen_problem(r, e, &f);
	return PAGU_OK;
}

void h_dokumen_susun_post(struct api_req *r)
{
	struct arg a = { 0 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id) || !dokumen_authorise(r, a.id, "susun", &d))
		return;
	const char *im = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	if (!im) {
		api_problem(r, PAGU_E_PRECONDITION_REQUIRED, "If-Match", NULL,
			    "assembling needs If-Match with the APBD's ETag");
		return;
	}
	if (!dokumen_etag_parse(im, &a.revisi)) {
		api_problem(r, PAGU_E_PRECONDITION, "If-Match", NULL, "If-Match %s is not an ETag of this document",
			    im);
		return;
	}
	api_idempotent(r, work, &a);
}
