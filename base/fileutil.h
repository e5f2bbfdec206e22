/* fileutil.h - reading whole files. */
#ifndef PAGU_FILEUTIL_H
#define PAGU_FILEUTIL_H

#include <stddef.h>

#include "error.h"

/*
 * Reads @path (at most @max bytes) into a malloc'd, NUL-terminated buffer.
 * On success *@out (caller frees) and *@len are set; PAGU_E_IO otherwise,
 * PAGU_E_TOO_LARGE when the file is bigger than @max.
 */
pagu_err file_read_all(const char *path, size_t max, char **out, size_t *len);

#endif
