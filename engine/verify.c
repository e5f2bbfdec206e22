/* verify.c - a pemda's whole record recomputed and held against its signed checkpoints. */
#include "verify.h"

#include "checkpoint_row.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows verify reads; a stored checkpoint's row extends checkpoint_row.h's. */
#define DOKUMEN_ROW(C, r) C(r, dokumen_id) C(r, hash) C(r, hash_sebelum) C(r, prev_hash) C(r, nlock) C(r, lock_hash)
DB_ROW(dokumen_row, DOKUMEN_ROW);
#define TEKS_ROW(C, r) C(r, teks)
DB_ROW(teks_row, TEKS_ROW);
#define SEALED_ROW(C, r) C(r, ref) C(r, hash) C(r, hash_now)
DB_ROW(sealed_row, SEALED_ROW);
#define PEMERIKSAAN_ROW(C, r) C(r, pemeriksaan_id) C(r, hash) C(r, hash_now) C(r, hash_versi)
DB_ROW(pemeriksaan_row, PEMERIKSAAN_ROW);
#define COUNT_ROW(C, r) C(r, n)
DB_ROW(count_row, COUNT_ROW);
#define KAS_ROW(C, r) C(r, kantong_id) C(r, dpa_id) C(r, latest_dpa) C(r, kas) C(r, harus)
DB_ROW(kas_row, KAS_ROW);
#define ASAL_ROW(C, r) C(r, dokumen_id) C(r, alasan)
DB_ROW(asal_row, ASAL_ROW);
#define STORED_ROW(C, r) CHECKPOINT_ROW(C, r) C(r, item_hash) C(r, item_detail)
DB_ROW(stored_row, STORED_ROW);
#define ITEM_ROW(C, r) C(r, hash) C(r, detail)
DB_ROW(item_row, ITEM_ROW);

