/* report.c - tabular reports as JSON, CSV or XLSX. */
#include "report.h"

#include "csv.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

bool report_format_ok(struct api_req *r, const char *format)
{
	if (!format || !strcmp(format, "json") || !strcmp(format, "csv") || !strcmp(format, "xlsx"))
		return true;
	api_tolak(r, PAGU_E_INVALID, "format", NULL, P_FORMAT_JSON_CSV_XLSX, "format", format);
	return false;
}

void report_csv_field(char **buf, size_t *len, size_t *cap, const char *v, bool text, bool last)
{
	if (!v)
		v = ""; /* a missing value is an empty field */
	bool guard = text && csv_formula_like(v);
	size_t need = 2 * strlen(v) + 5;
	if (*len + need >= *cap) {
		*cap = (*cap + need) * 2;
		*buf = realloc(*buf, *cap);
		if (!*buf)
			abort();
	}
	char *o = *buf + *len;
	bool quote = strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		*o++ = '"';
	if (guard)
		*o++ = '\'';
	for (const char *c = v; *c; c++) {
		if (*c == '"')
			*o++ = '"';
		*o++ = *c;
	}
	if (quote)
		*o++ = '"';
	*o++ = last ? '\r' : ',';
	if (last)
		*o++ = '\n';
	*len = (size_t)(o - *buf);
}

/* The cell of @row, report column @c: @t's column by @c's name (the indexes are checked beforehand). */
static const char *cell(const struct laporan_tabel *t, const int *at, int row, int c)
{
	return t->cells[(size_t)row * (size_t)t->ncols + (size_t)at[c]];
}

static void xlsx(struct api_req *r, const struct laporan_tabel *t, const int *at, const struct report_col *cols,
		 int ncols, const char *title, const char *filename)
{
	char path[] = "/tmp/pagu-report-XXXXXX";
	int tmp = mkstemp(path);
	if (tmp >= 0)
		close(tmp);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = "/tmp" };
	lxw_workbook *wb = tmp >= 0 ? workbook_new_opt(path, &opt) : NULL;
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "Laporan") : NULL;
	if (!ws) {
		if (tmp >= 0)
			unlink(path);
		api_tolak(r, PAGU_E_IO, NULL, NULL, P_SPREADSHEET_GAGAL, "request_id", r->request_id);
		return;
	}
	lxw_format *bold = workbook_add_format(wb), *head = workbook_add_format(wb), *money = workbook_add_format(wb),
		   *dec = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_font_size(bold, 14);
	format_set_bold(head);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	format_set_num_format(money, "#,##0.00");
	format_set_num_format(dec, "#,##0.00##");
	worksheet_write_string(ws, 0, 0, title, bold);
	for (int c = 0; c < ncols; c++) {
		worksheet_write_string(ws, 2, (lxw_col_t)c, cols[c].judul, head);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].kind == REPORT_TEXT ? 30 : 16, NULL);
	}
	worksheet_freeze_panes(ws, 3, 0);
	for (int i = 0; i < t->nrows; i++)
		for (int c = 0; c < ncols; c++) {
			const char *v = cell(t, at, i, c);
			if (!v)
				continue;
			lxw_row_t row = (lxw_row_t)(3 + i);
			/* a cell holds a double: the format's limit; JSON and CSV carry the exact text */
			if (cols[c].kind == REPORT_TEXT)
				worksheet_write_string(ws, row, (lxw_col_t)c, v, NULL);
			else
				worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL),
						       cols[c].kind == REPORT_MONEY ? money
						       : cols[c].kind == REPORT_DEC ? dec
										    : NULL);
		}
	lxw_error err = workbook_close(wb);
	int fd = err == LXW_NO_ERROR ? open(path, O_RDONLY) : -1;
	unlink(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		api_tolak(r, PAGU_E_IO, NULL, NULL, P_SPREADSHEET_GAGAL, "request_id", r->request_id);
		return;
	}
	r->disposition = arena_printf(&r->arena, "attachment; filename=\"%s.xlsx\"", filename);
	api_reply_fd(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fd,
		     (uint64_t)st.st_size);
}

void report_reply(struct api_req *r, const struct laporan_tabel *t, const struct report_col *cols, int ncols,
		  const char *format, const char *title, const char *filename)
{
	/* each report column is the table's column of its name */
	int *at = arena_alloc(&r->arena, sizeof(*at) * (size_t)(ncols > 0 ? ncols : 1));
	for (int c = 0; c < ncols; c++) {
		at[c] = -1;
		for (int k = 0; k < t->ncols && at[c] < 0; k++)
			if (!strcmp(t->cols[k], cols[c].name))
				at[c] = k;
		if (at[c] < 0) {
			r->log_detail = arena_printf(&r->arena, "the report has no column %s", cols[c].name);
			api_tolak_engine(r, PAGU_E_INTERNAL, P_APA_LAPORAN);
			return;
		}
	}
	int n = t->nrows;
	if (format && !strcmp(format, "xlsx")) {
		xlsx(r, t, at, cols, ncols, title, filename);
	} else if (format && !strcmp(format, "csv")) {
		size_t len = 0, cap = 8192;
		char *buf = malloc(cap);
		if (!buf)
			abort();
		for (int c = 0; c < ncols; c++)
			report_csv_field(&buf, &len, &cap, cols[c].judul, true, c + 1 == ncols);
		for (int i = 0; i < n; i++)
			for (int c = 0; c < ncols; c++)
				report_csv_field(&buf, &len, &cap, cell(t, at, i, c), cols[c].kind == REPORT_TEXT,
						 c + 1 == ncols);
		r->disposition = arena_printf(&r->arena, "attachment; filename=\"%s.csv\"", filename);
		api_reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
	} else {
		json_t *items = json_array();
		for (int i = 0; i < n; i++) {
			json_t *o = json_object();
			for (int c = 0; c < ncols; c++) {
				const char *v = cell(t, at, i, c);
				json_t *j = !v				 ? json_null()
					    : cols[c].kind == REPORT_INT ? json_integer(strtoll(v, NULL, 10))
									 : json_string(v);
				json_object_set_new(o, cols[c].name, j);
			}
			json_array_append_new(items, o);
		}
		api_reply_json(r, 200, json_pack("{s:s, s:o}", "judul", title, "items", items));
	}
}
