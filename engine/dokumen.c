/* dokumen.c - document versions over the pagu_dokumen_* procedures. */
#include "dokumen.h"

#include "sql.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "hash.h"
#include "money.h"
#include "rules_gate.h"

bool dokumen_jenis_valid(const char *jenis)
{
	static const char *const all[] = { "rkpd", "kua_ppas", "rka", "apbd", "dpa" };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(jenis, all[i]))
			return true;
	return false;
}

/*
 * The role table: Bappeda (planner) owns the RKPD; OPD planners draft and submit
 * their RKA, Bapenda (revenue) and BPKAD (finance) add their lines to it; TAPD
 * (finance) verifies and locks the budget documents. "scoped" says whether an
 * OPD-scoped token may act (on its own OPD's document only, checked by the caller).
 */
static const struct {
	const char *jenis;
	const char *aksi;
	unsigned roles;
	bool scoped;
} policy[] = {
	{ "rkpd", "create", ROLE_PLANNER, false },
	{ "rkpd", "edit", ROLE_PLANNER, false },
	{ "rkpd", "submit", ROLE_PLANNER, false },
	{ "rkpd", "verify", ROLE_PLANNER, false },
	{ "rkpd", "reject", ROLE_PLANNER, false },
	{ "rkpd", "lock", ROLE_PLANNER, false },
	{ "rkpd", "derive", ROLE_PLANNER, false },
	{ "rka", "create", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "rka", "edit", ROLE_PLANNER | ROLE_REVENUE | ROLE_FINANCE, true },
	{ "rka", "submit", ROLE_PLANNER, true },
	{ "rka", "verify", ROLE_FINANCE, false },
	{ "rka", "reject", ROLE_FINANCE, false },
	{ "rka", "lock", ROLE_FINANCE, false },
	{ "rka", "derive", ROLE_PLANNER | ROLE_FINANCE, true },
	/* the OPD plans its cash; BPKAD does the rest of the DPA */
	{ "dpa", "kas", ROLE_PLANNER | ROLE_FINANCE, true },
};

bool dokumen_boleh(const char *jenis, const char *aksi, unsigned role, bool opd_scoped)
{
	for (size_t i = 0; i < sizeof(policy) / sizeof(policy[0]); i++) {
		if (strcmp(policy[i].jenis, jenis) || strcmp(policy[i].aksi, aksi))
			continue;
		return (policy[i].roles & role) && (!opd_scoped || policy[i].scoped);
	}
	/* KUA-PPAS, APBD and DPA: BPKAD / TAPD throughout */
	if (!strcmp(jenis, "kua_ppas") || !strcmp(jenis, "apbd") || !strcmp(jenis, "dpa"))
		return role == ROLE_FINANCE && !opd_scoped;
	return false;
}

static const char *opt(struct arena *a, PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? NULL : arena_strdup(a, PQgetvalue(r, i, c));
}

/*
 * Every amount read back goes through db_sen(): NUMERIC(20,2) holds a hundred times
 * MONEY_MAX_SEN and a SUM any amount, and a stored row is outside input, so a value
 * pagu cannot carry is a problem for the request that reads it, never an abort.
 */
static pagu_err sen(struct db *db, PGresult *r, int i, int c, int64_t *out)
{
	pagu_err e = db_sen(db, r, i, c, out);
	if (e != PAGU_OK)
		PQclear(r);
	return e;
}

/* A checked running total of a document's amounts; PAGU_E_STORED_RANGE past MONEY_MAX_SEN. */
static pagu_err total_add(struct db *db, int64_t *total, int64_t v)
{
	if (money_add(*total, v, total) == PAGU_OK)
		return PAGU_OK;
	snprintf(db->stored, sizeof(db->stored), "the stored lines of the document total more than pagu can carry");
	return PAGU_E_STORED_RANGE;
}

