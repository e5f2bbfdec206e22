/* json_spec.c - one place where request bodies are checked against declared fields. */
#include "json_spec.h"

#include <stdio.h>
#include <string.h>

#include "money.h"

/* YYYY-MM-DD, a real day of the Gregorian calendar, years 2000 to 2100. */
pesan_kunci jspec_check_date(const char *s, size_t len)
{
	int y, m, d, n = 0;
	if (len != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' || s[7] != '-')
		return P_BUKAN_TANGGAL;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return P_BUKAN_TANGGAL;
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap))
		return P_BUKAN_HARI_SAH;
	return P_TANPA_;
}

static const struct jspec *spec_find(const struct jspec *spec, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(spec[i].name, name))
			return &spec[i];
	return NULL;
}

static bool bad(struct api_req *r, pagu_err e, const char *field, pesan_kunci k)
{
	api_tolak(r, e, field, NULL, k, "apa", field);
	return false;
}

static bool take_string(struct api_req *r, const struct jspec *s, json_t *v, const char *path, const char **out)
{
	if (!json_is_string(v))
		return bad(r, PAGU_E_INVALID, path, P_HARUS_TEKS);
	size_t len = json_string_length(v);
	const char *str = json_string_value(v);
	size_t max = s->max_len ? s->max_len : JSPEC_DEFAULT_MAX_LEN;
	if (len > max) {
		api_tolak(r, PAGU_E_INVALID, path, NULL, P_TERLALU_PANJANG, "apa", path, "maks",
			  api_num(r, (long long)max));
		return false;
	}
	if (s->check) {
		pesan_kunci why = s->check(str, len);
		if (why) {
			api_tolak(r, PAGU_E_INVALID, path, NULL, why, "apa", path);
			return false;
		}
	}
	*out = arena_strndup(&r->arena, str, len);
	return true;
}

static bool take(struct api_req *r, const struct jspec *s, json_t *v, const char *path)
{
	if (json_is_null(v)) {
		if (!s->nullable)
			return bad(r, PAGU_E_INVALID, path, P_TIDAK_BOLEH_NULL);
		if (s->type == JSPEC_STRING)
			*(const char **)s->out = NULL;
		return true;
	}
	switch (s->type) {
	case JSPEC_STRING:
		return take_string(r, s, v, path, (const char **)s->out);
	case JSPEC_INT: {
		if (!json_is_integer(v))
			return bad(r, PAGU_E_INVALID, path, P_HARUS_BULAT);
		json_int_t n = json_integer_value(v);
		if (n < s->min || n > s->max) {
			api_tolak(r, PAGU_E_INVALID, path, NULL, P_DILUAR_RENTANG, "apa", path, "min",
				  api_num(r, (long long)s->min), "maks", api_num(r, (long long)s->max));
			return false;
		}
		*(int64_t *)s->out = n;
		return true;
	}
	case JSPEC_BOOL:
		if (!json_is_boolean(v))
			return bad(r, PAGU_E_INVALID, path, P_HARUS_BOOL);
		*(bool *)s->out = json_is_true(v);
		return true;
	case JSPEC_MONEY: {
		if (!json_is_string(v))
			return bad(r, PAGU_E_BAD_MONEY, path, P_UANG_HARUS_TEKS);
		int64_t sen;
		pagu_err e = money_parse(json_string_value(v), json_string_length(v), 0, &sen);
		if (e == PAGU_E_OVERFLOW)
			return bad(r, PAGU_E_OVERFLOW, path, P_UANG_TERLALU_BESAR);
		if (e != PAGU_OK)
			return bad(r, PAGU_E_BAD_MONEY, path, P_UANG_SALAH);
		*(int64_t *)s->out = sen;
		return true;
	}
	case JSPEC_ARRAY: {
		if (!json_is_array(v))
			return bad(r, PAGU_E_INVALID, path, P_HARUS_LARIK);
		size_t n = json_array_size(v), max = s->max_items ? s->max_items : JSPEC_DEFAULT_MAX_ITEMS;
		if (n > max) {
			api_tolak(r, PAGU_E_INVALID, path, NULL, P_TERLALU_BANYAK_ITEM, "apa", path, "maks",
				  api_num(r, (long long)max));
			return false;
		}
		*(json_t **)s->out = json_incref(v);
		return true;
	}
	case JSPEC_STRING_ARRAY: {
		if (!json_is_array(v))
			return bad(r, PAGU_E_INVALID, path, P_HARUS_LARIK_TEKS);
		size_t n = json_array_size(v), max = s->max_items ? s->max_items : JSPEC_DEFAULT_MAX_ITEMS;
		if (n > max) {
			api_tolak(r, PAGU_E_INVALID, path, NULL, P_TERLALU_BANYAK_ITEM, "apa", path, "maks",
				  api_num(r, (long long)max));
			return false;
		}
		struct jspec_strings *out = s->out;
		const char **items = arena_alloc(&r->arena, sizeof(*items) * (n ? n : 1));
		for (size_t i = 0; i < n; i++) {
			char *ipath = arena_printf(&r->arena, "%s/%zu", path, i);
			if (!take_string(r, s, json_array_get(v, i), ipath, &items[i]))
				return false;
		}
		out->items = items;
		out->n = n;
		return true;
	}
	}
	return bad(r, PAGU_E_INTERNAL, path, P_TIPE_TAK_DIKENAL);
}

