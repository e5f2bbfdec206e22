/* h_checkpoint.c - GET /v1/pemda/{pemda}/checkpoint: the signed checkpoints, for anyone to keep. */
#include "api.h"
#include "checkpoint_json.h"
#include "checkpointer.h"

void h_checkpoint_list(struct api_req *r)
{
	struct checkpoint_signer *s = checkpointer_signer();
	long limit, after;
	if (!api_query_int(r, "limit", 1, 1000, 100, &limit) ||
	    !api_query_int(r, "cursor", 0, 999999999999999999L, 0, &after))
		return;
	struct checkpoint *c;
	int n;
	bool more;
	pagu_err e = checkpoint_list(r->db, &r->arena, r->tok.pemda_id, after, (int)limit, &c, &n, &more);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_CHECKPOINT);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, checkpoint_to_json(&c[i]));
	json_t *next = more && n ? json_sprintf("%lld", (long long)c[n - 1].urutan) : json_null();
	api_reply_json(r, 200,
		       json_pack("{s:s?, s:o, s:o}", "kunci", s ? signkey_public_hex(checkpoint_signer_key(s)) : NULL,
				 "items", items, "next_cursor", next));
}
