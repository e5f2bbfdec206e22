/*
 * h_tugas.c - GET /v1/pemda/{pemda}/tugas (what waits on the caller's action) and
 * GET /v1/pemda/{pemda}/dokumen/{id}/riwayat (every transition of a document version).
 *
 * Which kinds a caller sees is derived from the two tables that decide who may do what: the
 * route table (api_route_admits: the route of the action, for the token's role(s) and OPD scope)
 * and the document role table (dokumen_allowed). A kind is listed exactly when the caller may call
 * its action, so an item never appears for someone who would be refused.
 */
#include "api.h"
#include "dokumen.h"
#include "dokumen_json.h"
#include "rules_gate.h"
#include "tugas.h"

#include <string.h>

#define TUGAS_BATAS 50
#define RUTE(x) "/v1/pemda/{pemda}/" x

static const char *const romawi[] = { "I", "II", "III", "IV" };

static const char *nama_triwulan(int64_t t)
{
	return t >= 1 && t <= 4 ? romawi[t - 1] : "?";
}

/* How staff name a version: RKA, RKA-P, DPA, DPPA, DPA pergeseran. */
static const char *nama_dokumen(const char *jenis, const char *tahap)
{
	bool perubahan = tahap && !strcmp(tahap, "perubahan");
	if (!strcmp(jenis, "rka"))
		return perubahan ? "RKA-P" : "RKA";
	if (tahap && !strcmp(tahap, "pergeseran"))
		return "DPA pergeseran";
	return perubahan ? "DPPA" : "DPA";
}

/* Which kinds @t may act on, and for anggaran kas which documents. */
static void gates(const struct auth_token *t, bool gate[TUGAS_N], struct tugas_opsi *o)
{
	bool scoped = t->opd_kode[0] != '\0';
	bool transisi = api_route_admits("POST", RUTE("dokumen/{id}/transisi"), t);
	bool kas = api_route_admits("POST", RUTE("dokumen/{id}/anggaran-kas"), t);
	o->kas_dpa = kas && dokumen_allowed("dpa", "kas", t->role, scoped);
	o->kas_pergeseran = kas && dokumen_allowed("pergeseran", "kas", t->role, scoped);
	gate[TUGAS_RKA_VERIFIKASI] = transisi && dokumen_allowed("rka", "verify", t->role, scoped);
	gate[TUGAS_RKA_DITOLAK] = transisi && dokumen_allowed("rka", "submit", t->role, scoped);
	gate[TUGAS_ANGGARAN_KAS] = o->kas_dpa || o->kas_pergeseran;
	gate[TUGAS_SPM_MENUNGGU_SP2D] = api_route_admits("POST", RUTE("ledger/sp2d"), t);
	gate[TUGAS_TRIWULAN_LAPOR] = api_route_admits("POST", RUTE("monev/realisasi"), t);
	gate[TUGAS_TRIWULAN_TUTUP] = api_route_admits("POST", RUTE("monev/tutup"), t);
	gate[TUGAS_TEMUAN_TINDAK_LANJUT] =
		api_route_admits("POST", RUTE("pemeriksaan/{id}/temuan/{nomor}/tindak-lanjut"), t);
	gate[TUGAS_TINDAK_LANJUT_PERIKSA] = api_route_admits("POST", RUTE("pemeriksaan/{id}/temuan/{nomor}/tutup"), t);
}

