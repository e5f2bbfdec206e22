/* pattern.h - code patterns of the rules language: whole segments, never substrings. */
#ifndef PAGU_RULES_PATTERN_H
#define PAGU_RULES_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/*
 * A pattern is a code of segments separated by dots, optionally ending in ".*":
 *   5            the code 5 itself
 *   5.*          5 and every code under it (5.1, 5.1.02, ...)
 *   5.1.01.*     5.1.01 and everything under it, but not 5.1.010 or 5.1.1
 *   1.01.*       the education bidang and its programs, kegiatan, sub kegiatan
 * A segment is letters, digits or '?' (Aceh codes) only; '*' is a whole last segment
 * or nothing, so "5.1.1*" is refused rather than read as a text prefix that would
 * match 5.1.10.
 */
#define PATTERN_MAX 48

struct code_pattern {
	char prefix[PATTERN_MAX]; /* the code without ".*" */
	size_t len;
	bool subtree; /* ended in ".*" */
};

/* PAGU_E_INVALID with a reason in @why (at least 96 bytes) for a malformed pattern. */
pagu_err pattern_parse(const char *s, size_t len, struct code_pattern *out, char *why, size_t whysz);
bool pattern_match(const struct code_pattern *p, const char *code);

#endif
