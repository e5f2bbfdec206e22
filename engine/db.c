/* db.c - connection upkeep, prepared statements and the transaction helper. */
#include "db.h"

#include "sql.h"

#include "arena.h"
#include "money.h"
#include "waktu.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statements of the session itself. */
enum { Q_PING, Q_SESSION, Q_BEGIN_RC, Q_BEGIN_RR, Q_BEGIN_SER, Q_COMMIT, Q_ROLLBACK, Q_N };
#define PING_ROW(C, r) C(r, ok)
DB_ROW(ping_row, PING_ROW);
#define SESSION_ROW(C, r) C(r, jit) C(r, statement_timeout) C(r, hari_ini)
DB_ROW(session_row, SESSION_ROW);
static const struct stmt q[Q_N] = {
	[Q_PING] = { "db_ping", "SELECT 1 AS ok", 0, ping_row__cols },
	/* each session: no JIT compilation (seconds of compiling for millisecond queries);
	   $1 statement_timeout (ms; 0 none) of every session of pagu's; $2 the training date that
	   pagu_hari_ini() takes for today ("" none: the day in WIB), see waktu.h */
	[Q_SESSION] = { "db_session",
			"SELECT set_config('jit', 'off', false) AS jit,"
			" set_config('statement_timeout', $1, false) AS statement_timeout,"
			" set_config('pagu.hari_ini', $2, false) AS hari_ini",
			2, session_row__cols },
	[Q_BEGIN_RC] = { "db_begin_rc", "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL },
	[Q_BEGIN_RR] = { "db_begin_rr", "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL },
	[Q_BEGIN_SER] = { "db_begin_ser", "BEGIN ISOLATION LEVEL SERIALIZABLE", 0, NULL },
	[Q_COMMIT] = { "db_commit", "COMMIT", 0, NULL },
	[Q_ROLLBACK] = { "db_rollback", "ROLLBACK", 0, NULL },
};
const struct stmt_area stmt_area_db = { "db", q, Q_N };

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
	db->errhint[0] = '\0';
	db->constraint[0] = '\0';
	db->failed = NULL;
	db->stored[0] = '\0'; /* a stored amount named by an earlier request is not this one's */
}

static void db_note_error(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	snprintf(db->errdetail, sizeof(db->errdetail), "%s", detail ? detail : "");
	/* whole or not at all: a JSON object cut short would be no object */
	if (hint && strlen(hint) < sizeof(db->errhint))
		memcpy(db->errhint, hint, strlen(hint) + 1);
	else
		db->errhint[0] = '\0';
	snprintf(db->constraint, sizeof(db->constraint), "%s", constraint ? constraint : "");
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

/* A statement's description differs from its declaration: says which, in db->errmsg. */
static pagu_err mismatch(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static pagu_err mismatch(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
	va_end(ap);
	db->sqlstate[0] = '\0';
	return PAGU_E_INTERNAL;
}

static pagu_err describe_one(struct db *db, const struct stmt *s)
{
	PGresult *r = PQdescribePrepared(db->conn, s->name);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		db_note_error(db, r);
		PQclear(r);
		return failed(db);
	}
	pagu_err e = PAGU_OK;
	if (PQnparams(r) != s->nparams) {
		e = mismatch(db, "statement %s takes %d parameters, declared %d", s->name, PQnparams(r), s->nparams);
	} else {
		int n = 0;
		while (s->cols && s->cols[n])
			n++;
		int have = PQnfields(r);
		for (int i = 0; e == PAGU_OK && i < have && i < n; i++)
			if (strcmp(PQfname(r, i), s->cols[i]) != 0)
				e = mismatch(db, "statement %s: column %d is \"%s\", declared \"%s\"", s->name, i + 1,
					     PQfname(r, i), s->cols[i]);
		if (e == PAGU_OK && have != n)
			e = mismatch(db, "statement %s returns %d columns, declared %d", s->name, have, n);
	}
	PQclear(r);
	return e;
}

pagu_err db_check_statements(struct db *db)
{
	for (int k = 0; stmt_areas[k]; k++) {
		const struct stmt_area *ar = stmt_areas[k];
		for (int i = 0; i < ar->n; i++) {
			if (!ar->q[i].name || !ar->q[i].sql)
				return mismatch(db, "area %s: statement %d is not declared", ar->name, i);
			pagu_err e = describe_one(db, &ar->q[i]);
			if (e != PAGU_OK)
				return e;
		}
	}
	return PAGU_OK;
}

/* Prepares @st; a failure names the statement (a column or routine the schema lacks). */
static pagu_err prepare_one(struct db *db, const struct stmt *st)
{
	PGresult *r = PQprepare(db->conn, st->name, st->sql, st->nparams, NULL);
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		PQclear(r);
		return PAGU_OK;
	}
	db_note_error(db, r);
	PQclear(r);
	char why[sizeof(db->errmsg)];
	memcpy(why, db->errmsg, sizeof(why));
	snprintf(db->errmsg, sizeof(db->errmsg), "statement %s: %.200s", st->name, why);
	return failed(db);
}

pagu_err db_prepare_check(struct db *db, const struct stmt *st)
{
	pagu_err e = db_ensure(db);
	if (e == PAGU_OK)
		e = prepare_one(db, st);
	if (e == PAGU_OK)
		e = describe_one(db, st);
	return e;
}

static pagu_err db_prepare_all(struct db *db)
{
	for (int k = 0; stmt_areas[k]; k++) {
		const struct stmt_area *ar = stmt_areas[k];
		for (int i = 0; i < ar->n; i++) {
			const struct stmt *st = &ar->q[i];
			if (!st->name || !st->sql)
				return mismatch(db, "area %s: statement %d is not declared", ar->name, i);
			pagu_err e = prepare_one(db, st);
			if (e != PAGU_OK)
				return e;
		}
	}
	pagu_err e = db_check_statements(db);
	if (e != PAGU_OK)
		return e;
	char ms[24];
	snprintf(ms, sizeof(ms), "%ld", atomic_load(&statement_timeout_ms));
	const char *p[] = { ms, waktu_latihan_text() };
	PGresult *r = PQexecPrepared(db->conn, q[Q_SESSION].name, 2, p, NULL, NULL, 0);
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

static pagu_err db_exec_once(struct db *db, const struct stmt *st, const char *const *params, PGresult **res)
{
	pagu_err e = db_ensure(db);
	if (e != PAGU_OK)
		return e;
	PGresult *r = PQexecPrepared(db->conn, st->name, st->nparams, params, NULL, NULL, 0);
	ExecStatusType rs = PQresultStatus(r);
	if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
		db->sqlstate[0] = '\0';
		*res = r;
		return PAGU_OK;
	}
	db_note_error(db, r);
	db->failed = st->name;
	PQclear(r);
	return failed(db);
}

pagu_err db_exec(struct db *db, const struct stmt *st, const char *const *params, int n, PGresult **res)
{
	if (!st || n != st->nparams)
		return mismatch(db, "statement %s given %d parameters, declared %d", st ? st->name : "(none)", n,
				st ? st->nparams : 0);
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
	pagu_err e = db_exec_once(db, st, params, res);
	if (e == PAGU_E_DB_UNAVAILABLE && idle && !db->conn)
		e = db_exec_once(db, st, params, res);
	return e;
}

pagu_err db_exec_cmd(struct db *db, const struct stmt *st, const char *const *params, int n)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, params, n, &r);
	PQclear(r);
	return e;
}

