/* csv.c - a small, strict RFC 4180 reader and writer. */
#include "csv.h"

#include <string.h>

void csv_init(struct csv_reader *c, const char *data, size_t len, struct arena *a)
{
	c->p = data;
	c->end = data + len;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		c->p += 3;
	c->line = 0;
	c->next_line = 1;
	c->arena = a;
	c->err = P_TANPA_;
	c->fatal = false;
	/* one scratch buffer, reused: no field is longer than the input */
	c->scratch = arena_alloc(a, len + 1);
}

int csv_next(struct csv_reader *c, const char **fields, int *n)
{
	if (c->p >= c->end)
		return 0;
	c->line = c->next_line;
	c->err = P_TANPA_;
	c->fatal = false;
	int nf = 0;
	char *buf = c->scratch;
	for (;;) {
		size_t o = 0;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					c->err = P_CSV_KUTIP_TERBUKA;
					c->fatal = true;
					return -1;
				}
				char ch = *c->p++;
				if (ch == '\0') {
					c->err = P_CSV_NUL;
					return -1;
				}
				if (ch == '"') {
					if (c->p < c->end && *c->p == '"') {
						buf[o++] = '"';
						c->p++;
						continue;
					}
					break;
				}
				if (ch == '\n')
					c->next_line++;
				buf[o++] = ch;
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				c->err = P_CSV_SETELAH_KUTIP;
				return -1;
			}
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"' || *c->p == '\0') {
					c->err = *c->p ? P_CSV_KUTIP_DI_TENGAH : P_CSV_NUL;
					return -1;
				}
				buf[o++] = *c->p++;
			}
		}
		if (nf == CSV_MAX_FIELDS) {
			c->err = P_CSV_KOLOM_32;
			return -1;
		}
		buf[o] = '\0';
		fields[nf++] = arena_strndup(c->arena, buf, o);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->next_line++;
		break;
	}
	*n = nf;
	return 1;
}

void csv_skip(struct csv_reader *c)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end)
		c->p++;
	c->next_line++;
}

/* How many ' lead @s, when what follows them is a character a spreadsheet starts a formula with; else -1. */
static int formula_quotes(const char *s)
{
	int q = 0;
	while (s[q] == '\'')
		q++;
	return s[q] && strchr("=+-@\t\r", s[q]) ? q : -1;
}

bool csv_formula_like(const char *s)
{
	return s && formula_quotes(s) >= 0;
}

const char *csv_text_guard(struct arena *a, const char *s)
{
	if (!csv_formula_like(s))
		return s;
	return arena_printf(a, "'%s", s);
}

const char *csv_text_unguard(const char *s)
{
	return s && formula_quotes(s) > 0 ? s + 1 : s;
}

void csv_put(FILE *f, const char *s)
{
	if (!s)
		return;
	bool guard = csv_formula_like(s); /* the ' goes inside the quotes: it is part of the text */
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
