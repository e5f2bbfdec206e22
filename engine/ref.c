/* ref.c - queries over the reference editions: akun lookup, nomenklatur listing. */
#include "ref.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kode.h"

static pagu_err edition_for_year(struct db *db, struct arena *a, int tahun, struct ref_edition *out)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", tahun);
	const char *p[] = { y };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_REF_VERSION_FOR_YEAR, p, &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	out->id = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	out->kode = arena_strdup(a, PQgetvalue(r, 0, 1));
	out->nama = arena_strdup(a, PQgetvalue(r, 0, 2));
	out->dasar_hukum = arena_strdup(a, PQgetvalue(r, 0, 3));
	out->tahun_mulai = (int)strtol(PQgetvalue(r, 0, 4), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

static void akun_from_row(struct arena *a, PGresult *r, int i, struct ref_akun *out)
{
	out->kode = arena_strdup(a, PQgetvalue(r, i, 0));
	out->level = (int)strtol(PQgetvalue(r, i, 1), NULL, 10);
	out->nama = arena_strdup(a, PQgetvalue(r, i, 2));
	out->aktif = PQgetvalue(r, i, 3)[0] == 't';
	out->id_hkm = (int)strtol(PQgetvalue(r, i, 4), NULL, 10);
}

/* The rows of one code, active first. *@n == 0 when unknown. */
static pagu_err akun_rows(struct db *db, struct arena *a, int version, const char *kode, struct ref_akun **rows, int *n)
{
	char v[16];
	snprintf(v, sizeof(v), "%d", version);
	const char *p[] = { v, kode };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_REF_AKUN_BY_KODE, p, &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct ref_akun *out = cnt ? arena_alloc(a, sizeof(*out) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++)
		akun_from_row(a, r, i, &out[i]);
	PQclear(r);
	*rows = out;
	*n = cnt;
	return PAGU_OK;
}

static pagu_err akun_get_txn(struct db *db, struct arena *a, int tahun, const char *kode, struct ref_akun_result *res)
{
	pagu_err e = edition_for_year(db, a, tahun, &res->edition);
	if (e != PAGU_OK)
		return e;
	struct ref_akun *rows = NULL;
	int n = 0;
	e = akun_rows(db, a, res->edition.id, kode, &rows, &n);
	if (e != PAGU_OK)
		return e;
	if (n == 0)
		return PAGU_E_NOT_FOUND;
	res->akun = rows[0];
	res->retired = n > 1 ? rows + 1 : NULL;
	res->nretired = n - 1;

	char chain[6][24];
	int levels = 0;
	char cur[24];
	snprintf(cur, sizeof(cur), "%s", kode);
	while (levels < 6 && kode_akun_parent(cur, chain[levels]) > 0) {
		memcpy(cur, chain[levels], sizeof(cur));
		levels++;
	}
	res->nparents = 0;
	for (int i = levels - 1; i >= 0; i--) {
		e = akun_rows(db, a, res->edition.id, chain[i], &rows, &n);
		if (e != PAGU_OK)
			return e;
		if (n > 0 && rows[0].aktif)
			res->parents[res->nparents++] = rows[0];
	}
	return PAGU_OK;
}

struct akun_get_arg {
	struct arena *a;
	int tahun;
	const char *kode;
	struct ref_akun_result res;
};

static pagu_err akun_get_cb(struct db *db, void *p)
{
	struct akun_get_arg *arg = p;
	memset(&arg->res, 0, sizeof(arg->res));
	return akun_get_txn(db, arg->a, arg->tahun, arg->kode, &arg->res);
}

pagu_err ref_akun_get(struct db *db, struct arena *a, int tahun, const char *kode, struct ref_akun_result *out)
{
	/* one snapshot for the edition, the row and its parents */
	struct akun_get_arg arg = { .a = a, .tahun = tahun, .kode = kode };
	pagu_err e = db_txn(db, DB_REPEATABLE_READ, akun_get_cb, &arg);
	if (e == PAGU_OK)
		*out = arg.res;
	return e;
}

struct nom_arg {
	struct arena *a;
	const struct ref_nom_query *q;
	struct ref_nom_page page;
};

static pagu_err nom_list_cb(struct db *db, void *p)
{
	struct nom_arg *arg = p;
	const struct ref_nom_query *q = arg->q;
	struct arena *a = arg->a;
	memset(&arg->page, 0, sizeof(arg->page));
	pagu_err e = edition_for_year(db, a, q->tahun, &arg->page.edition);
	if (e != PAGU_OK)
		return e;
	char v[16], lim[16];
	snprintf(v, sizeof(v), "%d", arg->page.edition.id);
	/* one row more than asked tells whether another page exists */
	snprintf(lim, sizeof(lim), "%d", q->limit + 1);
	const char *params[] = {
		v,
		q->jenis,
		q->level,
		q->prefix,
		q->after_kode,
		q->after_jenis,
		lim,
		q->include_retired ? "true" : "false",
		q->after_kode ? (q->after_aktif ? "true" : "false") : NULL,
	};
	PGresult *r = NULL;
	e = db_exec_id(db, STMT_REF_NOM_LIST, params, &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	if (n > q->limit) {
		arg->page.more = true;
		n = q->limit;
	}
	arg->page.rows = n ? arena_alloc(a, sizeof(struct ref_nom) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct ref_nom *row = &arg->page.rows[i];
		row->kode = arena_strdup(a, PQgetvalue(r, i, 0));
		row->kode_lama = arena_strdup(a, PQgetvalue(r, i, 1));
		row->level = arena_strdup(a, PQgetvalue(r, i, 2));
		row->nama = arena_strdup(a, PQgetvalue(r, i, 3));
		row->jenis_pemda = arena_strdup(a, PQgetvalue(r, i, 4));
		row->aktif = PQgetvalue(r, i, 5)[0] == 't';
		row->id_hkm = (int)strtol(PQgetvalue(r, i, 6), NULL, 10);
	}
	arg->page.nrows = n;
	PQclear(r);
	return PAGU_OK;
}

pagu_err ref_nom_list(struct db *db, struct arena *a, const struct ref_nom_query *q, struct ref_nom_page *out)
{
	struct nom_arg arg = { .a = a, .q = q };
	pagu_err e = db_txn(db, DB_REPEATABLE_READ, nom_list_cb, &arg);
	if (e == PAGU_OK)
		*out = arg.page;
	return e;
}
