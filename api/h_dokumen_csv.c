/*
 * h_dokumen_csv.c - a version as CSV: the SIPD-style import (/dokumen/{id}/impor) and the export
 * (/dokumen/{id}/csv).
 */
#include <ctype.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#include "api.h"
#include "csv.h"
#include "dokumen_json.h"
#include "impor.h"
#include "kode.h"
#include "money.h"
#include "opd_json.h"

/* POST /v1/pemda/{pemda}/dokumen/{id}/impor: SIPD-style CSV rows into a draft RKA, all or nothing. */
#define IMPOR_MAX_ROWS 200000

enum col {
	C_SKPD,
	C_SUB,
	C_REK,
	C_NAMA_REK,
	C_PAGU,
	C_VOLUME,
	C_SATUAN,
	C_HARGA,
	C_SUMBER,
	C_NAMA_SUB,
	C_NAMA_SKPD,
	NCOL
};
static const char *const col_names[NCOL] = {
	[C_SKPD] = "kode_skpd",	     [C_SUB] = "kode_sub_kegiatan",
	[C_REK] = "kode_rekening",   [C_NAMA_REK] = "nama_rekening",
	[C_PAGU] = "pagu",	     [C_VOLUME] = "volume",
	[C_SATUAN] = "satuan",	     [C_HARGA] = "harga",
	[C_SUMBER] = "sumber_dana",  [C_NAMA_SUB] = "nama_sub_kegiatan",
	[C_NAMA_SKPD] = "nama_skpd",
};

struct import_arg {
	int64_t id;
	int revisi;
	struct dokumen_impor_baris *rows;
	int nrows;
	struct dokumen_total total; /* of the rows, by kind */
};

static pagu_err import_work(struct api_req *r, void *p)
{
	struct import_arg *a = p;
	struct pagu_fault f = { 0 };
	int nbaris = 0, revisi = 0;
	int64_t total = 0; /* all rows together: not shown, pendapatan and belanja are kept apart */
	pagu_err e = dokumen_import(r->db, &r->arena, r->tok.pemda_id, a->id, a->revisi, a->rows, a->nrows,
				    r->tok.token_id, &nbaris, &revisi, &total, &f);
	return dokumen_reply(r, e, &f, 201,
			     e == PAGU_OK ? json_pack("{s:i, s:i, s:o}", "baris", nbaris, "revisi", revisi, "total",
						      dokumen_total_json(&a->total))
					  : NULL,
			     revisi);
}

/* round(volume x harga) to the sen, half away from zero; volume has at most 4 decimals. */
static bool jumlah_of(const char *volume, int64_t harga, int64_t *out)
{
	__int128 v = 0;
	int frac = -1;
	for (const char *p = volume; *p; p++) {
		if (*p == '.') {
			frac = 0;
			continue;
		}
		v = v * 10 + (*p - '0');
		if (frac >= 0)
			frac++;
	}
	for (int i = frac < 0 ? 0 : frac; i < 4; i++)
		v *= 10;
	__int128 prod = v * harga; /* sen x 10^4 */
	__int128 q = (prod + 5000) / 10000;
	if (q > MONEY_MAX_SEN)
		return false;
	*out = (int64_t)q;
	return true;
}

