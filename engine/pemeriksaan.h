/* pemeriksaan.h - inspector evaluations of a quarter: findings (temuan), signing, follow-ups, closing. */
#ifndef PAGU_PEMERIKSAAN_H
#define PAGU_PEMERIKSAAN_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "page.h"

/*
 * Each call is one procedure (migrations/procedures) that answers with the evaluation as JSON
 * text (*@json, arena; see pagu_pemeriksaan_json). Refusals come back with *@f (message, field):
 * not found, forbidden (another OPD's finding), conflict (signed, or a finding already closed);
 * an evaluation that does not exist is PAGU_E_NOT_FOUND on "id".
 */
pagu_err pemeriksaan_create(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, const char *opd,
			    int64_t token, const char **json, struct pagu_fault *f);
pagu_err pemeriksaan_get(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **json,
			 struct pagu_fault *f);
pagu_err pemeriksaan_temuan_add(struct db *db, struct arena *a, const char *pemda, int64_t id, const char *sub_kegiatan,
				const char *predikat, const char *temuan, const char *rekomendasi, const char **json,
				struct pagu_fault *f);
/* Signs the evaluation: it can no longer change. */
pagu_err pemeriksaan_sign(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t token,
			  const char **json, struct pagu_fault *f);
/* The OPD's follow-up of finding @nomor; @opd the token's OPD scope (NULL: none). */
pagu_err pemeriksaan_tindak_lanjut_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t nomor,
				       const char *uraian, const char *bukti, const char *opd, int64_t token,
				       const char **json, struct pagu_fault *f);
pagu_err pemeriksaan_temuan_close(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t nomor,
				  const char *catatan, int64_t token, const char **json, struct pagu_fault *f);

/* What a list asks for (0 / NULL: any). */
struct pemeriksaan_filter {
	int tahun, triwulan;
	const char *opd;
	int64_t after; /* the cursor */
	long limit;
};

/* One page of the evaluations, by id. */
pagu_err pemeriksaan_list(struct db *db, struct arena *a, const char *pemda, const struct pemeriksaan_filter *f,
			  struct json_page *out);

#endif
