/*
 * h_ssh.c - standar satuan harga: /v1/pemda/{pemda}/ssh and /ssh/impor.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "ssh.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "kode.h"
#include "money.h"
#include "opd_json.h"
#include "csv.h"
#include "impor.h"

/* POST /v1/pemda/{pemda}/ssh: record a standard unit price (a new version when the item exists). */
struct ssh_add_arg {
	int64_t tahun;
	struct ssh_item in;
};

static json_t *ssh_json(const struct ssh_item *s)
{
	char buf[MONEY_STR_MAX];
	money_format(s->harga, buf);
	json_t *akun = json_array();
	char *copy = strdup(s->akun ? s->akun : "");
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(akun, json_string(t));
	free(copy);
	return json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:o}", "kode", s->kode, "versi", s->versi, "tahun", s->tahun,
			 "uraian", s->uraian, "satuan", s->satuan, "harga", buf, "akun", akun);
}

static pagu_err ssh_add_work(struct api_req *r, void *p)
{
	struct ssh_add_arg *a = p;
	struct pagu_fault f = { 0 };
	struct ssh_item out;
	pagu_err e = ssh_add(r->db, &r->arena, r->tok.pemda_id, (int)a->tahun, &a->in, r->tok.token_id, &out, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? ssh_json(&out) : NULL, 0);
}

static pesan_kunci check_kode(const char *s, size_t len)
{
	if (len == 0 || len > 40)
		return P_SSH_KODE_PANJANG;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (i && (c == '.' || c == '-'))))
			return P_SSH_KODE_SALAH;
	}
	return P_TANPA_;
}

static pesan_kunci check_akun_prefix(const char *s, size_t len)
{
	struct kode_akun k;
	return kode_akun_parse(s, len, &k) == PAGU_OK && k.level >= 3 ? P_TANPA_ : P_BUKAN_AKUN_3_6;
}

void h_ssh_add(struct api_req *r)
{
	struct ssh_add_arg a = { 0 };
	struct jspec_strings akun = { 0 };
	const struct jspec spec[] = {
		{ .name = "tahun", .type = JSPEC_INT, .required = true, .min = 2000, .max = 2100, .out = &a.tahun },
		{ .name = "kode",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 40,
		  .check = check_kode,
		  .out = &a.in.kode },
		{ .name = "uraian",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 500,
		  .check = opd_check_text,
		  .out = &a.in.uraian },
		{ .name = "satuan",
		  .type = JSPEC_STRING,
		  .required = true,
		  .max_len = 50,
		  .check = opd_check_text,
		  .out = &a.in.satuan },
		{ .name = "harga", .type = JSPEC_MONEY, .required = true, .out = &a.in.harga },
		{ .name = "akun",
		  .type = JSPEC_STRING_ARRAY,
		  .required = true,
		  .max_items = 20,
		  .max_len = 24,
		  .check = check_akun_prefix,
		  .out = &akun },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	if (akun.n == 0) {
		api_tolak(r, PAGU_E_INVALID, "/akun", NULL, P_SSH_AKUN_KOSONG);
		return;
	}
	size_t len = 1;
	for (size_t i = 0; i < akun.n; i++)
		len += strlen(akun.items[i]) + 1;
	char *joined = arena_alloc(&r->arena, len), *p = joined;
	for (size_t i = 0; i < akun.n; i++) {
		size_t l = strlen(akun.items[i]);
		if (i)
			*p++ = ',';
		memcpy(p, akun.items[i], l);
		p += l;
	}
	*p = '\0';
	a.in.akun = joined;
	api_idempotent(r, ssh_add_work, &a);
}

/* GET /v1/pemda/{pemda}/ssh?tahun=: the standard unit prices in force for a year. */

void h_ssh_list(struct api_req *r)
{
	long tahun, limit;
	if (!api_query(r, "tahun")) {
		api_tolak(r, PAGU_E_INVALID, "tahun", NULL, P_TAHUN_ANGGARAN_PERLU);
		return;
	}
	if (!api_query_int(r, "tahun", 2000, 2100, 0, &tahun) ||
	    !api_query_int(r, "limit", 1, SSH_LIST_MAX, 100, &limit))
		return;
	const char *prefix = api_query(r, "prefix");
	const char *cursor = api_query(r, "cursor");
	const char *after = NULL;
	if (cursor) {
		size_t len;
		after = api_b64url_decode(r, cursor, 64, &len);
		if (!after || strlen(after) != len) {
			api_tolak(r, PAGU_E_INVALID, "cursor", NULL, P_CURSOR_ASING);
			return;
		}
	}
	if (prefix && strlen(prefix) > 40) {
		api_tolak(r, PAGU_E_INVALID, "prefix", NULL, P_SSH_AWALAN_PANJANG);
		return;
	}
	struct ssh_item *rows;
	int n;
	bool more;
	pagu_err e =
		ssh_list(r->db, &r->arena, r->tok.pemda_id, (int)tahun, prefix, after, (int)limit, &rows, &n, &more);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_SSH);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, ssh_json(&rows[i]));
	json_t *next =
		more ? json_string(api_b64url_encode(r, rows[n - 1].kode, strlen(rows[n - 1].kode))) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

