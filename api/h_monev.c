/* h_monev.c - e-monev: report realisation, close a quarter, the evaluation, rating bands. */
#include <stdlib.h>
#include <string.h>

#include "dokumen_json.h"
#include "json_spec.h"
#include "monev.h"
#include "opd_json.h"
#include "report.h"
#include "rules_json.h"

/* ---- POST /v1/pemda/{pemda}/monev/realisasi ---- */

static pesan_kunci check_persen(const char *s, size_t len)
{
	pesan_kunci why = dokumen_check_decimal(s, len);
	if (why)
		return why;
	/* at most 100: "100", "100.0", "100.00" and anything below */
	char *end;
	long whole = strtol(s, &end, 10);
	if (whole > 100 || (whole == 100 && *end == '.' && strspn(end + 1, "0") != strlen(end + 1)))
		return P_LEBIH_100_PERSEN;
	return P_TANPA_;
}

static pagu_err report_work(struct api_req *r, void *p)
{
	struct monev_laporan *in = p;
	struct pagu_fault f = { 0 };
	int64_t id = 0;
	pagu_err e = monev_report(r->db, &r->arena, r->tok.pemda_id, in, r->tok.token_id, &id, &f);
	return dokumen_reply(r, e, &f, 201,
			     e == PAGU_OK ? json_pack("{s:I, s:i, s:i, s:I, s:i, s:s, s:s}", "laporan_id",
						      (json_int_t)id, "tahun", in->tahun, "triwulan", in->triwulan,
						      "rkpd_id", (json_int_t)in->rkpd_id, "baris", in->baris, "nilai",
						      in->nilai, "fisik", in->fisik)
					  : NULL,
			     0);
}

void h_monev_report(struct api_req *r)
{
	struct monev_laporan *in = arena_alloc(&r->arena, sizeof(*in));
	memset(in, 0, sizeof(*in));
	int64_t tahun = 0, tw = 0, baris = 0;
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &tahun },
		{ .name = "triwulan", .type = JSPEC_INT, .required = true, .min = 1, .max = 4, .out = &tw },
		{ .name = "rkpd_id",
		  .type = JSPEC_INT,
		  .required = true,
		  .min = 1,
		  .max = INT64_MAX,
		  .out = &in->rkpd_id },
		{ .name = "baris", .type = JSPEC_INT, .required = true, .min = 1, .max = 1000000, .out = &baris },
		{ .name = "nilai",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = dokumen_check_decimal,
		  .out = &in->nilai },
		{ .name = "fisik",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = check_persen,
		  .out = &in->fisik },
		{ .name = "catatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 2000,
		  .check = opd_check_text,
		  .out = &in->catatan },
		{ .name = "bukti",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 500,
		  .check = opd_check_text,
		  .out = &in->bukti },
		{ .name = "koreksi_id", .type = JSPEC_INT, .min = 1, .max = INT64_MAX, .out = &in->koreksi_id },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	in->tahun = (int)tahun;
	in->triwulan = (int)tw;
	in->baris = (int)baris;
	/* an OPD-scoped planner reports its own OPD's indicators only */
	in->opd = r->tok.opd_kode[0] ? r->tok.opd_kode : NULL;
	api_idempotent(r, report_work, in);
}

/* ---- POST /v1/pemda/{pemda}/monev/tutup ---- */

struct tutup {
	int tahun, triwulan;
};

