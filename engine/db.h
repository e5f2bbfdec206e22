/* db.h - one PostgreSQL session: prepared statements, errors, the transaction helper. */
#ifndef PAGU_DB_H
#define PAGU_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

struct arena;

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
 * A struct db is one libpq connection owned by one thread. Every statement the
 * application runs is in an area's table (see struct stmt) and is prepared each time
 * the connection is (re)established, so a restarted database server needs no
 * restart of pagu: db_ensure() reconnects on the next use.
 */
struct db {
	PGconn *conn;
	char *conninfo;
	bool prepared;
	char sqlstate[6];    /* of the last failed statement, "" if none */
	char errmsg[256];    /* primary message of the last failure, for logs only */
	char errdetail[128]; /* its DETAIL: pagu procedures name the field at fault there */
	char constraint[64]; /* the constraint it broke, "" if none */
	char stored[160];    /* why the last PAGU_E_STORED_RANGE was given, with the value */
};

/* The statement_timeout of every session opened from now on, in ms (0, the default: none). */
void db_set_statement_timeout(long ms);

/* Fills @db; connects lazily. @conninfo is copied. */
void db_init(struct db *db, const char *conninfo);
/*
 * Forgets the last failure (sqlstate, errmsg, errdetail). A connection outlives the request
 * that failed on it: the server calls this as each request starts, so a later request never
 * reports or logs an earlier one's error.
 */
void db_error_clear(struct db *db);
/* Closes the connection and frees the insides. Accepts NULL and half-built. */
void db_release(struct db *db);

/*
 * Makes sure the connection is up and the statements are prepared, connecting or
 * reconnecting as needed. PAGU_E_DB_UNAVAILABLE when the server cannot be reached.
 */
pagu_err db_ensure(struct db *db);

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

/* SELECT 1: whether the database answers. */
pagu_err db_ping(struct db *db);

/* True when the last failure was a serialization failure or deadlock (retryable). */
bool db_last_retryable(const struct db *db);

typedef pagu_err (*db_txn_fn)(struct db *db, void *arg);

enum db_isolation { DB_READ_COMMITTED, DB_REPEATABLE_READ, DB_SERIALIZABLE };

/*
 * The one transaction helper: BEGIN, @fn, COMMIT; SQLSTATE 40001/40P01 (from
 * @fn or from COMMIT) rolls back and runs @fn again, at most DB_TXN_ATTEMPTS
 * times. @fn must therefore be safe to re-run and must write its caller's
 * out-values only after it succeeds. Any other failure rolls back and is
 * returned. Retry exhaustion is PAGU_E_DB_UNAVAILABLE (503), never a business
 * error.
 */
#define DB_TXN_ATTEMPTS 8
pagu_err db_txn(struct db *db, enum db_isolation iso, db_txn_fn fn, void *arg);

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
 * Checks the description of every registered statement on the open connection: parameter
 * count and result column names. PAGU_E_INTERNAL with db->errmsg naming the statement and
 * the column when one differs. db_ensure() runs it on each new connection.
 */
pagu_err db_check_statements(struct db *db);

/* The transition period's statement table (stmt.h ids): being moved into the areas. */
#include "stmt.h"
pagu_err db_exec_id(struct db *db, enum stmt_id id, const char *const *params, PGresult **res);
pagu_err db_exec_cmd_id(struct db *db, enum stmt_id id, const char *const *params);
pagu_err db_page_id(struct db *db, struct arena *a, enum stmt_id id, const char *const *params, int limit, size_t size,
		    db_row_fn row, void **rows, int *n, bool *more);

/*
 * The NUMERIC amount in row @i, column @c of @r as sen. A database answer is
 * outside input, so nothing is assumed about it: a NULL, a value beyond
 * +-MONEY_MAX_SEN (NUMERIC(20,2) holds a hundred times more, and a SUM any
 * amount) or text that is not a plain decimal with at most two places is
 * PAGU_E_STORED_RANGE, with the value in db->stored for the log and the
 * problem's detail. *@out is written on success only.
 */
pagu_err db_sen(struct db *db, PGresult *r, int i, int c, int64_t *out);

/* Process-wide count of retried transactions, for /metrics. */
unsigned long db_txn_retries(void);

#endif
