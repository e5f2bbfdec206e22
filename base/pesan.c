/* pesan.c - the message catalogue: lookup, rendering, and the client's language. */
#include "pesan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct pesan_entri {
	const char *nama;
	const char *teks[2];
};

static const struct pesan_entri katalog[] = {
	[P_TANPA_] = { "", { "", "" } },
#define PESAN(k, id, en) [P_##k] = { #k, { id, en } },
#include "pesan/semua.def"
#undef PESAN
};

const char *pesan_nama(pesan_kunci k)
{
	return (unsigned)k < P_COUNT_ ? katalog[k].nama : "";
}

const char *pesan_teks(pesan_kunci k, enum pesan_bahasa b)
{
	if ((unsigned)k >= P_COUNT_)
		return "";
	return katalog[k].teks[b == BAHASA_EN ? 1 : 0];
}

bool pesan_cari(const char *nama, pesan_kunci *out)
{
	if (!nama)
		return false;
	for (unsigned i = 1; i < P_COUNT_; i++) {
		if (!strcmp(katalog[i].nama, nama)) {
			*out = (pesan_kunci)i;
			return true;
		}
	}
	return false;
}

static const char *const bulan[2][12] = {
	{ "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
	  "Desember" },
	{ "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
	  "December" },
};

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

char *pesan_tanggal(struct arena *a, enum pesan_bahasa b, const char *iso)
{
	/* YYYY-MM-DD, then nothing or a time ('T' or ' ') */
	if (!iso || strlen(iso) < 10 || !digits(iso, 4) || iso[4] != '-' || !digits(iso + 5, 2) || iso[7] != '-' ||
	    !digits(iso + 8, 2) || (iso[10] && iso[10] != 'T' && iso[10] != ' '))
		return NULL;
	int m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int d = (iso[8] - '0') * 10 + (iso[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	return arena_printf(a, "%d %s %.4s", d, bulan[b == BAHASA_EN ? 1 : 0][m - 1], iso);
}

/* Appends @n digits of @s grouped by threes with @sep. */
static void grouped(FILE *f, const char *s, size_t n, char sep)
{
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			fputc(sep, f);
		fputc(s[i], f);
	}
}

/* A decimal: optional '-', digits, optional '.' and digits. *int_len and *frac point into @s. */
static bool decimal(const char *s, bool *neg, const char **ip, size_t *il, const char **fp, size_t *fl)
{
	*neg = *s == '-';
	if (*neg)
		s++;
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 40)
		return false;
	*ip = s;
	*il = n;
	*fp = "";
	*fl = 0;
	s += n;
	if (*s == '.') {
		s++;
		size_t m = strspn(s, "0123456789");
		if (m == 0 || m > 40)
			return false;
		*fp = s;
		*fl = m;
		s += m;
	}
	return *s == '\0';
}

/* Closes @f (which writes *@buf and *@len) and moves its text into @a. */
static char *with_memstream(struct arena *a, char **buf, size_t *len, FILE *f)
{
	if (fclose(f) != 0) {
		free(*buf);
		return NULL;
	}
	char *out = arena_strndup(a, *buf, *len);
	free(*buf);
	return out;
}

