/* reply.c - JSON and problem+json replies, query parameters, small encoders. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

#include <unistd.h>
#include "money.h"
#include "opd_json.h"
#include "waktu.h"

static void set_reply(struct api_req *r, unsigned status, json_t *body, const char *type)
{
	/* a handler bug if it replies twice; keep the first answer */
	if (r->reply) {
		json_decref(body);
		return;
	}
	/*
	 * A jansson call that failed while this reply was built (a NULL dropped into an object or
	 * array, a json_pack that returned NULL) means the body would be missing something: say so
	 * rather than send it. Client text goes through api_json_text(), so this is our bug or no
	 * memory, never bad input.
	 */
	bool fault = api_json_fault_take() || !body;
	char *s = fault ? NULL : json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(body);
	if (!s) {
		r->log_detail = "the reply could not be built as JSON (a jansson call failed)";
		/* the catalogue's text (no quote or backslash in either language) with the request id */
		char fallback[512];
		const char *teks = pesan_teks(P_BALASAN_GAGAL, r->bahasa);
		const char *at = strstr(teks, "{request_id}");
		int pre = at ? (int)(at - teks) : (int)strlen(teks);
		int n = snprintf(fallback, sizeof(fallback),
				 "{\"type\":\"urn:pagu:problem:%s\",\"title\":\"%s\",\"status\":%d,"
				 "\"detail\":\"%.*s%s%s\",\"request_id\":\"%s\"}",
				 pagu_err_slug(PAGU_E_INTERNAL), api_judul(r, PAGU_E_INTERNAL),
				 pagu_err_status(PAGU_E_INTERNAL), pre, teks, at ? r->request_id : "",
				 at ? at + strlen("{request_id}") : "", r->request_id);
		s = n > 0 ? strndup(fallback, (size_t)n) : NULL;
		if (!s)
			return; /* no memory even for that: send_reply tries its own problem */
		status = (unsigned)pagu_err_status(PAGU_E_INTERNAL);
		type = "application/problem+json";
	}
	r->status = status;
	r->reply = s;
	r->reply_len = strlen(s);
	r->content_type = type;
}

void api_reply_raw(struct api_req *r, unsigned status, const char *content_type, char *body, size_t len)
{
	if (r->reply) {
		free(body);
		return;
	}
	r->status = status;
	r->reply = body;
	r->reply_len = len;
	r->content_type = content_type;
}

void api_reply_json(struct api_req *r, unsigned status, json_t *body)
{
	set_reply(r, status, body, "application/json");
}

json_t *api_problem_new(struct api_req *r, pagu_err e, const char *field, json_t *ext, const char *detail)
{
	json_t *p = ext ? ext : json_object();
	char type[96];
	snprintf(type, sizeof(type), "urn:pagu:problem:%s", pagu_err_slug(e));
	json_object_set_new(p, "type", json_string(type));
	json_object_set_new(p, "title", json_string(api_judul(r, e)));
	json_object_set_new(p, "status", json_integer(pagu_err_status(e)));
	/* detail and field may quote client input that is not UTF-8: its bad bytes show as \xNN */
	json_object_set_new(p, "detail", api_json_text(detail));
	json_object_set_new(p, "instance", api_json_text(r->path));
	json_object_set_new(p, "request_id", json_string(r->request_id));
	if (field)
		json_object_set_new(p, "field", api_json_text(field));
	return p;
}

const char *api_judul(struct api_req *r, pagu_err e)
{
	return r->bahasa == BAHASA_EN ? pagu_err_title(e) : pagu_err_judul(e);
}

const char *api_pesan_(struct api_req *r, pesan_kunci k, const char *const *kv)
{
	const char *s = pesan_render(&r->arena, r->bahasa, k, kv);
	return s ? s : pesan_teks(k, r->bahasa);
}

void api_tolak_(struct api_req *r, pagu_err e, const char *field, json_t *ext, pesan_kunci k, const char *const *kv)
{
	set_reply(r, (unsigned)pagu_err_status(e), api_problem_new(r, e, field, ext, api_pesan_(r, k, kv)),
		  "application/problem+json");
}

const char *api_num(struct api_req *r, long long v)
{
	return arena_printf(&r->arena, "%lld", v);
}

const char *api_fault_teks(struct api_req *r, pagu_err e, const struct pagu_fault *f)
{
	if (f && f->pesan > P_TANPA_ && f->pesan < P_COUNT_)
		return api_pesan_(r, (pesan_kunci)f->pesan, f->param);
	if (f && f->message)
		return f->message;
	return api_judul(r, e);
}

void api_tolak_fault(struct api_req *r, pagu_err e, json_t *ext, const struct pagu_fault *f)
{
	set_reply(r, (unsigned)pagu_err_status(e),
		  api_problem_new(r, e, f ? f->field : NULL, ext, api_fault_teks(r, e, f)), "application/problem+json");
}

