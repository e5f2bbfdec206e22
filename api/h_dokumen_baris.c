/*
 * h_dokumen_baris.c - the lines of a draft version: /v1/pemda/{pemda}/dokumen/{id}/baris[/{baris}].
 */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "money.h"
#include "opd_json.h"

/*
 * h_dokumen_baris_add.c - POST /v1/pemda/{pemda}/dokumen/{id}/baris: add a line to a draft;
 * and PUT …/baris/{baris}: replace one (the same declared body, so both live here).
 */
struct baris_add_arg {
	int64_t id;
	int revisi; /* -1: no If-Match */
	int ganti;  /* PUT: the line replaced; 0 for POST */
	bool rkpd;
	bool plafon;
	struct plafon_baris ceiling;
	struct rkpd_item item;
	struct rka_baris line;
};

static pagu_err baris_add_work(struct api_req *r, void *p)
{
	struct baris_add_arg *a = p;
	struct pagu_fault f = { 0 };
	int revisi = 0;
	int dasar = a->revisi; /* the revision the new line is added to; *a stays as parsed, for a retried txn */
	pagu_err e;
	json_t *body;
	if (a->ganti) {
		/* in the same transaction: the old line goes, the new one comes with the next number */
		e = dokumen_baris_delete(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, a->ganti, r->tok.token_id,
					 &revisi, &f);
		if (e != PAGU_OK)
			return dokumen_reply(r, e, &f, 200, NULL, 0);
		dasar = revisi;
	}
	if (a->plafon) {
		int baris = 0;
		e = dokumen_plafon_add(r->db, &r->arena, r->tok.pemda_id, a->id, dasar, &a->ceiling, r->tok.token_id,
				       &baris, &revisi, &f);
		body = e == PAGU_OK ? json_pack("{s:i, s:i}", "baris", baris, "revisi", revisi) : NULL;
	} else if (a->rkpd) {
		int baris = 0;
		e = dokumen_rkpd_add(r->db, &r->arena, r->tok.pemda_id, a->id, dasar, &a->item, r->tok.token_id, &baris,
				     &revisi, &f);
		body = e == PAGU_OK ? json_pack("{s:i, s:i}", "baris", baris, "revisi", revisi) : NULL;
	} else {
		struct rka_baris out;
		e = dokumen_rka_add(r->db, &r->arena, r->tok.pemda_id, a->id, dasar, &a->line, r->tok.token_id, &out,
				    &revisi, &f);
		body = e == PAGU_OK ? json_pack("{s:i, s:i, s:s, s:o}", "baris", out.baris, "revisi", revisi, "volume",
						out.volume, "jumlah", api_money_json(out.jumlah))
				    : NULL;
	}
	if (e == PAGU_OK && a->ganti)
		json_object_set_new(body, "diganti", json_integer(a->ganti));
	return dokumen_reply(r, e, &f, a->ganti ? 200 : 201, e == PAGU_OK ? body : NULL, revisi);
}

/* A signed decimal of at most 6 fractional digits within +-@max. */
static bool degrees(const char *s, size_t len, int max)
{
	size_t i = 0;
	if (i < len && s[i] == '-')
		i++;
	long whole = 0;
	size_t d = 0, f = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9' && d < 4) {
		whole = whole * 10 + (s[i++] - '0');
		d++;
	}
	bool frac_nonzero = false;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			frac_nonzero |= s[i] != '0';
			i++;
			f++;
		}
		if (f == 0 || f > 6)
			return false;
	}
	return d > 0 && i == len && (whole < max || (whole == max && !frac_nonzero));
}

/* "lat,lon" in decimal degrees, e.g. "-0.947100,100.417200" (no floating point anywhere). */
static pesan_kunci check_titik(const char *s, size_t len)
{
	const char *comma = memchr(s, ',', len);
	if (!comma || !degrees(s, (size_t)(comma - s), 90) || !degrees(comma + 1, len - (size_t)(comma - s) - 1, 180))
		return P_BUKAN_TITIK;
	return P_TANPA_;
}

