/* migrate.c - the migration runner and the reference/demo data loaders. */
#include "migrate.h"

#include "sql.h"

#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileutil.h"
#include "hash.h"

#define MIGRATION_MAX_FILES 1000
#define PROCEDURE_MAX_FILES 100
#define SUPERSEDED_MAX 1000
/* the procedures file applied before the others: it defines what they call while applied */
#define PROCEDURE_FIRST "common.sql"
#define PROCEDURE_DIR "procedures"
/* lines "NNNN <sha256 as once applied> <sha256 of the file now>": see migrate.h */
#define SUPERSEDED_FILE "superseded.txt"
#define MIGRATION_MAX_BYTES (16u << 20)
#define REF_MAX_BYTES (64u << 20)
/* any constant will do; it names "the migration runner" among advisory locks */
#define MIGRATE_LOCK_KEY "7243001"

/* The runner's own statements: they run before (and to create) the schema the
 * statement table refers to. Values are still bound parameters. */
static const char sql_lock[] = "SELECT pg_advisory_lock($1::bigint)";
static const char sql_unlock[] = "SELECT pg_advisory_unlock($1::bigint)";
static const char sql_create[] =
	"CREATE TABLE IF NOT EXISTS schema_migration ("
	" version integer PRIMARY KEY,"
	" name text NOT NULL,"
	" sha256 text NOT NULL,"
	" applied_at timestamptz NOT NULL DEFAULT now(),"
	" applied_by text NOT NULL DEFAULT current_user);"
	"COMMENT ON TABLE schema_migration IS 'Migrations applied to this database, with the SHA-256 of each file as "
	"applied; pagu refuses to run when an applied file has changed.';"
	"COMMENT ON COLUMN schema_migration.version IS 'The NNNN number of migrations/NNNN_name.sql.';"
	"COMMENT ON COLUMN schema_migration.name IS 'The file name.';"
	"COMMENT ON COLUMN schema_migration.sha256 IS 'SHA-256 of the file content, hex.';"
	"COMMENT ON COLUMN schema_migration.applied_at IS 'When it was applied.';"
	"COMMENT ON COLUMN schema_migration.applied_by IS 'The database role that applied it.';"
	"CREATE TABLE IF NOT EXISTS schema_procedure ("
	" file text PRIMARY KEY,"
	" sha256 text NOT NULL,"
	" applied_at timestamptz NOT NULL DEFAULT now(),"
	" applied_by text NOT NULL DEFAULT current_user);"
	"COMMENT ON TABLE schema_procedure IS 'The procedures files (migrations/procedures/*.sql) as last applied, "
	"with the "
	"SHA-256 of each; pagu applies them all again, in one transaction, when any differs.';"
	"COMMENT ON COLUMN schema_procedure.file IS 'The file name under migrations/procedures.';"
	"COMMENT ON COLUMN schema_procedure.sha256 IS 'SHA-256 of the file content as applied, hex.';"
	"COMMENT ON COLUMN schema_procedure.applied_at IS 'When it was applied.';"
	"COMMENT ON COLUMN schema_procedure.applied_by IS 'The database role that applied it.';";
static const char sql_applied[] = "SELECT version, name, sha256 FROM schema_migration ORDER BY version";
static const char sql_record[] = "INSERT INTO schema_migration (version, name, sha256) VALUES ($1::int, $2, $3)";
static const char sql_rerecord[] = "UPDATE schema_migration SET sha256 = $3 WHERE version = $1::int AND sha256 = $2";
static const char sql_proc_applied[] = "SELECT file, sha256 FROM schema_procedure ORDER BY file";
static const char sql_proc_forget[] = "DELETE FROM schema_procedure";
static const char sql_proc_record[] = "INSERT INTO schema_procedure (file, sha256) VALUES ($1, $2)";
/* a pagu_ routine that no procedures file (re)defined in this transaction is a removed definition;
 * RESTRICT: one a trigger or another object still uses fails the whole apply instead */
