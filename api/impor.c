/* impor.c - the faults of an import's rows, collected without a cap and refused in one reply. */
#include "impor.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"

void impor_faults_init(struct impor_faults *f, struct api_req *r)
{
	f->r = r;
	f->v = NULL;
	f->n = f->cap = 0;
}

void impor_fault_teks(struct impor_faults *f, int line, const char *field, const char *detail)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct impor_fault *nv = arena_alloc(&f->r->arena, sizeof(*nv) * cap);
		if (f->n)
			memcpy(nv, f->v, sizeof(*nv) * f->n);
		f->v = nv;
		f->cap = cap;
	}
	f->v[f->n] = (struct impor_fault){
		.line = line, .seq = f->n, .field = field, .detail = arena_strdup(&f->r->arena, detail)
	};
	f->n++;
}

bool impor_utf8(struct impor_faults *f, int line, const char *field, const char *v)
{
	long bad = api_utf8_invalid(v, strlen(v));
	if (bad < 0)
		return true;
	impor_fault(f, line, field, P_IMPOR_BUKAN_UTF8, "kolom", field, "bita",
		    arena_printf(&f->r->arena, "%02X", (unsigned)(unsigned char)v[bad]), "posisi", api_num(f->r, bad));
	return false;
}

bool impor_malformed(struct impor_faults *f, struct csv_reader *c)
{
	if (c->fatal) {
		api_tolak(f->r, PAGU_E_INVALID, "csv", NULL, P_CSV_RUSAK, "baris", api_num(f->r, c->line), "alasan",
			  api_pesan(f->r, c->err));
		return false;
	}
	impor_fault(f, c->line, "csv", P_IMPOR_BARIS_BUKAN_CSV, "alasan", api_pesan(f->r, c->err));
	csv_skip(c);
	return true;
}

int impor_next(struct impor_faults *errs, struct csv_reader *c, const char **f, int *nf, int *ndata)
{
	for (;;) {
		int rc = csv_next(c, f, nf);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			(*ndata)++;
			if (!impor_malformed(errs, c))
				return -1;
			continue;
		}
		if (*nf == 1 && !*f[0])
			continue; /* a blank line */
		(*ndata)++;
		return 1;
	}
}

const char *impor_trim(struct api_req *r, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(&r->arena, s, n);
}

bool impor_header(struct api_req *r, const char *const *f, int nf, const char *const *names, int ncol,
		  const char *const *ignored, int *pos)
{
	for (int k = 0; k < ncol; k++)
		pos[k] = -1;
	const char **seen = arena_alloc(&r->arena, sizeof(*seen) * (size_t)(nf ? nf : 1));
	for (int i = 0; i < nf; i++) {
		const char *h = impor_trim(r, f[i]);
		seen[i] = h;
		if (api_utf8_invalid(h, strlen(h)) >= 0) {
			api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_KEPALA_BUKAN_UTF8, "kolom", api_num(r, i + 1));
			return false;
		}
		if (!*h) {
			api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_KEPALA_TANPA_NAMA, "kolom", api_num(r, i + 1));
			return false;
		}
		for (int j = 0; j < i; j++) {
			if (!strcasecmp(seen[j], h)) {
				api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_KEPALA_GANDA, "nama", h, "a",
					  api_num(r, j + 1), "b", api_num(r, i + 1));
				return false;
			}
		}
		bool known = false;
		for (int k = 0; k < ncol && !known; k++)
			if (!strcasecmp(h, names[k])) {
				pos[k] = i;
				known = true;
			}
		for (int k = 0; ignored && ignored[k] && !known; k++)
			known = !strcasecmp(h, ignored[k]);
		if (!known) {
			api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_KEPALA_ASING, "kolom", api_num(r, i + 1),
				  "nama", h);
			return false;
		}
	}
	return true;
}

bool impor_width(struct impor_faults *f, int line, int nf, int nhead)
{
	if (nf == nhead)
		return true;
	impor_fault(f, line, "csv",
		    nf > nhead ? P_IMPOR_LEBAR_KOMA
		    : nf == 1  ? P_IMPOR_LEBAR_SATU
			       : P_IMPOR_LEBAR,
		    "n", api_num(f->r, nf), "kepala", api_num(f->r, nhead));
	return false;
}

static int by_line(const void *a, const void *b)
{
	const struct impor_fault *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

void impor_refuse(struct impor_faults *f, pesan_kunci what, int ndata)
{
	/* ordered by line, as a reader goes through the file; the order found within a line */
	qsort(f->v, f->n, sizeof(*f->v), by_line);
	json_t *errs = json_array();
	int rows = 0, last = -1;
	for (size_t i = 0; i < f->n; i++) {
		rows += f->v[i].line != last;
		last = f->v[i].line;
		if (i < IMPOR_MAX_ERRORS)
			json_array_append_new(errs, json_pack("{s:i, s:s, s:o}", "baris_csv", f->v[i].line, "field",
							      f->v[i].field, "detail", api_json_text(f->v[i].detail)));
	}
	json_t *ext = json_pack("{s:o, s:I, s:b, s:i, s:i, s:i}", "errors", errs, "errors_total", (json_int_t)f->n,
				"errors_truncated", f->n > IMPOR_MAX_ERRORS, "baris_data", ndata, "baris_ditolak", rows,
				"baris_baik", ndata - rows);
	if (f->n > IMPOR_MAX_ERRORS)
		api_tolak(f->r, PAGU_E_RULE, "csv", ext, P_IMPOR_DITOLAK_BANYAK, "baris", api_num(f->r, rows), "apa",
			  api_pesan(f->r, what), "n", api_num(f->r, (long long)f->n), "maks",
			  api_num(f->r, IMPOR_MAX_ERRORS));
	else
		api_tolak(f->r, PAGU_E_RULE, "csv", ext, P_IMPOR_DITOLAK, "baris", api_num(f->r, rows), "apa",
			  api_pesan(f->r, what));
}

void *impor_grow(struct api_req *r, void *rows, size_t size, int **lines, size_t *cap)
{
	void *nr = arena_alloc(&r->arena, size * *cap * 2);
	int *nl = arena_alloc(&r->arena, sizeof(int) * *cap * 2);
	memcpy(nr, rows, size * *cap);
	memcpy(nl, *lines, sizeof(int) * *cap);
	*lines = nl;
	*cap *= 2;
	return nr;
}
