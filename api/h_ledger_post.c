/* h_ledger_post.c - POST /v1/pemda/{pemda}/ledger/{spd,spm,sp2d,sts,koreksi} and .../spm/{id}/void. */
#include <stdlib.h>
#include <string.h>

#include "ledger_json.h"

static void post(struct api_req *r, const char *jenis)
{
	struct ledger_op *op = arena_alloc(&r->arena, sizeof(*op));
	if (!ledger_parse_op(r, NULL, "", jenis, 0, op) || !ledger_scope_ok(r, op->opd_kode))
		return;
	ledger_post_reply(r, op);
}

void h_ledger_spd_post(struct api_req *r)
{
	post(r, "spd");
}

void h_ledger_spm_post(struct api_req *r)
{
	post(r, "spm");
}

void h_ledger_sp2d_post(struct api_req *r)
{
	post(r, "sp2d");
}

void h_ledger_sts_post(struct api_req *r)
{
	post(r, "sts");
}

/* The entry a void or koreksi acts on: for an OPD-scoped token, it must be its OPD's. */
static bool entry_scope_ok(struct api_req *r, int64_t id)
{
	if (!r->tok.opd_kode[0])
		return true;
	const char *json;
	if (ledger_entri(r->db, &r->arena, r->tok.pemda_id, id, &json) != PAGU_OK)
		return true; /* not found or unreachable: the procedure says so */
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);
	const char *opd = json_string_value(json_object_get(json_object_get(j, "entri"), "opd_kode"));
	bool ok = ledger_scope_ok(r, opd);
	json_decref(j);
	return ok;
}

void h_ledger_koreksi_post(struct api_req *r)
{
	struct ledger_op *op = arena_alloc(&r->arena, sizeof(*op));
	if (!ledger_parse_op(r, NULL, "", "koreksi", 0, op) || !entry_scope_ok(r, op->ref_id))
		return;
	ledger_post_reply(r, op);
}

void h_ledger_void_post(struct api_req *r)
{
	char *end;
	long long id = strtoll(api_param(r, "id"), &end, 10);
	if (*end || id < 1) {
		api_problem(r, PAGU_E_INVALID, "id", NULL, "SPM id %s is not a positive integer", api_param(r, "id"));
		return;
	}
	struct ledger_op *op = arena_alloc(&r->arena, sizeof(*op));
	if (!ledger_parse_op(r, NULL, "", "void", (int64_t)id, op) || !entry_scope_ok(r, (int64_t)id))
		return;
	ledger_post_reply(r, op);
}