void api_tolak_engine_(struct api_req *r, pagu_err e, pesan_kunci apa, const char *const *kv)
{
	const char *what = api_pesan_(r, apa, kv);
	switch (e) {
	case PAGU_E_NOT_FOUND:
		api_tolak(r, e, NULL, NULL, P_NOT_FOUND, "apa", what);
		break;
	case PAGU_E_DB_UNAVAILABLE:
		api_tolak(r, e, NULL, NULL, P_DB_UNREACHABLE);
		break;
	case PAGU_E_STORED_RANGE:
		/* not the database's words: db_sen() wrote what it found */
		r->log_detail = arena_printf(&r->arena, "%s", r->db ? r->db->stored : "");
		if (r->db && r->db->stored[0])
			api_tolak(r, e, NULL, NULL, P_TERSIMPAN_DILUAR, "apa", what, "nilai", r->db->stored,
				  "request_id", r->request_id);
		else
			api_tolak(r, e, NULL, NULL, P_TERSIMPAN_DILUAR_, "apa", what, "request_id", r->request_id);
		break;
	case PAGU_E_DB_TIMEOUT:
		api_tolak(r, e, NULL, NULL, P_DB_LAMBAT, "apa", what);
		break;
	default:
		/* the database's own words go to the log, never to the client */
		if (r->db && r->db->errmsg[0] && e == PAGU_E_DB)
			r->log_detail = arena_printf(&r->arena, "%s (sqlstate %s)", r->db->errmsg, r->db->sqlstate);
		api_tolak(r, e, NULL, NULL, P_GAGAL_DICATAT, "apa", what, "request_id", r->request_id);
		break;
	}
}

void api_reply_fd(struct api_req *r, unsigned status, const char *content_type, int fd, uint64_t size)
{
	free(r->reply);
	r->reply = NULL;
	r->reply_len = 0;
	if (r->reply_fd >= 0)
		close(r->reply_fd);
	r->reply_fd = fd;
	r->reply_fd_size = size;
	r->status = status;
	r->content_type = content_type;
}

json_t *api_money_json(int64_t sen)
{
	char buf[MONEY_STR_MAX];
	money_format(sen, buf);
	return json_string(buf);
}

const char *api_query(struct api_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool api_query_int(struct api_req *r, const char *name, long min, long max, long dflt, long *out)
{
	const char *v = api_query(r, name);
	if (!v) {
		*out = dflt;
		return true;
	}
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	bool digits = *v && (*v == '-' || (*v >= '0' && *v <= '9'));
	if (!digits || *end || errno || n < min || n > max) {
		api_tolak(r, PAGU_E_INVALID, name, NULL, P_QUERY_BUKAN_BULAT, "nama", name, "min", api_num(r, min),
			  "maks", api_num(r, max));
		return false;
	}
	*out = n;
	return true;
}

int api_current_year(void)
{
	/* Indonesian fiscal years follow the calendar year of today in WIB, or of the training date */
	return waktu_tahun();
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *api_b64url_encode(struct api_req *r, const void *data, size_t len)
{
	const unsigned char *s = data;
	char *out = arena_alloc(&r->arena, (len + 2) / 3 * 4 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		if (i + 1 < len)
			out[o++] = b64[(v >> 6) & 63];
		if (i + 2 < len)
			out[o++] = b64[v & 63];
	}
	out[o] = '\0';
	return out;
}

static int b64_val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;
	return p ? (int)(p - b64) : -1;
}

char *api_b64url_decode(struct api_req *r, const char *s, size_t max, size_t *len)
{
	size_t n = strlen(s);
	if (n % 4 == 1 || n / 4 * 3 + 3 > max + 3)
		return NULL;
	char *out = arena_alloc(&r->arena, n / 4 * 3 + 3);
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64_val(s[i]);
		if (v < 0)
			return NULL;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	/* leftover bits must be zero for a canonical encoding */
	if (bits && (acc & ((1u << bits) - 1)))
		return NULL;
	if (o > max)
		return NULL;
	out[o] = '\0';
	*len = o;
	return out;
}

void api_reply_page(struct api_req *r, pagu_err e, const struct json_page *pg, pesan_kunci apa)
{
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, apa);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < pg->n; i++) {
		json_error_t err;
		json_array_append_new(items, json_loads(pg->items[i], 0, &err));
	}
	json_t *next = pg->next_cursor ? json_string(pg->next_cursor) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

bool api_query_opd(struct api_req *r, const char **opd)
{
	*opd = api_query(r, "opd");
	if (*opd && opd_check_kode(*opd, strlen(*opd))) {
		api_tolak(r, PAGU_E_BAD_CODE, "opd", NULL, P_OPD_BUKAN_KODE, "opd", *opd);
		return false;
	}
	if (r->tok.opd_kode[0]) {
		if (*opd && strcmp(*opd, r->tok.opd_kode)) {
			api_tolak(r, PAGU_E_FORBIDDEN, "opd", NULL, P_TOKEN_BACA_OPD, "opd", r->tok.opd_kode);
			return false;
		}
		*opd = r->tok.opd_kode;
	}
	return true;
}
