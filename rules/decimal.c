/* decimal.c - 128-bit scaled decimals with checked arithmetic and half-away rounding. */
#include "decimal.h"

#include <string.h>

/* |coef| must stay below 10^38 so that any rescale by one digit cannot wrap. */
static const __int128 COEF_LIMIT = (__int128)10000000000000000000ULL * (__int128)10000000000000000000ULL; /* 10^38 */

static __int128 pow10i(int n)
{
	__int128 p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

static bool in_range(__int128 c)
{
	return c < COEF_LIMIT && c > -COEF_LIMIT;
}

static decimal normalise(decimal d)
{
	while (d.scale > 0 && d.coef % 10 == 0) {
		d.coef /= 10;
		d.scale--;
	}
	if (d.coef == 0)
		d.scale = 0;
	return d;
}

/* coef / 10^k rounded half away from zero. */
static __int128 div_pow10_round(__int128 c, int k)
{
	if (k <= 0)
		return c;
	__int128 p = pow10i(k);
	__int128 q = c / p, r = c % p;
	if (r < 0)
		r = -r;
	if (2 * r >= p)
		q += c < 0 ? -1 : 1;
	return q;
}

/* Rescales @d to @scale (>= d.scale) exactly; false on overflow. */
static bool upscale(decimal d, int scale, __int128 *out)
{
	__int128 c = d.coef;
	for (int i = d.scale; i < scale; i++) {
		if (__builtin_mul_overflow(c, (__int128)10, &c) || !in_range(c))
			return false;
	}
	*out = c;
	return true;
}

decimal dec_from_int(int64_t v)
{
	decimal d = { .coef = v, .scale = 0 };
	return d;
}

decimal dec_from_sen(int64_t sen)
{
	decimal d = { .coef = sen, .scale = 2 };
	return normalise(d);
}

pagu_err dec_parse(const char *s, size_t len, decimal *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < len && s[i] == '-') {
		neg = true;
		i++;
	}
	__int128 c = 0;
	int digits = 0, scale = 0;
	bool point = false;
	for (; i < len; i++) {
		char ch = s[i];
		if (ch == '.' && !point) {
			point = true;
			continue;
		}
		if (ch < '0' || ch > '9')
			return PAGU_E_INVALID;
		if (point) {
			if (scale == DEC_MAX_SCALE)
				return PAGU_E_OVERFLOW;
			scale++;
		}
		if (__builtin_mul_overflow(c, (__int128)10, &c) ||
		    __builtin_add_overflow(c, (__int128)(ch - '0'), &c) || !in_range(c))
			return PAGU_E_OVERFLOW;
		digits++;
	}
	if (digits == 0 || (point && scale == 0))
		return PAGU_E_INVALID;
	decimal d = { .coef = neg ? -c : c, .scale = scale };
	*out = normalise(d);
	return PAGU_OK;
}

pagu_err dec_add(decimal a, decimal b, decimal *out)
{
	int scale = a.scale > b.scale ? a.scale : b.scale;
	__int128 x, y, z;
	if (!upscale(a, scale, &x) || !upscale(b, scale, &y) || __builtin_add_overflow(x, y, &z) || !in_range(z))
		return PAGU_E_OVERFLOW;
	decimal d = { .coef = z, .scale = scale };
	*out = normalise(d);
	return PAGU_OK;
}

decimal dec_neg(decimal a)
{
	a.coef = -a.coef;
	return a;
}

pagu_err dec_sub(decimal a, decimal b, decimal *out)
{
	return dec_add(a, dec_neg(b), out);
}

pagu_err dec_mul(decimal a, decimal b, decimal *out)
{
	__int128 z;
	if (__builtin_mul_overflow(a.coef, b.coef, &z))
		return PAGU_E_OVERFLOW;
	int scale = a.scale + b.scale;
	if (scale > DEC_MAX_SCALE) {
		z = div_pow10_round(z, scale - DEC_MAX_SCALE);
		scale = DEC_MAX_SCALE;
	}
	if (!in_range(z))
		return PAGU_E_OVERFLOW;
	decimal d = { .coef = z, .scale = scale };
	*out = normalise(d);
	return PAGU_OK;
}

pagu_err dec_div(decimal a, decimal b, decimal *out)
{
	if (b.coef == 0)
		return PAGU_E_INVALID;
	int scale = DEC_DIV_SCALE;
	if (a.scale > scale)
		scale = a.scale;
	if (b.scale > scale)
		scale = b.scale;
	/* a/b = (a.coef × 10^(scale + 1 + b.scale - a.scale)) / b.coef × 10^-(scale + 1), then round the extra digit */
	int shift = scale + 1 + b.scale - a.scale;
	__int128 n = a.coef;
	for (int i = 0; i < shift; i++)
		if (__builtin_mul_overflow(n, (__int128)10, &n))
			return PAGU_E_OVERFLOW;
	__int128 q = n / b.coef;
	q = div_pow10_round(q, 1);
	if (!in_range(q))
		return PAGU_E_OVERFLOW;
	decimal d = { .coef = q, .scale = scale };
	*out = normalise(d);
	return PAGU_OK;
}

