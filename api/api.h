/* api.h - what handlers see: the request, the route table, replies and problems. */
#ifndef PAGU_API_H
#define PAGU_API_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "auth.h"
#include "db.h"
#include "error.h"
#include "json_text.h"
#include "page.h"
#include "pesan.h"

/*
 * Every json_object_set_new() and json_array_append_new() in api/ is checked: a NULL value (a
 * json_pack or json_string that failed) or a failed insert is recorded for the request, which
 * then answers a 500 problem instead of a body with a member or a row silently missing
 * (json_text.h). Text a client sent goes in through api_json_text(), which cannot fail.
 */
#define json_object_set_new(object, key, value) api_json_set((object), (key), (value))
#define json_array_append_new(array, value) api_json_append((array), (value))

/* Roles a route admits: ROLE_* bits (auth.h), or API_PUBLIC for no token at all. */
#define API_PUBLIC (1u << 0)

/* What an OPD-scoped token may do on a route. */
enum api_scope {
	API_SCOPE_ANY = 0,  /* scoped tokens act like unscoped ones (reads of master data) */
	API_SCOPE_OWN_OPD,  /* the path's {kode} must be the token's OPD */
	API_SCOPE_UNSCOPED, /* only tokens without an OPD scope */
};

#define API_MAX_PATH_PARAMS 4
#define API_MAX_BODY_DEFAULT (1u << 20)

struct api_req;
typedef void (*api_handler)(struct api_req *r);

struct api_route {
	const char *method;
	const char *path; /* segments; "{name}" captures one segment */
	api_handler handler;
	unsigned roles;
	enum api_scope scope;
	size_t max_body;	  /* 0 = the route takes no body */
	const char *const *query; /* allowed query parameters, NULL-terminated; NULL = none */
	const char *content_type; /* of the body; NULL = application/json */
	bool safe;		  /* a POST that changes nothing (a dry run): no Idempotency-Key */
	bool own_keys;		  /* a POST whose items carry their own idempotency keys (a batch) */
	bool checkpoint;	  /* it may seal, lock, close or sign: what it committed is signed before the reply */
	bool no_key; /* a POST on the caller's own session or sign-in, whose reply may carry a secret: no Idempotency-Key */
	bool setup; /* a restricted session (a password to change, TOTP to enrol) may call it */
};

/* The route table (route.c). */
extern const struct api_route api_routes[];
extern const size_t api_nroutes;
/*
 * Whether token @t may call @method @path, a path of the route table ("/v1/pemda/{pemda}/ledger/sts"):
 * the route's roles and OPD scope, as the server checks them; false when there is no such route.
 * For a handler that decides for something it does on behalf of another route (a batch's items).
 */
bool api_route_admits(const char *method, const char *path, const struct auth_token *t);

/* What the route table says of a token on a route: the one rule, for the server and api_route_admits. */
enum api_admit {
	API_ADMIT,	    /* the token may call it */
	API_ADMIT_NO_ROLE,  /* its role is not among the route's */
	API_ADMIT_NO_SCOPE, /* its OPD scope does not reach this route (or this {kode}) */
};
/* @kode: the path's {kode}, or NULL when there is none or it is not known yet. */
enum api_admit api_route_check(const struct api_route *rt, const struct auth_token *t, const char *kode);

/*
 * One request. Everything allocated for it comes from @arena and is freed when
 * the response has been sent; handlers never free.
 */
