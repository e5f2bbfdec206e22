/*
 * sql.h - running SQL, for the engine's own files only (the build gives no other layer this
 * directory, nor libpq's headers): the statement type, executing, reading rows, and the one
 * map from a database refusal to an error.
 */
#ifndef PAGU_SQL_H
#define PAGU_SQL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/*
 * One SQL statement of the application. Each area of the engine keeps its statements in
 * an array beside the code that decodes their rows (e.g. opd.c's `q[]`), and the area is
 * listed once in stmt.c. Every listed statement is prepared when a connection is made, and
 * PostgreSQL's description of it is checked against what is declared here: the number of
 * parameters, and the result's column names in order. A renamed or reordered column
 * therefore fails at start-up, never in a reply.
 *
 * @cols: the result columns by name, NULL-terminated, as DB_ROW() declares them; NULL when
 * the statement returns no columns. Rows are read by the names DB_ROW() gives:
 *
 *	#define OPD_ROW(C, r) C(r, kode) C(r, nama) C(r, versi)
 *	DB_ROW(opd_row, OPD_ROW);
 *	...  PQgetvalue(res, i, opd_row_nama) ...
 *	static const struct stmt q[] = {
 *		[Q_GET] = { "opd_get", "SELECT kode, nama, versi FROM opd WHERE ...", 2, opd_row__cols },
 *	};
 */
struct stmt {
	const char *name; /* as prepared on the server; unique */
	const char *sql;
	int nparams;
	const char *const *cols;
};

/* The enum and name list of one row shape; see struct stmt. */
#define DB_COL_ENUM_(r, c) r##_##c,
#define DB_COL_NAME_(r, c) #c,
#define DB_ROW(r, COLS)                            \
	enum { COLS(DB_COL_ENUM_, r) r##__ncols }; \
	static const char *const r##__cols[] = { COLS(DB_COL_NAME_, r) NULL }

/* An array of parameters and its length, for db_exec: DB_P(p) with `const char *p[]`. */
#define DB_P(p) (p), (int)(sizeof(p) / sizeof((p)[0]))

/* One area's statements (stmt.c lists them all). */
struct stmt_area {
	const char *name;
	const struct stmt *q;
	int n;
};

/*
 * Runs prepared statement @q with the @n @params (NULL = SQL NULL; DB_P(p) gives both).
 * On success returns PAGU_OK and sets *@res (caller PQclear()s it). On failure *@res is
 * untouched, db->sqlstate/errmsg say why and the code is PAGU_E_DB_UNAVAILABLE when the
 * connection is gone, PAGU_E_DB otherwise. @n other than the declared count is
 * PAGU_E_INTERNAL (logged), and nothing is sent.
 */
pagu_err db_exec(struct db *db, const struct stmt *q, const char *const *params, int n, PGresult **res);

/* db_exec for statements whose rows are not needed. */
pagu_err db_exec_cmd(struct db *db, const struct stmt *q, const char *const *params, int n);

/*
 * The one map from a database refusal to an error (the table is in fault.c): a pagu
 * procedure's P94xx SQLSTATE (its DETAIL names the field), and the constraints that can
 * reach a client, by SQLSTATE and constraint name. When @e is PAGU_E_DB and the failure
 * is in the table, returns its code with *@f filled (message safe to show, field);
 * otherwise returns @e unchanged. @f may be NULL.
 */
pagu_err db_fault(struct db *db, struct arena *a, pagu_err e, struct pagu_fault *f);

/* Whether the last failure was SQLSTATE @state (e.g. "23505") on constraint @constraint (NULL: any). */
bool db_failed_on(const struct db *db, const char *state, const char *constraint);

/*
 * One page of a list: runs @id, whose last parameter must already be @limit + 1, and
 * keeps at most @limit rows, converting each with @row into an arena array of
 * @size-byte elements. *@more says whether a further page exists. Outputs are
 * written on success only.
 */
struct arena;
/* Converts row @i of @r into @out; an error (a stored value out of range) ends the page. */
typedef pagu_err (*db_row_fn)(struct db *db, struct arena *a, PGresult *r, int i, void *out);
pagu_err db_page(struct db *db, struct arena *a, const struct stmt *q, const char *const *params, int nparams,
		 int limit, size_t size, db_row_fn row, void **rows, int *n, bool *more);

/*
 * A text[] parameter: the literal of @n strings (a NULL item is NULL), each double-quoted with \ and " escaped, in
 * @a. The one encoder of arrays for every area (bind it as $k::text[]).
 */
const char *db_text_array(struct arena *a, const char *const *v, size_t n);

/* @v as the text of a parameter, in @a. */
const char *db_num(struct arena *a, int64_t v);
/* Row @i, column @c of @r as a string in @a; NULL for SQL NULL. */
const char *db_opt(struct arena *a, PGresult *r, int i, int c);

/*
 * Prepares @st on @db's connection (made if need be) and checks PostgreSQL's description of it
 * against the declaration, as every registered statement is at each connect: PAGU_E_INTERNAL
 * naming the statement and column when they differ, PAGU_E_DB naming the statement when the
 * schema lacks what it uses. For tests of the check itself.
 */
pagu_err db_prepare_check(struct db *db, const struct stmt *st);

#include "stmt.h"

/*
 * The NUMERIC amount in row @i, column @c of @r as sen. A database answer is
 * outside input, so nothing is assumed about it: a NULL, a value beyond
 * +-MONEY_MAX_SEN (NUMERIC(20,2) holds a hundred times more, and a SUM any
 * amount) or text that is not a plain decimal with at most two places is
 * PAGU_E_STORED_RANGE, with the value in db->stored for the log and the
 * problem's detail. *@out is written on success only.
 */
pagu_err db_sen(struct db *db, PGresult *r, int i, int c, int64_t *out);

/*
 * JSON text for a statement's $n::jsonb parameter, built in an arena (the engine has no JSON
 * library). The caller writes the punctuation (db_json_raw "{", ",", "}"); strings are escaped,
 * and bytes that are not UTF-8 become the visible text \xNN, as the API shows them.
 */
struct db_json {
	struct arena *a;
	char *buf;
	size_t len, cap;
};
void db_json_init(struct db_json *j, struct arena *a);
/* @s as it is: punctuation, true, false, null. */
void db_json_raw(struct db_json *j, const char *s);
/* @len bytes of @s as a JSON string; NULL: null. */
void db_json_strn(struct db_json *j, const char *s, size_t len);
/* A NUL-terminated string (NULL: null). */
void db_json_str(struct db_json *j, const char *s);
/* A member name and its colon. */
void db_json_key(struct db_json *j, const char *key);
void db_json_int(struct db_json *j, long long v);
/* The text so far (NUL-terminated, in the arena). */
const char *db_json_text(const struct db_json *j);

#endif
