/*
 * h_ref.c - the national reference lists: /v1/ref/akun/{kode} and /v1/ref/nomenklatur.
 */
#include <string.h>

#include "api.h"
#include "kode.h"
#include "ref.h"

/* GET /v1/ref/akun/{kode}: one account of the chart of accounts. */
static json_t *akun_json(const struct ref_akun *a)
{
	return json_pack("{s:s, s:i, s:s, s:s, s:b, s:i}", "kode", a->kode, "level", a->level, "level_name",
			 kode_akun_level_name(a->level), "nama", a->nama, "aktif", a->aktif, "id_hkm", a->id_hkm);
}

void h_ref_akun_get(struct api_req *r)
{
	const char *raw = r->params[0];
	struct kode_akun k;
	if (kode_akun_parse(raw, strlen(raw), &k) != PAGU_OK) {
		api_tolak(r, PAGU_E_BAD_CODE, "kode", NULL, P_BUKAN_KODE_REKENING, "kode", raw);
		return;
	}
	long tahun;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun))
		return;
	struct ref_akun_result res;
	pagu_err e = ref_akun_get(r->db, &r->arena, (int)tahun, k.kode, &res);
	if (e == PAGU_E_NOT_FOUND) {
		api_tolak(r, e, "kode", NULL, P_AKUN_TIDAK_BERLAKU, "kode", k.kode, "tahun", api_num(r, tahun));
		return;
	}
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_BAGAN_AKUN);
		return;
	}
	json_t *body = akun_json(&res.akun);
	json_t *parents = json_array();
	for (int i = 0; i < res.nparents; i++)
		json_array_append_new(parents, akun_json(&res.parents[i]));
	json_object_set_new(body, "induk", parents);
	json_t *retired = json_array();
	for (int i = 0; i < res.nretired; i++)
		json_array_append_new(retired, akun_json(&res.retired[i]));
	json_object_set_new(body, "riwayat", retired);
	json_object_set_new(body, "referensi",
			    json_pack("{s:s, s:s, s:i}", "kode", res.edition.kode, "dasar_hukum",
				      res.edition.dasar_hukum, "tahun_mulai", res.edition.tahun_mulai));
	json_object_set_new(body, "tahun", json_integer(tahun));
	api_reply_json(r, 200, body);
}

/* GET /v1/ref/nomenklatur: the national programme tree, filtered and paginated. */
/* Cursor: base64url of "kode\x1fjenis\x1f0|1", the last row of the previous page. */
#define CURSOR_SEP '\x1f'

static bool cursor_decode(struct api_req *r, const char *s, struct ref_nom_query *q)
{
	size_t len;
	char *raw = api_b64url_decode(r, s, 128, &len);
	if (!raw || strlen(raw) != len)
		return false;
	char *sep1 = strchr(raw, CURSOR_SEP);
	char *sep2 = sep1 ? strchr(sep1 + 1, CURSOR_SEP) : NULL;
	if (!sep2 || strchr(sep2 + 1, CURSOR_SEP))
		return false;
	*sep1 = *sep2 = '\0';
	struct kode_nomenklatur k;
	const char *jenis = sep1 + 1, *aktif = sep2 + 1;
	if (kode_nomenklatur_parse(raw, strlen(raw), &k) != PAGU_OK || strcmp(k.kode, raw) != 0)
		return false;
	if (strcmp(jenis, "provinsi") && strcmp(jenis, "kabkota") && strcmp(jenis, "both"))
		return false;
	if (strcmp(aktif, "0") && strcmp(aktif, "1"))
		return false;
	q->after_kode = raw;
	q->after_jenis = jenis;
	q->after_aktif = aktif[0] == '1';
	return true;
}

void h_ref_nomenklatur_list(struct api_req *r)
{
	struct ref_nom_query q = { 0 };
	long tahun, limit;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun) ||
	    !api_query_int(r, "limit", 1, REF_NOM_LIMIT_MAX, 100, &limit))
		return;
	q.tahun = (int)tahun;
	q.limit = (int)limit;

	const char *prefix = api_query(r, "prefix");
	if (prefix) {
		struct kode_nomenklatur k;
		if (kode_nomenklatur_parse(prefix, strlen(prefix), &k) != PAGU_OK) {
			api_tolak(r, PAGU_E_BAD_CODE, "prefix", NULL, P_NOMENKLATUR_BUKAN_AWALAN, "awalan", prefix);
			return;
		}
		q.prefix = arena_strdup(&r->arena, k.kode);
	}
	const char *level = api_query(r, "level");
	if (level) {
		enum kode_nom_level lv;
		if (kode_nom_level_from_name(level, &lv) != PAGU_OK) {
			api_tolak(r, PAGU_E_INVALID, "level", NULL, P_LEVEL_SALAH, "level", level);
			return;
		}
		q.level = kode_nom_level_name(lv);
	}
	const char *jenis = api_query(r, "jenis");
	if (jenis) {
		if (strcmp(jenis, "provinsi") && strcmp(jenis, "kabkota")) {
			api_tolak(r, PAGU_E_INVALID, "jenis", NULL, P_JENIS_PEMDA_SALAH, "jenis", jenis);
			return;
		}
		q.jenis = jenis;
	}
	const char *aktif = api_query(r, "aktif");
	if (aktif) {
		if (strcmp(aktif, "true") && strcmp(aktif, "all")) {
			api_tolak(r, PAGU_E_INVALID, "aktif", NULL, P_AKTIF_SALAH, "aktif", aktif);
			return;
		}
		q.include_retired = !strcmp(aktif, "all");
	}
	const char *cursor = api_query(r, "cursor");
	if (cursor && !cursor_decode(r, cursor, &q)) {
		api_tolak(r, PAGU_E_INVALID, "cursor", NULL, P_CURSOR_ASING);
		return;
	}

	struct ref_nom_page page;
	pagu_err e = ref_nom_list(r->db, &r->arena, &q, &page);
	if (e != PAGU_OK) {
		if (e == PAGU_E_NOT_FOUND)
			api_tolak(r, e, "tahun", NULL, P_NOMENKLATUR_TIDAK_BERLAKU, "tahun", api_num(r, tahun));
		else
			api_tolak_engine(r, e, P_APA_NOMENKLATUR);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < page.nrows; i++) {
		const struct ref_nom *n = &page.rows[i];
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:i}", "kode", n->kode, "kode_lama",
						n->kode_lama, "level", n->level, "nama", n->nama, "jenis_pemda",
						n->jenis_pemda, "aktif", n->aktif, "id_hkm", n->id_hkm));
	}
	json_t *body = json_pack("{s:o, s:I}", "items", items, "tahun", (json_int_t)tahun);
	if (page.more) {
		const struct ref_nom *last = &page.rows[page.nrows - 1];
		char *raw = arena_printf(&r->arena, "%s%c%s%c%c", last->kode, CURSOR_SEP, last->jenis_pemda, CURSOR_SEP,
					 last->aktif ? '1' : '0');
		json_object_set_new(body, "next_cursor", json_string(api_b64url_encode(r, raw, strlen(raw))));
	} else {
		json_object_set_new(body, "next_cursor", json_null());
	}
	json_object_set_new(body, "referensi",
			    json_pack("{s:s, s:s, s:i}", "kode", page.edition.kode, "dasar_hukum",
				      page.edition.dasar_hukum, "tahun_mulai", page.edition.tahun_mulai));
	api_reply_json(r, 200, body);
}
