/* pagu.c - the pagu command: serve, migrate, db start|stop|status. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "akun.h"
#include "auth.h"
#include "dokumen.h"
#include "cluster.h"
#include "db.h"
#include "demo.h"
#include "fileutil.h"
#include "checkpoint_json.h"
#include "ledger.h"
#include "signkey.h"
#include "verify.h"
#include "config.h"
#include "migrate.h"
#include "rules_gate.h"
#include "pagu_build.h"
#include "budget.h"
#include "server.h"
#include "waktu.h"
#include "web.h"

#define EXIT_USAGE 2
#define CONNINFO_MAX 2048

static const char usage[] =
	"usage: pagu [options] COMMAND\n"
	"\n"
	"commands:\n"
	"  serve             migrate, then serve the HTTP API until SIGINT/SIGTERM\n"
	"  migrate           apply migrations and load the reference code lists\n"
	"  demo              load the demo pemda (Kota Padang, Provinsi Kepulauan Bangka Belitung and\n"
	"                    its kabupaten/kota) and their 2026 years, executed to 30 September\n"
	"  demo --pemda P [--lines N] [--tahun Y]\n"
	"                    generate a budget year of N RKA lines (default 100000) for pemda P,\n"
	"                    year Y (default 2027), up to an assembled draft APBD, for benchmarks\n"
	"  db start          create (first time) and start the private PostgreSQL cluster\n"
	"  db stop           stop it (--immediate: without a checkpoint, like a crash)\n"
	"  db status         say whether it runs (exit 0) or not (exit 1)\n"
	"  token create --pemda P --role R [--opd KODE] [--name NAME]\n"
	"                    print a new bearer token (shown once) for pemda P with role R\n"
	"                    (planner, finance, revenue, inspector, admin), optionally scoped to an OPD\n"
	"  token list [--pemda P]   list tokens (never the tokens themselves)\n"
	"  verify --pemda P [--checkpoint FILE] [--public-key HEX]\n"
	"                    recompute everything of pemda P (ledger entries, seals, Merkle roots and\n"
	"                    balances; locked documents against their chains and lock events; closed\n"
	"                    quarters; signed evaluations; the pockets' anggaran kas against their DPA);\n"
	"                    check every checkpoint's signature and compare them with the checkpoint log\n"
	"                    and with FILE, checkpoints a client kept; exit 1 naming the first bad item\n"
	"  rules check FILE...   parse and check rules files; errors as file:line:col (exit 1)\n"
	"  rules test [DIR]      load the pack in DIR (default: the shipped rules/) and run its\n"
	"                        cases DIR/tests/*.case; exit 1 when one fails\n"
	"  token revoke --pemda P ID   revoke token ID\n"
	"  user create --pemda P --nip N --name NAME --role R[,R...] [--opd KODE]\n"
	"                    create a person (the first admin of a pemda) and print the one-time\n"
	"                    code they sign in with once, to choose a password (shown only now)\n"
	"\n"
	"options:\n"
	"  --database URL    use this PostgreSQL (owner role) instead of the private cluster\n"
	"                    (env PAGU_DATABASE_URL); the server connects as role pagu_app\n"
	"  --app-database URL  connection for the server itself (env PAGU_APP_DATABASE_URL)\n"
	"  --var DIR         private cluster and state directory (env PAGU_VAR; default ./var)\n"
	"  --listen ADDR:PORT  where serve listens (default 127.0.0.1:8080; port 0 = any free)\n"
	"  --port-file FILE  serve writes the port it bound to FILE once it accepts requests\n"
	"  --secure-cookies  serve behind TLS: the session cookie is Secure (env PAGU_SECURE_COOKIES=1)\n"
	"  --today YYYY-MM-DD  a training date taken for today (env PAGU_TODAY; default: off, today in\n"
	"                    WIB): postings up to it, its quarters; shown in /v1/health and the console\n"
	"  --threads N       HTTP worker threads (default: two per CPU)\n"
	"  --budget RATE:BURST  requests a second, and at once, per API token or session (env PAGU_BUDGET;\n"
	"                    default 50:200); over it, 429 with Retry-After; off: no budget (benches)\n"
	"  --demo, --no-demo load the demo pemda on serve (default: yes for the private cluster)\n"
	"  --demo=uji        with serve or demo: the test fixture's budget years instead of the demo's\n"
	"  --immediate       with db stop: immediate shutdown\n"
	"  --signing-key FILE  the checkpoint signing key (env PAGU_SIGNING_KEY; default VAR/signing.key),\n"
	"                    created by serve when missing; it must have mode 0600\n"
	"  --checkpoint-log FILE  the log of signed checkpoints (env PAGU_CHECKPOINT_LOG;\n"
	"                    default VAR/checkpoint.log)\n"
	"  --checkpoint FILE  with verify: checkpoints a client kept (JSON lines, or a saved page)\n"
	"  --public-key HEX  with verify: the Ed25519 public key to trust, instead of the key file's\n"
	"  --pemda P, --role R, --opd KODE, --name NAME   for token commands\n"
	"  --lines N, --tahun Y   for demo --pemda\n"
	"  -h, --help        this text\n"
	"  --version         print the version\n";

enum {
	OPT_DATABASE = 256,
	OPT_APP_DATABASE,
	OPT_VAR,
	OPT_LISTEN,
	OPT_PORT_FILE,
	OPT_THREADS,
	OPT_DEMO,
	OPT_NO_DEMO,
	OPT_IMMEDIATE,
	OPT_VERSION,
	OPT_PEMDA,
	OPT_ROLE,
	OPT_OPD,
	OPT_NAME,
	OPT_NIP,
	OPT_SECURE_COOKIES,
	OPT_LINES,
	OPT_TAHUN,
	OPT_SIGNING_KEY,
	OPT_CHECKPOINT_LOG,
	OPT_CHECKPOINT,
	OPT_PUBLIC_KEY,
	OPT_TODAY,
	OPT_BUDGET,
};

struct cli {
	struct pagu_config cfg;
	const char *listen;
	const char *port_file;
	unsigned threads;
	const char *budget; /* --budget RATE:BURST or off */
	int demo;	    /* -1 default, 0 no, 1 yes */
	bool demo_uji;	    /* --demo=uji: the budget years the tests build on, not the demo's */
	bool immediate;
	const char *pemda, *role, *opd, *name, *nip;
	bool secure_cookies;
	const char *lines, *tahun;
	const char *signing_key, *checkpoint_log, *checkpoint, *public_key;
	const char *today;
	char key_buf[4096], log_buf[4096];
};

