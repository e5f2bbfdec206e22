/* auth.h - bearer tokens: creation, verification, listing, revocation; roles. */
#ifndef PAGU_AUTH_H
#define PAGU_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "error.h"

/* Roles, as bits so a route can admit several. */
enum auth_role {
	ROLE_PLANNER = 1u << 1,	  /* Bappeda; OPD staff when scoped to an OPD */
	ROLE_FINANCE = 1u << 2,	  /* BPKAD / TAPD */
	ROLE_REVENUE = 1u << 3,	  /* Bapenda / Dispenda */
	ROLE_INSPECTOR = 1u << 4, /* Inspektorat: reads everything, evaluates */
	ROLE_ADMIN = 1u << 5,	  /* master data and tokens */
	ROLE_SEKDA = 1u << 6,	  /* Sekretaris Daerah: approves a pergeseran antar objek (issue 18) */
};
#define ROLE_ALL (ROLE_PLANNER | ROLE_FINANCE | ROLE_REVENUE | ROLE_INSPECTOR | ROLE_ADMIN | ROLE_SEKDA)

/* "planner" etc.; NULL for a value that is not one role bit. */
const char *auth_role_name(unsigned role);
/* PAGU_E_INVALID for an unknown name; *out untouched then. */
pagu_err auth_role_parse(const char *name, unsigned *out);

/* The base64url alphabet of tokens and session secrets. */
extern const char auth_b64url[];
/* 256 random bits as 43 base64url characters and a NUL into @out: a token's or a session's secret. */
pagu_err auth_secret43(char out[44]);

/* A token is "pagu_" followed by 43 base64url characters (256 random bits). */
#define AUTH_TOKEN_LEN (5 + 43)

struct auth_token {
	int64_t token_id;
	char pemda_id[16];
	char nama[801];	     /* up to 200 characters of UTF-8: never cut inside one */
	unsigned role;	     /* a person's session: every role they hold (several bits) */
	char opd_kode[32];   /* "" when not scoped */
	int64_t pengguna_id; /* the person of a session; 0 for a system's token */
	int64_t sesi_id;     /* the session; 0 for a token */
	char terbatas[16];   /* a session restricted to "ganti_sandi" or "daftar_totp"; "" when not */
	char csrf_hash[65];  /* a session's CSRF token's SHA-256, hex */
};

/*
 * Looks the token up by its SHA-256. PAGU_E_UNAUTHENTICATED for a malformed,
 * unknown or revoked token; *out written on success only. The secret is never
 * compared byte by byte: only its hash reaches the database.
 */
pagu_err auth_verify(struct db *db, const char *token, size_t len, struct auth_token *out);

/*
 * Creates a token; writes it (NUL-terminated) to @token_out, which the caller
 * shows once and forgets, and its id to *@id. PAGU_E_NOT_FOUND for an unknown
 * pemda or OPD.
 */
pagu_err auth_create(struct db *db, const char *pemda, unsigned role, const char *opd, const char *nama,
		     char token_out[AUTH_TOKEN_LEN + 1], int64_t *id);

struct auth_listed {
	const char *pemda_id, *nama, *role, *opd_kode, *dibuat, *dicabut; /* "" when none */
	int64_t token_id;
};
/* Calls @fn for every token of a system (of @pemda, or all when NULL; not a person's backing row), ordered by pemda and id. */
pagu_err auth_list(struct db *db, const char *pemda, void (*fn)(const struct auth_listed *t, void *arg), void *arg);

/* PAGU_E_NOT_FOUND when no unrevoked token @id of @pemda exists (a person's backing row is none). */
pagu_err auth_revoke(struct db *db, const char *pemda, int64_t id);

#endif