enum {
	Q_DOKUMEN,
	Q_DOKUMEN_TEKS,
	Q_TRIWULAN,
	Q_PEMERIKSAAN,
	Q_KANTONG_N,
	Q_KAS,
	Q_DOKUMEN_ASAL,
	Q_CHECKPOINTS,
	Q_ITEM,
	Q_UNSIGNED,
	Q_N
};
static const struct stmt q[Q_N] = {
	/* locked versions of pemda $1: id, stored hash, chain link, the previous locked version's hash, the
	   number of lock events and the last one's hash after */
	[Q_DOKUMEN] = { "verify_dokumen",
			"SELECT d.dokumen_id, d.hash, coalesce(d.hash_sebelum, '') AS hash_sebelum,"
			" coalesce((SELECT x.hash FROM dokumen x"
			" WHERE x.pemda_id = d.pemda_id AND x.tahun = d.tahun AND x.jenis = d.jenis"
			" AND coalesce(x.opd_kode, '') = coalesce(d.opd_kode, '') AND x.status = 'locked' AND x.versi "
			"< d.versi"
			" ORDER BY x.versi DESC LIMIT 1), '') AS prev_hash,"
			" (SELECT count(*) FROM dokumen_event e WHERE e.pemda_id = d.pemda_id AND e.dokumen_id = "
			"d.dokumen_id"
			" AND e.aksi = 'lock') AS nlock, coalesce((SELECT e.hash_sesudah FROM dokumen_event e WHERE "
			"e.pemda_id ="
			" d.pemda_id AND e.dokumen_id = d.dokumen_id AND e.aksi = 'lock' ORDER BY e.urutan DESC LIMIT "
			"1), '') AS lock_hash"
			" FROM dokumen d WHERE d.pemda_id = $1 AND d.status = 'locked' ORDER BY d.dokumen_id",
			1, dokumen_row__cols },
	/* the canonical text of version $2 with its stored chain link */
	[Q_DOKUMEN_TEKS] = { "verify_dokumen_teks",
			     "SELECT pagu_dokumen_kanonik(d.pemda_id, d.dokumen_id, d.hash_sebelum) AS teks FROM "
			     "dokumen d"
			     " WHERE d.pemda_id = $1 AND d.dokumen_id = $2::bigint",
			     2, teks_row__cols },
	[Q_TRIWULAN] = { "verify_triwulan",
			 "SELECT tahun || '/' || triwulan AS ref, hash, "
			 "encode(sha256(convert_to(pagu_monev_kanonik(pemda_id, tahun,"
			 " triwulan), 'UTF8')), 'hex') AS hash_now FROM monev_triwulan WHERE pemda_id = $1 ORDER BY "
			 "tahun, triwulan",
			 1, sealed_row__cols },
	[Q_PEMERIKSAAN] = { "verify_pemeriksaan",
			    "SELECT pemeriksaan_id, hash, encode(sha256(convert_to(pagu_pemeriksaan_kanonik(pemda_id,"
			    " pemeriksaan_id), 'UTF8')), 'hex') AS hash_now, hash_versi FROM pemeriksaan WHERE "
			    "pemda_id = $1"
			    " AND status = 'signed' ORDER BY pemeriksaan_id",
			    1, pemeriksaan_row__cols },
	[Q_KANTONG_N] = { "verify_kantong_n", "SELECT count(*) AS n FROM kantong WHERE pemda_id = $1", 1,
			  count_row__cols },
	/* the first pocket whose DPA is not its OPD's latest locked one, or whose anggaran kas is not the sum
	   of its DPA lines' anggaran kas month by month: its id, its DPA, the one expected, its kas, expected */
	[Q_KAS] = { "verify_kas",
		    "WITH l AS (SELECT DISTINCT ON (tahun, opd_kode) tahun, opd_kode, dokumen_id FROM dokumen"
		    "  WHERE pemda_id = $1 AND jenis = 'dpa' AND status = 'locked' ORDER BY tahun, opd_kode, versi "
		    "DESC),"
		    " g AS (SELECT b.dokumen_id, b.opd_kode, b.sub_kegiatan,"
		    "  pagu_baris_bidang(b.pemda_id, b.opd_kode, b.sub_kegiatan, b.bidang) AS bidang, b.akun, a.bulan,"
		    "  sum(a.jumlah) AS x"
		    "  FROM anggaran_kas a JOIN rka_baris b USING (pemda_id, dokumen_id, baris) WHERE a.pemda_id = $1"
		    "  AND a.dokumen_id IN (SELECT dpa_id FROM kantong WHERE pemda_id = $1) GROUP BY 1, 2, 3, 4, 5, 6),"
		    " e AS (SELECT k.kantong_id, array_agg(coalesce(g.x, 0)::numeric(20, 2) ORDER BY m.m) AS harus"
		    "  FROM kantong k CROSS JOIN generate_series(1, 12) m(m) LEFT JOIN g ON g.dokumen_id = k.dpa_id"
		    "  AND g.opd_kode = k.opd_kode AND g.sub_kegiatan IS NOT DISTINCT FROM k.sub_kegiatan"
		    "  AND g.bidang IS NOT DISTINCT FROM k.bidang AND g.akun = k.akun AND g.bulan = m.m"
		    "  WHERE k.pemda_id = $1 GROUP BY k.kantong_id)"
		    " SELECT k.kantong_id, k.dpa_id, coalesce(l.dokumen_id::text, 'none') AS latest_dpa,"
		    " k.kas::text AS kas, e.harus::text AS harus"
		    " FROM kantong k JOIN e USING (kantong_id) LEFT JOIN l ON l.tahun = k.tahun AND l.opd_kode = "
		    "k.opd_kode"
		    " WHERE k.pemda_id = $1 AND (k.dpa_id IS DISTINCT FROM l.dokumen_id OR k.kas <> e.harus)"
		    " ORDER BY k.kantong_id LIMIT 1",
		    1, kas_row__cols },
	/* the first line of a locked APBD or DPA of pemda $1 that is not a copy of its source (the canonical
	   text of a version does not hold where its lines come from): its version and why. A line's source
	   exists, is an RKA line (verified or locked) of the year for an APBD, a line of the DPA's OPD in a
	   locked APBD of the year for a DPA, and has the same content (pagu_baris_diff, migrations/0017); no
	   two lines of a version share a source, each source comes in whole, one source version per OPD */
	[Q_DOKUMEN_ASAL] = { "verify_dokumen_asal",
			     "WITH d AS (SELECT dokumen_id, jenis, tahun, opd_kode FROM dokumen WHERE pemda_id = $1"
			     "  AND status = 'locked' AND jenis IN ('apbd', 'dpa')),"
			     " n AS (SELECT b AS r, b.dokumen_id, b.baris, b.opd_kode, b.asal_dokumen_id AS ad, "
			     "b.asal_baris AS ab,"
			     "  d.jenis AS dj, d.tahun AS dt, d.opd_kode AS dopd,"
			     "  min(b.baris) OVER (PARTITION BY b.dokumen_id, b.asal_dokumen_id, b.asal_baris) AS k1,"
			     "  max(b.baris) OVER (PARTITION BY b.dokumen_id, b.asal_dokumen_id, b.asal_baris) AS k2,"
			     "  count(*) OVER (PARTITION BY b.dokumen_id, b.asal_dokumen_id) AS dari,"
			     "  min(b.asal_dokumen_id) OVER (PARTITION BY b.dokumen_id, CASE d.jenis WHEN 'apbd' THEN "
			     "b.opd_kode END)"
			     "  AS v1, max(b.asal_dokumen_id) OVER (PARTITION BY b.dokumen_id,"
			     "  CASE d.jenis WHEN 'apbd' THEN b.opd_kode END) AS v2"
			     "  FROM rka_baris b JOIN d ON d.dokumen_id = b.dokumen_id WHERE b.pemda_id = $1),"
			     " c AS (SELECT g.dokumen_id, g.ad, count(s.baris) AS ada FROM (SELECT DISTINCT "
			     "dokumen_id, ad, dj, dopd"
			     "  FROM n WHERE ad IS NOT NULL) g LEFT JOIN rka_baris s ON s.pemda_id = $1 AND "
			     "s.dokumen_id = g.ad"
			     "  AND (g.dj = 'apbd' OR s.opd_kode = g.dopd) GROUP BY 1, 2),"
			     " x AS (SELECT n.dokumen_id, n.baris, format('line %s of %s version %s ', n.baris, "
			     "upper(n.dj),"
			     "  n.dokumen_id) || CASE"
			     "  WHEN n.ad IS NULL THEN 'has no source line'"
			     "  WHEN sd.dokumen_id IS NULL THEN format('says it comes from line %s of document %s, "
			     "which does not"
			     " exist', n.ab, n.ad)"
			     "  WHEN s.baris IS NULL THEN format('says it comes from line %s of %s version %s, which "
			     "has no such"
			     " line', n.ab, upper(sd.jenis), n.ad)"
			     "  WHEN sd.jenis <> CASE n.dj WHEN 'apbd' THEN 'rka' ELSE 'apbd' END OR sd.tahun <> n.dt"
			     "  OR sd.status NOT IN ('locked', CASE n.dj WHEN 'apbd' THEN 'verified' ELSE 'locked' END)"
			     "  THEN format('says it comes from line %s of document %s, a %s %s of %s, not %s of %s', "
			     "n.ab, n.ad,"
			     "  sd.status, upper(sd.jenis), sd.tahun, CASE n.dj WHEN 'apbd' THEN 'a verified or locked "
			     "RKA'"
			     "  ELSE 'a locked APBD' END, n.dt)"
			     "  WHEN n.dj = 'dpa' AND n.opd_kode IS DISTINCT FROM n.dopd THEN format('is a line of OPD "
			     "%s, not of"
			     " the DPA''s OPD %s', n.opd_kode, n.dopd)"
			     "  WHEN pagu_baris_diff(n.r, s) IS NOT NULL THEN format('says it comes from line %s of %s "
			     "version %s,"
			     " whose content differs (%s)', n.ab, upper(sd.jenis), n.ad, pagu_baris_diff(n.r, s))"
			     "  WHEN n.k1 <> n.k2 THEN format('and line %s of it both come from line %s of %s version "
			     "%s: a"
			     " source line is copied once', CASE WHEN n.baris = n.k1 THEN n.k2 ELSE n.k1 END, n.ab, "
			     "upper(sd.jenis),"
			     "  n.ad)"
			     "  WHEN c.ada <> n.dari THEN format('comes from %s version %s, which has %s line(s)%s, "
			     "but the version"
			     " holds %s of them: a source comes in whole', upper(sd.jenis), n.ad, c.ada, CASE n.dj "
			     "WHEN 'dpa'"
			     "  THEN ' of OPD ' || n.dopd ELSE '' END, n.dari)"
			     "  WHEN n.v1 <> n.v2 THEN format('comes from %s version %s, but other lines%s come from "
			     "version %s: one"
			     " source version%s', upper(sd.jenis), n.ad, CASE n.dj WHEN 'apbd' THEN ' of OPD ' || "
			     "n.opd_kode"
			     "  ELSE '' END, CASE WHEN n.ad = n.v1 THEN n.v2 ELSE n.v1 END, CASE n.dj WHEN 'apbd' THEN "
			     "' per OPD'"
			     "  ELSE '' END)"
			     "  END AS alasan FROM n"
			     "  LEFT JOIN dokumen sd ON sd.pemda_id = $1 AND sd.dokumen_id = n.ad"
			     "  LEFT JOIN rka_baris s ON s.pemda_id = $1 AND s.dokumen_id = n.ad AND s.baris = n.ab"
			     "  LEFT JOIN c ON c.dokumen_id = n.dokumen_id AND c.ad = n.ad)"
			     " SELECT dokumen_id, alasan FROM x WHERE alasan IS NOT NULL ORDER BY dokumen_id, baris "
			     "LIMIT 1",
			     1, asal_row__cols },
	/* every checkpoint of pemda $1 with its item's hash and detail now (NULL: no such item) */
	[Q_CHECKPOINTS] = { "verify_checkpoints",
			    "SELECT c.urutan, c.jenis, c.nomor, c.ref, c.hash, c.detail, c.waktu, coalesce(c.sebelum, "
			    "'') AS sebelum,"
			    " c.checkpoint, c.kunci, c.tanda, i.hash AS item_hash, i.detail AS item_detail FROM "
			    "checkpoint c"
			    " LEFT JOIN LATERAL pagu_checkpoint_item(c.pemda_id, c.jenis, c.nomor) i ON true"
			    " WHERE c.pemda_id = $1 ORDER BY c.urutan",
			    1, stored_row__cols },
	/* one item's hash and detail now: $2 jenis, $3 nomor */
	[Q_ITEM] = { "verify_item", "SELECT hash, detail FROM pagu_checkpoint_item($1, $2, $3::bigint)", 3,
		     item_row__cols },
	/* how many items are sealed, locked, closed or signed and have no checkpoint yet */
	[Q_UNSIGNED] = { "verify_unsigned",
			 "SELECT (SELECT count(*) FROM segel s WHERE s.pemda_id = $1 AND NOT EXISTS (SELECT 1 FROM "
			 "checkpoint c"
			 " WHERE c.pemda_id = $1 AND c.jenis = 'segel' AND c.nomor = s.segel_id))"
			 " + (SELECT count(*) FROM dokumen d WHERE d.pemda_id = $1 AND d.status = 'locked' AND NOT "
			 "EXISTS"
			 " (SELECT 1 FROM checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'dokumen' AND c.nomor = "
			 "d.dokumen_id))"
			 " + (SELECT count(*) FROM monev_triwulan t WHERE t.pemda_id = $1 AND NOT EXISTS (SELECT 1 FROM"
			 " checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'triwulan' AND c.nomor = t.tahun * 10 + "
			 "t.triwulan))"
			 " + (SELECT count(*) FROM pemeriksaan p WHERE p.pemda_id = $1 AND p.status = 'signed' AND NOT "
			 "EXISTS"
			 " (SELECT 1 FROM checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'pemeriksaan'"
			 " AND c.nomor = p.pemeriksaan_id)) AS n",
			 1, count_row__cols },
};
const struct stmt_area stmt_area_verify = { "verify", q, Q_N };

