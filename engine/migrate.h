/* migrate.h - applying numbered SQL migrations, loading reference and demo data. */
#ifndef PAGU_MIGRATE_H
#define PAGU_MIGRATE_H

#include <stddef.h>

#include "error.h"

struct migrate_report {
	int found;   /* migration files in the directory */
	int applied; /* applied by this run */
};

/*
 * Applies migrations/NNNN_name.sql files from @dir in order, each in its own
 * transaction, recording version, name and SHA-256 in schema_migration. Runs
 * under an advisory lock so concurrent runs serialise. Refuses (PAGU_E_MIGRATION,
 * reason in @msg) when an applied file changed or disappeared, when two files
 * share a number, or when a file fails; nothing of a failed file is kept.
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
