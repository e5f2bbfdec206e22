/* csv.h - reading RFC 4180 CSV from a request body, one record at a time. */
#ifndef PAGU_CSV_H
#define PAGU_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "pesan.h"

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
	pesan_kunci err; /* why the last csv_next returned -1 (a catalogue entry, P_TANPA_ when none) */
	bool fatal;	 /* that record cannot be skipped (a quote still open at the end) */
};

void csv_init(struct csv_reader *c, const char *data, size_t len, struct arena *a);
/*
 * Reads the next record into @fields (at most CSV_MAX_FIELDS) and sets *@n.
 * Returns 1 for a record, 0 at the end, -1 for malformed input (an unterminated
 * quote, a quote inside an unquoted field, too many fields, a NUL byte) with @c->err
 * saying which. Unless @c->fatal, csv_skip() then passes the rest of that record's
 * line and the next csv_next reads on from the line after it.
 */
int csv_next(struct csv_reader *c, const char **fields, int *n);
void csv_skip(struct csv_reader *c);

/*
 * Spreadsheet formula injection. A text cell that begins with =, +, -, @, a tab or a carriage
 * return is run as a formula by Excel, LibreOffice and Google Sheets when a CSV is opened.
 * csv_text_guard() gives such text with a ' in front (the usual neutraliser: the cell then shows
 * the text as it is); csv_text_unguard() takes that ' off again on import. So that the pair is
 * exact for every text, text that already begins with one or more ' and then one of those
 * characters gets one more ' on export and loses one on import. Numbers (a negative amount
 * "-123.00") are never guarded: write them as they are.
 * Both return @s itself when nothing changes, else a copy in @a.
 */
bool csv_formula_like(const char *s);
const char *csv_text_guard(struct arena *a, const char *s);
const char *csv_text_unguard(const char *s);

/* Writes text @s as a CSV field (guarded, then quoted when it needs to be) to @f. */
#include <stdio.h>
void csv_put(FILE *f, const char *s);

#endif