/* POST /v1/pemda/{pemda}/ssh/impor?tahun=Y: a year's standard unit prices from CSV, all or nothing. */
#define SSH_IMPOR_MAX 100000

struct ssh_import_arg {
	long tahun;
	struct ssh_item *items;
	int n;
};

static pagu_err ssh_import_work(struct api_req *r, void *p)
{
	struct ssh_import_arg *a = p;
	struct pagu_fault f = { 0 };
	pagu_err e = ssh_import(r->db, &r->arena, r->tok.pemda_id, (int)a->tahun, a->items, a->n, r->tok.token_id, &f);
	return dokumen_reply(r, e, &f, 201,
			     e == PAGU_OK ? json_pack("{s:i, s:i}", "tahun", (int)a->tahun, "item", a->n) : NULL, 0);
}

/* "5.1.02.01.01;5.1.02.02" -> "5.1.02.01.01,5.1.02.02" when every part is a kode rekening of level 3 to 6. */
static const char *akun_list(struct api_req *r, const char *s)
{
	char *copy = arena_strdup(&r->arena, s), *save = NULL;
	size_t n = 0;
	for (char *t = strtok_r(copy, "; ", &save); t; t = strtok_r(NULL, "; ", &save)) {
		struct kode_akun k;
		if (kode_akun_parse(t, strlen(t), &k) != PAGU_OK || k.level < 3)
			return NULL;
		n++;
	}
	if (!n || n > 20)
		return NULL;
	char *out = arena_strdup(&r->arena, s);
	size_t o = 0;
	for (const char *c = s; *c; c++) {
		if (*c == ' ')
			continue;
		out[o++] = *c == ';' ? ',' : *c;
	}
	out[o] = '\0';
	return out;
}

