/* lexer.c - turning a rules file into located tokens, refusing hostile text first. */
#include "lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void fail(struct rules_error *err, const char *file, struct rules_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(struct rules_error *err, const char *file, struct rules_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	err->file = file;
	err->pos = pos;
}

/* Length of the UTF-8 sequence at @s (1..4) and its code point, or 0 when invalid. */
static int utf8_decode(const unsigned char *s, size_t avail, unsigned *cp)
{
	unsigned c = s[0];
	int n;
	unsigned v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2, v = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3, v = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)n > avail)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static bool bidi_control(unsigned cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

pagu_err rules_check_text(const char *file, const char *src, size_t len, struct rules_error *err)
{
	struct rules_pos pos = { 1, 1 };
	if (len > RULES_MAX_FILE) {
		fail(err, file, pos, "file is %zu bytes; a rules file may have at most %u", len, RULES_MAX_FILE);
		return PAGU_E_TOO_LARGE;
	}
	const unsigned char *s = (const unsigned char *)src;
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		fail(err, file, pos, "file starts with a byte-order mark; save it as UTF-8 without one");
		return PAGU_E_INVALID;
	}
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			fail(err, file, pos, "invalid UTF-8 byte 0x%02x", s[i]);
			return PAGU_E_INVALID;
		}
		if (cp == 0) {
			fail(err, file, pos, "NUL byte in the file");
			return PAGU_E_INVALID;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			fail(err, file, pos, "control character U+%04X", cp);
			return PAGU_E_INVALID;
		}
		if (bidi_control(cp)) {
			fail(err, file, pos,
			     "bidirectional control character U+%04X: it can make text read differently from how it "
			     "runs",
			     cp);
			return PAGU_E_INVALID;
		}
		if (cp == '\r' && !(i + 1 < len && s[i + 1] == '\n')) {
			fail(err, file, pos, "carriage return without a line feed");
			return PAGU_E_INVALID;
		}
		if (cp == '\n') {
			pos.line++;
			pos.col = 1;
		} else if (cp != '\r') {
			pos.col++;
		}
		i += (size_t)n;
	}
	return PAGU_OK;
}

void rules_lexer_init(struct rules_lexer *lx, const char *file, const char *src, size_t len)
{
	lx->file = file;
	lx->src = src;
	lx->len = len;
	lx->off = 0;
	lx->pos.line = 1;
	lx->pos.col = 1;
}

static int peek(const struct rules_lexer *lx, size_t ahead)
{
	return lx->off + ahead < lx->len ? (unsigned char)lx->src[lx->off + ahead] : -1;
}