static void bad(struct verify_report *v, const char *jenis, const char *id, const char *why)
{
	if (!v->ok)
		return;
	v->ok = false;
	v->rusak_jenis = jenis;
	v->rusak_id = id;
	v->alasan = why;
}

static pagu_err documents(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_DOKUMEN], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	v->dokumen = PQntuples(r);
	for (int i = 0; i < PQntuples(r) && v->ok && e == PAGU_OK; i++) {
		const char *id = arena_strdup(a, PQgetvalue(r, i, dokumen_row_dokumen_id));
		const char *hash = PQgetvalue(r, i, dokumen_row_hash),
			   *link = PQgetvalue(r, i, dokumen_row_hash_sebelum);
		const char *prev = PQgetvalue(r, i, dokumen_row_prev_hash),
			   *nlock = PQgetvalue(r, i, dokumen_row_nlock);
		const char *event = PQgetvalue(r, i, dokumen_row_lock_hash);
		/* its content, then its place in the chain, then what its lock event recorded */
		const char *p2[] = { pemda, id };
		PGresult *t = NULL;
		if ((e = db_exec(db, &q[Q_DOKUMEN_TEKS], DB_P(p2), &t)) != PAGU_OK)
			break;
		char h[HASH_HEX_LEN + 1];
		hash_sha256_hex(PQgetvalue(t, 0, teks_row_teks), (size_t)PQgetlength(t, 0, teks_row_teks), h);
		PQclear(t);
		if (strcmp(h, hash))
			bad(v, "dokumen", id,
			    arena_printf(a, "its content hashes to %s, not to its stored hash %s (a line changed)", h,
					 hash));
		else if (strcmp(link, prev))
			bad(v, "dokumen", id,
			    arena_printf(a, "its chain link %s is not the previous locked version's hash %s",
					 *link ? link : "(none)", *prev ? prev : "(none)"));
		else if (strcmp(nlock, "1"))
			bad(v, "dokumen", id, arena_printf(a, "it has %s lock events, not one", nlock));
		else if (strcmp(event, hash))
			bad(v, "dokumen", id,
			    arena_printf(a, "its lock event recorded hash %s, the version has %s",
					 *event ? event : "(none)", hash));
	}
	PQclear(r);
	return e;
}

