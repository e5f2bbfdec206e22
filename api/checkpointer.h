/* checkpointer.h - the process's checkpoint signer, signing after each commit and in a background sweep. */
#ifndef PAGU_CHECKPOINTER_H
#define PAGU_CHECKPOINTER_H

#include "checkpoint.h"

struct checkpointer;

/*
 * Loads (or, the first time, creates) the signing key at @key_path, opens the log at @log_path,
 * reads the log to learn what it holds, and starts a thread that every @interval seconds (and once
 * at once) signs whatever of any pemda is sealed, locked, closed or signed and has no checkpoint
 * yet: after a crash between a commit and its signature, nothing stays unsigned for long.
 * @interval 0: no thread (signing after requests only). On failure, a one-line reason in @msg.
 */
pagu_err checkpointer_start(const char *conninfo, const char *key_path, const char *log_path, unsigned interval,
			    struct checkpointer **out, char *msg, size_t msgsz);
/* Stops the thread and frees everything. Accepts NULL. */
void checkpointer_stop(struct checkpointer *c);

/* The signer of the running server, or NULL when none was started. */
struct checkpoint_signer *checkpointer_signer(void);

/*
 * Signs what @pemda has pending, on @db, after a request committed a seal, lock, close or
 * signature. Failures are logged, never reported to the client: the sweep signs it later.
 */
void checkpointer_after_commit(struct db *db, const char *pemda);

#endif
