/* h_laporan_monev_get.c - GET .../laporan/monev (Permendagri 86/2017 layout) and .../laporan/peringkat. */
#include <string.h>

#include "opd_json.h"
#include "report.h"

/* ?tahun, ?triwulan, ?opd (narrowed to an OPD-scoped token's own), ?format; false after a reply. */
static bool params(struct api_req *r, long *tahun, long *tw, const char **opd, const char **format)
{
	if (!api_query_int(r, "tahun", 2000, 2100, api_current_year(), tahun) ||
	    !api_query_int(r, "triwulan", 1, 4, 4, tw))
		return false;
	*format = api_query(r, "format");
	return api_query_opd(r, opd) && report_format_ok(r, *format);
}

static void run(struct api_req *r, enum stmt_id id, const struct report_col *cols, int ncols, const char *what)
{
	long tahun, tw;
	const char *opd, *format;
	if (!params(r, &tahun, &tw, &opd, &format))
		return;
	const char *p[] = { r->tok.pemda_id, arena_printf(&r->arena, "%ld", tahun), arena_printf(&r->arena, "%ld", tw),
			    opd };
	PGresult *res = NULL;
	pagu_err e = db_exec_id(r->db, id, p, &res);
	if (e != PAGU_OK) {
		api_problem_engine(r, e, what);
		return;
	}
	const char *title = arena_printf(&r->arena, "%s %s tahun %ld sampai triwulan %ld%s%s", what, r->tok.pemda_id,
					 tahun, tw, opd ? ", OPD " : "", opd ? opd : "");
	report_reply(r, res, cols, ncols, format, title,
		     arena_printf(&r->arena, "%s-%s-%ld-tw%ld", id == STMT_LAPORAN_MONEV ? "monev" : "peringkat",
				  r->tok.pemda_id, tahun, tw));
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
	run(r, STMT_LAPORAN_MONEV, cols, (int)(sizeof(cols) / sizeof(cols[0])), "Laporan e-monev");
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
	run(r, STMT_LAPORAN_PERINGKAT, cols, (int)(sizeof(cols) / sizeof(cols[0])), "Peringkat capaian OPD");
}
