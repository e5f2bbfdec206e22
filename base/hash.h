/* hash.h - SHA-256 helpers over libcrypto. */
#ifndef PAGU_HASH_H
#define PAGU_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

/* Writes the lowercase hex SHA-256 of @len bytes at @data and a NUL to @out. */
void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1]);

/* Incremental form, for hashing several files as one. */
struct hash_ctx;
struct hash_ctx *hash_new(void);
void hash_update(struct hash_ctx *h, const void *data, size_t len);
/* Finishes and frees @h. */
void hash_final_hex(struct hash_ctx *h, char out[HASH_HEX_LEN + 1]);

#endif
