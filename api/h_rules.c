/* h_rules.c - /v1/pemda/{pemda}/rules: the rule pack in force, and a dry run of an event on current data. */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "rules_json.h"

struct describe_arg {
	struct api_req *r;
	struct rules_gate_pack pack;
};

static pagu_err describe_work(struct db *db, void *p)
{
	struct describe_arg *a = p;
	return rules_gate_describe(db, &a->r->arena, a->r->tok.pemda_id, &a->pack);
}

static json_t *rule_json(const struct rules_gate_rule *ru)
{
	json_t *events = json_array();
	for (int e = 0; e < ru->nevents; e++)
		json_array_append_new(events, json_string(ru->events[e]));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:s}", "rule", ru->rule, "title", ru->title, "cite",
			      ru->cite, "file", ru->file, "line", ru->line, "events", events, "severity", ru->severity);
	if (ru->from_year) {
		json_object_set_new(o, "severity_from", json_integer(ru->from_year));
		json_object_set_new(o, "severity_before", json_string(ru->before_severity));
	}
	if (ru->for_each)
		json_object_set_new(o, "for_each", json_string(ru->for_each));
	if (ru->disabled)
		json_object_set_new(o, "disabled", json_string(ru->disabled));
	return o;
}

/* GET /v1/pemda/{pemda}/rules: the rule pack in force for the pemda today. */
void h_rules_get(struct api_req *r)
{
	struct describe_arg a = { .r = r };
	pagu_err e = db_txn(r->db, DB_READ_COMMITTED, describe_work, &a);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PAKET_ATURAN);
		return;
	}
	json_t *files = json_array(), *rules = json_array(), *tables = json_array();
	for (int i = 0; i < a.pack.nfiles; i++) {
		const struct rules_gate_file *f = &a.pack.files[i];
		json_array_append_new(files, json_pack("{s:s, s:s, s:s, s:i, s:i}", "name", f->name, "hash", f->hash,
						       "source", f->perkada ? "perkada" : "nasional", "rules",
						       f->nrules, "tables", f->ntables));
	}
	for (int k = 0; k < a.pack.nrules; k++)
		json_array_append_new(rules, rule_json(&a.pack.rules[k]));
	for (int t = 0; t < a.pack.ntables; t++) {
		const struct rules_gate_table *tb = &a.pack.tables[t];
		json_t *keys = json_array();
		for (int k = 0; k < tb->nkeys; k++)
			json_array_append_new(keys, json_string(tb->keys[k]));
		json_array_append_new(tables, json_pack("{s:s, s:s, s:s?, s:s, s:i, s:o, s:i}", "table", tb->table,
							"title", tb->title, "cite", tb->cite, "file", tb->file, "line",
							tb->line, "keys", keys, "rows", tb->rows));
	}
	json_t *body = json_pack("{s:s, s:o, s:o, s:o}", "pack_hash", a.pack.hash, "files", files, "rules", rules,
				 "tables", tables);
	if (a.pack.error) /* a Perkada that no longer loads with the national pack: say which */
		json_object_set_new(body, "error", api_json_text(a.pack.error));
	api_reply_json(r, 200, body);
}

struct evaluate_arg {
	struct dokumen d;
	const char *aksi;
	struct rules_report rep;
};

static pagu_err evaluate_work(struct db *db, void *p)
{
	struct api_req *r = ((void **)p)[0];
	struct evaluate_arg *a = ((void **)p)[1];
	return rules_gate_evaluate(db, &r->arena, r->tok.pemda_id, &a->d, a->aksi, &a->rep);
}

static pesan_kunci check_aksi(const char *s, size_t len)
{
	(void)len;
	return !strcmp(s, "submit") || !strcmp(s, "verify") || !strcmp(s, "lock") ? P_TANPA_ : P_AKSI_ATURAN_SALAH;
}

/* POST /v1/pemda/{pemda}/rules/evaluate: what the rules would say of a document's transition now. */
void h_rules_evaluate(struct api_req *r)
{
	struct evaluate_arg a = { .aksi = "lock" };
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
	pagu_err e = db_txn(r->db, DB_REPEATABLE_READ, evaluate_work, args);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_EVALUASI_ATURAN);
		return;
	}
	json_t *report = rules_report_json(&a.rep);
	if (a.rep.failed) {
		api_tolak(r, a.rep.fail_code, "rules", json_pack("{s:o}", "rules", report), P_ATURAN_GALAT, "berkas",
			  a.rep.err.file ? a.rep.err.file : "", "baris", api_num(r, a.rep.err.line), "kolom",
			  api_num(r, a.rep.err.column), "pesan", a.rep.err.message);
		return;
	}
	api_reply_json(r, 200,
		       json_pack("{s:I, s:s, s:s, s:b, s:o}", "dokumen_id", (json_int_t)a.d.id, "status", a.d.status,
				 "aksi", a.aksi, "would_pass", a.rep.nerrors == 0, "rules", report));
}