char *pesan_rupiah(struct arena *a, enum pesan_bahasa b, const char *angka)
{
	bool neg;
	const char *ip, *fp;
	size_t il, fl;
	if (!angka || !decimal(angka, &neg, &ip, &il, &fp, &fl))
		return NULL;
	/* leading zeros go (but one) */
	while (il > 1 && *ip == '0') {
		ip++;
		il--;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	if (neg)
		fputc('-', f);
	fputs("Rp", f);
	grouped(f, ip, il, b == BAHASA_EN ? ',' : '.');
	fputc(b == BAHASA_EN ? '.' : ',', f);
	/* two places: sen; an amount with more shows them all rather than round */
	for (size_t i = 0; i < (fl > 2 ? fl : 2); i++)
		fputc(i < fl ? fp[i] : '0', f);
	return with_memstream(a, &buf, &len, f);
}

static char *bilangan(struct arena *a, enum pesan_bahasa b, const char *s)
{
	bool neg;
	const char *ip, *fp;
	size_t il, fl;
	if (!s || !decimal(s, &neg, &ip, &il, &fp, &fl))
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	if (neg)
		fputc('-', f);
	grouped(f, ip, il, b == BAHASA_EN ? ',' : '.');
	if (fl) {
		fputc(b == BAHASA_EN ? '.' : ',', f);
		fwrite(fp, 1, fl, f);
	}
	return with_memstream(a, &buf, &len, f);
}

/* The code words of the API (a status, an action, a kind of document) as each language says them. */
static const char *const kata[][3] = {
	{ "draft", "draf", "draft" },
	{ "submitted", "diajukan", "submitted" },
	{ "verified", "terverifikasi", "verified" },
	{ "locked", "terkunci", "locked" },
	{ "submit", "pengajuan", "submit" },
	{ "verify", "verifikasi", "verify" },
	{ "reject", "penolakan", "reject" },
	{ "lock", "penguncian", "lock" },
	{ "rkpd", "RKPD", "RKPD" },
	{ "kua_ppas", "KUA-PPAS", "KUA-PPAS" },
	{ "rka", "RKA", "RKA" },
	{ "apbd", "APBD", "APBD" },
	{ "dpa", "DPA", "DPA" },
	{ "opd", "OPD", "OPD" },
	{ "sub_kegiatan", "sub kegiatan", "sub kegiatan" },
};

static const char *kata_dari(enum pesan_bahasa b, const char *v)
{
	for (size_t i = 0; i < sizeof(kata) / sizeof(kata[0]); i++)
		if (!strcmp(kata[i][0], v))
			return kata[i][b == BAHASA_EN ? 2 : 1];
	return NULL;
}

static const char *param(const char *const *kv, const char *nama, size_t n)
{
	for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2)
		if (strlen(kv[i]) == n && !strncmp(kv[i], nama, n))
			return kv[i + 1];
	return NULL;
}

static char *daftar(struct arena *a, enum pesan_bahasa b, const char *json, int dalam);

static char *render(struct arena *a, enum pesan_bahasa b, const char *tmpl, const char *const *kv, int dalam)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (const char *p = tmpl ? tmpl : ""; *p;) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		if (!end) {
			fputc(*p++, f);
			continue;
		}
		const char *colon = memchr(p + 1, ':', (size_t)(end - p - 1));
		size_t nl = (size_t)((colon ? colon : end) - (p + 1));
		/* braces around anything but a name (a "{}" in the text) are text */
		if (nl == 0 || strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_") != nl) {
			fputc(*p++, f);
			continue;
		}
		const char *v = param(kv, p + 1, nl);
		const char *shown = v;
		if (v && colon) {
			size_t fl = (size_t)(end - colon - 1);
			char *x = NULL;
			if (fl == 2 && !strncmp(colon + 1, "rp", 2))
				x = pesan_rupiah(a, b, v);
			else if (fl == 3 && !strncmp(colon + 1, "tgl", 3))
				x = pesan_tanggal(a, b, v);
			else if (fl == 1 && colon[1] == 'n')
				x = bilangan(a, b, v);
			else if (fl == 4 && !strncmp(colon + 1, "kata", 4))
				shown = kata_dari(b, v) ? kata_dari(b, v) : v;
			else if (fl == 6 && !strncmp(colon + 1, "daftar", 6))
				x = daftar(a, b, v, dalam);
			if (x)
				shown = x;
		}
		fputs(shown ? shown : "?", f);
		p = end + 1;
	}
	return with_memstream(a, &buf, &len, f);
}

char *pesan_render_teks(struct arena *a, enum pesan_bahasa b, const char *tmpl, const char *const *kv)
{
	return render(a, b, tmpl, kv, 0);
}

