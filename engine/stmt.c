/* stmt.c - lookups into the statement table of stmt.h. */
#include "stmt.h"

#include <assert.h>

struct stmt_def {
	const char *name;
	const char *sql;
	int nparams;
};

static const struct stmt_def stmt_table[] = {
#define PAGU_STMT_ROW(id, s, n) [id] = { .name = #id, .sql = s, .nparams = n },
	PAGU_STMTS(PAGU_STMT_ROW) PAGU_STMTS_API(PAGU_STMT_ROW) PAGU_STMTS_DOK(PAGU_STMT_ROW)
		PAGU_STMTS_RULES(PAGU_STMT_ROW) PAGU_STMTS_LEDGER(PAGU_STMT_ROW) PAGU_STMTS_MONEV(PAGU_STMT_ROW)
			PAGU_STMTS_LAPORAN(PAGU_STMT_ROW) PAGU_STMTS_PERIKSA(PAGU_STMT_ROW)
				PAGU_STMTS_CHECKPOINT(PAGU_STMT_ROW)
#undef PAGU_STMT_ROW
};

const char *stmt_name(enum stmt_id id)
{
	assert((unsigned)id < STMT_COUNT_);
	return stmt_table[id].name;
}

const char *stmt_sql(enum stmt_id id)
{
	assert((unsigned)id < STMT_COUNT_);
	return stmt_table[id].sql;
}

int stmt_nparams(enum stmt_id id)
{
	assert((unsigned)id < STMT_COUNT_);
	return stmt_table[id].nparams;
}
