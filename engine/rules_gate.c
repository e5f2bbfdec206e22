/* rules_gate.c - the rules DSL at the transitions: the pack in force, facts, evaluation, record. */
#include "rules_gate.h"

#include "sql.h"

#include "fileutil.h"
#include "pack.h"
#include "pesan.h"

#include <dirent.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(RULES_GATE_MAX_FILE == RULES_MAX_FILE, "rules_gate.h's limit is the lexer's");

/* The facts of an event: pagu_rules_fakta, pagu_rules_fakta_triwulan, pagu_rules_fakta_entri. */
/* clang-format off */
#define FACT_ROW(C, r) \
	C(r, jenis) C(r, akun) C(r, sub_kegiatan) C(r, sumber_dana) C(r, opd_kode) \
	C(r, jumlah) C(r, baris) C(r, harga_satuan) C(r, ssh_harga)
/* clang-format on */
DB_ROW(fact_row, FACT_ROW);
/* a posting's facts carry what its evaluation needs besides: the shape extends FACT_ROW */
#define POSTING_ROW(C, r) FACT_ROW(C, r) C(r, tahun) C(r, dpa_id) C(r, pemda_jenis)
DB_ROW(posting_row, POSTING_ROW);
_Static_assert((int)posting_row_jenis == (int)fact_row_jenis && (int)posting_row_ssh_harga == (int)fact_row_ssh_harga,
	       "a posting's facts row begins with the facts row");
#define PEMDA_ROW(C, r) C(r, jenis)
DB_ROW(pemda_row, PEMDA_ROW);
#define PERKADA_ROW(C, r) C(r, nama) C(r, versi) C(r, berlaku) C(r, judul) C(r, isi) C(r, hash)
DB_ROW(perkada_row, PERKADA_ROW);
#define PERKADA_LIST_ROW(C, r) C(r, nama) C(r, versi) C(r, berlaku) C(r, judul) C(r, hash)
DB_ROW(perkada_list_row, PERKADA_LIST_ROW);
#define PERKADA_ADD_ROW(C, r) C(r, versi)
DB_ROW(perkada_add_row, PERKADA_ADD_ROW);
/* clang-format off */
#define EVALUASI_ROW(C, r) \
	C(r, evaluasi_id) C(r, peristiwa) C(r, diterima) C(r, urutan) C(r, paket_hash) C(r, berkas) \
	C(r, token_id) C(r, waktu) C(r, hasil)
/* clang-format on */
DB_ROW(evaluasi_row, EVALUASI_ROW);
#define RECORD_ROW(C, r) C(r, evaluasi_id)
DB_ROW(record_row, RECORD_ROW);
#define KAPASITAS_NOW_ROW(C, r) C(r, kategori)
DB_ROW(kapasitas_now_row, KAPASITAS_NOW_ROW);
#define TAG_ROW(C, r) C(r, kategori) C(r, sub_kegiatan) C(r, akun) C(r, hitung) C(r, dasar)
DB_ROW(tag_row, TAG_ROW);
/* clang-format off */
#define PENANDAAN_ROW(C, r) \
	C(r, penandaan_id) C(r, tahun) C(r, kategori) C(r, sub_kegiatan) C(r, akun) C(r, hitung) C(r, dasar) \
	C(r, alasan) C(r, token_id) C(r, waktu)
#define KAPASITAS_ROW(C, r) \
	C(r, kapasitas_id) C(r, tahun) C(r, kategori) C(r, dasar) C(r, token_id) C(r, waktu)
#define TEMUAN_DOK_ROW(C, r) C(r, dokumen_id) C(r, temuan)
#define TEMUAN_ROW(C, r) \
	C(r, evaluasi_id) C(r, dokumen_id) C(r, jenis) C(r, versi) C(r, opd_kode) C(r, peristiwa) C(r, rule_id) \
	C(r, keparahan) C(r, pesan) C(r, dasar) C(r, nilai) C(r, waktu)
/* clang-format on */
DB_ROW(penandaan_row, PENANDAAN_ROW);
DB_ROW(kapasitas_row, KAPASITAS_ROW);
DB_ROW(temuan_dok_row, TEMUAN_DOK_ROW);
DB_ROW(temuan_row, TEMUAN_ROW);
#define WAKTU_SQL(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

