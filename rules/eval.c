/* eval.c - static checks and evaluation of rules over budget lines, in exact decimals. */
#include "eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum ty { TY_NUM, TY_BOOL, TY_STR, TY_BAD };

static const char *const events[][2] = {
	{ "submit", "rkpd" },	  { "verify", "rkpd" },	   { "lock", "rkpd" },	 { "submit", "kua_ppas" },
	{ "verify", "kua_ppas" }, { "lock", "kua_ppas" },  { "submit", "rka" },	 { "verify", "rka" },
	{ "lock", "rka" },	  { "submit", "apbd" },	   { "verify", "apbd" }, { "lock", "apbd" },
	{ "submit", "dpa" },	  { "verify", "dpa" },	   { "lock", "dpa" },	 { "post", "sp2d" },
	{ "post", "sts" },	  { "close", "triwulan" },
};

static const struct {
	const char *name;
	const char *prefix; /* akun prefix of the set */
} sets[] = {
	{ "belanja", "5" },
	{ "pendapatan", "4" },
	{ "pembiayaan", "6" },
	{ "penerimaan_pembiayaan", "6.1" },
	{ "pengeluaran_pembiayaan", "6.2" },
};

static const char *ty_name(enum ty t)
{
	return t == TY_NUM ? "a number" : t == TY_BOOL ? "a truth value" : "a string";
}

struct checker {
	const char *file;
	struct rules_error *err;
	const struct rules_rule *rule;
	int nlets; /* lets visible so far */
	bool failed;
};

