/* h_dokumen_transisi_post.c - POST /v1/pemda/{pemda}/dokumen/{id}/transisi: submit, verify, lock, reject. */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "opd_json.h"

struct arg {
	int64_t id;
	int revisi;
	const char *aksi;
	const char *alasan;
};

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct dokumen_fault f = { 0 };
	struct dokumen d;
	pagu_err e = dokumen_transisi(r->db, &r->arena, r->tok.pemda_id, a->id, a->aksi, a->revisi, r->tok.token_id,
				      a->alasan, &d, &f);
	return dokumen_reply(r, e, &f, 200, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

static const char *check_aksi(const char *s, size_t len)
{
	(void)len;
	static const char *const ok[] = { "submit", "verify", "lock", "reject" };
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(s, ok[i]))
			return NULL;
	return "is not submit, verify, lock or reject";
}

void h_dokumen_transisi_post(struct api_req *r)
{
	struct arg a = { 0 };
	if (!dokumen_id_param(r, &a.id))
		return;
	const struct jspec spec[] = {
		{ .name = "aksi",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 10,
		  .check = check_aksi,
		  .out = &a.aksi },
		{ .name = "alasan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 1000,
		  .check = opd_check_text,
		  .out = &a.alasan },
	};
	if (!json_spec_parse(r, spec, sizeof(spec) / sizeof(spec[0])))
		return;
	struct dokumen d;
	if (!dokumen_authorise(r, a.id, a.aksi, &d))
		return;
	if (!dokumen_if_match(r, true, &a.revisi))
		return;
	api_idempotent(r, work, &a);
}
