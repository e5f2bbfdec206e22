/* rules_gate.h - the rules DSL at the transitions: the pack in force, facts, evaluation, record. */
#ifndef PAGU_RULES_GATE_H
#define PAGU_RULES_GATE_H

#include <jansson.h>

#include "db.h"
#include "dokumen.h"
#include "pack.h"

/* The outcome of evaluating one event on one document version. */
struct rules_report {
	const char *event; /* "lock apbd" */
	const struct rules_pack *pack;
	struct rules_result *res;
	int n;
	int nerrors, nwarnings; /* failing rules, by the severity in force */
	bool failed;		/* a rule could not be evaluated (or a Perkada does not load): err */
	pagu_err fail_code;	/* PAGU_E_RULES_EVAL or PAGU_E_RULES_INVALID when failed */
	struct rules_error err;
	const char *err_text; /* err, compiler-style with the source line and a caret */
};

/*
 * Loads the national pack (every *.rules file of @dir) once, before serving, and
 * installs the transition hook. A pack that does not load is refused with its
 * compiler-style error in @msg: the server does not start with broken rules.
 */
pagu_err rules_gate_init(const char *dir, char *msg, size_t msgsz);
/*
 * Stores the national pack's texts in rules_berkas (once, as the server starts), so that an
 * evaluation need not send them again. Until it has succeeded they are sent with every one.
 */
pagu_err rules_gate_seed(struct db *db);
/* The national pack loaded by rules_gate_init (an empty pack before). */
const struct rules_pack *rules_gate_national(void);

/*
 * The pack in force for @pemda today: the national files, then the newest version in
 * force of each of the pemda's Perkada files (as perkada/<nama>.rules). A Perkada
 * that no longer loads with the national pack fails the report (PAGU_E_RULES_INVALID).
 */
pagu_err rules_gate_pack(struct db *db, struct arena *a, const char *pemda, struct rules_pack **out,
			 struct rules_report *rep);

/* Evaluates "@verb <jenis>" on version @d with the facts the database holds now. */
pagu_err rules_gate_evaluate(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d,
			     const char *verb, struct rules_report *out);

/* Records @rep for version @d (inside the caller's transaction); @entri_id > 0 for a posting. */
pagu_err rules_gate_store(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, int64_t token,
			  bool diterima, const struct rules_report *rep, int64_t entri_id);

/* The same for a quarter closed (@triwulan > 0; @d NULL) or a version. */
pagu_err rules_gate_store_at(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, int tahun,
			     int triwulan, int64_t token, bool diterima, const struct rules_report *rep,
			     int64_t entri_id);

/*
 * The rules of "close triwulan" for @tahun's quarter @triwulan of @pemda, in the closing
 * transaction (the quarter's row already written): facts from pagu_rules_fakta_triwulan.
 * Recorded unless an error rule fails (out->nerrors) or one cannot be evaluated.
 */
pagu_err rules_gate_triwulan(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan, int64_t token,
			     struct rules_report *out);

/*
 * The rules of "post @jenis" (sp2d, sts) on the posting @entri_id just written, in its
 * transaction: facts are its OPD's pockets (anggaran kas to the month, realised so far).
 * Recorded unless an error rule fails (out->nerrors: the caller refuses and rolls back)
 * or a rule cannot be evaluated (out->failed).
 */
pagu_err rules_gate_posting(struct db *db, struct arena *a, const char *pemda, int64_t entri_id, const char *jenis,
			    int64_t token, struct rules_report *out);

/* The report as the API shows it. */
json_t *rules_report_json(const struct rules_report *rep);

#endif
