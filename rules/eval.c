/* eval.c - static checks and evaluation of rules over budget lines, in exact decimals. */
#include "eval.h"

#include <stdarg.h>
#include <stdlib.h>
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

static const struct set {
	const char *name;
	enum rules_fact_kind kind;
	const char *prefix; /* akun prefix of the set, NULL for any */
} sets[] = {
	{ "belanja", FACT_ANGGARAN, "5" },
	{ "pendapatan", FACT_ANGGARAN, "4" },
	{ "pembiayaan", FACT_ANGGARAN, "6" },
	{ "penerimaan_pembiayaan", FACT_ANGGARAN, "6.1" },
	{ "pengeluaran_pembiayaan", FACT_ANGGARAN, "6.2" },
	{ "plafon_opd", FACT_PLAFON_OPD, NULL },
	{ "plafon_sub_kegiatan", FACT_PLAFON_SUB, NULL },
	{ "kas", FACT_KAS, NULL },
	{ "sp2d", FACT_SP2D, NULL },
	{ "realisasi", FACT_REALISASI, NULL },
	{ "realisasi_triwulan", FACT_REALISASI_TW, NULL },
	{ "fisik", FACT_FISIK, NULL },
};
#define SET_NAMES                                                                                      \
	"belanja, pendapatan, pembiayaan, penerimaan_pembiayaan, pengeluaran_pembiayaan, plafon_opd, " \
	"plafon_sub_kegiatan, kas, sp2d, realisasi, realisasi_triwulan, fisik"

bool rules_event_known(const char *verb, const char *object)
{
	for (size_t k = 0; k < sizeof(events) / sizeof(events[0]); k++)
		if (!strcmp(events[k][0], verb) && !strcmp(events[k][1], object))
			return true;
	return false;
}

bool rules_fires(const struct rules_file *f, const char *verb, const char *object)
{
	for (int i = 0; i < f->nrules; i++)
		for (int k = 0; k < f->rules[i].nevents; k++)
			if (!strcmp(f->rules[i].events[k].verb, verb) && !strcmp(f->rules[i].events[k].object, object))
				return true;
	return false;
}

static const char *ty_name(enum ty t)
{
	return t == TY_NUM ? "a number" : t == TY_BOOL ? "a truth value" : "a string";
}

