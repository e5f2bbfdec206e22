/* opd.c - a pemda and its OPD master data, over the pagu_opd_* procedures. */
#include "opd.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_LIST, Q_GET, Q_CREATE, Q_UPDATE, Q_BIDANG_UNKNOWN, Q_PEMDA_GET, Q_N };
/* bidang: the codes joined by commas (a code has none) */
#define OPD_ROW(C, r) C(r, kode) C(r, nama) C(r, singkatan) C(r, bidang) C(r, versi)
DB_ROW(opd_row, OPD_ROW);
#define UPDATED_ROW(C, r) C(r, updated) C(r, kode) C(r, nama) C(r, singkatan) C(r, bidang) C(r, versi)
DB_ROW(updated_row, UPDATED_ROW);
#define BIDANG_ROW(C, r) C(r, b)
DB_ROW(bidang_row, BIDANG_ROW);
#define PEMDA_ROW(C, r) C(r, nama) C(r, jenis)
DB_ROW(pemda_row, PEMDA_ROW);
#define OPD_COLS "kode, nama, singkatan, array_to_string(bidang, ',') AS bidang, versi"
static const struct stmt q[Q_N] = {
	/* $1 pemda, $2 kode prefix or NULL, $3 after kode or NULL, $4 limit */
	[Q_LIST] = { "opd_list",
		     "SELECT " OPD_COLS " FROM opd WHERE pemda_id = $1"
		     " AND ($2::text IS NULL OR starts_with(kode, $2::text))"
		     " AND ($3::text IS NULL OR kode > $3::text) ORDER BY kode LIMIT $4::int",
		     4, opd_row__cols },
	[Q_GET] = { "opd_get", "SELECT " OPD_COLS " FROM opd WHERE pemda_id = $1 AND kode = $2", 2, opd_row__cols },
	/* $1 pemda $2 kode $3 nama $4 singkatan $5 bidang $6 token */
	[Q_CREATE] = { "opd_create", "SELECT " OPD_COLS " FROM pagu_opd_create($1, $2, $3, $4, $5::text[], $6::bigint)",
		       6, opd_row__cols },
	/* $1 pemda $2 kode $3 versi $4 nama $5 singkatan given $6 singkatan $7 bidang $8 token */
	[Q_UPDATE] = { "opd_update",
		       "SELECT updated, " OPD_COLS
		       " FROM pagu_opd_update($1, $2, $3::int, $4, $5::bool, $6, $7::text[], $8::bigint)",
		       8, updated_row__cols },
	/* $1 bidang codes, $2 jenis pemda: those that are not an active bidang for it */
	[Q_BIDANG_UNKNOWN] = { "opd_bidang_unknown",
			       "SELECT b FROM unnest($1::text[]) WITH ORDINALITY AS u(b, i) WHERE NOT EXISTS ("
			       " SELECT 1 FROM ref_nomenklatur n WHERE n.level = 'bidang' AND n.aktif AND n.kode = u.b"
			       " AND n.jenis_pemda IN ($2, 'both')) ORDER BY i",
			       2, bidang_row__cols },
	[Q_PEMDA_GET] = { "pemda_get", "SELECT nama, jenis FROM pemda WHERE pemda_id = $1", 1, pemda_row__cols },
};
const struct stmt_area stmt_area_opd = { "opd", q, Q_N };

/* The comma-joined codes @s into @o. */
static void bidang_split(struct arena *a, const char *s, struct opd *o)
{
	o->nbidang = 0;
	char *copy = arena_strdup(a, s);
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok && o->nbidang < OPD_MAX_BIDANG;
	     tok = strtok_r(NULL, ",", &save))
		o->bidang[o->nbidang++] = tok;
}

