/* test_migrate.c - the migration runner against a real PostgreSQL cluster. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "migrate.h"

static struct harness H;
static int dbseq;

/* A fresh database owned by pagu_owner and a fresh migrations directory. */
struct fixture {
	char db[32];
	char conninfo[PATH_MAX + 128];
	char dir[PATH_MAX + 64];
};

static void fixture_make(struct fixture *f)
{
	snprintf(f->db, sizeof(f->db), "mig_%d_%d", (int)getpid(), ++dbseq);
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char sql[128];
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s OWNER pagu_owner", f->db);
	PGresult *r = PQexec(su, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(su));
	PQclear(r);
	PQfinish(su);
	snprintf(f->conninfo, sizeof(f->conninfo), "host=%s/run dbname=%s user=pagu_owner", H.dir, f->db);
	snprintf(f->dir, sizeof(f->dir), "%s/%s", H.dir, f->db);
	ck_assert_int_eq(mkdir(f->dir, 0755), 0);
}

static void put(const struct fixture *f, const char *name, const char *sql)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(sql, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static char *q1(const struct fixture *f, const char *sql)
{
	PGconn *c = PQconnectdb(f->conninfo);
	ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
	char *v = harness_query1(c, sql);
	PQfinish(c);
	return v;
}

#define SENTINEL_REP                                         \
	{                                                    \
		.found = -7, .applied = -7, .procedures = -7 \
	}

START_TEST(applies_in_order_once)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, "0002_b.sql", "INSERT INTO t VALUES (2);");
	put(&f, "0001_a.sql", "CREATE TABLE t (v int); COMMENT ON TABLE t IS 'x'; INSERT INTO t VALUES (1);");
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "";
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_OK);
	ck_assert_int_eq(rep.found, 2);
	ck_assert_int_eq(rep.applied, 2);
	char *v = q1(&f, "SELECT string_agg(v::text, ',' ORDER BY v) FROM t");
	ck_assert_str_eq(v, "1,2");
	free(v);
	v = q1(&f, "SELECT string_agg(version || ':' || name || ':' || length(sha256), ',' ORDER BY version) FROM "
		   "schema_migration");
	ck_assert_str_eq(v, "1:0001_a.sql:64,2:0002_b.sql:64");
	free(v);
	/* a second run changes nothing */
	struct migrate_report rep2 = SENTINEL_REP;
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep2, msg, sizeof(msg)), PAGU_OK);
	ck_assert_int_eq(rep2.applied, 0);
	v = q1(&f, "SELECT count(*) FROM t");
	ck_assert_str_eq(v, "2");
	free(v);
}
END_TEST

START_TEST(changed_migration_refused)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, "0001_a.sql", "CREATE TABLE t (v int);");
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "";
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_OK);
	put(&f, "0001_a.sql", "CREATE TABLE t (v bigint);");
	put(&f, "0002_b.sql", "CREATE TABLE u (v int);");
	struct migrate_report rep2 = SENTINEL_REP;
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep2, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "0001_a.sql") && strstr(msg, "changed"), "message: %s", msg);
	ck_assert_int_eq(rep2.applied, -7); /* untouched on failure */
	/* and the later migration was not applied either */
	char *v = q1(&f, "SELECT count(*) FROM pg_class WHERE relname = 'u'");
	ck_assert_str_eq(v, "0");
	free(v);
}
END_TEST

START_TEST(failed_migration_leaves_nothing)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, "0001_a.sql", "CREATE TABLE t (v int);");
	put(&f, "0002_b.sql", "CREATE TABLE half (v int); INSERT INTO t VALUES (1); SELEC oops;");
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "";
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "0002_b.sql") != NULL, "message: %s", msg);
	char *v = q1(&f, "SELECT (SELECT count(*) FROM pg_class WHERE relname = 'half') || '/' ||"
			 " (SELECT count(*) FROM t) || '/' || (SELECT max(version) FROM schema_migration)");
	ck_assert_str_eq(v, "0/0/1");
	free(v);
}
END_TEST

