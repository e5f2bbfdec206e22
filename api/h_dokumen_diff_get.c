/* h_dokumen_diff_get.c - GET /v1/pemda/{pemda}/dokumen/{id}/diff?dengan=N: what changed from version N to {id}. */
#include <string.h>

#include "api.h"
#include "dokumen_json.h"
#include "money.h"

static json_t *money_or_null(bool ada, int64_t sen)
{
	return ada ? api_money_json(sen) : json_null();
}

void h_dokumen_diff_get(struct api_req *r)
{
	int64_t id;
	long lama;
	struct dokumen baru, asal;
	if (!dokumen_id_param(r, &id))
		return;
	if (!api_query(r, "dengan")) {
		api_problem(r, PAGU_E_INVALID, "dengan", NULL, "dengan (the version to compare with) is required");
		return;
	}
	if (!api_query_int(r, "dengan", 1, 999999999999999999L, 0, &lama))
		return;
	if (!dokumen_authorise(r, id, NULL, &baru) || !dokumen_authorise(r, lama, NULL, &asal))
		return;
	if (baru.tahun != asal.tahun || strcmp(baru.jenis, asal.jenis) != 0 ||
	    strcmp(baru.opd_kode ? baru.opd_kode : "", asal.opd_kode ? asal.opd_kode : "") != 0) {
		api_problem(r, PAGU_E_INVALID, "dengan", NULL,
			    "version %ld is not a version of the same document as %lld", lama, (long long)id);
		return;
	}
	struct dokumen_beda *rows;
	int n;
	pagu_err e = dokumen_diff(r->db, &r->arena, r->tok.pemda_id, lama, id, &rows, &n);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the versions");
		return;
	}
	json_t *items = json_array();
	int64_t selisih = 0;
	for (int i = 0; i < n; i++) {
		const struct dokumen_beda *b = &rows[i];
		int64_t d;
		if (money_sub(b->baru, b->lama, &d) != PAGU_OK || money_add(selisih, d, &selisih) != PAGU_OK) {
			api_problem(r, PAGU_E_OVERFLOW, NULL, NULL, "the difference is out of range");
			json_decref(items);
			return;
		}
		json_array_append_new(items, json_pack("{s:i, s:s, s:s?, s:s?, s:s?, s:s?, s:o, s:o}", "baris",
						       b->baris, "aksi", b->aksi, "opd_kode", b->opd_kode,
						       "sub_kegiatan", b->sub_kegiatan, "akun", b->akun, "uraian",
						       b->uraian, "lama", money_or_null(b->ada_lama, b->lama), "baru",
						       money_or_null(b->ada_baru, b->baru)));
	}
	char buf[MONEY_STR_MAX];
	money_format(selisih, buf);
	api_reply_json(r, 200,
		       json_pack("{s:I, s:I, s:o, s:s}", "lama", (json_int_t)lama, "baru", (json_int_t)id, "baris",
				 items, "selisih", buf));
}
