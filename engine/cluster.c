/* cluster.c - creating, starting and stopping the private PostgreSQL cluster. */
#include "cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

struct paths {
	char data[PATH_MAX];
	char run[PATH_MAX];
	char log[PATH_MAX];
	char ctl_log[PATH_MAX];
	char pg_log[PATH_MAX];
	char initdb[PATH_MAX];
	char pg_ctl[PATH_MAX];
};

struct os_user {
	bool drop; /* we are root: run PostgreSQL programs as uid/gid */
	uid_t uid;
	gid_t gid;
};

static void say(char *msg, size_t msgsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *msg, size_t msgsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msgsz, fmt, ap);
	va_end(ap);
}

static pagu_err paths_init(const struct pagu_config *cfg, struct paths *p, char *msg, size_t msgsz)
{
	const char *v = cfg->var_dir, *b = cfg->pg_bindir;
	if (snprintf(p->data, sizeof(p->data), "%s/pg", v) >= (int)sizeof(p->data) ||
	    snprintf(p->run, sizeof(p->run), "%s/run", v) >= (int)sizeof(p->run) ||
	    snprintf(p->log, sizeof(p->log), "%s/log", v) >= (int)sizeof(p->log) ||
	    snprintf(p->ctl_log, sizeof(p->ctl_log), "%s/log/pg_ctl.log", v) >= (int)sizeof(p->ctl_log) ||
	    snprintf(p->pg_log, sizeof(p->pg_log), "%s/log/postgresql.log", v) >= (int)sizeof(p->pg_log) ||
	    snprintf(p->initdb, sizeof(p->initdb), "%s/initdb", b) >= (int)sizeof(p->initdb) ||
	    snprintf(p->pg_ctl, sizeof(p->pg_ctl), "%s/pg_ctl", b) >= (int)sizeof(p->pg_ctl)) {
		say(msg, msgsz, "path under %s is too long", v);
		return PAGU_E_IO;
	}
	/* the socket path must fit sockaddr_un.sun_path */
	struct sockaddr_un sun;
	if (strlen(p->run) + sizeof("/.s.PGSQL.5432") > sizeof(sun.sun_path)) {
		say(msg, msgsz, "socket directory %s is too long for a unix socket (limit %zu bytes)", p->run,
		    sizeof(sun.sun_path) - sizeof("/.s.PGSQL.5432"));
		return PAGU_E_IO;
	}
	if (access(p->pg_ctl, X_OK) != 0 || access(p->initdb, X_OK) != 0) {
		say(msg, msgsz, "cannot find PostgreSQL programs in %s (install postgresql-15 or set PAGU_PG_BINDIR)",
		    b);
		return PAGU_E_IO;
	}
	return PAGU_OK;
}