/* The signing key's and the log's paths: flag, environment, or under the var directory. */
static void checkpoint_paths(struct cli *c)
{
	const char *k = c->signing_key ? c->signing_key : getenv("PAGU_SIGNING_KEY");
	const char *l = c->checkpoint_log ? c->checkpoint_log : getenv("PAGU_CHECKPOINT_LOG");
	if (k && *k)
		snprintf(c->key_buf, sizeof(c->key_buf), "%s", k);
	else
		snprintf(c->key_buf, sizeof(c->key_buf), "%s/signing.key", c->cfg.var_dir);
	if (l && *l)
		snprintf(c->log_buf, sizeof(c->log_buf), "%s", l);
	else
		snprintf(c->log_buf, sizeof(c->log_buf), "%s/checkpoint.log", c->cfg.var_dir);
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("pagu: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_FAILURE;
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	/* one write, so the line never mixes with the server's request log */
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof(line) - 2 ? (size_t)n : sizeof(line) - 2;
	line[len] = '\n';
	fprintf(stderr, "pagu: %.*s", (int)len + 1, line);
}

static int db_up(struct cli *c)
{
	if (!config_embedded(&c->cfg))
		return 0;
	char msg[512];
	bool created;
	if (cluster_start(&c->cfg, &created, msg, sizeof(msg)) != PAGU_OK)
		return fail("%s", msg);
	if (created)
		note("created a private PostgreSQL cluster in %s/pg%s", c->cfg.var_dir,
		     geteuid() == 0 ? " (run as system user pagu: PostgreSQL refuses root)" : "");
	return 0;
}

static int do_migrate(struct cli *c)
{
	char conninfo[CONNINFO_MAX], msg[1024], dir[PATH_MAX];
	if (config_conninfo(&c->cfg, CONFIG_ROLE_OWNER, conninfo, sizeof(conninfo)) != PAGU_OK)
		return fail("database URL cannot be parsed");
	struct migrate_report rep;
	snprintf(dir, sizeof(dir), "%s/migrations", c->cfg.share_dir);
	if (migrate_run(conninfo, dir, &rep, msg, sizeof(msg)) != PAGU_OK)
		return fail("%s", msg);
	if (rep.applied)
		note("applied %d of %d migrations", rep.applied, rep.found);
	int loaded = 0;
	snprintf(dir, sizeof(dir), "%s/data/ref", c->cfg.share_dir);
	if (migrate_load_ref(conninfo, dir, &loaded, msg, sizeof(msg)) != PAGU_OK)
		return fail("%s", msg);
	if (loaded)
		note("loaded the national code lists from %s", dir);
	return 0;
}

static int do_demo(struct cli *c)
{
	char conninfo[CONNINFO_MAX], msg[1024], path[PATH_MAX];
	if (config_conninfo(&c->cfg, CONFIG_ROLE_OWNER, conninfo, sizeof(conninfo)) != PAGU_OK)
		return fail("database URL cannot be parsed");
	/* the tenants, then their years: the demo's (executed to a date) or the tests' fixture */
	const char *files[] = { "pemda.sql", c->demo_uji ? "uji.sql" : "tahun.sql" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/data/demo/%s", c->cfg.share_dir, files[i]);
		if (migrate_load_sql(conninfo, path, msg, sizeof(msg)) != PAGU_OK)
			return fail("%s", msg);
	}
	return 0;
}

static bool number_in(const char *s, long min, long max)
{
	char *end;
	long v = s && *s ? strtol(s, &end, 10) : min - 1;
	return s && *s && !*end && v >= min && v <= max;
}

/* pagu demo --pemda P: a generated budget year for benchmarks. */
static int do_demo_generate(struct cli *c)
{
	const char *lines = c->lines ? c->lines : "100000", *tahun = c->tahun ? c->tahun : "2027";
	if (!number_in(lines, 1, 1000000) || !number_in(tahun, 2021, 2100)) {
		fprintf(stderr, "pagu: --lines must be 1 to 1000000 and --tahun 2021 to 2100\n");
		return EXIT_USAGE;
	}
	char conninfo[CONNINFO_MAX];
	if (config_conninfo(&c->cfg, CONFIG_ROLE_OWNER, conninfo, sizeof(conninfo)) != PAGU_OK)
		return fail("database URL cannot be parsed");
	struct db db;
	db_init(&db, conninfo);
	long n = 0;
	int rc = 0;
	if (demo_generate_year(&db, c->pemda, atoi(tahun), atoi(lines), 1000, false, &n) != PAGU_OK)
		rc = fail("could not generate the year: %s", db.errmsg);
	else if (!n)
		note("pemda %s has documents for %s already; nothing generated", c->pemda, tahun);
	else
		note("generated %ld RKA lines for pemda %s, %s: KUA-PPAS locked, RKAs verified, APBD assembled "
		     "(draft)",
		     n, c->pemda, tahun);
	db_release(&db);
	return rc;
}

static int write_port_file(const char *path, unsigned port)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return fail("port file path %s is too long", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return fail("could not write port file %s: %s", tmp, strerror(errno));
	fprintf(f, "%u\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return fail("could not write port file %s: %s", path, strerror(errno));
	return 0;
}

static int cmd_serve(struct cli *c)
{
	int rc;
	if ((rc = db_up(c)) || (rc = do_migrate(c)))
		return rc;
	bool demo = c->demo < 0 ? config_embedded(&c->cfg) : c->demo == 1;
	if (demo && (rc = do_demo(c)))
		return rc;

	char conninfo[CONNINFO_MAX], msg[4096];
	if (config_conninfo(&c->cfg, CONFIG_ROLE_APP, conninfo, sizeof(conninfo)) != PAGU_OK)
		return fail("database URL cannot be parsed");

	/* block the stop signals in every thread; this one waits for them */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	char openapi[PATH_MAX];
	snprintf(openapi, sizeof(openapi), "%s/api/openapi.json", c->cfg.share_dir);
	char rules_dir[PATH_MAX];
	const char *rd = getenv("PAGU_RULES_DIR");
	snprintf(rules_dir, sizeof(rules_dir), "%s", rd && *rd ? rd : "");
	if (!rules_dir[0])
		snprintf(rules_dir, sizeof(rules_dir), "%s/rules", c->cfg.share_dir);
	char web_dir[PATH_MAX];
	const char *wd = getenv("PAGU_WEB_DIR");
	snprintf(web_dir, sizeof(web_dir), "%s", wd && *wd ? wd : "");
	if (!web_dir[0])
		snprintf(web_dir, sizeof(web_dir), "%s/web", c->cfg.share_dir);
	else if (access(web_dir, R_OK | X_OK) != 0)
		/* asked for by name: a typo must not silently serve no console */
		return fail("PAGU_WEB_DIR %s is not a directory pagu can read", web_dir);
	/* a statement the server runs may take this long (ms; 0: no limit): past it, 503 and nothing written */
	const char *st = getenv("PAGU_STATEMENT_TIMEOUT");
	if (st && *st && !number_in(st, 0, 3600000))
		return fail("PAGU_STATEMENT_TIMEOUT %s is not a number of milliseconds from 0 to 3600000", st);
	db_set_statement_timeout(st && *st ? strtol(st, NULL, 10) : 60000);
	const char *si = getenv("PAGU_SEAL_INTERVAL");
	long seal = si && *si ? strtol(si, NULL, 10) : 60;
	if (seal < 0 || seal > 86400)
		return fail("PAGU_SEAL_INTERVAL %s is not a number of seconds from 0 to 86400", si);
	const char *ci = getenv("PAGU_CHECKPOINT_INTERVAL");
	if (ci && *ci && !number_in(ci, 0, 86400))
		return fail("PAGU_CHECKPOINT_INTERVAL %s is not a number of seconds from 0 to 86400", ci);
	const char *bu = c->budget ? c->budget : getenv("PAGU_BUDGET");
	unsigned brate = BUDGET_RATE_DEFAULT, bburst = BUDGET_BURST_DEFAULT;
	if (bu && *bu && budget_parse(bu, &brate, &bburst) != PAGU_OK)
		return fail("%s %s is not RATE:BURST (requests a second and at once, 1 to 1000000) or off",
			    c->budget ? "--budget" : "PAGU_BUDGET", bu);
	checkpoint_paths(c);
	struct api_options opt = { .budget_rate = brate,
				   .budget_burst = bburst,
				   .seal_interval = (unsigned)seal,
				   .signing_key = c->key_buf,
				   .checkpoint_log = c->log_buf,
				   .checkpoint_interval = ci && *ci ? (unsigned)strtol(ci, NULL, 10) : 60,
				   .listen = c->listen,
				   .conninfo = conninfo,
				   .threads = c->threads,
				   .openapi_path = openapi,
				   .rules_dir = rules_dir,
				   .web_dir = web_dir };
	struct api_server *srv = NULL;
	const char *sc = getenv("PAGU_SECURE_COOKIES");
	api_secure_cookies = c->secure_cookies || (sc && !strcmp(sc, "1"));
	if (api_server_start(&opt, &srv, msg, sizeof(msg)) != PAGU_OK)
		return fail("%s", msg);
	unsigned port = api_server_port(srv);
	if (c->port_file && (rc = write_port_file(c->port_file, port))) {
		api_server_stop(srv);
		return rc;
	}
	note("serving on %s (port %u)%s", c->listen, port, demo ? " with the demo pemda" : "");
	if (waktu_latihan())
		note("training date %s is taken for today (--today / PAGU_TODAY)", waktu_latihan_text());
	if (web_count())
		note("the web console is at http://%.*s:%u/ (%zu files from %s)",
		     (int)(strrchr(c->listen, ':') - c->listen), c->listen, port, web_count(), web_dir);
	int sig = 0;
	sigwait(&stop, &sig);
	note("stopping on signal %d", sig);
	api_server_stop(srv);
	return 0;
}

static int cmd_db(struct cli *c, const char *sub)
{
	char msg[512];
	if (!config_embedded(&c->cfg))
		return fail("db %s manages the private cluster; a --database URL names a server pagu does not run",
			    sub);
	if (!strcmp(sub, "start")) {
		int rc = db_up(c);
		if (!rc)
			note("PostgreSQL runs in %s/pg (socket in %s/run)", c->cfg.var_dir, c->cfg.var_dir);
		return rc;
	}
	if (!strcmp(sub, "stop")) {
		if (cluster_stop(&c->cfg, c->immediate, msg, sizeof(msg)) != PAGU_OK)
			return fail("%s", msg);
		return 0;
	}
	if (!strcmp(sub, "status")) {
		bool running;
		if (cluster_status(&c->cfg, &running, msg, sizeof(msg)) != PAGU_OK)
			return fail("%s", msg);
		printf("%s\n", running ? "running" : "stopped");
		return running ? 0 : 1;
	}
	fprintf(stderr, "pagu: unknown db command %s (start, stop, status)\n", sub);
	return EXIT_USAGE;
}

/* pagu rules test [DIR]: the pack loads as the server would load it, then every case of DIR/tests runs. */
static int cmd_rules_test(struct cli *c, const char *dir_arg)
{
	char dir[PATH_MAX], msg[2048];
	if (dir_arg)
		snprintf(dir, sizeof(dir), "%s", dir_arg);
	else
		snprintf(dir, sizeof(dir), "%s/rules", c->cfg.share_dir);
	struct arena a;
	arena_init(&a);
	struct rules_gate_test t;
	if (rules_gate_test_dir(&a, dir, &t, msg, sizeof(msg)) != PAGU_OK) {
		fputs(msg, stderr);
		arena_release(&a);
		return 1;
	}
	printf("pack %s: %d files, %d rules, hash %s\n", dir, t.nfiles, t.nrules, t.hash);
	for (int i = 0; i < t.nfailed; i++)
		fprintf(stderr, "FAIL %s\n", t.failures[i]);
	for (int i = 0; i < t.nuntested; i++)
		fprintf(stderr, "UNTESTED %s\n", t.untested[i]);
	printf("%d cases, %d passed, %d failed; %d rules without a passing and a failing case\n", t.ncases,
	       t.ncases - t.nfailed, t.nfailed, t.nuntested);
	int rc = t.nfailed || t.nuntested || !t.ncases ? 1 : 0;
	arena_release(&a);
	return rc;
}

/* pagu rules check FILE...: every file read, checked, and its first error shown compiler-style. */
static int cmd_rules_check(int nfiles, char **files)
{
	int rc = 0;
	for (int i = 0; i < nfiles; i++) {
		char *src = NULL;
		size_t len = 0;
		pagu_err e = file_read_all(files[i], RULES_GATE_MAX_FILE, &src, &len);
		if (e == PAGU_E_TOO_LARGE) {
			fprintf(stderr, "%s: file is larger than %u bytes\n", files[i], RULES_GATE_MAX_FILE);
			rc = 1;
			continue;
		}
		if (e != PAGU_OK) {
			fprintf(stderr, "%s: could not read the file: %s\n", files[i], strerror(errno));
			rc = 1;
			continue;
		}
		char buf[1024];
		int nrules = 0;
		if (rules_gate_check_file(files[i], src, len, &nrules, buf, sizeof(buf)) != PAGU_OK) {
			fputs(buf, stderr);
			rc = 1;
		} else {
			printf("%s: %d rule%s, ok\n", files[i], nrules, nrules == 1 ? "" : "s");
		}
		free(src);
	}
	return rc;
}

static void token_print(const struct auth_listed *t, void *arg)
{
	(void)arg;
	printf("%s\t%lld\t%s\t%s\t%s\t%s\t%s\n", t->pemda_id, (long long)t->token_id, t->role,
	       t->opd_kode[0] ? t->opd_kode : "-", t->dibuat, t->dicabut[0] ? t->dicabut : "-", t->nama);
}

struct verify_arg {
	struct arena *a;
	const char *pemda, *key;
	const struct verify_copy *log, *klien;
	struct verify_report v;
};

static pagu_err verify_work(struct db *db, void *p)
{
	struct verify_arg *x = p;
	return verify_all(db, x->a, x->pemda, x->key, x->log, x->klien, &x->v);
}

/*
 * pagu verify --pemda P: everything recomputed from one snapshot and held against the signed
 * checkpoints, the log and a client's copy; exit 1 naming the first bad thing. The key to trust
 * comes from --public-key or the key file, never from the database.
 */
static int cmd_verify(struct cli *c)
{
	if (!c->pemda) {
		fprintf(stderr, "pagu: verify needs --pemda\n");
		return EXIT_USAGE;
	}
	checkpoint_paths(c);
	char key[SIGNKEY_PUB_HEX_LEN + 1], msg[1024];
	if (c->public_key) {
		if (!signkey_is_hex(c->public_key, SIGNKEY_PUB_HEX_LEN))
			return fail("--public-key must be 64 lowercase hex digits (an Ed25519 public key)");
		snprintf(key, sizeof(key), "%s", c->public_key);
	} else {
		struct signkey *k = NULL;
		bool created;
		if (signkey_load(c->key_buf, false, &k, &created, msg, sizeof(msg)) != PAGU_OK)
			return fail("%s; give --public-key HEX to check the signatures with", msg);
		snprintf(key, sizeof(key), "%s", signkey_public_hex(k));
		signkey_free(k);
	}
	char conninfo[CONNINFO_MAX];
	if (config_conninfo(&c->cfg, CONFIG_ROLE_APP, conninfo, sizeof(conninfo)) != PAGU_OK)
		return fail("database URL cannot be parsed");
	struct arena a;
	arena_init(&a);
	int rc = 1;
	struct verify_copy log, klien = { 0 };
	/* the log before the snapshot: what the log has was committed before it */
	if (checkpoint_read_file(&a, c->log_buf, &log) != PAGU_OK) {
		rc = fail("could not read the checkpoint log %s", c->log_buf);
		goto out;
	}
	if (c->checkpoint && (checkpoint_read_file(&a, c->checkpoint, &klien) != PAGU_OK || !klien.present)) {
		rc = fail("could not read the kept checkpoints %s", c->checkpoint);
		goto out;
	}
	struct db db;
	db_init(&db, conninfo);
	struct verify_arg x = { .a = &a, .pemda = c->pemda, .key = key, .log = &log, .klien = &klien };
	pagu_err e = db_txn(&db, DB_REPEATABLE_READ, verify_work, &x);
	if (e != PAGU_OK) {
		rc = fail("could not read the record: %s", db.errmsg);
	} else {
		const struct verify_report *v = &x.v;
		printf("pemda %s: %ld entries, %ld seals, %ld not sealed yet\n", c->pemda, v->ledger.entri,
		       v->ledger.segel, v->ledger.belum_disegel);
		if (v->ledger.segel_terakhir)
			printf("latest seal %d: %s\n", v->ledger.segel_terakhir, v->ledger.segel_hash);
		printf("%ld locked document versions, %ld closed quarters, %ld signed evaluations, %ld pockets\n",
		       v->dokumen, v->triwulan, v->pemeriksaan, v->kantong);
		printf("%ld checkpoints (%ld items not signed yet), %ld in the log %s (%ld not in it yet), %ld kept by "
		       "the client; key %s\n",
		       v->checkpoint, v->belum_ditandatangani, v->log, c->log_buf, v->belum_di_log, v->klien, key);
		if (v->checkpoint_terakhir)
			printf("latest checkpoint %lld: %s\n", (long long)v->checkpoint_terakhir, v->checkpoint_hash);
		if (v->ok)
			printf("ok: everything recomputes and matches its signed checkpoints\n");
		else
			printf("BAD: %s %s: %s\n", v->rusak_jenis, v->rusak_id, v->alasan);
		rc = v->ok ? 0 : 1;
	}
	db_release(&db);
out:
	arena_release(&a);
	return rc;
}

/* pagu user create: a person and their one-time code, for the first admin of a pemda (the API makes the rest). */
static int cmd_user(struct cli *c, const char *sub, int nargs)
{
	if (strcmp(sub, "create") != 0 || nargs != 0) {
		fprintf(stderr, "pagu: user create (see pagu --help)\n");
		return EXIT_USAGE;
	}
	unsigned peran = 0;
	if (!c->pemda || !c->nip || !c->name || !c->role) {
		fprintf(stderr, "pagu: user create needs --pemda, --nip, --name and --role\n");
		return EXIT_USAGE;
	}
	if (strlen(c->nip) != 18 || strspn(c->nip, "0123456789") != 18) {
		fprintf(stderr, "pagu: --nip %s is not 18 digits\n", c->nip);
		return EXIT_USAGE;
	}
	if (akun_peran_parse_list(c->role, &peran) != PAGU_OK) {
		fprintf(stderr, "pagu: --role %s is not a list of planner, finance, revenue, inspector, admin, sekda\n",
			c->role);
		return EXIT_USAGE;
	}
	if (!c->name[0] || strlen(c->name) > 200) {
		fprintf(stderr, "pagu: --name must be 1 to 200 bytes\n");
		return EXIT_USAGE;
	}
	char conninfo[CONNINFO_MAX];
	if (config_conninfo(&c->cfg, CONFIG_ROLE_OWNER, conninfo, sizeof(conninfo)) != PAGU_OK)
		return fail("database URL cannot be parsed");
	struct db db;
	db_init(&db, conninfo);
	struct akun_pengguna_in in = { .nip = c->nip, .nama = c->name, .opd_kode = c->opd, .peran = peran };
	char kode[AKUN_KODE_LEN + 1];
	int64_t id = 0;
	const char *field = NULL;
	pagu_err e = akun_pengguna_create(&db, c->pemda, &in, kode, &id, &field);
	int rc;
	if (e == PAGU_E_CONFLICT)
		rc = fail("NIP %s is already registered", c->nip);
	else if (e == PAGU_E_NOT_FOUND)
		rc = fail("pemda %s%s%s does not exist", c->pemda, c->opd ? " or its OPD " : "", c->opd ? c->opd : "");
	else if (e != PAGU_OK)
		rc = fail("could not create the user: %s", db.errmsg);
	else {
		printf("%s\n", kode);
		fprintf(stderr,
			"pagu: user %lld (NIP %s) of pemda %s; sign in with the NIP and this one-time code within %d "
			"hours to choose a password; it is shown only now\n",
			(long long)id, c->nip, c->pemda, AKUN_KODE_SEKALI_JAM);
		rc = 0;
	}
	db_release(&db);
	return rc;
}

static int cmd_token(struct cli *c, const char *sub, int nargs, char **args)
{
	char conninfo[CONNINFO_MAX];
	if (config_conninfo(&c->cfg, CONFIG_ROLE_OWNER, conninfo, sizeof(conninfo)) != PAGU_OK)
		return fail("database URL cannot be parsed");
	struct db db;
	db_init(&db, conninfo);
	int rc = EXIT_USAGE;
	pagu_err e;
	if (!strcmp(sub, "create") && nargs == 0) {
		unsigned role;
		if (!c->pemda || !c->role) {
			fprintf(stderr, "pagu: token create needs --pemda and --role\n");
			goto out;
		}
		if (auth_role_parse(c->role, &role) != PAGU_OK) {
			fprintf(stderr, "pagu: role %s is not planner, finance, revenue, inspector or admin\n",
				c->role);
			goto out;
		}
		char tok[AUTH_TOKEN_LEN + 1];
		int64_t id;
		char defname[64];
		snprintf(defname, sizeof(defname), "%s token", c->role);
		e = auth_create(&db, c->pemda, role, c->opd, c->name ? c->name : defname, tok, &id);
		if (e == PAGU_E_NOT_FOUND) {
			rc = fail("pemda %s%s%s does not exist", c->pemda, c->opd ? " or its OPD " : "",
				  c->opd ? c->opd : "");
			goto out;
		}
		if (e != PAGU_OK) {
			rc = fail("could not create the token: %s", db.errmsg);
			goto out;
		}
		printf("%s\n", tok);
		fprintf(stderr, "pagu: token %lld for pemda %s, role %s%s%s; it is shown only now\n", (long long)id,
			c->pemda, c->role, c->opd ? ", OPD " : "", c->opd ? c->opd : "");
		rc = 0;
	} else if (!strcmp(sub, "list") && nargs == 0) {
		e = auth_list(&db, c->pemda, token_print, NULL);
		rc = e == PAGU_OK ? 0 : fail("could not list tokens: %s", db.errmsg);
	} else if (!strcmp(sub, "revoke") && nargs == 1) {
		char *end;
		long long id = strtoll(args[0], &end, 10);
		if (!c->pemda || *end || id <= 0) {
			fprintf(stderr, "pagu: token revoke needs --pemda and a token id\n");
			goto out;
		}
		e = auth_revoke(&db, c->pemda, id);
		if (e == PAGU_E_NOT_FOUND)
			rc = fail("pemda %s has no unrevoked token %lld", c->pemda, id);
		else
			rc = e == PAGU_OK ? 0 : fail("could not revoke the token: %s", db.errmsg);
	} else {
		fprintf(stderr, "pagu: token create|list|revoke (see pagu --help)\n");
	}
out:
	db_release(&db);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "database", required_argument, NULL, OPT_DATABASE },
		{ "app-database", required_argument, NULL, OPT_APP_DATABASE },
		{ "var", required_argument, NULL, OPT_VAR },
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "port-file", required_argument, NULL, OPT_PORT_FILE },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "budget", required_argument, NULL, OPT_BUDGET },
		{ "demo", optional_argument, NULL, OPT_DEMO },
		{ "no-demo", no_argument, NULL, OPT_NO_DEMO },
		{ "immediate", no_argument, NULL, OPT_IMMEDIATE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "pemda", required_argument, NULL, OPT_PEMDA },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "opd", required_argument, NULL, OPT_OPD },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "nip", required_argument, NULL, OPT_NIP },
		{ "secure-cookies", no_argument, NULL, OPT_SECURE_COOKIES },
		{ "lines", required_argument, NULL, OPT_LINES },
		{ "tahun", required_argument, NULL, OPT_TAHUN },
		{ "signing-key", required_argument, NULL, OPT_SIGNING_KEY },
		{ "checkpoint-log", required_argument, NULL, OPT_CHECKPOINT_LOG },
		{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
		{ "public-key", required_argument, NULL, OPT_PUBLIC_KEY },
		{ "today", required_argument, NULL, OPT_TODAY },
		{ 0 },
	};
	struct cli c = { .listen = "127.0.0.1:8080", .demo = -1 };
	int rc = EXIT_USAGE;
	if (config_init(&c.cfg) != PAGU_OK)
		return fail("cannot determine the current directory");
	int ch;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_DATABASE:
			config_set(&c.cfg.database_url, optarg);
			break;
		case OPT_APP_DATABASE:
			config_set(&c.cfg.app_database_url, optarg);
			break;
		case OPT_VAR:
			if (optarg[0] != '/') {
				char cwd[PATH_MAX], abs[PATH_MAX * 2];
				if (!getcwd(cwd, sizeof(cwd)))
					return fail("cannot determine the current directory");
				snprintf(abs, sizeof(abs), "%s/%s", cwd, optarg);
				config_set(&c.cfg.var_dir, abs);
			} else {
				config_set(&c.cfg.var_dir, optarg);
			}
			break;
		case OPT_LISTEN:
			c.listen = optarg;
			break;
		case OPT_PORT_FILE:
			c.port_file = optarg;
			break;
		case OPT_BUDGET:
			c.budget = optarg;
			break;
		case OPT_THREADS: {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || n < 1 || n > 256) {
				fprintf(stderr, "pagu: --threads %s is not a number from 1 to 256\n", optarg);
				goto out;
			}
			c.threads = (unsigned)n;
			break;
		}
		case OPT_DEMO:
			if (optarg && strcmp(optarg, "uji")) {
				fprintf(stderr, "pagu: --demo takes no value or uji\n");
				rc = EXIT_USAGE;
				goto out;
			}
			c.demo = 1;
			c.demo_uji = optarg != NULL;
			break;
		case OPT_NO_DEMO:
			c.demo = 0;
			break;
		case OPT_IMMEDIATE:
			c.immediate = true;
			break;
		case OPT_PEMDA:
			c.pemda = optarg;
			break;
		case OPT_ROLE:
			c.role = optarg;
			break;
		case OPT_OPD:
			c.opd = optarg;
			break;
		case OPT_NAME:
			c.name = optarg;
			break;
		case OPT_NIP:
			c.nip = optarg;
			break;
		case OPT_SECURE_COOKIES:
			c.secure_cookies = true;
			break;
		case OPT_LINES:
			c.lines = optarg;
			break;
		case OPT_TAHUN:
			c.tahun = optarg;
			break;
		case OPT_SIGNING_KEY:
			c.signing_key = optarg;
			break;
		case OPT_CHECKPOINT_LOG:
			c.checkpoint_log = optarg;
			break;
		case OPT_CHECKPOINT:
			c.checkpoint = optarg;
			break;
		case OPT_PUBLIC_KEY:
			c.public_key = optarg;
			break;
		case OPT_TODAY:
			c.today = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			rc = 0;
			goto out;
		case OPT_VERSION:
			printf("pagu %s\n", PAGU_VERSION);
			rc = 0;
			goto out;
		default:
			fputs(usage, stderr);
			goto out;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		goto out;
	}
	/* a training installation's "today" (off by default): every command and session takes it */
	const char *today = c.today ? c.today : getenv("PAGU_TODAY");
	if (waktu_set_latihan(today) != PAGU_OK) {
		fprintf(stderr, "pagu: %s %s is not a date YYYY-MM-DD from 2000-01-01 to 2100-12-31\n",
			c.today ? "--today" : "PAGU_TODAY", today);
		goto out;
	}
	const char *cmd = argv[optind];
	int nargs = argc - optind - 1;
	if (!strcmp(cmd, "serve") && nargs == 0) {
		rc = cmd_serve(&c);
	} else if (!strcmp(cmd, "migrate") && nargs == 0) {
		rc = db_up(&c);
		if (!rc)
			rc = do_migrate(&c);
	} else if (!strcmp(cmd, "demo") && nargs == 0) {
		rc = db_up(&c);
		if (!rc)
			rc = do_migrate(&c);
		if (!rc)
			rc = do_demo(&c);
		if (!rc && c.pemda)
			rc = do_demo_generate(&c);
	} else if (!strcmp(cmd, "user") && nargs >= 1) {
		rc = db_up(&c);
		if (!rc)
			rc = do_migrate(&c);
		if (!rc)
			rc = cmd_user(&c, argv[optind + 1], nargs - 1);
	} else if (!strcmp(cmd, "token") && nargs >= 1) {
		rc = db_up(&c);
		if (!rc)
			rc = do_migrate(&c);
		if (!rc)
			rc = cmd_token(&c, argv[optind + 1], nargs - 1, argv + optind + 2);
	} else if (!strcmp(cmd, "rules") && nargs >= 1 && nargs <= 2 && !strcmp(argv[optind + 1], "test")) {
		rc = cmd_rules_test(&c, nargs == 2 ? argv[optind + 2] : NULL);
	} else if (!strcmp(cmd, "rules") && nargs >= 2 && !strcmp(argv[optind + 1], "check")) {
		rc = cmd_rules_check(nargs - 1, argv + optind + 2);
	} else if (!strcmp(cmd, "verify") && nargs == 0) {
		rc = db_up(&c);
		if (!rc)
			rc = do_migrate(&c);
		if (!rc)
			rc = cmd_verify(&c);
	} else if (!strcmp(cmd, "db") && nargs == 1) {
		rc = cmd_db(&c, argv[optind + 1]);
	} else {
		fprintf(stderr, "pagu: unknown command or wrong arguments: %s\n%s", cmd, usage);
	}
out:
	config_release(&c.cfg);
	return rc;
}
