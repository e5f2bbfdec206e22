/* ledger.c - the execution ledger: one procedure call per posting, lists, seals, verification. */
#include "ledger.h"

#include "pesan.h"
#include "sqlutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merkle.h"
#include "money.h"

enum {
	Q_SPD,
	Q_SPM,
	Q_SP2D_SET,
	Q_SP2D,
	Q_VOID,
	Q_STS,
	Q_KOREKSI,
	Q_ENTRI_GET,
	Q_KANTONG_LIST,
	Q_ENTRI_LIST,
	Q_REALISASI,
	Q_SEGEL_ANGGOTA,
	Q_SEGEL_GET,
	Q_PEMDA_UNSEALED,
	Q_SEGEL_LOCK,
	Q_UNSEALED,
	Q_SEGEL_PUT,
	Q_V_ENTRI,
	Q_V_SEGEL,
	Q_V_ANGGOTA,
	Q_V_KANTONG,
	Q_V_BULAN,
	Q_V_ALOKASI,
	Q_V_OPD,
	Q_N
};
/* a procedure's answer: JSON text (NULL: none) */
#define HASIL_ROW(C, r) C(r, hasil)
DB_ROW(hasil_row, HASIL_ROW);
#define LOCK_ROW(C, r) C(r, locked)
DB_ROW(lock_row, LOCK_ROW);
#define MEMBER_ROW(C, r) C(r, entri_id) C(r, hash)
DB_ROW(member_row, MEMBER_ROW);
#define SEGEL_ROW(C, r) C(r, segel_id) C(r, jumlah_entri) C(r, akar) C(r, hash_sebelum) C(r, hash) C(r, dibuat)
DB_ROW(segel_row, SEGEL_ROW);
#define PEMDA_ROW(C, r) C(r, pemda_id)
DB_ROW(pemda_row, PEMDA_ROW);
#define REALISASI_ROW(C, r) \
	C(r, bulan) C(r, rencana) C(r, belanja) C(r, penerimaan) C(r, alokasi_belanja) C(r, target_penerimaan)
DB_ROW(realisasi_row, REALISASI_ROW);
#define V_ENTRI_ROW(C, r) C(r, entri_id) C(r, hash) C(r, hash_isi) C(r, segel_id)
DB_ROW(v_entri_row, V_ENTRI_ROW);
#define V_SEGEL_ROW(C, r) C(r, segel_id) C(r, jumlah_entri) C(r, akar) C(r, hash_sebelum) C(r, hash)
DB_ROW(v_segel_row, V_SEGEL_ROW);
#define V_ANGGOTA_ROW(C, r) C(r, segel_id) C(r, entri_id) C(r, ada)
DB_ROW(v_anggota_row, V_ANGGOTA_ROW);
#define V_KANTONG_ROW(C, r) \
	C(r, kantong_id) C(r, pending) C(r, realisasi) C(r, pending_entri) C(r, realisasi_entri) C(r, jumlah_kantong)
DB_ROW(v_kantong_row, V_KANTONG_ROW);
#define V_BULAN_ROW(C, r) C(r, kantong_id) C(r, bulan) C(r, realisasi) C(r, realisasi_entri)
DB_ROW(v_bulan_row, V_BULAN_ROW);
#define V_ALOKASI_ROW(C, r) C(r, kantong_id) C(r, alokasi)
DB_ROW(v_alokasi_row, V_ALOKASI_ROW);
#define V_OPD_ROW(C, r) C(r, opd_kode) C(r, tahun)
DB_ROW(v_opd_row, V_OPD_ROW);

