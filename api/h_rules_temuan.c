/* h_rules_temuan.c - what the mandatory-spending rules read besides the budget (a pemda's tagging of its
   belanja, its kapasitas fiskal), and the findings the rules recorded: on a document, and for a year. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "json_spec.h"
#include "opd_json.h"
#include "report.h"
#include "rules_gate.h"

static json_t *jsonb(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text ? text : "null", JSON_DECODE_ANY, &err);
	return j ? j : json_null();
}

static pesan_kunci check_kategori(const char *s, size_t len)
{
	(void)len;
	return rules_gate_kategori_known(s) ? P_TANPA_ : P_BUKAN_KATEGORI;
}

static pesan_kunci check_pattern(const char *s, size_t len)
{
	(void)len;
	return rules_gate_pattern_check(s) ? P_BUKAN_POLA : P_TANPA_;
}

static pesan_kunci check_kapasitas(const char *s, size_t len)
{
	(void)len;
	return rules_gate_kapasitas_kategori(s) ? P_TANPA_ : P_BUKAN_KAPASITAS;
}

/* ?tahun= (optional): 0 when absent; false after a problem was sent. */
static bool tahun_query(struct api_req *r, bool required, int *tahun)
{
	long t = 0;
	if (required && !api_query(r, "tahun")) {
		api_tolak(r, PAGU_E_INVALID, "tahun", NULL, P_TAHUN_PERLU);
		return false;
	}
	if (!api_query_int(r, "tahun", 2000, 2100, 0, &t))
		return false;
	*tahun = (int)t;
	return true;
}

static json_t *penandaan_json(const struct rules_penandaan *x)
{
	json_t *o = json_pack("{s:I, s:i, s:s, s:s, s:s, s:b, s:o, s:o, s:s}", "penandaan_id", (json_int_t)x->id,
			      "tahun", x->tahun, "kategori", x->kategori, "sub_kegiatan", x->sub_kegiatan, "akun",
			      x->akun, "hitung", x->hitung, "dasar", api_json_text(x->dasar), "alasan",
			      api_json_text(x->alasan), "waktu", x->waktu);
	json_object_set_new(o, "token_id", x->has_token ? json_integer((json_int_t)x->token_id) : json_null());
	return o;
}

static pagu_err penandaan_work(struct api_req *r, void *p)
{
	struct rules_penandaan out;
	pagu_err e = rules_gate_penandaan_add(r->db, &r->arena, r->tok.pemda_id, p, r->tok.token_id, &out);
	if (e != PAGU_OK)
		return e;
	api_reply_json(r, 201, penandaan_json(&out));
	return PAGU_OK;
}

/* POST /v1/pemda/{pemda}/rules/penandaan (admin, finance): one of the pemda's own tagging rows. */
void h_rules_penandaan_create(struct api_req *r)
{
	struct rules_penandaan a = { 0 };
	int64_t tahun = 0;
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &tahun },
		{ .name = "kategori",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 40,
		  .check = check_kategori,
		  .out = &a.kategori },
		{ .name = "sub_kegiatan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 49,
		  .check = check_pattern,
		  .out = &a.sub_kegiatan },
		{ .name = "akun",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 49,
		  .check = check_pattern,
		  .out = &a.akun },
		{ .name = "hitung", .type = JSPEC_BOOL, .required = true, .out = &a.hitung },
		{ .name = "dasar",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 300,
		  .check = opd_check_text,
		  .out = &a.dasar },
		{ .name = "alasan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 1000,
		  .check = opd_check_text,
		  .out = &a.alasan },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	a.tahun = (int)tahun;
	api_idempotent(r, penandaan_work, &a);
}

/* GET /v1/pemda/{pemda}/rules/penandaan[?tahun=]: every row, oldest first. */
void h_rules_penandaan_list(struct api_req *r)
{
	int tahun;
	if (!tahun_query(r, false, &tahun))
		return;
	struct rules_penandaan *v;
	int n;
	pagu_err e = rules_gate_penandaan_list(r->db, &r->arena, r->tok.pemda_id, tahun, &v, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PENANDAAN);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, penandaan_json(&v[i]));
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *kapasitas_json(const struct rules_kapasitas *x)
{
	json_t *o = json_pack("{s:I, s:i, s:s, s:o, s:s}", "kapasitas_id", (json_int_t)x->id, "tahun", x->tahun,
			      "kategori", x->kategori, "dasar", api_json_text(x->dasar), "waktu", x->waktu);
	json_object_set_new(o, "token_id", x->has_token ? json_integer((json_int_t)x->token_id) : json_null());
	return o;
}

static pagu_err kapasitas_work(struct api_req *r, void *p)
{
	struct rules_kapasitas out;
	pagu_err e = rules_gate_kapasitas_add(r->db, &r->arena, r->tok.pemda_id, p, r->tok.token_id, &out);
	if (e != PAGU_OK)
		return e;
	api_reply_json(r, 201, kapasitas_json(&out));
	return PAGU_OK;
}