static void cerr(struct checker *c, struct rules_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cerr(struct checker *c, struct rules_pos pos, const char *fmt, ...)
{
	if (c->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err->message, sizeof(c->err->message), fmt, ap);
	va_end(ap);
	c->err->file = c->file;
	c->err->pos = pos;
	c->failed = true;
}

static bool set_known(const char *name)
{
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (!strcmp(sets[i].name, name))
			return true;
	return false;
}

static enum ty check(struct checker *c, const struct rules_node *n)
{
	if (!n || c->failed)
		return TY_BAD;
	switch (n->kind) {
	case NODE_NUMBER:
	case NODE_PERCENT:
		return TY_NUM;
	case NODE_STRING:
		return TY_STR;
	case NODE_NAME:
		if (!strcmp(n->text, "tahun"))
			return TY_NUM;
		for (int i = 0; i < c->nlets; i++)
			if (!strcmp(c->rule->lets[i].name, n->text))
				return TY_NUM;
		for (int i = c->nlets; i < c->rule->nlets; i++)
			if (!strcmp(c->rule->lets[i].name, n->text)) {
				cerr(c, n->pos, "%s is used before its let", n->text);
				return TY_BAD;
			}
		cerr(c, n->pos, "unknown name %s (not a let of this rule, nor tahun)", n->text);
		return TY_BAD;
	case NODE_AGG:
		if (!set_known(n->kid[0]->text)) {
			cerr(c, n->kid[0]->pos,
			     "unknown set %s (belanja, pendapatan, pembiayaan, penerimaan_pembiayaan, "
			     "pengeluaran_pembiayaan)",
			     n->kid[0]->text);
			return TY_BAD;
		}
		return TY_NUM;
	case NODE_PERCENT_OF:
	case NODE_AS_PERCENT:
	case NODE_NEG: {
		const struct rules_node *k = n->kind == NODE_PERCENT_OF ? n->kid[1] : n->kid[0];
		enum ty t = check(c, k);
		if (t != TY_NUM && t != TY_BAD)
			cerr(c, k->pos, "expected a number here, not %s", ty_name(t));
		return TY_NUM;
	}
	case NODE_NOT: {
		enum ty t = check(c, n->kid[0]);
		if (t != TY_BOOL && t != TY_BAD)
			cerr(c, n->kid[0]->pos, "not needs a truth value, not %s", ty_name(t));
		return TY_BOOL;
	}
	case NODE_BINARY: {
		enum ty l = check(c, n->kid[0]), r = check(c, n->kid[1]);
		if (l == TY_BAD || r == TY_BAD)
			return TY_BAD;
		const char *op = n->text;
		if (!strcmp(op, "and") || !strcmp(op, "or")) {
			if (l != TY_BOOL || r != TY_BOOL)
				cerr(c, (l != TY_BOOL ? n->kid[0] : n->kid[1])->pos,
				     "%s needs truth values on both sides, not %s", op, ty_name(l != TY_BOOL ? l : r));
			return TY_BOOL;
		}
		if (!strcmp(op, "==") || !strcmp(op, "!=")) {
			if (l != r)
				cerr(c, n->pos, "cannot compare %s with %s", ty_name(l), ty_name(r));
			return TY_BOOL;
		}
		if (l != TY_NUM || r != TY_NUM)
			cerr(c, (l != TY_NUM ? n->kid[0] : n->kid[1])->pos, "%s needs numbers on both sides, not %s",
			     op, ty_name(l != TY_NUM ? l : r));
		return op[0] == '<' || op[0] == '>' ? TY_BOOL : TY_NUM;
	}
	default:
		return TY_BAD;
	}
}

pagu_err rules_check(const struct rules_file *f, const char *file, struct rules_error *err)
{
	struct checker c = { .file = file, .err = err };
	for (int i = 0; i < f->nrules && !c.failed; i++) {
		const struct rules_rule *r = &f->rules[i];
		c.rule = r;
		for (int e = 0; e < r->nevents; e++) {
			bool known = false;
			for (size_t k = 0; k < sizeof(events) / sizeof(events[0]); k++)
				known |= !strcmp(events[k][0], r->events[e].verb) &&
					 !strcmp(events[k][1], r->events[e].object);
			if (!known)
				cerr(&c, r->events[e].pos, "unknown event %s %s", r->events[e].verb,
				     r->events[e].object);
		}
		c.nlets = 0;
		if (r->applies && check(&c, r->applies) != TY_BOOL)
			cerr(&c, r->applies->pos, "applies needs a truth value");
		for (int l = 0; l < r->nlets && !c.failed; l++) {
			enum ty t = check(&c, r->lets[l].expr);
			if (t != TY_NUM && t != TY_BAD)
				cerr(&c, r->lets[l].expr->pos, "let %s must be a number, not %s", r->lets[l].name,
				     ty_name(t));
			c.nlets = l + 1;
		}
		for (int m = 0; m < r->nmsg && !c.failed; m++) {
			if (!r->msg[m].expr)
				continue;
			enum ty t = check(&c, r->msg[m].expr);
			if (t != TY_NUM && t != TY_BAD)
				cerr(&c, r->msg[m].expr->pos, "a message hole must be a number, not %s", ty_name(t));
		}
		if (!c.failed && check(&c, r->assert_expr) != TY_BOOL)
			cerr(&c, r->assert_expr->pos,
			     "assert needs a truth value (a comparison), not a number or string");
	}
	return c.failed ? PAGU_E_INVALID : PAGU_OK;
}

/* ---- evaluation ---- */

struct evaluator {
	const char *file;
	struct rules_error *err;
	const struct rules_rule *rule;
	const struct rules_facts *facts;
	decimal *lets;
	long steps;
	bool failed;
};

struct value {
	enum ty t;
	decimal d;
	bool b;
};

static void eerr(struct evaluator *e, struct rules_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void eerr(struct evaluator *e, struct rules_pos pos, const char *fmt, ...)
{
	if (e->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->err->message, sizeof(e->err->message), fmt, ap);
	va_end(ap);
	e->err->file = e->file;
	e->err->pos = pos;
	e->failed = true;
}

static bool code_under(const char *code, const char *prefix)
{
	size_t n = strlen(prefix);
	return code && !strncmp(code, prefix, n) && (code[n] == '\0' || code[n] == '.');
}

static bool filter_match(const struct rules_node *n, const struct rules_fact_line *l)
{
	switch (n->kind) {
	case NODE_FILTER_AND:
		return filter_match(n->kid[0], l) && filter_match(n->kid[1], l);
	case NODE_FILTER_OR:
		return filter_match(n->kid[0], l) || filter_match(n->kid[1], l);
	case NODE_FILTER_NOT:
		return !filter_match(n->kid[0], l);
	case NODE_FILTER_CODE: {
		const char *v = !strcmp(n->text, "akun")	  ? l->akun
				: !strcmp(n->text, "sumber_dana") ? l->sumber_dana
				: !strcmp(n->text, "opd")	  ? l->opd
								  : l->sub_kegiatan; /* urusan, bidang */
		return v && pattern_match(&n->pattern, v);
	}
	default:
		return false;
	}
}

static struct value eval(struct evaluator *e, const struct rules_node *n);

static struct value num(decimal d)
{
	struct value v = { .t = TY_NUM, .d = d };
	return v;
}

static struct value boolean(bool b)
{
	struct value v = { .t = TY_BOOL, .b = b };
	return v;
}

static struct value aggregate(struct evaluator *e, const struct rules_node *n)
{
	const char *prefix = NULL;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (!strcmp(sets[i].name, n->kid[0]->text))
			prefix = sets[i].prefix;
	decimal acc = dec_from_int(0);
	int64_t count = 0;
	bool any = false;
	for (size_t i = 0; i < e->facts->n && !e->failed; i++) {
		const struct rules_fact_line *l = &e->facts->lines[i];
		if (++e->steps > RULES_MAX_STEPS) {
			eerr(e, n->pos, "evaluation ran out of its step budget (%ld)", RULES_MAX_STEPS);
			break;
		}
		if (!code_under(l->akun, prefix) || (n->kid[1] && !filter_match(n->kid[1], l)))
			continue;
		decimal v = dec_from_sen(l->jumlah);
		count++;
		if (!strcmp(n->text, "sum")) {
			if (dec_add(acc, v, &acc) != PAGU_OK)
				eerr(e, n->pos, "sum overflows");
		} else if (!any || (!strcmp(n->text, "min") ? dec_cmp(v, acc) < 0 : dec_cmp(v, acc) > 0)) {
			acc = v;
		}
		any = true;
	}
	if (!strcmp(n->text, "count"))
		return num(dec_from_int(count));
	if (!any && (!strcmp(n->text, "min") || !strcmp(n->text, "max")))
		eerr(e, n->pos, "%s of no lines has no value", n->text);
	return num(acc);
}

static struct value eval(struct evaluator *e, const struct rules_node *n)
{
	struct value bad = { .t = TY_BAD };
	if (e->failed)
		return bad;
	if (++e->steps > RULES_MAX_STEPS) {
		eerr(e, n->pos, "evaluation ran out of its step budget (%ld)", RULES_MAX_STEPS);
		return bad;
	}
	switch (n->kind) {
	case NODE_NUMBER:
	case NODE_PERCENT:
		return num(n->value);
	case NODE_STRING: {
		struct value v = { .t = TY_STR };
		return v;
	}
	case NODE_NAME:
		if (!strcmp(n->text, "tahun"))
			return num(dec_from_int(e->facts->tahun));
		for (int i = 0; i < e->rule->nlets; i++)
			if (!strcmp(e->rule->lets[i].name, n->text))
				return num(e->lets[i]);
		eerr(e, n->pos, "unknown name %s", n->text);
		return bad;
	case NODE_AGG:
		return aggregate(e, n);
	case NODE_NEG: {
		struct value v = eval(e, n->kid[0]);
		return num(dec_neg(v.d));
	}
	case NODE_AS_PERCENT: /* a ratio shown as percent: the value itself; formatting happens in messages */
		return eval(e, n->kid[0]);
	case NODE_PERCENT_OF: {
		struct value p = eval(e, n->kid[0]), b = eval(e, n->kid[1]);
		decimal r;
		if (!e->failed && dec_mul(p.d, b.d, &r) != PAGU_OK)
			eerr(e, n->pos, "percent of the value overflows");
		return e->failed ? bad : num(r);
	}
	case NODE_NOT: {
		struct value v = eval(e, n->kid[0]);
		return boolean(!v.b);
	}
	case NODE_BINARY: {
		const char *op = n->text;
		struct value l = eval(e, n->kid[0]);
		if (e->failed)
			return bad;
		/* short-circuit, left to right */
		if (!strcmp(op, "and") && !l.b)
			return boolean(false);
		if (!strcmp(op, "or") && l.b)
			return boolean(true);
		struct value r = eval(e, n->kid[1]);
		if (e->failed)
			return bad;
		if (!strcmp(op, "and") || !strcmp(op, "or"))
			return boolean(r.b);
		if (l.t == TY_BOOL)
			return boolean(!strcmp(op, "==") ? l.b == r.b : l.b != r.b);
		if (l.t == TY_STR) {
			eerr(e, n->pos, "strings cannot be compared yet");
			return bad;
		}
		decimal d;
		pagu_err pe = PAGU_OK;
		switch (op[0]) {
		case '+':
			pe = dec_add(l.d, r.d, &d);
			break;
		case '-':
			pe = dec_sub(l.d, r.d, &d);
			break;
		case '*':
			pe = dec_mul(l.d, r.d, &d);
			break;
		case '/':
			if (dec_is_zero(r.d)) {
				eerr(e, n->pos, "division by zero");
				return bad;
			}
			pe = dec_div(l.d, r.d, &d);
			break;
		default: {
			int c = dec_cmp(l.d, r.d);
			bool res = !strcmp(op, "<")    ? c < 0
				   : !strcmp(op, "<=") ? c <= 0
				   : !strcmp(op, ">")  ? c > 0
				   : !strcmp(op, ">=") ? c >= 0
				   : !strcmp(op, "==") ? c == 0
						       : c != 0;
			return boolean(res);
		}
		}
		if (pe != PAGU_OK) {
			eerr(e, n->pos, "arithmetic overflow");
			return bad;
		}
		return num(d);
	}
	default:
		eerr(e, n->pos, "cannot evaluate this");
		return bad;
	}
}

static bool is_money(const struct rules_rule *r, const struct rules_node *n, int depth)
{
	if (!n || depth > RULES_MAX_DEPTH)
		return false;
	switch (n->kind) {
	case NODE_AGG:
		return strcmp(n->text, "count") != 0;
	case NODE_NAME:
		for (int i = 0; i < r->nlets; i++)
			if (!strcmp(r->lets[i].name, n->text))
				return is_money(r, r->lets[i].expr, depth + 1);
		return false;
	case NODE_NEG:
	case NODE_AS_PERCENT:
		return is_money(r, n->kid[0], depth + 1);
	case NODE_PERCENT_OF:
		return is_money(r, n->kid[1], depth + 1);
	case NODE_BINARY: {
		bool l = is_money(r, n->kid[0], depth + 1), rr = is_money(r, n->kid[1], depth + 1);
		if (n->text[0] == '+' || n->text[0] == '-')
			return l || rr;
		if (n->text[0] == '*')
			return l != rr;
		if (n->text[0] == '/')
			return l && !rr;
		return false;
	}
	default:
		return false;
	}
}

static const char *render(struct arena *a, struct evaluator *e, const struct rules_rule *r)
{
	size_t cap = 64, len = 0;
	for (int i = 0; i < r->nmsg; i++)
		cap += r->msg[i].text ? strlen(r->msg[i].text) : DEC_STR_MAX;
	char *out = arena_alloc(a, cap);
	for (int i = 0; i < r->nmsg && !e->failed; i++) {
		const char *piece;
		char buf[DEC_STR_MAX];
		if (r->msg[i].text) {
			piece = r->msg[i].text;
		} else {
			const struct rules_node *n = r->msg[i].expr;
			struct value v = eval(e, n);
			if (e->failed)
				break;
			if (n->kind == NODE_AS_PERCENT)
				dec_format_percent(v.d, buf);
			else if (is_money(r, n, 0))
				dec_format_rupiah(v.d, buf);
			else {
				dec_format(v.d, buf);
				for (char *c = buf; *c; c++)
					if (*c == '.')
						*c = ',';
			}
			piece = buf;
		}
		size_t pl = strlen(piece);
		memcpy(out + len, piece, pl);
		len += pl;
	}
	out[len] = '\0';
	return out;
}

pagu_err rules_eval(struct arena *a, const struct rules_file *f, const char *file, const char *verb, const char *object,
		    const struct rules_facts *facts, struct rules_result **out, int *n, struct rules_error *err)
{
	struct rules_result *res = arena_alloc(a, sizeof(*res) * (size_t)(f->nrules ? f->nrules : 1));
	int cnt = 0;
	struct evaluator e = { .file = file, .err = err, .facts = facts };
	for (int i = 0; i < f->nrules; i++) {
		const struct rules_rule *r = &f->rules[i];
		bool fires = false;
		for (int k = 0; k < r->nevents; k++)
			fires |= !strcmp(r->events[k].verb, verb) && !strcmp(r->events[k].object, object);
		if (!fires)
			continue;
		struct rules_result *x = &res[cnt++];
		x->rule = r;
		x->error = r->from_year && facts->tahun < r->from_year ? r->before_error : r->error;
		e.rule = r;
		e.lets = x->lets;
		x->applies = !r->disabled;
		if (x->applies && r->applies) {
			struct value v = eval(&e, r->applies);
			x->applies = v.b;
		}
		if (!x->applies) {
			x->passed = true;
			continue;
		}
		for (int l = 0; l < r->nlets && !e.failed; l++)
			x->lets[l] = eval(&e, r->lets[l].expr).d;
		struct value v = eval(&e, r->assert_expr);
		if (e.failed)
			return PAGU_E_RULE;
		x->passed = v.b;
		x->message = render(a, &e, r);
		if (e.failed)
			return PAGU_E_RULE;
	}
	if (e.failed)
		return PAGU_E_RULE;
	*out = res;
	*n = cnt;
	return PAGU_OK;
}
