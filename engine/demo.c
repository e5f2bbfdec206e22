/* demo.c - generated budget years for demonstrations and benchmarks. */
#include "demo.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>

#define GENERATED_ROW(C, r) C(r, n)
DB_ROW(generated_row, GENERATED_ROW);

enum { Q_YEAR, Q_N };
static const struct stmt q[Q_N] = {
	/* $1 pemda, $2 tahun, $3 lines, $4 max OPD, $5 lock: the lines generated */
	[Q_YEAR] = { "demo_year", "SELECT pagu_demo_tahun($1, $2::int, $3::int, $4::int, $5::bool) AS n", 5,
		     generated_row__cols },
};
const struct stmt_area stmt_area_demo = { "demo", q, Q_N };

pagu_err demo_generate_year(struct db *db, const char *pemda, int tahun, int lines, int max_opd, bool lock, long *n)
{
	char t[16], l[16], m[16];
	snprintf(t, sizeof(t), "%d", tahun);
	snprintf(l, sizeof(l), "%d", lines);
	snprintf(m, sizeof(m), "%d", max_opd);
	const char *p[] = { pemda, t, l, m, lock ? "true" : "false" };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_YEAR], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	*n = atol(PQgetvalue(r, 0, generated_row_n));
	PQclear(r);
	return PAGU_OK;
}
