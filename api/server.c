/* server.c - libmicrohttpd glue: routing, bounded body reading, replies, request log. */
#include "server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <strings.h>
#include <unistd.h>

#include "akun.h"
#include "api.h"
#include "budget.h"
#include "fileutil.h"
#include "metrics.h"
#include "web.h"
#include "rules_gate.h"
#include "sealer.h"
#include "checkpointer.h"

struct api_server {
	struct MHD_Daemon *daemon;
	struct sealer *sealer;
	struct checkpointer *checkpointer;
	char *conninfo;
	unsigned port;
};

/* One database connection per worker thread, closed when the thread ends. */
static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;
static const char *db_conninfo; /* set before the daemon starts, then read-only */
static atomic_ulong request_seq;
/* requests begun and not yet completed; once stopping, new ones are refused and these finish */
static atomic_long in_flight;
static atomic_bool stopping;

static void db_destroy(void *p)
{
	metrics_db_connections(-1);
	db_release(p);
	free(p);
}

static void db_key_make(void)
{
	if (pthread_key_create(&db_key, db_destroy) != 0)
		abort();
}

static struct db *thread_db(void)
{
	struct db *db = pthread_getspecific(db_key);
	if (!db) {
		db = calloc(1, sizeof(*db));
		if (!db)
			abort();
		db_init(db, db_conninfo);
		if (pthread_setspecific(db_key, db) != 0)
			abort();
		metrics_db_connections(1);
	}
	return db;
}

/* Matches @path against @pattern, capturing {name} segments into r->params. */
static bool path_match(const char *pattern, const char *path, struct api_req *r, bool capture)
{
	const char *p = pattern, *u = path;
	int n = 0;
	while (*p && *u) {
		if (*p != '/' || *u != '/')
			return false;
		p++;
		u++;
		const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t ul = ue ? (size_t)(ue - u) : strlen(u);
		if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
			if (ul == 0 || n == API_MAX_PATH_PARAMS)
				return false;
			if (capture) {
				r->params[n] = arena_strndup(&r->arena, u, ul);
				r->param_names[n] = arena_strndup(&r->arena, p + 1, pl - 2);
			}
			n++;
		} else if (pl != ul || memcmp(p, u, pl) != 0) {
			return false;
		}
		p += pl;
		u += ul;
	}
	if (*p || *u)
		return false;
	if (capture)
		r->nparams = n;
	return true;
}

bool api_route_find(struct api_req *r)
{
	bool path_known = false;
	char allow[64] = "";
	for (size_t i = 0; i < api_nroutes; i++) {
		const struct api_route *rt = &api_routes[i];
		if (!path_match(rt->path, r->path, r, false))
			continue;
		path_known = true;
		if (!strcmp(rt->method, r->method) || (!strcmp(r->method, "HEAD") && !strcmp(rt->method, "GET"))) {
			path_match(rt->path, r->path, r, true);
			r->route = rt;
			r->route_index = (int)i;
			return true;
		}
		size_t l = strlen(allow);
		snprintf(allow + l, sizeof(allow) - l, "%s%s", l ? ", " : "", rt->method);
	}
	if (path_known) {
		r->allow = arena_strdup(&r->arena, allow);
		api_tolak(r, PAGU_E_METHOD, NULL, NULL, P_METODE_DITOLAK, "metode", r->method, "jalur", r->path,
			  "boleh", allow);
	} else {
		api_tolak(r, PAGU_E_NO_ROUTE, NULL, NULL, P_TANPA_SUMBER, "jalur", r->path);
	}
	return false;
}

struct query_check {
	const struct api_route *route;
	const char *bad;
	long bad_byte; /* >= 0: the offset in its value of a byte that is not UTF-8 */
};

