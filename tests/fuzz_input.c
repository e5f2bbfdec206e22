/*
 * fuzz_input.c - fuzz targets for what the server reads from a request before any SQL:
 * money amounts, the national codes, CSV imports, a ledger posting's JSON body, and the
 * route and path. Any bytes must be refused cleanly or accepted consistently: never a
 * crash, a hang, or memory touched out of bounds (the ASan+UBSan build runs this too).
 *
 * And the declared-JSON decoder every body goes through, and If-Match values. The first
 * byte of an input chooses the decoder, the rest is its input. Two ways to run:
 *   - the test suite runs this file's own driver: deterministic mutations of the seed
 *     inputs in tests/fuzz/corpus/input (PAGU_FUZZ_ROUNDS, default 100000);
 *   - coverage-guided with clang's libFuzzer: `./run fuzz --seconds N` (see README.md).
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "csv.h"
#include "dokumen_json.h"
#include "fileutil.h"
#define FUZZ_NAME "fuzz_input"
#include "fuzz_util.h"
#include "json_spec.h"
#include "kode.h"
#include "ledger_json.h"
#include "money.h"
#include "opd_json.h"

/* the decoder: 'A' to 'G' as the first byte choose one (the seeds do), any other byte by its value */
enum { T_MONEY, T_KODE, T_CSV, T_LEDGER, T_ROUTE, T_SPEC, T_ETAG, T_COUNT };

/* An amount that parses formats back to itself, and parses again to the same sen. */
static void money(const uint8_t *d, size_t n)
{
	static const unsigned flags[] = { 0, MONEY_ALLOW_NEGATIVE };
	for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		int64_t v;
		if (money_parse((const char *)d, n, flags[f], &v) != PAGU_OK)
			continue;
		if (v < 0 && !(flags[f] & MONEY_ALLOW_NEGATIVE))
			fail("a negative amount accepted without MONEY_ALLOW_NEGATIVE", d, n);
		char buf[MONEY_STR_MAX], id[64];
		size_t len = money_format(v, buf);
		int64_t again;
		if (money_parse(buf, len, MONEY_ALLOW_NEGATIVE, &again) != PAGU_OK || again != v)
			fail("an accepted amount does not survive formatting", d, n);
		money_format_id(v, id, sizeof(id));
	}
}

/* Codes: an accepted code is accepted again from its own canonical text. */
static void kode(const uint8_t *d, size_t n)
{
	const char *s = (const char *)d;
	struct kode_akun a;
	if (kode_akun_parse(s, n, &a) == PAGU_OK) {
		char parent[KODE_AKUN_MAX];
		(void)kode_akun_parent(a.kode, parent);
		struct kode_akun b;
		if (kode_akun_parse(a.kode, strlen(a.kode), &b) != PAGU_OK || strcmp(a.kode, b.kode))
			fail("an accepted akun code is refused in its own canonical form", d, n);
	}
	struct kode_nomenklatur k;
	if (kode_nomenklatur_parse(s, n, &k) == PAGU_OK) {
		struct kode_nomenklatur k2;
		if (kode_nomenklatur_parse(k.kode, strlen(k.kode), &k2) != PAGU_OK || k.level != k2.level)
			fail("an accepted nomenklatur code is refused in its own canonical form", d, n);
	}
	char opd[KODE_OPD_MAX];
	(void)kode_opd_parse(s, n, opd);
}

/* CSV: records until the end or a refusal; lines only go forward; fields within bounds. */
static void csv(const uint8_t *d, size_t n)
{
	struct arena a;
	arena_init(&a);
	struct csv_reader c;
	csv_init(&c, (const char *)d, n, &a);
	const char *fields[CSV_MAX_FIELDS];
	int nf, rc, last = 0;
	for (int records = 0; (rc = csv_next(&c, fields, &nf)) == 1; records++) {
		if (nf < 1 || nf > CSV_MAX_FIELDS || c.line < last || records > (int)n + 1)
			fail("a CSV record out of bounds", d, n);
		last = c.line;
		for (int i = 0; i < nf; i++)
			(void)strlen(fields[i]);
	}
	if (rc != 0 && rc != -1)
		fail("csv_next returned something else", d, n);
	arena_release(&a);
}