enum {
	Q_FAKTA,
	Q_FAKTA_TRIWULAN,
	Q_FAKTA_ENTRI,
	Q_PEMDA,
	Q_PERKADA_IN_FORCE,
	Q_PERKADA_LIST,
	Q_PERKADA_ADD,
	Q_PERKADA_GET,
	Q_RECORD,
	Q_SEED,
	Q_EVALUASI_LIST,
	Q_KAPASITAS_NOW,
	Q_TAGS,
	Q_PENANDAAN_ADD,
	Q_PENANDAAN_LIST,
	Q_KAPASITAS_ADD,
	Q_KAPASITAS_LIST,
	Q_TEMUAN_DOK,
	Q_TEMUAN_TAHUN,
	Q_N
};
static const struct stmt q[Q_N] = {
	/* $1 pemda, $2 dokumen: the facts of a version */
	[Q_FAKTA] = { "rules_fakta",
		      "SELECT jenis, akun, sub_kegiatan, sumber_dana, opd_kode, jumlah, baris, harga_satuan, ssh_harga"
		      " FROM pagu_rules_fakta($1, $2::bigint)",
		      2, fact_row__cols },
	/* $1 pemda, $2 tahun, $3 triwulan: the facts of a quarter closed */
	[Q_FAKTA_TRIWULAN] = { "rules_fakta_triwulan",
			       "SELECT jenis, akun, sub_kegiatan, sumber_dana, opd_kode, jumlah, baris, harga_satuan,"
			       " ssh_harga FROM pagu_rules_fakta_triwulan($1, $2::int, $3::smallint)",
			       3, fact_row__cols },
	/* the facts of posting $2 with what the evaluation needs besides (the year and the DPA of its first
	   line's pocket, the pemda's jenis) on every row, in one round trip; no rows for an entry without
	   lines (an SPD) */
	[Q_FAKTA_ENTRI] = { "rules_fakta_entri",
			    "SELECT f.jenis, f.akun, f.sub_kegiatan, f.sumber_dana, f.opd_kode, f.jumlah, f.baris,"
			    " f.harga_satuan, f.ssh_harga, d.tahun, d.dpa_id, p.jenis AS pemda_jenis"
			    " FROM (SELECT e.tahun, k.dpa_id FROM entri e JOIN entri_baris b USING (pemda_id, entri_id)"
			    "  JOIN kantong k ON k.pemda_id = b.pemda_id AND k.kantong_id = b.kantong_id"
			    "  WHERE e.pemda_id = $1 AND e.entri_id = $2::bigint ORDER BY b.urutan LIMIT 1) d"
			    " CROSS JOIN pemda p CROSS JOIN pagu_rules_fakta_entri($1, $2::bigint) f"
			    " WHERE p.pemda_id = $1",
			    2, posting_row__cols },
	[Q_PEMDA] = { "rules_pemda", "SELECT jenis FROM pemda WHERE pemda_id = $1", 1, pemda_row__cols },
	/* the newest version in force today (WIB) of each Perkada file of pemda $1 */
	[Q_PERKADA_IN_FORCE] = { "rules_perkada_in_force",
				 "SELECT DISTINCT ON (p.nama) p.nama, p.versi, p.berlaku::text AS berlaku, p.judul,"
				 " b.isi, p.hash FROM rules_perkada p JOIN rules_berkas b USING (hash)"
				 " WHERE p.pemda_id = $1 AND p.berlaku <= pagu_hari_ini()"
				 " ORDER BY p.nama, p.versi DESC",
				 1, perkada_row__cols },
	[Q_PERKADA_LIST] = { "rules_perkada_list",
			     "SELECT nama, versi, berlaku::text AS berlaku, judul, hash FROM rules_perkada"
			     " WHERE pemda_id = $1 ORDER BY nama, versi",
			     1, perkada_list_row__cols },
	/* $1 pemda $2 nama $3 berlaku $4 judul $5 isi $6 hash $7 token: the new version's number */
	[Q_PERKADA_ADD] = { "rules_perkada_add",
			    "SELECT pagu_rules_perkada_add($1, $2, $3::date, $4, $5, $6, $7::bigint) AS versi", 7,
			    perkada_add_row__cols },
	[Q_PERKADA_GET] = { "rules_perkada_get",
			    "SELECT p.nama, p.versi, p.berlaku::text AS berlaku, p.judul, b.isi, p.hash"
			    " FROM rules_perkada p JOIN rules_berkas b USING (hash)"
			    " WHERE p.pemda_id = $1 AND p.nama = $2 AND p.versi = $3::int",
			    3, perkada_row__cols },
	/* $1 pemda $2 dokumen $3 peristiwa $4 diterima $5 paket hash $6 files [{nama,hash,isi}] (isi left out
	   of a file already in rules_berkas) $7 token $8 results $9 entri $10 tahun $11 triwulan: one
	   evaluation with its files and results, in one statement */
	[Q_RECORD] = { "rules_record",
		       "WITH f AS (INSERT INTO rules_berkas (hash, nama, isi)"
		       "  SELECT x.hash, x.nama, x.isi FROM jsonb_to_recordset($6::jsonb) AS x(hash text, nama text,"
		       "  isi text) WHERE x.isi IS NOT NULL ON CONFLICT (hash) DO NOTHING),"
		       " e AS (INSERT INTO rules_evaluasi (pemda_id, dokumen_id, peristiwa, urutan, diterima, "
		       "paket_hash,"
		       "  berkas, token_id, entri_id, tahun, triwulan) VALUES ($1, $2::bigint, $3, CASE WHEN $4::bool"
		       "  AND $9::bigint IS NULL AND $2::bigint IS NOT NULL"
		       "  THEN (SELECT max(urutan) FROM dokumen_event WHERE pemda_id = $1 AND dokumen_id = $2::bigint)"
		       "  END, $4::bool, $5, (SELECT coalesce(jsonb_agg(jsonb_build_object('nama', x->>'nama', 'hash',"
		       "  x->>'hash')), '[]') FROM jsonb_array_elements($6::jsonb) x), $7::bigint, $9::bigint,"
		       "  $10::int, $11::smallint) RETURNING evaluasi_id),"
		       " h AS (INSERT INTO rules_hasil (pemda_id, evaluasi_id, urutan, rule_id, berkas, baris, "
		       "keparahan,"
		       "  berlaku, lolos, pesan, nilai, kelompok, gagal, rincian, dasar)"
		       "  SELECT $1, e.evaluasi_id, x.urutan, x.rule_id, x.berkas, x.baris, x.keparahan, x.berlaku,"
		       "  x.lolos, x.pesan, x.nilai, x.kelompok, x.gagal, x.rincian, x.dasar FROM e,"
		       "  jsonb_to_recordset($8::jsonb) AS x(urutan int, rule_id text, berkas text, baris int,"
		       "  keparahan text, berlaku bool, lolos bool, pesan text, nilai jsonb, kelompok int, gagal int,"
		       "  rincian jsonb, dasar text))"
		       " SELECT evaluasi_id FROM e",
		       11, record_row__cols },
	/* $1 files [{nama,hash,isi}]: the national pack's texts, stored once when the server starts */
	[Q_SEED] = { "rules_seed",
		     "INSERT INTO rules_berkas (hash, nama, isi) SELECT x.hash, x.nama, x.isi"
		     " FROM jsonb_to_recordset($1::jsonb) AS x(hash text, nama text, isi text)"
		     " ON CONFLICT (hash) DO NOTHING",
		     1, NULL },
	/* the evaluations of version $2, oldest first, each with its results as JSON */
	[Q_EVALUASI_LIST] = { "rules_evaluasi_list",
			      "SELECT e.evaluasi_id, e.peristiwa, e.diterima, e.urutan, e.paket_hash, e.berkas,"
			      " e.token_id, to_char(e.waktu AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS "
			      "waktu,"
			      " (SELECT coalesce(jsonb_agg(jsonb_build_object('rule', h.rule_id, 'file', h.berkas,"
			      "  'line', h.baris, 'severity', h.keparahan, 'cite', h.dasar, 'applies', h.berlaku,"
			      "  'passed', h.lolos,"
			      "  'message', h.pesan, 'values', h.nilai, 'groups', h.kelompok, 'failed', h.gagal,"
			      "  'failures', h.rincian) ORDER BY h.urutan), '[]') FROM rules_hasil h"
			      "  WHERE h.pemda_id = e.pemda_id AND h.evaluasi_id = e.evaluasi_id) AS hasil"
			      " FROM rules_evaluasi e WHERE e.pemda_id = $1 AND e.dokumen_id = $2::bigint"
			      " ORDER BY e.evaluasi_id",
			      2, evaluasi_row__cols },
	/* $1 pemda $2 tahun: the newest kapasitas fiskal category of the year */
	[Q_KAPASITAS_NOW] = { "rules_kapasitas_now",
			      "SELECT kategori FROM kapasitas_fiskal WHERE pemda_id = $1 AND tahun = $2::int"
			      " ORDER BY kapasitas_id DESC LIMIT 1",
			      2, kapasitas_now_row__cols },
	/* $1 pemda $2 tahun: the pemda's tagging rows in force (the newest of the same patterns) */
	[Q_TAGS] = { "rules_tags",
		     "SELECT DISTINCT ON (kategori, sub_kegiatan, akun) kategori, sub_kegiatan, akun, hitung, dasar"
		     " FROM penandaan_belanja_wajib WHERE pemda_id = $1 AND tahun = $2::int"
		     " ORDER BY kategori, sub_kegiatan, akun, penandaan_id DESC",
		     2, tag_row__cols },
	/* $1 pemda $2 tahun $3 kategori $4 sub $5 akun $6 hitung $7 dasar $8 alasan $9 token */
	[Q_PENANDAAN_ADD] = { "rules_penandaan_add",
			      "INSERT INTO penandaan_belanja_wajib (pemda_id, tahun, kategori, sub_kegiatan, akun, "
			      "hitung,"
			      " dasar, alasan, token_id) VALUES ($1, $2::int, $3, $4, $5, $6::bool, $7, $8, $9::bigint)"
			      " RETURNING penandaan_id, tahun, kategori, sub_kegiatan, akun, hitung, dasar, alasan,"
			      " token_id, " WAKTU_SQL("waktu") " AS waktu",
			      9, penandaan_row__cols },
	/* $1 pemda $2 tahun (NULL: every year) */
	[Q_PENANDAAN_LIST] = { "rules_penandaan_list",
			       "SELECT penandaan_id, tahun, kategori, sub_kegiatan, akun, hitung, dasar, alasan, "
			       "token_id, " WAKTU_SQL(
				       "waktu") " AS waktu FROM penandaan_belanja_wajib WHERE pemda_id = $1"
						" AND ($2::int IS NULL OR tahun = $2::int) ORDER BY penandaan_id",
			       2, penandaan_row__cols },
	/* $1 pemda $2 tahun $3 kategori $4 dasar $5 token */
	[Q_KAPASITAS_ADD] = { "rules_kapasitas_add",
			      "INSERT INTO kapasitas_fiskal (pemda_id, tahun, kategori, dasar, token_id)"
			      " VALUES ($1, $2::int, $3, $4, $5::bigint)"
			      " RETURNING kapasitas_id, tahun, kategori, dasar, token_id, " WAKTU_SQL(
				      "waktu") " AS waktu",
			      5, kapasitas_row__cols },
	[Q_KAPASITAS_LIST] = { "rules_kapasitas_list",
			       "SELECT kapasitas_id, tahun, kategori, dasar, token_id, " WAKTU_SQL(
				       "waktu") " AS waktu"
						" FROM kapasitas_fiskal WHERE pemda_id = $1 AND ($2::int IS NULL OR "
						"tahun = $2::int)"
						" ORDER BY kapasitas_id",
			       2, kapasitas_row__cols },
	/* $1 pemda $2 dokumen: the findings of the version's accepted evaluations; a DPA's are its APBD's
	   (the newest locked APBD of its year), whose id comes back */
	[Q_TEMUAN_DOK] = { "rules_temuan_dokumen",
			   "WITH d AS (SELECT dokumen_id, jenis, tahun FROM dokumen WHERE pemda_id = $1"
			   "  AND dokumen_id = $2::bigint),"
			   " src AS (SELECT CASE WHEN d.jenis = 'dpa' THEN (SELECT a.dokumen_id FROM dokumen a"
			   "  WHERE a.pemda_id = $1 AND a.tahun = d.tahun AND a.jenis = 'apbd' AND a.status = 'locked'"
			   "  ORDER BY a.versi DESC LIMIT 1) ELSE d.dokumen_id END AS id FROM d)"
			   " SELECT (SELECT id FROM src) AS dokumen_id, coalesce(jsonb_agg(jsonb_build_object("
			   "  'evaluasi_id', e.evaluasi_id, 'event', e.peristiwa, 'rule', h.rule_id, 'severity',"
			   "  h.keparahan, 'message', h.pesan, 'cite', h.dasar, 'values', h.nilai, 'waktu', " WAKTU_SQL(
				   "e.waktu") ") ORDER BY e.evaluasi_id, h.urutan), '[]') AS temuan"
					      " FROM rules_evaluasi e JOIN rules_hasil h USING (pemda_id, evaluasi_id)"
					      " WHERE e.pemda_id = $1 AND e.dokumen_id = (SELECT id FROM src) AND "
					      "e.diterima"
					      "  AND h.keparahan = 'finding' AND h.berlaku AND NOT h.lolos",
			   2, temuan_dok_row__cols },
	/* $1 pemda $2 tahun: every finding of the year's documents' accepted evaluations */
	[Q_TEMUAN_TAHUN] = { "rules_temuan_tahun",
			     "SELECT e.evaluasi_id, d.dokumen_id, d.jenis, d.versi, d.opd_kode, e.peristiwa, h.rule_id,"
			     " h.keparahan, h.pesan, h.dasar, h.nilai, " WAKTU_SQL(
				     "e.waktu") " AS waktu"
						" FROM rules_evaluasi e JOIN rules_hasil h USING (pemda_id, "
						"evaluasi_id)"
						" JOIN dokumen d ON d.pemda_id = e.pemda_id AND d.dokumen_id = "
						"e.dokumen_id"
						" WHERE e.pemda_id = $1 AND d.tahun = $2::int AND e.diterima AND "
						"h.keparahan = 'finding'"
						"  AND h.berlaku AND NOT h.lolos ORDER BY e.evaluasi_id, h.urutan",
			     2, temuan_row__cols },
};
const struct stmt_area stmt_area_rules = { "rules", q, Q_N };

