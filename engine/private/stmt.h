/*
 * stmt.h - the statements not yet moved into their areas (see struct stmt in db.h), and
 * the list of areas. Being emptied: each area's statements move beside the code that
 * reads their rows.
 */
#ifndef PAGU_STMT_H
#define PAGU_STMT_H

#include "stmt_checkpoint.h"

/*
 * X(id, sql, nparams). Prepared on every (re)connect of an application
 * connection; every value is a bound parameter. Schema and stored procedures
 * live in migrations/; the migration runner and cluster bootstrap keep their
 * few statements beside them because they run before this schema exists.
 */
#define PAGU_STMTS(X)                                                                                \
	/* $1 tahun: the edition in force for a fiscal year */                                       \
	X(STMT_REF_VERSION_FOR_YEAR,                                                                 \
	  "SELECT ref_version_id, kode, nama, dasar_hukum, tahun_mulai FROM ref_version"             \
	  " WHERE tahun_mulai <= $1::int ORDER BY tahun_mulai DESC, ref_version_id DESC"             \
	  " LIMIT 1",                                                                                \
	  1)                                                                                         \
	/* $1 version, $2 kode: the rows of one code, active first */                                \
	X(STMT_REF_AKUN_BY_KODE,                                                                     \
	  "SELECT kode, level, nama, aktif, id_hkm FROM ref_akun"                                    \
	  " WHERE ref_version_id = $1::int AND kode = $2 ORDER BY aktif DESC, baris",                \
	  2)                                                                                         \
	/* $1 version, $2 jenis (provinsi|kabkota|NULL), $3 level or NULL,                    \
	   $4 prefix or NULL, $5 after-kode cursor or NULL, $6 after-jenis, $7 limit,          \
	   $8 include retired */      \
	X(STMT_REF_NOM_LIST,                                                                         \
	  "SELECT kode, kode_lama, level, nama, jenis_pemda, aktif, id_hkm FROM ref_nomenklatur"     \
	  " WHERE ref_version_id = $1::int"                                                          \
	  "   AND ($2::text IS NULL OR jenis_pemda IN ($2::text, 'both'))"                           \
	  "   AND ($3::text IS NULL OR level = $3::text)"                                            \
	  "   AND ($4::text IS NULL OR kode = $4::text"                                              \
	  "        OR kode LIKE $4::text || '.%')"                                                   \
	  "   AND ($5::text IS NULL OR (kode, jenis_pemda, aktif) > ($5::text, $6::text, $9::bool))" \
	  "   AND ($8::bool OR aktif)"                                                               \
	  " ORDER BY kode, jenis_pemda, aktif LIMIT $7::int",                                        \
	  9)

