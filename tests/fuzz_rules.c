/*
 * fuzz_rules.c - a fuzz target for the rules language: any bytes are loaded (text
 * checks, lexer, parser, checker) and, when they load, evaluated on a few facts. It
 * must never crash, hang or touch memory it does not own (the ASan+UBSan build runs
 * it), and a refusal must point inside the text.
 *
 * Two ways to run it:
 *   - the test suite runs this file's own driver: deterministic mutations (byte
 *     flips, inserted tokens and hostile bytes, splices, truncations, deep nesting)
 *     of seed texts (the shipped pack and the conformance cases), PAGU_FUZZ_ROUNDS
 *     inputs (default 20000) from PAGU_FUZZ_SEED;
 *   - with clang and libFuzzer (coverage-guided), see README.md:
 *     meson setup build-fuzz -Dlibfuzzer=true (CC=clang), then
 *     build-fuzz/tests/fuzz_rules_libfuzzer -max_total_time=60 rules/tests/language rules
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#define FUZZ_NAME "fuzz_rules"
#include "fuzz_util.h"
#include "pack.h"

static const struct rules_fact_line facts_lines[] = {
	{ .akun = "5.1.01.01.01.0001",
	  .sub_kegiatan = "1.01.02.2.01.0001",
	  .sumber_dana = "1.1",
	  .opd = "1.01.2.22.0.00.01.0000",
	  .jumlah = 30000,
	  .baris = 1,
	  .harga_satuan = 100,
	  .ada_ssh = true,
	  .ssh_harga = 90 },
	{ .akun = "4.1.01.06.01.0001",
	  .sub_kegiatan = "X.XX.01.2.01.0001",
	  .sumber_dana = "1.1",
	  .opd = "5.02.0.00.0.00.01.0000",
	  .jumlah = 150000,
	  .baris = 2 },
	{ .kind = FACT_PLAFON_SUB, .sub_kegiatan = "1.01.02.2.01.0001", .opd = "1.01.2.22.0.00.01.0000", .jumlah = 1 },
	{ .kind = FACT_KAS,
	  .akun = "5.1.01.01.01.0001",
	  .sub_kegiatan = "1.01.02.2.01.0001",
	  .sumber_dana = "1.1",
	  .opd = "1.01.2.22.0.00.01.0000",
	  .jumlah = 100 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > RULES_MAX_FILE + 16)
		return 0;
	struct arena a;
	arena_init(&a);
	struct rules_pack p;
	rules_pack_init(&p);
	struct rules_error err;
	pagu_err e = rules_pack_add(&a, &p, "fuzz.rules", (const char *)data, size, &err);
	if (e == PAGU_OK) {
		static const char *const events[][2] = { { "lock", "apbd" }, { "submit", "rka" }, { "post", "sp2d" } };
		struct rules_facts fx = { .tahun = 2027,
					  .level = "kabupaten",
					  .kapasitas_fiskal = "tinggi",
					  .lines = facts_lines,
					  .n = sizeof(facts_lines) / sizeof(facts_lines[0]) };
		for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
			struct rules_result *res;
			int n;
			e = rules_pack_eval(&a, &p, events[i][0], events[i][1], &fx, &res, &n, &err);
			if (e != PAGU_OK && e != PAGU_E_RULE)
				fail("evaluation returned an unexpected code", data, size);
			for (int k = 0; e == PAGU_OK && k < n; k++)
				if (res[k].applies && !res[k].passed && !res[k].message)
					fail("a failed rule without its message", data, size);
		}
	} else {
		/* a refusal points into the text: a line that exists, a column from 1 */
		int lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		if (err.pos.line < 1 || err.pos.line > lines || err.pos.col < 1 || !err.message[0])
			fail("a refusal that points outside the text", data, size);
		char buf[1024];
		rules_error_format(&err, (const char *)data, size, buf, sizeof(buf));
	}
	arena_release(&a);
	return 0;
}

#ifndef PAGU_LIBFUZZER

/* ---- the suite's own driver: deterministic mutations of seed texts ---- */

static char *seeds[512];
static size_t seed_len[512];
static int nseeds;

static void add_seed(const char *text, size_t len)
{
	if (nseeds == 512)
		return;
	seeds[nseeds] = malloc(len + 1);
	memcpy(seeds[nseeds], text, len);
	seeds[nseeds][len] = '\0';
	seed_len[nseeds++] = len;
}

/* Every *.rules file of @dir, and the rules: section of every *.case file. */
static void load_seeds(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		bool rules = n > 6 && !strcmp(de->d_name + n - 6, ".rules"),
		     kase = n > 5 && !strcmp(de->d_name + n - 5, ".case");
		if (!rules && !kase)
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		char *text = NULL;
		size_t len = 0;
		if (file_read_all(path, 1u << 22, &text, &len) != PAGU_OK)
			continue;
		if (kase) {
			char *s = strstr(text, "rules:\n"), *f = s ? strstr(s, "\nfacts:\n") : NULL;
			if (!f && s)
				f = strstr(s, "\nexpect:\n");
			if (s && f)
				add_seed(s + 7, (size_t)(f - (s + 7)) + 1);
		} else {
			add_seed(text, len);
		}
		free(text);
	}
	closedir(d);
}

