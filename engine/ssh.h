/* ssh.h - standar satuan harga: a pemda's standard unit prices by year, each change a new version. */
#ifndef PAGU_SSH_H
#define PAGU_SSH_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "error.h"

/* Strings in the caller's arena. */
struct ssh_item {
	const char *kode, *uraian, *satuan;
	int versi, tahun;
	int64_t harga;	  /* sen */
	const char *akun; /* comma-separated kode rekening prefixes */
};

/*
 * Every write returns PAGU_OK, a database failure, or a refusal by the procedure with *@f
 * filled (a code or check refused it). Writes run inside the caller's transaction.
 */

/* Records an SSH item (a new version when the kode exists for the year). */
pagu_err ssh_add(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *in, int64_t token,
		 struct ssh_item *out, struct pagu_fault *f);
/* Records @n items at once, all or none; each item's akun is a comma-separated prefix list. */
pagu_err ssh_import(struct db *db, struct arena *a, const char *pemda, int tahun, const struct ssh_item *items, int n,
		    int64_t token, struct pagu_fault *f);
/*
 * The items of an import whose akun prefixes are not all active kode rekening of @tahun's
 * reference edition: *@rows[i] is an index into @items, *@akun[i] the first bad prefix; *@nbad of
 * them (in @a). What ssh_import would refuse the whole import for, row by row.
 */
pagu_err ssh_import_check(struct db *db, struct arena *a, int tahun, const struct ssh_item *items, int n, int **rows,
			  const char ***akun, int *nbad);
/* The versions in force for @tahun, by kode, after @after (NULL: from the start), kode starting with @prefix. */
#define SSH_LIST_MAX 500
pagu_err ssh_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *prefix, const char *after,
		  int limit, struct ssh_item **rows, int *n, bool *more);

#endif
