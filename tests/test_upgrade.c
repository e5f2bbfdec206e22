/* test_upgrade.c - functions defined once, and a database made by fbbac9e (functions inside the
 * numbered migrations) migrated to the layout of migrations/procedures without loss. */
#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <strings.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "migrate.h"

#define FIXTURE_REV "fbbac9e"
/* the last numbered migration the fixture's database has */
#define FIXTURE_LAST_MIGRATION "23"

static struct harness H;

/* The schema as the catalog describes it, one sorted line per object: routines with their
 * definition, comment and grants; triggers; constraints; indexes; columns; table grants and
 * comments. Runner tables (schema_migration, schema_procedure) are left out. */
static const char sql_catalog[] =
	"WITH rel AS (SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	"  WHERE n.nspname = 'public' AND c.relname NOT LIKE 'schema\\_%'),"
	" l(line) AS ("
	" SELECT 'routine ' || p.oid::regprocedure || E'\\n' || pg_get_functiondef(p.oid) || E'\\ncomment '"
	"  || coalesce(obj_description(p.oid, 'pg_proc'), '') || E'\\nacl ' || coalesce(p.proacl::text, '')"
	"  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
	" UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN rel ON rel.oid = t.tgrelid"
	"  WHERE NOT t.tgisinternal"
	" UNION ALL SELECT 'constraint ' || rel.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)"
	"  FROM pg_constraint c JOIN rel ON rel.oid = c.conrelid"
	" UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN rel ON rel.oid = i.indrelid"
	" UNION ALL SELECT 'column ' || rel.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
	"  || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || ' ' || a.attidentity::text || "
	"a.attgenerated::text || ' '"
	"  || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' acl ' || coalesce(a.attacl::text, '')"
	"  || ' comment ' || coalesce(col_description(rel.oid, a.attnum), '')"
	"  FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid"
	"  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	"  WHERE a.attnum > 0 AND NOT a.attisdropped"
	" UNION ALL SELECT 'relation ' || rel.relname || ' ' || c.relkind::text || ' acl ' || coalesce(c.relacl::text, "
	"'')"
	"  || ' comment ' || coalesce(obj_description(c.oid, 'pg_class'), '')"
	"  FROM rel JOIN pg_class c ON c.oid = rel.oid)"
	" SELECT string_agg(line, E'\\n' ORDER BY line) FROM l";

/* Every table's rows, as one md5 per table (schema_migration by version and name only, and only
 * the fixture's: the upgrade records the rewritten files' checksums and applies the migrations
 * made after it; schema_procedure is new). A row is read without its null members, so a nullable
 * column a later migration adds (and leaves null for the rows it finds) changes nothing. */
static const char sql_rows[] =
	"DO $rows$ DECLARE r record; h text; x text[]; BEGIN"
	" CREATE TEMP TABLE IF NOT EXISTS upgrade_rows (tbl text, md5 text);"
	" TRUNCATE upgrade_rows;"
	" FOR r IN SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	"  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
	"  AND c.relname NOT IN ('schema_migration', 'schema_procedure') LOOP"
	/* a NOT NULL column added since, holding its default on the old rows, is left out (dokumen.tahap) */
	"  x := ARRAY(SELECT split_part(w, '.', 2) FROM unnest(ARRAY['dokumen.tahap']) w"
	"   WHERE split_part(w, '.', 1) = r.relname);"
	"  EXECUTE format('SELECT count(*) || '':'' || coalesce(md5(string_agg((jsonb_strip_nulls(to_jsonb(t)) - "
	"%L::text[])::text,"
	"   '','' ORDER BY (jsonb_strip_nulls(to_jsonb(t)) - %L::text[])::text)), '''')"
	"   FROM %I t', x, x, r.relname) INTO h;"
	"  INSERT INTO upgrade_rows VALUES (r.relname, h);"
	" END LOOP;"
	" INSERT INTO upgrade_rows SELECT 'schema_migration', string_agg(version || ' ' || name, ',' ORDER BY version)"
	"  FROM schema_migration WHERE version <= " FIXTURE_LAST_MIGRATION ";"
	" END $rows$;";
