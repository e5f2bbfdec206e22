/* stmt.c - the list of statement areas, and the statements not yet moved into theirs. */
#include "stmt.h"

#include "sql.h"

#include "db.h"

#include <stddef.h>

const char *const stmt_cols_unchecked[] = { NULL };

static const struct stmt legacy[] = {
#define PAGU_STMT_ROW(id, s, n) [id] = { .name = #id, .sql = s, .nparams = n, .cols = stmt_cols_unchecked },
	PAGU_STMTS(PAGU_STMT_ROW) PAGU_STMTS_API(PAGU_STMT_ROW) PAGU_STMTS_DOK(PAGU_STMT_ROW)
		PAGU_STMTS_LEDGER(PAGU_STMT_ROW) PAGU_STMTS_MONEV(PAGU_STMT_ROW) PAGU_STMTS_LAPORAN(PAGU_STMT_ROW)
			PAGU_STMTS_PERIKSA(PAGU_STMT_ROW)
#undef PAGU_STMT_ROW
};

static const struct stmt_area stmt_area_legacy = { "legacy", legacy, (int)(sizeof(legacy) / sizeof(legacy[0])) };

const struct stmt *stmt_legacy(enum stmt_id id)
{
	return (unsigned)id < STMT_COUNT_ ? &legacy[id] : NULL;
}

/* Every area of the engine, once. A statement outside these is never prepared: using it fails. */
/* one area a line */
/* clang-format off */
const struct stmt_area *const stmt_areas[] = {
	&stmt_area_db,
	&stmt_area_rules,
	&stmt_area_demo,
	&stmt_area_checkpoint,
	&stmt_area_verify,
	&stmt_area_legacy,
	NULL,
};
/* clang-format on */