void h_ssh_import(struct api_req *r)
{
	struct ssh_import_arg a = { 0 };
	if (!api_query(r, "tahun")) {
		api_tolak(r, PAGU_E_INVALID, "tahun", NULL, P_TAHUN_HARGA_PERLU);
		return;
	}
	if (!api_query_int(r, "tahun", 2000, 2100, 0, &a.tahun))
		return;
	struct csv_reader c;
	csv_init(&c, r->body ? r->body : "", r->body_len, &r->arena);
	const char *f[CSV_MAX_FIELDS];
	int nf, rc = csv_next(&c, f, &nf);
	static const char *const cols[] = { "kode", "uraian", "satuan", "harga", "akun" };
	int pos[5];
	if (rc != 1) {
		api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_TANPA_KEPALA);
		return;
	}
	int nhead = nf;
	if (!impor_header(r, f, nf, cols, 5, NULL, pos))
		return;
	for (int k = 0; k < 5; k++) {
		if (pos[k] < 0) {
			api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_SSH_KOLOM_HILANG, "kolom", cols[k]);
			return;
		}
	}
	size_t cap = 256;
	a.items = arena_alloc(&r->arena, sizeof(*a.items) * cap);
	int *lines = arena_alloc(&r->arena, sizeof(int) * cap);
	struct impor_faults errs;
	impor_faults_init(&errs, r);
	int ndata = 0; /* data rows read: each is imported, or the refusal names it or counts it as good */
	for (;;) {
		rc = impor_next(&errs, &c, f, &nf, &ndata);
		if (rc < 0)
			return;
		if (rc == 0)
			break;
		if (!impor_width(&errs, c.line, nf, nhead))
			continue;
		if (a.n == SSH_IMPOR_MAX) {
			api_tolak(r, PAGU_E_TOO_LARGE, "csv", NULL, P_SSH_TERLALU_BANYAK, "n",
				  api_num(r, SSH_IMPOR_MAX));
			return;
		}
		if ((size_t)a.n == cap)
			a.items = impor_grow(r, a.items, sizeof(*a.items), &lines, &cap);
		const char *v[5];
		bool utf8 = true;
		for (int k = 0; k < 5; k++) {
			v[k] = f[pos[k]];
			utf8 &= impor_utf8(&errs, c.line, cols[k], v[k]);
		}
		if (!utf8)
			continue;
		/* text an export guarded against spreadsheet formulas ("'=...") comes back as it was */
		v[1] = csv_text_unguard(v[1]);
		v[2] = csv_text_unguard(v[2]);
		struct ssh_item *it = &a.items[a.n];
		pesan_kunci why = P_TANPA_;
		const char *field = NULL;
		size_t kl = strlen(v[0]);
		bool kode_ok = kl > 0 && kl <= 40 &&
			       strspn(v[0], "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-") == kl;
		if (!kode_ok)
			field = "kode", why = P_IMPOR_SSH_KODE;
		else if (!*v[1] || strlen(v[1]) > 500 || opd_check_text(v[1], strlen(v[1])))
			field = "uraian", why = P_IMPOR_TEKS_SALAH;
		else if (!*v[2] || strlen(v[2]) > 50 || opd_check_text(v[2], strlen(v[2])))
			field = "satuan", why = P_IMPOR_TEKS_SALAH;
		else if (money_parse(v[3], strlen(v[3]), 0, &it->harga) != PAGU_OK)
			field = "harga", why = P_IMPOR_HARGA_SALAH;
		else if (!(it->akun = akun_list(r, v[4])))
			field = "akun", why = P_IMPOR_AKUN_DAFTAR;
		if (why) {
			impor_fault(&errs, c.line, field, why, "kolom", field);
			continue;
		}
		it->kode = v[0];
		it->uraian = v[1];
		it->satuan = v[2];
		lines[a.n] = c.line;
		a.n++;
	}
	/* the well-formed rows' akun against the reference edition of the year, row by row */
	if (a.n) {
		int *bad, nbad;
		const char **akun;
		pagu_err e = ssh_import_check(r->db, &r->arena, (int)a.tahun, a.items, a.n, &bad, &akun, &nbad);
		if (e != PAGU_OK) {
			api_tolak_engine(r, e, P_APA_BAGAN_AKUN);
			return;
		}
		for (int i = 0; i < nbad; i++)
			impor_fault(&errs, lines[bad[i]], "akun", P_IMPOR_AKUN_TIDAK_AKTIF, "akun", akun[i], "tahun",
				    api_num(r, a.tahun));
	}
	if (errs.n) {
		impor_refuse(&errs, P_APA_SSH_IMPOR, ndata);
		return;
	}
	if (!a.n) {
		api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_KOSONG);
		return;
	}
	api_idempotent(r, ssh_import_work, &a);
}