struct api_req {
	struct MHD_Connection *conn;
	const struct api_route *route;
	const char *method;
	const char *path;
	const char *params[API_MAX_PATH_PARAMS]; /* captured path segments, in order */
	const char *param_names[API_MAX_PATH_PARAMS];
	int nparams;
	bool authed;
	struct auth_token tok;	     /* valid when authed */
	const char *idempotency_key; /* of a state-changing request */
	const char *etag;	     /* ETag header of the reply, or NULL */
	bool replayed;
	const char *log_detail; /* extra words for the request log (never sent) */
	struct arena arena;
	char *body;
	size_t body_len;
	size_t body_cap;
	int route_index; /* into api_routes, -1 when none matched */
	bool body_too_large;
	struct db *db;		       /* this worker thread's connection; borrowed */
	char request_id[40];	       /* issued by the server, unique per request */
	const char *client_request_id; /* the client's X-Request-Id when it is a safe token, or NULL */
	bool close;		       /* close the connection after the reply (the framing is in doubt) */
	struct timespec start;
	/* the reply, set by exactly one api_reply_* call */
	unsigned status;
	char *reply; /* malloc'd body */
	size_t reply_len;
	const char *content_type;
	const char *allow; /* Allow header for 405 */
	int reply_fd;	   /* a file to send instead of reply (>= 0 when set); the response closes it */
	uint64_t reply_fd_size;
	const char *disposition;  /* Content-Disposition of a download, or NULL */
	const char *reply_static; /* a body that outlives the request (a console file), instead of reply */
	bool web;		  /* a console file: its caching and security headers */
	enum pesan_bahasa bahasa; /* what the client reads (Accept-Language): problems, messages */
	int retry_after;	  /* seconds for a Retry-After header (a 429), 0: none */
	const char *set_cookie;	  /* a Set-Cookie header of the reply, or NULL */
	const char *sesi_rahasia; /* the session cookie's secret of a session request, or NULL */
	/* what the Idempotency-Key stores instead of the reply (the reply with its secret removed), or NULL */
	const char *idem_simpan;
};

/* Whether the server sets its cookies Secure (it is served over TLS: --secure-cookies). */
extern bool api_secure_cookies;
/* The client's address as text (in the request's arena). */
const char *api_client_address(struct api_req *r);
/* Every role of @role (ROLE_* bits) as "finance+admin", for a message (in the request's arena). */
const char *api_peran_teks(struct api_req *r, unsigned role);

/* Finds @r's route by its method and path, capturing the path's parameters; on failure replies 404 or 405 and returns false. */
bool api_route_find(struct api_req *r);

/* Replies with @len bytes of malloc'd @body (ownership taken) as @content_type. */
void api_reply_raw(struct api_req *r, unsigned status, const char *content_type, char *body, size_t len);

/*
 * Replies with the @size bytes of open file @fd (ownership taken: closed after sending),
 * streamed from disk rather than held in memory, as @content_type.
 */
void api_reply_fd(struct api_req *r, unsigned status, const char *content_type, int fd, uint64_t size);

/*
 * Replies 200 with the page @pg an engine list gave: {"items": [...], "next_cursor": the last
 * item's cursor, or null}; or, when @e is not PAGU_OK, the problem of @e about @apa (api_tolak_engine).
 */
void api_reply_page(struct api_req *r, pagu_err e, const struct json_page *pg, pesan_kunci apa);
/* Replies with @status and @body (reference stolen) as application/json. */
void api_reply_json(struct api_req *r, unsigned status, json_t *body);

/*
 * The problem of @e with the catalogue's entry @k as its detail, in the client's language, its
 * parameters given as name, value pairs of strings (base/pesan.h):
 *   api_tolak(r, PAGU_E_INVALID, hc.twice, NULL, P_HEADER_GANDA, "header", hc.twice);
 * Every refusal is said this way (tests/bahasa.sh refuses a printf problem or a literal detail).
 */