pagu_err db_ping(struct db *db)
{
	return db_exec_cmd(db, &q[Q_PING], NULL, 0);
}

bool db_last_retryable(const struct db *db)
{
	return !strcmp(db->sqlstate, "40001") || !strcmp(db->sqlstate, "40P01");
}

static const int begin_stmt[] = {
	[DB_READ_COMMITTED] = Q_BEGIN_RC,
	[DB_REPEATABLE_READ] = Q_BEGIN_RR,
	[DB_SERIALIZABLE] = Q_BEGIN_SER,
};

pagu_err db_txn(struct db *db, enum db_isolation iso, db_txn_fn fn, void *arg)
{
	for (int attempt = 0; attempt < DB_TXN_ATTEMPTS; attempt++) {
		if (attempt > 0)
			atomic_fetch_add(&txn_retries, 1);
		pagu_err e = db_exec_cmd(db, &q[begin_stmt[iso]], NULL, 0);
		if (e != PAGU_OK)
			return e;
		e = fn(db, arg);
		if (e == PAGU_OK) {
			e = db_exec_cmd(db, &q[Q_COMMIT], NULL, 0);
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
			(void)db_exec_cmd(db, &q[Q_ROLLBACK], NULL, 0);
			memcpy(db->sqlstate, state, sizeof(state));
		}
		if (!retry)
			return e;
	}
	return PAGU_E_DB_UNAVAILABLE;
}

pagu_err db_page(struct db *db, struct arena *a, const struct stmt *st, const char *const *params, int nparams,
		 int limit, size_t size, db_row_fn row, void **rows, int *n, bool *more)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, params, nparams, &r);
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

const char *db_text_array(struct arena *a, const char *const *v, size_t n)
{
	size_t cap = 3;
	for (size_t i = 0; i < n; i++)
		cap += (v[i] ? 2 * strlen(v[i]) + 2 : 4) + 1;
	char *out = arena_alloc(a, cap), *o = out;
	*o++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i)
			*o++ = ',';
		if (!v[i]) {
			memcpy(o, "NULL", 4);
			o += 4;
			continue;
		}
		/* quoted, with " and \ escaped: any text, including "NULL", is a value */
		*o++ = '"';
		for (const char *s = v[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				*o++ = '\\';
			*o++ = *s;
		}
		*o++ = '"';
	}
	*o++ = '}';
	*o = '\0';
	return out;
}

const char *db_num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

const char *db_opt(struct arena *a, PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? NULL : arena_strdup(a, PQgetvalue(r, i, c));
}
