/* h_opd_list.c - GET /v1/pemda/{pemda}/opd: the pemda's OPD, by kode, paginated. */
#include <string.h>

#include "api.h"
#include "opd.h"
#include "opd_json.h"

void h_opd_list(struct api_req *r)
{
	long limit;
	if (!api_query_int(r, "limit", 1, OPD_LIST_MAX, 100, &limit))
		return;
	const char *prefix = api_query(r, "prefix");
	if (prefix) {
		size_t n = strlen(prefix);
		bool ok = n > 0 && n <= 22;
		for (size_t i = 0; ok && i < n; i++)
			ok = (prefix[i] >= '0' && prefix[i] <= '9') || prefix[i] == '.' || prefix[i] == 'X';
		if (!ok) {
			api_problem(r, PAGU_E_BAD_CODE, "prefix", NULL, "prefix %s is not the start of an OPD code",
				    prefix);
			return;
		}
	}
	const char *after = NULL, *cursor = api_query(r, "cursor");
	if (cursor) {
		size_t len;
		char *raw = api_b64url_decode(r, cursor, 32, &len);
		if (!raw || strlen(raw) != len || opd_check_kode(raw, len)) {
			api_problem(r, PAGU_E_INVALID, "cursor", NULL, "cursor is not one this server handed out");
			return;
		}
		after = raw;
	}
	struct opd *rows;
	int n;
	bool more;
	pagu_err e = opd_list(r->db, &r->arena, r->tok.pemda_id, prefix, after, (int)limit, &rows, &n, &more);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the OPD list");
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, opd_json(&rows[i]));
	json_t *next =
		more ? json_string(api_b64url_encode(r, rows[n - 1].kode, strlen(rows[n - 1].kode))) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
