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
	X(STMT_V_KANTONG_N, "SELECT count(*) FROM kantong WHERE pemda_id = $1", 1)

#endif
