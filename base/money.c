/* money.c - checked arithmetic, parsing and formatting of rupiah amounts. */
#include "money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static pagu_err bounded(int64_t v, int64_t *out)
{
	if (v > MONEY_MAX_SEN || v < -MONEY_MAX_SEN)
		return PAGU_E_OVERFLOW;
	*out = v;
	return PAGU_OK;
}

pagu_err money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return PAGU_E_OVERFLOW;
	return bounded(r, out);
}

pagu_err money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_sub_overflow(a, b, &r))
		return PAGU_E_OVERFLOW;
	return bounded(r, out);
}

pagu_err money_mul_int(int64_t sen, int64_t factor, int64_t *out)
{
	int64_t r;
	if (__builtin_mul_overflow(sen, factor, &r))
		return PAGU_E_OVERFLOW;
	return bounded(r, out);
}

pagu_err money_neg(int64_t a, int64_t *out)
{
	int64_t r;
	if (__builtin_sub_overflow((int64_t)0, a, &r))
		return PAGU_E_OVERFLOW;
	return bounded(r, out);
}

pagu_err money_parse(const char *s, size_t len, unsigned flags, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (len && s[0] == '-') {
		if (!(flags & MONEY_ALLOW_NEGATIVE))
			return PAGU_E_BAD_MONEY;
		neg = true;
		i = 1;
	}
	size_t int_start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t int_len = i - int_start;
	if (int_len == 0 || (int_len > 1 && s[int_start] == '0'))
		return PAGU_E_BAD_MONEY;
	int frac = 0, frac_digits = 0;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9' && frac_digits < 3) {
			frac = frac * 10 + (s[i] - '0');
			frac_digits++;
			i++;
		}
		if (frac_digits == 0 || frac_digits > 2)
			return PAGU_E_BAD_MONEY;
		if (frac_digits == 1)
			frac *= 10;
	}
	if (i != len)
		return PAGU_E_BAD_MONEY;
	/* accumulate negatively so that every in-range value is representable */
	int64_t v = 0;
	for (size_t k = int_start; k < int_start + int_len; k++) {
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, s[k] - '0', &v))
			return PAGU_E_OVERFLOW;
	}
	if (__builtin_mul_overflow(v, 100, &v) || __builtin_sub_overflow(v, frac, &v))
		return PAGU_E_OVERFLOW;
	if (v < -MONEY_MAX_SEN)
		return PAGU_E_OVERFLOW;
	*out = neg ? v : -v;
	return PAGU_OK;
}

/* Magnitude of @sen split into rupiah and sen without overflow at INT64_MIN. */
static void split_abs(int64_t sen, uint64_t *rupiah, unsigned *cents)
{
	uint64_t mag = sen < 0 ? (uint64_t)0 - (uint64_t)sen : (uint64_t)sen;
	*rupiah = mag / 100;
	*cents = (unsigned)(mag % 100);
}

size_t money_format(int64_t sen, char buf[MONEY_STR_MAX])
{
	uint64_t rp;
	unsigned c;
	split_abs(sen, &rp, &c);
	int n = snprintf(buf, MONEY_STR_MAX, "%s%llu.%02u", sen < 0 ? "-" : "", (unsigned long long)rp, c);
	return (size_t)n;
}

size_t money_format_id(int64_t sen, char *buf, size_t size)
{
	uint64_t rp;
	unsigned c;
	split_abs(sen, &rp, &c);
	char digits[24], grouped[40];
	int nd = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)rp);
	size_t g = 0;
	for (int i = 0; i < nd; i++) {
		if (i && (nd - i) % 3 == 0)
			grouped[g++] = '.';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	int n = snprintf(buf, size, "%sRp%s,%02u", sen < 0 ? "-" : "", grouped, c);
	return n < 0 ? 0 : (size_t)n;
}