struct checker {
	const struct rules_file *f;
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

static const struct set *set_find(const char *name)
{
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (!strcmp(sets[i].name, name))
			return &sets[i];
	return NULL;
}

/* The facts a name stands for, by the rule's for-each group; TY_BAD when none. */
static enum ty fact_type(const struct rules_rule *r, const char *name)
{
	if (!strcmp(name, "tahun") || !strcmp(name, "triwulan"))
		return TY_NUM;
	if (!strcmp(name, "level") || !strcmp(name, "kapasitas_fiskal"))
		return TY_STR;
	if (r->for_each && !strcmp(name, "kode"))
		return TY_STR;
	if (r->for_each && !strcmp(r->for_each, "baris")) {
		if (!strcmp(name, "jumlah") || !strcmp(name, "harga_satuan") || !strcmp(name, "ssh_harga"))
			return TY_NUM;
		if (!strcmp(name, "ada_ssh"))
			return TY_BOOL;
	}
	return TY_BAD;
}

static const struct rules_table *table_find(const struct rules_file *f, const char *name)
{
	for (int i = 0; i < f->ntables; i++)
		if (!strcmp(f->tables[i].name, name))
			return &f->tables[i];
	return NULL;
}

static const struct rules_class *class_find(const struct rules_file *f, const char *name)
{
	for (int i = 0; i < f->nclasses; i++)
		if (!strcmp(f->classes[i].name, name))
			return &f->classes[i];
	return NULL;
}

/* A filter's tag names a classification of the file. */
static void check_filter(struct checker *c, const struct rules_node *n)
{
	if (!n || c->failed)
		return;
	switch (n->kind) {
	case NODE_FILTER_AND:
	case NODE_FILTER_OR:
		check_filter(c, n->kid[0]);
		check_filter(c, n->kid[1]);
		return;
	case NODE_FILTER_NOT:
		check_filter(c, n->kid[0]);
		return;
	case NODE_FILTER_TAG:
		if (!class_find(c->f, n->text))
			cerr(c, n->pos, "unknown classification %s (classifications are declared in the same file)",
			     n->text);
		return;
	default:
		return;
	}
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
	case NODE_NAME: {
		enum ty ft = fact_type(c->rule, n->text);
		if (ft != TY_BAD)
			return ft;
		for (int i = 0; i < c->nlets; i++)
			if (!strcmp(c->rule->lets[i].name, n->text))
				return TY_NUM;
		for (int i = c->nlets; i < c->rule->nlets; i++)
			if (!strcmp(c->rule->lets[i].name, n->text)) {
				cerr(c, n->pos, "%s is used before its let", n->text);
				return TY_BAD;
			}
		if (table_find(c->f, n->text)) {
			cerr(c, n->pos, "%s is a table: look a value up with %s(key, ...)", n->text, n->text);
			return TY_BAD;
		}
		cerr(c, n->pos, "unknown name %s (not a let of this rule, nor a fact like tahun or level%s)", n->text,
		     c->rule->for_each ? ", kode" : "");
		return TY_BAD;
	}
	case NODE_CALL: {
		const struct rules_table *t = table_find(c->f, n->text);
		if (!t) {
			cerr(c, n->pos, "unknown table %s (tables are declared in the same file)", n->text);
			return TY_BAD;
		}
		if (n->nargs != t->nkeys) {
			cerr(c, n->pos, "table %s has %d key%s, not %d", t->name, t->nkeys, t->nkeys == 1 ? "" : "s",
			     n->nargs);
			return TY_BAD;
		}
		for (int k = 0; k < n->nargs; k++) {
			enum ty at = check(c, n->args[k]);
			if (at == TY_BAD)
				return TY_BAD;
			for (int r = 0; r < t->nrows; r++) {
				const struct rules_key *key = &t->rows[r].keys[k];
				if (key->kind == KEY_ANY)
					continue;
				enum ty want = key->kind == KEY_NUMBER ? TY_NUM : TY_STR;
				if (at != want) {
					cerr(c, n->args[k]->pos, "key %s of table %s is %s, not %s", t->keys[k],
					     t->name, ty_name(want), ty_name(at));
					return TY_BAD;
				}
				break;
			}
		}
		return TY_NUM;
	}
	case NODE_KNOWN:
		return check(c, n->kid[0]) == TY_BAD ? TY_BAD : TY_BOOL;
	case NODE_AGG:
		if (!set_find(n->kid[0]->text)) {
			cerr(c, n->kid[0]->pos, "unknown set %s (" SET_NAMES ")", n->kid[0]->text);
			return TY_BAD;
		}
		check_filter(c, n->kid[1]);
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
	struct checker c = { .f = f, .file = file, .err = err };
	for (int i = 0; i < f->nrules && !c.failed; i++) {
		const struct rules_rule *r = &f->rules[i];
		c.rule = r;
		for (int e = 0; e < r->nevents; e++)
			if (!rules_event_known(r->events[e].verb, r->events[e].object))
				cerr(&c, r->events[e].pos, "unknown event %s %s", r->events[e].verb,
				     r->events[e].object);
		for (int t = 0; t < f->ntables && !c.failed; t++)
			if (!strcmp(f->tables[t].name, r->id))
				cerr(&c, r->pos, "rule %s has the name of a table", r->id);
		c.nlets = 0;
		check_filter(&c, r->for_filter);
		for (int t = 0; t < f->nclasses && !c.failed; t++)
			if (!strcmp(f->classes[t].name, r->id))
				cerr(&c, r->pos, "rule %s has the name of a classification", r->id);
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
			if (t == TY_BOOL)
				cerr(&c, r->msg[m].expr->pos, "a message hole must be a number or a string, not %s",
				     ty_name(t));
		}
		if (!c.failed && check(&c, r->assert_expr) != TY_BOOL)
			cerr(&c, r->assert_expr->pos,
			     "assert needs a truth value (a comparison), not a number or string");
	}
	return c.failed ? PAGU_E_INVALID : PAGU_OK;
}

/* ---- evaluation ---- */

struct evaluator {
	struct arena *a;
	const struct rules_file *f;
	const char *file;
	struct rules_error *err;
	const struct rules_rule *rule;
	const struct rules_facts *facts;    /* the whole facts, or a group's view */
	const char *kode;		    /* the group of a for-each rule */
	const struct rules_fact_line *line; /* the line of a "for each baris" group */
	decimal *lets;
	long steps;
	bool failed;
	struct tag_parsed *tags; /* the pemda's classification rows, parsed once */
	size_t ntags;
};

