/*
 * h_dokumen_perubahan.c - the year's changes (issue 18): POST …/dokumen/{id}/pergeseran (a DPA
 * shifting amounts within a sub kegiatan), POST …/dokumen/{id}/perubahan (the APBD-P from the
 * locked APBD, an OPD's RKA-P from its locked DPA), GET …/dokumen/{id}/perbandingan (before and
 * after), and who approves a pergeseran.
 */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "money.h"
#include "opd_json.h"
#include "report.h"

bool dokumen_pergeseran_approver(struct api_req *r, const struct dokumen *d)
{
	const char *tingkat = NULL, *penyetuju = NULL, *pesan = NULL;
	pagu_err e = dokumen_pergeseran_tingkat(r->db, &r->arena, r->tok.pemda_id, d->id, &tingkat, &penyetuju, &pesan);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PERGESERAN);
		return false;
	}
	/* nothing changed, or a shift no approver may make: the lock itself refuses it (422), naming why */
	if (!tingkat || !penyetuju)
		return true;
	unsigned need = 0;
	if (auth_role_parse(penyetuju, &need) != PAGU_OK || !(need & r->tok.role)) {
		api_tolak(r, PAGU_E_FORBIDDEN, NULL, NULL, P_PERAN_SETUJUI_PERGESERAN, "peran",
			  api_peran_teks(r, r->tok.role), "tingkat", tingkat, "alasan", pesan ? pesan : "");
		return false;
	}
	return true;
}

/* POST /v1/pemda/{pemda}/dokumen/{id}/pergeseran */
struct geser_arg {
	int64_t id;
	const char *alasan;
};

