/*
 * loadgen.c - a load generator for pagu's ledger: C keep-alive HTTP clients posting SP2Ds
 * (single or in batches) over loopback, at full speed or at a fixed total rate.
 *
 *   loadgen URL TOKEN POCKETS CLIENTS SECONDS [--rate R] [--hot] [--batch N [--atomic]] [--tag T]
 *
 * POCKETS is a file of "opd_kode kantong_id" lines; each request picks one at random (or
 * the first with --hot). It prints one JSON line: requests/s, entries/s, p50 and p99
 * latency in milliseconds, and the counts of 2xx and other answers.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pocket {
	char opd[32];
	long id;
};

static struct pocket *pockets;
static int npockets;
static const char *url, *token, *tag = "L";
static int clients, seconds, batch;
static double rate;
static int hot, atomic;

struct worker {
	int id;
	double *lat; /* ms */
	long nlat, cap;
	long ok, bad;
	unsigned seed;
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t discard(char *p, size_t s, size_t n, void *u)
{
	(void)p;
	(void)u;
	return s * n;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	CURL *c = curl_easy_init();
	char post_url[512], auth[256], key[128];
	snprintf(post_url, sizeof(post_url), "%s/v1/pemda/13.71/ledger/%s", url, batch ? "batch" : "sp2d");
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	size_t cap = batch ? (size_t)batch * 320 + 64 : 512;
	char *body = malloc(cap);
	double start = now(), end = start + seconds, interval = rate > 0 ? clients / rate : 0;
	/* fixed rate: the clients take turns, evenly apart, not all at once */
	double next = start + interval * w->id / clients;
	long n = 0;
	while (now() < end) {
		if (interval > 0) {
			/* fixed rate: each client sends on its own schedule, latency measured from then */
			double t = now();
			if (t < next) {
				struct timespec d = { (time_t)(next - t),
						      (long)((next - t - (double)(time_t)(next - t)) * 1e9) };
				nanosleep(&d, NULL);
			}
			next += interval;
		}
		size_t o = 0;
		if (batch)
			o += (size_t)snprintf(body + o, cap - o, "{%s\"operasi\":[", atomic ? "\"atomic\":true," : "");
		for (int b = 0; b < (batch ? batch : 1); b++) {
			const struct pocket *p = &pockets[hot ? 0 : rand_r(&w->seed) % npockets];
			char op[128] = "";
			if (batch)
				snprintf(op, sizeof(op), "\"op\":\"sp2d\",\"idempotency_key\":\"%s-%d-%ld-%d\",", tag,
					 w->id, n, b);
			o += (size_t)snprintf(
				body + o, cap - o,
				"%s{%s\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"%s-%d-%ld-%d\",\"tanggal\":"
				"\"2026-06-01\",\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.01\"}]}",
				b ? "," : "", op, p->opd, tag, w->id, n, b, p->id);
		}
		if (batch)
			o += (size_t)snprintf(body + o, cap - o, "]}");
		snprintf(key, sizeof(key), "Idempotency-Key: %s-%d-%ld", tag, w->id, n);
		struct curl_slist *h = NULL;
		h = curl_slist_append(h, auth);
		h = curl_slist_append(h, "Content-Type: application/json");
		h = curl_slist_append(h, key);
		curl_easy_setopt(c, CURLOPT_URL, post_url);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)o);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
		double t0 = interval > 0 ? next - interval : now();
		CURLcode rc = curl_easy_perform(c);
		double ms = (now() - t0) * 1000;
		long status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		curl_slist_free_all(h);
		if (rc == CURLE_OK && status >= 200 && status < 300)
			w->ok++;
		else
			w->bad++;
		if (w->nlat == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 4096;
			w->lat = realloc(w->lat, sizeof(double) * (size_t)w->cap);
		}
		w->lat[w->nlat++] = ms;
		n++;
	}
	free(body);
	curl_easy_cleanup(c);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: loadgen URL TOKEN POCKETS CLIENTS SECONDS [--rate R] [--hot] [--batch N "
				"[--atomic]] [--tag T]\n");
		return 2;
	}
	url = argv[1];
	token = argv[2];
	clients = atoi(argv[4]);
	seconds = atoi(argv[5]);
	for (int i = 6; i < argc; i++) {
		if (!strcmp(argv[i], "--rate") && i + 1 < argc)
			rate = atof(argv[++i]);
		else if (!strcmp(argv[i], "--hot"))
			hot = 1;
		else if (!strcmp(argv[i], "--atomic"))
			atomic = 1;
		else if (!strcmp(argv[i], "--batch") && i + 1 < argc)
			batch = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--tag") && i + 1 < argc)
			tag = argv[++i];
	}
	FILE *f = fopen(argv[3], "r");
	if (!f) {
		fprintf(stderr, "loadgen: cannot read %s\n", argv[3]);
		return 2;
	}
	pockets = malloc(sizeof(*pockets) * 100000);
	while (npockets < 100000 && fscanf(f, "%31s %ld", pockets[npockets].opd, &pockets[npockets].id) == 2)
		npockets++;
	fclose(f);
	if (!npockets || clients < 1 || seconds < 1) {
		fprintf(stderr, "loadgen: no pockets, clients or seconds\n");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	pthread_t *t = malloc(sizeof(*t) * (size_t)clients);
	struct worker *w = calloc((size_t)clients, sizeof(*w));
	double t0 = now();
	for (int i = 0; i < clients; i++) {
		w[i].id = i;
		w[i].seed = (unsigned)(i * 2654435761u + 1);
		pthread_create(&t[i], NULL, run, &w[i]);
	}
	long ok = 0, bad = 0, nl = 0;
	for (int i = 0; i < clients; i++) {
		pthread_join(t[i], NULL);
		ok += w[i].ok;
		bad += w[i].bad;
		nl += w[i].nlat;
	}
	double el = now() - t0;
	double *all = malloc(sizeof(double) * (size_t)(nl ? nl : 1));
	long k = 0;
	for (int i = 0; i < clients; i++) {
		memcpy(all + k, w[i].lat, sizeof(double) * (size_t)w[i].nlat);
		k += w[i].nlat;
		free(w[i].lat);
	}
	qsort(all, (size_t)nl, sizeof(double), cmp);
	double p50 = nl ? all[nl / 2] : 0, p99 = nl ? all[(long)(nl * 0.99) < nl ? (long)(nl * 0.99) : nl - 1] : 0;
	printf("{\"requests_per_s\":%.1f,\"entries_per_s\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"ok\":%ld,\"other\":%"
	       "ld}\n",
	       ok / el, ok * (double)(batch ? batch : 1) / el, p50, p99, ok, bad);
	free(all);
	free(w);
	free(t);
	free(pockets);
	curl_global_cleanup();
	return 0;
}
