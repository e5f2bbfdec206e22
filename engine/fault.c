/* fault.c - the one table from a database refusal to an error, for every area. */
#include "db.h"

#include "sql.h"

#include "arena.h"

#include <string.h>

/*
 * A pagu procedure refuses with SQLSTATE P94xx and names the field at fault in its DETAIL;
 * the status is the code's (error.h). Constraints that a client's request can break are
 * listed by SQLSTATE and name, with the field they concern; any other failure stays a
 * database error (500), because it is one of ours.
 */
struct fault_row {
	const char *sqlstate;
	const char *constraint; /* NULL: any; "*x": any name ending in x */
	pagu_err code;
	const char *field;   /* NULL: the DETAIL's (procedures), else this */
	const char *message; /* NULL: the database's own message (procedures: ours) */
};

#define LEDGER_RACE "the document number, or the SPM or entry it acts on, was taken by a concurrent request"
#define LEDGER_BEYOND "the entry would take a pocket's or the OPD's running total beyond what pagu can carry"

static const struct fault_row faults[] = {
	{ "P9400", NULL, PAGU_E_OVERFLOW, NULL, NULL },
	{ "P9403", NULL, PAGU_E_FORBIDDEN, NULL, NULL },
	{ "P9404", NULL, PAGU_E_NOT_FOUND, NULL, NULL },
	{ "P9409", NULL, PAGU_E_CONFLICT, NULL, NULL },
	{ "P9412", NULL, PAGU_E_PRECONDITION, NULL, NULL },
	/* every other P9xxx: a business rule in a procedure */
	{ "P9", NULL, PAGU_E_RULE, NULL, NULL },
	/* area ledger: two requests raced for one document number, or to resolve one SPM or entry
	   (migrations/0007_ledger.sql's unique indexes; a void, which has no number, names its SPM) */
	{ "23505", "entri_nomor", PAGU_E_CONFLICT, "/nomor", LEDGER_RACE },
	{ "23505", "entri_selesai", PAGU_E_CONFLICT, "/nomor", LEDGER_RACE },
	{ "23505", "entri_koreksi", PAGU_E_CONFLICT, "/nomor", LEDGER_RACE },
	/* area ledger: a running balance past what pagu carries (migration 0020's bounds) */
	{ "23514", "opd_saldo_spd_batas", PAGU_E_OVERFLOW, "/jumlah", LEDGER_BEYOND },
	{ "23514", "kantong_realisasi_batas", PAGU_E_OVERFLOW, "/baris", LEDGER_BEYOND },
	{ "23514", "kantong_pending_batas", PAGU_E_OVERFLOW, "/baris", LEDGER_BEYOND },
	/* area pemeriksaan: a finding closed twice, or another row taken by a concurrent request
	   (migrations/0011_pemeriksaan.sql's keys) */
	{ "23505", "temuan_selesai_pkey", PAGU_E_CONFLICT, "nomor", "the finding is already closed" },
	{ "23505", "temuan_pkey", PAGU_E_CONFLICT, "nomor", "the finding is already closed" },
	{ "23505", "tindak_lanjut_pkey", PAGU_E_CONFLICT, "nomor", "the finding is already closed" },
	{ "23505", "pemeriksaan_pkey", PAGU_E_CONFLICT, "nomor", "the finding is already closed" },
};

static bool name_matches(const char *want, const char *have)
{
	if (!want)
		return true;
	if (want[0] == '*') {
		size_t w = strlen(want + 1), h = strlen(have);
		return h >= w && !strcmp(have + h - w, want + 1);
	}
	return !strcmp(want, have);
}

/* The row for the last failure: a two-character sqlstate is a class prefix. */
static const struct fault_row *fault_find(const struct db *db)
{
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		const struct fault_row *f = &faults[i];
		size_t n = strlen(f->sqlstate);
		if (strncmp(db->sqlstate, f->sqlstate, n) != 0 || !name_matches(f->constraint, db->constraint))
			continue;
		return f;
	}
	return NULL;
}

bool db_failed_on(const struct db *db, const char *state, const char *constraint)
{
	return !strcmp(db->sqlstate, state) && name_matches(constraint, db->constraint);
}

pagu_err db_fault(struct db *db, struct arena *a, pagu_err e, struct pagu_fault *f)
{
	if (e != PAGU_E_DB)
		return e;
	const struct fault_row *row = fault_find(db);
	if (!row)
		return e;
	if (f) {
		f->message = row->message ? row->message : arena_strdup(a, db->errmsg);
		f->field = row->field ? row->field : db->errdetail[0] ? arena_strdup(a, db->errdetail) : NULL;
	}
	return row->code;
}
