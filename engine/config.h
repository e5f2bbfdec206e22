/* config.h - where pagu finds its database, its files and its private cluster. */
#ifndef PAGU_CONFIG_H
#define PAGU_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/*
 * Filled from flags and the environment by the CLI (flags win). All strings
 * are owned by the struct and freed by config_release().
 */
struct pagu_config {
	char *database_url;	/* owner (migration) connection; NULL = embedded cluster */
	char *app_database_url; /* application connection; NULL = derived (user pagu_app) */
	char *var_dir;		/* absolute; the embedded cluster lives in var_dir/pg */
	char *share_dir;	/* holds migrations/ and data/ */
	char *pg_bindir;	/* initdb, pg_ctl */
	char *pg_os_user;	/* system user that runs the cluster when pagu runs as root */
};

/* Defaults: PAGU_* environment, else built-in values. @cwd_var: "var" under cwd. */
pagu_err config_init(struct pagu_config *cfg);
void config_release(struct pagu_config *cfg);
/* Replaces field *@slot with a copy of @value. */
void config_set(char **slot, const char *value);

bool config_embedded(const struct pagu_config *cfg);

/*
 * Connection strings for the three roles, written to @buf (NUL-terminated).
 * PAGU_E_INVALID when a URL cannot be parsed or @buf is too small.
 *   owner: runs migrations and owns the schema;
 *   app:   what the server connects as (no UPDATE/DELETE on append-only tables);
 *   super: the embedded cluster's superuser (embedded only; tests use it to tamper).
 */
enum config_role { CONFIG_ROLE_OWNER, CONFIG_ROLE_APP, CONFIG_ROLE_SUPER };
pagu_err config_conninfo(const struct pagu_config *cfg, enum config_role role, char *buf, size_t size);

#endif
