/*
 * h_laporan.c - the reports: GET .../laporan/lra (the LRA), .../laporan/monev (Permendagri 86/2017
 * layout) and .../laporan/peringkat, as JSON, CSV or XLSX.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "api.h"
#include "json_spec.h"
#include "laporan.h"
#include "money.h"
#include "opd_json.h"
#include "report.h"

struct lra {
	int tahun;
	const char *sampai, *opd;
	struct lra_baris *rows;
	int n;
};

static int64_t total(const struct lra *l, const char *kode)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->rows[i].kode, kode))
			return l->rows[i].realisasi;
	return 0;
}

static int64_t anggaran(const struct lra *l, const char *kode)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->rows[i].kode, kode))
			return l->rows[i].anggaran;
	return 0;
}

static json_t *persen_json(int64_t part, int64_t whole)
{
	char buf[32];
	return laporan_persen(part, whole, buf) ? json_string(buf) : json_null();
}

static json_t *pair(int64_t a, int64_t x)
{
	return json_pack("{s:o, s:o, s:o}", "anggaran", api_money_json(a), "realisasi", api_money_json(x), "persen",
			 persen_json(x, a));
}

static void reply_json(struct api_req *r, const struct lra *l)
{
	json_t *rows = json_array();
	for (int i = 0; i < l->n; i++) {
		const struct lra_baris *b = &l->rows[i];
		json_array_append_new(rows,
				      json_pack("{s:i, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "level", b->level,
						"kode", b->kode, "uraian", b->nama, "anggaran",
						api_money_json(b->anggaran), "realisasi", api_money_json(b->realisasi),
						"persen", persen_json(b->realisasi, b->anggaran), "lebih_kurang",
						api_money_json(b->realisasi - b->anggaran), "anggaran_murni",
						api_money_json(b->anggaran_murni), "bertambah_berkurang",
						api_money_json(b->anggaran - b->anggaran_murni)));
	}
	/* surplus/defisit and pembiayaan neto, the way the LRA closes */
	int64_t sa = anggaran(l, "4") - anggaran(l, "5"), sx = total(l, "4") - total(l, "5");
	int64_t na = anggaran(l, "6.1") - anggaran(l, "6.2"), nx = total(l, "6.1") - total(l, "6.2");
	json_t *ring =
		json_pack("{s:o, s:o, s:o, s:o}", "pendapatan", pair(anggaran(l, "4"), total(l, "4")), "belanja",
			  pair(anggaran(l, "5"), total(l, "5")), "surplus_defisit",
			  json_pack("{s:o, s:o}", "anggaran", api_money_json(sa), "realisasi", api_money_json(sx)),
			  "pembiayaan_neto",
			  json_pack("{s:o, s:o}", "anggaran", api_money_json(na), "realisasi", api_money_json(nx)));
	api_reply_json(r, 200,
		       json_pack("{s:i, s:s, s:s?, s:o, s:o}", "tahun", l->tahun, "sampai", l->sampai, "opd_kode",
				 l->opd, "ringkasan", ring, "baris", rows));
}

