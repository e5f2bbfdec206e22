/* ledger_json.h - what the ledger's handlers share: parsing an operation, scope, replies. */
#ifndef PAGU_LEDGER_JSON_H
#define PAGU_LEDGER_JSON_H

#include "api.h"
#include "ledger.h"

/*
 * Parses the operation @jenis from object @obj at path @prefix ("" for the body) into
 * *@op (arena). On bad input replies 400 naming the field and returns false.
 * @ref_id, when non-zero, is the SPM of a void taken from the path.
 */
bool ledger_parse_op(struct api_req *r, json_t *obj, const char *prefix, const char *jenis, int64_t ref_id,
		     struct ledger_op *op);

/* An OPD-scoped token acts on its own OPD only: false (403 reply) otherwise. */
bool ledger_scope_ok(struct api_req *r, const char *opd);

/*
 * After a posting @op whose reply is @body (in its transaction): the rules of post sp2d /
 * post sts. Adds "rules" to @body; returns a refusal with *@f (rules-refused,
 * rules-evaluation-error) for the caller to roll back, or a database failure.
 */
pagu_err ledger_rules_after(struct api_req *r, struct db *db, const struct ledger_op *op, json_t *body,
			    struct pagu_fault *f);

/* Runs @op under the request's Idempotency-Key: 201 with the entry and balances, or the refusal. */
void ledger_post_reply(struct api_req *r, struct ledger_op *op);

#endif