/* Advances one character (a whole UTF-8 sequence), keeping the position. */
static void advance(struct rules_lexer *lx)
{
	unsigned char c = (unsigned char)lx->src[lx->off];
	if (c == '\n') {
		lx->pos.line++;
		lx->pos.col = 1;
		lx->off++;
		return;
	}
	size_t n = 1;
	if (c >= 0xc0)
		n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	lx->off += n;
	if (c != '\r')
		lx->pos.col++;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

pagu_err rules_lex(struct rules_lexer *lx, struct rules_token *tok, struct rules_error *err)
{
	for (;;) {
		int c = peek(lx, 0);
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			advance(lx);
		} else if (c == '#') {
			while (peek(lx, 0) != -1 && peek(lx, 0) != '\n')
				advance(lx);
		} else {
			break;
		}
	}
	tok->pos = lx->pos;
	tok->text = lx->src + lx->off;
	size_t start = lx->off;
	int c = peek(lx, 0);
	if (c == -1) {
		tok->kind = TOK_EOF;
		tok->len = 0;
		return PAGU_OK;
	}
	if (is_ident_start(c)) {
		while (is_ident_start(peek(lx, 0)) || is_digit(peek(lx, 0)))
			advance(lx);
		tok->kind = TOK_IDENT;
	} else if (is_digit(c)) {
		int dots = 0;
		bool star = false;
		while (is_digit(peek(lx, 0)) || (peek(lx, 0) == '.' && (is_digit(peek(lx, 1)) || peek(lx, 1) == '*'))) {
			if (peek(lx, 0) == '.') {
				dots++;
				if (peek(lx, 1) == '*') {
					advance(lx);
					advance(lx);
					star = true;
					break;
				}
			}
			advance(lx);
		}
		if (dots >= 2 || star) {
			tok->kind = TOK_CODE;
		} else if (peek(lx, 0) == '%') {
			tok->kind = TOK_PERCENT;
			tok->len = lx->off - start;
			advance(lx);
			goto check_len;
		} else {
			tok->kind = TOK_NUMBER;
		}
		if (is_ident_start(peek(lx, 0))) {
			fail(err, lx->file, lx->pos, "a letter right after the number %.*s", (int)(lx->off - start),
			     tok->text);
			return PAGU_E_INVALID;
		}
	} else if (c == '"') {
		advance(lx);
		for (;;) {
			int d = peek(lx, 0);
			if (d == -1 || d == '\n' || d == '\r') {
				fail(err, lx->file, tok->pos, "string not closed on its line");
				return PAGU_E_INVALID;
			}
			if (d == '\\') {
				int e = peek(lx, 1);
				if (e != '"' && e != '\\') {
					fail(err, lx->file, lx->pos,
					     "unknown escape \\%c in a string (only \\\" and \\\\)",
					     e > 32 && e < 127 ? e : '?');
					return PAGU_E_INVALID;
				}
				advance(lx);
				advance(lx);
				continue;
			}
			advance(lx);
			if (d == '"')
				break;
		}
		tok->kind = TOK_STRING;
		tok->text = lx->src + start + 1;
		tok->len = lx->off - start - 2;
		goto check_len;
	} else {
		static const struct {
			const char *text;
			enum rules_tok kind;
		} ops[] = {
			{ "==", TOK_EQ },    { "!=", TOK_NE },	  { "<=", TOK_LE },   { ">=", TOK_GE },
			{ "(", TOK_LPAREN }, { ")", TOK_RPAREN }, { ",", TOK_COMMA }, { "=", TOK_ASSIGN },
			{ "<", TOK_LT },     { ">", TOK_GT },	  { "+", TOK_PLUS },  { "-", TOK_MINUS },
			{ "*", TOK_STAR },   { "/", TOK_SLASH },
		};
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t n = strlen(ops[i].text);
			if (lx->len - lx->off >= n && !memcmp(lx->src + lx->off, ops[i].text, n)) {
				for (size_t k = 0; k < n; k++)
					advance(lx);
				tok->kind = ops[i].kind;
				tok->len = n;
				return PAGU_OK;
			}
		}
		if (c < 0x80 && c > 32)
			fail(err, lx->file, lx->pos, "character '%c' is not part of the rules language", c);
		else
			fail(err, lx->file, lx->pos, "this character is not part of the rules language");
		return PAGU_E_INVALID;
	}
	tok->len = lx->off - start;
check_len:
	if (tok->len > RULES_MAX_TOKEN) {
		fail(err, lx->file, tok->pos, "token of %zu bytes; at most %d", tok->len, RULES_MAX_TOKEN);
		return PAGU_E_INVALID;
	}
	return PAGU_OK;
}

size_t rules_error_format(const struct rules_error *err, const char *src, size_t len, char *buf, size_t size)
{
	/* the source line of the error */
	const char *line = src;
	const char *end = src + len;
	for (int l = 1; l < err->pos.line && line < end; l++) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		line = nl ? nl + 1 : end;
	}
	const char *eol = memchr(line, '\n', (size_t)(end - line));
	size_t ll = eol ? (size_t)(eol - line) : (size_t)(end - line);
	if (ll && line[ll - 1] == '\r')
		ll--;
	int n = snprintf(buf, size, "%s:%d:%d: %s\n%.*s\n%*s^\n", err->file ? err->file : "<rules>", err->pos.line,
			 err->pos.col, err->message, (int)ll, line, err->pos.col - 1, "");
	return n < 0 ? 0 : (size_t)n;
}

const char *rules_tok_name(enum rules_tok t)
{
	static const char *const names[] = {
		[TOK_EOF] = "end of file", [TOK_IDENT] = "name",    [TOK_NUMBER] = "number", [TOK_PERCENT] = "percent",
		[TOK_CODE] = "code",	   [TOK_STRING] = "string", [TOK_LPAREN] = "'('",    [TOK_RPAREN] = "')'",
		[TOK_COMMA] = "','",	   [TOK_ASSIGN] = "'='",    [TOK_EQ] = "'=='",	     [TOK_NE] = "'!='",
		[TOK_LT] = "'<'",	   [TOK_LE] = "'<='",	    [TOK_GT] = "'>'",	     [TOK_GE] = "'>='",
		[TOK_PLUS] = "'+'",	   [TOK_MINUS] = "'-'",	    [TOK_STAR] = "'*'",	     [TOK_SLASH] = "'/'",
	};
	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}