static void reply_csv(struct api_req *r, const struct lra *l)
{
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	/* Anggaran is the budget in force (after a Perubahan or pergeseran); the murni beside it */
	static const char *const head[] = { "Level",	      "Kode Rekening",	"Uraian",
					    "Anggaran",	      "Realisasi",	"Persen",
					    "Lebih/(Kurang)", "Anggaran Murni", "Bertambah/(Berkurang)" };
	enum { NHEAD = sizeof(head) / sizeof(head[0]) };
	for (int k = 0; k < NHEAD; k++)
		report_csv_field(&buf, &len, &cap, head[k], true, k == NHEAD - 1);
	for (int i = 0; i < l->n; i++) {
		const struct lra_baris *b = &l->rows[i];
		char lv[8], a[MONEY_STR_MAX], x[MONEY_STR_MAX], p[32], d[MONEY_STR_MAX], m[MONEY_STR_MAX],
			dm[MONEY_STR_MAX];
		snprintf(lv, sizeof(lv), "%d", b->level);
		money_format(b->anggaran, a);
		money_format(b->realisasi, x);
		laporan_persen(b->realisasi, b->anggaran, p);
		money_format(b->realisasi - b->anggaran, d);
		money_format(b->anggaran_murni, m);
		money_format(b->anggaran - b->anggaran_murni, dm);
		const char *v[] = { lv, b->kode, b->nama, a, x, p, d, m, dm };
		/* kode and uraian are text; level, amounts and percents are numbers ("-1500.00" stays) */
		for (int k = 0; k < NHEAD; k++)
			report_csv_field(&buf, &len, &cap, v[k], k == 1 || k == 2, k == NHEAD - 1);
	}
	r->disposition = arena_printf(&r->arena, "attachment; filename=\"lra-%s-%d.csv\"", r->tok.pemda_id, l->tahun);
	api_reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
}

/* Excel, as finance staff use it: real numbers with formats, frozen headers, Indonesian titles. */
static void reply_xlsx(struct api_req *r, const struct lra *l)
{
	char path[] = "/tmp/pagu-lra-XXXXXX";
	int tmp = mkstemp(path);
	if (tmp < 0) {
		api_tolak(r, PAGU_E_IO, NULL, NULL, P_SPREADSHEET_GAGAL, "request_id", r->request_id);
		return;
	}
	close(tmp);
	/* constant memory: rows go to disk as they are written, never the whole sheet in memory */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = "/tmp" };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "LRA") : NULL;
	if (!ws) {
		unlink(path);
		api_tolak(r, PAGU_E_IO, NULL, NULL, P_SPREADSHEET_GAGAL, "request_id", r->request_id);
		return;
	}
	lxw_format *title = workbook_add_format(wb), *head = workbook_add_format(wb), *rp = workbook_add_format(wb),
		   *rp_bold = workbook_add_format(wb), *pct = workbook_add_format(wb), *bold = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_bold(head);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_num_format(rp, "#,##0.00");
	format_set_num_format(rp_bold, "#,##0.00");
	format_set_bold(rp_bold);
	format_set_num_format(pct, "0.00");
	format_set_bold(bold);
	worksheet_write_string(ws, 0, 0, "LAPORAN REALISASI ANGGARAN", title);
	worksheet_write_string(ws, 1, 0,
			       arena_printf(&r->arena, "Pemda %s%s%s, tahun anggaran %d, sampai dengan %s",
					    r->tok.pemda_id, l->opd ? ", OPD " : "", l->opd ? l->opd : "", l->tahun,
					    l->sampai),
			       NULL);
	static const char *const cols[] = { "Kode Rekening",
					    "Uraian",
					    "Anggaran (Rp)",
					    "Realisasi (Rp)",
					    "%",
					    "Lebih/(Kurang) (Rp)",
					    "Anggaran Murni (Rp)",
					    "Bertambah/(Berkurang) (Rp)" };
	for (int k = 0; k < 8; k++)
		worksheet_write_string(ws, 3, (lxw_col_t)k, cols[k], head);
	worksheet_set_column(ws, 0, 0, 20, NULL);
	worksheet_set_column(ws, 1, 1, 60, NULL);
	worksheet_set_column(ws, 2, 7, 20, NULL);
	worksheet_freeze_panes(ws, 4, 2);
	for (int i = 0; i < l->n; i++) {
		const struct lra_baris *b = &l->rows[i];
		lxw_row_t row = (lxw_row_t)(4 + i);
		lxw_format *money = b->level <= 2 ? rp_bold : rp;
		worksheet_write_string(ws, row, 0, b->kode, b->level <= 2 ? bold : NULL);
		worksheet_write_string(ws, row, 1, b->nama, b->level <= 2 ? bold : NULL);
		/*
		 * A spreadsheet cell holds an IEEE double: the format, not our arithmetic. Every
		 * figure was computed exactly in sen; this only writes the nearest double of it
		 * (exact to the sen below 2^53 sen), and JSON and CSV carry the exact text.
		 */
		worksheet_write_number(ws, row, 2, (double)b->anggaran / 100.0, money);
		worksheet_write_number(ws, row, 3, (double)b->realisasi / 100.0, money);
		char p[32];
		if (laporan_persen(b->realisasi, b->anggaran, p))
			worksheet_write_number(ws, row, 4, strtod(p, NULL), pct);
		worksheet_write_number(ws, row, 5, (double)(b->realisasi - b->anggaran) / 100.0, money);
		worksheet_write_number(ws, row, 6, (double)b->anggaran_murni / 100.0, money);
		worksheet_write_number(ws, row, 7, (double)(b->anggaran - b->anggaran_murni) / 100.0, money);
	}
	lxw_error err = workbook_close(wb);
	int fd = err == LXW_NO_ERROR ? open(path, O_RDONLY) : -1;
	unlink(path); /* the open descriptor keeps it until sent */
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		api_tolak(r, PAGU_E_IO, NULL, NULL, P_SPREADSHEET_GAGAL, "request_id", r->request_id);
		return;
	}
	r->disposition = arena_printf(&r->arena, "attachment; filename=\"lra-%s-%d.xlsx\"", r->tok.pemda_id, l->tahun);
	api_reply_fd(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fd,
		     (uint64_t)st.st_size);
}