/* Tokens, pemda, idempotency and OPD. */
#define PAGU_STMTS_API(X)                                                                                          \
	X(STMT_TOKEN_BY_HASH,                                                                                      \
	  "SELECT pemda_id, token_id, nama, peran, opd_kode FROM api_token"                                        \
	  " WHERE hash = $1::bytea AND dicabut IS NULL",                                                           \
	  1)                                                                                                       \
	X(STMT_TOKEN_INSERT,                                                                                       \
	  "INSERT INTO api_token (pemda_id, nama, peran, opd_kode, hash)"                                          \
	  " VALUES ($1, $2, $3, $4, $5::bytea) RETURNING token_id",                                                \
	  5)                                                                                                       \
	X(STMT_TOKEN_LIST,                                                                                         \
	  "SELECT pemda_id, token_id, nama, peran, coalesce(opd_kode, ''),"                                        \
	  " to_char(dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                                 \
	  " coalesce(to_char(dicabut AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"                   \
	  " FROM api_token WHERE $1::text IS NULL OR pemda_id = $1 ORDER BY pemda_id, token_id",                   \
	  1)                                                                                                       \
	X(STMT_PEMDA_GET, "SELECT nama, jenis FROM pemda WHERE pemda_id = $1", 1)                                  \
	X(STMT_TOKEN_REVOKE,                                                                                       \
	  "UPDATE api_token SET dicabut = now() WHERE pemda_id = $1 AND token_id = $2::bigint"                     \
	  " AND dicabut IS NULL RETURNING token_id",                                                               \
	  2)                                                                                                       \
	/* $1 pemda, $2 key: serialises requests that share a key (any constant names the lock space) */           \
	X(STMT_IDEM_LOCK, "SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 7243002))", 2)       \
	X(STMT_IDEM_GET,                                                                                           \
	  "SELECT request_hash, status, response, coalesce(etag, '') FROM idempotency_key"                         \
	  " WHERE pemda_id = $1 AND kunci = $2",                                                                   \
	  2)                                                                                                       \
	/* a batch's keys ($2, a JSON array of strings): locked in order, then how many are known */               \
	X(STMT_IDEM_LOCK_SET,                                                                                      \
	  "SELECT count(pg_advisory_xact_lock(hashtextextended($1 || chr(31) || k, 7243002)))"                     \
	  " FROM (SELECT k FROM jsonb_array_elements_text($2::jsonb) k ORDER BY k COLLATE \"C\") x",               \
	  2)                                                                                                       \
	X(STMT_IDEM_ADA_SET,                                                                                       \
	  "SELECT count(*) FROM idempotency_key WHERE pemda_id = $1"                                               \
	  " AND kunci IN (SELECT jsonb_array_elements_text($2::jsonb))",                                           \
	  2)                                                                                                       \
	/* $2 [{kunci, request_hash, response}] of status 201, $3 token */                                         \
	X(STMT_IDEM_PUT_SET,                                                                                       \
	  "INSERT INTO idempotency_key (pemda_id, kunci, request_hash, status, response, etag, token_id, metode, " \
	  "jalur)"                                                                                                 \
	  " SELECT $1, x.kunci, x.request_hash, 201, x.response, NULL, $3::bigint, 'POST', x.jalur"                \
	  " FROM jsonb_to_recordset($2::jsonb) AS x(kunci text, request_hash text, response text, jalur text)",    \
	  3)                                                                                                       \
	X(STMT_IDEM_PUT,                                                                                           \
	  "INSERT INTO idempotency_key (pemda_id, kunci, request_hash, status, response, etag, token_id, metode, " \
	  "jalur)"                                                                                                 \
	  " VALUES ($1, $2, $3, $4::smallint, $5, NULLIF($6, ''), $7::bigint, $8, $9)",                            \
	  9)                                                                                                       \
	/* $1 pemda, $2 kode prefix or NULL, $3 after kode or NULL, $4 limit */                                    \
	X(STMT_OPD_LIST,                                                                                           \
	  "SELECT kode, nama, singkatan, bidang::text, versi FROM opd WHERE pemda_id = $1"                         \
	  " AND ($2::text IS NULL OR starts_with(kode, $2::text))"                                                 \
	  " AND ($3::text IS NULL OR kode > $3::text) ORDER BY kode LIMIT $4::int",                                \
	  4)                                                                                                       \
	X(STMT_OPD_GET,                                                                                            \
	  "SELECT kode, nama, singkatan, bidang::text, versi FROM opd WHERE pemda_id = $1 AND kode = $2", 2)       \
	X(STMT_OPD_CREATE,                                                                                         \
	  "SELECT kode, nama, singkatan, bidang::text, versi"                                                      \
	  " FROM pagu_opd_create($1, $2, $3, $4, $5::text[], $6::bigint)",                                         \
	  6)                                                                                                       \
	X(STMT_OPD_UPDATE,                                                                                         \
	  "SELECT updated, kode, nama, singkatan, bidang::text, versi"                                             \
	  " FROM pagu_opd_update($1, $2, $3::int, $4, $5::bool, $6, $7::text[], $8::bigint)",                      \
	  8)                                                                                                       \
	/* $1 bidang codes, $2 jenis pemda: those that are not an active bidang for it */                          \
	X(STMT_BIDANG_UNKNOWN,                                                                                     \
	  "SELECT b FROM unnest($1::text[]) WITH ORDINALITY AS u(b, i) WHERE NOT EXISTS ("                         \
	  " SELECT 1 FROM ref_nomenklatur n WHERE n.level = 'bidang' AND n.aktif AND n.kode = u.b"                 \
	  " AND n.jenis_pemda IN ($2, 'both')) ORDER BY i",                                                        \
	  2)                                                                                                       \
	X(STMT_PEMDA_JENIS, "SELECT jenis FROM pemda WHERE pemda_id = $1", 1)                                      \
	/* the demo and benchmark generator (owner role): $1 pemda, $2 tahun, $3 lines, $4 max OPD, $5 lock */     \
	X(STMT_DEMO_TAHUN, "SELECT pagu_demo_tahun($1, $2::int, $3::int, $4::int, $5::bool)", 5)

/* Planning and budget documents (migrations/0004_dokumen.sql). */
#define DOK_COLS                                                                                  \
	"dokumen_id, tahun, jenis, opd_kode, versi, asal_id, status, revisi, hash, hash_sebelum," \
	" to_char(dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                  \
	" to_char(dikunci AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define PAGU_STMTS_DOK(X)                                                                                              \
	X(STMT_DOK_BUAT, "SELECT " DOK_COLS " FROM pagu_dokumen_buat($1, $2::int, $3, $4, $5::bigint)", 5)             \
	X(STMT_DOK_TURUNKAN, "SELECT " DOK_COLS " FROM pagu_dokumen_turunkan($1, $2::bigint, $3::bigint, $4)", 4)      \
	X(STMT_DOK_TRANSISI,                                                                                           \
	  "SELECT " DOK_COLS " FROM pagu_dokumen_transisi($1, $2::bigint, $3, $4::int, $5::bigint, $6)", 6)            \
	X(STMT_DOK_GET, "SELECT " DOK_COLS " FROM dokumen WHERE pemda_id = $1 AND dokumen_id = $2::bigint", 2)         \
	/* $1 pemda, $2 tahun or NULL, $3 jenis or NULL, $4 opd or NULL, $5 after id, $6 limit */                      \
	X(STMT_DOK_LIST,                                                                                               \
	  "SELECT " DOK_COLS " FROM dokumen WHERE pemda_id = $1 AND ($2::int IS NULL OR tahun = $2::int)"              \
	  " AND ($3::text IS NULL OR jenis = $3) AND ($4::text IS NULL OR opd_kode = $4)"                              \
	  " AND dokumen_id > $5::bigint ORDER BY dokumen_id LIMIT $6::int",                                            \
	  6)                                                                                                           \
	X(STMT_DOK_RKPD,                                                                                               \
	  "SELECT baris, opd_kode, sub_kegiatan, indikator, trim_scale(target)::text, satuan, pagu_indikatif,"         \
	  " lokasi, sumber_dana, lintang::text, bujur::text, rpjmd_kode FROM rkpd_item WHERE pemda_id = $1 AND "       \
	  "dokumen_id = $2::bigint ORDER BY baris",                                                                    \
	  2)                                                                                                           \
	X(STMT_DOK_RKA,                                                                                                \
	  "SELECT baris, sub_kegiatan, akun, uraian,"                                                                  \
	  " (SELECT string_agg((f ->> 'nilai') || chr(31) || (f ->> 'satuan'), chr(30) ORDER BY o)"                    \
	  "  FROM jsonb_array_elements(koefisien) WITH ORDINALITY AS e(f, o)),"                                        \
	  " trim_scale(volume)::text, harga_satuan, jumlah, sumber_dana, opd_kode, asal_dokumen_id, asal_baris, "      \
	  "ssh_kode, ssh_versi"                                                                                        \
	  " FROM rka_baris WHERE pemda_id = $1 AND dokumen_id = $2::bigint ORDER BY baris",                            \
	  2)                                                                                                           \
	X(STMT_DOK_KAS_ATUR,                                                                                           \
	  "SELECT revisi FROM pagu_kas_atur($1, $2::bigint, $3::int, $4::int, $5::numeric[], $6::bigint)", 6)          \
	X(STMT_DOK_KAS,                                                                                                \
	  "SELECT baris, bulan, jumlah FROM anggaran_kas WHERE pemda_id = $1 AND dokumen_id = $2::bigint"              \
	  " ORDER BY baris, bulan",                                                                                    \
	  2)                                                                                                           \
	/* $1 pemda, $2 old version, $3 new version: the lines that differ, by line number */                          \
	X(STMT_DOK_DIFF,                                                                                               \
	  "SELECT coalesce(b.baris, a.baris),"                                                                         \
	  " CASE WHEN a.baris IS NULL THEN 'tambah' WHEN b.baris IS NULL THEN 'hapus' ELSE 'ubah' END,"                \
	  " coalesce(b.opd_kode, a.opd_kode), coalesce(b.sub_kegiatan, a.sub_kegiatan),"                               \
	  " coalesce(b.akun, a.akun), coalesce(b.uraian, a.uraian), a.jumlah, b.jumlah"                                \
	  " FROM pagu_dokumen_baris($1, $2::bigint) a FULL JOIN pagu_dokumen_baris($1, $3::bigint) b"                  \
	  "  ON a.baris = b.baris WHERE a.isi IS DISTINCT FROM b.isi ORDER BY 1",                                      \
	  3)                                                                                                           \
	X(STMT_DOK_IMPOR_CEK,                                                                                          \
	  "SELECT i, field, pesan FROM pagu_rka_impor_cek($1, $2::bigint, $3::text[], $4::text[], $5::text[])", 5)     \
	X(STMT_DOK_IMPOR,                                                                                              \
	  "SELECT baris, revisi, total FROM pagu_rka_impor($1, $2::bigint, $3::int, $4::text[], $5::text[], "          \
	  "$6::text[],"                                                                                                \
	  " $7::text[], $8::text[], $9::numeric[], $10::text[], $11::bigint)",                                         \
	  11)                                                                                                          \
	/* $1 pemda, $2 tahun, $3 opd, $4 sub kegiatan: every version's view of one OPD's sub kegiatan */              \
	X(STMT_DOK_TRACE,                                                                                              \
	  "SELECT d.dokumen_id, d.jenis, d.versi, d.status,"                                                           \
	  " CASE d.jenis WHEN 'rkpd' THEN (SELECT sum(i.pagu_indikatif) FROM rkpd_item i"                              \
	  "   WHERE i.pemda_id = d.pemda_id AND i.dokumen_id = d.dokumen_id AND i.opd_kode = $3 AND i.sub_kegiatan = " \
	  "$4)"                                                                                                        \
	  "  WHEN 'kua_ppas' THEN (SELECT sum(p.jumlah) FROM plafon p WHERE p.pemda_id = d.pemda_id"                   \
	  "   AND p.dokumen_id = d.dokumen_id AND p.jenis = 'sub_kegiatan' AND p.opd_kode = $3 AND p.sub_kegiatan = "  \
	  "$4)"                                                                                                        \
	  "  ELSE (SELECT sum(b.jumlah) FROM rka_baris b WHERE b.pemda_id = d.pemda_id"                                \
	  "   AND b.dokumen_id = d.dokumen_id AND b.opd_kode = $3 AND b.sub_kegiatan = $4) END,"                       \
	  " (SELECT count(*) FROM rka_baris b WHERE b.pemda_id = d.pemda_id AND b.dokumen_id = d.dokumen_id"           \
	  "   AND b.opd_kode = $3 AND b.sub_kegiatan = $4),"                                                           \
	  " (SELECT string_agg(i.indikator || chr(31) || trim_scale(i.target)::text || chr(31) || i.satuan, chr(30) "  \
	  "ORDER BY i.baris)"                                                                                          \
	  "   FROM rkpd_item i WHERE i.pemda_id = d.pemda_id AND i.dokumen_id = d.dokumen_id"                          \
	  "   AND i.opd_kode = $3 AND i.sub_kegiatan = $4)"                                                            \
	  " FROM dokumen d WHERE d.pemda_id = $1 AND d.tahun = $2::int"                                                \
	  "  AND (d.opd_kode IS NULL OR d.opd_kode = $3)"                                                              \
	  " ORDER BY array_position(ARRAY['rkpd','kua_ppas','rka','apbd','dpa'], d.jenis), d.versi",                   \
	  4)                                                                                                           \
	X(STMT_DOK_APBD_SUSUN, "SELECT baris, revisi, rka FROM pagu_apbd_susun($1, $2::bigint, $3::int, $4::bigint)",  \
	  4)                                                                                                           \
	X(STMT_DOK_DPA_BUAT, "SELECT " DOK_COLS " FROM pagu_dpa_buat($1, $2::bigint, $3, $4::bigint)", 4)              \
	X(STMT_DOK_RKPD_TAMBAH,                                                                                        \
	  "SELECT baris, revisi FROM pagu_rkpd_tambah($1, $2::bigint, $3::int, $4, $5, $6, $7::numeric, $8,"           \
	  " $9::numeric, $10, $11, $12::bigint, $13::numeric, $14::numeric, $15)",                                     \
	  15)                                                                                                          \
	X(STMT_DOK_RKA_TAMBAH,                                                                                         \
	  "SELECT baris, revisi, trim_scale(volume)::text, jumlah FROM pagu_rka_tambah($1, $2::bigint, $3::int, $4, "  \
	  "$5, $6,"                                                                                                    \
	  " (SELECT jsonb_agg(jsonb_build_object('nilai', n, 'satuan', s) ORDER BY o)"                                 \
	  "  FROM unnest($7::text[], $8::text[]) WITH ORDINALITY AS u(n, s, o)),"                                      \
	  " $9::numeric, $10, $11::bigint, $12)",                                                                      \
	  12)                                                                                                          \
	X(STMT_SSH_TAMBAH,                                                                                             \
	  "SELECT kode, versi, uraian, satuan, harga, array_to_string(akun, ','), tahun"                               \
	  " FROM pagu_ssh_tambah($1, $2::int, $3, $4, $5, $6::numeric, string_to_array($7, ','), $8::bigint)",         \
	  8)                                                                                                           \
	X(STMT_SSH_IMPOR,                                                                                              \
	  "SELECT n FROM pagu_ssh_impor($1, $2::int, $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], "  \
	  "$8::bigint)",                                                                                               \
	  8)                                                                                                           \
	/* $1 tahun, $2 each row's akun prefixes (;-separated): the rows naming one that is not an active akun */      \
	X(STMT_SSH_IMPOR_CEK,                                                                                          \
	  "SELECT u.i, p.pre FROM unnest($2::text[]) WITH ORDINALITY AS u(list, i),"                                   \
	  " unnest(string_to_array(u.list, ';')) WITH ORDINALITY AS p(pre, j)"                                         \
	  " WHERE NOT EXISTS (SELECT 1 FROM ref_akun r WHERE r.ref_version_id = pagu_ref_versi($1::int)"               \
	  " AND r.kode = p.pre AND r.aktif) ORDER BY u.i, p.j",                                                        \
	  2)                                                                                                           \
	/* $1 pemda, $2 tahun, $3 kode prefix or NULL, $4 after kode or NULL, $5 limit: versions in force */           \
	X(STMT_SSH_LIST,                                                                                               \
	  "SELECT DISTINCT ON (kode) kode, versi, uraian, satuan, harga, array_to_string(akun, ','), tahun"            \
	  " FROM ssh_item WHERE pemda_id = $1 AND tahun = $2::int AND ($3::text IS NULL OR starts_with(kode, $3))"     \
	  " AND ($4::text IS NULL OR kode > $4) ORDER BY kode, versi DESC LIMIT $5::int",                              \
	  5)                                                                                                           \
	X(STMT_DOK_PLAFON_TAMBAH,                                                                                      \
	  "SELECT baris, revisi FROM pagu_plafon_tambah($1, $2::bigint, $3::int, $4, $5, $6, $7::numeric, "            \
	  "$8::bigint)",                                                                                               \
	  8)                                                                                                           \
	X(STMT_DOK_PLAFON,                                                                                             \
	  "SELECT baris, jenis, opd_kode, sub_kegiatan, jumlah FROM plafon"                                            \
	  " WHERE pemda_id = $1 AND dokumen_id = $2::bigint ORDER BY baris",                                           \
	  2)                                                                                                           \
	X(STMT_DOK_BARIS_AKUN,                                                                                         \
	  "SELECT akun FROM rka_baris WHERE pemda_id = $1 AND dokumen_id = $2::bigint AND baris = $3::int", 3)         \
	X(STMT_DOK_BARIS_HAPUS, "SELECT revisi FROM pagu_baris_hapus($1, $2::bigint, $3::int, $4::int, $5::bigint)",   \
	  5)                                                                                                           \
	/* every locked version of the document version $2 belongs to, oldest first */                                 \
	X(STMT_DOK_RANTAI,                                                                                             \
	  "SELECT d.dokumen_id, d.hash, coalesce(d.hash_sebelum, ''),"                                                 \
	  " pagu_dokumen_kanonik(d.pemda_id, d.dokumen_id, d.hash_sebelum)"                                            \
	  " FROM dokumen d JOIN dokumen x ON x.pemda_id = d.pemda_id AND x.tahun = d.tahun"                            \
	  "  AND x.jenis = d.jenis AND coalesce(x.opd_kode, '') = coalesce(d.opd_kode, '')"                            \
	  " WHERE d.pemda_id = $1 AND x.dokumen_id = $2::bigint AND d.status = 'locked' ORDER BY d.versi",             \
	  2)

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

enum stmt_id {
#define PAGU_STMT_ENUM(id, sql, n) id,
	PAGU_STMTS(PAGU_STMT_ENUM) PAGU_STMTS_API(PAGU_STMT_ENUM) PAGU_STMTS_DOK(PAGU_STMT_ENUM)
		PAGU_STMTS_RULES(PAGU_STMT_ENUM) PAGU_STMTS_CHECKPOINT(PAGU_STMT_ENUM)
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
/* area B: the ledger, e-monev, reports, inspector evaluations, the audit trail */
extern const struct stmt_area stmt_area_ledger;
extern const struct stmt_area stmt_area_monev;
extern const struct stmt_area stmt_area_laporan;
extern const struct stmt_area stmt_area_pemeriksaan;
extern const struct stmt_area stmt_area_audit;

#endif
