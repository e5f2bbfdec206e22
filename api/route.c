/* route.c - the route table: every URL pagu serves, its method, roles and limits. */
#include "api.h"

static const char *const q_tahun[] = { "tahun", NULL };
static const char *const q_nomenklatur[] = { "tahun", "prefix", "level", "jenis", "aktif", "limit", "cursor", NULL };

const struct api_route api_routes[] = {
	{ .method = "GET", .path = "/v1/health", .handler = h_health_get, .roles = API_PUBLIC },
	{ .method = "GET",
	  .path = "/v1/ref/akun/{kode}",
	  .handler = h_ref_akun_get,
	  .roles = API_PUBLIC,
	  .query = q_tahun },
	{ .method = "GET",
	  .path = "/v1/ref/nomenklatur",
	  .handler = h_ref_nomenklatur_list,
	  .roles = API_PUBLIC,
	  .query = q_nomenklatur },
};

const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);
