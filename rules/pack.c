/* pack.c - loading, hashing and evaluating a rule pack; the conformance case runner. */
#include "pack.h"

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#include "money.h"

void rules_pack_init(struct rules_pack *p)
{
	memset(p, 0, sizeof(*p));
	hash_sha256_hex("", 0, p->hash);
}

static void pack_rehash(struct rules_pack *p)
{
	struct hash_ctx *h = hash_new();
	for (int i = 0; i < p->nfiles; i++) {
		hash_update(h, p->files[i].name, strlen(p->files[i].name));
		hash_update(h, "\n", 1);
		hash_update(h, p->files[i].hash, HASH_HEX_LEN);
		hash_update(h, "\n", 1);
	}
	hash_final_hex(h, p->hash);
}

pagu_err rules_pack_add(struct arena *a, struct rules_pack *p, const char *name, const char *src, size_t len,
			struct rules_error *err)
{
	memset(err, 0, sizeof(*err));
	err->file = name;
	err->pos.line = 1;
	err->pos.col = 1;
	if (p->nfiles == RULES_PACK_MAX_FILES) {
		snprintf(err->message, sizeof(err->message), "more than %d files in the rule pack",
			 RULES_PACK_MAX_FILES);
		return PAGU_E_INVALID;
	}
	struct rules_pack_file *f = &p->files[p->nfiles];
	memset(f, 0, sizeof(*f));
	f->name = arena_strdup(a, name);
	char *copy = arena_alloc(a, len + 1);
	memcpy(copy, src, len);
	copy[len] = '\0';
	f->src = copy;
	f->len = len;
	pagu_err e = rules_check_text(f->name, copy, len, err);
	if (e == PAGU_OK)
		e = rules_parse(a, f->name, copy, len, &f->f, err);
	if (e == PAGU_OK)
		e = rules_check(&f->f, f->name, err);
	if (e != PAGU_OK)
		return e;
	for (int r = 0; r < f->f.nrules; r++)
		for (int i = 0; i < p->nfiles; i++)
			for (int q = 0; q < p->files[i].f.nrules; q++)
				if (!strcmp(p->files[i].f.rules[q].id, f->f.rules[r].id)) {
					err->pos = f->f.rules[r].pos;
					snprintf(err->message, sizeof(err->message),
						 "rule %s is already defined in %s (rule ids are unique in a pack)",
						 f->f.rules[r].id, p->files[i].name);
					return PAGU_E_INVALID;
				}
	hash_sha256_hex(copy, len, f->hash);
	p->nfiles++;
	pack_rehash(p);
	return PAGU_OK;
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

pagu_err rules_pack_load_dir(struct arena *a, struct rules_pack *p, const char *dir, char *msg, size_t msgsz)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(msg, msgsz, "%s: cannot open the rules directory", dir);
		return PAGU_E_IO;
	}
	char *names[RULES_PACK_MAX_FILES + 1];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 6 && !strcmp(de->d_name + l - 6, ".rules") && de->d_name[0] != '.') {
			if (n == RULES_PACK_MAX_FILES) {
				closedir(d);
				snprintf(msg, msgsz, "%s: more than %d rules files", dir, RULES_PACK_MAX_FILES);
				return PAGU_E_INVALID;
			}
			names[n++] = arena_strdup(a, de->d_name);
		}
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), name_cmp);
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		char *src = NULL;
		size_t len = 0;
		pagu_err e = file_read_all(path, RULES_MAX_FILE, &src, &len);
		if (e != PAGU_OK) {
			snprintf(msg, msgsz, "%s: cannot read it, or it is larger than %u bytes", path, RULES_MAX_FILE);
			return e;
		}
		struct rules_error err;
		e = rules_pack_add(a, p, names[i], src, len, &err);
		if (e != PAGU_OK) {
			err.file = path;
			rules_error_format(&err, src, len, msg, msgsz);
		}
		free(src);
		if (e != PAGU_OK)
			return e;
	}
	return PAGU_OK;
}

const struct rules_pack_file *rules_pack_file_of(const struct rules_pack *p, const char *name)
{
	for (int i = 0; name && i < p->nfiles; i++)
		if (!strcmp(p->files[i].name, name))
			return &p->files[i];
	return NULL;
}

bool rules_pack_fires(const struct rules_pack *p, const char *verb, const char *object)
{
	for (int i = 0; i < p->nfiles; i++)
		if (rules_fires(&p->files[i].f, verb, object))
			return true;
	return false;
}

