/* signkey.c - Ed25519 signing through OpenSSL's EVP interface; the key lives in a mode-0600 file. */
#include "signkey.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct signkey {
	EVP_PKEY *pkey;
	char pub_hex[SIGNKEY_PUB_HEX_LEN + 1];
};

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool signkey_is_hex(const char *s, size_t n)
{
	if (!s)
		return false;
	for (size_t i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return false;
	return s[n] == '\0';
}

static bool from_hex(const char *s, unsigned char *out, size_t n)
{
	if (!signkey_is_hex(s, 2 * n))
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
	return true;
}

static pagu_err finish(struct signkey *k, EVP_PKEY *pkey, char *msg, size_t msgsz)
{
	unsigned char pub[32];
	size_t len = sizeof(pub);
	if (EVP_PKEY_get_raw_public_key(pkey, pub, &len) != 1 || len != sizeof(pub)) {
		snprintf(msg, msgsz, "the signing key has no Ed25519 public key");
		EVP_PKEY_free(pkey);
		return PAGU_E_INVALID;
	}
	k->pkey = pkey;
	to_hex(pub, sizeof(pub), k->pub_hex);
	return PAGU_OK;
}

static pagu_err generate(const char *path, struct signkey *k, char *msg, size_t msgsz)
{
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &pkey) != 1) {
		EVP_PKEY_CTX_free(ctx);
		snprintf(msg, msgsz, "could not generate an Ed25519 key");
		return PAGU_E_INTERNAL;
	}
	EVP_PKEY_CTX_free(ctx);
	/* created with its final mode: there is no moment at which another user could read it */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(msg, msgsz, "could not create the signing key %s: %s", path, strerror(errno));
		EVP_PKEY_free(pkey);
		return PAGU_E_IO;
	}
	FILE *f = fdopen(fd, "w");
	bool ok =
		f && PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL) == 1 && fflush(f) == 0 && fsync(fd) == 0;
	if (f)
		ok = fclose(f) == 0 && ok;
	else
		close(fd);
	if (!ok) {
		snprintf(msg, msgsz, "could not write the signing key %s", path);
		(void)unlink(path);
		EVP_PKEY_free(pkey);
		return PAGU_E_IO;
	}
	return finish(k, pkey, msg, msgsz);
}

pagu_err signkey_load(const char *path, bool create, struct signkey **out, bool *created, char *msg, size_t msgsz)
{
	struct signkey *k = calloc(1, sizeof(*k));
	if (!k)
		return PAGU_E_NOMEM;
	*created = false;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		pagu_err e = generate(path, k, msg, msgsz);
		if (e != PAGU_OK) {
			free(k);
			return e;
		}
		*created = true;
		*out = k;
		return PAGU_OK;
	}
	if (fd < 0) {
		snprintf(msg, msgsz, "could not open the signing key %s: %s", path, strerror(errno));
		free(k);
		return PAGU_E_IO;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(msg, msgsz, "the signing key %s is not a regular file", path);
		close(fd);
		free(k);
		return PAGU_E_INVALID;
	}
	if (st.st_mode & 077) {
		snprintf(msg, msgsz,
			 "the signing key %s has mode %04o: it must be readable by its owner only (chmod 600 it)", path,
			 (unsigned)(st.st_mode & 07777));
		close(fd);
		free(k);
		return PAGU_E_INVALID;
	}
	FILE *f = fdopen(fd, "r");
	EVP_PKEY *pkey = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	else
		close(fd);
	if (!pkey || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
		snprintf(msg, msgsz, "the signing key %s is not an Ed25519 private key in PEM", path);
		EVP_PKEY_free(pkey);
		free(k);
		return PAGU_E_INVALID;
	}
	pagu_err e = finish(k, pkey, msg, msgsz);
	if (e != PAGU_OK) {
		free(k);
		return e;
	}
	*out = k;
	return PAGU_OK;
}

void signkey_free(struct signkey *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

const char *signkey_public_hex(const struct signkey *k)
{
	return k->pub_hex;
}

char *signkey_public_pem(const struct signkey *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return NULL;
	char *out = NULL;
	if (PEM_write_bio_PUBKEY(b, k->pkey) == 1) {
		char *p;
		long n = BIO_get_mem_data(b, &p);
		if (n > 0 && (out = malloc((size_t)n + 1))) {
			memcpy(out, p, (size_t)n);
			out[n] = '\0';
		}
	}
	BIO_free(b);
	return out;
}

pagu_err signkey_sign(const struct signkey *k, const void *msg, size_t len, char out[SIGNKEY_SIG_HEX_LEN + 1])
{
	unsigned char sig[64];
	size_t siglen = sizeof(sig);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md && EVP_DigestSignInit(md, NULL, NULL, NULL, k->pkey) == 1 &&
		  EVP_DigestSign(md, sig, &siglen, msg, len) == 1 && siglen == sizeof(sig);
	EVP_MD_CTX_free(md);
	if (!ok)
		return PAGU_E_INTERNAL;
	to_hex(sig, sizeof(sig), out);
	return PAGU_OK;
}

bool signkey_verify(const char *pub_hex, const void *msg, size_t len, const char *sig_hex)
{
	unsigned char pub[32], sig[64];
	if (!from_hex(pub_hex, pub, sizeof(pub)) || !from_hex(sig_hex, sig, sizeof(sig)))
		return false;
	EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, sizeof(pub));
	if (!pkey)
		return false;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md && EVP_DigestVerifyInit(md, NULL, NULL, NULL, pkey) == 1 &&
		  EVP_DigestVerify(md, sig, sizeof(sig), msg, len) == 1;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pkey);
	return ok;
}
