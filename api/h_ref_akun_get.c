/* h_ref_akun_get.c - GET /v1/ref/akun/{kode}: one account of the chart of accounts. */
#include <string.h>

#include "api.h"
#include "kode.h"
#include "ref.h"

static json_t *akun_json(const struct ref_akun *a)
{
	return json_pack("{s:s, s:i, s:s, s:s, s:b, s:i}", "kode", a->kode, "level", a->level, "level_name",
			 kode_akun_level_name(a->level), "nama", a->nama, "aktif", a->aktif, "id_hkm", a->id_hkm);
}

void h_ref_akun_get(struct api_req *r)
{
	const char *raw = r->params[0];
	struct kode_akun k;
	if (kode_akun_parse(raw, strlen(raw), &k) != PAGU_OK) {
		api_problem(r, PAGU_E_BAD_CODE, "kode", NULL,
			    "%s is not a kode rekening (expected digits like 5.1.02.01.01.0024, one to six segments)",
			    raw);
		return;
	}
	long tahun;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun))
		return;
	struct ref_akun_result res;
	pagu_err e = ref_akun_get(r->db, &r->arena, (int)tahun, k.kode, &res);
	if (e == PAGU_E_NOT_FOUND) {
		api_problem(r, e, "kode", NULL, "akun %s is not in the chart of accounts in force for %ld", k.kode,
			    tahun);
		return;
	}
	if (e != PAGU_OK) {
		api_problem_engine(r, e, "the chart of accounts");
		return;
	}
	json_t *body = akun_json(&res.akun);
	json_t *parents = json_array();
	for (int i = 0; i < res.nparents; i++)
		json_array_append_new(parents, akun_json(&res.parents[i]));
	json_object_set_new(body, "induk", parents);
	json_t *retired = json_array();
	for (int i = 0; i < res.nretired; i++)
		json_array_append_new(retired, akun_json(&res.retired[i]));
	json_object_set_new(body, "riwayat", retired);
	json_object_set_new(body, "referensi",
			    json_pack("{s:s, s:s, s:i}", "kode", res.edition.kode, "dasar_hukum",
				      res.edition.dasar_hukum, "tahun_mulai", res.edition.tahun_mulai));
	json_object_set_new(body, "tahun", json_integer(tahun));
	api_reply_json(r, 200, body);
}
