/* test_json_spec.c - declared JSON input: every refusal names its field. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "json_spec.h"
#include "money.h"

struct out {
	const char *nama;
	int64_t jumlah;
	int64_t volume;
	bool aktif;
	struct jspec_strings kode;
	const char *catatan;
	bool catatan_given;
};

static pesan_kunci check_no_x(const char *s, size_t len)
{
	return memchr(s, 'x', len) ? P_ADA_KARAKTER_KENDALI : P_TANPA_;
}

/* Parses @body; returns the reply status (0 when accepted) and the problem's type and field. */
static unsigned parse(const char *body, struct out *o, char *type, char *field)
{
	struct api_req r = { 0 };
	arena_init(&r.arena);
	r.path = "/test";
	memcpy(r.request_id, "t-1", 4);
	r.body = arena_strdup(&r.arena, body);
	r.body_len = strlen(body);
	memset(o, 0, sizeof(*o));
	const struct jspec spec[] = {
		{ .name = "nama",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 10,
		  .check = check_no_x,
		  .out = &o->nama },
		{ .name = "jumlah", .type = JSPEC_MONEY, .out = &o->jumlah },
		{ .name = "volume", .type = JSPEC_INT, .min = 1, .max = 1000, .out = &o->volume },
		{ .name = "aktif", .type = JSPEC_BOOL, .out = &o->aktif },
		{ .name = "kode", .type = JSPEC_STRING_ARRAY, .max_items = 3, .max_len = 4, .out = &o->kode },
		{ .name = "catatan",
		  .type = JSPEC_STRING,
		  .nullable = true,
		  .out = &o->catatan,
		  .present = &o->catatan_given },
		JSPEC_END,
	};
	bool ok = json_spec_parse(&r, spec);
	unsigned st = 0;
	type[0] = field[0] = '\0';
	if (!ok) {
		st = r.status;
		json_t *p = json_loads(r.reply, 0, NULL);
		ck_assert_ptr_nonnull(p);
		snprintf(type, 64, "%s", json_string_value(json_object_get(p, "type")));
		json_t *f = json_object_get(p, "field");
		snprintf(field, 64, "%s", f ? json_string_value(f) : "(none)");
		json_decref(p);
		free(r.reply);
	} else {
		ck_assert_ptr_null(r.reply);
		/* strings must outlive the parse: copy what the test looks at before the arena goes */
		static char keep[64];
		if (o->nama) {
			snprintf(keep, sizeof(keep), "%s", o->nama);
			o->nama = keep;
		}
		o->kode.items = NULL;
		o->catatan = o->catatan ? "given" : NULL;
	}
	arena_release(&r.arena);
	return st;
}

static const struct {
	const char *body;
	unsigned status;
	const char *slug;
	const char *field;
} refusals[] = {
	{ "{\"nama\":\"a\",\"jumlah\":\"-5.00\"}", 400, "invalid-amount", "/jumlah" },
	{ "{\"nama\":\"a\",\"jumlah\":\"1e3\"}", 400, "invalid-amount", "/jumlah" },
	{ "{\"nama\":\"a\",\"jumlah\":\"0.001\"}", 400, "invalid-amount", "/jumlah" },
	{ "{\"nama\":\"a\",\"jumlah\":1250000}", 400, "invalid-amount", "/jumlah" },
	{ "{\"nama\":\"a\",\"jumlah\":1250000.5}", 400, "invalid-amount", "/jumlah" },
	{ "{\"nama\":\"a\",\"jumlah\":\"10000000000000000.00\"}", 400, "amount-overflow", "/jumlah" },
	{ "{\"nama\":\"a\",\"jumlah\":\"99999999999999999999999\"}", 400, "amount-overflow", "/jumlah" },
	{ "{\"nama\":\"a\",\"volume\":0}", 400, "invalid-input", "/volume" },
	{ "{\"nama\":\"a\",\"volume\":1001}", 400, "invalid-input", "/volume" },
	{ "{\"nama\":\"a\",\"volume\":1.5}", 400, "invalid-input", "/volume" },
	{ "{\"nama\":\"a\",\"volume\":\"5\"}", 400, "invalid-input", "/volume" },
	/* beyond int64 jansson itself refuses the document */
	{ "{\"nama\":\"a\",\"volume\":99999999999999999999}", 400, "malformed-json", "" },
	{ "{\"nama\":\"a\",\"aktif\":1}", 400, "invalid-input", "/aktif" },
	{ "{\"nama\":\"a\",\"kode\":[\"a\",\"b\",\"c\",\"d\"]}", 400, "invalid-input", "/kode" },
	{ "{\"nama\":\"a\",\"kode\":[\"abcde\"]}", 400, "invalid-input", "/kode/0" },
	{ "{\"nama\":\"a\",\"kode\":[\"a\",null]}", 400, "invalid-input", "/kode/1" },
	{ "{\"nama\":\"abcdefghijk\"}", 400, "invalid-input", "/nama" },
	{ "{\"nama\":\"box\"}", 400, "invalid-input", "/nama" },
	{ "{\"nama\":null}", 400, "invalid-input", "/nama" },
	{ "{}", 400, "invalid-input", "/nama" },
	{ "{\"nama\":\"a\",\"extra\":1}", 400, "invalid-input", "/extra" },
	{ "{\"nama\":\"a\",\"nama\":\"b\"}", 400, "malformed-json", "" },
	{ "[]", 400, "invalid-input", "" },
	{ "", 400, "malformed-json", "" },
};

START_TEST(refused)
{
	struct out o;
	char type[64], field[64], want[96];
	unsigned st = parse(refusals[_i].body, &o, type, field);
	ck_assert_msg(st == refusals[_i].status, "%s: %u", refusals[_i].body, st);
	snprintf(want, sizeof(want), "urn:pagu:problem:%s", refusals[_i].slug);
	ck_assert_str_eq(type, want);
	ck_assert_str_eq(field, refusals[_i].field);
}
END_TEST

START_TEST(accepted)
{
	struct out o;
	char type[64], field[64];
	ck_assert_int_eq(parse("{\"nama\":\"ok\",\"jumlah\":\"1250000.50\",\"volume\":7,\"aktif\":true,"
			       "\"kode\":[\"a\",\"bb\"],\"catatan\":null}",
			       &o, type, field),
			 0);
	ck_assert_str_eq(o.nama, "ok");
	ck_assert_int_eq(o.jumlah, 125000050);
	ck_assert_int_eq(o.volume, 7);
	ck_assert(o.aktif);
	ck_assert_uint_eq(o.kode.n, 2);
	ck_assert(o.catatan_given);
	ck_assert_ptr_null(o.catatan);
	ck_assert_int_eq(parse("{\"nama\":\"ok\"}", &o, type, field), 0);
	ck_assert(!o.catatan_given);
	ck_assert_int_eq(o.jumlah, 0);
}
END_TEST

static Suite *json_spec_suite(void)
{
	Suite *s = suite_create("json_spec");
	TCase *tc = tcase_create("json_spec");
	tcase_add_loop_test(tc, refused, 0, (int)(sizeof(refusals) / sizeof(refusals[0])));
	tcase_add_test(tc, accepted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(json_spec_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
