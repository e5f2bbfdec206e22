/* dokumen.c - document versions over the pagu_dokumen_* procedures: who may act, lines, transitions. */
#include "dokumen.h"

#include "sql.h"
#include "pesan.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "hash.h"
#include "money.h"
#include "rules_gate.h"

enum {
	Q_CREATE,
	Q_DERIVE,
	Q_TRANSISI,
	Q_GET,
	Q_LIST,
	Q_DPA_CREATE,
	Q_RKPD,
	Q_RKA,
	Q_KAS,
	Q_PLAFON,
	Q_RKPD_ADD,
	Q_RKA_ADD,
	Q_PLAFON_ADD,
	Q_KAS_SET,
	Q_BARIS_AKUN,
	Q_BARIS_DELETE,
	Q_DIFF,
	Q_IMPORT_CHECK,
	Q_IMPORT,
	Q_JEJAK,
	Q_APBD_ASSEMBLE,
	Q_RANTAI,
	Q_PERGESERAN_CREATE,
	Q_RKA_P_CREATE,
	Q_APBD_P_CREATE,
	Q_DPRD_SET,
	Q_TINGKAT,
	Q_BANDING,
	Q_LEBIH_PLAFON,
	Q_N
};
/* a version's header: the table's row, or a procedure's that returns one */
/* clang-format off */
#define DOK_ROW(C, r) \
	C(r, dokumen_id) C(r, tahun) C(r, jenis) C(r, opd_kode) C(r, versi) C(r, asal_id) \
	C(r, status) C(r, revisi) C(r, hash) C(r, hash_sebelum) C(r, dibuat) C(r, dikunci) \
	C(r, tahap) C(r, dasar) C(r, tanggal_dprd)
/* clang-format on */
DB_ROW(dok_row, DOK_ROW);
#define DOK_COLS                                                                                  \
	"dokumen_id, tahun, jenis, opd_kode, versi, asal_id, status, revisi, hash, hash_sebelum," \
	" to_char(dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS dibuat,"        \
	" to_char(dikunci AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS dikunci,"      \
	" tahap, dasar, tanggal_dprd::text AS tanggal_dprd"
/* clang-format off */
#define RKPD_ROW(C, r) \
	C(r, baris) C(r, opd_kode) C(r, sub_kegiatan) C(r, indikator) C(r, target) C(r, satuan) \
	C(r, pagu_indikatif) C(r, lokasi) C(r, sumber_dana) C(r, lintang) C(r, bujur) \
	C(r, rpjmd_kode)
/* clang-format on */
DB_ROW(rkpd_row, RKPD_ROW);
/* koefisien: "nilai US satuan" records separated by RS */
/* clang-format off */
#define RKA_ROW(C, r) \
	C(r, baris) C(r, sub_kegiatan) C(r, akun) C(r, uraian) C(r, koefisien) C(r, volume) \
	C(r, harga_satuan) C(r, jumlah) C(r, sumber_dana) C(r, opd_kode) C(r, asal_dokumen_id) \
	C(r, asal_baris) C(r, ssh_kode) C(r, ssh_versi) C(r, bidang)
/* clang-format on */
DB_ROW(rka_row, RKA_ROW);
#define KAS_ROW(C, r) C(r, baris) C(r, bulan) C(r, jumlah)
DB_ROW(kas_row, KAS_ROW);
#define PLAFON_ROW(C, r) C(r, baris) C(r, jenis) C(r, opd_kode) C(r, sub_kegiatan) C(r, jumlah)
DB_ROW(plafon_row, PLAFON_ROW);
#define ADDED_ROW(C, r) C(r, baris) C(r, revisi)
DB_ROW(added_row, ADDED_ROW);
#define RKA_ADDED_ROW(C, r) C(r, baris) C(r, revisi) C(r, volume) C(r, jumlah)
DB_ROW(rka_added_row, RKA_ADDED_ROW);
#define REVISI_ROW(C, r) C(r, revisi)
DB_ROW(revisi_row, REVISI_ROW);
#define AKUN_ROW(C, r) C(r, akun)
DB_ROW(akun_row, AKUN_ROW);
#define DIFF_ROW(C, r) \
	C(r, baris) C(r, aksi) C(r, opd_kode) C(r, sub_kegiatan) C(r, akun) C(r, uraian) C(r, lama) C(r, baru)
DB_ROW(diff_row, DIFF_ROW);
#define CHECK_ROW(C, r) C(r, i) C(r, field) C(r, pesan)
DB_ROW(check_row, CHECK_ROW);
#define IMPORT_ROW(C, r) C(r, baris) C(r, revisi) C(r, total)
DB_ROW(import_row, IMPORT_ROW);
#define JEJAK_ROW(C, r) \
	C(r, dokumen_id) C(r, jenis) C(r, versi) C(r, status) C(r, jumlah) C(r, nbaris) C(r, indikator) C(r, tahap)