static const struct stmt q[Q_N] = {
	[Q_SPD] = { "ledger_spd",
		    "SELECT pagu_ledger_spd($1, $2::int, $3, $4, $5::date, $6::smallint, $7::numeric, $8::bigint)"
		    " AS hasil",
		    8, hasil_row__cols },
	[Q_SPM] = { "ledger_spm",
		    "SELECT pagu_ledger_spm($1, $2::int, $3, $4, $5::date, $6::bigint[], $7::numeric[], $8::bigint)"
		    " AS hasil",
		    8, hasil_row__cols },
	/* the direct SP2Ds of an atomic batch as one set (migrations/0013): the answers, or NULL */
	[Q_SP2D_SET] = { "ledger_sp2d_set",
			 "SELECT pagu_ledger_sp2d_set($1, $2::int[], $3::text[], $4::text[], $5::date[], $6::int[],"
			 " $7::bigint[], $8::numeric[], $9::bigint) AS hasil",
			 9, hasil_row__cols },
	[Q_SP2D] = { "ledger_sp2d",
		     "SELECT pagu_ledger_sp2d($1, $2::int, $3, $4, $5::date, $6::bigint, $7::bigint[], $8::numeric[],"
		     " $9::bigint) AS hasil",
		     9, hasil_row__cols },
	[Q_VOID] = { "ledger_void", "SELECT pagu_ledger_void($1, $2::bigint, $3::date, $4, $5::bigint) AS hasil", 5,
		     hasil_row__cols },
	[Q_STS] = { "ledger_sts",
		    "SELECT pagu_ledger_sts($1, $2::int, $3, $4, $5::date, $6::bigint[], $7::numeric[], $8::bigint)"
		    " AS hasil",
		    8, hasil_row__cols },
	[Q_KOREKSI] = { "ledger_koreksi",
			"SELECT pagu_ledger_koreksi($1, $2::bigint, $3, $4::date, $5, $6::bigint) AS hasil", 6,
			hasil_row__cols },
	/* $1 pemda $2 entri: the entry with its lines and balances, or NULL */
	[Q_ENTRI_GET] = { "ledger_entri_get", "SELECT pagu_ledger_answer($1, $2::bigint) AS hasil", 2,
			  hasil_row__cols },
	/* $1 pemda $2 tahun $3 opd $4 sub kegiatan (canonical or SIPD form) $5 akun prefix (digits and dots) $6 after id $7 limit */
	[Q_KANTONG_LIST] = { "ledger_kantong_list",
			     "SELECT k.kantong_id AS cursor, pagu_kantong_json(k) AS item FROM kantong k"
			     " WHERE k.pemda_id = $1 AND k.tahun = $2::int"
			     " AND ($3::text IS NULL OR k.opd_kode = $3)"
			     " AND ($4::text IS NULL OR pagu_sub_kegiatan_match(k.sub_kegiatan, k.bidang, $4))"
			     " AND ($5::text IS NULL OR k.akun = $5 OR k.akun LIKE $5 || '.%')"
			     " AND k.kantong_id > $6::bigint ORDER BY k.kantong_id LIMIT $7::int",
			     7, page_row__cols },
	/* $1 pemda $2 tahun $3 opd $4 jenis $5 after id $6 limit $7 pocket (NULL: any) */
	[Q_ENTRI_LIST] = { "ledger_entri_list",
			   "SELECT e.entri_id AS cursor, jsonb_build_object('entri_id', e.entri_id, 'tahun', e.tahun,"
			   " 'jenis', e.jenis, 'opd_kode', e.opd_kode, 'nomor', e.nomor, 'tanggal', e.tanggal,"
			   " 'ref_id', e.ref_id, 'jumlah', pagu_uang(e.jumlah), 'hash', e.hash) AS item"
			   " FROM entri e WHERE e.pemda_id = $1 AND e.tahun = $2::int"
			   " AND ($3::text IS NULL OR e.opd_kode = $3) AND ($4::text IS NULL OR e.jenis = $4)"
			   " AND ($7::bigint IS NULL OR EXISTS (SELECT 1 FROM entri_baris b WHERE b.pemda_id = "
			   "e.pemda_id"
			   " AND b.entri_id = e.entri_id AND b.kantong_id = $7::bigint))"
			   " AND e.entri_id > $5::bigint ORDER BY e.entri_id LIMIT $6::int",
			   7, page_row__cols },
	/* realisation by month of pemda $1, year $2, OPD $3 (or all), akun prefix $4 (or all): the cash plan
	   of the spending pockets, what was spent, and what was received */
	[Q_REALISASI] = { "ledger_realisasi",
			  "WITH k AS (SELECT * FROM kantong WHERE pemda_id = $1 AND tahun = $2::int"
			  "  AND ($3::text IS NULL OR opd_kode = $3) AND ($4::text IS NULL OR akun = $4"
			  "  OR akun LIKE $4 || '.%')),"
			  " r AS (SELECT extract(month FROM e.tanggal)::int AS m, k.arah, sum(b.d_realisasi) AS x"
			  "  FROM entri_baris b JOIN entri e USING (pemda_id, entri_id) JOIN k USING (pemda_id, "
			  "kantong_id)"
			  "  WHERE b.pemda_id = $1 GROUP BY 1, 2)"
			  " SELECT m AS bulan,"
			  " pagu_uang(coalesce((SELECT sum(k.kas[m]) FROM k WHERE k.arah = 'keluar'), 0)) AS rencana,"
			  " pagu_uang(coalesce((SELECT x FROM r WHERE r.m = g.m AND r.arah = 'keluar'), 0)) AS belanja,"
			  " pagu_uang(coalesce((SELECT x FROM r WHERE r.m = g.m AND r.arah = 'masuk'), 0)) AS "
			  "penerimaan,"
			  " pagu_uang(coalesce((SELECT sum(alokasi) FROM k WHERE k.arah = 'keluar'), 0))"
			  " AS alokasi_belanja,"
			  " pagu_uang(coalesce((SELECT sum(alokasi) FROM k WHERE k.arah = 'masuk'), 0))"
			  " AS target_penerimaan"
			  " FROM generate_series(1, 12) AS g(m) ORDER BY m",
			  4, realisasi_row__cols },
	/* the sealed entries' stored hashes of the seal of entry $2, in order */
	[Q_SEGEL_ANGGOTA] = { "ledger_segel_anggota",
			      "SELECT x.entri_id, e.hash FROM segel_entri x JOIN entri e USING (pemda_id, entri_id)"
			      " WHERE x.pemda_id = $1 AND x.segel_id = (SELECT segel_id FROM segel_entri"
			      " WHERE pemda_id = $1 AND entri_id = $2::bigint) ORDER BY x.entri_id",
			      2, member_row__cols },
	/* $1 pemda $2 segel_id (NULL: the latest) */
	[Q_SEGEL_GET] = { "ledger_segel_get",
			  "SELECT s.segel_id, s.jumlah_entri, s.akar, coalesce(s.hash_sebelum, '') AS hash_sebelum,"
			  " s.hash, to_char(s.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS dibuat"
			  " FROM segel s WHERE s.pemda_id = $1 AND ($2::int IS NULL OR s.segel_id = $2::int)"
			  " ORDER BY s.segel_id DESC LIMIT 1",
			  2, segel_row__cols },
	/* pemda with entries after their last sealed one */
	[Q_PEMDA_UNSEALED] = { "ledger_pemda_unsealed",
			       "SELECT p.pemda_id FROM pemda p WHERE EXISTS (SELECT 1 FROM entri e"
			       " WHERE e.pemda_id = p.pemda_id AND e.entri_id > coalesce((SELECT max(x.entri_id)"
			       " FROM segel_entri x WHERE x.pemda_id = p.pemda_id), 0)) ORDER BY p.pemda_id",
			       0, pemda_row__cols },
	[Q_SEGEL_LOCK] = { "ledger_segel_lock",
			   "SELECT pg_advisory_xact_lock(hashtext('pagu_segel'), hashtext($1)) AS locked", 1,
			   lock_row__cols },
	[Q_UNSEALED] = { "ledger_unsealed",
			 "SELECT e.entri_id, e.hash FROM entri e WHERE e.pemda_id = $1 AND NOT EXISTS (SELECT 1"
			 " FROM segel_entri x WHERE x.pemda_id = e.pemda_id AND x.entri_id = e.entri_id)"
			 " ORDER BY e.entri_id",
			 1, member_row__cols },
	/* $1 pemda $2 segel_id $3 count $4 root $5 previous hash $6 hash $7 the entries */
	[Q_SEGEL_PUT] = { "ledger_segel_put",
			  "WITH s AS (INSERT INTO segel (pemda_id, segel_id, jumlah_entri, akar, hash_sebelum, hash)"
			  " VALUES ($1, $2::int, $3::int, $4, $5, $6) RETURNING segel_id)"
			  " INSERT INTO segel_entri (pemda_id, entri_id, segel_id) SELECT $1, x, s.segel_id FROM s,"
			  " unnest($7::bigint[]) x",
			  7, NULL },
	/* verification: every entry's stored hash and the hash of its content now */
	[Q_V_ENTRI] = { "ledger_v_entri",
			"SELECT e.entri_id, e.hash, encode(sha256(convert_to(pagu_entri_kanonik(e.pemda_id,"
			" e.entri_id), 'UTF8')), 'hex') AS hash_isi, x.segel_id"
			" FROM entri e LEFT JOIN segel_entri x USING (pemda_id, entri_id)"
			" WHERE e.pemda_id = $1 ORDER BY e.entri_id",
			1, v_entri_row__cols },
	[Q_V_SEGEL] = { "ledger_v_segel",
			"SELECT segel_id, jumlah_entri, akar, coalesce(hash_sebelum, '') AS hash_sebelum, hash"
			" FROM segel WHERE pemda_id = $1 ORDER BY segel_id",
			1, v_segel_row__cols },
	[Q_V_ANGGOTA] = { "ledger_v_anggota",
			  "SELECT x.segel_id, x.entri_id, e.entri_id IS NOT NULL AS ada FROM segel_entri x"
			  " LEFT JOIN entri e USING (pemda_id, entri_id) WHERE x.pemda_id = $1"
			  " ORDER BY x.segel_id, x.entri_id",
			  1, v_anggota_row__cols },
	[Q_V_KANTONG] = { "ledger_v_kantong",
			  "SELECT k.kantong_id, pagu_uang(k.pending) AS pending, pagu_uang(k.realisasi) AS realisasi,"
			  " pagu_uang(coalesce(sum(b.d_pending), 0)) AS pending_entri,"
			  " pagu_uang(coalesce(sum(b.d_realisasi), 0)) AS realisasi_entri,"
			  " (SELECT count(*) FROM kantong c WHERE c.pemda_id = $1) AS jumlah_kantong"
			  " FROM kantong k LEFT JOIN entri_baris b ON b.pemda_id = k.pemda_id"
			  " AND b.kantong_id = k.kantong_id WHERE k.pemda_id = $1 GROUP BY k.pemda_id, k.kantong_id"
			  " HAVING k.pending <> coalesce(sum(b.d_pending), 0)"
			  " OR k.realisasi <> coalesce(sum(b.d_realisasi), 0) ORDER BY k.kantong_id LIMIT 1",
			  1, v_kantong_row__cols },
	/* the first pocket and month whose kantong_bulan is not the sum of its entries' lines of that month */
	[Q_V_BULAN] = { "ledger_v_bulan",
			"SELECT coalesce(a.kantong_id, m.kantong_id) AS kantong_id, coalesce(a.bulan, m.bulan) AS "
			"bulan,"
			" pagu_uang(coalesce(m.realisasi, 0)) AS realisasi,"
			" pagu_uang(coalesce(a.x, 0)) AS realisasi_entri"
			" FROM (SELECT b.kantong_id, extract(month FROM e.tanggal)::smallint AS bulan,"
			"  sum(b.d_realisasi) AS x FROM entri e JOIN entri_baris b USING (pemda_id, entri_id)"
			"  WHERE e.pemda_id = $1 GROUP BY 1, 2) a"
			" FULL JOIN (SELECT kantong_id, bulan, realisasi FROM kantong_bulan WHERE pemda_id = $1) m"
			"  ON m.kantong_id = a.kantong_id AND m.bulan = a.bulan"
			" WHERE coalesce(a.x, 0) <> coalesce(m.realisasi, 0) ORDER BY 1, 2 LIMIT 1",
			1, v_bulan_row__cols },
	[Q_V_ALOKASI] = { "ledger_v_alokasi",
			  "SELECT k.kantong_id, pagu_uang(k.alokasi) AS alokasi FROM kantong k WHERE k.pemda_id = $1"
			  " AND k.alokasi <> coalesce((SELECT sum(b.jumlah) FROM rka_baris b"
			  " WHERE b.pemda_id = k.pemda_id AND b.dokumen_id = k.dpa_id AND b.opd_kode = k.opd_kode"
			  " AND b.sub_kegiatan IS NOT DISTINCT FROM k.sub_kegiatan AND b.akun = k.akun"
			  " AND pagu_baris_bidang(b.pemda_id, b.opd_kode, b.sub_kegiatan, b.bidang) IS NOT DISTINCT "
			  "FROM"
			  " k.bidang), 0)"
			  " ORDER BY k.kantong_id LIMIT 1",
			  1, v_alokasi_row__cols },
	[Q_V_OPD] = { "ledger_v_opd",
		      "SELECT s.opd_kode, s.tahun FROM opd_saldo s WHERE s.pemda_id = $1 AND (s.spd <> coalesce(("
		      "SELECT sum(e.jumlah) FROM entri e WHERE e.pemda_id = s.pemda_id AND e.tahun = s.tahun"
		      " AND e.opd_kode = s.opd_kode AND e.jenis = 'spd'), 0)"
		      " OR s.sp2d <> coalesce((SELECT sum(CASE e.jenis WHEN 'sp2d' THEN e.jumlah ELSE -e.jumlah END)"
		      " FROM entri e WHERE e.pemda_id = s.pemda_id AND e.tahun = s.tahun"
		      " AND e.opd_kode = s.opd_kode AND (e.jenis = 'sp2d' OR (e.jenis = 'koreksi' AND (SELECT r.jenis"
		      " FROM entri r WHERE r.pemda_id = e.pemda_id AND r.entri_id = e.ref_id) = 'sp2d'))), 0))"
		      " ORDER BY s.tahun, s.opd_kode LIMIT 1",
		      1, v_opd_row__cols },
};
const struct stmt_area stmt_area_ledger = { "ledger", q, Q_N };

