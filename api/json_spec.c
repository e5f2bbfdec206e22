/* json_spec.c - one place where request bodies are checked against declared fields. */
#include "json_spec.h"

#include <stdio.h>
#include <string.h>

#include "money.h"

/* YYYY-MM-DD, a real day of the Gregorian calendar, years 2000 to 2100. */
const char *jspec_check_date(const char *s, size_t len)
{
	int y, m, d, n = 0;
	if (len != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' || s[7] != '-')
		return "is not a date YYYY-MM-DD";
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return "is not a date YYYY-MM-DD";
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap))
		return "is not a day between 2000-01-01 and 2100-12-31";
	return NULL;
}

static const struct jspec *spec_find(const struct jspec *spec, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(spec[i].name, name))
			return &spec[i];
	return NULL;
}

static bool bad(struct api_req *r, pagu_err e, const char *field, const char *fmt, const char *what)
{
	api_problem(r, e, field, NULL, fmt, field, what);
	return false;
}

static bool take_string(struct api_req *r, const struct jspec *s, json_t *v, const char *path, const char **out)
{
	if (!json_is_string(v))
		return bad(r, PAGU_E_INVALID, path, "%s must be %s", "a string");
	size_t len = json_string_length(v);
	const char *str = json_string_value(v);
	size_t max = s->max_len ? s->max_len : JSPEC_DEFAULT_MAX_LEN;
	if (len > max) {
		api_problem(r, PAGU_E_INVALID, path, NULL, "%s is longer than %zu bytes", path, max);
		return false;
	}
	if (s->check) {
		const char *why = s->check(str, len);
		if (why) {
			api_problem(r, PAGU_E_INVALID, path, NULL, "%s %s", path, why);
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
			return bad(r, PAGU_E_INVALID, path, "%s must not be %s", "null");
		if (s->type == JSPEC_STRING)
			*(const char **)s->out = NULL;
		return true;
	}
	switch (s->type) {
	case JSPEC_STRING:
		return take_string(r, s, v, path, (const char **)s->out);
	case JSPEC_INT: {
		if (!json_is_integer(v))
			return bad(r, PAGU_E_INVALID, path, "%s must be %s", "an integer");
		json_int_t n = json_integer_value(v);
		if (n < s->min || n > s->max) {
			api_problem(r, PAGU_E_INVALID, path, NULL, "%s must be from %lld to %lld", path,
				    (long long)s->min, (long long)s->max);
			return false;
		}
		*(int64_t *)s->out = n;
		return true;
	}
	case JSPEC_BOOL:
		if (!json_is_boolean(v))
			return bad(r, PAGU_E_INVALID, path, "%s must be %s", "true or false");
		*(bool *)s->out = json_is_true(v);
		return true;
	case JSPEC_MONEY: {
		if (!json_is_string(v))
			return bad(r, PAGU_E_BAD_MONEY, path, "%s must be %s",
				   "an amount as a string like \"1250000.00\"");
		int64_t sen;
		pagu_err e = money_parse(json_string_value(v), json_string_length(v), 0, &sen);
		if (e == PAGU_E_OVERFLOW)
			return bad(r, PAGU_E_OVERFLOW, path, "%s is %s", "larger than 9999999999999999.99");
		if (e != PAGU_OK)
			return bad(r, PAGU_E_BAD_MONEY, path, "%s must be %s",
				   "a non-negative amount with at most two decimals, like \"1250000.00\"");
		*(int64_t *)s->out = sen;
		return true;
	}
	case JSPEC_ARRAY: {
		if (!json_is_array(v))
			return bad(r, PAGU_E_INVALID, path, "%s must be %s", "an array");
		size_t n = json_array_size(v), max = s->max_items ? s->max_items : JSPEC_DEFAULT_MAX_ITEMS;
		if (n > max) {
			api_problem(r, PAGU_E_INVALID, path, NULL, "%s has more than %zu items", path, max);
			return false;
		}
		*(json_t **)s->out = json_incref(v);
		return true;
	}
	case JSPEC_STRING_ARRAY: {
		if (!json_is_array(v))
			return bad(r, PAGU_E_INVALID, path, "%s must be %s", "an array of strings");
		size_t n = json_array_size(v), max = s->max_items ? s->max_items : JSPEC_DEFAULT_MAX_ITEMS;
		if (n > max) {
			api_problem(r, PAGU_E_INVALID, path, NULL, "%s has more than %zu items", path, max);
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
	return bad(r, PAGU_E_INTERNAL, path, "%s has %s", "an undeclared type");
}

/* Applies @spec to object @root whose path is @prefix ("" for the body). */
static bool parse_object(struct api_req *r, json_t *root, const char *prefix, const struct jspec *spec, size_t n)
{
	if (!json_is_object(root)) {
		api_problem(r, PAGU_E_INVALID, prefix, NULL, "%s must be a JSON object",
			    prefix[0] ? prefix : "the body");
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
			api_problem(r, PAGU_E_INVALID, arena_printf(&r->arena, "%s/%s", prefix, shown), NULL,
				    "unknown field %s", shown);
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
				api_problem(r, PAGU_E_INVALID, path, NULL, "%s is required", path);
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
	api_problem(r, PAGU_E_INTERNAL, "", NULL, "%s", "a handler's input declaration has no end");
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
		api_problem(r, PAGU_E_BAD_JSON, "", NULL, "the body is not valid JSON: %s (line %d, column %d)",
			    err.text, err.line, err.column);
		return false;
	}
	bool ok = parse_object(r, root, "", spec, n);
	json_decref(root);
	return ok;
}