void api_tolak_(struct api_req *r, pagu_err e, const char *field, json_t *ext, pesan_kunci k, const char *const *kv);
#define api_tolak(r, e, field, ext, k, ...) \
	api_tolak_((r), (e), (field), (ext), (k), (const char *const[]){ "", ##__VA_ARGS__, NULL } + 1)
/* The entry @k rendered in the client's language (in the request's arena), for text inside a reply. */
const char *api_pesan_(struct api_req *r, pesan_kunci k, const char *const *kv);
#define api_pesan(r, k, ...) api_pesan_((r), (k), (const char *const[]){ "", ##__VA_ARGS__, NULL } + 1)
/* A number as text for a parameter (in the request's arena). */
const char *api_num(struct api_req *r, long long v);
/*
 * The problem of an engine refusal @e with what the engine said in @f: its catalogue entry when it
 * has one, else its message, else the problem's title; @f->field names the field.
 */
void api_tolak_fault(struct api_req *r, pagu_err e, json_t *ext, const struct pagu_fault *f);
/* The detail api_tolak_fault would give, for a reply that carries several refusals. */
const char *api_fault_teks(struct api_req *r, pagu_err e, const struct pagu_fault *f);
/* The title of @e in the client's language. */
const char *api_judul(struct api_req *r, pagu_err e);

/*
 * The problem as a JSON object (reference returned), for a reply that carries several; @detail is
 * text already in the client's language (api_pesan, api_fault_teks), never a literal.
 */
json_t *api_problem_new(struct api_req *r, pagu_err e, const char *field, json_t *ext, const char *detail);

/*
 * Maps an engine failure to a problem; @apa is the catalogue's noun for the thing looked for
 * (P_APA_DOKUMEN: "Dokumen" / "the document"), with its own parameters if it has any.
 */
void api_tolak_engine_(struct api_req *r, pagu_err e, pesan_kunci apa, const char *const *kv);
#define api_tolak_engine(r, e, apa, ...) \
	api_tolak_engine_((r), (e), (apa), (const char *const[]){ "", ##__VA_ARGS__, NULL } + 1)

/* Path parameter {@name} (e.g. "pemda"); NULL when the route has none. */
const char *api_param(struct api_req *r, const char *name);

/* An amount in sen as the wire string "1250000.00" (money is never a JSON number). */
json_t *api_money_json(int64_t sen);

/* Query parameter @name or NULL. */
const char *api_query(struct api_req *r, const char *name);
/*
 * Integer query parameter in [@min, @max], @dflt when absent. On a bad value
 * replies 400 naming the parameter and returns false.
 */
bool api_query_int(struct api_req *r, const char *name, long min, long max, long dflt, long *out);

/*
 * ?opd= as an OPD code, or NULL for all; for an OPD-scoped token always its own OPD, and
 * another one asked for is 403. false after a reply (400 for a malformed code).
 */
bool api_query_opd(struct api_req *r, const char **opd);

/* The fiscal year for a query without ?tahun: the current year in WIB. */
int api_current_year(void);

/* Base64url without padding; NULL-terminated results in the request arena. */
char *api_b64url_encode(struct api_req *r, const void *data, size_t len);
/* NULL when @s is not valid base64url or decodes to more than @max bytes. */
char *api_b64url_decode(struct api_req *r, const char *s, size_t max, size_t *len);

/*
 * Runs @work inside the transaction helper under the request's Idempotency-Key:
 * a stored outcome for the same request is replayed (Idempotent-Replayed: true),
 * one for a different request is 409, otherwise @work runs and, when it replies
 * 2xx, its reply is stored with the key in the same transaction. @work replies
 * through api_reply_json/api_tolak; it may run more than once (serialization
 * retries), each time from a clean reply.
 */
typedef pagu_err (*api_work_fn)(struct api_req *r, void *arg);
void api_idempotent(struct api_req *r, api_work_fn work, void *arg);

/* Handlers h_<resource>_<verb>, one file per resource (h_<resource>.c: h_opd.c holds every h_opd_*). */
void h_health_get(struct api_req *r);
void h_metrics_get(struct api_req *r);
void h_openapi_get(struct api_req *r);
void h_ref_akun_get(struct api_req *r);
void h_ref_nomenklatur_list(struct api_req *r);
void h_opd_list(struct api_req *r);
void h_opd_get(struct api_req *r);
void h_opd_create(struct api_req *r);
void h_opd_update(struct api_req *r);
void h_dokumen_list(struct api_req *r);
void h_dokumen_create(struct api_req *r);
void h_dokumen_get(struct api_req *r);
void h_dokumen_baris_add(struct api_req *r);
void h_dokumen_baris_delete(struct api_req *r);
void h_dokumen_transisi_apply(struct api_req *r);
void h_dokumen_derive(struct api_req *r);
void h_dokumen_verify(struct api_req *r);
void h_dokumen_apbd_assemble(struct api_req *r);
void h_dokumen_dpa_create(struct api_req *r);
void h_dokumen_kas_set(struct api_req *r);
void h_dokumen_diff(struct api_req *r);
void h_dokumen_import(struct api_req *r);
void h_dokumen_export(struct api_req *r);
void h_ssh_list(struct api_req *r);
void h_ssh_add(struct api_req *r);
void h_ssh_import(struct api_req *r);
void h_rules_get(struct api_req *r);
void h_rules_evaluate(struct api_req *r);
void h_rules_perkada_create(struct api_req *r);
void h_rules_perkada_list(struct api_req *r);
void h_rules_penandaan_create(struct api_req *r);
void h_rules_penandaan_list(struct api_req *r);
void h_rules_kapasitas_create(struct api_req *r);
void h_rules_kapasitas_list(struct api_req *r);
void h_rules_temuan(struct api_req *r);
/* Sets "temuan" (and, for a DPA, "temuan_dari") on a document's JSON (h_rules_temuan.c). */
pagu_err rules_temuan_attach(struct api_req *r, int64_t dokumen_id, json_t *body);
void h_rules_perkada_get(struct api_req *r);
void h_dokumen_rules_list(struct api_req *r);
void h_dokumen_pergeseran_create(struct api_req *r);
void h_dokumen_perubahan_create(struct api_req *r);
void h_dokumen_perbandingan_get(struct api_req *r);
void h_checkpoint_list(struct api_req *r);
void h_checkpoint_kunci_get(struct api_req *r);
void h_verify_get(struct api_req *r);
void h_verify_post(struct api_req *r);
/* One resource per file, h_<resource>.c holding its h_<resource>_<verb>: h_ledger.c, h_ledger_batch.c,
   h_audit.c, h_monev.c, h_laporan.c, h_pemeriksaan.c. */
void h_ledger_spd_post(struct api_req *r);
void h_ledger_spm_post(struct api_req *r);
void h_ledger_sp2d_post(struct api_req *r);
void h_ledger_sts_post(struct api_req *r);
void h_ledger_koreksi_post(struct api_req *r);
void h_ledger_void(struct api_req *r);
void h_ledger_kantong_list(struct api_req *r);
void h_ledger_entri_list(struct api_req *r);
void h_audit_list(struct api_req *r);
void h_ledger_entri_get(struct api_req *r);
void h_ledger_realisasi_get(struct api_req *r);
void h_ledger_verify_get(struct api_req *r);
void h_ledger_seal(struct api_req *r);
void h_ledger_batch_post(struct api_req *r);
void h_monev_report(struct api_req *r);
void h_monev_triwulan_close(struct api_req *r);
void h_monev_evaluasi_get(struct api_req *r);
void h_monev_skala_get(struct api_req *r);
void h_monev_skala_add(struct api_req *r);
void h_laporan_lra_get(struct api_req *r);
void h_laporan_monev_get(struct api_req *r);
void h_laporan_peringkat_get(struct api_req *r);
void h_pemeriksaan_create(struct api_req *r);
void h_pemeriksaan_get(struct api_req *r);
void h_pemeriksaan_list(struct api_req *r);
void h_sesi_get(struct api_req *r);
void h_dokumen_baris_update(struct api_req *r);
void h_pemeriksaan_temuan_add(struct api_req *r);
void h_pemeriksaan_sign(struct api_req *r);
void h_pemeriksaan_tindak_lanjut_add(struct api_req *r);
void h_pemeriksaan_temuan_close(struct api_req *r);
void h_jejak_get(struct api_req *r);
/* h_token.c: API tokens of a pemda, managed by its admin (issue 19) */
void h_token_list(struct api_req *r);
void h_token_create(struct api_req *r);
void h_token_revoke(struct api_req *r);
/* People (issue 19): h_akun.c (sign-in, the person's own account), h_pengguna.c (the admin's). */
void h_masuk_post(struct api_req *r);
void h_keluar_post(struct api_req *r);
void h_akun_sandi_post(struct api_req *r);
void h_akun_totp_post(struct api_req *r);
void h_akun_totp_aktif_post(struct api_req *r);
void h_akun_sesi_list(struct api_req *r);
void h_akun_sesi_end(struct api_req *r);
void h_akun_sesi_end_all(struct api_req *r);
void h_pengguna_list(struct api_req *r);
void h_pengguna_create(struct api_req *r);
void h_pengguna_get(struct api_req *r);
void h_pengguna_update(struct api_req *r);
void h_pengguna_nonaktif(struct api_req *r);
void h_pengguna_aktif(struct api_req *r);
void h_pengguna_reset(struct api_req *r);
void h_pengguna_sesi_list(struct api_req *r);
void h_pengguna_sesi_end(struct api_req *r);
void h_keamanan_get(struct api_req *r);
void h_keamanan_put(struct api_req *r);
struct akun_pengguna;
/* A pengguna as JSON; @admin adds what only an admin sees (failed sign-ins, live sessions). */
json_t *api_pengguna_json(struct api_req *r, const struct akun_pengguna *p, bool admin);
/* The QR code of @text as an SVG document (in the request's arena); NULL when it cannot be made. */
const char *api_qr_svg(struct api_req *r, const char *text);
void h_tugas_list(struct api_req *r);
void h_dokumen_riwayat_list(struct api_req *r);

#endif
