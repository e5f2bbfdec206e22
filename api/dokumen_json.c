/* dokumen_json.c - rendering documents and checking document input. */
#include "dokumen_json.h"
#include "rules_json.h"

#include <stdlib.h>
#include <string.h>

#include "kode.h"
#include "money.h"

json_t *dokumen_json(const struct dokumen *d)
{
	json_t *o =
		json_pack("{s:I, s:i, s:s, s:s?, s:i, s:o, s:s, s:i, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)d->id,
			  "tahun", d->tahun, "jenis", d->jenis, "opd_kode", d->opd_kode, "versi", d->versi, "asal_id",
			  d->asal_id ? json_integer(d->asal_id) : json_null(), "status", d->status, "revisi", d->revisi,
			  "hash", d->hash, "hash_sebelum", d->hash_sebelum, "dibuat", d->dibuat, "dikunci", d->dikunci);
	/* the stage of the year (issue 18): murni, pergeseran or perubahan, with what goes with it */
	if (o) {
		json_object_set_new(o, "tahap", json_string(d->tahap ? d->tahap : "murni"));
		json_object_set_new(o, "dasar", d->dasar ? api_json_text(d->dasar) : json_null());
		json_object_set_new(o, "tanggal_dprd", d->tanggal_dprd ? json_string(d->tanggal_dprd) : json_null());
	}
	return o;
}

const char *dokumen_etag(struct api_req *r, int revisi)
{
	return arena_printf(&r->arena, "\"r%d\"", revisi);
}

bool dokumen_etag_parse(const char *etag, int *revisi)
{
	if (!etag)
		return false;
	size_t n = strlen(etag);
	if (n < 4 || n > 14 || etag[0] != '"' || etag[1] != 'r' || etag[n - 1] != '"')
		return false;
	long v = 0;
	for (size_t i = 2; i < n - 1; i++) {
		if (etag[i] < '0' || etag[i] > '9')
			return false;
		v = v * 10 + (etag[i] - '0');
	}
	if (v < 1 || v > 2000000000)
		return false;
	*revisi = (int)v;
	return true;
}

bool dokumen_id_param(struct api_req *r, int64_t *id)
{
	const char *s = api_param(r, "id");
	char *end;
	long long v = s && *s >= '1' && *s <= '9' ? strtoll(s, &end, 10) : 0;
	if (v <= 0 || *end || strlen(s) > 18) {
		api_tolak(r, PAGU_E_INVALID, "id", NULL, P_BUKAN_BILANGAN_POSITIF, "apa",
			  api_pesan(r, P_APA_ID_DOKUMEN), "nilai", s ? s : "");
		return false;
	}
	*id = v;
	return true;
}

bool dokumen_baris_param(struct api_req *r, int *baris)
{
	const char *b = api_param(r, "baris");
	char *end;
	long n = strtol(b, &end, 10);
	if (*b < '1' || *b > '9' || *end || n > 1000000000) {
		api_tolak(r, PAGU_E_INVALID, "baris", NULL, P_BUKAN_BILANGAN_POSITIF, "apa", api_pesan(r, P_APA_BARIS),
			  "nilai", b);
		return false;
	}
	*baris = (int)n;
	return true;
}

bool dokumen_baris_check(struct api_req *r, int64_t id, int baris)
{
	const char *akun = NULL;
	pagu_err e = dokumen_baris_akun_get(r->db, &r->arena, r->tok.pemda_id, id, baris, &akun);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DOKUMEN);
		return false;
	}
	return !akun || dokumen_akun_check(r, akun);
}

bool dokumen_baris_sendiri(struct api_req *r, const struct dokumen *d)
{
	if (!strcmp(d->jenis, "apbd")) {
		api_tolak(r, PAGU_E_CONFLICT, "id", NULL, P_APBD_BARIS_TETAP, "versi", api_num(r, (long long)d->id));
		return false;
	}
	if (!strcmp(d->jenis, "dpa") && strcmp(d->tahap ? d->tahap : "", "pergeseran") != 0) {
		api_tolak(r, PAGU_E_CONFLICT, "id", NULL, P_DPA_BARIS_TETAP, "versi", api_num(r, (long long)d->id),
			  "apbd", "{apbd}");
		return false;
	}
	return true;
}

