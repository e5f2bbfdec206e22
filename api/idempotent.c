/* idempotent.c - running a write under its Idempotency-Key, once. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "hash.h"
#include "idem.h"

struct idem_txn {
	struct api_req *r;
	api_work_fn work;
	void *arg;
	const char *hash;
};

/* A stale reply of an earlier (rolled back) attempt must not leak into this one. */
static void reply_reset(struct api_req *r)
{
	free(r->reply);
	r->reply = NULL;
	r->reply_len = 0;
	r->status = 0;
	r->etag = NULL;
	r->replayed = false;
	r->idem_simpan = NULL;
}

static pagu_err idem_cb(struct db *db, void *p)
{
	struct idem_txn *t = p;
	struct api_req *r = t->r;
	reply_reset(r);
	struct idem_record rec;
	bool found = false;
	pagu_err e = idem_lock_get(db, &r->arena, r->tok.pemda_id, r->idempotency_key, &rec, &found);
	if (e != PAGU_OK)
		return e;
	if (found) {
		if (strcmp(rec.request_hash, t->hash) != 0) {
			api_tolak(r, PAGU_E_IDEMPOTENCY_REUSED, "Idempotency-Key", NULL, P_KUNCI_DIPAKAI, "kunci",
				  r->idempotency_key);
			return PAGU_OK;
		}
		r->reply = strdup(rec.response);
		if (!r->reply)
			abort();
		r->reply_len = strlen(r->reply);
		r->status = (unsigned)rec.status;
		r->content_type = "application/json";
		r->etag = rec.etag[0] ? rec.etag : NULL;
		r->replayed = true;
		return PAGU_OK;
	}
	e = t->work(r, t->arg);
	if (e != PAGU_OK)
		return e;
	if (r->status < 200 || r->status > 299) {
		/* a refusal writes nothing: roll back, the reply stands */
		return PAGU_E_CONFLICT;
	}
	/* a reply carrying a secret (a one-time code) is stored without it: a replay never hands it out */
	struct idem_record out = { .status = (int)r->status,
				   .response = r->idem_simpan ? r->idem_simpan : r->reply,
				   .etag = r->etag };
	memcpy(out.request_hash, t->hash, sizeof(out.request_hash));
	return idem_put(db, r->tok.pemda_id, r->idempotency_key, &out, r->tok.token_id, r->method, r->path);
}

/* Query parameters take part in what "the same request" means (?tahun=, ?sumber_dana=). */
static enum MHD_Result hash_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct hash_ctx *h = cls;
	hash_update(h, key, strlen(key) + 1);
	hash_update(h, value ? value : "", value ? strlen(value) + 1 : 1);
	return MHD_YES;
}

void api_idempotent(struct api_req *r, api_work_fn work, void *arg)
{
	/* the request as a whole: method, path, query, body */
	struct hash_ctx *h = hash_new();
	hash_update(h, r->method, strlen(r->method) + 1);
	hash_update(h, r->path, strlen(r->path) + 1);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, hash_arg, h);
	hash_update(h, "", 1);
	hash_update(h, r->body ? r->body : "", r->body_len);
	char hex[HASH_HEX_LEN + 1];
	hash_final_hex(h, hex);
	struct idem_txn t = { .r = r, .work = work, .arg = arg, .hash = hex };
	pagu_err e = db_txn(r->db, DB_READ_COMMITTED, idem_cb, &t);
	if (e == PAGU_E_CONFLICT && r->reply && r->status >= 400)
		return; /* the refusal from work, rolled back */
	if (e != PAGU_OK) {
		reply_reset(r);
		api_tolak_engine(r, e, P_APA_PERMINTAAN);
	}
}