static struct arena national_arena;
static struct rules_pack national;
static bool national_loaded;	    /* national is initialised (empty until rules_gate_load) */
static bool gate_on;		    /* rules_gate_load has succeeded: transitions are checked */
static atomic_bool national_stored; /* its texts are in rules_berkas */

static const struct rules_pack *national_pack(void)
{
	if (!national_loaded) {
		rules_pack_init(&national);
		national_loaded = true;
	}
	return &national;
}

bool rules_gate_loaded(void)
{
	return gate_on;
}

const char *rules_gate_national_hash(void)
{
	return national_pack()->hash;
}

int rules_gate_national_files(void)
{
	return national_pack()->nfiles;
}

static void error_from(struct arena *a, const struct rules_error *err, const char *src, size_t len,
		       struct rules_gate_error *out)
{
	char buf[1024];
	if (src)
		rules_error_format(err, src, len, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s:%d:%d: %s", err->file ? err->file : "", err->pos.line, err->pos.col,
			 err->message);
	out->file = err->file ? arena_strdup(a, err->file) : NULL;
	out->line = err->pos.line;
	out->column = err->pos.col;
	out->message = arena_strdup(a, err->message);
	out->text = arena_strdup(a, buf);
}

static void fail_report(struct arena *a, struct rules_report *rep, pagu_err code, const struct rules_error *err,
			const char *src, size_t len)
{
	rep->failed = true;
	rep->fail_code = code;
	error_from(a, err, src, len, &rep->err);
}

static const struct rules_gate_file *files_of(struct arena *a, const struct rules_pack *p)
{
	struct rules_gate_file *f = arena_alloc(a, sizeof(*f) * (size_t)(p->nfiles ? p->nfiles : 1));
	for (int i = 0; i < p->nfiles; i++) {
		const struct rules_pack_file *x = &p->files[i];
		f[i] = (struct rules_gate_file){ .name = x->name,
						 .hash = x->hash,
						 .src = x->src,
						 .len = x->len,
						 .perkada = !strncmp(x->name, "perkada/", 8),
						 .nrules = x->f.nrules,
						 .ntables = x->f.ntables };
	}
	return f;
}

/* The pack in force for @pemda: the national files, then the pemda's Perkada files in force. */
static pagu_err pack_in_force(struct db *db, struct arena *a, const char *pemda, struct rules_pack **out,
			      struct rules_report *rep)
{
	struct rules_pack *p = arena_alloc(a, sizeof(*p));
	*p = *national_pack();
	*out = p;
	const char *params[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PERKADA_IN_FORCE], DB_P(params), &r);
	if (e != PAGU_OK)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *name = arena_printf(a, "perkada/%s.rules", PQgetvalue(r, i, perkada_row_nama));
		size_t len = (size_t)PQgetlength(r, i, perkada_row_isi);
		const char *src = arena_strndup(a, PQgetvalue(r, i, perkada_row_isi), len);
		struct rules_error err;
		if (rules_pack_add(a, p, name, src, len, &err) != PAGU_OK) {
			fail_report(a, rep, PAGU_E_RULES_INVALID, &err, src, len);
			break;
		}
	}
	PQclear(r);
	rep->pack_hash = p->hash;
	rep->files = files_of(a, p);
	rep->nfiles = p->nfiles;
	return PAGU_OK;
}

/* provinsi, kota or kabupaten: Kemendagri wilayah codes of a kota are from 71 on, a kabupaten's below */
static const char *level_of(const char *pemda, const char *jenis)
{
	if (!strcmp(jenis, "provinsi"))
		return "provinsi";
	const char *dot = strchr(pemda, '.');
	return dot && atoi(dot + 1) >= 71 ? "kota" : "kabupaten";
}

static pagu_err level_get(struct db *db, struct arena *a, const char *pemda, const char **level)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PEMDA], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	*level = PQntuples(r) ? arena_strdup(a, level_of(pemda, PQgetvalue(r, 0, pemda_row_jenis))) : "kota";
	PQclear(r);
	return PAGU_OK;
}

