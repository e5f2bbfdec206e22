/* cluster.h - the private PostgreSQL cluster under var/: initdb, pg_ctl, bootstrap. */
#ifndef PAGU_CLUSTER_H
#define PAGU_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "error.h"

/*
 * Layout under cfg->var_dir:
 *   pg/    the data directory (initdb), owned by the cluster's system user
 *   run/   the unix socket directory (no TCP port is opened)
 *   log/   postgresql.log and the output of initdb/pg_ctl
 * PostgreSQL refuses to run as root; when pagu runs as root the cluster runs as
 * cfg->pg_os_user, which must exist (./run creates it).
 *
 * On failure each function writes a one-line reason to @msg (always
 * NUL-terminated) and returns PAGU_E_IO or PAGU_E_DB_UNAVAILABLE.
 */

/* Creates the cluster if needed, starts it if not running, then makes sure the
 * roles pagu_owner and pagu_app and the database pagu exist. *@created tells
 * whether initdb ran. */
pagu_err cluster_start(const struct pagu_config *cfg, bool *created, char *msg, size_t msgsz);
/* Stops the cluster (fast shutdown); OK when it was not running. */
pagu_err cluster_stop(const struct pagu_config *cfg, bool immediate, char *msg, size_t msgsz);
/* *@running: the postmaster answers; PAGU_OK also when no cluster exists yet. */
pagu_err cluster_status(const struct pagu_config *cfg, bool *running, char *msg, size_t msgsz);

#endif
