/* db.c - connection upkeep, prepared statements and the transaction helper. */
#include "db.h"

#include "arena.h"
#include "money.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_ulong txn_retries;
static atomic_long statement_timeout_ms; /* 0: none (the command line's own work) */

void db_set_statement_timeout(long ms)
{
	atomic_store(&statement_timeout_ms, ms);
}

void db_init(struct db *db, const char *conninfo)
{
	memset(db, 0, sizeof(*db));
	db->conninfo = strdup(conninfo);
	if (!db->conninfo)
		abort();
}

void db_release(struct db *db)
{
	if (!db)
		return;
	if (db->conn)
		PQfinish(db->conn);
	free(db->conninfo);
	memset(db, 0, sizeof(*db));
}

void db_error_clear(struct db *db)
{
	db->sqlstate[0] = '\0';
	db->errmsg[0] = '\0';
	db->errdetail[0] = '\0';
	db->stored[0] = '\0'; /* a stored amount named by an earlier request is not this one's */
}

static void db_note_error(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	snprintf(db->errdetail, sizeof(db->errdetail), "%s", detail ? detail : "");
	if (!msg && db->conn)
		msg = PQerrorMessage(db->conn);
	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state ? state : "");
	snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg ? msg : "unknown error");
	/* libpq messages end in a newline; logs want one line */
	size_t n = strlen(db->errmsg);
	while (n && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
}

/* Server notices (e.g. "table does not exist, skipping") are not for our users. */
static void notice_ignore(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * The error of a failed call on the connection: PAGU_E_DB for the server's, unavailable when the
 * connection is down or the error is libpq's own (no SQLSTATE: the connection is lost, though a
 * send that failed leaves the status OK until something is read). A lost connection is dropped;
 * the next use connects again.
 */
static pagu_err failed(struct db *db)
{
	/* 57P01 admin shutdown etc. arrive before the socket is seen closed */
	bool lost = PQstatus(db->conn) != CONNECTION_OK || !db->sqlstate[0] || !strncmp(db->sqlstate, "57P", 3) ||
		    !strncmp(db->sqlstate, "08", 2);
	if (!lost) {
		/* the statement ran too long (statement_timeout), or the server lacks disk, memory or slots
		   (class 53): the transaction is undone, and it is the database's state, not the request's */
		if (!strcmp(db->sqlstate, "57014"))
			return PAGU_E_DB_TIMEOUT;
		if (!strncmp(db->sqlstate, "53", 2))
			return PAGU_E_DB_UNAVAILABLE;
		return PAGU_E_DB;
	}
	PQfinish(db->conn);
	db->conn = NULL;
	db->prepared = false;
	return PAGU_E_DB_UNAVAILABLE;
}

static pagu_err db_prepare_all(struct db *db)
{
	for (int i = 0; i < STMT_COUNT_; i++) {
		PGresult *r = PQprepare(db->conn, stmt_name(i), stmt_sql(i), stmt_nparams(i), NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			db_note_error(db, r);
			PQclear(r);
			return failed(db);
		}
		PQclear(r);
	}
	char ms[24];
	snprintf(ms, sizeof(ms), "%ld", atomic_load(&statement_timeout_ms));
	const char *p[] = { ms };
	PGresult *r = PQexecPrepared(db->conn, stmt_name(STMT_SESSION), 1, p, NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		db_note_error(db, r);
	PQclear(r);
	if (!ok)
		return failed(db);
	db->prepared = true;
	return PAGU_OK;
}

pagu_err db_ensure(struct db *db)
{
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK && PQtransactionStatus(db->conn) != PQTRANS_UNKNOWN) {
		if (db->prepared)
			return PAGU_OK;
		return db_prepare_all(db);
	}
	if (db->conn) {
		PQfinish(db->conn);
		db->conn = NULL;
	}
	db->prepared = false;
	db->conn = PQconnectdb(db->conninfo);
	if (!db->conn)
		return PAGU_E_NOMEM;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_note_error(db, NULL);
		PQfinish(db->conn);
		db->conn = NULL;
		return PAGU_E_DB_UNAVAILABLE;
	}
	PQsetNoticeProcessor(db->conn, notice_ignore, NULL);
	/*
	 * The API puts text it reads into JSON as it is: it must be UTF-8. A UTF8 database checks
	 * every text it stores, and the connection must not convert it to another encoding.
	 */
	const char *enc = PQparameterStatus(db->conn, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0 || PQsetClientEncoding(db->conn, "UTF8") != 0) {
		snprintf(db->errmsg, sizeof(db->errmsg), "the database's encoding is %s, and pagu needs UTF8",
			 enc ? enc : "unknown");
		snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", "");
		PQfinish(db->conn);
		db->conn = NULL;
		return PAGU_E_DB_UNAVAILABLE;
	}
	return db_prepare_all(db);
}

