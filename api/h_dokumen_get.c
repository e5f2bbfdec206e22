/* h_dokumen_get.c - GET /v1/pemda/{pemda}/dokumen/{id}: one version with its lines. */
#include "api.h"
#include "dokumen_json.h"
#include "money.h"

void h_dokumen_get(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	struct dokumen_isi isi;
	pagu_err e = dokumen_get(r->db, &r->arena, r->tok.pemda_id, id, &isi);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the document");
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
		json_t *line =
			json_pack("{s:i, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s}", "baris", b->baris, "opd_kode",
				  b->opd_kode, "sub_kegiatan", b->sub_kegiatan, "akun", b->akun, "uraian", b->uraian,
				  "koefisien", k, "volume", b->volume, "harga_satuan", api_money_json(b->harga_satuan),
				  "jumlah", api_money_json(b->jumlah), "sumber_dana", b->sumber_dana);
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
	json_object_set_new(body, "total", api_money_json(isi.total));
	r->etag = dokumen_etag(r, isi.d.revisi);
	api_reply_json(r, 200, body);
}