bool dokumen_authorise(struct api_req *r, int64_t id, const char *aksi, struct dokumen *out)
{
	struct dokumen_isi isi;
	pagu_err e = dokumen_header_get(r->db, &r->arena, r->tok.pemda_id, id, &isi.d);
	if (e != PAGU_OK) {
		if (e == PAGU_E_NOT_FOUND)
			api_tolak(r, e, "id", NULL, P_DOKUMEN_VERSI_TIDAK_ADA, "versi", api_num(r, (long long)id));
		else
			api_tolak_engine(r, e, P_APA_DOKUMEN);
		return false;
	}
	bool scoped = r->tok.opd_kode[0] != '\0';
	/* OPD staff read the pemda-wide documents, and only their own OPD's */
	if (scoped && isi.d.opd_kode && strcmp(isi.d.opd_kode, r->tok.opd_kode) != 0) {
		api_tolak(r, PAGU_E_FORBIDDEN, NULL, NULL, P_TOKEN_OPD_DOKUMEN, "opd", r->tok.opd_kode, "jenis",
			  isi.d.jenis, "versi", api_num(r, (long long)id), "pemilik", isi.d.opd_kode);
		return false;
	}
	if (aksi && !dokumen_allowed(dokumen_kind(&isi.d), aksi, r->tok.role, scoped)) {
		api_tolak(r, PAGU_E_FORBIDDEN, NULL, NULL, scoped ? P_PERAN_OPD_DOKUMEN : P_PERAN_DOKUMEN, "peran",
			  api_peran_teks(r, r->tok.role), "aksi", aksi, "jenis", dokumen_kind(&isi.d));
		return false;
	}
	*out = isi.d;
	return true;
}

/* The items a plafon refusal names (f->lebih_plafon) as member lebih_plafon of @ext (made when NULL). */
static json_t *with_lebih_plafon(json_t *ext, const struct pagu_fault *f)
{
	json_error_t jerr;
	json_t *items = f->lebih_plafon ? json_loads(f->lebih_plafon, 0, &jerr) : NULL;
	if (!items)
		return ext;
	if (!ext)
		ext = json_object();
	json_object_set_new(ext, "lebih_plafon", items);
	return ext;
}

void dokumen_problem(struct api_req *r, pagu_err e, const struct pagu_fault *f)
{
	switch (e) {
	case PAGU_E_NOT_FOUND:
	case PAGU_E_FORBIDDEN:
	case PAGU_E_CONFLICT:
	case PAGU_E_PRECONDITION:
	case PAGU_E_RULE:
	case PAGU_E_FUTURE_DATE:
	case PAGU_E_QUARTER_EARLY:
	case PAGU_E_OVERFLOW:
		api_tolak_fault(r, e, with_lebih_plafon(NULL, f), f);
		break;
	case PAGU_E_RULES_REFUSED:
	case PAGU_E_RULES_EVAL:
	case PAGU_E_RULES_INVALID:
		/* the whole evaluation goes with the refusal, so the client sees every rule at fault */
		api_tolak_fault(
			r, e,
			with_lebih_plafon(
				f->laporan ? json_pack("{s:o}", "rules", rules_report_json(f->laporan)) : NULL, f),
			f);
		break;
	default:
		api_tolak_engine(r, e, P_APA_DOKUMEN);
		break;
	}
}

bool dokumen_akun_check(struct api_req *r, const char *akun)
{
	if (!dokumen_akun_allowed(r->tok.role, akun)) {
		api_tolak(r, PAGU_E_FORBIDDEN, "/akun", NULL, P_PERAN_AKUN, "peran", api_peran_teks(r, r->tok.role),
			  "akun", akun);
		return false;
	}
	return true;
}

pagu_err dokumen_reply(struct api_req *r, pagu_err e, const struct pagu_fault *f, unsigned status, json_t *body,
		       int revisi)
{
	if (e == PAGU_OK) {
		if (revisi > 0)
			r->etag = dokumen_etag(r, revisi);
		api_reply_json(r, status, body);
		return PAGU_OK;
	}
	json_decref(body);
	if (pagu_err_is_db(e))
		return e;
	dokumen_problem(r, e, f);
	return PAGU_OK;
}

bool dokumen_if_match(struct api_req *r, bool required, int *revisi)
{
	const char *im = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	if (!im) {
		if (required) {
			api_tolak(r, PAGU_E_PRECONDITION_REQUIRED, "If-Match", NULL, P_IF_MATCH_DOKUMEN_PERLU);
			return false;
		}
		*revisi = -1;
		return true;
	}
	if (!dokumen_etag_parse(im, revisi)) {
		api_tolak(r, PAGU_E_PRECONDITION, "If-Match", NULL, P_IF_MATCH_DOKUMEN_SALAH, "etag", im);
		return false;
	}
	return true;
}

/* A non-negative decimal with at most 4 fractional digits and 16 integer digits. */
pesan_kunci dokumen_check_decimal(const char *s, size_t len)
{
	size_t i = 0, intd = 0, frac = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		i++;
		intd++;
	}
	if (intd == 0 || intd > 16 || (intd > 1 && s[0] == '0'))
		return P_BUKAN_DESIMAL;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			i++;
			frac++;
		}
		if (frac == 0 || frac > 4)
			return P_DESIMAL_DIGIT;
	}
	return i == len ? P_TANPA_ : P_BUKAN_DESIMAL;
}