int dec_cmp(decimal a, decimal b)
{
	/* integer parts first (they always fit), then the fractions aligned (below 10^36) */
	__int128 pa = pow10i(a.scale), pb = pow10i(b.scale);
	__int128 ia = a.coef / pa, ib = b.coef / pb;
	if (ia != ib)
		return ia > ib ? 1 : -1;
	int scale = a.scale > b.scale ? a.scale : b.scale;
	__int128 fa = (a.coef % pa) * pow10i(scale - a.scale), fb = (b.coef % pb) * pow10i(scale - b.scale);
	return (fa > fb) - (fa < fb);
}

bool dec_is_zero(decimal a)
{
	return a.coef == 0;
}

pagu_err dec_round(decimal a, int places, decimal *out)
{
	if (places < 0 || places > DEC_MAX_SCALE)
		return PAGU_E_INVALID;
	if (a.scale <= places) {
		*out = a;
		return PAGU_OK;
	}
	decimal d = { .coef = div_pow10_round(a.coef, a.scale - places), .scale = places };
	*out = normalise(d);
	return PAGU_OK;
}

pagu_err dec_to_sen(decimal a, int64_t *sen)
{
	if (a.scale > 2)
		return PAGU_E_INVALID;
	__int128 c;
	if (!upscale(a, 2, &c) || c > INT64_MAX || c < -INT64_MAX)
		return PAGU_E_OVERFLOW;
	*sen = (int64_t)c;
	return PAGU_OK;
}

/* Digits of |c| into @buf (reversed order avoided): returns the count. */
static int digits_of(__int128 c, char *buf)
{
	unsigned __int128 u = c < 0 ? (unsigned __int128)0 - (unsigned __int128)c : (unsigned __int128)c;
	char tmp[48];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

size_t dec_format(decimal a, char buf[DEC_STR_MAX])
{
	char d[48];
	int n = digits_of(a.coef, d);
	size_t o = 0;
	if (a.coef < 0)
		buf[o++] = '-';
	if (n <= a.scale) {
		buf[o++] = '0';
		buf[o++] = '.';
		for (int i = n; i < a.scale; i++)
			buf[o++] = '0';
		memcpy(buf + o, d, (size_t)n);
		o += (size_t)n;
	} else {
		int whole = n - a.scale;
		memcpy(buf + o, d, (size_t)whole);
		o += (size_t)whole;
		if (a.scale) {
			buf[o++] = '.';
			memcpy(buf + o, d + whole, (size_t)a.scale);
			o += (size_t)a.scale;
		}
	}
	buf[o] = '\0';
	return o;
}

/* Indonesian grouping of the integer part with '.', then ',' and exactly @places decimals. */
static size_t format_id(decimal a, int places, const char *prefix, const char *suffix, char buf[DEC_STR_MAX])
{
	decimal r;
	if (dec_round(a, places, &r) != PAGU_OK)
		r = a;
	__int128 c;
	if (!upscale(r, places, &c))
		c = r.coef;
	char d[48];
	int n = digits_of(c, d);
	/* at least one integer digit */
	char padded[64];
	int pad = n <= places ? places + 1 - n : 0;
	memset(padded, '0', (size_t)pad);
	memcpy(padded + pad, d, (size_t)n);
	n += pad;
	int whole = n - places;
	size_t o = 0;
	if (c < 0)
		buf[o++] = '-';
	for (const char *p = prefix; *p; p++)
		buf[o++] = *p;
	for (int i = 0; i < whole; i++) {
		if (i && (whole - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = padded[i];
	}
	if (places) {
		buf[o++] = ',';
		for (int i = whole; i < n; i++)
			buf[o++] = padded[i];
	}
	for (const char *p = suffix; *p; p++)
		buf[o++] = *p;
	buf[o] = '\0';
	return o;
}

size_t dec_format_rupiah(decimal a, char buf[DEC_STR_MAX])
{
	return format_id(a, 2, "Rp", "", buf);
}

size_t dec_format_percent(decimal ratio, char buf[DEC_STR_MAX])
{
	decimal hundred = dec_from_int(100), p;
	if (dec_mul(ratio, hundred, &p) != PAGU_OK)
		p = ratio;
	return format_id(p, 2, "", "%", buf);
}
