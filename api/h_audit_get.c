/* h_audit_get.c - GET /v1/pemda/{pemda}/audit: every change made through the API, in order. */
#include <string.h>

#include "api.h"
#include "json_spec.h"

/* ?name= as a date, or NULL; false after a reply. */
static bool date_query(struct api_req *r, const char *name, const char **out)
{
	*out = api_query(r, name);
	const char *why = *out ? jspec_check_date(*out, strlen(*out)) : NULL;
	if (why) {
		api_problem(r, PAGU_E_INVALID, name, NULL, "%s %s", name, why);
		return false;
	}
	return true;
}

void h_audit_list(struct api_req *r)
{
	long limit, after, token;
	const char *dari, *sampai;
	if (!api_query_int(r, "limit", 1, 500, 100, &limit) ||
	    !api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after) ||
	    !api_query_int(r, "token", 0, 999999999999999999L, 0, &token) || !date_query(r, "dari", &dari) ||
	    !date_query(r, "sampai", &sampai))
		return;
	if (dari && sampai && strcmp(dari, sampai) > 0) {
		api_problem(r, PAGU_E_INVALID, "sampai", NULL, "sampai %s is before dari %s", sampai, dari);
		return;
	}
	const char *p[] = { r->tok.pemda_id,
			    arena_printf(&r->arena, "%ld", after),
			    token ? arena_printf(&r->arena, "%ld", token) : NULL,
			    dari,
			    sampai,
			    arena_printf(&r->arena, "%ld", limit + 1) };
	PGresult *res = NULL;
	pagu_err e = db_exec(r->db, STMT_AUDIT_LIST, p, &res);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the audit trail");
		return;
	}
	json_t *items = json_array();
	int n = PQntuples(res);
	for (int i = 0; i < n && i < limit; i++) {
		json_error_t err;
		json_array_append_new(items, json_loads(PQgetvalue(res, i, 1), 0, &err));
	}
	json_t *next = n > limit ? json_string(PQgetvalue(res, (int)limit - 1, 0)) : json_null();
	PQclear(res);
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
