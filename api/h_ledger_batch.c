/*
 * h_ledger_batch.c - POST /v1/pemda/{pemda}/ledger/batch: up to 1,000 operations, each
 * with its own idempotency key; atomic (all or none, one transaction) or each on its own.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "idem.h"
#include "json_spec.h"
#include "ledger_json.h"
#include "opd_json.h"

#define BATCH_MAX 1000

struct item {
	const char *key;
	char hash[HASH_HEX_LEN + 1]; /* of the operation as sent */
	struct ledger_op op;
	/* the outcome */
	pagu_err err;
	int status;
	json_t *body;
};

struct batch {
	struct api_req *r;
	struct item *items;
	size_t n;
	bool atomic;
	size_t failed_at; /* atomic: the operation that stopped the batch */
	bool one_by_one;  /* the set could not be posted as a set: post the operations in turn */
};

static pesan_kunci check_key(const char *s, size_t len)
{
	if (len < 1 || len > 255)
		return P_BUKAN_KUNCI;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '!' || s[i] > '~')
			return P_BUKAN_KUNCI;
	return P_TANPA_;
}

/* The operations a batch carries, each with the route that posts it alone. */
static const struct {
	const char *jenis, *path;
} kinds[] = {
	{ "spd", "/v1/pemda/{pemda}/ledger/spd" },   { "spm", "/v1/pemda/{pemda}/ledger/spm" },
	{ "sp2d", "/v1/pemda/{pemda}/ledger/sp2d" }, { "void", "/v1/pemda/{pemda}/ledger/spm/{id}/void" },
	{ "sts", "/v1/pemda/{pemda}/ledger/sts" },   { "koreksi", "/v1/pemda/{pemda}/ledger/koreksi" },
};

/* Who may do what: as the route table says for the operation's own route (roles and OPD scope). */
static bool allowed(const struct api_req *r, const char *jenis)
{
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(jenis, kinds[k].jenis))
			return api_route_admits("POST", kinds[k].path, &r->tok);
	return false;
}

static void problem(struct item *it, struct api_req *r, pagu_err e, const char *field, const char *detail)
{
	json_decref(it->body);
	it->err = e;
	it->status = pagu_err_status(e);
	it->body = api_problem_new(r, e, field, NULL, detail);
}

/* @j as compact JSON text in @a. */
static const char *dumps(struct arena *a, const json_t *j)
{
	if (!j)
		return "null"; /* (a stored reply that did not parse back, say) */
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text)
		abort(); /* out of memory: the arena's policy (arena.h) */
	const char *out = arena_strdup(a, text);
	free(text);
	return out;
}

/* One operation inside the current transaction: a replay, a refusal or a posting with its record. */
static pagu_err run_one(struct db *db, struct batch *b, size_t i)
{
	struct api_req *r = b->r;
	struct item *it = &b->items[i];
	struct idem_record rec;
	bool found = false;
	pagu_err e = idem_lock_get(db, &r->arena, r->tok.pemda_id, it->key, &rec, &found);
	if (e != PAGU_OK)
		return e;
	json_error_t jerr;
	if (found) {
		if (strcmp(rec.request_hash, it->hash)) {
			problem(it, r, PAGU_E_IDEMPOTENCY_REUSED,
				arena_printf(&r->arena, "/operasi/%zu/idempotency_key", i),
				api_pesan(r, P_KUNCI_DIPAKAI, "kunci", it->key));
			return PAGU_OK;
		}
		json_decref(it->body);
		it->status = rec.status;
		it->body = json_loads(rec.response, JSON_DECODE_ANY, &jerr);
		return PAGU_OK;
	}
	struct pagu_fault f = { 0 };
	const char *json = NULL;
	e = ledger_post(db, &r->arena, r->tok.pemda_id, &it->op, r->tok.token_id, &json, &f);
	if (pagu_err_is_db(e) || e == PAGU_E_INTERNAL)
		return e;
	if (e != PAGU_OK) {
		const char *field = f.field ? arena_printf(&r->arena, "/operasi/%zu%s", i, f.field) : NULL;
		problem(it, r, e, field, api_fault_teks(r, e, &f));
		return PAGU_OK;
	}
	json_t *body = json_loads(json, 0, &jerr);
	if (!body)
		return PAGU_E_INTERNAL;
	e = ledger_rules_after(r, db, &it->op, body, &f);
	if (pagu_err_is_db(e)) {
		json_decref(body);
		return e;
	}
	if (e != PAGU_OK) {
		json_decref(body);
		problem(it, r, e, arena_printf(&r->arena, "/operasi/%zu/rules", i), api_fault_teks(r, e, &f));
		return PAGU_OK;
	}
	json_decref(it->body);
	it->status = 201;
	it->body = body;
	struct idem_record out = { .status = 201, .response = dumps(&r->arena, body), .etag = NULL };
	memcpy(out.request_hash, it->hash, sizeof(out.request_hash));
	return idem_put(db, r->tok.pemda_id, it->key, &out, r->tok.token_id, r->method,
			arena_printf(&r->arena, "%s#/operasi/%zu", r->path, i));
}

