/* harness.h - throw-away PostgreSQL clusters and pagu servers for the integration tests. */
#ifndef PAGU_TEST_HARNESS_H
#define PAGU_TEST_HARNESS_H

#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

/*
 * A harness owns a temporary directory with a private cluster in it (started by
 * the real `pagu db start`), optionally migrated, and optionally a real `pagu
 * serve` on a free loopback port. Nothing is mocked. The pagu binary comes
 * from $PAGU_BIN (meson sets it).
 */
struct harness {
	char dir[PATH_MAX];
	char pagu[PATH_MAX];
	pid_t server;
	unsigned port;
	char base_url[64];
	bool demo; /* serve the demo's years (tahun.sql) instead of the tests' fixture (uji.sql) */
};

/* Creates the directory and starts the cluster; aborts the test run on failure. */
void harness_start_cluster(struct harness *h);
/* Runs `pagu ARGS...` (NULL-terminated) with --var set; returns its exit status. */
int harness_pagu(struct harness *h, ...);
/* Starts `pagu serve` (migrate + the demo tenants with the tests' fixture years, `--demo=uji`, or
   with the demo's own years when h->demo) and waits until it answers. */
void harness_start_server(struct harness *h);
/* SIGTERM and wait; returns the exit status (128+signal when killed). */
int harness_stop_server(struct harness *h);
/* Stops everything and removes the directory. */
void harness_stop(struct harness *h);

/* Connection strings of the cluster's roles. */
enum harness_role { HARNESS_SUPER, HARNESS_OWNER, HARNESS_APP };
PGconn *harness_connect(struct harness *h, enum harness_role role);
/* Runs @sql (no parameters) and returns the first column of the first row, malloc'd; NULL on error. */
char *harness_query1(PGconn *c, const char *sql);

/*
 * Runs @fmt (printf-formatted; test-authored SQL only) as the cluster superuser and
 * returns the first column of the first row, malloc'd, or NULL when there is no row.
 * Exits the run on an error: safe in setup code, where Check assertions are not.
 */