pagu_err rules_pack_eval(struct arena *a, const struct rules_pack *p, const char *verb, const char *object,
			 const struct rules_facts *facts, struct rules_result **out, int *n, struct rules_error *err)
{
	int total = 0;
	for (int i = 0; i < p->nfiles; i++)
		total += p->files[i].f.nrules;
	struct rules_result *all = arena_alloc(a, sizeof(*all) * (size_t)(total ? total : 1));
	int cnt = 0;
	for (int i = 0; i < p->nfiles; i++) {
		if (!rules_fires(&p->files[i].f, verb, object))
			continue;
		struct rules_result *res;
		int nres;
		pagu_err e = rules_eval(a, &p->files[i].f, p->files[i].name, verb, object, facts, &res, &nres, err);
		if (e != PAGU_OK)
			return e;
		memcpy(all + cnt, res, sizeof(*res) * (size_t)nres);
		cnt += nres;
	}
	*out = all;
	*n = cnt;
	return PAGU_OK;
}

/* ---- conformance cases ---- */

static bool fail(char *why, size_t whysz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return false;
}

/* Splits @text at the section headers (lines "rules:", "facts:", "expect:"), in place. */
static void sections(char *text, char **rules, char **facts, char **expect)
{
	*rules = *facts = *expect = NULL;
	char *p = text;
	while (p && *p) {
		char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char **slot = NULL;
		if (n == 6 && !strncmp(p, "rules:", 6))
			slot = rules;
		else if (n == 6 && !strncmp(p, "facts:", 6))
			slot = facts;
		else if (n == 7 && !strncmp(p, "expect:", 7))
			slot = expect;
		if (slot) {
			if (p != text)
				p[-1] = '\0'; /* end the previous section */
			*slot = eol ? eol + 1 : p + n;
		}
		p = eol ? eol + 1 : NULL;
	}
}

struct case_facts {
	struct rules_fact_line *lines;
	size_t n, cap;
	int baris;
	struct rules_tag_row *tags;
	size_t ntags, tagcap;
};

