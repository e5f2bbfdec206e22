/* h_checkpoint_kunci.c - GET /v1/checkpoint/kunci: the public key the checkpoints are signed with. */
#include <stdlib.h>

#include "api.h"
#include "checkpointer.h"

void h_checkpoint_kunci_get(struct api_req *r)
{
	struct checkpoint_signer *s = checkpointer_signer();
	if (!s) {
		api_tolak(r, PAGU_E_NOT_FOUND, NULL, NULL, P_TANPA_CHECKPOINT);
		return;
	}
	char *pem = signkey_public_pem(checkpoint_signer_key(s));
	api_reply_json(r, 200,
		       json_pack("{s:s, s:s, s:s?}", "algoritma", "Ed25519", "kunci",
				 signkey_public_hex(checkpoint_signer_key(s)), "pem", pem));
	free(pem);
}