void h_laporan_lra_get(struct api_req *r)
{
	struct lra l = { 0 };
	long tahun;
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), &tahun))
		return;
	l.tahun = (int)tahun;
	l.sampai = api_query(r, "sampai");
	if (l.sampai) {
		pesan_kunci why = jspec_check_date(l.sampai, strlen(l.sampai));
		if (why || strncmp(l.sampai, arena_printf(&r->arena, "%d-", l.tahun), 5)) {
			api_tolak(r, PAGU_E_INVALID, "sampai", NULL, P_SAMPAI_BUKAN_TANGGAL_TAHUN, "sampai", l.sampai,
				  "tahun", api_num(r, l.tahun));
			return;
		}
	} else {
		l.sampai = arena_printf(&r->arena, "%d-12-31", l.tahun);
	}
	if (!api_query_opd(r, &l.opd))
		return;
	const char *format = api_query(r, "format");
	if (format && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx")) {
		api_tolak(r, PAGU_E_INVALID, "format", NULL, P_FORMAT_JSON_CSV_XLSX, "format", format);
		return;
	}
	pagu_err e = laporan_lra_get(r->db, &r->arena, r->tok.pemda_id, l.tahun, l.sampai, l.opd, &l.rows, &l.n);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_LRA);
		return;
	}
	if (!format || !strcmp(format, "json"))
		reply_json(r, &l);
	else if (!strcmp(format, "csv"))
		reply_csv(r, &l);
	else
		reply_xlsx(r, &l);
}

/* ---- the e-monev report and the ranking ---- */

/* ?tahun, ?triwulan, ?opd (narrowed to an OPD-scoped token's own), ?format; false after a reply. */
static bool params(struct api_req *r, long *tahun, long *tw, const char **opd, const char **format)
{
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), tahun) ||
	    !api_query_int(r, "triwulan", 1, 4, 4, tw))
		return false;
	*format = api_query(r, "format");
	return api_query_opd(r, opd) && report_format_ok(r, *format);
}

typedef pagu_err (*tabel_fn)(struct db *db, struct arena *a, const char *pemda, int tahun, int triwulan,
			     const char *opd, struct laporan_tabel *out);

