/* monev.c - e-monev: quarterly realisation reports, closing a quarter, its evaluation, rating bands. */
#include "monev.h"

#include "sqlutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_REPORT, Q_TRIWULAN_CLOSE, Q_EVALUATE, Q_SKALA_ADD, Q_SKALA_LIST, Q_N };
#define HASIL_ROW(C, r) C(r, hasil)
DB_ROW(hasil_row, HASIL_ROW);
static const struct stmt q[Q_N] = {
	/* $1 pemda $2 tahun $3 triwulan $4 rkpd $5 baris $6 the token's OPD $7 nilai $8 fisik $9 catatan
	   $10 bukti $11 the report corrected $12 token: the report's id */
	[Q_REPORT] = { "monev_report",
		       "SELECT pagu_monev_report($1, $2::int, $3::smallint, $4::bigint, $5::int, $6, $7::numeric,"
		       " $8::numeric, $9, $10, $11::bigint, $12::bigint) AS hasil",
		       12, hasil_row__cols },
	/* the quarter's hash */
	[Q_TRIWULAN_CLOSE] = { "monev_triwulan_close",
			       "SELECT pagu_monev_close($1, $2::int, $3::smallint, $4::bigint) AS hasil", 4,
			       hasil_row__cols },
	[Q_EVALUATE] = { "monev_evaluate", "SELECT pagu_monev_evaluasi($1, $2::int, $3::smallint, $4) AS hasil", 4,
			 hasil_row__cols },
	/* $5 from, $6 to (NULL: unbounded), $7 predikat of each band: the table's id */
	[Q_SKALA_ADD] = { "monev_skala_add",
			  "SELECT pagu_monev_skala_add($1, $2, $3, $4, $5::numeric[], $6::numeric[], $7::text[],"
			  " $8::bigint) AS hasil",
			  8, hasil_row__cols },
	[Q_SKALA_LIST] = { "monev_skala_list",
			   "SELECT coalesce(jsonb_agg(jsonb_build_object('skala_id', s.skala_id, 'jenis', s.jenis,"
			   " 'nama', s.nama, 'dasar_hukum', s.dasar_hukum, 'berlaku', s.skala_id = (SELECT"
			   " max(x.skala_id) FROM monev_skala x WHERE x.pemda_id = s.pemda_id AND x.jenis = s.jenis),"
			   " 'pita', (SELECT jsonb_agg(jsonb_build_object('dari', p.dari::text, 'sampai', "
			   "p.sampai::text,"
			   " 'predikat', p.predikat) ORDER BY p.urutan) FROM monev_pita p WHERE p.pemda_id = s.pemda_id"
			   " AND p.skala_id = s.skala_id)) ORDER BY s.skala_id), '[]') AS hasil"
			   " FROM monev_skala s WHERE s.pemda_id = $1",
			   1, hasil_row__cols },
};
const struct stmt_area stmt_area_monev = { "monev", q, Q_N };

/* Runs @st, whose one answer is text; a refusal goes through fault.c into *@f (may be NULL). */
static pagu_err one(struct db *db, struct arena *a, const struct stmt *st, const char *const *p, int n,
		    const char **out, struct pagu_fault *f)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, p, n, &r);
	if (e != PAGU_OK)
		return f ? db_fault(db, a, e, f) : e;
	*out = arena_strdup(a, PQgetvalue(r, 0, hasil_row_hasil));
	PQclear(r);
	return PAGU_OK;
}

pagu_err monev_report(struct db *db, struct arena *a, const char *pemda, const struct monev_laporan *in, int64_t token,
		      int64_t *id, struct pagu_fault *f)
{
	const char *p[] = { pemda,
			    db_num(a, in->tahun),
			    db_num(a, in->triwulan),
			    db_num(a, in->rkpd_id),
			    db_num(a, in->baris),
			    in->opd,
			    in->nilai,
			    in->fisik,
			    in->catatan,
			    in->bukti,
			    in->koreksi_id ? db_num(a, in->koreksi_id) : NULL,
			    token > 0 ? db_num(a, token) : NULL };
	const char *v;
	pagu_err e = one(db, a, &q[Q_REPORT], DB_P(p), &v, f);
	if (e == PAGU_OK)
		*id = strtoll(v, NULL, 10);
	return e;
}

pagu_err monev_triwulan_close(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, int64_t token,
			      const char **hash, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, tahun), db_num(a, triwulan), token > 0 ? db_num(a, token) : NULL };
	return one(db, a, &q[Q_TRIWULAN_CLOSE], DB_P(p), hash, f);
}

pagu_err monev_evaluate(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, const char *opd,
			const char **json)
{
	const char *p[] = { pemda, db_num(a, tahun), db_num(a, triwulan), opd };
	return one(db, a, &q[Q_EVALUATE], DB_P(p), json, NULL);
}

pagu_err monev_skala_add(struct db *db, struct arena *a, const char *pemda, const char *jenis, const char *nama,
			 const char *dasar, const struct monev_pita *pita, int n, int64_t token, int *id,
			 struct pagu_fault *f)
{
	size_t cnt = n > 0 ? (size_t)n : 0;
	const char **dari = arena_alloc(a, sizeof(*dari) * (cnt ? cnt : 1)),
		   **sampai = arena_alloc(a, sizeof(*sampai) * (cnt ? cnt : 1)),
		   **predikat = arena_alloc(a, sizeof(*predikat) * (cnt ? cnt : 1));
	for (size_t i = 0; i < cnt; i++) {
		dari[i] = pita[i].dari;
		sampai[i] = pita[i].sampai;
		predikat[i] = pita[i].predikat;
	}
	const char *p[] = { pemda,
			    jenis,
			    nama,
			    dasar,
			    db_text_array(a, dari, cnt),
			    db_text_array(a, sampai, cnt),
			    db_text_array(a, predikat, cnt),
			    token > 0 ? db_num(a, token) : NULL };
	const char *v;
	pagu_err e = one(db, a, &q[Q_SKALA_ADD], DB_P(p), &v, f);
	if (e == PAGU_OK)
		*id = atoi(v);
	return e;
}

pagu_err monev_skala_list(struct db *db, struct arena *a, const char *pemda, const char **json)
{
	const char *p[] = { pemda };
	return one(db, a, &q[Q_SKALA_LIST], DB_P(p), json, NULL);
}
