/* checkpoint_row.h - a stored checkpoint as a row: checkpoint.c's list, and verify.c's row that extends it. */
#ifndef PAGU_CHECKPOINT_ROW_H
#define PAGU_CHECKPOINT_ROW_H

#include "checkpoint.h"
#include "sql.h"

/* The columns of a stored checkpoint, first in every row checkpoint_from_row reads. */
/* clang-format off */
#define CHECKPOINT_ROW(C, r) \
	C(r, urutan) C(r, jenis) C(r, nomor) C(r, ref) C(r, hash) C(r, detail) C(r, waktu) C(r, sebelum) \
	C(r, checkpoint) C(r, kunci) C(r, tanda)
/* clang-format on */

/* Row @i of @r, whose columns begin with CHECKPOINT_ROW, for pemda @pemda; strings in @a. */
void checkpoint_from_row(struct arena *a, PGresult *r, int i, const char *pemda, struct checkpoint *c);

#endif