/* The pemda's kapasitas fiskal category and tagging rows for @tahun, into @facts. */
static pagu_err context_get(struct db *db, struct arena *a, const char *pemda, int tahun, struct rules_facts *facts)
{
	const char *p[] = { pemda, db_num(a, tahun) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_KAPASITAS_NOW], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	facts->kapasitas_fiskal = PQntuples(r) ? arena_strdup(a, PQgetvalue(r, 0, kapasitas_now_row_kategori)) : "";
	PQclear(r);
	if ((e = db_exec(db, &q[Q_TAGS], DB_P(p), &r)) != PAGU_OK)
		return e;
	int n = PQntuples(r);
	struct rules_tag_row *t = arena_alloc(a, sizeof(*t) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		t[i] = (struct rules_tag_row){ .kategori = arena_strdup(a, PQgetvalue(r, i, tag_row_kategori)),
					       .sub_kegiatan = arena_strdup(a, PQgetvalue(r, i, tag_row_sub_kegiatan)),
					       .akun = arena_strdup(a, PQgetvalue(r, i, tag_row_akun)),
					       .counts = PQgetvalue(r, i, tag_row_hitung)[0] == 't',
					       .dasar = arena_strdup(a, PQgetvalue(r, i, tag_row_dasar)) };
	PQclear(r);
	facts->tags = t;
	facts->ntags = (size_t)n;
	return PAGU_OK;
}

/* An optional amount (NULL: 0); one pagu cannot carry is an error, never a silent 0 in a rule's facts. */
static pagu_err sen(struct db *db, PGresult *r, int row, int col, int64_t *out)
{
	*out = 0;
	return PQgetisnull(r, row, col) ? PAGU_OK : db_sen(db, r, row, col, out);
}

/* The fact lines of @r (rows of fact_row, or of a shape that extends it), strings in @a. */
static pagu_err facts_from(struct db *db, struct arena *a, PGresult *r, struct rules_fact_line **out, size_t *count)
{
	size_t n = (size_t)PQntuples(r);
	struct rules_fact_line *lines = arena_alloc(a, sizeof(*lines) * (n ? n : 1));
	static const enum rules_fact_kind kinds[] = {
		FACT_ANGGARAN, FACT_PLAFON_OPD, FACT_PLAFON_SUB, FACT_KAS,
		FACT_SP2D,     FACT_REALISASI,	FACT_FISIK,	 FACT_REALISASI_TW
	};
	for (size_t i = 0; i < n; i++) {
		int row = (int)i;
		struct rules_fact_line *l = &lines[i];
		memset(l, 0, sizeof(*l));
		int k = atoi(PQgetvalue(r, row, fact_row_jenis));
		l->kind = k >= 0 && k < 8 ? kinds[k] : FACT_ANGGARAN;
		l->akun = db_opt(a, r, row, fact_row_akun);
		l->sub_kegiatan = db_opt(a, r, row, fact_row_sub_kegiatan);
		l->sumber_dana = db_opt(a, r, row, fact_row_sumber_dana);
		l->opd = db_opt(a, r, row, fact_row_opd_kode);
		pagu_err e;
		if ((e = sen(db, r, row, fact_row_jumlah, &l->jumlah)) != PAGU_OK ||
		    (e = sen(db, r, row, fact_row_harga_satuan, &l->harga_satuan)) != PAGU_OK ||
		    (e = sen(db, r, row, fact_row_ssh_harga, &l->ssh_harga)) != PAGU_OK)
			return e;
		l->baris = PQgetisnull(r, row, fact_row_baris) ? 0 : atoi(PQgetvalue(r, row, fact_row_baris));
		l->ada_ssh = !PQgetisnull(r, row, fact_row_ssh_harga);
	}
	*out = lines;
	*count = n;
	return PAGU_OK;
}

/* The library's results as the engine describes them (strings copied into @a). */
static void results_from(struct arena *a, const struct rules_result *res, int n, struct rules_report *rep)
{
	struct rules_gate_result *out = arena_alloc(a, sizeof(*out) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		const struct rules_result *x = &res[i];
		const struct rules_rule *ru = x->rule;
		struct rules_gate_result *o = &out[i];
		*o = (struct rules_gate_result){ .rule = ru->id,
						 .title = ru->title,
						 .cite = ru->cite,
						 .file = x->file,
						 .line = ru->pos.line,
						 .error = x->severity == RULES_ERROR,
						 .severity = rules_severity_name(x->severity),
						 .applies = x->applies,
						 .passed = x->passed,
						 .message = x->message,
						 .disabled = ru->disabled,
						 .for_each = ru->for_each,
						 .groups = x->ngroups,
						 .failed = x->nfailed };
		if (x->applies && ru->nlets) {
			struct rules_gate_value *v = arena_alloc(a, sizeof(*v) * (size_t)ru->nlets);
			for (int l = 0; l < ru->nlets; l++) {
				char buf[DEC_STR_MAX];
				dec_format(x->lets[l], buf);
				v[l] = (struct rules_gate_value){ ru->lets[l].name, arena_strdup(a, buf) };
			}
			o->values = v;
			o->nvalues = ru->nlets;
		}
		if (x->nfailures) {
			struct rules_gate_failure *f = arena_alloc(a, sizeof(*f) * (size_t)x->nfailures);
			for (int k = 0; k < x->nfailures; k++)
				f[k] = (struct rules_gate_failure){ x->failures[k].kode, x->failures[k].message };
			o->failures = f;
			o->nfailures = x->nfailures;
		}
		if (x->applies && !x->passed) {
			if (x->severity == RULES_ERROR)
				rep->nerrors++;
			else if (x->severity == RULES_FINDING)
				rep->nfindings++;
			else
				rep->nwarnings++;
		}
	}
	rep->res = out;
	rep->n = n;
}

/* Evaluates @verb @object of @pack on @facts into @rep (an evaluation error fails the report). */
static void eval_into(struct arena *a, const struct rules_pack *pack, const char *verb, const char *object,
		      const struct rules_facts *facts, struct rules_report *rep)
{
	struct rules_result *res = NULL;
	int n = 0;
	struct rules_error err;
	if (rules_pack_eval(a, pack, verb, object, facts, &res, &n, &err) != PAGU_OK) {
		const struct rules_pack_file *f = rules_pack_file_of(pack, err.file);
		fail_report(a, rep, PAGU_E_RULES_EVAL, &err, f ? f->src : NULL, f ? f->len : 0);
		return;
	}
	results_from(a, res, n, rep);
}

pagu_err rules_gate_evaluate(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d,
			     const char *verb, struct rules_report *out)
{
	memset(out, 0, sizeof(*out));
	out->event = arena_printf(a, "%s %s", verb, d->jenis);
	out->pack_hash = "";
	struct rules_pack *pack;
	pagu_err e = pack_in_force(db, a, pemda, &pack, out);
	if (e != PAGU_OK || out->failed)
		return e;
	if (!rules_pack_fires(pack, verb, d->jenis))
		return PAGU_OK;
	const char *level;
	if ((e = level_get(db, a, pemda, &level)) != PAGU_OK)
		return e;
	const char *p[] = { pemda, db_num(a, d->id) };
	PGresult *r = NULL;
	if ((e = db_exec(db, &q[Q_FAKTA], DB_P(p), &r)) != PAGU_OK)
		return e;
	size_t n;
	struct rules_fact_line *lines;
	e = facts_from(db, a, r, &lines, &n);
	PQclear(r); /* the lines' strings are the arena's */
	if (e != PAGU_OK)
		return e;
	struct rules_facts facts = {
		.tahun = d->tahun, .level = level, .kapasitas_fiskal = "", .lines = lines, .n = n
	};
	if ((e = context_get(db, a, pemda, d->tahun, &facts)) != PAGU_OK)
		return e;
	eval_into(a, pack, verb, d->jenis, &facts, out);
	return PAGU_OK;
}

/* The report's results as rules_hasil rows take them (JSON). */
static const char *results_json(struct arena *a, const struct rules_report *rep)
{
	struct db_json j;
	db_json_init(&j, a);
	db_json_raw(&j, "[");
	for (int i = 0; i < rep->n; i++) {
		const struct rules_gate_result *x = &rep->res[i];
		db_json_raw(&j, i ? ",{" : "{");
		db_json_key(&j, "urutan");
		db_json_int(&j, i + 1);
		db_json_raw(&j, ",");
		db_json_key(&j, "rule_id");
		db_json_str(&j, x->rule);
		db_json_raw(&j, ",");
		db_json_key(&j, "berkas");
		db_json_str(&j, x->file);
		db_json_raw(&j, ",");
		db_json_key(&j, "baris");
		db_json_int(&j, x->line);
		db_json_raw(&j, ",");
		db_json_key(&j, "keparahan");
		db_json_str(&j, x->severity);
		db_json_raw(&j, ",");
		db_json_key(&j, "dasar");
		db_json_str(&j, x->cite);
		db_json_raw(&j, ",");
		db_json_key(&j, "berlaku");
		db_json_raw(&j, x->applies ? "true," : "false,");
		db_json_key(&j, "lolos");
		db_json_raw(&j, x->passed ? "true," : "false,");
		db_json_key(&j, "pesan");
		db_json_str(&j, x->message);
		db_json_raw(&j, ",");
		db_json_key(&j, "nilai");
		db_json_raw(&j, "{");
		for (int l = 0; l < x->nvalues; l++) {
			if (l)
				db_json_raw(&j, ",");
			db_json_key(&j, x->values[l].name);
			db_json_str(&j, x->values[l].value);
		}
		db_json_raw(&j, "},");
		db_json_key(&j, "kelompok");
		db_json_int(&j, x->groups);
		db_json_raw(&j, ",");
		db_json_key(&j, "gagal");
		db_json_int(&j, x->failed);
		db_json_raw(&j, ",");
		db_json_key(&j, "rincian");
		db_json_raw(&j, "[");
		for (int k = 0; k < x->nfailures; k++) {
			db_json_raw(&j, k ? ",{" : "{");
			db_json_key(&j, "kode");
			db_json_str(&j, x->failures[k].kode);
			db_json_raw(&j, ",");
			db_json_key(&j, "pesan");
			db_json_str(&j, x->failures[k].message ? x->failures[k].message : "");
			db_json_raw(&j, "}");
		}
		db_json_raw(&j, "]}");
	}
	db_json_raw(&j, "]");
	return db_json_text(&j);
}

/* Files as rules_berkas and rules_evaluasi.berkas take them: name and hash, and the text unless @stored. */
static void file_json(struct db_json *j, const struct rules_gate_file *f, bool stored)
{
	db_json_raw(j, "{");
	db_json_key(j, "nama");
	db_json_str(j, f->name);
	db_json_raw(j, ",");
	db_json_key(j, "hash");
	db_json_str(j, f->hash);
	if (!stored) {
		db_json_raw(j, ",");
		db_json_key(j, "isi");
		db_json_strn(j, f->src, f->len);
	}
	db_json_raw(j, "}");
}

static pagu_err record(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, int tahun,
		       int triwulan, int64_t token, bool diterima, const struct rules_report *rep, int64_t entri_id)
{
	struct db_json files;
	db_json_init(&files, a);
	db_json_raw(&files, "[");
	for (int i = 0; i < rep->nfiles; i++) {
		if (i)
			db_json_raw(&files, ",");
		/* a Perkada's text came from rules_berkas; the national texts are there once seeded */
		file_json(&files, &rep->files[i], rep->files[i].perkada || atomic_load(&national_stored));
	}
	db_json_raw(&files, "]");
	const char *p[] = {
		pemda,
		d ? db_num(a, d->id) : NULL,
		rep->event,
		diterima ? "true" : "false",
		rep->pack_hash,
		db_json_text(&files),
		token > 0 ? db_num(a, token) : NULL,
		results_json(a, rep),
		entri_id > 0 ? db_num(a, entri_id) : NULL,
		triwulan ? db_num(a, tahun) : NULL,
		triwulan ? db_num(a, triwulan) : NULL,
	};
	return db_exec_cmd(db, &q[Q_RECORD], DB_P(p));
}

pagu_err rules_gate_record(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d, int64_t token,
			   bool diterima, const struct rules_report *rep)
{
	return record(db, a, pemda, d, 0, 0, token, diterima, rep, 0);
}

pagu_err rules_gate_check_transition(struct db *db, struct arena *a, const char *pemda, const struct dokumen *d,
				     const char *aksi, int64_t token, struct pagu_fault *f)
{
	if (!gate_on || !strcmp(aksi, "reject"))
		return PAGU_OK; /* no rules loaded; sending a document back is always allowed */
	struct rules_report *rep = arena_alloc(a, sizeof(*rep));
	pagu_err e = rules_gate_evaluate(db, a, pemda, d, aksi, rep);
	if (e != PAGU_OK)
		return e;
	f->laporan = rep;
	if (rep->failed || rep->nerrors) {
		rules_gate_fault(a, rep, f);
		return rep->failed ? rep->fail_code : PAGU_E_RULES_REFUSED;
	}
	return rules_gate_record(db, a, pemda, d, token, true, rep);
}

pagu_err rules_gate_load(const char *dir, char *msg, size_t msgsz)
{
	arena_init(&national_arena);
	rules_pack_init(&national);
	national_loaded = true;
	pagu_err e = rules_pack_load_dir(&national_arena, &national, dir, msg, msgsz);
	if (e != PAGU_OK)
		return e;
	gate_on = true;
	return PAGU_OK;
}

pagu_err rules_gate_check_posting(struct db *db, struct arena *a, const char *pemda, int64_t entri_id,
				  const char *jenis, int64_t token, struct rules_report *out)
{
	memset(out, 0, sizeof(*out));
	out->event = arena_printf(a, "post %s", jenis);
	out->pack_hash = "";
	struct rules_pack *pack;
	pagu_err e = pack_in_force(db, a, pemda, &pack, out);
	if (e != PAGU_OK || out->failed || !rules_pack_fires(pack, "post", jenis))
		return e;
	const char *p[] = { pemda, db_num(a, entri_id) };
	PGresult *r = NULL;
	if ((e = db_exec(db, &q[Q_FAKTA_ENTRI], DB_P(p), &r)) != PAGU_OK)
		return e;
	if (!PQntuples(r)) {
		PQclear(r);
		return PAGU_OK; /* a posting without lines (an SPD): nothing for these rules */
	}
	struct dokumen dpa = { .id = strtoll(PQgetvalue(r, 0, posting_row_dpa_id), NULL, 10),
			       .tahun = atoi(PQgetvalue(r, 0, posting_row_tahun)) };
	const char *level = arena_strdup(a, level_of(pemda, PQgetvalue(r, 0, posting_row_pemda_jenis)));
	size_t n;
	struct rules_fact_line *lines;
	e = facts_from(db, a, r, &lines, &n);
	PQclear(r);
	if (e != PAGU_OK)
		return e;
	struct rules_facts facts = {
		.tahun = dpa.tahun, .level = level, .kapasitas_fiskal = "", .lines = lines, .n = n
	};
	if ((e = context_get(db, a, pemda, dpa.tahun, &facts)) != PAGU_OK)
		return e;
	eval_into(a, pack, "post", jenis, &facts, out);
	if (out->failed || out->nerrors)
		return PAGU_OK; /* the caller refuses: nothing to record in a transaction that rolls back */
	return record(db, a, pemda, &dpa, 0, 0, token, true, out, entri_id);
}

pagu_err rules_gate_check_triwulan(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan,
				   int64_t token, struct rules_report *out)
{
	memset(out, 0, sizeof(*out));
	out->event = "close triwulan";
	out->pack_hash = "";
	struct rules_pack *pack;
	pagu_err e = pack_in_force(db, a, pemda, &pack, out);
	if (e != PAGU_OK || out->failed)
		return e;
	const char *level;
	if ((e = level_get(db, a, pemda, &level)) != PAGU_OK)
		return e;
	const char *p[] = { pemda, db_num(a, tahun), db_num(a, triwulan) };
	PGresult *r = NULL;
	if ((e = db_exec(db, &q[Q_FAKTA_TRIWULAN], DB_P(p), &r)) != PAGU_OK)
		return e;
	size_t n;
	struct rules_fact_line *lines;
	e = facts_from(db, a, r, &lines, &n);
	PQclear(r);
	if (e != PAGU_OK)
		return e;
	struct rules_facts facts = {
		.tahun = tahun, .triwulan = triwulan, .level = level, .kapasitas_fiskal = "", .lines = lines, .n = n
	};
	if ((e = context_get(db, a, pemda, tahun, &facts)) != PAGU_OK)
		return e;
	eval_into(a, pack, "close", "triwulan", &facts, out);
	if (out->failed || out->nerrors)
		return PAGU_OK;
	return record(db, a, pemda, NULL, tahun, triwulan, token, true, out, 0);
}

pagu_err rules_gate_seed(struct db *db)
{
	struct arena a;
	arena_init(&a);
	const struct rules_pack *p = national_pack();
	const struct rules_gate_file *files = files_of(&a, p);
	struct db_json j;
	db_json_init(&j, &a);
	db_json_raw(&j, "[");
	for (int i = 0; i < p->nfiles; i++) {
		if (i)
			db_json_raw(&j, ",");
		file_json(&j, &files[i], false);
	}
	db_json_raw(&j, "]");
	const char *params[] = { db_json_text(&j) };
	pagu_err e = db_exec_cmd(db, &q[Q_SEED], DB_P(params));
	arena_release(&a);
	if (e == PAGU_OK)
		atomic_store(&national_stored, true);
	return e;
}

pagu_err rules_gate_describe(struct db *db, struct arena *a, const char *pemda, struct rules_gate_pack *out)
{
	struct rules_report rep = { 0 };
	struct rules_pack *pack;
	pagu_err e = pack_in_force(db, a, pemda, &pack, &rep);
	if (e != PAGU_OK)
		return e;
	int nrules = 0, ntables = 0;
	for (int i = 0; i < pack->nfiles; i++) {
		nrules += pack->files[i].f.nrules;
		ntables += pack->files[i].f.ntables;
	}
	struct rules_gate_rule *rules = arena_alloc(a, sizeof(*rules) * (size_t)(nrules ? nrules : 1));
	struct rules_gate_table *tables = arena_alloc(a, sizeof(*tables) * (size_t)(ntables ? ntables : 1));
	int nr = 0, nt = 0;
	for (int i = 0; i < pack->nfiles; i++) {
		const struct rules_pack_file *f = &pack->files[i];
		for (int k = 0; k < f->f.nrules; k++) {
			const struct rules_rule *ru = &f->f.rules[k];
			const char **events = arena_alloc(a, sizeof(*events) * (size_t)(ru->nevents ? ru->nevents : 1));
			for (int v = 0; v < ru->nevents; v++)
				events[v] = arena_printf(a, "%s %s", ru->events[v].verb, ru->events[v].object);
			rules[nr++] =
				(struct rules_gate_rule){ .rule = ru->id,
							  .title = ru->title,
							  .cite = ru->cite,
							  .file = f->name,
							  .line = ru->pos.line,
							  .events = events,
							  .nevents = ru->nevents,
							  .severity = rules_severity_name(ru->severity),
							  .from_year = ru->from_year,
							  .before_severity = rules_severity_name(ru->before_severity),
							  .for_each = ru->for_each,
							  .disabled = ru->disabled };
		}
		for (int t = 0; t < f->f.ntables; t++) {
			const struct rules_table *tb = &f->f.tables[t];
			tables[nt++] = (struct rules_gate_table){ .table = tb->name,
								  .title = tb->title,
								  .cite = tb->cite,
								  .file = f->name,
								  .line = tb->pos.line,
								  .keys = tb->keys,
								  .nkeys = tb->nkeys,
								  .rows = tb->nrows };
		}
	}
	*out = (struct rules_gate_pack){ .hash = pack->hash,
					 .files = rep.files,
					 .nfiles = rep.nfiles,
					 .rules = rules,
					 .nrules = nr,
					 .tables = tables,
					 .ntables = nt,
					 .error = rep.failed ? rep.err.text : NULL };
	return PAGU_OK;
}

pagu_err rules_gate_perkada_add(struct db *db, struct arena *a, const char *pemda, const struct rules_perkada *in,
				int64_t token, struct rules_perkada *out, struct rules_gate_error *err)
{
	struct rules_report rep = { 0 };
	struct rules_pack *inforce;
	pagu_err e = pack_in_force(db, a, pemda, &inforce, &rep);
	if (e != PAGU_OK)
		return e;
	/* the new version must load with the national pack and the pemda's other files in force */
	const char *name = arena_printf(a, "perkada/%s.rules", in->nama);
	struct rules_pack *p2 = arena_alloc(a, sizeof(*p2));
	*p2 = *national_pack();
	struct rules_error re;
	for (int i = national_pack()->nfiles; i < inforce->nfiles; i++) {
		const struct rules_pack_file *f = &inforce->files[i];
		if (strcmp(f->name, name) && rules_pack_add(a, p2, f->name, f->src, f->len, &re) != PAGU_OK)
			break; /* an older file that no longer loads is not this upload's fault */
	}
	size_t len = strlen(in->isi);
	if (rules_pack_add(a, p2, name, in->isi, len, &re) != PAGU_OK) {
		error_from(a, &re, in->isi, len, err);
		return PAGU_E_RULES_INVALID;
	}
	const struct rules_pack_file *nf = &p2->files[p2->nfiles - 1];
	const char *params[] = { pemda, in->nama, in->berlaku, in->judul, in->isi, nf->hash, db_num(a, token) };
	PGresult *r = NULL;
	if ((e = db_exec(db, &q[Q_PERKADA_ADD], DB_P(params), &r)) != PAGU_OK)
		return e;
	*out = (struct rules_perkada){ .nama = in->nama,
				       .versi = atoi(PQgetvalue(r, 0, perkada_add_row_versi)),
				       .berlaku = in->berlaku,
				       .judul = in->judul,
				       .hash = arena_strdup(a, nf->hash),
				       .file = name,
				       .nrules = nf->f.nrules };
	PQclear(r);
	return PAGU_OK;
}

pagu_err rules_gate_perkada_list(struct db *db, struct arena *a, const char *pemda, struct rules_perkada **out, int *n)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PERKADA_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct rules_perkada *v = arena_alloc(a, sizeof(*v) * (size_t)(rows ? rows : 1));
	for (int i = 0; i < rows; i++)
		v[i] = (struct rules_perkada){ .nama = arena_strdup(a, PQgetvalue(r, i, perkada_list_row_nama)),
					       .versi = atoi(PQgetvalue(r, i, perkada_list_row_versi)),
					       .berlaku = arena_strdup(a, PQgetvalue(r, i, perkada_list_row_berlaku)),
					       .judul = arena_strdup(a, PQgetvalue(r, i, perkada_list_row_judul)),
					       .hash = arena_strdup(a, PQgetvalue(r, i, perkada_list_row_hash)) };
	PQclear(r);
	*out = v;
	*n = rows;
	return PAGU_OK;
}

