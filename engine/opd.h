/* opd.h - a pemda's government units (OPD): reading and versioned changes. */
#ifndef PAGU_OPD_H
#define PAGU_OPD_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "error.h"

/* A pemda (strings in the caller's arena). */
struct pemda {
	const char *nama;
	const char *jenis; /* provinsi or kabkota */
};
/* PAGU_E_NOT_FOUND when there is no such pemda. */
pagu_err pemda_get(struct db *db, struct arena *a, const char *pemda, struct pemda *out);

#define OPD_MAX_BIDANG 10

/* Strings live in the caller's arena. */
struct opd {
	const char *kode;
	const char *nama;
	const char *singkatan; /* NULL when none */
	const char *bidang[OPD_MAX_BIDANG];
	int nbidang;
	int versi;
};

#define OPD_LIST_MAX 500

/* Up to @limit OPD of @pemda after kode @after (NULL: from the start) whose kode starts with @prefix (NULL: all). */
pagu_err opd_list(struct db *db, struct arena *a, const char *pemda, const char *prefix, const char *after, int limit,
		  struct opd **rows, int *n, bool *more);
/* PAGU_E_NOT_FOUND when there is no such OPD. */
pagu_err opd_get(struct db *db, struct arena *a, const char *pemda, const char *kode, struct opd *out);

/*
 * The writes run inside the caller's transaction (the idempotency helper's).
 * Both check bidang against the nomenklatur for the pemda's level: an unknown
 * one is PAGU_E_RULE with *@bad_index set to its position.
 *
 * opd_create: PAGU_E_CONFLICT when the kode exists.
 * opd_update: the fields of @patch that are set replace the current ones when
 * @versi is current: PAGU_E_NOT_FOUND for no such OPD, PAGU_E_PRECONDITION
 * when @versi is stale (then *@out holds the current version).
 */
pagu_err opd_create(struct db *db, struct arena *a, const char *pemda, const struct opd *in, int64_t token_id,
		    struct opd *out, int *bad_index);

struct opd_patch {
	const char *nama;   /* NULL = keep */
	bool set_singkatan; /* singkatan given (it may be NULL = remove) */
	const char *singkatan;
	bool set_bidang;
	const char *bidang[OPD_MAX_BIDANG];
	int nbidang;
};
pagu_err opd_update(struct db *db, struct arena *a, const char *pemda, const char *kode, int versi,
		    const struct opd_patch *patch, int64_t token_id, struct opd *out, int *bad_index);

#endif