char *pesan_render(struct arena *a, enum pesan_bahasa b, pesan_kunci k, const char *const *kv)
{
	return render(a, b, pesan_teks(k, b), kv, 0);
}

/* The weight of a language range's parameters ";q=0.8" in thousandths; 1000 when none. */
static int weight(const char *s, size_t n)
{
	const char *q = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if ((s[i] == 'q' || s[i] == 'Q') && s[i + 1] == '=' && (i == 0 || s[i - 1] == ';' || s[i - 1] == ' '))
			q = s + i + 2;
	if (!q)
		return 1000;
	if (*q == '1')
		return 1000;
	if (*q != '0')
		return 0;
	int w = 0, scale = 100;
	if (q[1] == '.')
		for (const char *d = q + 2; d < s + n && *d >= '0' && *d <= '9' && scale; d++, scale /= 10)
			w += (*d - '0') * scale;
	return w;
}

enum pesan_bahasa pesan_bahasa_dari(const char *h)
{
	int best_id = -1, best_en = -1;
	for (const char *p = h; p && *p;) {
		size_t n = strcspn(p, ",");
		const char *s = p;
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		size_t tag = strcspn(s, ";-, \t");
		if (tag > n)
			tag = n;
		int w = weight(s, n);
		if (tag == 2 && (!strncasecmp(s, "id", 2) || !strncasecmp(s, "in", 2)) && w > best_id)
			best_id = w;
		else if (tag == 2 && !strncasecmp(s, "en", 2) && w > best_en)
			best_en = w;
		p = s + n;
		if (*p == ',')
			p++;
	}
	return best_en > 0 && best_en > best_id ? BAHASA_EN : BAHASA_ID;
}

/* JSON whitespace */
static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A JSON string at @p (its opening quote) into @f; the character after it, or NULL when it is not one. */
static const char *json_string(const char *p, FILE *f)
{
	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = (unsigned char)*p;
		if (c == '\0' || c < 0x20)
			return NULL;
		p++;
		if (c == '"')
			return p;
		if (c != '\\') {
			fputc(c, f);
			continue;
		}
		char e = *p++;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			fputc("\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"], f);
			continue;
		}
		if (e != 'u')
			return NULL;
		int u = hex4(p);
		if (u < 0)
			return NULL;
		p += 4;
		if (u >= 0xD800 && u <= 0xDBFF) {
			int lo = p[0] == '\\' && p[1] == 'u' ? hex4(p + 2) : -1;
			if (lo < 0xDC00 || lo > 0xDFFF)
				return NULL;
			p += 6;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			return NULL;
		}
		if (u == 0)
			return NULL; /* a NUL would end the text early */
		if (u < 0x80) {
			fputc(u, f);
		} else if (u < 0x800) {
			fputc(0xC0 | (u >> 6), f);
			fputc(0x80 | (u & 0x3F), f);
		} else if (u < 0x10000) {
			fputc(0xE0 | (u >> 12), f);
			fputc(0x80 | ((u >> 6) & 0x3F), f);
			fputc(0x80 | (u & 0x3F), f);
		} else {
			fputc(0xF0 | (u >> 18), f);
			fputc(0x80 | ((u >> 12) & 0x3F), f);
			fputc(0x80 | ((u >> 6) & 0x3F), f);
			fputc(0x80 | (u & 0x3F), f);
		}
	}
}

/* One string (or, for a value, a scalar) into the arena; NULL when it is not one. */
static const char *json_scalar(struct arena *a, const char *p, bool value, char **out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	const char *end = NULL;
	if (*p == '"') {
		end = json_string(p, f);
	} else if (value && !strncmp(p, "null", 4)) {
		end = p + 4; /* shown as nothing */
	} else if (value && (!strncmp(p, "true", 4) || !strncmp(p, "false", 5))) {
		size_t n = *p == 't' ? 4 : 5;
		fwrite(p, 1, n, f);
		end = p + n;
	} else if (value && (*p == '-' || (*p >= '0' && *p <= '9'))) {
		size_t n = strspn(p, "-+0123456789.eE");
		fwrite(p, 1, n, f);
		end = p + n;
	}
	char *s = with_memstream(a, &buf, &len, f);
	if (!s || !end)
		return NULL;
	*out = s;
	return end;
}

