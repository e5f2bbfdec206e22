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
 * (6.1.*), pengeluaran_pembiayaan (6.2.*) of the budget lines; plafon_opd and
 * plafon_sub_kegiatan (the KUA-PPAS ceilings); kas, sp2d and realisasi (execution);
 * realisasi_triwulan and fisik (monev: realised within the quarter, physical progress in
 * percent).
 * Filters match a line's akun, its sub kegiatan's urusan/bidang (the nomenklatur code
 * prefix), sumber dana and OPD; tag NAME whether the classification NAME (of the same file),
 * with the pemda's rows of that kategori, counts the line (parser.h). A line without a sub
 * kegiatan ("") matches no urusan, bidang or tag, and no for-each sub_kegiatan group.
 *
 * Facts by name: tahun and triwulan (numbers; triwulan is 0 outside close triwulan),
 * level and kapasitas_fiskal (strings). In a for-each
 * rule, kode (a string: the group); in "for each baris" also jumlah, harga_satuan and
 * ssh_harga (money) and ada_ssh (a truth value). A table lookup name(k, ...) must name
 * a table of the same file with as many keys, each of its column's type; the row that
 * matches exactly wins, else the matching row with the fewest '*' (the first of
 * those), and no match is a located evaluation error.
 *
 * For each: the lines are grouped by the key (an OPD's sub kegiatan, an OPD, a sumber
 * dana, or each budget line); a group is checked when one of its lines matches the
 * where filter (all groups when there is none); inside a group every aggregate sees
 * only the group's lines. The rule passes when every group does.
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
#define RULES_MAX_STEPS 10000000L /* per rule and evaluation */
#define RULES_MAX_FAILURES 100	  /* failing groups of a for-each rule kept with their messages */

/* What a fact line is: a budget line, a ceiling, or (for execution events) cash and spending. */
enum rules_fact_kind {
	FACT_ANGGARAN = 0, /* a budget line (RKA, APBD, DPA); its akun says belanja, pendapatan, pembiayaan */
	FACT_PLAFON_OPD,   /* a KUA-PPAS ceiling of an OPD */
	FACT_PLAFON_SUB,   /* a KUA-PPAS ceiling of an OPD's sub kegiatan */
	FACT_KAS,	   /* anggaran kas up to the period of the event */
	FACT_SP2D,	   /* SP2D disbursed, this one included */
	FACT_REALISASI,	   /* spending realised up to the period of the event */
	FACT_FISIK,	   /* an indicator's physical progress to date, in percent (jumlah 75.50 is 75,50%) */
	FACT_REALISASI_TW, /* spending realised within the quarter being closed */
};

struct rules_fact_line {
	enum rules_fact_kind kind;
	const char *akun;
	const char *sub_kegiatan;
	const char *sumber_dana;
	const char *opd;
	int64_t jumlah;	      /* sen */
	int baris;	      /* the line's number in its document, 0 when none */
	int64_t harga_satuan; /* sen */
	bool ada_ssh;	      /* the line names an SSH item, whose price is ssh_harga */
	int64_t ssh_harga;    /* sen */
};

/* One of the pemda's own tagging rows for a classification (the penandaan table). */
struct rules_tag_row {
	const char *kategori;	  /* the classification's name, e.g. infrastruktur */
	const char *sub_kegiatan; /* a classification pattern (pattern_parse_wild) on the SIPD form */
	const char *akun;	  /* a classification pattern */
	bool counts;		  /* counts (else excluded) */
	const char *dasar;	  /* e.g. Keputusan Wali Kota ... */
};

struct rules_facts {
	int tahun;
	int triwulan;		      /* the quarter of a close triwulan event, else 0 */
	const char *level;	      /* provinsi, kabupaten or kota */
	const char *kapasitas_fiskal; /* the PMK category of the pemda for the year, or "" when not known */
	const struct rules_fact_line *lines;
	size_t n;
	const struct rules_tag_row *tags; /* the pemda's own classification rows for the year */
	size_t ntags;
};

/* One failing group of a for-each rule. */
struct rules_failure {
	const char *kode; /* the group: a sub kegiatan (opd/sub), an OPD, a sumber dana, or "baris N" */
	const char *message;
};

struct rules_result {
	const struct rules_rule *rule;
	const char *file;
	bool applies;		      /* false: the rule did not apply (applies clause, or disabled) */
	enum rules_severity severity; /* the severity in force for the year */
	bool passed;
	decimal lets[RULES_MAX_LETS];	/* the values of the lets (of the first failing group), for explaining */
	const char *message;		/* the message with its holes filled, Indonesian style; NULL for a
					 for-each rule that passed */
	int ngroups, nfailed;		/* for each: the groups checked and how many failed */
	struct rules_failure *failures; /* the first RULES_MAX_FAILURES of them */
	int nfailures;
};

pagu_err rules_check(const struct rules_file *f, const char *file, struct rules_error *err);

/*
 * Evaluates every rule of @f that fires on @verb @object. *@out (arena) gets one
 * result per such rule, *@n their number. On an evaluation error fills *@err with
 * the position of the failing expression.
 */
pagu_err rules_eval(struct arena *a, const struct rules_file *f, const char *file, const char *verb, const char *object,
		    const struct rules_facts *facts, struct rules_result **out, int *n, struct rules_error *err);

/* Whether any rule of @f fires on @verb @object. */
bool rules_fires(const struct rules_file *f, const char *verb, const char *object);
/* Whether @verb @object is an event of the catalogue. */
bool rules_event_known(const char *verb, const char *object);

#endif
