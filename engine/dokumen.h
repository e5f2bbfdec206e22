/* dokumen.h - planning and budget documents: versions, lines, transitions, locks. */
#ifndef PAGU_DOKUMEN_H
#define PAGU_DOKUMEN_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "error.h"

/* Strings below live in the caller's arena; NULL where the column is NULL. */
struct dokumen {
	int64_t id;
	int tahun;
	const char *jenis;
	const char *opd_kode;
	int versi;
	int64_t asal_id; /* 0 when none */
	const char *status;
	int revisi;
	const char *hash;
	const char *hash_sebelum;
	const char *dibuat;
	const char *dikunci;
	const char *tahap;	  /* murni, pergeseran or perubahan (issue 18) */
	const char *dasar;	  /* the keadaan luar biasa of a second APBD-P, or NULL */
	const char *tanggal_dprd; /* an APBD-P's DPRD approval (YYYY-MM-DD), or NULL */
};

struct rkpd_item {
	int baris;
	const char *opd_kode;
	const char *sub_kegiatan;
	const char *indikator;
	const char *target; /* decimal text */
	const char *satuan;
	int64_t pagu_indikatif; /* sen */
	const char *lokasi;
	const char *sumber_dana;
	const char *lintang, *bujur; /* optional point, decimal degrees (NULL when none) */
	const char *rpjmd_kode;	     /* optional */
};

#define RKA_MAX_KOEFISIEN 4

struct rka_koefisien {
	const char *nilai; /* canonical decimal text */
	const char *satuan;
};

struct rka_baris {
	int baris;
	const char *sub_kegiatan; /* canonical; NULL for a pendapatan or pembiayaan line kept by OPD and akun */
	const char *bidang;	  /* of a penunjang (X.XX) sub kegiatan, else NULL */
	const char *akun;
	const char *uraian;
	struct rka_koefisien koefisien[RKA_MAX_KOEFISIEN];
	int nkoefisien;
	const char *volume;
	int64_t harga_satuan; /* sen */
	int64_t jumlah;	      /* sen */
	const char *sumber_dana;
	const char *opd_kode;
	int64_t asal_dokumen_id; /* provenance: 0 for a line entered in an RKA */
	int asal_baris;
	const char *ssh_kode; /* the SSH item the price refers to, or NULL */
	int ssh_versi;
	bool ada_kas;	 /* a DPA line with its anggaran kas */
	int64_t kas[12]; /* sen per month, January first */
};

struct plafon_baris {
	int baris;
	const char *jenis; /* opd, sub_kegiatan, pendapatan, penerimaan_pembiayaan, pengeluaran_pembiayaan */
	const char *opd_kode;
	const char *sub_kegiatan;
	int64_t jumlah; /* sen */
};

/*
 * The document role table (dokumen.c) is the one answer to "who may do what" with documents:
 * the HTTP layer, /v1/sesi and the tests ask it, never a copy.
 *
 * dokumen_allowed: whether @role (an OPD-scoped token when @opd_scoped, acting on its own OPD's
 * documents only, which the caller checks) may @aksi a document of @jenis.
 */
bool dokumen_allowed(const char *jenis, const char *aksi, unsigned role, bool opd_scoped);
/* The kinds of document and the actions of the role table, NULL-terminated, in their order. */
extern const char *const dokumen_jenis_all[];
extern const char *const dokumen_aksi_all[];
bool dokumen_jenis_valid(const char *jenis);
/*
 * The kind the role table knows a version by: its jenis, except a pergeseran DPA, which is
 * "pergeseran" (prepared by the OPD, approved by the PPKD or the Sekda). dokumen_kind_all: every
 * such kind, NULL-terminated (the jenis, then "pergeseran").
 */
const char *dokumen_kind(const struct dokumen *d);
extern const char *const dokumen_kind_all[];
/*
 * The first segment of the akun that lines added or removed by @role must have ("4" pendapatan
 * for Bapenda, "5" belanja for OPD planners), or NULL when any akun is the role's.
 */
const char *dokumen_akun_awalan(unsigned role);
/* Whether @role may add or remove a line on @akun (dokumen_akun_awalan). */
bool dokumen_akun_allowed(unsigned role, const char *akun);

/*
 * Every function returns PAGU_OK, a database failure, or a refusal by the
 * document rules with *@f filled: PAGU_E_NOT_FOUND, PAGU_E_CONFLICT (wrong state),
 * PAGU_E_PRECONDITION (stale revision), PAGU_E_RULE (a code or check refused it).
 * Writes run inside the caller's transaction.
 */
