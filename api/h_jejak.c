/* h_jejak.c - GET /v1/pemda/{pemda}/jejak?tahun&opd&sub_kegiatan: one sub kegiatan from plan to budget. */
#include <string.h>

#include "api.h"
#include "dokumen.h"
#include "dokumen_json.h"
#include "money.h"
#include "opd_json.h"

void h_jejak_get(struct api_req *r)
{
	long tahun;
	const char *opd = api_query(r, "opd"), *sub = api_query(r, "sub_kegiatan");
	if (!api_query(r, "tahun") || !opd || !sub) {
		api_tolak(r, PAGU_E_INVALID,
			  !api_query(r, "tahun") ? "tahun"
			  : !opd		 ? "opd"
						 : "sub_kegiatan",
			  NULL, P_JEJAK_PERLU);
		return;
	}
	if (!api_query_int(r, "tahun", 2000, 2100, 0, &tahun))
		return;
	if (opd_check_kode(opd, strlen(opd))) {
		api_tolak(r, PAGU_E_BAD_CODE, "opd", NULL, P_OPD_BUKAN_KODE, "opd", opd);
		return;
	}
	if (dokumen_check_sub_kegiatan(sub, strlen(sub))) {
		api_tolak(r, PAGU_E_BAD_CODE, "sub_kegiatan", NULL, P_SUB_BUKAN_KODE, "kode", sub);
		return;
	}
	if (r->tok.opd_kode[0] && strcmp(opd, r->tok.opd_kode) != 0) {
		api_tolak(r, PAGU_E_FORBIDDEN, "opd", NULL, P_TOKEN_OPD_JEJAK, "opd", r->tok.opd_kode, "lain", opd);
		return;
	}
	sub = dokumen_sub_canon(r, sub);
	struct dokumen_jejak *rows;
	int n;
	pagu_err e = dokumen_jejak_list(r->db, &r->arena, r->tok.pemda_id, (int)tahun, opd, sub, &rows, &n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DAFTAR_DOKUMEN);
		return;
	}
	json_t *by[5];
	static const char *const kinds[] = { "rkpd", "kua_ppas", "rka", "apbd", "dpa" };
	for (int k = 0; k < 5; k++)
		by[k] = json_array();
	for (int i = 0; i < n; i++) {
		const struct dokumen_jejak *j = &rows[i];
		char buf[MONEY_STR_MAX];
		money_format(j->jumlah, buf);
		/* tahap: murni, pergeseran (a DPA), perubahan (RKA-P, APBD-P, DPPA): the trace goes through both */
		json_t *v = json_pack("{s:I, s:i, s:s, s:s?, s:i, s:s?}", "dokumen_id", (json_int_t)j->id, "versi",
				      j->versi, "status", j->status, "jumlah", j->ada_jumlah ? buf : NULL, "baris",
				      j->nbaris, "tahap", j->tahap);
		if (!strcmp(j->jenis, "rkpd")) {
			json_t *ind = json_array();
			char *copy = j->indikator ? arena_strdup(&r->arena, j->indikator) : NULL;
			char *save = NULL;
			for (char *t = copy ? strtok_r(copy, "\x1e", &save) : NULL; t;
			     t = strtok_r(NULL, "\x1e", &save)) {
				char *a = strchr(t, '\x1f'), *b = a ? strchr(a + 1, '\x1f') : NULL;
				if (!a || !b)
					continue;
				*a = *b = '\0';
				json_array_append_new(ind, json_pack("{s:s, s:s, s:s}", "indikator", t, "target", a + 1,
								     "satuan", b + 1));
			}
			json_object_set_new(v, "indikator", ind);
		}
		for (int k = 0; k < 5; k++)
			if (!strcmp(j->jenis, kinds[k]))
				json_array_append_new(by[k], v);
	}
	api_reply_json(r, 200,
		       json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "tahun", (json_int_t)tahun, "opd_kode",
				 opd, "sub_kegiatan", sub, "rkpd", by[0], "kua_ppas", by[1], "rka", by[2], "apbd",
				 by[3], "dpa", by[4]));
}
