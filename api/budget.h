/* budget.h - a request budget per principal (token or session): a token bucket in memory. */
#ifndef PAGU_BUDGET_H
#define PAGU_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/* The default: 50 requests a second, 200 at once (the console, a client's batch of calls). */
#define BUDGET_RATE_DEFAULT 50u
#define BUDGET_BURST_DEFAULT 200u
#define BUDGET_MAX 1000000u

/*
 * "RATE:BURST" (requests a second, and how many at once; each 1..1000000, BURST >= 1) or "off";
 * *rate 0 means off. PAGU_E_INVALID for anything else, *rate and *burst untouched then.
 */
pagu_err budget_parse(const char *s, unsigned *rate, unsigned *burst);

/* Sets the budget for the process (before serving); @rate 0 turns it off. */
void budget_configure(unsigned rate, unsigned burst);

/*
 * Takes one request from @principal's bucket at monotonic time @now_ns: true when there was one;
 * false, with *@retry_after the whole seconds until there is (at least 1), when there was not.
 * Always true when the budget is off. Thread-safe.
 */
bool budget_take(uint64_t principal, uint64_t now_ns, unsigned *retry_after);

/* Requests refused for want of budget since the start (for /metrics). */
unsigned long budget_refused(void);

#endif
