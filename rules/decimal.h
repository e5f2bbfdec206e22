/* decimal.h - exact decimal numbers for the rules language: no binary floating point anywhere. */
#ifndef PAGU_DECIMAL_H
#define PAGU_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * A decimal is coef × 10^-scale with a signed 128-bit coefficient and 0 <= scale <=
 * DEC_MAX_SCALE. Values are kept normalised (no trailing zero digits in the fraction),
 * so equal numbers have equal representations.
 *
 * Exactness: +, - and × are exact while the result fits (|coef| < 10^38 after
 * alignment, scale <= 18); a product that needs more than 18 fractional digits is
 * rounded half away from zero to 18. Division is the one inexact operation: the
 * quotient is rounded half away from zero to DEC_DIV_SCALE (12) fractional digits,
 * or to the larger scale of its operands. Division by zero is PAGU_E_INVALID, never a
 * value. Every function that can fail returns PAGU_E_OVERFLOW / PAGU_E_INVALID and
 * writes *out only on success.
 */
#define DEC_MAX_SCALE 18
#define DEC_DIV_SCALE 12

typedef struct {
	__int128 coef;
	int scale;
} decimal;

decimal dec_from_int(int64_t v);
/* Money in sen: scale 2. */
decimal dec_from_sen(int64_t sen);

/* Parses "123", "-0.5", "1250000.00" (digits, optional '-', optional '.' and digits). */
pagu_err dec_parse(const char *s, size_t len, decimal *out);

pagu_err dec_add(decimal a, decimal b, decimal *out);
pagu_err dec_sub(decimal a, decimal b, decimal *out);
pagu_err dec_mul(decimal a, decimal b, decimal *out);
pagu_err dec_div(decimal a, decimal b, decimal *out);
decimal dec_neg(decimal a);
/* -1, 0 or 1. */
int dec_cmp(decimal a, decimal b);
bool dec_is_zero(decimal a);
/* Rounds half away from zero to @places fractional digits (0..18). */
pagu_err dec_round(decimal a, int places, decimal *out);
/* The value in sen when it is whole sen and within money range; PAGU_E_INVALID otherwise. */
pagu_err dec_to_sen(decimal a, int64_t *sen);

#define DEC_STR_MAX 64
/* Canonical text: "-12.5", "0", "1250000". Returns the length. */
size_t dec_format(decimal a, char buf[DEC_STR_MAX]);
/* Indonesian money, rounded to the sen: "Rp1.234.567,89", "-Rp5,00". */
size_t dec_format_rupiah(decimal a, char buf[DEC_STR_MAX]);
/* Indonesian percent of a ratio (0.2987 -> "29,87%"), rounded to two places. */
size_t dec_format_percent(decimal ratio, char buf[DEC_STR_MAX]);

#endif