void h_dokumen_import(struct api_req *r)
{
	struct import_arg a = { .revisi = -1 };
	struct dokumen d;
	if (!dokumen_id_param(r, &a.id) || !dokumen_authorise(r, a.id, "edit", &d))
		return;
	if (!dokumen_baris_sendiri(r, &d))
		return;
	if (strcmp(d.jenis, "rka") != 0) {
		api_tolak(r, PAGU_E_CONFLICT, "id", NULL, P_SIPD_HANYA_RKA, "versi", api_num(r, (long long)a.id),
			  "jenis", d.jenis);
		return;
	}
	if (!dokumen_if_match(r, false, &a.revisi))
		return;
	const char *sumber_default = api_query(r, "sumber_dana");
	if (sumber_default && dokumen_check_sumber_dana(sumber_default, strlen(sumber_default))) {
		api_tolak(r, PAGU_E_INVALID, "sumber_dana", NULL, P_SUMBER_DANA_BUKAN_KODE, "kode", sumber_default);
		return;
	}

	struct csv_reader c;
	csv_init(&c, r->body ? r->body : "", r->body_len, &r->arena);
	const char *f[CSV_MAX_FIELDS];
	int nf, rc = csv_next(&c, f, &nf);
	if (rc != 1) {
		api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_TANPA_KEPALA);
		return;
	}
	/* the export's own columns, not read back (the line numbers and koefisien come from the rows) */
	static const char *const export_only[] = { "baris", "koefisien", NULL };
	int pos[NCOL], nhead = nf;
	if (!impor_header(r, f, nf, col_names, NCOL, export_only, pos))
		return;
	static const enum col required[] = { C_SKPD, C_SUB, C_REK, C_NAMA_REK, C_PAGU };
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++) {
		if (pos[required[k]] < 0) {
			api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_KOLOM_HILANG, "kolom", col_names[required[k]]);
			return;
		}
	}
	if (pos[C_SUMBER] < 0 && !sumber_default) {
		api_tolak(r, PAGU_E_INVALID, "sumber_dana", NULL, P_CSV_TANPA_SUMBER_DANA);
		return;
	}
	bool volumes = pos[C_VOLUME] >= 0 && pos[C_HARGA] >= 0;

	size_t cap = 1024;
	a.rows = arena_alloc(&r->arena, sizeof(*a.rows) * cap);
	int *lines = arena_alloc(&r->arena, sizeof(int) * cap);
	struct impor_faults errs;
	impor_faults_init(&errs, r);
	int ndata = 0; /* data rows read: each is imported, or the refusal names it or counts it as good */
	/* the columns read from a row (the names of SKPD and sub kegiatan are not) */
	static const enum col used[] = {
		C_SKPD, C_SUB, C_REK, C_NAMA_REK, C_PAGU, C_VOLUME, C_SATUAN, C_HARGA, C_SUMBER
	};
	for (;;) {
		rc = impor_next(&errs, &c, f, &nf, &ndata);
		if (rc < 0)
			return;
		if (rc == 0)
			break;
		int line = c.line;
		if (!impor_width(&errs, line, nf, nhead))
			continue;
		if (a.nrows == IMPOR_MAX_ROWS) {
			api_tolak(r, PAGU_E_TOO_LARGE, "csv", NULL, P_CSV_TERLALU_BANYAK_BARIS, "n",
				  api_num(r, IMPOR_MAX_ROWS));
			return;
		}
		if ((size_t)a.nrows == cap)
			a.rows = impor_grow(r, a.rows, sizeof(*a.rows), &lines, &cap);
		const char *v[NCOL];
		for (int k = 0; k < NCOL; k++)
			v[k] = pos[k] >= 0 ? impor_trim(r, f[pos[k]]) : "";
		/* bytes that are not UTF-8 (a file saved as Windows-1252) name their field, and nothing else is read */
		bool utf8 = true;
		for (size_t k = 0; k < sizeof(used) / sizeof(used[0]); k++)
			utf8 &= impor_utf8(&errs, line, col_names[used[k]], v[used[k]]);
		if (!utf8)
			continue;
		/* text an export guarded against spreadsheet formulas ("'=...") comes back as it was */
		v[C_NAMA_REK] = csv_text_unguard(v[C_NAMA_REK]);
		v[C_SATUAN] = csv_text_unguard(v[C_SATUAN]);
		bool ok = true;
		if (strcmp(v[C_SKPD], d.opd_kode) != 0) {
			impor_fault(&errs, line, "kode_skpd", P_IMPOR_BUKAN_OPD_RKA, "skpd", v[C_SKPD], "opd",
				    d.opd_kode);
			ok = false;
		}
		/* empty: a pendapatan or pembiayaan row kept by OPD and akun (a belanja row is refused with the
		   reference checks, naming its line); a penunjang one may be in SIPD's form (1.01.01.2.02.0001) */
		struct kode_nomenklatur kn = { .kode = "" };
		if (*v[C_SUB] && (kode_nomenklatur_parse(v[C_SUB], strlen(v[C_SUB]), &kn) != PAGU_OK ||
				  kn.level != KODE_NOM_SUB_KEGIATAN)) {
			impor_fault(&errs, line, "kode_sub_kegiatan", P_IMPOR_BUKAN_SUB, "kode", v[C_SUB]);
			ok = false;
		}
		struct kode_akun ka;
		if (kode_akun_parse(v[C_REK], strlen(v[C_REK]), &ka) != PAGU_OK || ka.level != 6) {
			impor_fault(&errs, line, "kode_rekening", P_IMPOR_BUKAN_AKUN_6, "kode", v[C_REK]);
			ok = false;
		} else if (!dokumen_akun_allowed(r->tok.role, v[C_REK])) {
			/* OPD planners budget belanja, Bapenda pendapatan (the role table's) */
			impor_fault(&errs, line, "kode_rekening", P_IMPOR_PERAN_AKUN, "peran",
				    api_peran_teks(r, r->tok.role), "akun", v[C_REK]);
			ok = false;
		}
		if (!*v[C_NAMA_REK] || opd_check_text(v[C_NAMA_REK], strlen(v[C_NAMA_REK])) ||
		    strlen(v[C_NAMA_REK]) > 500) {
			impor_fault(&errs, line, "nama_rekening", P_IMPOR_TEKS_SALAH, "kolom", "nama_rekening");
			ok = false;
		}
		int64_t pagu = 0;
		if (money_parse(v[C_PAGU], strlen(v[C_PAGU]), 0, &pagu) != PAGU_OK) {
			impor_fault(&errs, line, "pagu", P_IMPOR_PAGU_SALAH, "pagu", v[C_PAGU]);
			ok = false;
		}
		const char *sumber = pos[C_SUMBER] >= 0 && *v[C_SUMBER] ? v[C_SUMBER] : sumber_default;
		if (!sumber || dokumen_check_sumber_dana(sumber, strlen(sumber))) {
			impor_fault(&errs, line, "sumber_dana", P_IMPOR_SUMBER_SALAH);
			ok = false;
		}
		struct dokumen_impor_baris *row = &a.rows[a.nrows];
		row->nilai = "1";
		row->satuan = "paket";
		row->harga_satuan = pagu;
		if (volumes && (*v[C_VOLUME] || *v[C_HARGA])) {
			int64_t harga = 0, jumlah = 0;
			char volume[DOKUMEN_ANGKA_MAX];
			enum dokumen_angka va = dokumen_angka_parse(v[C_VOLUME], strlen(v[C_VOLUME]), volume);
			bool vol_ok = va == ANGKA_OK && strspn(volume, "0.") != strlen(volume);
			if (va == ANGKA_AMBIGUOUS) {
				impor_fault(&errs, line, "volume", P_IMPOR_VOLUME_RAGU, "volume", v[C_VOLUME], "saran",
					    DOKUMEN_ANGKA_HINT);
				ok = false;
			} else if (!vol_ok || money_parse(v[C_HARGA], strlen(v[C_HARGA]), 0, &harga) != PAGU_OK) {
				impor_fault(&errs, line, "volume", P_IMPOR_VOLUME_HARGA);
				ok = false;
			} else if (!jumlah_of(volume, harga, &jumlah) || (ok && jumlah != pagu)) {
				impor_fault(&errs, line, "pagu", P_IMPOR_VOLUME_X_HARGA, "pagu", v[C_PAGU]);
				ok = false;
			} else if (*v[C_SATUAN] &&
				   (opd_check_text(v[C_SATUAN], strlen(v[C_SATUAN])) || strlen(v[C_SATUAN]) > 30)) {
				impor_fault(&errs, line, "satuan", P_IMPOR_SATUAN_SALAH);
				ok = false;
			} else {
				row->nilai = arena_strdup(&r->arena, volume);
				row->satuan = *v[C_SATUAN] ? v[C_SATUAN] : "paket";
				row->harga_satuan = harga;
			}
		}
		if (!ok)
			continue;
		row->sub_kegiatan = *v[C_SUB] ? arena_strdup(&r->arena, kn.kode) : NULL;
		/* a kind's total past what money carries: the rows together are beyond the document's bound,
		   which the database refuses (400 amount-overflow, field csv) before the total is shown */
		(void)dokumen_total_add(&a.total, v[C_REK], pagu);
		row->akun = v[C_REK];
		row->uraian = v[C_NAMA_REK];
		row->sumber_dana = sumber;
		lines[a.nrows] = line;
		a.nrows++;
	}
	/* the rows that are well formed, checked against the reference edition */
	if (a.nrows) {
		struct dokumen_impor_masalah *m;
		int nm;
		pagu_err e = dokumen_import_check(r->db, &r->arena, r->tok.pemda_id, a.id, a.rows, a.nrows, &m, &nm);
		if (e != PAGU_OK) {
			api_tolak_engine(r, e, P_APA_REFERENSI);
			return;
		}
		static const char *const csv_field[] = { "kode_sub_kegiatan", "kode_rekening", "sumber_dana" };
		for (int i = 0; i < nm; i++) {
			const char *fld = !strcmp(m[i].field, "/sub_kegiatan") ? csv_field[0]
					  : !strcmp(m[i].field, "/akun")       ? csv_field[1]
									       : csv_field[2];
			/* the procedure names each problem as a catalogue item */
			const char *teks = pesan_daftar(&r->arena, r->bahasa, m[i].pesan);
			impor_fault_teks(&errs, lines[m[i].row], fld, teks ? teks : m[i].pesan ? m[i].pesan : "");
		}
	}
	if (errs.n) {
		impor_refuse(&errs, P_APA_IMPOR, ndata);
		return;
	}
	if (!a.nrows) {
		api_tolak(r, PAGU_E_INVALID, "csv", NULL, P_CSV_KOSONG);
		return;
	}
	api_idempotent(r, import_work, &a);
}

