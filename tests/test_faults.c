/*
 * test_faults.c - the promise to a BPKAD: an acknowledged posting is never lost or doubled,
 * whatever crashes. Clients post SP2Ds and STSs with idempotency keys and retry what was not
 * answered with the same key and body, while the test kills the server (SIGKILL) and restarts
 * it, or stops PostgreSQL without a checkpoint (pg_ctl stop -m immediate) and starts it again.
 * At the end every operation is in the ledger exactly once, as acknowledged, the balances are
 * the sums of the entries, and verify passes. SIGTERM finishes what is in flight.
 *
 * PAGU_FAULTS_KILLS (default 3) and PAGU_FAULTS_OPS (operations per client, default 40) make
 * the soak (`./run soak`) out of the same test.
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define BASE "/v1/pemda/13.71/ledger"
#define CLIENTS 4
#define POCKETS 4

static struct harness H;
static char finance[64];
static int kills = 3, ops_per_client = 40;
/* clients post at least ops_per_client operations, and go on until the fault is over */
#define MAX_OPS 20000
static int fault_over;
/* what the clients have seen so far, for the faults to wait on (never on a guessed time) */
static long acked, refused_or_lost;

/* the server's address, which changes when it is restarted */
static pthread_mutex_t url_mu = PTHREAD_MUTEX_INITIALIZER;
static char url[64];

/* spending pockets of the demo year (SP2D) with their OPDs, and BPKAD's receiving pocket of 2027 (STS) */
static long keluar[POCKETS], masuk;
static char keluar_opd[POCKETS][32];
#define BPKAD "5.02.0.00.0.00.01.0000"

static void url_set(void)
{
	pthread_mutex_lock(&url_mu);
	snprintf(url, sizeof(url), "%s", H.base_url);
	pthread_mutex_unlock(&url_mu);
}

static void url_get(char out[64])
{
	pthread_mutex_lock(&url_mu);
	memcpy(out, url, 64);
	pthread_mutex_unlock(&url_mu);
}

static void nap_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/*
 * Waits until *@counter reaches @target: the clients have made that much progress. The naps
 * only pace the polling; the deadline (10 minutes) only ends a hung run.
 */
static void wait_for(long *counter, long target, const char *what)
{
	for (int i = 0; i < 60000 && __atomic_load_n(counter, __ATOMIC_SEQ_CST) < target; i++)
		nap_ms(10);
	ck_assert_msg(__atomic_load_n(counter, __ATOMIC_SEQ_CST) >= target, "waited 10 minutes for %s", what);
}

static long now_acked(void)
{
	return __atomic_load_n(&acked, __ATOMIC_SEQ_CST);
}

struct client {
	int id;
	const char *run;
	/* outcome */
	int n;		 /* operations posted */
	long *entri;	 /* per operation: the acknowledged entri_id */
	int unanswered;	 /* transport failures (refused, reset, timed out) */
	int unavailable; /* 503 database-unavailable */
	int other;	 /* any other answer: a failure of the promise */
	char other_body[512];
};

static void op_body(const struct client *c, int i, char *key, size_t keysz, char *path, size_t pathsz, char *body,
		    size_t bodysz)
{
	snprintf(key, keysz, "%s-%d-%d", c->run, c->id, i);
	int p = (c->id + i) % POCKETS;
	bool sts = i % 3 == 2;
	snprintf(path, pathsz, BASE "/%s", sts ? "sts" : "sp2d");
	int tahun = sts ? 2027 : 2026;
	snprintf(body, bodysz,
		 "{\"tahun\":%d,\"opd_kode\":\"%s\",\"nomor\":\"%s\",\"tanggal\":\"%d-05-%02d\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.%02d\"}]}",
		 tahun, sts ? BPKAD : keluar_opd[p], key, tahun, 1 + i % 28, sts ? masuk : keluar[p], 1 + i % 50);
}

