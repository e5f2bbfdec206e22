/* web.c - the web console's files, read once at start-up and served from memory by exact path. */
#include "web.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileutil.h"
#include "hash.h"

struct web_file {
	char *path; /* "/js/app.js" */
	char *body;
	size_t len;
	const char *type;
	char etag[24]; /* "\"<16 hex of the SHA-256>\"" */
};

static struct web_file *files;
static size_t nfiles;
static size_t total;

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *type_of(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);
		if (n > e && !strcmp(name + n - e, types[i].ext))
			return types[i].type;
	}
	return NULL;
}

/* A name the table may hold: visible ASCII letters, digits, '-', '_', '.', not starting with '.'. */
static bool name_ok(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

static pagu_err add_file(const char *fs_path, const char *url, const char *type, char *msg, size_t msgsz)
{
	if (nfiles == WEB_MAX_FILES) {
		snprintf(msg, msgsz, "the web console has more than %d files", WEB_MAX_FILES);
		return PAGU_E_INVALID;
	}
	char *body = NULL;
	size_t len = 0;
	if (file_read_all(fs_path, WEB_MAX_BYTES, &body, &len) != PAGU_OK) {
		snprintf(msg, msgsz, "could not read the web console's file %s", fs_path);
		return PAGU_E_IO;
	}
	if (len > WEB_MAX_BYTES - total) {
		free(body);
		snprintf(msg, msgsz, "the web console is larger than %u bytes", WEB_MAX_BYTES);
		return PAGU_E_INVALID;
	}
	struct web_file *f = &files[nfiles];
	f->path = strdup(url);
	if (!f->path) {
		free(body);
		snprintf(msg, msgsz, "out of memory reading the web console");
		return PAGU_E_NOMEM;
	}
	f->body = body;
	f->len = len;
	f->type = type;
	char hex[HASH_HEX_LEN + 1];
	hash_sha256_hex(body, len, hex);
	snprintf(f->etag, sizeof(f->etag), "\"%.16s\"", hex);
	total += len;
	nfiles++;
	return PAGU_OK;
}

static pagu_err walk(const char *dir, const char *url, int depth, char *msg, size_t msgsz)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(msg, msgsz, "could not open the web console's directory %s: %s", dir, strerror(errno));
		return PAGU_E_IO;
	}
	pagu_err e = PAGU_OK;
	struct dirent *de;
	while (e == PAGU_OK && (de = readdir(d))) {
		if (!name_ok(de->d_name))
			continue;
		char fs[4096], u[1024];
		if ((size_t)snprintf(fs, sizeof(fs), "%s/%s", dir, de->d_name) >= sizeof(fs) ||
		    (size_t)snprintf(u, sizeof(u), "%s/%s", url, de->d_name) >= sizeof(u))
			continue;
		struct stat st;
		if (lstat(fs, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 6)
				e = walk(fs, u, depth + 1, msg, msgsz);
		} else if (S_ISREG(st.st_mode)) {
			const char *type = type_of(de->d_name);
			if (type)
				e = add_file(fs, u, type, msg, msgsz);
		}
	}
	closedir(d);
	return e;
}

pagu_err web_load(const char *dir, char *msg, size_t msgsz)
{
	if (files) /* a server of this process serves them already; web_release() comes after it stops */
		return PAGU_OK;
	struct stat st;
	if (stat(dir, &st) != 0 && errno == ENOENT)
		return PAGU_OK;
	files = calloc(WEB_MAX_FILES, sizeof(*files));
	if (!files) {
		snprintf(msg, msgsz, "out of memory reading the web console");
		return PAGU_E_NOMEM;
	}
	pagu_err e = walk(dir, "", 0, msg, msgsz);
	if (e != PAGU_OK)
		web_release();
	return e;
}

size_t web_count(void)
{
	return nfiles;
}

static const struct web_file *find(const char *path)
{
	if (!strcmp(path, "/"))
		path = "/index.html";
	for (size_t i = 0; i < nfiles; i++)
		if (!strcmp(files[i].path, path))
			return &files[i];
	return NULL;
}

bool web_serve(struct api_req *r)
{
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return false;
	const struct web_file *f = find(r->path);
	if (!f)
		return false;
	r->web = true;
	r->etag = f->etag;
	const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	bool same = inm && strstr(inm, f->etag);
	r->reply_static = same ? "" : f->body;
	r->reply_len = same ? 0 : f->len;
	r->content_type = f->type;
	r->status = same ? 304 : 200;
	return true;
}

void web_release(void)
{
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].path);
		free(files[i].body);
	}
	free(files);
	files = NULL;
	nfiles = 0;
	total = 0;
}