/* the SQL-language routines of the schema, each analysed with check_function_bodies on */
static const char sql_proc_validate[] =
	"SET LOCAL check_function_bodies = on;"
	" SELECT count(fmgr_sql_validator(p.oid)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
	" WHERE n.nspname = 'public' AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql');"
	" SET LOCAL check_function_bodies = off";
static const char sql_proc_drop_removed[] =
	"DO $drop$ DECLARE f regprocedure; BEGIN"
	" FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
	" WHERE n.nspname = current_schema() AND p.proname LIKE 'pagu\\_%' AND p.xmin <> pg_current_xact_id()::xid"
	" ORDER BY 1 LOOP"
	" EXECUTE format('DROP ROUTINE %s RESTRICT', f);"
	" END LOOP; END $drop$";

static void say(char *msg, size_t msgsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *msg, size_t msgsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msgsz, fmt, ap);
	va_end(ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
}

static const char *pq_msg(PGconn *c, PGresult *r)
{
	const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	return m ? m : PQerrorMessage(c);
}

/* Runs @sql with @n text params; true when it succeeded. */
static bool pq_run(PGconn *c, const char *sql, int n, const char *const *params, char *msg, size_t msgsz,
		   const char *what)
{
	PGresult *r = n ? PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0) : PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	/* a migration left with comments only (its functions moved to procedures/) is empty */
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
	if (!ok)
		say(msg, msgsz, "%s: %s", what, pq_msg(c, r));
	PQclear(r);
	return ok;
}

static void notice_ignore(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static PGconn *connect_or_say(const char *conninfo, char *msg, size_t msgsz)
{
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		say(msg, msgsz, "could not connect to the database: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, notice_ignore, NULL);
	return c;
}

struct mfile {
	int version;
	char name[NAME_MAX + 1];
};

static int mfile_cmp(const void *a, const void *b)
{
	const struct mfile *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* NNNN_name.sql with name of [a-z0-9_]; returns the number or -1. */
static int migration_number(const char *name)
{
	size_t n = strlen(name);
	if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '_')
		return -1;
	int v = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	for (size_t i = 5; i < n - 4; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
			return -1;
	}
	return v;
}

static pagu_err list_migrations(const char *dir, struct mfile **out, int *count, char *msg, size_t msgsz)
{
	DIR *d = opendir(dir);
	if (!d) {
		say(msg, msgsz, "could not open migrations directory %s", dir);
		return PAGU_E_IO;
	}
	struct mfile *files = calloc(MIGRATION_MAX_FILES, sizeof(*files));
	if (!files)
		abort();
	int n = 0;
	pagu_err e = PAGU_OK;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, PROCEDURE_DIR) || !strcmp(de->d_name, SUPERSEDED_FILE))
			continue;
		int v = migration_number(de->d_name);
		if (v < 0) {
			say(msg, msgsz, "file %s/%s is not a migration (expected NNNN_name.sql)", dir, de->d_name);
			e = PAGU_E_MIGRATION;
			goto out;
		}
		if (n == MIGRATION_MAX_FILES) {
			say(msg, msgsz, "more than %d migrations in %s", MIGRATION_MAX_FILES, dir);
			e = PAGU_E_MIGRATION;
			goto out;
		}
		files[n].version = v;
		snprintf(files[n].name, sizeof(files[n].name), "%s", de->d_name);
		n++;
	}
	qsort(files, (size_t)n, sizeof(*files), mfile_cmp);
	for (int i = 1; i < n; i++) {
		if (files[i].version == files[i - 1].version) {
			say(msg, msgsz, "migrations %s and %s share the number %04d", files[i - 1].name, files[i].name,
			    files[i].version);
			e = PAGU_E_MIGRATION;
			goto out;
		}
	}
out:
	closedir(d);
	if (e != PAGU_OK) {
		free(files);
		return e;
	}
	*out = files;
	*count = n;
	return PAGU_OK;
}

/* An applied migration's checksum that a rewritten file replaces (issue 17 moved every function out
 * of the numbered migrations): accepted, and recorded anew with the procedures. */
struct superseded {
	int version;
	char old_hex[HASH_HEX_LEN + 1];
	char new_hex[HASH_HEX_LEN + 1];
};

