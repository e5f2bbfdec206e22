/* idem.c - idempotency records: the stored outcome of each state-changing request, and its lock. */
#include "idem.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_LOCK, Q_GET, Q_PUT, Q_BATCH_LOCK, Q_BATCH_KNOWN, Q_BATCH_PUT, Q_N };
#define LOCK_ROW(C, r) C(r, locked)
DB_ROW(lock_row, LOCK_ROW);
#define RECORD_ROW(C, r) C(r, request_hash) C(r, status) C(r, response) C(r, etag)
DB_ROW(record_row, RECORD_ROW);
#define COUNT_ROW(C, r) C(r, n)
DB_ROW(count_row, COUNT_ROW);
static const struct stmt q[Q_N] = {
	/* $1 pemda, $2 key: serialises requests that share a key (any constant names the lock space) */
	[Q_LOCK] = { "idem_lock",
		     "SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 7243002)) AS locked", 2,
		     lock_row__cols },
	[Q_GET] = { "idem_get",
		    "SELECT request_hash, status, response, coalesce(etag, '') AS etag FROM idempotency_key"
		    " WHERE pemda_id = $1 AND kunci = $2",
		    2, record_row__cols },
	/* $1 pemda $2 key $3 request hash $4 status $5 response $6 etag ('' none) $7 token $8 method $9 path */
	[Q_PUT] = { "idem_put",
		    "INSERT INTO idempotency_key (pemda_id, kunci, request_hash, status, response, etag, token_id,"
		    " metode, jalur) VALUES ($1, $2, $3, $4::smallint, $5, NULLIF($6, ''), $7::bigint, $8, $9)",
		    9, NULL },
	/* a batch's keys ($2, a JSON array of strings): locked in order (the same order for everyone) */
	[Q_BATCH_LOCK] = { "idem_batch_lock",
			   "SELECT count(pg_advisory_xact_lock(hashtextextended($1 || chr(31) || k, 7243002))) AS n"
			   " FROM (SELECT k FROM jsonb_array_elements_text($2::jsonb) k ORDER BY k COLLATE \"C\") x",
			   2, count_row__cols },
	/* how many of the batch's keys ($2) are known */
	[Q_BATCH_KNOWN] = { "idem_batch_known",
			    "SELECT count(*) AS n FROM idempotency_key WHERE pemda_id = $1"
			    " AND kunci IN (SELECT jsonb_array_elements_text($2::jsonb))",
			    2, count_row__cols },
	/* $2 [{kunci, request_hash, response, jalur}] of status 201, $3 token */
	[Q_BATCH_PUT] = { "idem_batch_put",
			  "INSERT INTO idempotency_key (pemda_id, kunci, request_hash, status, response, etag, "
			  "token_id,"
			  " metode, jalur)"
			  " SELECT $1, x.kunci, x.request_hash, 201, x.response, NULL, $3::bigint, 'POST', x.jalur"
			  " FROM jsonb_to_recordset($2::jsonb) AS x(kunci text, request_hash text, response text,"
			  " jalur text)",
			  3, NULL },
};
const struct stmt_area stmt_area_idem = { "idem", q, Q_N };

pagu_err idem_lock_get(struct db *db, struct arena *a, const char *pemda, const char *key, struct idem_record *out,
		       bool *found)
{
	const char *p[] = { pemda, key };
	pagu_err e = db_exec_cmd(db, &q[Q_LOCK], DB_P(p));
	if (e != PAGU_OK)
		return e;
	PGresult *r = NULL;
	e = db_exec(db, &q[Q_GET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	*found = PQntuples(r) == 1;
	if (*found) {
		snprintf(out->request_hash, sizeof(out->request_hash), "%s", PQgetvalue(r, 0, record_row_request_hash));
		out->status = (int)strtol(PQgetvalue(r, 0, record_row_status), NULL, 10);
		out->response = arena_strdup(a, PQgetvalue(r, 0, record_row_response));
		out->etag = arena_strdup(a, PQgetvalue(r, 0, record_row_etag));
	}
	PQclear(r);
	return PAGU_OK;
}

pagu_err idem_put(struct db *db, const char *pemda, const char *key, const struct idem_record *rec, int64_t token_id,
		  const char *method, const char *path)
{
	char st[8], tok[24];
	snprintf(st, sizeof(st), "%d", rec->status);
	snprintf(tok, sizeof(tok), "%lld", (long long)token_id);
	const char *p[] = { pemda,  key, rec->request_hash, st, rec->response, rec->etag ? rec->etag : "", tok,
			    method, path };
	return db_exec_cmd(db, &q[Q_PUT], DB_P(p));
}

pagu_err idem_batch_lock(struct db *db, const char *pemda, const char *keys, bool *known)
{
	const char *p[] = { pemda, keys };
	pagu_err e = db_exec_cmd(db, &q[Q_BATCH_LOCK], DB_P(p));
	if (e != PAGU_OK)
		return e;
	PGresult *r = NULL;
	if ((e = db_exec(db, &q[Q_BATCH_KNOWN], DB_P(p), &r)) != PAGU_OK)
		return e;
	*known = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, count_row_n), "0") != 0;
	PQclear(r);
	return PAGU_OK;
}

pagu_err idem_batch_put(struct db *db, const char *pemda, const char *records, int64_t token_id)
{
	char tok[24];
	snprintf(tok, sizeof(tok), "%lld", (long long)token_id);
	const char *p[] = { pemda, records, tok };
	return db_exec_cmd(db, &q[Q_BATCH_PUT], DB_P(p));
}
