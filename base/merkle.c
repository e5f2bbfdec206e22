/* merkle.c - Merkle roots and proofs over hex SHA-256 leaves. */
#include "merkle.h"

#include <stdlib.h>
#include <string.h>

static void parent(const char *l, const char *r, char out[HASH_HEX_LEN + 1])
{
	char both[2 * HASH_HEX_LEN];
	memcpy(both, l, HASH_HEX_LEN);
	memcpy(both + HASH_HEX_LEN, r, HASH_HEX_LEN);
	hash_sha256_hex(both, sizeof(both), out);
}

/* One level up: @n nodes of @cur into @next; returns the new count. */
static size_t level_up(char (*cur)[HASH_HEX_LEN + 1], size_t n, char (*next)[HASH_HEX_LEN + 1])
{
	size_t m = 0;
	for (size_t i = 0; i < n; i += 2, m++) {
		if (i + 1 < n)
			parent(cur[i], cur[i + 1], next[m]);
		else
			memcpy(next[m], cur[i], HASH_HEX_LEN + 1);
	}
	return m;
}

void merkle_root(const char *const *leaves, size_t n, char out[HASH_HEX_LEN + 1])
{
	if (n == 0) {
		hash_sha256_hex("", 0, out);
		return;
	}
	char(*nodes)[HASH_HEX_LEN + 1] = malloc((n + 1) * sizeof(*nodes));
	if (!nodes)
		abort();
	for (size_t i = 0; i < n; i++) {
		memcpy(nodes[i], leaves[i], HASH_HEX_LEN);
		nodes[i][HASH_HEX_LEN] = '\0';
	}
	/* in place: level i+1 is written over the front of level i */
	while (n > 1)
		n = level_up(nodes, n, nodes);
	memcpy(out, nodes[0], HASH_HEX_LEN + 1);
	free(nodes);
}

void merkle_proof(struct arena *a, const char *const *leaves, size_t n, size_t i, struct merkle_step **steps,
		  size_t *nsteps)
{
	size_t cap = 1;
	for (size_t k = n; k > 1; k = (k + 1) / 2)
		cap++;
	struct merkle_step *s = arena_alloc(a, sizeof(*s) * cap);
	size_t ns = 0;
	char(*nodes)[HASH_HEX_LEN + 1] = malloc((n + 1) * sizeof(*nodes));
	if (!nodes)
		abort();
	for (size_t k = 0; k < n; k++) {
		memcpy(nodes[k], leaves[k], HASH_HEX_LEN);
		nodes[k][HASH_HEX_LEN] = '\0';
	}
	while (n > 1) {
		size_t sib = i ^ 1u;
		if (sib < n) {
			memcpy(s[ns].sibling, nodes[sib], HASH_HEX_LEN + 1);
			s[ns++].left = sib < i;
		}
		n = level_up(nodes, n, nodes);
		i /= 2;
	}
	free(nodes);
	*steps = s;
	*nsteps = ns;
}

bool merkle_check(const char *leaf, const struct merkle_step *steps, size_t n, const char *root)
{
	char node[HASH_HEX_LEN + 1];
	memcpy(node, leaf, HASH_HEX_LEN);
	node[HASH_HEX_LEN] = '\0';
	for (size_t k = 0; k < n; k++) {
		char up[HASH_HEX_LEN + 1];
		if (steps[k].left)
			parent(steps[k].sibling, node, up);
		else
			parent(node, steps[k].sibling, up);
		memcpy(node, up, sizeof(node));
	}
	return !strcmp(node, root);
}
