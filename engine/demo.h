/* demo.h - generated budget years for demonstrations and benchmarks (the command line's `pagu demo`). */
#ifndef PAGU_DEMO_H
#define PAGU_DEMO_H

#include <stdbool.h>

#include "db.h"
#include "error.h"

/*
 * Generates budget year @tahun for @pemda (owner role): @lines RKA lines over at most @max_opd
 * OPD, KUA-PPAS locked, RKAs verified, APBD assembled (and locked when @lock). *@n: the lines
 * generated, 0 when the pemda has documents for the year already.
 */
pagu_err demo_generate_year(struct db *db, const char *pemda, int tahun, int lines, int max_opd, bool lock, long *n);

#endif
