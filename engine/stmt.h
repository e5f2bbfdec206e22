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

enum stmt_id {
#define PAGU_STMT_ENUM(id, sql, n) id,
	PAGU_STMTS(PAGU_STMT_ENUM)
#undef PAGU_STMT_ENUM
		STMT_COUNT_
};

/* The statement's name as prepared on the server. */
const char *stmt_name(enum stmt_id id);
const char *stmt_sql(enum stmt_id id);
int stmt_nparams(enum stmt_id id);

#endif