DB_ROW(jejak_row, JEJAK_ROW);
#define ASSEMBLE_ROW(C, r) C(r, baris) C(r, revisi) C(r, rka)
DB_ROW(assemble_row, ASSEMBLE_ROW);
#define RANTAI_ROW(C, r) C(r, dokumen_id) C(r, hash) C(r, hash_sebelum) C(r, kanonik)
DB_ROW(rantai_row, RANTAI_ROW);
#define DPRD_ROW(C, r) C(r, x)
DB_ROW(dprd_row, DPRD_ROW);
#define TINGKAT_ROW(C, r) C(r, tingkat) C(r, penyetuju) C(r, pesan)
DB_ROW(tingkat_row, TINGKAT_ROW);
#define BANDING_ROW(C, r) C(r, opd_kode) C(r, sub_kegiatan) C(r, akun) C(r, sebelum) C(r, sesudah)
DB_ROW(banding_row, BANDING_ROW);
#define LEBIH_ROW(C, r) C(r, pesan) C(r, rincian)
DB_ROW(lebih_row, LEBIH_ROW);
static const struct stmt q[Q_N] = {
	/* $1 pemda $2 tahun $3 jenis $4 opd $5 token */
	[Q_CREATE] = { "dokumen_create",
		       "SELECT " DOK_COLS " FROM pagu_dokumen_create($1, $2::int, $3, $4, $5::bigint)", 5,
		       dok_row__cols },
	/* $1 pemda $2 locked version $3 token $4 reason */
	[Q_DERIVE] = { "dokumen_derive", "SELECT " DOK_COLS " FROM pagu_dokumen_derive($1, $2::bigint, $3::bigint, $4)",
		       4, dok_row__cols },
	/* $1 pemda $2 id $3 aksi $4 revisi $5 token $6 reason */
	[Q_TRANSISI] = { "dokumen_transisi",
			 "SELECT " DOK_COLS " FROM pagu_dokumen_transisi($1, $2::bigint, $3, $4::int, $5::bigint, $6)",
			 6, dok_row__cols },
	[Q_GET] = { "dokumen_get", "SELECT " DOK_COLS " FROM dokumen WHERE pemda_id = $1 AND dokumen_id = $2::bigint",
		    2, dok_row__cols },
	/* $1 pemda, $2 tahun or NULL, $3 jenis or NULL, $4 opd or NULL, $5 after id, $6 limit */
	[Q_LIST] = { "dokumen_list",
		     "SELECT " DOK_COLS " FROM dokumen WHERE pemda_id = $1 AND ($2::int IS NULL OR tahun = $2::int)"
		     " AND ($3::text IS NULL OR jenis = $3) AND ($4::text IS NULL OR opd_kode = $4)"
		     " AND dokumen_id > $5::bigint ORDER BY dokumen_id LIMIT $6::int",
		     6, dok_row__cols },
	/* $1 pemda $2 locked APBD $3 opd $4 token */
	[Q_DPA_CREATE] = { "dokumen_dpa_create",
			   "SELECT " DOK_COLS " FROM pagu_dpa_create($1, $2::bigint, $3, $4::bigint)", 4,
			   dok_row__cols },
	[Q_RKPD] = { "dokumen_rkpd",
		     "SELECT baris, opd_kode, sub_kegiatan, indikator, trim_scale(target)::text AS target, satuan,"
		     " pagu_indikatif, lokasi, sumber_dana, lintang::text AS lintang, bujur::text AS bujur, rpjmd_kode"
		     " FROM rkpd_item WHERE pemda_id = $1 AND dokumen_id = $2::bigint ORDER BY baris",
		     2, rkpd_row__cols },
	[Q_RKA] = { "dokumen_rka",
		    "SELECT baris, sub_kegiatan, akun, uraian,"
		    " (SELECT string_agg((f ->> 'nilai') || chr(31) || (f ->> 'satuan'), chr(30) ORDER BY o)"
		    "  FROM jsonb_array_elements(koefisien) WITH ORDINALITY AS e(f, o)) AS koefisien,"
		    " trim_scale(volume)::text AS volume, harga_satuan, jumlah, sumber_dana, opd_kode, asal_dokumen_id,"
		    " asal_baris, ssh_kode, ssh_versi, bidang"
		    " FROM rka_baris WHERE pemda_id = $1 AND dokumen_id = $2::bigint ORDER BY baris",
		    2, rka_row__cols },
	[Q_KAS] = { "dokumen_kas",
		    "SELECT baris, bulan, jumlah FROM anggaran_kas WHERE pemda_id = $1 AND dokumen_id = $2::bigint"
		    " ORDER BY baris, bulan",
		    2, kas_row__cols },
	[Q_PLAFON] = { "dokumen_plafon",
		       "SELECT baris, jenis, opd_kode, sub_kegiatan, jumlah FROM plafon"
		       " WHERE pemda_id = $1 AND dokumen_id = $2::bigint ORDER BY baris",
		       2, plafon_row__cols },
	[Q_RKPD_ADD] = { "dokumen_rkpd_add",
			 "SELECT baris, revisi FROM pagu_rkpd_add($1, $2::bigint, $3::int, $4, $5, $6, $7::numeric, "
			 "$8,"
			 " $9::numeric, $10, $11, $12::bigint, $13::numeric, $14::numeric, $15)",
			 15, added_row__cols },
	/* $7, $8: the factors' numbers and units */
	[Q_RKA_ADD] = { "dokumen_rka_add",
			"SELECT baris, revisi, trim_scale(volume)::text AS volume, jumlah"
			" FROM pagu_rka_add($1, $2::bigint, $3::int, $4, $5, $6,"
			" (SELECT jsonb_agg(jsonb_build_object('nilai', n, 'satuan', s) ORDER BY o)"
			"  FROM unnest($7::text[], $8::text[]) WITH ORDINALITY AS u(n, s, o)),"
			" $9::numeric, $10, $11::bigint, $12)",
			12, rka_added_row__cols },
	[Q_PLAFON_ADD] = { "dokumen_plafon_add",
			   "SELECT baris, revisi FROM pagu_plafon_add($1, $2::bigint, $3::int, $4, $5, $6, "
			   "$7::numeric,"
			   " $8::bigint)",
			   8, added_row__cols },
	[Q_KAS_SET] = { "dokumen_kas_set",
			"SELECT revisi FROM pagu_kas_set($1, $2::bigint, $3::int, $4::int, $5::numeric[], $6::bigint)",
			6, revisi_row__cols },
	[Q_BARIS_AKUN] = { "dokumen_baris_akun",
			   "SELECT akun FROM rka_baris WHERE pemda_id = $1 AND dokumen_id = $2::bigint AND baris = "
			   "$3::int",
			   3, akun_row__cols },
	[Q_BARIS_DELETE] = { "dokumen_baris_delete",
			     "SELECT revisi FROM pagu_baris_delete($1, $2::bigint, $3::int, $4::int, $5::bigint)", 5,
			     revisi_row__cols },
	/* $1 pemda, $2 old version, $3 new version: the lines that differ, by line number */
	[Q_DIFF] = { "dokumen_diff",
		     "SELECT coalesce(b.baris, a.baris) AS baris,"
		     " CASE WHEN a.baris IS NULL THEN 'tambah' WHEN b.baris IS NULL THEN 'hapus' ELSE 'ubah' END AS "
		     "aksi,"
		     " coalesce(b.opd_kode, a.opd_kode) AS opd_kode, coalesce(b.sub_kegiatan, a.sub_kegiatan) AS"
		     " sub_kegiatan, coalesce(b.akun, a.akun) AS akun, coalesce(b.uraian, a.uraian) AS uraian,"
		     " a.jumlah AS lama, b.jumlah AS baru"
		     " FROM pagu_dokumen_baris($1, $2::bigint) a FULL JOIN pagu_dokumen_baris($1, $3::bigint) b"
		     "  ON a.baris = b.baris WHERE a.isi IS DISTINCT FROM b.isi ORDER BY 1",
		     3, diff_row__cols },
	[Q_IMPORT_CHECK] = { "dokumen_import_check",
			     "SELECT i, field, pesan FROM pagu_rka_import_check($1, $2::bigint, $3::text[], $4::text[],"
			     " $5::text[])",
			     5, check_row__cols },
	[Q_IMPORT] = { "dokumen_import",
		       "SELECT baris, revisi, total FROM pagu_rka_import($1, $2::bigint, $3::int, $4::text[], "
		       "$5::text[],"
		       " $6::text[], $7::text[], $8::text[], $9::numeric[], $10::text[], $11::bigint)",
		       11, import_row__cols },
	/* $1 pemda, $2 tahun, $3 opd, $4 sub kegiatan: every version's view of one OPD's sub kegiatan */
	/* $4 canonical or in SIPD form (pagu_sub_kegiatan_match); the budget documents' sum and count are of
	   belanja (5) lines only: a plafon caps belanja, and pendapatan is no part of it */
	[Q_JEJAK] = { "dokumen_jejak",
		      "SELECT d.dokumen_id, d.jenis, d.versi, d.status,"
		      " CASE d.jenis WHEN 'rkpd' THEN (SELECT sum(i.pagu_indikatif) FROM rkpd_item i"
		      "   WHERE i.pemda_id = d.pemda_id AND i.dokumen_id = d.dokumen_id AND i.opd_kode = $3"
		      "   AND pagu_sub_kegiatan_match(i.sub_kegiatan, NULL, $4))"
		      "  WHEN 'kua_ppas' THEN (SELECT sum(p.jumlah) FROM plafon p WHERE p.pemda_id = d.pemda_id"
		      "   AND p.dokumen_id = d.dokumen_id AND p.jenis = 'sub_kegiatan' AND p.opd_kode = $3"
		      "   AND pagu_sub_kegiatan_match(p.sub_kegiatan, NULL, $4))"
		      "  ELSE (SELECT sum(b.jumlah) FROM rka_baris b WHERE b.pemda_id = d.pemda_id"
		      "   AND b.dokumen_id = d.dokumen_id AND b.opd_kode = $3 AND b.akun LIKE '5.%'"
		      "   AND pagu_sub_kegiatan_match(b.sub_kegiatan,"
		      "    pagu_baris_bidang(b.pemda_id, b.opd_kode, b.sub_kegiatan, b.bidang), $4)) END AS jumlah,"
		      " (SELECT count(*) FROM rka_baris b WHERE b.pemda_id = d.pemda_id AND b.dokumen_id = d.dokumen_id"
		      "   AND b.opd_kode = $3 AND b.akun LIKE '5.%' AND pagu_sub_kegiatan_match(b.sub_kegiatan,"
		      "    pagu_baris_bidang(b.pemda_id, b.opd_kode, b.sub_kegiatan, b.bidang), $4)) AS nbaris,"
		      " (SELECT string_agg(i.indikator || chr(31) || trim_scale(i.target)::text || chr(31) || i.satuan,"
		      "   chr(30) ORDER BY i.baris)"
		      "   FROM rkpd_item i WHERE i.pemda_id = d.pemda_id AND i.dokumen_id = d.dokumen_id"
		      "   AND i.opd_kode = $3 AND pagu_sub_kegiatan_match(i.sub_kegiatan, NULL, $4)) AS indikator, "
		      "d.tahap"
		      " FROM dokumen d WHERE d.pemda_id = $1 AND d.tahun = $2::int"
		      "  AND (d.opd_kode IS NULL OR d.opd_kode = $3)"
		      " ORDER BY array_position(ARRAY['rkpd','kua_ppas','rka','apbd','dpa'], d.jenis), d.versi",
		      4, jejak_row__cols },
	[Q_APBD_ASSEMBLE] = { "dokumen_apbd_assemble",
			      "SELECT baris, revisi, rka FROM pagu_apbd_assemble($1, $2::bigint, $3::int, $4::bigint)",
			      4, assemble_row__cols },
	/* every locked version of the document version $2 belongs to, oldest first */
	[Q_RANTAI] = { "dokumen_rantai",
		       "SELECT d.dokumen_id, d.hash, coalesce(d.hash_sebelum, '') AS hash_sebelum,"
		       " pagu_dokumen_kanonik(d.pemda_id, d.dokumen_id, d.hash_sebelum) AS kanonik"
		       " FROM dokumen d JOIN dokumen x ON x.pemda_id = d.pemda_id AND x.tahun = d.tahun"
		       "  AND x.jenis = d.jenis AND coalesce(x.opd_kode, '') = coalesce(d.opd_kode, '')"
		       " WHERE d.pemda_id = $1 AND x.dokumen_id = $2::bigint AND d.status = 'locked' ORDER BY d.versi",
		       2, rantai_row__cols },
	/* $1 pemda $2 locked DPA $3 token $4 reason */
	[Q_PERGESERAN_CREATE] = { "dokumen_pergeseran_create",
				  "SELECT " DOK_COLS " FROM pagu_pergeseran_create($1, $2::bigint, $3::bigint, $4)", 4,
				  dok_row__cols },
	[Q_RKA_P_CREATE] = { "dokumen_rka_p_create",
			     "SELECT " DOK_COLS " FROM pagu_rka_perubahan_create($1, $2::bigint, $3::bigint, $4)", 4,
			     dok_row__cols },
	/* $1 pemda $2 locked APBD $3 token $4 reason $5 keadaan luar biasa */
	[Q_APBD_P_CREATE] = { "dokumen_apbd_p_create",
			      "SELECT " DOK_COLS " FROM pagu_apbd_perubahan_create($1, $2::bigint, $3::bigint, $4, $5)",
			      5, dok_row__cols },
	/* $1 pemda $2 APBD-P $3 date */
	[Q_DPRD_SET] = { "dokumen_dprd_set", "SELECT pagu_apbd_dprd_set($1, $2::bigint, $3::date) AS x", 3,
			 dprd_row__cols },
	[Q_TINGKAT] = { "dokumen_pergeseran_tingkat",
			"SELECT tingkat, penyetuju, pesan FROM pagu_pergeseran_tingkat($1, $2::bigint)", 2,
			tingkat_row__cols },
	[Q_BANDING] = { "dokumen_perbandingan",
			"SELECT opd_kode, sub_kegiatan, akun, pagu_uang(sebelum) AS sebelum, pagu_uang(sesudah) AS"
			" sesudah FROM pagu_dokumen_perbandingan($1, $2::bigint)",
			2, banding_row__cols },
	/* every sub kegiatan and OPD version $2 of pemda $1 budgets over the locked KUA-PPAS, in words and
	   as items (none: NULL); with $4, only when the version is a draft RKA at revision $3 (when not
	   negative), else no row */
	[Q_LEBIH_PLAFON] = { "dokumen_lebih_plafon",
			     "SELECT pagu_lebih_plafon_teks(d.pemda_id, d.dokumen_id) AS pesan,"
			     " (SELECT jsonb_agg(jsonb_build_object('jenis', x.jenis, 'opd_kode', x.opd_kode,"
			     "   'sub_kegiatan', x.sub_kegiatan, 'nama', x.nama, 'plafon', pagu_uang(x.plafon),"
			     "   'belanja', pagu_uang(x.belanja), 'selisih', pagu_uang(x.selisih)))::text"
			     "  FROM pagu_lebih_plafon(d.pemda_id, d.dokumen_id) x) AS rincian"
			     " FROM dokumen d WHERE d.pemda_id = $1 AND d.dokumen_id = $2::bigint"
			     " AND (NOT $4::boolean OR (d.jenis = 'rka' AND d.status = 'draft'"
			     "  AND ($3::int < 0 OR d.revisi = $3::int)))",
			     4, lebih_row__cols },
};
const struct stmt_area stmt_area_dokumen = { "dokumen", q, Q_N };