/*
 * Where the lines of a locked APBD or DPA come from is not in its canonical text, so no hash or
 * checkpoint covers it: every such line is held against its source line, in one statement. It runs
 * after the checkpoints, so a source changed and re-hashed is named itself, not the copy that now differs.
 */
static pagu_err sources(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_DOKUMEN_ASAL], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r))
		bad(v, "dokumen", arena_strdup(a, PQgetvalue(r, 0, asal_row_dokumen_id)),
		    arena_strdup(a, PQgetvalue(r, 0, asal_row_alasan)));
	PQclear(r);
	return PAGU_OK;
}

static pagu_err quarters_and_evaluations(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_TRIWULAN], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	v->triwulan = PQntuples(r);
	for (int i = 0; i < PQntuples(r) && v->ok; i++)
		if (strcmp(PQgetvalue(r, i, sealed_row_hash), PQgetvalue(r, i, sealed_row_hash_now)))
			bad(v, "triwulan", arena_strdup(a, PQgetvalue(r, i, sealed_row_ref)),
			    arena_printf(a, "its figures hash to %s, not to the seal %s made when it closed",
					 PQgetvalue(r, i, sealed_row_hash_now), PQgetvalue(r, i, sealed_row_hash)));
	PQclear(r);
	if ((e = db_exec(db, &q[Q_PEMERIKSAAN], DB_P(p), &r)) != PAGU_OK)
		return e;
	v->pemeriksaan = PQntuples(r);
	for (int i = 0; i < PQntuples(r) && v->ok; i++)
		if (strcmp(PQgetvalue(r, i, pemeriksaan_row_hash), PQgetvalue(r, i, pemeriksaan_row_hash_now)))
			bad(v, "pemeriksaan", arena_strdup(a, PQgetvalue(r, i, pemeriksaan_row_pemeriksaan_id)),
			    arena_printf(a, "its %s hash to %s, not to its stored hash %s",
					 !strcmp(PQgetvalue(r, i, pemeriksaan_row_hash_versi), "2")
						 ? "findings, signer and signing time"
						 : "findings",
					 PQgetvalue(r, i, pemeriksaan_row_hash_now),
					 PQgetvalue(r, i, pemeriksaan_row_hash)));
	PQclear(r);
	return PAGU_OK;
}

