/* rules_gate.c - the rules DSL at the transitions: the pack in force, facts, evaluation, record. */
#include "rules_gate.h"

#include "api.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

static struct arena national_arena;
static struct rules_pack national;
static bool national_loaded;
static atomic_bool national_stored; /* its texts are in rules_berkas */

const struct rules_pack *rules_gate_national(void)
{
	if (!national_loaded) {
		rules_pack_init(&national);
		national_loaded = true;
	}
	return &national;
}

static void fail_report(struct arena *a, struct rules_report *rep, pagu_err code, const struct rules_error *err,
			const char *src, size_t len)
{
	rep->failed = true;
	rep->fail_code = code;
	rep->err = *err;
	char buf[1024];
	if (src)
		rules_error_format(err, src, len, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s:%d:%d: %s", err->file ? err->file : "", err->pos.line, err->pos.col,
			 err->message);
	rep->err_text = arena_strdup(a, buf);
}

pagu_err rules_gate_pack(struct db *db, struct arena *a, const char *pemda, struct rules_pack **out,
			 struct rules_report *rep)
{
	struct rules_pack *p = arena_alloc(a, sizeof(*p));
	*p = *rules_gate_national();
	*out = p;
	const char *params[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_RULES_PERKADA_AKTIF, params, &r);
	if (e != PAGU_OK)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *name = arena_printf(a, "perkada/%s.rules", PQgetvalue(r, i, 0));
		const char *src = PQgetvalue(r, i, 4);
		size_t len = (size_t)PQgetlength(r, i, 4);
		struct rules_error err;
		if (rules_pack_add(a, p, name, src, len, &err) != PAGU_OK) {
			fail_report(a, rep, PAGU_E_RULES_INVALID, &err, src, len);
			break;
		}
	}
	PQclear(r);
	return PAGU_OK;
}

static const char *level_of(const char *pemda, const char *jenis)
{
	if (!strcmp(jenis, "provinsi"))
		return "provinsi";
	/* Kemendagri wilayah codes: kota from 71 on, kabupaten below */
	const char *dot = strchr(pemda, '.');
	return dot && atoi(dot + 1) >= 71 ? "kota" : "kabupaten";
}