static const char sql_rows_get[] = "SELECT string_agg(tbl || ' ' || md5, E'\\n' ORDER BY tbl) FROM upgrade_rows";

static char *query(const char *db, const char *sql)
{
	char conninfo[PATH_MAX + 128];
	snprintf(conninfo, sizeof(conninfo), "host=%s/run dbname=%s user=pagu_super", H.dir, db);
	PGconn *c = PQconnectdb(conninfo);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
	PQsetNoticeProcessor(c, (PQnoticeProcessor)NULL, NULL);
	char *v = harness_query1(c, sql);
	ck_assert_msg(v != NULL, "%s: %s", sql, PQerrorMessage(c));
	PQfinish(c);
	return v;
}

static char *rows_of(const char *db)
{
	char conninfo[PATH_MAX + 128];
	snprintf(conninfo, sizeof(conninfo), "host=%s/run dbname=%s user=pagu_super", H.dir, db);
	PGconn *c = PQconnectdb(conninfo);
	ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
	PGresult *r = PQexec(c, sql_rows);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(c));
	PQclear(r);
	char *v = harness_query1(c, sql_rows_get);
	ck_assert_ptr_nonnull(v);
	PQfinish(c);
	return v;
}

/* Tables issue 18 added (migration 0024): empty after the upgrade; the words of its changed catalog
 * objects are in tests/upgrade/since.txt. */
static const char *const issue18_tables[] = { "penandaan_belanja_wajib", "kapasitas_fiskal",
					      /* and issue 19's (migration 0027: people) */
					      "pengguna", "sesi", "masuk_gagal", "kode_pemulihan",
					      "pengaturan_keamanan", NULL };

