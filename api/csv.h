/* csv.h - reading RFC 4180 CSV from a request body, one record at a time. */
#ifndef PAGU_CSV_H
#define PAGU_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define CSV_MAX_FIELDS 32

/*
 * A reader over @len bytes. Fields may be quoted ("a, b" and "say ""x"""); records end
 * in LF or CRLF; a UTF-8 BOM at the start is skipped. Field strings are copied into
 * the arena.
 */
struct csv_reader {
	const char *p, *end;
	int line; /* physical line where the last record started, from 1 */
	int next_line;
	struct arena *arena;
	char *scratch;
};

void csv_init(struct csv_reader *c, const char *data, size_t len, struct arena *a);
/*
 * Reads the next record into @fields (at most CSV_MAX_FIELDS) and sets *@n.
 * Returns 1 for a record, 0 at the end, -1 for malformed input (an unterminated
 * quote, a quote inside an unquoted field, too many fields, a NUL byte).
 */
int csv_next(struct csv_reader *c, const char **fields, int *n);

/* Writes @s as a CSV field (quoted when it needs to be) to @f. */
#include <stdio.h>
void csv_put(FILE *f, const char *s);

#endif