/* PostgreSQL array literals of the lines' pockets and amounts. */
static void arrays(struct arena *a, const struct ledger_op *op, const char **ids, const char **amounts)
{
	size_t cap = 3 + (size_t)op->nbaris * (MONEY_STR_MAX + 1);
	char *k = arena_alloc(a, cap), *j = arena_alloc(a, cap);
	size_t ko = 0, jo = 0;
	k[ko++] = '{';
	j[jo++] = '{';
	for (int i = 0; i < op->nbaris; i++) {
		char buf[MONEY_STR_MAX];
		money_format(op->baris[i].jumlah, buf);
		ko += (size_t)snprintf(k + ko, cap - ko, "%s%lld", i ? "," : "", (long long)op->baris[i].kantong_id);
		jo += (size_t)snprintf(j + jo, cap - jo, "%s%s", i ? "," : "", buf);
	}
	snprintf(k + ko, cap - ko, "}");
	snprintf(j + jo, cap - jo, "}");
	*ids = k;
	*amounts = j;
}

pagu_err ledger_post(struct db *db, struct arena *a, const char *pemda, const struct ledger_op *op, int64_t token,
		     const char **json, struct pagu_fault *f)
{
	const char *tok = token > 0 ? db_num(a, token) : NULL, *tahun = db_num(a, op->tahun), *ids, *amounts;
	arrays(a, op, &ids, &amounts);
	const struct stmt *st;
	const char *p[9];
	int np;
#define SET(...)                                        \
	do {                                            \
		const char *x_[] = { __VA_ARGS__ };     \
		memcpy(p, x_, sizeof(x_));              \
		np = (int)(sizeof(x_) / sizeof(x_[0])); \
	} while (0)
	if (!strcmp(op->jenis, "spd")) {
		char buf[MONEY_STR_MAX];
		money_format(op->jumlah, buf);
		SET(pemda, tahun, op->opd_kode, op->nomor, op->tanggal, db_num(a, op->spd_bulan), arena_strdup(a, buf),
		    tok);
		st = &q[Q_SPD];
	} else if (!strcmp(op->jenis, "spm") || !strcmp(op->jenis, "sts")) {
		SET(pemda, tahun, op->opd_kode, op->nomor, op->tanggal, ids, amounts, tok);
		st = &q[!strcmp(op->jenis, "spm") ? Q_SPM : Q_STS];
	} else if (!strcmp(op->jenis, "sp2d")) {
		SET(pemda, tahun, op->opd_kode, op->nomor, op->tanggal, op->ref_id ? db_num(a, op->ref_id) : NULL, ids,
		    amounts, tok);
		st = &q[Q_SP2D];
	} else if (!strcmp(op->jenis, "void")) {
		SET(pemda, db_num(a, op->ref_id), op->tanggal, op->alasan, tok);
		st = &q[Q_VOID];
	} else if (!strcmp(op->jenis, "koreksi")) {
		SET(pemda, db_num(a, op->ref_id), op->nomor, op->tanggal, op->alasan, tok);
		st = &q[Q_KOREKSI];
	} else {
		return PAGU_E_INVALID;
	}
#undef SET
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, p, np, &r);
	if (e == PAGU_E_DB && db_failed_on(db, "22003", NULL)) {
		/* a running total past what NUMERIC holds (the "_batas" constraints of fault.c bound it first):
		   named like those, at the operation's amounts */
		f->pesan = P_FAULT_LEDGER_BEYOND;
		f->message = pesan_teks(P_FAULT_LEDGER_BEYOND, BAHASA_EN);
		f->field = !strcmp(op->jenis, "spd") ? "/jumlah" : "/baris";
		return PAGU_E_OVERFLOW;
	}
	if (e != PAGU_OK) {
		e = db_fault(db, a, e, f);
		/* a void carries no number: a race on its SPM (fault.c's entri rows) is named by the SPM */
		if (e == PAGU_E_CONFLICT && !op->nomor && f->field && !strcmp(f->field, "/nomor"))
			f->field = "/spm_id";
		return e;
	}
	*json = arena_strdup(a, PQgetvalue(r, 0, hasil_row_hasil));
	PQclear(r);
	return PAGU_OK;
}