pagu_err dokumen_create(struct db *db, struct arena *a, const char *pemda, int tahun, const char *jenis,
			const char *opd, int64_t token, struct dokumen *out, struct pagu_fault *f);
/* The next draft version of locked version @id (its lines copied). */
pagu_err dokumen_derive(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t token,
			const char *alasan, struct dokumen *out, struct pagu_fault *f);
/*
 * Applies transition @aksi (submit, verify, lock, reject) at revision @revisi. @tanggal_dprd
 * (YYYY-MM-DD or NULL): the DPRD's approval of an APBD Perubahan, recorded with its lock.
 */
pagu_err dokumen_transisi_apply(struct db *db, struct arena *a, const char *pemda, int64_t id, const char *aksi,
				int revisi, int64_t token, const char *alasan, const char *tanggal_dprd,
				struct dokumen *out, struct pagu_fault *f);

/*
 * The year's changes (issue 18). A pergeseran: the next DPA version of the OPD from its latest
 * locked DPA @dpa, lines and anggaran kas copied. An RKA-P: the OPD's next RKA version from @dpa.
 * An APBD-P: the next (empty) APBD version from the locked APBD @apbd; @luar_biasa (NULL: none) the
 * basis of a second one in a year.
 */
pagu_err dokumen_pergeseran_create(struct db *db, struct arena *a, const char *pemda, int64_t dpa, int64_t token,
				   const char *alasan, struct dokumen *out, struct pagu_fault *f);
pagu_err dokumen_rka_perubahan_create(struct db *db, struct arena *a, const char *pemda, int64_t dpa, int64_t token,
				      const char *alasan, struct dokumen *out, struct pagu_fault *f);
pagu_err dokumen_apbd_perubahan_create(struct db *db, struct arena *a, const char *pemda, int64_t apbd, int64_t token,
				       const char *alasan, const char *luar_biasa, struct dokumen *out,
				       struct pagu_fault *f);
/*
 * The level of pergeseran @id against the DPA it starts from: *tingkat (uraian, sub_rincian_objek,
 * rincian_objek, objek, jenis, sub_kegiatan, luar_belanja) or NULL when nothing changed, the role
 * that approves it (*penyetuju "finance" or "sekda"; NULL: none may, it needs the APBD Perubahan)
 * and why (*pesan).
 */
pagu_err dokumen_pergeseran_tingkat(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **tingkat,
				    const char **penyetuju, const char **pesan);
/* One row of a version's comparison with the version it was made from (per OPD, sub kegiatan, akun). */
struct dokumen_banding {
	const char *opd_kode, *sub_kegiatan, *akun; /* sub_kegiatan NULL for a line without one */
	int64_t sebelum, sesudah;		    /* sen */
};
pagu_err dokumen_perbandingan(struct db *db, struct arena *a, const char *pemda, int64_t id,
			      struct dokumen_banding **rows, int *n);
/* @revisi < 0: not checked. */
pagu_err dokumen_rkpd_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			  const struct rkpd_item *in, int64_t token, int *baris, int *revisi_baru,
			  struct pagu_fault *f);
pagu_err dokumen_rka_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			 const struct rka_baris *in, int64_t token, struct rka_baris *out, int *revisi_baru,
			 struct pagu_fault *f);
pagu_err dokumen_plafon_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			    const struct plafon_baris *in, int64_t token, int *baris, int *revisi_baru,
			    struct pagu_fault *f);
/* Sets the anggaran kas of DPA line @baris: @bulan (12 amounts in sen) or NULL for an even spread. */
pagu_err dokumen_kas_set(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
			 const int64_t *bulan, int64_t token, int *revisi_baru, struct pagu_fault *f);
/* A line that differs between two versions. */
struct dokumen_beda {
	int baris;
	const char *aksi;				     /* tambah (added), hapus (removed), ubah (changed) */
	const char *opd_kode, *sub_kegiatan, *akun, *uraian; /* of the newer line when there is one */
	bool ada_lama, ada_baru;
	int64_t lama, baru; /* sen */
};
/* The lines that differ from version @lama to version @baru of the same document. */
pagu_err dokumen_diff(struct db *db, struct arena *a, const char *pemda, int64_t lama, int64_t baru,
		      struct dokumen_beda **rows, int *n);

