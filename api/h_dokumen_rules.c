/* h_dokumen_rules.c - GET /v1/pemda/{pemda}/dokumen/{id}/rules: every rules evaluation of a version. */
#include "api.h"
#include "dokumen_json.h"
#include "rules_gate.h"

static json_t *jsonb(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	return j ? j : json_null();
}

void h_dokumen_rules_list(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	struct rules_evaluasi *v;
	int n;
	pagu_err e = rules_gate_evaluasi_list(r->db, &r->arena, r->tok.pemda_id, id, &v, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_EVALUASI_ATURAN_DAFTAR);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o =
			json_pack("{s:I, s:s, s:b, s:s, s:o, s:s, s:o}", "evaluasi_id", (json_int_t)v[i].id, "event",
				  v[i].event, "accepted", v[i].accepted, "pack_hash", v[i].pack_hash, "files",
				  jsonb(v[i].files_json), "time", v[i].time, "results", jsonb(v[i].results_json));
		json_object_set_new(o, "event_seq", v[i].has_event_seq ? json_integer(v[i].event_seq) : json_null());
		json_object_set_new(o, "token_id", v[i].has_token ? json_integer(v[i].token_id) : json_null());
		json_array_append_new(items, o);
	}
	api_reply_json(r, 200, json_pack("{s:I, s:o}", "dokumen_id", (json_int_t)id, "items", items));
}
