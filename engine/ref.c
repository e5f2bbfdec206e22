/* ref.c - queries over the reference editions: akun lookup, nomenklatur listing. */
#include "ref.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kode.h"

enum { Q_EDITION, Q_AKUN, Q_NOM_LIST, Q_N };
#define EDITION_ROW(C, r) C(r, ref_version_id) C(r, kode) C(r, nama) C(r, dasar_hukum) C(r, tahun_mulai)
DB_ROW(edition_row, EDITION_ROW);
#define AKUN_ROW(C, r) C(r, kode) C(r, level) C(r, nama) C(r, aktif) C(r, id_hkm)
DB_ROW(akun_row, AKUN_ROW);
#define NOM_ROW(C, r) C(r, kode) C(r, kode_lama) C(r, level) C(r, nama) C(r, jenis_pemda) C(r, aktif) C(r, id_hkm)
DB_ROW(nom_row, NOM_ROW);
static const struct stmt q[Q_N] = {
	/* $1 tahun: the edition in force for a fiscal year */
	[Q_EDITION] = { "ref_edition",
			"SELECT ref_version_id, kode, nama, dasar_hukum, tahun_mulai FROM ref_version"
			" WHERE tahun_mulai <= $1::int ORDER BY tahun_mulai DESC, ref_version_id DESC LIMIT 1",
			1, edition_row__cols },
	/* $1 version, $2 kode: the rows of one code, active first */
	[Q_AKUN] = { "ref_akun",
		     "SELECT kode, level, nama, aktif, id_hkm FROM ref_akun"
		     " WHERE ref_version_id = $1::int AND kode = $2 ORDER BY aktif DESC, baris",
		     2, akun_row__cols },
	/* $1 version, $2 jenis (provinsi|kabkota|NULL), $3 level or NULL, $4 prefix or NULL, $5 after-kode
	   cursor or NULL, $6 after-jenis, $7 limit, $8 include retired, $9 after-aktif */
	[Q_NOM_LIST] = { "ref_nomenklatur_list",
			 "SELECT kode, kode_lama, level, nama, jenis_pemda, aktif, id_hkm FROM ref_nomenklatur"
			 " WHERE ref_version_id = $1::int"
			 "   AND ($2::text IS NULL OR jenis_pemda IN ($2::text, 'both'))"
			 "   AND ($3::text IS NULL OR level = $3::text)"
			 "   AND ($4::text IS NULL OR kode = $4::text OR kode LIKE $4::text || '.%')"
			 "   AND ($5::text IS NULL OR (kode, jenis_pemda, aktif) > ($5::text, $6::text, $9::bool))"
			 "   AND ($8::bool OR aktif)"
			 " ORDER BY kode, jenis_pemda, aktif LIMIT $7::int",
			 9, nom_row__cols },
};
const struct stmt_area stmt_area_ref = { "ref", q, Q_N };

static pagu_err edition_for_year(struct db *db, struct arena *a, int tahun, struct ref_edition *out)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", tahun);
	const char *p[] = { y };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_EDITION], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	out->id = (int)strtol(PQgetvalue(r, 0, edition_row_ref_version_id), NULL, 10);
	out->kode = arena_strdup(a, PQgetvalue(r, 0, edition_row_kode));
	out->nama = arena_strdup(a, PQgetvalue(r, 0, edition_row_nama));
	out->dasar_hukum = arena_strdup(a, PQgetvalue(r, 0, edition_row_dasar_hukum));
	out->tahun_mulai = (int)strtol(PQgetvalue(r, 0, edition_row_tahun_mulai), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

static void akun_from_row(struct arena *a, PGresult *r, int i, struct ref_akun *out)
{
	out->kode = arena_strdup(a, PQgetvalue(r, i, akun_row_kode));
	out->level = (int)strtol(PQgetvalue(r, i, akun_row_level), NULL, 10);
	out->nama = arena_strdup(a, PQgetvalue(r, i, akun_row_nama));
	out->aktif = PQgetvalue(r, i, akun_row_aktif)[0] == 't';
	out->id_hkm = (int)strtol(PQgetvalue(r, i, akun_row_id_hkm), NULL, 10);
}

/* The rows of one code, active first. *@n == 0 when unknown. */
static pagu_err akun_rows(struct db *db, struct arena *a, int version, const char *kode, struct ref_akun **rows, int *n)
{
	char v[16];
	snprintf(v, sizeof(v), "%d", version);
	const char *p[] = { v, kode };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_AKUN], DB_P(p), &r);
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
	const struct ref_nom_query *query = arg->q;
	struct arena *a = arg->a;
	memset(&arg->page, 0, sizeof(arg->page));
	pagu_err e = edition_for_year(db, a, query->tahun, &arg->page.edition);
	if (e != PAGU_OK)
		return e;
	char v[16], lim[16];
	snprintf(v, sizeof(v), "%d", arg->page.edition.id);
	/* one row more than asked tells whether another page exists */
	snprintf(lim, sizeof(lim), "%d", query->limit + 1);
	const char *params[] = {
		v,
		query->jenis,
		query->level,
		query->prefix,
		query->after_kode,
		query->after_jenis,
		lim,
		query->include_retired ? "true" : "false",
		query->after_kode ? (query->after_aktif ? "true" : "false") : NULL,
	};
	PGresult *r = NULL;
	e = db_exec(db, &q[Q_NOM_LIST], DB_P(params), &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	if (n > query->limit) {
		arg->page.more = true;
		n = query->limit;
	}
	arg->page.rows = n ? arena_alloc(a, sizeof(struct ref_nom) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct ref_nom *row = &arg->page.rows[i];
		row->kode = arena_strdup(a, PQgetvalue(r, i, nom_row_kode));
		row->kode_lama = arena_strdup(a, PQgetvalue(r, i, nom_row_kode_lama));
		row->level = arena_strdup(a, PQgetvalue(r, i, nom_row_level));
		row->nama = arena_strdup(a, PQgetvalue(r, i, nom_row_nama));
		row->jenis_pemda = arena_strdup(a, PQgetvalue(r, i, nom_row_jenis_pemda));
		row->aktif = PQgetvalue(r, i, nom_row_aktif)[0] == 't';
		row->id_hkm = (int)strtol(PQgetvalue(r, i, nom_row_id_hkm), NULL, 10);
	}
	arg->page.nrows = n;
	PQclear(r);
	return PAGU_OK;
}

pagu_err ref_nom_list(struct db *db, struct arena *a, const struct ref_nom_query *query, struct ref_nom_page *out)
{
	struct nom_arg arg = { .a = a, .q = query };
	pagu_err e = db_txn(db, DB_REPEATABLE_READ, nom_list_cb, &arg);
	if (e == PAGU_OK)
		*out = arg.page;
	return e;
}
