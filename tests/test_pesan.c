/* test_pesan.c - the message catalogue: every entry in both languages, rendering, and Accept-Language. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "error.h"
#include "pesan.h"

/* The placeholder names of @t, sorted and joined by ','. */
static void names(const char *t, char *out, size_t cap)
{
	const char *list[64];
	size_t n = 0;
	char buf[1024];
	size_t bl = 0;
	for (const char *p = t; (p = strchr(p, '{')) != NULL;) {
		const char *end = strchr(p, '}');
		if (!end)
			break;
		size_t len = strcspn(p + 1, ":}");
		if (len && strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_") == len && n < 64 &&
		    bl + len + 1 < sizeof(buf)) {
			memcpy(buf + bl, p + 1, len);
			buf[bl + len] = '\0';
			list[n++] = buf + bl;
			bl += len + 1;
		}
		p = end + 1;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(list[j - 1], list[j]) > 0; j--) {
			const char *x = list[j];
			list[j] = list[j - 1];
			list[j - 1] = x;
		}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(list[i], list[i - 1]))
			continue;
		strncat(out, list[i], cap - strlen(out) - 2);
		strcat(out, ",");
	}
}

/* Every entry: a name, an Indonesian and an English text, and the same parameters in both. */
START_TEST(every_entry_in_both_languages)
{
	ck_assert_int_gt(P_COUNT_, 1);
	for (int k = 1; k < P_COUNT_; k++) {
		const char *id = pesan_teks(k, BAHASA_ID), *en = pesan_teks(k, BAHASA_EN);
		ck_assert_msg(pesan_nama(k)[0], "entry %d has no name", k);
		ck_assert_msg(id[0], "%s has no Indonesian text", pesan_nama(k));
		ck_assert_msg(en[0], "%s has no English text", pesan_nama(k));
		ck_assert_msg(strcmp(id, en) != 0, "%s says the same in both languages: is it translated?",
			      pesan_nama(k));
		char a[1024], b[1024];
		names(id, a, sizeof(a));
		names(en, b, sizeof(b));
		ck_assert_msg(!strcmp(a, b), "%s: the Indonesian text names {%s}, the English {%s}", pesan_nama(k), a,
			      b);
		pesan_kunci back;
		ck_assert(pesan_cari(pesan_nama(k), &back));
		ck_assert_int_eq(back, k);
		for (int j = 1; j < k; j++)
			ck_assert_msg(strcmp(pesan_nama(j), pesan_nama(k)) != 0, "%s twice", pesan_nama(k));
	}
}
END_TEST

/* Every problem type has its Indonesian title, and it is not the English one. */
START_TEST(every_problem_type_has_its_judul)
{
	for (int e = 1; e < PAGU_ERR_COUNT_; e++) {
		ck_assert_msg(pagu_err_judul(e)[0], "%s has no judul", pagu_err_name(e));
		ck_assert_msg(strcmp(pagu_err_judul(e), pagu_err_title(e)) != 0, "%s: judul = title (\"%s\")",
			      pagu_err_name(e), pagu_err_title(e));
	}
}
END_TEST

