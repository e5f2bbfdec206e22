/* pattern.c - parsing and matching code patterns segment by segment. */
#include "pattern.h"

#include <stdio.h>
#include <string.h>

static bool seg_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '?';
}

pagu_err pattern_parse(const char *s, size_t len, struct code_pattern *out, char *why, size_t whysz)
{
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
	memcpy(out->prefix, s, n);
	out->prefix[n] = '\0';
	out->len = n;
	out->subtree = subtree;
	return PAGU_OK;
}

bool pattern_match(const struct code_pattern *p, const char *code)
{
	if (strncmp(code, p->prefix, p->len) != 0)
		return false;
	char next = code[p->len];
	return next == '\0' || (p->subtree && next == '.');
}
