/* h_rules_evaluate_post.c - POST /v1/pemda/{pemda}/rules/evaluate: a dry run of an event on current data. */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "rules_gate.h"

struct arg {
	struct dokumen d;
	const char *aksi;
	struct rules_report rep;
};

static pagu_err work(struct db *db, void *p)
{
	struct api_req *r = ((void **)p)[0];
	struct arg *a = ((void **)p)[1];
	return rules_gate_evaluate(db, &r->arena, r->tok.pemda_id, &a->d, a->aksi, &a->rep);
}

static const char *check_aksi(const char *s, size_t len)
{
	(void)len;
	return !strcmp(s, "submit") || !strcmp(s, "verify") || !strcmp(s, "lock") ? NULL
										  : "is not submit, verify or lock";
}

void h_rules_evaluate_post(struct api_req *r)
{
	struct arg a = { .aksi = "lock" };
	int64_t id = 0;
	const struct jspec spec[] = {
		{ .name = "dokumen_id", .type = JSPEC_INT, .required = true, .min = 1, .max = INT64_MAX, .out = &id },
		{ .name = "aksi", .type = JSPEC_STRING, .max_len = 10, .check = check_aksi, .out = &a.aksi },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	/* whoever may read the document may ask what the rules would say of it */
	if (!dokumen_authorise(r, id, NULL, &a.d))
		return;
	void *args[] = { r, &a };
	/* one snapshot: the facts and the Perkada files are read together */
	pagu_err e = db_txn(r->db, DB_REPEATABLE_READ, work, args);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the rules evaluation");
		return;
	}
	json_t *report = rules_report_json(&a.rep);
	if (a.rep.failed) {
		api_problem(r, a.rep.fail_code, "rules", json_pack("{s:o}", "rules", report), "%s:%d:%d: %s",
			    a.rep.err.file ? a.rep.err.file : "", a.rep.err.pos.line, a.rep.err.pos.col,
			    a.rep.err.message);
		return;
	}
	api_reply_json(r, 200,
		       json_pack("{s:I, s:s, s:s, s:b, s:o}", "dokumen_id", (json_int_t)a.d.id, "status", a.d.status,
				 "aksi", a.aksi, "would_pass", a.rep.nerrors == 0, "rules", report));
}
