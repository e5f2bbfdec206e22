/* pack.h - a rule pack: the rules files in force, checked together and known by one hash. */
#ifndef PAGU_RULES_PACK_H
#define PAGU_RULES_PACK_H

#include "eval.h"
#include "hash.h"

#define RULES_PACK_MAX_FILES 64

struct rules_pack_file {
	const char *name; /* the file name, e.g. apbd.rules or a Perkada's name */
	const char *src;
	size_t len;
	struct rules_file f;
	char hash[HASH_HEX_LEN + 1]; /* SHA-256 of the text */
};

/*
 * Files are checked one by one as they are added; a rule id must be unique in the
 * whole pack, so a result names its rule without the file. The pack's hash is the
 * SHA-256 of "name\nhash\n" of every file in order: it changes when any file's text,
 * name or order changes, and is recorded with every evaluation.
 */
struct rules_pack {
	struct rules_pack_file files[RULES_PACK_MAX_FILES];
	int nfiles;
	char hash[HASH_HEX_LEN + 1];
};

void rules_pack_init(struct rules_pack *p);
/* Checks and adds one file (its text is copied into @a). On failure fills *@err and adds nothing. */
pagu_err rules_pack_add(struct arena *a, struct rules_pack *p, const char *name, const char *src, size_t len,
			struct rules_error *err);
/*
 * Loads every *.rules file directly in @dir, in name order. On failure writes the
 * compiler-style error (file:line:col, the line, a caret) to @msg.
 */
pagu_err rules_pack_load_dir(struct arena *a, struct rules_pack *p, const char *dir, char *msg, size_t msgsz);
/* The text of the file an error points into (for rules_error_format), or NULL. */
const struct rules_pack_file *rules_pack_file_of(const struct rules_pack *p, const char *name);

/* Whether any rule of the pack fires on @verb @object. */
bool rules_pack_fires(const struct rules_pack *p, const char *verb, const char *object);
/* Evaluates every file's rules for the event; results in file order, then rule order. */
pagu_err rules_pack_eval(struct arena *a, const struct rules_pack *p, const char *verb, const char *object,
			 const struct rules_facts *facts, struct rules_result **out, int *n, struct rules_error *err);

/*
 * Runs one conformance case (see rules/tests/README.md for the format) held in @text
 * (modified in place). With @pack the rules are the pack's and the case has no rules:
 * section. Returns true when every expectation holds; else the first that did not in
 * @why.
 */
bool rules_case_run(const char *path, char *text, const struct rules_pack *pack, char *why, size_t whysz);

#endif
