/* tugas.c - the work queue: one indexed query per kind of work, and a document version's history. */
#include "tugas.h"

#include "sql.h"

#include <stdlib.h>
#include <string.h>

const char *const tugas_jenis_nama[TUGAS_N] = {
	[TUGAS_RKA_VERIFIKASI] = "rka_verifikasi",
	[TUGAS_RKA_DITOLAK] = "rka_ditolak",
	[TUGAS_ANGGARAN_KAS] = "anggaran_kas",
	[TUGAS_SPM_MENUNGGU_SP2D] = "spm_menunggu_sp2d",
	[TUGAS_TRIWULAN_LAPOR] = "triwulan_lapor",
	[TUGAS_TRIWULAN_TUTUP] = "triwulan_tutup",
	[TUGAS_TEMUAN_TINDAK_LANJUT] = "temuan_tindak_lanjut",
	[TUGAS_TINDAK_LANJUT_PERIKSA] = "tindak_lanjut_periksa",
};

/* Every kind's statement answers this row; n is the count of the whole kind (before LIMIT). */
/* (clang-format does not settle on these macros: it reflows them differently on each run) */
/* clang-format off */
#define TUGAS_ROW(C, r) \
	C(r, n) C(r, dokumen_id) C(r, opd_kode) C(r, opd_nama) C(r, versi) C(r, tahap) C(r, jumlah) \
	C(r, alasan) C(r, uraian) C(r, sejak) C(r, nomor) C(r, ref_id) C(r, angka)
DB_ROW(tugas_row, TUGAS_ROW);

#define RIWAYAT_ROW(C, r) \
	C(r, urutan) C(r, aksi) C(r, dari) C(r, ke) C(r, token_id) C(r, token_nama) C(r, waktu) \
	C(r, alasan) C(r, hash_sebelum) C(r, hash_sesudah) C(r, pengguna_id) C(r, pengguna_nama) \
	C(r, pengguna_nip) C(r, pengguna_jabatan)
DB_ROW(riwayat_row, RIWAYAT_ROW);
/* clang-format on */

#define UTC(x) "to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
/* The OPD of a row and the columns a kind leaves empty. */
#define OPD_JOIN(t) " JOIN opd o ON o.pemda_id = " t ".pemda_id AND o.kode = " t ".opd_kode"
/* A document version's belanja (akun 5): what an RKA is read by; never pendapatan with it. */
#define BELANJA(d)                                                                              \
	"(SELECT coalesce(sum(b.jumlah), 0) FROM rka_baris b WHERE b.pemda_id = " d ".pemda_id" \
	" AND b.dokumen_id = " d ".dokumen_id AND b.akun LIKE '5%')::text"

/*
 * $1 pemda $2 tahun $3 OPD (NULL: all) $4 the most rows; anggaran kas: $5 a DPA $6 a pergeseran.
 * Each is one statement on indexed keys: dokumen by (pemda, tahun, jenis, status) (0028), an RKA's
 * newest transition by dokumen_event's key, SPMs by entri_nomor with entri_selesai for the answer,
 * reports by monev_realisasi_indikator, findings by their keys.
 */
