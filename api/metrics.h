/* metrics.h - request counters and latency histograms for GET /metrics. */
#ifndef PAGU_METRICS_H
#define PAGU_METRICS_H

#include <stddef.h>

/* @route: index into api_routes, or -1 when no route matched. Lock-free. */
void metrics_observe(int route, unsigned status, long micros);
void metrics_db_connections(int delta);

#endif
