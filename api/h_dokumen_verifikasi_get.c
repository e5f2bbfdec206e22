/* h_dokumen_verifikasi_get.c - GET /v1/pemda/{pemda}/dokumen/{id}/verifikasi: recompute the hash chain. */
#include "api.h"
#include "dokumen_json.h"

void h_dokumen_verifikasi_get(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	bool ok = false;
	int64_t bad = 0;
	int checked = 0;
	pagu_err e = dokumen_rantai_verify(r->db, &r->arena, r->tok.pemda_id, id, &ok, &bad, &checked);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the document chain");
		return;
	}
	json_t *body = json_pack("{s:b, s:i}", "ok", ok, "versi_diperiksa", checked);
	json_object_set_new(body, "pertama_rusak", ok ? json_null() : json_integer(bad));
	api_reply_json(r, 200, body);
}