static pagu_err geser_work(struct api_req *r, void *p)
{
	struct geser_arg *a = p;
	struct pagu_fault f = { 0 };
	struct dokumen d;
	pagu_err e =
		dokumen_pergeseran_create(r->db, &r->arena, r->tok.pemda_id, a->id, r->tok.token_id, a->alasan, &d, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

void h_dokumen_pergeseran_create(struct api_req *r)
{
	struct geser_arg a = { 0 };
	if (!dokumen_id_param(r, &a.id))
		return;
	const struct jspec spec[] = {
		{ .name = "alasan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 1000,
		  .check = opd_check_text,
		  .out = &a.alasan },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	struct dokumen d;
	if (!dokumen_authorise(r, a.id, "pergeseran", &d))
		return;
	api_idempotent(r, geser_work, &a);
}

/* POST /v1/pemda/{pemda}/dokumen/{id}/perubahan */
struct ubah_arg {
	int64_t id;
	const char *alasan;
	const char *luar_biasa;
	bool apbd;
};

static pagu_err ubah_work(struct api_req *r, void *p)
{
	struct ubah_arg *a = p;
	struct pagu_fault f = { 0 };
	struct dokumen d;
	pagu_err e = a->apbd ? dokumen_apbd_perubahan_create(r->db, &r->arena, r->tok.pemda_id, a->id, r->tok.token_id,
							     a->alasan, a->luar_biasa, &d, &f)
			     : dokumen_rka_perubahan_create(r->db, &r->arena, r->tok.pemda_id, a->id, r->tok.token_id,
							    a->alasan, &d, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

void h_dokumen_perubahan_create(struct api_req *r)
{
	struct ubah_arg a = { 0 };
	if (!dokumen_id_param(r, &a.id))
		return;
	const struct jspec spec[] = {
		{ .name = "alasan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 1000,
		  .check = opd_check_text,
		  .out = &a.alasan },
		{ .name = "keadaan_luar_biasa",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 1000,
		  .check = opd_check_text,
		  .out = &a.luar_biasa },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	struct dokumen d;
	if (!dokumen_authorise(r, a.id, "perubahan", &d))
		return;
	a.apbd = !strcmp(d.jenis, "apbd");
	if (!a.apbd && strcmp(d.jenis, "dpa") != 0) {
		api_tolak(r, PAGU_E_CONFLICT, "id", NULL, P_PERUBAHAN_DARI, "versi", api_num(r, (long long)d.id),
			  "jenis", d.jenis);
		return;
	}
	if (!a.apbd && a.luar_biasa) {
		api_tolak(r, PAGU_E_INVALID, "/keadaan_luar_biasa", NULL, P_KLB_BUKAN_RKA_P);
		return;
	}
	api_idempotent(r, ubah_work, &a);
}

/* @sen as the API writes money ("1500000.00"), in the request's arena. */
static const char *uang(struct api_req *r, int64_t sen)
{
	char buf[MONEY_STR_MAX];
	money_format(sen, buf);
	return arena_strdup(&r->arena, buf);
}

/* The comparison as CSV: murni (sebelum) and perubahan (sesudah) side by side, a row per OPD, sub kegiatan
 * and akun, then the belanja total (pendapatan and pembiayaan rows are listed, never added to it). */
static void perbandingan_csv(struct api_req *r, const struct dokumen *d, const struct dokumen_banding *rows, int n,
			     int64_t sebelum, int64_t sesudah)
{
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap);
	if (!buf) {
		api_tolak_engine(r, PAGU_E_NOMEM, P_APA_PERBANDINGAN);
		return;
	}
	static const char *const head[] = { "Kode OPD", "Kode Sub Kegiatan",	 "Kode Rekening",
					    "Sebelum",	"Bertambah/(Berkurang)", "Sesudah" };
	enum { NCOL = sizeof(head) / sizeof(head[0]) };
	for (int k = 0; k < NCOL; k++)
		report_csv_field(&buf, &len, &cap, head[k], true, k == NCOL - 1);
	for (int i = 0; i <= n; i++) {
		const struct dokumen_banding *b = i < n ? &rows[i] : NULL;
		int64_t lama = b ? b->sebelum : sebelum, baru = b ? b->sesudah : sesudah, beda;
		if (money_sub(baru, lama, &beda) != PAGU_OK) {
			free(buf);
			api_tolak(r, PAGU_E_STORED_RANGE, NULL, NULL, P_SELISIH_TERSIMPAN_BESAR);
			return;
		}
		const char *c[NCOL] = { b ? b->opd_kode : "Jumlah belanja",
					b && b->sub_kegiatan ? b->sub_kegiatan : "",
					b ? b->akun : "5",
					uang(r, lama),
					uang(r, beda),
					uang(r, baru) };
		for (int k = 0; k < NCOL; k++)
			report_csv_field(&buf, &len, &cap, c[k], k < 3, k == NCOL - 1);
	}
	r->disposition = arena_printf(&r->arena, "attachment; filename=\"perbandingan-%s-%lld-v%d.csv\"",
				      r->tok.pemda_id, (long long)d->id, d->versi);
	api_reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
}

/* GET /v1/pemda/{pemda}/dokumen/{id}/perbandingan[?format=csv]: before, change and after per OPD, sub kegiatan, akun. */
void h_dokumen_perbandingan_get(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	const char *format = api_query(r, "format");
	if (format && strcmp(format, "json") && strcmp(format, "csv")) {
		api_tolak(r, PAGU_E_INVALID, "format", NULL, P_FORMAT_JSON_CSV, "format", format);
		return;
	}
	bool csv = format && !strcmp(format, "csv");
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	struct dokumen_banding *rows = NULL;
	int n = 0;
	pagu_err e = dokumen_perbandingan(r->db, &r->arena, r->tok.pemda_id, id, &rows, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PERBANDINGAN);
		return;
	}
	json_t *items = json_array();
	int64_t sebelum = 0, sesudah = 0;
	bool lewat = false;
	for (int i = 0; i < n; i++) {
		const struct dokumen_banding *b = &rows[i];
		json_array_append_new(items, json_pack("{s:s, s:s?, s:s, s:o, s:o, s:o}", "opd_kode", b->opd_kode,
						       "sub_kegiatan", b->sub_kegiatan, "akun", b->akun, "sebelum",
						       api_money_json(b->sebelum), "perubahan",
						       api_money_json(b->sesudah - b->sebelum), "sesudah",
						       api_money_json(b->sesudah)));
		/* belanja only in the totals: pendapatan and pembiayaan are not added to it */
		if (!strncmp(b->akun, "5.", 2))
			lewat |= money_add(sebelum, b->sebelum, &sebelum) != PAGU_OK ||
				 money_add(sesudah, b->sesudah, &sesudah) != PAGU_OK;
	}
	if (lewat) {
		json_decref(items);
		api_tolak(r, PAGU_E_STORED_RANGE, NULL, NULL, P_TOTAL_TERSIMPAN_BESAR);
		return;
	}
	if (csv) {
		json_decref(items);
		perbandingan_csv(r, &d, rows, n, sebelum, sesudah);
		return;
	}
	json_t *body = dokumen_json(&d);
	json_object_set_new(body, "asal_id", d.asal_id ? json_integer(d.asal_id) : json_null());
	json_object_set_new(body, "baris", items);
	json_object_set_new(body, "belanja",
			    json_pack("{s:o, s:o, s:o}", "sebelum", api_money_json(sebelum), "perubahan",
				      api_money_json(sesudah - sebelum), "sesudah", api_money_json(sesudah)));
	api_reply_json(r, 200, body);
}
