/* sqlutil.c - a JSON list's page, and text arrays as parameters (see sqlutil.h). */
#include "sqlutil.h"

#include "arena.h"

#include <string.h>

pagu_err db_json_page(struct db *db, struct arena *a, const struct stmt *q, const char *const *params, int n,
		      long limit, struct json_page *out)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, q, params, n, &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	size_t keep = rows > limit ? (size_t)limit : (size_t)rows;
	const char **items = arena_alloc(a, sizeof(*items) * (keep ? keep : 1));
	for (size_t i = 0; i < keep; i++)
		items[i] = arena_strdup(a, PQgetvalue(r, (int)i, page_row_item));
	out->items = items;
	out->n = keep;
	out->next_cursor =
		rows > limit && limit > 0 ? arena_strdup(a, PQgetvalue(r, (int)limit - 1, page_row_cursor)) : NULL;
	PQclear(r);
	return PAGU_OK;
}
