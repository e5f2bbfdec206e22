/* test_csv.c - text in and out: UTF-8 checks, JSON strings from any bytes, the reply's net, CSV formula guards. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "csv.h"
#include "report.h"

static const struct {
	const char *s;
	size_t len;
	long bad;
} utf8_cases[] = {
	{ "plain ascii", 11, -1 },
	{ "caf\xC3\xA9", 5, -1 },
	{ "\xE2\x80\x93 dash", 8, -1 },
	{ "\xF0\x9F\x98\x80", 4, -1 },
	{ "10.00\x92", 6, 5 }, /* Windows-1252 right single quote */
	{ "Rp\xA0"
	  "5.000",
	  8, 2 },		      /* Windows-1252 no-break space */
	{ "caf\xC3", 4, 3 },	      /* cut sequence */
	{ "\xC0\xAE", 2, 0 },	      /* overlong */
	{ "\xED\xA0\x80", 3, 0 },     /* surrogate */
	{ "\xF4\x90\x80\x80", 4, 0 }, /* past U+10FFFF */
	{ "ok\x80", 3, 2 },	      /* a lone continuation byte */
	{ "\xFF", 1, 0 },
};

START_TEST(utf8_offsets)
{
	ck_assert_int_eq(api_utf8_invalid(utf8_cases[_i].s, utf8_cases[_i].len), utf8_cases[_i].bad);
	json_t *j = api_json_textn(utf8_cases[_i].s, utf8_cases[_i].len);
	ck_assert_ptr_nonnull(j);
	ck_assert(json_is_string(j));
	if (utf8_cases[_i].bad < 0)
		ck_assert_mem_eq(json_string_value(j), utf8_cases[_i].s, utf8_cases[_i].len);
	else
		ck_assert_ptr_nonnull(strstr(json_string_value(j), "\\x"));
	json_decref(j);
}
END_TEST

START_TEST(json_text_shows_bad_bytes)
{
	json_t *j = api_json_text("pagu 10.00\x92 is not an amount");
	ck_assert_str_eq(json_string_value(j), "pagu 10.00\\x92 is not an amount");
	json_decref(j);
	/* what jansson itself does with it: the NULL that used to vanish */
	ck_assert_ptr_null(json_string("10.00\x92"));
	ck_assert(json_is_null(j = api_json_text(NULL)));
	json_decref(j);
}
END_TEST

/* A NULL from jansson is never dropped: the reply says it could not be built. */
START_TEST(reply_net)
{
	struct api_req r = { 0 };
	arena_init(&r.arena);
	r.path = "/test";
	memcpy(r.request_id, "t-1", 4);
	(void)api_json_fault_take();
	json_t *items = json_array();
	ck_assert_int_eq(json_array_append_new(items, json_string("10.00\x92")), -1);
	ck_assert_int_eq(json_array_append_new(items, json_pack("{s:s}", "x", "ok")), 0);
	api_reply_json(&r, 200, json_pack("{s:o}", "items", items));
	ck_assert_uint_eq(r.status, 500);
	ck_assert_ptr_nonnull(strstr(r.reply, "urn:pagu:problem:internal"));
	ck_assert_ptr_nonnull(strstr(r.reply, "t-1"));
	ck_assert(!api_json_fault_take());
	free(r.reply);
	/* a NULL body (a json_pack that failed) likewise */
	struct api_req r2 = { 0 };
	memcpy(r2.request_id, "t-2", 4);
	api_reply_json(&r2, 200, json_pack("{s:s}", "x", "\xFF"));
	ck_assert_uint_eq(r2.status, 500);
	free(r2.reply);
	/* and a good body goes out as it is */
	struct api_req r3 = { 0 };
	json_t *ok = json_object();
	json_object_set_new(ok, "x", api_json_text("\xFF"));
	api_reply_json(&r3, 200, ok);
	ck_assert_uint_eq(r3.status, 200);
	ck_assert_str_eq(r3.reply, "{\"x\":\"\\\\xFF\"}");
	free(r3.reply);
	/* a problem quoting bad bytes keeps its detail, field and instance */
	struct api_req r4 = { 0 };
	arena_init(&r4.arena);
	r4.path = "/v1/x\x92";
	memcpy(r4.request_id, "t-4", 4);
	api_tolak(&r4, PAGU_E_INVALID, "f\x92", NULL, P_OPD_BUKAN_KODE, "opd", "A\x92");
	ck_assert_uint_eq(r4.status, 400);
	ck_assert_ptr_nonnull(strstr(r4.reply, "\"detail\":\"A\\\\x92 bukan kode OPD.\""));
	ck_assert_ptr_nonnull(strstr(r4.reply, "\"instance\":\"/v1/x\\\\x92\""));
	ck_assert_ptr_nonnull(strstr(r4.reply, "\"field\":\"f\\\\x92\""));
	free(r4.reply);
	arena_release(&r.arena);
	arena_release(&r4.arena);
}
END_TEST

