/*
 * stmt.h - the statements not yet moved into their areas (see struct stmt in db.h), and
 * the list of areas. Being emptied: each area's statements move beside the code that
 * reads their rows.
 */
#ifndef PAGU_STMT_H
#define PAGU_STMT_H

#include "stmt_checkpoint.h"

/* The audit trail (area B moves it). X(id, sql, nparams). */
#define PAGU_STMTS_API(X)                                                                                          \
	/* the audit trail of pemda $1 after audit_id $2: token $3, from day $4 to day $5 (WIB), $6 rows */        \
	X(STMT_AUDIT_LIST,                                                                                         \
	  "SELECT i.audit_id, jsonb_build_object('audit_id', i.audit_id, 'waktu',"                                 \
	  " to_char(i.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'token_id', i.token_id,"    \
	  " 'token_nama', t.nama, 'peran', t.peran, 'opd_kode', t.opd_kode, 'metode', i.metode, 'jalur', i.jalur," \
	  " 'status', i.status, 'kunci', i.kunci)"                                                                 \
	  " FROM idempotency_key i JOIN api_token t USING (pemda_id, token_id)"                                    \
	  " WHERE i.pemda_id = $1 AND i.audit_id > $2::bigint AND ($3::bigint IS NULL OR i.token_id = $3::bigint)" \
	  " AND ($4::date IS NULL OR i.dibuat >= $4::date::timestamp AT TIME ZONE 'Asia/Jakarta')"                 \
	  " AND ($5::date IS NULL OR i.dibuat < ($5::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta')"            \
	  " ORDER BY i.audit_id LIMIT $6::int",                                                                    \
	  6)

