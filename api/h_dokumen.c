/*
 * h_dokumen.c - document versions: /v1/pemda/{pemda}/dokumen, /dokumen/{id} and its actions
 * (transisi, turunan, susun, dpa, kas, verifikasi, diff).
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "opd_json.h"
#include "json_spec.h"
#include "money.h"
#include "rules_gate.h"
#include "rules_json.h"

/* GET /v1/pemda/{pemda}/dokumen: document versions, filtered, paginated. */
void h_dokumen_list(struct api_req *r)
{
	long tahun, limit;
	if (!api_query_int(r, "tahun", 0, 2100, 0, &tahun) ||
	    !api_query_int(r, "limit", 1, DOKUMEN_LIST_MAX, 100, &limit))
		return;
	const char *jenis = api_query(r, "jenis");
	if (jenis && !dokumen_jenis_valid(jenis)) {
		api_tolak(r, PAGU_E_INVALID, "jenis", NULL, P_JENIS_DOKUMEN_SALAH, "jenis", jenis);
		return;
	}
	const char *opd = api_query(r, "opd");
	if (opd && opd_check_kode(opd, strlen(opd))) {
		api_tolak(r, PAGU_E_BAD_CODE, "opd", NULL, P_OPD_BUKAN_KODE, "opd", opd);
		return;
	}
	/* an OPD-scoped token lists its own OPD's documents and the pemda-wide ones */
	long after = 0;
	if (!api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after))
		return;
	struct dokumen *rows;
	int n;
	bool more;
	pagu_err e = dokumen_list(r->db, &r->arena, r->tok.pemda_id, (int)tahun, jenis, opd, after, (int)limit, &rows,
				  &n, &more);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DAFTAR_DOKUMEN);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		if (r->tok.opd_kode[0] && rows[i].opd_kode && strcmp(rows[i].opd_kode, r->tok.opd_kode) != 0)
			continue;
		json_array_append_new(items, dokumen_json(&rows[i]));
	}
	json_t *next = more ? json_string(arena_printf(&r->arena, "%lld", (long long)rows[n - 1].id)) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

/* POST /v1/pemda/{pemda}/dokumen: start a document (version 1, draft). */
struct create_arg {
	int64_t tahun;
	const char *jenis;
	const char *opd;
};

static pagu_err create_work(struct api_req *r, void *p)
{
	struct create_arg *a = p;
	struct dokumen d;
	struct pagu_fault f = { 0 };
	pagu_err e = dokumen_create(r->db, &r->arena, r->tok.pemda_id, (int)a->tahun, a->jenis, a->opd, r->tok.token_id,
				    &d, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

static pesan_kunci check_jenis(const char *s, size_t len)
{
	(void)len;
	return dokumen_jenis_valid(s) ? P_TANPA_ : P_JENIS_DOKUMEN_SALAH_ISIAN;
}

void h_dokumen_create(struct api_req *r)
{
	struct create_arg a = { 0 };
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &a.tahun },
		{ .name = "jenis",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 10,
		  .check = check_jenis,
		  .out = &a.jenis },
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &a.opd },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	bool per_opd = !strcmp(a.jenis, "rka") || !strcmp(a.jenis, "dpa");
	if (per_opd != (a.opd != NULL)) {
		api_tolak(r, PAGU_E_INVALID, "/opd_kode", NULL, per_opd ? P_DOKUMEN_PERLU_OPD : P_DOKUMEN_TANPA_OPD,
			  "jenis", a.jenis);
		return;
	}
	bool scoped = r->tok.opd_kode[0] != '\0';
	if (!dokumen_allowed(a.jenis, "create", r->tok.role, scoped) ||
	    (scoped && strcmp(a.opd, r->tok.opd_kode) != 0)) {
		api_tolak(r, PAGU_E_FORBIDDEN, NULL, NULL,
			  a.opd ? (scoped ? P_PERAN_OPD_BUAT_UNTUK : P_PERAN_BUAT_UNTUK)
				: (scoped ? P_PERAN_OPD_BUAT : P_PERAN_BUAT),
			  "peran", api_peran_teks(r, r->tok.role), "jenis", a.jenis, "opd", a.opd);
		return;
	}
	api_idempotent(r, create_work, &a);
}