/* Applies @spec to object @root whose path is @prefix ("" for the body). */
static bool parse_object(struct api_req *r, json_t *root, const char *prefix, const struct jspec *spec, size_t n)
{
	if (!json_is_object(root)) {
		if (prefix[0])
			api_tolak(r, PAGU_E_INVALID, prefix, NULL, P_HARUS_OBJEK, "apa", prefix);
		else
			api_tolak(r, PAGU_E_INVALID, prefix, NULL, P_ISI_HARUS_OBJEK);
		return false;
	}
	const char *key;
	json_t *v;
	json_object_foreach (root, key, v) {
		const struct jspec *s = spec_find(spec, n, key);
		/* the key itself came from the client: bound what is echoed */
		if (!s) {
			char shown[64];
			snprintf(shown, sizeof(shown), "%.60s", key);
			api_tolak(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/%s", prefix, shown), NULL,
				  P_ISIAN_ASING, "nama", shown);
			return false;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct jspec *s = &spec[i];
		char *path = arena_printf(&r->arena, "%s/%s", prefix, s->name);
		v = json_object_get(root, s->name);
		if (s->present)
			*s->present = v != NULL;
		if (!v) {
			if (s->required) {
				api_tolak(r, PAGU_E_INVALID, path, NULL, P_WAJIB_ISI, "apa", path);
				return false;
			}
			continue;
		}
		if (!take(r, s, v, path))
			return false;
	}
	return true;
}

/* The fields of @spec before its JSPEC_END; false (replied 500) when it has none within JSPEC_MAX_FIELDS. */
static bool spec_count(struct api_req *r, const struct jspec *spec, size_t *n)
{
	for (size_t i = 0; i <= JSPEC_MAX_FIELDS; i++) {
		if (!spec[i].name) {
			*n = i;
			return true;
		}
	}
	api_tolak(r, PAGU_E_INTERNAL, "", NULL, P_SPEC_TANPA_AKHIR);
	return false;
}

bool json_spec_object(struct api_req *r, json_t *obj, const char *prefix, const struct jspec *spec)
{
	size_t n;
	return spec_count(r, spec, &n) && parse_object(r, obj, prefix, spec, n);
}

bool json_spec_parse(struct api_req *r, const struct jspec *spec)
{
	size_t n;
	if (!spec_count(r, spec, &n))
		return false;
	json_error_t err;
	json_t *root = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!root) {
		api_tolak(r, PAGU_E_BAD_JSON, "", NULL, P_JSON_RUSAK, "alasan", err.text, "baris", api_num(r, err.line),
			  "kolom", api_num(r, err.column));
		return false;
	}
	bool ok = parse_object(r, root, "", spec, n);
	json_decref(root);
	return ok;
}
