/* idem.c - idempotency records over the statement table. */
#include "idem.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pagu_err idem_lock_get(struct db *db, struct arena *a, const char *pemda, const char *key, struct idem_record *out,
		       bool *found)
{
	const char *p[] = { pemda, key };
	pagu_err e = db_exec_cmd_id(db, STMT_IDEM_LOCK, p);
	if (e != PAGU_OK)
		return e;
	PGresult *r = NULL;
	e = db_exec_id(db, STMT_IDEM_GET, p, &r);
	if (e != PAGU_OK)
		return e;
	*found = PQntuples(r) == 1;
	if (*found) {
		snprintf(out->request_hash, sizeof(out->request_hash), "%s", PQgetvalue(r, 0, 0));
		out->status = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
		out->response = arena_strdup(a, PQgetvalue(r, 0, 2));
		out->etag = arena_strdup(a, PQgetvalue(r, 0, 3));
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
	return db_exec_cmd_id(db, STMT_IDEM_PUT, p);
}
