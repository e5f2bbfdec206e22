/* json_text.c - JSON strings from bytes that may not be UTF-8, and jansson failures that are never dropped. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_text.h"

#include "utf8.h"

/*
 * Set when a jansson call of this thread's request failed (a NULL value, a key that is not
 * UTF-8, no memory); the reply then is a problem instead of a body with a member missing.
 * A request runs on one thread from its handler to its reply.
 */
static _Thread_local bool json_fault;

long api_utf8_invalid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(u + i, len - i);
		if (!n)
			return (long)i;
		i += n;
	}
	return -1;
}

json_t *api_json_textn(const char *s, size_t len)
{
	if (!s)
		return json_null();
	if (api_utf8_invalid(s, len) < 0)
		return json_stringn(s, len);
	/* each byte that is not part of a UTF-8 character becomes the visible text \xNN */
	char *out = malloc(len * 4 + 1);
	if (!out)
		return NULL;
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(u + i, len - i);
		if (n) {
			memcpy(out + o, u + i, n);
			o += n;
			i += n;
			continue;
		}
		static const char hex[] = "0123456789ABCDEF";
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[u[i] >> 4];
		out[o++] = hex[u[i] & 15];
		i++;
	}
	json_t *j = json_stringn(out, o);
	free(out);
	return j;
}

json_t *api_json_text(const char *s)
{
	return s ? api_json_textn(s, strlen(s)) : json_null();
}

/* The real jansson functions: api.h routes every other call in api/ through the two below. */
#undef json_object_set_new
#undef json_array_append_new

int api_json_set(json_t *object, const char *key, json_t *value)
{
	if (!value || !object || json_object_set_new(object, key, value) != 0) {
		json_fault = true;
		return -1;
	}
	return 0;
}

int api_json_append(json_t *array, json_t *value)
{
	if (!value || !array || json_array_append_new(array, value) != 0) {
		json_fault = true;
		return -1;
	}
	return 0;
}

void api_json_fault_set(void)
{
	json_fault = true;
}

bool api_json_fault_take(void)
{
	bool f = json_fault;
	json_fault = false;
	return f;
}