static pagu_err db_exec_once(struct db *db, enum stmt_id id, const char *const *params, PGresult **res)
{
	pagu_err e = db_ensure(db);
	if (e != PAGU_OK)
		return e;
	PGresult *r = PQexecPrepared(db->conn, stmt_name(id), stmt_nparams(id), params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
		db->sqlstate[0] = '\0';
		*res = r;
		return PAGU_OK;
	}
	db_note_error(db, r);
	PQclear(r);
	return failed(db);
}

pagu_err db_exec(struct db *db, enum stmt_id id, const char *const *params, PGresult **res)
{
	/*
	 * A server restart is noticed only when the old socket is used. Outside a
	 * transaction nothing is lost by reconnecting and trying once more, so the
	 * first request after a restart succeeds instead of failing. (The usual sign is
	 * a send that failed: the statement never reached the server. A reply lost after
	 * the server ran an autocommit write would run it twice: the API's changes run in
	 * transactions, never retried here, and the few single-statement writes (a
	 * refusal's rules record, a new token) would then be recorded twice.) A connection
	 * kept after its error (class 53) is not retried: the database said no.
	 */
	bool idle = !db->conn || PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	pagu_err e = db_exec_once(db, id, params, res);
	if (e == PAGU_E_DB_UNAVAILABLE && idle && !db->conn)
		e = db_exec_once(db, id, params, res);
	return e;
}

pagu_err db_exec_cmd(struct db *db, enum stmt_id id, const char *const *params)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, id, params, &r);
	PQclear(r);
	return e;
}

bool db_last_retryable(const struct db *db)
{
	return !strcmp(db->sqlstate, "40001") || !strcmp(db->sqlstate, "40P01");
}

static const enum stmt_id begin_stmt[] = {
	[DB_READ_COMMITTED] = STMT_BEGIN_RC,
	[DB_REPEATABLE_READ] = STMT_BEGIN_RR,
	[DB_SERIALIZABLE] = STMT_BEGIN_SER,
};

pagu_err db_txn(struct db *db, enum db_isolation iso, db_txn_fn fn, void *arg)
{
	for (int attempt = 0; attempt < DB_TXN_ATTEMPTS; attempt++) {
		if (attempt > 0)
			atomic_fetch_add(&txn_retries, 1);
		pagu_err e = db_exec_cmd(db, begin_stmt[iso], NULL);
		if (e != PAGU_OK)
			return e;
		e = fn(db, arg);
		if (e == PAGU_OK) {
			e = db_exec_cmd(db, STMT_COMMIT, NULL);
			if (e == PAGU_OK)
				return PAGU_OK;
			if (e == PAGU_E_DB && db_last_retryable(db))
				continue;
			return e;
		}
		bool retry = e == PAGU_E_DB && db_last_retryable(db);
		if (db->conn) {
			/* (a lost connection was dropped: nothing to roll back; one kept, e.g. after a
			   class 53 error, must not stay in its aborted transaction) */
			/* keep the failure's sqlstate for the caller; rollback's is uninteresting */
			char state[6];
			memcpy(state, db->sqlstate, sizeof(state));
			(void)db_exec_cmd(db, STMT_ROLLBACK, NULL);
			memcpy(db->sqlstate, state, sizeof(state));
		}
		if (!retry)
			return e;
	}
	return PAGU_E_DB_UNAVAILABLE;
}

pagu_err db_page(struct db *db, struct arena *a, enum stmt_id id, const char *const *params, int limit, size_t size,
		 db_row_fn row, void **rows, int *n, bool *more)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, id, params, &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	bool m = cnt > limit;
	if (m)
		cnt = limit;
	char *out = cnt ? arena_alloc(a, size * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		e = row(db, a, r, i, out + size * (size_t)i);
		if (e != PAGU_OK) {
			PQclear(r);
			return e;
		}
	}
	PQclear(r);
	*rows = out;
	*n = cnt;
	*more = m;
	return PAGU_OK;
}

pagu_err db_sen(struct db *db, PGresult *r, int i, int c, int64_t *out)
{
	int64_t v = 0;
	if (i < 0 || i >= PQntuples(r) || c < 0 || c >= PQnfields(r) || PQgetisnull(r, i, c)) {
		snprintf(db->stored, sizeof(db->stored), "a stored amount is missing (row %d, column %d)", i, c);
		return PAGU_E_STORED_RANGE;
	}
	const char *s = PQgetvalue(r, i, c);
	size_t len = (size_t)PQgetlength(r, i, c);
	if (money_parse(s, len, MONEY_ALLOW_NEGATIVE, &v) != PAGU_OK) {
		snprintf(db->stored, sizeof(db->stored), "stored amount %.40s%s (%s) is beyond what pagu can carry", s,
			 len > 40 ? "..." : "", PQfname(r, c));
		return PAGU_E_STORED_RANGE;
	}
	*out = v;
	return PAGU_OK;
}

unsigned long db_txn_retries(void)
{
	return atomic_load(&txn_retries);
}