/* GET /v1/pemda/{pemda}/dokumen/{id}: one version with its lines. */
void h_dokumen_get(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	struct dokumen_isi isi;
	pagu_err e = dokumen_get(r->db, &r->arena, r->tok.pemda_id, id, &isi);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DOKUMEN);
		return;
	}
	json_t *body = dokumen_json(&isi.d);
	json_t *lines = json_array();
	for (int i = 0; i < isi.nrkpd; i++) {
		const struct rkpd_item *it = &isi.rkpd[i];
		json_t *item = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "baris", it->baris,
					 "opd_kode", it->opd_kode, "sub_kegiatan", it->sub_kegiatan, "indikator",
					 it->indikator, "target", it->target, "satuan", it->satuan, "pagu_indikatif",
					 api_money_json(it->pagu_indikatif), "lokasi", it->lokasi, "sumber_dana",
					 it->sumber_dana);
		if (it->lintang)
			json_object_set_new(item, "lokasi_titik",
					    json_string(arena_printf(&r->arena, "%s,%s", it->lintang, it->bujur)));
		if (it->rpjmd_kode)
			json_object_set_new(item, "rpjmd_kode", json_string(it->rpjmd_kode));
		json_array_append_new(lines, item);
	}
	for (int i = 0; i < isi.nrka; i++) {
		const struct rka_baris *b = &isi.rka[i];
		json_t *k = json_array();
		for (int j = 0; j < b->nkoefisien; j++)
			json_array_append_new(k, json_string(arena_printf(&r->arena, "%s %s", b->koefisien[j].nilai,
									  b->koefisien[j].satuan)));
		json_t *line = json_pack("{s:i, s:s, s:s?, s:s?, s:s, s:s, s:o, s:s, s:o, s:o, s:s}", "baris", b->baris,
					 "opd_kode", b->opd_kode, "sub_kegiatan", b->sub_kegiatan, "bidang", b->bidang,
					 "akun", b->akun, "uraian", b->uraian, "koefisien", k, "volume", b->volume,
					 "harga_satuan", api_money_json(b->harga_satuan), "jumlah",
					 api_money_json(b->jumlah), "sumber_dana", b->sumber_dana);
		/* the code as SIPD writes it: a penunjang sub kegiatan under its bidang */
		if (b->bidang && b->sub_kegiatan && !strncmp(b->sub_kegiatan, "X.XX.", 5))
			json_object_set_new(
				line, "sub_kegiatan_sipd",
				json_string(arena_printf(&r->arena, "%s%s", b->bidang, b->sub_kegiatan + 4)));
		if (b->ssh_kode)
			json_object_set_new(line, "ssh",
					    json_pack("{s:s, s:i}", "kode", b->ssh_kode, "versi", b->ssh_versi));
		if (b->ada_kas) {
			json_t *kas = json_array();
			for (int m = 0; m < 12; m++)
				json_array_append_new(kas, api_money_json(b->kas[m]));
			json_object_set_new(line, "anggaran_kas", kas);
		}
		if (b->asal_dokumen_id)
			json_object_set_new(line, "asal",
					    json_pack("{s:I, s:i}", "dokumen_id", (json_int_t)b->asal_dokumen_id,
						      "baris", b->asal_baris));
		json_array_append_new(lines, line);
	}
	for (int i = 0; i < isi.nplafon; i++) {
		const struct plafon_baris *b = &isi.plafon[i];
		json_array_append_new(lines, json_pack("{s:i, s:s, s:s?, s:s?, s:o}", "baris", b->baris, "jenis",
						       b->jenis, "opd_kode", b->opd_kode, "sub_kegiatan",
						       b->sub_kegiatan, "jumlah", api_money_json(b->jumlah)));
	}
	json_object_set_new(body, "baris", lines);
	json_object_set_new(body, "total", dokumen_total_json(&isi.total));
	/* the findings the rules recorded travel with the document (a DPA: its APBD's) */
	if ((e = rules_temuan_attach(r, id, body)) != PAGU_OK) {
		json_decref(body);
		api_tolak_engine(r, e, P_APA_TEMUAN_DOKUMEN);
		return;
	}
	r->etag = dokumen_etag(r, isi.d.revisi);
	api_reply_json(r, 200, body);
}

/* POST /v1/pemda/{pemda}/dokumen/{id}/transisi: submit, verify, lock, reject. */
struct transisi_arg {
	int64_t id;
	int revisi;
	const char *aksi;
	const char *alasan;
	const char *tanggal_dprd;
	struct dokumen before;
	const struct rules_report *refused; /* the report of a refusal by the rules, to record */
};