/* POST /v1/pemda/{pemda}/rules/kapasitas-fiskal (admin, finance): the category for a year; the newest wins. */
void h_rules_kapasitas_create(struct api_req *r)
{
	struct rules_kapasitas a = { 0 };
	int64_t tahun = 0;
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &tahun },
		{ .name = "kategori",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 20,
		  .check = check_kapasitas,
		  .out = &a.kategori },
		{ .name = "dasar",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 300,
		  .check = opd_check_text,
		  .out = &a.dasar },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	a.tahun = (int)tahun;
	api_idempotent(r, kapasitas_work, &a);
}

/* GET /v1/pemda/{pemda}/rules/kapasitas-fiskal[?tahun=]: every row, oldest first (the newest of a year is in force). */
void h_rules_kapasitas_list(struct api_req *r)
{
	int tahun;
	if (!tahun_query(r, false, &tahun))
		return;
	struct rules_kapasitas *v;
	int n;
	pagu_err e = rules_gate_kapasitas_list(r->db, &r->arena, r->tok.pemda_id, tahun, &v, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_KAPASITAS);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, kapasitas_json(&v[i]));
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The "temuan" of a version for GET .../dokumen/{id} (and whose they are: a DPA shows its APBD's). */
pagu_err rules_temuan_attach(struct api_req *r, int64_t dokumen_id, json_t *body)
{
	int64_t dari = 0;
	const char *text = NULL;
	pagu_err e = rules_gate_temuan_dokumen(r->db, &r->arena, r->tok.pemda_id, dokumen_id, &dari, &text);
	if (e != PAGU_OK)
		return e;
	json_object_set_new(body, "temuan", jsonb(text));
	if (dari != dokumen_id)
		json_object_set_new(body, "temuan_dari", dari ? json_integer((json_int_t)dari) : json_null());
	return PAGU_OK;
}

static void temuan_csv(struct api_req *r, int tahun, const struct rules_temuan *v, int n)
{
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap);
	if (!buf) {
		api_tolak_engine(r, PAGU_E_NOMEM, P_APA_LAPORAN);
		return;
	}
	static const char *const head[] = { "Evaluasi", "Dokumen",   "Jenis", "Versi", "OPD",	"Peristiwa",
					    "Aturan",	"Keparahan", "Pesan", "Dasar", "Nilai", "Waktu" };
	enum { NCOL = sizeof(head) / sizeof(head[0]) };
	for (int k = 0; k < NCOL; k++)
		report_csv_field(&buf, &len, &cap, head[k], true, k == NCOL - 1);
	for (int i = 0; i < n; i++) {
		const struct rules_temuan *x = &v[i];
		const char *c[NCOL] = { arena_printf(&r->arena, "%lld", (long long)x->evaluasi_id),
					arena_printf(&r->arena, "%lld", (long long)x->dokumen_id),
					x->jenis,
					arena_printf(&r->arena, "%d", x->versi),
					x->opd ? x->opd : "",
					x->event,
					x->rule,
					x->severity,
					x->message ? x->message : "",
					x->cite ? x->cite : "",
					x->values_json,
					x->waktu };
		for (int k = 0; k < NCOL; k++)
			report_csv_field(&buf, &len, &cap, c[k], k != 0 && k != 1 && k != 3, k == NCOL - 1);
	}
	r->disposition = arena_printf(&r->arena, "attachment; filename=\"temuan-%s-%d.csv\"", r->tok.pemda_id, tahun);
	api_reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
}

/* GET /v1/pemda/{pemda}/rules/temuan?tahun=[&format=csv]: every finding of the year, for the evaluators. */
void h_rules_temuan(struct api_req *r)
{
	int tahun;
	if (!tahun_query(r, true, &tahun))
		return;
	const char *format = api_query(r, "format");
	if (format && strcmp(format, "json") && strcmp(format, "csv")) {
		api_tolak(r, PAGU_E_INVALID, "format", NULL, P_FORMAT_JSON_CSV, "format", format);
		return;
	}
	struct rules_temuan *v;
	int n;
	pagu_err e = rules_gate_temuan_tahun(r->db, &r->arena, r->tok.pemda_id, tahun, &v, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_TEMUAN);
		return;
	}
	if (format && !strcmp(format, "csv")) {
		temuan_csv(r, tahun, v, n);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		const struct rules_temuan *x = &v[i];
		json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:i, s:s?, s:s, s:s, s:s, s:o, s:o, s:o, s:s}",
						       "evaluasi_id", (json_int_t)x->evaluasi_id, "dokumen_id",
						       (json_int_t)x->dokumen_id, "jenis", x->jenis, "versi", x->versi,
						       "opd_kode", x->opd, "event", x->event, "rule", x->rule,
						       "severity", x->severity, "message",
						       x->message ? api_json_text(x->message) : json_null(), "cite",
						       x->cite ? api_json_text(x->cite) : json_null(), "values",
						       jsonb(x->values_json), "waktu", x->waktu));
	}
	api_reply_json(r, 200, json_pack("{s:i, s:i, s:o}", "tahun", tahun, "jumlah", n, "items", items));
}