static void dok_from_row(struct arena *a, PGresult *r, int i, struct dokumen *d)
{
	d->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
	d->tahun = (int)strtol(PQgetvalue(r, i, 1), NULL, 10);
	d->jenis = opt(a, r, i, 2);
	d->opd_kode = opt(a, r, i, 3);
	d->versi = (int)strtol(PQgetvalue(r, i, 4), NULL, 10);
	d->asal_id = PQgetisnull(r, i, 5) ? 0 : strtoll(PQgetvalue(r, i, 5), NULL, 10);
	d->status = opt(a, r, i, 6);
	d->revisi = (int)strtol(PQgetvalue(r, i, 7), NULL, 10);
	d->hash = opt(a, r, i, 8);
	d->hash_sebelum = opt(a, r, i, 9);
	d->dibuat = opt(a, r, i, 10);
	d->dikunci = opt(a, r, i, 11);
}

/* Runs a procedure that returns one dokumen row. */
static pagu_err dok_call(struct db *db, struct arena *a, enum stmt_id id, const char *const *p, struct dokumen *out,
			 struct pagu_fault *f)
{
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, id, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_INTERNAL;
	}
	dok_from_row(a, r, 0, out);
	PQclear(r);
	return PAGU_OK;
}

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

static const char *opt_token(struct arena *a, int64_t token)
{
	return token > 0 ? num(a, token) : NULL;
}

pagu_err dokumen_buat(struct db *db, struct arena *a, const char *pemda, int tahun, const char *jenis, const char *opd,
		      int64_t token, struct dokumen *out, struct pagu_fault *f)
{
	const char *p[] = { pemda, num(a, tahun), jenis, opd, opt_token(a, token) };
	pagu_err e = dok_call(db, a, STMT_DOK_BUAT, p, out, f);
	if (e == PAGU_E_DB && !strcmp(db->sqlstate, "23505")) {
		/* a concurrent create of the same document won the unique index */
		f->message = "the document was created concurrently";
		f->field = "/jenis";
		return PAGU_E_CONFLICT;
	}
	return e;
}

pagu_err dokumen_turunkan(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t token,
			  const char *alasan, struct dokumen *out, struct pagu_fault *f)
{
	const char *p[] = { pemda, num(a, id), opt_token(a, token), alasan };
	pagu_err e = dok_call(db, a, STMT_DOK_TURUNKAN, p, out, f);
	if (e == PAGU_E_DB && !strcmp(db->sqlstate, "23505")) {
		f->message = "a newer version was derived concurrently";
		f->field = "id";
		return PAGU_E_CONFLICT;
	}
	return e;
}

pagu_err dokumen_transisi(struct db *db, struct arena *a, const char *pemda, int64_t id, const char *aksi, int revisi,
			  int64_t token, const char *alasan, struct dokumen *out, struct pagu_fault *f)
{
	const char *p[] = { pemda, num(a, id), aksi, num(a, revisi), opt_token(a, token), alasan };
	struct dokumen d;
	pagu_err e = dok_call(db, a, STMT_DOK_TRANSISI, p, &d, f);
	if (e == PAGU_OK)
		e = rules_gate_check_transition(db, a, pemda, &d, aksi, token, f);
	if (e == PAGU_OK)
		*out = d;
	return e;
}

static const char *money_text(struct arena *a, int64_t v)
{
	char buf[MONEY_STR_MAX];
	money_format(v, buf);
	return arena_strdup(a, buf);
}

