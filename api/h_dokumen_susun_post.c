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
	struct pagu_fault f = { 0 };
	int nbaris = 0, nrka = 0, revisi = 0;
	pagu_err e = dokumen_apbd_assemble(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, r->tok.token_id, &nbaris,
					&nrka, &revisi, &f);
	return dokumen_reply(r, e, &f, 200,
			     e == PAGU_OK ? json_pack("{s:i, s:i, s:i}", "baris", nbaris, "rka", nrka, "revisi", revisi)
					  : NULL,
			     revisi);
}

void h_dokumen_susun_post(struct api_req *r)
{
	struct arg a = { 0 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id) || !dokumen_authorise(r, a.id, "susun", &d))
		return;
	if (!dokumen_if_match(r, true, &a.revisi))
		return;
	api_idempotent(r, work, &a);
}