/* @rows (lines "table count:md5") without the tables of @tables, which must be empty. */
static char *rows_without(const char *rows, const char *const *tables, bool empty)
{
	char *out = malloc(strlen(rows) + 2);
	ck_assert_ptr_nonnull(out);
	size_t n = 0;
	for (const char *p = rows; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool drop = false;
		for (const char *const *t = tables; *t; t++) {
			size_t tl = strlen(*t);
			if (len > tl && !strncmp(p, *t, tl) && p[tl] == ' ') {
				ck_assert_msg(!empty || (len >= tl + 3 && !strncmp(p + tl, " 0:", 3)),
					      "%.*s: not empty", (int)len, p);
				drop = true;
			}
		}
		if (!drop) {
			if (n)
				out[n++] = '\n';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len + (e ? 1 : 0);
	}
	out[n] = '\0';
	return out;
}

/* Asserts two line lists are equal, naming the first line that differs. */
static void expect_same(const char *what, const char *a, const char *b)
{
	if (!strcmp(a, b))
		return;
	size_t i = 0, line = 0;
	while (a[i] && a[i] == b[i])
		i++;
	size_t s = i;
	while (s > 0 && a[s - 1] != '\n')
		s--;
	for (size_t k = 0; k < s; k++)
		line += a[k] == '\n';
	ck_abort_msg("%s differ at line %zu:\n< %.300s\n> %.300s", what, line + 1, a + s, b + s);
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whether the @len bytes at @p name @w as a whole word (pagu_x is not pagu_x_y); a @w ending in '*'
 * names every word it begins (kapasitas_fiskal* is the table, its sequence, key and indexes). */
static bool mentions(const char *p, size_t len, const char *w)
{
	size_t wl = strlen(w);
	bool prefix = wl > 1 && w[wl - 1] == '*';
	if (prefix)
		wl--;
	for (const char *q = p; (q = memmem(q, len - (size_t)(q - p), w, wl)) != NULL; q++) {
		char before = q > p ? q[-1] : ' ', after = (size_t)(q - p) + wl < len ? q[wl] : ' ';
		/* a word ending in "(" (a routine) or "*" is whole at its end already */
		bool inner = word_char(before) || (!prefix && word_char(w[wl - 1]) && word_char(after));
		if (!inner)
			return true;
	}
	return false;
}

/* @text without the lines (of a list of routines and objects) that mention @word */
static char *without(const char *text, const char *const *words)
{
	char *out = malloc(strlen(text) + 2); /* each line gets its newline, the last one too */
	ck_assert_ptr_nonnull(out);
	size_t n = 0;
	/* objects are "routine ..." blocks of several lines or one-line objects; drop a whole routine
	 * block whose header names a word */
	bool dropping = false;
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool header = !strncmp(p, "routine ", 8) || !strncmp(p, "trigger ", 8) ||
			      !strncmp(p, "constraint ", 11) || !strncmp(p, "index ", 6) || !strncmp(p, "column ", 7) ||
			      !strncmp(p, "relation ", 9);
		if (header) {
			dropping = false;
			for (const char *const *w = words; *w; w++)
				if (mentions(p, len, *w))
					dropping = true;
		}
		if (!dropping) {
			memcpy(out + n, p, len);
			n += len;
			out[n++] = '\n';
		}
		p += len + (e ? 1 : 0);
	}
	out[n] = '\0';
	return out;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* One routine definition found in the tree. */
struct def {
	char name[64];
	char file[NAME_MAX + 32];
};
static struct def defs[1000];
static int ndefs;

static bool word_at(const char *p, const char *w)
{
	size_t n = strlen(w);
	return !strncasecmp(p, w, n) && !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* Records every CREATE [OR REPLACE] FUNCTION|PROCEDURE outside comments, strings and
 * dollar-quoted bodies of @text, as in @file. */
static void scan_defs(const char *file, const char *text)
{
	for (const char *p = text; *p;) {
		if (p[0] == '-' && p[1] == '-') {
			const char *e = strchr(p, '\n');
			p = e ? e + 1 : p + strlen(p);
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
		} else if (*p == '\'') {
			for (p++; *p; p++)
				if (*p == '\'' && p[1] != '\'')
					break;
				else if (*p == '\'')
					p++;
			p += *p != '\0';
		} else if (*p == '$' && (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
			const char *e = p + 1;
			while (isalnum((unsigned char)*e) || *e == '_')
				e++;
			if (*e != '$') {
				p++;
				continue;
			}
			char tag[64];
			size_t tl = (size_t)(e - p) + 1;
			ck_assert_uint_lt(tl, sizeof(tag));
			memcpy(tag, p, tl);
			tag[tl] = '\0';
			const char *end = strstr(e + 1, tag);
			ck_assert_msg(end != NULL, "%s: unterminated %s", file, tag);
			p = end + tl;
		} else if (word_at(p, "create") && (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
			const char *q = skip_space(p + 6);
			if (word_at(q, "or")) {
				q = skip_space(q + 2);
				if (word_at(q, "replace"))
					q = skip_space(q + 7);
			}
			if (word_at(q, "function") || word_at(q, "procedure")) {
				q = skip_space(q + (word_at(q, "function") ? 8 : 9));
				size_t n = 0;
				while ((isalnum((unsigned char)q[n]) || q[n] == '_') && n < 63)
					n++;
				ck_assert_int_lt(ndefs, 1000);
				snprintf(defs[ndefs].name, sizeof(defs[ndefs].name), "%.*s", (int)n, q);
				snprintf(defs[ndefs].file, sizeof(defs[ndefs].file), "%s", file);
				ndefs++;
			}
			p += 6;
		} else {
			p++;
		}
	}
}

static void scan_dir(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".sql"))
			continue;
		char path[PATH_MAX * 2], file[NAME_MAX + 32];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(file, sizeof(file), "%s%s", prefix, de->d_name);
		char *text = slurp(path);
		scan_defs(file, text);
		free(text);
	}
	closedir(d);
}

static const char *share(void)
{
	const char *s = getenv("PAGU_SHARE");
	ck_assert_msg(s != NULL, "PAGU_SHARE is not set");
	return s;
}

static void fresh_db(const char *db)
{
	char *v = harness_sqlf(&H, "SELECT count(*) FROM pg_database WHERE datname = '%s'", db);
	bool have = v && !strcmp(v, "1");
	free(v);
	if (have)
		return;
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char sql[128];
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s OWNER pagu_owner", db);
	PGresult *r = PQexec(su, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(su));
	PQclear(r);
	PQfinish(su);
	char conninfo[PATH_MAX + 128], dir[PATH_MAX], msg[1024] = "";
	snprintf(conninfo, sizeof(conninfo), "host=%s/run dbname=%s user=pagu_owner", H.dir, db);
	snprintf(dir, sizeof(dir), "%s/migrations", share());
	struct migrate_report rep = { .found = -7, .applied = -7, .procedures = -7 };
	ck_assert_msg(migrate_run(conninfo, dir, &rep, msg, sizeof(msg)) == PAGU_OK, "%s", msg);
	ck_assert_int_eq(rep.applied, rep.found);
	ck_assert_int_gt(rep.procedures, 0);
}

/* One object of a catalog text: a header line ("routine ", "trigger ", ...) and the lines after it. */
static bool is_header(const char *p)
{
	return !strncmp(p, "routine ", 8) || !strncmp(p, "trigger ", 8) || !strncmp(p, "constraint ", 11) ||
	       !strncmp(p, "index ", 6) || !strncmp(p, "column ", 7) || !strncmp(p, "relation ", 9);
}

/* @s with every whole word @from replaced by @to (a new string). */
static char *replace_word(char *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), n = 0;
	for (const char *p = strstr(s, from); p; p = strstr(p + fl, from))
		n++;
	char *out = malloc(strlen(s) + n * (tl > fl ? tl - fl : 0) + 1);
	ck_assert_ptr_nonnull(out);
	char *o = out;
	const char *p = s;
	for (const char *m = strstr(p, from); m; m = strstr(p, from)) {
		bool whole = (m == s || !word_char(m[-1])) && !word_char(m[fl]);
		size_t keep = (size_t)(m - p);
		memcpy(o, p, keep);
		o += keep;
		memcpy(o, whole ? to : from, whole ? tl : fl);
		o += whole ? tl : fl;
		p = m + fl;
	}
	strcpy(o, p);
	free(s);
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * @catalog with the renames of tests/upgrade/renamed.txt applied when @rename, its objects in
 * byte order: the two sides of a comparison are put in the same order whatever the collation.
 */
static char *normalise(const char *catalog, bool rename)
{
	char **obj = NULL;
	size_t n = 0, cap = 0;
	for (const char *p = catalog; *p;) {
		const char *e = p;
		do {
			e = strchr(e, '\n');
			e = e ? e + 1 : p + strlen(p);
		} while (*e && !is_header(e));
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			obj = realloc(obj, cap * sizeof(*obj));
			ck_assert_ptr_nonnull(obj);
		}
		obj[n] = strndup(p, (size_t)(e - p));
		ck_assert_ptr_nonnull(obj[n]);
		size_t l = strlen(obj[n]);
		if (l && obj[n][l - 1] == '\n')
			obj[n][l - 1] = '\0';
		n++;
		p = e;
	}
	if (rename) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/tests/upgrade/renamed.txt", share());
		char *map = slurp(path);
		int pairs = 0;
		for (char *save = NULL, *line = strtok_r(map, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char from[128], to[128];
			if (line[0] == '#' || sscanf(line, "%127s %127s", from, to) != 2)
				continue;
			pairs++;
			for (size_t i = 0; i < n; i++)
				obj[i] = replace_word(obj[i], from, to);
		}
		ck_assert_int_gt(pairs, 0);
		free(map);
	}
	qsort(obj, n, sizeof(*obj), cmp_str);
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(obj[i]) + 1;
	char *out = malloc(len), *o = out;
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(obj[i]);
		memcpy(o, obj[i], l);
		o += l;
		*o++ = '\n';
		free(obj[i]);
	}
	*o = '\0';
	free(obj);
	return out;
}

