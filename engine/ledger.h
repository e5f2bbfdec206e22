/* ledger.h - the execution ledger: postings, balances, seals and verification. */
#ifndef PAGU_LEDGER_H
#define PAGU_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "dokumen.h"
#include "hash.h"

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
 * set inside the caller's transaction. *@json: the answers, a JSON array in order; NULL, with
 * nothing written, when any check fails (the caller then posts them one by one to learn which).
 */
pagu_err ledger_sp2d_set(struct db *db, struct arena *a, const char *pemda, const struct ledger_op *const *ops,
			 size_t n, int64_t token, const char **json);

/* One entry with its lines, the balances now, and its seal and Merkle proof when sealed. */
pagu_err ledger_entri(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **json);

/*
 * Seals every entry not yet sealed (none: nothing happens) into the next seal of the
 * pemda, chained to the previous one. Serialised per pemda by an advisory lock held
 * only while sealing: postings never wait for it. *@json: the latest seal.
 */
pagu_err ledger_segel(struct db *db, struct arena *a, const char *pemda, const char **json);

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