static bool parse_rkpd(struct api_req *r, struct baris_add_arg *a)
{
	struct rkpd_item *it = &a->item;
	const char *titik = NULL;
	const struct jspec spec[] = {
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &it->opd_kode },
		{ .name = "sub_kegiatan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = dokumen_check_sub_kegiatan,
		  .out = &it->sub_kegiatan },
		{ .name = "indikator",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 500,
		  .check = opd_check_text,
		  .out = &it->indikator },
		{ .name = "target",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = dokumen_check_decimal,
		  .out = &it->target },
		{ .name = "satuan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 50,
		  .check = opd_check_text,
		  .out = &it->satuan },
		{ .name = "pagu_indikatif", .type = JSPEC_MONEY, .required = true, .out = &it->pagu_indikatif },
		{ .name = "lokasi",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 500,
		  .check = opd_check_text,
		  .out = &it->lokasi },
		{ .name = "sumber_dana",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = dokumen_check_sumber_dana,
		  .out = &it->sumber_dana },
		{ .name = "lokasi_titik",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 40,
		  .check = check_titik,
		  .out = &titik },
		{ .name = "rpjmd_kode",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 50,
		  .check = opd_check_text,
		  .out = &it->rpjmd_kode },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return false;
	if (r->tok.opd_kode[0] && strcmp(it->opd_kode, r->tok.opd_kode) != 0) {
		api_tolak(r, PAGU_E_FORBIDDEN, "/opd_kode", NULL, P_TOKEN_OPD_RENCANA, "opd", r->tok.opd_kode, "lain",
			  it->opd_kode);
		return false;
	}
	it->sub_kegiatan = dokumen_sub_canon(r, it->sub_kegiatan);
	it->target = dokumen_decimal_canon(r, it->target);
	if (titik) {
		const char *comma = strchr(titik, ',');
		it->lintang = arena_strndup(&r->arena, titik, (size_t)(comma - titik));
		it->bujur = comma + 1;
	}
	return true;
}

static pesan_kunci check_jenis_plafon(const char *s, size_t len)
{
	(void)len;
	static const char *const ok[] = { "opd", "sub_kegiatan", "pendapatan", "penerimaan_pembiayaan",
					  "pengeluaran_pembiayaan" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(s, ok[i]))
			return P_TANPA_;
	return P_JENIS_PLAFON_SALAH;
}

static bool parse_plafon(struct api_req *r, struct baris_add_arg *a)
{
	struct plafon_baris *b = &a->ceiling;
	const struct jspec spec[] = {
		{ .name = "jenis",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = check_jenis_plafon,
		  .out = &b->jenis },
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &b->opd_kode },
		{ .name = "sub_kegiatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 24,
		  .check = dokumen_check_sub_kegiatan,
		  .out = &b->sub_kegiatan },
		{ .name = "jumlah", .type = JSPEC_MONEY, .required = true, .out = &b->jumlah },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return false;
	bool per_opd = !strcmp(b->jenis, "opd") || !strcmp(b->jenis, "sub_kegiatan");
	if (per_opd != (b->opd_kode != NULL)) {
		api_tolak(r, PAGU_E_INVALID, "/opd_kode", NULL, per_opd ? P_BARIS_PERLU_OPD : P_BARIS_TANPA_OPD,
			  "jenis", b->jenis);
		return false;
	}
	if (!strcmp(b->jenis, "sub_kegiatan") != (b->sub_kegiatan != NULL)) {
		api_tolak(r, PAGU_E_INVALID, "/sub_kegiatan", NULL,
			  b->sub_kegiatan ? P_BARIS_TANPA_SUB : P_BARIS_PERLU_SUB, "jenis", b->jenis);
		return false;
	}
	if (b->sub_kegiatan)
		b->sub_kegiatan = dokumen_sub_canon(r, b->sub_kegiatan);
	return true;
}