enum dokumen_angka dokumen_angka_parse(const char *s, size_t len, char out[DOKUMEN_ANGKA_MAX])
{
	size_t i = 0, whole = 0, nsep = 0, frac = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	whole = i;
	if (whole == 0 || whole > 16 || (whole > 1 && s[0] == '0'))
		return ANGKA_INVALID;
	/* what follows: groups of digits after separators; only the first group's length matters
	   unless there is more than one separator */
	size_t sep_at = 0;
	while (i < len) {
		if (s[i] != '.' && s[i] != ',')
			return ANGKA_INVALID;
		if (nsep++ == 0)
			sep_at = i;
		size_t g = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == g)
			return ANGKA_INVALID;
		frac = i - g;
	}
	if (nsep > 1)
		return ANGKA_AMBIGUOUS;
	if (nsep == 1 && frac == 3 && whole <= 3 && !(whole == 1 && s[0] == '0'))
		return ANGKA_AMBIGUOUS;
	if (nsep == 1 && frac > 4)
		return ANGKA_INVALID;
	size_t n = nsep ? len : whole;
	memcpy(out, s, n);
	out[n] = '\0';
	if (nsep) {
		out[sep_at] = '.';
		while (n > sep_at + 1 && out[n - 1] == '0')
			out[--n] = '\0';
		if (n == sep_at + 1)
			out[sep_at] = '\0';
	}
	return ANGKA_OK;
}

json_t *dokumen_total_json(const struct dokumen_total *t)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "pendapatan", api_money_json(t->pendapatan), "belanja",
			 api_money_json(t->belanja), "penerimaan_pembiayaan", api_money_json(t->penerimaan_pembiayaan),
			 "pengeluaran_pembiayaan", api_money_json(t->pengeluaran_pembiayaan));
}

/* "2 orang", "3.5 hari", "2,5 m2": a positive number (dokumen_angka_parse; one that is ambiguous
   passes here and is refused with its hint by the handler), one space, a unit. */
pesan_kunci dokumen_check_koefisien(const char *s, size_t len)
{
	const char *sp = memchr(s, ' ', len);
	if (!sp)
		return P_BUKAN_FAKTOR;
	size_t nlen = (size_t)(sp - s);
	char canon[DOKUMEN_ANGKA_MAX];
	if (dokumen_angka_parse(s, nlen, canon) == ANGKA_INVALID)
		return P_FAKTOR_TANPA_ANGKA;
	bool zero = true;
	for (size_t i = 0; i < nlen; i++)
		if (s[i] >= '1' && s[i] <= '9')
			zero = false;
	if (zero)
		return P_FAKTOR_NOL;
	size_t ulen = len - nlen - 1;
	if (ulen == 0 || ulen > 30)
		return P_FAKTOR_TANPA_SATUAN;
	for (size_t i = nlen + 1; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return P_ADA_KARAKTER_KENDALI;
	return P_TANPA_;
}

pesan_kunci dokumen_check_sub_kegiatan(const char *s, size_t len)
{
	struct kode_nomenklatur k;
	if (kode_nomenklatur_parse(s, len, &k) != PAGU_OK || k.level != KODE_NOM_SUB_KEGIATAN)
		return P_BUKAN_KODE_SUB;
	return P_TANPA_;
}

pesan_kunci dokumen_check_akun(const char *s, size_t len)
{
	struct kode_akun k;
	if (kode_akun_parse(s, len, &k) != PAGU_OK || k.level != 6)
		return P_BUKAN_AKUN_6;
	return P_TANPA_;
}

pesan_kunci dokumen_check_sumber_dana(const char *s, size_t len)
{
	if (len == 0 || len > 24)
		return P_BUKAN_SUMBER_DANA;
	bool digit = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if (s[i] == '.' && digit && i + 1 < len)
			digit = false;
		else
			return P_BUKAN_SUMBER_DANA;
	}
	return P_TANPA_;
}

const char *dokumen_decimal_canon(struct api_req *r, const char *s)
{
	char *c = arena_strdup(&r->arena, s);
	char *dot = strchr(c, '.');
	if (dot) {
		char *end = c + strlen(c) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*dot = '\0';
	}
	return c;
}

const char *dokumen_sub_canon(struct api_req *r, const char *s)
{
	struct kode_nomenklatur k;
	if (kode_nomenklatur_parse(s, strlen(s), &k) != PAGU_OK)
		return s;
	return arena_strdup(&r->arena, k.kode);
}
