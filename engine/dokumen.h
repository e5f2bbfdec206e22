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
	const char *sub_kegiatan;
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

struct ssh_item {
	const char *kode, *uraian, *satuan;
	int versi, tahun;
	int64_t harga;	  /* sen */
	const char *akun; /* comma-separated kode rekening prefixes */
};
/* Records an SSH item (a new version when the kode exists for the year). */
pagu_err ssh_tambah(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *in,
		    int64_t token, struct ssh_item *out, struct pagu_fault *f);
/* Records @n items at once, all or none; each item's akun is a comma-separated prefix list. */
pagu_err ssh_impor(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *items, int n,
		   int64_t token, struct pagu_fault *f);
/*
 * The items of an import whose akun prefixes are not all active kode rekening of @tahun's
 * reference edition: *@rows[i] is an index into @items, *@akun[i] the first bad prefix; *@n of them
 * (in @a). What ssh_impor would refuse the whole import for, row by row.
 */
pagu_err ssh_impor_cek(struct db *db, struct arena *a, int tahun, const struct ssh_item *items, int n, int **rows,
		       const char ***akun, int *nbad);
#define SSH_LIST_MAX 500
pagu_err ssh_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *prefix, const char *after,
		  int limit, struct ssh_item **rows, int *n, bool *more);

/* Who may do what: @aksi is create, edit, submit, verify, lock, reject, derive. */
bool dokumen_boleh(const char *jenis, const char *aksi, unsigned role, bool opd_scoped);
bool dokumen_jenis_valid(const char *jenis);

/*
 * Every function returns PAGU_OK, a database failure, or a refusal by the
 * document rules with *@f filled: PAGU_E_NOT_FOUND, PAGU_E_CONFLICT (wrong state),
 * PAGU_E_PRECONDITION (stale revision), PAGU_E_RULE (a code or check refused it).
 * Writes run inside the caller's transaction.
 */
pagu_err dokumen_buat(struct db *db, struct arena *a, const char *pemda, int tahun, const char *jenis, const char *opd,
		      int64_t token, struct dokumen *out, struct pagu_fault *f);
pagu_err dokumen_turunkan(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t token,
			  const char *alasan, struct dokumen *out, struct pagu_fault *f);
pagu_err dokumen_transisi(struct db *db, struct arena *a, const char *pemda, int64_t id, const char *aksi, int revisi,
			  int64_t token, const char *alasan, struct dokumen *out, struct pagu_fault *f);
/* @revisi < 0: not checked. */
pagu_err dokumen_rkpd_tambah(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			     const struct rkpd_item *in, int64_t token, int *baris, int *revisi_baru,
			     struct pagu_fault *f);
pagu_err dokumen_rka_tambah(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			    const struct rka_baris *in, int64_t token, struct rka_baris *out, int *revisi_baru,
			    struct pagu_fault *f);
pagu_err dokumen_plafon_tambah(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			       const struct plafon_baris *in, int64_t token, int *baris, int *revisi_baru,
			       struct pagu_fault *f);
/* Sets the anggaran kas of DPA line @baris: @bulan (12 amounts in sen) or NULL for an even spread. */
pagu_err dokumen_kas_atur(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
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
pagu_err dokumen_impor_cek(struct db *db, struct arena *a, const char *pemda, int64_t id,
			   const struct dokumen_impor_baris *rows, int nrows, struct dokumen_impor_masalah **out,
			   int *n);
/* Adds all @rows to draft RKA @id, or none. */
pagu_err dokumen_impor(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
		       const struct dokumen_impor_baris *rows, int nrows, int64_t token, int *nbaris, int *revisi_baru,
		       int64_t *total, struct pagu_fault *f);

/* One version's view of an OPD's sub kegiatan, for the trace from plan to budget. */
struct dokumen_jejak {
	int64_t id;
	const char *jenis, *status;
	int versi;
	bool ada_jumlah;
	int64_t jumlah; /* pagu indikatif, plafon or the lines' sum; sen */
	int nbaris;
	const char *indikator; /* RKPD: "indikator US target US satuan" records separated by RS, or NULL */
};
pagu_err dokumen_jejak(struct db *db, struct arena *a, const char *pemda, int tahun, const char *opd, const char *sub,
		       struct dokumen_jejak **rows, int *n);

/* Fills an empty draft APBD from the verified RKAs of its year. */
pagu_err dokumen_apbd_susun(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int64_t token,
			    int *nbaris, int *nrka, int *revisi_baru, struct pagu_fault *f);
/* The next DPA version of @opd from the latest locked APBD @apbd. */
pagu_err dokumen_dpa_buat(struct db *db, struct arena *a, const char *pemda, int64_t apbd, const char *opd,
			  int64_t token, struct dokumen *out, struct pagu_fault *f);
/* The akun of budget line @baris, or NULL (*@akun) when the line is not a budget line. */
pagu_err dokumen_baris_akun(struct db *db, struct arena *a, const char *pemda, int64_t id, int baris,
			    const char **akun);
pagu_err dokumen_baris_hapus(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
			     int64_t token, int *revisi_baru, struct pagu_fault *f);

/* The header of version @id; PAGU_E_NOT_FOUND when there is none. */
pagu_err dokumen_header(struct db *db, struct arena *a, const char *pemda, int64_t id, struct dokumen *out);

/* One version with its lines (from one snapshot). */
struct dokumen_isi {
	struct dokumen d;
	struct rkpd_item *rkpd;
	int nrkpd;
	struct rka_baris *rka;
	int nrka;
	struct plafon_baris *plafon;
	int nplafon;
	int64_t total; /* sen: pagu indikatif or jumlah */
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
pagu_err dokumen_verifikasi(struct db *db, struct arena *a, const char *pemda, int64_t id, bool *ok, int64_t *bad,
			    int *checked);

#endif
