/* migrate.h - applying numbered SQL migrations, loading reference and demo data. */
#ifndef PAGU_MIGRATE_H
#define PAGU_MIGRATE_H

#include <stddef.h>

#include "error.h"

struct migrate_report {
	int found;	/* migration files in the directory */
	int applied;	/* applied by this run */
	int procedures; /* procedures files applied by this run (all of them, or 0) */
};

/*
 * Applies migrations/NNNN_name.sql files from @dir in order, each in its own
 * transaction, recording version, name and SHA-256 in schema_migration. Runs
 * under an advisory lock so concurrent runs serialise. Refuses (PAGU_E_MIGRATION,
 * reason in @msg) when an applied file changed or disappeared, when two files
 * share a number, or when a file fails; nothing of a failed file is kept.
 *
 * Then the procedures: @dir/procedures/name.sql hold every function, procedure and
 * trigger, each defined once (CREATE OR REPLACE). When any file differs from what
 * schema_procedure records, all are applied again in ONE transaction, common.sql
 * first and the rest by name, with check_function_bodies off; a pagu_ routine that
 * no file defined in it is dropped (RESTRICT: one still in use fails the apply). A
 * failing file leaves nothing of the apply. Numbered migrations must not call
 * functions: on a new database they run before any is defined.
 *
 * @dir/superseded.txt lists "NNNN old-sha256 new-sha256": a numbered migration that
 * was rewritten (issue 17 took the functions out) and applied with the old content
 * is accepted when its file now has the new one, and recorded anew in the
 * procedures' transaction. Any other change of an applied file is refused.
 * @conninfo is the owner role's connection. *@rep is set on success only.
 */
pagu_err migrate_run(const char *conninfo, const char *dir, struct migrate_report *rep, char *msg, size_t msgsz);

/*
 * Loads the national code lists in @ref_dir (nomenklatur.csv, kode_rekening.csv,
 * sumber_dana.csv) as one reference edition, unless it is loaded already.
 * *@loaded tells whether rows were written. The same edition with other
 * content is refused.
 */
pagu_err migrate_load_ref(const char *conninfo, const char *ref_dir, int *loaded, char *msg, size_t msgsz);

/* Runs the idempotent demo SQL file @path (pemda and OPD). */
pagu_err migrate_load_sql(const char *conninfo, const char *path, char *msg, size_t msgsz);

#endif
