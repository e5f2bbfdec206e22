/* ledger.h - the execution ledger: postings, balances, seals and verification. */
#ifndef PAGU_LEDGER_H
#define PAGU_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "dokumen.h"
#include "hash.h"
#include "page.h"

/*
 * Pockets are made from locked DPAs (migrations/0007_ledger.sql). Every operation is
 * one stored procedure, called once inside the caller's transaction; it locks what it
 * touches in a fixed order (the OPD's SPD row, then pockets by id) and returns the
 * entry with the balances after it as JSON text (*@json, arena). Refusals come back as
 * PAGU_E_NOT_FOUND / PAGU_E_CONFLICT / PAGU_E_RULE with *@f (message, field).
 */
struct ledger_baris {
	int64_t kantong_id;
	int64_t jumlah; /* sen, > 0 */
};

struct ledger_op {
	const char *jenis; /* spd, spm, sp2d, void, sts, koreksi */
	int tahun;
	const char *opd_kode;
	const char *nomor;
	const char *tanggal; /* YYYY-MM-DD */
	int64_t ref_id;	     /* sp2d: the SPM (0 for a direct SP2D); void: the SPM; koreksi: the entry */
	int spd_bulan;	     /* spd */
	int64_t jumlah;	     /* spd */
	const char *alasan;  /* void, koreksi */
	const struct ledger_baris *baris;
	int nbaris;
};

pagu_err ledger_post(struct db *db, struct arena *a, const char *pemda, const struct ledger_op *op, int64_t token,
		     const char **json, struct pagu_fault *f);

/*
 * The direct SP2Ds @ops[0..@n) (sp2d, no SPM, each with lines) of an atomic batch, posted as one
 * set inside the caller's transaction. *@json: the answers, a JSON array in order; NULL when any
 * check fails or a concurrent request took a number (the caller then rolls back and posts them
 * one by one to learn which).
 */
pagu_err ledger_sp2d_set_post(struct db *db, struct arena *a, const char *pemda, const struct ledger_op *const *ops,
			      size_t n, int64_t token, const char **json);

/* One entry with its lines, the balances now, and its seal and Merkle proof when sealed. */
pagu_err ledger_entri_get(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **json);

/* What a list of pockets or entries asks for (NULL / 0: any). */
struct ledger_filter {
	int tahun;
	const char *opd;
	const char *akun;	  /* pockets: a kode rekening prefix */
	const char *sub_kegiatan; /* pockets */
	const char *jenis;	  /* entries: spd, spm, sp2d, void, sts, koreksi */
	int64_t kantong;	  /* entries: those with a line on this pocket */
	int64_t after;		  /* the cursor: after this id */
	long limit;
};

/* One page of the pockets (pagu_kantong_json) or of the entries, by id. */
pagu_err ledger_kantong_list(struct db *db, struct arena *a, const char *pemda, const struct ledger_filter *f,
			     struct json_page *out);
pagu_err ledger_entri_list(struct db *db, struct arena *a, const char *pemda, const struct ledger_filter *f,
			   struct json_page *out);

/* Month by month (index 0 is January), in sen. */
struct ledger_realisasi {
	int64_t rencana[12];	/* the spending pockets' cash plan */
	int64_t belanja[12];	/* spent */
	int64_t penerimaan[12]; /* received */
	int64_t alokasi_belanja, target_penerimaan;
};

/* The realisation of @tahun (one OPD when @opd, an akun prefix when @akun); a sum beyond int64 sen is
   PAGU_E_STORED_RANGE. */
pagu_err ledger_realisasi_get(struct db *db, struct arena *a, const char *pemda, int tahun, const char *opd,
			      const char *akun, struct ledger_realisasi *out);

/* The pemda that have entries not yet sealed (arena). */
pagu_err ledger_pemda_unsealed_list(struct db *db, struct arena *a, const char ***pemda, size_t *n);

/*
 * Seals every entry not yet sealed (none: nothing happens) into the next seal of the
 * pemda, chained to the previous one. Serialised per pemda by an advisory lock held
 * only while sealing: postings never wait for it. *@json: the latest seal.
 */
pagu_err ledger_seal(struct db *db, struct arena *a, const char *pemda, const char **json);

/* The outcome of recomputing everything. */
struct ledger_verify {
	bool ok;
	long entri, segel;  /* checked */
	long belum_disegel; /* entries not in a seal yet */
	int segel_terakhir; /* 0 when none */
	char segel_hash[HASH_HEX_LEN + 1];
	const char *rusak_jenis; /* entri, segel, kantong, opd_saldo; NULL when ok */
	int64_t rusak_id;
	const char *rusak_opd; /* opd_saldo */
	const char *alasan;
};

/*
 * Recomputes every entry's hash from its content, every seal's Merkle root and
 * chain, every pocket's balances from its entries and allocation from its DPA, and
 * every OPD's SPD and SP2D totals; names the first thing that does not match.
 */
pagu_err ledger_verify(struct db *db, struct arena *a, const char *pemda, struct ledger_verify *out);

#endif
