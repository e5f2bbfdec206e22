/* opd_json.c - rendering OPD and checking their fields. */
#include "opd_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kode.h"

json_t *opd_json(const struct opd *o)
{
	json_t *b = json_array();
	for (int i = 0; i < o->nbidang; i++)
		json_array_append_new(b, json_string(o->bidang[i]));
	return json_pack("{s:s, s:s, s:s?, s:o, s:i}", "kode", o->kode, "nama", o->nama, "singkatan", o->singkatan,
			 "bidang", b, "versi", o->versi);
}

const char *opd_etag(struct api_req *r, const struct opd *o)
{
	return arena_printf(&r->arena, "\"v%d\"", o->versi);
}

bool opd_etag_parse(const char *etag, int *versi)
{
	if (!etag)
		return false;
	if (!strncmp(etag, "W/", 2))
		etag += 2;
	size_t n = strlen(etag);
	if (n < 4 || n > 14 || etag[0] != '"' || etag[1] != 'v' || etag[n - 1] != '"')
		return false;
	long v = 0;
	for (size_t i = 2; i < n - 1; i++) {
		if (etag[i] < '0' || etag[i] > '9')
			return false;
		v = v * 10 + (etag[i] - '0');
	}
	if (v < 1 || v > 2000000000)
		return false;
	*versi = (int)v;
	return true;
}

pesan_kunci opd_check_kode(const char *s, size_t len)
{
	char out[KODE_OPD_MAX];
	return kode_opd_parse(s, len, out) == PAGU_OK ? P_TANPA_ : P_BUKAN_KODE_OPD;
}

pesan_kunci opd_check_bidang(const char *s, size_t len)
{
	struct kode_nomenklatur k;
	if (kode_nomenklatur_parse(s, len, &k) != PAGU_OK || k.level != KODE_NOM_BIDANG)
		return P_BUKAN_KODE_BIDANG;
	return P_TANPA_;
}

/* Names: no control characters, not blank. */
pesan_kunci opd_check_text(const char *s, size_t len)
{
	bool blank = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return P_ADA_KARAKTER_KENDALI;
		if (c != ' ')
			blank = false;
	}
	return blank ? P_KOSONG : P_TANPA_;
}
