/*
 * budget.c - a token bucket per principal (an API token, a session): RATE requests a second
 * refill it up to BURST, each request takes one. Held in memory in a fixed table (no allocation
 * per request, none a client can grow): a principal whose bucket is full is the same as one not
 * in the table, so its slot may be taken by another. When every slot holds a principal that has
 * spent some of its budget (more principals at once than the table holds), a new one is admitted
 * unmetered rather than refused: the budget guards the server from one client, it never locks
 * out a person for others' load.
 */
#include "budget.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096u	/* a power of two */
#define UNIT 1000000ull /* a request, in micro-requests */

struct bucket {
	uint64_t principal; /* 0: empty */
	uint64_t level;	    /* micro-requests left */
	uint64_t at_ns;	    /* when level was last brought up to date */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct bucket table[SLOTS];
static unsigned cfg_rate = BUDGET_RATE_DEFAULT, cfg_burst = BUDGET_BURST_DEFAULT;
static atomic_ulong refused;

static bool parse_num(const char *s, size_t n, unsigned *out)
{
	if (n == 0 || n > 7)
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v < 1 || v > BUDGET_MAX)
		return false;
	*out = v;
	return true;
}

pagu_err budget_parse(const char *s, unsigned *rate, unsigned *burst)
{
	if (!s)
		return PAGU_E_INVALID;
	if (!strcmp(s, "off")) {
		*rate = 0;
		*burst = 0;
		return PAGU_OK;
	}
	const char *c = strchr(s, ':');
	unsigned r, b;
	if (!c || !parse_num(s, (size_t)(c - s), &r) || !parse_num(c + 1, strlen(c + 1), &b))
		return PAGU_E_INVALID;
	*rate = r;
	*burst = b;
	return PAGU_OK;
}

void budget_configure(unsigned rate, unsigned burst)
{
	pthread_mutex_lock(&lock);
	cfg_rate = rate > BUDGET_MAX ? BUDGET_MAX : rate;
	cfg_burst = burst < 1 ? 1 : burst > BUDGET_MAX ? BUDGET_MAX : burst;
	memset(table, 0, sizeof(table));
	pthread_mutex_unlock(&lock);
}

/* The level of @b brought up to @now_ns (the clock is monotonic; a step back refills nothing). */
static uint64_t level_now(const struct bucket *b, uint64_t now_ns, uint64_t cap)
{
	uint64_t dt = now_ns > b->at_ns ? now_ns - b->at_ns : 0;
	/* past the time a bucket needs to fill, it is full: no product below can overflow */
	uint64_t fill_ns = (cap / cfg_rate + 1) * 1000ull;
	if (dt >= fill_ns)
		return cap;
	uint64_t l = b->level + dt / 1000ull * cfg_rate; /* micro-requests: rate a second = rate a microsecond * 1e-6 */
	return l > cap ? cap : l;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

bool budget_take(uint64_t principal, uint64_t now_ns, unsigned *retry_after)
{
	pthread_mutex_lock(&lock);
	if (cfg_rate == 0 || principal == 0) {
		pthread_mutex_unlock(&lock);
		return true;
	}
	uint64_t cap = (uint64_t)cfg_burst * UNIT;
	struct bucket *hit = NULL, *spare = NULL;
	for (uint64_t i = 0, h = mix(principal); i < SLOTS; i++) {
		struct bucket *b = &table[(h + i) & (SLOTS - 1)];
		if (b->principal == principal) {
			hit = b;
			break;
		}
		if (b->principal == 0) {
			if (!spare)
				spare = b;
			break;
		}
		if (!spare && level_now(b, now_ns, cap) == cap)
			spare = b; /* full: the same as absent */
	}
	if (!hit) {
		if (!spare) {
			pthread_mutex_unlock(&lock);
			return true;
		}
		hit = spare;
		hit->principal = principal;
		hit->level = cap;
		hit->at_ns = now_ns;
	}
	hit->level = level_now(hit, now_ns, cap);
	hit->at_ns = now_ns > hit->at_ns ? now_ns : hit->at_ns;
	bool ok = hit->level >= UNIT;
	if (ok) {
		hit->level -= UNIT;
	} else {
		/* whole seconds until one request's worth has come back, rounded up */
		uint64_t need_us = (UNIT - hit->level + cfg_rate - 1) / cfg_rate;
		uint64_t s = (need_us + 999999ull) / 1000000ull;
		*retry_after = s < 1 ? 1 : s > 3600 ? 3600 : (unsigned)s;
	}
	pthread_mutex_unlock(&lock);
	if (!ok)
		atomic_fetch_add(&refused, 1);
	return ok;
}

unsigned long budget_refused(void)
{
	return atomic_load(&refused);
}