static const struct {
	const char *name;
	const char *want;
} bad_names[] = {
	{ "001_short.sql", "not a migration" },	 { "0001-dash.sql", "not a migration" },
	{ "0001_Upper.sql", "not a migration" }, { "0001_x.txt", "not a migration" },
	{ "abcd_x.sql", "not a migration" },
};

START_TEST(bad_file_names_refused)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, bad_names[_i].name, "SELECT 1;");
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "";
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, bad_names[_i].want) != NULL, "message: %s", msg);
	ck_assert_int_eq(rep.found, -7);
}
END_TEST

START_TEST(duplicate_number_refused)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, "0001_a.sql", "SELECT 1;");
	put(&f, "0001_b.sql", "SELECT 1;");
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "";
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "share the number") != NULL, "message: %s", msg);
}
END_TEST

START_TEST(missing_applied_file_refused)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, "0001_a.sql", "SELECT 1;");
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "", path[PATH_MAX * 2];
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_OK);
	snprintf(path, sizeof(path), "%s/0001_a.sql", f.dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "missing") != NULL, "message: %s", msg);
}
END_TEST

START_TEST(concurrent_runs_serialise)
{
	struct fixture f;
	fixture_make(&f);
	/* slow enough that the runs overlap; without the lock the second CREATE fails */
	put(&f, "0001_slow.sql", "SELECT pg_sleep(0.5); CREATE TABLE once (v int); INSERT INTO once VALUES (1);");
	enum { N = 4 };
	pid_t kids[N];
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		ck_assert_int_ge(kids[i], 0);
		if (kids[i] == 0) {
			struct migrate_report rep;
			char msg[512];
			_exit(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)) == PAGU_OK ? rep.applied : 100);
		}
	}
	int applied = 0;
	for (int i = 0; i < N; i++) {
		int st;
		ck_assert_int_eq(waitpid(kids[i], &st, 0), kids[i]);
		ck_assert(WIFEXITED(st));
		ck_assert_int_lt(WEXITSTATUS(st), 100);
		applied += WEXITSTATUS(st);
	}
	ck_assert_int_eq(applied, 1);
	char *v = q1(&f, "SELECT count(*) FROM once");
	ck_assert_str_eq(v, "1");
	free(v);
}
END_TEST

static void put_proc(const struct fixture *f, const char *name, const char *sql)
{
	char sub[PATH_MAX * 2];
	snprintf(sub, sizeof(sub), "%s/procedures", f->dir);
	(void)mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "procedures/%s", name);
	put(f, sub, sql);
}

/* Procedures files are applied after the numbered migrations, again only when one changes, all
 * in one transaction: a failing file leaves the previous definitions and records in place, and a
 * routine no file defines any more is dropped. */
