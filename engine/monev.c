/* monev.c - e-monev: one procedure call per operation. */
#include "monev.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

pagu_err monev_lapor(struct db *db, struct arena *a, const char *pemda, const struct monev_laporan *in, int64_t token,
		     int64_t *id, struct pagu_fault *f)
{
	const char *p[] = { pemda,
			    num(a, in->tahun),
			    num(a, in->triwulan),
			    num(a, in->rkpd_id),
			    num(a, in->baris),
			    in->opd,
			    in->nilai,
			    in->fisik,
			    in->catatan,
			    in->bukti,
			    in->koreksi_id ? num(a, in->koreksi_id) : NULL,
			    token > 0 ? num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_MONEV_LAPOR, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err monev_tutup(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, int64_t token,
		     const char **hash, struct pagu_fault *f)
{
	const char *p[] = { pemda, num(a, tahun), num(a, triwulan), token > 0 ? num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_MONEV_TUTUP, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*hash = arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	return PAGU_OK;
}

static pagu_err one_json(struct db *db, struct arena *a, enum stmt_id id, const char *const *p, const char **json)
{
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, id, p, &r);
	if (e != PAGU_OK)
		return e;
	*json = arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	return PAGU_OK;
}

pagu_err monev_evaluasi(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, const char *opd,
			const char **json)
{
	const char *p[] = { pemda, num(a, tahun), num(a, triwulan), opd };
	return one_json(db, a, STMT_MONEV_EVALUASI, p, json);
}

/* A PostgreSQL array literal; NULL items as NULL, strings quoted. */
static const char *array(struct arena *a, const struct monev_pita *pita, int n, int which)
{
	const char *s = "{";
	for (int i = 0; i < n; i++) {
		const char *v = which == 0 ? pita[i].dari : which == 1 ? pita[i].sampai : pita[i].predikat;
		if (!v) {
			s = arena_printf(a, "%s%sNULL", s, i ? "," : "");
			continue;
		}
		/* quote, escaping " and \ */
		size_t len = strlen(v);
		char *q = arena_alloc(a, 2 * len + 3), *o = q;
		*o++ = '"';
		for (size_t k = 0; k < len; k++) {
			if (v[k] == '"' || v[k] == '\\')
				*o++ = '\\';
			*o++ = v[k];
		}
		*o++ = '"';
		*o = '\0';
		s = arena_printf(a, "%s%s%s", s, i ? "," : "", q);
	}
	return arena_printf(a, "%s}", s);
}

pagu_err monev_skala_tambah(struct db *db, struct arena *a, const char *pemda, const char *jenis, const char *nama,
			    const char *dasar, const struct monev_pita *pita, int n, int64_t token, int *id,
			    struct pagu_fault *f)
{
	const char *p[] = { pemda,
			    jenis,
			    nama,
			    dasar,
			    array(a, pita, n, 0),
			    array(a, pita, n, 1),
			    array(a, pita, n, 2),
			    token > 0 ? num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_MONEV_SKALA_TAMBAH, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*id = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return PAGU_OK;
}

pagu_err monev_skala_list(struct db *db, struct arena *a, const char *pemda, const char **json)
{
	const char *p[] = { pemda };
	return one_json(db, a, STMT_MONEV_SKALA_LIST, p, json);
}

pagu_err monev_periksa(struct db *db, struct arena *a, enum stmt_id id, const char *const *params, const char **json,
		       struct pagu_fault *f)
{
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, id, params, &r);
	if (e == PAGU_E_DB && !strcmp(db->sqlstate, "23505")) {
		f->message = "the finding is already closed";
		f->field = "nomor";
		return PAGU_E_CONFLICT;
	}
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	if (PQgetisnull(r, 0, 0)) {
		PQclear(r);
		f->message = "no such evaluation";
		f->field = "id";
		return PAGU_E_NOT_FOUND;
	}
	*json = arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	return PAGU_OK;
}