/* Every pagu_ routine is created in exactly one file, by one statement, of migrations/procedures;
 * none in a numbered migration; and what the files define is what a new database has. */
START_TEST(defined_once)
{
	char dir[PATH_MAX];
	ndefs = 0;
	snprintf(dir, sizeof(dir), "%s/migrations", share());
	scan_dir(dir, "");
	int numbered = ndefs;
	snprintf(dir, sizeof(dir), "%s/migrations/procedures", share());
	scan_dir(dir, "procedures/");
	for (int i = 0; i < numbered; i++)
		ck_abort_msg("%s defines %s: functions belong in migrations/procedures/", defs[i].file, defs[i].name);
	ck_assert_int_gt(ndefs, 100);
	for (int i = 0; i < ndefs; i++) {
		ck_assert_msg(!strncmp(defs[i].name, "pagu_", 5), "%s: %s is not named pagu_", defs[i].file,
			      defs[i].name);
		for (int k = 0; k < i; k++)
			ck_assert_msg(strcmp(defs[i].name, defs[k].name), "%s is defined in %s and again in %s",
				      defs[i].name, defs[k].file, defs[i].file);
	}
	/* the scan and the catalog agree: every routine of a new database is one the scan found */
	fresh_db("fresh");
	char *names = query("fresh", "SELECT string_agg(p.proname, ' ' ORDER BY p.proname) FROM pg_proc p"
				     " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'");
	int ncat = 0;
	for (char *save = NULL, *w = strtok_r(names, " ", &save); w; w = strtok_r(NULL, " ", &save), ncat++) {
		bool found = false;
		for (int i = 0; i < ndefs && !found; i++)
			found = !strcmp(defs[i].name, w);
		ck_assert_msg(found, "routine %s of a new database is not found in migrations/procedures", w);
	}
	ck_assert_int_eq(ncat, ndefs);
	free(names);
}
END_TEST

