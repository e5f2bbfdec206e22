/* h_dokumen_kas_post.c - POST /v1/pemda/{pemda}/dokumen/{id}/anggaran-kas: a DPA line's monthly cash plan. */
#include "api.h"
#include "dokumen_json.h"
#include "json_spec.h"
#include "money.h"
#include <string.h>

struct arg {
	int64_t id;
	int revisi;
	int64_t baris;
	bool rata;
	int64_t bulan[12];
};

static pagu_err work(struct api_req *r, void *p)
{
	struct arg *a = p;
	struct pagu_fault f = { 0 };
	int revisi = 0;
	pagu_err e = dokumen_kas_set(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, (int)a->baris,
				      a->rata ? NULL : a->bulan, r->tok.token_id, &revisi, &f);
	return dokumen_reply(
		r, e, &f, 200,
		e == PAGU_OK ? json_pack("{s:I, s:i}", "baris", (json_int_t)a->baris, "revisi", revisi) : NULL, revisi);
}

void h_dokumen_kas_post(struct api_req *r)
{
	struct arg a = { .revisi = -1 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id))
		return;
	struct jspec_strings bulan = { 0 };
	bool has_bulan = false;
	const struct jspec spec[] = {
		{ .name = "baris", .type = JSPEC_INT, .required = true, .min = 1, .max = 1000000000, .out = &a.baris },
		{ .name = "bulan",
		  .type = JSPEC_STRING_ARRAY,
		  .max_items = 12,
		  .max_len = 24,
		  .out = &bulan,
		  .present = &has_bulan },
		{ .name = "rata", .type = JSPEC_BOOL, .out = &a.rata },
		JSPEC_END,
	};
	if (!json_spec_parse(r, spec))
		return;
	if (has_bulan == a.rata) {
		api_problem(r, PAGU_E_INVALID, "/bulan", NULL,
			    "give either bulan (twelve amounts, January first) or rata: true (an even spread)");
		return;
	}
	if (has_bulan) {
		if (bulan.n != 12) {
			api_problem(r, PAGU_E_INVALID, "/bulan", NULL, "/bulan needs 12 amounts, not %zu", bulan.n);
			return;
		}
		for (int m = 0; m < 12; m++) {
			pagu_err e = money_parse(bulan.items[m], strlen(bulan.items[m]), 0, &a.bulan[m]);
			if (e != PAGU_OK) {
				api_problem(r, e, arena_printf(&r->arena, "/bulan/%d", m), NULL,
					    "/bulan/%d is not an amount like \"1250000.00\"", m);
				return;
			}
		}
	}
	if (!dokumen_authorise(r, a.id, "kas", &d))
		return;
	if (!dokumen_if_match(r, false, &a.revisi))
		return;
	api_idempotent(r, work, &a);
}