/* Row @i of a result of the OPD_ROW columns (@upd: of UPDATED_ROW, the same names after "updated"). */
static void opd_from_row(struct arena *a, PGresult *r, int i, bool upd, struct opd *o)
{
	int kode = upd ? updated_row_kode : opd_row_kode, nama = upd ? updated_row_nama : opd_row_nama;
	int singkatan = upd ? updated_row_singkatan : opd_row_singkatan;
	int bidang = upd ? updated_row_bidang : opd_row_bidang, versi = upd ? updated_row_versi : opd_row_versi;
	o->kode = arena_strdup(a, PQgetvalue(r, i, kode));
	o->nama = arena_strdup(a, PQgetvalue(r, i, nama));
	o->singkatan = PQgetisnull(r, i, singkatan) ? NULL : arena_strdup(a, PQgetvalue(r, i, singkatan));
	bidang_split(a, PQgetvalue(r, i, bidang), o);
	o->versi = (int)strtol(PQgetvalue(r, i, versi), NULL, 10);
}

static pagu_err opd_row(struct db *db, struct arena *a, PGresult *r, int i, void *out)
{
	(void)db;
	opd_from_row(a, r, i, false, out);
	return PAGU_OK;
}

pagu_err opd_list(struct db *db, struct arena *a, const char *pemda, const char *prefix, const char *after, int limit,
		  struct opd **rows, int *n, bool *more)
{
	char lim[16];
	snprintf(lim, sizeof(lim), "%d", limit + 1);
	const char *p[] = { pemda, prefix, after, lim };
	void *out = NULL;
	pagu_err e = db_page(db, a, &q[Q_LIST], DB_P(p), limit, sizeof(**rows), opd_row, &out, n, more);
	if (e == PAGU_OK)
		*rows = out;
	return e;
}

pagu_err opd_get(struct db *db, struct arena *a, const char *pemda, const char *kode, struct opd *out)
{
	const char *p[] = { pemda, kode };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_GET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	opd_from_row(a, r, 0, false, out);
	PQclear(r);
	return PAGU_OK;
}

/* PAGU_E_RULE with *bad set when a bidang is not an active one for the pemda's level. */
pagu_err pemda_get(struct db *db, struct arena *a, const char *pemda, struct pemda *out)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PEMDA_GET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	out->nama = arena_strdup(a, PQgetvalue(r, 0, pemda_row_nama));
	out->jenis = arena_strdup(a, PQgetvalue(r, 0, pemda_row_jenis));
	PQclear(r);
	return PAGU_OK;
}

/* PAGU_E_RULE with *bad set when a bidang is not an active one for the pemda's level. */
static pagu_err bidang_check(struct db *db, struct arena *a, const char *pemda, const char *const *b, int n, int *bad)
{
	struct pemda pd;
	pagu_err e = pemda_get(db, a, pemda, &pd);
	if (e != PAGU_OK)
		return e;
	const char *p[] = { db_text_array(a, b, n), pd.jenis };
	PGresult *r = NULL;
	e = db_exec(db, &q[Q_BIDANG_UNKNOWN], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) > 0) {
		const char *first = PQgetvalue(r, 0, bidang_row_b);
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
	const char *p[] = { pemda, in->kode, in->nama, in->singkatan, db_text_array(a, in->bidang, in->nbidang), tok };
	PGresult *r = NULL;
	e = db_exec(db, &q[Q_CREATE], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_CONFLICT;
	}
	opd_from_row(a, r, 0, false, out);
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
		bidang = db_text_array(a, patch->bidang, patch->nbidang);
	}
	char v[16], tok[24];
	snprintf(v, sizeof(v), "%d", versi);
	snprintf(tok, sizeof(tok), "%lld", (long long)token_id);
	const char *p[] = {
		pemda, kode, v, patch->nama, patch->set_singkatan ? "true" : "false", patch->singkatan, bidang, tok,
	};
	PGresult *r = NULL;
	e = db_exec(db, &q[Q_UPDATE], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	bool updated = PQgetvalue(r, 0, 0)[0] == 't';
	opd_from_row(a, r, 0, true, out);
	PQclear(r);
	return updated ? PAGU_OK : PAGU_E_PRECONDITION;
}
