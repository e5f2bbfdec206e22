/* audit.h - the audit trail: every change made through the API, in order (the idempotency records). */
#ifndef PAGU_AUDIT_H
#define PAGU_AUDIT_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "page.h"

/* What a page of the trail asks for (0 / NULL: any). */
struct audit_filter {
	int64_t token;
	const char *dari, *sampai; /* days YYYY-MM-DD, in Western Indonesian Time, both included */
	int64_t after;		   /* the cursor: after this audit_id */
	long limit;
};

pagu_err audit_list(struct db *db, struct arena *a, const char *pemda, const struct audit_filter *f,
		    struct json_page *out);

#endif