static pagu_err os_user_init(const struct pagu_config *cfg, struct os_user *u, char *msg, size_t msgsz)
{
	u->drop = geteuid() == 0;
	if (!u->drop)
		return PAGU_OK;
	struct passwd *pw = getpwnam(cfg->pg_os_user);
	if (!pw) {
		say(msg, msgsz,
		    "PostgreSQL cannot run as root and system user \"%s\" does not exist (create it with: useradd "
		    "--system %s)",
		    cfg->pg_os_user, cfg->pg_os_user);
		return PAGU_E_IO;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return PAGU_OK;
}

/* mkdir -m @mode, owned by the cluster user; an existing directory is kept. */
static pagu_err make_dir(const char *path, mode_t mode, const struct os_user *u, char *msg, size_t msgsz)
{
	if (mkdir(path, mode) != 0 && errno != EEXIST) {
		say(msg, msgsz, "could not create directory %s: %s", path, strerror(errno));
		return PAGU_E_IO;
	}
	if (u->drop && chown(path, u->uid, u->gid) != 0) {
		say(msg, msgsz, "could not hand directory %s to the cluster user: %s", path, strerror(errno));
		return PAGU_E_IO;
	}
	return PAGU_OK;
}

/*
 * Runs argv as the cluster user with output appended to @logpath; returns the
 * exit status (0..255) or -1 when it could not run.
 */
static int run_as(const struct os_user *u, const char *logpath, char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (in < 0 || out < 0)
			_exit(126);
		if (u->drop && fchown(out, u->uid, u->gid) != 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		if (u->drop) {
			if (setgroups(0, NULL) != 0 || setgid(u->gid) != 0 || setuid(u->uid) != 0)
				_exit(126);
		}
		/* the cluster's own defaults, not the caller's */
		unsetenv("PGDATA");
		unsetenv("PGHOST");
		unsetenv("PGPORT");
		unsetenv("PGOPTIONS");
		setenv("LC_ALL", "C.UTF-8", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Can the cluster user reach @dir? Checked by a child with its identity. */
static bool reachable(const struct os_user *u, const char *dir)
{
	if (!u->drop)
		return true;
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		if (setgroups(0, NULL) != 0 || setgid(u->gid) != 0 || setuid(u->uid) != 0)
			_exit(1);
		_exit(access(dir, X_OK) == 0 ? 0 : 1);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static pagu_err write_conf(const struct paths *p, char *msg, size_t msgsz)
{
	char conf[PATH_MAX + 32];
	snprintf(conf, sizeof(conf), "%s/postgresql.auto.conf", p->data);
	FILE *f = fopen(conf, "a");
	if (!f) {
		say(msg, msgsz, "could not open %s: %s", conf, strerror(errno));
		return PAGU_E_IO;
	}
	/* the run directory has no quote in it: paths_init() built it from var_dir,
	 * and we refuse var_dirs with quotes in cluster_start() */
	fprintf(f,
		"# written by pagu when it created this cluster\n"
		"listen_addresses = ''\n"
		"unix_socket_directories = '%s'\n"
		"unix_socket_permissions = 0700\n"
		"max_connections = 200\n"
		"shared_buffers = '128MB'\n"
		"logging_collector = off\n"
		"log_min_messages = warning\n"
		"fsync = on\n"
		"synchronous_commit = on\n"
		"timezone = 'Asia/Jakarta'\n",
		p->run);
	if (fclose(f) != 0) {
		say(msg, msgsz, "could not write %s: %s", conf, strerror(errno));
		return PAGU_E_IO;
	}
	return PAGU_OK;
}

static pagu_err do_initdb(const struct paths *p, const struct os_user *u, char *msg, size_t msgsz)
{
	pagu_err e = make_dir(p->data, 0700, u, msg, msgsz);
	if (e != PAGU_OK)
		return e;
	char *const argv[] = {
		(char *)p->initdb,
		"-D",
		(char *)p->data,
		"-U",
		"pagu_super",
		"-A",
		"trust",
		"-E",
		"UTF8",
		"--locale=C.UTF-8",
		"--no-instructions",
		NULL,
	};
	int rc = run_as(u, p->ctl_log, argv);
	if (rc != 0) {
		say(msg, msgsz, "initdb failed (exit %d); see %s", rc, p->ctl_log);
		return PAGU_E_IO;
	}
	return write_conf(p, msg, msgsz);
}

static int ctl_status(const struct paths *p, const struct os_user *u)
{
	char *const argv[] = { (char *)p->pg_ctl, "-D", (char *)p->data, "status", NULL };
	return run_as(u, p->ctl_log, argv);
}

/* Runs one bootstrap statement as the superuser; false with @msg set on failure. */
static bool boot_exec(PGconn *c, const char *sql, char *msg, size_t msgsz)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		say(msg, msgsz, "could not bootstrap the cluster: %s", PQerrorMessage(c));
	PQclear(r);
	return ok;
}

static pagu_err bootstrap(const struct paths *p, char *msg, size_t msgsz)
{
	const char *keys[] = { "host", "dbname", "user", NULL };
	const char *vals[] = { p->run, "postgres", "pagu_super", NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 0);
	pagu_err e = PAGU_E_DB_UNAVAILABLE;
	if (PQstatus(c) != CONNECTION_OK) {
		say(msg, msgsz, "could not connect to the private cluster: %s", PQerrorMessage(c));
		goto out;
	}
	if (!boot_exec(c,
		       "DO $$ BEGIN"
		       " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pagu_owner') THEN"
		       "  CREATE ROLE pagu_owner LOGIN; END IF;"
		       " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pagu_app') THEN"
		       "  CREATE ROLE pagu_app LOGIN; END IF;"
		       " END $$",
		       msg, msgsz))
		goto out;
	PGresult *r = PQexec(c, "SELECT 1 FROM pg_database WHERE datname = 'pagu'");
	bool have = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	PQclear(r);
	if (!have) {
		if (!boot_exec(c, "CREATE DATABASE pagu OWNER pagu_owner", msg, msgsz) ||
		    !boot_exec(c, "REVOKE ALL ON DATABASE pagu FROM PUBLIC", msg, msgsz) ||
		    !boot_exec(c, "GRANT CONNECT, TEMPORARY ON DATABASE pagu TO pagu_app", msg, msgsz))
			goto out;
	}
	e = PAGU_OK;
out:
	PQfinish(c);
	return e;
}

pagu_err cluster_start(const struct pagu_config *cfg, bool *created, char *msg, size_t msgsz)
{
	struct paths p;
	struct os_user u;
	pagu_err e;
	*created = false;
	if (strchr(cfg->var_dir, '\'') || strchr(cfg->var_dir, '\\') || cfg->var_dir[0] != '/') {
		say(msg, msgsz, "var directory %s must be an absolute path without quotes or backslashes",
		    cfg->var_dir);
		return PAGU_E_IO;
	}
	if ((e = paths_init(cfg, &p, msg, msgsz)) != PAGU_OK || (e = os_user_init(cfg, &u, msg, msgsz)) != PAGU_OK)
		return e;
	if (mkdir(cfg->var_dir, 0755) != 0 && errno != EEXIST) {
		say(msg, msgsz, "could not create directory %s: %s", cfg->var_dir, strerror(errno));
		return PAGU_E_IO;
	}
	if (!reachable(&u, cfg->var_dir)) {
		say(msg, msgsz,
		    "system user \"%s\" cannot reach %s (PostgreSQL runs as that user); make its parent directories "
		    "searchable or set PAGU_VAR",
		    cfg->pg_os_user, cfg->var_dir);
		return PAGU_E_IO;
	}
	if ((e = make_dir(p.log, 0700, &u, msg, msgsz)) != PAGU_OK ||
	    (e = make_dir(p.run, 0700, &u, msg, msgsz)) != PAGU_OK)
		return e;
	char version[PATH_MAX + 16];
	snprintf(version, sizeof(version), "%s/PG_VERSION", p.data);
	if (access(version, F_OK) != 0) {
		if ((e = do_initdb(&p, &u, msg, msgsz)) != PAGU_OK)
			return e;
		*created = true;
	}
	if (ctl_status(&p, &u) != 0) {
		char *const argv[] = {
			p.pg_ctl, "-D", p.data, "-l", p.pg_log, "-w", "-t", "60", "start", NULL,
		};
		int rc = run_as(&u, p.ctl_log, argv);
		if (rc != 0) {
			say(msg, msgsz, "could not start PostgreSQL (pg_ctl exit %d); see %s and %s", rc, p.ctl_log,
			    p.pg_log);
			return PAGU_E_DB_UNAVAILABLE;
		}
	}
	return bootstrap(&p, msg, msgsz);
}

pagu_err cluster_stop(const struct pagu_config *cfg, bool immediate, char *msg, size_t msgsz)
{
	struct paths p;
	struct os_user u;
	pagu_err e;
	if ((e = paths_init(cfg, &p, msg, msgsz)) != PAGU_OK || (e = os_user_init(cfg, &u, msg, msgsz)) != PAGU_OK)
		return e;
	char version[PATH_MAX + 16];
	snprintf(version, sizeof(version), "%s/PG_VERSION", p.data);
	if (access(version, F_OK) != 0 || ctl_status(&p, &u) != 0)
		return PAGU_OK;
	char *const argv[] = { p.pg_ctl, "-D", p.data, "-m",   immediate ? "immediate" : "fast",
			       "-w",	 "-t", "60",   "stop", NULL };
	int rc = run_as(&u, p.ctl_log, argv);
	if (rc != 0) {
		say(msg, msgsz, "could not stop PostgreSQL (pg_ctl exit %d); see %s", rc, p.ctl_log);
		return PAGU_E_IO;
	}
	return PAGU_OK;
}

pagu_err cluster_status(const struct pagu_config *cfg, bool *running, char *msg, size_t msgsz)
{
	struct paths p;
	struct os_user u;
	pagu_err e;
	if ((e = paths_init(cfg, &p, msg, msgsz)) != PAGU_OK || (e = os_user_init(cfg, &u, msg, msgsz)) != PAGU_OK)
		return e;
	char version[PATH_MAX + 16];
	snprintf(version, sizeof(version), "%s/PG_VERSION", p.data);
	*running = access(version, F_OK) == 0 && ctl_status(&p, &u) == 0;
	return PAGU_OK;
}
