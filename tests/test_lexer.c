/* test_lexer.c - the rules language's tokens, positions and refusals of hostile text. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

static const char example[] = "rule belanja_pegawai_maks_30 \"Belanja pegawai paling tinggi 30% dari total belanja\"\n"
			      "  cite \"UU 1/2022 Pasal 146 ayat (1)\"  # the article\n"
			      "  on lock apbd\n"
			      "  let pegawai = sum(belanja where akun 5.1.01.*)\n"
			      "  assert pegawai <= 30% of total\r\n"
			      "  message \"pegawai {pegawai} \\\"ok\\\" \xe2\x89\xa4 batas\" x\n";

START_TEST(example_tokens)
{
	static const struct {
		enum rules_tok kind;
		const char *text;
		int line, col;
	} want[] = {
		{ TOK_IDENT, "rule", 1, 1 },
		{ TOK_IDENT, "belanja_pegawai_maks_30", 1, 6 },
		{ TOK_STRING, "Belanja pegawai paling tinggi 30% dari total belanja", 1, 30 },
		{ TOK_IDENT, "cite", 2, 3 },
		{ TOK_STRING, "UU 1/2022 Pasal 146 ayat (1)", 2, 8 },
		{ TOK_IDENT, "on", 3, 3 },
		{ TOK_IDENT, "lock", 3, 6 },
		{ TOK_IDENT, "apbd", 3, 11 },
		{ TOK_IDENT, "let", 4, 3 },
		{ TOK_IDENT, "pegawai", 4, 7 },
		{ TOK_ASSIGN, "=", 4, 15 },
		{ TOK_IDENT, "sum", 4, 17 },
		{ TOK_LPAREN, "(", 4, 20 },
		{ TOK_IDENT, "belanja", 4, 21 },
		{ TOK_IDENT, "where", 4, 29 },
		{ TOK_IDENT, "akun", 4, 35 },
		{ TOK_CODE, "5.1.01.*", 4, 40 },
		{ TOK_RPAREN, ")", 4, 48 },
		{ TOK_IDENT, "assert", 5, 3 },
		{ TOK_IDENT, "pegawai", 5, 10 },
		{ TOK_LE, "<=", 5, 18 },
		{ TOK_PERCENT, "30", 5, 21 },
		{ TOK_IDENT, "of", 5, 25 },
		{ TOK_IDENT, "total", 5, 28 },
		{ TOK_IDENT, "message", 6, 3 },
		{ TOK_STRING, "pegawai {pegawai} \\\"ok\\\" \xe2\x89\xa4 batas", 6, 11 },
		/* columns count characters: the 3-byte sign is one */
		{ TOK_IDENT, "x", 6, 46 },
		{ TOK_EOF, "", 7, 1 },
	};
	struct rules_error err;
	ck_assert_int_eq(rules_check_text("a.rules", example, strlen(example), &err), PAGU_OK);
	struct rules_lexer lx;
	rules_lexer_init(&lx, "a.rules", example, strlen(example));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct rules_token t;
		ck_assert_int_eq(rules_lex(&lx, &t, &err), PAGU_OK);
		ck_assert_msg(t.kind == want[i].kind, "token %zu: %s, want %s", i, rules_tok_name(t.kind),
			      rules_tok_name(want[i].kind));
		ck_assert_uint_eq(t.len, strlen(want[i].text));
		ck_assert(memcmp(t.text, want[i].text, t.len) == 0);
		ck_assert_msg(t.pos.line == want[i].line && t.pos.col == want[i].col,
			      "token %zu (%s) at %d:%d, want %d:%d", i, want[i].text, t.pos.line, t.pos.col,
			      want[i].line, want[i].col);
	}
}
END_TEST

START_TEST(numbers_codes_operators)
{
	static const char src[] = "12 2.5 5.1 1.01.* 1.01.02.2.01.0001 2.50% == != >= > < - + * / ,";
	static const enum rules_tok kinds[] = { TOK_NUMBER, TOK_NUMBER, TOK_NUMBER, TOK_CODE,  TOK_CODE, TOK_PERCENT,
						TOK_EQ,	    TOK_NE,	TOK_GE,	    TOK_GT,    TOK_LT,	 TOK_MINUS,
						TOK_PLUS,   TOK_STAR,	TOK_SLASH,  TOK_COMMA, TOK_EOF };
	struct rules_lexer lx;
	struct rules_error err;
	rules_lexer_init(&lx, "b.rules", src, strlen(src));
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct rules_token t;
		ck_assert_int_eq(rules_lex(&lx, &t, &err), PAGU_OK);
		ck_assert_msg(t.kind == kinds[i], "token %zu: %s", i, rules_tok_name(t.kind));
	}
}
END_TEST

static char big[RULES_MAX_FILE + 2];

