/* money.h - exact rupiah amounts as int64 sen, with overflow-checked arithmetic. */
#ifndef PAGU_MONEY_H
#define PAGU_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * An amount is an int64_t count of sen (1/100 rupiah), |sen| <= MONEY_MAX_SEN
 * (9999999999999999.99 rupiah; SQL's NUMERIC(20,2) holds a hundred times more, so
 * a value read back is checked: db_sen()). It is also the most one document
 * version may total (migrations/0020_batas_jumlah.sql). Every operation checks both
 * the int64 range and this bound and returns PAGU_E_OVERFLOW past them; *out is
 * written only on success. No floating point anywhere.
 */
#define MONEY_MAX_SEN INT64_C(999999999999999999)

pagu_err money_add(int64_t a, int64_t b, int64_t *out);
pagu_err money_sub(int64_t a, int64_t b, int64_t *out);
pagu_err money_mul_int(int64_t sen, int64_t factor, int64_t *out);
pagu_err money_neg(int64_t a, int64_t *out);

/*
 * Parses the wire form: optional '-' (only with MONEY_ALLOW_NEGATIVE), digits
 * without leading zeros (a lone "0" is fine), optionally '.' and one or two
 * digits: "1250000.00", "5", "0.5". No sign '+', spaces, separators or
 * exponents. PAGU_E_BAD_MONEY for the wrong shape, PAGU_E_OVERFLOW for too big.
 */
#define MONEY_ALLOW_NEGATIVE 1u
pagu_err money_parse(const char *s, size_t len, unsigned flags, int64_t *out);

/* Canonical wire form, "1250000.00", "-0.05"; returns the length. */
#define MONEY_STR_MAX 32
size_t money_format(int64_t sen, char buf[MONEY_STR_MAX]);

/* Indonesian display form "Rp1.234.567,89", "-Rp5,00"; snprintf semantics. */
size_t money_format_id(int64_t sen, char *buf, size_t size);

#endif