static const char *opt(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* An optional amount (NULL: 0); one pagu cannot carry is an error, never a silent 0 in a rule's facts. */
static pagu_err sen(struct db *db, PGresult *r, int row, int col, int64_t *out)
{
	*out = 0;
	return PQgetisnull(r, row, col) ? PAGU_OK : db_sen(db, r, row, col, out);
}

/*
 * The facts rows of pagu_rules_fakta / pagu_rules_fakta_entri; strings point into @r.
 * An amount pagu cannot carry is PAGU_E_STORED_RANGE (@r is the caller's to clear).
 */
static pagu_err facts_from(struct db *db, struct arena *a, PGresult *r, struct rules_fact_line **out, size_t *count)
{
	size_t n = (size_t)PQntuples(r);
	struct rules_fact_line *lines = arena_alloc(a, sizeof(*lines) * (n ? n : 1));
	static const enum rules_fact_kind kinds[] = {
		FACT_ANGGARAN, FACT_PLAFON_OPD, FACT_PLAFON_SUB, FACT_KAS,
		FACT_SP2D,     FACT_REALISASI,	FACT_FISIK,	 FACT_REALISASI_TW
	};
	for (size_t i = 0; i < n; i++) {
		int row = (int)i;
		struct rules_fact_line *l = &lines[i];
		memset(l, 0, sizeof(*l));
		int k = atoi(PQgetvalue(r, row, 0));
		l->kind = k >= 0 && k < 8 ? kinds[k] : FACT_ANGGARAN;
		l->akun = opt(r, row, 1);
		l->sub_kegiatan = opt(r, row, 2);
		l->sumber_dana = opt(r, row, 3);
		l->opd = opt(r, row, 4);
		pagu_err e;
		if ((e = sen(db, r, row, 5, &l->jumlah)) != PAGU_OK ||
		    (e = sen(db, r, row, 7, &l->harga_satuan)) != PAGU_OK ||
		    (e = sen(db, r, row, 8, &l->ssh_harga)) != PAGU_OK)
			return e;
		l->baris = PQgetisnull(r, row, 6) ? 0 : atoi(PQgetvalue(r, row, 6));
		l->ada_ssh = !PQgetisnull(r, row, 8);
	}
	*out = lines;
	*count = n;
	return PAGU_OK;
}

pagu_err rules_gate_evaluate(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d,
			     const char *verb, struct rules_report *out)
{
	memset(out, 0, sizeof(*out));
	out->event = arena_printf(a, "%s %s", verb, d->jenis);
	struct rules_pack *pack;
	pagu_err e = rules_gate_pack(db, a, pemda, &pack, out);
	out->pack = pack;
	if (e != PAGU_OK || out->failed)
		return e;
	if (!rules_pack_fires(pack, verb, d->jenis))
		return PAGU_OK;

	const char *p1[] = { pemda };
	PGresult *pr = NULL;
	if ((e = db_exec_id(db, STMT_RULES_PEMDA, p1, &pr)) != PAGU_OK)
		return e;
	const char *level = PQntuples(pr) ? arena_strdup(a, level_of(pemda, PQgetvalue(pr, 0, 0))) : "kota";
	PQclear(pr);

	const char *p2[] = { pemda, arena_printf(a, "%lld", (long long)d->id) };
	PGresult *r = NULL;
	if ((e = db_exec_id(db, STMT_RULES_FAKTA, p2, &r)) != PAGU_OK)
		return e;
	size_t n;
	struct rules_fact_line *lines;
	if ((e = facts_from(db, a, r, &lines, &n)) != PAGU_OK) {
		PQclear(r);
		return e;
	}
	struct rules_facts facts = {
		.tahun = d->tahun, .level = level, .kapasitas_fiskal = "", .lines = lines, .n = n
	};
	struct rules_error err;
	e = rules_pack_eval(a, pack, verb, d->jenis, &facts, &out->res, &out->n, &err);
	PQclear(r); /* results keep no pointer into the rows: failures' codes are copied */
	if (e != PAGU_OK) {
		const struct rules_pack_file *f = rules_pack_file_of(pack, err.file);
		fail_report(a, out, PAGU_E_RULES_EVAL, &err, f ? f->src : NULL, f ? f->len : 0);
		return PAGU_OK;
	}
	for (int i = 0; i < out->n; i++)
		if (out->res[i].applies && !out->res[i].passed)
			out->res[i].error ? out->nerrors++ : out->nwarnings++;
	return PAGU_OK;
}

static json_t *values_json(const struct rules_result *x)
{
	json_t *o = json_object();
	for (int l = 0; x->applies && l < x->rule->nlets; l++) {
		char buf[DEC_STR_MAX];
		dec_format(x->lets[l], buf);
		json_object_set_new(o, x->rule->lets[l].name, json_string(buf));
	}
	return o;
}

static json_t *failures_json(const struct rules_result *x, const char *kode_key, const char *msg_key)
{
	json_t *arr = json_array();
	for (int i = 0; i < x->nfailures; i++)
		json_array_append_new(arr,
				      json_pack("{s:o, s:o}", kode_key, api_json_text(x->failures[i].kode), msg_key,
						api_json_text(x->failures[i].message ? x->failures[i].message : "")));
	return arr;
}

json_t *rules_report_json(const struct rules_report *rep)
{
	json_t *files = json_array();
	for (int i = 0; rep->pack && i < rep->pack->nfiles; i++)
		json_array_append_new(files, json_pack("{s:s, s:s}", "name", rep->pack->files[i].name, "hash",
						       rep->pack->files[i].hash));
	json_t *results = json_array();
	for (int i = 0; i < rep->n; i++) {
		const struct rules_result *x = &rep->res[i];
		const struct rules_rule *ru = x->rule;
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:b, s:o, s:o}", "rule", ru->id, "title",
				      ru->title, "cite", ru->cite, "file", x->file, "line", ru->pos.line, "severity",
				      x->error ? "error" : "warning", "applies", x->applies, "passed", x->passed,
				      "message", api_json_text(x->message), "values", values_json(x));
		if (ru->disabled)
			json_object_set_new(o, "disabled", json_string(ru->disabled));
		if (ru->for_each) {
			json_object_set_new(o, "for_each", json_string(ru->for_each));
			json_object_set_new(o, "groups", json_integer(x->ngroups));
			json_object_set_new(o, "failed", json_integer(x->nfailed));
			json_object_set_new(o, "failures", failures_json(x, "group", "message"));
		}
		json_array_append_new(results, o);
	}
	json_t *j = json_pack("{s:s, s:s, s:o, s:i, s:i, s:o}", "event", rep->event ? rep->event : "", "pack_hash",
			      rep->pack ? rep->pack->hash : "", "files", files, "errors", rep->nerrors, "warnings",
			      rep->nwarnings, "results", results);
	if (rep->failed)
		json_object_set_new(j, "evaluation_error",
				    json_pack("{s:o, s:i, s:i, s:o, s:o}", "file",
					      api_json_text(rep->err.file ? rep->err.file : ""), "line",
					      rep->err.pos.line, "column", rep->err.pos.col, "message",
					      api_json_text(rep->err.message), "text",
					      api_json_text(rep->err_text ? rep->err_text : "")));
	return j;
}

