/*
 * h_token.c - API tokens of a pemda, managed by its admin: /v1/pemda/{pemda}/token and
 * /token/{id}/cabut. The secret is shown once, to the request that created it: the reply stored
 * under the Idempotency-Key (which a replay of the same request answers, whoever sends it) has
 * "token": null, so the secret is never kept in clear, nor handed to a second caller.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "json_spec.h"
#include "opd.h"
#include "opd_json.h"
#include "utf8.h"

/* A token's name: 1 to 200 characters of text (the column's limit), no control characters. */
static pesan_kunci check_nama(const char *s, size_t len)
{
	pesan_kunci why = opd_check_text(s, len);
	if (why)
		return why;
	size_t chars = 0;
	for (size_t i = 0; i < len; chars++) {
		size_t n = utf8_seq((const unsigned char *)s + i, len - i);
		if (!n)
			return P_TEKS_BUKAN_UTF8;
		i += n;
	}
	return chars > 200 ? P_TEKS_LEBIH_200 : P_TANPA_;
}

struct token_list_ctx {
	struct api_req *r;
	json_t *items;
};

static void token_item(const struct auth_listed *t, void *arg)
{
	struct token_list_ctx *c = arg;
	json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:b}", "id", (json_int_t)t->token_id, "nama", t->nama,
			      "peran", t->role, "opd_kode", t->opd_kode[0] ? json_string(t->opd_kode) : json_null(),
			      "dibuat", t->dibuat, "dicabut", t->dicabut[0] ? json_string(t->dicabut) : json_null(),
			      "ini", t->token_id == c->r->tok.token_id);
	json_array_append_new(c->items, o);
}

/* GET /v1/pemda/{pemda}/token: every token of the pemda, revoked ones too; never a secret. */
void h_token_list(struct api_req *r)
{
	struct token_list_ctx c = { .r = r, .items = json_array() };
	pagu_err e = auth_list(r->db, r->tok.pemda_id, token_item, &c);
	if (e != PAGU_OK) {
		json_decref(c.items);
		api_tolak_engine(r, e, P_APA_DAFTAR_TOKEN);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:o}", "items", c.items));
}

struct token_create_arg {
	const char *nama, *peran, *opd;
	unsigned role;
	char secret[AUTH_TOKEN_LEN + 1]; /* of this attempt; never stored */
};

static pagu_err token_create_work(struct api_req *r, void *p)
{
	struct token_create_arg *a = p;
	a->secret[0] = '\0';
	int64_t id = 0;
	pagu_err e = auth_create(r->db, r->tok.pemda_id, a->role, a->opd, a->nama, a->secret, &id);
	if (e == PAGU_E_NOT_FOUND && a->opd) {
		api_tolak(r, PAGU_E_RULE, "/opd_kode", NULL, P_TOKEN_OPD_TIDAK_ADA, "opd", a->opd);
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	/* what is stored for a replay: everything but the secret */
	api_reply_json(r, 201,
		       json_pack("{s:I, s:s, s:s, s:o, s:n}", "id", (json_int_t)id, "nama", a->nama, "peran", a->peran,
				 "opd_kode", a->opd ? json_string(a->opd) : json_null(), "token"));
	return PAGU_OK;
}

/* POST /v1/pemda/{pemda}/token {"nama", "peran", "opd_kode"?}: 201 with the secret, shown this once. */
void h_token_create(struct api_req *r)
{
	struct token_create_arg a = { 0 };
	const struct jspec spec[] = {
		{ .name = "nama",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 800,
		  .check = check_nama,
		  .out = &a.nama },
		{ .name = "peran", .type = JSPEC_STRING, .required = true, .max_len = 32, .out = &a.peran },
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &a.opd },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	if (auth_role_parse(a.peran, &a.role) != PAGU_OK) {
		api_tolak(r, PAGU_E_INVALID, "/peran", NULL, P_TOKEN_PERAN_TIDAK_DIKENAL, "peran", a.peran);
		return;
	}
	api_idempotent(r, token_create_work, &a);
	if (r->replayed || r->status != 201 || !a.secret[0])
		return;
	/* the reply this caller reads: the stored one with the secret (a body that fails to build is a 500) */
	json_error_t jerr;
	json_t *body = json_loadb(r->reply, r->reply_len, 0, &jerr);
	free(r->reply);
	r->reply = NULL;
	r->reply_len = 0;
	if (body)
		json_object_set_new(body, "token", json_string(a.secret));
	explicit_bzero(a.secret, sizeof(a.secret));
	api_reply_json(r, 201, body);
}

struct token_revoke_arg {
	int64_t id;
};

static pagu_err token_revoke_work(struct api_req *r, void *p)
{
	struct token_revoke_arg *a = p;
	pagu_err e = auth_revoke(r->db, r->tok.pemda_id, a->id);
	if (e == PAGU_E_NOT_FOUND) {
		api_tolak(r, e, "id", NULL, P_TOKEN_TIDAK_ADA, "id", api_num(r, a->id));
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	api_reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)a->id, "dicabut", 1));
	return PAGU_OK;
}

/*
 * POST /v1/pemda/{pemda}/token/{id}/cabut[?sendiri=ya]: revokes a token at once. The token making
 * the request is revoked only when ?sendiri=ya says so (409 otherwise): an admin who revokes the
 * token in their hand is told, and not locked out by a slip.
 */
void h_token_revoke(struct api_req *r)
{
	const char *ids = api_param(r, "id");
	size_t n = strlen(ids);
	if (n == 0 || n > 18 || strspn(ids, "0123456789") != n || ids[0] == '0') {
		api_tolak(r, PAGU_E_INVALID, "id", NULL, P_TOKEN_ID_TIDAK_VALID, "id", ids);
		return;
	}
	int64_t id = strtoll(ids, NULL, 10);
	const char *sendiri = api_query(r, "sendiri");
	if (sendiri && strcmp(sendiri, "ya") != 0) {
		api_tolak(r, PAGU_E_INVALID, "sendiri", NULL, P_TOKEN_SENDIRI_YA, "nilai", sendiri);
		return;
	}
	if (!r->tok.sesi_id && id == r->tok.token_id && !sendiri) {
		api_tolak(r, PAGU_E_CONFLICT, "sendiri", NULL, P_TOKEN_CABUT_SENDIRI, "id", ids);
		return;
	}
	struct token_revoke_arg a = { .id = id };
	api_idempotent(r, token_revoke_work, &a);
}