static struct rules_fact_line *more(struct arena *a, struct case_facts *cf)
{
	if (cf->n == cf->cap) {
		size_t cap = cf->cap ? cf->cap * 2 : 64;
		struct rules_fact_line *nl = arena_alloc(a, sizeof(*nl) * cap);
		if (cf->n)
			memcpy(nl, cf->lines, sizeof(*nl) * cf->n);
		cf->lines = nl;
		cf->cap = cap;
	}
	struct rules_fact_line *l = &cf->lines[cf->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

static bool money_arg(const char *s, int64_t *out)
{
	return money_parse(s, strlen(s), MONEY_ALLOW_NEGATIVE, out) == PAGU_OK;
}

/* One facts line; false when it is not understood. */
static bool fact_line(struct arena *a, char *l, struct case_facts *cf, struct rules_facts *fx, char *verb, char *object)
{
	char k[32], w[6][64];
	int n = sscanf(l, "%31s %63s %63s %63s %63s %63s %63s", k, w[0], w[1], w[2], w[3], w[4], w[5]);
	if (n < 2)
		return false;
	if (!strcmp(k, "tahun"))
		return sscanf(w[0], "%d", &fx->tahun) == 1;
	if (!strcmp(k, "level")) {
		fx->level = arena_strdup(a, w[0]);
		return true;
	}
	if (!strcmp(k, "triwulan"))
		return sscanf(w[0], "%d", &fx->triwulan) == 1;
	if (!strcmp(k, "fisik") && n == 4) {
		struct rules_fact_line *f = more(a, cf);
		f->kind = FACT_FISIK;
		f->opd = arena_strdup(a, w[0]);
		f->sub_kegiatan = arena_strdup(a, w[1]);
		return money_arg(w[2], &f->jumlah);
	}
	if (!strcmp(k, "tag") && n >= 6) {
		/* tag KATEGORI SUB AKUN ya|tidak DASAR...: one of the pemda's own classification rows */
		if (strcmp(w[3], "ya") && strcmp(w[3], "tidak"))
			return false;
		if (cf->ntags == cf->tagcap) {
			size_t cap = cf->tagcap ? cf->tagcap * 2 : 8;
			struct rules_tag_row *nt = arena_alloc(a, sizeof(*nt) * cap);
			if (cf->ntags)
				memcpy(nt, cf->tags, sizeof(*nt) * cf->ntags);
			cf->tags = nt;
			cf->tagcap = cap;
		}
		struct rules_tag_row *t = &cf->tags[cf->ntags++];
		t->kategori = arena_strdup(a, w[0]);
		t->sub_kegiatan = arena_strdup(a, w[1]);
		t->akun = arena_strdup(a, w[2]);
		t->counts = !strcmp(w[3], "ya");
		int used = 0;
		sscanf(l, "%*s %*s %*s %*s %*s%n", &used);
		t->dasar = arena_strdup(a, l + used + strspn(l + used, " \t"));
		return true;
	}
	if (!strcmp(k, "kapasitas")) {
		fx->kapasitas_fiskal = arena_strdup(a, w[0]);
		return true;
	}
	if (!strcmp(k, "event") && n == 3) {
		snprintf(verb, 32, "%.31s", w[0]);
		snprintf(object, 32, "%.31s", w[1]);
		return true;
	}
	if (!strcmp(k, "plafon_opd") && n == 3) {
		struct rules_fact_line *f = more(a, cf);
		f->kind = FACT_PLAFON_OPD;
		f->opd = arena_strdup(a, w[0]);
		return money_arg(w[1], &f->jumlah);
	}
	if (!strcmp(k, "plafon_sub") && n == 4) {
		struct rules_fact_line *f = more(a, cf);
		f->kind = FACT_PLAFON_SUB;
		f->opd = arena_strdup(a, w[0]);
		f->sub_kegiatan = arena_strdup(a, w[1]);
		return money_arg(w[2], &f->jumlah);
	}
	/* line, kas, sp2d, realisasi: AKUN SUB SUMBER OPD JUMLAH; "lines N ..." repeats one line N times */
	long repeat = 1;
	const char *rest = NULL;
	if (!strcmp(k, "lines")) {
		char *end;
		repeat = strtol(w[0], &end, 10);
		if (*end || repeat < 1 || repeat > 2000000)
			return false;
		int used = 0;
		if (sscanf(l, "%*s %*s %63s %63s %63s %63s %63s%n", w[0], w[1], w[2], w[3], w[4], &used) != 5)
			return false;
		rest = l + used;
		n = 6;
		snprintf(k, sizeof(k), "line");
	}
	enum rules_fact_kind kind;
	if (!strcmp(k, "line"))
		kind = FACT_ANGGARAN;
	else if (!strcmp(k, "kas"))
		kind = FACT_KAS;
	else if (!strcmp(k, "sp2d"))
		kind = FACT_SP2D;
	else if (!strcmp(k, "realisasi"))
		kind = FACT_REALISASI;
	else if (!strcmp(k, "realisasi_tw"))
		kind = FACT_REALISASI_TW;
	else
		return false;
	if (n < 6)
		return false;
	struct rules_fact_line proto = { .kind = kind };
	proto.akun = arena_strdup(a, w[0]);
	proto.sub_kegiatan = strcmp(w[1], "-") ? arena_strdup(a, w[1]) : ""; /* "-": a line without one */
	proto.sumber_dana = arena_strdup(a, w[2]);
	proto.opd = arena_strdup(a, w[3]);
	if (!money_arg(w[4], &proto.jumlah))
		return false;
	/* optional: harga H, ssh S */
	if (!rest) {
		int used = 0;
		sscanf(l, "%*s %*s %*s %*s %*s %*s%n", &used);
		rest = l + used;
	}
	char opt[16], val[64];
	int used;
	while (sscanf(rest, " %15s %63s%n", opt, val, &used) == 2) {
		if (!strcmp(opt, "harga") && money_arg(val, &proto.harga_satuan))
			;
		else if (!strcmp(opt, "ssh") && money_arg(val, &proto.ssh_harga))
			proto.ada_ssh = true;
		else
			return false;
		rest += used;
	}
	if (rest[strspn(rest, " \t\r")])
		return false;
	for (long i = 0; i < repeat; i++) {
		struct rules_fact_line *f = more(a, cf);
		*f = proto;
		if (kind == FACT_ANGGARAN)
			f->baris = ++cf->baris;
	}
	return true;
}

bool rules_case_run(const char *path, char *text, const struct rules_pack *pack, char *why, size_t whysz)
{
	char *rules, *facts, *expect;
	sections(text, &rules, &facts, &expect);
	if (!expect || (!rules && !pack))
		return fail(why, whysz, "%s: needs rules: (or a pack) and expect: sections", path);
	struct arena ar;
	arena_init(&ar);
	bool ok = true;
	struct case_facts cf = { 0 };
	struct rules_facts fx = { .tahun = 2026, .level = "kota", .kapasitas_fiskal = "" };
	char verb[32] = "lock", object[32] = "apbd";
	for (char *l = facts ? strtok(facts, "\n") : NULL; l && ok; l = strtok(NULL, "\n"))
		if (l[0] != '#' && l[0] && !fact_line(&ar, l, &cf, &fx, verb, object))
			ok = fail(why, whysz, "%s: bad facts line: %s", path, l);
	fx.lines = cf.lines;
	fx.n = cf.n;
	fx.tags = cf.tags;
	fx.ntags = cf.ntags;
	struct rules_error err = { .pos = { 0, 0 } };
	struct rules_result *res = NULL;
	int nres = 0;
	pagu_err e = PAGU_OK;
	if (ok) {
		struct rules_pack local;
		const struct rules_pack *use = pack;
		if (!pack) {
			rules_pack_init(&local);
			e = rules_pack_add(&ar, &local, "case.rules", rules, strlen(rules), &err);
			use = &local;
		}
		if (e == PAGU_OK)
			e = rules_pack_eval(&ar, use, verb, object, &fx, &res, &nres, &err);
	}
	int seen = 0;
	for (char *x = expect && ok ? strtok(expect, "\n") : NULL; x && ok; x = strtok(NULL, "\n")) {
		if (x[0] == '#' || !x[0])
			continue;
		int line, col, off = 0;
		seen++;
		if (sscanf(x, "error %d:%d %n", &line, &col, &off) == 2) {
			if (e == PAGU_OK)
				ok = fail(why, whysz, "%s: expected an error at %d:%d, got none", path, line, col);
			else if (err.pos.line != line || err.pos.col != col || !strstr(err.message, x + off))
				ok = fail(why, whysz, "%s: got %d:%d %s, want %d:%d %s", path, err.pos.line,
					  err.pos.col, err.message, line, col, x + off);
			continue;
		}
		if (e != PAGU_OK) {
			ok = fail(why, whysz, "%s: %s:%d:%d: %s", path, err.file ? err.file : "", err.pos.line,
				  err.pos.col, err.message);
			break;
		}
		char kind[16], sev[16], id[64];
		int ng = -1, nf = -1;
		const char *msg = NULL;
		if (sscanf(x, "%15s", kind) != 1) {
			ok = fail(why, whysz, "%s: bad expect line", path);
			break;
		}
		if (!strcmp(kind, "fail")) {
			if (sscanf(x, "fail %15s %63s %n", sev, id, &off) != 2) {
				ok = fail(why, whysz, "%s: bad fail line %s", path, x);
				break;
			}
			msg = off ? x + off : "";
		} else if (!strcmp(kind, "groups")) {
			if (sscanf(x, "groups %63s %d %d", id, &ng, &nf) != 3) {
				ok = fail(why, whysz, "%s: bad groups line %s", path, x);
				break;
			}
		} else if (sscanf(x, "%15s %63s", kind, id) != 2 || (strcmp(kind, "pass") && strcmp(kind, "skip"))) {
			ok = fail(why, whysz, "%s: bad expect line %s", path, x);
			break;
		}
		const struct rules_result *r = NULL;
		for (int i = 0; i < nres; i++)
			if (!strcmp(res[i].rule->id, id))
				r = &res[i];
		if (!r)
			ok = fail(why, whysz, "%s: rule %s did not run", path, id);
		else if (!strcmp(kind, "pass") && !(r->applies && r->passed))
			ok = fail(why, whysz, "%s: %s did not pass (%s)", path, id, r->message ? r->message : "");
		else if (!strcmp(kind, "skip") && r->applies)
			ok = fail(why, whysz, "%s: %s applied", path, id);
		else if (!strcmp(kind, "groups") && (r->ngroups != ng || r->nfailed != nf))
			ok = fail(why, whysz, "%s: %s checked %d groups with %d failing, want %d and %d", path, id,
				  r->ngroups, r->nfailed, ng, nf);
		else if (!strcmp(kind, "fail")) {
			if (!r->applies || r->passed)
				ok = fail(why, whysz, "%s: %s passed", path, id);
			else if (strcmp(rules_severity_name(r->severity), sev))
				ok = fail(why, whysz, "%s: %s has the severity %s", path, id,
					  rules_severity_name(r->severity));
			else if (strcmp(r->message, msg))
				ok = fail(why, whysz, "%s: message \"%s\", want \"%s\"", path, r->message, msg);
		}
	}
	if (ok && !seen)
		ok = fail(why, whysz, "%s expects nothing", path);
	arena_release(&ar);
	return ok;
}