const char *const dokumen_jenis_all[] = { "rkpd", "kua_ppas", "rka", "apbd", "dpa", NULL };
const char *const dokumen_aksi_all[] = { "create", "edit", "submit",	 "verify",    "reject", "lock",
					 "derive", "kas",  "pergeseran", "perubahan", NULL };
const char *const dokumen_kind_all[] = { "rkpd", "kua_ppas", "rka", "apbd", "dpa", "pergeseran", NULL };

const char *dokumen_kind(const struct dokumen *d)
{
	if (d->jenis && !strcmp(d->jenis, "dpa") && d->tahap && !strcmp(d->tahap, "pergeseran"))
		return "pergeseran";
	return d->jenis;
}

bool dokumen_jenis_valid(const char *jenis)
{
	for (size_t i = 0; dokumen_jenis_all[i]; i++)
		if (!strcmp(jenis, dokumen_jenis_all[i]))
			return true;
	return false;
}

/*
 * The role table: Bappeda (planner) owns the RKPD; OPD planners draft and submit
 * their RKA, Bapenda (revenue) and BPKAD (finance) add their lines to it; TAPD
 * (finance) verifies and locks the budget documents. "scoped" says whether an
 * OPD-scoped token may act (on its own OPD's document only, checked by the caller).
 */
