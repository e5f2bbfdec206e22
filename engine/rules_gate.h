/*
 * rules_gate.h - the rules DSL at the transitions: the pack in force, facts, evaluation, record.
 *
 * The engine is the only layer that sees the rules library (rules/): what leaves this header is
 * the engine's own description of a pack and of an evaluation, as plain strings and numbers, so a
 * layer above renders it without knowing the language. Strings are borrowed from the arena of the
 * call (or from the national pack, loaded once) and live as long as it.
 */
#ifndef PAGU_RULES_GATE_H
#define PAGU_RULES_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "dokumen.h"
#include "error.h"

/* The largest rules file accepted (rules/lexer.h's RULES_MAX_FILE; rules_gate.c checks they agree). */
#define RULES_GATE_MAX_FILE (1u << 20)

/* Where a rules file fails to load or a rule to evaluate; @text is compiler-style with a caret. */
struct rules_gate_error {
	const char *file;
	int line, column;
	const char *message;
	const char *text;
};

/* One file of a pack. @src/@len: its text. */
struct rules_gate_file {
	const char *name; /* apbd.rules, or perkada/<nama>.rules */
	const char *hash; /* SHA-256 of the text, hex */
	const char *src;
	size_t len;
	bool perkada; /* a pemda's own file (else the national pack's) */
	int nrules, ntables;
};

struct rules_gate_value {
	const char *name, *value; /* a let and its value as a decimal text */
};

struct rules_gate_failure {
	const char *kode, *message; /* one failing group of a for-each rule */
};

/* The outcome of one rule. */
struct rules_gate_result {
	const char *rule, *title, *cite, *file;
	int line;
	bool error;	      /* the severity in force refuses: error */
	const char *severity; /* the severity in force: "error", "warning" or "finding" */
	bool applies, passed;
	const char *message;		 /* NULL for a for-each rule that passed */
	const char *disabled, *for_each; /* NULL when none */
	int groups, failed;		 /* for each: the groups checked, how many failed */
	const struct rules_gate_value *values;
	int nvalues;
	const struct rules_gate_failure *failures;
	int nfailures;
};

/* The outcome of evaluating one event. */
struct rules_report {
	const char *event;     /* "lock apbd" */
	const char *pack_hash; /* "" when no pack was put together */
	const struct rules_gate_file *files;
	int nfiles;
	const struct rules_gate_result *res;
	int n;
	int nerrors, nwarnings, nfindings; /* failing rules, by the severity in force */
	bool failed;			   /* a rule could not be evaluated (or a Perkada does not load): err */
	pagu_err fail_code;		   /* PAGU_E_RULES_EVAL or PAGU_E_RULES_INVALID when failed */
	struct rules_gate_error err;
};

/*
 * Loads the national pack (every *.rules file of @dir) once, before serving; from then on every
 * submit, verify and lock of a document is checked by the rules (rules_gate_check_transition).
 * A pack that does not load is refused with its compiler-style error in @msg: the server does
 * not start with broken rules.
 */
pagu_err rules_gate_load(const char *dir, char *msg, size_t msgsz);
/* Whether rules_gate_load has succeeded. */
bool rules_gate_loaded(void);

/*
 * Stores the national pack's texts in rules_berkas (once, as the server starts), so that an
 * evaluation need not send them again. Until it has succeeded they are sent with every one.
 */
pagu_err rules_gate_seed(struct db *db);

/* The national pack as loaded: its hash and number of files. */
const char *rules_gate_national_hash(void);
int rules_gate_national_files(void);

/* A rule as the pack declares it. */
struct rules_gate_rule {
	const char *rule, *title, *cite, *file;
	int line;
	const char *const *events; /* "lock apbd" */
	int nevents;
	const char *severity;		 /* the declared severity: error, warning or finding */
	int from_year;			 /* 0, or the year the severity applies from ... */
	const char *before_severity;	 /* ... and the severity before it */
	const char *for_each, *disabled; /* NULL when none */
};

struct rules_gate_table {
	const char *table, *title, *cite, *file; /* title and cite may be NULL */
	int line;
	const char *const *keys;
	int nkeys;
	int rows;
};

/* The pack in force for a pemda, described. */
struct rules_gate_pack {
	const char *hash;
	const struct rules_gate_file *files;
	int nfiles;
	const struct rules_gate_rule *rules;
	int nrules;
	const struct rules_gate_table *tables;
	int ntables;
	const char *error; /* a Perkada that no longer loads with the national pack: why; else NULL */
};

/*
 * The pack in force for @pemda today: the national files, then the newest version in force of
 * each of the pemda's Perkada files (as perkada/<nama>.rules).
 */