static void set_opt(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static void set_int(json_t *o, const char *k, int64_t v)
{
	json_object_set_new(o, k, json_integer((json_int_t)v));
}

/* One item as the API answers it: its sentence, where the work is done, and its facts. */
static json_t *item_json(struct api_req *r, enum tugas_jenis j, int tahun, const struct tugas_item *it)
{
	const char *opd = it->opd_nama ? it->opd_nama : it->opd_kode;
	const char *th = api_num(r, tahun);
	json_t *o = json_object();
	json_object_set_new(o, "jenis", json_string(tugas_jenis_nama[j]));
	const char *judul = NULL, *tautan = NULL;
	switch (j) {
	case TUGAS_RKA_VERIFIKASI:
		judul = api_pesan(r, P_TUGAS_RKA_VERIFIKASI, "dokumen", nama_dokumen("rka", it->tahap), "opd", opd,
				  "versi", api_num(r, it->versi), "tahun", th, "jumlah", it->jumlah);
		tautan = arena_printf(&r->arena, "#/keuangan/dokumen/%lld", (long long)it->dokumen_id);
		break;
	case TUGAS_RKA_DITOLAK:
		judul = api_pesan(r, P_TUGAS_RKA_DITOLAK, "dokumen", nama_dokumen("rka", it->tahap), "opd", opd,
				  "versi", api_num(r, it->versi), "tahun", th, "alasan", it->alasan ? it->alasan : "");
		tautan = arena_printf(&r->arena, "#/perencanaan/dokumen/%lld", (long long)it->dokumen_id);
		break;
	case TUGAS_ANGGARAN_KAS:
		judul = api_pesan(r, P_TUGAS_ANGGARAN_KAS, "dokumen", nama_dokumen("dpa", it->tahap), "opd", opd,
				  "versi", api_num(r, it->versi), "tahun", th, "baris", api_num(r, it->angka));
		tautan = arena_printf(&r->arena, "#/keuangan/dokumen/%lld", (long long)it->dokumen_id);
		set_int(o, "baris_tanpa_kas", it->angka);
		break;
	case TUGAS_SPM_MENUNGGU_SP2D:
		judul = api_pesan(r, P_TUGAS_SPM_MENUNGGU_SP2D, "nomor", it->nomor, "opd", opd, "jumlah", it->jumlah);
		tautan = "#/keuangan/kantong";
		set_opt(o, "nomor", it->nomor);
		set_int(o, "entri_id", it->ref_id);
		break;
	case TUGAS_TRIWULAN_LAPOR:
		judul = api_pesan(r, P_TUGAS_TRIWULAN_LAPOR, "triwulan", nama_triwulan(it->ref_id), "tahun", th, "opd",
				  opd, "indikator", api_num(r, it->angka));
		tautan = arena_printf(&r->arena, "#/monev/triwulan/%lld/%s", (long long)it->ref_id, it->opd_kode);
		set_int(o, "triwulan", it->ref_id);
		set_int(o, "indikator_belum", it->angka);
		break;
	case TUGAS_TRIWULAN_TUTUP:
		judul = api_pesan(r, P_TUGAS_TRIWULAN_TUTUP, "triwulan", nama_triwulan(it->ref_id), "tahun", th, "opd",
				  api_num(r, it->angka));
		tautan = arena_printf(&r->arena, "#/monev/triwulan/%lld", (long long)it->ref_id);
		set_int(o, "triwulan", it->ref_id);
		set_int(o, "opd_melapor", it->angka);
		break;
	case TUGAS_TEMUAN_TINDAK_LANJUT:
	case TUGAS_TINDAK_LANJUT_PERIKSA:
		judul = api_pesan(r,
				  j == TUGAS_TEMUAN_TINDAK_LANJUT ? P_TUGAS_TEMUAN_TINDAK_LANJUT
								  : P_TUGAS_TINDAK_LANJUT_PERIKSA,
				  "nomor", it->nomor, "triwulan", nama_triwulan(it->angka), "opd", opd);
		tautan = arena_printf(&r->arena, "#/monev/pemeriksaan/%lld", (long long)it->ref_id);
		set_int(o, "pemeriksaan_id", it->ref_id);
		set_opt(o, "nomor", it->nomor);
		set_int(o, "triwulan", it->angka);
		set_opt(o, j == TUGAS_TEMUAN_TINDAK_LANJUT ? "temuan" : "tindak_lanjut", it->uraian);
		set_opt(o, "rekomendasi", it->alasan);
		break;
	case TUGAS_N:
		break;
	}
	json_object_set_new(o, "judul", json_string(judul ? judul : ""));
	if (it->dokumen_id) {
		set_int(o, "dokumen_id", it->dokumen_id);
		set_int(o, "versi", it->versi);
		set_opt(o, "tahap", it->tahap);
	}
	set_opt(o, "opd_kode", it->opd_kode);
	set_opt(o, "opd_nama", it->opd_nama);
	set_int(o, "tahun", tahun);
	if (j == TUGAS_RKA_DITOLAK)
		set_opt(o, "alasan", it->alasan);
	if (it->jumlah && j != TUGAS_ANGGARAN_KAS)
		json_object_set_new(o, "jumlah", json_string(it->jumlah));
	set_opt(o, "sejak", it->sejak);
	json_object_set_new(o, "tautan", json_string(tautan ? tautan : "#/"));
	return o;
}

void h_tugas_list(struct api_req *r)
{
	long tahun;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun))
		return;
	bool gate[TUGAS_N];
	struct tugas_opsi o;
	gates(&r->tok, gate, &o);
	const char *opd = r->tok.opd_kode[0] ? r->tok.opd_kode : NULL;
	json_t *items = json_array(), *hitung = json_object();
	int64_t jumlah = 0;
	for (int j = 0; j < TUGAS_N; j++) {
		if (!gate[j])
			continue;
		struct tugas_daftar d;
		pagu_err e = tugas_list(r->db, &r->arena, r->tok.pemda_id, (int)tahun, (enum tugas_jenis)j, opd, &o,
					TUGAS_BATAS, &d);
		if (e != PAGU_OK) {
			json_decref(items);
			json_decref(hitung);
			api_tolak_engine(r, e, P_APA_TUGAS);
			return;
		}
		set_int(hitung, tugas_jenis_nama[j], d.n);
		jumlah += d.n;
		for (int i = 0; i < d.nitems; i++)
			json_array_append_new(items, item_json(r, (enum tugas_jenis)j, (int)tahun, &d.items[i]));
	}
	api_reply_json(r, 200,
		       json_pack("{s:o, s:o, s:I, s:i}", "items", items, "hitung", hitung, "jumlah", (json_int_t)jumlah,
				 "tahun", (int)tahun));
}

