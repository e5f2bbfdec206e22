/* h_dokumen_baris_delete.c - DELETE /v1/pemda/{pemda}/dokumen/{id}/baris/{baris}: remove a draft line. */
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
	struct pagu_fault f = { 0 };
	int revisi = 0;
	pagu_err e = dokumen_baris_delete(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, a->baris, r->tok.token_id,
					 &revisi, &f);
	return dokumen_reply(r, e, &f, 200,
			     e == PAGU_OK ? json_pack("{s:i, s:i}", "baris", a->baris, "revisi", revisi) : NULL,
			     revisi);
}

void h_dokumen_baris_delete(struct api_req *r)
{
	struct arg a = { .revisi = -1 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id) || !dokumen_baris_param(r, &a.baris) ||
	    !dokumen_authorise(r, a.id, "edit", &d) || !dokumen_baris_sendiri(r, &d) ||
	    !dokumen_if_match(r, true, &a.revisi) || !dokumen_baris_check(r, a.id, a.baris))
		return;
	api_idempotent(r, work, &a);
}