pagu_err rules_gate_describe(struct db *db, struct arena *a, const char *pemda, struct rules_gate_pack *out);

/* Evaluates "@verb <jenis>" on version @d with the facts the database holds now (a dry run). */
pagu_err rules_gate_evaluate(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d,
			     const char *verb, struct rules_report *out);

/*
 * The rules of a transition @aksi of version @d (after the transition's own checks, in its
 * transaction). A refusal (PAGU_E_RULES_REFUSED, or the report's fail_code when a rule cannot
 * be evaluated) comes with *@f saying which rule and why; otherwise the report is recorded.
 * Either way f->laporan holds the report. Nothing happens until rules_gate_load has succeeded,
 * and a reject is always allowed.
 */
pagu_err rules_gate_check_transition(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d,
				     const char *aksi, int64_t token, struct pagu_fault *f);

/* Records @rep for version @d (inside the caller's transaction), accepted or refused. */
pagu_err rules_gate_record(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, int64_t token,
			   bool diterima, const struct rules_report *rep);

/*
 * The rules of "close triwulan" for @tahun's quarter @triwulan of @pemda, in the closing
 * transaction (the quarter's row already written): facts from pagu_rules_fakta_triwulan.
 * Recorded unless an error rule fails (out->nerrors) or one cannot be evaluated.
 */
pagu_err rules_gate_check_triwulan(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan,
				   int64_t token, struct rules_report *out);

/*
 * The rules of "post @jenis" (sp2d, sts) on the posting @entri_id just written, in its
 * transaction: facts are its OPD's pockets (anggaran kas to the month, realised so far).
 * Recorded unless an error rule fails (out->nerrors: the caller refuses and rolls back)
 * or a rule cannot be evaluated (out->failed).
 */
pagu_err rules_gate_check_posting(struct db *db, struct arena *a, const char *pemda, int64_t entri_id,
				  const char *jenis, int64_t token, struct rules_report *out);

/* One stored evaluation of a version; @files_json and @results_json are JSON texts. */
struct rules_evaluasi {
	int64_t id;
	const char *event;
	bool accepted;
	bool has_event_seq;
	int event_seq;
	const char *pack_hash, *files_json, *time, *results_json;
	bool has_token;
	int64_t token_id;
};

/* Every stored evaluation of version @dokumen_id, oldest first (arena). */
pagu_err rules_gate_evaluasi_list(struct db *db, struct arena *a, const char *pemda, int64_t dokumen_id,
				  struct rules_evaluasi **out, int *n);

/* A version of a pemda's own rules file. */
struct rules_perkada {
	const char *nama;
	int versi;
	const char *berlaku, *judul, *hash;
	const char *isi;  /* rules_gate_perkada_get only */
	const char *file; /* perkada/<nama>.rules */
	int nrules;	  /* rules_gate_perkada_add only */
};

/*
 * Adds the next version of rules file @in->nama of @pemda (nama, judul, berlaku, isi) by token
 * @token. It must load with the national pack and the pemda's other files in force: when it does
 * not, returns PAGU_E_RULES_INVALID with *@err saying where, and stores nothing. On success
 * fills *@out (versi, hash, file, nrules).
 */
pagu_err rules_gate_perkada_add(struct db *db, struct arena *a, const char *pemda, const struct rules_perkada *in,
				int64_t token, struct rules_perkada *out, struct rules_gate_error *err);
/* Every version of every rules file of @pemda, by name and version (arena). */
pagu_err rules_gate_perkada_list(struct db *db, struct arena *a, const char *pemda, struct rules_perkada **out, int *n);
/* Version @versi of file @nama with its text; PAGU_E_NOT_FOUND when there is none. */
pagu_err rules_gate_perkada_get(struct db *db, struct arena *a, const char *pemda, const char *nama, int versi,
				struct rules_perkada *out);

/* The result of checking rules files and running a pack's cases (the command line's tools). */
struct rules_gate_test {
	const char *hash;
	int nfiles, nrules;
	int ncases, nfailed;
	const char **failures; /* why each failing case failed */
	const char **untested; /* each rule without a passing and a failing (or skipped) case */
	int nuntested;
};

/*
 * Loads the pack of @dir as the server would, then runs every case of @dir/tests (*.case, in
 * name order). Fails (with @msg) only when the pack does not load or there is no tests
 * directory; failing cases and untested rules are in *@out.
 */
pagu_err rules_gate_test_dir(struct arena *a, const char *dir, struct rules_gate_test *out, char *msg, size_t msgsz);

/*
 * Checks one rules file's text @src (@len bytes) as @name: on success *@nrules; otherwise
 * PAGU_E_RULES_INVALID with its first error compiler-style in @msg.
 */