static void *client(void *arg)
{
	struct client *c = arg;
	for (int i = 0; i < MAX_OPS && (i < ops_per_client || !__atomic_load_n(&fault_over, __ATOMIC_SEQ_CST)); i++) {
		c->n = i + 1;
		char key[96], hdr[128], path[128], body[512], base[64];
		op_body(c, i, key, sizeof(key), path, sizeof(path), body, sizeof(body));
		snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key);
		const char *extra[] = { hdr, NULL };
		for (int attempt = 0;; attempt++) {
			if (attempt > 600) {
				c->other++;
				snprintf(c->other_body, sizeof(c->other_body), "%s: no answer after 600 attempts", key);
				return NULL;
			}
			url_get(base);
			struct http_reply r;
			if (!http_try(base, "POST", path, finance, body, extra, 10L, &r)) {
				c->unanswered++;
				__atomic_add_fetch(&refused_or_lost, 1, __ATOMIC_SEQ_CST);
				nap_ms(50);
				continue;
			}
			long st = r.status;
			if (st == 201) {
				c->entri[i] = (long)json_integer_value(json_object_get(r.json, "entri_id"));
				__atomic_add_fetch(&acked, 1, __ATOMIC_SEQ_CST);
			} else if (st == 503) {
				c->unavailable++;
				__atomic_add_fetch(&refused_or_lost, 1, __ATOMIC_SEQ_CST);
			} else {
				c->other++;
				snprintf(c->other_body, sizeof(c->other_body), "%s: %ld %s", key, st, r.body);
			}
			http_reply_release(&r);
			if (st == 201)
				break;
			if (st != 503)
				return NULL;
			nap_ms(50);
		}
	}
	return NULL;
}