static const struct {
	const char *jenis;
	const char *aksi;
	unsigned roles;
	bool scoped;
} policy[] = {
	{ "rkpd", "create", ROLE_PLANNER, false },
	{ "rkpd", "edit", ROLE_PLANNER, false },
	{ "rkpd", "submit", ROLE_PLANNER, false },
	{ "rkpd", "verify", ROLE_PLANNER, false },
	{ "rkpd", "reject", ROLE_PLANNER, false },
	{ "rkpd", "lock", ROLE_PLANNER, false },
	{ "rkpd", "derive", ROLE_PLANNER, false },
	{ "rka", "create", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "rka", "edit", ROLE_PLANNER | ROLE_REVENUE | ROLE_FINANCE, true },
	{ "rka", "submit", ROLE_PLANNER, true },
	{ "rka", "verify", ROLE_FINANCE, false },
	{ "rka", "reject", ROLE_FINANCE, false },
	{ "rka", "lock", ROLE_FINANCE, false },
	{ "rka", "derive", ROLE_PLANNER | ROLE_FINANCE, true },
	/* the OPD plans its cash; BPKAD does the rest of the DPA */
	{ "dpa", "kas", ROLE_PLANNER | ROLE_FINANCE, true },
	/*
	 * Issue 18. The Perubahan: TAPD starts the APBD-P from the locked APBD; an OPD (or BPKAD)
	 * starts its RKA-P from its locked DPA, then it goes as an RKA. A pergeseran: the OPD (or
	 * BPKAD) starts it from its locked DPA, changes lines and cash and submits; TAPD verifies;
	 * the approver of its level locks it (the PPKD, finance, for rincian objek, sub rincian objek
	 * and uraian; the Sekretaris Daerah, sekda, for antar objek: checked at the lock against the
	 * level, Permendagri 77/2020) or sends it back.
	 */
	{ "apbd", "perubahan", ROLE_FINANCE, false },
	{ "dpa", "perubahan", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "dpa", "pergeseran", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "pergeseran", "perubahan", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "pergeseran", "pergeseran", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "pergeseran", "edit", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "pergeseran", "kas", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "pergeseran", "submit", ROLE_PLANNER | ROLE_FINANCE, true },
	{ "pergeseran", "verify", ROLE_FINANCE, false },
	{ "pergeseran", "reject", ROLE_FINANCE | ROLE_SEKDA, false },
	{ "pergeseran", "lock", ROLE_FINANCE | ROLE_SEKDA, false },
};

bool dokumen_allowed(const char *jenis, const char *aksi, unsigned role, bool opd_scoped)
{
	for (size_t i = 0; i < sizeof(policy) / sizeof(policy[0]); i++) {
		if (strcmp(policy[i].jenis, jenis) || strcmp(policy[i].aksi, aksi))
			continue;
		return (policy[i].roles & role) && (!opd_scoped || policy[i].scoped);
	}
	/* KUA-PPAS, APBD and DPA: BPKAD / TAPD throughout */
	if (!strcmp(jenis, "kua_ppas") || !strcmp(jenis, "apbd") || !strcmp(jenis, "dpa") ||
	    !strcmp(jenis, "pergeseran"))
		return (role & ROLE_FINANCE) && !opd_scoped;
	return false;
}

/* The lines a role adds or removes: OPD planners budget belanja, Bapenda pendapatan; others any. */
static const struct {
	unsigned role;
	const char *awalan;
} akun_policy[] = {
	{ ROLE_REVENUE, "4" },
	{ ROLE_PLANNER, "5" },
};

/* A person may hold several roles: the prefix binds only when every role they hold is bound to it. */
const char *dokumen_akun_awalan(unsigned role)
{
	const char *awalan = NULL;
	unsigned bound = 0;
	for (size_t i = 0; i < sizeof(akun_policy) / sizeof(akun_policy[0]); i++) {
		if (!(role & akun_policy[i].role))
			continue;
		if (awalan)
			return NULL; /* two bound roles (revenue and planner): more than one prefix, said by each line */
		awalan = akun_policy[i].awalan;
		bound |= akun_policy[i].role;
	}
	return (role & ~bound) ? NULL : awalan;
}

/* Allowed when one of the roles allows it: a role without a prefix allows any line. */
bool dokumen_akun_allowed(unsigned role, const char *akun)
{
	unsigned bound = 0;
	for (size_t i = 0; i < sizeof(akun_policy) / sizeof(akun_policy[0]); i++) {
		if (!(role & akun_policy[i].role))
			continue;
		bound |= akun_policy[i].role;
		if (!strncmp(akun, akun_policy[i].awalan, strlen(akun_policy[i].awalan)))
			return true;
	}
	return (role & ~bound) != 0 || !bound;
}

/*
 * Every amount read back goes through db_sen(): NUMERIC(20,2) holds a hundred times
 * MONEY_MAX_SEN and a SUM any amount, and a stored row is outside input, so a value
 * pagu cannot carry is a problem for the request that reads it, never an abort.
 */
static pagu_err sen(struct db *db, PGresult *r, int i, int c, int64_t *out)
{
	pagu_err e = db_sen(db, r, i, c, out);
	if (e != PAGU_OK)
		PQclear(r);
	return e;
}

pagu_err dokumen_total_add(struct dokumen_total *t, const char *akun, int64_t v)
{
	int64_t *k = NULL;
	if (akun[0] == '4')
		k = &t->pendapatan;
	else if (akun[0] == '5')
		k = &t->belanja;
	else if (!strncmp(akun, "6.1", 3))
		k = &t->penerimaan_pembiayaan;
	else if (!strncmp(akun, "6.2", 3))
		k = &t->pengeluaran_pembiayaan;
	if (!k)
		return PAGU_OK;
	int64_t x;
	if (money_add(*k, v, &x) != PAGU_OK)
		return PAGU_E_OVERFLOW;
	*k = x;
	return PAGU_OK;
}

/* A checked running total of a document's amounts; PAGU_E_STORED_RANGE past MONEY_MAX_SEN. */
static pagu_err total_add(struct db *db, struct dokumen_total *total, const char *akun, int64_t v)
{
	if (dokumen_total_add(total, akun, v) == PAGU_OK)
		return PAGU_OK;
	snprintf(db->stored, sizeof(db->stored), "the stored lines of the document total more than pagu can carry");
	return PAGU_E_STORED_RANGE;
}

static void dok_from_row(struct arena *a, PGresult *r, int i, struct dokumen *d)
{
	d->id = strtoll(PQgetvalue(r, i, dok_row_dokumen_id), NULL, 10);
	d->tahun = (int)strtol(PQgetvalue(r, i, dok_row_tahun), NULL, 10);
	d->jenis = db_opt(a, r, i, dok_row_jenis);
	d->opd_kode = db_opt(a, r, i, dok_row_opd_kode);
	d->versi = (int)strtol(PQgetvalue(r, i, dok_row_versi), NULL, 10);
	d->asal_id = PQgetisnull(r, i, dok_row_asal_id) ? 0 : strtoll(PQgetvalue(r, i, dok_row_asal_id), NULL, 10);
	d->status = db_opt(a, r, i, dok_row_status);
	d->revisi = (int)strtol(PQgetvalue(r, i, dok_row_revisi), NULL, 10);
	d->hash = db_opt(a, r, i, dok_row_hash);
	d->hash_sebelum = db_opt(a, r, i, dok_row_hash_sebelum);
	d->dibuat = db_opt(a, r, i, dok_row_dibuat);
	d->dikunci = db_opt(a, r, i, dok_row_dikunci);
	d->tahap = db_opt(a, r, i, dok_row_tahap);
	d->dasar = db_opt(a, r, i, dok_row_dasar);
	d->tanggal_dprd = db_opt(a, r, i, dok_row_tanggal_dprd);
}