enum { Q_RKA_VERIFIKASI, Q_RKA_DITOLAK, Q_ANGGARAN_KAS, Q_SPM, Q_LAPOR, Q_TUTUP, Q_TEMUAN, Q_PERIKSA, Q_RIWAYAT, Q_N };
static const struct stmt q[Q_N] = {
	[Q_RKA_VERIFIKASI] = { "tugas_rka_verifikasi",
			       "SELECT count(*) OVER () AS n, d.dokumen_id, d.opd_kode, o.nama AS "
			       "opd_nama, d.versi,"
			       " d.tahap, " BELANJA("d") " AS jumlah, NULL::text AS alasan, NULL::text AS uraian,"
							 " " UTC("s.waktu") " AS sejak, NULL::text AS nomor, "
									    "NULL::bigint AS ref_id,"
									    " NULL::bigint AS angka"
									    " FROM dokumen d" OPD_JOIN(
										    "d") " CROSS JOIN LATERAL "
											 "(SELECT e.waktu FROM "
											 "dokumen_event e"
											 " WHERE e.pemda_id = "
											 "d.pemda_id AND "
											 "e.dokumen_id = "
											 "d.dokumen_id"
											 " ORDER BY e.urutan DESC "
											 "LIMIT 1) s"
											 " WHERE d.pemda_id = $1 "
											 "AND d.tahun = $2::int AND "
											 "d.jenis = 'rka' AND "
											 "d.status = 'submitted'"
											 " AND ($3::text IS NULL OR "
											 "d.opd_kode = $3) ORDER BY "
											 "s.waktu, d.dokumen_id "
											 "LIMIT $4::int",
			       4, tugas_row__cols },
	/* a draft RKA whose newest transition is a rejection: back with its OPD, with the reason */
	[Q_RKA_DITOLAK] = { "tugas_rka_ditolak",
			    "SELECT count(*) OVER () AS n, d.dokumen_id, d.opd_kode, o.nama AS "
			    "opd_nama, d.versi,"
			    " d.tahap, " BELANJA("d") " AS jumlah, t.alasan, NULL::text AS uraian,"
						      " " UTC("t.waktu") " AS sejak, NULL::text AS nomor, "
									 "t.token_id AS ref_id,"
									 " NULL::bigint AS angka"
									 " FROM dokumen d" OPD_JOIN(
										 "d") " CROSS JOIN LATERAL (SELECT "
										      "e.aksi, e.alasan, e.waktu,"
										      " e.token_id FROM "
										      "dokumen_event e WHERE "
										      "e.pemda_id = d.pemda_id AND "
										      "e.dokumen_id = d.dokumen_id"
										      " AND e.aksi IN ('submit', "
										      "'verify', 'lock', 'reject') "
										      "ORDER BY e.urutan DESC LIMIT "
										      "1) t"
										      " WHERE d.pemda_id = $1 AND "
										      "d.tahun = $2::int AND "
										      "d.jenis = 'rka' AND d.status "
										      "= 'draft'"
										      " AND t.aksi = 'reject' AND "
										      "($3::text IS NULL OR "
										      "d.opd_kode = $3)"
										      " ORDER BY t.waktu, "
										      "d.dokumen_id LIMIT $4::int",
			    4, tugas_row__cols },
	/* a draft DPA with lines that have no anggaran kas yet: it cannot be submitted without them */
	[Q_ANGGARAN_KAS] = { "tugas_anggaran_kas",
			     "SELECT count(*) OVER () AS n, d.dokumen_id, d.opd_kode, o.nama AS "
			     "opd_nama, d.versi,"
			     " d.tahap, " BELANJA("d") " AS jumlah, NULL::text AS alasan, NULL::text AS uraian,"
						       " " UTC("d.dibuat") " AS sejak, NULL::text AS nomor, "
									   "NULL::bigint AS ref_id,"
									   " k.kurang AS angka"
									   " FROM dokumen d" OPD_JOIN(
										   "d") " CROSS JOIN LATERAL "
											"(SELECT count(*) AS kurang "
											"FROM rka_baris b"
											" WHERE b.pemda_id = "
											"d.pemda_id AND "
											"b.dokumen_id = "
											"d.dokumen_id AND NOT "
											"EXISTS (SELECT 1"
											" FROM anggaran_kas x WHERE "
											"x.pemda_id = b.pemda_id "
											"AND x.dokumen_id = "
											"b.dokumen_id"
											" AND x.baris = b.baris)) k"
											" WHERE d.pemda_id = $1 AND "
											"d.tahun = $2::int AND "
											"d.jenis = 'dpa' AND "
											"d.status = 'draft'"
											" AND k.kurang > 0 AND "
											"($3::text IS NULL OR "
											"d.opd_kode = $3)"
											" AND CASE WHEN d.tahap = "
											"'pergeseran' THEN "
											"$6::boolean ELSE "
											"$5::boolean END"
											" ORDER BY d.dibuat, "
											"d.dokumen_id LIMIT $4::int",
			     6, tugas_row__cols },
	/* an SPM that no SP2D paid and no void released (entri_selesai: at most one of them) */
	[Q_SPM] = { "tugas_spm_menunggu_sp2d",
		    "SELECT count(*) OVER () AS n, NULL::bigint AS dokumen_id, e.opd_kode, o.nama AS "
		    "opd_nama,"
		    " NULL::int AS versi, NULL::text AS tahap, e.jumlah::text AS jumlah, NULL::text AS "
		    "alasan,"
		    " NULL::text AS uraian, " UTC(
			    "e.dibuat") " AS sejak, e.nomor, e.entri_id AS ref_id,"
					" NULL::bigint AS angka"
					" FROM entri e" OPD_JOIN(
						"e") " WHERE e.pemda_id = $1 AND e.tahun = $2::int AND "
						     "e.jenis = 'spm'"
						     " AND e.nomor IS NOT NULL AND ($3::text IS NULL "
						     "OR e.opd_kode = $3) AND NOT EXISTS (SELECT 1"
						     " FROM entri x WHERE x.pemda_id = e.pemda_id AND "
						     "x.ref_id = e.entri_id AND x.jenis IN ('sp2d', "
						     "'void'))"
						     " ORDER BY e.tanggal, e.entri_id LIMIT $4::int",
		    4, tugas_row__cols },
	/*
	 * Per OPD and quarter: indicators of the year's newest locked RKPD without a report for a
	 * quarter that has ended (pagu_hari_ini) and is still open (a closed one takes no report).
	 */
	[Q_LAPOR] = { "tugas_triwulan_lapor",
		      "WITH rk AS (SELECT r.dokumen_id FROM dokumen r WHERE r.pemda_id = $1 AND "
		      "r.tahun = $2::int"
		      " AND r.jenis = 'rkpd' AND r.status = 'locked' ORDER BY r.versi DESC LIMIT 1),"
		      " tw AS (SELECT t::smallint AS triwulan FROM generate_series(1, 4) t"
		      " WHERE pagu_triwulan_sesudah($2::int, t::smallint) <= pagu_hari_ini() AND NOT "
		      "EXISTS (SELECT 1"
		      " FROM monev_triwulan m WHERE m.pemda_id = $1 AND m.tahun = $2::int AND "
		      "m.triwulan = t)),"
		      " x AS (SELECT i.opd_kode, tw.triwulan, count(*) AS belum FROM rkpd_item i CROSS "
		      "JOIN tw"
		      " WHERE i.pemda_id = $1 AND i.dokumen_id = (SELECT dokumen_id FROM rk)"
		      " AND ($3::text IS NULL OR i.opd_kode = $3) AND NOT EXISTS (SELECT 1 FROM "
		      "monev_realisasi m"
		      " WHERE m.pemda_id = $1 AND m.tahun = $2::int AND m.rkpd_id = i.dokumen_id"
		      " AND m.rkpd_baris = i.baris AND m.untuk_triwulan = tw.triwulan)"
		      " GROUP BY i.opd_kode, tw.triwulan)"
		      " SELECT count(*) OVER () AS n, NULL::bigint AS dokumen_id, x.opd_kode, o.nama "
		      "AS opd_nama,"
		      " NULL::int AS versi, NULL::text AS tahap, NULL::text AS jumlah, NULL::text AS "
		      "alasan,"
		      " NULL::text AS uraian,"
		      " " UTC("pagu_triwulan_sesudah($2::int, x.triwulan)::timestamp AT TIME ZONE "
			      "'Asia/Jakarta'") " AS sejak,"
						" NULL::text AS nomor, x.triwulan::bigint AS ref_id, "
						"x.belum AS angka"
						" FROM x JOIN opd o ON o.pemda_id = $1 AND o.kode = "
						"x.opd_kode ORDER BY x.triwulan, x.opd_kode LIMIT "
						"$4::int",
		      4, tugas_row__cols },
	/* the first open quarter, once it has ended: quarters close in order, for the whole pemda */
	[Q_TUTUP] = { "tugas_triwulan_tutup",
		      "SELECT 1::bigint AS n, NULL::bigint AS dokumen_id, NULL::text AS opd_kode,"
		      " NULL::text AS opd_nama, NULL::int AS versi, NULL::text AS tahap, NULL::text AS "
		      "jumlah,"
		      " NULL::text AS alasan, NULL::text AS uraian,"
		      " " UTC("pagu_triwulan_sesudah($2::int, f.q)::timestamp AT TIME ZONE "
			      "'Asia/Jakarta'") " AS sejak,"
						" NULL::text AS nomor, f.q::bigint AS ref_id,"
						" (SELECT count(DISTINCT m.opd_kode) FROM "
						"monev_realisasi m WHERE m.pemda_id = $1"
						" AND m.tahun = $2::int AND m.untuk_triwulan = f.q) AS "
						"angka"
						" FROM (SELECT min(t)::smallint AS q FROM "
						"generate_series(1, 4) t WHERE NOT EXISTS (SELECT 1"
						" FROM monev_triwulan m WHERE m.pemda_id = $1 AND "
						"m.tahun = $2::int AND m.triwulan = t)) f"
						" WHERE f.q IS NOT NULL AND "
						"pagu_triwulan_sesudah($2::int, f.q) <= pagu_hari_ini()"
						" AND $3::text IS NULL LIMIT $4::int",
		      4, tugas_row__cols },
	/* a finding of a signed evaluation, not closed, with no follow-up yet */
	[Q_TEMUAN] = { "tugas_temuan_tindak_lanjut",
		       "SELECT count(*) OVER () AS n, NULL::bigint AS dokumen_id, p.opd_kode, o.nama "
		       "AS opd_nama,"
		       " NULL::int AS versi, NULL::text AS tahap, NULL::text AS jumlah, t.rekomendasi "
		       "AS alasan,"
		       " t.temuan AS uraian, " UTC(
			       "p.ditandatangani") " AS sejak, t.nomor::text AS nomor,"
						   " p.pemeriksaan_id AS ref_id, p.triwulan::bigint AS "
						   "angka"
						   " FROM pemeriksaan p JOIN temuan t ON t.pemda_id = "
						   "p.pemda_id AND t.pemeriksaan_id = "
						   "p.pemeriksaan_id" OPD_JOIN(
							   "p") " WHERE p.pemda_id = $1 AND p.tahun = "
								"$2::int AND p.status = 'signed'"
								" AND ($3::text IS NULL OR p.opd_kode "
								"= $3)"
								" AND NOT EXISTS (SELECT 1 FROM "
								"temuan_selesai s WHERE s.pemda_id = "
								"t.pemda_id"
								" AND s.pemeriksaan_id = "
								"t.pemeriksaan_id AND s.nomor = "
								"t.nomor)"
								" AND NOT EXISTS (SELECT 1 FROM "
								"tindak_lanjut l WHERE l.pemda_id = "
								"t.pemda_id"
								" AND l.pemeriksaan_id = "
								"t.pemeriksaan_id AND l.nomor = "
								"t.nomor)"
								" ORDER BY p.ditandatangani, "
								"p.pemeriksaan_id, t.nomor LIMIT "
								"$4::int",
		       4, tugas_row__cols },
	/* a finding of a signed evaluation, not closed, followed up: the inspector closes it */
	[Q_PERIKSA] = { "tugas_tindak_lanjut_periksa",
			"SELECT count(*) OVER () AS n, NULL::bigint AS dokumen_id, p.opd_kode, o.nama "
			"AS opd_nama,"
			" NULL::int AS versi, NULL::text AS tahap, NULL::text AS jumlah, t.rekomendasi "
			"AS alasan,"
			" l.uraian, " UTC("l.dibuat") " AS sejak, t.nomor::text AS nomor,"
						      " p.pemeriksaan_id AS ref_id, p.triwulan::bigint AS angka"
						      " FROM pemeriksaan p JOIN temuan t ON t.pemda_id = "
						      "p.pemda_id AND t.pemeriksaan_id = "
						      "p.pemeriksaan_id" OPD_JOIN(
							      "p") " CROSS JOIN LATERAL (SELECT x.uraian, "
								   "x.dibuat FROM tindak_lanjut x"
								   " WHERE x.pemda_id = t.pemda_id AND "
								   "x.pemeriksaan_id = t.pemeriksaan_id AND "
								   "x.nomor = t.nomor"
								   " ORDER BY x.urutan DESC LIMIT 1) l"
								   " WHERE p.pemda_id = $1 AND p.tahun = $2::int "
								   "AND p.status = 'signed'"
								   " AND ($3::text IS NULL OR p.opd_kode = $3)"
								   " AND NOT EXISTS (SELECT 1 FROM "
								   "temuan_selesai s WHERE s.pemda_id = "
								   "t.pemda_id"
								   " AND s.pemeriksaan_id = t.pemeriksaan_id AND "
								   "s.nomor = t.nomor)"
								   " ORDER BY l.dibuat, p.pemeriksaan_id, "
								   "t.nomor LIMIT $4::int",
			4, tugas_row__cols },
	[Q_RIWAYAT] = { "dokumen_riwayat",
			"SELECT e.urutan, e.aksi, CASE WHEN e.aksi = 'reject' THEN coalesce(e.dari, lag(e.ke) OVER "
			"(ORDER BY e.urutan)) ELSE e.dari END AS dari, e.ke, e.token_id, t.nama AS token_nama,"
			" " UTC("e.waktu") " AS waktu, e.alasan, e.hash_sebelum, e.hash_sesudah,"
					   " p.pengguna_id, p.nama AS pengguna_nama, p.nip AS pengguna_nip,"
					   " p.jabatan AS pengguna_jabatan"
					   " FROM dokumen_event e LEFT JOIN api_token t ON t.pemda_id "
					   "= e.pemda_id AND t.token_id = e.token_id"
					   " LEFT JOIN pengguna p ON p.pemda_id = t.pemda_id AND p.pengguna_id = "
					   "t.pengguna_id"
					   " WHERE e.pemda_id = $1 AND e.dokumen_id = $2::bigint ORDER "
					   "BY e.urutan",
			2, riwayat_row__cols },
};
const struct stmt_area stmt_area_tugas = { "tugas", q, Q_N };

