/* fileutil.c - reading whole files with a size bound. */
#include "fileutil.h"

#include <stdio.h>
#include <stdlib.h>

pagu_err file_read_all(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return PAGU_E_IO;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	pagu_err e = PAGU_OK;
	if (!buf)
		abort();
	for (;;) {
		if (cap - n < 2) {
			if (cap > max) {
				e = PAGU_E_TOO_LARGE;
				goto out;
			}
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > max) {
			e = PAGU_E_TOO_LARGE;
			goto out;
		}
		if (got == 0) {
			if (ferror(f))
				e = PAGU_E_IO;
			break;
		}
	}
out:
	fclose(f);
	if (e != PAGU_OK) {
		free(buf);
		return e;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return PAGU_OK;
}