pagu_err rules_gate_check_file(const char *name, const char *src, size_t len, int *nrules, char *msg, size_t msgsz);

/* ---- the data the mandatory-spending rules read besides the budget (migration 0024) ---- */

/* NULL when @s is a classification pattern (pattern_parse_wild), else why not (for the API's problem). */
const char *rules_gate_pattern_check(const char *s);
/* Whether @kategori names a classification of the national pack (infrastruktur, pendidikan). */
bool rules_gate_kategori_known(const char *kategori);
/* Whether @k is a kapasitas fiskal category: sangat_rendah, rendah, sedang, tinggi, sangat_tinggi. */
bool rules_gate_kapasitas_kategori(const char *k);

/* One of a pemda's own tagging rows (penandaan_belanja_wajib). */
struct rules_penandaan {
	int64_t id;
	int tahun;
	const char *kategori, *sub_kegiatan, *akun;
	bool hitung;
	const char *dasar, *alasan;
	bool has_token;
	int64_t token_id;
	const char *waktu;
};

/* Adds a row (fields checked by the caller; PAGU_E_INVALID if they are not). */
pagu_err rules_gate_penandaan_add(struct db *db, struct arena *a, const char *pemda, const struct rules_penandaan *in,
				  int64_t token, struct rules_penandaan *out);
/* Every row of @tahun (0: of every year), oldest first. */
pagu_err rules_gate_penandaan_list(struct db *db, struct arena *a, const char *pemda, int tahun,
				   struct rules_penandaan **out, int *n);

/* A pemda's kapasitas fiskal category for a year (the newest row of a year is in force). */
struct rules_kapasitas {
	int64_t id;
	int tahun;
	const char *kategori, *dasar;
	bool has_token;
	int64_t token_id;
	const char *waktu;
};

pagu_err rules_gate_kapasitas_add(struct db *db, struct arena *a, const char *pemda, const struct rules_kapasitas *in,
				  int64_t token, struct rules_kapasitas *out);
pagu_err rules_gate_kapasitas_list(struct db *db, struct arena *a, const char *pemda, int tahun,
				   struct rules_kapasitas **out, int *n);

/*
 * The findings that travel with version @dokumen_id: the failed finding-severity results of its
 * accepted evaluations, as a JSON array text ([{evaluasi_id, event, rule, severity, message, cite,
 * values, waktu}]). A DPA's are those of its APBD (the newest locked APBD of its year): *@dari is
 * the version they are of (0 when there is none).
 */
pagu_err rules_gate_temuan_dokumen(struct db *db, struct arena *a, const char *pemda, int64_t dokumen_id, int64_t *dari,
				   const char **json);

/* One finding of a year's report. */
struct rules_temuan {
	int64_t evaluasi_id, dokumen_id;
	const char *jenis;
	int versi;
	const char *opd; /* NULL for a pemda-wide document */
	const char *event, *rule, *severity, *message, *cite, *values_json, *waktu;
};

/* Every finding recorded on the accepted evaluations of @tahun's documents, in order. */
pagu_err rules_gate_temuan_tahun(struct db *db, struct arena *a, const char *pemda, int tahun,
				 struct rules_temuan **out, int *n);
/*
 * A refusal by the rules in words (Indonesian; arena): every failing rule of severity error with its
 * citation and, for a for-each rule, every failing group's message up to RULES_GATE_REFUSAL_NAMED,
 * then "dan N lainnya" (N counts every group that failed, also beyond those the evaluation kept).
 */
#define RULES_GATE_REFUSAL_NAMED 20
const char *rules_gate_refusal_text(struct arena *a, const struct rules_report *rep);
/*
 * The refusal of a report that failed (the rules cannot be evaluated: P_RULES_TIDAK_DAPAT_DIEVALUASI)
 * or has errors (P_RULES_MENOLAK, with the event as a person says it) into @f: its catalogue entry
 * and parameters (base/pesan.h), its English text in @f->message, field "rules" and the report.
 * Every caller refusing by a report says it through this (api/ too), so it reads in the client's language.
 */
void rules_gate_fault(struct arena *a, const struct rules_report *rep, struct pagu_fault *f);
/* An event ("lock apbd") as a person says it ("penguncian APBD") in @out; the event itself when unknown. */
#define RULES_GATE_PERISTIWA_MAX 96
const char *rules_gate_peristiwa(const char *event, char out[RULES_GATE_PERISTIWA_MAX]);
/* A rule's severity as a person says it: error "menolak", warning "peringatan", finding "temuan". */
const char *rules_gate_tingkat(const char *severity);

#endif