pagu_err rules_gate_store(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, int64_t token,
			  bool diterima, const struct rules_report *rep, int64_t entri_id)
{
	return rules_gate_store_at(db, a, pemda, d, 0, 0, token, diterima, rep, entri_id);
}

/* A file as rules_berkas and rules_evaluasi.berkas take it: name and hash, and its text when asked. */
static json_t *file_json(const struct rules_pack_file *f, bool with_text)
{
	return with_text ? json_pack("{s:s, s:s, s:s%}", "nama", f->name, "hash", f->hash, "isi", f->src, f->len)
			 : json_pack("{s:s, s:s}", "nama", f->name, "hash", f->hash);
}

pagu_err rules_gate_store_at(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, int tahun,
			     int triwulan, int64_t token, bool diterima, const struct rules_report *rep,
			     int64_t entri_id)
{
	json_t *files = json_array();
	for (int i = 0; i < rep->pack->nfiles; i++) {
		const struct rules_pack_file *f = &rep->pack->files[i];
		/* a Perkada's text came from rules_berkas; the national texts are there once seeded */
		bool stored =
			!strncmp(f->name, "perkada/", 8) || (i < national.nfiles && atomic_load(&national_stored));
		json_array_append_new(files, file_json(f, !stored));
	}
	json_t *res = json_array();
	for (int i = 0; i < rep->n; i++) {
		const struct rules_result *x = &rep->res[i];
		json_array_append_new(res, json_pack("{s:i, s:s, s:s, s:i, s:s, s:b, s:b, s:o, s:o, s:i, s:i, s:o}",
						     "urutan", i + 1, "rule_id", x->rule->id, "berkas", x->file,
						     "baris", x->rule->pos.line, "keparahan",
						     x->error ? "error" : "warning", "berlaku", x->applies, "lolos",
						     x->passed, "pesan", api_json_text(x->message), "nilai",
						     values_json(x), "kelompok", x->ngroups, "gagal", x->nfailed,
						     "rincian", failures_json(x, "kode", "pesan")));
	}
	char *fj = json_dumps(files, JSON_COMPACT), *rj = json_dumps(res, JSON_COMPACT);
	json_decref(files);
	json_decref(res);
	const char *p[] = {
		pemda,
		d ? arena_printf(a, "%lld", (long long)d->id) : NULL,
		rep->event,
		diterima ? "true" : "false",
		rep->pack->hash,
		arena_strdup(a, fj),
		token > 0 ? arena_printf(a, "%lld", (long long)token) : NULL,
		arena_strdup(a, rj),
		entri_id > 0 ? arena_printf(a, "%lld", (long long)entri_id) : NULL,
		triwulan ? arena_printf(a, "%d", tahun) : NULL,
		triwulan ? arena_printf(a, "%d", triwulan) : NULL,
	};
	free(fj);
	free(rj);
	return db_exec_cmd_id(db, STMT_RULES_SIMPAN, p);
}

