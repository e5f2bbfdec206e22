/*
 * db.h - one PostgreSQL session as the layers above the engine see it: connecting, the
 * transaction helper, the last failure. Running SQL is the engine's alone (private/sql.h).
 */
#ifndef PAGU_DB_H
#define PAGU_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct arena;
struct pg_conn;

/*
 * A struct db is one libpq connection owned by one thread. Every statement the
 * application runs is in an area's table (see struct stmt) and is prepared each time
 * the connection is (re)established, so a restarted database server needs no
 * restart of pagu: db_ensure() reconnects on the next use.
 */
struct db {
	struct pg_conn *conn; /* libpq's PGconn */
	char *conninfo;
	bool prepared;
	char sqlstate[6];    /* of the last failed statement, "" if none */
	char errmsg[4096];   /* primary message of the last failure (a pagu procedure's goes to the client:
				whole, when it names several items) */
	char errdetail[128]; /* its DETAIL: pagu procedures name the field at fault there */
	char errhint[16384]; /* its HINT: a pagu procedure's message parameters as a JSON object; "" when
				none, or when it was longer than this (never cut: a cut object is no parameters) */
	char constraint[64]; /* the constraint it broke, "" if none */
	const char *failed;  /* the name of the statement that failed last (fault.c keys some refusals by it) */
	char stored[160];    /* why the last PAGU_E_STORED_RANGE was given, with the value */
};

/* The statement_timeout of every session opened from now on, in ms (0, the default: none). */
void db_set_statement_timeout(long ms);

/* Fills @db; connects lazily. @conninfo is copied. */
void db_init(struct db *db, const char *conninfo);
/*
 * Forgets the last failure (sqlstate, errmsg, errdetail, errhint). A connection outlives the request
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
 * Checks the description of every registered statement on the open connection: parameter
 * count and result column names. PAGU_E_INTERNAL with db->errmsg naming the statement and
 * the column when one differs. db_ensure() runs it on each new connection.
 */
pagu_err db_check_statements(struct db *db);

/* Process-wide count of retried transactions, for /metrics. */
unsigned long db_txn_retries(void);

#endif
