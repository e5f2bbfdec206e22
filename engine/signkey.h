/* signkey.h - the Ed25519 key that signs checkpoints: a file on the application host, never in the database. */
#ifndef PAGU_SIGNKEY_H
#define PAGU_SIGNKEY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define SIGNKEY_PUB_HEX_LEN 64	/* 32 bytes */
#define SIGNKEY_SIG_HEX_LEN 128 /* 64 bytes */

struct signkey;

/*
 * Loads the private key from @path (PEM, PKCS#8), or, when @create and the file does not exist,
 * generates one and writes it there with mode 0600 (the directory must exist). Refuses a file that
 * is not a regular file or whose mode lets anyone but its owner read or write it (looser than
 * 0600), and a key that is not Ed25519. On failure writes a one-line reason to @msg.
 * *@created says whether it was generated. Free with signkey_free.
 */
pagu_err signkey_load(const char *path, bool create, struct signkey **out, bool *created, char *msg, size_t msgsz);
void signkey_free(struct signkey *k);

/* The public key as 64 lowercase hex digits and a NUL. */
const char *signkey_public_hex(const struct signkey *k);
/* The public key as PEM (SubjectPublicKeyInfo), malloc'd; NULL when out of memory. */
char *signkey_public_pem(const struct signkey *k);

/* Signs @len bytes at @msg: the signature as 128 hex digits and a NUL in @out. */
pagu_err signkey_sign(const struct signkey *k, const void *msg, size_t len, char out[SIGNKEY_SIG_HEX_LEN + 1]);

/*
 * Whether @sig_hex (128 hex digits) is a valid Ed25519 signature of @msg under the public key
 * @pub_hex (64 hex digits). Malformed hex is simply not valid.
 */
bool signkey_verify(const char *pub_hex, const void *msg, size_t len, const char *sig_hex);

/* Whether @s is exactly @n lowercase hex digits. */
bool signkey_is_hex(const char *s, size_t n);

#endif