/* What the pockets hold now, to compare after. */
static char *balances(void)
{
	char list[512] = "";
	size_t o = 0;
	for (int i = 0; i < POCKETS; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%ld,", keluar[i]);
	snprintf(list + o, sizeof(list) - o, "%ld", masuk);
	return harness_sqlf(&H,
			    "SELECT string_agg(kantong_id || ':' || realisasi, ' ' ORDER BY kantong_id) FROM kantong"
			    " WHERE pemda_id = '13.71' AND kantong_id IN (%s)",
			    list);
}

/* Runs the clients while @fault runs in this thread; checks the promise afterwards. */
static void under_load(const char *run, void (*fault)(void), struct client *cs)
{
	char *before = balances();
	pthread_t t[CLIENTS];
	__atomic_store_n(&fault_over, 0, __ATOMIC_SEQ_CST);
	for (int i = 0; i < CLIENTS; i++) {
		cs[i] = (struct client){ .id = i, .run = run };
		cs[i].entri = calloc(MAX_OPS, sizeof(long));
		pthread_create(&t[i], NULL, client, &cs[i]);
	}
	fault();
	/* some more after it: every client one more acknowledged operation, about */
	wait_for(&acked, now_acked() + CLIENTS, "postings after the fault");
	__atomic_store_n(&fault_over, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(t[i], NULL);
	/* every operation acknowledged, once, as the ledger has it */
	int total = 0;
	for (int i = 0; i < CLIENTS; i++) {
		ck_assert_msg(cs[i].other == 0, "an answer other than 201 or 503: %s", cs[i].other_body);
		total += cs[i].n;
		for (int k = 0; k < cs[i].n; k++) {
			ck_assert_msg(cs[i].entri[k] > 0, "%s-%d-%d was never acknowledged", run, i, k);
			char *id = harness_sqlf(
				&H,
				"SELECT string_agg(entri_id::text, ',') FROM entri WHERE pemda_id = '13.71'"
				" AND nomor = '%s-%d-%d'",
				run, i, k);
			char want[32];
			snprintf(want, sizeof(want), "%ld", cs[i].entri[k]);
			ck_assert_msg(id && !strcmp(id, want), "%s-%d-%d: acknowledged as entry %s, the ledger has %s",
				      run, i, k, want, id ? id : "none");
			free(id);
		}
	}
	char *n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71' AND nomor LIKE '%s-%%'", run);
	ck_assert_int_eq(atoi(n), total);
	free(n);
	/* the pockets moved by exactly what was acknowledged */
	char *after = balances();
	char *moved = harness_sqlf(&H,
				   "SELECT string_agg(b.kantong_id || ':' || sum, ' ' ORDER BY b.kantong_id) FROM"
				   " (SELECT x.kantong_id, sum(x.d_realisasi) FROM entri e JOIN entri_baris x USING"
				   " (pemda_id, entri_id) WHERE e.pemda_id = '13.71' AND e.nomor LIKE '%s-%%'"
				   " GROUP BY x.kantong_id) b",
				   run);
	char *check = harness_sqlf(
		&H,
		"WITH b AS (SELECT split_part(x, ':', 1)::bigint AS k, split_part(x, ':', 2)::numeric AS v"
		" FROM unnest(string_to_array('%s', ' ')) x), a AS (SELECT split_part(x, ':', 1)::bigint AS k,"
		" split_part(x, ':', 2)::numeric AS v FROM unnest(string_to_array('%s', ' ')) x),"
		" m AS (SELECT split_part(x, ':', 1)::bigint AS k, split_part(x, ':', 2)::numeric AS v"
		" FROM unnest(string_to_array('%s', ' ')) x)"
		" SELECT count(*) FROM a JOIN b USING (k) LEFT JOIN m USING (k) WHERE a.v - b.v <> coalesce(m.v, 0)",
		before, after, moved);
	ck_assert_msg(!strcmp(check, "0"), "balances before %s, after %s, entries %s", before, after, moved);
	free(check);
	free(moved);
	free(after);
	free(before);
	/* and everything recomputes */
	struct http_reply r;
	http_auth(&H, "GET", BASE "/verify", finance, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
	http_reply_release(&r);
}

static void kill_and_restart(void)
{
	unsigned seed = (unsigned)time(NULL);
	for (int i = 0; i < kills; i++) {
		/* at a random point of the load: after 1 to 8 more postings acknowledged since the last start */
		wait_for(&acked, now_acked() + 1 + (long)(rand_r(&seed) % 8), "postings before a kill");
		ck_assert_int_eq(kill(H.server, SIGKILL), 0);
		int st;
		while (waitpid(H.server, &st, 0) < 0 && errno == EINTR)
			;
		ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
		H.server = 0;
		harness_start_server(&H);
		url_set();
	}
}

START_TEST(server_killed)
{
	struct client cs[CLIENTS];
	under_load("kill", kill_and_restart, cs);
	int unanswered = 0, total = 0;
	for (int i = 0; i < CLIENTS; i++) {
		unanswered += cs[i].unanswered;
		total += cs[i].n;
		free(cs[i].entri);
	}
	/* the kills landed while requests were in flight or queued */
	ck_assert_int_gt(unanswered, 0);
	fprintf(stderr, "faults: %d kills, %d operations acknowledged once each, %d unanswered requests retried\n",
		kills, total, unanswered);
}
END_TEST

static pid_t server_before;
static int unavailable_seen;

static void database_down(void)
{
	wait_for(&acked, now_acked() + CLIENTS, "postings before the database stops"); /* under load */
	server_before = H.server;
	ck_assert_int_eq(harness_pagu(&H, "db", "stop", "--immediate", NULL), 0);
	/* meanwhile the server answers, with a 503 problem and no internals */
	char base[64];
	url_get(base);
	struct http_reply r;
	ck_assert(http_try(base, "GET", BASE "/kantong?tahun=2026&limit=1", finance, NULL, NULL, 10L, &r));
	ck_assert_msg(r.status == 503, "while the database is down: %ld %s", r.status, r.body);
	ck_assert_str_eq(json_string_value(json_object_get(r.json, "type")), "urn:pagu:problem:database-unavailable");
	ck_assert_ptr_null(strstr(r.body, "/tmp"));
	ck_assert_ptr_null(strstr(r.body, "SELECT"));
	unavailable_seen = 1;
	http_reply_release(&r);
	/* down until the clients have met it too */
	wait_for(&refused_or_lost, __atomic_load_n(&refused_or_lost, __ATOMIC_SEQ_CST) + CLIENTS,
		 "clients to meet the database down");
	ck_assert_int_eq(harness_pagu(&H, "db", "start", NULL), 0);
}

START_TEST(database_crashed)
{
	struct client cs[CLIENTS];
	under_load("dbcrash", database_down, cs);
	int unavailable = 0;
	for (int i = 0; i < CLIENTS; i++) {
		unavailable += cs[i].unavailable + cs[i].unanswered;
		free(cs[i].entri);
	}
	ck_assert(unavailable_seen);
	/* the same server throughout: it reconnected by itself */
	ck_assert_int_eq(H.server, server_before);
	ck_assert_int_eq(kill(H.server, 0), 0);
	fprintf(stderr, "faults: database stopped (immediate) and started under load; %d requests retried\n",
		unavailable);
}
END_TEST

/* SIGTERM while a large batch is being posted: it is answered and committed; then nothing is. */
struct inflight {
	char body[200000];
	long status;
	int answered;
	char reply[1024];
};

static void *post_batch(void *arg)
{
	struct inflight *f = arg;
	char base[64];
	url_get(base);
	struct http_reply r;
	f->answered = http_try(base, "POST", BASE "/batch", finance, f->body, NULL, 30L, &r);
	if (f->answered) {
		f->status = r.status;
		snprintf(f->reply, sizeof(f->reply), "%s", r.body);
		http_reply_release(&r);
	}
	return NULL;
}

START_TEST(sigterm_finishes_in_flight)
{
	static struct inflight f;
	size_t o = (size_t)snprintf(f.body, sizeof(f.body), "{\"atomic\":true,\"operasi\":[");
	for (int i = 0; i < 600; i++)
		o += (size_t)snprintf(f.body + o, sizeof(f.body) - o,
				      "%s{\"op\":\"sp2d\",\"idempotency_key\":\"term-%d\",\"tahun\":2026,"
				      "\"opd_kode\":\"%s\",\"nomor\":\"term-%d\",\"tanggal\":\"2026-05-02\","
				      "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.01\"}]}",
				      i ? "," : "", i, keluar_opd[i % POCKETS], i, keluar[i % POCKETS]);
	snprintf(f.body + o, sizeof(f.body) - o, "]}");
	pthread_t t;
	/*
	 * SIGTERM while the batch is surely in flight: the entries are locked against writing, the
	 * batch waits on the lock inside its transaction (seen in pg_stat_activity), the server is
	 * told to stop, then the lock is let go.
	 */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	PGresult *lk = PQexec(su, "BEGIN; LOCK TABLE entri IN EXCLUSIVE MODE");
	ck_assert_int_eq(PQresultStatus(lk), PGRES_COMMAND_OK);
	PQclear(lk);
	pthread_create(&t, NULL, post_batch, &f);
	char *waiting = NULL;
	for (int i = 0; i < 60000; i++) {
		free(waiting);
		waiting = harness_sqlf(&H, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'pagu_app'"
					   " AND wait_event_type = 'Lock' AND query LIKE '%%sp2d%%'");
		if (strcmp(waiting, "0"))
			break;
		nap_ms(10);
	}
	ck_assert_msg(strcmp(waiting, "0"), "the batch never reached the database");
	free(waiting);
	char base[64];
	url_get(base);
	ck_assert_int_eq(kill(H.server, SIGTERM), 0);
	lk = PQexec(su, "ROLLBACK");
	PQclear(lk);
	PQfinish(su);
	ck_assert_int_eq(harness_stop_server(&H), 0); /* (a second SIGTERM changes nothing); a clean exit */
	pthread_join(t, NULL);
	ck_assert_msg(f.answered && f.status == 200, "the batch in flight: answered %d, status %ld: %s", f.answered,
		      f.status, f.reply);
	char *n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71' AND nomor LIKE 'term-%%'");
	ck_assert_str_eq(n, "600");
	free(n);
	/* stopped: a new request is not served */
	struct http_reply r;
	ck_assert(!http_try(base, "GET", "/v1/health", NULL, NULL, NULL, 5L, &r));
	harness_start_server(&H);
	url_set();
}
END_TEST

/* A statement past PAGU_STATEMENT_TIMEOUT: 503 database-timeout, and nothing of the request written. */
START_TEST(statement_timeout_is_503)
{
	ck_assert_int_eq(harness_stop_server(&H), 0);
	setenv("PAGU_STATEMENT_TIMEOUT", "1", 1);
	harness_start_server(&H);
	unsetenv("PAGU_STATEMENT_TIMEOUT");
	char *before = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71'");
	static char body[200000];
	size_t o = (size_t)snprintf(body, sizeof(body), "{\"atomic\":true,\"operasi\":[");
	for (int i = 0; i < 600; i++)
		o += (size_t)snprintf(body + o, sizeof(body) - o,
				      "%s{\"op\":\"sp2d\",\"idempotency_key\":\"lama-%d\",\"tahun\":2026,"
				      "\"opd_kode\":\"%s\",\"nomor\":\"lama-%d\",\"tanggal\":\"2026-05-03\","
				      "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.01\"}]}",
				      i ? "," : "", i, keluar_opd[i % POCKETS], i, keluar[i % POCKETS]);
	snprintf(body + o, sizeof(body) - o, "]}");
	struct http_reply r;
	http_auth(&H, "POST", BASE "/batch", finance, body, NULL, &r);
	ck_assert_msg(r.status == 503, "%ld %s", r.status, r.body);
	ck_assert_str_eq(json_string_value(json_object_get(r.json, "type")), "urn:pagu:problem:database-timeout");
	ck_assert_ptr_null(strstr(r.body, "SELECT"));
	http_reply_release(&r);
	char *after = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71'");
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
	char *keys = harness_sqlf(&H, "SELECT count(*) FROM idempotency_key WHERE kunci LIKE 'lama-%%'");
	ck_assert_str_eq(keys, "0");
	free(keys);
	/* with the default limit the same request goes through */
	ck_assert_int_eq(harness_stop_server(&H), 0);
	harness_start_server(&H);
	url_set();
	http_auth(&H, "POST", BASE "/batch", finance, body, NULL, &r);
	ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
	http_reply_release(&r);
}
END_TEST

/* Runs @sql as the cluster's superuser; false (with the message on stderr) when it fails. */
static bool super_exec(const char *sql)
{
	PGconn *c = harness_connect(&H, HARNESS_SUPER);
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "faults: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok;
}

static int sh(const char *fmt, const char *arg)
{
	char cmd[PATH_MAX * 2 + 256];
	snprintf(cmd, sizeof(cmd), fmt, arg, arg);
	return system(cmd);
}

/*
 * The disk fills up (./run soak, as root: a 2 MB tmpfs holds the entry lines, then a file
 * takes its last byte). A posting is answered 503 and leaves nothing; once there is room
 * again, the same request with the same key posts once.
 */
START_TEST(disk_full_is_503)
{
	char dir[PATH_MAX + 8], sql[PATH_MAX + 128];
	snprintf(dir, sizeof(dir), "%s/penuh", H.dir);
	ck_assert_int_eq(sh("mkdir -p %s && mount -t tmpfs -o size=2M tmpfs %s", dir), 0);
	ck_assert_int_eq(sh("chown pagu %s 2>/dev/null || true; chmod 700 %s", dir), 0);
	snprintf(sql, sizeof(sql), "CREATE TABLESPACE penuh LOCATION '%s'", dir);
	ck_assert(super_exec(sql));
	ck_assert(super_exec("ALTER TABLE entri_baris SET TABLESPACE penuh"));
	/* what is left of the 2 MB, taken by a file */
	(void)sh("dd if=/dev/zero of=%s/isi bs=64k 2>/dev/null; ls %s >/dev/null", dir); /* ends when full */
	char body[512], key[64];
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"penuh-1\",\"tanggal\":\"2026-05-04\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.01\"}]}",
		 keluar_opd[0], keluar[0]);
	snprintf(key, sizeof(key), "Idempotency-Key: penuh-1");
	const char *extra[] = { key, NULL };
	/* enough postings to need a new page of lines */
	int refused = 0;
	for (int i = 0; i < 400 && !refused; i++) {
		char b[512], k[64];
		snprintf(b, sizeof(b),
			 "{\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"isi-%d\",\"tanggal\":\"2026-05-04\","
			 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.01\"}]}",
			 keluar_opd[0], i, keluar[0]);
		snprintf(k, sizeof(k), "Idempotency-Key: isi-%d", i);
		const char *x[] = { k, NULL };
		struct http_reply r;
		http_auth(&H, "POST", BASE "/sp2d", finance, b, x, &r);
		ck_assert_msg(r.status == 201 || r.status == 503, "%ld %s", r.status, r.body);
		if (r.status == 503) {
			ck_assert_str_eq(json_string_value(json_object_get(r.json, "type")),
					 "urn:pagu:problem:database-unavailable");
			refused = 1;
			char *n = harness_sqlf(
				&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71' AND nomor = 'isi-%d'", i);
			ck_assert_str_eq(n, "0"); /* nothing of it */
			free(n);
		}
		http_reply_release(&r);
	}
	ck_assert_msg(refused, "the disk never filled");
	/* room again: posts once */
	ck_assert_int_eq(sh("rm -f %s/isi; ls %s >/dev/null", dir), 0);
	struct http_reply r;
	http_auth(&H, "POST", BASE "/sp2d", finance, body, extra, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	/* every worker serves again, the one that met the full disk too (its transaction rolled back) */
	for (int i = 0; i < 12; i++) {
		char b[512], k[64];
		snprintf(b, sizeof(b),
			 "{\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"lega-%d\",\"tanggal\":\"2026-05-04\","
			 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.01\"}]}",
			 keluar_opd[1], i, keluar[1]);
		snprintf(k, sizeof(k), "Idempotency-Key: lega-%d", i);
		const char *x[] = { k, NULL };
		http_auth(&H, "POST", BASE "/sp2d", finance, b, x, &r);
		ck_assert_msg(r.status == 201, "after the disk had room again: %ld %s", r.status, r.body);
		http_reply_release(&r);
	}
	ck_assert(super_exec("ALTER TABLE entri_baris SET TABLESPACE pg_default"));
	ck_assert(super_exec("DROP TABLESPACE penuh"));
	ck_assert_int_eq(sh("umount %s; rmdir %s", dir), 0);
	http_auth(&H, "GET", BASE "/verify", finance, NULL, NULL, &r);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
	http_reply_release(&r);
}
END_TEST

/*
 * After all of the above (crashes, refusals, timeouts): the server's log is JSON lines (its
 * command line's notes aside), and no line holds a bearer token.
 */
START_TEST(logs_hold_no_secrets)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/pagu-serve.log", H.dir);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char line[16384];
	int json = 0;
	while (fgets(line, sizeof(line), f)) {
		ck_assert_msg(!strstr(line, finance), "a token in the log: %s", line);
		if (!strncmp(line, "pagu: ", 6))
			continue; /* the command line's notes: migrations applied, serving on ... */
		json_error_t err;
		json_t *j = json_loads(line, 0, &err);
		ck_assert_msg(json_is_object(j), "not a JSON line: %s", line);
		ck_assert_ptr_null(json_object_get(j, "authorization"));
		json_decref(j);
		json++;
	}
	fclose(f);
	ck_assert_int_gt(json, 100);
}
END_TEST

static Suite *faults_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");
	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, server_killed);
	tcase_add_test(tc, database_crashed);
	tcase_add_test(tc, sigterm_finishes_in_flight);
	tcase_add_test(tc, statement_timeout_is_503);
	/* the soak (as root) fills a disk too */
	if (getenv("PAGU_FAULTS_DISKFULL"))
		tcase_add_test(tc, disk_full_is_503);
	tcase_add_test(tc, logs_hold_no_secrets);
	suite_add_tcase(s, tc);
	return s;
}

/* Pockets of the demo year with room, in OPDs given their year's SPD. */
static void pick(void)
{
	for (int i = 0; i < POCKETS; i++) {
		char *k = harness_sqlf(
			&H,
			"SELECT kantong_id || ' ' || opd_kode FROM kantong WHERE pemda_id = '13.71' AND"
			" tahun = 2026 AND arah = 'keluar' AND alokasi > 1000 ORDER BY kantong_id OFFSET %d LIMIT 1",
			i * 97);
		if (!k || sscanf(k, "%ld %31s", &keluar[i], keluar_opd[i]) != 2) {
			fprintf(stderr, "faults: no spending pocket %d\n", i);
			exit(2);
		}
		free(k);
	}
	harness_bpkad_2027(&H);
	char *m = harness_sqlf(&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2027 AND"
				   " arah = 'masuk' LIMIT 1");
	if (!m) {
		fprintf(stderr, "faults: no receiving pocket\n");
		exit(2);
	}
	masuk = atol(m);
	free(m);
	free(harness_sqlf(
		&H, "SELECT count(pagu_ledger_spd('13.71', 2026, o.opd_kode, 'SPD-F-' || o.opd_kode, '2026-01-02',"
		    " 12::smallint, (SELECT sum(alokasi) FROM kantong k WHERE k.pemda_id = '13.71' AND k.tahun = 2026"
		    " AND k.opd_kode = o.opd_kode AND k.arah = 'keluar'), NULL))"
		    " FROM (SELECT DISTINCT opd_kode FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026) o"
		    " WHERE NOT EXISTS (SELECT 1 FROM opd_saldo s WHERE s.pemda_id = '13.71' AND s.tahun = 2026"
		    " AND s.opd_kode = o.opd_kode)"));
}

int main(void)
{
	const char *k = getenv("PAGU_FAULTS_KILLS"), *n = getenv("PAGU_FAULTS_OPS");
	if (k && atoi(k) > 0)
		kills = atoi(k);
	if (n && atoi(n) > 0)
		ops_per_client = atoi(n);
	setenv("PAGU_SEAL_INTERVAL", "1", 1); /* seals race the postings too */
	/* the receipts post into May 2027 (harness_bpkad_2027): a training date that has reached them */
	setenv("PAGU_TODAY", "2027-05-31", 1);
	harness_start_cluster(&H);
	harness_start_server(&H);
	url_set();
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	pick();
	return harness_run(&H, faults_suite());
}