/* The transition hook: every submit, verify and lock is evaluated in its own transaction. */
static pagu_err hook(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, const char *aksi,
		     int64_t token, struct pagu_fault *f)
{
	if (!strcmp(aksi, "reject"))
		return PAGU_OK; /* sending a document back is always allowed */
	struct rules_report *rep = arena_alloc(a, sizeof(*rep));
	pagu_err e = rules_gate_evaluate(db, a, pemda, d, aksi, rep);
	if (e != PAGU_OK)
		return e;
	f->laporan = rep;
	if (rep->failed) {
		f->message = arena_printf(a, "the rules cannot be evaluated: %s:%d:%d: %s", rep->err.file,
					  rep->err.pos.line, rep->err.pos.col, rep->err.message);
		f->field = "rules";
		return rep->fail_code;
	}
	if (rep->nerrors) {
		const struct rules_result *first = NULL;
		for (int i = 0; i < rep->n && !first; i++)
			if (rep->res[i].applies && !rep->res[i].passed && rep->res[i].error)
				first = &rep->res[i];
		f->message = arena_printf(a, "%d rule%s refuse%s to %s: %s (%s): %s", rep->nerrors,
					  rep->nerrors == 1 ? "" : "s", rep->nerrors == 1 ? "s" : "", rep->event,
					  first->rule->id, first->rule->cite, first->message ? first->message : "");
		f->field = "rules";
		return PAGU_E_RULES_REFUSED;
	}
	return rules_gate_store(db, a, pemda, d, token, true, rep, 0);
}

pagu_err rules_gate_init(const char *dir, char *msg, size_t msgsz)
{
	arena_init(&national_arena);
	rules_pack_init(&national);
	national_loaded = true;
	pagu_err e = rules_pack_load_dir(&national_arena, &national, dir, msg, msgsz);
	if (e != PAGU_OK)
		return e;
	dokumen_rules_hook(hook);
	return PAGU_OK;
}

pagu_err rules_gate_posting(struct db *db, struct arena *a, const char *pemda, int64_t entri_id, const char *jenis,
			    int64_t token, struct rules_report *out)
{
	memset(out, 0, sizeof(*out));
	out->event = arena_printf(a, "post %s", jenis);
	struct rules_pack *pack;
	pagu_err e = rules_gate_pack(db, a, pemda, &pack, out);
	out->pack = pack;
	if (e != PAGU_OK || out->failed || !rules_pack_fires(pack, "post", jenis))
		return e;
	const char *p[] = { pemda, arena_printf(a, "%lld", (long long)entri_id) };
	PGresult *r = NULL;
	if ((e = db_exec_id(db, STMT_RULES_FAKTA_ENTRI, p, &r)) != PAGU_OK)
		return e;
	if (!PQntuples(r)) {
		PQclear(r);
		return PAGU_OK; /* a posting without lines (an SPD): nothing for these rules */
	}
	struct dokumen dpa = { .id = strtoll(PQgetvalue(r, 0, 10), NULL, 10), .tahun = atoi(PQgetvalue(r, 0, 9)) };
	const char *level = arena_strdup(a, level_of(pemda, PQgetvalue(r, 0, 11)));
	size_t n;
	struct rules_fact_line *lines;
	if ((e = facts_from(db, a, r, &lines, &n)) != PAGU_OK) {
		PQclear(r);
		return e;
	}
	struct rules_facts facts = {
		.tahun = dpa.tahun, .level = level, .kapasitas_fiskal = "", .lines = lines, .n = n
	};
	struct rules_error err;
	e = rules_pack_eval(a, pack, "post", jenis, &facts, &out->res, &out->n, &err);
	PQclear(r);
	if (e != PAGU_OK) {
		const struct rules_pack_file *f = rules_pack_file_of(pack, err.file);
		fail_report(a, out, PAGU_E_RULES_EVAL, &err, f ? f->src : NULL, f ? f->len : 0);
		return PAGU_OK;
	}
	for (int i = 0; i < out->n; i++)
		if (out->res[i].applies && !out->res[i].passed)
			out->res[i].error ? out->nerrors++ : out->nwarnings++;
	if (out->nerrors)
		return PAGU_OK; /* the caller refuses: nothing to record in a transaction that rolls back */
	return rules_gate_store(db, a, pemda, &dpa, token, true, out, entri_id);
}

