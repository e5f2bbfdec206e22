/* h_rules_perkada.c - a pemda's own rule files: POST (admin), list, and one version with its text. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "json_spec.h"
#include "opd_json.h"
#include "rules_gate.h"

static pesan_kunci check_nama(const char *s, size_t len)
{
	if (len < 1 || len > 60 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return P_BUKAN_NAMA_BERKAS;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return P_BUKAN_NAMA_BERKAS;
	return P_TANPA_;
}

static json_t *error_json(const struct rules_gate_error *err)
{
	/* the excerpt is cut to a buffer, maybe inside a character: never a reason to lose the error */
	return json_pack("{s:{s:o, s:i, s:i, s:o, s:o}}", "rules_error", "file",
			 api_json_text(err->file ? err->file : ""), "line", err->line, "column", err->column, "message",
			 api_json_text(err->message), "text", api_json_text(err->text));
}

static pagu_err work(struct api_req *r, void *p)
{
	const struct rules_perkada *in = p;
	struct rules_perkada out;
	struct rules_gate_error err;
	pagu_err e = rules_gate_perkada_add(r->db, &r->arena, r->tok.pemda_id, in, r->tok.token_id, &out, &err);
	if (e == PAGU_E_RULES_INVALID) {
		api_tolak(r, PAGU_E_RULES_INVALID, "/isi", error_json(&err), P_ATURAN_GALAT, "berkas", err.file,
			  "baris", api_num(r, err.line), "kolom", api_num(r, err.column), "pesan", err.message);
		return PAGU_OK;
	}
	if (e != PAGU_OK)
		return e;
	api_reply_json(r, 201,
		       json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:i}", "nama", out.nama, "versi", out.versi, "judul",
				 out.judul, "berlaku", out.berlaku, "hash", out.hash, "file", out.file, "rules",
				 out.nrules));
	return PAGU_OK;
}

/* POST /v1/pemda/{pemda}/rules/perkada (admin): the next version of one of the pemda's files. */
void h_rules_perkada_create(struct api_req *r)
{
	struct rules_perkada a = { 0 };
	const struct jspec spec[] = {
		{ .name = "nama",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 60,
		  .check = check_nama,
		  .out = &a.nama },
		{ .name = "judul",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 300,
		  .check = opd_check_text,
		  .out = &a.judul },
		{ .name = "berlaku",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 10,
		  .check = jspec_check_date,
		  .out = &a.berlaku },
		{ .name = "isi",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = RULES_GATE_MAX_FILE,
		  .out = &a.isi },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	api_idempotent(r, work, &a);
}

/* GET /v1/pemda/{pemda}/rules/perkada: every version of every file. */
void h_rules_perkada_list(struct api_req *r)
{
	struct rules_perkada *v;
	int n;
	pagu_err e = rules_gate_perkada_list(r->db, &r->arena, r->tok.pemda_id, &v, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PERKADA_DAFTAR);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items,
				      json_pack("{s:s, s:i, s:s, s:s, s:s}", "nama", v[i].nama, "versi", v[i].versi,
						"berlaku", v[i].berlaku, "judul", v[i].judul, "hash", v[i].hash));
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* GET /v1/pemda/{pemda}/rules/perkada/{nama}/{versi}: one version with its text. */
void h_rules_perkada_get(struct api_req *r)
{
	const char *nama = api_param(r, "nama"), *versi = api_param(r, "versi");
	if (check_nama(nama, strlen(nama))) {
		api_tolak(r, PAGU_E_INVALID, "nama", NULL, check_nama(nama, strlen(nama)), "apa", nama);
		return;
	}
	char *end;
	long v = strtol(versi, &end, 10);
	if (*end || v < 1 || v > 1000000) {
		api_tolak(r, PAGU_E_INVALID, "versi", NULL, P_VERSI_BUKAN_ANGKA, "versi", versi);
		return;
	}
	struct rules_perkada f;
	pagu_err e = rules_gate_perkada_get(r->db, &r->arena, r->tok.pemda_id, nama, (int)v, &f);
	if (e == PAGU_E_NOT_FOUND) {
		api_tolak(r, PAGU_E_NOT_FOUND, "versi", NULL, P_BERKAS_ATURAN_TANPA_VERSI, "nama", nama, "versi",
			  api_num(r, v));
		return;
	}
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PERKADA);
		return;
	}
	api_reply_json(r, 200,
		       json_pack("{s:s, s:i, s:s, s:s, s:s, s:s}", "nama", nama, "versi", (int)v, "berlaku", f.berlaku,
				 "judul", f.judul, "hash", f.hash, "isi", f.isi));
}
