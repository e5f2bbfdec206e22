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
	/* one scratch buffer, reused: no field is longer than the input */
	c->scratch = arena_alloc(a, len + 1);
}

int csv_next(struct csv_reader *c, const char **fields, int *n)
{
	if (c->p >= c->end)
		return 0;
	c->line = c->next_line;
	int nf = 0;
	char *buf = c->scratch;
	for (;;) {
		size_t o = 0;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					return -1;
				char ch = *c->p++;
				if (ch == '\0')
					return -1;
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
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				return -1;
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"' || *c->p == '\0')
					return -1;
				buf[o++] = *c->p++;
			}
		}
		if (nf == CSV_MAX_FIELDS)
			return -1;
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

void csv_put(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