static pagu_err cash_plans(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_KANTONG_N], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	v->kantong = atol(PQgetvalue(r, 0, count_row_n));
	PQclear(r);
	if ((e = db_exec(db, &q[Q_KAS], DB_P(p), &r)) != PAGU_OK)
		return e;
	if (PQntuples(r)) {
		const char *id = arena_strdup(a, PQgetvalue(r, 0, kas_row_kantong_id));
		if (strcmp(PQgetvalue(r, 0, kas_row_dpa_id), PQgetvalue(r, 0, kas_row_latest_dpa)))
			bad(v, "kantong", id,
			    arena_printf(a, "its DPA is %s, but its OPD's latest locked DPA is %s",
					 PQgetvalue(r, 0, kas_row_dpa_id), PQgetvalue(r, 0, kas_row_latest_dpa)));
		else
			bad(v, "kantong", id,
			    arena_printf(a, "its anggaran kas %s is not its DPA lines' anggaran kas %s",
					 PQgetvalue(r, 0, kas_row_kas), PQgetvalue(r, 0, kas_row_harus)));
	}
	PQclear(r);
	return PAGU_OK;
}

/* Whether two checkpoints are the same signed statement. */
static bool same(const struct checkpoint *x, const struct checkpoint *y)
{
	return x->urutan == y->urutan && !strcmp(x->checkpoint, y->checkpoint) && !strcmp(x->tanda, y->tanda) &&
	       !strcmp(x->kunci, y->kunci);
}

