/*
 * stmt.h - the statements not yet moved into their areas (see struct stmt in db.h), and
 * the list of areas. Being emptied: each area's statements move beside the code that
 * reads their rows.
 */
#ifndef PAGU_STMT_H
#define PAGU_STMT_H

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
	  6)                                                                                                       \
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
	X(STMT_PEMDA_JENIS, "SELECT jenis FROM pemda WHERE pemda_id = $1", 1)

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
	PAGU_STMTS(PAGU_STMT_ENUM) PAGU_STMTS_API(PAGU_STMT_ENUM) PAGU_STMTS_DOK(PAGU_STMT_ENUM)
		PAGU_STMTS_LEDGER(PAGU_STMT_ENUM) PAGU_STMTS_MONEV(PAGU_STMT_ENUM) PAGU_STMTS_LAPORAN(PAGU_STMT_ENUM)
			PAGU_STMTS_PERIKSA(PAGU_STMT_ENUM)
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
extern const struct stmt_area stmt_area_rules;
extern const struct stmt_area stmt_area_demo;
extern const struct stmt_area stmt_area_checkpoint;
extern const struct stmt_area stmt_area_verify;

#endif