struct superseded_list {
	struct superseded *v;
	int n;
	int *pending; /* indexes into v of the ones this run records anew */
	int npending;
};

static bool is_hex64(const char *s)
{
	if (strlen(s) != HASH_HEX_LEN)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void superseded_release(struct superseded_list *sl);

/* Reads @dir/superseded.txt (absent: empty); '#' starts a comment line. On failure *@sl is empty. */
static pagu_err superseded_load(const char *dir, struct superseded_list *sl, char *msg, size_t msgsz)
{
	char path[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	memset(sl, 0, sizeof(*sl));
	snprintf(path, sizeof(path), "%s/%s", dir, SUPERSEDED_FILE);
	if (access(path, F_OK) != 0)
		return PAGU_OK;
	if (file_read_all(path, MIGRATION_MAX_BYTES, &text, &len) != PAGU_OK || strlen(text) != len) {
		say(msg, msgsz, "could not read %s", path);
		free(text);
		return PAGU_E_IO;
	}
	sl->v = calloc(SUPERSEDED_MAX, sizeof(*sl->v));
	sl->pending = calloc(SUPERSEDED_MAX, sizeof(*sl->pending));
	if (!sl->v || !sl->pending)
		abort();
	pagu_err e = PAGU_OK;
	int lineno = 0;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (line[0] == '#')
			continue;
		struct superseded s = { 0 };
		char o[80], nw[80];
		if (sl->n == SUPERSEDED_MAX || sscanf(line, "%d %79s %79s", &s.version, o, nw) != 3 || !is_hex64(o) ||
		    !is_hex64(nw)) {
			say(msg, msgsz, "%s: line %d is not \"NNNN old-sha256 new-sha256\"", path, lineno);
			e = PAGU_E_MIGRATION;
			break;
		}
		memcpy(s.old_hex, o, sizeof(s.old_hex));
		memcpy(s.new_hex, nw, sizeof(s.new_hex));
		sl->v[sl->n++] = s;
	}
	free(text);
	if (e != PAGU_OK)
		superseded_release(sl);
	return e;
}

static void superseded_release(struct superseded_list *sl)
{
	free(sl->v);
	free(sl->pending);
	memset(sl, 0, sizeof(*sl));
}

/* One pending or applied migration, checked against schema_migration. */
static pagu_err apply_one(PGconn *c, const char *dir, const struct mfile *f, PGresult *applied,
			  struct superseded_list *sl, bool *did, char *msg, size_t msgsz)
{
	char path[PATH_MAX];
	char *sql = NULL;
	size_t len = 0;
	char hex[HASH_HEX_LEN + 1];
	pagu_err e;
	snprintf(path, sizeof(path), "%s/%s", dir, f->name);
	e = file_read_all(path, MIGRATION_MAX_BYTES, &sql, &len);
	if (e != PAGU_OK) {
		say(msg, msgsz, "could not read migration %s", path);
		return e;
	}
	hash_sha256_hex(sql, len, hex);
	*did = false;
	for (int i = 0; i < PQntuples(applied); i++) {
		if (strtol(PQgetvalue(applied, i, 0), NULL, 10) != f->version)
			continue;
		if (strcmp(PQgetvalue(applied, i, 2), hex) != 0) {
			for (int k = 0; k < sl->n; k++) {
				const struct superseded *s = &sl->v[k];
				if (s->version == f->version && !strcmp(s->old_hex, PQgetvalue(applied, i, 2)) &&
				    !strcmp(s->new_hex, hex)) {
					sl->pending[sl->npending++] = k;
					goto out;
				}
			}
			say(msg, msgsz,
			    "migration %s was changed after it was applied (sha256 %.12s... applied, %.12s... on "
			    "disk); add a new migration instead",
			    f->name, PQgetvalue(applied, i, 2), hex);
			e = PAGU_E_MIGRATION;
		}
		goto out;
	}
	if (strlen(sql) != len) {
		say(msg, msgsz, "migration %s contains a NUL byte", f->name);
		e = PAGU_E_MIGRATION;
		goto out;
	}
	char vbuf[16];
	snprintf(vbuf, sizeof(vbuf), "%d", f->version);
	const char *params[] = { vbuf, f->name, hex };
	char why[512];
	if (!pq_run(c, "BEGIN", 0, NULL, msg, msgsz, "could not begin") ||
	    !pq_run(c, sql, 0, NULL, why, sizeof(why), f->name) ||
	    !pq_run(c, sql_record, 3, params, why, sizeof(why), f->name) ||
	    !pq_run(c, "COMMIT", 0, NULL, why, sizeof(why), f->name)) {
		say(msg, msgsz, "migration failed, nothing of it was applied: %s", why);
		(void)pq_run(c, "ROLLBACK", 0, NULL, why, sizeof(why), "rollback");
		e = PAGU_E_MIGRATION;
		goto out;
	}
	*did = true;
out:
	free(sql);
	return e;
}

struct pfile {
	char name[NAME_MAX + 1];
	char *sql;
	char hex[HASH_HEX_LEN + 1];
};

static int pfile_cmp(const void *a, const void *b)
{
	const struct pfile *x = a, *y = b;
	bool fx = !strcmp(x->name, PROCEDURE_FIRST), fy = !strcmp(y->name, PROCEDURE_FIRST);
	if (fx != fy)
		return fx ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* name.sql with name of [a-z0-9_] */
static bool procedure_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 5 || strcmp(name + n - 4, ".sql") != 0)
		return false;
	for (size_t i = 0; i < n - 4; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
			return false;
	}
	return true;
}

