/* ref.h - reading the national code lists (reference editions). */
#ifndef PAGU_REF_H
#define PAGU_REF_H

#include <stdbool.h>

#include "arena.h"
#include "db.h"
#include "error.h"

/* All strings below are allocated in the caller's arena. */

struct ref_edition {
	int id;
	const char *kode;
	const char *nama;
	const char *dasar_hukum;
	int tahun_mulai;
};

struct ref_akun {
	const char *kode;
	int level;
	const char *nama;
	bool aktif;
	int id_hkm;
};

struct ref_akun_result {
	struct ref_edition edition;
	struct ref_akun akun;	    /* the active row, else the most recent retired one */
	struct ref_akun parents[6]; /* level 1 first; only active rows */
	int nparents;
	struct ref_akun *retired; /* other (retired) rows with the same code */
	int nretired;
};

/*
 * Looks up account @kode (already validated, canonical) in the edition in force
 * for @tahun. PAGU_E_NOT_FOUND when no edition applies or the code is not in it.
 * *@out is written on success only.
 */
pagu_err ref_akun_get(struct db *db, struct arena *a, int tahun, const char *kode, struct ref_akun_result *out);

struct ref_nom {
	const char *kode;
	const char *kode_lama;
	const char *level;
	const char *nama;
	const char *jenis_pemda;
	bool aktif;
	int id_hkm;
};

struct ref_nom_query {
	int tahun;
	const char *prefix; /* canonical code or NULL */
	const char *level;  /* level name or NULL */
	const char *jenis;  /* "provinsi", "kabkota" or NULL */
	bool include_retired;
	int limit; /* 1..REF_NOM_LIMIT_MAX */
	/* cursor: continue after this row, all NULL for the first page */
	const char *after_kode;
	const char *after_jenis;
	bool after_aktif;
};

#define REF_NOM_LIMIT_MAX 500

struct ref_nom_page {
	struct ref_edition edition;
	struct ref_nom *rows;
	int nrows;
	bool more; /* a further page exists; continue after rows[nrows-1] */
};

pagu_err ref_nom_list(struct db *db, struct arena *a, const struct ref_nom_query *q, struct ref_nom_page *out);

#endif
