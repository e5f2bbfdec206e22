/* waktu.h - what day it is for pagu: today in WIB, or the training date an installation set. */
#ifndef PAGU_WAKTU_H
#define PAGU_WAKTU_H

#include <stdbool.h>

#include "error.h"

/* "YYYY-MM-DD" and its NUL. */
#define WAKTU_TANGGAL 11

/*
 * Sets the training date ("tanggal latihan": --today / PAGU_TODAY) that pagu takes for today from
 * now on, in C (waktu_hari_ini) and in SQL (pagu_hari_ini(), through the setting pagu.hari_ini of
 * every session opened from now on). @ymd NULL or "" clears it: today is the calendar day in WIB
 * (Asia/Jakarta, UTC+7). PAGU_E_INVALID, changing nothing, when @ymd is not a real date
 * YYYY-MM-DD from 2000-01-01 to 2100-12-31. Call it before the server's threads start.
 */
pagu_err waktu_set_latihan(const char *ymd);

/* Whether a training date is set. */
bool waktu_latihan(void);

/* The training date, or "" when none is set; borrowed, valid until the next waktu_set_latihan. */
const char *waktu_latihan_text(void);

/* Today for pagu: the training date when set, else today's date in WIB; "YYYY-MM-DD" into @out. */
void waktu_hari_ini(char out[WAKTU_TANGGAL]);

/* The year of waktu_hari_ini: the fiscal year a request without one means. */
int waktu_tahun(void);

#endif