static const struct {
	const char *name;
	const char *src;
	size_t len; /* 0: strlen */
	int check;  /* 1: refused by rules_check_text, 0: by the lexer */
	int line, col;
	const char *msg;
} refusals[] = {
	{ "byte-order mark", "\xef\xbb\xbfrule x", 0, 1, 1, 1, "byte-order mark" },
	{ "NUL", "rule\nx \0y", 9, 1, 2, 3, "NUL" },
	{ "invalid byte", "rule \xff", 0, 1, 1, 6, "invalid UTF-8" },
	{ "overlong slash", "a \xc0\xaf", 0, 1, 1, 3, "invalid UTF-8" },
	{ "surrogate", "a \xed\xa0\x80", 0, 1, 1, 3, "invalid UTF-8" },
	{ "truncated sequence", "abc \xe2\x89", 0, 1, 1, 5, "invalid UTF-8" },
	{ "right-to-left override", "rule x\n\n  cite \xe2\x80\xae\"x\"", 0, 1, 3, 8, "bidirectional" },
	{ "isolate", "\xe2\x81\xa6", 0, 1, 1, 1, "bidirectional" },
	{ "control", "rule \x01", 0, 1, 1, 6, "control character" },
	{ "C1 control", "rule \xc2\x85", 0, 1, 1, 6, "control character" },
	{ "lone carriage return", "rule\rx", 0, 1, 1, 5, "carriage return" },
	{ "unclosed string", "cite \"UU 1/2022\n", 0, 0, 1, 6, "not closed" },
	{ "bad escape", "cite \"a\\nb\"", 0, 0, 1, 8, "escape" },
	{ "stray character", "assert a @ b", 0, 0, 1, 10, "'@'" },
	{ "letters after a number", "assert 12abc", 0, 0, 1, 10, "letter" },
	{ "non-ASCII outside a string", "let \xc3\xa9 = 1", 0, 0, 1, 5, "not part" },
	{ "semicolon", "let a = 1;", 0, 0, 1, 10, "';'" },
};

START_TEST(refused)
{
	const char *src = refusals[_i].src;
	size_t len = refusals[_i].len ? refusals[_i].len : strlen(src);
	struct rules_error err = { .pos = { -1, -1 } };
	pagu_err e = rules_check_text("c.rules", src, len, &err);
	if (refusals[_i].check) {
		ck_assert_msg(e != PAGU_OK, "%s: accepted", refusals[_i].name);
	} else {
		ck_assert_msg(e == PAGU_OK, "%s: %s", refusals[_i].name, err.message);
		struct rules_lexer lx;
		rules_lexer_init(&lx, "c.rules", src, len);
		struct rules_token t;
		while ((e = rules_lex(&lx, &t, &err)) == PAGU_OK && t.kind != TOK_EOF)
			;
		ck_assert_msg(e == PAGU_E_INVALID, "%s: lexed", refusals[_i].name);
	}
	ck_assert_msg(err.pos.line == refusals[_i].line && err.pos.col == refusals[_i].col, "%s: at %d:%d, want %d:%d",
		      refusals[_i].name, err.pos.line, err.pos.col, refusals[_i].line, refusals[_i].col);
	ck_assert_msg(strstr(err.message, refusals[_i].msg), "%s: %s", refusals[_i].name, err.message);
}
END_TEST

START_TEST(limits)
{
	memset(big, 'a', sizeof(big));
	struct rules_error err;
	ck_assert_int_eq(rules_check_text("d.rules", big, RULES_MAX_FILE + 1, &err), PAGU_E_TOO_LARGE);
	/* an identifier longer than a token may be */
	struct rules_lexer lx;
	rules_lexer_init(&lx, "d.rules", big, RULES_MAX_TOKEN + 1);
	struct rules_token t;
	ck_assert_int_eq(rules_lex(&lx, &t, &err), PAGU_E_INVALID);
	ck_assert_ptr_nonnull(strstr(err.message, "at most"));
	rules_lexer_init(&lx, "d.rules", big, RULES_MAX_TOKEN);
	ck_assert_int_eq(rules_lex(&lx, &t, &err), PAGU_OK);
	ck_assert_uint_eq(t.len, RULES_MAX_TOKEN);
}
END_TEST

START_TEST(error_format)
{
	static const char src[] = "rule a \"x\"\n  assert total @ 1\n";
	struct rules_lexer lx;
	struct rules_error err;
	rules_lexer_init(&lx, "rules/uji.rules", src, strlen(src));
	struct rules_token t;
	pagu_err e;
	while ((e = rules_lex(&lx, &t, &err)) == PAGU_OK && t.kind != TOK_EOF)
		;
	ck_assert_int_eq(e, PAGU_E_INVALID);
	char buf[512];
	rules_error_format(&err, src, strlen(src), buf, sizeof(buf));
	ck_assert_str_eq(buf, "rules/uji.rules:2:16: character '@' is not part of the rules language\n"
			      "  assert total @ 1\n"
			      "               ^\n");
}
END_TEST

static Suite *lexer_suite(void)
{
	Suite *s = suite_create("lexer");
	TCase *tc = tcase_create("lexer");
	tcase_add_test(tc, example_tokens);
	tcase_add_test(tc, numbers_codes_operators);
	tcase_add_loop_test(tc, refused, 0, (int)(sizeof(refusals) / sizeof(refusals[0])));
	tcase_add_test(tc, limits);
	tcase_add_test(tc, error_format);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lexer_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