static enum MHD_Result query_check_one(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct query_check *qc = cls;
	const char *const *q = qc->route->query;
	for (; q && *q; q++)
		if (!strcmp(*q, key))
			break;
	if (!q || !*q) {
		qc->bad = key;
		return MHD_NO;
	}
	/* a value is text: it reaches messages and SQL parameters, where it must be UTF-8 */
	long bad = value ? api_utf8_invalid(value, strlen(value)) : -1;
	if (bad >= 0) {
		qc->bad = key;
		qc->bad_byte = bad;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Unknown query parameters are refused: a misspelt filter must not silently list everything. */
static bool query_check(struct api_req *r)
{
	struct query_check qc = { .route = r->route, .bad_byte = -1 };
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_check_one, &qc);
	if (qc.bad && qc.bad_byte >= 0) {
		api_tolak(r, PAGU_E_INVALID, qc.bad, NULL, P_QUERY_BUKAN_UTF8, "nama", qc.bad, "posisi",
			  api_num(r, qc.bad_byte));
		return false;
	}
	if (qc.bad) {
		api_tolak(r, PAGU_E_INVALID, qc.bad, NULL, P_QUERY_ASING, "nama", qc.bad);
		return false;
	}
	return true;
}

/*
 * A process-wide prefix for request ids: random, drawn once at start, so ids stay unique across
 * restarts (a sequence alone starts again at 1, and a pid is reused).
 */
static char request_id_prefix[16];
static pthread_once_t request_id_once = PTHREAD_ONCE_INIT;

static void request_id_prefix_make(void)
{
	unsigned char b[6] = { 0 };
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		/* no entropy yet: the start time and pid still differ from any earlier process's */
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		unsigned long v = (unsigned long)t.tv_sec ^ ((unsigned long)t.tv_nsec << 8) ^ (unsigned long)getpid();
		memcpy(b, &v, sizeof(b) < sizeof(v) ? sizeof(b) : sizeof(v));
	}
	snprintf(request_id_prefix, sizeof(request_id_prefix), "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
		 b[5]);
}

/*
 * Every request gets an id the server issued, unique per request: the one in problems and in the
 * log. A client's own X-Request-Id never becomes it (a client could repeat an id the server gave
 * someone else); when it is a safe token it is logged beside it as client_request_id.
 */
static void request_id_init(struct api_req *r)
{
	pthread_once(&request_id_once, request_id_prefix_make);
	snprintf(r->request_id, sizeof(r->request_id), "%s-%lx", request_id_prefix,
		 atomic_fetch_add(&request_seq, 1) + 1);
	const char *given = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Request-Id");
	if (!given)
		return;
	size_t n = strlen(given);
	bool ok = n >= 1 && n <= 64;
	for (size_t i = 0; ok && i < n; i++) {
		char c = given[i];
		ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
		     c == '_' || c == '.';
	}
	if (ok)
		r->client_request_id = arena_strndup(&r->arena, given, n);
}

/*
 * Headers a request may carry once: two of them are ambiguous (which Content-Length frames the
 * body, whose token, which key), and a proxy in front may read the other one; the request is
 * refused and the connection closed, never served on a guess.
 */
static const char *const single_headers[] = {
	MHD_HTTP_HEADER_CONTENT_LENGTH,
	MHD_HTTP_HEADER_TRANSFER_ENCODING,
	MHD_HTTP_HEADER_HOST,
	MHD_HTTP_HEADER_AUTHORIZATION,
	MHD_HTTP_HEADER_CONTENT_TYPE,
	"Idempotency-Key",
	MHD_HTTP_HEADER_IF_MATCH,
	"X-Request-Id",
	"X-CSRF-Token",
	"Origin",
	MHD_HTTP_HEADER_COOKIE,
	NULL,
};
#define NSINGLE (sizeof(single_headers) / sizeof(single_headers[0]) - 1)

struct header_count {
	unsigned n[NSINGLE];
	const char *twice;
	const char *not_token; /* a header name that is not an RFC 9110 token: "Content-Length " */
	const char *bad_value; /* a header whose value holds a line break or NUL (an obs-fold kept) */
};

/* RFC 9110 5.1: a field name is a token. White space before the colon (RFC 9112 5.1) is not. */
static bool header_name_ok(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && !strchr("!#$%&'*+-.^_`|~", *k))
			return false;
	return true;
}