/* One row of a SIPD-style import, already checked for form. */
struct dokumen_impor_baris {
	const char *sub_kegiatan, *akun, *uraian, *nilai, *satuan, *sumber_dana;
	int64_t harga_satuan; /* sen */
};
struct dokumen_impor_masalah {
	int row; /* index into the rows, from 0 */
	const char *field;
	const char *pesan;
};
/* Every reference problem of @rows (unknown, retired, wrong-level codes); *n 0 when none. */
pagu_err dokumen_import_check(struct db *db, struct arena *a, const char *pemda, int64_t id,
			      const struct dokumen_impor_baris *rows, int nrows, struct dokumen_impor_masalah **out,
			      int *n);
/* Adds all @rows to draft RKA @id, or none. */
pagu_err dokumen_import(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			const struct dokumen_impor_baris *rows, int nrows, int64_t token, int *nbaris, int *revisi_baru,
			int64_t *total, struct pagu_fault *f);

/* One version's view of an OPD's sub kegiatan, for the trace from plan to budget. */
struct dokumen_jejak {
	int64_t id;
	const char *jenis, *status;
	const char *tahap; /* murni, pergeseran, perubahan */
	int versi;
	bool ada_jumlah;
	int64_t jumlah; /* pagu indikatif, plafon or the lines' sum; sen */
	int nbaris;
	const char *indikator; /* RKPD: "indikator US target US satuan" records separated by RS, or NULL */
};
pagu_err dokumen_jejak_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *opd,
			    const char *sub, struct dokumen_jejak **rows, int *n);

/* Fills an empty draft APBD from the verified RKAs of its year. */
pagu_err dokumen_apbd_assemble(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int64_t token,
			       int *nbaris, int *nrka, int *revisi_baru, struct pagu_fault *f);
/* The next DPA version of @opd from the latest locked APBD @apbd. */
pagu_err dokumen_dpa_create(struct db *db, struct arena *a, const char *pemda, int64_t apbd, const char *opd,
			    int64_t token, struct dokumen *out, struct pagu_fault *f);
/* The akun of budget line @baris, or NULL (*@akun) when the line is not a budget line. */
pagu_err dokumen_baris_akun_get(struct db *db, struct arena *a, const char *pemda, int64_t id, int baris,
				const char **akun);
pagu_err dokumen_baris_delete(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
			      int64_t token, int *revisi_baru, struct pagu_fault *f);

/* The header of version @id; PAGU_E_NOT_FOUND when there is none. */
pagu_err dokumen_header_get(struct db *db, struct arena *a, const char *pemda, int64_t id, struct dokumen *out);

/*
 * A document's money kept apart by kind, never added together: pendapatan (akun 4), belanja (5),
 * penerimaan (6.1) and pengeluaran (6.2) pembiayaan. An RKPD's pagu indikatif is planned belanja;
 * a KUA-PPAS's belanja is the sum of its OPD ceilings (its sub kegiatan ceilings lie within them).
 */
struct dokumen_total {
	int64_t pendapatan, belanja, penerimaan_pembiayaan, pengeluaran_pembiayaan; /* sen */
};
/*
 * Adds @v (sen, may be negative) to the kind of @akun (its first segment; "6.1"/"6.2"); an akun of
 * no kind counts nowhere. PAGU_E_OVERFLOW (nothing changed) past what money carries.
 */
pagu_err dokumen_total_add(struct dokumen_total *t, const char *akun, int64_t v);

/* One version with its lines (from one snapshot). */
struct dokumen_isi {
	struct dokumen d;
	struct rkpd_item *rkpd;
	int nrkpd;
	struct rka_baris *rka;
	int nrka;
	struct plafon_baris *plafon;
	int nplafon;
	struct dokumen_total total;
};
pagu_err dokumen_get(struct db *db, struct arena *a, const char *pemda, int64_t id, struct dokumen_isi *out);

/* Versions of a pemda, optionally filtered (NULL / 0 = any), by id. */
#define DOKUMEN_LIST_MAX 500
pagu_err dokumen_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *jenis, const char *opd,
		      int64_t after, int limit, struct dokumen **rows, int *n, bool *more);

/*
 * Recomputes every locked version of the document that version @id belongs to:
 * its hash from the canonical encoding and its link to the previous locked
 * version. *@ok false and *@bad the first version that does not match.
 */
pagu_err dokumen_rantai_verify(struct db *db, struct arena *a, const char *pemda, int64_t id, bool *ok, int64_t *bad,
			       int *checked);

#endif