/* Reads @dir/procedures/\*.sql, in the order they are applied; a missing directory is none. */
static pagu_err procedures_read(const char *dir, struct pfile **out, int *count, bool *have_dir, char *msg,
				size_t msgsz)
{
	char pdir[PATH_MAX];
	snprintf(pdir, sizeof(pdir), "%s/%s", dir, PROCEDURE_DIR);
	*out = NULL;
	*count = 0;
	DIR *d = opendir(pdir);
	if (!d) {
		*have_dir = false;
		if (errno == ENOENT)
			return PAGU_OK;
		say(msg, msgsz, "could not open procedures directory %s", pdir);
		return PAGU_E_IO;
	}
	*have_dir = true;
	struct pfile *files = calloc(PROCEDURE_MAX_FILES, sizeof(*files));
	if (!files)
		abort();
	int n = 0;
	pagu_err e = PAGU_OK;
	struct dirent *de;
	while ((de = readdir(d)) && e == PAGU_OK) {
		if (de->d_name[0] == '.')
			continue;
		if (!procedure_name_ok(de->d_name) || n == PROCEDURE_MAX_FILES) {
			say(msg, msgsz, "file %s/%s is not a procedures file (expected name.sql, at most %d)", pdir,
			    de->d_name, PROCEDURE_MAX_FILES);
			e = PAGU_E_MIGRATION;
			break;
		}
		char path[PATH_MAX * 2];
		size_t len = 0;
		snprintf(files[n].name, sizeof(files[n].name), "%s", de->d_name);
		snprintf(path, sizeof(path), "%s/%s", pdir, de->d_name);
		e = file_read_all(path, MIGRATION_MAX_BYTES, &files[n].sql, &len);
		if (e != PAGU_OK) {
			say(msg, msgsz, "could not read procedures file %s", path);
			break;
		}
		n++;
		if (strlen(files[n - 1].sql) != len) {
			say(msg, msgsz, "procedures file %s contains a NUL byte", path);
			e = PAGU_E_MIGRATION;
			break;
		}
		hash_sha256_hex(files[n - 1].sql, len, files[n - 1].hex);
	}
	closedir(d);
	if (e != PAGU_OK) {
		for (int i = 0; i < n; i++)
			free(files[i].sql);
		free(files);
		return e;
	}
	qsort(files, (size_t)n, sizeof(*files), pfile_cmp);
	*out = files;
	*count = n;
	return PAGU_OK;
}

