/* hash.c - SHA-256 through OpenSSL's EVP interface. */
#include "hash.h"

#include <openssl/evp.h>
#include <stdlib.h>

struct hash_ctx {
	EVP_MD_CTX *md;
};

struct hash_ctx *hash_new(void)
{
	struct hash_ctx *h = malloc(sizeof(*h));
	if (!h)
		abort();
	h->md = EVP_MD_CTX_new();
	if (!h->md || EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1)
		abort();
	return h;
}

void hash_update(struct hash_ctx *h, const void *data, size_t len)
{
	if (EVP_DigestUpdate(h->md, data, len) != 1)
		abort();
}

void hash_final_hex(struct hash_ctx *h, char out[HASH_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (EVP_DigestFinal_ex(h->md, d, &n) != 1 || n != 32)
		abort();
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
	EVP_MD_CTX_free(h->md);
	free(h);
}

void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
	struct hash_ctx *h = hash_new();
	hash_update(h, data, len);
	hash_final_hex(h, out);
}