static pagu_err run_all(struct db *db, void *p)
{
	struct batch *b = p;
	for (size_t i = 0; i < b->n; i++) {
		pagu_err e = run_one(db, b, i);
		if (e != PAGU_OK)
			return e;
		if (b->items[i].status >= 400) {
			b->failed_at = i;
			return PAGU_E_CONFLICT; /* all or none: roll back what went before */
		}
	}
	return PAGU_OK;
}

/* Whether every operation is a direct SP2D (no SPM), the kind pagu_ledger_sp2d_set posts as a set. */
static bool direct_sp2d_only(const struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct ledger_op *op = &b->items[i].op;
		if (strcmp(op->jenis, "sp2d") || op->ref_id || op->nbaris < 1 || !op->nomor)
			return false;
	}
	return b->n > 0;
}

/* Whether two operations are of one OPD, year and month (YYYY-MM of their dates): one rules evaluation. */
static bool same_group(const struct ledger_op *x, const struct ledger_op *y)
{
	return x->tahun == y->tahun && !strncmp(x->tanggal, y->tanggal, 7) && !strcmp(x->opd_kode, y->opd_kode);
}

/*
 * An atomic batch of direct SP2Ds as one set: its keys locked and found new, the postings in one
 * statement, the rules of post sp2d once for each OPD and month on the pockets as the batch leaves
 * them (recorded against the group's last entry, reported with each of its operations), and the
 * idempotency records in one statement. Anything else (a known key, a check or a rule that
 * refuses) sets one_by_one: the transaction rolls back and the caller posts the operations in
 * turn, which names the refusal exactly.
 */
static pagu_err run_set(struct db *db, void *p)
{
	struct batch *b = p;
	struct api_req *r = b->r;
	json_t *keys = json_array();
	for (size_t i = 0; i < b->n; i++)
		json_array_append_new(keys, json_string(b->items[i].key));
	const char *keys_json = dumps(&r->arena, keys);
	json_decref(keys);
	bool known = false;
	pagu_err e = idem_batch_lock(db, r->tok.pemda_id, keys_json, &known);
	if (e != PAGU_OK)
		return e;
	if (known) {
		b->one_by_one = true; /* replays: each answers as it did */
		return PAGU_E_CONFLICT;
	}
	const struct ledger_op **ops = arena_alloc(&r->arena, sizeof(*ops) * b->n);
	for (size_t i = 0; i < b->n; i++)
		ops[i] = &b->items[i].op;
	const char *json = NULL;
	e = ledger_sp2d_set_post(db, &r->arena, r->tok.pemda_id, ops, b->n, r->tok.token_id, &json);
	if (e != PAGU_OK)
		return e;
	if (!json) {
		b->one_by_one = true; /* a check refused, or a number was taken by a concurrent request */
		return PAGU_E_CONFLICT;
	}
	json_error_t jerr;
	json_t *all = json_loads(json, 0, &jerr);
	if (!json_is_array(all) || json_array_size(all) != b->n) {
		json_decref(all);
		return PAGU_E_INTERNAL;
	}
	for (size_t i = 0; i < b->n; i++) {
		json_decref(b->items[i].body);
		b->items[i].body = json_incref(json_array_get(all, i));
		b->items[i].status = 201;
	}
	json_decref(all);
	/* the rules: each OPD and month once, evaluated at its last operation */
	for (size_t i = 0; i < b->n; i++) {
		const struct ledger_op *op = &b->items[i].op;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = same_group(&b->items[j].op, op);
		if (seen)
			continue;
		size_t last = i;
		for (size_t j = i + 1; j < b->n; j++)
			if (same_group(&b->items[j].op, op))
				last = j;
		struct pagu_fault f = { 0 };
		e = ledger_rules_after(r, db, &b->items[last].op, b->items[last].body, &f);
		if (pagu_err_is_db(e))
			return e;
		if (e != PAGU_OK) {
			b->one_by_one = true; /* a rule refuses: one by one says at which operation */
			return PAGU_E_CONFLICT;
		}
		json_t *rules = json_object_get(b->items[last].body, "rules");
		for (size_t j = i; rules && j < last; j++)
			if (same_group(&b->items[j].op, op))
				json_object_set_new(b->items[j].body, "rules", json_incref(rules));
	}
	json_t *recs = json_array();
	for (size_t i = 0; i < b->n; i++)
		json_array_append_new(recs, json_pack("{s:s, s:s, s:s, s:s}", "kunci", b->items[i].key, "request_hash",
						      b->items[i].hash, "response", dumps(&r->arena, b->items[i].body),
						      "jalur", arena_printf(&r->arena, "%s#/operasi/%zu", r->path, i)));
	const char *recs_json = dumps(&r->arena, recs);
	json_decref(recs);
	return idem_batch_put(db, r->tok.pemda_id, recs_json, r->tok.token_id);
}