static const int kind_stmt[TUGAS_N] = {
	[TUGAS_RKA_VERIFIKASI] = Q_RKA_VERIFIKASI, [TUGAS_RKA_DITOLAK] = Q_RKA_DITOLAK,
	[TUGAS_ANGGARAN_KAS] = Q_ANGGARAN_KAS,	   [TUGAS_SPM_MENUNGGU_SP2D] = Q_SPM,
	[TUGAS_TRIWULAN_LAPOR] = Q_LAPOR,	   [TUGAS_TRIWULAN_TUTUP] = Q_TUTUP,
	[TUGAS_TEMUAN_TINDAK_LANJUT] = Q_TEMUAN,   [TUGAS_TINDAK_LANJUT_PERIKSA] = Q_PERIKSA,
};

/* A whole number a row carries; 0 for NULL. Columns of our own statements, so never out of range. */
static int64_t num(PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? 0 : strtoll(PQgetvalue(r, i, c), NULL, 10);
}

pagu_err tugas_list(struct db *db, struct arena *a, const char *pemda, int tahun, enum tugas_jenis j, const char *opd,
		    const struct tugas_opsi *o, int batas, struct tugas_daftar *out)
{
	if ((unsigned)j >= TUGAS_N || batas < 0)
		return PAGU_E_INVALID;
	const char *p[] = { pemda,
			    db_num(a, tahun),
			    opd,
			    db_num(a, batas),
			    o && o->kas_dpa ? "true" : "false",
			    o && o->kas_pergeseran ? "true" : "false" };
	const struct stmt *st = &q[kind_stmt[j]];
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, p, st->nparams, &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct tugas_daftar d = { .n = rows ? num(r, 0, tugas_row_n) : 0, .nitems = rows };
	d.items = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof(*d.items));
	for (int i = 0; i < rows; i++) {
		struct tugas_item *it = &d.items[i];
		*it = (struct tugas_item){
			.dokumen_id = num(r, i, tugas_row_dokumen_id),
			.opd_kode = db_opt(a, r, i, tugas_row_opd_kode),
			.opd_nama = db_opt(a, r, i, tugas_row_opd_nama),
			.versi = (int)num(r, i, tugas_row_versi),
			.tahap = db_opt(a, r, i, tugas_row_tahap),
			.jumlah = db_opt(a, r, i, tugas_row_jumlah),
			.alasan = db_opt(a, r, i, tugas_row_alasan),
			.uraian = db_opt(a, r, i, tugas_row_uraian),
			.sejak = db_opt(a, r, i, tugas_row_sejak),
			.nomor = db_opt(a, r, i, tugas_row_nomor),
			.ref_id = num(r, i, tugas_row_ref_id),
			.angka = num(r, i, tugas_row_angka),
		};
	}
	PQclear(r);
	*out = d;
	return PAGU_OK;
}

