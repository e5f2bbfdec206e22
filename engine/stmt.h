/* stmt.h - the statement table: every SQL statement the server runs, by name. */
#ifndef PAGU_STMT_H
#define PAGU_STMT_H

/*
 * X(id, sql, nparams). Prepared on every (re)connect of an application
 * connection; every value is a bound parameter. Schema and stored procedures
 * live in migrations/; the migration runner and cluster bootstrap keep their
 * few statements beside them because they run before this schema exists.
 */
#define PAGU_STMTS(X)                                                                                \
	X(STMT_PING, "SELECT 1", 0)                                                                  \
	X(STMT_BEGIN_RC, "BEGIN ISOLATION LEVEL READ COMMITTED", 0)                                  \
	X(STMT_BEGIN_RR, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0)                                 \
	X(STMT_BEGIN_SER, "BEGIN ISOLATION LEVEL SERIALIZABLE", 0)                                   \
	X(STMT_COMMIT, "COMMIT", 0)                                                                  \
	X(STMT_ROLLBACK, "ROLLBACK", 0)                                                              \
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
#define PAGU_STMTS_API(X)                                                                                    \
	X(STMT_TOKEN_BY_HASH,                                                                                \
	  "SELECT pemda_id, token_id, nama, peran, opd_kode FROM api_token"                                  \
	  " WHERE hash = $1::bytea AND dicabut IS NULL",                                                     \
	  1)                                                                                                 \
	X(STMT_TOKEN_INSERT,                                                                                 \
	  "INSERT INTO api_token (pemda_id, nama, peran, opd_kode, hash)"                                    \
	  " VALUES ($1, $2, $3, $4, $5::bytea) RETURNING token_id",                                          \
	  5)                                                                                                 \
	X(STMT_TOKEN_LIST,                                                                                   \
	  "SELECT pemda_id, token_id, nama, peran, coalesce(opd_kode, ''),"                                  \
	  " to_char(dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                           \
	  " coalesce(to_char(dicabut AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"             \
	  " FROM api_token WHERE $1::text IS NULL OR pemda_id = $1 ORDER BY pemda_id, token_id",             \
	  1)                                                                                                 \
	X(STMT_TOKEN_REVOKE,                                                                                 \
	  "UPDATE api_token SET dicabut = now() WHERE pemda_id = $1 AND token_id = $2::bigint"               \
	  " AND dicabut IS NULL RETURNING token_id",                                                         \
	  2)                                                                                                 \
	/* $1 pemda, $2 key: serialises requests that share a key (any constant names the lock space) */     \
	X(STMT_IDEM_LOCK, "SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 7243002))", 2) \
	X(STMT_IDEM_GET,                                                                                     \
	  "SELECT request_hash, status, response, coalesce(etag, '') FROM idempotency_key"                   \
	  " WHERE pemda_id = $1 AND kunci = $2",                                                             \
	  2)                                                                                                 \
	X(STMT_IDEM_PUT,                                                                                     \
	  "INSERT INTO idempotency_key (pemda_id, kunci, request_hash, status, response, etag, token_id)"    \
	  " VALUES ($1, $2, $3, $4::smallint, $5, NULLIF($6, ''), $7::bigint)",                              \
	  7)                                                                                                 \
	/* $1 pemda, $2 kode prefix or NULL, $3 after kode or NULL, $4 limit */                              \
	X(STMT_OPD_LIST,                                                                                     \
	  "SELECT kode, nama, singkatan, bidang::text, versi FROM opd WHERE pemda_id = $1"                   \
	  " AND ($2::text IS NULL OR starts_with(kode, $2::text))"                                           \
	  " AND ($3::text IS NULL OR kode > $3::text) ORDER BY kode LIMIT $4::int",                          \
	  4)                                                                                                 \
	X(STMT_OPD_GET,                                                                                      \
	  "SELECT kode, nama, singkatan, bidang::text, versi FROM opd WHERE pemda_id = $1 AND kode = $2", 2) \
	X(STMT_OPD_CREATE,                                                                                   \
	  "SELECT kode, nama, singkatan, bidang::text, versi"                                                \
	  " FROM pagu_opd_create($1, $2, $3, $4, $5::text[], $6::bigint)",                                   \
	  6)                                                                                                 \
	X(STMT_OPD_UPDATE,                                                                                   \
	  "SELECT updated, kode, nama, singkatan, bidang::text, versi"                                       \
	  " FROM pagu_opd_update($1, $2, $3::int, $4, $5::bool, $6, $7::text[], $8::bigint)",                \
	  8)                                                                                                 \
	/* $1 bidang codes, $2 jenis pemda: those that are not an active bidang for it */                    \
	X(STMT_BIDANG_UNKNOWN,                                                                               \
	  "SELECT b FROM unnest($1::text[]) WITH ORDINALITY AS u(b, i) WHERE NOT EXISTS ("                   \
	  " SELECT 1 FROM ref_nomenklatur n WHERE n.level = 'bidang' AND n.aktif AND n.kode = u.b"           \
	  " AND n.jenis_pemda IN ($2, 'both')) ORDER BY i",                                                  \
	  2)                                                                                                 \
	X(STMT_PEMDA_JENIS, "SELECT jenis FROM pemda WHERE pemda_id = $1", 1)

enum stmt_id {
#define PAGU_STMT_ENUM(id, sql, n) id,
	PAGU_STMTS(PAGU_STMT_ENUM) PAGU_STMTS_API(PAGU_STMT_ENUM)
#undef PAGU_STMT_ENUM
		STMT_COUNT_
};

/* The statement's name as prepared on the server. */
const char *stmt_name(enum stmt_id id);
const char *stmt_sql(enum stmt_id id);
int stmt_nparams(enum stmt_id id);

#endif
