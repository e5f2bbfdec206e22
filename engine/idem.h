/* idem.h - idempotency records: the stored outcome of a state-changing request. */
#ifndef PAGU_IDEM_H
#define PAGU_IDEM_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "error.h"
#include "hash.h"

struct idem_record {
	char request_hash[HASH_HEX_LEN + 1];
	int status;
	const char *response; /* arena */
	const char *etag;     /* arena; "" when none */
};

/*
 * Inside a transaction: waits for any other transaction holding the same
 * (pemda, key), then reads its record. *@found says whether one exists; *@out
 * is written only then. The lock is held until the transaction ends, so of
 * two concurrent requests with one key exactly one executes.
 */
pagu_err idem_lock_get(struct db *db, struct arena *a, const char *pemda, const char *key, struct idem_record *out,
		       bool *found);

/*
 * Records the outcome of the request that just executed, in the same transaction: also the audit
 * trail's record of it (@method and @path, what was asked; by @token_id).
 */
pagu_err idem_put(struct db *db, const char *pemda, const char *key, const struct idem_record *rec, int64_t token_id,
		  const char *method, const char *path);

/*
 * A batch's keys at once, inside a transaction: @keys is a JSON array of strings. Locks every
 * key (in one order for every caller, so two batches never wait for each other in a circle)
 * and says in *@known whether any of them has a record already.
 */
pagu_err idem_batch_lock(struct db *db, const char *pemda, const char *keys, bool *known);

/*
 * Records the outcomes (status 201, method POST) of a batch's requests: @records is a JSON
 * array of {kunci, request_hash, response, jalur}; by @token_id.
 */
pagu_err idem_batch_put(struct db *db, const char *pemda, const char *records, int64_t token_id);

#endif