static char *fixture_path(const char *suffix)
{
	char *p = malloc(PATH_MAX);
	ck_assert_ptr_nonnull(p);
	snprintf(p, PATH_MAX, "%s/tests/upgrade/%s%s", share(), FIXTURE_REV, suffix);
	return p;
}

/* fbbac9e's database with its demo year, ledger, seal, closed quarter and checkpoints, migrated by
 * this tree: nothing lost, verify holds, and the schema is the one a new database gets. */
START_TEST(upgrade_from_fbbac9e)
{
	const char *bindir = getenv("PAGU_PG_BINDIR") ? getenv("PAGU_PG_BINDIR") : "/usr/lib/postgresql/15/bin";
	char *dump = fixture_path(".sql.gz"), *log = fixture_path(".checkpoint.log"), *kfile = fixture_path(".kunci");
	char cmd[PATH_MAX * 4];
	snprintf(cmd, sizeof(cmd),
		 "gzip -dc '%s' | '%s/psql' -h '%s/run' -U pagu_super -d pagu -qX -v ON_ERROR_STOP=1 >'%s/restore.log' "
		 "2>&1",
		 dump, bindir, H.dir, H.dir);
	ck_assert_msg(system(cmd) == 0, "restoring %s failed; see %s/restore.log", dump, H.dir);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/checkpoint.log'", log, H.dir);
	ck_assert_int_eq(system(cmd), 0);
	char *kunci = slurp(kfile);
	kunci[strcspn(kunci, "\n")] = '\0';
	ck_assert_uint_eq(strlen(kunci), 64);

	/* the old database holds what the test is about */
	char *v = query("pagu",
			"SELECT (SELECT count(*) FROM entri) || ' ' || (SELECT count(*) FROM segel) || ' ' ||"
			" (SELECT count(*) FROM monev_triwulan) || ' ' || (SELECT count(*) FROM checkpoint) || ' ' ||"
			" (SELECT count(*) FROM dokumen WHERE status = 'locked')");
	ck_assert_msg(strncmp(v, "0 ", 2) && !strstr(v, " 0 ") && strcmp(v + strlen(v) - 2, " 0"), "fixture: %s", v);
	free(v);
	char *old_catalog = query("pagu", sql_catalog);
	char *before = rows_of("pagu");

	/* the upgrade itself */
	ck_assert_int_eq(harness_pagu(&H, "migrate", NULL), 0);
	char *after_all = rows_of("pagu");
	char *after = rows_without(after_all, issue18_tables, true);
	free(after_all);
	expect_same("rows before and after the upgrade", before, after);
	/* rules_hasil: the same rows, the new citation column empty on them */
	v = query("pagu", "SELECT count(*) || ' ' || count(dasar) FROM rules_hasil");
	ck_assert_msg(strlen(v) > 2 && !strcmp(v + strlen(v) - 2, " 0"), "rules_hasil after the upgrade: %s", v);
	free(v);
	v = query("pagu", "SELECT count(*) FILTER (WHERE sha256 <> '') || ' ' || count(*) FROM schema_procedure");
	ck_assert_str_ne(v, "0 0");
	free(v);
	const char *const pemda[] = { "13.71", "19" };
	for (size_t i = 0; i < 2; i++)
		ck_assert_msg(harness_pagu(&H, "verify", "--pemda", pemda[i], "--public-key", kunci, NULL) == 0,
			      "verify --pemda %s failed after the upgrade; see %s/pagu-cli.log", pemda[i], H.dir);

	/* the schema is a new database's, and a new database's is fbbac9e's but for the helper and the
	   names issue 17 changed */
	fresh_db("fresh");
	char *fresh = query("fresh", sql_catalog), *upgraded = query("pagu", sql_catalog);
	expect_same("catalogs of the upgraded and of a new database", upgraded, fresh);
	/* the helper issue 17 added, and what changed after the fixture (tests/upgrade/since.txt) */
	char spath[PATH_MAX];
	snprintf(spath, sizeof(spath), "%s/tests/upgrade/since.txt", share());
	char *since = slurp(spath);
	const char *added[256] = { "pagu_append_only" };
	size_t nadded = 1;
	for (char *save = NULL, *w = strtok_r(since, "\n", &save); w; w = strtok_r(NULL, "\n", &save))
		if (w[0] != '#' && nadded < sizeof(added) / sizeof(added[0]) - 1)
			added[nadded++] = w;
	ck_assert_int_gt(nadded, 1);
	added[nadded] = NULL;
	/* (the renames first, so a word names a routine by its name now) */
	char *old_renamed = normalise(old_catalog, true);
	char *fresh_less = without(fresh, added), *old_less = without(old_renamed, added);
	ck_assert_msg(strlen(fresh_less) < strlen(fresh), "pagu_append_only is missing");
	/* name for name: the routines renamed since (tests/upgrade/renamed.txt) are the same routines */
	char *old_norm = normalise(old_less, false), *fresh_norm = normalise(fresh_less, false);
	expect_same("catalogs of fbbac9e (renames applied) and of a new database", old_norm, fresh_norm);
	free(old_norm);
	free(fresh_norm);

	/* and once more: nothing to do */
	char conninfo[PATH_MAX + 128], dir[PATH_MAX], msg[1024] = "";
	snprintf(conninfo, sizeof(conninfo), "host=%s/run dbname=pagu user=pagu_owner", H.dir);
	snprintf(dir, sizeof(dir), "%s/migrations", share());
	struct migrate_report rep = { .found = -7, .applied = -7, .procedures = -7 };
	ck_assert_msg(migrate_run(conninfo, dir, &rep, msg, sizeof(msg)) == PAGU_OK, "%s", msg);
	ck_assert_int_eq(rep.applied, 0);
	ck_assert_int_eq(rep.procedures, 0);
	ck_assert_int_gt(rep.found, 0);
	free(fresh_less);
	free(old_less);
	free(old_renamed);
	free(since);
	free(fresh);
	free(upgraded);
	free(old_catalog);
	free(before);
	free(after);
	free(kunci);
	free(dump);
	free(log);
	free(kfile);
}
END_TEST

int main(void)
{
	harness_start_cluster(&H);
	Suite *s = suite_create("upgrade");
	TCase *tc = tcase_create("procedures");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, defined_once);
	tcase_add_test(tc, upgrade_from_fbbac9e);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	harness_stop(&H);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
