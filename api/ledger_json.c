/* ledger_json.c - parsing ledger operations, scope checks and the posting reply. */
#include "ledger_json.h"

#include <string.h>

#include "dokumen_json.h"
#include "json_spec.h"
#include "money.h"
#include "opd_json.h"
#include "rules_json.h"

#define LEDGER_MAX_BARIS 100

static pesan_kunci check_nomor(const char *s, size_t len)
{
	if (len < 1 || len > 100)
		return P_BUKAN_NOMOR_DOKUMEN;
	return opd_check_text(s, len);
}

bool ledger_parse_op(struct api_req *r, json_t *obj, const char *prefix, const char *jenis, int64_t ref_id,
		     struct ledger_op *op)
{
	memset(op, 0, sizeof(*op));
	op->jenis = jenis;
	op->ref_id = ref_id;
	int64_t tahun = 0, ref = 0, bulan = 0;
	json_t *baris = NULL;
	bool is_spd = !strcmp(jenis, "spd"), is_void = !strcmp(jenis, "void"), is_kor = !strcmp(jenis, "koreksi");
	bool lines = !strcmp(jenis, "spm") || !strcmp(jenis, "sts") || !strcmp(jenis, "sp2d");
	struct jspec spec[10]; /* at most 7 fields and the end */
	size_t n = 0;
	if (!is_void && !is_kor) {
		spec[n++] = (struct jspec){
			.name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &tahun
		};
		spec[n++] = (struct jspec){ .name = "opd_kode",
					    .type = JSPEC_STRING,
					    .required = true,
					    .max_len = 31,
					    .check = opd_check_kode,
					    .out = &op->opd_kode };
	}
	if (!is_void)
		spec[n++] = (struct jspec){ .name = "nomor",
					    .type = JSPEC_STRING,
					    .required = true,
					    .max_len = 100,
					    .check = check_nomor,
					    .out = &op->nomor };
	spec[n++] = (struct jspec){ .name = "tanggal",
				    .type = JSPEC_STRING,
				    .required = true,
				    .max_len = 10,
				    .check = jspec_check_date,
				    .out = &op->tanggal };
	if (is_spd) {
		spec[n++] = (struct jspec){
			.name = "bulan", .type = JSPEC_INT, .required = true, .min = 1, .max = 12, .out = &bulan
		};
		spec[n++] =
			(struct jspec){ .name = "jumlah", .type = JSPEC_MONEY, .required = true, .out = &op->jumlah };
	}
	if (lines)
		spec[n++] = (struct jspec){ .name = "baris",
					    .type = JSPEC_ARRAY,
					    .required = strcmp(jenis, "sp2d") != 0,
					    .max_items = LEDGER_MAX_BARIS,
					    .out = &baris };
	if (!strcmp(jenis, "sp2d"))
		spec[n++] =
			(struct jspec){ .name = "spm_id", .type = JSPEC_INT, .min = 1, .max = INT64_MAX, .out = &ref };
	if (is_kor)
		spec[n++] = (struct jspec){
			.name = "entri_id", .type = JSPEC_INT, .required = true, .min = 1, .max = INT64_MAX, .out = &ref
		};
	if (is_void || is_kor)
		spec[n++] = (struct jspec){ .name = "alasan",
					    .type = JSPEC_STRING,
					    .required = true,
					    .max_len = 1000,
					    .check = opd_check_text,
					    .out = &op->alasan };
	spec[n] = (struct jspec)JSPEC_END;
	bool ok = obj ? json_spec_object(r, obj, prefix, spec) : json_spec_parse(r, spec);
	if (!ok) {
		json_decref(baris);
		return false;
	}
	op->tahun = (int)tahun;
	op->spd_bulan = (int)bulan;
	if (ref)
		op->ref_id = ref;
	if (baris) {
		size_t nb = json_array_size(baris);
		struct ledger_baris *b = arena_alloc(&r->arena, sizeof(*b) * (nb ? nb : 1));
		for (size_t i = 0; i < nb && ok; i++) {
			const struct jspec item[] = {
				{ .name = "kantong_id",
				  .type = JSPEC_INT,
				  .required = true,
				  .min = 1,
				  .max = INT64_MAX,
				  .out = &b[i].kantong_id },
				{ .name = "jumlah", .type = JSPEC_MONEY, .required = true, .out = &b[i].jumlah },
				JSPEC_END,
			};
			const char *path = arena_printf(&r->arena, "%s/baris/%zu", prefix, i);
			ok = json_spec_object(r, json_array_get(baris, i), path, item);
			if (ok && b[i].jumlah <= 0) {
				api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/jumlah", path), NULL,
					  P_JUMLAH_HARUS_POSITIF, "apa", path);
				ok = false;
			}
		}
		/* the entry's total is one amount too: it must fit what pagu carries (money.h) */
		int64_t total = 0;
		for (size_t i = 0; i < nb && ok; i++)
			if (money_add(total, b[i].jumlah, &total) != PAGU_OK) {
				char max[MONEY_STR_MAX];
				money_format(MONEY_MAX_SEN, max);
				api_tolak(r, PAGU_E_OVERFLOW, arena_printf(&r->arena, "%s/baris/%zu/jumlah", prefix, i),
					  NULL, P_BARIS_TOTAL_MELEBIHI, "apa", prefix, "i", api_num(r, (long long)i),
					  "maks", max);
				ok = false;
			}
		op->baris = b;
		op->nbaris = (int)nb;
		json_decref(baris);
		if (!ok)
			return false;
		if (lines && nb == 0 && strcmp(jenis, "sp2d") != 0) {
			api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/baris", prefix), NULL,
				  P_BARIS_MINIMAL_SATU, "apa", prefix);
			return false;
		}
	}
	if (is_spd && op->jumlah <= 0) {
		/* an SPD of nothing provides nothing, yet it would be an entry in the chain */
		api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/jumlah", prefix), NULL, P_JUMLAH_HARUS_POSITIF,
			  "apa", prefix);
		return false;
	}
	if (!strcmp(jenis, "sp2d") && !op->ref_id && !op->nbaris) {
		api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/baris", prefix), NULL, P_SP2D_PERLU_BARIS);
		return false;
	}
	return true;
}