static enum MHD_Result header_count_one(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	struct header_count *hc = cls;
	if (!hc->not_token && !header_name_ok(key))
		hc->not_token = key;
	/*
	 * libmicrohttpd 0.9.75 joins a folded line (obs-fold) to the header's NAME: "Content-Length:" then
	 * " 63" arrives as "Content-Length63" with an empty value, and the body is then read as a second
	 * request. No standard header extends one of these names, so such a name is a folded line.
	 */
	for (size_t i = 0; !hc->bad_value && i < NSINGLE; i++) {
		size_t n = strlen(single_headers[i]);
		if (strlen(key) > n && !strncasecmp(key, single_headers[i], n))
			hc->bad_value = single_headers[i];
	}
	if (!hc->bad_value && value && strpbrk(value, "\r\n"))
		hc->bad_value = key;
	for (size_t i = 0; i < NSINGLE; i++)
		if (!strcasecmp(key, single_headers[i]) && ++hc->n[i] > 1 && !hc->twice)
			hc->twice = single_headers[i];
	return MHD_YES;
}

/* false after a 400 naming the header when the request's headers are ambiguous. */
static bool headers_unambiguous(struct api_req *r, const char *version)
{
	struct header_count hc = { 0 };
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, header_count_one, &hc);
	/*
	 * A name with white space before its colon, or a folded line, is read one way here and another
	 * by a proxy in front (one that trims or unfolds): the body's length, or who is asking, would
	 * differ between the two. RFC 9112 5.1 and 5.2 say refuse it.
	 */
	if (hc.not_token) {
		api_tolak(r, PAGU_E_INVALID, "headers", NULL, P_HEADER_NAMA_SALAH);
		return false;
	}
	if (hc.bad_value) {
		api_tolak(r, PAGU_E_INVALID, hc.bad_value, NULL, P_HEADER_DILIPAT, "header", hc.bad_value);
		return false;
	}
	/* RFC 9112 3.2: an HTTP/1.1 request without Host is refused (it names no authority) */
	if (version && !strcmp(version, MHD_HTTP_VERSION_1_1) &&
	    !MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)) {
		api_tolak(r, PAGU_E_INVALID, MHD_HTTP_HEADER_HOST, NULL, P_TANPA_HOST);
		return false;
	}
	if (hc.twice) {
		api_tolak(r, PAGU_E_INVALID, hc.twice, NULL, P_HEADER_GANDA, "header", hc.twice);
		return false;
	}
	if (hc.n[0] && hc.n[1]) {
		api_tolak(r, PAGU_E_INVALID, MHD_HTTP_HEADER_CONTENT_LENGTH, NULL, P_PANJANG_GANDA);
		return false;
	}
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && (!*cl || strspn(cl, "0123456789") != strlen(cl) || strlen(cl) > 19)) {
		api_tolak(r, PAGU_E_INVALID, MHD_HTTP_HEADER_CONTENT_LENGTH, NULL, P_PANJANG_BUKAN_ANGKA);
		return false;
	}
	return true;
}

static void json_log_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void request_log(const struct api_req *r)
{
	struct timespec now, wall;
	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	long us = (now.tv_sec - r->start.tv_sec) * 1000000L + (now.tv_nsec - r->start.tv_nsec) / 1000;
	metrics_observe(r->route_index, r->status, us);
	struct tm tm;
	gmtime_r(&wall.tv_sec, &tm);
	char ts[40];
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	/*
	 * The line is built in memory and written with one call: stderr is unbuffered, so writing it
	 * piece by piece made a write per character, and a server killed mid-line (a crash, the
	 * fault tests) left half a line for the next process to continue.
	 */
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);
	if (!f)
		return;
	fprintf(f, "{\"time\":\"%s.%03ldZ\",\"request_id\":", ts, wall.tv_nsec / 1000000);
	json_log_string(f, r->request_id);
	if (r->client_request_id) {
		fprintf(f, ",\"client_request_id\":");
		json_log_string(f, r->client_request_id);
	}
	fprintf(f, ",\"method\":");
	json_log_string(f, r->method);
	fprintf(f, ",\"path\":");
	json_log_string(f, r->path);
	if (r->authed) {
		fprintf(f, ",\"token\":");
		json_log_string(f, r->tok.nama);
		fprintf(f, ",\"token_id\":%lld", (long long)r->tok.token_id);
	}
	if (r->log_detail) {
		fprintf(f, ",\"error\":");
		json_log_string(f, r->log_detail);
	}
	fprintf(f, ",\"status\":%u,\"duration_ms\":%ld.%03ld}\n", r->status, us / 1000, us % 1000);
	if (fclose(f) == 0)
		fwrite(line, 1, len, stderr);
	free(line);
}