/* A fake request with @body, as the handlers see it before any SQL. */
static void request_init(struct api_req *r, const char *method, const char *path)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	r->method = method;
	r->path = path;
	r->route_index = -1;
	r->reply_fd = -1;
	memcpy(r->request_id, "fuzz", 5);
}

static void request_release(struct api_req *r)
{
	free(r->reply);
	arena_release(&r->arena);
}

/* A posting's body: accepted with every field in range, or refused naming a field. */
static void ledger(const uint8_t *d, size_t n)
{
	static const char *const kinds[] = { "spd", "spm", "sp2d", "sts", "void", "koreksi" };
	if (!n)
		return;
	const char *jenis = kinds[d[0] % 6];
	struct api_req r;
	request_init(&r, "POST", "/v1/pemda/13.71/ledger/x");
	r.body = arena_alloc(&r.arena, n);
	memcpy(r.body, d + 1, n - 1);
	r.body[n - 1] = '\0';
	r.body_len = n - 1;
	struct ledger_op op;
	if (ledger_parse_op(&r, NULL, "", jenis, 7, &op)) {
		if (r.status)
			fail("a body accepted with a problem set", d, n);
		if (strcmp(jenis, "void") && strcmp(jenis, "koreksi") &&
		    (op.tahun < 2000 || op.tahun > 2100 || !op.opd_kode))
			fail("a posting accepted without its year or OPD", d, n);
		for (int i = 0; i < op.nbaris; i++)
			if (op.baris[i].jumlah < 0 || op.baris[i].kantong_id < 1)
				fail("a line accepted with a negative amount or no pocket", d, n);
	} else if (r.status < 400 || r.status > 499 || !r.reply) {
		fail("a body refused without a 4xx problem", d, n);
	}
	request_release(&r);
}

/* Method and path: a route with its parameters, or a 404/405 problem. */
static void route(const uint8_t *d, size_t n)
{
	static const char *const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD" };
	if (!n)
		return;
	struct api_req r;
	request_init(&r, methods[d[0] % 6], NULL);
	char *path = arena_alloc(&r.arena, n);
	memcpy(path, d + 1, n - 1);
	path[n - 1] = '\0';
	r.path = path;
	if (api_route_find(&r)) {
		if (!r.route || r.nparams < 0 || r.nparams > API_MAX_PATH_PARAMS)
			fail("a route found without its table entry or with too many parameters", d, n);
		for (int i = 0; i < r.nparams; i++)
			if (!r.params[i] || !r.params[i][0] || strchr(r.params[i], '/'))
				fail("a path parameter that is empty or spans segments", d, n);
	} else if ((r.status != 404 && r.status != 405) || !r.reply) {
		fail("no route, and not a 404 or 405 problem", d, n);
	}
	request_release(&r);
}

/* The declared-JSON decoder every route's body goes through, with every kind of member. */
static void spec(const uint8_t *d, size_t n)
{
	struct api_req r;
	request_init(&r, "POST", "/v1/pemda/13.71/x");
	r.body = arena_alloc(&r.arena, n + 1);
	memcpy(r.body, d, n);
	r.body[n] = '\0';
	r.body_len = n;
	const char *nama = NULL, *catatan = NULL;
	int64_t jumlah = 0, volume = 0;
	bool aktif = false, catatan_given = false;
	struct jspec_strings kode = { 0 };
	json_t *baris = NULL;
	const struct jspec sp[] = {
		{ .name = "nama", .type = JSPEC_STRING, .required = true, .max_len = 200, .out = &nama },
		{ .name = "jumlah", .type = JSPEC_MONEY, .out = &jumlah },
		{ .name = "volume", .type = JSPEC_INT, .min = 1, .max = 1000000, .out = &volume },
		{ .name = "aktif", .type = JSPEC_BOOL, .out = &aktif },
		{ .name = "kode", .type = JSPEC_STRING_ARRAY, .max_items = 20, .max_len = 30, .out = &kode },
		{ .name = "catatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .out = &catatan,
		  .present = &catatan_given },
		{ .name = "baris", .type = JSPEC_ARRAY, .max_items = 100, .out = &baris },
		JSPEC_END,
	};
	if (json_spec_parse(&r, sp)) {
		if (!nama || strlen(nama) > 200 || (volume && (volume < 1 || volume > 1000000)))
			fail("a body accepted out of its declaration", d, n);
		json_decref(baris);
	} else if (r.status < 400 || r.status > 499 || !r.reply) {
		fail("a body refused without a 4xx problem", d, n);
	}
	request_release(&r);
}