static pagu_err close_work(struct api_req *r, void *p)
{
	struct tutup *t = p;
	struct pagu_fault f = { 0 };
	const char *hash = NULL;
	pagu_err e = monev_triwulan_close(r->db, &r->arena, r->tok.pemda_id, t->tahun, t->triwulan, r->tok.token_id,
					  &hash, &f);
	if (e != PAGU_OK)
		return dokumen_reply(r, e, &f, 201, NULL, 0);
	/* the quarter's deviation warnings (close triwulan), in the closing transaction */
	struct rules_report *rep = arena_alloc(&r->arena, sizeof(*rep));
	e = rules_gate_check_triwulan(r->db, &r->arena, r->tok.pemda_id, t->tahun, t->triwulan, r->tok.token_id, rep);
	if (e != PAGU_OK)
		return e;
	f.laporan = rep;
	if (rep->failed || rep->nerrors) {
		f.field = "rules";
		f.message = rep->failed ? api_pesan(r, P_ATURAN_TAK_DINILAI, "pesan", rep->err.message)
					: rules_gate_refusal_text(&r->arena, rep);
		return dokumen_reply(r, rep->failed ? rep->fail_code : PAGU_E_RULES_REFUSED, &f, 201, NULL, 0);
	}
	return dokumen_reply(r, PAGU_OK, &f, 201,
			     json_pack("{s:i, s:i, s:s, s:o}", "tahun", t->tahun, "triwulan", t->triwulan, "hash", hash,
				       "rules", rules_report_json(rep)),
			     0);
}

void h_monev_triwulan_close(struct api_req *r)
{
	struct tutup *t = arena_alloc(&r->arena, sizeof(*t));
	int64_t tahun = 0, tw = 0;
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &tahun },
		{ .name = "triwulan", .type = JSPEC_INT, .required = true, .min = 1, .max = 4, .out = &tw },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	t->tahun = (int)tahun;
	t->triwulan = (int)tw;
	api_idempotent(r, close_work, t);
}

/* ---- GET /v1/pemda/{pemda}/monev/evaluasi ---- */

void h_monev_evaluasi_get(struct api_req *r)
{
	long tahun, tw;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun) ||
	    !api_query_int(r, "triwulan", 1, 4, 1, &tw))
		return;
	const char *opd, *format = api_query(r, "format");
	if (!api_query_opd(r, &opd))
		return;
	if (format && strcmp(format, "json") && strcmp(format, "csv")) {
		api_tolak(r, PAGU_E_INVALID, "format", NULL, P_FORMAT_JSON_CSV, "format", format);
		return;
	}
	const char *json = NULL;
	pagu_err e = monev_evaluate(r->db, &r->arena, r->tok.pemda_id, (int)tahun, (int)tw, opd, &json);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_EVALUASI);
		return;
	}
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);
	if (!format || !strcmp(format, "json")) {
		api_reply_json(r, 200, j);
		return;
	}
	/* CSV, Indonesian headers: one row per indicator */
	static const char *const head[] = { "Kode OPD",
					    "Sub Kegiatan",
					    "Indikator",
					    "Satuan",
					    "Target",
					    "Realisasi TW",
					    "Realisasi Kumulatif",
					    "Fisik (%)",
					    "Capaian TW (%)",
					    "Predikat TW",
					    "Capaian Kumulatif (%)",
					    "Predikat Kumulatif" };
	static const char *const keys[] = { "opd_kode", "sub_kegiatan", "indikator",	       "satuan",
					    "target",	"realisasi",	"realisasi_kumulatif", "fisik",
					    "capaian",	"predikat",	"capaian_kumulatif",   "predikat_kumulatif" };
	size_t n = sizeof(keys) / sizeof(keys[0]), len = 0, cap = 4096;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	/* which columns are text (guarded against formulas); the others are numbers */
	static const bool text[] = { true, true, true, true, false, false, false, false, false, true, false, true };
	_Static_assert(sizeof(text) / sizeof(text[0]) == sizeof(keys) / sizeof(keys[0]), "a kind for every column");
	for (size_t k = 0; k < n; k++)
		report_csv_field(&buf, &len, &cap, head[k], true, k + 1 == n);
	size_t i;
	json_t *row;
	json_array_foreach (json_object_get(j, "kinerja"), i, row)
		for (size_t k = 0; k < n; k++)
			report_csv_field(&buf, &len, &cap, json_string_value(json_object_get(row, keys[k])), text[k],
					 k + 1 == n);
	json_decref(j);
	api_reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
}

