/* laporan.h - reports over the record: the LRA. */
#ifndef PAGU_LAPORAN_H
#define PAGU_LAPORAN_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"

/* One LRA row: an akun code at a level, its anggaran and realisation (sen). */
struct lra_baris {
	int level;
	const char *kode, *nama; /* nama "" when the code is not in the chart of the year's edition */
	int64_t anggaran, realisasi;
};

/*
 * The Laporan Realisasi Anggaran of @pemda's @tahun (one OPD when @opd), realisation up
 * to and including @sampai (YYYY-MM-DD): rows by code, levels 1 to 6 (pagu_lra).
 */
pagu_err laporan_lra(struct db *db, struct arena *a, const char *pemda, int tahun, const char *sampai, const char *opd,
		     struct lra_baris **rows, int *n);

/*
 * @part / @whole x 100 to two places, half away from zero, as text into @buf ("12.34");
 * false (and "") when @whole is 0: not computable.
 */
bool laporan_persen(int64_t part, int64_t whole, char buf[32]);

#endif