static pagu_err transisi_work(struct api_req *r, void *p)
{
	struct transisi_arg *a = p;
	struct pagu_fault f = { 0 };
	struct dokumen d;
	a->refused = NULL;
	pagu_err e = dokumen_transisi_apply(r->db, &r->arena, r->tok.pemda_id, a->id, a->aksi, a->revisi,
					    r->tok.token_id, a->alasan, a->tanggal_dprd, &d, &f);
	json_t *body = NULL;
	if (e == PAGU_OK) {
		body = dokumen_json(&d);
		if (f.laporan) /* warnings pass, and are returned with the rest of the evaluation */
			json_object_set_new(body, "rules", rules_report_json(f.laporan));
	} else if (e == PAGU_E_RULES_REFUSED && f.laporan) {
		a->refused = f.laporan;
	}
	return dokumen_reply(r, e, &f, 200, body, d.revisi);
}

struct simpan {
	struct api_req *r;
	struct transisi_arg *a;
};

static pagu_err record_refusal(struct db *db, void *p)
{
	struct simpan *s = p;
	return rules_gate_record(db, &s->r->arena, s->r->tok.pemda_id, &s->a->before, s->r->tok.token_id, false,
				 s->a->refused);
}

static pesan_kunci check_aksi(const char *s, size_t len)
{
	(void)len;
	static const char *const ok[] = { "submit", "verify", "lock", "reject" };
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(s, ok[i]))
			return P_TANPA_;
	return P_AKSI_DOKUMEN_SALAH;
}

