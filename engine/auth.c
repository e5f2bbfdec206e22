/* auth.c - bearer tokens stored as SHA-256 hashes. */
#include "auth.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "hash.h"

enum { Q_BY_HASH, Q_INSERT, Q_LIST, Q_REVOKE, Q_N };
#define TOKEN_ROW(C, r) C(r, pemda_id) C(r, token_id) C(r, nama) C(r, peran) C(r, opd_kode)
DB_ROW(token_row, TOKEN_ROW);
#define ID_ROW(C, r) C(r, token_id)
DB_ROW(id_row, ID_ROW);
#define LISTED_ROW(C, r) C(r, pemda_id) C(r, token_id) C(r, nama) C(r, peran) C(r, opd_kode) C(r, dibuat) C(r, dicabut)
DB_ROW(listed_row, LISTED_ROW);
static const struct stmt q[Q_N] = {
	/* $1 the token's SHA-256 */
	[Q_BY_HASH] = { "token_by_hash",
			"SELECT pemda_id, token_id, nama, peran, opd_kode FROM api_token"
			" WHERE hash = $1::bytea AND dicabut IS NULL",
			1, token_row__cols },
	[Q_INSERT] = { "token_insert",
		       "INSERT INTO api_token (pemda_id, nama, peran, opd_kode, hash)"
		       " VALUES ($1, $2, $3, $4, $5::bytea) RETURNING token_id",
		       5, id_row__cols },
	/* $1 pemda or NULL: every pemda's */
	[Q_LIST] = { "token_list",
		     "SELECT pemda_id, token_id, nama, peran, coalesce(opd_kode, '') AS opd_kode,"
		     " to_char(dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS dibuat,"
		     " coalesce(to_char(dicabut AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') AS dicabut"
		     " FROM api_token WHERE ($1::text IS NULL OR pemda_id = $1) AND pengguna_id IS NULL"
		     " ORDER BY pemda_id, token_id",
		     1, listed_row__cols },
	[Q_REVOKE] = { "token_revoke",
		       "UPDATE api_token SET dicabut = now() WHERE pemda_id = $1 AND token_id = $2::bigint"
		       " AND dicabut IS NULL AND pengguna_id IS NULL RETURNING token_id",
		       2, id_row__cols },
};
const struct stmt_area stmt_area_auth = { "auth", q, Q_N };

static const char *const role_names[] = { "planner", "finance", "revenue", "inspector", "admin", "sekda" };
static const unsigned role_bits[] = {
	ROLE_PLANNER, ROLE_FINANCE, ROLE_REVENUE, ROLE_INSPECTOR, ROLE_ADMIN, ROLE_SEKDA
};
#define NROLES (sizeof(role_bits) / sizeof(role_bits[0]))

const char *auth_role_name(unsigned role)
{
	for (size_t i = 0; i < NROLES; i++)
		if (role_bits[i] == role)
			return role_names[i];
	return NULL;
}

pagu_err auth_role_parse(const char *name, unsigned *out)
{
	for (size_t i = 0; i < NROLES; i++) {
		if (!strcmp(name, role_names[i])) {
			*out = role_bits[i];
			return PAGU_OK;
		}
	}
	return PAGU_E_INVALID;
}

const char auth_b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pagu_err auth_secret43(char out[44])
{
	unsigned char raw[32];
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return PAGU_E_IO;
	/* 32 bytes = 42 full sextets + 4 bits: 43 characters */
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	for (int i = 0; i < 32; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = auth_b64url[(acc >> bits) & 63];
		}
	}
	out[o++] = auth_b64url[(acc << (6 - bits)) & 63];
	out[o] = '\0';
	return PAGU_OK;
}

static bool token_well_formed(const char *t, size_t len)
{
	if (len != AUTH_TOKEN_LEN || memcmp(t, "pagu_", 5) != 0)
		return false;
	for (size_t i = 5; i < len; i++)
		if (!t[i] || !strchr(auth_b64url, t[i]))
			return false;
	return true;
}