const char *const *pesan_param_json(struct arena *a, const char *json)
{
	if (!json)
		return NULL;
	const char *p = ws(json);
	if (*p++ != '{')
		return NULL;
	size_t n = 0, cap = 8;
	const char **kv = arena_alloc(a, (cap * 2 + 1) * sizeof(*kv));
	if (!kv)
		return NULL;
	p = ws(p);
	if (*p == '}') {
		kv[0] = NULL;
		return *ws(p + 1) ? NULL : kv;
	}
	for (;;) {
		char *k, *v;
		p = ws(p);
		if (*p != '"' || !(p = json_scalar(a, p, false, &k)))
			return NULL;
		p = ws(p);
		if (*p++ != ':')
			return NULL;
		p = ws(p);
		if (!(p = json_scalar(a, p, true, &v)))
			return NULL;
		if (n == cap) {
			const char **more = arena_alloc(a, (cap * 4 + 1) * sizeof(*kv));
			if (!more)
				return NULL;
			memcpy(more, kv, n * 2 * sizeof(*kv));
			kv = more;
			cap *= 2;
		}
		kv[2 * n] = k;
		kv[2 * n + 1] = v;
		n++;
		p = ws(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != '}')
			return NULL;
		kv[2 * n] = NULL;
		return *ws(p) ? NULL : kv;
	}
}

/* The end of the flat JSON object at @p (just past its '}'); NULL when it is not one. */
static const char *objek_akhir(const char *p)
{
	if (*p++ != '{')
		return NULL;
	for (bool str = false; *p; p++) {
		if (str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				str = false;
		} else if (*p == '"') {
			str = true;
		} else if (*p == '{' || *p == '[') {
			return NULL;
		} else if (*p == '}') {
			return p + 1;
		}
	}
	return NULL;
}

/*
 * A {x:daftar} value: one item {"pesan": "ENTRY", name: value, ...} or an array of them, each
 * rendered with its entry and joined by "; ". NULL (the value shown as given) when it is not
 * such a list, names no entry, or an item's entry would itself hold a list (one level only).
 */
static char *daftar(struct arena *a, enum pesan_bahasa b, const char *json, int dalam)
{
	if (dalam > 0)
		return NULL;
	const char *p = ws(json);
	bool larik = *p == '[';
	if (larik)
		p = ws(p + 1);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	bool ok = true;
	for (int n = 0; ok; n++) {
		if (larik && n == 0 && *p == ']') {
			p++;
			break;
		}
		const char *end = objek_akhir(p);
		const char *const *kv = end ? pesan_param_json(a, arena_strndup(a, p, (size_t)(end - p))) : NULL;
		const char *nama = kv ? param(kv, "pesan", 5) : NULL;
		pesan_kunci k;
		char *teks = nama && pesan_cari(nama, &k) ? render(a, b, pesan_teks(k, b), kv, dalam + 1) : NULL;
		if (!teks) {
			ok = false;
			break;
		}
		fprintf(f, "%s%s", n ? "; " : "", teks);
		p = ws(end);
		if (!larik)
			break;
		if (*p == ',') {
			p = ws(p + 1);
			continue;
		}
		if (*p++ != ']')
			ok = false;
		break;
	}
	if (ok && *ws(p))
		ok = false;
	char *out = with_memstream(a, &buf, &len, f);
	return ok ? out : NULL;
}

char *pesan_daftar(struct arena *a, enum pesan_bahasa b, const char *json)
{
	return json ? daftar(a, b, json, 0) : NULL;
}
