/* fault.c - the one table from a database refusal to an error, for every area. */
#include "db.h"

#include "sql.h"

#include "arena.h"
#include "pesan.h"

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
	const char *field; /* NULL: the DETAIL's (procedures), else this */
	pesan_kunci pesan; /* P_TANPA_: the database's own message (procedures: a catalogue key), else this */
};

#define LEDGER_RACE P_FAULT_LEDGER_RACE
#define LEDGER_BEYOND P_FAULT_LEDGER_BEYOND

static const struct fault_row faults[] = {
	{ "P9400", NULL, PAGU_E_OVERFLOW, NULL, P_TANPA_ },
	{ "P9403", NULL, PAGU_E_FORBIDDEN, NULL, P_TANPA_ },
	{ "P9404", NULL, PAGU_E_NOT_FOUND, NULL, P_TANPA_ },
	{ "P9409", NULL, PAGU_E_CONFLICT, NULL, P_TANPA_ },
	{ "P9412", NULL, PAGU_E_PRECONDITION, NULL, P_TANPA_ },
	/* what cannot have happened yet (procedures/waktu.sql) */
	{ "P9423", NULL, PAGU_E_FUTURE_DATE, NULL, P_TANPA_ },
	{ "P9424", NULL, PAGU_E_QUARTER_EARLY, NULL, P_TANPA_ },
	/* every other P9xxx: a business rule in a procedure */
	{ "P9", NULL, PAGU_E_RULE, NULL, P_TANPA_ },
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
	{ "23505", "temuan_selesai_pkey", PAGU_E_CONFLICT, "nomor", P_FAULT_TEMUAN_SELESAI },
	{ "23505", "temuan_pkey", PAGU_E_CONFLICT, "nomor", P_FAULT_TEMUAN_SELESAI },
	{ "23505", "tindak_lanjut_pkey", PAGU_E_CONFLICT, "nomor", P_FAULT_TEMUAN_SELESAI },
	{ "23505", "pemeriksaan_pkey", PAGU_E_CONFLICT, "nomor", P_FAULT_TEMUAN_SELESAI },
};

/*
 * Refusals that mean something different in each operation that can meet them (one unique
 * index met by create, derive and DPA; a CHECK met by one line or a whole import): keyed also
 * by the statement that failed (its prepared name), and looked up before the table above.
 */
struct fault_stmt_row {
	const char *stmt;
	struct fault_row row;
};

static const struct fault_stmt_row stmt_faults[] = {
	/* Area A (documents, tokens). */
	/* a concurrent create, derive or DPA of the same document won the unique version index */
	{ "dokumen_create", { "23505", "dokumen_versi", PAGU_E_CONFLICT, "/jenis", P_FAULT_DOKUMEN_SERENTAK } },
	{ "dokumen_derive", { "23505", "dokumen_versi", PAGU_E_CONFLICT, "id", P_FAULT_TURUNAN_SERENTAK } },
	{ "dokumen_dpa_create", { "23505", "dokumen_versi", PAGU_E_CONFLICT, "/opd_kode", P_FAULT_DPA_SERENTAK } },
	/* a CHECK of rka_baris (jumlah beyond NUMERIC(20,2), a non-positive volume), or a numeric overflow */
	{ "dokumen_rka_add", { "23514", NULL, PAGU_E_RULE, "/koefisien", P_FAULT_BARIS_RENTANG } },
	{ "dokumen_rka_add", { "22003", NULL, PAGU_E_RULE, "/harga_satuan", P_FAULT_BARIS_JUMLAH_MUAT } },
	{ "dokumen_import", { "23514", NULL, PAGU_E_RULE, "csv", P_FAULT_IMPOR_RENTANG } },
	{ "dokumen_import", { "22003", NULL, PAGU_E_RULE, "csv", P_FAULT_IMPOR_RENTANG } },
	/* the document's total: the rows together, with its lines */
	{ "dokumen_import", { "P9400", NULL, PAGU_E_OVERFLOW, "csv", P_TANPA_ } },
	/* the procedure refuses a line that is another's source first; the foreign key is the last word */
	{ "dokumen_baris_delete", { "23503", NULL, PAGU_E_CONFLICT, "baris", P_FAULT_BARIS_SUMBER } },
	/* a token for a pemda or OPD that does not exist */
	{ "token_insert", { "23503", NULL, PAGU_E_NOT_FOUND, "opd_kode", P_FAULT_TOKEN_OPD } },
	/* end of area A */
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
	for (size_t i = 0; db->failed && i < sizeof(stmt_faults) / sizeof(stmt_faults[0]); i++) {
		const struct fault_row *f = &stmt_faults[i].row;
		if (!strcmp(stmt_faults[i].stmt, db->failed) && !strcmp(db->sqlstate, f->sqlstate) &&
		    name_matches(f->constraint, db->constraint))
			return f;
	}
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
		pesan_kunci k = row->pesan;
		f->param = NULL;
		/* a procedure refuses with a catalogue key and its parameters as a JSON object in HINT */
		if (k == P_TANPA_ && pesan_cari(db->errmsg, &k))
			f->param = pesan_param_json(a, db->errhint);
		f->pesan = (int)k;
		/* the English text, for a caller that does not yet speak the client's language (and logs) */
		f->message = k != P_TANPA_ ? pesan_render(a, BAHASA_EN, k, f->param) : arena_strdup(a, db->errmsg);
		f->field = row->field ? row->field : db->errdetail[0] ? arena_strdup(a, db->errdetail) : NULL;
	}
	return row->code;
}
