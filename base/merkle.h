/* merkle.h - Merkle roots and proofs over hex SHA-256 leaves, for the ledger's seals. */
#ifndef PAGU_MERKLE_H
#define PAGU_MERKLE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "hash.h"

/*
 * Leaves are lowercase hex SHA-256 strings (64 characters). A parent is the SHA-256
 * (hex) of the left child's hex followed by the right child's hex; an odd last node
 * moves up a level unchanged. The root of one leaf is the leaf; of none, the SHA-256
 * of the empty string.
 */
void merkle_root(const char *const *leaves, size_t n, char out[HASH_HEX_LEN + 1]);

/* One step of a proof: the sibling's hex and whether it stands on the left. */
struct merkle_step {
	char sibling[HASH_HEX_LEN + 1];
	bool left;
};

/*
 * The path from leaf @i to the root: *@steps (arena) and *@n. Applying them to the
 * leaf (hash(sibling + node) when left, hash(node + sibling) otherwise) yields the root.
 */
void merkle_proof(struct arena *a, const char *const *leaves, size_t n, size_t i, struct merkle_step **steps,
		  size_t *nsteps);

/* Whether @steps lead from @leaf to @root. */
bool merkle_check(const char *leaf, const struct merkle_step *steps, size_t n, const char *root);

#endif
