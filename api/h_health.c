/* h_health.c - GET /v1/health: is pagu up, can it reach its database, and what day it takes for today. */
#include "api.h"
#include "pagu_build.h"
#include "waktu.h"

void h_health_get(struct api_req *r)
{
	char hari_ini[WAKTU_TANGGAL];
	waktu_hari_ini(hari_ini);
	pagu_err e = db_ping(r->db);
	if (e == PAGU_OK) {
		api_reply_json(r, 200,
			       json_pack("{s:s, s:s, s:s, s:s, s:b}", "status", "ok", "database", "ok", "version",
					 PAGU_VERSION, "hari_ini", hari_ini, "tanggal_latihan", waktu_latihan()));
		return;
	}
	json_t *ext = json_pack("{s:s, s:s, s:s, s:s, s:b}", "status", "degraded", "database", "unavailable", "version",
				PAGU_VERSION, "hari_ini", hari_ini, "tanggal_latihan", waktu_latihan());
	api_tolak(r, PAGU_E_DB_UNAVAILABLE, NULL, ext, P_DB_TERPUTUS_COBA);
}