pagu_err rules_gate_triwulan(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, int64_t token,
			     struct rules_report *out)
{
	memset(out, 0, sizeof(*out));
	out->event = "close triwulan";
	struct rules_pack *pack;
	pagu_err e = rules_gate_pack(db, a, pemda, &pack, out);
	out->pack = pack;
	if (e != PAGU_OK || out->failed)
		return e;
	const char *p1[] = { pemda };
	PGresult *r = NULL;
	if ((e = db_exec_id(db, STMT_RULES_PEMDA, p1, &r)) != PAGU_OK)
		return e;
	const char *level = PQntuples(r) ? arena_strdup(a, level_of(pemda, PQgetvalue(r, 0, 0))) : "kota";
	PQclear(r);
	const char *p[] = { pemda, arena_printf(a, "%d", tahun), arena_printf(a, "%d", triwulan) };
	if ((e = db_exec_id(db, STMT_RULES_FAKTA_TRIWULAN, p, &r)) != PAGU_OK)
		return e;
	size_t n;
	struct rules_fact_line *lines;
	if ((e = facts_from(db, a, r, &lines, &n)) != PAGU_OK) {
		PQclear(r);
		return e;
	}
	struct rules_facts facts = {
		.tahun = tahun, .triwulan = triwulan, .level = level, .kapasitas_fiskal = "", .lines = lines, .n = n
	};
	struct rules_error err;
	e = rules_pack_eval(a, pack, "close", "triwulan", &facts, &out->res, &out->n, &err);
	PQclear(r);
	if (e != PAGU_OK) {
		const struct rules_pack_file *f = rules_pack_file_of(pack, err.file);
		fail_report(a, out, PAGU_E_RULES_EVAL, &err, f ? f->src : NULL, f ? f->len : 0);
		return PAGU_OK;
	}
	for (int i = 0; i < out->n; i++)
		if (out->res[i].applies && !out->res[i].passed)
			out->res[i].error ? out->nerrors++ : out->nwarnings++;
	if (out->nerrors)
		return PAGU_OK;
	return rules_gate_store_at(db, a, pemda, NULL, tahun, triwulan, token, true, out, 0);
}

pagu_err rules_gate_seed(struct db *db)
{
	json_t *files = json_array();
	for (int i = 0; i < national.nfiles; i++)
		json_array_append_new(files, file_json(&national.files[i], true));
	char *fj = json_dumps(files, JSON_COMPACT);
	json_decref(files);
	const char *p[] = { fj };
	pagu_err e = db_exec_cmd_id(db, STMT_RULES_BERKAS_SIMPAN, p);
	free(fj);
	if (e == PAGU_OK)
		atomic_store(&national_stored, true);
	return e;
}
