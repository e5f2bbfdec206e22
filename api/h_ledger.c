/*
 * h_ledger.c - the ledger: postings (spd, spm, sp2d, sts, koreksi; an SPM's void), and the reads
 * (pockets, entries, one entry with its proof, realisation, verify) and sealing. The batch of
 * postings is h_ledger_batch.c.
 */
#include <stdlib.h>
#include <string.h>

#include "kode.h"
#include "ledger_json.h"
#include "money.h"
#include "opd_json.h"

static bool akun_filter(struct api_req *r, const char **akun)
{
	*akun = api_query(r, "akun");
	struct kode_akun k;
	if (*akun && kode_akun_parse(*akun, strlen(*akun), &k) != PAGU_OK) {
		api_tolak(r, PAGU_E_BAD_CODE, "akun", NULL, P_AKUN_BUKAN_AWALAN, "akun", *akun);
		return false;
	}
	return true;
}

void h_ledger_kantong_list(struct api_req *r)
{
	long tahun, limit, after;
	const char *opd, *akun;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun) ||
	    !api_query_int(r, "limit", 1, 500, 100, &limit) ||
	    !api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after) || !api_query_opd(r, &opd) ||
	    !akun_filter(r, &akun))
		return;
	struct ledger_filter f = { .tahun = (int)tahun,
				   .opd = opd,
				   .akun = akun,
				   .sub_kegiatan = api_query(r, "sub_kegiatan"),
				   .after = after,
				   .limit = limit };
	struct json_page pg;
	pagu_err e = ledger_kantong_list(r->db, &r->arena, r->tok.pemda_id, &f, &pg);
	api_reply_page(r, e, &pg, P_APA_BUKU_BESAR);
}

void h_ledger_entri_list(struct api_req *r)
{
	long tahun, limit, after, kantong;
	const char *opd;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun) ||
	    !api_query_int(r, "limit", 1, 500, 100, &limit) ||
	    !api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after) ||
	    !api_query_int(r, "kantong", 1, 999999999999999999L, 0, &kantong) || !api_query_opd(r, &opd))
		return;
	const char *jenis = api_query(r, "jenis");
	static const char *const kinds[] = { "spd", "spm", "sp2d", "void", "sts", "koreksi" };
	bool known = !jenis;
	for (size_t i = 0; jenis && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		known |= !strcmp(jenis, kinds[i]);
	if (!known) {
		api_tolak(r, PAGU_E_INVALID, "jenis", NULL, P_JENIS_ENTRI_SALAH, "jenis", jenis);
		return;
	}
	/* kantong: the entries with a line on that pocket (the entries behind its balance) */
	struct ledger_filter f = {
		.tahun = (int)tahun, .opd = opd, .jenis = jenis, .kantong = kantong, .after = after, .limit = limit
	};
	struct json_page pg;
	pagu_err e = ledger_entri_list(r->db, &r->arena, r->tok.pemda_id, &f, &pg);
	api_reply_page(r, e, &pg, P_APA_BUKU_BESAR);
}

struct one {
	int64_t id;
	const char *json;
};

static pagu_err one_work(struct db *db, void *p)
{
	struct api_req *r = ((void **)p)[0];
	struct one *o = ((void **)p)[1];
	return ledger_entri_get(db, &r->arena, r->tok.pemda_id, o->id, &o->json);
}

void h_ledger_entri_get(struct api_req *r)
{
	char *end;
	struct one o = { .id = strtoll(api_param(r, "id"), &end, 10) };
	if (*end || o.id < 1) {
		api_tolak(r, PAGU_E_INVALID, "id", NULL, P_BUKAN_BILANGAN_POSITIF, "apa", api_pesan(r, P_APA_ID_ENTRI),
			  "nilai", api_param(r, "id"));
		return;
	}
	void *args[] = { r, &o };
	pagu_err e = db_txn(r->db, DB_REPEATABLE_READ, one_work, args);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_ENTRI);
		return;
	}
	json_error_t err;
	json_t *j = json_loads(o.json, 0, &err);
	const char *opd = json_string_value(json_object_get(json_object_get(j, "entri"), "opd_kode"));
	if (r->tok.opd_kode[0] && opd && strcmp(opd, r->tok.opd_kode)) {
		json_decref(j);
		api_tolak(r, PAGU_E_FORBIDDEN, "id", NULL, P_TOKEN_BACA_OPD, "opd", r->tok.opd_kode);
		return;
	}
	api_reply_json(r, 200, j);
}