static enum MHD_Result send_reply(struct api_req *r)
{
	struct MHD_Response *resp;
	if (r->reply_static) {
		resp = MHD_create_response_from_buffer(r->reply_len, (void *)r->reply_static, MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
	} else if (r->reply_fd >= 0 && !r->reply) {
		resp = MHD_create_response_from_fd(r->reply_fd_size, r->reply_fd);
		if (!resp)
			return MHD_NO;
		r->reply_fd = -1; /* owned by the response now */
	} else {
		if (!r->reply)
			api_tolak(r, PAGU_E_INTERNAL, NULL, NULL, P_TANPA_JAWABAN);
		resp = MHD_create_response_from_buffer(r->reply_len, r->reply, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			return MHD_NO;
		r->reply = NULL; /* owned by the response now */
	}
	if (r->disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (!strcmp(r->content_type, "application/problem+json"))
		MHD_add_response_header(resp, "Content-Language", r->bahasa == BAHASA_EN ? "en" : "id");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Language");
	if (r->web) {
		/* the console: revalidated by ETag; its own scripts and styles only, never framed */
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
		MHD_add_response_header(
			resp, "Content-Security-Policy",
			"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
			"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			"frame-ancestors 'none'");
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
		MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	} else {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	}
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->etag)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
	if (r->replayed)
		MHD_add_response_header(resp, "Idempotent-Replayed", "true");
	if (r->status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"pagu\"");
	if (r->retry_after > 0) {
		char ra[24];
		snprintf(ra, sizeof(ra), "%d", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (r->set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
	if (r->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

const char *api_param(struct api_req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (!strcmp(r->param_names[i], name))
			return r->params[i];
	return NULL;
}

bool api_secure_cookies;

const char *api_client_address(struct api_req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
				  sizeof(buf));
	}
	return arena_strdup(&r->arena, buf);
}

/* The cookie that ends the browser's session (sign-out, an ended or unknown session). */
static void cookie_clear(struct api_req *r)
{
	r->set_cookie = arena_printf(&r->arena, "pagu_sesi=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
				     api_secure_cookies ? "; Secure" : "");
}

/*
 * A session's state-changing request comes from the console itself: its Origin, when sent, is this
 * server's own (scheme and Host), and it carries the session's CSRF token in X-CSRF-Token (which
 * a page of another site cannot read). SameSite=Strict already keeps the cookie off other sites'
 * requests; this holds when a browser does not honour it.
 */
static bool csrf_ok(struct api_req *r)
{
	const char *origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
	if (origin) {
		const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
		bool same = false;
		if (host) {
			const char *https = arena_printf(&r->arena, "https://%s", host);
			const char *http = arena_printf(&r->arena, "http://%s", host);
			same = !strcasecmp(origin, https) || (!api_secure_cookies && !strcasecmp(origin, http));
		}
		if (!same) {
			api_tolak(r, PAGU_E_CSRF, "Origin", NULL, P_CSRF_ORIGIN, "origin", origin);
			return false;
		}
	}
	const char *t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	if (!akun_csrf_ok(&r->tok, t)) {
		api_tolak(r, PAGU_E_CSRF, "X-CSRF-Token", NULL, P_CSRF_TOKEN);
		return false;
	}
	return true;
}

/*
 * A request with Authorization: Bearer is a token's (a cookie beside it is ignored); one without
 * is a session's, by its pagu_sesi cookie. false after a reply.
 */
static bool authenticate(struct api_req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (h) {
		if (strncasecmp(h, "Bearer ", 7) != 0) {
			api_tolak(r, PAGU_E_UNAUTHENTICATED, NULL, NULL, P_SESI_PERLU);
			return false;
		}
		const char *t = h + 7;
		while (*t == ' ')
			t++;
		pagu_err e = auth_verify(r->db, t, strlen(t), &r->tok);
		if (e == PAGU_E_UNAUTHENTICATED) {
			api_tolak(r, e, NULL, NULL, P_TOKEN_TIDAK_BERLAKU);
			return false;
		}
		if (e != PAGU_OK) {
			api_tolak_engine(r, e, P_APA_TOKEN);
			return false;
		}
		return true;
	}
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "pagu_sesi");
	if (!c) {
		api_tolak(r, PAGU_E_UNAUTHENTICATED, NULL, NULL, P_SESI_PERLU);
		return false;
	}
	pagu_err e = akun_sesi_verify(r->db, c, strlen(c), &r->tok);
	if (e == PAGU_E_UNAUTHENTICATED) {
		cookie_clear(r);
		api_tolak(r, e, NULL, NULL, P_SESI_TIDAK_BERLAKU);
		return false;
	}
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_SESI);
		return false;
	}
	r->sesi_rahasia = arena_strdup(&r->arena, c);
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 && !csrf_ok(r))
		return false;
	if (r->tok.terbatas[0] && !r->route->setup) {
		json_t *ext = json_pack("{s:s}", "langkah", r->tok.terbatas);
		api_tolak(r, PAGU_E_SETUP_REQUIRED, NULL, ext, P_SESI_TERBATAS, "langkah",
			  !strcmp(r->tok.terbatas, "ganti_sandi") ? "ganti_sandi" : "daftar_totp");
		return false;
	}
	return true;
}

/*
 * Who is asking, and may they? 401 without a valid token or session, 404 for another pemda's
 * path (existence does not leak), 403 for a role or OPD scope the route does not admit, a
 * session's cross-site request, or a restricted session off its setup routes.
 */
static bool authorise(struct api_req *r)
{
	const struct api_route *rt = r->route;
	if (rt->roles & API_PUBLIC)
		return true;
	if (!authenticate(r))
		return false;
	r->authed = true;
	const char *pemda = api_param(r, "pemda");
	if (pemda && strcmp(pemda, r->tok.pemda_id) != 0) {
		api_tolak(r, PAGU_E_NOT_FOUND, "pemda", NULL, P_PEMDA_TIDAK_ADA, "pemda", pemda);
		return false;
	}
	switch (api_route_check(rt, &r->tok, api_param(r, "kode"))) {
	case API_ADMIT:
		return true;
	case API_ADMIT_NO_ROLE:
		api_tolak(r, PAGU_E_FORBIDDEN, NULL, NULL, P_PERAN_RUTE, "peran", api_peran_teks(r, r->tok.role),
			  "metode", r->method, "jalur", rt->path);
		return false;
	case API_ADMIT_NO_SCOPE:
		break;
	}
	api_tolak(r, PAGU_E_FORBIDDEN, NULL, NULL, P_TOKEN_OPD_RUTE, "opd", r->tok.opd_kode, "metode", r->method,
		  "jalur", r->path);
	return false;
}

/* Visible ASCII, 1..255 bytes: what an Idempotency-Key may be. */
static bool key_ok(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return false;
	return true;
}

static bool media_type_ok(struct api_req *r)
{
	const char *want = r->route->content_type ? r->route->content_type : "application/json";
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct) {
		size_t n = strcspn(ct, ";");
		while (n && ct[n - 1] == ' ')
			n--;
		if ((n == strlen(want) && !strncasecmp(ct, want, n)) ||
		    (!strcmp(r->method, "PATCH") && n == 28 && !strncasecmp(ct, "application/merge-patch+json", 28)))
			return true;
	}
	if (ct)
		api_tolak(r, PAGU_E_MEDIA_TYPE, NULL, NULL, P_JENIS_ISI_SALAH, "harus", want, "dapat", ct);
	else
		api_tolak(r, PAGU_E_MEDIA_TYPE, NULL, NULL, P_JENIS_ISI_KOSONG, "harus", want);
	return false;
}

/*
 * What a route without a body reads: a client that sends an empty JSON object (or nothing but
 * white space) with an action that takes no fields is not refused for it.
 */
#define EMPTY_BODY_MAX 64u

static size_t body_limit(const struct api_route *rt)
{
	return rt->max_body ? rt->max_body : EMPTY_BODY_MAX;
}

static void too_large(struct api_req *r)
{
	if (r->route->max_body)
		api_tolak(r, PAGU_E_TOO_LARGE, NULL, NULL, P_ISI_TERLALU_BESAR, "maks",
			  api_num(r, (long long)r->route->max_body));
	else
		api_tolak(r, PAGU_E_TOO_LARGE, NULL, NULL, P_TANPA_ISI, "metode", r->route->method, "jalur",
			  r->route->path);
}

/* A body on a route that takes none: nothing, white space or {} pass; anything else is 400. */
static bool empty_body_ok(struct api_req *r)
{
	if (r->route->max_body || !r->body_len)
		return true;
	size_t i = 0, n = r->body_len;
	const char *b = r->body;
	while (i < n && strchr(" \t\r\n", b[i]) && b[i])
		i++;
	if (i < n && b[i] == '{') {
		i++;
		while (i < n && strchr(" \t\r\n", b[i]) && b[i])
			i++;
		if (i < n && b[i] == '}')
			i++;
		else
			i = n + 1;
		while (i < n && strchr(" \t\r\n", b[i]) && b[i])
			i++;
	}
	if (i == n) {
		r->body_len = 0; /* the handler, and the Idempotency-Key's request hash, see no body */
		r->body[0] = '\0';
		return true;
	}
	api_tolak(r, PAGU_E_INVALID, "/", NULL, P_TANPA_ISIAN, "metode", r->route->method, "jalur", r->route->path);
	return false;
}

/*
 * The request budget of who is asking (budget.c), after authentication: a token's own, or a
 * session's. 429 with Retry-After when it is spent; a public route has none.
 */
static bool budget_admit(struct api_req *r)
{
	if (!r->authed)
		return true;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	uint64_t ns = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
	/* a session is its own principal (its person may hold several); the top bit keeps the two apart */
	uint64_t principal = r->tok.sesi_id ? (uint64_t)r->tok.sesi_id | (1ull << 63) : (uint64_t)r->tok.token_id;
	unsigned wait = 0;
	if (budget_take(principal, ns, &wait))
		return true;
	r->retry_after = (int)wait;
	api_tolak(r, PAGU_E_TOO_MANY, NULL, json_pack("{s:i}", "retry_after", (int)wait), P_ANGGARAN_PERMINTAAN_HABIS,
		  "detik", api_num(r, wait));
	return false;
}

static void run_handler(struct api_req *r)
{
	(void)api_json_fault_take(); /* nothing left over from an earlier request of this thread */
	if (r->body_too_large) {
		too_large(r);
		return;
	}
	if (!empty_body_ok(r))
		return;
	if (!query_check(r))
		return;
	r->db = thread_db();
	db_error_clear(r->db); /* the thread's connection may carry an earlier request's failure */
	if (!authorise(r) || !budget_admit(r))
		return;
	bool writes = strcmp(r->route->method, "GET") != 0;
	if (writes && r->route->max_body && !media_type_ok(r))
		return;
	if (writes && !r->route->safe && !r->route->own_keys && !r->route->no_key) {
		const char *k = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Idempotency-Key");
		if (!k) {
			api_tolak(r, PAGU_E_MISSING_KEY, "Idempotency-Key", NULL, P_KUNCI_PERLU);
			return;
		}
		if (!key_ok(k)) {
			api_tolak(r, PAGU_E_INVALID, "Idempotency-Key", NULL, P_KUNCI_SALAH);
			return;
		}
		r->idempotency_key = arena_strdup(&r->arena, k);
	}
	r->route->handler(r);
	/* signed synchronously after the commit, before the client hears of it (the sweep covers a crash) */
	if (r->route->checkpoint && r->status >= 200 && r->status < 300)
		checkpointer_after_commit(r->db, r->tok.pemda_id);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)cls;
	(void)version;
	struct api_req *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (r)
			r->reply_fd = -1;
		if (!r)
			return MHD_NO;
		*con_cls = r;
		atomic_fetch_add(&in_flight, 1);
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		arena_init(&r->arena);
		r->conn = conn;
		r->route_index = -1;
		r->method = arena_strdup(&r->arena, method);
		r->path = arena_strdup(&r->arena, url);
		request_id_init(r);
		/* Bahasa Indonesia unless the client asks for English (a repeated header is refused below) */
		r->bahasa = pesan_bahasa_dari(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"));
		(void)api_json_fault_take(); /* a request starts clean, whatever this thread did before */
		if (!headers_unambiguous(r, version)) {
			/* what follows on this connection cannot be framed with certainty */
			r->close = true;
			return send_reply(r);
		}
		if (atomic_load(&stopping)) {
			/* a new request on a connection kept alive: the requests in flight finish, it does not start */
			api_tolak(r, PAGU_E_SHUTTING_DOWN, NULL, NULL, P_SERVER_BERHENTI);
			return send_reply(r);
		}
		if (strncmp(r->path, "/v1/", 4) != 0 && strcmp(r->path, "/metrics") != 0 && web_serve(r))
			return send_reply(r);
		if (!api_route_find(r))
			return send_reply(r);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > body_limit(r->route)) {
			r->body_too_large = true;
			too_large(r);
			return send_reply(r);
		}
		return MHD_YES;
	}
	if (r->reply) {
		/* already answered (refused early): drain what the client still sends */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (r->body_too_large || n > body_limit(r->route) - r->body_len) {
			r->body_too_large = true;
			return MHD_YES;
		}
		if (r->body_len + n + 1 > r->body_cap) {
			size_t cap = r->body_cap ? r->body_cap : 4096;
			while (cap < r->body_len + n + 1)
				cap *= 2;
			char *nb = arena_alloc(&r->arena, cap);
			if (r->body_len)
				memcpy(nb, r->body, r->body_len);
			r->body = nb;
			r->body_cap = cap;
		}
		memcpy(r->body + r->body_len, upload_data, n);
		r->body_len += n;
		r->body[r->body_len] = '\0';
		return MHD_YES;
	}
	run_handler(r);
	return send_reply(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct api_req *r = *con_cls;
	if (!r)
		return;
	request_log(r);
	atomic_fetch_sub(&in_flight, 1);
	free(r->reply);
	if (r->reply_fd >= 0)
		close(r->reply_fd);
	arena_release(&r->arena);
	free(r);
	*con_cls = NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decoding of paths and query values. Unlike the default, "%00" stays
 * as written: decoded, it would silently cut "5.1%00.02" to "5.1"; kept, the
 * code parsers refuse it.
 */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	char *w = s;
	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (p[0] == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0 && (hi | lo) != 0) {
			*w++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static bool parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len, bool *v6)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || !colon[1])
		return false;
	char host[64];
	size_t hl = (size_t)(colon - listen);
	if (hl >= sizeof(host))
		return false;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || port > 65535)
		return false;
	memset(ss, 0, sizeof(*ss));
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return false;
		*len = sizeof(*s6);
		*v6 = true;
		return true;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		return false;
	*len = sizeof(*s4);
	*v6 = false;
	return true;
}