/* If-Match values of the two kinds of resource. */
static void etag(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);
	memcpy(s, d, n);
	s[n] = '\0';
	int v;
	if (opd_etag_parse(s, &v) && v < 1)
		fail("an OPD version below 1 accepted", d, n);
	if (dokumen_etag_parse(s, &v) && v < 0)
		fail("a negative revision accepted", d, n);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 16))
		return 0;
	const uint8_t *d = data + 1;
	size_t n = size - 1;
	int t = data[0] >= 'A' && data[0] < 'A' + T_COUNT ? data[0] - 'A' : data[0] % T_COUNT;
	switch (t) {
	case T_MONEY:
		money(d, n);
		break;
	case T_KODE:
		kode(d, n);
		break;
	case T_CSV:
		csv(d, n);
		break;
	case T_LEDGER:
		ledger(d, n);
		break;
	case T_ROUTE:
		route(d, n);
		break;
	case T_SPEC:
		spec(d, n);
		break;
	default:
		etag(d, n);
		break;
	}
	return 0;
}

#ifndef PAGU_LIBFUZZER

/* ---- the suite's own driver: deterministic mutations of the seed inputs ---- */

#define MAX_SEEDS 256
static char *seeds[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS];
static int nseeds;

static void load_seeds(const char *dir)
{
	DIR *dd = opendir(dir);
	if (!dd)
		return;
	struct dirent *de;
	while ((de = readdir(dd)) && nseeds < MAX_SEEDS) {
		if (de->d_name[0] == '.')
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		char *text = NULL;
		size_t len = 0;
		if (file_read_all(path, 1u << 16, &text, &len) != PAGU_OK || !len) {
			free(text);
			continue;
		}
		seeds[nseeds] = text;
		seed_len[nseeds++] = len;
	}
	closedir(dd);
}

static const char *const hostile[] = { "\"",	"\\",	"\\u0000", "%00", "{",	    "}",	"[",
				       "]",	",",	"\r\n",	   "\n",  "\xff",   "\xc3\x28", "9999999999999999999",
				       "-",	".",	"..",	   "/",	  "//",	    "{pemda}",	"1e308",
				       "0.001", "null", "true",	   "\t",  "\"\"\"", "'",	";--" };

int main(void)
{
	const char *dir = getenv("PAGU_FUZZ_CORPUS");
	load_seeds(dir ? dir : "tests/fuzz/corpus/input");
	if (!nseeds) {
		fprintf(stderr, "fuzz_input: no seeds (PAGU_FUZZ_CORPUS)\n");
		return 2;
	}
	const char *rs = getenv("PAGU_FUZZ_ROUNDS");
	long rounds = rs ? atol(rs) : 100000;
	static uint8_t buf[1u << 16];
	for (long i = 0; i < rounds; i++) {
		int s = (int)pick((size_t)nseeds);
		size_t n = seed_len[s] < sizeof(buf) ? seed_len[s] : sizeof(buf);
		memcpy(buf, seeds[s], n);
		for (int m = 0, k = 1 + (int)pick(4); m < k && n > 1; m++) {
			size_t at = 1 + pick(n - 1);
			switch (pick(5)) {
			case 0: /* flip a byte */
				buf[at] ^= (uint8_t)(1u << pick(8));
				break;
			case 1: /* cut */
				n = at;
				break;
			case 2: { /* insert something hostile */
				const char *h = hostile[pick(sizeof(hostile) / sizeof(hostile[0]))];
				size_t hl = strlen(h);
				if (n + hl < sizeof(buf)) {
					memmove(buf + at + hl, buf + at, n - at);
					memcpy(buf + at, h, hl);
					n += hl;
				}
				break;
			}
			case 3: /* duplicate a span */
				if (n * 2 < sizeof(buf)) {
					size_t len = pick(n - at) + 1;
					memmove(buf + at + len, buf + at, n - at);
					n += len;
				}
				break;
			default: /* another decoder for the same bytes */
				buf[0] = (uint8_t)pick(256);
				break;
			}
		}
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("fuzz_input: %ld inputs from %d seeds, no failure\n", rounds, nseeds);
	for (int i = 0; i < nseeds; i++)
		free(seeds[i]);
	return 0;
}

#endif
