/* laporan.h - reports over the record: the LRA, the e-monev report and the OPD ranking. */
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
	int64_t anggaran_murni; /* the year's murni APBD (issue 18); anggaran is the budget in force */
};

/*
 * The Laporan Realisasi Anggaran of @pemda's @tahun (one OPD when @opd), realisation up
 * to and including @sampai (YYYY-MM-DD): rows by code, levels 1 to 6 (pagu_lra).
 */
pagu_err laporan_lra_get(struct db *db, struct arena *a, const char *pemda, int tahun, const char *sampai,
			 const char *opd, struct lra_baris **rows, int *n);

/*
 * A report as a table of text cells, each column by the name the report's statement gives it
 * (opd_kode, anggaran ...): rows of @ncols cells; a NULL cell is no value. Amounts are rupiah
 * text, decimals canonical text.
 */
struct laporan_tabel {
	const char *const *cols; /* @ncols names */
	int ncols, nrows;
	const char **cells; /* row-major */
};

/* The e-monev report (Permendagri 86/2017) of @tahun up to quarter @triwulan; one OPD when @opd. */
pagu_err laporan_monev_get(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, const char *opd,
			   struct laporan_tabel *out);

/* The OPD ranking by average capaian up to quarter @triwulan; one OPD's row when @opd. */
pagu_err laporan_peringkat_get(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan,
			       const char *opd, struct laporan_tabel *out);

/*
 * @part / @whole x 100 to two places, half away from zero, as text into @buf ("12.34");
 * false (and "") when @whole is 0: not computable.
 */
bool laporan_persen(int64_t part, int64_t whole, char buf[32]);

#endif
