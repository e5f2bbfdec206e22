/* checkpoint.h - checkpoints signed outside the database: what they say, signing them, keeping them. */
#ifndef PAGU_CHECKPOINT_H
#define PAGU_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "hash.h"
#include "signkey.h"

/*
 * A checkpoint signs one item's hash: a ledger seal (jenis "segel", ref its segel_id), a locked
 * document version ("dokumen", its dokumen_id), a closed monev quarter ("triwulan", "tahun/triwulan")
 * or a signed inspector evaluation ("pemeriksaan", its id; detail "v<hash version>|<signer token
 * id>|<signing time>"). Checkpoints of a pemda are numbered from 1 (urutan) and chained: sebelum is
 * the previous one's checkpoint hash ("" for the first). The signed text is
 *
 *   pagu-checkpoint-v1 LF pemda LF urutan LF jenis LF ref LF hash LF detail LF waktu LF sebelum LF
 *
 * checkpoint = SHA-256 (hex) of it, tanda = Ed25519 signature (hex) of it under kunci (hex).
 * Strings are borrowed (arena or result) for as long as the struct is used.
 */
struct checkpoint {
	const char *pemda;
	int64_t urutan;
	const char *jenis;
	int64_t nomor; /* segel_id, dokumen_id, tahun * 10 + triwulan, pemeriksaan_id */
	const char *ref;
	const char *hash;
	const char *detail;
	const char *waktu; /* YYYY-MM-DDTHH:MM:SSZ */
	const char *sebelum;
	const char *checkpoint;
	const char *kunci;
	const char *tanda;
};

/* The signed text (arena). */
const char *checkpoint_text(struct arena *a, const struct checkpoint *c);

/*
 * Checks one checkpoint by itself: its fields are well formed, its nomor is its ref's, its checkpoint
 * hash is the hash of its text, it names @trusted_key and its signature holds under that key.
 * NULL when good, else the reason (arena).
 */
const char *checkpoint_check(struct arena *a, const struct checkpoint *c, const char *trusted_key);

/* @ref of @jenis as a nomor; false when malformed. */
bool checkpoint_nomor(const char *jenis, const char *ref, int64_t *nomor);

/* The checkpoint as one JSON object on one line, without a newline (arena). */
const char *checkpoint_json_line(struct arena *a, const struct checkpoint *c);

/*
 * @pemda's checkpoints numbered after @after, at most @limit of them, in order (arena); *@more
 * says whether more follow. Outputs are written on success only.
 */
pagu_err checkpoint_list(struct db *db, struct arena *a, const char *pemda, int64_t after, int limit,
			 struct checkpoint **out, int *n, bool *more);

/*
 * The signer: the key, and the log file outside PostgreSQL that every checkpoint is appended to
 * (one JSON line each, fsync'd). One per process, shared by its threads.
 */
struct checkpoint_signer;

/* Opens (creating, mode 0600) the log at @log_path for appending. Takes @key. */
pagu_err checkpoint_signer_new(struct signkey *key, const char *log_path, struct checkpoint_signer **out, char *msg,
			       size_t msgsz);
void checkpoint_signer_free(struct checkpoint_signer *s);
const struct signkey *checkpoint_signer_key(const struct checkpoint_signer *s);
const char *checkpoint_signer_log(const struct checkpoint_signer *s);
/* Tells the signer that the log already holds @pemda's checkpoints up to @urutan (read at start). */
void checkpoint_signer_logged(struct checkpoint_signer *s, const char *pemda, int64_t urutan);

/*
 * Signs every item of @pemda that is sealed, locked, closed or signed and has no checkpoint yet,
 * in one transaction per batch, and appends them to the log after the commit. First it appends to
 * the log the checkpoints the database has that the log lacks (a crash between the commit and the
 * append), after checking their signatures. It refuses (PAGU_E_CONFLICT, nothing signed) to extend
 * a chain whose stored checkpoints do not check against the key, or that is shorter than the log's:
 * it never vouches for what it did not sign. *@n: how many were signed.
 */
pagu_err checkpoint_sign_pending(struct db *db, struct checkpoint_signer *s, const char *pemda, int *n);

/* checkpoint_sign_pending for every pemda; the first failure is returned after trying them all. */
pagu_err checkpoint_sweep(struct db *db, struct checkpoint_signer *s, int *n);

#endif
