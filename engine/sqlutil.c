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

const char *db_text_array(struct arena *a, const char *const *v, size_t n)
{
	size_t cap = 3;
	for (size_t i = 0; i < n; i++)
		cap += (v[i] ? 2 * strlen(v[i]) + 2 : 4) + 1;
	char *out = arena_alloc(a, cap), *o = out;
	*o++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i)
			*o++ = ',';
		if (!v[i]) {
			memcpy(o, "NULL", 4);
			o += 4;
			continue;
		}
		/* quoted, with " and \ escaped: any text, including "NULL", is a value */
		*o++ = '"';
		for (const char *s = v[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				*o++ = '\\';
			*o++ = *s;
		}
		*o++ = '"';
	}
	*o++ = '}';
	*o = '\0';
	return out;
}