/* Whether schema_procedure records exactly these files with these checksums. */
static pagu_err procedures_recorded(PGconn *c, const struct pfile *files, int n, bool *same, char *msg, size_t msgsz)
{
	PGresult *r = PQexec(c, sql_proc_applied);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		say(msg, msgsz, "could not read schema_procedure: %s", pq_msg(c, r));
		PQclear(r);
		return PAGU_E_MIGRATION;
	}
	*same = PQntuples(r) == n;
	for (int i = 0; i < n && *same; i++) {
		bool found = false;
		for (int k = 0; k < PQntuples(r) && !found; k++)
			found = !strcmp(PQgetvalue(r, k, 0), files[i].name) &&
				!strcmp(PQgetvalue(r, k, 1), files[i].hex);
		*same = found;
	}
	PQclear(r);
	return PAGU_OK;
}

/*
 * Applies every procedures file again, in one transaction, when any differs from what
 * schema_procedure records (or a superseded checksum is to be recorded anew): the files in
 * order, then the removal of pagu_ routines no file defines any more, then the records.
 */
static pagu_err procedures_apply(PGconn *c, const char *dir, const struct superseded_list *sl, int *napplied, char *msg,
				 size_t msgsz)
{
	struct pfile *files = NULL;
	int n = 0;
	bool have_dir = false, same = false;
	char why[512] = "";
	pagu_err e = procedures_read(dir, &files, &n, &have_dir, msg, msgsz);
	if (e != PAGU_OK)
		return e;
	*napplied = 0;
	if (have_dir) {
		e = procedures_recorded(c, files, n, &same, msg, msgsz);
		if (e != PAGU_OK)
			goto out;
	} else {
		same = true;
	}
	if (same && sl->npending == 0)
		goto out;
	e = PAGU_E_MIGRATION;
	if (!pq_run(c, "BEGIN", 0, NULL, msg, msgsz, "could not begin"))
		goto out;
	/* a function may call one defined later in the order; each is checked when it first runs */
	if (!pq_run(c, "SET LOCAL check_function_bodies = off", 0, NULL, why, sizeof(why), "procedures"))
		goto rollback;
	for (int i = 0; i < n; i++) {
		char what[NAME_MAX + 16];
		snprintf(what, sizeof(what), "procedures/%s", files[i].name);
		if (!pq_run(c, files[i].sql, 0, NULL, why, sizeof(why), what))
			goto rollback;
	}
	/* every SQL-language routine parsed now that all exist: a body that does not analyse (a column
	   not grouped, a table or routine that does not exist) fails the apply here, not at its first
	   call in a request */
	if (!pq_run(c, sql_proc_validate, 0, NULL, why, sizeof(why),
		    "a procedures file's SQL routine does not analyse"))
		goto rollback;
	if (have_dir) {
		if (!pq_run(c, sql_proc_drop_removed, 0, NULL, why, sizeof(why),
			    "a routine no procedures file defines any more could not be dropped") ||
		    !pq_run(c, sql_proc_forget, 0, NULL, why, sizeof(why), "schema_procedure"))
			goto rollback;
		for (int i = 0; i < n; i++) {
			const char *params[] = { files[i].name, files[i].hex };
			if (!pq_run(c, sql_proc_record, 2, params, why, sizeof(why), "schema_procedure"))
				goto rollback;
		}
	}
	for (int k = 0; k < sl->npending; k++) {
		const struct superseded *s = &sl->v[sl->pending[k]];
		char vbuf[16];
		snprintf(vbuf, sizeof(vbuf), "%d", s->version);
		const char *params[] = { vbuf, s->old_hex, s->new_hex };
		if (!pq_run(c, sql_rerecord, 3, params, why, sizeof(why), "schema_migration"))
			goto rollback;
	}
	if (!pq_run(c, "COMMIT", 0, NULL, why, sizeof(why), "commit"))
		goto rollback;
	*napplied = n;
	e = PAGU_OK;
	goto out;
rollback:
	say(msg, msgsz, "procedures failed, nothing of them was applied: %s", why);
	(void)pq_run(c, "ROLLBACK", 0, NULL, why, sizeof(why), "rollback");
out:
	for (int i = 0; i < n; i++)
		free(files[i].sql);
	free(files);
	return e;
}

