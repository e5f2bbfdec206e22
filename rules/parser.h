/* parser.h - the rules language's grammar and syntax tree. */
#ifndef PAGU_RULES_PARSER_H
#define PAGU_RULES_PARSER_H

#include <stdbool.h>

#include "arena.h"
#include "decimal.h"
#include "lexer.h"
#include "pattern.h"

/*
 * Grammar (keywords are names the grammar reserves; a clause ends where the next
 * clause keyword begins):
 *
 *   file    := { rule | table | class }
 *   class   := 'classification' NAME STRING [ 'cite' STRING ] { crow }
 *   crow    := 'row' STRING ',' STRING ( 'counts' | 'excluded' ) 'dasar' STRING
 *                                                  sub kegiatan pattern (SIPD form), akun pattern
 *   table   := 'table' NAME STRING [ 'cite' STRING ] 'key' NAME { ',' NAME } { row }
 *   row     := 'row' key { ',' key } '=' [ '-' ] ( NUMBER | PERCENT )
 *   key     := NUMBER | STRING | '*'                 '*' matches any value
 *   rule    := 'rule' NAME STRING { clause }
 *   clause  := 'cite' STRING
 *            | 'on' event { ',' event }            event := NAME NAME   (lock apbd)
 *            | 'severity' sev [ 'from' NUMBER ',' sev 'before' ]
 *            | 'applies' expr
 *            | 'let' NAME '=' expr
 *            | 'assert' expr
 *            | 'message' STRING
 *            | 'disabled' STRING
 *            | 'for' 'each' group [ 'where' filter ]  group := sub_kegiatan | opd | sumber_dana | baris
 *   sev     := 'error' | 'warning' | 'finding'
 *   expr    := or [ 'as' 'percent' ]               shows the whole expression as a percent
 *   or      := and { 'or' and }                    left to right, short-circuit
 *   and     := not { 'and' not }
 *   not     := 'not' not | cmp
 *   cmp     := sum [ ('<' | '<=' | '>' | '>=' | '==' | '!=') sum ]
 *   sum     := prod { ('+' | '-') prod }
 *   prod    := unary { ('*' | '/') unary }
 *   unary   := '-' unary | atom
 *   atom    := NUMBER | STRING | PERCENT [ 'of' unary ] | NAME
 *            | NAME '(' expr { ',' expr } ')'       a parameter table's value for the keys
 *            | 'known' NAME '(' expr { ',' expr } ')'  whether the table has a row for them
 *            | agg '(' NAME [ 'where' filter ] ')'  agg := sum | count | min | max
 *            | '(' expr ')'
 *   filter  := fand { 'or' fand };  fand := fnot { 'and' fnot }
 *   fnot    := 'not' fnot | '(' filter ')' | field pattern | ('tag' | 'default_tag') NAME
 *   field   := 'akun' | 'urusan' | 'bidang' | 'sumber_dana' | 'opd'
 *
 * A classification says, row by row, which lines count in a category (infrastruktur,
 * pendidikan): a sub kegiatan pattern (on the SIPD form, where a penunjang X.XX code carries
 * its OPD's bidang; "*" alone and "*" segments allowed) and an akun pattern, counted or
 * excluded, each with its legal basis. `tag NAME` matches a line the classification counts,
 * with the pemda's own rows (facts) beside the file's; `default_tag NAME` with the file's
 * rows only. Resolution: the row with the most specific sub kegiatan pattern, then the most
 * specific akun pattern (pattern_specificity); at equal specificity a pemda's row beats the
 * file's and excluded beats counts. A line no row matches does not count.
 *
 * Every node keeps its position. Nesting deeper than RULES_MAX_DEPTH, more than
 * RULES_MAX_RULES rules, RULES_MAX_LETS lets or RULES_MAX_EVENTS events are refused
 * with a located error. All memory comes from the caller's arena.
 */
#define RULES_MAX_DEPTH 64
#define RULES_MAX_RULES 1000
#define RULES_MAX_LETS 64
#define RULES_MAX_EVENTS 16
#define RULES_MAX_TABLES 64
#define RULES_MAX_KEYS 4
#define RULES_MAX_ROWS 1000
#define RULES_MAX_CLASSES 16

/* The severity of a rule: error refuses the transition; warning and finding let it pass, a finding
   being what the law's evaluation (the governor's, the Minister's, DJPK's) acts on. */
