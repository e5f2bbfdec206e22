/* h_health.c - GET /v1/health: is pagu up, and can it reach its database. */
#include "api.h"
#include "pagu_build.h"

void h_health_get(struct api_req *r)
{
	pagu_err e = db_ping(r->db);
	if (e == PAGU_OK) {
		api_reply_json(r, 200,
			       json_pack("{s:s, s:s, s:s}", "status", "ok", "database", "ok", "version", PAGU_VERSION));
		return;
	}
	json_t *ext =
		json_pack("{s:s, s:s, s:s}", "status", "degraded", "database", "unavailable", "version", PAGU_VERSION);
	api_problem(r, PAGU_E_DB_UNAVAILABLE, NULL, ext, "the database is not reachable; pagu keeps retrying");
}
