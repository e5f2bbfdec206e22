/* harness.c - starts real clusters and servers for tests, and talks HTTP to them. */
#include "harness.h"

#include <check.h>
#include <curl/curl.h>
#include <liboath/oath.h>
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("harness: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void init_paths(struct harness *h)
{
	memset(h, 0, sizeof(*h));
	const char *bin = getenv("PAGU_BIN");
	if (!bin)
		die("PAGU_BIN is not set (run the tests through meson test or ./run test)");
	snprintf(h->pagu, sizeof(h->pagu), "%s", bin);
	snprintf(h->dir, sizeof(h->dir), "/tmp/pagu-test-XXXXXX");
	if (!mkdtemp(h->dir))
		die("could not create a temporary directory: %s", strerror(errno));
	/* the cluster may run as another system user (when we are root): let it in */
	if (chmod(h->dir, 0755) != 0)
		die("could not chmod %s: %s", h->dir, strerror(errno));
}

static int run_argv(struct harness *h, char **argv, const char *logname)
{
	(void)h;
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		if (logname) {
			int fd = open(logname, O_WRONLY | O_CREAT | O_APPEND, 0644);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
		}
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int harness_pagu(struct harness *h, ...)
{
	char *argv[32];
	char var[PATH_MAX + 8], log[PATH_MAX + 16];
	int n = 0;
	argv[n++] = h->pagu;
	snprintf(var, sizeof(var), "--var=%s", h->dir);
	argv[n++] = var;
	va_list ap;
	va_start(ap, h);
	char *a;
	while ((a = va_arg(ap, char *)) && n < 30)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	snprintf(log, sizeof(log), "%s/pagu-cli.log", h->dir);
	return run_argv(h, argv, log);
}

void harness_start_cluster(struct harness *h)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	init_paths(h);
	/* the test may run with a database URL in the environment; never use it */
	unsetenv("PAGU_DATABASE_URL");
	unsetenv("PAGU_APP_DATABASE_URL");
	if (harness_pagu(h, "db", "start", NULL) != 0)
		die("pagu db start failed; see %s/pagu-cli.log", h->dir);
}

static bool port_file_read(const char *path, unsigned *port)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fscanf(f, "%u", port) == 1;
	fclose(f);
	return ok && *port > 0;
}

void harness_start_server(struct harness *h)
{
	char var[PATH_MAX + 8], pf[PATH_MAX + 16], pfarg[PATH_MAX + 32], log[PATH_MAX + 16];
	snprintf(var, sizeof(var), "--var=%s", h->dir);
	snprintf(pf, sizeof(pf), "%s/port", h->dir);
	snprintf(pfarg, sizeof(pfarg), "--port-file=%s", pf);
	snprintf(log, sizeof(log), "%s/pagu-serve.log", h->dir);
	const char *demo = h->demo ? "--demo" : "--demo=uji";
	unlink(pf);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (getenv("PAGU_VALGRIND")) /* ./run valgrind: the server under memcheck, errors fail its exit */
			execl("/usr/bin/valgrind", "valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
			      "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect",
			      h->pagu, var, "--listen=127.0.0.1:0", pfarg, "--threads=4", demo, "serve", (char *)NULL);
		else
			execl(h->pagu, h->pagu, var, "--listen=127.0.0.1:0", pfarg, "--threads=4", demo, "serve",
			      (char *)NULL);
		_exit(127);
	}
	h->server = pid;
	/* migrating and loading the reference lists takes a few seconds (under valgrind, minutes); on a
	   machine shared with other builds, over a minute: a failure deadline, not a guess */
	int tries = getenv("PAGU_VALGRIND") ? 12000 : 6000;
	for (int i = 0; i < tries; i++) {
		if (port_file_read(pf, &h->port)) {
			snprintf(h->base_url, sizeof(h->base_url), "http://127.0.0.1:%u", h->port);
			return;
		}
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			die("pagu serve exited early; see %s", log);
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	die("pagu serve did not start within %d s; see %s", tries / 20, log);
}

