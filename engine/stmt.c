/* stmt.c - the list of statement areas, and the statements not yet moved into theirs. */
#include "stmt.h"

#include "sql.h"

#include "db.h"

#include <stddef.h>

const char *const stmt_cols_unchecked[] = { NULL };

static const struct stmt legacy[] = {
#define PAGU_STMT_ROW(id, s, n) [id] = { .name = #id, .sql = s, .nparams = n, .cols = stmt_cols_unchecked },
	PAGU_STMTS_RULES(PAGU_STMT_ROW) PAGU_STMTS_CHECKPOINT(PAGU_STMT_ROW)
#undef PAGU_STMT_ROW
};

static const struct stmt_area stmt_area_legacy = { "legacy", legacy, (int)(sizeof(legacy) / sizeof(legacy[0])) };

const struct stmt *stmt_legacy(enum stmt_id id)
{
	return (unsigned)id < STMT_COUNT_ ? &legacy[id] : NULL;
}

/* Every area of the engine, once. A statement outside these is never prepared: using it fails. */
/* one area a line, so each area's line merges on its own */
/* clang-format off */
const struct stmt_area *const stmt_areas[] = {
	&stmt_area_db,
	&stmt_area_ref,
	&stmt_area_auth,
	&stmt_area_idem,
	&stmt_area_opd,
	&stmt_area_dokumen,
	&stmt_area_ssh,
	&stmt_area_legacy,
	&stmt_area_ledger,
	&stmt_area_monev,
	&stmt_area_laporan,
	&stmt_area_pemeriksaan,
	&stmt_area_audit,
	NULL,
};
/* clang-format on */
