/* db.h - one PostgreSQL session: prepared statements, errors, the transaction helper. */
#ifndef PAGU_DB_H
#define PAGU_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "stmt.h"

/*
 * A struct db is one libpq connection owned by one thread. Every statement the
 * application runs is in the statement table (stmt.h) and is prepared each time
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
 * Runs prepared statement @id with @params (NULL = SQL NULL). On success returns
 * PAGU_OK and sets *@res (caller PQclear()s it). On failure *@res is untouched,
 * db->sqlstate/errmsg say why and the code is PAGU_E_DB_UNAVAILABLE when the
 * connection is gone, PAGU_E_DB otherwise.
 */
pagu_err db_exec(struct db *db, enum stmt_id id, const char *const *params, PGresult **res);

/* db_exec for statements whose rows are not needed. */
pagu_err db_exec_cmd(struct db *db, enum stmt_id id, const char *const *params);

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
pagu_err db_page(struct db *db, struct arena *a, enum stmt_id id, const char *const *params, int limit, size_t size,
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