/*
 * Runs @st, a statement of DOK_ROW columns, for its one row; PAGU_E_NOT_FOUND when there is
 * none. A refusal goes through db_fault (fault.c).
 */
static pagu_err dok_call(struct db *db, struct arena *a, const struct stmt *st, const char *const *p, int n,
			 struct dokumen *out, struct pagu_fault *f)
{
	PGresult *r = NULL;
	pagu_err e = db_exec(db, st, p, n, &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	dok_from_row(a, r, 0, out);
	PQclear(r);
	return PAGU_OK;
}

static const char *opt_token(struct arena *a, int64_t token)
{
	return token > 0 ? db_num(a, token) : NULL;
}

pagu_err dokumen_create(struct db *db, struct arena *a, const char *pemda, int tahun, const char *jenis,
			const char *opd, int64_t token, struct dokumen *out, struct pagu_fault *f)
{
	/* a concurrent create of the same document wins the unique index: a conflict (fault.c) */
	const char *p[] = { pemda, db_num(a, tahun), jenis, opd, opt_token(a, token) };
	return dok_call(db, a, &q[Q_CREATE], DB_P(p), out, f);
}

pagu_err dokumen_derive(struct db *db, struct arena *a, const char *pemda, int64_t id, int64_t token,
			const char *alasan, struct dokumen *out, struct pagu_fault *f)
{
	/* a newer version derived concurrently wins the unique index: a conflict (fault.c) */
	const char *p[] = { pemda, db_num(a, id), opt_token(a, token), alasan };
	return dok_call(db, a, &q[Q_DERIVE], DB_P(p), out, f);
}

/*
 * What version @id budgets over the locked KUA-PPAS (pagu_lebih_plafon): into f->lebih_plafon (the
 * items, JSON) and, with @refuse, a refusal naming every one (PAGU_E_RULE, field plafon) when the
 * version is a draft RKA at @revisi. PAGU_OK and nothing set when there is nothing over.
 */
static pagu_err lebih_plafon(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, bool refuse,
			     struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id), arena_printf(a, "%d", revisi < 0 ? -1 : revisi),
			    refuse ? "true" : "false" };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_LEBIH_PLAFON], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, lebih_row_rincian)) {
		f->lebih_plafon = arena_strdup(a, PQgetvalue(r, 0, lebih_row_rincian));
		if (refuse) {
			const char **kv = arena_alloc(a, 3 * sizeof(*kv));
			kv[0] = "rincian";
			kv[1] = arena_strdup(a, PQgetvalue(r, 0, lebih_row_pesan));
			kv[2] = NULL;
			f->pesan = P_LEBIH_PLAFON;
			f->param = kv;
			f->message = pesan_render(a, BAHASA_EN, P_LEBIH_PLAFON, kv);
			f->field = "plafon";
			e = PAGU_E_RULE;
		}
	}
	PQclear(r);
	return e;
}

pagu_err dokumen_transisi_apply(struct db *db, struct arena *a, const char *pemda, int64_t id, const char *aksi,
				int revisi, int64_t token, const char *alasan, const char *tanggal_dprd,
				struct dokumen *out, struct pagu_fault *f)
{
	/* an RKA over its plafon: every sub kegiatan over and the OPD's total, in words and as items (the
	   procedure refuses it too, in words, whoever submits; this names the items before it does) */
	pagu_err e = PAGU_OK;
	if (!strcmp(aksi, "submit"))
		e = lebih_plafon(db, a, pemda, id, revisi, true, f);
	if (e != PAGU_OK)
		return e;
	const char *p[] = { pemda, db_num(a, id), aksi, db_num(a, revisi), opt_token(a, token), alasan };
	struct dokumen d;
	if (tanggal_dprd) {
		/* recorded first, in the same transaction: the lock then finds it (or refuses without it) */
		const char *pd[] = { pemda, db_num(a, id), tanggal_dprd };
		PGresult *r = NULL;
		if ((e = db_exec(db, &q[Q_DPRD_SET], DB_P(pd), &r)) != PAGU_OK)
			return db_fault(db, a, e, f);
		PQclear(r);
	}
	e = dok_call(db, a, &q[Q_TRANSISI], DB_P(p), &d, f);
	if (e == PAGU_OK)
		e = rules_gate_check_transition(db, a, pemda, &d, aksi, token, f);
	if (e == PAGU_E_RULES_REFUSED) {
		/* the plafon rules' failures as items too (an APBD locked over a plafon) */
		pagu_err e2 = lebih_plafon(db, a, pemda, id, -1, false, f);
		if (e2 != PAGU_OK)
			return e2;
	}
	if (e == PAGU_OK)
		*out = d;
	return e;
}

static const char *money_text(struct arena *a, int64_t v)
{
	char buf[MONEY_STR_MAX];
	money_format(v, buf);
	return arena_strdup(a, buf);
}

