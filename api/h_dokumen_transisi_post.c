/* h_dokumen_transisi_post.c - POST /v1/pemda/{pemda}/dokumen/{id}/transisi: submit, verify, lock, reject. */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "opd_json.h"
#include "rules_json.h"

struct arg {
	int64_t id;
	int revisi;
	const char *aksi;
	const char *alasan;
	struct dokumen before;
	const struct rules_report *refused; /* the report of a refusal by the rules, to record */
};

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct pagu_fault f = { 0 };
	struct dokumen d;
	a->refused = NULL;
	pagu_err e = dokumen_transisi(r->db, &r->arena, r->tok.pemda_id, a->id, a->aksi, a->revisi, r->tok.token_id,
				      a->alasan, &d, &f);
	json_t *body = NULL;
	if (e == PAGU_OK) {
		body = dokumen_json(&d);
		if (f.laporan) /* warnings pass, and are returned with the rest of the evaluation */
			json_object_set_new(body, "rules", rules_report_json(f.laporan));
	} else if (e == PAGU_E_RULES_REFUSED && f.laporan) {
		a->refused = f.laporan;
	}
	return dokumen_reply(r, e, &f, 200, body, d.revisi);
}

struct simpan {
	struct api_req *r;
	struct arg *a;
};

static pagu_err record_refusal(struct db *db, void *p)
{
	struct simpan *s = p;
	return rules_gate_record(db, &s->r->arena, s->r->tok.pemda_id, &s->a->before, s->r->tok.token_id, false,
				 s->a->refused);
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
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	if (!dokumen_authorise(r, a.id, a.aksi, &a.before))
		return;
	if (!dokumen_if_match(r, true, &a.revisi))
		return;
	api_idempotent(r, work, &a);
	/*
	 * A refusal rolled the transition back; the evaluation that refused it is
	 * recorded on its own, so an inspector can later see why the lock failed.
	 */
	if (a.refused && r->status == 422) {
		struct simpan s = { .r = r, .a = &a };
		if (db_txn(r->db, DB_READ_COMMITTED, record_refusal, &s) != PAGU_OK)
			r->log_detail = "the refusal by the rules could not be recorded";
	}
}
