/* kode.c - parsing and validating the national code systems. */
#include "kode.h"

#include <stdbool.h>
#include <string.h>

#define MAX_SEGS 8

struct segs {
	int n;
	const char *p[MAX_SEGS];
	size_t len[MAX_SEGS];
};

/* Splits on '.'; false for empty input, empty segments, NULs, too many segments. */
static bool split(const char *s, size_t len, struct segs *sg)
{
	if (len == 0 || len >= 64)
		return false;
	sg->n = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] == '\0')
			return false;
		if (i == len || s[i] == '.') {
			if (i == start || sg->n == MAX_SEGS)
				return false;
			sg->p[sg->n] = s + start;
			sg->len[sg->n] = i - start;
			sg->n++;
			start = i + 1;
		}
	}
	return true;
}

static bool all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static bool is_seg(const struct segs *sg, int i, size_t width)
{
	return sg->len[i] == width && all_digits(sg->p[i], width);
}

static void copy_text(char *dst, size_t dstsz, const char *s, size_t len)
{
	/* callers bound len by the widths they checked */
	if (len >= dstsz)
		len = dstsz - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

pagu_err kode_akun_parse(const char *s, size_t len, struct kode_akun *out)
{
	static const size_t width[6] = { 1, 1, 2, 2, 2, 4 };
	struct segs sg;
	if (!split(s, len, &sg) || sg.n > 6)
		return PAGU_E_BAD_CODE;
	for (int i = 0; i < sg.n; i++)
		if (!is_seg(&sg, i, width[i]))
			return PAGU_E_BAD_CODE;
	out->level = sg.n;
	copy_text(out->kode, sizeof(out->kode), s, len);
	return PAGU_OK;
}

int kode_akun_parent(const char *kode, char out[KODE_AKUN_MAX])
{
	const char *dot = strrchr(kode, '.');
	if (!dot)
		return 0;
	size_t n = (size_t)(dot - kode);
	copy_text(out, KODE_AKUN_MAX, kode, n);
	int level = 1;
	for (size_t i = 0; i < n; i++)
		level += out[i] == '.';
	return level;
}

const char *kode_akun_level_name(int level)
{
	static const char *const names[] = {
		"akun", "kelompok", "jenis", "objek", "rincian_objek", "sub_rincian_objek"
	};
	return level >= 1 && level <= 6 ? names[level - 1] : "?";
}

pagu_err kode_nomenklatur_parse(const char *s, size_t len, struct kode_nomenklatur *out)
{
	struct segs sg;
	if (!split(s, len, &sg) || sg.n > 6 || sg.n == 4)
		return PAGU_E_BAD_CODE;
	/* urusan */
	if (sg.len[0] != 1)
		return PAGU_E_BAD_CODE;
	char u = sg.p[0][0];
	bool penunjang = u == 'X';
	if (!(penunjang || u == '?' || (u >= '1' && u <= '9')))
		return PAGU_E_BAD_CODE;
	/* bidang: XX under X (X.XX), else two digits */
	if (sg.n >= 2) {
		bool xx = sg.len[1] == 2 && sg.p[1][0] == 'X' && sg.p[1][1] == 'X';
		if (penunjang ? !xx : !is_seg(&sg, 1, 2))
			return PAGU_E_BAD_CODE;
	}
	if (sg.n >= 3 && !is_seg(&sg, 2, 2))
		return PAGU_E_BAD_CODE;
	int pemda_level = 0;
	if (sg.n >= 5) {
		if (sg.len[3] != 1 || (sg.p[3][0] != '1' && sg.p[3][0] != '2') || !is_seg(&sg, 4, 2))
			return PAGU_E_BAD_CODE;
		pemda_level = sg.p[3][0] - '0';
	}
	char buf[KODE_NOM_MAX];
	if (sg.n == 6) {
		if (!is_seg(&sg, 5, 4) && !is_seg(&sg, 5, 2))
			return PAGU_E_BAD_CODE;
		size_t head = (size_t)(sg.p[5] - s);
		copy_text(buf, sizeof(buf), s, head);
		if (sg.len[5] == 2) {
			memcpy(buf + head, "00", 2);
			memcpy(buf + head + 2, sg.p[5], 2);
		} else {
			memcpy(buf + head, sg.p[5], 4);
		}
		buf[head + 4] = '\0';
	} else {
		copy_text(buf, sizeof(buf), s, len);
	}
	static const enum kode_nom_level by_segs[] = { 0, KODE_NOM_URUSAN,   KODE_NOM_BIDANG,	   KODE_NOM_PROGRAM,
						       0, KODE_NOM_KEGIATAN, KODE_NOM_SUB_KEGIATAN };
	out->level = by_segs[sg.n];
	out->pemda_level = pemda_level;
	memcpy(out->kode, buf, sizeof(out->kode));
	return PAGU_OK;
}

static const char *const nom_names[] = { NULL, "urusan", "bidang", "program", "kegiatan", "sub_kegiatan" };

const char *kode_nom_level_name(enum kode_nom_level level)
{
	return level >= KODE_NOM_URUSAN && level <= KODE_NOM_SUB_KEGIATAN ? nom_names[level] : "?";
}

pagu_err kode_nom_level_from_name(const char *name, enum kode_nom_level *out)
{
	for (int i = KODE_NOM_URUSAN; i <= KODE_NOM_SUB_KEGIATAN; i++) {
		if (!strcmp(name, nom_names[i])) {
			*out = (enum kode_nom_level)i;
			return PAGU_OK;
		}
	}
	return PAGU_E_INVALID;
}

pagu_err kode_opd_parse(const char *s, size_t len, char out[KODE_OPD_MAX])
{
	struct segs sg;
	if (!split(s, len, &sg) || sg.n != 8)
		return PAGU_E_BAD_CODE;
	for (int pair = 0; pair < 3; pair++) {
		int i = 2 * pair;
		bool x = sg.len[i] == 1 && sg.p[i][0] == 'X' && sg.len[i + 1] == 2 && sg.p[i + 1][0] == 'X' &&
			 sg.p[i + 1][1] == 'X';
		bool digits = is_seg(&sg, i, 1) && is_seg(&sg, i + 1, 2);
		if (!x && !digits)
			return PAGU_E_BAD_CODE;
		bool unused = digits && sg.p[i][0] == '0' && sg.p[i + 1][0] == '0' && sg.p[i + 1][1] == '0';
		if (pair == 0 && (unused || (digits && sg.p[i][0] == '0')))
			return PAGU_E_BAD_CODE;
		if (digits && !unused && sg.p[i][0] == '0')
			return PAGU_E_BAD_CODE;
	}
	if (!is_seg(&sg, 6, 2) || !is_seg(&sg, 7, 4))
		return PAGU_E_BAD_CODE;
	copy_text(out, KODE_OPD_MAX, s, len);
	return PAGU_OK;
}