pagu_err dokumen_rkpd_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			  const struct rkpd_item *in, int64_t token, int *baris, int *revisi_baru, struct pagu_fault *f)
{
	const char *p[] = {
		pemda,	      db_num(a, id),	revisi >= 0 ? db_num(a, revisi) : NULL,
		in->opd_kode, in->sub_kegiatan, in->indikator,
		in->target,   in->satuan,	money_text(a, in->pagu_indikatif),
		in->lokasi,   in->sumber_dana,	opt_token(a, token),
		in->lintang,  in->bujur,	in->rpjmd_kode,
	};
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_RKPD_ADD], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*baris = (int)strtol(PQgetvalue(r, 0, added_row_baris), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, added_row_revisi), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_rka_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			 const struct rka_baris *in, int64_t token, struct rka_baris *out, int *revisi_baru,
			 struct pagu_fault *f)
{
	const char *nilai[RKA_MAX_KOEFISIEN], *satuan[RKA_MAX_KOEFISIEN];
	for (int i = 0; i < in->nkoefisien; i++) {
		nilai[i] = in->koefisien[i].nilai;
		satuan[i] = in->koefisien[i].satuan;
	}
	const char *p[] = {
		pemda,
		db_num(a, id),
		revisi >= 0 ? db_num(a, revisi) : NULL,
		in->sub_kegiatan,
		in->akun,
		in->uraian,
		db_text_array(a, nilai, in->nkoefisien),
		db_text_array(a, satuan, in->nkoefisien),
		money_text(a, in->harga_satuan),
		in->sumber_dana,
		opt_token(a, token),
		in->ssh_kode,
	};
	PGresult *r = NULL;
	/* a CHECK (jumlah beyond NUMERIC(20,2), a non-positive volume) or a numeric overflow: fault.c */
	pagu_err e = db_exec(db, &q[Q_RKA_ADD], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	int64_t jumlah = 0;
	if ((e = sen(db, r, 0, rka_added_row_jumlah, &jumlah)) != PAGU_OK)
		return e;
	*out = *in;
	out->baris = (int)strtol(PQgetvalue(r, 0, rka_added_row_baris), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, rka_added_row_revisi), NULL, 10);
	out->volume = arena_strdup(a, PQgetvalue(r, 0, rka_added_row_volume));
	out->jumlah = jumlah;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_plafon_add(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			    const struct plafon_baris *in, int64_t token, int *baris, int *revisi_baru,
			    struct pagu_fault *f)
{
	const char *p[] = { pemda,
			    db_num(a, id),
			    revisi >= 0 ? db_num(a, revisi) : NULL,
			    in->jenis,
			    in->opd_kode,
			    in->sub_kegiatan,
			    money_text(a, in->jumlah),
			    opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PLAFON_ADD], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*baris = (int)strtol(PQgetvalue(r, 0, added_row_baris), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, added_row_revisi), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_kas_set(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
			 const int64_t *bulan, int64_t token, int *revisi_baru, struct pagu_fault *f)
{
	const char *arr = NULL;
	if (bulan) {
		char *s = arena_alloc(a, 12 * MONEY_STR_MAX + 4), *p = s;
		*p++ = '{';
		for (int m = 0; m < 12; m++) {
			if (m)
				*p++ = ',';
			p += money_format(bulan[m], p);
		}
		*p++ = '}';
		*p = '\0';
		arr = s;
	}
	const char *p[] = { pemda, db_num(a, id),      revisi >= 0 ? db_num(a, revisi) : NULL, db_num(a, baris),
			    arr,   opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_KAS_SET], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, revisi_row_revisi), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_diff(struct db *db, struct arena *a, const char *pemda, int64_t lama, int64_t baru,
		      struct dokumen_beda **rows, int *n)
{
	const char *p[] = { pemda, db_num(a, lama), db_num(a, baru) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_DIFF], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct dokumen_beda *out = cnt ? arena_alloc(a, sizeof(*out) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		struct dokumen_beda *d = &out[i];
		d->baris = (int)strtol(PQgetvalue(r, i, diff_row_baris), NULL, 10);
		d->aksi = db_opt(a, r, i, diff_row_aksi);
		d->opd_kode = db_opt(a, r, i, diff_row_opd_kode);
		d->sub_kegiatan = db_opt(a, r, i, diff_row_sub_kegiatan);
		d->akun = db_opt(a, r, i, diff_row_akun);
		d->uraian = db_opt(a, r, i, diff_row_uraian);
		d->ada_lama = !PQgetisnull(r, i, diff_row_lama);
		d->ada_baru = !PQgetisnull(r, i, diff_row_baru);
		d->lama = d->baru = 0;
		if ((d->ada_lama && (e = sen(db, r, i, diff_row_lama, &d->lama)) != PAGU_OK) ||
		    (d->ada_baru && (e = sen(db, r, i, diff_row_baru, &d->baru)) != PAGU_OK))
			return e;
	}
	PQclear(r);
	*rows = out;
	*n = cnt;
	return PAGU_OK;
}

/* The text[] literals of one column of the import rows. */
static const char *impor_col(struct arena *a, const struct dokumen_impor_baris *rows, int n, size_t off)
{
	const char **items = arena_alloc(a, sizeof(*items) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		items[i] = *(const char *const *)((const char *)&rows[i] + off);
	return db_text_array(a, items, n);
}

pagu_err dokumen_import_check(struct db *db, struct arena *a, const char *pemda, int64_t id,
			      const struct dokumen_impor_baris *rows, int nrows, struct dokumen_impor_masalah **out,
			      int *n)
{
	const char *p[] = {
		pemda,
		db_num(a, id),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sub_kegiatan)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, akun)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sumber_dana)),
	};
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_IMPORT_CHECK], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct dokumen_impor_masalah *m = cnt ? arena_alloc(a, sizeof(*m) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		m[i].row = (int)strtol(PQgetvalue(r, i, check_row_i), NULL, 10) - 1;
		m[i].field = db_opt(a, r, i, check_row_field);
		m[i].pesan = db_opt(a, r, i, check_row_pesan);
	}
	PQclear(r);
	*out = m;
	*n = cnt;
	return PAGU_OK;
}

pagu_err dokumen_import(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi,
			const struct dokumen_impor_baris *rows, int nrows, int64_t token, int *nbaris, int *revisi_baru,
			int64_t *total, struct pagu_fault *f)
{
	/* the prices as a numeric[] literal of canonical amounts */
	char *harga = arena_alloc(a, (size_t)nrows * (MONEY_STR_MAX + 1) + 3), *h = harga;
	*h++ = '{';
	for (int i = 0; i < nrows; i++) {
		if (i)
			*h++ = ',';
		h += money_format(rows[i].harga_satuan, h);
	}
	*h++ = '}';
	*h = '\0';
	const char *p[] = {
		pemda,
		db_num(a, id),
		revisi >= 0 ? db_num(a, revisi) : NULL,
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sub_kegiatan)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, akun)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, uraian)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, nilai)),
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, satuan)),
		harga,
		impor_col(a, rows, nrows, offsetof(struct dokumen_impor_baris, sumber_dana)),
		opt_token(a, token),
	};
	PGresult *r = NULL;
	/* a row's jumlah out of range, or the document's total (the rows together, with its lines):
	   the field is the CSV (fault.c) */
	pagu_err e = db_exec(db, &q[Q_IMPORT], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	int64_t t = 0;
	if ((e = sen(db, r, 0, import_row_total, &t)) != PAGU_OK)
		return e;
	*nbaris = (int)strtol(PQgetvalue(r, 0, import_row_baris), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, import_row_revisi), NULL, 10);
	*total = t;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_jejak_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *opd,
			    const char *sub, struct dokumen_jejak **rows, int *n)
{
	const char *p[] = { pemda, db_num(a, tahun), opd, sub };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_JEJAK], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct dokumen_jejak *o = cnt ? arena_alloc(a, sizeof(*o) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		o[i].id = strtoll(PQgetvalue(r, i, jejak_row_dokumen_id), NULL, 10);
		o[i].jenis = db_opt(a, r, i, jejak_row_jenis);
		o[i].versi = (int)strtol(PQgetvalue(r, i, jejak_row_versi), NULL, 10);
		o[i].status = db_opt(a, r, i, jejak_row_status);
		o[i].ada_jumlah = !PQgetisnull(r, i, jejak_row_jumlah);
		o[i].jumlah = 0;
		if (o[i].ada_jumlah && (e = sen(db, r, i, jejak_row_jumlah, &o[i].jumlah)) != PAGU_OK)
			return e;
		o[i].nbaris = (int)strtol(PQgetvalue(r, i, jejak_row_nbaris), NULL, 10);
		o[i].indikator = db_opt(a, r, i, jejak_row_indikator);
		o[i].tahap = db_opt(a, r, i, jejak_row_tahap);
	}
	PQclear(r);
	*rows = o;
	*n = cnt;
	return PAGU_OK;
}