void h_dokumen_transisi_apply(struct api_req *r)
{
	struct transisi_arg a = { 0 };
	if (!dokumen_id_param(r, &a.id))
		return;
	const struct jspec spec[] = {
		{ .name = "aksi",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 10,
		  .check = check_aksi,
		  .out = &a.aksi },
		{ .name = "alasan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 1000,
		  .check = opd_check_text,
		  .out = &a.alasan },
		{ .name = "tanggal_dprd",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .max_len = 10,
		  .check = jspec_check_date,
		  .out = &a.tanggal_dprd },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	if (a.tanggal_dprd && strcmp(a.aksi, "lock") != 0) {
		api_tolak(r, PAGU_E_INVALID, "/tanggal_dprd", NULL, P_TANGGAL_DPRD_SALAH_AKSI, "aksi", a.aksi);
		return;
	}
	if (!dokumen_authorise(r, a.id, a.aksi, &a.before))
		return;
	/* a pergeseran is locked by the approver of its level (Permendagri 77/2020) */
	if (!strcmp(a.aksi, "lock") && !strcmp(dokumen_kind(&a.before), "pergeseran") &&
	    !dokumen_pergeseran_approver(r, &a.before))
		return;
	if (!dokumen_if_match(r, true, &a.revisi))
		return;
	api_idempotent(r, transisi_work, &a);
	/*
	 * A refusal rolled the transition back; the evaluation that refused it is
	 * recorded on its own, so an inspector can later see why the lock failed.
	 */
	if (a.refused && r->status == 422) {
		struct simpan s = { .r = r, .a = &a };
		if (db_txn(r->db, DB_READ_COMMITTED, record_refusal, &s) != PAGU_OK)
			r->log_detail = "the refusal by the rules could not be recorded";
	}
}

/* POST /v1/pemda/{pemda}/dokumen/{id}/turunan: a new draft version from a locked one. */
struct derive_arg {
	int64_t id;
	const char *alasan;
};

static pagu_err derive_work(struct api_req *r, void *p)
{
	struct derive_arg *a = p;
	struct pagu_fault f = { 0 };
	struct dokumen d;
	pagu_err e = dokumen_derive(r->db, &r->arena, r->tok.pemda_id, a->id, r->tok.token_id, a->alasan, &d, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

void h_dokumen_derive(struct api_req *r)
{
	struct derive_arg a = { 0 };
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
	if (!dokumen_authorise(r, a.id, "derive", &d))
		return;
	api_idempotent(r, derive_work, &a);
}

/* POST /v1/pemda/{pemda}/dokumen/{id}/susun: assemble a draft APBD from the verified RKAs. */
struct assemble_arg {
	int64_t id;
	int revisi;
};

static pagu_err assemble_work(struct api_req *r, void *p)
{
	struct assemble_arg *a = p;
	struct pagu_fault f = { 0 };
	int nbaris = 0, nrka = 0, revisi = 0;
	pagu_err e = dokumen_apbd_assemble(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, r->tok.token_id,
					   &nbaris, &nrka, &revisi, &f);
	return dokumen_reply(r, e, &f, 200,
			     e == PAGU_OK ? json_pack("{s:i, s:i, s:i}", "baris", nbaris, "rka", nrka, "revisi", revisi)
					  : NULL,
			     revisi);
}

void h_dokumen_apbd_assemble(struct api_req *r)
{
	struct assemble_arg a = { 0 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id) || !dokumen_authorise(r, a.id, "susun", &d))
		return;
	if (!dokumen_if_match(r, true, &a.revisi))
		return;
	api_idempotent(r, assemble_work, &a);
}

/* POST /v1/pemda/{pemda}/dokumen/{id}/dpa: an OPD's DPA from the locked APBD {id}. */
struct dpa_arg {
	int64_t id;
	const char *opd;
};

static pagu_err dpa_work(struct api_req *r, void *p)
{
	struct dpa_arg *a = p;
	struct pagu_fault f = { 0 };
	struct dokumen d;
	pagu_err e = dokumen_dpa_create(r->db, &r->arena, r->tok.pemda_id, a->id, a->opd, r->tok.token_id, &d, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? dokumen_json(&d) : NULL, d.revisi);
}

void h_dokumen_dpa_create(struct api_req *r)
{
	struct dpa_arg a = { 0 };
	if (!dokumen_id_param(r, &a.id))
		return;
	const struct jspec spec[] = {
		{ .name = "opd_kode",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 31,
		  .check = opd_check_kode,
		  .out = &a.opd },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	struct dokumen d;
	if (!dokumen_authorise(r, a.id, "dpa", &d))
		return;
	api_idempotent(r, dpa_work, &a);
}

/* POST /v1/pemda/{pemda}/dokumen/{id}/anggaran-kas: a DPA line's monthly cash plan. */
struct kas_arg {
	int64_t id;
	int revisi;
	int64_t baris;
	bool rata;
	int64_t bulan[12];
};

static pagu_err kas_work(struct api_req *r, void *p)
{
	struct kas_arg *a = p;
	struct pagu_fault f = { 0 };
	int revisi = 0;
	pagu_err e = dokumen_kas_set(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, (int)a->baris,
				     a->rata ? NULL : a->bulan, r->tok.token_id, &revisi, &f);
	return dokumen_reply(
		r, e, &f, 200,
		e == PAGU_OK ? json_pack("{s:I, s:i}", "baris", (json_int_t)a->baris, "revisi", revisi) : NULL, revisi);
}

void h_dokumen_kas_set(struct api_req *r)
{
	struct kas_arg a = { .revisi = -1 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id))
		return;
	struct jspec_strings bulan = { 0 };
	bool has_bulan = false;
	const struct jspec spec[] = {
		{ .name = "baris", .type = JSPEC_INT, .required = true, .min = 1, .max = 1000000000, .out = &a.baris },
		{ .name = "bulan",
		  .type = JSPEC_STRING_ARRAY,
		  .max_items = 12,
		  .max_len = 24,
		  .out = &bulan,
		  .present = &has_bulan },
		{ .name = "rata", .type = JSPEC_BOOL, .out = &a.rata },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	if (has_bulan == a.rata) {
		api_tolak(r, PAGU_E_INVALID, "/bulan", NULL, P_KAS_BULAN_ATAU_RATA);
		return;
	}
	if (has_bulan) {
		if (bulan.n != 12) {
			api_tolak(r, PAGU_E_INVALID, "/bulan", NULL, P_KAS_12_BULAN, "n",
				  api_num(r, (long long)bulan.n));
			return;
		}
		for (int m = 0; m < 12; m++) {
			pagu_err e = money_parse(bulan.items[m], strlen(bulan.items[m]), 0, &a.bulan[m]);
			if (e != PAGU_OK) {
				{
					const char *f = arena_printf(&r->arena, "/bulan/%d", m);
					api_tolak(r, e, f, NULL, P_BUKAN_JUMLAH_UANG, "apa", f);
				}
				return;
			}
		}
	}
	if (!dokumen_authorise(r, a.id, "kas", &d))
		return;
	if (!dokumen_if_match(r, false, &a.revisi))
		return;
	api_idempotent(r, kas_work, &a);
}

/* GET /v1/pemda/{pemda}/dokumen/{id}/verifikasi: recompute the hash chain. */
void h_dokumen_verify(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	bool ok = false;
	int64_t bad = 0;
	int checked = 0;
	pagu_err e = dokumen_rantai_verify(r->db, &r->arena, r->tok.pemda_id, id, &ok, &bad, &checked);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_RANTAI_DOKUMEN);
		return;
	}
	json_t *body = json_pack("{s:b, s:i}", "ok", ok, "versi_diperiksa", checked);
	json_object_set_new(body, "pertama_rusak", ok ? json_null() : json_integer(bad));
	api_reply_json(r, 200, body);
}

/* GET /v1/pemda/{pemda}/dokumen/{id}/diff?dengan=N: what changed from version N to {id}. */
static json_t *money_or_null(bool ada, int64_t sen)
{
	return ada ? api_money_json(sen) : json_null();
}

void h_dokumen_diff(struct api_req *r)
{
	int64_t id;
	long lama;
	struct dokumen baru, asal;
	if (!dokumen_id_param(r, &id))
		return;
	if (!api_query(r, "dengan")) {
		api_tolak(r, PAGU_E_INVALID, "dengan", NULL, P_DENGAN_PERLU);
		return;
	}
	if (!api_query_int(r, "dengan", 1, 999999999999999999L, 0, &lama))
		return;
	if (!dokumen_authorise(r, id, NULL, &baru) || !dokumen_authorise(r, lama, NULL, &asal))
		return;
	if (baru.tahun != asal.tahun || strcmp(baru.jenis, asal.jenis) != 0 ||
	    strcmp(baru.opd_kode ? baru.opd_kode : "", asal.opd_kode ? asal.opd_kode : "") != 0) {
		api_tolak(r, PAGU_E_INVALID, "dengan", NULL, P_DENGAN_BUKAN_VERSI, "lama", api_num(r, lama), "versi",
			  api_num(r, (long long)id));
		return;
	}
	struct dokumen_beda *rows;
	int n;
	pagu_err e = dokumen_diff(r->db, &r->arena, r->tok.pemda_id, lama, id, &rows, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_VERSI);
		return;
	}
	json_t *items = json_array();
	/* the net change by kind: pendapatan, belanja and pembiayaan never netted against each other */
	struct dokumen_total selisih = { 0 };
	for (int i = 0; i < n; i++) {
		const struct dokumen_beda *b = &rows[i];
		const char *kind = !strcmp(baru.jenis, "rkpd")			  ? "5"
				   : strcmp(baru.jenis, "kua_ppas")		  ? (b->akun ? b->akun : "")
				   : !b->uraian					  ? ""
				   : !strcmp(b->uraian, "opd")			  ? "5"
				   : !strcmp(b->uraian, "pendapatan")		  ? "4"
				   : !strcmp(b->uraian, "penerimaan_pembiayaan")  ? "6.1"
				   : !strcmp(b->uraian, "pengeluaran_pembiayaan") ? "6.2"
										  : "";
		int64_t d;
		if (money_sub(b->baru, b->lama, &d) != PAGU_OK || dokumen_total_add(&selisih, kind, d) != PAGU_OK) {
			api_tolak(r, PAGU_E_OVERFLOW, NULL, NULL, P_SELISIH_DILUAR_JANGKAUAN);
			json_decref(items);
			return;
		}
		json_array_append_new(items, json_pack("{s:i, s:s, s:s?, s:s?, s:s?, s:s?, s:o, s:o}", "baris",
						       b->baris, "aksi", b->aksi, "opd_kode", b->opd_kode,
						       "sub_kegiatan", b->sub_kegiatan, "akun", b->akun, "uraian",
						       b->uraian, "lama", money_or_null(b->ada_lama, b->lama), "baru",
						       money_or_null(b->ada_baru, b->baru)));
	}
	api_reply_json(r, 200,
		       json_pack("{s:I, s:I, s:o, s:o}", "lama", (json_int_t)lama, "baru", (json_int_t)id, "baris",
				 items, "selisih", dokumen_total_json(&selisih)));
}