/* The OpenAPI document, read once at start and served as it is. */
static char *openapi_doc;
static size_t openapi_len;

void h_openapi_get(struct api_req *r)
{
	char *copy = malloc(openapi_len + 1);
	if (!copy)
		abort();
	memcpy(copy, openapi_doc, openapi_len + 1);
	api_reply_raw(r, 200, "application/json", copy, openapi_len);
}

pagu_err api_server_start(const struct api_options *opt, struct api_server **out, char *msg, size_t msgsz)
{
	if (!openapi_doc) {
		json_error_t jerr;
		json_t *doc = NULL;
		if (file_read_all(opt->openapi_path, 4u << 20, &openapi_doc, &openapi_len) != PAGU_OK ||
		    !(doc = json_loadb(openapi_doc, openapi_len, 0, &jerr))) {
			snprintf(msg, msgsz, "could not read the OpenAPI document %s", opt->openapi_path);
			free(openapi_doc);
			openapi_doc = NULL;
			return PAGU_E_IO;
		}
		json_decref(doc);
	}
	static bool rules_loaded;
	if (!rules_loaded && opt->rules_dir) {
		char why[2048];
		if (rules_gate_load(opt->rules_dir, why, sizeof(why)) != PAGU_OK) {
			snprintf(msg, msgsz, "the rule pack does not load, so pagu does not start:\n%s", why);
			return PAGU_E_INVALID;
		}
		rules_loaded = true;
	}
	struct sockaddr_storage ss;
	socklen_t sslen;
	bool v6;
	if (!parse_listen(opt->listen, &ss, &sslen, &v6)) {
		snprintf(msg, msgsz, "listen address %s is not ADDR:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)",
			 opt->listen);
		return PAGU_E_INVALID;
	}
	pagu_err we = opt->web_dir ? web_load(opt->web_dir, msg, msgsz) : PAGU_OK;
	if (we != PAGU_OK)
		return we;
	budget_configure(opt->budget_rate, opt->budget_burst);
	pthread_once(&db_key_once, db_key_make);
	struct api_server *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->conninfo = strdup(opt->conninfo);
	if (!s->conninfo)
		abort();
	if (opt->signing_key) {
		pagu_err ce = checkpointer_start(s->conninfo, opt->signing_key, opt->checkpoint_log,
						 opt->checkpoint_interval, &s->checkpointer, msg, msgsz);
		if (ce != PAGU_OK) {
			free(s->conninfo);
			free(s);
			web_release();
			return ce;
		}
	}
	db_conninfo = s->conninfo;
	{
		/* every statement against the schema: a column renamed, dropped or reordered under the code
		   stops the start here, named; a database that is not up yet is connected to on first use */
		struct db probe;
		db_init(&probe, s->conninfo);
		pagu_err pe = db_ensure(&probe);
		/* reached, and it refused a statement (PAGU_E_DB) or described one otherwise (internal) */
		bool mismatch = pe == PAGU_E_INTERNAL || pe == PAGU_E_DB;
		if (mismatch)
			snprintf(msg, msgsz, "the schema does not match the statements: %s", probe.errmsg);
		db_release(&probe);
		if (mismatch) {
			checkpointer_stop(s->checkpointer);
			free(s->conninfo);
			free(s);
			web_release();
			return pe;
		}
	}
	if (rules_loaded) {
		/* best effort: if the database is not there yet, evaluations carry the texts themselves */
		struct db seed;
		db_init(&seed, s->conninfo);
		(void)rules_gate_seed(&seed);
		db_release(&seed);
	}
	unsigned threads = opt->threads;
	if (!threads) {
		/* a worker waits on PostgreSQL for most of a request: two a core keep both busy (bench/run.sh:
		   one a core lost half the throughput under a fixed arrival rate) */
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 && n <= 128 ? 2 * (unsigned)n : 4;
	}
	/* room for API_CONNECTIONS connections, idle ones included, beside the database's and the files' */
	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < API_CONNECTIONS + 256) {
		nofile.rlim_cur = nofile.rlim_max < API_CONNECTIONS + 256 ? nofile.rlim_max : API_CONNECTIONS + 256;
		(void)setrlimit(RLIMIT_NOFILE, &nofile);
	}
	unsigned conn_limit = API_CONNECTIONS;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < API_CONNECTIONS + 256)
		conn_limit = nofile.rlim_cur > 256 + 64 ? (unsigned)nofile.rlim_cur - 256 : 64;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (v6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
				     (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT,
				     conn_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)API_PER_IP_CONNECTIONS,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_NOTIFY_COMPLETED,
				     on_completed, NULL, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(msg, msgsz, "could not listen on %s (address in use or not available)", opt->listen);
		checkpointer_stop(s->checkpointer);
		free(s->conninfo);
		free(s);
		web_release();
		return PAGU_E_IO;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	s->sealer = sealer_start(s->conninfo, opt->seal_interval);
	*out = s;
	return PAGU_OK;
}

unsigned api_server_port(const struct api_server *s)
{
	return s->port;
}

void api_server_stop(struct api_server *s)
{
	if (!s)
		return;
	if (s->daemon) {
		/* no new connections; new requests refused; what is in flight finishes (up to 60 s) */
		atomic_store(&stopping, true);
		MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
		for (int i = 0; i < 6000 && atomic_load(&in_flight) > 0; i++)
			nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
		MHD_stop_daemon(s->daemon);
		if (listen_fd != MHD_INVALID_SOCKET)
			close(listen_fd); /* quiescing hands the listening socket to us */
		atomic_store(&stopping, false);
	}
	sealer_stop(s->sealer);
	checkpointer_stop(s->checkpointer);
	free(s->conninfo);
	free(s);
	web_release();
	free(openapi_doc);
	openapi_doc = NULL;
}
