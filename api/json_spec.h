/* json_spec.h - declarative parsing of JSON request bodies. */
#ifndef PAGU_JSON_SPEC_H
#define PAGU_JSON_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api.h"

/*
 * A handler declares the fields it accepts; json_spec_parse() checks the body
 * against them and on the first fault replies 400 problem+json whose "field"
 * is the JSON pointer at fault (/nama, /bidang/2) and returns false. Unknown
 * fields, wrong types, strings over their length or not matching their check,
 * arrays over their length, duplicate keys and invalid UTF-8 are all refused.
 * Strings are copied into the request arena.
 */
enum jspec_type {
	JSPEC_STRING,	    /* out: const char ** */
	JSPEC_INT,	    /* out: int64_t *, within [min, max] */
	JSPEC_BOOL,	    /* out: bool * */
	JSPEC_MONEY,	    /* out: int64_t * sen, from a "1250000.00" string */
	JSPEC_STRING_ARRAY, /* out: struct jspec_strings * */
	JSPEC_ARRAY,	    /* out: json_t ** (a new reference: json_decref it), items checked by the handler */
};

struct jspec_strings {
	const char **items;
	size_t n;
};

/* P_TANPA_ when @s is acceptable, else the catalogue entry saying why, with its value as {apa}. */
typedef pesan_kunci (*jspec_check_fn)(const char *s, size_t len);

struct jspec {
	const char *name;
	enum jspec_type type;
	bool required;
	bool nullable;	  /* JSON null accepted: *present set, string out NULL */
	size_t max_len;	  /* strings and array items: bytes; 0 = 200 */
	size_t max_items; /* arrays; 0 = 100 */
	int64_t min, max; /* JSPEC_INT */
	jspec_check_fn check;
	void *out;
	bool *present; /* optional: set when the field was given */
};

#define JSPEC_DEFAULT_MAX_LEN 200
#define JSPEC_DEFAULT_MAX_ITEMS 100
/* The end of a spec: every spec array ends with it, so no count is kept by hand. */
#define JSPEC_END            \
	{                    \
		.name = NULL \
	}
/* The most fields one spec may have; a spec without its JSPEC_END within it is refused (500, logged). */
#define JSPEC_MAX_FIELDS 32

bool json_spec_parse(struct api_req *r, const struct jspec *spec);

/* A check: YYYY-MM-DD, a real day of the Gregorian calendar from 2000 to 2100. */
pesan_kunci jspec_check_date(const char *s, size_t len);

/* The same for one object inside the body (an item of a JSPEC_ARRAY) at path @prefix ("/baris/2"). */
bool json_spec_object(struct api_req *r, json_t *obj, const char *prefix, const struct jspec *spec);

#endif
