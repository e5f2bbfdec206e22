/* h_verify.c - GET and POST /v1/pemda/{pemda}/verify: everything the record rests on, recomputed. */
#include "api.h"
#include "checkpoint_json.h"
#include "checkpointer.h"
#include "verify.h"

struct verify_arg {
	struct api_req *r;
	const char *key;
	const struct verify_copy *log, *klien;
	struct verify_report v;
};

static pagu_err verify_work(struct db *db, void *p)
{
	struct verify_arg *x = p;
	return verify_all(db, &x->r->arena, x->r->tok.pemda_id, x->key, x->log, x->klien, &x->v);
}

static void verify(struct api_req *r, const struct verify_copy *klien)
{
	struct checkpoint_signer *s = checkpointer_signer();
	if (!s) {
		api_tolak(r, PAGU_E_NOT_FOUND, NULL, NULL, P_TANPA_CHECKPOINT);
		return;
	}
	/* the log first, then the snapshot: what the log has was committed before it */
	struct verify_copy log;
	if (checkpoint_read_file(&r->arena, checkpoint_signer_log(s), &log) != PAGU_OK) {
		api_tolak(r, PAGU_E_IO, NULL, NULL, P_LOG_CHECKPOINT_GAGAL);
		return;
	}
	struct verify_arg x = {
		.r = r, .key = signkey_public_hex(checkpoint_signer_key(s)), .log = &log, .klien = klien
	};
	pagu_err e = db_txn(r->db, DB_REPEATABLE_READ, verify_work, &x);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_CATATAN);
		return;
	}
	const struct verify_report *v = &x.v;
	json_t *bad = v->ok ? json_null()
			    : json_pack("{s:o, s:o, s:o}", "jenis", api_json_text(v->rusak_jenis), "id",
					api_json_text(v->rusak_id), "alasan", api_json_text(v->alasan));
	json_t *last = v->checkpoint_terakhir ? json_pack("{s:I, s:s}", "urutan", (json_int_t)v->checkpoint_terakhir,
							  "checkpoint", v->checkpoint_hash)
					      : json_null();
	json_t *seen = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "entri", (json_int_t)v->ledger.entri,
				 "segel", (json_int_t)v->ledger.segel, "kantong", (json_int_t)v->kantong, "dokumen",
				 (json_int_t)v->dokumen, "triwulan", (json_int_t)v->triwulan, "pemeriksaan",
				 (json_int_t)v->pemeriksaan, "checkpoint", (json_int_t)v->checkpoint, "log",
				 (json_int_t)v->log, "klien", (json_int_t)v->klien);
	api_reply_json(r, 200,
		       json_pack("{s:b, s:s, s:o, s:I, s:I, s:I, s:o, s:o}", "ok", v->ok, "kunci", x.key, "diperiksa",
				 seen, "belum_disegel", (json_int_t)v->ledger.belum_disegel, "belum_ditandatangani",
				 (json_int_t)v->belum_ditandatangani, "belum_di_log", (json_int_t)v->belum_di_log,
				 "checkpoint_terakhir", last, "pertama_rusak", bad));
}

void h_verify_get(struct api_req *r)
{
	struct verify_copy none = { 0 };
	verify(r, &none);
}

void h_verify_post(struct api_req *r)
{
	json_error_t err;
	json_t *doc = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		api_tolak(r, PAGU_E_BAD_JSON, "", NULL, P_JSON_RUSAK, "alasan", err.text, "baris", api_num(r, err.line),
			  "kolom", api_num(r, err.column));
		return;
	}
	struct verify_copy klien;
	if (!checkpoint_read_json(&r->arena, doc, &klien)) {
		json_decref(doc);
		api_tolak(r, PAGU_E_INVALID, "/items", NULL, P_VERIFY_BENTUK);
		return;
	}
	json_decref(doc);
	verify(r, &klien);
}