/*
 * A checkpoint kept outside (@where) that the database does not hold as kept: the item named when it
 * no longer has the hash that was signed, otherwise the checkpoint itself.
 */
static pagu_err outside_mismatch(struct db *db, struct arena *a, const char *pemda, const struct checkpoint *c,
				 const char *where, bool in_db, struct verify_report *v)
{
	const char *p[] = { pemda, c->jenis, arena_printf(a, "%" PRId64, c->nomor) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_ITEM], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	const char *lost = in_db ? arena_printf(a,
						"the database's checkpoint %" PRId64 " is a different one, signed "
						"again (the key was used outside this server?)",
						c->urutan)
				 : "the database no longer has that checkpoint";
	if (!PQntuples(r))
		bad(v, c->jenis, c->ref,
		    arena_printf(a,
				 "signed in checkpoint %" PRId64 " kept in %s, it no longer exists (or is no longer "
				 "locked, closed or signed); %s",
				 c->urutan, where, lost));
	else if (strcmp(PQgetvalue(r, 0, item_row_hash), c->hash) ||
		 strcmp(PQgetvalue(r, 0, item_row_detail), c->detail))
		bad(v, c->jenis, c->ref,
		    arena_printf(a,
				 "its hash %s (%s) is not the hash %s (%s) signed in checkpoint %" PRId64
				 " kept in %s; %s",
				 PQgetvalue(r, 0, item_row_hash), PQgetvalue(r, 0, item_row_detail), c->hash, c->detail,
				 c->urutan, where, lost));
	else
		bad(v, "checkpoint", arena_printf(a, "%" PRId64, c->urutan),
		    arena_printf(a, "%s has checkpoint %" PRId64 " and %s", where, c->urutan, lost));
	PQclear(r);
	return PAGU_OK;
}

