/* rules_json.h - a rules evaluation's report as the API shows it. */
#ifndef PAGU_RULES_JSON_H
#define PAGU_RULES_JSON_H

#include <jansson.h>

#include "rules_gate.h"

/* The report as the API shows it (the "rules" member of a reply or a problem). */
json_t *rules_report_json(const struct rules_report *rep);

#endif
