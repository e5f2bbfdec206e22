/* parser.c - recursive descent over the tokens of lexer.c into the tree of parser.h. */
#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct parser {
	struct arena *a;
	struct rules_lexer lx;
	struct rules_token tok; /* the current token */
	struct rules_error *err;
	int depth;
	bool failed;
};

static void perr(struct parser *p, struct rules_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void perr(struct parser *p, struct rules_pos pos, const char *fmt, ...)
{
	if (p->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
	p->err->file = p->lx.file;
	p->err->pos = pos;
	p->failed = true;
}

static void next(struct parser *p)
{
	if (p->failed)
		return;
	if (rules_lex(&p->lx, &p->tok, p->err) != PAGU_OK) {
		p->failed = true;
		p->tok.kind = TOK_EOF;
	}
}

static bool is_word(const struct parser *p, const char *w)
{
	return p->tok.kind == TOK_IDENT && p->tok.len == strlen(w) && !memcmp(p->tok.text, w, p->tok.len);
}

static const char *tok_str(struct parser *p)
{
	return arena_strndup(p->a, p->tok.text, p->tok.len);
}

/* "found" text for messages */
static const char *found(struct parser *p)
{
	if (p->tok.kind == TOK_EOF)
		return "the end of the file";
	return arena_printf(p->a, "%s '%.*s'", rules_tok_name(p->tok.kind), (int)(p->tok.len > 40 ? 40 : p->tok.len),
			    p->tok.text);
}

static bool expect(struct parser *p, enum rules_tok kind, const char *what)
{
	if (p->tok.kind != kind) {
		perr(p, p->tok.pos, "expected %s, found %s", what, found(p));
		return false;
	}
	return true;
}

static const char *const reserved[] = {
	"rule",	  "cite",    "on",  "severity", "applies", "let",   "assert", "message", "disabled",
	"and",	  "or",	     "not", "of",	"as",	   "where", "error",  "warning", "from",
	"before", "percent", "for", "each",	"table",   "key",   "row",    "finding", "classification"
};

static bool is_reserved(const struct parser *p)
{
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (is_word(p, reserved[i]))
			return true;
	return false;
}

static struct rules_node *node(struct parser *p, enum rules_node_kind kind, struct rules_pos pos)
{
	struct rules_node *n = arena_alloc(p->a, sizeof(*n));
	n->kind = kind;
	n->pos = pos;
	return n;
}

/* The string token's text with \" and \\ resolved. */
static const char *string_value(struct parser *p)
{
	char *s = arena_alloc(p->a, p->tok.len + 1);
	size_t o = 0;
	for (size_t i = 0; i < p->tok.len; i++) {
		if (p->tok.text[i] == '\\' && i + 1 < p->tok.len)
			i++;
		s[o++] = p->tok.text[i];
	}
	s[o] = '\0';
	return s;
}

static struct rules_node *expr(struct parser *p);
static struct rules_node *unary(struct parser *p);

static bool enter(struct parser *p)
{
	if (++p->depth > RULES_MAX_DEPTH) {
		perr(p, p->tok.pos, "nesting deeper than %d", RULES_MAX_DEPTH);
		return false;
	}
	return true;
}

static struct rules_node *filter(struct parser *p);

static struct rules_node *filter_atom(struct parser *p)
{
	struct rules_pos pos = p->tok.pos;
	if (!enter(p))
		return NULL;
	struct rules_node *n = NULL;
	if (is_word(p, "not")) {
		next(p);
		n = node(p, NODE_FILTER_NOT, pos);
		n->kid[0] = filter_atom(p);
	} else if (p->tok.kind == TOK_LPAREN) {
		next(p);
		n = filter(p);
		if (expect(p, TOK_RPAREN, "')'"))
			next(p);
	} else if (is_word(p, "tag") || is_word(p, "default_tag")) {
		n = node(p, NODE_FILTER_TAG, pos);
		n->national = is_word(p, "default_tag");
		next(p);
		if (p->tok.kind != TOK_IDENT || is_reserved(p)) {
			perr(p, p->tok.pos, "expected a classification's name after %s, found %s",
			     n->national ? "default_tag" : "tag", found(p));
			p->depth--;
			return NULL;
		}
		n->text = tok_str(p);
		next(p);
	} else if (is_word(p, "akun") || is_word(p, "urusan") || is_word(p, "bidang") || is_word(p, "sumber_dana") ||
		   is_word(p, "opd")) {
		n = node(p, NODE_FILTER_CODE, pos);
		n->text = tok_str(p);
		next(p);
		if (p->tok.kind != TOK_CODE && p->tok.kind != TOK_NUMBER) {
			perr(p, p->tok.pos, "expected a code pattern after %s (like 5.1.01.*), found %s", n->text,
			     found(p));
			p->depth--;
			return NULL;
		}
		char why[160];
		struct rules_pos ppos = p->tok.pos;
		if (pattern_parse(p->tok.text, p->tok.len, &n->pattern, why, sizeof(why)) != PAGU_OK) {
			perr(p, ppos, "%s", why);
			p->depth--;
			return NULL;
		}
		next(p);
		if (p->tok.kind == TOK_STAR) {
			perr(p, p->tok.pos, "'*' must be a whole last segment: write %s.* to match everything under %s",
			     n->pattern.prefix, n->pattern.prefix);
			p->depth--;
			return NULL;
		}
	} else {
		perr(p, pos,
		     "expected a filter (akun, urusan, bidang, sumber_dana or opd and a pattern, or tag and a "
		     "classification), found %s",
		     found(p));
	}
	p->depth--;
	return n;
}

static struct rules_node *filter_and(struct parser *p)
{
	struct rules_node *l = filter_atom(p);
	while (!p->failed && is_word(p, "and")) {
		struct rules_node *n = node(p, NODE_FILTER_AND, p->tok.pos);
		next(p);
		n->kid[0] = l;
		n->kid[1] = filter_atom(p);
		l = n;
	}
	return l;
}

static struct rules_node *filter(struct parser *p)
{
	struct rules_node *l = filter_and(p);
	while (!p->failed && is_word(p, "or")) {
		struct rules_node *n = node(p, NODE_FILTER_OR, p->tok.pos);
		next(p);
		n->kid[0] = l;
		n->kid[1] = filter_and(p);
		l = n;
	}
	return l;
}

static struct rules_node *atom(struct parser *p)
{
	struct rules_pos pos = p->tok.pos;
	struct rules_node *n = NULL;
	switch (p->tok.kind) {
	case TOK_NUMBER:
		n = node(p, NODE_NUMBER, pos);
		if (dec_parse(p->tok.text, p->tok.len, &n->value) != PAGU_OK) {
			perr(p, pos, "number %.*s is out of range", (int)p->tok.len, p->tok.text);
			return NULL;
		}
		n->text = tok_str(p);
		next(p);
		return n;
	case TOK_PERCENT: {
		decimal v, hundred = dec_from_int(100);
		n = node(p, NODE_PERCENT, pos);
		if (dec_parse(p->tok.text, p->tok.len, &v) != PAGU_OK || dec_div(v, hundred, &n->value) != PAGU_OK) {
			perr(p, pos, "percent %.*s%% is out of range", (int)p->tok.len, p->tok.text);
			return NULL;
		}
		n->text = tok_str(p);
		next(p);
		if (is_word(p, "of")) {
			struct rules_node *of = node(p, NODE_PERCENT_OF, p->tok.pos);
			next(p);
			of->kid[0] = n;
			of->kid[1] = unary(p);
			return of;
		}
		return n;
	}
	case TOK_STRING:
		n = node(p, NODE_STRING, pos);
		n->text = string_value(p);
		next(p);
		return n;
	case TOK_LPAREN:
		/* nesting is counted in parentheses, nots and minus signs: what a reader sees */
		if (!enter(p))
			return NULL;
		next(p);
		n = expr(p);
		if (expect(p, TOK_RPAREN, "')'"))
			next(p);
		p->depth--;
		return n;
	case TOK_IDENT:
		if (is_word(p, "known")) {
			/* known table(keys): whether the table has a row for them */
			next(p);
			if (!expect(p, TOK_IDENT, "a table lookup after known, like known batas(tahun)"))
				return NULL;
			struct rules_node *call = atom(p);
			if (!call || p->failed)
				return NULL;
			if (call->kind != NODE_CALL) {
				perr(p, call->pos, "expected a table lookup after known, like known batas(tahun)");
				return NULL;
			}
			n = node(p, NODE_KNOWN, pos);
			n->kid[0] = call;
			return n;
		}
		if (is_word(p, "sum") || is_word(p, "count") || is_word(p, "min") || is_word(p, "max")) {
			n = node(p, NODE_AGG, pos);
			n->text = tok_str(p);
			next(p);
			if (!expect(p, TOK_LPAREN, arena_printf(p->a, "'(' after %s", n->text)))
				return NULL;
			next(p);
			if (!expect(p, TOK_IDENT, "the set to aggregate (belanja, pendapatan, pembiayaan, ...)"))
				return NULL;
			struct rules_node *set = node(p, NODE_NAME, p->tok.pos);
			set->text = tok_str(p);
			n->kid[0] = set;
			next(p);
			if (is_word(p, "where")) {
				next(p);
				n->kid[1] = filter(p);
			}
			if (expect(p, TOK_RPAREN, "')' or where"))
				next(p);
			return n;
		}
		if (is_reserved(p)) {
			perr(p, pos, "expected a value, found the keyword '%.*s'", (int)p->tok.len, p->tok.text);
			return NULL;
		}
		n = node(p, NODE_NAME, pos);
		n->text = tok_str(p);
		next(p);
		if (p->tok.kind == TOK_LPAREN) {
			/* a parameter table lookup: name(key, ...) */
			n->kind = NODE_CALL;
			if (!enter(p))
				return NULL;
			next(p);
			for (;;) {
				if (n->nargs == RULES_MAX_KEYS) {
					perr(p, p->tok.pos, "more than %d keys in a table lookup", RULES_MAX_KEYS);
					return NULL;
				}
				n->args[n->nargs++] = expr(p);
				if (p->failed)
					return NULL;
				if (p->tok.kind != TOK_COMMA)
					break;
				next(p);
			}
			if (expect(p, TOK_RPAREN, "')' or ','"))
				next(p);
			p->depth--;
		}
		return n;
	default:
		perr(p, pos, "expected a value, found %s", found(p));
		return NULL;
	}
}

static struct rules_node *post(struct parser *p)
{
	return atom(p);
}

static struct rules_node *unary(struct parser *p)
{
	if (p->tok.kind != TOK_MINUS)
		return post(p);
	if (!enter(p))
		return NULL;
	struct rules_node *n = node(p, NODE_NEG, p->tok.pos);
	next(p);
	n->kid[0] = unary(p);
	p->depth--;
	return n;
}

static struct rules_node *binary(struct parser *p, struct rules_node *l, const char *op,
				 struct rules_node *(*rhs)(struct parser *))
{
	struct rules_node *n = node(p, NODE_BINARY, p->tok.pos);
	n->text = op;
	next(p);
	n->kid[0] = l;
	n->kid[1] = rhs(p);
	return n;
}

static struct rules_node *prod(struct parser *p)
{
	struct rules_node *l = unary(p);
	while (!p->failed && (p->tok.kind == TOK_STAR || p->tok.kind == TOK_SLASH))
		l = binary(p, l, p->tok.kind == TOK_STAR ? "*" : "/", unary);
	return l;
}

static struct rules_node *sum(struct parser *p)
{
	struct rules_node *l = prod(p);
	while (!p->failed && (p->tok.kind == TOK_PLUS || p->tok.kind == TOK_MINUS))
		l = binary(p, l, p->tok.kind == TOK_PLUS ? "+" : "-", prod);
	return l;
}

static struct rules_node *cmp(struct parser *p)
{
	struct rules_node *l = sum(p);
	static const struct {
		enum rules_tok t;
		const char *op;
	} ops[] = { { TOK_LT, "<" },  { TOK_LE, "<=" }, { TOK_GT, ">" },
		    { TOK_GE, ">=" }, { TOK_EQ, "==" }, { TOK_NE, "!=" } };
	for (size_t i = 0; !p->failed && i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (p->tok.kind == ops[i].t) {
			l = binary(p, l, ops[i].op, sum);
			if (!p->failed && (p->tok.kind >= TOK_EQ && p->tok.kind <= TOK_GE))
				perr(p, p->tok.pos, "comparisons do not chain: write a <= b and b <= c");
			break;
		}
	}
	return l;
}

static struct rules_node *not_e(struct parser *p)
{
	if (!is_word(p, "not"))
		return cmp(p);
	if (!enter(p))
		return NULL;
	struct rules_node *n = node(p, NODE_NOT, p->tok.pos);
	next(p);
	n->kid[0] = not_e(p);
	p->depth--;
	return n;
}

static struct rules_node *and_e(struct parser *p)
{
	struct rules_node *l = not_e(p);
	while (!p->failed && is_word(p, "and"))
		l = binary(p, l, "and", not_e);
	return l;
}

static struct rules_node *expr(struct parser *p)
{
	struct rules_node *l = and_e(p);
	while (!p->failed && is_word(p, "or"))
		l = binary(p, l, "or", and_e);
	/* "as percent" shows the whole expression before it as a percent */
	if (!p->failed && is_word(p, "as")) {
		struct rules_node *as = node(p, NODE_AS_PERCENT, p->tok.pos);
		next(p);
		if (!is_word(p, "percent")) {
			perr(p, p->tok.pos, "expected percent after as, found %s", found(p));
			return NULL;
		}
		next(p);
		as->kid[0] = l;
		l = as;
	}
	return l;
}

const char *rules_severity_name(enum rules_severity s)
{
	return s == RULES_ERROR ? "error" : s == RULES_FINDING ? "finding" : "warning";
}

static bool severity_word(struct parser *p, enum rules_severity *sev)
{
	if (is_word(p, "error") || is_word(p, "warning") || is_word(p, "finding")) {
		*sev = is_word(p, "error") ? RULES_ERROR : is_word(p, "finding") ? RULES_FINDING : RULES_WARNING;
		next(p);
		return true;
	}
	perr(p, p->tok.pos, "expected error, warning or finding, found %s", found(p));
	return false;
}

static const char *once(struct parser *p, const char *have, const char *clause, struct rules_pos pos)
{
	if (have)
		perr(p, pos, "%s given twice in one rule", clause);
	return have;
}

/*
 * Splits message @m (escapes resolved; it came from the token at @pos) into text and
 * {expr} parts, parsing each expression with a parser of its own over the hole.
 */
static void parse_template(struct parser *p, struct rules_rule *r, const char *m, struct rules_pos pos)
{
	size_t n = strlen(m);
	char *lit = arena_alloc(p->a, n + 1);
	size_t lo = 0;
	for (size_t i = 0; i < n && !p->failed;) {
		/* the column of m[i]: the opening quote, then one per byte (ASCII messages are exact) */
		struct rules_pos here = { pos.line, pos.col + 1 + (int)i };
		if (m[i] == '{' && i + 1 < n && m[i + 1] == '{') {
			lit[lo++] = '{';
			i += 2;
		} else if (m[i] == '}' && i + 1 < n && m[i + 1] == '}') {
			lit[lo++] = '}';
			i += 2;
		} else if (m[i] == '}') {
			perr(p, here, "'}' without its '{' in the message (write }} for a literal brace)");
		} else if (m[i] == '{') {
			const char *close = strchr(m + i + 1, '}');
			if (!close) {
				perr(p, here, "'{' without its '}' in the message (write {{ for a literal brace)");
				break;
			}
			if (r->nmsg + 2 > RULES_MAX_TMPL_PARTS) {
				perr(p, here, "more than %d parts in a message", RULES_MAX_TMPL_PARTS);
				break;
			}
			if (lo) {
				r->msg[r->nmsg++].text = arena_strndup(p->a, lit, lo);
				lo = 0;
			}
			struct parser sub = { .a = p->a, .err = p->err };
			size_t hl = (size_t)(close - (m + i + 1));
			rules_lexer_init(&sub.lx, p->lx.file, m + i + 1, hl);
			sub.lx.pos.line = here.line;
			sub.lx.pos.col = here.col + 1;
			next(&sub);
			struct rules_node *e = expr(&sub);
			if (!sub.failed && sub.tok.kind != TOK_EOF)
				perr(&sub, sub.tok.pos, "expected '}' after the expression, found %s", found(&sub));
			if (!sub.failed && !e)
				perr(&sub, here, "empty {} in the message");
			if (sub.failed) {
				p->failed = true;
				break;
			}
			r->msg[r->nmsg].text = NULL;
			r->msg[r->nmsg++].expr = e;
			i += hl + 2;
		} else {
			lit[lo++] = m[i++];
		}
	}
	if (!p->failed && lo) {
		if (r->nmsg == RULES_MAX_TMPL_PARTS)
			perr(p, pos, "more than %d parts in a message", RULES_MAX_TMPL_PARTS);
		else
			r->msg[r->nmsg++].text = arena_strndup(p->a, lit, lo);
	}
}

static void parse_rule(struct parser *p, struct rules_rule *r)
{
	r->pos = p->tok.pos;
	next(p); /* 'rule' */
	if (!expect(p, TOK_IDENT, "the rule's id"))
		return;
	if (is_reserved(p)) {
		perr(p, p->tok.pos, "the rule's id cannot be the keyword '%.*s'", (int)p->tok.len, p->tok.text);
		return;
	}
	r->id = tok_str(p);
	next(p);
	if (!expect(p, TOK_STRING, "the rule's title in quotes"))
		return;
	r->title = string_value(p);
	next(p);
	bool have_sev = false;
	while (!p->failed && p->tok.kind != TOK_EOF && !is_word(p, "rule") && !is_word(p, "table") &&
	       !is_word(p, "classification")) {
		struct rules_pos pos = p->tok.pos;
		if (is_word(p, "cite") || is_word(p, "message") || is_word(p, "disabled")) {
			const char **slot = is_word(p, "cite")	    ? &r->cite
					    : is_word(p, "message") ? &r->message
								    : &r->disabled;
			const char *clause = tok_str(p);
			once(p, *slot, clause, pos);
			next(p);
			if (!expect(p, TOK_STRING, arena_printf(p->a, "a string after %s", clause)))
				return;
			*slot = string_value(p);
			if (slot == &r->message)
				parse_template(p, r, r->message, p->tok.pos);
			next(p);
		} else if (is_word(p, "on")) {
			next(p);
			for (;;) {
				if (r->nevents == RULES_MAX_EVENTS) {
					perr(p, p->tok.pos, "more than %d events", RULES_MAX_EVENTS);
					return;
				}
				struct rules_event *e = &r->events[r->nevents];
				e->pos = p->tok.pos;
				if (!expect(p, TOK_IDENT, "an event like lock apbd"))
					return;
				e->verb = tok_str(p);
				next(p);
				if (!expect(p, TOK_IDENT,
					    arena_printf(p->a, "what to %s (apbd, rka, sp2d, ...)", e->verb)))
					return;
				if (is_reserved(p)) {
					perr(p, p->tok.pos,
					     "expected what to %s (apbd, rka, sp2d, ...), found the keyword '%.*s'",
					     e->verb, (int)p->tok.len, p->tok.text);
					return;
				}
				e->object = tok_str(p);
				next(p);
				r->nevents++;
				if (p->tok.kind != TOK_COMMA)
					break;
				next(p);
			}
		} else if (is_word(p, "severity")) {
			if (have_sev)
				perr(p, pos, "severity given twice in one rule");
			have_sev = true;
			next(p);
			if (!severity_word(p, &r->severity))
				return;
			if (is_word(p, "from")) {
				next(p);
				if (!expect(p, TOK_NUMBER, "a year after from"))
					return;
				decimal y;
				int64_t year = 0;
				if (dec_parse(p->tok.text, p->tok.len, &y) != PAGU_OK || y.scale || y.coef < 2000 ||
				    y.coef > 2100) {
					perr(p, p->tok.pos, "year %.*s is not a year from 2000 to 2100",
					     (int)p->tok.len, p->tok.text);
					return;
				}
				year = (int64_t)y.coef;
				r->from_year = (int)year;
				next(p);
				if (!expect(p, TOK_COMMA, "',' and the severity before that year"))
					return;
				next(p);
				if (!severity_word(p, &r->before_severity))
					return;
				if (!is_word(p, "before")) {
					perr(p, p->tok.pos, "expected before, found %s", found(p));
					return;
				}
				next(p);
			}
		} else if (is_word(p, "applies")) {
			if (r->applies)
				perr(p, pos, "applies given twice in one rule");
			next(p);
			r->applies = expr(p);
		} else if (is_word(p, "let")) {
			next(p);
			if (r->nlets == RULES_MAX_LETS) {
				perr(p, pos, "more than %d lets in one rule", RULES_MAX_LETS);
				return;
			}
			struct rules_let *l = &r->lets[r->nlets];
			l->pos = p->tok.pos;
			if (!expect(p, TOK_IDENT, "a name after let"))
				return;
			if (is_reserved(p)) {
				perr(p, p->tok.pos, "'%.*s' is a keyword and cannot be a name", (int)p->tok.len,
				     p->tok.text);
				return;
			}
			l->name = tok_str(p);
			for (int i = 0; i < r->nlets; i++)
				if (!strcmp(r->lets[i].name, l->name))
					perr(p, l->pos, "%s is defined twice", l->name);
			next(p);
			if (!expect(p, TOK_ASSIGN, "'='"))
				return;
			next(p);
			l->expr = expr(p);
			r->nlets++;
		} else if (is_word(p, "for")) {
			if (r->for_each)
				perr(p, pos, "for each given twice in one rule");
			r->for_pos = pos;
			next(p);
			if (!is_word(p, "each")) {
				perr(p, p->tok.pos, "expected each after for, found %s", found(p));
				return;
			}
			next(p);
			if (!is_word(p, "sub_kegiatan") && !is_word(p, "opd") && !is_word(p, "sumber_dana") &&
			    !is_word(p, "baris")) {
				perr(p, p->tok.pos,
				     "expected what to check each of (sub_kegiatan, opd, sumber_dana or baris), found "
				     "%s",
				     found(p));
				return;
			}
			r->for_each = tok_str(p);
			next(p);
			if (is_word(p, "where")) {
				next(p);
				r->for_filter = filter(p);
			}
		} else if (is_word(p, "assert")) {
			if (r->assert_expr)
				perr(p, pos, "assert given twice in one rule: combine the conditions with and");
			next(p);
			r->assert_expr = expr(p);
		} else {
			perr(p, pos,
			     "expected a clause (cite, on, severity, applies, for each, let, assert, message, "
			     "disabled), found "
			     "%s",
			     found(p));
			return;
		}
	}
	if (p->failed)
		return;
	if (!r->nevents)
		perr(p, r->pos, "rule %s has no on clause: say which events it checks", r->id);
	else if (!have_sev)
		perr(p, r->pos, "rule %s has no severity", r->id);
	else if (!r->assert_expr)
		perr(p, r->pos, "rule %s has no assert", r->id);
	else if (!r->message)
		perr(p, r->pos, "rule %s has no message", r->id);
	else if (!r->cite)
		perr(p, r->pos, "rule %s has no cite: say which regulation it comes from", r->id);
}

static bool same_key(const struct rules_key *a, const struct rules_key *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == KEY_NUMBER)
		return dec_cmp(a->number, b->number) == 0;
	if (a->kind == KEY_STRING)
		return !strcmp(a->string, b->string);
	return true;
}

static void parse_table(struct parser *p, struct rules_table *t)
{
	t->pos = p->tok.pos;
	next(p); /* 'table' */
	if (!expect(p, TOK_IDENT, "the table's name"))
		return;
	if (is_reserved(p)) {
		perr(p, p->tok.pos, "the table's name cannot be the keyword '%.*s'", (int)p->tok.len, p->tok.text);
		return;
	}
	t->name = tok_str(p);
	next(p);
	if (!expect(p, TOK_STRING, "the table's title in quotes"))
		return;
	t->title = string_value(p);
	next(p);
	if (is_word(p, "cite")) {
		next(p);
		if (!expect(p, TOK_STRING, "a string after cite"))
			return;
		t->cite = string_value(p);
		next(p);
	}
	if (!is_word(p, "key")) {
		perr(p, p->tok.pos, "expected key and the names of the table's keys, found %s", found(p));
		return;
	}
	next(p);
	for (;;) {
		if (t->nkeys == RULES_MAX_KEYS) {
			perr(p, p->tok.pos, "more than %d keys in a table", RULES_MAX_KEYS);
			return;
		}
		if (!expect(p, TOK_IDENT, "a key name"))
			return;
		t->keys[t->nkeys++] = tok_str(p);
		next(p);
		if (p->tok.kind != TOK_COMMA)
			break;
		next(p);
	}
	int cap = 8;
	t->rows = arena_alloc(p->a, sizeof(*t->rows) * (size_t)cap);
	while (!p->failed && is_word(p, "row")) {
		if (t->nrows == RULES_MAX_ROWS) {
			perr(p, p->tok.pos, "more than %d rows in a table", RULES_MAX_ROWS);
			return;
		}
		if (t->nrows == cap) {
			struct rules_row *nr = arena_alloc(p->a, sizeof(*nr) * (size_t)cap * 2);
			memcpy(nr, t->rows, sizeof(*nr) * (size_t)cap);
			t->rows = nr;
			cap *= 2;
		}
		struct rules_row *row = &t->rows[t->nrows];
		memset(row, 0, sizeof(*row));
		row->pos = p->tok.pos;
		next(p);
		for (int k = 0; k < t->nkeys; k++) {
			struct rules_key *key = &row->keys[k];
			struct rules_pos kpos = p->tok.pos;
			if (k) {
				if (!expect(p, TOK_COMMA, arena_printf(p->a, "',' and %d keys in the row", t->nkeys)))
					return;
				next(p);
				kpos = p->tok.pos;
			}
			if (p->tok.kind == TOK_NUMBER) {
				key->kind = KEY_NUMBER;
				if (dec_parse(p->tok.text, p->tok.len, &key->number) != PAGU_OK) {
					perr(p, kpos, "number %.*s is out of range", (int)p->tok.len, p->tok.text);
					return;
				}
			} else if (p->tok.kind == TOK_STRING) {
				key->kind = KEY_STRING;
				key->string = string_value(p);
			} else if (p->tok.kind == TOK_STAR) {
				key->kind = KEY_ANY;
			} else {
				perr(p, kpos, "expected a key (a number, a string or *), found %s", found(p));
				return;
			}
			/* a column holds numbers or strings, not both */
			for (int r = 0; r < t->nrows; r++) {
				const struct rules_key *o = &t->rows[r].keys[k];
				if (o->kind != KEY_ANY && key->kind != KEY_ANY && o->kind != key->kind) {
					perr(p, kpos, "key %s holds %s in earlier rows", t->keys[k],
					     o->kind == KEY_NUMBER ? "numbers" : "strings");
					return;
				}
			}
			next(p);
		}
		if (!expect(p, TOK_ASSIGN, "'=' and the row's value"))
			return;
		next(p);
		bool neg = false;
		if (p->tok.kind == TOK_MINUS) {
			neg = true;
			next(p);
		}
		if (p->tok.kind != TOK_NUMBER && p->tok.kind != TOK_PERCENT) {
			perr(p, p->tok.pos, "expected the row's value (a number or a percent), found %s", found(p));
			return;
		}
		if (dec_parse(p->tok.text, p->tok.len, &row->value) != PAGU_OK ||
		    (p->tok.kind == TOK_PERCENT && dec_div(row->value, dec_from_int(100), &row->value) != PAGU_OK)) {
			perr(p, p->tok.pos, "value %.*s is out of range", (int)p->tok.len, p->tok.text);
			return;
		}
		if (neg)
			row->value = dec_neg(row->value);
		next(p);
		for (int r = 0; r < t->nrows; r++) {
			bool same = true;
			for (int k = 0; k < t->nkeys; k++)
				same &= same_key(&t->rows[r].keys[k], &row->keys[k]);
			if (same) {
				perr(p, row->pos, "the same keys as the row on line %d", t->rows[r].pos.line);
				return;
			}
		}
		t->nrows++;
	}
	if (!p->failed && !t->nrows)
		perr(p, t->pos, "table %s has no rows", t->name);
}

/* A pattern of a classification row, written as a string; NULL after an error. */
static const char *class_pattern(struct parser *p, struct code_pattern *out, const char *what)
{
	if (!expect(p, TOK_STRING, arena_printf(p->a, "the %s pattern in quotes (like \"5.2.*\" or \"*\")", what)))
		return NULL;
	const char *s = string_value(p);
	char why[160];
	if (pattern_parse_wild(s, strlen(s), out, why, sizeof(why)) != PAGU_OK) {
		perr(p, p->tok.pos, "%s", why);
		return NULL;
	}
	next(p);
	return s;
}

static void parse_class(struct parser *p, struct rules_class *c)
{
	c->pos = p->tok.pos;
	next(p); /* 'classification' */
	if (!expect(p, TOK_IDENT, "the classification's name"))
		return;
	if (is_reserved(p)) {
		perr(p, p->tok.pos, "the classification's name cannot be the keyword '%.*s'", (int)p->tok.len,
		     p->tok.text);
		return;
	}
	c->name = tok_str(p);
	next(p);
	if (!expect(p, TOK_STRING, "the classification's title in quotes"))
		return;
	c->title = string_value(p);
	next(p);
	if (is_word(p, "cite")) {
		next(p);
		if (!expect(p, TOK_STRING, "a string after cite"))
			return;
		c->cite = string_value(p);
		next(p);
	}
	int cap = 8;
	c->rows = arena_alloc(p->a, sizeof(*c->rows) * (size_t)cap);
	while (!p->failed && is_word(p, "row")) {
		if (c->nrows == RULES_MAX_ROWS) {
			perr(p, p->tok.pos, "more than %d rows in a classification", RULES_MAX_ROWS);
			return;
		}
		if (c->nrows == cap) {
			struct rules_class_row *nr = arena_alloc(p->a, sizeof(*nr) * (size_t)cap * 2);
			memcpy(nr, c->rows, sizeof(*nr) * (size_t)cap);
			c->rows = nr;
			cap *= 2;
		}
		struct rules_class_row *row = &c->rows[c->nrows];
		memset(row, 0, sizeof(*row));
		row->pos = p->tok.pos;
		next(p);
		if (!(row->sub_text = class_pattern(p, &row->sub, "sub kegiatan")))
			return;
		if (!expect(p, TOK_COMMA, "',' and the akun pattern"))
			return;
		next(p);
		if (!(row->akun_text = class_pattern(p, &row->akun, "akun")))
			return;
		if (!is_word(p, "counts") && !is_word(p, "excluded")) {
			perr(p, p->tok.pos, "expected counts or excluded, found %s", found(p));
			return;
		}
		row->counts = is_word(p, "counts");
		next(p);
		if (!is_word(p, "dasar")) {
			perr(p, p->tok.pos, "expected dasar and the row's legal basis in quotes, found %s", found(p));
			return;
		}
		next(p);
		if (!expect(p, TOK_STRING, "the row's legal basis in quotes"))
			return;
		row->dasar = string_value(p);
		next(p);
		for (int r = 0; r < c->nrows; r++)
			if (!strcmp(c->rows[r].sub_text, row->sub_text) &&
			    !strcmp(c->rows[r].akun_text, row->akun_text)) {
				perr(p, row->pos, "the same patterns as the row on line %d", c->rows[r].pos.line);
				return;
			}
		c->nrows++;
	}
	if (!p->failed && !c->nrows)
		perr(p, c->pos, "classification %s has no rows", c->name);
}

pagu_err rules_parse(struct arena *a, const char *file, const char *src, size_t len, struct rules_file *out,
		     struct rules_error *err)
{
	struct parser p = { .a = a, .err = err };
	rules_lexer_init(&p.lx, file, src, len);
	next(&p);
	int cap = 16, n = 0;
	struct rules_rule *rules = arena_alloc(a, sizeof(*rules) * (size_t)cap);
	struct rules_table *tables = arena_alloc(a, sizeof(*tables) * RULES_MAX_TABLES);
	int ntables = 0;
	struct rules_class *classes = arena_alloc(a, sizeof(*classes) * RULES_MAX_CLASSES);
	int nclasses = 0;
	while (!p.failed && p.tok.kind != TOK_EOF) {
		if (is_word(&p, "classification")) {
			if (nclasses == RULES_MAX_CLASSES) {
				perr(&p, p.tok.pos, "more than %d classifications in one file", RULES_MAX_CLASSES);
				break;
			}
			memset(&classes[nclasses], 0, sizeof(classes[nclasses]));
			parse_class(&p, &classes[nclasses]);
			for (int i = 0; i < nclasses && !p.failed; i++)
				if (!strcmp(classes[i].name, classes[nclasses].name))
					perr(&p, classes[nclasses].pos,
					     "classification %s is defined twice in this file", classes[i].name);
			nclasses++;
			continue;
		}
		if (is_word(&p, "table")) {
			if (ntables == RULES_MAX_TABLES) {
				perr(&p, p.tok.pos, "more than %d tables in one file", RULES_MAX_TABLES);
				break;
			}
			memset(&tables[ntables], 0, sizeof(tables[ntables]));
			parse_table(&p, &tables[ntables]);
			for (int i = 0; i < ntables && !p.failed; i++)
				if (!strcmp(tables[i].name, tables[ntables].name))
					perr(&p, tables[ntables].pos, "table %s is defined twice in this file",
					     tables[i].name);
			ntables++;
			continue;
		}
		if (!is_word(&p, "rule")) {
			perr(&p, p.tok.pos, "expected rule, table or classification, found %s", found(&p));
			break;
		}
		if (n == RULES_MAX_RULES) {
			perr(&p, p.tok.pos, "more than %d rules in one file", RULES_MAX_RULES);
			break;
		}
		if (n == cap) {
			struct rules_rule *nr = arena_alloc(a, sizeof(*nr) * (size_t)cap * 2);
			memcpy(nr, rules, sizeof(*nr) * (size_t)cap);
			rules = nr;
			cap *= 2;
		}
		memset(&rules[n], 0, sizeof(rules[n]));
		parse_rule(&p, &rules[n]);
		n++;
	}
	if (p.failed)
		return PAGU_E_INVALID;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (!strcmp(rules[i].id, rules[j].id)) {
				perr(&p, rules[i].pos, "rule %s is defined twice in this file", rules[i].id);
				return PAGU_E_INVALID;
			}
	out->rules = rules;
	out->nrules = n;
	out->tables = tables;
	out->ntables = ntables;
	out->classes = classes;
	out->nclasses = nclasses;
	return PAGU_OK;
}

const char *rules_node_sexpr(struct arena *a, const struct rules_node *n)
{
	if (!n)
		return "nil";
	char buf[DEC_STR_MAX];
	switch (n->kind) {
	case NODE_NUMBER:
		dec_format(n->value, buf);
		return arena_strdup(a, buf);
	case NODE_PERCENT:
		dec_format(n->value, buf);
		return arena_printf(a, "(%% %s)", buf);
	case NODE_STRING:
		return arena_printf(a, "\"%s\"", n->text);
	case NODE_NAME:
		return n->text;
	case NODE_AGG:
		return arena_printf(a, "(%s %s%s%s)", n->text, rules_node_sexpr(a, n->kid[0]), n->kid[1] ? " " : "",
				    n->kid[1] ? rules_node_sexpr(a, n->kid[1]) : "");
	case NODE_BINARY:
		return arena_printf(a, "(%s %s %s)", n->text, rules_node_sexpr(a, n->kid[0]),
				    rules_node_sexpr(a, n->kid[1]));
	case NODE_NOT:
		return arena_printf(a, "(not %s)", rules_node_sexpr(a, n->kid[0]));
	case NODE_NEG:
		return arena_printf(a, "(neg %s)", rules_node_sexpr(a, n->kid[0]));
	case NODE_PERCENT_OF:
		return arena_printf(a, "(of %s %s)", rules_node_sexpr(a, n->kid[0]), rules_node_sexpr(a, n->kid[1]));
	case NODE_AS_PERCENT:
		return arena_printf(a, "(as-percent %s)", rules_node_sexpr(a, n->kid[0]));
	case NODE_FILTER_AND:
		return arena_printf(a, "(and %s %s)", rules_node_sexpr(a, n->kid[0]), rules_node_sexpr(a, n->kid[1]));
	case NODE_FILTER_OR:
		return arena_printf(a, "(or %s %s)", rules_node_sexpr(a, n->kid[0]), rules_node_sexpr(a, n->kid[1]));
	case NODE_FILTER_NOT:
		return arena_printf(a, "(not %s)", rules_node_sexpr(a, n->kid[0]));
	case NODE_FILTER_CODE:
		return arena_printf(a, "(%s %s%s)", n->text, n->pattern.prefix, n->pattern.subtree ? ".*" : "");
	case NODE_KNOWN:
		return arena_printf(a, "(known %s)", rules_node_sexpr(a, n->kid[0]));
	case NODE_FILTER_TAG:
		return arena_printf(a, "(%s %s)", n->national ? "default_tag" : "tag", n->text);
	case NODE_CALL: {
		const char *s = arena_printf(a, "(%s", n->text);
		for (int i = 0; i < n->nargs; i++)
			s = arena_printf(a, "%s %s", s, rules_node_sexpr(a, n->args[i]));
		return arena_printf(a, "%s)", s);
	}
	}
	return "?";
}