START_TEST(render)
{
	struct arena a;
	arena_init(&a);
	const char *kv[] = { "jumlah", "1234567.89", "tanggal", "2026-03-31", "n", "12345", "kode", "1.02", NULL };
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "{jumlah:rp} pada {tanggal:tgl}, {n:n} baris, {kode}", kv),
			 "Rp1.234.567,89 pada 31 Maret 2026, 12.345 baris, 1.02");
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_EN, "{jumlah:rp} on {tanggal:tgl}, {n:n} lines, {kode}", kv),
			 "Rp1,234,567.89 on 31 March 2026, 12,345 lines, 1.02");
	/* amounts: whole, negative, small, zero, more places than sen */
	ck_assert_str_eq(pesan_rupiah(&a, BAHASA_ID, "5"), "Rp5,00");
	ck_assert_str_eq(pesan_rupiah(&a, BAHASA_ID, "-1000"), "-Rp1.000,00");
	ck_assert_str_eq(pesan_rupiah(&a, BAHASA_ID, "0.5"), "Rp0,50");
	ck_assert_str_eq(pesan_rupiah(&a, BAHASA_ID, "000123.4"), "Rp123,40");
	ck_assert_str_eq(pesan_rupiah(&a, BAHASA_ID, "92233720368547758.07"), "Rp92.233.720.368.547.758,07");
	ck_assert_str_eq(pesan_rupiah(&a, BAHASA_EN, "1.125"), "Rp1.125");
	ck_assert_ptr_null(pesan_rupiah(&a, BAHASA_ID, "12a"));
	ck_assert_ptr_null(pesan_rupiah(&a, BAHASA_ID, ""));
	ck_assert_ptr_null(pesan_rupiah(&a, BAHASA_ID, "1."));
	/* dates */
	ck_assert_str_eq(pesan_tanggal(&a, BAHASA_ID, "2026-12-01T10:00:00Z"), "1 Desember 2026");
	ck_assert_ptr_null(pesan_tanggal(&a, BAHASA_ID, "2026-13-01"));
	ck_assert_ptr_null(pesan_tanggal(&a, BAHASA_ID, "31/03/2026"));
	/* a value that is not what the format wants is shown as given; a missing parameter as ? */
	const char *bad[] = { "jumlah", "banyak", NULL };
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "{jumlah:rp} {tanggal:tgl} {}", bad), "banyak ? {}");
	/* braces that are not a name are text; an unclosed one too */
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "kirim {} atau {\"a\":1} {x", NULL),
			 "kirim {} atau {\"a\":1} {x");
	/* a value with braces is not read again */
	const char *inj[] = { "x", "{y}", "y", "Z", NULL };
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "{x}{y}", inj), "{y}Z");
	arena_release(&a);
}
END_TEST

/* A procedure's HINT: a JSON object of scalars becomes parameters; anything else none at all. */
START_TEST(param_json)
{
	struct arena a;
	arena_init(&a);
	const char *const *kv = pesan_param_json(&a, " {\"kantong\": 17, \"tersedia\" : 1500000.50, \"opd\": "
						     "\"1.02.0.00\\u00e9\\\"\", \"ok\": true, \"x\": null,"
						     " \"emoji\": \"\\ud83d\\ude00\"} ");
	ck_assert_ptr_nonnull(kv);
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "{kantong}|{tersedia:rp}|{opd}|{ok}|{x}|{emoji}", kv),
			 "17|Rp1.500.000,50|1.02.0.00\u00e9\"|true||\xf0\x9f\x98\x80");
	ck_assert_ptr_nonnull(pesan_param_json(&a, "{}"));
	/* many parameters: the list grows */
	char big[4096] = "{";
	for (int i = 0; i < 40; i++)
		snprintf(big + strlen(big), sizeof(big) - strlen(big), "%s\"p%d\": %d", i ? ", " : "", i, i * 2);
	strcat(big, "}");
	kv = pesan_param_json(&a, big);
	ck_assert_ptr_nonnull(kv);
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "{p0} {p39}", kv), "0 78");
	/* cut short, nested, not an object, a NUL escape, a lone surrogate, text after it: no parameters */
	static const char *const bad[] = {
		"{\"a\": 1",
		"{\"a\": \"b",
		"{\"a\": [1]}",
		"{\"a\": {\"b\": 1}}",
		"[1]",
		"",
		"{\"a\" 1}",
		"{\"a\": \"\\u0000\"}",
		"{\"a\": \"\\ud800\"}",
		"{\"a\": 1} x",
		"{\"a\": 1,}",
		"{\"a\": \"\\q\"}",
		"{a: 1}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(pesan_param_json(&a, bad[i]) == NULL, "%s", bad[i]);
	ck_assert_ptr_null(pesan_param_json(&a, NULL));
	/* code words: a status and a kind of document as a person says them; an unknown one as given */
	const char *kode[] = { "s", "locked", "j", "kua_ppas", "z", "lain", NULL };
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "{s:kata} {j:kata} {z:kata}", kode),
			 "terkunci KUA-PPAS lain");
	ck_assert_str_eq(pesan_render_teks(&a, BAHASA_EN, "{s:kata} {j:kata} {z:kata}", kode), "locked KUA-PPAS lain");
	arena_release(&a);
}
END_TEST

