/* tugas.h - what waits on a role's action (the work queue) and a document version's history. */
#ifndef PAGU_TUGAS_H
#define PAGU_TUGAS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "error.h"

/* The kinds of work, in the order the queue lists them. */
enum tugas_jenis {
	TUGAS_RKA_VERIFIKASI,	     /* an RKA submitted, for TAPD to verify or reject */
	TUGAS_RKA_DITOLAK,	     /* an RKA sent back to draft, for its OPD to fix and submit again */
	TUGAS_ANGGARAN_KAS,	     /* a draft DPA (or pergeseran) with lines without their anggaran kas */
	TUGAS_SPM_MENUNGGU_SP2D,     /* an SPM neither paid (SP2D) nor voided */
	TUGAS_TRIWULAN_LAPOR,	     /* an OPD's indicators unreported for an ended, open quarter */
	TUGAS_TRIWULAN_TUTUP,	     /* the first open quarter, once it has ended */
	TUGAS_TEMUAN_TINDAK_LANJUT,  /* a signed finding, open, without a follow-up */
	TUGAS_TINDAK_LANJUT_PERIKSA, /* a signed finding, open, followed up: for the inspector */
	TUGAS_N
};
/* "rka_verifikasi" ...; the names the API answers with. */
extern const char *const tugas_jenis_nama[TUGAS_N];

/* One item; NULL / 0 for what its kind does not have. Strings in the caller's arena. */
struct tugas_item {
	int64_t dokumen_id;
	const char *opd_kode, *opd_nama;
	int versi;
	const char *tahap;  /* of a document: murni, pergeseran, perubahan */
	const char *jumlah; /* an amount as decimal text: an RKA's belanja, an SPM's total */
	const char *alasan; /* the reason of a rejection; a finding's recommendation */
	const char *uraian; /* a finding's text; the newest follow-up's text */
	const char *sejak;  /* since when it waits, ISO 8601 UTC */
	const char *nomor;  /* an SPM's number; a finding's number */
	int64_t ref_id;	    /* an SPM's entry id; an evaluation's id; a quarter */
	int64_t angka;	    /* lines without kas; indicators unreported; a finding's quarter */
};

struct tugas_daftar {
	int64_t n; /* every item of the kind, however many are returned */
	int nitems;
	struct tugas_item *items;
};

/* Options of a kind: for TUGAS_ANGGARAN_KAS which DPAs the caller may plan cash for. */
struct tugas_opsi {
	bool kas_dpa;	     /* a DPA (murni or DPPA) */
	bool kas_pergeseran; /* a pergeseran */
};

/*
 * The items of kind @j of @pemda's year @tahun, of OPD @opd only (NULL: every OPD; a kind that
 * only unscoped tokens act on has none for an OPD), at most @batas of them, oldest first, with
 * their exact count. *@out written on success only.
 */
pagu_err tugas_list(struct db *db, struct arena *a, const char *pemda, int tahun, enum tugas_jenis j, const char *opd,
		    const struct tugas_opsi *o, int batas, struct tugas_daftar *out);

/* One transition of a document version, as dokumen_event recorded it. */
struct riwayat_event {
	int urutan;
	const char *aksi, *dari, *ke; /* dari NULL for create / derive */
	int64_t token_id;	      /* 0 when none was recorded */
	const char *token_nama;	      /* NULL when none */
	const char *waktu;	      /* ISO 8601 UTC */
	const char *alasan;	      /* NULL when none was given */
	const char *hash_sebelum, *hash_sesudah;
	int64_t pengguna_id; /* the person who acted through token_id; 0 for a system's token */
	const char *pengguna_nama, *pengguna_nip, *pengguna_jabatan;
};

/* Every event of version @id of @pemda in order (arena); *@n 0 for a version with none. */
pagu_err dokumen_riwayat_list(struct db *db, struct arena *a, const char *pemda, int64_t id, struct riwayat_event **out,
			      int *n);

#endif