/* The rules DSL: facts, packs, evaluations (migrations/0006_rules.sql). */
#define PAGU_STMTS_RULES(X)                                                                                           \
	X(STMT_RULES_FAKTA,                                                                                           \
	  "SELECT jenis, akun, sub_kegiatan, sumber_dana, opd_kode, jumlah, baris, harga_satuan, ssh_harga"           \
	  " FROM pagu_rules_fakta($1, $2::bigint)",                                                                   \
	  2)                                                                                                          \
	X(STMT_RULES_PEMDA, "SELECT jenis FROM pemda WHERE pemda_id = $1", 1)                                         \
	/* the newest version in force today (WIB) of each Perkada file of pemda $1 */                                \
	X(STMT_RULES_PERKADA_AKTIF,                                                                                   \
	  "SELECT DISTINCT ON (p.nama) p.nama, p.versi, p.berlaku, p.judul, b.isi, p.hash"                            \
	  " FROM rules_perkada p JOIN rules_berkas b USING (hash)"                                                    \
	  " WHERE p.pemda_id = $1 AND p.berlaku <= (now() AT TIME ZONE 'Asia/Jakarta')::date"                         \
	  " ORDER BY p.nama, p.versi DESC",                                                                           \
	  1)                                                                                                          \
	X(STMT_RULES_PERKADA_LIST,                                                                                    \
	  "SELECT nama, versi, berlaku, judul, hash, token_id, dibuat FROM rules_perkada"                             \
	  " WHERE pemda_id = $1 ORDER BY nama, versi",                                                                \
	  1)                                                                                                          \
	/* $1 pemda $2 nama $3 berlaku $4 judul $5 isi $6 hash $7 token: the new version's number */                  \
	X(STMT_RULES_PERKADA_TAMBAH, "SELECT pagu_rules_perkada_tambah($1, $2, $3::date, $4, $5, $6, $7::bigint)", 7) \
	X(STMT_RULES_PERKADA_GET,                                                                                     \
	  "SELECT p.versi, p.berlaku, p.judul, p.hash, b.isi, p.dibuat FROM rules_perkada p JOIN rules_berkas b"      \
	  " USING (hash) WHERE p.pemda_id = $1 AND p.nama = $2 AND p.versi = $3::int",                                \
	  3)                                                                                                          \
	/* $1 pemda $2 dokumen $3 peristiwa $4 diterima $5 paket hash $6 files [{nama,hash,isi}] (isi left out	\
	   of a file already in rules_berkas) $7 token $8 results: one evaluation with its files and results,	\
	   in one statement */      \
	X(STMT_RULES_SIMPAN,                                                                                          \
	  "WITH f AS (INSERT INTO rules_berkas (hash, nama, isi)"                                                     \
	  "  SELECT x.hash, x.nama, x.isi FROM jsonb_to_recordset($6::jsonb) AS x(hash text, nama text, isi text)"    \
	  "  WHERE x.isi IS NOT NULL ON CONFLICT (hash) DO NOTHING),"                                                 \
	  " e AS (INSERT INTO rules_evaluasi (pemda_id, dokumen_id, peristiwa, urutan, diterima, paket_hash,"         \
	  "  berkas, token_id, entri_id, tahun, triwulan) VALUES ($1, $2::bigint, $3, CASE WHEN $4::bool"             \
	  "  AND $9::bigint IS NULL AND $2::bigint IS NOT NULL"                                                       \
	  "  THEN (SELECT max(urutan) FROM dokumen_event WHERE pemda_id = $1 AND dokumen_id = $2::bigint) END,"       \
	  "  $4::bool, $5, (SELECT coalesce(jsonb_agg(jsonb_build_object('nama', x->>'nama', 'hash', x->>'hash')),"   \
	  "  '[]') FROM jsonb_array_elements($6::jsonb) x), $7::bigint, $9::bigint, $10::int, $11::smallint)"         \
	  "  RETURNING evaluasi_id),"                                                                                 \
	  " h AS (INSERT INTO rules_hasil (pemda_id, evaluasi_id, urutan, rule_id, berkas, baris, keparahan,"         \
	  "  berlaku, lolos, pesan, nilai, kelompok, gagal, rincian)"                                                 \
	  "  SELECT $1, e.evaluasi_id, x.urutan, x.rule_id, x.berkas, x.baris, x.keparahan, x.berlaku, x.lolos,"      \
	  "  x.pesan, x.nilai, x.kelompok, x.gagal, x.rincian FROM e, jsonb_to_recordset($8::jsonb) AS"               \
	  "  x(urutan int, rule_id text, berkas text, baris int, keparahan text, berlaku bool, lolos bool,"           \
	  "  pesan text, nilai jsonb, kelompok int, gagal int, rincian jsonb))"                                       \
	  " SELECT evaluasi_id FROM e",                                                                               \
	  11)                                                                                                         \
	/* $1 files [{nama,hash,isi}]: the national pack's texts, stored once when the server starts */               \
	X(STMT_RULES_BERKAS_SIMPAN,                                                                                   \
	  "INSERT INTO rules_berkas (hash, nama, isi) SELECT x.hash, x.nama, x.isi"                                   \
	  " FROM jsonb_to_recordset($1::jsonb) AS x(hash text, nama text, isi text) ON CONFLICT (hash) DO NOTHING",   \
	  1)                                                                                                          \
	X(STMT_RULES_FAKTA_TRIWULAN,                                                                                  \
	  "SELECT jenis, akun, sub_kegiatan, sumber_dana, opd_kode, jumlah, baris, harga_satuan, ssh_harga"           \
	  " FROM pagu_rules_fakta_triwulan($1, $2::int, $3::smallint)",                                               \
	  3)                                                                                                          \
	/* the facts of posting $2 with what the evaluation needs besides (the year and the DPA of its first	\
	   line's pocket, the pemda's jenis) on every row, in one round trip; no rows for an entry without	\
	   lines (an SPD) */        \
	X(STMT_RULES_FAKTA_ENTRI,                                                                                     \
	  "SELECT f.jenis, f.akun, f.sub_kegiatan, f.sumber_dana, f.opd_kode, f.jumlah, f.baris, f.harga_satuan,"     \
	  " f.ssh_harga, d.tahun, d.dpa_id, p.jenis"                                                                  \
	  " FROM (SELECT e.tahun, k.dpa_id FROM entri e JOIN entri_baris b USING (pemda_id, entri_id) JOIN kantong k" \
	  "  ON k.pemda_id = b.pemda_id AND k.kantong_id = b.kantong_id WHERE e.pemda_id = $1"                        \
	  "  AND e.entri_id = $2::bigint ORDER BY b.urutan LIMIT 1) d"                                                \
	  " CROSS JOIN pemda p CROSS JOIN pagu_rules_fakta_entri($1, $2::bigint) f WHERE p.pemda_id = $1",            \
	  2)                                                                                                          \
	/* the evaluations of version $2, oldest first, each with its results as JSON */                              \
	X(STMT_RULES_EVALUASI_LIST,                                                                                   \
	  "SELECT e.evaluasi_id, e.peristiwa, e.diterima, e.urutan, e.paket_hash, e.berkas, e.token_id,"              \
	  " to_char(e.waktu AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                                   \
	  " (SELECT coalesce(jsonb_agg(jsonb_build_object('rule', h.rule_id, 'file', h.berkas, 'line', h.baris,"      \
	  "  'severity', h.keparahan, 'applies', h.berlaku, 'passed', h.lolos, 'message', h.pesan,"                   \
	  "  'values', h.nilai, 'groups', h.kelompok, 'failed', h.gagal, 'failures', h.rincian)"                      \
	  "  ORDER BY h.urutan), '[]') FROM rules_hasil h"                                                            \
	  "  WHERE h.pemda_id = e.pemda_id AND h.evaluasi_id = e.evaluasi_id)"                                        \
	  " FROM rules_evaluasi e WHERE e.pemda_id = $1 AND e.dokumen_id = $2::bigint ORDER BY e.evaluasi_id",        \
	  2)

/* The execution ledger (migrations/0007_ledger.sql). */
#define PAGU_STMTS_LEDGER(X)                                                                                           \
	X(STMT_LEDGER_SPD,                                                                                             \
	  "SELECT pagu_ledger_spd($1, $2::int, $3, $4, $5::date, $6::smallint, $7::numeric, $8::bigint)", 8)           \
	X(STMT_LEDGER_SPM,                                                                                             \
	  "SELECT pagu_ledger_spm($1, $2::int, $3, $4, $5::date, $6::bigint[], $7::numeric[], $8::bigint)", 8)         \
	/* the direct SP2Ds of an atomic batch as one set (migrations/0013): the answers, or NULL */                   \
	X(STMT_LEDGER_SP2D_SET,                                                                                        \
	  "SELECT pagu_ledger_sp2d_set($1, $2::int[], $3::text[], $4::text[], $5::date[], $6::int[], $7::bigint[],"    \
	  " $8::numeric[], $9::bigint)",                                                                               \
	  9)                                                                                                           \
	X(STMT_LEDGER_SP2D,                                                                                            \
	  "SELECT pagu_ledger_sp2d($1, $2::int, $3, $4, $5::date, $6::bigint, $7::bigint[], $8::numeric[],"            \
	  " $9::bigint)",                                                                                              \
	  9)                                                                                                           \
	X(STMT_LEDGER_VOID, "SELECT pagu_ledger_void($1, $2::bigint, $3::date, $4, $5::bigint)", 5)                    \
	X(STMT_LEDGER_STS,                                                                                             \
	  "SELECT pagu_ledger_sts($1, $2::int, $3, $4, $5::date, $6::bigint[], $7::numeric[], $8::bigint)", 8)         \
	X(STMT_LEDGER_KOREKSI, "SELECT pagu_ledger_koreksi($1, $2::bigint, $3, $4::date, $5, $6::bigint)", 6)          \
	X(STMT_LEDGER_JAWAB, "SELECT pagu_ledger_jawab($1, $2::bigint)", 2)                                            \
	/* $1 pemda $2 tahun $3 opd $4 sub kegiatan $5 akun prefix (digits and dots) $6 after id $7 limit */           \
	X(STMT_LEDGER_KANTONG_LIST,                                                                                    \
	  "SELECT k.kantong_id, pagu_kantong_json(k) FROM kantong k WHERE k.pemda_id = $1 AND k.tahun = $2::int"       \
	  " AND ($3::text IS NULL OR k.opd_kode = $3) AND ($4::text IS NULL OR k.sub_kegiatan = $4)"                   \
	  " AND ($5::text IS NULL OR k.akun = $5 OR k.akun LIKE $5 || '.%') AND k.kantong_id > $6::bigint"             \
	  " ORDER BY k.kantong_id LIMIT $7::int",                                                                      \
	  7)                                                                                                           \
	/* $1 pemda $2 tahun $3 opd $4 jenis $5 after id $6 limit */                                                   \
	X(STMT_LEDGER_ENTRI_LIST,                                                                                      \
	  "SELECT e.entri_id, jsonb_build_object('entri_id', e.entri_id, 'tahun', e.tahun, 'jenis', e.jenis,"          \
	  " 'opd_kode', e.opd_kode, 'nomor', e.nomor, 'tanggal', e.tanggal, 'ref_id', e.ref_id,"                       \
	  " 'jumlah', pagu_uang(e.jumlah), 'hash', e.hash) FROM entri e WHERE e.pemda_id = $1 AND e.tahun = $2::int"   \
	  " AND ($3::text IS NULL OR e.opd_kode = $3) AND ($4::text IS NULL OR e.jenis = $4)"                          \
	  " AND ($7::bigint IS NULL OR EXISTS (SELECT 1 FROM entri_baris b WHERE b.pemda_id = e.pemda_id"              \
	  " AND b.entri_id = e.entri_id AND b.kantong_id = $7::bigint))"                                               \
	  " AND e.entri_id > $5::bigint ORDER BY e.entri_id LIMIT $6::int",                                            \
	  7)                                                                                                           \
	/* realisation by month of pemda $1, year $2, OPD $3 (or all), akun prefix $4 (or all): the cash plan of     \
	   the spending pockets, what was spent, and what was received */ \
	X(STMT_LEDGER_REALISASI,                                                                                       \
	  "WITH k AS (SELECT * FROM kantong WHERE pemda_id = $1 AND tahun = $2::int"                                   \
	  "  AND ($3::text IS NULL OR opd_kode = $3) AND ($4::text IS NULL OR akun = $4 OR akun LIKE $4 || '.%')),"    \
	  " r AS (SELECT extract(month FROM e.tanggal)::int AS m, k.arah, sum(b.d_realisasi) AS x"                     \
	  "  FROM entri_baris b JOIN entri e USING (pemda_id, entri_id) JOIN k USING (pemda_id, kantong_id)"           \
	  "  WHERE b.pemda_id = $1 GROUP BY 1, 2)"                                                                     \
	  " SELECT m, pagu_uang(coalesce((SELECT sum(k.kas[m]) FROM k WHERE k.arah = 'keluar'), 0)),"                  \
	  " pagu_uang(coalesce((SELECT x FROM r WHERE r.m = g.m AND r.arah = 'keluar'), 0)),"                          \
	  " pagu_uang(coalesce((SELECT x FROM r WHERE r.m = g.m AND r.arah = 'masuk'), 0)),"                           \
	  " pagu_uang(coalesce((SELECT sum(alokasi) FROM k WHERE k.arah = 'keluar'), 0)),"                             \
	  " pagu_uang(coalesce((SELECT sum(alokasi) FROM k WHERE k.arah = 'masuk'), 0))"                               \
	  " FROM generate_series(1, 12) AS g(m) ORDER BY m",                                                           \
	  4)                                                                                                           \
	/* the sealed entries' stored hashes of the seal of entry $2, in order, and the seal */                        \
	X(STMT_LEDGER_SEGEL_ANGGOTA,                                                                                   \
	  "SELECT x.entri_id, e.hash FROM segel_entri x JOIN entri e USING (pemda_id, entri_id)"                       \
	  " WHERE x.pemda_id = $1 AND x.segel_id = (SELECT segel_id FROM segel_entri WHERE pemda_id = $1"              \
	  " AND entri_id = $2::bigint) ORDER BY x.entri_id",                                                           \
	  2)                                                                                                           \
	X(STMT_LEDGER_SEGEL_GET,                                                                                       \
	  "SELECT s.segel_id, s.jumlah_entri, s.akar, coalesce(s.hash_sebelum, ''), s.hash,"                           \
	  " to_char(s.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM segel s"                       \
	  " WHERE s.pemda_id = $1 AND ($2::int IS NULL OR s.segel_id = $2::int) ORDER BY s.segel_id DESC LIMIT 1",     \
	  2)                                                                                                           \
	/* pemda with entries after their last sealed one */                                                           \
	X(STMT_LEDGER_PEMDA_BELUM,                                                                                     \
	  "SELECT p.pemda_id FROM pemda p WHERE EXISTS (SELECT 1 FROM entri e WHERE e.pemda_id = p.pemda_id"           \
	  " AND e.entri_id > coalesce((SELECT max(x.entri_id) FROM segel_entri x WHERE x.pemda_id = p.pemda_id), 0))"  \
	  " ORDER BY p.pemda_id",                                                                                      \
	  0)                                                                                                           \
	X(STMT_LEDGER_SEGEL_LOCK, "SELECT pg_advisory_xact_lock(hashtext('pagu_segel'), hashtext($1))", 1)             \
	X(STMT_LEDGER_BELUM_DISEGEL,                                                                                   \
	  "SELECT e.entri_id, e.hash FROM entri e WHERE e.pemda_id = $1 AND NOT EXISTS (SELECT 1 FROM segel_entri x"   \
	  " WHERE x.pemda_id = e.pemda_id AND x.entri_id = e.entri_id) ORDER BY e.entri_id",                           \
	  1)                                                                                                           \
	/* $1 pemda $2 segel_id $3 count $4 root $5 previous hash $6 hash $7 the entries */                            \
	X(STMT_LEDGER_SEGEL_PUT,                                                                                       \
	  "WITH s AS (INSERT INTO segel (pemda_id, segel_id, jumlah_entri, akar, hash_sebelum, hash)"                  \
	  " VALUES ($1, $2::int, $3::int, $4, $5, $6) RETURNING segel_id)"                                             \
	  " INSERT INTO segel_entri (pemda_id, entri_id, segel_id) SELECT $1, x, s.segel_id FROM s,"                   \
	  " unnest($7::bigint[]) x",                                                                                   \
	  7)                                                                                                           \
	X(STMT_LEDGER_V_ENTRI,                                                                                         \
	  "SELECT e.entri_id, e.hash, encode(sha256(convert_to(pagu_entri_kanonik(e.pemda_id, e.entri_id),"            \
	  " 'UTF8')), 'hex'), x.segel_id FROM entri e LEFT JOIN segel_entri x USING (pemda_id, entri_id)"              \
	  " WHERE e.pemda_id = $1 ORDER BY e.entri_id",                                                                \
	  1)                                                                                                           \
	X(STMT_LEDGER_V_SEGEL,                                                                                         \
	  "SELECT segel_id, jumlah_entri, akar, coalesce(hash_sebelum, ''), hash FROM segel WHERE pemda_id = $1"       \
	  " ORDER BY segel_id",                                                                                        \
	  1)                                                                                                           \
	X(STMT_LEDGER_V_ANGGOTA,                                                                                       \
	  "SELECT x.segel_id, x.entri_id, e.entri_id IS NOT NULL FROM segel_entri x LEFT JOIN entri e"                 \
	  " USING (pemda_id, entri_id) WHERE x.pemda_id = $1 ORDER BY x.segel_id, x.entri_id",                         \
	  1)                                                                                                           \
	X(STMT_LEDGER_V_KANTONG,                                                                                       \
	  "SELECT k.kantong_id, pagu_uang(k.pending), pagu_uang(k.realisasi), pagu_uang(coalesce(sum(b.d_pending), "   \
	  "0)),"                                                                                                       \
	  " pagu_uang(coalesce(sum(b.d_realisasi), 0)), (SELECT count(*) FROM kantong c WHERE c.pemda_id = $1)"        \
	  " FROM kantong k LEFT JOIN entri_baris b ON b.pemda_id = k.pemda_id AND b.kantong_id = k.kantong_id"         \
	  " WHERE k.pemda_id = $1 GROUP BY k.pemda_id, k.kantong_id"                                                   \
	  " HAVING k.pending <> coalesce(sum(b.d_pending), 0) OR k.realisasi <> coalesce(sum(b.d_realisasi), 0)"       \
	  " ORDER BY k.kantong_id LIMIT 1",                                                                            \
	  1)                                                                                                           \
	/* the first pocket and month whose kantong_bulan is not the sum of its entries' lines of that month */        \
	X(STMT_LEDGER_V_BULAN,                                                                                         \
	  "SELECT coalesce(a.kantong_id, m.kantong_id) AS k, coalesce(a.bulan, m.bulan) AS bulan,"                     \
	  " pagu_uang(coalesce(m.realisasi, 0)), pagu_uang(coalesce(a.x, 0))"                                          \
	  " FROM (SELECT b.kantong_id, extract(month FROM e.tanggal)::smallint AS bulan, sum(b.d_realisasi) AS x"      \
	  "  FROM entri e JOIN entri_baris b USING (pemda_id, entri_id) WHERE e.pemda_id = $1 GROUP BY 1, 2) a"        \
	  " FULL JOIN (SELECT kantong_id, bulan, realisasi FROM kantong_bulan WHERE pemda_id = $1) m"                  \
	  "  ON m.kantong_id = a.kantong_id AND m.bulan = a.bulan"                                                     \
	  " WHERE coalesce(a.x, 0) <> coalesce(m.realisasi, 0) ORDER BY 1, 2 LIMIT 1",                                 \
	  1)                                                                                                           \
	X(STMT_LEDGER_V_ALOKASI,                                                                                       \
	  "SELECT k.kantong_id, pagu_uang(k.alokasi) FROM kantong k WHERE k.pemda_id = $1 AND k.alokasi <>"            \
	  " coalesce((SELECT sum(b.jumlah) FROM rka_baris b WHERE b.pemda_id = k.pemda_id AND b.dokumen_id = k.dpa_id" \
	  " AND b.opd_kode = k.opd_kode AND b.sub_kegiatan = k.sub_kegiatan AND b.akun = k.akun), 0)"                  \
	  " ORDER BY k.kantong_id LIMIT 1",                                                                            \
	  1)                                                                                                           \
	X(STMT_LEDGER_V_OPD,                                                                                           \
	  "SELECT s.opd_kode, s.tahun FROM opd_saldo s WHERE s.pemda_id = $1 AND (s.spd <> coalesce((SELECT"           \
	  " sum(e.jumlah) FROM entri e WHERE e.pemda_id = s.pemda_id AND e.tahun = s.tahun AND e.opd_kode = "          \
	  "s.opd_kode"                                                                                                 \
	  " AND e.jenis = 'spd'), 0) OR s.sp2d <> coalesce((SELECT sum(CASE e.jenis WHEN 'sp2d' THEN e.jumlah"         \
	  " ELSE -e.jumlah END) FROM entri e WHERE e.pemda_id = s.pemda_id AND e.tahun = s.tahun"                      \
	  " AND e.opd_kode = s.opd_kode AND (e.jenis = 'sp2d' OR (e.jenis = 'koreksi' AND (SELECT r.jenis FROM entri " \
	  "r"                                                                                                          \
	  " WHERE r.pemda_id = e.pemda_id AND r.entri_id = e.ref_id) = 'sp2d'))), 0))"                                 \
	  " ORDER BY s.tahun, s.opd_kode LIMIT 1",                                                                     \
	  1)

/* e-monev (migrations/0009_monev.sql). */
#define PAGU_STMTS_MONEV(X)                                                                                            \
	X(STMT_MONEV_LAPOR,                                                                                            \
	  "SELECT pagu_monev_lapor($1, $2::int, $3::smallint, $4::bigint, $5::int, $6, $7::numeric, $8::numeric, $9,"  \
	  " $10, $11::bigint, $12::bigint)",                                                                           \
	  12)                                                                                                          \
	X(STMT_MONEV_TUTUP, "SELECT pagu_monev_tutup($1, $2::int, $3::smallint, $4::bigint)", 4)                       \
	X(STMT_MONEV_EVALUASI, "SELECT pagu_monev_evaluasi($1, $2::int, $3::smallint, $4)", 4)                         \
	X(STMT_MONEV_SKALA_TAMBAH,                                                                                     \
	  "SELECT pagu_monev_skala_tambah($1, $2, $3, $4, $5::numeric[], $6::numeric[], $7::text[], $8::bigint)", 8)   \
	X(STMT_MONEV_SKALA_LIST,                                                                                       \
	  "SELECT coalesce(jsonb_agg(jsonb_build_object('skala_id', s.skala_id, 'jenis', s.jenis, 'nama', s.nama,"     \
	  " 'dasar_hukum', s.dasar_hukum, 'berlaku', s.skala_id = (SELECT max(x.skala_id) FROM monev_skala x"          \
	  " WHERE x.pemda_id = s.pemda_id AND x.jenis = s.jenis), 'pita', (SELECT jsonb_agg(jsonb_build_object("       \
	  "'dari', p.dari::text, 'sampai', p.sampai::text, 'predikat', p.predikat) ORDER BY p.urutan)"                 \
	  " FROM monev_pita p WHERE p.pemda_id = s.pemda_id AND p.skala_id = s.skala_id)) ORDER BY s.skala_id), '[]')" \
	  " FROM monev_skala s WHERE s.pemda_id = $1",                                                                 \
	  1)

/* Reports (migrations/0010_laporan.sql). */
#define PAGU_STMTS_LAPORAN(X)                                                                                         \
	X(STMT_LAPORAN_MONEV,                                                                                         \
	  "SELECT opd_kode, program, program_nama, kegiatan, kegiatan_nama, sub_kegiatan, sub_kegiatan_nama,"         \
	  " indikator, satuan, target, tw1, tw2, tw3, tw4, kumulatif, fisik, capaian, predikat, pagu_uang(anggaran)," \
	  " pagu_uang(realisasi_keuangan), capaian_keuangan, predikat_keuangan"                                       \
	  " FROM pagu_monev_laporan($1, $2::int, $3::smallint, $4)",                                                  \
	  4)                                                                                                          \
	X(STMT_LAPORAN_PERINGKAT,                                                                                     \
	  "SELECT peringkat, opd_kode, opd_nama, indikator, dievaluasi, capaian, predikat, pagu_uang(anggaran),"      \
	  " pagu_uang(realisasi), capaian_keuangan, predikat_keuangan FROM pagu_monev_peringkat($1, $2::int,"         \
	  " $3::smallint) WHERE $4::text IS NULL OR opd_kode = $4",                                                   \
	  4)                                                                                                          \
	X(STMT_LAPORAN_LRA,                                                                                           \
	  "SELECT level, kode, coalesce(nama, ''), pagu_uang(anggaran), pagu_uang(realisasi)"                         \
	  " FROM pagu_lra($1, $2::int, $3::date, $4)",                                                                \
	  4)

/* Inspector evaluations (migrations/0011_pemeriksaan.sql). */
#define PAGU_STMTS_PERIKSA(X)                                                                                   \
	X(STMT_PERIKSA_BUKA, "SELECT pagu_pemeriksaan_buka($1, $2::int, $3::smallint, $4, $5::bigint)", 5)      \
	X(STMT_PERIKSA_TEMUAN, "SELECT pagu_temuan_tambah($1, $2::bigint, $3, $4, $5, $6)", 6)                  \
	X(STMT_PERIKSA_TTD, "SELECT pagu_pemeriksaan_tandatangan($1, $2::bigint, $3::bigint)", 3)               \
	X(STMT_PERIKSA_TL, "SELECT pagu_tindak_lanjut($1, $2::bigint, $3::int, $4, $5, $6, $7::bigint)", 7)     \
	X(STMT_PERIKSA_TUTUP, "SELECT pagu_temuan_tutup($1, $2::bigint, $3::int, $4, $5::bigint)", 5)           \
	X(STMT_PERIKSA_GET, "SELECT pagu_pemeriksaan_json($1, $2::bigint)", 2)                                  \
	/* pemda $1 after id $2: year $3, quarter $4, OPD $5 (each NULL: any), $6 rows */                       \
	X(STMT_PERIKSA_LIST,                                                                                    \
	  "SELECT p.pemeriksaan_id, jsonb_build_object('id', p.pemeriksaan_id, 'tahun', p.tahun,"               \
	  " 'triwulan', p.triwulan, 'opd_kode', p.opd_kode, 'status', p.status, 'hash', p.hash,"                \
	  " 'dibuat', to_char(p.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                  \
	  " 'ditandatangani', to_char(p.ditandatangani AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"  \
	  " 'temuan', (SELECT count(*) FROM temuan t WHERE t.pemda_id = p.pemda_id"                             \
	  " AND t.pemeriksaan_id = p.pemeriksaan_id))"                                                          \
	  " FROM pemeriksaan p WHERE p.pemda_id = $1 AND p.pemeriksaan_id > $2::bigint"                         \
	  " AND ($3::int IS NULL OR p.tahun = $3::int) AND ($4::smallint IS NULL OR p.triwulan = $4::smallint)" \
	  " AND ($5::text IS NULL OR p.opd_kode = $5) ORDER BY p.pemeriksaan_id LIMIT $6::int",                 \
	  6)

enum stmt_id {
#define PAGU_STMT_ENUM(id, sql, n) id,
	PAGU_STMTS_API(PAGU_STMT_ENUM) PAGU_STMTS_RULES(PAGU_STMT_ENUM) PAGU_STMTS_LEDGER(PAGU_STMT_ENUM)
		PAGU_STMTS_MONEV(PAGU_STMT_ENUM) PAGU_STMTS_LAPORAN(PAGU_STMT_ENUM) PAGU_STMTS_PERIKSA(PAGU_STMT_ENUM)
			PAGU_STMTS_CHECKPOINT(PAGU_STMT_ENUM)
#undef PAGU_STMT_ENUM
				STMT_COUNT_
};

struct stmt;
struct stmt_area;
/* The statement of a stmt.h id. */
const struct stmt *stmt_legacy(enum stmt_id id);
/* Every area, NULL-terminated (stmt.c). */
extern const struct stmt_area *const stmt_areas[];
/* The columns of a legacy statement: not checked at prepare (a sentinel; never read). */
extern const char *const stmt_cols_unchecked[];

/* The areas, one line each (defined in their .c files). */
extern const struct stmt_area stmt_area_db;
extern const struct stmt_area stmt_area_ref;
extern const struct stmt_area stmt_area_auth;
extern const struct stmt_area stmt_area_idem;
extern const struct stmt_area stmt_area_opd;
extern const struct stmt_area stmt_area_dokumen;
extern const struct stmt_area stmt_area_ssh;

#endif