pagu_err rules_gate_perkada_get(struct db *db, struct arena *a, const char *pemda, const char *nama, int versi,
				struct rules_perkada *out)
{
	const char *p[] = { pemda, nama, db_num(a, versi) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PERKADA_GET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (!PQntuples(r)) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	*out = (struct rules_perkada){ .nama = arena_strdup(a, PQgetvalue(r, 0, perkada_row_nama)),
				       .versi = atoi(PQgetvalue(r, 0, perkada_row_versi)),
				       .berlaku = arena_strdup(a, PQgetvalue(r, 0, perkada_row_berlaku)),
				       .judul = arena_strdup(a, PQgetvalue(r, 0, perkada_row_judul)),
				       .hash = arena_strdup(a, PQgetvalue(r, 0, perkada_row_hash)),
				       .isi = arena_strdup(a, PQgetvalue(r, 0, perkada_row_isi)) };
	PQclear(r);
	return PAGU_OK;
}

pagu_err rules_gate_evaluasi_list(struct db *db, struct arena *a, const char *pemda, int64_t dokumen_id,
				  struct rules_evaluasi **out, int *n)
{
	const char *p[] = { pemda, db_num(a, dokumen_id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_EVALUASI_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct rules_evaluasi *v = arena_alloc(a, sizeof(*v) * (size_t)(rows ? rows : 1));
	for (int i = 0; i < rows; i++) {
		struct rules_evaluasi *x = &v[i];
		x->id = strtoll(PQgetvalue(r, i, evaluasi_row_evaluasi_id), NULL, 10);
		x->event = arena_strdup(a, PQgetvalue(r, i, evaluasi_row_peristiwa));
		x->accepted = PQgetvalue(r, i, evaluasi_row_diterima)[0] == 't';
		x->has_event_seq = !PQgetisnull(r, i, evaluasi_row_urutan);
		x->event_seq = x->has_event_seq ? atoi(PQgetvalue(r, i, evaluasi_row_urutan)) : 0;
		x->pack_hash = arena_strdup(a, PQgetvalue(r, i, evaluasi_row_paket_hash));
		x->files_json = arena_strdup(a, PQgetvalue(r, i, evaluasi_row_berkas));
		x->has_token = !PQgetisnull(r, i, evaluasi_row_token_id);
		x->token_id = x->has_token ? strtoll(PQgetvalue(r, i, evaluasi_row_token_id), NULL, 10) : 0;
		x->time = arena_strdup(a, PQgetvalue(r, i, evaluasi_row_waktu));
		x->results_json = arena_strdup(a, PQgetvalue(r, i, evaluasi_row_hasil));
	}
	PQclear(r);
	*out = v;
	*n = rows;
	return PAGU_OK;
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

pagu_err rules_gate_test_dir(struct arena *a, const char *dir, struct rules_gate_test *out, char *msg, size_t msgsz)
{
	struct rules_pack *pack = arena_alloc(a, sizeof(*pack));
	rules_pack_init(pack);
	pagu_err e = rules_pack_load_dir(a, pack, dir, msg, msgsz);
	if (e != PAGU_OK)
		return e;
	memset(out, 0, sizeof(*out));
	out->hash = pack->hash;
	out->nfiles = pack->nfiles;
	for (int i = 0; i < pack->nfiles; i++)
		out->nrules += pack->files[i].f.nrules;
	const char *tests = arena_printf(a, "%s/tests", dir);
	DIR *d = opendir(tests);
	if (!d) {
		snprintf(msg, msgsz, "%s: no tests directory\n", tests);
		return PAGU_E_NOT_FOUND;
	}
	enum { MAX_CASES = 1024 };
	char **names = arena_alloc(a, sizeof(*names) * MAX_CASES);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < MAX_CASES) {
		size_t l = strlen(de->d_name);
		if (l > 5 && !strcmp(de->d_name + l - 5, ".case"))
			names[n++] = arena_strdup(a, de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), name_cmp);
	out->ncases = n;
	out->failures = arena_alloc(a, sizeof(*out->failures) * (size_t)(n ? n : 1));
	const char **texts = arena_alloc(a, sizeof(*texts) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		char why[1024];
		const char *path = arena_printf(a, "%s/%s", tests, names[i]);
		char *text = NULL;
		size_t len = 0;
		bool ok = file_read_all(path, 1u << 22, &text, &len) == PAGU_OK;
		texts[i] = ok ? arena_strdup(a, text) : "";
		ok = ok && rules_case_run(path, text, pack, why, sizeof(why));
		if (!text)
			snprintf(why, sizeof(why), "%.900s: cannot read it", path);
		free(text);
		if (!ok)
			out->failures[out->nfailed++] = arena_strdup(a, why);
	}
	/* every rule has a case where it passes and one where it fails (or, when off, is skipped) */
	out->untested = arena_alloc(a, sizeof(*out->untested) * (size_t)(out->nrules ? out->nrules : 1));
	for (int f = 0; f < pack->nfiles; f++)
		for (int r = 0; r < pack->files[f].f.nrules; r++) {
			const struct rules_rule *ru = &pack->files[f].f.rules[r];
			const char *want[2] = { arena_printf(a, "\npass %s\n", ru->id),
						ru->disabled ? arena_printf(a, "\nskip %s\n", ru->id)
							     : arena_printf(a, " %s ", ru->id) };
			bool seen[2] = { ru->disabled != NULL, false }; /* a rule that is off cannot pass */
			for (int i = 0; i < n; i++) {
				seen[0] |= strstr(texts[i], want[0]) != NULL;
				const char *x = strstr(texts[i], want[1]);
				/* a failure line reads "fail SEVERITY ID MESSAGE" */
				seen[1] |= x && (ru->disabled ||
						 (x >= texts[i] + 10 &&
						  (!strncmp(x - 10, "fail error", 10) ||
						   (x >= texts[i] + 12 && (!strncmp(x - 12, "fail warning", 12) ||
									   !strncmp(x - 12, "fail finding", 12))))));
			}
			if (!seen[0] || !seen[1])
				out->untested[out->nuntested++] =
					arena_printf(a, "%s (%s): no case where it %s", ru->id, pack->files[f].name,
						     !seen[0]	    ? "passes"
						     : ru->disabled ? "is skipped"
								    : "fails");
		}
	return PAGU_OK;
}

pagu_err rules_gate_check_file(const char *name, const char *src, size_t len, int *nrules, char *msg, size_t msgsz)
{
	struct arena a;
	arena_init(&a);
	struct rules_error err;
	struct rules_file f;
	pagu_err e = rules_check_text(name, src, len, &err);
	if (e == PAGU_OK)
		e = rules_parse(&a, name, src, len, &f, &err);
	if (e == PAGU_OK)
		e = rules_check(&f, name, &err);
	if (e != PAGU_OK)
		rules_error_format(&err, src, len, msg, msgsz);
	else
		*nrules = f.nrules;
	arena_release(&a);
	return e == PAGU_OK ? PAGU_OK : PAGU_E_RULES_INVALID;
}

/* ---- the data the mandatory-spending rules read besides the budget ---- */

const char *rules_gate_pattern_check(const char *s)
{
	struct code_pattern p;
	char why[160];
	return pattern_parse_wild(s, strlen(s), &p, why, sizeof(why)) == PAGU_OK
		       ? NULL
		       : "is not a classification pattern (a code like 1.03.10.2.01.0001, a code and .* like 5.2.*, "
			 "* alone, or * segments like *.*.01.*)";
}

bool rules_gate_kategori_known(const char *kategori)
{
	const struct rules_pack *p = national_pack();
	for (int i = 0; i < p->nfiles; i++)
		for (int c = 0; c < p->files[i].f.nclasses; c++)
			if (!strcmp(p->files[i].f.classes[c].name, kategori))
				return true;
	return false;
}

static const char *opt_str(struct arena *a, PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : arena_strdup(a, PQgetvalue(r, row, col));
}

static void penandaan_from(struct arena *a, PGresult *r, int i, struct rules_penandaan *x)
{
	*x = (struct rules_penandaan){ .id = strtoll(PQgetvalue(r, i, penandaan_row_penandaan_id), NULL, 10),
				       .tahun = atoi(PQgetvalue(r, i, penandaan_row_tahun)),
				       .kategori = arena_strdup(a, PQgetvalue(r, i, penandaan_row_kategori)),
				       .sub_kegiatan = arena_strdup(a, PQgetvalue(r, i, penandaan_row_sub_kegiatan)),
				       .akun = arena_strdup(a, PQgetvalue(r, i, penandaan_row_akun)),
				       .hitung = PQgetvalue(r, i, penandaan_row_hitung)[0] == 't',
				       .dasar = arena_strdup(a, PQgetvalue(r, i, penandaan_row_dasar)),
				       .alasan = arena_strdup(a, PQgetvalue(r, i, penandaan_row_alasan)),
				       .has_token = !PQgetisnull(r, i, penandaan_row_token_id),
				       .waktu = arena_strdup(a, PQgetvalue(r, i, penandaan_row_waktu)) };
	x->token_id = x->has_token ? strtoll(PQgetvalue(r, i, penandaan_row_token_id), NULL, 10) : 0;
}

pagu_err rules_gate_penandaan_add(struct db *db, struct arena *a, const char *pemda, const struct rules_penandaan *in,
				  int64_t token, struct rules_penandaan *out)
{
	if (!rules_gate_kategori_known(in->kategori) || rules_gate_pattern_check(in->sub_kegiatan) ||
	    rules_gate_pattern_check(in->akun))
		return PAGU_E_INVALID; /* the API checks each field first, naming it */
	const char *p[] = { pemda,
			    db_num(a, in->tahun),
			    in->kategori,
			    in->sub_kegiatan,
			    in->akun,
			    in->hitung ? "true" : "false",
			    in->dasar,
			    in->alasan,
			    token > 0 ? db_num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PENANDAAN_ADD], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	penandaan_from(a, r, 0, out);
	PQclear(r);
	return PAGU_OK;
}

pagu_err rules_gate_penandaan_list(struct db *db, struct arena *a, const char *pemda, int tahun,
				   struct rules_penandaan **out, int *n)
{
	const char *p[] = { pemda, tahun ? db_num(a, tahun) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PENANDAAN_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct rules_penandaan *v = arena_alloc(a, sizeof(*v) * (size_t)(rows ? rows : 1));
	for (int i = 0; i < rows; i++)
		penandaan_from(a, r, i, &v[i]);
	PQclear(r);
	*out = v;
	*n = rows;
	return PAGU_OK;
}

static void kapasitas_from(struct arena *a, PGresult *r, int i, struct rules_kapasitas *x)
{
	*x = (struct rules_kapasitas){ .id = strtoll(PQgetvalue(r, i, kapasitas_row_kapasitas_id), NULL, 10),
				       .tahun = atoi(PQgetvalue(r, i, kapasitas_row_tahun)),
				       .kategori = arena_strdup(a, PQgetvalue(r, i, kapasitas_row_kategori)),
				       .dasar = arena_strdup(a, PQgetvalue(r, i, kapasitas_row_dasar)),
				       .has_token = !PQgetisnull(r, i, kapasitas_row_token_id),
				       .waktu = arena_strdup(a, PQgetvalue(r, i, kapasitas_row_waktu)) };
	x->token_id = x->has_token ? strtoll(PQgetvalue(r, i, kapasitas_row_token_id), NULL, 10) : 0;
}

bool rules_gate_kapasitas_kategori(const char *k)
{
	static const char *const cats[] = { "sangat_rendah", "rendah", "sedang", "tinggi", "sangat_tinggi" };
	for (size_t i = 0; i < sizeof(cats) / sizeof(cats[0]); i++)
		if (!strcmp(cats[i], k))
			return true;
	return false;
}

pagu_err rules_gate_kapasitas_add(struct db *db, struct arena *a, const char *pemda, const struct rules_kapasitas *in,
				  int64_t token, struct rules_kapasitas *out)
{
	if (!rules_gate_kapasitas_kategori(in->kategori))
		return PAGU_E_INVALID;
	const char *p[] = { pemda, db_num(a, in->tahun), in->kategori, in->dasar, token > 0 ? db_num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_KAPASITAS_ADD], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	kapasitas_from(a, r, 0, out);
	PQclear(r);
	return PAGU_OK;
}

pagu_err rules_gate_kapasitas_list(struct db *db, struct arena *a, const char *pemda, int tahun,
				   struct rules_kapasitas **out, int *n)
{
	const char *p[] = { pemda, tahun ? db_num(a, tahun) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_KAPASITAS_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct rules_kapasitas *v = arena_alloc(a, sizeof(*v) * (size_t)(rows ? rows : 1));
	for (int i = 0; i < rows; i++)
		kapasitas_from(a, r, i, &v[i]);
	PQclear(r);
	*out = v;
	*n = rows;
	return PAGU_OK;
}

pagu_err rules_gate_temuan_dokumen(struct db *db, struct arena *a, const char *pemda, int64_t dokumen_id, int64_t *dari,
				   const char **json)
{
	const char *p[] = { pemda, db_num(a, dokumen_id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_TEMUAN_DOK], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	*dari = PQgetisnull(r, 0, temuan_dok_row_dokumen_id)
			? 0
			: strtoll(PQgetvalue(r, 0, temuan_dok_row_dokumen_id), NULL, 10);
	*json = arena_strdup(a, PQgetvalue(r, 0, temuan_dok_row_temuan));
	PQclear(r);
	return PAGU_OK;
}

pagu_err rules_gate_temuan_tahun(struct db *db, struct arena *a, const char *pemda, int tahun,
				 struct rules_temuan **out, int *n)
{
	const char *p[] = { pemda, db_num(a, tahun) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_TEMUAN_TAHUN], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct rules_temuan *v = arena_alloc(a, sizeof(*v) * (size_t)(rows ? rows : 1));
	for (int i = 0; i < rows; i++)
		v[i] = (struct rules_temuan){ .evaluasi_id =
						      strtoll(PQgetvalue(r, i, temuan_row_evaluasi_id), NULL, 10),
					      .dokumen_id = strtoll(PQgetvalue(r, i, temuan_row_dokumen_id), NULL, 10),
					      .jenis = arena_strdup(a, PQgetvalue(r, i, temuan_row_jenis)),
					      .versi = atoi(PQgetvalue(r, i, temuan_row_versi)),
					      .opd = opt_str(a, r, i, temuan_row_opd_kode),
					      .event = arena_strdup(a, PQgetvalue(r, i, temuan_row_peristiwa)),
					      .rule = arena_strdup(a, PQgetvalue(r, i, temuan_row_rule_id)),
					      .severity = arena_strdup(a, PQgetvalue(r, i, temuan_row_keparahan)),
					      .message = opt_str(a, r, i, temuan_row_pesan),
					      .cite = opt_str(a, r, i, temuan_row_dasar),
					      .values_json = arena_strdup(a, PQgetvalue(r, i, temuan_row_nilai)),
					      .waktu = arena_strdup(a, PQgetvalue(r, i, temuan_row_waktu)) };
	PQclear(r);
	*out = v;
	*n = rows;
	return PAGU_OK;
}

/* An event ("lock apbd", "post sp2d", "close triwulan") as a person says it: "penguncian APBD". */
const char *rules_gate_peristiwa(const char *event, char out[RULES_GATE_PERISTIWA_MAX])
{
	static const char *const kata[][2] = {
		{ "submit", "pengajuan" }, { "verify", "verifikasi" }, { "lock", "penguncian" },
		{ "reject", "penolakan" }, { "post", "pembukuan" },    { "close", "penutupan" },
		{ "derive", "penurunan" },
	};
	const char *ev = event ? event : "";
	size_t vl = strcspn(ev, " ");
	const char *obj = ev[vl] ? ev + vl + 1 : "";
	snprintf(out, RULES_GATE_PERISTIWA_MAX, "%s", ev);
	for (size_t i = 0; i < sizeof(kata) / sizeof(kata[0]); i++) {
		if (strlen(kata[i][0]) != vl || strncmp(ev, kata[i][0], vl))
			continue;
		int n = snprintf(out, RULES_GATE_PERISTIWA_MAX, "%s%s%s", kata[i][1], *obj ? " " : "", obj);
		size_t from = strlen(kata[i][1]);
		/* a document's kind is an abbreviation (APBD, SP2D, KUA-PPAS); a quarter is a word */
		if (n > 0 && strcmp(obj, "triwulan"))
			for (char *c = out + from; *c; c++)
				*c = *c == '_' ? '-' : (*c >= 'a' && *c <= 'z') ? (char)(*c - 'a' + 'A') : *c;
		break;
	}
	return out;
}

const char *rules_gate_tingkat(const char *severity)
{
	if (!severity)
		return "";
	if (!strcmp(severity, "error"))
		return "menolak";
	if (!strcmp(severity, "warning"))
		return "peringatan";
	if (!strcmp(severity, "finding"))
		return "temuan";
	return severity;
}

/* The failing rules' part of a refusal: each rule with its citation and messages. */
static const char *refusal_rincian(struct arena *a, const struct rules_report *rep)
{
	const char *t = "";
	const char *sep = "";
	for (int i = 0; i < rep->n; i++) {
		const struct rules_gate_result *x = &rep->res[i];
		if (!x->applies || x->passed || !x->error)
			continue;
		t = arena_printf(a, "%s%s%s (%s): ", t, sep, x->rule, x->cite);
		sep = ". ";
		if (!x->for_each || !x->nfailures) {
			t = arena_printf(a, "%s%s", t, x->message ? x->message : "");
			continue;
		}
		int shown = x->nfailures < RULES_GATE_REFUSAL_NAMED ? x->nfailures : RULES_GATE_REFUSAL_NAMED;
		for (int k = 0; k < shown; k++)
			t = arena_printf(a, "%s%s%s", t, k ? "; " : "",
					 x->failures[k].message ? x->failures[k].message : x->failures[k].kode);
		/* x->failed counts every failing group, also those beyond the ones kept */
		if (x->failed > shown)
			t = arena_printf(a, "%s; dan %d lainnya", t, x->failed - shown);
	}
	return t;
}

void rules_gate_fault(struct arena *a, const struct rules_report *rep, struct pagu_fault *f)
{
	f->laporan = rep;
	f->field = "rules";
	const char **kv = arena_alloc(a, 9 * sizeof(*kv));
	if (rep->failed) {
		kv[0] = "berkas";
		kv[1] = arena_printf(a, "%s:%d:%d", rep->err.file ? rep->err.file : "", rep->err.line, rep->err.column);
		kv[2] = "sebab";
		kv[3] = rep->err.message;
		kv[4] = NULL;
		f->pesan = P_RULES_TIDAK_DAPAT_DIEVALUASI;
	} else {
		kv[0] = "n";
		kv[1] = arena_printf(a, "%d", rep->nerrors);
		kv[2] = "peristiwa";
		kv[3] = rules_gate_peristiwa(rep->event, arena_alloc(a, RULES_GATE_PERISTIWA_MAX));
		kv[4] = "rincian";
		kv[5] = refusal_rincian(a, rep);
		kv[6] = NULL;
		f->pesan = P_RULES_MENOLAK;
	}
	f->param = kv;
	f->message = pesan_render(a, BAHASA_EN, (pesan_kunci)f->pesan, kv);
}

const char *rules_gate_refusal_text(struct arena *a, const struct rules_report *rep)
{
	struct pagu_fault f = { 0 };
	struct rules_report r = *rep;
	r.failed = false;
	rules_gate_fault(a, &r, &f);
	return pesan_render(a, BAHASA_ID, (pesan_kunci)f.pesan, f.param);
}
