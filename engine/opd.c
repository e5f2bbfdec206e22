/* opd.c - OPD master data over the statement table and the pagu_opd_* procedures. */
#include "opd.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PostgreSQL text[] output of codes ({1.01,2.22}: no quoting needed) into @o. */
static void bidang_from_text(struct arena *a, const char *s, struct opd *o)
{
	o->nbidang = 0;
	size_t n = strlen(s);
	if (n < 2)
		return;
	char *copy = arena_strndup(a, s + 1, n - 2);
	for (char *tok = strtok(copy, ","); tok && o->nbidang < OPD_MAX_BIDANG; tok = strtok(NULL, ","))
		o->bidang[o->nbidang++] = tok;
}

static char *bidang_to_text(struct arena *a, const char *const *b, int n)
{
	size_t len = 3;
	for (int i = 0; i < n; i++)
		len += strlen(b[i]) + 1;
	char *s = arena_alloc(a, len);
	char *p = s;
	*p++ = '{';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(b[i]);
		if (i)
			*p++ = ',';
		memcpy(p, b[i], l);
		p += l;
	}
	*p++ = '}';
	*p = '\0';
	return s;
}

/* Row @i of a result whose columns start at @col with kode, nama, singkatan, bidang, versi. */
static void opd_from_row(struct arena *a, PGresult *r, int i, int col, struct opd *o)
{
	o->kode = arena_strdup(a, PQgetvalue(r, i, col));
	o->nama = arena_strdup(a, PQgetvalue(r, i, col + 1));
	o->singkatan = PQgetisnull(r, i, col + 2) ? NULL : arena_strdup(a, PQgetvalue(r, i, col + 2));
	bidang_from_text(a, PQgetvalue(r, i, col + 3), o);
	o->versi = (int)strtol(PQgetvalue(r, i, col + 4), NULL, 10);
}

static pagu_err opd_row(struct db *db, struct arena *a, PGresult *r, int i, void *out)
{
	(void)db;
	opd_from_row(a, r, i, 0, out);
	return PAGU_OK;
}

pagu_err opd_list(struct db *db, struct arena *a, const char *pemda, const char *prefix, const char *after, int limit,
		  struct opd **rows, int *n, bool *more)
{
	char lim[16];
	snprintf(lim, sizeof(lim), "%d", limit + 1);
	const char *p[] = { pemda, prefix, after, lim };
	void *out = NULL;
	pagu_err e = db_page_id(db, a, STMT_OPD_LIST, p, limit, sizeof(**rows), opd_row, &out, n, more);
	if (e == PAGU_OK)
		*rows = out;
	return e;
}

pagu_err opd_get(struct db *db, struct arena *a, const char *pemda, const char *kode, struct opd *out)
{
	const char *p[] = { pemda, kode };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_OPD_GET, p, &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	opd_from_row(a, r, 0, 0, out);
	PQclear(r);
	return PAGU_OK;
}

/* PAGU_E_RULE with *bad set when a bidang is not an active one for the pemda's level. */
static pagu_err bidang_check(struct db *db, struct arena *a, const char *pemda, const char *const *b, int n, int *bad)
{
	const char *pp[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_PEMDA_JENIS, pp, &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	char jenis[16];
	snprintf(jenis, sizeof(jenis), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	const char *p[] = { bidang_to_text(a, b, n), jenis };
	e = db_exec_id(db, STMT_BIDANG_UNKNOWN, p, &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) > 0) {
		const char *first = PQgetvalue(r, 0, 0);
		for (int i = 0; i < n; i++) {
			if (!strcmp(b[i], first)) {
				*bad = i;
				break;
			}
		}
		PQclear(r);
		return PAGU_E_RULE;
	}
	PQclear(r);
	return PAGU_OK;
}

pagu_err opd_create(struct db *db, struct arena *a, const char *pemda, const struct opd *in, int64_t token_id,
		    struct opd *out, int *bad_index)
{
	pagu_err e = bidang_check(db, a, pemda, in->bidang, in->nbidang, bad_index);
	if (e != PAGU_OK)
		return e;
	char tok[24];
	snprintf(tok, sizeof(tok), "%lld", (long long)token_id);
	const char *p[] = { pemda, in->kode, in->nama, in->singkatan, bidang_to_text(a, in->bidang, in->nbidang), tok };
	PGresult *r = NULL;
	e = db_exec_id(db, STMT_OPD_CREATE, p, &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_CONFLICT;
	}
	opd_from_row(a, r, 0, 0, out);
	PQclear(r);
	return PAGU_OK;
}

pagu_err opd_update(struct db *db, struct arena *a, const char *pemda, const char *kode, int versi,
		    const struct opd_patch *patch, int64_t token_id, struct opd *out, int *bad_index)
{
	pagu_err e;
	const char *bidang = NULL;
	if (patch->set_bidang) {
		e = bidang_check(db, a, pemda, patch->bidang, patch->nbidang, bad_index);
		if (e != PAGU_OK)
			return e;
		bidang = bidang_to_text(a, patch->bidang, patch->nbidang);
	}
	char v[16], tok[24];
	snprintf(v, sizeof(v), "%d", versi);
	snprintf(tok, sizeof(tok), "%lld", (long long)token_id);
	const char *p[] = {
		pemda, kode, v, patch->nama, patch->set_singkatan ? "true" : "false", patch->singkatan, bidang, tok,
	};
	PGresult *r = NULL;
	e = db_exec_id(db, STMT_OPD_UPDATE, p, &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	bool updated = PQgetvalue(r, 0, 0)[0] == 't';
	opd_from_row(a, r, 0, 1, out);
	PQclear(r);
	return updated ? PAGU_OK : PAGU_E_PRECONDITION;
}
