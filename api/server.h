/* server.h - the HTTP server: libmicrohttpd daemon, dispatch, per-thread database. */
#ifndef PAGU_SERVER_H
#define PAGU_SERVER_H

#include <stddef.h>

#include "error.h"

struct api_options {
	const char *listen;	    /* "ADDR:PORT" or "[V6ADDR]:PORT"; port 0 = any free port */
	const char *conninfo;	    /* the application role's connection string */
	unsigned threads;	    /* 0 = two per CPU */
	const char *openapi_path;   /* the OpenAPI document served at /v1/openapi.json */
	const char *rules_dir;	    /* the national rule pack (*.rules); the server does not start when it is broken */
	unsigned seal_interval;	    /* seconds between automatic ledger seals; 0 = only on request */
	const char *web_dir;	    /* the console's files (web/), served at /; NULL or missing: none */
	const char *signing_key;    /* the checkpoint signing key's file (created when missing); NULL: no signing */
	const char *checkpoint_log; /* the log outside PostgreSQL every checkpoint is appended to */
	unsigned checkpoint_interval;	    /* seconds between sweeps that sign what is still unsigned; 0: none */
	unsigned budget_rate, budget_burst; /* requests a second and at once per token or session; rate 0: no budget */
};

/* Connections one client address may hold open; the rest wait or are refused. */
#define API_PER_IP_CONNECTIONS 256
/* Connections at once, idle keep-alive ones included (fewer when the open-file limit is lower). */
#define API_CONNECTIONS 4096

struct api_server;

/* Starts serving; on failure writes a one-line reason to @msg. */
pagu_err api_server_start(const struct api_options *opt, struct api_server **out, char *msg, size_t msgsz);
/* The port actually bound. */
unsigned api_server_port(const struct api_server *s);
/* Stops accepting, finishes in-flight requests, frees everything. Accepts NULL. */
void api_server_stop(struct api_server *s);

#endif
