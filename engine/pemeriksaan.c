/* pemeriksaan.c - inspector evaluations: one procedure call per operation, and the list. */
#include "pemeriksaan.h"

#include "pesan.h"
#include "sqlutil.h"

#include <string.h>

enum { Q_CREATE, Q_TEMUAN_ADD, Q_SIGN, Q_TINDAK_LANJUT_ADD, Q_TEMUAN_CLOSE, Q_GET, Q_LIST, Q_N };
/* the evaluation as JSON, NULL when there is none */
#define HASIL_ROW(C, r) C(r, hasil)
DB_ROW(hasil_row, HASIL_ROW);
static const struct stmt q[Q_N] = {
	/* $1 pemda $2 tahun $3 triwulan $4 opd $5 token */
	[Q_CREATE] = { "pemeriksaan_create",
		       "SELECT pagu_pemeriksaan_open($1, $2::int, $3::smallint, $4, $5::bigint) AS hasil", 5,
		       hasil_row__cols },
	/* $2 id $3 sub kegiatan $4 predikat $5 temuan $6 rekomendasi */
	[Q_TEMUAN_ADD] = { "pemeriksaan_temuan_add", "SELECT pagu_temuan_add($1, $2::bigint, $3, $4, $5, $6) AS hasil",
			   6, hasil_row__cols },
	[Q_SIGN] = { "pemeriksaan_sign", "SELECT pagu_pemeriksaan_sign($1, $2::bigint, $3::bigint) AS hasil", 3,
		     hasil_row__cols },
	/* $2 id $3 nomor $4 uraian $5 bukti $6 the token's OPD (NULL: none) $7 token */
	[Q_TINDAK_LANJUT_ADD] = { "pemeriksaan_tindak_lanjut_add",
				  "SELECT pagu_tindak_lanjut($1, $2::bigint, $3::int, $4, $5, $6, $7::bigint) AS hasil",
				  7, hasil_row__cols },
	/* $2 id $3 nomor $4 catatan $5 token */
	[Q_TEMUAN_CLOSE] = { "pemeriksaan_temuan_close",
			     "SELECT pagu_temuan_close($1, $2::bigint, $3::int, $4, $5::bigint) AS hasil", 5,
			     hasil_row__cols },
	[Q_GET] = { "pemeriksaan_get", "SELECT pagu_pemeriksaan_json($1, $2::bigint) AS hasil", 2, hasil_row__cols },
	/* pemda $1 after id $2: year $3, quarter $4, OPD $5 (each NULL: any), $6 rows */
	[Q_LIST] = { "pemeriksaan_list",
		     "SELECT p.pemeriksaan_id AS cursor, jsonb_build_object('id', p.pemeriksaan_id, 'tahun', p.tahun,"
		     " 'triwulan', p.triwulan, 'opd_kode', p.opd_kode, 'status', p.status, 'hash', p.hash,"
		     " 'dibuat', to_char(p.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
		     " 'ditandatangani', to_char(p.ditandatangani AT TIME ZONE 'UTC',"
		     " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
		     " 'temuan', (SELECT count(*) FROM temuan t WHERE t.pemda_id = p.pemda_id"
		     " AND t.pemeriksaan_id = p.pemeriksaan_id)) AS item"
		     " FROM pemeriksaan p WHERE p.pemda_id = $1 AND p.pemeriksaan_id > $2::bigint"
		     " AND ($3::int IS NULL OR p.tahun = $3::int) AND ($4::smallint IS NULL OR p.triwulan = "
		     "$4::smallint)"
		     " AND ($5::text IS NULL OR p.opd_kode = $5) ORDER BY p.pemeriksaan_id LIMIT $6::int",
		     6, page_row__cols },
};
const struct stmt_area stmt_area_pemeriksaan = { "pemeriksaan", q, Q_N };

/* Runs @st: the evaluation as JSON, a refusal (fault.c) in *@f, or not found when there is none. */
static pagu_err run(struct db *db, struct arena *a, const struct stmt *st, const char *const *p, int n,
		    const char **json, struct pagu_fault *f)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, p, n, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	if (PQgetisnull(r, 0, hasil_row_hasil)) {
		PQclear(r);
		f->pesan = P_EVALUASI_TIDAK_DITEMUKAN;
		f->message = pesan_teks(P_EVALUASI_TIDAK_DITEMUKAN, BAHASA_EN);
		f->field = "id";
		return PAGU_E_NOT_FOUND;
	}
	*json = arena_strdup(a, PQgetvalue(r, 0, hasil_row_hasil));
	PQclear(r);
	return PAGU_OK;
}

pagu_err pemeriksaan_create(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, const char *opd,
			    int64_t token, const char **json, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, tahun), db_num(a, triwulan), opd, db_num(a, token) };
	return run(db, a, &q[Q_CREATE], DB_P(p), json, f);
}

pagu_err pemeriksaan_get(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **json,
			 struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id) };
	return run(db, a, &q[Q_GET], DB_P(p), json, f);
}

pagu_err pemeriksaan_temuan_add(struct db *db, struct arena *a, const char *pemda, int64_t id, const char *sub_kegiatan,
				const char *predikat, const char *temuan, const char *rekomendasi, const char **json,
				struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id), sub_kegiatan, predikat, temuan, rekomendasi };
	return run(db, a, &q[Q_TEMUAN_ADD], DB_P(p), json, f);
}

pagu_err pemeriksaan_sign(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t token,
			  const char **json, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id), db_num(a, token) };
	return run(db, a, &q[Q_SIGN], DB_P(p), json, f);
}

pagu_err pemeriksaan_tindak_lanjut_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t nomor,
				       const char *uraian, const char *bukti, const char *opd, int64_t token,
				       const char **json, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id), db_num(a, nomor), uraian, bukti, opd, db_num(a, token) };
	return run(db, a, &q[Q_TINDAK_LANJUT_ADD], DB_P(p), json, f);
}

pagu_err pemeriksaan_temuan_close(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t nomor,
				  const char *catatan, int64_t token, const char **json, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id), db_num(a, nomor), catatan, db_num(a, token) };
	return run(db, a, &q[Q_TEMUAN_CLOSE], DB_P(p), json, f);
}

pagu_err pemeriksaan_list(struct db *db, struct arena *a, const char *pemda, const struct pemeriksaan_filter *f,
			  struct json_page *out)
{
	const char *p[] = { pemda,
			    db_num(a, f->after),
			    f->tahun ? db_num(a, f->tahun) : NULL,
			    f->triwulan ? db_num(a, f->triwulan) : NULL,
			    f->opd,
			    db_num(a, f->limit + 1) };
	return db_json_page(db, a, &q[Q_LIST], DB_P(p), f->limit, out);
}