static bool parse_rka(struct api_req *r, struct baris_add_arg *a)
{
	struct rka_baris *b = &a->line;
	struct jspec_strings k = { 0 };
	/* absent or null: a pendapatan or pembiayaan line kept by OPD and akun (the database refuses a
	   belanja line without one, naming the field) */
	const struct jspec spec[] = {
		{ .name = "sub_kegiatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 24,
		  .check = dokumen_check_sub_kegiatan,
		  .out = &b->sub_kegiatan },
		{ .name = "akun",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = dokumen_check_akun,
		  .out = &b->akun },
		{ .name = "uraian",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 500,
		  .check = opd_check_text,
		  .out = &b->uraian },
		{ .name = "koefisien",
		  .type = JSPEC_STRING_ARRAY,
		  .required = true,
		  .max_items = RKA_MAX_KOEFISIEN,
		  .max_len = 64,
		  .check = dokumen_check_koefisien,
		  .out = &k },
		{ .name = "harga_satuan", .type = JSPEC_MONEY, .required = true, .out = &b->harga_satuan },
		{ .name = "sumber_dana",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 24,
		  .check = dokumen_check_sumber_dana,
		  .out = &b->sumber_dana },
		{ .name = "ssh_kode",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 40,
		  .check = opd_check_text,
		  .out = &b->ssh_kode },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return false;
	if (k.n == 0) {
		api_tolak(r, PAGU_E_INVALID, "/koefisien", NULL, P_KOEFISIEN_KOSONG);
		return false;
	}
	if (!dokumen_akun_check(r, b->akun))
		return false;
	for (size_t i = 0; i < k.n; i++) {
		const char *sp = strchr(k.items[i], ' ');
		char nilai[DOKUMEN_ANGKA_MAX];
		if (dokumen_angka_parse(k.items[i], (size_t)(sp - k.items[i]), nilai) != ANGKA_OK) {
			/* the form was checked: what is left is a number that reads two ways */
			api_tolak(r, PAGU_E_RULE, arena_printf(&r->arena, "/koefisien/%zu", i), NULL, P_KOEFISIEN_RAGU,
				  "koefisien", k.items[i], "angka",
				  arena_strndup(&r->arena, k.items[i], (size_t)(sp - k.items[i])), "saran",
				  DOKUMEN_ANGKA_HINT);
			return false;
		}
		b->koefisien[i].nilai = arena_strdup(&r->arena, nilai);
		b->koefisien[i].satuan = sp + 1;
	}
	b->nkoefisien = (int)k.n;
	if (b->sub_kegiatan)
		b->sub_kegiatan = dokumen_sub_canon(r, b->sub_kegiatan);
	return true;
}

/* The line in the body, declared by the document's kind; false after a reply. */
static bool parse_line(struct api_req *r, struct baris_add_arg *a, const struct dokumen *d)
{
	a->rkpd = !strcmp(d->jenis, "rkpd");
	a->plafon = !strcmp(d->jenis, "kua_ppas");
	return a->plafon ? parse_plafon(r, a) : a->rkpd ? parse_rkpd(r, a) : parse_rka(r, a);
}

void h_dokumen_baris_add(struct api_req *r)
{
	struct baris_add_arg a = { .revisi = -1 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id) || !dokumen_authorise(r, a.id, "edit", &d) || !dokumen_baris_sendiri(r, &d) ||
	    !dokumen_if_match(r, false, &a.revisi) || !parse_line(r, &a, &d))
		return;
	api_idempotent(r, baris_add_work, &a);
}

void h_dokumen_baris_update(struct api_req *r)
{
	struct baris_add_arg a = { .revisi = -1 };
	struct dokumen d;
	/* the line replaced must be one this role may remove, as for DELETE */
	if (!dokumen_id_param(r, &a.id) || !dokumen_baris_param(r, &a.ganti) ||
	    !dokumen_authorise(r, a.id, "edit", &d) || !dokumen_baris_sendiri(r, &d) ||
	    !dokumen_if_match(r, true, &a.revisi) || !dokumen_baris_check(r, a.id, a.ganti) || !parse_line(r, &a, &d))
		return;
	api_idempotent(r, baris_add_work, &a);
}

/* DELETE /v1/pemda/{pemda}/dokumen/{id}/baris/{baris}: remove a draft line. */
struct baris_delete_arg {
	int64_t id;
	int revisi;
	int baris;
};

static pagu_err baris_delete_work(struct api_req *r, void *p)
{
	struct baris_delete_arg *a = p;
	struct pagu_fault f = { 0 };
	int revisi = 0;
	pagu_err e = dokumen_baris_delete(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, a->baris,
					  r->tok.token_id, &revisi, &f);
	return dokumen_reply(r, e, &f, 200,
			     e == PAGU_OK ? json_pack("{s:i, s:i}", "baris", a->baris, "revisi", revisi) : NULL,
			     revisi);
}

void h_dokumen_baris_delete(struct api_req *r)
{
	struct baris_delete_arg a = { .revisi = -1 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id) || !dokumen_baris_param(r, &a.baris) ||
	    !dokumen_authorise(r, a.id, "edit", &d) || !dokumen_baris_sendiri(r, &d) ||
	    !dokumen_if_match(r, true, &a.revisi) || !dokumen_baris_check(r, a.id, a.baris))
		return;
	api_idempotent(r, baris_delete_work, &a);
}
