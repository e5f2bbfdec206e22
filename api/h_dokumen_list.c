/* h_dokumen_list.c - GET /v1/pemda/{pemda}/dokumen: document versions, filtered, paginated. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "opd_json.h"

void h_dokumen_list(struct api_req *r)
{
	long tahun, limit;
	if (!api_query_int(r, "tahun", 0, 2100, 0, &tahun) ||
	    !api_query_int(r, "limit", 1, DOKUMEN_LIST_MAX, 100, &limit))
		return;
	const char *jenis = api_query(r, "jenis");
	if (jenis && !dokumen_jenis_valid(jenis)) {
		api_problem(r, PAGU_E_INVALID, "jenis", NULL, "jenis %s is not rkpd, kua_ppas, rka, apbd or dpa",
			    jenis);
		return;
	}
	const char *opd = api_query(r, "opd");
	if (opd && opd_check_kode(opd, strlen(opd))) {
		api_problem(r, PAGU_E_BAD_CODE, "opd", NULL, "opd %s is not an OPD code", opd);
		return;
	}
	/* an OPD-scoped token lists its own OPD's documents and the pemda-wide ones */
	long after = 0;
	if (!api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after))
		return;
	struct dokumen *rows;
	int n;
	bool more;
	pagu_err e = dokumen_list(r->db, &r->arena, r->tok.pemda_id, (int)tahun, jenis, opd, after, (int)limit, &rows,
				  &n, &more);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the documents");
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		if (r->tok.opd_kode[0] && rows[i].opd_kode && strcmp(rows[i].opd_kode, r->tok.opd_kode) != 0)
			continue;
		json_array_append_new(items, dokumen_json(&rows[i]));
	}
	json_t *next = more ? json_string(arena_printf(&r->arena, "%lld", (long long)rows[n - 1].id)) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