pagu_err dokumen_rkpd_tambah(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			     const struct rkpd_item *in, int64_t token, int *baris, int *revisi_baru,
			     struct pagu_fault *f)
{
	const char *p[] = {
		pemda,	      num(a, id),	revisi >= 0 ? num(a, revisi) : NULL,
		in->opd_kode, in->sub_kegiatan, in->indikator,
		in->target,   in->satuan,	money_text(a, in->pagu_indikatif),
		in->lokasi,   in->sumber_dana,	opt_token(a, token),
		in->lintang,  in->bujur,	in->rpjmd_kode,
	};
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_RKPD_TAMBAH, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*baris = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

/* A PostgreSQL text[] literal of @n strings, each double-quoted with \ and " escaped. */
static const char *text_array(struct arena *a, const char *const *items, int n)
{
	size_t len = 3;
	for (int i = 0; i < n; i++)
		len += 2 * strlen(items[i]) + 3;
	char *s = arena_alloc(a, len), *p = s;
	*p++ = '{';
	for (int i = 0; i < n; i++) {
		if (i)
			*p++ = ',';
		*p++ = '"';
		for (const char *c = items[i]; *c; c++) {
			if (*c == '"' || *c == '\\')
				*p++ = '\\';
			*p++ = *c;
		}
		*p++ = '"';
	}
	*p++ = '}';
	*p = '\0';
	return s;
}

pagu_err dokumen_rka_tambah(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			    const struct rka_baris *in, int64_t token, struct rka_baris *out, int *revisi_baru,
			    struct pagu_fault *f)
{
	const char *nilai[RKA_MAX_KOEFISIEN], *satuan[RKA_MAX_KOEFISIEN];
	for (int i = 0; i < in->nkoefisien; i++) {
		nilai[i] = in->koefisien[i].nilai;
		satuan[i] = in->koefisien[i].satuan;
	}
	const char *p[] = {
		pemda,
		num(a, id),
		revisi >= 0 ? num(a, revisi) : NULL,
		in->sub_kegiatan,
		in->akun,
		in->uraian,
		text_array(a, nilai, in->nkoefisien),
		text_array(a, satuan, in->nkoefisien),
		money_text(a, in->harga_satuan),
		in->sumber_dana,
		opt_token(a, token),
		in->ssh_kode,
	};
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_RKA_TAMBAH, p, &r);
	if (e == PAGU_E_DB && !strcmp(db->sqlstate, "23514")) {
		/* a CHECK: jumlah beyond NUMERIC(20,2) or a non-positive volume */
		f->message = "the line's volume or jumlah is out of range";
		f->field = "/koefisien";
		return PAGU_E_RULE;
	}
	if (e == PAGU_E_DB && !strcmp(db->sqlstate, "22003")) {
		f->message = "the line's jumlah does not fit NUMERIC(20,2)";
		f->field = "/harga_satuan";
		return PAGU_E_RULE;
	}
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	int64_t jumlah = 0;
	if ((e = sen(db, r, 0, 3, &jumlah)) != PAGU_OK)
		return e;
	*out = *in;
	out->baris = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
	out->volume = arena_strdup(a, PQgetvalue(r, 0, 2));
	out->jumlah = jumlah;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_plafon_tambah(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			       const struct plafon_baris *in, int64_t token, int *baris, int *revisi_baru,
			       struct pagu_fault *f)
{
	const char *p[] = { pemda,	  num(a, id),	    revisi >= 0 ? num(a, revisi) : NULL, in->jenis,
			    in->opd_kode, in->sub_kegiatan, money_text(a, in->jumlah),		 opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_PLAFON_TAMBAH, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*baris = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_kas_atur(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
			  const int64_t *bulan, int64_t token, int *revisi_baru, struct pagu_fault *f)
{
	const char *arr = NULL;
	if (bulan) {
		char *s = arena_alloc(a, 12 * MONEY_STR_MAX + 4), *p = s;
		*p++ = '{';
		for (int m = 0; m < 12; m++) {
			if (m)
				*p++ = ',';
			p += money_format(bulan[m], p);
		}
		*p++ = '}';
		*p = '\0';
		arr = s;
	}
	const char *p[] = { pemda,	   num(a, id), revisi >= 0 ? num(a, revisi) : NULL,
			    num(a, baris), arr,	       opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_KAS_ATUR, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_diff(struct db *db, struct arena *a, const char *pemda, int64_t lama, int64_t baru,
		      struct dokumen_beda **rows, int *n)
{
	const char *p[] = { pemda, num(a, lama), num(a, baru) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_DIFF, p, &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct dokumen_beda *out = cnt ? arena_alloc(a, sizeof(*out) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		struct dokumen_beda *d = &out[i];
		d->baris = (int)strtol(PQgetvalue(r, i, 0), NULL, 10);
		d->aksi = opt(a, r, i, 1);
		d->opd_kode = opt(a, r, i, 2);
		d->sub_kegiatan = opt(a, r, i, 3);
		d->akun = opt(a, r, i, 4);
		d->uraian = opt(a, r, i, 5);
		d->ada_lama = !PQgetisnull(r, i, 6);
		d->ada_baru = !PQgetisnull(r, i, 7);
		d->lama = d->baru = 0;
		if ((d->ada_lama && (e = sen(db, r, i, 6, &d->lama)) != PAGU_OK) ||
		    (d->ada_baru && (e = sen(db, r, i, 7, &d->baru)) != PAGU_OK))
			return e;
	}
	PQclear(r);
	*rows = out;
	*n = cnt;
	return PAGU_OK;
}

/* The text[] literals of one column of the import rows. */
static const char *impor_col(struct arena *a, const struct dokumen_impor_baris *rows, int n, size_t off)
{
	const char **items = arena_alloc(a, sizeof(*items) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		items[i] = *(const char *const *)((const char *)&rows[i] + off);
	return text_array(a, items, n);
}

pagu_err dokumen_impor_cek(struct db *db, struct arena *a, const char *pemda, int64_t id,
			   const struct dokumen_impor_baris *rows, int nrows, struct dokumen_impor_masalah **out,
			   int *n)
{
	const char *p[] = {
		pemda,
		num(a, id),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sub_kegiatan)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, akun)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sumber_dana)),
	};
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_IMPOR_CEK, p, &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct dokumen_impor_masalah *m = cnt ? arena_alloc(a, sizeof(*m) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		m[i].row = (int)strtol(PQgetvalue(r, i, 0), NULL, 10) - 1;
		m[i].field = opt(a, r, i, 1);
		m[i].pesan = opt(a, r, i, 2);
	}
	PQclear(r);
	*out = m;
	*n = cnt;
	return PAGU_OK;
}

pagu_err dokumen_impor(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
		       const struct dokumen_impor_baris *rows, int nrows, int64_t token, int *nbaris, int *revisi_baru,
		       int64_t *total, struct pagu_fault *f)
{
	/* the prices as a numeric[] literal of canonical amounts */
	char *harga = arena_alloc(a, (size_t)nrows * (MONEY_STR_MAX + 1) + 3), *h = harga;
	*h++ = '{';
	for (int i = 0; i < nrows; i++) {
		if (i)
			*h++ = ',';
		h += money_format(rows[i].harga_satuan, h);
	}
	*h++ = '}';
	*h = '\0';
	const char *p[] = {
		pemda,
		num(a, id),
		revisi >= 0 ? num(a, revisi) : NULL,
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sub_kegiatan)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, akun)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, uraian)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, nilai)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, satuan)),
		harga,
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sumber_dana)),
		opt_token(a, token),
	};
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_IMPOR, p, &r);
	if (e == PAGU_E_DB && (!strcmp(db->sqlstate, "23514") || !strcmp(db->sqlstate, "22003"))) {
		f->message = "a row's jumlah is out of range";
		f->field = "csv";
		return PAGU_E_RULE;
	}
	if (e != PAGU_OK) {
		e = db_fault(db, a, e, f);
		if (e == PAGU_E_OVERFLOW)
			f->field = "csv"; /* the document's total: the rows together, with its lines */
		return e;
	}
	int64_t t = 0;
	if ((e = sen(db, r, 0, 2, &t)) != PAGU_OK)
		return e;
	*nbaris = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
	*total = t;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_jejak(struct db *db, struct arena *a, const char *pemda, int tahun, const char *opd, const char *sub,
		       struct dokumen_jejak **rows, int *n)
{
	const char *p[] = { pemda, num(a, tahun), opd, sub };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_TRACE, p, &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct dokumen_jejak *o = cnt ? arena_alloc(a, sizeof(*o) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		o[i].id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		o[i].jenis = opt(a, r, i, 1);
		o[i].versi = (int)strtol(PQgetvalue(r, i, 2), NULL, 10);
		o[i].status = opt(a, r, i, 3);
		o[i].ada_jumlah = !PQgetisnull(r, i, 4);
		o[i].jumlah = 0;
		if (o[i].ada_jumlah && (e = sen(db, r, i, 4, &o[i].jumlah)) != PAGU_OK)
			return e;
		o[i].nbaris = (int)strtol(PQgetvalue(r, i, 5), NULL, 10);
		o[i].indikator = opt(a, r, i, 6);
	}
	PQclear(r);
	*rows = o;
	*n = cnt;
	return PAGU_OK;
}

