/*
 * stmt.h - the statements not yet moved into their areas (see struct stmt in db.h), and
 * the list of areas. Being emptied: each area's statements move beside the code that
 * reads their rows.
 */
#ifndef PAGU_STMT_H
#define PAGU_STMT_H

#include "stmt_checkpoint.h"

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
extern const struct stmt_area stmt_area_ref;
extern const struct stmt_area stmt_area_auth;
extern const struct stmt_area stmt_area_idem;
extern const struct stmt_area stmt_area_opd;
extern const struct stmt_area stmt_area_dokumen;
extern const struct stmt_area stmt_area_ssh;
/* area B: the ledger, e-monev, reports, inspector evaluations, the audit trail */
extern const struct stmt_area stmt_area_ledger;
extern const struct stmt_area stmt_area_monev;
extern const struct stmt_area stmt_area_laporan;
extern const struct stmt_area stmt_area_pemeriksaan;
extern const struct stmt_area stmt_area_audit;

#endif
