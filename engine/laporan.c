/* laporan.c - the LRA from the pockets and the ledger. */
#include "laporan.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pagu_err laporan_lra(struct db *db, struct arena *a, const char *pemda, int tahun, const char *sampai, const char *opd,
		     struct lra_baris **rows, int *n)
{
	const char *p[] = { pemda, arena_printf(a, "%d", tahun), sampai, opd };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_LAPORAN_LRA, p, &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct lra_baris *out = arena_alloc(a, sizeof(*out) * (size_t)(cnt ? cnt : 1));
	for (int i = 0; i < cnt; i++) {
		/* the sums are the database's (NUMERIC); one beyond int64 sen is refused, not wrapped */
		if ((e = db_sen(db, r, i, 3, &out[i].anggaran)) != PAGU_OK ||
		    (e = db_sen(db, r, i, 4, &out[i].realisasi)) != PAGU_OK) {
			PQclear(r);
			return e;
		}
		out[i].level = atoi(PQgetvalue(r, i, 0));
		out[i].kode = arena_strdup(a, PQgetvalue(r, i, 1));
		out[i].nama = arena_strdup(a, PQgetvalue(r, i, 2));
	}
	PQclear(r);
	*rows = out;
	*n = cnt;
	return PAGU_OK;
}

bool laporan_persen(int64_t part, int64_t whole, char buf[32])
{
	buf[0] = '\0';
	if (whole == 0)
		return false;
	__int128 num = (__int128)part * 10000, q = num / whole, rem = num % whole;
	/* half away from zero: |2 rem| >= |whole| moves q one away from zero */
	__int128 twice = rem < 0 ? -2 * rem : 2 * rem, w = whole < 0 ? -(__int128)whole : whole;
	if (twice >= w)
		q += (num < 0) != (whole < 0) ? -1 : 1;
	bool neg = q < 0;
	unsigned __int128 u = neg ? (unsigned __int128)(-q) : (unsigned __int128)q;
	snprintf(buf, 32, "%s%llu.%02u", neg ? "-" : "", (unsigned long long)(u / 100), (unsigned)(u % 100));
	return true;
}