struct single {
	struct batch *b;
	size_t i;
};

static pagu_err run_single(struct db *db, void *p)
{
	struct single *s = p;
	pagu_err e = run_one(db, s->b, s->i);
	if (e == PAGU_OK && s->b->items[s->i].status >= 400)
		return PAGU_E_CONFLICT; /* a refusal writes nothing */
	return e;
}

void h_ledger_batch_post(struct api_req *r)
{
	bool atomic = false;
	json_t *ops = NULL;
	const struct jspec spec[] = {
		{ .name = "atomic", .type = JSPEC_BOOL, .out = &atomic },
		{ .name = "operasi", .type = JSPEC_ARRAY, .required = true, .max_items = BATCH_MAX, .out = &ops },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	size_t n = json_array_size(ops);
	struct batch b = { .r = r, .n = n, .atomic = atomic };
	b.items = arena_alloc(&r->arena, sizeof(*b.items) * (n ? n : 1));
	memset(b.items, 0, sizeof(*b.items) * (n ? n : 1));
	/* everything is checked before anything runs */
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(ops, i);
		const char *prefix = arena_printf(&r->arena, "/operasi/%zu", i);
		if (!json_is_object(o)) {
			api_tolak(r, PAGU_E_INVALID, prefix, NULL, P_HARUS_OBJEK, "apa", prefix);
			goto out;
		}
		const char *jenis = json_string_value(json_object_get(o, "op"));
		bool known = false;
		for (size_t k = 0; jenis && k < sizeof(kinds) / sizeof(kinds[0]); k++)
			known |= !strcmp(jenis, kinds[k].jenis);
		if (!known) {
			api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/op", prefix), NULL, P_BATCH_OP_SALAH,
				  "apa", prefix);
			goto out;
		}
		json_t *key = json_object_get(o, "idempotency_key");
		pesan_kunci why =
			json_is_string(key) ? check_key(json_string_value(key), json_string_length(key)) : P_WAJIB_ISI;
		if (why) {
			{
				const char *f = arena_printf(&r->arena, "%s/idempotency_key", prefix);
				api_tolak(r, PAGU_E_INVALID, f, NULL, why, "apa", f);
			}
			goto out;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(b.items[j].key, json_string_value(key))) {
				api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/idempotency_key", prefix),
					  NULL, P_BATCH_KUNCI_ULANG, "apa", prefix, "j", api_num(r, (long long)j));
				goto out;
			}
		b.items[i].key = arena_strdup(&r->arena, json_string_value(key));
		/* the request an item's key stands for: the operation as sent, keys sorted */
		char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		hash_sha256_hex(text, strlen(text), b.items[i].hash);
		free(text);
		if (!allowed(r, jenis)) {
			api_tolak(r, PAGU_E_FORBIDDEN, arena_printf(&r->arena, "%s/op", prefix), NULL, P_PERAN_POSTING,
				  "peran", api_peran_teks(r, r->tok.role), "jenis", jenis);
			goto out;
		}
		json_t *fields = json_deep_copy(o);
		json_object_del(fields, "op");
		json_object_del(fields, "idempotency_key");
		int64_t spm = 0;
		if (!strcmp(jenis, "void")) {
			json_t *sid = json_object_get(fields, "spm_id");
			if (!json_is_integer(sid) || json_integer_value(sid) < 1) {
				json_decref(fields);
				api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/spm_id", prefix), NULL,
					  P_BATCH_SPM_ID, "apa", prefix);
				goto out;
			}
			spm = json_integer_value(sid);
			json_object_del(fields, "spm_id");
		}
		bool ok = ledger_parse_op(r, fields, prefix, jenis, spm, &b.items[i].op);
		json_decref(fields);
		if (!ok)
			goto out;
		if (r->tok.opd_kode[0] &&
		    (!b.items[i].op.opd_kode || strcmp(b.items[i].op.opd_kode, r->tok.opd_kode))) {
			api_tolak(r, PAGU_E_FORBIDDEN, arena_printf(&r->arena, "%s/opd_kode", prefix), NULL,
				  P_TOKEN_UNTUK_OPD, "opd", r->tok.opd_kode);
			goto out;
		}
	}
	pagu_err e = PAGU_OK;
	if (atomic) {
		b.failed_at = n;
		b.one_by_one = !direct_sp2d_only(&b);
		if (!b.one_by_one) {
			e = db_txn(r->db, DB_READ_COMMITTED, run_set, &b);
			if (e == PAGU_E_CONFLICT && b.one_by_one) {
				for (size_t i = 0; i < n; i++) {
					json_decref(b.items[i].body);
					b.items[i].body = NULL;
					b.items[i].status = 0;
				}
				e = PAGU_OK;
			}
		}
		if (b.one_by_one)
			e = db_txn(r->db, DB_READ_COMMITTED, run_all, &b);
		if (e == PAGU_E_CONFLICT && b.failed_at < n) {
			/* one refusal undoes the batch: the others did not happen */
			for (size_t i = 0; i < n; i++)
				if (i != b.failed_at) {
					json_decref(b.items[i].body);
					b.items[i].body = NULL;
					b.items[i].status = 0;
				}
			e = PAGU_OK;
		}
	} else {
		for (size_t i = 0; i < n && e == PAGU_OK; i++) {
			struct single s = { .b = &b, .i = i };
			e = db_txn(r->db, DB_READ_COMMITTED, run_single, &s);
			if (e == PAGU_E_CONFLICT && b.items[i].status >= 400)
				e = PAGU_OK;
		}
	}
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_BATCH);
		goto out;
	}
	json_t *hasil = json_array();
	int posted = 0, refused = 0;
	for (size_t i = 0; i < n; i++) {
		struct item *it = &b.items[i];
		if (!it->status) {
			json_array_append_new(hasil, json_pack("{s:s, s:n}", "idempotency_key", it->key, "status"));
			continue;
		}
		it->status < 400 ? posted++ : refused++;
		json_array_append_new(hasil, json_pack("{s:s, s:i, s:O}", "idempotency_key", it->key, "status",
						       it->status, it->status < 400 ? "hasil" : "masalah", it->body));
	}
	if (atomic && refused) {
		/* all or none: the problem of the operation that stopped it, with every item's state */
		struct item *it = &b.items[b.failed_at];
		json_t *field = json_object_get(it->body, "field");
		api_tolak(r, it->err, json_is_string(field) ? json_string_value(field) : NULL,
			  json_pack("{s:b, s:b, s:I, s:o}", "atomic", true, "committed", false, "gagal_pada",
				    (json_int_t)b.failed_at, "operasi", hasil),
			  P_BATCH_DITOLAK, "ke", api_num(r, (long long)b.failed_at), "n", api_num(r, (long long)n),
			  "alasan", json_string_value(json_object_get(it->body, "detail")));
		goto out;
	}
	api_reply_json(r, 200,
		       json_pack("{s:b, s:b, s:i, s:i, s:o}", "atomic", atomic, "committed", true, "berhasil", posted,
				 "ditolak", refused, "operasi", hasil));
out:
	for (size_t i = 0; i < n; i++)
		json_decref(b.items[i].body);
	json_decref(ops);
}
