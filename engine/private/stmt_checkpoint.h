/* stmt_checkpoint.h - the statements of signed checkpoints and of verify (migrations/0019_checkpoint.sql). */
#ifndef PAGU_STMT_CHECKPOINT_H
#define PAGU_STMT_CHECKPOINT_H

#define PAGU_STMTS_CHECKPOINT(X)                                                                                     \
	/* serialises signing per pemda across servers sharing the database */                                       \
	X(STMT_CP_LOCK, "SELECT pg_advisory_xact_lock(hashtext('pagu_checkpoint'), hashtext($1))", 1)                \
	X(STMT_CP_PEMDA, "SELECT pemda_id FROM pemda ORDER BY pemda_id", 0)                                          \
	X(STMT_CP_TERAKHIR,                                                                                          \
	  "SELECT urutan, checkpoint FROM checkpoint WHERE pemda_id = $1 ORDER BY urutan DESC LIMIT 1", 1)           \
	/* what is sealed, locked, closed or signed and has no checkpoint yet, $2 at most */                         \
	X(STMT_CP_BELUM,                                                                                             \
	  "SELECT jenis, nomor, ref, hash, detail FROM ("                                                            \
	  " SELECT 1 AS o, 'segel' AS jenis, s.segel_id::bigint AS nomor, s.segel_id::text AS ref, s.hash,"          \
	  "  '' AS detail FROM segel s WHERE s.pemda_id = $1 AND s.segel_id > coalesce((SELECT max(c.nomor)"         \
	  "  FROM checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'segel'), 0)"                                     \
	  " UNION ALL SELECT 2, 'dokumen', d.dokumen_id, d.dokumen_id::text, d.hash, '' FROM dokumen d"              \
	  "  WHERE d.pemda_id = $1 AND d.status = 'locked' AND NOT EXISTS (SELECT 1 FROM checkpoint c"               \
	  "  WHERE c.pemda_id = $1 AND c.jenis = 'dokumen' AND c.nomor = d.dokumen_id)"                              \
	  " UNION ALL SELECT 3, 'triwulan', t.tahun * 10 + t.triwulan, t.tahun || '/' || t.triwulan, t.hash, ''"     \
	  "  FROM monev_triwulan t WHERE t.pemda_id = $1 AND NOT EXISTS (SELECT 1 FROM checkpoint c"                 \
	  "  WHERE c.pemda_id = $1 AND c.jenis = 'triwulan' AND c.nomor = t.tahun * 10 + t.triwulan)"                \
	  " UNION ALL SELECT 4, 'pemeriksaan', p.pemeriksaan_id, p.pemeriksaan_id::text, p.hash,"                    \
	  "  pagu_pemeriksaan_detail(p.pemda_id, p.pemeriksaan_id) FROM pemeriksaan p"                               \
	  "  WHERE p.pemda_id = $1 AND p.status = 'signed' AND NOT EXISTS (SELECT 1 FROM checkpoint c"               \
	  "  WHERE c.pemda_id = $1 AND c.jenis = 'pemeriksaan' AND c.nomor = p.pemeriksaan_id)"                      \
	  ") x ORDER BY o, nomor LIMIT $2::int",                                                                     \
	  2)                                                                                                         \
	X(STMT_CP_PUT,                                                                                               \
	  "INSERT INTO checkpoint (pemda_id, urutan, jenis, nomor, ref, hash, detail, waktu, sebelum, checkpoint,"   \
	  " kunci, tanda) VALUES ($1, $2::bigint, $3, $4::bigint, $5, $6, $7, $8, nullif($9, ''), $10, $11, $12)",   \
	  12)                                                                                                        \
	/* pemda $1's checkpoints after $2 (all: 0), $3 rows: the stored fields */                                   \
	X(STMT_CP_LIST,                                                                                              \
	  "SELECT urutan, jenis, nomor, ref, hash, detail, waktu, coalesce(sebelum, ''), checkpoint, kunci, tanda"   \
	  " FROM checkpoint WHERE pemda_id = $1 AND urutan > $2::bigint ORDER BY urutan LIMIT $3::bigint",           \
	  3)                                                                                                         \
	/* every checkpoint of pemda $1 with its item's hash and detail now (NULL: no such item) */                  \
	X(STMT_CP_V_SEMUA,                                                                                           \
	  "SELECT c.urutan, c.jenis, c.nomor, c.ref, c.hash, c.detail, c.waktu, coalesce(c.sebelum, ''),"            \
	  " c.checkpoint, c.kunci, c.tanda, i.hash, i.detail FROM checkpoint c"                                      \
	  " LEFT JOIN LATERAL pagu_checkpoint_item(c.pemda_id, c.jenis, c.nomor) i ON true"                          \
	  " WHERE c.pemda_id = $1 ORDER BY c.urutan",                                                                \
	  1)                                                                                                         \
	/* one item's hash and detail now: $2 jenis, $3 nomor */                                                     \
	X(STMT_CP_ITEM, "SELECT hash, detail FROM pagu_checkpoint_item($1, $2, $3::bigint)", 3)                      \
	X(STMT_CP_V_BELUM,                                                                                           \
	  "SELECT (SELECT count(*) FROM segel s WHERE s.pemda_id = $1 AND NOT EXISTS (SELECT 1 FROM checkpoint c"    \
	  " WHERE c.pemda_id = $1 AND c.jenis = 'segel' AND c.nomor = s.segel_id))"                                  \
	  " + (SELECT count(*) FROM dokumen d WHERE d.pemda_id = $1 AND d.status = 'locked' AND NOT EXISTS"          \
	  " (SELECT 1 FROM checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'dokumen' AND c.nomor = d.dokumen_id))"  \
	  " + (SELECT count(*) FROM monev_triwulan t WHERE t.pemda_id = $1 AND NOT EXISTS (SELECT 1 FROM"            \
	  " checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'triwulan' AND c.nomor = t.tahun * 10 + t.triwulan))"   \
	  " + (SELECT count(*) FROM pemeriksaan p WHERE p.pemda_id = $1 AND p.status = 'signed' AND NOT EXISTS"      \
	  " (SELECT 1 FROM checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'pemeriksaan'"                           \
	  " AND c.nomor = p.pemeriksaan_id))",                                                                       \
	  1)                                                                                                         \
	/* locked versions of pemda $1: id, stored hash, hash_sebelum, the previous locked version's hash, the     \
	   number of lock events and the last one's hash after */ \
	X(STMT_V_DOKUMEN,                                                                                            \
	  "SELECT d.dokumen_id, d.hash, coalesce(d.hash_sebelum, ''), coalesce((SELECT x.hash FROM dokumen x"        \
	  " WHERE x.pemda_id = d.pemda_id AND x.tahun = d.tahun AND x.jenis = d.jenis"                               \
	  " AND coalesce(x.opd_kode, '') = coalesce(d.opd_kode, '') AND x.status = 'locked' AND x.versi < d.versi"   \
	  " ORDER BY x.versi DESC LIMIT 1), ''),"                                                                    \
	  " (SELECT count(*) FROM dokumen_event e WHERE e.pemda_id = d.pemda_id AND e.dokumen_id = d.dokumen_id"     \
	  " AND e.aksi = 'lock'), coalesce((SELECT e.hash_sesudah FROM dokumen_event e WHERE e.pemda_id ="           \
	  " d.pemda_id AND e.dokumen_id = d.dokumen_id AND e.aksi = 'lock' ORDER BY e.urutan DESC LIMIT 1), '')"     \
	  " FROM dokumen d WHERE d.pemda_id = $1 AND d.status = 'locked' ORDER BY d.dokumen_id",                     \
	  1)                                                                                                         \
	/* the canonical text of version $2 with its stored chain link */                                            \
	X(STMT_V_DOKUMEN_TEKS,                                                                                       \
	  "SELECT pagu_dokumen_kanonik(d.pemda_id, d.dokumen_id, d.hash_sebelum) FROM dokumen d"                     \
	  " WHERE d.pemda_id = $1 AND d.dokumen_id = $2::bigint",                                                    \
	  2)                                                                                                         \
	X(STMT_V_TRIWULAN,                                                                                           \
	  "SELECT tahun || '/' || triwulan, hash, encode(sha256(convert_to(pagu_monev_kanonik(pemda_id, tahun,"      \
	  " triwulan), 'UTF8')), 'hex') FROM monev_triwulan WHERE pemda_id = $1 ORDER BY tahun, triwulan",           \
	  1)                                                                                                         \
	X(STMT_V_PEMERIKSAAN,                                                                                        \
	  "SELECT pemeriksaan_id, hash, encode(sha256(convert_to(pagu_pemeriksaan_kanonik(pemda_id,"                 \
	  " pemeriksaan_id), 'UTF8')), 'hex'), hash_versi FROM pemeriksaan WHERE pemda_id = $1"                      \
	  " AND status = 'signed' ORDER BY pemeriksaan_id",                                                          \
	  1)                                                                                                         \
	/* the first pocket whose DPA is not its OPD's latest locked one, or whose anggaran kas is not the sum    \
	   of its DPA lines' anggaran kas month by month: its id, its DPA, the one expected, its kas, expected */  \
	X(STMT_V_KAS,                                                                                                \
	  "WITH l AS (SELECT DISTINCT ON (tahun, opd_kode) tahun, opd_kode, dokumen_id FROM dokumen"                 \
	  "  WHERE pemda_id = $1 AND jenis = 'dpa' AND status = 'locked' ORDER BY tahun, opd_kode, versi DESC),"     \
	  " g AS (SELECT b.dokumen_id, b.opd_kode, b.sub_kegiatan, b.akun, a.bulan, sum(a.jumlah) AS x"              \
	  "  FROM anggaran_kas a JOIN rka_baris b USING (pemda_id, dokumen_id, baris) WHERE a.pemda_id = $1"         \
	  "  AND a.dokumen_id IN (SELECT dpa_id FROM kantong WHERE pemda_id = $1) GROUP BY 1, 2, 3, 4, 5),"          \
	  " e AS (SELECT k.kantong_id, array_agg(coalesce(g.x, 0)::numeric(20, 2) ORDER BY m.m) AS harus"            \
	  "  FROM kantong k CROSS JOIN generate_series(1, 12) m(m) LEFT JOIN g ON g.dokumen_id = k.dpa_id"           \
	  "  AND g.opd_kode = k.opd_kode AND g.sub_kegiatan = k.sub_kegiatan AND g.akun = k.akun AND g.bulan = m.m"  \
	  "  WHERE k.pemda_id = $1 GROUP BY k.kantong_id)"                                                           \
	  " SELECT k.kantong_id, k.dpa_id, coalesce(l.dokumen_id::text, 'none'), k.kas::text, e.harus::text"         \
	  " FROM kantong k JOIN e USING (kantong_id) LEFT JOIN l ON l.tahun = k.tahun AND l.opd_kode = k.opd_kode"   \
	  " WHERE k.pemda_id = $1 AND (k.dpa_id IS DISTINCT FROM l.dokumen_id OR k.kas <> e.harus)"                  \
	  " ORDER BY k.kantong_id LIMIT 1",                                                                          \
	  1)                                                                                                         \
	/* the first line of a locked APBD or DPA of pemda $1 that is not a copy of its source (the canonical     \
	   text of a version does not hold where its lines come from): its version and why. A line's source     \
	   exists, is an RKA line (verified or locked) of the year for an APBD, a line of the DPA's OPD in a     \
	   locked APBD of the year for a DPA, and has the same content (pagu_baris_beda, migrations/0017); no  \
	   two lines of a version share a source, each source comes in whole, one source version per OPD */  \
	X(STMT_V_DOKUMEN_ASAL,                                                                                       \
	  "WITH d AS (SELECT dokumen_id, jenis, tahun, opd_kode FROM dokumen WHERE pemda_id = $1"                    \
	  "  AND status = 'locked' AND jenis IN ('apbd', 'dpa')),"                                                   \
	  " n AS (SELECT b AS r, b.dokumen_id, b.baris, b.opd_kode, b.asal_dokumen_id AS ad, b.asal_baris AS ab,"    \
	  "  d.jenis AS dj, d.tahun AS dt, d.opd_kode AS dopd,"                                                      \
	  "  min(b.baris) OVER (PARTITION BY b.dokumen_id, b.asal_dokumen_id, b.asal_baris) AS k1,"                  \
	  "  max(b.baris) OVER (PARTITION BY b.dokumen_id, b.asal_dokumen_id, b.asal_baris) AS k2,"                  \
	  "  count(*) OVER (PARTITION BY b.dokumen_id, b.asal_dokumen_id) AS dari,"                                  \
	  "  min(b.asal_dokumen_id) OVER (PARTITION BY b.dokumen_id, CASE d.jenis WHEN 'apbd' THEN b.opd_kode END)"  \
	  "  AS v1, max(b.asal_dokumen_id) OVER (PARTITION BY b.dokumen_id,"                                         \
	  "  CASE d.jenis WHEN 'apbd' THEN b.opd_kode END) AS v2"                                                    \
	  "  FROM rka_baris b JOIN d ON d.dokumen_id = b.dokumen_id WHERE b.pemda_id = $1),"                         \
	  " c AS (SELECT g.dokumen_id, g.ad, count(s.baris) AS ada FROM (SELECT DISTINCT dokumen_id, ad, dj, dopd"   \
	  "  FROM n WHERE ad IS NOT NULL) g LEFT JOIN rka_baris s ON s.pemda_id = $1 AND s.dokumen_id = g.ad"        \
	  "  AND (g.dj = 'apbd' OR s.opd_kode = g.dopd) GROUP BY 1, 2),"                                             \
	  " x AS (SELECT n.dokumen_id, n.baris, format('line %s of %s version %s ', n.baris, upper(n.dj),"           \
	  "  n.dokumen_id) || CASE"                                                                                  \
	  "  WHEN n.ad IS NULL THEN 'has no source line'"                                                            \
	  "  WHEN sd.dokumen_id IS NULL THEN format('says it comes from line %s of document %s, which does not"      \
	  " exist', n.ab, n.ad)"                                                                                     \
	  "  WHEN s.baris IS NULL THEN format('says it comes from line %s of %s version %s, which has no such"       \
	  " line', n.ab, upper(sd.jenis), n.ad)"                                                                     \
	  "  WHEN sd.jenis <> CASE n.dj WHEN 'apbd' THEN 'rka' ELSE 'apbd' END OR sd.tahun <> n.dt"                  \
	  "  OR sd.status NOT IN ('locked', CASE n.dj WHEN 'apbd' THEN 'verified' ELSE 'locked' END)"                \
	  "  THEN format('says it comes from line %s of document %s, a %s %s of %s, not %s of %s', n.ab, n.ad,"      \
	  "  sd.status, upper(sd.jenis), sd.tahun, CASE n.dj WHEN 'apbd' THEN 'a verified or locked RKA'"            \
	  "  ELSE 'a locked APBD' END, n.dt)"                                                                        \
	  "  WHEN n.dj = 'dpa' AND n.opd_kode IS DISTINCT FROM n.dopd THEN format('is a line of OPD %s, not of"      \
	  " the DPA''s OPD %s', n.opd_kode, n.dopd)"                                                                 \
	  "  WHEN pagu_baris_beda(n.r, s) IS NOT NULL THEN format('says it comes from line %s of %s version %s,"     \
	  " whose content differs (%s)', n.ab, upper(sd.jenis), n.ad, pagu_baris_beda(n.r, s))"                      \
	  "  WHEN n.k1 <> n.k2 THEN format('and line %s of it both come from line %s of %s version %s: a"            \
	  " source line is copied once', CASE WHEN n.baris = n.k1 THEN n.k2 ELSE n.k1 END, n.ab, upper(sd.jenis),"   \
	  "  n.ad)"                                                                                                  \
	  "  WHEN c.ada <> n.dari THEN format('comes from %s version %s, which has %s line(s)%s, but the version"    \
	  " holds %s of them: a source comes in whole', upper(sd.jenis), n.ad, c.ada, CASE n.dj WHEN 'dpa'"          \
	  "  THEN ' of OPD ' || n.dopd ELSE '' END, n.dari)"                                                         \
	  "  WHEN n.v1 <> n.v2 THEN format('comes from %s version %s, but other lines%s come from version %s: one"   \
	  " source version%s', upper(sd.jenis), n.ad, CASE n.dj WHEN 'apbd' THEN ' of OPD ' || n.opd_kode"           \
	  "  ELSE '' END, CASE WHEN n.ad = n.v1 THEN n.v2 ELSE n.v1 END, CASE n.dj WHEN 'apbd' THEN ' per OPD'"      \
	  "  ELSE '' END)"                                                                                           \
	  "  END AS alasan FROM n"                                                                                   \
	  "  LEFT JOIN dokumen sd ON sd.pemda_id = $1 AND sd.dokumen_id = n.ad"                                      \
	  "  LEFT JOIN rka_baris s ON s.pemda_id = $1 AND s.dokumen_id = n.ad AND s.baris = n.ab"                    \
	  "  LEFT JOIN c ON c.dokumen_id = n.dokumen_id AND c.ad = n.ad)"                                            \
	  " SELECT dokumen_id, alasan FROM x WHERE alasan IS NOT NULL ORDER BY dokumen_id, baris LIMIT 1",           \
	  1)                                                                                                         \
	X(STMT_V_KANTONG_N, "SELECT count(*) FROM kantong WHERE pemda_id = $1", 1)

#endif