static json_t *jsonb(const char *text)
{
	json_error_t err;
	json_t *j = text ? json_loads(text, 0, &err) : NULL;
	return j ? j : json_null();
}

static json_t *evaluasi_json(const struct rules_evaluasi *v)
{
	json_t *o = json_pack("{s:I, s:s, s:b, s:s, s:s, s:o}", "evaluasi_id", (json_int_t)v->id, "peristiwa", v->event,
			      "diterima", v->accepted, "paket_hash", v->pack_hash, "kapan", v->time, "hasil",
			      jsonb(v->results_json));
	json_object_set_new(o, "token_id", v->has_token ? json_integer(v->token_id) : json_null());
	return o;
}

void h_dokumen_riwayat_list(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	struct riwayat_event *ev;
	int n;
	struct rules_evaluasi *v;
	int nv;
	pagu_err e = dokumen_riwayat_list(r->db, &r->arena, r->tok.pemda_id, id, &ev, &n);
	if (e == PAGU_OK)
		e = rules_gate_evaluasi_list(r->db, &r->arena, r->tok.pemda_id, id, &v, &nv);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_RIWAYAT);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		const struct riwayat_event *x = &ev[i];
		json_t *o = json_pack("{s:i, s:s, s:s?, s:s, s:s, s:s?, s:s?, s:s?}", "urutan", x->urutan, "aksi",
				      x->aksi, "dari", x->dari, "ke", x->ke, "kapan", x->waktu, "alasan", x->alasan,
				      "hash_sebelum", x->hash_sebelum, "hash_sesudah", x->hash_sesudah);
		json_t *siapa = x->token_id ? json_pack("{s:I, s:s?}", "token_id", (json_int_t)x->token_id, "nama",
							x->token_nama)
					    : NULL;
		/* a person acts through their backing token: named by name, NIP and jabatan */
		if (siapa)
			json_object_set_new(siapa, "pengguna",
					    x->pengguna_id
						    ? json_pack("{s:I, s:s?, s:s?, s:s?}", "id",
								(json_int_t)x->pengguna_id, "nama", x->pengguna_nama,
								"nip", x->pengguna_nip, "jabatan", x->pengguna_jabatan)
						    : json_null());
		json_object_set_new(o, "siapa", siapa ? siapa : json_null());
		json_t *aturan = json_array();
		for (int k = 0; k < nv; k++)
			if (v[k].has_event_seq && v[k].event_seq == x->urutan)
				json_array_append_new(aturan, evaluasi_json(&v[k]));
		json_object_set_new(o, "aturan", aturan);
		json_array_append_new(items, o);
	}
	/* transitions the rules refused: recorded after the refused transaction, with no event */
	json_t *ditolak = json_array();
	for (int k = 0; k < nv; k++)
		if (!v[k].has_event_seq)
			json_array_append_new(ditolak, evaluasi_json(&v[k]));
	json_t *body = json_pack("{s:I, s:s, s:i, s:s, s:o, s:o}", "dokumen_id", (json_int_t)id, "jenis", d.jenis,
				 "versi", d.versi, "status", d.status, "items", items, "percobaan_ditolak", ditolak);
	if (d.opd_kode)
		json_object_set_new(body, "opd_kode", json_string(d.opd_kode));
	api_reply_json(r, 200, body);
}