static int by_urutan(const void *x, const void *y)
{
	const struct checkpoint *const *a = x, *const *b = y;
	return (*a)->urutan < (*b)->urutan ? -1 : (*a)->urutan > (*b)->urutan;
}

static pagu_err compare_log(struct db *db, struct arena *a, const char *pemda, const char *key,
			    const struct checkpoint *dbc, size_t ndb, const struct verify_copy *log,
			    struct verify_report *v)
{
	if (!log->present) {
		if (ndb)
			bad(v, "log", "", "the checkpoint log is missing, so nothing outside the database backs it");
		return PAGU_OK;
	}
	if (log->malformed) {
		bad(v, "log", "", arena_printf(a, "the checkpoint log's %s", log->malformed));
		return PAGU_OK;
	}
	const struct checkpoint **mine = arena_alloc(a, sizeof(*mine) * (log->n + 1));
	size_t n = 0;
	for (size_t i = 0; i < log->n; i++)
		if (!strcmp(log->items[i].pemda, pemda))
			mine[n++] = &log->items[i];
	v->log = (long)n;
	for (size_t i = 0; i < n && v->ok; i++) {
		const char *why = checkpoint_check(a, mine[i], key);
		if (why)
			bad(v, "log", arena_printf(a, "%" PRId64, mine[i]->urutan),
			    arena_printf(a, "the log's line of checkpoint %" PRId64 ": %s", mine[i]->urutan, why));
	}
	if (!v->ok)
		return PAGU_OK;
	qsort(mine, n, sizeof(*mine), by_urutan);
	int64_t want = 1;
	for (size_t i = 0; i < n && v->ok; i++) {
		const struct checkpoint *c = mine[i];
		if (i && c->urutan == mine[i - 1]->urutan) {
			if (!same(c, mine[i - 1]))
				bad(v, "log", arena_printf(a, "%" PRId64, c->urutan),
				    arena_printf(a,
						 "the log has two different checkpoints numbered %" PRId64
						 " (the key signed twice)",
						 c->urutan));
			continue; /* the same line twice: a second server appended it again */
		}
		if (c->urutan != want) {
			bad(v, "log", arena_printf(a, "%" PRId64, want),
			    arena_printf(a,
					 "checkpoint %" PRId64 " is missing from the log (it goes on at %" PRId64
					 "): lines were removed",
					 want, c->urutan));
			break;
		}
		want++;
		if ((size_t)c->urutan > ndb || !same(c, &dbc[c->urutan - 1])) {
			pagu_err e = outside_mismatch(db, a, pemda, c, "the log", (size_t)c->urutan <= ndb, v);
			if (e != PAGU_OK)
				return e;
		}
	}
	if (v->ok && (int64_t)ndb >= want)
		v->belum_di_log = (long)((int64_t)ndb - want + 1);
	return PAGU_OK;
}

static pagu_err compare_klien(struct db *db, struct arena *a, const char *pemda, const char *key,
			      const struct checkpoint *dbc, size_t ndb, const struct verify_copy *k,
			      struct verify_report *v)
{
	if (k->malformed) {
		bad(v, "klien", "", arena_printf(a, "the client's copy's %s", k->malformed));
		return PAGU_OK;
	}
	for (size_t i = 0; i < k->n && v->ok; i++) {
		const struct checkpoint *c = &k->items[i];
		if (strcmp(c->pemda, pemda))
			continue;
		v->klien++;
		const char *why = checkpoint_check(a, c, key);
		if (why) {
			bad(v, "klien", arena_printf(a, "%" PRId64, c->urutan),
			    arena_printf(a, "the kept checkpoint %" PRId64 ": %s", c->urutan, why));
			break;
		}
		if ((size_t)c->urutan > ndb || !same(c, &dbc[c->urutan - 1])) {
			pagu_err e =
				outside_mismatch(db, a, pemda, c, "the client's copy", (size_t)c->urutan <= ndb, v);
			if (e != PAGU_OK)
				return e;
		}
	}
	return PAGU_OK;
}