START_TEST(procedures_reapplied_on_change)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, "0001_a.sql", "CREATE TABLE t (v int);");
	put_proc(&f, "common.sql", "CREATE OR REPLACE FUNCTION pagu_x() RETURNS int LANGUAGE sql AS 'SELECT 1';");
	/* b.sql calls what common.sql defines: common.sql is applied first */
	put_proc(&f, "b.sql",
		 "CREATE OR REPLACE FUNCTION pagu_y() RETURNS int LANGUAGE sql AS 'SELECT pagu_x() + pagu_z()';"
		 "CREATE OR REPLACE FUNCTION pagu_z() RETURNS int LANGUAGE sql AS 'SELECT 10';"
		 "CREATE OR REPLACE TRIGGER t_y BEFORE TRUNCATE ON t EXECUTE FUNCTION pagu_w();"
		 "SELECT pagu_x();");
	put_proc(&f, "a.sql",
		 "CREATE OR REPLACE FUNCTION pagu_w() RETURNS trigger LANGUAGE plpgsql AS "
		 "'BEGIN RETURN NULL; END';");
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "";
	ck_assert_msg(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)) == PAGU_OK, "%s", msg);
	ck_assert_int_eq(rep.applied, 1);
	ck_assert_int_eq(rep.procedures, 3);
	char *v =
		q1(&f, "SELECT pagu_y() || ' ' || (SELECT string_agg(file, ',' ORDER BY file) FROM schema_procedure)");
	ck_assert_str_eq(v, "11 a.sql,b.sql,common.sql");
	free(v);
	/* unchanged: nothing applied */
	struct migrate_report rep2 = SENTINEL_REP;
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep2, msg, sizeof(msg)), PAGU_OK);
	ck_assert_int_eq(rep2.procedures, 0);
	ck_assert_int_eq(rep2.applied, 0);
	/* a change with a failing file: nothing of it is applied */
	put_proc(&f, "common.sql", "CREATE OR REPLACE FUNCTION pagu_x() RETURNS int LANGUAGE sql AS 'SELECT 2';");
	put_proc(&f, "c.sql",
		 "CREATE OR REPLACE FUNCTION pagu_v() RETURNS int LANGUAGE sql AS 'SELECT 3'; SELEC oops;");
	struct migrate_report rep3 = SENTINEL_REP;
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep3, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "procedures/c.sql") && strstr(msg, "nothing"), "message: %s", msg);
	ck_assert_int_eq(rep3.procedures, -7);
	v = q1(&f, "SELECT pagu_y() || ' ' || (SELECT count(*) FROM pg_proc WHERE proname = 'pagu_v') || ' ' ||"
		   " (SELECT count(*) FROM schema_procedure)");
	ck_assert_str_eq(v, "11 0 3");
	free(v);
	/* fixed, and pagu_z removed from its file (pagu_y with it): both are dropped */
	put_proc(&f, "c.sql", "CREATE OR REPLACE FUNCTION pagu_v() RETURNS int LANGUAGE sql AS 'SELECT 3';");
	put_proc(&f, "b.sql", "CREATE OR REPLACE TRIGGER t_y BEFORE TRUNCATE ON t EXECUTE FUNCTION pagu_w();");
	struct migrate_report rep4 = SENTINEL_REP;
	ck_assert_msg(migrate_run(f.conninfo, f.dir, &rep4, msg, sizeof(msg)) == PAGU_OK, "%s", msg);
	ck_assert_int_eq(rep4.procedures, 4);
	v = q1(&f, "SELECT pagu_x() + pagu_v() || ' ' || (SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc"
		   " WHERE proname LIKE 'pagu%') || ' ' || (SELECT count(*) FROM schema_procedure)");
	ck_assert_str_eq(v, "5 pagu_v,pagu_w,pagu_x 4");
	free(v);
	/* a routine still in use (the trigger's) is not dropped: the apply fails, nothing changes */
	put_proc(&f, "a.sql", "SELECT 1;");
	struct migrate_report rep5 = SENTINEL_REP;
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep5, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "could not be dropped"), "message: %s", msg);
	v = q1(&f, "SELECT count(*) FROM pg_proc WHERE proname = 'pagu_w'");
	ck_assert_str_eq(v, "1");
	free(v);
}
END_TEST

/* A SQL routine whose body does not analyse once every routine exists (here a column neither grouped
 * nor aggregated, a mistake PostgreSQL finds only when the body is parsed) fails the apply, naming it,
 * instead of failing at its first call in a request; nothing of the apply is kept. */