pagu_err ledger_sp2d_set_post(struct db *db, struct arena *a, const char *pemda, const struct ledger_op *const *ops,
			      size_t n, int64_t token, const char **json)
{
	*json = NULL;
	size_t nlines = 0;
	const char **opds = arena_alloc(a, sizeof(*opds) * (n ? n : 1)),
		   **nomors = arena_alloc(a, sizeof(*nomors) * (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		nlines += (size_t)ops[i]->nbaris;
		opds[i] = ops[i]->opd_kode;
		nomors[i] = ops[i]->nomor;
	}
	size_t cap_op = 3 + n * 24, cap_line = 3 + nlines * (MONEY_STR_MAX + 24);
	char *tahun = arena_alloc(a, cap_op), *tanggal = arena_alloc(a, cap_op), *op = arena_alloc(a, cap_line),
	     *kantong = arena_alloc(a, cap_line), *jumlah = arena_alloc(a, cap_line);
	size_t ty = 0, tg = 0, oo = 0, ko = 0, jo = 0;
	tahun[ty++] = tanggal[tg++] = op[oo++] = kantong[ko++] = jumlah[jo++] = '{';
	for (size_t i = 0; i < n; i++) {
		const struct ledger_op *x = ops[i];
		const char *sep = i ? "," : "";
		ty += (size_t)snprintf(tahun + ty, cap_op - ty, "%s%d", sep, x->tahun);
		tg += (size_t)snprintf(tanggal + tg, cap_op - tg, "%s%.10s", sep, x->tanggal);
		for (int j = 0; j < x->nbaris; j++) {
			const char *lsep = oo > 1 ? "," : "";
			char buf[MONEY_STR_MAX];
			money_format(x->baris[j].jumlah, buf);
			oo += (size_t)snprintf(op + oo, cap_line - oo, "%s%zu", lsep, i + 1);
			ko += (size_t)snprintf(kantong + ko, cap_line - ko, "%s%lld", lsep,
					       (long long)x->baris[j].kantong_id);
			jo += (size_t)snprintf(jumlah + jo, cap_line - jo, "%s%s", lsep, buf);
		}
	}
	snprintf(tahun + ty, cap_op - ty, "}");
	snprintf(tanggal + tg, cap_op - tg, "}");
	snprintf(op + oo, cap_line - oo, "}");
	snprintf(kantong + ko, cap_line - ko, "}");
	snprintf(jumlah + jo, cap_line - jo, "}");
	const char *p[] = {
		pemda,	 tahun,	 db_text_array(a, opds, n),	     db_text_array(a, nomors, n), tanggal, op,
		kantong, jumlah, token > 0 ? db_num(a, token) : NULL
	};
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_SP2D_SET], DB_P(p), &r);
	if (e == PAGU_E_DB && db_failed_on(db, "23505", NULL))
		return PAGU_OK; /* a number or key taken by a concurrent request: *json NULL, post one by one */
	if (e != PAGU_OK)
		return e;
	if (!PQgetisnull(r, 0, hasil_row_hasil))
		*json = arena_strdup(a, PQgetvalue(r, 0, hasil_row_hasil));
	PQclear(r);
	return PAGU_OK;
}