/* The guard and its inverse are exact for every text, and guard exactly the formula starts. */
START_TEST(guard_round_trip)
{
	struct arena a;
	arena_init(&a);
	static const char alphabet[] = "'=+-@\t\rax ,\"1";
	uint64_t x = 88172645463325252ull;
	for (int i = 0; i < 20000; i++) {
		char s[8];
		int n = (int)(i % 7);
		for (int k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			s[k] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		s[n] = '\0';
		const char *g = csv_text_guard(&a, s);
		ck_assert_str_eq(csv_text_unguard(g), s);
		/* what a spreadsheet sees never starts a formula */
		ck_assert_msg(!*g || !strchr("=+-@\t\r", g[0]), "%s guarded as %s", s, g);
		/* nothing else changes */
		if (!*s || !strchr("=+-@\t\r'", s[0]))
			ck_assert_ptr_eq(g, s);
	}
	arena_release(&a);
}
END_TEST

/* Every writer's field function: text guarded, numbers as they are. */
START_TEST(writers)
{
	size_t len = 0, cap = 4;
	char *buf = malloc(cap);
	report_csv_field(&buf, &len, &cap, "=1+1", true, false);
	report_csv_field(&buf, &len, &cap, "-1500.00", false, false);
	report_csv_field(&buf, &len, &cap, "@a, b", true, false);
	report_csv_field(&buf, &len, &cap, "\tx", true, false);
	report_csv_field(&buf, &len, &cap, "biasa", true, true);
	ck_assert_uint_eq(len, strlen("'=1+1,-1500.00,\"'@a, b\",'\tx,biasa\r\n"));
	ck_assert_mem_eq(buf, "'=1+1,-1500.00,\"'@a, b\",'\tx,biasa\r\n", len);
	free(buf);
	char *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	csv_put(f, "+62 \"812\"");
	fputc(',', f);
	csv_put(f, "normal");
	fclose(f);
	ck_assert_str_eq(out, "\"'+62 \"\"812\"\"\",normal");
	free(out);
}
END_TEST

/* A record that is not CSV is skipped to the end of its line; an open quote at the end is not. */
START_TEST(reader_recovers)
{
	struct arena a;
	arena_init(&a);
	const char *in = "h1,h2\r\nab\"c,x\r\n\"ok\",y\r\n\"open,z\r\n";
	struct csv_reader c;
	csv_init(&c, in, strlen(in), &a);
	const char *f[CSV_MAX_FIELDS];
	int n;
	ck_assert_int_eq(csv_next(&c, f, &n), 1);
	ck_assert_int_eq(csv_next(&c, f, &n), -1);
	ck_assert_int_eq(c.line, 2);
	ck_assert(!c.fatal);
	ck_assert_int_eq(c.err, P_CSV_KUTIP_DI_TENGAH);
	csv_skip(&c);
	ck_assert_int_eq(csv_next(&c, f, &n), 1);
	ck_assert_int_eq(c.line, 3);
	ck_assert_str_eq(f[0], "ok");
	ck_assert_int_eq(csv_next(&c, f, &n), -1);
	ck_assert_int_eq(c.line, 4);
	ck_assert(c.fatal);
	arena_release(&a);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("csv");
	tcase_add_loop_test(tc, utf8_offsets, 0, sizeof(utf8_cases) / sizeof(utf8_cases[0]));
	tcase_add_test(tc, json_text_shows_bad_bytes);
	tcase_add_test(tc, reply_net);
	tcase_add_test(tc, guard_round_trip);
	tcase_add_test(tc, writers);
	tcase_add_test(tc, reader_recovers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(csv_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