pagu_err dokumen_apbd_susun(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int64_t token,
			    int *nbaris, int *nrka, int *revisi_baru, struct pagu_fault *f)
{
	const char *p[] = { pemda, num(a, id), num(a, revisi), opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_APBD_SUSUN, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*nbaris = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
	*nrka = (int)strtol(PQgetvalue(r, 0, 2), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_dpa_buat(struct db *db, struct arena *a, const char *pemda, int64_t apbd, const char *opd,
			  int64_t token, struct dokumen *out, struct pagu_fault *f)
{
	const char *p[] = { pemda, num(a, apbd), opd, opt_token(a, token) };
	pagu_err e = dok_call(db, a, STMT_DOK_DPA_BUAT, p, out, f);
	if (e == PAGU_E_DB && !strcmp(db->sqlstate, "23505")) {
		f->message = "a DPA version of this OPD was created concurrently";
		f->field = "/opd_kode";
		return PAGU_E_CONFLICT;
	}
	return e;
}

pagu_err dokumen_baris_akun(struct db *db, struct arena *a, const char *pemda, int64_t id, int baris, const char **akun)
{
	const char *p[] = { pemda, num(a, id), num(a, baris) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_BARIS_AKUN, p, &r);
	if (e != PAGU_OK)
		return e;
	*akun = PQntuples(r) ? arena_strdup(a, PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_baris_hapus(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
			     int64_t token, int *revisi_baru, struct pagu_fault *f)
{
	const char *p[] = { pemda, num(a, id), revisi >= 0 ? num(a, revisi) : NULL, num(a, baris),
			    opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_BARIS_HAPUS, p, &r);
	if (e == PAGU_E_DB && !strcmp(db->sqlstate, "23503")) {
		/* the procedure refuses this first; the foreign key is the last word */
		f->message = "the line is the source of a line of another document version";
		f->field = "baris";
		return PAGU_E_CONFLICT;
	}
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_header(struct db *db, struct arena *a, const char *pemda, int64_t id, struct dokumen *out)
{
	const char *p[] = { pemda, num(a, id) };
	struct pagu_fault f;
	pagu_err e = dok_call(db, a, STMT_DOK_GET, p, out, &f);
	return e == PAGU_E_INTERNAL ? PAGU_E_NOT_FOUND : e;
}

struct get_arg {
	struct arena *a;
	const char *pemda;
	int64_t id;
	struct dokumen_isi out;
};

static void koefisien_split(struct arena *a, const char *s, struct rka_baris *b)
{
	b->nkoefisien = 0;
	if (!s)
		return;
	char *copy = arena_strdup(a, s);
	char *save = NULL;
	for (char *f = strtok_r(copy, "\x1e", &save); f && b->nkoefisien < RKA_MAX_KOEFISIEN;
	     f = strtok_r(NULL, "\x1e", &save)) {
		char *us = strchr(f, '\x1f');
		if (!us)
			continue;
		*us = '\0';
		b->koefisien[b->nkoefisien].nilai = f;
		b->koefisien[b->nkoefisien].satuan = us + 1;
		b->nkoefisien++;
	}
}

static pagu_err get_cb(struct db *db, void *p)
{
	struct get_arg *g = p;
	struct arena *a = g->a;
	memset(&g->out, 0, sizeof(g->out));
	const char *pp[] = { g->pemda, num(a, g->id) };
	pagu_err e = dokumen_header(db, a, g->pemda, g->id, &g->out.d);
	if (e != PAGU_OK)
		return e;
	PGresult *r = NULL;
	if ((e = db_exec_id(db, STMT_DOK_RKPD, pp, &r)) != PAGU_OK)
		return e;
	int n = PQntuples(r);
	g->out.rkpd = n ? arena_alloc(a, sizeof(struct rkpd_item) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct rkpd_item *it = &g->out.rkpd[i];
		it->baris = (int)strtol(PQgetvalue(r, i, 0), NULL, 10);
		it->opd_kode = opt(a, r, i, 1);
		it->sub_kegiatan = opt(a, r, i, 2);
		it->indikator = opt(a, r, i, 3);
		it->target = opt(a, r, i, 4);
		it->satuan = opt(a, r, i, 5);
		if ((e = sen(db, r, i, 6, &it->pagu_indikatif)) != PAGU_OK)
			return e;
		it->lokasi = opt(a, r, i, 7);
		it->sumber_dana = opt(a, r, i, 8);
		it->lintang = opt(a, r, i, 9);
		it->bujur = opt(a, r, i, 10);
		it->rpjmd_kode = opt(a, r, i, 11);
		if ((e = total_add(db, &g->out.total, it->pagu_indikatif)) != PAGU_OK) {
			PQclear(r);
			return e;
		}
	}
	g->out.nrkpd = n;
	PQclear(r);
	if ((e = db_exec_id(db, STMT_DOK_RKA, pp, &r)) != PAGU_OK)
		return e;
	n = PQntuples(r);
	g->out.rka = n ? arena_alloc(a, sizeof(struct rka_baris) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct rka_baris *b = &g->out.rka[i];
		b->baris = (int)strtol(PQgetvalue(r, i, 0), NULL, 10);
		b->sub_kegiatan = opt(a, r, i, 1);
		b->akun = opt(a, r, i, 2);
		b->uraian = opt(a, r, i, 3);
		koefisien_split(a, PQgetisnull(r, i, 4) ? NULL : PQgetvalue(r, i, 4), b);
		b->volume = opt(a, r, i, 5);
		if ((e = sen(db, r, i, 6, &b->harga_satuan)) != PAGU_OK ||
		    (e = sen(db, r, i, 7, &b->jumlah)) != PAGU_OK)
			return e;
		b->sumber_dana = opt(a, r, i, 8);
		b->opd_kode = opt(a, r, i, 9);
		b->asal_dokumen_id = PQgetisnull(r, i, 10) ? 0 : strtoll(PQgetvalue(r, i, 10), NULL, 10);
		b->asal_baris = PQgetisnull(r, i, 11) ? 0 : (int)strtol(PQgetvalue(r, i, 11), NULL, 10);
		b->ssh_kode = opt(a, r, i, 12);
		b->ssh_versi = PQgetisnull(r, i, 13) ? 0 : (int)strtol(PQgetvalue(r, i, 13), NULL, 10);
		if ((e = total_add(db, &g->out.total, b->jumlah)) != PAGU_OK) {
			PQclear(r);
			return e;
		}
	}
	g->out.nrka = n;
	PQclear(r);
	if ((e = db_exec_id(db, STMT_DOK_KAS, pp, &r)) != PAGU_OK)
		return e;
	/* both ordered by baris: one merge pass */
	for (int i = 0, j = 0; i < PQntuples(r); i++) {
		int baris = (int)strtol(PQgetvalue(r, i, 0), NULL, 10);
		int bulan = (int)strtol(PQgetvalue(r, i, 1), NULL, 10);
		while (j < g->out.nrka && g->out.rka[j].baris < baris)
			j++;
		if (j < g->out.nrka && g->out.rka[j].baris == baris && bulan >= 1 && bulan <= 12) {
			g->out.rka[j].ada_kas = true;
			if ((e = sen(db, r, i, 2, &g->out.rka[j].kas[bulan - 1])) != PAGU_OK)
				return e;
		}
	}
	PQclear(r);
	if ((e = db_exec_id(db, STMT_DOK_PLAFON, pp, &r)) != PAGU_OK)
		return e;
	n = PQntuples(r);
	g->out.plafon = n ? arena_alloc(a, sizeof(struct plafon_baris) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct plafon_baris *b = &g->out.plafon[i];
		b->baris = (int)strtol(PQgetvalue(r, i, 0), NULL, 10);
		b->jenis = opt(a, r, i, 1);
		b->opd_kode = opt(a, r, i, 2);
		b->sub_kegiatan = opt(a, r, i, 3);
		if ((e = sen(db, r, i, 4, &b->jumlah)) != PAGU_OK)
			return e;
	}
	g->out.nplafon = n;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_get(struct db *db, struct arena *a, const char *pemda, int64_t id, struct dokumen_isi *out)
{
	struct get_arg g = { .a = a, .pemda = pemda, .id = id };
	pagu_err e = db_txn(db, DB_REPEATABLE_READ, get_cb, &g);
	if (e == PAGU_OK)
		*out = g.out;
	return e;
}

static pagu_err dok_row(struct db *db, struct arena *a, PGresult *r, int i, void *out)
{
	(void)db;
	dok_from_row(a, r, i, out);
	return PAGU_OK;
}

pagu_err dokumen_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *jenis, const char *opd,
		      int64_t after, int limit, struct dokumen **rows, int *n, bool *more)
{
	const char *p[] = { pemda, tahun ? num(a, tahun) : NULL, jenis, opd, num(a, after), num(a, limit + 1) };
	void *out = NULL;
	pagu_err e = db_page_id(db, a, STMT_DOK_LIST, p, limit, sizeof(**rows), dok_row, &out, n, more);
	if (e == PAGU_OK)
		*rows = out;
	return e;
}

pagu_err dokumen_verifikasi(struct db *db, struct arena *a, const char *pemda, int64_t id, bool *ok, int64_t *bad,
			    int *checked)
{
	const char *p[] = { pemda, num(a, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_DOK_RANTAI, p, &r);
	if (e != PAGU_OK)
		return e;
	bool good = true;
	int64_t first_bad = 0;
	const char *prev = "";
	int n = PQntuples(r);
	for (int i = 0; i < n && good; i++) {
		char hex[HASH_HEX_LEN + 1];
		const char *canon = PQgetvalue(r, i, 3);
		hash_sha256_hex(canon, (size_t)PQgetlength(r, i, 3), hex);
		/* the content must hash to the stored seal, and the seal must name its predecessor */
		if (strcmp(hex, PQgetvalue(r, i, 1)) != 0 || strcmp(PQgetvalue(r, i, 2), prev) != 0) {
			good = false;
			first_bad = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		}
		prev = PQgetvalue(r, i, 1);
	}
	PQclear(r);
	*ok = good;
	*bad = first_bad;
	*checked = n;
	return PAGU_OK;
}

/* Leaves @r for the caller to clear, on failure too. */
static pagu_err ssh_from_row(struct db *db, struct arena *a, PGresult *r, int i, struct ssh_item *o)
{
	pagu_err e = db_sen(db, r, i, 4, &o->harga);
	if (e != PAGU_OK)
		return e;
	o->kode = opt(a, r, i, 0);
	o->versi = (int)strtol(PQgetvalue(r, i, 1), NULL, 10);
	o->uraian = opt(a, r, i, 2);
	o->satuan = opt(a, r, i, 3);
	o->akun = opt(a, r, i, 5);
	o->tahun = (int)strtol(PQgetvalue(r, i, 6), NULL, 10);
	return PAGU_OK;
}

pagu_err ssh_tambah(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *in,
		    int64_t token, struct ssh_item *out, struct pagu_fault *f)
{
	const char *p[] = { pemda,    num(a, tahun),	  in->kode, in->uraian, in->satuan, money_text(a, in->harga),
			    in->akun, opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_SSH_TAMBAH, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	e = ssh_from_row(db, a, r, 0, out);
	PQclear(r);
	return e;
}

static pagu_err ssh_row(struct db *db, struct arena *a, PGresult *r, int i, void *out)
{
	return ssh_from_row(db, a, r, i, out);
}

pagu_err ssh_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *prefix, const char *after,
		  int limit, struct ssh_item **rows, int *n, bool *more)
{
	const char *p[] = { pemda, num(a, tahun), prefix, after, num(a, limit + 1) };
	void *out = NULL;
	pagu_err e = db_page_id(db, a, STMT_SSH_LIST, p, limit, sizeof(**rows), ssh_row, &out, n, more);
	if (e == PAGU_OK)
		*rows = out;
	return e;
}

pagu_err ssh_impor_cek(struct db *db, struct arena *a, int tahun, const struct ssh_item *items, int n, int **rows,
		       const char ***akun, int *nbad)
{
	const char **lists = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		char *ak = arena_strdup(a, items[i].akun);
		for (char *c = ak; *c; c++)
			if (*c == ',')
				*c = ';';
		lists[i] = ak;
	}
	const char *p[] = { num(a, tahun), text_array(a, lists, n) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_SSH_IMPOR_CEK, p, &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r), k = 0;
	int *ro = arena_alloc(a, sizeof(int) * (size_t)(cnt ? cnt : 1));
	const char **ak = arena_alloc(a, sizeof(char *) * (size_t)(cnt ? cnt : 1));
	for (int i = 0; i < cnt; i++) {
		long row = strtol(PQgetvalue(r, i, 0), NULL, 10) - 1;
		if (row < 0 || row >= n)
			continue;
		if (k && ro[k - 1] == (int)row)
			continue; /* the first bad prefix of a row names it */
		ro[k] = (int)row;
		ak[k] = opt(a, r, i, 1);
		k++;
	}
	PQclear(r);
	*rows = ro;
	*akun = ak;
	*nbad = k;
	return PAGU_OK;
}

pagu_err ssh_impor(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *items, int n,
		   int64_t token, struct pagu_fault *f)
{
	const char **kode = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	const char **uraian = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	const char **satuan = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	const char **akun = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	char *harga = arena_alloc(a, (size_t)n * (MONEY_STR_MAX + 1) + 3), *h = harga;
	*h++ = '{';
	for (int i = 0; i < n; i++) {
		kode[i] = items[i].kode;
		uraian[i] = items[i].uraian;
		satuan[i] = items[i].satuan;
		/* the procedure splits on semicolons: commas are already taken by the array literal */
		char *ak = arena_strdup(a, items[i].akun);
		for (char *c = ak; *c; c++)
			if (*c == ',')
				*c = ';';
		akun[i] = ak;
		if (i)
			*h++ = ',';
		h += money_format(items[i].harga, h);
	}
	*h++ = '}';
	*h = '\0';
	const char *p[] = { pemda,
			    num(a, tahun),
			    text_array(a, kode, n),
			    text_array(a, uraian, n),
			    text_array(a, satuan, n),
			    harga,
			    text_array(a, akun, n),
			    opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_SSH_IMPOR, p, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	PQclear(r);
	return PAGU_OK;
}
