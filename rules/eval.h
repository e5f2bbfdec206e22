/* eval.h - checking a parsed rules file and evaluating its rules on budget facts. */
#ifndef PAGU_RULES_EVAL_H
#define PAGU_RULES_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "parser.h"

/*
 * Types: every expression is a number (exact decimal; money is a number of rupiah),
 * a truth value, or a string. rules_check() refuses, with the position:
 *   a name that is neither a let defined earlier in the rule nor a fact (tahun);
 *   an aggregate over an unknown set; an event not in the catalogue;
 *   arithmetic or ordering on truth values or strings, and/or/not on numbers;
 *   an assert or applies that is not a truth value; a percent whose base is not a number.
 *
 * Sets: belanja (akun 5.*), pendapatan (4.*), pembiayaan (6.*), penerimaan_pembiayaan
 * (6.1.*), pengeluaran_pembiayaan (6.2.*). Filters match a line's akun, its sub
 * kegiatan's urusan/bidang (the nomenklatur code prefix), sumber dana and OPD.
 *
 * Messages: a hole {expr} must be a number. It is shown as rupiah ("Rp1.234.567,89")
 * when it is money (a sum, min or max of lines, and money +, -, x or / a plain
 * number), as a percent ("29,87%") with "as percent", else as a plain number with a
 * decimal comma ("2,5"); money / money is a plain ratio.
 *
 * Evaluation: and/or short-circuit left to right; sum of nothing is 0; count of
 * nothing is 0; min/max of nothing, division by zero, overflow and running out of
 * the step budget are located evaluation errors, never a pass.
 */
#define RULES_MAX_STEPS 10000000L

struct rules_fact_line {
	const char *akun;
	const char *sub_kegiatan;
	const char *sumber_dana;
	const char *opd;
	int64_t jumlah; /* sen */
};

struct rules_facts {
	int tahun;
	const struct rules_fact_line *lines;
	size_t n;
};

struct rules_result {
	const struct rules_rule *rule;
	bool applies; /* false: the rule did not apply (applies clause, or disabled) */
	bool error;   /* the severity in force for the year */
	bool passed;
	decimal lets[RULES_MAX_LETS]; /* the values of the lets, for explaining the result */
	const char *message;	      /* the message with its holes filled, Indonesian style */
};

pagu_err rules_check(const struct rules_file *f, const char *file, struct rules_error *err);

/*
 * Evaluates every rule of @f that fires on @verb @object. *@out (arena) gets one
 * result per such rule, *@n their number. On an evaluation error fills *@err with
 * the position of the failing expression.
 */
pagu_err rules_eval(struct arena *a, const struct rules_file *f, const char *file, const char *verb, const char *object,
		    const struct rules_facts *facts, struct rules_result **out, int *n, struct rules_error *err);

#endif