pagu_err dokumen_riwayat_list(struct db *db, struct arena *a, const char *pemda, int64_t id, struct riwayat_event **out,
			      int *n)
{
	const char *p[] = { pemda, db_num(a, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_RIWAYAT], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct riwayat_event *v = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof(*v));
	for (int i = 0; i < rows; i++)
		v[i] = (struct riwayat_event){
			.urutan = (int)num(r, i, riwayat_row_urutan),
			.aksi = db_opt(a, r, i, riwayat_row_aksi),
			.dari = db_opt(a, r, i, riwayat_row_dari),
			.ke = db_opt(a, r, i, riwayat_row_ke),
			.token_id = num(r, i, riwayat_row_token_id),
			.token_nama = db_opt(a, r, i, riwayat_row_token_nama),
			.waktu = db_opt(a, r, i, riwayat_row_waktu),
			.alasan = db_opt(a, r, i, riwayat_row_alasan),
			.hash_sebelum = db_opt(a, r, i, riwayat_row_hash_sebelum),
			.hash_sesudah = db_opt(a, r, i, riwayat_row_hash_sesudah),
			.pengguna_id = num(r, i, riwayat_row_pengguna_id),
			.pengguna_nama = db_opt(a, r, i, riwayat_row_pengguna_nama),
			.pengguna_nip = db_opt(a, r, i, riwayat_row_pengguna_nip),
			.pengguna_jabatan = db_opt(a, r, i, riwayat_row_pengguna_jabatan),
		};
	PQclear(r);
	*out = v;
	*n = rows;
	return PAGU_OK;
}
