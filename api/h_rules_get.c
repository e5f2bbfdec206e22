/* h_rules_get.c - GET /v1/pemda/{pemda}/rules: the rule pack in force for the pemda today. */
#include <string.h>

#include "api.h"
#include "rules_gate.h"

struct arg {
	struct api_req *r;
	struct rules_pack *pack;
	struct rules_report rep;
};

static pagu_err work(struct db *db, void *p)
{
	struct arg *a = p;
	memset(&a->rep, 0, sizeof(a->rep));
	return rules_gate_pack(db, &a->r->arena, a->r->tok.pemda_id, &a->pack, &a->rep);
}

static json_t *rule_json(const struct rules_rule *ru, const char *file)
{
	json_t *events = json_array();
	for (int e = 0; e < ru->nevents; e++)
		json_array_append_new(events, json_sprintf("%s %s", ru->events[e].verb, ru->events[e].object));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:s}", "rule", ru->id, "title", ru->title, "cite",
			      ru->cite, "file", file, "line", ru->pos.line, "events", events, "severity",
			      ru->error ? "error" : "warning");
	if (ru->from_year) {
		json_object_set_new(o, "severity_from", json_integer(ru->from_year));
		json_object_set_new(o, "severity_before", json_string(ru->before_error ? "error" : "warning"));
	}
	if (ru->for_each)
		json_object_set_new(o, "for_each", json_string(ru->for_each));
	if (ru->disabled)
		json_object_set_new(o, "disabled", json_string(ru->disabled));
	return o;
}

void h_rules_get(struct api_req *r)
{
	struct arg a = { .r = r };
	pagu_err e = db_txn(r->db, DB_READ_COMMITTED, work, &a);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the rule pack");
		return;
	}
	json_t *files = json_array(), *rules = json_array(), *tables = json_array();
	for (int i = 0; i < a.pack->nfiles; i++) {
		const struct rules_pack_file *f = &a.pack->files[i];
		json_array_append_new(files,
				      json_pack("{s:s, s:s, s:s, s:i, s:i}", "name", f->name, "hash", f->hash, "source",
						strncmp(f->name, "perkada/", 8) ? "nasional" : "perkada", "rules",
						f->f.nrules, "tables", f->f.ntables));
		for (int k = 0; k < f->f.nrules; k++)
			json_array_append_new(rules, rule_json(&f->f.rules[k], f->name));
		for (int t = 0; t < f->f.ntables; t++) {
			const struct rules_table *tb = &f->f.tables[t];
			json_t *keys = json_array();
			for (int k = 0; k < tb->nkeys; k++)
				json_array_append_new(keys, json_string(tb->keys[k]));
			json_array_append_new(tables,
					      json_pack("{s:s, s:s, s:s?, s:s, s:i, s:o, s:i}", "table", tb->name,
							"title", tb->title, "cite", tb->cite, "file", f->name, "line",
							tb->pos.line, "keys", keys, "rows", tb->nrows));
		}
	}
	json_t *body = json_pack("{s:s, s:o, s:o, s:o}", "pack_hash", a.pack->hash, "files", files, "rules", rules,
				 "tables", tables);
	if (a.rep.failed) /* a Perkada that no longer loads with the national pack: say which */
		json_object_set_new(body, "error", api_json_text(a.rep.err_text));
	api_reply_json(r, 200, body);
}