static const char *seal_hash(struct arena *a, const char *pemda, int id, long n, const char *root, const char *prev,
			     char out[HASH_HEX_LEN + 1])
{
	const char *text = arena_printf(a, "pagu-segel-v1|%s|%d|%ld|%s|%s", pemda, id, n, root, prev ? prev : "");
	hash_sha256_hex(text, strlen(text), out);
	return out;
}

pagu_err ledger_entri_get(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **json)
{
	const char *p[] = { pemda, db_num(a, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_ENTRI_GET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQgetisnull(r, 0, hasil_row_hasil)) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	const char *entry = arena_strdup(a, PQgetvalue(r, 0, hasil_row_hasil));
	PQclear(r);
	/* the proof: the seal's members' hashes, the path from this one to the root */
	if ((e = db_exec(db, &q[Q_SEGEL_ANGGOTA], DB_P(p), &r)) != PAGU_OK)
		return e;
	size_t n = (size_t)PQntuples(r), at = 0;
	if (!n) {
		PQclear(r);
		*json = arena_printf(a, "{\"entri\":%s,\"bukti\":null}", entry);
		return PAGU_OK;
	}
	const char **leaves = arena_alloc(a, sizeof(*leaves) * n);
	for (size_t i = 0; i < n; i++) {
		leaves[i] = arena_strdup(a, PQgetvalue(r, (int)i, member_row_hash));
		if (strtoll(PQgetvalue(r, (int)i, member_row_entri_id), NULL, 10) == id)
			at = i;
	}
	PQclear(r);
	struct merkle_step *steps;
	size_t ns;
	merkle_proof(a, leaves, n, at, &steps, &ns);
	char root[HASH_HEX_LEN + 1];
	merkle_root(leaves, n, root);
	const char *path = "[";
	for (size_t i = 0; i < ns; i++)
		path = arena_printf(a, "%s%s{\"sibling\":\"%s\",\"side\":\"%s\"}", path, i ? "," : "", steps[i].sibling,
				    steps[i].left ? "left" : "right");
	path = arena_printf(a, "%s]", path);
	*json = arena_printf(a,
			     "{\"entri\":%s,\"bukti\":{\"leaf\":\"%s\",\"index\":%zu,\"leaves\":%zu,\"path\":%s,"
			     "\"root\":\"%s\"}}",
			     entry, leaves[at], at, n, path, root);
	return PAGU_OK;
}

static const char *seal_json(struct arena *a, PGresult *r)
{
	if (!PQntuples(r))
		return "null";
	const char *prev = PQgetvalue(r, 0, segel_row_hash_sebelum);
	return arena_printf(
		a,
		"{\"segel_id\":%s,\"jumlah_entri\":%s,\"akar\":\"%s\",\"hash_sebelum\":%s%s%s,\"hash\":\"%s\","
		"\"dibuat\":\"%s\"}",
		PQgetvalue(r, 0, segel_row_segel_id), PQgetvalue(r, 0, segel_row_jumlah_entri),
		PQgetvalue(r, 0, segel_row_akar), prev[0] ? "\"" : "", prev[0] ? prev : "null", prev[0] ? "\"" : "",
		PQgetvalue(r, 0, segel_row_hash), PQgetvalue(r, 0, segel_row_dibuat));
}

pagu_err ledger_seal(struct db *db, struct arena *a, const char *pemda, const char **json)
{
	const char *p1[] = { pemda };
	pagu_err e = db_exec_cmd(db, &q[Q_SEGEL_LOCK], DB_P(p1));
	if (e != PAGU_OK)
		return e;
	const char *p2[] = { pemda, NULL };
	PGresult *last = NULL, *open = NULL;
	if ((e = db_exec(db, &q[Q_SEGEL_GET], DB_P(p2), &last)) != PAGU_OK)
		return e;
	if ((e = db_exec(db, &q[Q_UNSEALED], DB_P(p1), &open)) != PAGU_OK) {
		PQclear(last);
		return e;
	}
	size_t n = (size_t)PQntuples(open);
	if (n == 0) {
		*json = seal_json(a, last);
		PQclear(last);
		PQclear(open);
		return PAGU_OK;
	}
	int id = PQntuples(last) ? atoi(PQgetvalue(last, 0, segel_row_segel_id)) + 1 : 1;
	const char *prev = PQntuples(last) ? arena_strdup(a, PQgetvalue(last, 0, segel_row_hash)) : NULL;
	PQclear(last);
	const char **leaves = arena_alloc(a, sizeof(*leaves) * n);
	size_t cap = n * 21 + 3, o = 0;
	char *ids = arena_alloc(a, cap);
	ids[o++] = '{';
	for (size_t i = 0; i < n; i++) {
		leaves[i] = arena_strdup(a, PQgetvalue(open, (int)i, member_row_hash));
		o += (size_t)snprintf(ids + o, cap - o, "%s%s", i ? "," : "",
				      PQgetvalue(open, (int)i, member_row_entri_id));
	}
	snprintf(ids + o, cap - o, "}");
	PQclear(open);
	char root[HASH_HEX_LEN + 1], h[HASH_HEX_LEN + 1];
	merkle_root(leaves, n, root);
	seal_hash(a, pemda, id, (long)n, root, prev, h);
	const char *p3[] = { pemda, db_num(a, id), db_num(a, (int64_t)n), root, prev, h, ids };
	if ((e = db_exec_cmd(db, &q[Q_SEGEL_PUT], DB_P(p3))) != PAGU_OK)
		return e;
	const char *p4[] = { pemda, db_num(a, id) };
	if ((e = db_exec(db, &q[Q_SEGEL_GET], DB_P(p4), &last)) != PAGU_OK)
		return e;
	*json = seal_json(a, last);
	PQclear(last);
	return PAGU_OK;
}

static void bad(struct ledger_verify *v, const char *what, int64_t id, const char *why)
{
	if (!v->ok)
		return;
	v->ok = false;
	v->rusak_jenis = what;
	v->rusak_id = id;
	v->alasan = why;
}

/* The recomputed hash of entry @id, by binary search over the rows (ordered by id); NULL when absent. */
static const char *hash_of(PGresult *r, int64_t id)
{
	int lo = 0, hi = PQntuples(r) - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int64_t x = strtoll(PQgetvalue(r, mid, v_entri_row_entri_id), NULL, 10);
		if (x == id)
			return PQgetvalue(r, mid, v_entri_row_hash_isi);
		if (x < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

pagu_err ledger_verify(struct db *db, struct arena *a, const char *pemda, struct ledger_verify *out)
{
	struct ledger_verify v = { .ok = true };
	const char *p[] = { pemda };
	PGresult *ent = NULL, *seg = NULL, *mem = NULL, *r = NULL;
	pagu_err e;
	if ((e = db_exec(db, &q[Q_V_ENTRI], DB_P(p), &ent)) != PAGU_OK)
		return e;
	/* every entry: its stored hash is the hash of its content */
	v.entri = PQntuples(ent);
	for (int i = 0; i < PQntuples(ent); i++) {
		if (strcmp(PQgetvalue(ent, i, v_entri_row_hash), PQgetvalue(ent, i, v_entri_row_hash_isi)))
			bad(&v, "entri", strtoll(PQgetvalue(ent, i, v_entri_row_entri_id), NULL, 10),
			    "its hash does not match its content (amount, pocket, date or number changed)");
		v.belum_disegel += PQgetisnull(ent, i, v_entri_row_segel_id);
	}
	if ((e = db_exec(db, &q[Q_V_SEGEL], DB_P(p), &seg)) != PAGU_OK)
		goto out;
	if ((e = db_exec(db, &q[Q_V_ANGGOTA], DB_P(p), &mem)) != PAGU_OK)
		goto out;
	/* every seal: its members exist, their recomputed hashes give its root, it chains */
	v.segel = PQntuples(seg);
	int m = 0, nmem = PQntuples(mem);
	const char *prev = "";
	for (int s = 0; s < PQntuples(seg); s++) {
		int sid = atoi(PQgetvalue(seg, s, v_segel_row_segel_id));
		long count = atol(PQgetvalue(seg, s, v_segel_row_jumlah_entri));
		int start = m;
		while (m < nmem && atoi(PQgetvalue(mem, m, v_anggota_row_segel_id)) == sid)
			m++;
		const char **leaves = arena_alloc(a, sizeof(*leaves) * (size_t)(m - start + 1));
		for (int k = start; k < m; k++) {
			int64_t eid = strtoll(PQgetvalue(mem, k, v_anggota_row_entri_id), NULL, 10);
			const char *h = PQgetvalue(mem, k, v_anggota_row_ada)[0] == 't' ? hash_of(ent, eid) : NULL;
			if (!h) {
				bad(&v, "segel", sid,
				    arena_printf(a, "entry %lld sealed in it is missing", (long long)eid));
				h = "";
			}
			leaves[k - start] = h;
		}
		char root[HASH_HEX_LEN + 1], h[HASH_HEX_LEN + 1];
		if (v.ok && count != m - start)
			bad(&v, "segel", sid, "it seals a different number of entries than it says");
		if (v.ok) {
			merkle_root(leaves, (size_t)(m - start), root);
			if (strcmp(root, PQgetvalue(seg, s, v_segel_row_akar)))
				bad(&v, "segel", sid, "its Merkle root does not match its entries");
		}
		if (v.ok && strcmp(prev, PQgetvalue(seg, s, v_segel_row_hash_sebelum)))
			bad(&v, "segel", sid, "it does not chain to the previous seal");
		seal_hash(a, pemda, sid, count, PQgetvalue(seg, s, v_segel_row_akar), s ? prev : NULL, h);
		if (v.ok && strcmp(h, PQgetvalue(seg, s, v_segel_row_hash)))
			bad(&v, "segel", sid, "its hash does not match its content");
		prev = PQgetvalue(seg, s, v_segel_row_hash);
		v.segel_terakhir = sid;
		snprintf(v.segel_hash, sizeof(v.segel_hash), "%s", prev);
	}
	/* balances: each pocket's equal the sums of its entries, its allocation its DPA's */
	if ((e = db_exec(db, &q[Q_V_KANTONG], DB_P(p), &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r))
		bad(&v, "kantong", strtoll(PQgetvalue(r, 0, v_kantong_row_kantong_id), NULL, 10),
		    arena_printf(a, "its balances (pending %s, realisasi %s) are not the sums of its entries (%s, %s)",
				 PQgetvalue(r, 0, v_kantong_row_pending), PQgetvalue(r, 0, v_kantong_row_realisasi),
				 PQgetvalue(r, 0, v_kantong_row_pending_entri),
				 PQgetvalue(r, 0, v_kantong_row_realisasi_entri)));
	PQclear(r);
	r = NULL;
	if ((e = db_exec(db, &q[Q_V_BULAN], DB_P(p), &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r))
		bad(&v, "kantong", strtoll(PQgetvalue(r, 0, v_bulan_row_kantong_id), NULL, 10),
		    arena_printf(a, "its realisasi of month %s (%s) is not the sum of its entries of that month (%s)",
				 PQgetvalue(r, 0, v_bulan_row_bulan), PQgetvalue(r, 0, v_bulan_row_realisasi),
				 PQgetvalue(r, 0, v_bulan_row_realisasi_entri)));
	PQclear(r);
	r = NULL;
	if ((e = db_exec(db, &q[Q_V_ALOKASI], DB_P(p), &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r))
		bad(&v, "kantong", strtoll(PQgetvalue(r, 0, v_alokasi_row_kantong_id), NULL, 10),
		    arena_printf(a, "its allocation %s is not what its DPA gives it",
				 PQgetvalue(r, 0, v_alokasi_row_alokasi)));
	PQclear(r);
	r = NULL;
	if ((e = db_exec(db, &q[Q_V_OPD], DB_P(p), &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r) && v.ok) {
		bad(&v, "opd_saldo", atoi(PQgetvalue(r, 0, v_opd_row_tahun)),
		    "its SPD or SP2D total is not the sum of its entries");
		v.rusak_opd = arena_strdup(a, PQgetvalue(r, 0, v_opd_row_opd_kode));
	}
	*out = v;
out:
	PQclear(ent);
	PQclear(seg);
	PQclear(mem);
	PQclear(r);
	return e;
}

pagu_err ledger_kantong_list(struct db *db, struct arena *a, const char *pemda, const struct ledger_filter *f,
			     struct json_page *out)
{
	const char *p[] = { pemda,
			    db_num(a, f->tahun),
			    f->opd,
			    f->sub_kegiatan,
			    f->akun,
			    db_num(a, f->after),
			    db_num(a, f->limit + 1) };
	return db_json_page(db, a, &q[Q_KANTONG_LIST], DB_P(p), f->limit, out);
}

pagu_err ledger_entri_list(struct db *db, struct arena *a, const char *pemda, const struct ledger_filter *f,
			   struct json_page *out)
{
	const char *p[] = { pemda,
			    db_num(a, f->tahun),
			    f->opd,
			    f->jenis,
			    db_num(a, f->after),
			    db_num(a, f->limit + 1),
			    f->kantong ? db_num(a, f->kantong) : NULL };
	return db_json_page(db, a, &q[Q_ENTRI_LIST], DB_P(p), f->limit, out);
}

pagu_err ledger_realisasi_get(struct db *db, struct arena *a, const char *pemda, int tahun, const char *opd,
			      const char *akun, struct ledger_realisasi *out)
{
	const char *p[] = { pemda, db_num(a, tahun), opd, akun };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_REALISASI], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	/* amounts are the database's sums (NUMERIC): one beyond int64 sen is refused, not wrapped */
	struct ledger_realisasi x = { 0 };
	e = PQntuples(r) == 12 ? PAGU_OK : PAGU_E_INTERNAL;
	for (int i = 0; i < 12 && e == PAGU_OK; i++)
		if ((e = db_sen(db, r, i, realisasi_row_rencana, &x.rencana[i])) == PAGU_OK &&
		    (e = db_sen(db, r, i, realisasi_row_belanja, &x.belanja[i])) == PAGU_OK)
			e = db_sen(db, r, i, realisasi_row_penerimaan, &x.penerimaan[i]);
	if (e == PAGU_OK && (e = db_sen(db, r, 0, realisasi_row_alokasi_belanja, &x.alokasi_belanja)) == PAGU_OK)
		e = db_sen(db, r, 0, realisasi_row_target_penerimaan, &x.target_penerimaan);
	PQclear(r);
	if (e == PAGU_OK)
		*out = x;
	return e;
}

pagu_err ledger_pemda_unsealed_list(struct db *db, struct arena *a, const char ***pemda, size_t *n)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PEMDA_UNSEALED], NULL, 0, &r);
	if (e != PAGU_OK)
		return e;
	size_t cnt = (size_t)PQntuples(r);
	const char **out = arena_alloc(a, sizeof(*out) * (cnt ? cnt : 1));
	for (size_t i = 0; i < cnt; i++)
		out[i] = arena_strdup(a, PQgetvalue(r, (int)i, pemda_row_pemda_id));
	PQclear(r);
	*pemda = out;
	*n = cnt;
	return PAGU_OK;
}
