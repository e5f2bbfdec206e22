/* impor.h - what the CSV imports share: the faults of a file's rows, and one refusal that names them all. */
#ifndef PAGU_IMPOR_H
#define PAGU_IMPOR_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"

/* At most this many faults are listed in a refusal; the counts cover all of them. */
#define IMPOR_MAX_ERRORS 1000

struct impor_fault {
	int line; /* the CSV line where the row starts, from 1 (the header) */
	size_t seq;
	const char *field, *detail;
};

/* Every fault found in a file, in the request arena; no cap while collecting. */
struct impor_faults {
	struct api_req *r;
	struct impor_fault *v;
	size_t n, cap;
};

void impor_faults_init(struct impor_faults *f, struct api_req *r);
/*
 * Records that the row at CSV @line is refused for @field (a CSV column name) because of the
 * catalogue's entry @k with its parameters (name, value, ...), in the client's language.
 */
#define impor_fault(f, line, field, k, ...)    \
	impor_fault_teks((f), (line), (field), \
			 api_pesan_((f)->r, (k), (const char *const[]){ "", ##__VA_ARGS__, NULL } + 1))
/* The same with @detail (copied): text already in the client's language (an engine check's). */
void impor_fault_teks(struct impor_faults *f, int line, const char *field, const char *detail);

/*
 * Checks that value @v of column @field is UTF-8; when it is not, records a fault naming the
 * byte and its offset in the value, and returns false.
 */
bool impor_utf8(struct impor_faults *f, int line, const char *field, const char *v);

/*
 * When a record could not be read as CSV (csv_next returned -1): records the row's fault and
 * skips it when the reader can go on (returns true), else replies 400 naming the line and
 * returns false.
 */
struct csv_reader;
bool impor_malformed(struct impor_faults *f, struct csv_reader *c);

/*
 * The next data row of @c into @f[0..*@nf): 1 a row, 0 the end of the file, -1 when the file
 * cannot be read on (the 400 is answered). Rows that are not CSV are named in @errs, blank lines
 * skipped; every data row read, named or not, is counted in *@ndata.
 */
int impor_next(struct impor_faults *errs, struct csv_reader *c, const char **f, int *nf, int *ndata);

/* @s without the spaces and tabs around it, in the request arena. */
const char *impor_trim(struct api_req *r, const char *s);

/*
 * Reads header @f[0..@nf) against the @ncol columns @names: sets pos[k] to the field index of
 * names[k], or -1 when the header has no such column. Names match without regard to case and
 * to spaces and tabs around them. A column with no name, a name that is neither in @names nor
 * in @ignored (NULL-terminated; columns that are accepted and not read, as an export writes
 * them), or a name given twice is replied 400 for field "csv", naming it and its position, and
 * false is returned: no value in a file is read from a column nobody can say is the right one,
 * nor dropped unread.
 */
bool impor_header(struct api_req *r, const char *const *f, int nf, const char *const *names, int ncol,
		  const char *const *ignored, int *pos);

/*
 * Checks that the data row at CSV @line has @nf fields, as the header has @nhead; when not,
 * records a fault for field "csv" saying how many each has ("8 fields, the header has 7") and
 * returns false: a row is never read with a field dropped, added or shifted (an amount written
 * with thousands separators, 1,500,000.00 unquoted, is three fields).
 */
bool impor_width(struct impor_faults *f, int line, int nf, int nhead);

/*
 * Room for more rows: @rows (*@cap elements of @size bytes) and their CSV line numbers *@lines,
 * both doubled in @r's arena. Returns the new rows; *@lines and *@cap are updated.
 */
void *impor_grow(struct api_req *r, void *rows, size_t size, int **lines, size_t *cap);

/*
 * Replies 422 rule-violation for field "csv", @ndata being the data rows the file has (blank lines
 * not counted): "errors" lists the faults ordered by line (at most IMPOR_MAX_ERRORS),
 * "errors_total" counts all faults and "errors_truncated" says whether the list was cut;
 * "baris_data" = "baris_ditolak" (the distinct rows at fault) + "baris_baik" (rows without a
 * fault, held back because an import is all or nothing). No row goes unaccounted for.
 */
void impor_refuse(struct impor_faults *f, pesan_kunci what, int ndata);

#endif