void h_ledger_realisasi_get(struct api_req *r)
{
	long tahun;
	const char *opd, *akun;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun) || !api_query_opd(r, &opd) ||
	    !akun_filter(r, &akun))
		return;
	const char *per = api_query(r, "per");
	if (per && strcmp(per, "bulan") && strcmp(per, "triwulan")) {
		api_tolak(r, PAGU_E_INVALID, "per", NULL, P_PER_SALAH, "per", per);
		return;
	}
	bool tw = per && !strcmp(per, "triwulan");
	struct ledger_realisasi x;
	pagu_err e = ledger_realisasi_get(r->db, &r->arena, r->tok.pemda_id, (int)tahun, opd, akun, &x);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_REALISASI);
		return;
	}
	/* sums of months into quarters in sen, with the running totals: every one checked */
	const int64_t *rencana = x.rencana, *belanja = x.belanja, *terima = x.penerimaan;
	int64_t alok = x.alokasi_belanja, target = x.target_penerimaan;
	json_t *rows = json_array();
	int step = tw ? 3 : 1;
	int64_t cr = 0, cb = 0, ct = 0;
	for (int i = 0; i < 12; i += step) {
		int64_t pr = 0, pb = 0, pt = 0;
		for (int k = i; k < i + step && e == PAGU_OK; k++)
			if ((e = money_add(pr, rencana[k], &pr)) == PAGU_OK &&
			    (e = money_add(pb, belanja[k], &pb)) == PAGU_OK)
				e = money_add(pt, terima[k], &pt);
		if (e == PAGU_OK && (e = money_add(cr, pr, &cr)) == PAGU_OK && (e = money_add(cb, pb, &cb)) == PAGU_OK)
			e = money_add(ct, pt, &ct);
		if (e != PAGU_OK) {
			json_decref(rows);
			snprintf(r->db->stored, sizeof(r->db->stored), "%s", api_pesan(r, P_TOTAL_BERJALAN_BESAR));
			api_tolak_engine(r, PAGU_E_STORED_RANGE, P_APA_REALISASI);
			return;
		}
		json_array_append_new(rows, json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:o}", tw ? "triwulan" : "bulan",
						      i / step + 1, "rencana_kas", api_money_json(pr), "belanja",
						      api_money_json(pb), "penerimaan", api_money_json(pt),
						      "rencana_kas_kumulatif", api_money_json(cr), "belanja_kumulatif",
						      api_money_json(cb), "penerimaan_kumulatif", api_money_json(ct)));
	}
	api_reply_json(r, 200,
		       json_pack("{s:i, s:s?, s:s?, s:o, s:o, s:o}", "tahun", (int)tahun, "opd", opd, "akun", akun,
				 "alokasi_belanja", api_money_json(alok), "target_penerimaan", api_money_json(target),
				 "periode", rows));
}

struct verify {
	struct api_req *r;
	struct ledger_verify v;
};

static pagu_err verify_work(struct db *db, void *p)
{
	struct verify *x = p;
	return ledger_verify(db, &x->r->arena, x->r->tok.pemda_id, &x->v);
}

/*
 * Whether the first bad item verify found may be shown to @r's token: always without an OPD scope;
 * with one, only an item known to be that OPD's (an OPD's totals, or an entry of the OPD). Seals and
 * anything whose OPD is not known are pemda-wide: the verdict is shown, not the item.
 */
static bool verify_item_visible(struct api_req *r, const struct ledger_verify *v)
{
	if (!r->tok.opd_kode[0])
		return true;
	if (v->rusak_opd)
		return !strcmp(v->rusak_opd, r->tok.opd_kode);
	if (!v->rusak_jenis || strcmp(v->rusak_jenis, "entri") != 0)
		return false;
	struct one o = { .id = v->rusak_id };
	void *args[] = { r, &o };
	if (db_txn(r->db, DB_REPEATABLE_READ, one_work, args) != PAGU_OK)
		return false;
	json_error_t err;
	json_t *j = json_loads(o.json, 0, &err);
	const char *opd = json_string_value(json_object_get(json_object_get(j, "entri"), "opd_kode"));
	bool own = opd && !strcmp(opd, r->tok.opd_kode);
	json_decref(j);
	return own;
}

