/* web.h - the web console's static files (web/), served at / by the same server as the API. */
#ifndef PAGU_WEB_H
#define PAGU_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "error.h"

/* Most files and bytes the console may hold; a larger tree is refused at start-up. */
#define WEB_MAX_FILES 512
#define WEB_MAX_BYTES (16u << 20)

/*
 * Reads every regular file of @dir (recursively; symbolic links, dot files and names
 * of unknown type skipped) into memory, once, at start-up. Requests are then answered
 * from that table by exact path, so no request path ever reaches the file system:
 * "..", "%2e%2e", backslashes or NUL cannot name a file outside it. A missing @dir
 * leaves the table empty (the API still serves). Loaded once per process: a second call
 * before web_release() changes nothing. On failure writes a reason to @msg.
 */
pagu_err web_load(const char *dir, char *msg, size_t msgsz);

/* The number of files loaded. */
size_t web_count(void);

/*
 * Answers a GET/HEAD of a console path ("/" is "/index.html") from the table, with
 * its content type, ETag, and the console's security headers (see server.c). false
 * when @r's path is not one of the files: the caller goes on to the API's routes.
 */
bool web_serve(struct api_req *r);

/* Frees the table. */
void web_release(void);

#endif
