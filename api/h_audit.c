/* h_audit.c - GET /v1/pemda/{pemda}/audit: every change made through the API, in order. */
#include <string.h>

#include "api.h"
#include "audit.h"
#include "json_spec.h"

/* ?name= as a date, or NULL; false after a reply. */
static bool date_query(struct api_req *r, const char *name, const char **out)
{
	*out = api_query(r, name);
	pesan_kunci why = *out ? jspec_check_date(*out, strlen(*out)) : P_TANPA_;
	if (why) {
		api_tolak(r, PAGU_E_INVALID, name, NULL, why, "apa", name);
		return false;
	}
	return true;
}

void h_audit_list(struct api_req *r)
{
	long limit, after, token;
	const char *dari, *sampai;
	if (!api_query_int(r, "limit", 1, 500, 100, &limit) ||
	    !api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after) ||
	    !api_query_int(r, "token", 0, 999999999999999999L, 0, &token) || !date_query(r, "dari", &dari) ||
	    !date_query(r, "sampai", &sampai))
		return;
	if (dari && sampai && strcmp(dari, sampai) > 0) {
		api_tolak(r, PAGU_E_INVALID, "sampai", NULL, P_SAMPAI_SEBELUM_DARI, "sampai", sampai, "dari", dari);
		return;
	}
	struct audit_filter f = { .token = token, .dari = dari, .sampai = sampai, .after = after, .limit = limit };
	struct json_page pg;
	pagu_err e = audit_list(r->db, &r->arena, r->tok.pemda_id, &f, &pg);
	api_reply_page(r, e, &pg, P_APA_JEJAK_AUDIT);
}
