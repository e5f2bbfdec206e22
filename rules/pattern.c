/* pattern.c - parsing and matching code patterns segment by segment. */
#include "pattern.h"

#include <stdio.h>
#include <string.h>

static bool seg_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '?';
}

static pagu_err parse(const char *s, size_t len, bool wild, struct code_pattern *out, char *why, size_t whysz)
{
	if (wild && len == 1 && s[0] == '*') {
		memset(out, 0, sizeof(*out));
		out->any = true;
		return PAGU_OK;
	}
	bool has_wild = false;
	bool subtree = len >= 2 && s[len - 2] == '.' && s[len - 1] == '*';
	size_t n = subtree ? len - 2 : len;
	if (n == 0 || n >= PATTERN_MAX) {
		snprintf(why, whysz, "a pattern needs a code of 1 to %d characters before any .*", PATTERN_MAX - 1);
		return PAGU_E_INVALID;
	}
	size_t seg = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (seg == 0) {
				snprintf(why, whysz, "empty segment in pattern %.*s", (int)len, s);
				return PAGU_E_INVALID;
			}
			seg = 0;
		} else if (s[i] == '*' && wild && seg == 0 && i + 1 < n && s[i + 1] == '.') {
			has_wild = true; /* a whole "*" segment before a dot */
			seg++;
		} else if (s[i] == '*' && i == 0) {
			/* nothing before it to write "code.*" with: "*.*" or "*1" */
			snprintf(why, whysz, "'*' cannot begin %.*s: write %s", (int)len, s,
				 wild ? "\"*\" alone for any code, or \"*\" segments before a code (*.*.01.*)"
				      : "a code and .* (5.2.*)");
			return PAGU_E_INVALID;
		} else if (s[i] == '*') {
			snprintf(why, whysz, "'*' must be a whole last segment (%.*s.* rather than %.*s)",
				 (int)i - (i && s[i - 1] == '.'), s, (int)len, s);
			return PAGU_E_INVALID;
		} else if (!seg_char(s[i])) {
			snprintf(why, whysz, "character '%c' cannot be in a code pattern",
				 s[i] >= 32 && s[i] < 127 ? s[i] : '?');
			return PAGU_E_INVALID;
		} else {
			seg++;
		}
	}
	if (seg == 0) {
		snprintf(why, whysz, "pattern %.*s ends with a dot", (int)len, s);
		return PAGU_E_INVALID;
	}
	memset(out, 0, sizeof(*out));
	out->wild = has_wild;
	memcpy(out->prefix, s, n);
	out->prefix[n] = '\0';
	out->len = n;
	out->subtree = subtree;
	return PAGU_OK;
}

pagu_err pattern_parse(const char *s, size_t len, struct code_pattern *out, char *why, size_t whysz)
{
	return parse(s, len, false, out, why, whysz);
}

pagu_err pattern_parse_wild(const char *s, size_t len, struct code_pattern *out, char *why, size_t whysz)
{
	return parse(s, len, true, out, why, whysz);
}

bool pattern_match(const struct code_pattern *p, const char *code)
{
	if (!code || !code[0])
		return false;
	if (p->any)
		return true;
	if (!p->wild) {
		if (strncmp(code, p->prefix, p->len) != 0)
			return false;
		char next = code[p->len];
		return next == '\0' || (p->subtree && next == '.');
	}
	/* segment by segment: a "*" segment takes any one segment of the code */
	const char *c = code, *q = p->prefix, *qend = p->prefix + p->len;
	while (q < qend) {
		const char *qe = memchr(q, '.', (size_t)(qend - q));
		if (!qe)
			qe = qend;
		const char *ce = strchr(c, '.');
		if (!ce)
			ce = c + strlen(c);
		if (ce == c)
			return false; /* the code has fewer segments */
		if (!(qe - q == 1 && q[0] == '*') &&
		    ((size_t)(qe - q) != (size_t)(ce - c) || memcmp(q, c, (size_t)(qe - q))))
			return false;
		q = qe < qend ? qe + 1 : qend;
		c = *ce ? ce + 1 : ce;
		if (q < qend && !*ce)
			return false;
		if (q >= qend)
			return !*ce || p->subtree;
	}
	return false;
}

int pattern_specificity(const struct code_pattern *p)
{
	if (p->any)
		return 0;
	int fixed = 0;
	const char *q = p->prefix, *end = p->prefix + p->len;
	while (q < end) {
		const char *e = memchr(q, '.', (size_t)(end - q));
		if (!e)
			e = end;
		fixed += !(e - q == 1 && q[0] == '*');
		q = e < end ? e + 1 : end;
	}
	return 2 * fixed + !p->subtree;
}