int harness_stop_server(struct harness *h)
{
	if (h->server <= 0)
		return 0;
	kill(h->server, SIGTERM);
	int st = 0;
	while (waitpid(h->server, &st, 0) < 0 && errno == EINTR)
		;
	h->server = 0;
	/* a sanitizer report (leak, UB) at exit shows up as a failed exit */
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void harness_stop(struct harness *h)
{
	(void)harness_stop_server(h);
	(void)harness_pagu(h, "db", "stop", "--immediate", NULL);
	if (getenv("PAGU_TEST_KEEP"))
		return;
	char *argv[] = { "/bin/rm", "-rf", h->dir, NULL };
	(void)run_argv(h, argv, NULL);
}

static void notice_ignore(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

PGconn *harness_connect(struct harness *h, enum harness_role role)
{
	static const char *const users[] = {
		[HARNESS_SUPER] = "pagu_super", [HARNESS_OWNER] = "pagu_owner", [HARNESS_APP] = "pagu_app"
	};
	char host[PATH_MAX + 8];
	snprintf(host, sizeof(host), "%s/run", h->dir);
	const char *keys[] = { "host", "dbname", "user", NULL };
	const char *vals[] = { host, "pagu", users[role], NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(c) != CONNECTION_OK)
		die("could not connect as %s: %s", users[role], PQerrorMessage(c));
	PQsetNoticeProcessor(c, notice_ignore, NULL);
	/* the test's training date (PAGU_TODAY), as the server's own sessions take it (engine/db.c) */
	const char *today = getenv("PAGU_TODAY");
	const char *p[] = { today ? today : "" };
	PGresult *r = PQexecParams(c, "SELECT set_config('pagu.hari_ini', $1, false)", 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		die("could not set the training date as %s: %s", users[role], PQerrorMessage(c));
	PQclear(r);
	return c;
}

char *harness_query1(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	char *out = NULL;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0)
		out = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return out;
}

struct buf {
	char *p;
	size_t n;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct buf *b = ud;
	size_t add = size * nmemb;
	char *np = realloc(b->p, b->n + add + 1);
	if (!np)
		return 0;
	memcpy(np + b->n, ptr, add);
	b->p = np;
	b->n += add;
	b->p[b->n] = '\0';
	return add;
}

void http_header_value(const char *line, size_t len, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	const char *v = line + nl + 1;
	size_t vl = len - nl - 1;
	while (vl && (*v == ' ' || *v == '\t')) {
		v++;
		vl--;
	}
	while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
		vl--;
	if (vl >= outsz)
		vl = outsz - 1;
	memcpy(out, v, vl);
	out[vl] = '\0';
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct http_reply *r = ud;
	size_t len = size * nmemb;
	http_header_value(ptr, len, "Content-Type", r->content_type, sizeof(r->content_type));
	http_header_value(ptr, len, "Allow", r->allow, sizeof(r->allow));
	http_header_value(ptr, len, "X-Request-Id", r->request_id, sizeof(r->request_id));
	http_header_value(ptr, len, "ETag", r->etag, sizeof(r->etag));
	http_header_value(ptr, len, "Content-Security-Policy", r->csp, sizeof(r->csp));
	http_header_value(ptr, len, "Cache-Control", r->cache_control, sizeof(r->cache_control));
	http_header_value(ptr, len, "X-Content-Type-Options", r->nosniff, sizeof(r->nosniff));
	http_header_value(ptr, len, "Content-Length", r->content_length, sizeof(r->content_length));
	http_header_value(ptr, len, "Set-Cookie", r->set_cookie, sizeof(r->set_cookie));
	http_header_value(ptr, len, "Retry-After", r->retry_after, sizeof(r->retry_after));
	http_header_value(ptr, len, "Content-Language", r->content_language, sizeof(r->content_language));
	char rep[8] = "";
	http_header_value(ptr, len, "Idempotent-Replayed", rep, sizeof(rep));
	if (!strcmp(rep, "true"))
		r->replayed = true;
	return len;
}

/* One request to @url; a transport failure dies when @fatal, else returns false with status 0. */
static bool perform(const char *method, const char *url, const char *body, size_t body_len, const char *const *headers,
		    long timeout_s, bool fatal, struct http_reply *out)
{
	memset(out, 0, sizeof(*out));
	CURL *c = curl_easy_init();
	if (!c)
		die("curl_easy_init failed");
	struct buf b = { 0 };
	struct curl_slist *hl = NULL;
	for (const char *const *p = headers; p && *p; p++)
		hl = curl_slist_append(hl, *p);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L); /* the headers promise a body that never comes */
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	if (hl)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		if (fatal)
			die("%s %s: %s", method, url, curl_easy_strerror(rc));
		free(b.p);
		curl_slist_free_all(hl);
		curl_easy_cleanup(c);
		memset(out, 0, sizeof(*out));
		return false;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = b.p ? b.p : strdup("");
	out->len = b.n;
	out->json = json_loadb(out->body, out->len, 0, NULL);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	return true;
}

void http_request(struct harness *h, const char *method, const char *path, const char *body, size_t body_len,
		  const char *const *headers, struct http_reply *out)
{
	char url[4096];
	snprintf(url, sizeof(url), "%s%s", h->base_url, path);
	(void)perform(method, url, body, body_len, headers, 30L, true, out);
}

/* Authorization and Content-Type for a request with @token and @body, then @extra; NULL-terminated. */
static void auth_headers(const char *token, const char *body, const char *const *extra, char auth[256],
			 const char *hdr[16])
{
	int n = 0;
	if (token) {
		snprintf(auth, 256, "Authorization: Bearer %s", token);
		hdr[n++] = auth;
	}
	if (body)
		hdr[n++] = "Content-Type: application/json";
	for (const char *const *e = extra; e && *e && n < 15; e++)
		hdr[n++] = *e;
	hdr[n] = NULL;
}

bool http_try(const char *base_url, const char *method, const char *path, const char *token, const char *body,
	      const char *const *extra, long timeout_s, struct http_reply *out)
{
	char url[4096], auth[256];
	const char *hdr[16];
	snprintf(url, sizeof(url), "%s%s", base_url, path);
	auth_headers(token, body, extra, auth, hdr);
	return perform(method, url, body, body ? strlen(body) : 0, hdr, timeout_s, false, out);
}

void http_get(struct harness *h, const char *path, struct http_reply *out)
{
	http_request(h, "GET", path, NULL, 0, NULL, out);
}

void http_reply_release(struct http_reply *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

bool harness_token(struct harness *h, const char *pemda, const char *role, const char *opd, char *out, size_t outsz)
{
	int fds[2];
	if (pipe(fds) != 0)
		die("pipe: %s", strerror(errno));
	char var[PATH_MAX + 8];
	snprintf(var, sizeof(var), "--var=%s", h->dir);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 2);
		if (opd)
			execl(h->pagu, h->pagu, var, "token", "create", "--pemda", pemda, "--role", role, "--opd", opd,
			      (char *)NULL);
		else
			execl(h->pagu, h->pagu, var, "token", "create", "--pemda", pemda, "--role", role, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t got;
	while (n + 1 < outsz && (got = read(fds[0], out + n, outsz - 1 - n)) > 0)
		n += (size_t)got;
	close(fds[0]);
	out[n] = '\0';
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && n > 0;
}

void http_auth(struct harness *h, const char *method, const char *path, const char *token, const char *body,
	       const char *const *extra, struct http_reply *out)
{
	char auth[256];
	const char *hdr[16];
	auth_headers(token, body, extra, auth, hdr);
	http_request(h, method, path, body, body ? strlen(body) : 0, hdr, out);
}

static char *q_va(PGconn *c, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static char *q_va(PGconn *c, const char *fmt, va_list ap)
{
	char sql[8192];
	vsnprintf(sql, sizeof(sql), fmt, ap);
	PGresult *r = PQexec(c, sql);
	char *v = NULL;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strdup(PQgetvalue(r, 0, 0));
	else if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fprintf(stderr, "sql: %s\n%s", sql, PQerrorMessage(c));
	PQclear(r);
	return v;
}

char *harness_q(PGconn *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = q_va(c, fmt, ap);
	va_end(ap);
	return v;
}

long harness_qlong(PGconn *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = q_va(c, fmt, ap);
	va_end(ap);
	long n = v ? atol(v) : 0;
	free(v);
	return n;
}

bool harness_step_try(PGconn *c, long id, const char *aksi, const char *alasan)
{
	char *v = harness_q(c,
			    "SELECT revisi FROM pagu_dokumen_transisi('13.71', %ld, '%s', (SELECT revisi FROM dokumen"
			    " WHERE pemda_id = '13.71' AND dokumen_id = %ld), NULL, '%s')",
			    id, aksi, id, alasan);
	free(v);
	return v != NULL;
}

char *harness_sqlf(struct harness *h, const char *fmt, ...)
{
	char sql[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	PGconn *su = harness_connect(h, HARNESS_SUPER);
	PGresult *r = PQexec(su, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "%s: %s\n", sql, PQerrorMessage(su));
		exit(2);
	}
	char *v = PQntuples(r) ? strdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	PQfinish(su);
	return v;
}

const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

void http_expect(const struct http_reply *r, long status, const char *slug, const char *field)
{
	ck_assert_msg(r->status == status, "status %ld, want %ld: %s", r->status, status, r->body);
	if (slug) {
		char type[96];
		snprintf(type, sizeof(type), "urn:pagu:problem:%s", slug);
		ck_assert_str_eq(r->content_type, "application/problem+json");
		ck_assert_str_eq(jstr(r->json, "type"), type);
	}
	if (field)
		ck_assert_msg(jstr(r->json, "field") && !strcmp(jstr(r->json, "field"), field), "field %s, want %s",
			      jstr(r->json, "field"), field);
}

void http_expect_problem(const struct http_reply *r, long status, const char *slug, const char *field)
{
	ck_assert_msg(r->status == status, "status %ld, want %ld: %s", r->status, status, r->body);
	ck_assert_str_eq(r->content_type, "application/problem+json");
	ck_assert_ptr_nonnull(r->json);
	char type[128];
	snprintf(type, sizeof(type), "urn:pagu:problem:%s", slug);
	ck_assert_str_eq(jstr(r->json, "type"), type);
	ck_assert_int_eq(json_integer_value(json_object_get(r->json, "status")), status);
	ck_assert_ptr_nonnull(jstr(r->json, "title"));
	ck_assert_ptr_nonnull(jstr(r->json, "detail"));
	ck_assert_str_eq(jstr(r->json, "request_id"), r->request_id);
	if (field)
		ck_assert_msg(jstr(r->json, "field") && !strcmp(jstr(r->json, "field"), field), "field %s, want %s",
			      jstr(r->json, "field"), field);
}

void harness_token_need(struct harness *h, const char *pemda, const char *role, const char *opd, char *out)
{
	if (!harness_token(h, pemda, role, opd, out, HARNESS_TOKEN))
		die("could not create a %s token for pemda %s", role, pemda);
}

/* the Idempotency-Keys http_call and http_post make: one counter for every thread of the process */
static int key_seq;

long http_call(struct harness *h, const char *method, const char *path, const char *token, const char *body, int revisi,
	       struct http_reply *out)
{
	char key[64], im[64];
	snprintf(key, sizeof(key), "Idempotency-Key: harness-%d", __atomic_add_fetch(&key_seq, 1, __ATOMIC_SEQ_CST));
	snprintf(im, sizeof(im), "If-Match: \"r%d\"", revisi);
	const char *extra[] = { key, revisi > 0 ? im : NULL, NULL };
	http_auth(h, method, path, token, body, extra, out);
	return out->status;
}

long http_call_lang(struct harness *h, const char *method, const char *path, const char *token, const char *body,
		    int revisi, const char *lang, struct http_reply *out)
{
	char key[64], im[64], al[64];
	snprintf(key, sizeof(key), "Idempotency-Key: harness-%d", __atomic_add_fetch(&key_seq, 1, __ATOMIC_SEQ_CST));
	snprintf(im, sizeof(im), "If-Match: \"r%d\"", revisi);
	snprintf(al, sizeof(al), "Accept-Language: %s", lang);
	const char *extra[] = { key, al, revisi > 0 ? im : NULL, NULL };
	http_auth(h, method, path, token, body, extra, out);
	return out->status;
}

void http_post(struct harness *h, const char *path, const char *token, const char *body, const char *key,
	       struct http_reply *out)
{
	if (!key) {
		http_call(h, "POST", path, token, body, 0, out);
		return;
	}
	char k[160];
	snprintf(k, sizeof(k), "Idempotency-Key: %s", key);
	const char *extra[] = { k, NULL };
	http_auth(h, "POST", path, token, body, extra, out);
}

void harness_step_of(struct harness *h, const char *pemda, long id, const char *aksi)
{
	free(harness_sqlf(h,
			  "SELECT revisi FROM pagu_dokumen_transisi('%s', %ld, '%s', (SELECT revisi FROM dokumen WHERE"
			  " pemda_id = '%s' AND dokumen_id = %ld), NULL, NULL)",
			  pemda, id, aksi, pemda, id));
}

void harness_step(struct harness *h, long id, const char *aksi)
{
	harness_step_of(h, "13.71", id, aksi);
}

void harness_tamper(struct harness *h, const char *sql)
{
	PGconn *su = harness_connect(h, HARNESS_SUPER);
	char *full = NULL;
	if (asprintf(&full, "SET session_replication_role = replica; %s", sql) < 0)
		die("out of memory");
	PGresult *r = PQexec(su, full);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
		      PQerrorMessage(su));
	PQclear(r);
	PQfinish(su);
	free(full);
}

void harness_refused_by_all(struct harness *h, const char *const *sql, size_t n)
{
	for (int who = 0; who < 2; who++) {
		PGconn *c = harness_connect(h, who ? HARNESS_SUPER : HARNESS_APP);
		for (size_t i = 0; i < n; i++) {
			PGresult *r = PQexec(c, sql[i]);
			ck_assert_msg(PQresultStatus(r) == PGRES_FATAL_ERROR, "%s could: %s",
				      who ? "the superuser" : "the application", sql[i]);
			PQclear(r);
		}
		PQfinish(c);
	}
}

long harness_dokumen_create(struct harness *h, const char *token, int tahun, const char *jenis, const char *opd)
{
	char body[160];
	if (opd)
		snprintf(body, sizeof(body), "{\"tahun\":%d,\"jenis\":\"%s\",\"opd_kode\":\"%s\"}", tahun, jenis, opd);
	else
		snprintf(body, sizeof(body), "{\"tahun\":%d,\"jenis\":\"%s\"}", tahun, jenis);
	struct http_reply r;
	http_call(h, "POST", "/v1/pemda/13.71/dokumen", token, body, 0, &r);
	http_expect(&r, 201, NULL, NULL);
	long id = (long)json_integer_value(json_object_get(r.json, "id"));
	ck_assert_str_eq(r.etag, "\"r1\"");
	http_reply_release(&r);
	return id;
}

json_t *harness_dokumen_get(struct harness *h, long id, const char *token)
{
	char path[96];
	snprintf(path, sizeof(path), "/v1/pemda/13.71/dokumen/%ld", id);
	struct http_reply r;
	http_auth(h, "GET", path, token, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *j = json_incref(r.json);
	http_reply_release(&r);
	return j;
}

int harness_run(struct harness *h, Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int st = harness_stop_server(h);
	if (st != 0) {
		fprintf(stderr, "pagu serve exited with status %d; see %s/pagu-serve.log\n", st, h->dir);
		failed++;
	}
	harness_stop(h);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

void harness_bpkad_year(struct harness *h, const char *pemda, int tahun)
{
	char *k = harness_sqlf(h, "SELECT dokumen_id FROM pagu_dokumen_create('%s', %d, 'kua_ppas', NULL, NULL)", pemda,
			       tahun);
	free(harness_sqlf(h,
			  "SELECT baris FROM pagu_plafon_add('%s', %s, NULL, 'sub_kegiatan', '5.02.0.00.0.00.01.0000',"
			  " '5.02.02.2.01.0001', 1000, NULL)",
			  pemda, k));
	harness_step_of(h, pemda, atol(k), "submit");
	harness_step_of(h, pemda, atol(k), "verify");
	harness_step_of(h, pemda, atol(k), "lock");
	char *r = harness_sqlf(
		h, "SELECT dokumen_id FROM pagu_dokumen_create('%s', %d, 'rka', '5.02.0.00.0.00.01.0000', NULL)", pemda,
		tahun);
	free(harness_sqlf(h,
			  "SELECT baris FROM pagu_rka_add('%s', %s, NULL, '5.02.02.2.01.0001', '4.1.01.06.01.0001',"
			  " 'Pajak hotel', '[{\"nilai\":\"1\",\"satuan\":\"tahun\"}]', 5000, '1.1', NULL)",
			  pemda, r));
	free(harness_sqlf(h,
			  "SELECT baris FROM pagu_rka_add('%s', %s, NULL, '5.02.02.2.01.0001', '5.1.02.01.01.0024',"
			  " 'ATK', '[{\"nilai\":\"1\",\"satuan\":\"paket\"}]', 1000, '1.1', NULL)",
			  pemda, r));
	harness_step_of(h, pemda, atol(r), "submit");
	harness_step_of(h, pemda, atol(r), "verify");
	char *a = harness_sqlf(h, "SELECT dokumen_id FROM pagu_dokumen_create('%s', %d, 'apbd', NULL, NULL)", pemda,
			       tahun);
	free(harness_sqlf(h, "SELECT count(*) FROM pagu_apbd_assemble('%s', %s, 1, NULL)", pemda, a));
	harness_step_of(h, pemda, atol(a), "submit");
	harness_step_of(h, pemda, atol(a), "verify");
	harness_step_of(h, pemda, atol(a), "lock");
	char *d = harness_sqlf(h, "SELECT dokumen_id FROM pagu_dpa_create('%s', %s, '5.02.0.00.0.00.01.0000', NULL)",
			       pemda, a);
	for (int b = 1; b <= 2; b++)
		free(harness_sqlf(h,
				  "SELECT revisi FROM pagu_kas_set('%s', %s, (SELECT revisi FROM dokumen WHERE"
				  " pemda_id = '%s' AND dokumen_id = %s), %d, NULL, NULL)",
				  pemda, d, pemda, d, b));
	harness_step_of(h, pemda, atol(d), "submit");
	harness_step_of(h, pemda, atol(d), "verify");
	harness_step_of(h, pemda, atol(d), "lock");
	free(k);
	free(r);
	free(a);
	free(d);
}

void harness_bpkad_2027(struct harness *h)
{
	harness_bpkad_year(h, "13.71", 2027);
}

size_t http_raw(struct harness *h, const char *req, size_t len, char *out, size_t outsz)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)h->port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("could not connect to the server on port %u", h->port);
	for (size_t o = 0; o < len;) {
		ssize_t n = send(fd, req + o, len - o, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server stopped reading: what it answered is read below */
		o += (size_t)n;
	}
	size_t got = 0;
	/* until the server closes the connection; the deadline only ends a hung run */
	while (got + 1 < outsz) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 600 * 1000) != 1)
			break;
		ssize_t n = recv(fd, out + got, outsz - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	out[got] = '\0';
	close(fd);
	return got;
}

bool harness_log_wait(struct harness *h, const char *needle, const char *needle2, char *line, size_t linesz)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/pagu-serve.log", h->dir);
	/* a request is logged when it completes, just after its answer is sent: wait for the line */
	for (int i = 0; i < 30000; i++) {
		FILE *f = fopen(path, "r");
		if (f) {
			while (fgets(line, (int)linesz, f))
				if (strstr(line, needle) && (!needle2 || strstr(line, needle2))) {
					fclose(f);
					return true;
				}
			fclose(f);
		}
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return false;
}

void http_sesi(struct harness *h, const char *method, const char *path, const struct harness_sesi *s, const char *body,
	       const char *const *extra, struct http_reply *out)
{
	char ck[200], cs[120];
	const char *hdr[16];
	int n = 0;
	if (s && s->cookie[0]) {
		snprintf(ck, sizeof(ck), "Cookie: pagu_sesi=%s", s->cookie);
		hdr[n++] = ck;
	}
	if (s && s->csrf[0]) {
		snprintf(cs, sizeof(cs), "X-CSRF-Token: %s", s->csrf);
		hdr[n++] = cs;
	}
	bool typed = false; /* a body of another type (CSV) names its own */
	for (const char *const *e = extra; e && *e; e++)
		typed |= !strncasecmp(*e, "Content-Type:", 13);
	if (body && !typed)
		hdr[n++] = "Content-Type: application/json";
	for (const char *const *e = extra; e && *e && n < 15; e++)
		hdr[n++] = *e;
	hdr[n] = NULL;
	http_request(h, method, path, body, body ? strlen(body) : 0, hdr, out);
}

/* Signs in; false (with a reason on stderr) unless the answer is @status; on 200 fills @s. */
static bool masuk_try(struct harness *h, const char *nip, const char *sandi, const char *kode, long status,
		      struct harness_sesi *s, struct http_reply *out)
{
	char body[512];
	if (kode)
		snprintf(body, sizeof(body), "{\"nip\": \"%s\", \"sandi\": \"%s\", \"kode\": \"%s\"}", nip, sandi,
			 kode);
	else
		snprintf(body, sizeof(body), "{\"nip\": \"%s\", \"sandi\": \"%s\"}", nip, sandi);
	http_sesi(h, "POST", "/v1/masuk", NULL, body, NULL, out);
	if (out->status != status) {
		fprintf(stderr, "sign-in as %s: %ld, expected %ld: %s\n", nip, out->status, status, out->body);
		return false;
	}
	if (status != 200)
		return true;
	const char *c = out->set_cookie;
	size_t l = strncmp(c, "pagu_sesi=", 10) ? 0 : strcspn(c + 10, ";");
	const char *csrf = jstr(out->json, "csrf");
	if (!l || l >= sizeof(s->cookie) || !strstr(c, "HttpOnly") || !strstr(c, "SameSite=Strict") || !csrf ||
	    strlen(csrf) >= sizeof(s->csrf)) {
		fprintf(stderr, "sign-in as %s: the cookie or the CSRF token is missing: %s\n", nip, c);
		return false;
	}
	memcpy(s->cookie, c + 10, l);
	s->cookie[l] = '\0';
	snprintf(s->csrf, sizeof(s->csrf), "%s", csrf);
	return true;
}

void harness_masuk(struct harness *h, const char *nip, const char *sandi, const char *kode, long status,
		   struct harness_sesi *s, struct http_reply *out)
{
	ck_assert_msg(masuk_try(h, nip, sandi, kode, status, s, out), "sign-in as %s: %ld, expected %ld", nip,
		      out->status, status);
}

long harness_pengguna_create(struct harness *h, const char *pemda, const char *admin, const char *nip,
			     const char *peran, const char *opd, char kode[32])
{
	char body[512], path[64];
	snprintf(body, sizeof(body),
		 "{\"nip\": \"%s\", \"nama\": \"Staf %s\", \"jabatan\": \"Analis\", \"peran\": %s, \"opd_kode\": "
		 "%s%s%s}",
		 nip, nip + 14, peran, opd ? "\"" : "", opd ? opd : "null", opd ? "\"" : "");
	snprintf(path, sizeof(path), "/v1/pemda/%s/pengguna", pemda);
	struct http_reply r;
	http_post(h, path, admin, body, NULL, &r);
	if (r.status != 201 || !jstr(r.json, "kode_sekali"))
		die("could not create user %s: %ld %s", nip, r.status, r.body);
	snprintf(kode, 32, "%s", jstr(r.json, "kode_sekali"));
	long id = (long)json_integer_value(json_object_get(json_object_get(r.json, "pengguna"), "id"));
	http_reply_release(&r);
	return id;
}

long harness_sesi_need(struct harness *h, const char *pemda, const char *admin, const char *nip, const char *peran,
		       const char *opd, const char *sandi, struct harness_sesi *s)
{
	char kode[32];
	long id = harness_pengguna_create(h, pemda, admin, nip, peran, opd, kode);
	struct http_reply r;
	if (!masuk_try(h, nip, kode, NULL, 200, s, &r))
		die("user %s could not sign in with the one-time code", nip);
	http_reply_release(&r);
	char body[256];
	snprintf(body, sizeof(body), "{\"sandi_baru\": \"%s\"}", sandi);
	http_sesi(h, "POST", "/v1/akun/sandi", s, body, NULL, &r);
	if (r.status != 204)
		die("user %s could not set a password: %ld %s", nip, r.status, r.body);
	http_reply_release(&r);
	return id;
}

void harness_totp(const char *b32, time_t t, char out[7])
{
	char *secret = NULL;
	size_t len = 0;
	ck_assert_int_eq(oath_init(), OATH_OK);
	ck_assert_int_eq(oath_base32_decode(b32, strlen(b32), &secret, &len), OATH_OK);
	ck_assert_int_eq(oath_totp_generate(secret, len, t, 30, 0, 6, out), OATH_OK);
	free(secret);
}
