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
	bool any;     /* the pattern "*": every code (classification rows only) */
	bool wild;    /* some segment is "*": any one segment there (classification rows only) */
};

/* PAGU_E_INVALID with a reason in @why (at least 96 bytes) for a malformed pattern. */
pagu_err pattern_parse(const char *s, size_t len, struct code_pattern *out, char *why, size_t whysz);
/*
 * A pattern of a classification row (the pack's or a pemda's): as above, and also "*" alone
 * (every code) and "*" as a whole segment anywhere ("*.*.01.*": program 01 of every bidang,
 * the penunjang programs in SIPD form).
 */
pagu_err pattern_parse_wild(const char *s, size_t len, struct code_pattern *out, char *why, size_t whysz);
/* An empty code (a line without a sub kegiatan) matches no pattern, not even "*". */
bool pattern_match(const struct code_pattern *p, const char *code);
/*
 * How specific a pattern is, for choosing among the rows of a classification that match one
 * line: twice its fixed segments (not "*"), plus one when it names one code exactly (no ".*").
 * "*" is 0, "5.*" 2, "5" 3, "*.*.01.*" 2, "1.03.01.*" 6.
 */
int pattern_specificity(const struct code_pattern *p);

#endif
