/* metrics.c - Prometheus text exposition of what the server has done. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "budget.h"

#define MAX_ROUTES 64
static const unsigned statuses[] = { 200, 201, 400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 428, 429, 500, 503 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1) /* last slot: any other */
static const long buckets_us[] = { 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000 };
#define NBUCKETS (sizeof(buckets_us) / sizeof(buckets_us[0]))

/* slot 0 is "no route matched" */
static atomic_ulong requests[MAX_ROUTES + 1][NSTATUS];
static atomic_ulong latency[MAX_ROUTES + 1][NBUCKETS + 1];
static atomic_ulong latency_sum_us[MAX_ROUTES + 1];
static atomic_long db_conns;

static size_t status_slot(unsigned status)
{
	for (size_t i = 0; i + 1 < NSTATUS; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_observe(int route, unsigned status, long micros)
{
	size_t slot = route >= 0 && route < MAX_ROUTES ? (size_t)route + 1 : 0;
	atomic_fetch_add_explicit(&requests[slot][status_slot(status)], 1, memory_order_relaxed);
	size_t b = 0;
	while (b < NBUCKETS && micros > buckets_us[b])
		b++;
	atomic_fetch_add_explicit(&latency[slot][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_sum_us[slot], micros > 0 ? (unsigned long)micros : 0, memory_order_relaxed);
}

void metrics_db_connections(int delta)
{
	atomic_fetch_add(&db_conns, delta);
}

static const char *route_label(size_t slot, char *buf, size_t size)
{
	if (slot == 0)
		return "unmatched";
	const struct api_route *rt = &api_routes[slot - 1];
	snprintf(buf, size, "%s %s", rt->method, rt->path);
	return buf;
}

void h_metrics_get(struct api_req *r)
{
	char *buf = NULL;
	size_t bufsz = 0;
	FILE *f = open_memstream(&buf, &bufsz);
	if (!f)
		abort();
	size_t nroutes = api_nroutes < MAX_ROUTES ? api_nroutes : MAX_ROUTES;
	char label[160];
	fputs("# HELP pagu_http_requests_total HTTP requests answered, by route and status.\n"
	      "# TYPE pagu_http_requests_total counter\n",
	      f);
	for (size_t s = 0; s <= nroutes; s++) {
		for (size_t k = 0; k < NSTATUS; k++) {
			unsigned long n = atomic_load_explicit(&requests[s][k], memory_order_relaxed);
			if (!n)
				continue;
			char st[8];
			if (k + 1 < NSTATUS)
				snprintf(st, sizeof(st), "%u", statuses[k]);
			else
				snprintf(st, sizeof(st), "other");
			fprintf(f, "pagu_http_requests_total{route=\"%s\",status=\"%s\"} %lu\n",
				route_label(s, label, sizeof(label)), st, n);
		}
	}
	fputs("# HELP pagu_http_request_duration_seconds Time from the first byte of a request to its response.\n"
	      "# TYPE pagu_http_request_duration_seconds histogram\n",
	      f);
	for (size_t s = 0; s <= nroutes; s++) {
		unsigned long cum = 0;
		unsigned long counts[NBUCKETS + 1];
		for (size_t b = 0; b <= NBUCKETS; b++)
			counts[b] = atomic_load_explicit(&latency[s][b], memory_order_relaxed);
		unsigned long total = 0;
		for (size_t b = 0; b <= NBUCKETS; b++)
			total += counts[b];
		if (!total)
			continue;
		const char *lbl = route_label(s, label, sizeof(label));
		for (size_t b = 0; b < NBUCKETS; b++) {
			cum += counts[b];
			fprintf(f, "pagu_http_request_duration_seconds_bucket{route=\"%s\",le=\"%ld.%06ld\"} %lu\n",
				lbl, buckets_us[b] / 1000000, buckets_us[b] % 1000000, cum);
		}
		cum += counts[NBUCKETS];
		unsigned long sum = atomic_load_explicit(&latency_sum_us[s], memory_order_relaxed);
		fprintf(f, "pagu_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n", lbl, cum);
		fprintf(f, "pagu_http_request_duration_seconds_sum{route=\"%s\"} %lu.%06lu\n", lbl, sum / 1000000,
			sum % 1000000);
		fprintf(f, "pagu_http_request_duration_seconds_count{route=\"%s\"} %lu\n", lbl, cum);
	}
	fprintf(f,
		"# HELP pagu_db_connections Open database connections (one per HTTP worker thread that has served a "
		"request).\n"
		"# TYPE pagu_db_connections gauge\n"
		"pagu_db_connections %ld\n"
		"# HELP pagu_db_transaction_retries_total Transactions retried after a serialization failure or "
		"deadlock.\n"
		"# TYPE pagu_db_transaction_retries_total counter\n"
		"pagu_db_transaction_retries_total %lu\n"
		"# HELP pagu_budget_refused_total Requests refused (429) because their token's or session's request "
		"budget was spent.\n"
		"# TYPE pagu_budget_refused_total counter\n"
		"pagu_budget_refused_total %lu\n",
		atomic_load(&db_conns), db_txn_retries(), budget_refused());
	fclose(f);
	api_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", buf, bufsz);
}
