/* report.h - one way to send a tabular report as JSON, CSV or XLSX. */
#ifndef PAGU_REPORT_H
#define PAGU_REPORT_H

#include "api.h"
#include "laporan.h"

enum report_kind {
	REPORT_TEXT,
	REPORT_INT,   /* a whole number */
	REPORT_DEC,   /* a decimal (indicator values, percents) */
	REPORT_MONEY, /* rupiah */
};

struct report_col {
	const char *name;  /* the JSON member */
	const char *judul; /* the column title in CSV and XLSX, in Indonesian */
	enum report_kind kind;
};

/*
 * Replies with the rows of @t (report column i is @t's column named @cols[i].name) as @format:
 * "json" (default; values as strings, money never a JSON number, NULL as null), "csv"
 * (Indonesian titles) or "xlsx" (titles, number formats, frozen header; written in constant
 * memory and sent from disk). @title heads the sheet; @filename names the download. A column
 * @t does not have is our bug: 500, nothing sent.
 */
void report_reply(struct api_req *r, const struct laporan_tabel *t, const struct report_col *cols, int ncols,
		  const char *format, const char *title, const char *filename);

/*
 * Appends CSV field @v (NULL: empty) to the malloc'd buffer *@buf (*@len used of *@cap, grown as needed),
 * quoted when it holds a comma, quote or line end; then a comma, or CRLF when @last. @text: @v is
 * text, which is guarded against formula injection (csv_text_guard: "=x" is written "'=x"); a
 * number (a negative amount) is written as it is.
 */
void report_csv_field(char **buf, size_t *len, size_t *cap, const char *v, bool text, bool last);

/* Checks ?format= (json, csv, xlsx); replies 400 and returns false otherwise. */
bool report_format_ok(struct api_req *r, const char *format);

#endif