struct tag_parsed {
	const char *kategori;
	struct code_pattern sub, akun;
	bool counts;
};

struct value {
	enum ty t;
	decimal d;
	bool b;
	const char *s;
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
	if (!prefix)
		return true;
	size_t n = strlen(prefix);
	return code && !strncmp(code, prefix, n) && (code[n] == '\0' || code[n] == '.');
}

/*
 * Whether classification @c counts line @l: the matching row with the most specific sub kegiatan
 * pattern, then akun pattern; at equal specificity the pemda's row beats the file's and excluded
 * beats counts. No matching row: it does not count.
 */
static bool class_counts(struct evaluator *e, const struct rules_class *c, bool national,
			 const struct rules_fact_line *l)
{
	/* every row looked at is a step: a pemda with very many tagging rows runs out of the step budget
	   (a located evaluation error) rather than holding a transition for minutes */
	e->steps += c->nrows + (national ? 0 : (long)e->ntags);
	int best_sub = -1, best_akun = -1, best_src = -1;
	bool best_counts = false;
	/* src: 0 the file's row, 1 the pemda's */
	for (int src = 0; src < 2; src++) {
		size_t n = src ? (national ? 0 : e->ntags) : (size_t)c->nrows;
		for (size_t i = 0; i < n; i++) {
			const struct code_pattern *sp, *ap;
			bool counts;
			if (src) {
				if (strcmp(e->tags[i].kategori, c->name))
					continue;
				sp = &e->tags[i].sub;
				ap = &e->tags[i].akun;
				counts = e->tags[i].counts;
			} else {
				sp = &c->rows[i].sub;
				ap = &c->rows[i].akun;
				counts = c->rows[i].counts;
			}
			if (!pattern_match(sp, l->sub_kegiatan) || !pattern_match(ap, l->akun))
				continue;
			int ss = pattern_specificity(sp), as = pattern_specificity(ap);
			bool better = ss > best_sub || (ss == best_sub && as > best_akun) ||
				      (ss == best_sub && as == best_akun &&
				       (src > best_src || (src == best_src && best_counts && !counts)));
			if (better) {
				best_sub = ss;
				best_akun = as;
				best_src = src;
				best_counts = counts;
			}
		}
	}
	return best_counts;
}