/* The bytea literal of the token's SHA-256: "\x" and 64 hex digits. */
static void token_hash_param(const char *t, size_t len, char out[2 + HASH_HEX_LEN + 1])
{
	out[0] = '\\';
	out[1] = 'x';
	hash_sha256_hex(t, len, out + 2);
}

pagu_err auth_verify(struct db *db, const char *token, size_t len, struct auth_token *out)
{
	if (!token_well_formed(token, len))
		return PAGU_E_UNAUTHENTICATED;
	char h[2 + HASH_HEX_LEN + 1];
	token_hash_param(token, len, h);
	const char *p[] = { h };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_BY_HASH], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_UNAUTHENTICATED;
	}
	unsigned role = 0;
	if (auth_role_parse(PQgetvalue(r, 0, token_row_peran), &role) != PAGU_OK) {
		PQclear(r);
		return PAGU_E_UNAUTHENTICATED;
	}
	snprintf(out->pemda_id, sizeof(out->pemda_id), "%s", PQgetvalue(r, 0, token_row_pemda_id));
	out->token_id = strtoll(PQgetvalue(r, 0, token_row_token_id), NULL, 10);
	snprintf(out->nama, sizeof(out->nama), "%s", PQgetvalue(r, 0, token_row_nama));
	out->role = role;
	snprintf(out->opd_kode, sizeof(out->opd_kode), "%s",
		 PQgetisnull(r, 0, token_row_opd_kode) ? "" : PQgetvalue(r, 0, token_row_opd_kode));
	PQclear(r);
	return PAGU_OK;
}

pagu_err auth_create(struct db *db, const char *pemda, unsigned role, const char *opd, const char *nama,
		     char token_out[AUTH_TOKEN_LEN + 1], int64_t *id)
{
	char tok[AUTH_TOKEN_LEN + 1];
	memcpy(tok, "pagu_", 5);
	pagu_err se = auth_secret43(tok + 5);
	if (se != PAGU_OK)
		return se;
	size_t o = AUTH_TOKEN_LEN;
	const char *rn = auth_role_name(role);
	if (!rn)
		return PAGU_E_INVALID;
	char h[2 + HASH_HEX_LEN + 1];
	token_hash_param(tok, o, h);
	const char *p[] = { pemda, nama, rn, opd, h };
	PGresult *r = NULL;
	/* a foreign key refuses a pemda or OPD that does not exist: fault.c makes it not found */
	pagu_err e = db_exec(db, &q[Q_INSERT], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, NULL, e, NULL);
	*id = strtoll(PQgetvalue(r, 0, id_row_token_id), NULL, 10);
	PQclear(r);
	memcpy(token_out, tok, o + 1);
	return PAGU_OK;
}

pagu_err auth_revoke(struct db *db, const char *pemda, int64_t id)
{
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	const char *p[] = { pemda, ids };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_REVOKE], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	PQclear(r);
	return n == 1 ? PAGU_OK : PAGU_E_NOT_FOUND;
}

pagu_err auth_list(struct db *db, const char *pemda, void (*fn)(const struct auth_listed *t, void *arg), void *arg)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		struct auth_listed t = {
			.pemda_id = PQgetvalue(r, i, listed_row_pemda_id),
			.token_id = strtoll(PQgetvalue(r, i, listed_row_token_id), NULL, 10),
			.nama = PQgetvalue(r, i, listed_row_nama),
			.role = PQgetvalue(r, i, listed_row_peran),
			.opd_kode = PQgetvalue(r, i, listed_row_opd_kode),
			.dibuat = PQgetvalue(r, i, listed_row_dibuat),
			.dicabut = PQgetvalue(r, i, listed_row_dicabut),
		};
		fn(&t, arg);
	}
	PQclear(r);
	return PAGU_OK;
}