char *harness_sqlf(struct harness *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Test-authored SQL on @c: the first column of the first row (malloc'd), or NULL on an error (shown on
 * stderr) or no row; harness_qlong the same as a number (0 for NULL). */
char *harness_q(PGconn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
long harness_qlong(PGconn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One transition of document @id of pemda 13.71 with the procedure, at its current revision, with
 * @alasan: false when the procedure refused it (a fixture's step that may fail). */
bool harness_step_try(PGconn *c, long id, const char *aksi, const char *alasan);

/* HTTP over loopback to the real server (libcurl). */
struct http_reply {
	long status;
	char *body; /* malloc'd, NUL-terminated */
	size_t len;
	char content_type[128];
	char allow[64];
	char request_id[64];
	char etag[64];
	bool replayed;
	char csp[512]; /* Content-Security-Policy */
	char cache_control[64];
	char nosniff[16]; /* X-Content-Type-Options */
	char content_length[24];
	char set_cookie[160]; /* Set-Cookie (a session's, issue 19) */
	char retry_after[16]; /* Retry-After of a 429 */
	char content_language[16];
	json_t *json; /* parsed body or NULL */
};
/* @body may be NULL; @headers is a NULL-terminated list of "Name: value" or NULL. */
void http_request(struct harness *h, const char *method, const char *path, const char *body, size_t body_len,
		  const char *const *headers, struct http_reply *out);
void http_get(struct harness *h, const char *path, struct http_reply *out);
void http_reply_release(struct http_reply *r);

/*
 * Asserts (Check) the reply's @status and, when given, its problem type
 * urn:pagu:problem:@slug and the problem's field @field.
 */
void http_expect(const struct http_reply *r, long status, const char *slug, const char *field);

/*
 * A request like http_auth's to @base_url (which a test may change as it restarts the
 * server), where a transport failure (refused, reset, timed out after @timeout_s) is an
 * answer, not the end of the run: false, with status 0 and nothing to release.
 */
bool http_try(const char *base_url, const char *method, const char *path, const char *token, const char *body,
	      const char *const *extra, long timeout_s, struct http_reply *out);

/*
 * Sends the @len bytes of @req as they are over a new connection (raw HTTP, for what libcurl
 * will not send: duplicated headers, pipelined requests), then reads until the server closes the
 * connection; NUL-terminated in @out. The request should end with "Connection: close" unless
 * the server is expected to close.
 */
size_t http_raw(struct harness *h, const char *req, size_t len, char *out, size_t outsz);

/*
 * Waits (up to 10 minutes: a failure deadline, not a guess) until a line of the server's log
 * holds @needle and, when given, @needle2; copies it to @line. false when none came.
 */
bool harness_log_wait(struct harness *h, const char *needle, const char *needle2, char *line, size_t linesz);

/* Creates a token with the real `pagu token create`; false when it failed. */
bool harness_token(struct harness *h, const char *pemda, const char *role, const char *opd, char *out, size_t outsz);
/* The same into @out (HARNESS_TOKEN bytes) for setup code: ends the run (exit 2) when it failed. */
#define HARNESS_TOKEN 64
void harness_token_need(struct harness *h, const char *pemda, const char *role, const char *opd, char *out);
/* A request with a bearer token (NULL: none), a JSON body (NULL: none; sets Content-Type) and extra headers. */
void http_auth(struct harness *h, const char *method, const char *path, const char *token, const char *body,
	       const char *const *extra, struct http_reply *out);

/*
 * A request with a fresh Idempotency-Key (unique in this process, threads included) and, when
 * @revisi > 0, If-Match "r@revisi"; otherwise as http_auth. Answers the status.
 */
long http_call(struct harness *h, const char *method, const char *path, const char *token, const char *body, int revisi,
	       struct http_reply *out);
/* The same in language @lang (Accept-Language: "en", "id"): a test of English wording asks for it. */
long http_call_lang(struct harness *h, const char *method, const char *path, const char *token, const char *body,
		    int revisi, const char *lang, struct http_reply *out);
/* A POST as http_call, with Idempotency-Key @key when given (NULL: a fresh one). */
void http_post(struct harness *h, const char *path, const char *token, const char *body, const char *key,
	       struct http_reply *out);
/* Copies header @name's value from the raw header @line (@len bytes) to @out, when it is that header. */
void http_header_value(const char *line, size_t len, const char *name, char *out, size_t outsz);

/*
 * Asserts (Check) that the reply is a whole RFC 9457 problem: @status, problem+json, type
 * urn:pagu:problem:@slug, the same status in the body, a title, a detail, the reply's request id
 * and, when given, the field at fault @field.
 */
void http_expect_problem(const struct http_reply *r, long status, const char *slug, const char *field);

/* The string member @key of @o; NULL when it is absent or not a string. */
const char *jstr(json_t *o, const char *key);

/*
 * Asserts (Check) that each of the @n statements @sql fails, run as the application role and as
 * the cluster superuser: what PostgreSQL itself refuses (append-only tables, immutable records).
 */
void harness_refused_by_all(struct harness *h, const char *const *sql, size_t n);

/*
 * POSTs a document {tahun, jenis[, opd_kode]} of pemda 13.71 as @token (with a fresh key) and
 * asserts it was created at revision 1; answers its id.
 */
long harness_dokumen_create(struct harness *h, const char *token, int tahun, const char *jenis, const char *opd);
/* GETs document @id of pemda 13.71 as @token, asserts 200, and answers its JSON (the caller decrefs it). */
json_t *harness_dokumen_get(struct harness *h, long id, const char *token);

/* Moves document version @id of pemda 13.71 one step (@aksi) with the stored procedure (fixtures only). */
void harness_step(struct harness *h, long id, const char *aksi);
/* The same for a version of @pemda. */
void harness_step_of(struct harness *h, const char *pemda, long id, const char *aksi);
/* Runs @sql as the superuser with triggers and foreign keys off (the attacker of issue 16); asserts it ran. */
void harness_tamper(struct harness *h, const char *sql);
/*
 * Kota Padang's (13.71) 2027, up to BPKAD's DPA locked: a pendapatan line (target 5000) and a
 * belanja line (1000), so pockets both ways (fixtures only).
 */
void harness_bpkad_2027(struct harness *h);
/* The same for @pemda's year @tahun (the pemda has BPKAD, OPD 5.02.0.00.0.00.01.0000). */
void harness_bpkad_year(struct harness *h, const char *pemda, int tahun);

/* A person's signed-in session (issue 19): the cookie's secret and the CSRF token ("": none sent). */
struct harness_sesi {
	char cookie[64];
	char csrf[80];
};
/* A request of session @s (NULL: no cookie): Cookie and X-CSRF-Token, a JSON body (NULL: none), extra headers. */
void http_sesi(struct harness *h, const char *method, const char *path, const struct harness_sesi *s, const char *body,
	       const char *const *extra, struct http_reply *out);
/* POST /v1/masuk as @nip with @sandi and @kode (NULL: none); asserts (Check) @status; on 200 fills @s. */
void harness_masuk(struct harness *h, const char *nip, const char *sandi, const char *kode, long status,
		   struct harness_sesi *s, struct http_reply *out);
/* A person of @pemda with @peran (a JSON array) and OPD @opd (NULL: none), made by admin token @admin: their
   one-time code into @kode, their id answered. Ends the run when it fails. */
long harness_pengguna_create(struct harness *h, const char *pemda, const char *admin, const char *nip,
			     const char *peran, const char *opd, char kode[32]);
/* The same, signed in with the code and given password @sandi: their session in @s. Ends the run when it fails. */
long harness_sesi_need(struct harness *h, const char *pemda, const char *admin, const char *nip, const char *peran,
		       const char *opd, const char *sandi, struct harness_sesi *s);

/*
 * Runs @s unforked (the server and cluster live in this process), then stops the server (an exit
 * status other than 0 counts as a failure, with the log's path said) and the harness. Answers
 * main()'s exit status.
 */
int harness_run(struct harness *h, Suite *s);

/* The first English word of @text that never belongs in an Indonesian answer; NULL when none. */
static inline const char *harness_inggris(const char *text)
{
	static const char *const w[] = { "the ",  " must ",    " not found", " is ",	"pending",
					 " was ", " may not ", " has ",	     " would ", " goes from " };
	for (size_t i = 0; text && i < sizeof(w) / sizeof(w[0]); i++)
		if (strstr(text, w[i]))
			return w[i];
	return NULL;
}

/* The TOTP code (RFC 6238, liboath: 30 s, 6 digits) of base32 secret @b32 at time @t, into @out. */
void harness_totp(const char *b32, time_t t, char out[7]);

#endif