static pagu_err checkpoints(struct db *db, struct arena *a, const char *pemda, const char *key,
			    const struct verify_copy *log, const struct verify_copy *klien, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_CHECKPOINTS], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	size_t n = (size_t)PQntuples(r);
	struct checkpoint *c = arena_alloc(a, sizeof(*c) * (n + 1));
	v->checkpoint = (long)n;
	const char *prev = "";
	for (size_t i = 0; i < n && v->ok; i++) {
		checkpoint_from_row(a, r, (int)i, pemda, &c[i]);
		const char *id = arena_printf(a, "%" PRId64, c[i].urutan);
		const char *why;
		if (c[i].urutan != (int64_t)i + 1) {
			bad(v, "checkpoint", arena_printf(a, "%zu", i + 1),
			    arena_printf(a, "checkpoint %zu is missing (the chain goes on at %" PRId64 ")", i + 1,
					 c[i].urutan));
		} else if (strcmp(c[i].sebelum, prev)) {
			bad(v, "checkpoint", id, "it does not chain to the checkpoint before it");
		} else if ((why = checkpoint_check(a, &c[i], key))) {
			bad(v, "checkpoint", id, why);
		} else if (PQgetisnull(r, (int)i, stored_row_item_hash)) {
			bad(v, c[i].jenis, c[i].ref,
			    arena_printf(a,
					 "signed in checkpoint %s, it no longer exists (or is no longer locked, "
					 "closed or signed)",
					 id));
		} else if (strcmp(PQgetvalue(r, (int)i, stored_row_item_hash), c[i].hash)) {
			bad(v, c[i].jenis, c[i].ref,
			    arena_printf(a, "its hash %s is not the hash %s signed in checkpoint %s at %s",
					 PQgetvalue(r, (int)i, stored_row_item_hash), c[i].hash, id, c[i].waktu));
		} else if (strcmp(PQgetvalue(r, (int)i, stored_row_item_detail), c[i].detail)) {
			bad(v, c[i].jenis, c[i].ref,
			    arena_printf(a,
					 "its version, signer and signing time (%s) are not those signed in checkpoint "
					 "%s (%s)",
					 PQgetvalue(r, (int)i, stored_row_item_detail), id, c[i].detail));
		}
		prev = c[i].checkpoint;
	}
	PQclear(r);
	if (!v->ok)
		return PAGU_OK;
	if (n) {
		v->checkpoint_terakhir = c[n - 1].urutan;
		snprintf(v->checkpoint_hash, sizeof(v->checkpoint_hash), "%s", c[n - 1].checkpoint);
	}
	if ((e = db_exec(db, &q[Q_UNSIGNED], DB_P(p), &r)) != PAGU_OK)
		return e;
	v->belum_ditandatangani = atol(PQgetvalue(r, 0, count_row_n));
	PQclear(r);
	if ((e = compare_log(db, a, pemda, key, c, n, log, v)) != PAGU_OK || !v->ok)
		return e;
	return compare_klien(db, a, pemda, key, c, n, klien, v);
}

pagu_err verify_all(struct db *db, struct arena *a, const char *pemda, const char *trusted_key,
		    const struct verify_copy *log, const struct verify_copy *klien, struct verify_report *out)
{
	struct verify_report v = { .ok = true };
	pagu_err e = ledger_verify(db, a, pemda, &v.ledger);
	if (e != PAGU_OK)
		return e;
	if (!v.ledger.ok)
		bad(&v, v.ledger.rusak_jenis,
		    v.ledger.rusak_opd ? arena_printf(a, "%lld/%s", (long long)v.ledger.rusak_id, v.ledger.rusak_opd)
				       : arena_printf(a, "%lld", (long long)v.ledger.rusak_id),
		    v.ledger.alasan);
	if (v.ok && (e = documents(db, a, pemda, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = quarters_and_evaluations(db, a, pemda, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = cash_plans(db, a, pemda, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = checkpoints(db, a, pemda, trusted_key, log, klien, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = sources(db, a, pemda, &v)) != PAGU_OK)
		return e;
	*out = v;
	return PAGU_OK;
}