pagu_err migrate_run(const char *conninfo, const char *dir, struct migrate_report *rep, char *msg, size_t msgsz)
{
	struct mfile *files = NULL;
	int nfiles = 0, napplied = 0, nproc = 0;
	PGresult *applied = NULL;
	struct superseded_list sl;
	pagu_err e = list_migrations(dir, &files, &nfiles, msg, msgsz);
	if (e != PAGU_OK)
		return e;
	e = superseded_load(dir, &sl, msg, msgsz);
	if (e != PAGU_OK) {
		free(files);
		return e;
	}
	PGconn *c = connect_or_say(conninfo, msg, msgsz);
	if (!c) {
		free(files);
		superseded_release(&sl);
		return PAGU_E_DB_UNAVAILABLE;
	}
	const char *key[] = { MIGRATE_LOCK_KEY };
	e = PAGU_E_MIGRATION;
	if (!pq_run(c, sql_lock, 1, key, msg, msgsz, "could not take the migration lock"))
		goto out;
	if (!pq_run(c, sql_create, 0, NULL, msg, msgsz, "could not create schema_migration"))
		goto out;
	applied = PQexec(c, sql_applied);
	if (PQresultStatus(applied) != PGRES_TUPLES_OK) {
		say(msg, msgsz, "could not read schema_migration: %s", pq_msg(c, applied));
		goto out;
	}
	/* an applied migration whose file is gone means this tree is not the one
	 * that built the database */
	for (int i = 0; i < PQntuples(applied); i++) {
		long v = strtol(PQgetvalue(applied, i, 0), NULL, 10);
		bool found = false;
		for (int j = 0; j < nfiles && !found; j++)
			found = files[j].version == v;
		if (!found) {
			say(msg, msgsz, "applied migration %s is missing from %s", PQgetvalue(applied, i, 1), dir);
			goto out;
		}
	}
	for (int j = 0; j < nfiles; j++) {
		bool did = false;
		e = apply_one(c, dir, &files[j], applied, &sl, &did, msg, msgsz);
		if (e != PAGU_OK)
			goto out;
		napplied += did;
	}
	e = procedures_apply(c, dir, &sl, &nproc, msg, msgsz);
	if (e != PAGU_OK)
		goto out;
	rep->found = nfiles;
	rep->applied = napplied;
	rep->procedures = nproc;
	e = PAGU_OK;
out:
	PQclear(applied);
	if (PQstatus(c) == CONNECTION_OK) {
		char ignore[64];
		(void)pq_run(c, sql_unlock, 1, key, ignore, sizeof(ignore), "unlock");
	}
	PQfinish(c);
	free(files);
	superseded_release(&sl);
	return e;
}

/* ---- reference data ---- */

/* The edition shipped in data/ref (see data/ref/README.md). */
#define REF_EDITION_KODE "kepmendagri-050-3708-2020"
#define REF_EDITION_NAMA "Nomenklatur, kode rekening dan sumber dana, parameter induk per 20 November 2020"
#define REF_EDITION_DASAR "Permendagri 90/2019 sebagaimana dimutakhirkan dengan Kepmendagri 050-3708/2020"
#define REF_EDITION_TAHUN "2021"
#define REF_EDITION_SUMBER "data/ref/*.csv: parameter induk SIMDA Perencanaan (BPKP, simcan), diratakan ke CSV"

struct ref_file {
	const char *file;
	const char *stage_ddl;
	const char *copy;
	const char *insert;
};

