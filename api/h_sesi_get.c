/* h_sesi_get.c - GET /v1/sesi: who the bearer token is, its pemda, and what it may do. */
#include <string.h>

#include "api.h"
#include "dokumen.h"
#include "dokumen_json.h"

static const char *const jenis[] = { "rkpd", "kua_ppas", "rka", "apbd", "dpa" };
static const char *const aksi[] = { "create", "edit", "submit", "verify", "reject", "lock", "derive", "kas" };

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
		if (!(rt->roles & (t->role | API_PUBLIC)) || (scoped && rt->scope == API_SCOPE_UNSCOPED))
			continue;
		json_array_append_new(rute, json_string(arena_printf(&r->arena, "%s %s", rt->method, rt->path)));
	}
	json_t *dok = json_object();
	for (size_t j = 0; j < sizeof(jenis) / sizeof(jenis[0]); j++) {
		json_t *a = json_array();
		for (size_t k = 0; k < sizeof(aksi) / sizeof(aksi[0]); k++)
			if (dokumen_boleh(jenis[j], aksi[k], t->role, scoped))
				json_array_append_new(a, json_string(aksi[k]));
		json_object_set_new(dok, jenis[j], a);
	}
	const char *awalan = dokumen_akun_awalan(t->role);
	return json_pack("{s:o, s:o, s:o}", "rute", rute, "dokumen", dok, "akun_baris",
			 awalan ? json_string(awalan) : json_null());
}

void h_sesi_get(struct api_req *r)
{
	const char *p[] = { r->tok.pemda_id };
	PGresult *res = NULL;
	pagu_err e = db_exec_id(r->db, STMT_PEMDA_GET, p, &res);
	if (e != PAGU_OK || PQntuples(res) != 1) {
		PQclear(res);
		api_problem_engine(r, e != PAGU_OK ? e : PAGU_E_NOT_FOUND, "the token's pemda");
		return;
	}
	json_t *pemda = json_pack("{s:s, s:s, s:s}", "id", r->tok.pemda_id, "nama", PQgetvalue(res, 0, 0), "jenis",
				  PQgetvalue(res, 0, 1));
	PQclear(res);
	/* text the database holds is UTF-8, so these cannot fail but for our bug (json_pack steals pemda) */
	json_t *body =
		pemda ? json_pack("{s:I, s:s, s:s, s:o, s:o}", "token_id", (json_int_t)r->tok.token_id, "nama",
				  r->tok.nama, "peran", auth_role_name(r->tok.role), "opd_kode",
				  r->tok.opd_kode[0] ? json_string(r->tok.opd_kode) : json_null(), "pemda", pemda)
		      : NULL;
	if (!body) {
		api_problem(r, PAGU_E_INTERNAL, NULL, NULL, "the session could not be written as JSON");
		return;
	}
	json_object_set_new(body, "izin", izin(r));
	api_reply_json(r, 200, body);
}