static bool filter_match(struct evaluator *e, const struct rules_node *n, const struct rules_fact_line *l)
{
	switch (n->kind) {
	case NODE_FILTER_AND:
		return filter_match(e, n->kid[0], l) && filter_match(e, n->kid[1], l);
	case NODE_FILTER_OR:
		return filter_match(e, n->kid[0], l) || filter_match(e, n->kid[1], l);
	case NODE_FILTER_NOT:
		return !filter_match(e, n->kid[0], l);
	case NODE_FILTER_TAG: {
		const struct rules_class *c = class_find(e->f, n->text);
		return c && class_counts(e, c, n->national, l);
	}
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

static struct value str(const char *s)
{
	struct value v = { .t = TY_STR, .s = s ? s : "" };
	return v;
}

static bool step(struct evaluator *e, struct rules_pos pos)
{
	if (++e->steps > RULES_MAX_STEPS) {
		eerr(e, pos, "evaluation ran out of its step budget (%ld)", RULES_MAX_STEPS);
		return false;
	}
	return true;
}

static struct value aggregate(struct evaluator *e, const struct rules_node *n)
{
	const struct set *set = set_find(n->kid[0]->text);
	decimal acc = dec_from_int(0);
	int64_t count = 0;
	bool any = false;
	bool is_sum = !strcmp(n->text, "sum"), is_min = !strcmp(n->text, "min");
	for (size_t i = 0; i < e->facts->n && !e->failed; i++) {
		const struct rules_fact_line *l = &e->facts->lines[i];
		if (!step(e, n->pos))
			break;
		if (l->kind != set->kind || !code_under(l->akun, set->prefix) ||
		    (n->kid[1] && !filter_match(e, n->kid[1], l)))
			continue;
		decimal v = dec_from_sen(l->jumlah);
		count++;
		if (is_sum) {
			if (dec_add(acc, v, &acc) != PAGU_OK)
				eerr(e, n->pos, "sum overflows");
		} else if (!any || (is_min ? dec_cmp(v, acc) < 0 : dec_cmp(v, acc) > 0)) {
			acc = v;
		}
		any = true;
	}
	if (!strcmp(n->text, "count"))
		return num(dec_from_int(count));
	if (!any && !is_sum)
		eerr(e, n->pos, "%s of no lines has no value", n->text);
	return num(acc);
}

/* The group's name; for a line made only when asked (a message, a failure). */
static const char *group_kode(struct evaluator *e)
{
	if (!e->kode && e->line)
		e->kode = arena_printf(e->a, "baris %d", e->line->baris);
	return e->kode;
}

static struct value fact(struct evaluator *e, const struct rules_node *n)
{
	const char *name = n->text;
	if (!strcmp(name, "tahun"))
		return num(dec_from_int(e->facts->tahun));
	if (!strcmp(name, "triwulan"))
		return num(dec_from_int(e->facts->triwulan));
	if (!strcmp(name, "level"))
		return str(e->facts->level);
	if (!strcmp(name, "kapasitas_fiskal"))
		return str(e->facts->kapasitas_fiskal);
	if (!strcmp(name, "kode"))
		return str(group_kode(e));
	const struct rules_fact_line *l = e->line;
	if (!strcmp(name, "jumlah"))
		return num(dec_from_sen(l->jumlah));
	if (!strcmp(name, "harga_satuan"))
		return num(dec_from_sen(l->harga_satuan));
	if (!strcmp(name, "ada_ssh"))
		return boolean(l->ada_ssh);
	/* ssh_harga */
	if (!l->ada_ssh) {
		eerr(e, n->pos, "baris %d names no SSH item, so it has no ssh_harga (check ada_ssh first)", l->baris);
		struct value bad = { .t = TY_BAD };
		return bad;
	}
	return num(dec_from_sen(l->ssh_harga));
}

static bool key_match(const struct rules_key *k, const struct value *v)
{
	if (k->kind == KEY_ANY)
		return true;
	if (k->kind == KEY_NUMBER)
		return v->t == TY_NUM && dec_cmp(k->number, v->d) == 0;
	return v->t == TY_STR && !strcmp(k->string, v->s);
}

/* The value of table lookup @n; with @probe, whether there is one (no error when not). */
static struct value lookup(struct evaluator *e, const struct rules_node *n, bool probe)
{
	struct value bad = { .t = TY_BAD };
	const struct rules_table *t = table_find(e->f, n->text);
	struct value keys[RULES_MAX_KEYS];
	for (int k = 0; k < n->nargs; k++) {
		keys[k] = eval(e, n->args[k]);
		if (e->failed)
			return bad;
	}
	const struct rules_row *best = NULL;
	int best_any = RULES_MAX_KEYS + 1;
	for (int r = 0; r < t->nrows; r++) {
		int any = 0;
		bool ok = true;
		for (int k = 0; k < t->nkeys && ok; k++) {
			ok = key_match(&t->rows[r].keys[k], &keys[k]);
			any += t->rows[r].keys[k].kind == KEY_ANY;
		}
		if (ok && any < best_any) {
			best = &t->rows[r];
			best_any = any;
		}
	}
	if (probe)
		return boolean(best != NULL);
	if (!best) {
		char what[160] = "";
		size_t o = 0;
		for (int k = 0; k < n->nargs && o < sizeof(what); k++) {
			char buf[DEC_STR_MAX];
			if (keys[k].t == TY_NUM)
				dec_format(keys[k].d, buf);
			o += (size_t)snprintf(what + o, sizeof(what) - o, "%s%s %s", k ? ", " : "", t->keys[k],
					      keys[k].t == TY_NUM ? buf : keys[k].s);
		}
		eerr(e, n->pos, "table %s has no row for %s", t->name, what);
		return bad;
	}
	return num(best->value);
}

static struct value eval(struct evaluator *e, const struct rules_node *n)
{
	struct value bad = { .t = TY_BAD };
	if (e->failed || !step(e, n->pos))
		return bad;
	switch (n->kind) {
	case NODE_NUMBER:
	case NODE_PERCENT:
		return num(n->value);
	case NODE_STRING:
		return str(n->text);
	case NODE_NAME:
		for (int i = 0; i < e->rule->nlets; i++)
			if (!strcmp(e->rule->lets[i].name, n->text))
				return num(e->lets[i]);
		return fact(e, n);
	case NODE_CALL:
		return lookup(e, n, false);
	case NODE_KNOWN:
		return lookup(e, n->kid[0], true);
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
		if (l.t == TY_STR) /* the checker allows only == and != on strings */
			return boolean(!strcmp(op, "==") ? !strcmp(l.s, r.s) : strcmp(l.s, r.s) != 0);
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
		return r->for_each && !strcmp(r->for_each, "baris") &&
		       (!strcmp(n->text, "jumlah") || !strcmp(n->text, "harga_satuan") ||
			!strcmp(n->text, "ssh_harga"));
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

static const char *render(struct evaluator *e, const struct rules_rule *r)
{
	size_t len = 0;
	const char *pieces[RULES_MAX_TMPL_PARTS];
	for (int i = 0; i < r->nmsg && !e->failed; i++) {
		if (r->msg[i].text) {
			pieces[i] = r->msg[i].text;
		} else {
			char buf[DEC_STR_MAX];
			const struct rules_node *n = r->msg[i].expr;
			struct value v = eval(e, n);
			if (e->failed)
				break;
			if (v.t == TY_STR) {
				pieces[i] = v.s;
				len += strlen(v.s);
				continue;
			}
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
			pieces[i] = arena_strdup(e->a, buf);
		}
		len += strlen(pieces[i]);
	}
	if (e->failed)
		return NULL;
	char *out = arena_alloc(e->a, len + 1), *o = out;
	for (int i = 0; i < r->nmsg; i++) {
		size_t pl = strlen(pieces[i]);
		memcpy(o, pieces[i], pl);
		o += pl;
	}
	*o = '\0';
	return out;
}

/* Evaluates @r on e->facts (the whole, or one group): applies, lets, assert. */
static void eval_once(struct evaluator *e, const struct rules_rule *r, decimal *lets, bool *applies, bool *passed)
{
	e->lets = lets;
	*applies = true;
	*passed = true;
	if (r->applies) {
		struct value v = eval(e, r->applies);
		*applies = v.b;
	}
	if (e->failed || !*applies)
		return;
	for (int l = 0; l < r->nlets && !e->failed; l++)
		lets[l] = eval(e, r->lets[l].expr).d;
	struct value v = eval(e, r->assert_expr);
	*passed = v.b;
}

/* The text of line @l's group key for grouping @by; NULL when the line has no such key. */
static const char *group_key(struct arena *a, const char *by, const struct rules_fact_line *l)
{
	if (!strcmp(by, "opd"))
		return l->opd;
	if (!strcmp(by, "sumber_dana"))
		return l->sumber_dana;
	/* sub_kegiatan: of an OPD; a line without one ("") is in no group */
	if (!l->opd || !l->sub_kegiatan || !l->sub_kegiatan[0])
		return NULL;
	return arena_printf(a, "%s/%s", l->opd, l->sub_kegiatan);
}

struct keyed {
	const char *key;
	size_t at;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->at < b->at ? -1 : a->at > b->at);
}

static void group_failed(struct evaluator *e, struct rules_result *x, const struct rules_rule *r, const char *kode,
			 const decimal *lets)
{
	if (!x->nfailed)
		memcpy(x->lets, lets, sizeof(x->lets));
	x->nfailed++;
	if (x->nfailures == RULES_MAX_FAILURES)
		return;
	const char *m = render(e, r);
	if (e->failed)
		return;
	if (!x->message)
		x->message = m;
	x->failures[x->nfailures].kode = arena_strdup(e->a, kode);
	x->failures[x->nfailures++].message = m;
}

/* A for-each rule: every group checked, the failures kept. */
static void eval_groups(struct evaluator *e, struct rules_result *x, const struct rules_rule *r,
			const struct rules_facts *facts)
{
	decimal lets[RULES_MAX_LETS];
	struct rules_facts view = *facts;
	bool applies, passed;
	x->failures = arena_alloc(e->a, sizeof(*x->failures) * RULES_MAX_FAILURES);
	x->applies = false;
	if (!strcmp(r->for_each, "baris")) {
		for (size_t i = 0; i < facts->n && !e->failed; i++) {
			const struct rules_fact_line *l = &facts->lines[i];
			if (!step(e, r->for_pos) || l->kind != FACT_ANGGARAN ||
			    (r->for_filter && !filter_match(e, r->for_filter, l)))
				continue;
			view.lines = l;
			view.n = 1;
			e->facts = &view;
			e->line = l;
			e->kode = NULL;
			x->ngroups++;
			eval_once(e, r, lets, &applies, &passed);
			x->applies |= applies;
			if (!e->failed && applies && !passed)
				group_failed(e, x, r, group_kode(e), lets);
		}
		return;
	}
	/* sort a copy of the lines by their key, then walk the runs */
	struct keyed *ks = arena_alloc(e->a, sizeof(*ks) * (facts->n ? facts->n : 1));
	size_t nk = 0;
	for (size_t i = 0; i < facts->n; i++) {
		const char *k = group_key(e->a, r->for_each, &facts->lines[i]);
		if (k) {
			ks[nk].key = k;
			ks[nk++].at = i;
		}
	}
	qsort(ks, nk, sizeof(*ks), keyed_cmp);
	struct rules_fact_line *sorted = arena_alloc(e->a, sizeof(*sorted) * (nk ? nk : 1));
	for (size_t i = 0; i < nk; i++)
		sorted[i] = facts->lines[ks[i].at];
	for (size_t i = 0; i < nk && !e->failed;) {
		size_t j = i;
		bool chosen = !r->for_filter;
		while (j < nk && !strcmp(ks[j].key, ks[i].key)) {
			chosen = chosen || filter_match(e, r->for_filter, &sorted[j]);
			j++;
		}
		if (chosen && step(e, r->for_pos)) {
			view.lines = &sorted[i];
			view.n = j - i;
			e->facts = &view;
			e->kode = ks[i].key;
			x->ngroups++;
			eval_once(e, r, lets, &applies, &passed);
			x->applies |= applies;
			if (!e->failed && applies && !passed)
				group_failed(e, x, r, e->kode, lets);
		}
		i = j;
	}
}

pagu_err rules_eval(struct arena *a, const struct rules_file *f, const char *file, const char *verb, const char *object,
		    const struct rules_facts *facts, struct rules_result **out, int *n, struct rules_error *err)
{
	struct rules_result *res = arena_alloc(a, sizeof(*res) * (size_t)(f->nrules ? f->nrules : 1));
	int cnt = 0;
	struct evaluator e = { .a = a, .f = f, .file = file, .err = err };
	/* the pemda's rows for this file's classifications, parsed once */
	if (f->nclasses && facts->ntags) {
		e.tags = arena_alloc(a, sizeof(*e.tags) * facts->ntags);
		for (size_t i = 0; i < facts->ntags; i++) {
			const struct rules_tag_row *t = &facts->tags[i];
			struct tag_parsed *tp = &e.tags[e.ntags];
			char why[160];
			if (!t->kategori || !class_find(f, t->kategori))
				continue;
			if (!t->sub_kegiatan || !t->akun ||
			    pattern_parse_wild(t->sub_kegiatan, strlen(t->sub_kegiatan), &tp->sub, why, sizeof(why)) !=
				    PAGU_OK ||
			    pattern_parse_wild(t->akun, strlen(t->akun), &tp->akun, why, sizeof(why)) != PAGU_OK) {
				/* the API checks a row's patterns; one that does not parse cannot be counted silently */
				eerr(&e, class_find(f, t->kategori)->pos, "the pemda's %s row %zu has a bad pattern",
				     t->kategori, i + 1);
				return PAGU_E_RULE;
			}
			tp->kategori = t->kategori;
			tp->counts = t->counts;
			e.ntags++;
		}
	}
	for (int i = 0; i < f->nrules && !e.failed; i++) {
		const struct rules_rule *r = &f->rules[i];
		bool fires = false;
		for (int k = 0; k < r->nevents; k++)
			fires |= !strcmp(r->events[k].verb, verb) && !strcmp(r->events[k].object, object);
		if (!fires)
			continue;
		struct rules_result *x = &res[cnt++];
		memset(x, 0, sizeof(*x));
		x->rule = r;
		x->file = file;
		x->severity = r->from_year && facts->tahun < r->from_year ? r->before_severity : r->severity;
		e.rule = r;
		e.steps = 0;
		e.facts = facts;
		e.kode = NULL;
		e.line = NULL;
		if (r->disabled) {
			x->passed = true;
			continue;
		}
		if (r->for_each) {
			eval_groups(&e, x, r, facts);
			x->passed = x->nfailed == 0;
			continue;
		}
		eval_once(&e, r, x->lets, &x->applies, &x->passed);
		if (e.failed || !x->applies) {
			x->passed = true;
			continue;
		}
		x->message = render(&e, r);
	}
	if (e.failed)
		return PAGU_E_RULE;
	*out = res;
	*n = cnt;
	return PAGU_OK;
}