static const struct ref_file ref_files[] = {
	{
		.file = "kode_rekening.csv",
		.stage_ddl = "CREATE TEMP TABLE stage_akun (baris serial, level smallint, level_name text, kode text,"
			     " nama text, aktif smallint, id_hkm smallint) ON COMMIT DROP",
		.copy = "COPY stage_akun (level, level_name, kode, nama, aktif, id_hkm) FROM STDIN WITH (FORMAT csv, "
			"HEADER true)",
		.insert = "INSERT INTO ref_akun (ref_version_id, baris, kode, level, nama, aktif, id_hkm)"
			  " SELECT $1::int, baris, kode, level, nama, aktif = 1, id_hkm FROM stage_akun",
	},
	{
		.file = "nomenklatur.csv",
		.stage_ddl =
			"CREATE TEMP TABLE stage_nom (baris serial, level text, kode text, kode_sub4 text, nama text,"
			" jns_pemda text, aktif smallint, id_hkm smallint, kode_urusan text, kode_bidang text,"
			" kode_program text, kode_kegiatan text) ON COMMIT DROP",
		.copy = "COPY stage_nom (level, kode, kode_sub4, nama, jns_pemda, aktif, id_hkm, kode_urusan, "
			"kode_bidang,"
			" kode_program, kode_kegiatan) FROM STDIN WITH (FORMAT csv, HEADER true)",
		.insert =
			"INSERT INTO ref_nomenklatur (ref_version_id, baris, level, kode, kode_lama, nama, jenis_pemda,"
			" aktif, id_hkm, kode_urusan, kode_bidang, kode_program, kode_kegiatan)"
			" SELECT $1::int, baris, level,"
			" CASE WHEN level = 'sub_kegiatan' THEN kode_sub4 ELSE kode END, kode, nama, jns_pemda,"
			" aktif = 1, id_hkm, kode_urusan, NULLIF(kode_bidang, ''), NULLIF(kode_program, ''),"
			" NULLIF(kode_kegiatan, '') FROM stage_nom",
	},
	{
		.file = "sumber_dana.csv",
		.stage_ddl = "CREATE TEMP TABLE stage_sd (baris serial, level smallint, kode text, nama text, aktif "
			     "smallint,"
			     " id_hkm smallint) ON COMMIT DROP",
		.copy = "COPY stage_sd (level, kode, nama, aktif, id_hkm) FROM STDIN WITH (FORMAT csv, HEADER true)",
		.insert = "INSERT INTO ref_sumber_dana (ref_version_id, baris, kode, level, nama, aktif, id_hkm)"
			  " SELECT $1::int, baris, kode, level, nama, aktif = 1, id_hkm FROM stage_sd",
	},
};
#define REF_NFILES (sizeof(ref_files) / sizeof(ref_files[0]))

static bool copy_in(PGconn *c, const char *sql, const char *data, size_t len, char *msg, size_t msgsz)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		say(msg, msgsz, "could not start loading: %s", pq_msg(c, r));
		PQclear(r);
		return false;
	}
	PQclear(r);
	bool ok = true;
	for (size_t off = 0; off < len && ok;) {
		size_t chunk = len - off > 65536 ? 65536 : len - off;
		ok = PQputCopyData(c, data + off, (int)chunk) == 1;
		off += chunk;
	}
	if (PQputCopyEnd(c, ok ? NULL : "client failed") != 1)
		ok = false;
	while ((r = PQgetResult(c))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			if (ok)
				say(msg, msgsz, "could not load: %s", pq_msg(c, r));
			ok = false;
		}
		PQclear(r);
	}
	return ok;
}

