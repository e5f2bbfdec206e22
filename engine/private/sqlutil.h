/*
 * sqlutil.h - what several areas' statements share: the row of a JSON list (ledger pockets and
 * entries, the audit trail, inspector evaluations).
 */
#ifndef PAGU_SQLUTIL_H
#define PAGU_SQLUTIL_H

#include <stddef.h>

#include "page.h"
#include "sql.h"

/* A list's row: the item's cursor and the item as JSON. */
#define PAGE_ROW(C, r) C(r, cursor) C(r, item)
DB_ROW(page_row, PAGE_ROW);

/*
 * Runs @q (a PAGE_ROW statement) whose last parameter must already be @limit + 1, keeping
 * at most @limit rows in *@out (written on success only).
 */
pagu_err db_json_page(struct db *db, struct arena *a, const struct stmt *q, const char *const *params, int n,
		      long limit, struct json_page *out);

#endif
