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
#include "db.h"
#include "error.h"

/* Roles a route admits (bit set). API_PUBLIC routes need no token. */
enum api_role {
	API_PUBLIC = 1u << 0,
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
	size_t max_body;	  /* 0 = the route takes no body */
	const char *const *query; /* allowed query parameters, NULL-terminated; NULL = none */
};

/* The route table (route.c). */
extern const struct api_route api_routes[];
extern const size_t api_nroutes;

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
	int nparams;
	struct arena arena;
	char *body;
	size_t body_len;
	size_t body_cap;
	bool body_too_large;
	struct db *db; /* this worker thread's connection; borrowed */
	char request_id[40];
	struct timespec start;
	/* the reply, set by exactly one api_reply_* call */
	unsigned status;
	char *reply; /* malloc'd body */
	size_t reply_len;
	const char *content_type;
	const char *allow; /* Allow header for 405 */
};

/* Replies with @status and @body (reference stolen) as application/json. */
void api_reply_json(struct api_req *r, unsigned status, json_t *body);

/*
 * Replies with RFC 9457 problem+json for @e: type urn:pagu:problem:<slug>,
 * title, status, detail (printf), instance, request_id; @field is the JSON
 * pointer or parameter name at fault, or NULL. @ext (reference stolen, may be
 * NULL) adds extension members.
 */
void api_problem(struct api_req *r, pagu_err e, const char *field, json_t *ext, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Maps an engine failure to a problem; @what names the thing looked for. */
void api_problem_engine(struct api_req *r, pagu_err e, const char *what);

/* Query parameter @name or NULL. */
const char *api_query(struct api_req *r, const char *name);
/*
 * Integer query parameter in [@min, @max], @dflt when absent. On a bad value
 * replies 400 naming the parameter and returns false.
 */
bool api_query_int(struct api_req *r, const char *name, long min, long max, long dflt, long *out);

/* The fiscal year for a query without ?tahun: the current year in WIB. */
int api_current_year(void);

/* Base64url without padding; NULL-terminated results in the request arena. */
char *api_b64url_encode(struct api_req *r, const void *data, size_t len);
/* NULL when @s is not valid base64url or decodes to more than @max bytes. */
char *api_b64url_decode(struct api_req *r, const char *s, size_t max, size_t *len);

/* Handlers, one file each (h_<resource>_<verb>.c). */
void h_health_get(struct api_req *r);
void h_ref_akun_get(struct api_req *r);
void h_ref_nomenklatur_list(struct api_req *r);

#endif