static const char *const tokens[] = {
	"rule ",
	"table ",
	"key ",
	"row ",
	"for each ",
	"baris ",
	"sub_kegiatan ",
	"where ",
	"known ",
	"cite ",
	"on ",
	"lock apbd",
	"severity ",
	"error ",
	"warning ",
	"from 2027, ",
	"applies ",
	"let x = ",
	"assert ",
	"message ",
	"disabled ",
	"sum(",
	"count(",
	"min(",
	"max(",
	"belanja",
	"plafon_opd",
	"kas",
	" where ",
	"akun 5.1.*",
	"bidang 1.01.*",
	" and ",
	" or ",
	"not ",
	"(",
	")",
	",",
	"=",
	"==",
	"<=",
	"%",
	"30% of ",
	" as percent",
	"{",
	"}",
	"{{",
	"\"",
	"\\\"",
	"\n",
	"#",
	"*",
	"/ 0",
	"-",
	"99999999999999999999999999999",
	"0.000000000001",
	"tahun",
	"level",
	"kode",
	"jumlah",
	"ssh_harga",
	"x(tahun)",
	"\xef\xbb\xbf",
	"\xe2\x80\xae",
	"\xc0\x80",
	"\xed\xa0\x80",
	"\x01",
	"\r\n",
	"\t",
	"\xf0\x9f\x98\x80",
	"é",
};

static size_t mutate(char *buf, size_t len, size_t cap)
{
	int n = 1 + (int)pick(3);
	for (int m = 0; m < n; m++) {
		switch (pick(7)) {
		case 0: /* flip a byte */
			if (len)
				buf[pick(len)] ^= (char)(1u << pick(8));
			break;
		case 1: /* a random byte, NUL included */
			if (len)
				buf[pick(len)] = (char)pick(256);
			break;
		case 2: { /* insert a token */
			const char *t = tokens[pick(sizeof(tokens) / sizeof(tokens[0]))];
			size_t tl = strlen(t), at = pick(len + 1);
			if (len + tl < cap) {
				memmove(buf + at + tl, buf + at, len - at);
				memcpy(buf + at, t, tl);
				len += tl;
			}
			break;
		}
		case 3: /* delete a run */
			if (len) {
				size_t at = pick(len), k = 1 + pick(16);
				if (at + k > len)
					k = len - at;
				memmove(buf + at, buf + at + k, len - at - k);
				len -= k;
			}
			break;
		case 4: /* truncate */
			len = pick(len + 1);
			break;
		case 5: { /* splice in a piece of another seed */
			int s = (int)pick((size_t)nseeds);
			size_t from = pick(seed_len[s] + 1), k = pick(64), at = pick(len + 1);
			if (from + k > seed_len[s])
				k = seed_len[s] - from;
			if (len + k < cap) {
				memmove(buf + at + k, buf + at, len - at);
				memcpy(buf + at, seeds[s] + from, k);
				len += k;
			}
			break;
		}
		default: { /* deep nesting at a random place */
			size_t depth = 50 + pick(30), at = pick(len + 1);
			if (len + 2 * depth + 1 < cap) {
				memmove(buf + at + 2 * depth + 1, buf + at, len - at);
				memset(buf + at, '(', depth);
				buf[at + depth] = '1';
				memset(buf + at + depth + 1, ')', depth);
				len += 2 * depth + 1;
			}
			break;
		}
		}
	}
	return len;
}

int main(void)
{
	const char *share = getenv("PAGU_SHARE");
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/rules", share ? share : ".");
	load_seeds(dir);
	snprintf(dir, sizeof(dir), "%s/rules/tests/language", share ? share : ".");
	load_seeds(dir);
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/rules", share ? share : ".");
	load_seeds(dir);
	if (nseeds < 10) {
		fprintf(stderr, "fuzz_rules: only %d seeds found under %s\n", nseeds, share ? share : ".");
		return 1;
	}
	const char *r = getenv("PAGU_FUZZ_ROUNDS"), *sd = getenv("PAGU_FUZZ_SEED");
	long rounds = r ? atol(r) : 200000;
	fuzz_state = sd ? strtoull(sd, NULL, 10) | 1 : 0x9e3779b97f4a7c15ULL;
	size_t cap = 1u << 16;
	char *buf = malloc(cap);
	long loaded = 0;
	for (long i = 0; i < rounds; i++) {
		int s = (int)pick((size_t)nseeds);
		size_t len = seed_len[s] < cap ? seed_len[s] : cap - 1;
		memcpy(buf, seeds[s], len);
		len = mutate(buf, len, cap);
		struct arena a;
		arena_init(&a);
		struct rules_pack p;
		rules_pack_init(&p);
		struct rules_error err;
		loaded += rules_pack_add(&a, &p, "x", buf, len, &err) == PAGU_OK;
		arena_release(&a);
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	}
	/* the seeds themselves are fine inputs too, and the hostile extremes */
	for (int s = 0; s < nseeds; s++)
		LLVMFuzzerTestOneInput((const uint8_t *)seeds[s], seed_len[s]);
	size_t big = RULES_MAX_FILE + 1;
	char *huge = malloc(big);
	memset(huge, '(', big);
	LLVMFuzzerTestOneInput((const uint8_t *)huge, big - 1);
	LLVMFuzzerTestOneInput((const uint8_t *)huge, big);
	free(huge);
	printf("fuzz_rules: %ld mutated inputs from %d seeds, %ld of them loaded and were evaluated\n", rounds, nseeds,
	       loaded);
	free(buf);
	for (int s = 0; s < nseeds; s++)
		free(seeds[s]);
	/* a mutator that never produced a loadable file would test only the front door */
	return loaded > rounds / 100 ? 0 : 1;
}

#endif
