/* h_ssh_list.c - GET /v1/pemda/{pemda}/ssh?tahun=: the standard unit prices in force for a year. */
#include <string.h>

#include "api.h"
#include "ssh.h"

json_t *ssh_json(const struct ssh_item *s);

void h_ssh_list(struct api_req *r)
{
	long tahun, limit;
	if (!api_query(r, "tahun")) {
		api_problem(r, PAGU_E_INVALID, "tahun", NULL, "tahun (the fiscal year) is required");
		return;
	}
	if (!api_query_int(r, "tahun", 2000, 2100, 0, &tahun) ||
	    !api_query_int(r, "limit", 1, SSH_LIST_MAX, 100, &limit))
		return;
	const char *prefix = api_query(r, "prefix");
	const char *cursor = api_query(r, "cursor");
	const char *after = NULL;
	if (cursor) {
		size_t len;
		after = api_b64url_decode(r, cursor, 64, &len);
		if (!after || strlen(after) != len) {
			api_problem(r, PAGU_E_INVALID, "cursor", NULL, "cursor is not one this server handed out");
			return;
		}
	}
	if (prefix && strlen(prefix) > 40) {
		api_problem(r, PAGU_E_INVALID, "prefix", NULL, "prefix is longer than an SSH code");
		return;
	}
	struct ssh_item *rows;
	int n;
	bool more;
	pagu_err e =
		ssh_list(r->db, &r->arena, r->tok.pemda_id, (int)tahun, prefix, after, (int)limit, &rows, &n, &more);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the SSH");
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, ssh_json(&rows[i]));
	json_t *next =
		more ? json_string(api_b64url_encode(r, rows[n - 1].kode, strlen(rows[n - 1].kode))) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
