/* monev.h - e-monev: quarterly realisation reports, closing quarters, evaluation, rating bands. */
#ifndef PAGU_MONEV_H
#define PAGU_MONEV_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "dokumen.h"

/* A report of one indicator (a locked RKPD line) for a quarter; decimals as canonical text. */
struct monev_laporan {
	int tahun, triwulan;
	int64_t rkpd_id;
	int baris;
	const char *opd; /* the reporting token's OPD, or NULL for an unscoped token */
	const char *nilai, *fisik, *catatan, *bukti;
	int64_t koreksi_id; /* 0: a report of its own quarter; else the closed quarter's report it corrects */
};

/* Records @in; *@id its report. Refusals with *@f: not found, forbidden (another OPD), conflict (closed). */
pagu_err monev_report(struct db *db, struct arena *a, const char *pemda, const struct monev_laporan *in, int64_t token,
		      int64_t *id, struct pagu_fault *f);

/* Closes quarter @triwulan of @tahun (after the earlier ones): its figures freeze; *@hash seals them. */
pagu_err monev_triwulan_close(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, int64_t token,
			      const char **hash, struct pagu_fault *f);

/* The evaluation of a quarter as JSON text (see pagu_monev_evaluasi); @opd NULL for every OPD. */
pagu_err monev_evaluate(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, const char *opd,
			const char **json);

struct monev_pita {
	const char *dari, *sampai; /* NULL: unbounded */
	const char *predikat;
};

/* Records a band table after checking it covers every capaian once (else a refusal with *@f). */
pagu_err monev_skala_add(struct db *db, struct arena *a, const char *pemda, const char *jenis, const char *nama,
			 const char *dasar, const struct monev_pita *pita, int n, int64_t token, int *id,
			 struct pagu_fault *f);
pagu_err monev_skala_list(struct db *db, struct arena *a, const char *pemda, const char **json);

#endif
