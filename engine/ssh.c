/* ssh.c - standar satuan harga: a pemda's standard unit prices by year, each change a new version. */
#include "ssh.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

enum { Q_ADD, Q_IMPORT, Q_IMPORT_CHECK, Q_LIST, Q_N };
/* akun: the prefixes joined by commas (a code has none) */
#define SSH_ROW(C, r) C(r, kode) C(r, versi) C(r, uraian) C(r, satuan) C(r, harga) C(r, akun) C(r, tahun)
DB_ROW(ssh_row, SSH_ROW);
#define COUNT_ROW(C, r) C(r, n)
DB_ROW(count_row, COUNT_ROW);
#define BAD_ROW(C, r) C(r, i) C(r, pre)
DB_ROW(bad_row, BAD_ROW);
#define SSH_COLS "kode, versi, uraian, satuan, harga, array_to_string(akun, ',') AS akun, tahun"
static const struct stmt q[Q_N] = {
	/* $1 pemda $2 tahun $3 kode $4 uraian $5 satuan $6 harga $7 akun prefixes (comma-separated) $8 token */
	[Q_ADD] = { "ssh_add",
		    "SELECT " SSH_COLS " FROM pagu_ssh_add($1, $2::int, $3, $4, $5, $6::numeric,"
		    " string_to_array($7, ','), $8::bigint)",
		    8, ssh_row__cols },
	/* the columns as arrays; each akun entry's prefixes separated by semicolons */
	[Q_IMPORT] = { "ssh_import",
		       "SELECT n FROM pagu_ssh_import($1, $2::int, $3::text[], $4::text[], $5::text[], $6::numeric[],"
		       " $7::text[], $8::bigint)",
		       8, count_row__cols },
	/* $1 tahun, $2 each row's akun prefixes (;-separated): the rows naming one that is not an active akun */
	[Q_IMPORT_CHECK] = { "ssh_import_check",
			     "SELECT u.i, p.pre FROM unnest($2::text[]) WITH ORDINALITY AS u(list, i),"
			     " unnest(string_to_array(u.list, ';')) WITH ORDINALITY AS p(pre, j)"
			     " WHERE NOT EXISTS (SELECT 1 FROM ref_akun r WHERE r.ref_version_id = "
			     "pagu_ref_versi($1::int)"
			     " AND r.kode = p.pre AND r.aktif) ORDER BY u.i, p.j",
			     2, bad_row__cols },
	/* $1 pemda, $2 tahun, $3 kode prefix or NULL, $4 after kode or NULL, $5 limit: versions in force */
	[Q_LIST] = { "ssh_list",
		     "SELECT DISTINCT ON (kode) " SSH_COLS " FROM ssh_item WHERE pemda_id = $1 AND tahun = $2::int AND "
		     "($3::text IS NULL OR starts_with(kode, $3))"
		     " AND ($4::text IS NULL OR kode > $4) ORDER BY kode, versi DESC LIMIT $5::int",
		     5, ssh_row__cols },
};
const struct stmt_area stmt_area_ssh = { "ssh", q, Q_N };

/* Leaves @r for the caller to clear, on failure too. */
static pagu_err ssh_from_row(struct db *db, struct arena *a, PGresult *r, int i, struct ssh_item *o)
{
	pagu_err e = db_sen(db, r, i, ssh_row_harga, &o->harga);
	if (e != PAGU_OK)
		return e;
	o->kode = arena_strdup(a, PQgetvalue(r, i, ssh_row_kode));
	o->versi = (int)strtol(PQgetvalue(r, i, ssh_row_versi), NULL, 10);
	o->uraian = arena_strdup(a, PQgetvalue(r, i, ssh_row_uraian));
	o->satuan = arena_strdup(a, PQgetvalue(r, i, ssh_row_satuan));
	o->akun = arena_strdup(a, PQgetvalue(r, i, ssh_row_akun));
	o->tahun = (int)strtol(PQgetvalue(r, i, ssh_row_tahun), NULL, 10);
	return PAGU_OK;
}

pagu_err ssh_add(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *in, int64_t token,
		 struct ssh_item *out, struct pagu_fault *f)
{
	char harga[MONEY_STR_MAX];
	money_format(in->harga, harga);
	const char *p[] = { pemda,	db_num(a, tahun),
			    in->kode,	in->uraian,
			    in->satuan, harga,
			    in->akun,	token > 0 ? db_num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_ADD], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	e = ssh_from_row(db, a, r, 0, out);
	PQclear(r);
	return e;
}

static pagu_err ssh_page_row(struct db *db, struct arena *a, PGresult *r, int i, void *out)
{
	return ssh_from_row(db, a, r, i, out);
}

pagu_err ssh_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *prefix, const char *after,
		  int limit, struct ssh_item **rows, int *n, bool *more)
{
	const char *p[] = { pemda, db_num(a, tahun), prefix, after, db_num(a, limit + 1) };
	void *out = NULL;
	pagu_err e = db_page(db, a, &q[Q_LIST], DB_P(p), limit, sizeof(**rows), ssh_page_row, &out, n, more);
	if (e == PAGU_OK)
		*rows = out;
	return e;
}

/* Each item's akun list with semicolons for commas: the array literal takes the commas. */
static const char **akun_lists(struct arena *a, const struct ssh_item *items, int n)
{
	const char **lists = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		char *ak = arena_strdup(a, items[i].akun);
		for (char *c = ak; *c; c++)
			if (*c == ',')
				*c = ';';
		lists[i] = ak;
	}
	return lists;
}

pagu_err ssh_import_check(struct db *db, struct arena *a, int tahun, const struct ssh_item *items, int n, int **rows,
			  const char ***akun, int *nbad)
{
	const char *p[] = { db_num(a, tahun), db_text_array(a, akun_lists(a, items, n), n) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_IMPORT_CHECK], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r), k = 0;
	int *ro = arena_alloc(a, sizeof(int) * (size_t)(cnt ? cnt : 1));
	const char **ak = arena_alloc(a, sizeof(char *) * (size_t)(cnt ? cnt : 1));
	for (int i = 0; i < cnt; i++) {
		long row = strtol(PQgetvalue(r, i, bad_row_i), NULL, 10) - 1;
		if (row < 0 || row >= n)
			continue;
		if (k && ro[k - 1] == (int)row)
			continue; /* the first bad prefix of a row names it */
		ro[k] = (int)row;
		ak[k] = arena_strdup(a, PQgetvalue(r, i, bad_row_pre));
		k++;
	}
	PQclear(r);
	*rows = ro;
	*akun = ak;
	*nbad = k;
	return PAGU_OK;
}

pagu_err ssh_import(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *items, int n,
		    int64_t token, struct pagu_fault *f)
{
	const char **kode = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	const char **uraian = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	const char **satuan = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	const char **harga = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		kode[i] = items[i].kode;
		uraian[i] = items[i].uraian;
		satuan[i] = items[i].satuan;
		char *h = arena_alloc(a, MONEY_STR_MAX);
		money_format(items[i].harga, h);
		harga[i] = h;
	}
	const char *p[] = { pemda,
			    db_num(a, tahun),
			    db_text_array(a, kode, n),
			    db_text_array(a, uraian, n),
			    db_text_array(a, satuan, n),
			    db_text_array(a, harga, n),
			    db_text_array(a, akun_lists(a, items, n), n),
			    token > 0 ? db_num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_IMPORT], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	PQclear(r);
	return PAGU_OK;
}
