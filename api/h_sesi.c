/* h_sesi.c - GET /v1/sesi: who the bearer token is, its pemda, and what it may do. */
#include <string.h>

#include "akun.h"
#include "api.h"
#include "dokumen.h"
#include "dokumen_json.h"
#include "opd.h"

/*
 * The routes this token's role admits (as "METHOD /path" of the route table), the document
 * actions of the role table, and the first segment its lines' akun must have (null: any): a
 * client (the web console) offers only these. The server still checks every request; this
 * only saves a user from buttons that would be refused.
 */
static json_t *izin(struct api_req *r)
{
	const struct auth_token *t = &r->tok;
	bool scoped = t->opd_kode[0] != '\0';
	json_t *rute = json_array();
	for (size_t i = 0; i < api_nroutes; i++) {
		const struct api_route *rt = &api_routes[i];
		/* the server's own rule; a route scoped to the path's OPD is offered for the token's own */
		if (api_route_check(rt, t, scoped ? t->opd_kode : NULL) != API_ADMIT)
			continue;
		json_array_append_new(rute, json_string(arena_printf(&r->arena, "%s %s", rt->method, rt->path)));
	}
	json_t *dok = json_object();
	for (size_t j = 0; dokumen_kind_all[j]; j++) {
		json_t *a = json_array();
		for (size_t k = 0; dokumen_aksi_all[k]; k++)
			if (dokumen_allowed(dokumen_kind_all[j], dokumen_aksi_all[k], t->role, scoped))
				json_array_append_new(a, json_string(dokumen_aksi_all[k]));
		json_object_set_new(dok, dokumen_kind_all[j], a);
	}
	const char *awalan = dokumen_akun_awalan(t->role);
	return json_pack("{s:o, s:o, s:o}", "rute", rute, "dokumen", dok, "akun_baris",
			 awalan ? json_string(awalan) : json_null());
}

void h_sesi_get(struct api_req *r)
{
	struct pemda pd;
	pagu_err e = pemda_get(r->db, &r->arena, r->tok.pemda_id, &pd);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_PEMDA_TOKEN);
		return;
	}
	json_t *pemda = json_pack("{s:s, s:s, s:s}", "id", r->tok.pemda_id, "nama", pd.nama, "jenis", pd.jenis);
	/* peran: the first role, for clients of before issue 19; a person's every role is in pengguna.peran */
	const char *names[6];
	int nperan = akun_peran_names(r->tok.role, names);
	/* text the database holds is UTF-8, so these cannot fail but for our bug (json_pack steals pemda) */
	json_t *body = pemda ? json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "token_id", (json_int_t)r->tok.token_id,
					 "nama", r->tok.nama, "peran", nperan ? names[0] : "", "opd_kode",
					 r->tok.opd_kode[0] ? json_string(r->tok.opd_kode) : json_null(), "pemda",
					 pemda, "jenis", r->tok.sesi_id ? "sesi" : "token")
			     : NULL;
	if (!body) {
		api_tolak(r, PAGU_E_INTERNAL, NULL, NULL, P_SESI_GAGAL_JSON);
		return;
	}
	json_t *pengguna = json_null();
	if (r->tok.pengguna_id) {
		struct akun_pengguna p;
		e = akun_pengguna_get(r->db, &r->arena, r->tok.pemda_id, r->tok.pengguna_id, &p);
		if (e != PAGU_OK) {
			json_decref(body);
			api_tolak_engine(r, e, P_APA_PENGGUNA);
			return;
		}
		pengguna = api_pengguna_json(r, &p, false);
	}
	json_object_set_new(body, "pengguna", pengguna);
	if (r->sesi_rahasia) {
		char csrf[AKUN_CSRF_LEN + 1];
		akun_csrf_of(r->sesi_rahasia, strlen(r->sesi_rahasia), csrf);
		json_object_set_new(body, "csrf", json_string(csrf));
	} else {
		json_object_set_new(body, "csrf", json_null());
	}
	json_object_set_new(body, "terbatas", r->tok.terbatas[0] ? json_string(r->tok.terbatas) : json_null());
	json_object_set_new(body, "izin", izin(r));
	api_reply_json(r, 200, body);
}