/* GET /v1/pemda/{pemda}/dokumen/{id}/csv: a version's lines as CSV. */
static void put_money(FILE *f, int64_t sen)
{
	char buf[MONEY_STR_MAX];
	money_format(sen, buf);
	fputs(buf, f);
}

void h_dokumen_export(struct api_req *r)
{
	int64_t id;
	struct dokumen d;
	if (!dokumen_id_param(r, &id) || !dokumen_authorise(r, id, NULL, &d))
		return;
	struct dokumen_isi isi;
	pagu_err e = dokumen_get(r->db, &r->arena, r->tok.pemda_id, id, &isi);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_DOKUMEN);
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	if (isi.nrkpd) {
		fputs("baris,opd_kode,sub_kegiatan,indikator,target,satuan,pagu_indikatif,lokasi,sumber_dana\r\n", f);
		for (int i = 0; i < isi.nrkpd; i++) {
			const struct rkpd_item *it = &isi.rkpd[i];
			fprintf(f, "%d,%s,%s,", it->baris, it->opd_kode, it->sub_kegiatan);
			csv_put(f, it->indikator);
			fprintf(f, ",%s,", it->target);
			csv_put(f, it->satuan);
			fputc(',', f);
			put_money(f, it->pagu_indikatif);
			fputc(',', f);
			csv_put(f, it->lokasi);
			fprintf(f, ",%s\r\n", it->sumber_dana);
		}
	} else if (isi.nplafon) {
		fputs("baris,jenis,opd_kode,sub_kegiatan,jumlah\r\n", f);
		for (int i = 0; i < isi.nplafon; i++) {
			const struct plafon_baris *p = &isi.plafon[i];
			fprintf(f, "%d,%s,%s,%s,", p->baris, p->jenis, p->opd_kode ? p->opd_kode : "",
				p->sub_kegiatan ? p->sub_kegiatan : "");
			put_money(f, p->jumlah);
			fputs("\r\n", f);
		}
	} else {
		/* the SIPD columns first, so an export imports again */
		fputs("kode_skpd,kode_sub_kegiatan,kode_rekening,nama_rekening,pagu,volume,satuan,harga,sumber_dana,"
		      "baris,koefisien\r\n",
		      f);
		for (int i = 0; i < isi.nrka; i++) {
			const struct rka_baris *b = &isi.rka[i];
			/* a penunjang sub kegiatan in SIPD's form, under its bidang; none for a pendapatan or
			   pembiayaan line kept by OPD and akun */
			if (!b->sub_kegiatan)
				fprintf(f, "%s,,%s,", b->opd_kode, b->akun);
			else if (b->bidang && !strncmp(b->sub_kegiatan, "X.XX.", 5))
				fprintf(f, "%s,%s%s,%s,", b->opd_kode, b->bidang, b->sub_kegiatan + 4, b->akun);
			else
				fprintf(f, "%s,%s,%s,", b->opd_kode, b->sub_kegiatan, b->akun);
			csv_put(f, b->uraian);
			fputc(',', f);
			put_money(f, b->jumlah);
			/* a volume the import reads one way only: 1.125 could be 1125, 1.1250 cannot */
			const char *dot = strchr(b->volume, '.');
			bool ragu = dot && strlen(dot + 1) == 3 && dot - b->volume <= 3 && b->volume[0] != '0';
			fprintf(f, ",%s%s,", b->volume, ragu ? "0" : "");
			csv_put(f, b->nkoefisien == 1 ? b->koefisien[0].satuan : "paket");
			fputc(',', f);
			put_money(f, b->harga_satuan);
			fprintf(f, ",%s,%d,", b->sumber_dana, b->baris);
			char *k = NULL;
			size_t kl = 0;
			FILE *kf = open_memstream(&k, &kl);
			for (int j = 0; j < b->nkoefisien; j++)
				fprintf(kf, "%s%s %s", j ? " x " : "", b->koefisien[j].nilai, b->koefisien[j].satuan);
			fclose(kf);
			csv_put(f, k);
			free(k);
			fputs("\r\n", f);
		}
	}
	fclose(f);
	api_reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
}
