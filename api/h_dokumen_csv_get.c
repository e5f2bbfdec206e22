/* h_dokumen_csv_get.c - GET /v1/pemda/{pemda}/dokumen/{id}/csv: a version's lines as CSV. */
#include <stdio.h>
#include <stdlib.h>

#include "api.h"
#include "csv.h"
#include "dokumen_json.h"
#include "money.h"

static void put_money(FILE *f, int64_t sen)
{
	char buf[MONEY_STR_MAX];
	money_format(sen, buf);
	fputs(buf, f);
}

void h_dokumen_csv_get(struct api_req *r)
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
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	if (isi.nrkpd) {
		fputs("baris,opd_kode,sub_kegiatan,indikator,target,satuan,pagu_indikatif,lokasi,sumber_dana\r\n", f);
		for (int i = 0; i < isi.nrkpd; i++) {
			const struct rkpd_item *it = &isi.rkpd[i];
			fprintf(f, "%d,%s,%s,", it->baris, it->opd_kode, it->sub_kegiatan);
			csv_put(f, it->indikator);
			fprintf(f, ",%s,", it->target);
			csv_put(f, it->satuan);
			fputc(',', f);
			put_money(f, it->pagu_indikatif);
			fputc(',', f);
			csv_put(f, it->lokasi);
			fprintf(f, ",%s\r\n", it->sumber_dana);
		}
	} else if (isi.nplafon) {
		fputs("baris,jenis,opd_kode,sub_kegiatan,jumlah\r\n", f);
		for (int i = 0; i < isi.nplafon; i++) {
			const struct plafon_baris *p = &isi.plafon[i];
			fprintf(f, "%d,%s,%s,%s,", p->baris, p->jenis, p->opd_kode ? p->opd_kode : "",
				p->sub_kegiatan ? p->sub_kegiatan : "");
			put_money(f, p->jumlah);
			fputs("\r\n", f);
		}
	} else {
		/* the SIPD columns first, so an export imports again */
		fputs("kode_skpd,kode_sub_kegiatan,kode_rekening,nama_rekening,pagu,volume,satuan,harga,sumber_dana,"
		      "baris,koefisien\r\n",
		      f);
		for (int i = 0; i < isi.nrka; i++) {
			const struct rka_baris *b = &isi.rka[i];
			fprintf(f, "%s,%s,%s,", b->opd_kode, b->sub_kegiatan, b->akun);
			csv_put(f, b->uraian);
			fputc(',', f);
			put_money(f, b->jumlah);
			fprintf(f, ",%s,", b->volume);
			csv_put(f, b->nkoefisien == 1 ? b->koefisien[0].satuan : "paket");
			fputc(',', f);
			put_money(f, b->harga_satuan);
			fprintf(f, ",%s,%d,", b->sumber_dana, b->baris);
			char *k = NULL;
			size_t kl = 0;
			FILE *kf = open_memstream(&k, &kl);
			for (int j = 0; j < b->nkoefisien; j++)
				fprintf(kf, "%s%s %s", j ? " x " : "", b->koefisien[j].nilai, b->koefisien[j].satuan);
			fclose(kf);
			csv_put(f, k);
			free(k);
			fputs("\r\n", f);
		}
	}
	fclose(f);
	api_reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
}
