/* json_text.h - JSON strings from client bytes, and a check on every jansson result that could be dropped. */
#ifndef PAGU_JSON_TEXT_H
#define PAGU_JSON_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Offset of the first byte of @s[0..@len) that is not part of well-formed UTF-8 (an overlong
 * form, a surrogate, a stray continuation byte, a cut sequence), or -1 when all of it is.
 */
long api_utf8_invalid(const char *s, size_t len);

/*
 * A JSON string of @len bytes of @s, whatever they are: valid UTF-8 as is, and each byte that
 * is not, visibly as the four characters \xNN (so "10.00" + 0x92 reads "10.00\x92"). NULL @s
 * gives JSON null. Use it for every piece of text a client sent (or a message quoting it) that
 * goes into a reply: jansson's json_string() and json_pack's "s" return NULL for such text,
 * and the member or row it was meant for would vanish. Returns NULL only when out of memory.
 */
json_t *api_json_textn(const char *s, size_t len);
json_t *api_json_text(const char *s);

/*
 * json_object_set_new() and json_array_append_new() that record a failure (a NULL value from a
 * json_pack or json_string that failed, a key that is not UTF-8) for the request of this thread
 * instead of dropping it: its reply then is a 500 problem, never a body with a row missing.
 * api.h makes every call of the jansson names in api/ one of these.
 */
int api_json_set(json_t *object, const char *key, json_t *value);
int api_json_append(json_t *array, json_t *value);
/* Records a failure by hand (a json_loads of a stored document that did not parse). */
void api_json_fault_set(void);
/* Whether a failure was recorded since the last call; clears it. */
bool api_json_fault_take(void);

#endif