/* ---- /v1/pemda/{pemda}/monev/skala ---- */

void h_monev_skala_get(struct api_req *r)
{
	const char *json = NULL;
	pagu_err e = monev_skala_list(r->db, &r->arena, r->tok.pemda_id, &json);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_TABEL_SKALA);
		return;
	}
	json_error_t err;
	api_reply_json(r, 200, json_pack("{s:o}", "items", json_loads(json, 0, &err)));
}

struct skala {
	const char *jenis, *nama, *dasar;
	struct monev_pita *pita;
	int n;
};

static pagu_err skala_work(struct api_req *r, void *p)
{
	struct skala *s = p;
	struct pagu_fault f = { 0 };
	int id = 0;
	pagu_err e = monev_skala_add(r->db, &r->arena, r->tok.pemda_id, s->jenis, s->nama, s->dasar, s->pita, s->n,
				     r->tok.token_id, &id, &f);
	return dokumen_reply(r, e, &f, 201,
			     e == PAGU_OK ? json_pack("{s:i, s:s}", "skala_id", id, "jenis", s->jenis) : NULL, 0);
}

static pesan_kunci check_jenis(const char *s, size_t len)
{
	(void)len;
	return !strcmp(s, "triwulan") || !strcmp(s, "kumulatif") ? P_TANPA_ : P_JENIS_MONEV_SALAH;
}

static pesan_kunci check_batas(const char *s, size_t len)
{
	/* a capaian bound: a decimal with at most two places, possibly negative */
	size_t i = s[0] == '-' ? 1 : 0, digits = 0, frac = 0;
	bool dot = false;
	for (; i < len; i++) {
		if (s[i] == '.' && !dot) {
			dot = true;
		} else if (s[i] >= '0' && s[i] <= '9') {
			dot ? frac++ : digits++;
		} else {
			return P_BUKAN_ANGKA_2DESIMAL;
		}
	}
	return digits && digits <= 6 && frac <= 2 && (!dot || frac) ? P_TANPA_ : P_BUKAN_ANGKA_2DESIMAL;
}

void h_monev_skala_add(struct api_req *r)
{
	struct skala *s = arena_alloc(&r->arena, sizeof(*s));
	memset(s, 0, sizeof(*s));
	json_t *pita = NULL;
	const struct jspec spec[] = {
		{ .name = "jenis",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 10,
		  .check = check_jenis,
		  .out = &s->jenis },
		{ .name = "nama",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 200,
		  .check = opd_check_text,
		  .out = &s->nama },
		{ .name = "dasar_hukum",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 300,
		  .check = opd_check_text,
		  .out = &s->dasar },
		{ .name = "pita", .type = JSPEC_ARRAY, .required = true, .max_items = 20, .out = &pita },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	s->n = (int)json_array_size(pita);
	s->pita = arena_alloc(&r->arena, sizeof(*s->pita) * (size_t)(s->n ? s->n : 1));
	for (int i = 0; i < s->n; i++) {
		memset(&s->pita[i], 0, sizeof(s->pita[i]));
		const struct jspec item[] = {
			{ .name = "dari",
			  .type = JSPEC_STRING,
			  .nullable = true,
			  .max_len = 12,
			  .check = check_batas,
			  .out = &s->pita[i].dari },
			{ .name = "sampai",
			  .type = JSPEC_STRING,
			  .nullable = true,
			  .max_len = 12,
			  .check = check_batas,
			  .out = &s->pita[i].sampai },
			{ .name = "predikat",
			  .type = JSPEC_STRING,
			  .required = true,
			  .max_len = 50,
			  .check = opd_check_text,
			  .out = &s->pita[i].predikat },
			JSPEC_END,
		};
		if (!json_spec_object(r, json_array_get(pita, (size_t)i), arena_printf(&r->arena, "/pita/%d", i),
				      item)) {
			json_decref(pita);
			return;
		}
	}
	json_decref(pita);
	api_idempotent(r, skala_work, s);
}