START_TEST(accept_language)
{
	ck_assert_int_eq(pesan_bahasa_dari(NULL), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari(""), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari("en"), BAHASA_EN);
	ck_assert_int_eq(pesan_bahasa_dari("en-US,en;q=0.9"), BAHASA_EN);
	ck_assert_int_eq(pesan_bahasa_dari("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari("en;q=0.5, id;q=0.6"), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari("id;q=0.5, en;q=0.6"), BAHASA_EN);
	ck_assert_int_eq(pesan_bahasa_dari("en;q=0"), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari("fr, de"), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari("*"), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari("english"), BAHASA_ID);
	ck_assert_int_eq(pesan_bahasa_dari("EN"), BAHASA_EN);
	ck_assert_int_eq(pesan_bahasa_dari(",,;q=,en;q=1.0"), BAHASA_EN);
}
END_TEST

/* A list a procedure names: each item with its own entry, in the reader's language; nothing else is read as one. */
START_TEST(daftar)
{
	struct arena a;
	arena_init(&a);
	const char *dua =
		"[{\"pesan\": \"KANTONG_KURANG\", \"kantong\": 7, \"opd\": \"1.02\", \"sub\": \"1.02.01.2.01.0001\","
		" \"akun\": \"5.1.02\", \"terpakai\": \"1500000.00\", \"alokasi\": \"0.00\"},"
		" {\"pesan\": \"KANTONG_TIDAK_DIDANAI\"}]";
	const char *kv[] = { "rincian", dua, NULL };
	ck_assert_str_eq(
		pesan_render_teks(&a, BAHASA_ID, "Kurang: {rincian:daftar}", kv),
		"Kurang: kantong 7 (OPD 1.02, sub kegiatan 1.02.01.2.01.0001, akun 5.1.02) sudah direalisasikan"
		" atau dicadangkan Rp1.500.000,00, tetapi akan diberi Rp0,00; kantong yang tidak lagi didanainya");
	ck_assert_str_eq(pesan_daftar(&a, BAHASA_EN, "{\"pesan\":\"SUB_KEGIATAN_NONAKTIF\",\"sub\":\"1.02\"}"),
			 "sub kegiatan 1.02 is retired");
	ck_assert_str_eq(pesan_daftar(&a, BAHASA_ID, "[]"), "");
	/* not a list of known items: shown as given (never half a list) */
	const char *bukan[] = { "[{\"pesan\": \"TIDAK_ADA_ENTRI\"}]", "teks biasa",
				"[{\"pesan\": \"GESER_URAIAN\"},]",   "[{\"pesan\": \"GESER_URAIAN\"}] x",
				"[{\"pesan\": {\"a\": 1}}]",	      "[{\"x\": 1}]",
				"{\"pesan\": \"GESER_URAIAN\"",	      NULL };
	for (int i = 0; bukan[i]; i++) {
		ck_assert_ptr_null(pesan_daftar(&a, BAHASA_ID, bukan[i]));
		const char *x[] = { "r", bukan[i], NULL };
		ck_assert_str_eq(pesan_render_teks(&a, BAHASA_ID, "{r:daftar}", x), bukan[i]);
	}
	/* an item whose own parameter is a list is not read again (one level) */
	const char *dalam[] = {
		"r", "[{\"pesan\": \"PERGESERAN_PENYETUJU\", \"rincian\": \"{\\\"pesan\\\": \\\"GESER_URAIAN\\\"}\"}]",
		NULL
	};
	ck_assert_ptr_null(strstr(pesan_render_teks(&a, BAHASA_ID, "{r:daftar}", dalam), "uraian sub rincian"));
	arena_release(&a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pesan");
	TCase *tc = tcase_create("pesan");
	tcase_add_test(tc, every_entry_in_both_languages);
	tcase_add_test(tc, every_problem_type_has_its_judul);
	tcase_add_test(tc, render);
	tcase_add_test(tc, accept_language);
	tcase_add_test(tc, param_json);
	tcase_add_test(tc, daftar);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
