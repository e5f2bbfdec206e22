/* h_ssh_post.c - POST /v1/pemda/{pemda}/ssh: record a standard unit price (a new version when the item exists). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "ssh.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "kode.h"
#include "money.h"
#include "opd_json.h"

struct arg {
	int64_t tahun;
	struct ssh_item in;
};

json_t *ssh_json(const struct ssh_item *s);
json_t *ssh_json(const struct ssh_item *s)
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

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct pagu_fault f = { 0 };
	struct ssh_item out;
	pagu_err e = ssh_add(r->db, &r->arena, r->tok.pemda_id, (int)a->tahun, &a->in, r->tok.token_id, &out, &f);
	return dokumen_reply(r, e, &f, 201, e == PAGU_OK ? ssh_json(&out) : NULL, 0);
}

static const char *check_kode(const char *s, size_t len)
{
	if (len == 0 || len > 40)
		return "is not an SSH item code of 1 to 40 characters";
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (i && (c == '.' || c == '-'))))
			return "is not an SSH item code (letters, digits, dots, dashes)";
	}
	return NULL;
}

static const char *check_akun_prefix(const char *s, size_t len)
{
	struct kode_akun k;
	return kode_akun_parse(s, len, &k) == PAGU_OK && k.level >= 3
		       ? NULL
		       : "is not a kode rekening of level 3 to 6 (e.g. 5.1.02.01.01)";
}

void h_ssh_post(struct api_req *r)
{
	struct arg a = { 0 };
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
		api_problem(r, PAGU_E_INVALID, "/akun", NULL, "/akun needs at least one kode rekening prefix");
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
	api_idempotent(r, work, &a);
}