static void run(struct api_req *r, tabel_fn get, const char *name, const struct report_col *cols, int ncols,
		const char *what)
{
	long tahun, tw;
	const char *opd, *format;
	if (!params(r, &tahun, &tw, &opd, &format))
		return;
	struct laporan_tabel t;
	pagu_err e = get(r->db, &r->arena, r->tok.pemda_id, (int)tahun, (int)tw, opd, &t);
	if (e != PAGU_OK) {
		api_tolak_engine(r, e, P_APA_LAPORAN);
		return;
	}
	const char *title = arena_printf(&r->arena, "%s %s tahun %ld sampai triwulan %ld%s%s", what, r->tok.pemda_id,
					 tahun, tw, opd ? ", OPD " : "", opd ? opd : "");
	report_reply(r, &t, cols, ncols, format, title,
		     arena_printf(&r->arena, "%s-%s-%ld-tw%ld", name, r->tok.pemda_id, tahun, tw));
}

void h_laporan_monev_get(struct api_req *r)
{
	static const struct report_col cols[] = {
		{ "opd_kode", "Kode OPD", REPORT_TEXT },
		{ "program", "Kode Program", REPORT_TEXT },
		{ "program_nama", "Program", REPORT_TEXT },
		{ "kegiatan", "Kode Kegiatan", REPORT_TEXT },
		{ "kegiatan_nama", "Kegiatan", REPORT_TEXT },
		{ "sub_kegiatan", "Kode Sub Kegiatan", REPORT_TEXT },
		{ "sub_kegiatan_nama", "Sub Kegiatan", REPORT_TEXT },
		{ "indikator", "Indikator", REPORT_TEXT },
		{ "satuan", "Satuan", REPORT_TEXT },
		{ "target", "Target", REPORT_DEC },
		{ "tw1", "Realisasi TW I", REPORT_DEC },
		{ "tw2", "Realisasi TW II", REPORT_DEC },
		{ "tw3", "Realisasi TW III", REPORT_DEC },
		{ "tw4", "Realisasi TW IV", REPORT_DEC },
		{ "kumulatif", "Realisasi Kumulatif", REPORT_DEC },
		{ "fisik", "Fisik (%)", REPORT_DEC },
		{ "capaian", "Capaian Kinerja (%)", REPORT_DEC },
		{ "predikat", "Predikat Kinerja", REPORT_TEXT },
		{ "anggaran", "Anggaran (Rp)", REPORT_MONEY },
		{ "realisasi_keuangan", "Realisasi Keuangan (Rp)", REPORT_MONEY },
		{ "capaian_keuangan", "Capaian Keuangan (%)", REPORT_DEC },
		{ "predikat_keuangan", "Predikat Keuangan", REPORT_TEXT },
	};
	run(r, laporan_monev_get, "monev", cols, (int)(sizeof(cols) / sizeof(cols[0])), "Laporan e-monev");
}

void h_laporan_peringkat_get(struct api_req *r)
{
	static const struct report_col cols[] = {
		{ "peringkat", "Peringkat", REPORT_INT },
		{ "opd_kode", "Kode OPD", REPORT_TEXT },
		{ "opd_nama", "OPD", REPORT_TEXT },
		{ "indikator", "Jumlah Indikator", REPORT_INT },
		{ "dievaluasi", "Indikator Dievaluasi", REPORT_INT },
		{ "capaian", "Rata-rata Capaian Kinerja (%)", REPORT_DEC },
		{ "predikat", "Predikat Kinerja", REPORT_TEXT },
		{ "anggaran", "Anggaran (Rp)", REPORT_MONEY },
		{ "realisasi", "Realisasi Keuangan (Rp)", REPORT_MONEY },
		{ "capaian_keuangan", "Capaian Keuangan (%)", REPORT_DEC },
		{ "predikat_keuangan", "Predikat Keuangan", REPORT_TEXT },
	};
	run(r, laporan_peringkat_get, "peringkat", cols, (int)(sizeof(cols) / sizeof(cols[0])),
	    "Peringkat capaian OPD");
}