pagu_err migrate_load_ref(const char *conninfo, const char *ref_dir, int *loaded, char *msg, size_t msgsz)
{
	char *data[REF_NFILES] = { 0 };
	size_t lens[REF_NFILES] = { 0 };
	PGconn *c = NULL;
	pagu_err e = PAGU_OK;
	char hex[HASH_HEX_LEN + 1];
	struct hash_ctx *h = hash_new();
	for (size_t i = 0; i < REF_NFILES; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", ref_dir, ref_files[i].file);
		if (file_read_all(path, REF_MAX_BYTES, &data[i], &lens[i]) != PAGU_OK) {
			say(msg, msgsz, "could not read reference list %s", path);
			e = PAGU_E_IO;
		} else {
			hash_update(h, ref_files[i].file, strlen(ref_files[i].file) + 1);
			hash_update(h, data[i], lens[i]);
		}
	}
	hash_final_hex(h, hex);
	if (e != PAGU_OK)
		goto out;
	c = connect_or_say(conninfo, msg, msgsz);
	if (!c) {
		e = PAGU_E_DB_UNAVAILABLE;
		goto out;
	}
	e = PAGU_E_MIGRATION;
	const char *key[] = { MIGRATE_LOCK_KEY };
	if (!pq_run(c, sql_lock, 1, key, msg, msgsz, "could not take the migration lock"))
		goto out;
	const char *kparam[] = { REF_EDITION_KODE };
	PGresult *r = PQexecParams(c, "SELECT sha256 FROM ref_version WHERE kode = $1", 1, NULL, kparam, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		say(msg, msgsz, "could not read ref_version: %s", pq_msg(c, r));
		PQclear(r);
		goto out;
	}
	if (PQntuples(r) == 1) {
		bool same = !strcmp(PQgetvalue(r, 0, 0), hex);
		PQclear(r);
		if (!same) {
			say(msg, msgsz,
			    "reference edition %s is loaded with other content than %s; a changed list must be loaded "
			    "as a new edition",
			    REF_EDITION_KODE, ref_dir);
			goto out;
		}
		*loaded = 0;
		e = PAGU_OK;
		goto out;
	}
	PQclear(r);
	const char *vparams[] = { REF_EDITION_KODE,  REF_EDITION_NAMA,	 REF_EDITION_DASAR,
				  REF_EDITION_TAHUN, REF_EDITION_SUMBER, hex };
	char why[512];
	if (!pq_run(c, "BEGIN", 0, NULL, msg, msgsz, "could not begin"))
		goto out;
	r = PQexecParams(c,
			 "INSERT INTO ref_version (kode, nama, dasar_hukum, tahun_mulai, sumber, sha256)"
			 " VALUES ($1, $2, $3, $4::int, $5, $6) RETURNING ref_version_id",
			 6, NULL, vparams, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		say(msg, msgsz, "could not record the reference edition: %s", pq_msg(c, r));
		PQclear(r);
		goto rollback;
	}
	char vid[16];
	snprintf(vid, sizeof(vid), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	const char *idp[] = { vid };
	for (size_t i = 0; i < REF_NFILES; i++) {
		if (!pq_run(c, ref_files[i].stage_ddl, 0, NULL, why, sizeof(why), ref_files[i].file) ||
		    !copy_in(c, ref_files[i].copy, data[i], lens[i], why, sizeof(why)) ||
		    !pq_run(c, ref_files[i].insert, 1, idp, why, sizeof(why), ref_files[i].file)) {
			say(msg, msgsz, "could not load %s/%s: %s", ref_dir, ref_files[i].file, why);
			goto rollback;
		}
	}
	if (!pq_run(c, "COMMIT", 0, NULL, msg, msgsz, "could not commit the reference edition"))
		goto out;
	*loaded = 1;
	e = PAGU_OK;
	goto out;
rollback:
	(void)pq_run(c, "ROLLBACK", 0, NULL, why, sizeof(why), "rollback");
out:
	if (c && PQstatus(c) == CONNECTION_OK) {
		char ignore[64];
		(void)pq_run(c, sql_unlock, 1, key, ignore, sizeof(ignore), "unlock");
	}
	PQfinish(c);
	for (size_t i = 0; i < REF_NFILES; i++)
		free(data[i]);
	return e;
}

pagu_err migrate_load_sql(const char *conninfo, const char *path, char *msg, size_t msgsz)
{
	char *sql = NULL;
	size_t len = 0;
	if (file_read_all(path, MIGRATION_MAX_BYTES, &sql, &len) != PAGU_OK) {
		say(msg, msgsz, "could not read %s", path);
		return PAGU_E_IO;
	}
	PGconn *c = connect_or_say(conninfo, msg, msgsz);
	pagu_err e = PAGU_E_DB_UNAVAILABLE;
	if (c) {
		char why[512];
		e = PAGU_OK;
		if (!pq_run(c, "BEGIN", 0, NULL, why, sizeof(why), path) ||
		    !pq_run(c, sql, 0, NULL, why, sizeof(why), path) ||
		    !pq_run(c, "COMMIT", 0, NULL, why, sizeof(why), path)) {
			say(msg, msgsz, "could not load %s", why);
			e = PAGU_E_MIGRATION;
		}
	}
	PQfinish(c);
	free(sql);
	return e;
}
