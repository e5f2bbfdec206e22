/* lexer.h - tokens of the rules language, with file:line:column for every one. */
#ifndef PAGU_RULES_LEXER_H
#define PAGU_RULES_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/*
 * A rules file is UTF-8 text of at most RULES_MAX_FILE bytes. It is refused whole
 * before lexing when it starts with a byte-order mark, contains a NUL byte, invalid
 * UTF-8 (overlong forms and surrogates included), a control character other than tab
 * and line ends, or a bidirectional control character (U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069), which could make a rule read differently from how it runs.
 *
 * Tokens: identifiers [A-Za-z_][A-Za-z0-9_]*; numbers 12, 2.5 (decimal text, never
 * converted to binary floating point); percents 30%, 2.5%; codes with two or more
 * dots or a trailing .* (5.1.01.*, 1.01.02.2.01.0001; a code like 5.1 lexes as a
 * number and the parser reads it as a code where one is expected); strings "..." with
 * \" and \\ escapes, on one line; operators ( ) , = == != < <= > >= + - * /;
 * comments from # to the end of the line. Line ends are LF or CRLF.
 */
#define RULES_MAX_FILE (1u << 20)
#define RULES_MAX_TOKEN 256

enum rules_tok {
	TOK_EOF,
	TOK_IDENT,
	TOK_NUMBER,
	TOK_PERCENT, /* text excludes the '%' */
	TOK_CODE,
	TOK_STRING, /* text excludes the quotes, escapes not yet resolved */
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_COMMA,
	TOK_ASSIGN,
	TOK_EQ,
	TOK_NE,
	TOK_LT,
	TOK_LE,
	TOK_GT,
	TOK_GE,
	TOK_PLUS,
	TOK_MINUS,
	TOK_STAR,
	TOK_SLASH,
};

struct rules_pos {
	int line; /* from 1 */
	int col;  /* from 1, in characters (code points) */
};

struct rules_token {
	enum rules_tok kind;
	const char *text; /* into the source; not NUL-terminated */
	size_t len;
	struct rules_pos pos;
};

/* A located error: what, where, and the file it is in. */
struct rules_error {
	const char *file;
	struct rules_pos pos;
	char message[256];
};

struct rules_lexer {
	const char *file;
	const char *src;
	size_t len;
	size_t off;
	struct rules_pos pos;
};

/* Checks the whole file for the refusals above; on failure fills *@err (with the position). */
pagu_err rules_check_text(const char *file, const char *src, size_t len, struct rules_error *err);

void rules_lexer_init(struct rules_lexer *lx, const char *file, const char *src, size_t len);
/* The next token; PAGU_E_INVALID with *@err for a character or token that is not in the language. */
pagu_err rules_lex(struct rules_lexer *lx, struct rules_token *tok, struct rules_error *err);

/*
 * "file:line:col: message", the source line, and a caret under the column, the way
 * compilers report; written to @buf (NUL-terminated, truncated to @size).
 */
size_t rules_error_format(const struct rules_error *err, const char *src, size_t len, char *buf, size_t size);

const char *rules_tok_name(enum rules_tok t);

#endif
