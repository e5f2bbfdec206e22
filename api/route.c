/* route.c - the route table: every URL pagu serves, its method, roles and limits. */
#include "api.h"

static const char *const q_tahun[] = { "tahun", NULL };
static const char *const q_nomenklatur[] = { "tahun", "prefix", "level", "jenis", "aktif", "limit", "cursor", NULL };
static const char *const q_list[] = { "prefix", "limit", "cursor", NULL };

#define OPD_BODY_MAX (64u << 10)
#define DOK_BODY_MAX (64u << 10)
static const char *const q_dokumen[] = { "tahun", "jenis", "opd", "limit", "cursor", NULL };

const struct api_route api_routes[] = {
	{ .method = "GET", .path = "/v1/health", .handler = h_health_get, .roles = API_PUBLIC },
	{ .method = "GET", .path = "/v1/openapi.json", .handler = h_openapi_get, .roles = API_PUBLIC },
	{ .method = "GET", .path = "/metrics", .handler = h_metrics_get, .roles = API_PUBLIC },
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
	{ .method = "GET", .path = "/v1/pemda/{pemda}/opd", .handler = h_opd_list, .roles = ROLE_ALL, .query = q_list },
	{ .method = "POST",
	  .path = "/v1/pemda/{pemda}/opd",
	  .handler = h_opd_post,
	  .roles = ROLE_ADMIN,
	  .scope = API_SCOPE_UNSCOPED,
	  .max_body = OPD_BODY_MAX },
	{ .method = "GET", .path = "/v1/pemda/{pemda}/opd/{kode}", .handler = h_opd_get, .roles = ROLE_ALL },
	{ .method = "PATCH",
	  .path = "/v1/pemda/{pemda}/opd/{kode}",
	  .handler = h_opd_patch,
	  .roles = ROLE_ADMIN,
	  .scope = API_SCOPE_OWN_OPD,
	  .max_body = OPD_BODY_MAX },
	{ .method = "GET",
	  .path = "/v1/pemda/{pemda}/dokumen",
	  .handler = h_dokumen_list,
	  .roles = ROLE_ALL,
	  .query = q_dokumen },
	{ .method = "POST",
	  .path = "/v1/pemda/{pemda}/dokumen",
	  .handler = h_dokumen_post,
	  .roles = ROLE_PLANNER | ROLE_FINANCE,
	  .max_body = DOK_BODY_MAX },
	{ .method = "GET", .path = "/v1/pemda/{pemda}/dokumen/{id}", .handler = h_dokumen_get, .roles = ROLE_ALL },
	{ .method = "POST",
	  .path = "/v1/pemda/{pemda}/dokumen/{id}/baris",
	  .handler = h_dokumen_baris_post,
	  .roles = ROLE_PLANNER | ROLE_FINANCE | ROLE_REVENUE,
	  .max_body = DOK_BODY_MAX },
	{ .method = "DELETE",
	  .path = "/v1/pemda/{pemda}/dokumen/{id}/baris/{baris}",
	  .handler = h_dokumen_baris_delete,
	  .roles = ROLE_PLANNER | ROLE_FINANCE | ROLE_REVENUE },
	{ .method = "POST",
	  .path = "/v1/pemda/{pemda}/dokumen/{id}/transisi",
	  .handler = h_dokumen_transisi_post,
	  .roles = ROLE_PLANNER | ROLE_FINANCE,
	  .max_body = DOK_BODY_MAX },
	{ .method = "POST",
	  .path = "/v1/pemda/{pemda}/dokumen/{id}/turunan",
	  .handler = h_dokumen_turunan_post,
	  .roles = ROLE_PLANNER | ROLE_FINANCE,
	  .max_body = DOK_BODY_MAX },
	{ .method = "GET",
	  .path = "/v1/pemda/{pemda}/dokumen/{id}/verifikasi",
	  .handler = h_dokumen_verifikasi_get,
	  .roles = ROLE_ALL },
};

const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);
