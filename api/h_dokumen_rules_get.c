/* h_dokumen_rules_get.c - GET /v1/pemda/{pemda}/dokumen/{id}/rules: every rules evaluation of a version. */
#include <stdlib.h>

#include "api.h"
#include "dokumen_json.h"

static json_t *jsonb(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	return j ? j : json_null();
}

void h_dokumen_rules_get(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	const char *params[] = { r->tok.pemda_id, arena_printf(&r->arena, "%lld", (long long)id) };
	PGresult *res = NULL;
	pagu_err e = db_exec_id(r->db, STMT_RULES_EVALUASI_LIST, params, &res);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the rules evaluations");
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < PQntuples(res); i++) {
		json_t *o = json_pack("{s:I, s:s, s:b, s:s, s:o, s:s, s:o}", "evaluasi_id",
				      (json_int_t)strtoll(PQgetvalue(res, i, 0), NULL, 10), "event",
				      PQgetvalue(res, i, 1), "accepted", PQgetvalue(res, i, 2)[0] == 't', "pack_hash",
				      PQgetvalue(res, i, 4), "files", jsonb(PQgetvalue(res, i, 5)), "time",
				      PQgetvalue(res, i, 7), "results", jsonb(PQgetvalue(res, i, 8)));
		json_object_set_new(o, "event_seq",
				    PQgetisnull(res, i, 3) ? json_null() : json_integer(atoi(PQgetvalue(res, i, 3))));
		json_object_set_new(o, "token_id",
				    PQgetisnull(res, i, 6) ? json_null()
							   : json_integer(strtoll(PQgetvalue(res, i, 6), NULL, 10)));
		json_array_append_new(items, o);
	}
	PQclear(res);
	api_reply_json(r, 200, json_pack("{s:I, s:o}", "dokumen_id", (json_int_t)id, "items", items));
}