bool ledger_scope_ok(struct api_req *r, const char *opd)
{
	if (!r->tok.opd_kode[0] || (opd && !strcmp(opd, r->tok.opd_kode)))
		return true;
	api_tolak(r, PAGU_E_FORBIDDEN, "/opd_kode", NULL, opd ? P_TOKEN_UNTUK_OPD_BUKAN : P_TOKEN_UNTUK_OPD_LAIN, "opd",
		  r->tok.opd_kode, "lain", opd);
	return false;
}

pagu_err ledger_rules_after(struct api_req *r, struct db *db, const struct ledger_op *op, json_t *body,
			    struct pagu_fault *f)
{
	if (strcmp(op->jenis, "sp2d") && strcmp(op->jenis, "sts"))
		return PAGU_OK;
	struct rules_report *rep = arena_alloc(&r->arena, sizeof(*rep));
	pagu_err e = rules_gate_check_posting(db, &r->arena, r->tok.pemda_id,
					      (int64_t)json_integer_value(json_object_get(body, "entri_id")), op->jenis,
					      r->tok.token_id, rep);
	if (e != PAGU_OK)
		return e;
	if (rep->n || rep->failed)
		json_object_set_new(body, "rules", rules_report_json(rep));
	f->laporan = rep;
	if (rep->failed) {
		f->message = api_pesan(r, P_ATURAN_TAK_DINILAI_DI, "berkas", rep->err.file, "baris",
				       api_num(r, rep->err.line), "kolom", api_num(r, rep->err.column), "pesan",
				       rep->err.message);
		f->field = "rules";
		return rep->fail_code;
	}
	if (rep->nerrors) {
		f->message = rules_gate_refusal_text(&r->arena, rep);
		f->field = "rules";
		return PAGU_E_RULES_REFUSED;
	}
	return PAGU_OK;
}

static pagu_err work(struct api_req *r, void *p)
{
	struct ledger_op *op = p;
	struct pagu_fault f = { 0 };
	const char *json = NULL;
	pagu_err e = ledger_post(r->db, &r->arena, r->tok.pemda_id, op, r->tok.token_id, &json, &f);
	json_t *body = NULL;
	if (e == PAGU_OK) {
		json_error_t jerr;
		body = json_loads(json, 0, &jerr);
		if (!body)
			return PAGU_E_INTERNAL;
		/* the rules of the posting, in its transaction: warnings come back, errors refuse it */
		e = ledger_rules_after(r, r->db, op, body, &f);
		if (pagu_err_is_db(e)) {
			json_decref(body);
			return e;
		}
		if (e != PAGU_OK) {
			json_decref(body);
			body = NULL;
		}
	}
	return dokumen_reply(r, e, &f, 201, body, 0);
}

void ledger_post_reply(struct api_req *r, struct ledger_op *op)
{
	api_idempotent(r, work, op);
}