enum rules_severity { RULES_WARNING = 0, RULES_ERROR, RULES_FINDING };
const char *rules_severity_name(enum rules_severity s);

enum rules_node_kind {
	NODE_NUMBER,
	NODE_PERCENT, /* value holds the ratio: 30% is 0.3 */
	NODE_STRING,
	NODE_NAME,
	NODE_AGG,    /* sum, count, min, max over a set, with an optional filter */
	NODE_BINARY, /* op: + - * / < <= > >= == != and or */
	NODE_NOT,
	NODE_NEG,
	NODE_PERCENT_OF, /* kid[0] is the percent, kid[1] the base */
	NODE_AS_PERCENT,
	NODE_FILTER_AND,
	NODE_FILTER_OR,
	NODE_FILTER_NOT,
	NODE_FILTER_CODE, /* field + pattern */
	NODE_CALL,	  /* a parameter table lookup: text is the table, args the keys */
	NODE_KNOWN,	  /* known table(keys): whether the lookup kid[0] has a row */
	NODE_FILTER_TAG,  /* tag NAME (text; national false) or default_tag NAME (national true) */
};

struct rules_node {
	enum rules_node_kind kind;
	struct rules_pos pos;
	const char *text; /* names, strings (escapes resolved), aggregate and field names, operators */
	decimal value;	  /* numbers and percents */
	struct code_pattern pattern;
	struct rules_node *kid[2];
	struct rules_node *args[RULES_MAX_KEYS];
	int nargs;
	bool national; /* default_tag: the classification's own rows only */
};

/* A message is text with {expr} holes; {{ and }} stand for literal braces. */
struct rules_tmpl_part {
	const char *text; /* literal text, or NULL for an expression */
	struct rules_node *expr;
};
#define RULES_MAX_TMPL_PARTS 32

struct rules_let {
	const char *name;
	struct rules_node *expr;
	struct rules_pos pos;
};

struct rules_event {
	const char *verb, *object; /* lock apbd */
	struct rules_pos pos;
};

struct rules_rule {
	const char *id, *title, *cite, *message, *disabled;
	const char *for_each; /* NULL, or the group: sub_kegiatan, opd, sumber_dana, baris */
	struct rules_node *for_filter;
	struct rules_pos for_pos;
	struct rules_pos pos;
	struct rules_event events[RULES_MAX_EVENTS];
	int nevents;
	enum rules_severity severity;
	int from_year; /* 0: no year switch; else severity applies from it, before_severity before */
	enum rules_severity before_severity;
	struct rules_node *applies;
	struct rules_let lets[RULES_MAX_LETS];
	int nlets;
	struct rules_node *assert_expr;
	struct rules_tmpl_part msg[RULES_MAX_TMPL_PARTS];
	int nmsg;
};

/* A row key: a number, a string, or any value ('*'). */
struct rules_key {
	enum { KEY_NUMBER, KEY_STRING, KEY_ANY } kind;
	decimal number;
	const char *string;
};

struct rules_row {
	struct rules_key keys[RULES_MAX_KEYS];
	decimal value;
	struct rules_pos pos;
};

/* A parameter table: figures that change by year or category, one row each. */
struct rules_table {
	const char *name, *title, *cite;
	struct rules_pos pos;
	const char *keys[RULES_MAX_KEYS];
	int nkeys;
	struct rules_row *rows;
	int nrows;
};

/* One row of a classification. */
struct rules_class_row {
	struct code_pattern sub, akun;
	const char *sub_text, *akun_text; /* as written */
	bool counts;			  /* counts (else excluded) */
	const char *dasar;		  /* the basis of the row */
	struct rules_pos pos;
};

/* A classification: which lines count in a category (see the grammar). */
struct rules_class {
	const char *name, *title, *cite;
	struct rules_pos pos;
	struct rules_class_row *rows;
	int nrows;
};

struct rules_file {
	struct rules_rule *rules;
	int nrules;
	struct rules_table *tables;
	int ntables;
	struct rules_class *classes;
	int nclasses;
};

/* Parses @src (already accepted by rules_check_text). On failure fills *@err. */
pagu_err rules_parse(struct arena *a, const char *file, const char *src, size_t len, struct rules_file *out,
		     struct rules_error *err);

/* A compact S-expression of a node, for tests and for explaining a rule. */
const char *rules_node_sexpr(struct arena *a, const struct rules_node *n);

#endif