pagu_err dokumen_apbd_assemble(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int64_t token,
			       int *nbaris, int *nrka, int *revisi_baru, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id), db_num(a, revisi), opt_token(a, token) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_APBD_ASSEMBLE], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*nbaris = (int)strtol(PQgetvalue(r, 0, assemble_row_baris), NULL, 10);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, assemble_row_revisi), NULL, 10);
	*nrka = (int)strtol(PQgetvalue(r, 0, assemble_row_rka), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_dpa_create(struct db *db, struct arena *a, const char *pemda, int64_t apbd, const char *opd,
			    int64_t token, struct dokumen *out, struct pagu_fault *f)
{
	/* a DPA version of the OPD created concurrently wins the unique index: a conflict (fault.c) */
	const char *p[] = { pemda, db_num(a, apbd), opd, opt_token(a, token) };
	return dok_call(db, a, &q[Q_DPA_CREATE], DB_P(p), out, f);
}

pagu_err dokumen_baris_akun_get(struct db *db, struct arena *a, const char *pemda, int64_t id, int baris,
				const char **akun)
{
	const char *p[] = { pemda, db_num(a, id), db_num(a, baris) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_BARIS_AKUN], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	*akun = PQntuples(r) ? arena_strdup(a, PQgetvalue(r, 0, akun_row_akun)) : NULL;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_baris_delete(struct db *db, struct arena *a, const char *pemda, int64_t id, int revisi, int baris,
			      int64_t token, int *revisi_baru, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, id), revisi >= 0 ? db_num(a, revisi) : NULL, db_num(a, baris),
			    opt_token(a, token) };
	PGresult *r = NULL;
	/* the procedure refuses a line that is another's source first; the foreign key is the last
	   word (fault.c) */
	pagu_err e = db_exec(db, &q[Q_BARIS_DELETE], DB_P(p), &r);
	if (e != PAGU_OK)
		return db_fault(db, a, e, f);
	*revisi_baru = (int)strtol(PQgetvalue(r, 0, revisi_row_revisi), NULL, 10);
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_header_get(struct db *db, struct arena *a, const char *pemda, int64_t id, struct dokumen *out)
{
	const char *p[] = { pemda, db_num(a, id) };
	return dok_call(db, a, &q[Q_GET], DB_P(p), out, NULL);
}

struct get_arg {
	struct arena *a;
	const char *pemda;
	int64_t id;
	struct dokumen_isi out;
};

static void koefisien_split(struct arena *a, const char *s, struct rka_baris *b)
{
	b->nkoefisien = 0;
	if (!s)
		return;
	char *copy = arena_strdup(a, s);
	char *save = NULL;
	for (char *f = strtok_r(copy, "\x1e", &save); f && b->nkoefisien < RKA_MAX_KOEFISIEN;
	     f = strtok_r(NULL, "\x1e", &save)) {
		char *us = strchr(f, '\x1f');
		if (!us)
			continue;
		*us = '\0';
		b->koefisien[b->nkoefisien].nilai = f;
		b->koefisien[b->nkoefisien].satuan = us + 1;
		b->nkoefisien++;
	}
}

static pagu_err get_cb(struct db *db, void *p)
{
	struct get_arg *g = p;
	struct arena *a = g->a;
	memset(&g->out, 0, sizeof(g->out));
	const char *pp[] = { g->pemda, db_num(a, g->id) };
	pagu_err e = dokumen_header_get(db, a, g->pemda, g->id, &g->out.d);
	if (e != PAGU_OK)
		return e;
	PGresult *r = NULL;
	if ((e = db_exec(db, &q[Q_RKPD], DB_P(pp), &r)) != PAGU_OK)
		return e;
	int n = PQntuples(r);
	g->out.rkpd = n ? arena_alloc(a, sizeof(struct rkpd_item) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct rkpd_item *it = &g->out.rkpd[i];
		it->baris = (int)strtol(PQgetvalue(r, i, rkpd_row_baris), NULL, 10);
		it->opd_kode = db_opt(a, r, i, rkpd_row_opd_kode);
		it->sub_kegiatan = db_opt(a, r, i, rkpd_row_sub_kegiatan);
		it->indikator = db_opt(a, r, i, rkpd_row_indikator);
		it->target = db_opt(a, r, i, rkpd_row_target);
		it->satuan = db_opt(a, r, i, rkpd_row_satuan);
		if ((e = sen(db, r, i, rkpd_row_pagu_indikatif, &it->pagu_indikatif)) != PAGU_OK)
			return e;
		it->lokasi = db_opt(a, r, i, rkpd_row_lokasi);
		it->sumber_dana = db_opt(a, r, i, rkpd_row_sumber_dana);
		it->lintang = db_opt(a, r, i, rkpd_row_lintang);
		it->bujur = db_opt(a, r, i, rkpd_row_bujur);
		it->rpjmd_kode = db_opt(a, r, i, rkpd_row_rpjmd_kode);
		/* what an RKPD plans is spending */
		if ((e = total_add(db, &g->out.total, "5", it->pagu_indikatif)) != PAGU_OK) {
			PQclear(r);
			return e;
		}
	}
	g->out.nrkpd = n;
	PQclear(r);
	if ((e = db_exec(db, &q[Q_RKA], DB_P(pp), &r)) != PAGU_OK)
		return e;
	n = PQntuples(r);
	g->out.rka = n ? arena_alloc(a, sizeof(struct rka_baris) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct rka_baris *b = &g->out.rka[i];
		b->baris = (int)strtol(PQgetvalue(r, i, rka_row_baris), NULL, 10);
		b->sub_kegiatan = db_opt(a, r, i, rka_row_sub_kegiatan);
		b->bidang = db_opt(a, r, i, rka_row_bidang);
		b->akun = db_opt(a, r, i, rka_row_akun);
		b->uraian = db_opt(a, r, i, rka_row_uraian);
		koefisien_split(a, PQgetisnull(r, i, rka_row_koefisien) ? NULL : PQgetvalue(r, i, rka_row_koefisien),
				b);
		b->volume = db_opt(a, r, i, rka_row_volume);
		if ((e = sen(db, r, i, rka_row_harga_satuan, &b->harga_satuan)) != PAGU_OK ||
		    (e = sen(db, r, i, rka_row_jumlah, &b->jumlah)) != PAGU_OK)
			return e;
		b->sumber_dana = db_opt(a, r, i, rka_row_sumber_dana);
		b->opd_kode = db_opt(a, r, i, rka_row_opd_kode);
		b->asal_dokumen_id = PQgetisnull(r, i, rka_row_asal_dokumen_id)
					     ? 0
					     : strtoll(PQgetvalue(r, i, rka_row_asal_dokumen_id), NULL, 10);
		b->asal_baris = PQgetisnull(r, i, rka_row_asal_baris)
					? 0
					: (int)strtol(PQgetvalue(r, i, rka_row_asal_baris), NULL, 10);
		b->ssh_kode = db_opt(a, r, i, rka_row_ssh_kode);
		b->ssh_versi = PQgetisnull(r, i, rka_row_ssh_versi)
				       ? 0
				       : (int)strtol(PQgetvalue(r, i, rka_row_ssh_versi), NULL, 10);
		if ((e = total_add(db, &g->out.total, b->akun, b->jumlah)) != PAGU_OK) {
			PQclear(r);
			return e;
		}
	}
	g->out.nrka = n;
	PQclear(r);
	if ((e = db_exec(db, &q[Q_KAS], DB_P(pp), &r)) != PAGU_OK)
		return e;
	/* both ordered by baris: one merge pass */
	for (int i = 0, j = 0; i < PQntuples(r); i++) {
		int baris = (int)strtol(PQgetvalue(r, i, kas_row_baris), NULL, 10);
		int bulan = (int)strtol(PQgetvalue(r, i, kas_row_bulan), NULL, 10);
		while (j < g->out.nrka && g->out.rka[j].baris < baris)
			j++;
		if (j < g->out.nrka && g->out.rka[j].baris == baris && bulan >= 1 && bulan <= 12) {
			g->out.rka[j].ada_kas = true;
			if ((e = sen(db, r, i, kas_row_jumlah, &g->out.rka[j].kas[bulan - 1])) != PAGU_OK)
				return e;
		}
	}
	PQclear(r);
	if ((e = db_exec(db, &q[Q_PLAFON], DB_P(pp), &r)) != PAGU_OK)
		return e;
	n = PQntuples(r);
	g->out.plafon = n ? arena_alloc(a, sizeof(struct plafon_baris) * (size_t)n) : NULL;
	for (int i = 0; i < n; i++) {
		struct plafon_baris *b = &g->out.plafon[i];
		b->baris = (int)strtol(PQgetvalue(r, i, plafon_row_baris), NULL, 10);
		b->jenis = db_opt(a, r, i, plafon_row_jenis);
		b->opd_kode = db_opt(a, r, i, plafon_row_opd_kode);
		b->sub_kegiatan = db_opt(a, r, i, plafon_row_sub_kegiatan);
		if ((e = sen(db, r, i, plafon_row_jumlah, &b->jumlah)) != PAGU_OK)
			return e;
		/* a sub kegiatan ceiling lies within its OPD's: only the OPD ceilings add up to belanja */
		const char *kind = !strcmp(b->jenis, "opd")			 ? "5"
				   : !strcmp(b->jenis, "pendapatan")		 ? "4"
				   : !strcmp(b->jenis, "penerimaan_pembiayaan")	 ? "6.1"
				   : !strcmp(b->jenis, "pengeluaran_pembiayaan") ? "6.2"
										 : "";
		if ((e = total_add(db, &g->out.total, kind, b->jumlah)) != PAGU_OK) {
			PQclear(r);
			return e;
		}
	}
	g->out.nplafon = n;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_get(struct db *db, struct arena *a, const char *pemda, int64_t id, struct dokumen_isi *out)
{
	struct get_arg g = { .a = a, .pemda = pemda, .id = id };
	pagu_err e = db_txn(db, DB_REPEATABLE_READ, get_cb, &g);
	if (e == PAGU_OK)
		*out = g.out;
	return e;
}

static pagu_err dok_page_row(struct db *db, struct arena *a, PGresult *r, int i, void *out)
{
	(void)db;
	dok_from_row(a, r, i, out);
	return PAGU_OK;
}

pagu_err dokumen_list(struct db *db, struct arena *a, const char *pemda, int tahun, const char *jenis, const char *opd,
		      int64_t after, int limit, struct dokumen **rows, int *n, bool *more)
{
	const char *p[] = {
		pemda, tahun ? db_num(a, tahun) : NULL, jenis, opd, db_num(a, after), db_num(a, limit + 1)
	};
	void *out = NULL;
	pagu_err e = db_page(db, a, &q[Q_LIST], DB_P(p), limit, sizeof(**rows), dok_page_row, &out, n, more);
	if (e == PAGU_OK)
		*rows = out;
	return e;
}

pagu_err dokumen_rantai_verify(struct db *db, struct arena *a, const char *pemda, int64_t id, bool *ok, int64_t *bad,
			       int *checked)
{
	const char *p[] = { pemda, db_num(a, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_RANTAI], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	bool good = true;
	int64_t first_bad = 0;
	const char *prev = "";
	int n = PQntuples(r);
	for (int i = 0; i < n && good; i++) {
		char hex[HASH_HEX_LEN + 1];
		const char *canon = PQgetvalue(r, i, rantai_row_kanonik);
		hash_sha256_hex(canon, (size_t)PQgetlength(r, i, rantai_row_kanonik), hex);
		/* the content must hash to the stored seal, and the seal must name its predecessor */
		if (strcmp(hex, PQgetvalue(r, i, rantai_row_hash)) != 0 ||
		    strcmp(PQgetvalue(r, i, rantai_row_hash_sebelum), prev) != 0) {
			good = false;
			first_bad = strtoll(PQgetvalue(r, i, rantai_row_dokumen_id), NULL, 10);
		}
		prev = PQgetvalue(r, i, rantai_row_hash);
	}
	PQclear(r);
	*ok = good;
	*bad = first_bad;
	*checked = n;
	return PAGU_OK;
}

pagu_err dokumen_pergeseran_create(struct db *db, struct arena *a, const char *pemda, int64_t dpa, int64_t token,
				   const char *alasan, struct dokumen *out, struct pagu_fault *f)
{
	/* a version of the OPD's DPA made concurrently wins the unique index: a conflict (fault.c) */
	const char *p[] = { pemda, db_num(a, dpa), opt_token(a, token), alasan };
	return dok_call(db, a, &q[Q_PERGESERAN_CREATE], DB_P(p), out, f);
}

pagu_err dokumen_rka_perubahan_create(struct db *db, struct arena *a, const char *pemda, int64_t dpa, int64_t token,
				      const char *alasan, struct dokumen *out, struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, dpa), opt_token(a, token), alasan };
	return dok_call(db, a, &q[Q_RKA_P_CREATE], DB_P(p), out, f);
}

pagu_err dokumen_apbd_perubahan_create(struct db *db, struct arena *a, const char *pemda, int64_t apbd, int64_t token,
				       const char *alasan, const char *luar_biasa, struct dokumen *out,
				       struct pagu_fault *f)
{
	const char *p[] = { pemda, db_num(a, apbd), opt_token(a, token), alasan, luar_biasa };
	return dok_call(db, a, &q[Q_APBD_P_CREATE], DB_P(p), out, f);
}

pagu_err dokumen_pergeseran_tingkat(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **tingkat,
				    const char **penyetuju, const char **pesan)
{
	const char *p[] = { pemda, db_num(a, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_TINGKAT], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	bool ada = PQntuples(r) > 0;
	*tingkat = ada ? db_opt(a, r, 0, tingkat_row_tingkat) : NULL;
	*penyetuju = ada ? db_opt(a, r, 0, tingkat_row_penyetuju) : NULL;
	*pesan = ada ? db_opt(a, r, 0, tingkat_row_pesan) : NULL;
	PQclear(r);
	return PAGU_OK;
}

pagu_err dokumen_perbandingan(struct db *db, struct arena *a, const char *pemda, int64_t id,
			      struct dokumen_banding **rows, int *n)
{
	const char *p[] = { pemda, db_num(a, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_BANDING], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int cnt = PQntuples(r);
	struct dokumen_banding *o = cnt ? arena_alloc(a, sizeof(*o) * (size_t)cnt) : NULL;
	for (int i = 0; i < cnt; i++) {
		o[i].opd_kode = db_opt(a, r, i, banding_row_opd_kode);
		o[i].sub_kegiatan = db_opt(a, r, i, banding_row_sub_kegiatan);
		o[i].akun = db_opt(a, r, i, banding_row_akun);
		if ((e = sen(db, r, i, banding_row_sebelum, &o[i].sebelum)) != PAGU_OK ||
		    (e = sen(db, r, i, banding_row_sesudah, &o[i].sesudah)) != PAGU_OK)
			return e;
	}
	PQclear(r);
	*rows = o;
	*n = cnt;
	return PAGU_OK;
}
