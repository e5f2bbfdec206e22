/* verify.h - everything a pemda's record rests on, recomputed, and compared with what was signed. */
#ifndef PAGU_VERIFY_H
#define PAGU_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "checkpoint.h"
#include "ledger.h"

/* Checkpoints kept outside the database: the server's log, or a client's copy. */
struct verify_copy {
	const struct checkpoint *items; /* in the order read */
	size_t n;
	bool present;	       /* false: there was none to compare with */
	const char *malformed; /* the first line that is not a checkpoint ("line 7: ..."), or NULL */
};

struct verify_report {
	bool ok;
	struct ledger_verify ledger;
	long dokumen, triwulan, pemeriksaan, kantong, checkpoint, log, klien; /* checked */
	long belum_ditandatangani;					      /* items not signed yet */
	long belum_di_log; /* signed checkpoints at the end of the chain the log does not have yet */
	int64_t checkpoint_terakhir;
	char checkpoint_hash[HASH_HEX_LEN + 1];
	/* the first bad thing: its kind (entri, segel, kantong, opd_saldo, dokumen, triwulan,
	   pemeriksaan, checkpoint, log, klien), its id as text, and what differs */
	const char *rusak_jenis;
	const char *rusak_id;
	const char *alasan;
};

/*
 * In one snapshot (call it inside a REPEATABLE READ transaction): the ledger (ledger_verify:
 * entries, seals, Merkle roots, balances); every locked document version's hash from its content,
 * its chain link, and its lock event's recorded hash; every closed quarter's seal from its figures;
 * every signed evaluation's hash (with its signer and time from hash version 2); every pocket's
 * anggaran kas against its DPA lines' and its DPA being its OPD's latest locked one; every stored
 * checkpoint's chain and signature under @trusted_key and its item's hash and detail now; then
 * @log (the server's log of all pemda; this pemda's lines must be an unbroken chain from 1 that
 * the database holds line for line) and @klien (a client's copy: each must be in the database as
 * kept). Stops at the first bad thing. @trusted_key never comes from the database.
 */
pagu_err verify_all(struct db *db, struct arena *a, const char *pemda, const char *trusted_key,
		    const struct verify_copy *log, const struct verify_copy *klien, struct verify_report *out);

#endif
