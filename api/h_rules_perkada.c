/* h_rules_perkada.c - a pemda's own rule files: POST (admin), list, and one version with its text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "json_spec.h"
#include "opd_json.h"
#include "rules_gate.h"

static const char *check_nama(const char *s, size_t len)
{
	if (len < 1 || len > 60 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return "is not a file name of 1 to 60 lowercase letters, digits and _ (starting with a letter or "
		       "digit)";
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return "is not a file name of 1 to 60 lowercase letters, digits and _ (starting with a letter "
			       "or digit)";
	return NULL;
}

struct arg {
	const char *nama, *judul, *berlaku, *isi;
};

static json_t *error_json(const struct rules_error *err, const char *text)
{
	/* the excerpt is cut to a buffer, maybe inside a character: never a reason to lose the error */
	return json_pack("{s:{s:o, s:i, s:i, s:o, s:o}}", "rules_error", "file",
			 api_json_text(err->file ? err->file : ""), "line", err->pos.line, "column", err->pos.col,
			 "message", api_json_text(err->message), "text", api_json_text(text));
}

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct rules_pack *inforce;
	struct rules_report rep = { 0 };
	pagu_err e = rules_gate_pack(r->db, &r->arena, r->tok.pemda_id, &inforce, &rep);
	if (e != PAGU_OK)
		return e;
	/* the new version must load with the national pack and the pemda's other files in force */
	const char *name = arena_printf(&r->arena, "perkada/%s.rules", a->nama);
	struct rules_pack *p2 = arena_alloc(&r->arena, sizeof(*p2));
	*p2 = *rules_gate_national();
	struct rules_error err;
	for (int i = rules_gate_national()->nfiles; i < inforce->nfiles; i++) {
		const struct rules_pack_file *f = &inforce->files[i];
		if (strcmp(f->name, name) && rules_pack_add(&r->arena, p2, f->name, f->src, f->len, &err) != PAGU_OK)
			break; /* an older file that no longer loads is not this upload's fault */
	}
	size_t len = strlen(a->isi);
	if (rules_pack_add(&r->arena, p2, name, a->isi, len, &err) != PAGU_OK) {
		char text[1024];
		rules_error_format(&err, a->isi, len, text, sizeof(text));
		api_problem(r, PAGU_E_RULES_INVALID, "/isi", error_json(&err, text), "%s:%d:%d: %s", name, err.pos.line,
			    err.pos.col, err.message);
		return PAGU_OK;
	}
	const struct rules_pack_file *nf = &p2->files[p2->nfiles - 1];
	const char *params[] = {
		r->tok.pemda_id,
		a->nama,
		a->berlaku,
		a->judul,
		a->isi,
		nf->hash,
		arena_printf(&r->arena, "%lld", (long long)r->tok.token_id),
	};
	PGresult *res = NULL;
	if ((e = db_exec_id(r->db, STMT_RULES_PERKADA_TAMBAH, params, &res)) != PAGU_OK)
		return e;
	int versi = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	api_reply_json(r, 201,
		       json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:i}", "nama", a->nama, "versi", versi, "judul",
				 a->judul, "berlaku", a->berlaku, "hash", nf->hash, "file", name, "rules",
				 nf->f.nrules));
	return PAGU_OK;
}

void h_rules_perkada_post(struct api_req *r)
{
	struct arg a = { 0 };
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
		{ .name = "isi", .type = JSPEC_STRING, .required = true, .max_len = RULES_MAX_FILE, .out = &a.isi },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	api_idempotent(r, work, &a);
}

void h_rules_perkada_list(struct api_req *r)
{
	const char *params[] = { r->tok.pemda_id };
	PGresult *res = NULL;
	pagu_err e = db_exec_id(r->db, STMT_RULES_PERKADA_LIST, params, &res);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the Perkada rule files");
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < PQntuples(res); i++)
		json_array_append_new(items,
				      json_pack("{s:s, s:i, s:s, s:s, s:s}", "nama", PQgetvalue(res, i, 0), "versi",
						atoi(PQgetvalue(res, i, 1)), "berlaku", PQgetvalue(res, i, 2), "judul",
						PQgetvalue(res, i, 3), "hash", PQgetvalue(res, i, 4)));
	PQclear(res);
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_rules_perkada_get(struct api_req *r)
{
	const char *nama = api_param(r, "nama"), *versi = api_param(r, "versi");
	if (check_nama(nama, strlen(nama))) {
		api_problem(r, PAGU_E_INVALID, "nama", NULL, "%s %s", nama, check_nama(nama, strlen(nama)));
		return;
	}
	char *end;
	long v = strtol(versi, &end, 10);
	if (*end || v < 1 || v > 1000000) {
		api_problem(r, PAGU_E_INVALID, "versi", NULL, "versi %s is not a version number", versi);
		return;
	}
	const char *params[] = { r->tok.pemda_id, nama, arena_printf(&r->arena, "%ld", v) };
	PGresult *res = NULL;
	pagu_err e = db_exec_id(r->db, STMT_RULES_PERKADA_GET, params, &res);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the Perkada rule file");
		return;
	}
	if (!PQntuples(res)) {
		PQclear(res);
		api_problem(r, PAGU_E_NOT_FOUND, "versi", NULL, "rule file %s has no version %ld", nama, v);
		return;
	}
	json_t *body = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s}", "nama", nama, "versi", (int)v, "berlaku",
				 PQgetvalue(res, 0, 1), "judul", PQgetvalue(res, 0, 2), "hash", PQgetvalue(res, 0, 3),
				 "isi", PQgetvalue(res, 0, 4));
	PQclear(res);
	api_reply_json(r, 200, body);
}