void h_ledger_verify_get(struct api_req *r)
{
	struct verify x = { .r = r };
	/* one snapshot: entries, seals and balances as of one moment */
	pagu_err e = db_txn(r->db, DB_REPEATABLE_READ, verify_work, &x);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_BUKU_BESAR);
		return;
	}
	json_t *bad = json_null();
	if (!x.v.ok && !verify_item_visible(r, &x.v)) {
		/* the pemda-wide verdict stands; another OPD's item is not shown to an OPD's token */
		bad = json_pack("{s:s, s:b, s:s}", "jenis", x.v.rusak_jenis, "di_luar_opd", 1, "alasan",
				api_pesan(r, P_VERIFY_DI_LUAR_OPD));
	} else if (!x.v.ok) {
		/* the reason quotes stored text: it goes in through the JSON helper that cannot fail */
		bad = json_pack("{s:s, s:I, s:o}", "jenis", x.v.rusak_jenis, "id", (json_int_t)x.v.rusak_id, "alasan",
				api_json_text(x.v.alasan));
		if (x.v.rusak_opd)
			json_object_set_new(bad, "opd_kode", api_json_text(x.v.rusak_opd));
	}
	json_t *seal = x.v.segel_terakhir
			       ? json_pack("{s:i, s:s}", "segel_id", x.v.segel_terakhir, "hash", x.v.segel_hash)
			       : json_null();
	api_reply_json(r, 200,
		       json_pack("{s:b, s:I, s:I, s:I, s:o, s:o}", "ok", x.v.ok, "entri_diperiksa",
				 (json_int_t)x.v.entri, "segel_diperiksa", (json_int_t)x.v.segel, "belum_disegel",
				 (json_int_t)x.v.belum_disegel, "segel_terakhir", seal, "pertama_rusak", bad));
}

static pagu_err seal_work(struct api_req *r, void *p)
{
	(void)p;
	const char *json;
	pagu_err e = ledger_seal(r->db, &r->arena, r->tok.pemda_id, &json);
	if (e != PAGU_OK)
		return e;
	json_error_t err;
	api_reply_json(r, 201, json_pack("{s:o}", "segel", json_loads(json, JSON_DECODE_ANY, &err)));
	return PAGU_OK;
}

void h_ledger_seal(struct api_req *r)
{
	api_idempotent(r, seal_work, NULL);
}

/* ---- the postings: POST .../ledger/{spd,spm,sp2d,sts,koreksi} and .../ledger/spm/{id}/void ---- */

static void post(struct api_req *r, const char *jenis)
{
	struct ledger_op *op = arena_alloc(&r->arena, sizeof(*op));
	if (!ledger_parse_op(r, NULL, "", jenis, 0, op) || !ledger_scope_ok(r, op->opd_kode))
		return;
	ledger_post_reply(r, op);
}

void h_ledger_spd_post(struct api_req *r)
{
	post(r, "spd");
}

void h_ledger_spm_post(struct api_req *r)
{
	post(r, "spm");
}

void h_ledger_sp2d_post(struct api_req *r)
{
	post(r, "sp2d");
}

void h_ledger_sts_post(struct api_req *r)
{
	post(r, "sts");
}

/* The entry a void or koreksi acts on: for an OPD-scoped token, it must be its OPD's. */
static bool entry_scope_ok(struct api_req *r, int64_t id)
{
	if (!r->tok.opd_kode[0])
		return true;
	const char *json;
	if (ledger_entri_get(r->db, &r->arena, r->tok.pemda_id, id, &json) != PAGU_OK)
		return true; /* not found or unreachable: the procedure says so */
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);
	const char *opd = json_string_value(json_object_get(json_object_get(j, "entri"), "opd_kode"));
	bool ok = ledger_scope_ok(r, opd);
	json_decref(j);
	return ok;
}

void h_ledger_koreksi_post(struct api_req *r)
{
	struct ledger_op *op = arena_alloc(&r->arena, sizeof(*op));
	if (!ledger_parse_op(r, NULL, "", "koreksi", 0, op) || !entry_scope_ok(r, op->ref_id))
		return;
	ledger_post_reply(r, op);
}

void h_ledger_void(struct api_req *r)
{
	char *end;
	long long id = strtoll(api_param(r, "id"), &end, 10);
	if (*end || id < 1) {
		api_tolak(r, PAGU_E_INVALID, "id", NULL, P_BUKAN_BILANGAN_POSITIF, "apa", api_pesan(r, P_APA_ID_SPM),
			  "nilai", api_param(r, "id"));
		return;
	}
	struct ledger_op *op = arena_alloc(&r->arena, sizeof(*op));
	if (!ledger_parse_op(r, NULL, "", "void", (int64_t)id, op) || !entry_scope_ok(r, (int64_t)id))
		return;
	ledger_post_reply(r, op);
}
