/* laporan.c - reports over the record: the LRA, the e-monev report and the OPD ranking. */
#include "laporan.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_LRA, Q_MONEV, Q_PERINGKAT, Q_N };
#define LRA_ROW(C, r) C(r, level) C(r, kode) C(r, nama) C(r, anggaran) C(r, realisasi) C(r, anggaran_murni)
DB_ROW(lra_row, LRA_ROW);
/* the Permendagri 86/2017 e-monev table (migrations/procedures) */
/* (in parts: one line each) */
#define MONEV_PROGRAM(C, r) C(r, program) C(r, program_nama) C(r, kegiatan) C(r, kegiatan_nama)
#define MONEV_INDIKATOR(C, r) C(r, sub_kegiatan) C(r, sub_kegiatan_nama) C(r, indikator) C(r, satuan) C(r, target)
#define MONEV_TW(C, r) C(r, tw1) C(r, tw2) C(r, tw3) C(r, tw4) C(r, kumulatif) C(r, fisik) C(r, capaian) C(r, predikat)
#define MONEV_UANG(C, r) C(r, anggaran) C(r, realisasi_keuangan) C(r, capaian_keuangan) C(r, predikat_keuangan)
#define MONEV_ROW(C, r) C(r, opd_kode) MONEV_PROGRAM(C, r) MONEV_INDIKATOR(C, r) MONEV_TW(C, r) MONEV_UANG(C, r)
DB_ROW(monev_row, MONEV_ROW);
#define PERINGKAT_OPD(C, r) C(r, peringkat) C(r, opd_kode) C(r, opd_nama) C(r, indikator) C(r, dievaluasi)
#define PERINGKAT_NILAI(C, r) C(r, capaian) C(r, predikat) C(r, anggaran) C(r, realisasi)
#define PERINGKAT_ROW(C, r) PERINGKAT_OPD(C, r) PERINGKAT_NILAI(C, r) C(r, capaian_keuangan) C(r, predikat_keuangan)
DB_ROW(peringkat_row, PERINGKAT_ROW);
static const struct stmt q[Q_N] = {
	/* $1 pemda $2 tahun $3 realisation up to this day $4 opd (NULL: all) */
	[Q_LRA] = { "laporan_lra",
		    "SELECT level, kode, coalesce(nama, '') AS nama, pagu_uang(anggaran) AS anggaran,"
		    " pagu_uang(realisasi) AS realisasi, pagu_uang(anggaran_murni) AS anggaran_murni"
		    " FROM pagu_lra($1, $2::int, $3::date, $4)",
		    4, lra_row__cols },
	/* $1 pemda $2 tahun $3 triwulan $4 opd (NULL: all) */
	[Q_MONEV] = { "laporan_monev",
		      "SELECT opd_kode, program, program_nama, kegiatan, kegiatan_nama, sub_kegiatan, "
		      "sub_kegiatan_nama,"
		      " indikator, satuan, target, tw1, tw2, tw3, tw4, kumulatif, fisik, capaian, predikat,"
		      " pagu_uang(anggaran) AS anggaran, pagu_uang(realisasi_keuangan) AS realisasi_keuangan,"
		      " capaian_keuangan, predikat_keuangan FROM pagu_monev_laporan($1, $2::int, $3::smallint, $4)",
		      4, monev_row__cols },
	[Q_PERINGKAT] = { "laporan_peringkat",
			  "SELECT peringkat, opd_kode, opd_nama, indikator, dievaluasi, capaian, predikat,"
			  " pagu_uang(anggaran) AS anggaran, pagu_uang(realisasi) AS realisasi, capaian_keuangan,"
			  " predikat_keuangan FROM pagu_monev_peringkat($1, $2::int, $3::smallint)"
			  " WHERE $4::text IS NULL OR opd_kode = $4",
			  4, peringkat_row__cols },
};
const struct stmt_area stmt_area_laporan = { "laporan", q, Q_N };

pagu_err laporan_lra_get(struct db *db, struct arena *a, const char *pemda, int tahun, const char *sampai,
			 const char *opd, struct lra_baris **rows, int *n)
{
	const char *p[] = { pemda, arena_printf(a, "%d", tahun), sampai, opd };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_LRA], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct lra_baris *out = arena_alloc(a, sizeof(*out) * (size_t)(cnt ? cnt : 1));
	for (int i = 0; i < cnt; i++) {
		/* the sums are the database's (NUMERIC); one beyond int64 sen is refused, not wrapped */
		if ((e = db_sen(db, r, i, lra_row_anggaran, &out[i].anggaran)) != PAGU_OK ||
		    (e = db_sen(db, r, i, lra_row_realisasi, &out[i].realisasi)) != PAGU_OK ||
		    (e = db_sen(db, r, i, lra_row_anggaran_murni, &out[i].anggaran_murni)) != PAGU_OK) {
			PQclear(r);
			return e;
		}
		out[i].level = atoi(PQgetvalue(r, i, lra_row_level));
		out[i].kode = arena_strdup(a, PQgetvalue(r, i, lra_row_kode));
		out[i].nama = arena_strdup(a, PQgetvalue(r, i, lra_row_nama));
	}
	PQclear(r);
	*rows = out;
	*n = cnt;
	return PAGU_OK;
}

/* Runs the table statement @st for a quarter: every cell as text (NULL stays NULL), by the statement's names. */
static pagu_err tabel(struct db *db, struct arena *a, const struct stmt *st, const char *pemda, int tahun, int triwulan,
		      const char *opd, struct laporan_tabel *out)
{
	const char *p[] = { pemda, arena_printf(a, "%d", tahun), arena_printf(a, "%d", triwulan), opd };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int ncols = 0;
	while (st->cols[ncols])
		ncols++;
	int nrows = PQntuples(r);
	const char **cells = arena_alloc(a, sizeof(*cells) * ((size_t)nrows * (size_t)ncols + 1));
	for (int i = 0; i < nrows; i++)
		for (int c = 0; c < ncols; c++)
			cells[i * ncols + c] = PQgetisnull(r, i, c) ? NULL : arena_strdup(a, PQgetvalue(r, i, c));
	PQclear(r);
	*out = (struct laporan_tabel){ .cols = st->cols, .ncols = ncols, .nrows = nrows, .cells = cells };
	return PAGU_OK;
}

pagu_err laporan_monev_get(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, const char *opd,
			   struct laporan_tabel *out)
{
	return tabel(db, a, &q[Q_MONEV], pemda, tahun, triwulan, opd, out);
}

pagu_err laporan_peringkat_get(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan,
			       const char *opd, struct laporan_tabel *out)
{
	return tabel(db, a, &q[Q_PERINGKAT], pemda, tahun, triwulan, opd, out);
}

bool laporan_persen(int64_t part, int64_t whole, char buf[32])
{
	buf[0] = '\0';
	if (whole == 0)
		return false;
	__int128 num = (__int128)part * 10000, quo = num / whole, rem = num % whole;
	/* half away from zero: |2 rem| >= |whole| moves quo one away from zero */
	__int128 twice = rem < 0 ? -2 * rem : 2 * rem, w = whole < 0 ? -(__int128)whole : whole;
	if (twice >= w)
		quo += (num < 0) != (whole < 0) ? -1 : 1;
	bool neg = quo < 0;
	unsigned __int128 u = neg ? (unsigned __int128)(-quo) : (unsigned __int128)quo;
	snprintf(buf, 32, "%s%llu.%02u", neg ? "-" : "", (unsigned long long)(u / 100), (unsigned)(u % 100));
	return true;
}