START_TEST(procedures_bodies_analysed)
{
	struct fixture f;
	fixture_make(&f);
	put(&f, "0001_a.sql", "CREATE TABLE t (a int, b int);");
	/* pagu_later calls pagu_sooner, defined in a file applied after it: still fine */
	put_proc(&f, "a.sql",
		 "CREATE OR REPLACE FUNCTION pagu_later() RETURNS int LANGUAGE sql AS 'SELECT pagu_sooner()';");
	put_proc(&f, "b.sql", "CREATE OR REPLACE FUNCTION pagu_sooner() RETURNS int LANGUAGE sql AS 'SELECT 1';");
	struct migrate_report rep = SENTINEL_REP;
	char msg[1024] = "";
	ck_assert_msg(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)) == PAGU_OK, "%s", msg);
	ck_assert_int_eq(rep.procedures, 2);
	put_proc(&f, "c.sql",
		 "CREATE OR REPLACE FUNCTION pagu_sums() RETURNS TABLE (a int, s bigint) LANGUAGE sql AS "
		 "'SELECT t.a, sum(t.b) FROM t GROUP BY t.b';");
	struct migrate_report rep2 = SENTINEL_REP;
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep2, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "does not analyse") && strstr(msg, "GROUP BY") && strstr(msg, "nothing"),
		      "message: %s", msg);
	char *v = q1(&f, "SELECT count(*) FROM pg_proc WHERE proname = 'pagu_sums'");
	ck_assert_str_eq(v, "0");
	free(v);
	/* fixed: applied */
	put_proc(&f, "c.sql",
		 "CREATE OR REPLACE FUNCTION pagu_sums() RETURNS TABLE (a int, s bigint) LANGUAGE sql AS "
		 "'SELECT t.a, sum(t.b) FROM t GROUP BY t.a';");
	struct migrate_report rep3 = SENTINEL_REP;
	ck_assert_msg(migrate_run(f.conninfo, f.dir, &rep3, msg, sizeof(msg)) == PAGU_OK, "%s", msg);
	ck_assert_int_eq(rep3.procedures, 3);
}
END_TEST

static void sha256_of(const char *text, char *hex)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "printf '%%s' '%s' | sha256sum", text);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%64s", hex), 1);
	pclose(p);
}

/* A rewritten migration is accepted when superseded.txt names its applied and its new checksum,
 * and recorded anew; any other change is still refused. */
START_TEST(superseded_checksum_accepted)
{
	struct fixture f;
	fixture_make(&f);
	const char *v1 = "CREATE TABLE t (v int);", *v2 = "CREATE TABLE t (v int); -- moved", *v3 = "-- other";
	put(&f, "0001_a.sql", v1);
	struct migrate_report rep = SENTINEL_REP;
	char msg[512] = "", h1[65], h2[65], line[256];
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_OK);
	sha256_of(v1, h1);
	sha256_of(v2, h2);
	snprintf(line, sizeof(line), "# test\n0001 %s %s\n", h1, h2);
	put(&f, "superseded.txt", line);
	put(&f, "0001_a.sql", v3);
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "changed"), "message: %s", msg);
	put(&f, "0001_a.sql", v2);
	ck_assert_msg(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)) == PAGU_OK, "%s", msg);
	char *v = q1(&f, "SELECT sha256 FROM schema_migration WHERE version = 1");
	ck_assert_str_eq(v, h2);
	free(v);
	put(&f, "superseded.txt", "0001 not-a-checksum\n");
	ck_assert_int_eq(migrate_run(f.conninfo, f.dir, &rep, msg, sizeof(msg)), PAGU_E_MIGRATION);
	ck_assert_msg(strstr(msg, "line 1"), "message: %s", msg);
}
END_TEST

static Suite *migrate_suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("runner");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, applies_in_order_once);
	tcase_add_test(tc, changed_migration_refused);
	tcase_add_test(tc, failed_migration_leaves_nothing);
	tcase_add_loop_test(tc, bad_file_names_refused, 0, (int)(sizeof(bad_names) / sizeof(bad_names[0])));
	tcase_add_test(tc, duplicate_number_refused);
	tcase_add_test(tc, missing_applied_file_refused);
	tcase_add_test(tc, concurrent_runs_serialise);
	tcase_add_test(tc, procedures_reapplied_on_change);
	tcase_add_test(tc, procedures_bodies_analysed);
	tcase_add_test(tc, superseded_checksum_accepted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	SRunner *sr = srunner_create(migrate_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	harness_stop(&H);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
