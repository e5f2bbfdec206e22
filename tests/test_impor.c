/* test_impor.c - CSV in and out through HTTP: every imported row accounted for, every exported text safe to open. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "harness.h"

static struct harness H;
static char planner_disdik[64], finance[64], inspector[64], admin[64];
static int seq;

#define DISDIK "1.01.2.22.0.00.01.0000"
#define DINKES "1.02.0.00.0.00.01.0000"
#define BASE "/v1/pemda/13.71/dokumen"

/* POSTs @len bytes of CSV to @path with a fresh Idempotency-Key. */
static void post_csv(const char *path, const char *tok, const char *csv, size_t len, struct http_reply *r)
{
	char auth[128], key[64];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
	snprintf(key, sizeof(key), "Idempotency-Key: impor-%d", ++seq);
	const char *hdr[] = { auth, "Content-Type: text/csv", key, NULL };
	http_request(&H, "POST", path, csv, len, hdr, r);
}

static long create_rka(int tahun)
{
	return harness_dokumen_create(&H, planner_disdik, tahun, "rka", DISDIK);
}

static size_t nlines(long id)
{
	json_t *d = harness_dokumen_get(&H, id, inspector);
	size_t n = json_array_size(json_object_get(d, "baris"));
	json_decref(d);
	return n;
}

/* The distinct lines named in a refusal's errors, ascending; their number. */
static int named_lines(json_t *problem, int *out, int max)
{
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach (json_object_get(problem, "errors"), i, e) {
		int l = (int)json_integer_value(json_object_get(e, "baris_csv"));
		ck_assert_msg(jstr(e, "field") && jstr(e, "detail"), "an error without its field or detail");
		ck_assert_msg(n == 0 || l >= out[n - 1], "errors not ordered by line");
		if (n == 0 || out[n - 1] != l) {
			ck_assert_int_lt(n, max);
			out[n++] = l;
		}
	}
	return n;
}

/* ---- one bad byte in each field ---- */

static const char *const rka_cols[] = {
	"kode_skpd", "kode_sub_kegiatan", "kode_rekening", "nama_rekening", "pagu", "volume", "satuan",
	"harga",     "sumber_dana"
};
static const char *const rka_good[] = { DISDIK,	       "1.01.02.2.01.0001", "5.1.02.01.01.0024",
					"Belanja uji", "2000.00",	    "2",
					"orang",       "1000.00",	    "1.1" };
/* bytes a file saved in another encoding has, and broken UTF-8 */
static const char *const bad_bytes[] = { "\x92", "\xA0", "\xC3", "\xFF", "\xC0\xAE", "\xED\xA0\x80" };
#define NBAD (sizeof(bad_bytes) / sizeof(bad_bytes[0]))

static long bytes_rka;

START_TEST(rka_field_not_utf8)
{
	int field = _i % 9;
	const char *bad = bad_bytes[_i % NBAD];
	if (!bytes_rka)
		bytes_rka = create_rka(2041);
	char *csv = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&csv, &len);
	for (int k = 0; k < 9; k++)
		fprintf(f, "%s%s", k ? "," : "", rka_cols[k]);
	fputs("\r\n", f);
	for (int row = 0; row < 3; row++) {
		for (int k = 0; k < 9; k++) {
			/* the byte right after the value, as a Windows-1252 file has after an amount */
			fprintf(f, "%s%s%s", k ? "," : "", rka_good[k], row == 1 && k == field ? bad : "");
		}
		fputs("\r\n", f);
	}
	fclose(f);
	size_t before = nlines(bytes_rka);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/impor", bytes_rka);
	struct http_reply r;
	post_csv(path, planner_disdik, csv, len, &r);
	http_expect(&r, 422, "rule-violation", "csv");
	json_t *errs = json_object_get(r.json, "errors");
	ck_assert_int_eq(json_array_size(errs), 1);
	json_t *e = json_array_get(errs, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(e, "baris_csv")), 3);
	ck_assert_str_eq(jstr(e, "field"), rka_cols[field]);
	char want[64];
	snprintf(want, sizeof(want), "bita 0x%02X pada posisi %zu", (unsigned)(unsigned char)bad[0],
		 strlen(rka_good[field]));
	ck_assert_msg(strstr(jstr(e, "detail"), "bukan UTF-8") && strstr(jstr(e, "detail"), want), "detail: %s",
		      jstr(e, "detail"));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_ditolak")), 1);
	ck_assert(json_is_false(json_object_get(r.json, "errors_truncated")));
	http_reply_release(&r);
	ck_assert_uint_eq(nlines(bytes_rka), before);
	free(csv);
}
END_TEST

static const char *const ssh_cols[] = { "kode", "uraian", "satuan", "harga", "akun" };
static const char *const ssh_good[] = { "B1", "Pensil 2B", "buah", "2500.00", "5.1.02.01.01" };

START_TEST(ssh_field_not_utf8)
{
	int field = _i % 5;
	const char *bad = bad_bytes[(_i + 1) % NBAD];
	char csv[512];
	int n = snprintf(csv, sizeof(csv), "kode,uraian,satuan,harga,akun\r\nB0,Buku,buah,1000.00,5.1.02.01.01\r\n");
	for (int k = 0; k < 5; k++)
		n += snprintf(csv + n, sizeof(csv) - (size_t)n, "%s%s%s", k ? "," : "", ssh_good[k],
			      k == field ? bad : "");
	n += snprintf(csv + n, sizeof(csv) - (size_t)n, "\r\n");
	struct http_reply r;
	post_csv("/v1/pemda/13.71/ssh/impor?tahun=2041", finance, csv, (size_t)n, &r);
	http_expect(&r, 422, "rule-violation", "csv");
	json_t *errs = json_object_get(r.json, "errors");
	ck_assert_int_eq(json_array_size(errs), 1);
	json_t *e = json_array_get(errs, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(e, "baris_csv")), 3);
	ck_assert_str_eq(jstr(e, "field"), ssh_cols[field]);
	char want[64];
	snprintf(want, sizeof(want), "bita 0x%02X pada posisi %zu", (unsigned)(unsigned char)bad[0],
		 strlen(ssh_good[field]));
	ck_assert_msg(strstr(jstr(e, "detail"), want), "detail: %s", jstr(e, "detail"));
	http_reply_release(&r);
	/* nothing was recorded: not even the good row */
	http_auth(&H, "GET", "/v1/pemda/13.71/ssh?tahun=2041&prefix=B", finance, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 0);
	http_reply_release(&r);
}
END_TEST

/* ---- a row's field count against the header's; the header's column names ---- */

#define RKA_HEAD "kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,nama_rekening,pagu"
#define RKA_ROW DISDIK ",Disdik,1.01.02.2.01.0001,Sub,5.1.02.01.01.0024,Belanja uji"

static const struct {
	const char *row;
	int nf;
} rka_width[] = {
	{ RKA_ROW ",1,500,000.00", 9 }, /* an amount Excel wrote with thousands separators, unquoted */
	{ RKA_ROW ",1000.00,extra", 8 },
	{ RKA_ROW ",1000.00,", 8 }, /* a trailing comma */
	{ RKA_ROW, 6 },		    /* pagu missing */
	{ DISDIK, 1 },
};
#define NRKA_WIDTH (sizeof(rka_width) / sizeof(rka_width[0]))

static long width_rka;

/* A row with more or fewer fields than the header is named by its line; nothing is imported. */
START_TEST(rka_row_width)
{
	if (!width_rka)
		width_rka = create_rka(2048);
	char csv[512], path[128];
	int len = snprintf(csv, sizeof(csv), RKA_HEAD "\r\n" RKA_ROW ",1000.00\r\n%s\r\n\r\n" RKA_ROW ",2000.00\r\n",
			   rka_width[_i].row);
	snprintf(path, sizeof(path), BASE "/%ld/impor?sumber_dana=1.1", width_rka);
	size_t before = nlines(width_rka);
	struct http_reply r;
	post_csv(path, planner_disdik, csv, (size_t)len, &r);
	http_expect(&r, 422, "rule-violation", "csv");
	json_t *errs = json_object_get(r.json, "errors");
	ck_assert_int_eq(json_array_size(errs), 1);
	json_t *e = json_array_get(errs, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(e, "baris_csv")), 3);
	ck_assert_str_eq(jstr(e, "field"), "csv");
	char want[64];
	snprintf(want, sizeof(want), "%d kolom, padahal baris judul memiliki 7", rka_width[_i].nf);
	ck_assert_msg(strstr(jstr(e, "detail"), want), "detail: %s", jstr(e, "detail"));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_data")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_ditolak")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_baik")), 2);
	http_reply_release(&r);
	ck_assert_uint_eq(nlines(width_rka), before);
	/* the same file without that row imports: the refusal was the row's */
	len = snprintf(csv, sizeof(csv), RKA_HEAD "\r\n" RKA_ROW ",1000.00\r\n\r\n" RKA_ROW ",2000.00\r\n");
	if (_i == 0) {
		post_csv(path, planner_disdik, csv, (size_t)len, &r);
		http_expect(&r, 201, NULL, NULL);
		ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris")), 2);
		http_reply_release(&r);
		ck_assert_uint_eq(nlines(width_rka), before + 2);
	}
}
END_TEST

static const struct {
	const char *row;
	int nf;
} ssh_width[] = {
	{ "W-2,Pena,buah,1,500.00,5.1.02.01.01", 6 }, /* thousands separators */
	{ "W-2,Pena,buah,500.00,5.1.02.01.01,junk", 6 },
	{ "W-2,Pena,buah,500.00", 4 },
	{ "W-2", 1 },
};
#define NSSH_WIDTH (sizeof(ssh_width) / sizeof(ssh_width[0]))

START_TEST(ssh_row_width)
{
	char csv[512];
	int len = snprintf(csv, sizeof(csv),
			   "kode,uraian,satuan,harga,akun\r\nW-1,Pensil,buah,1500.00,5.1.02.01.01\r\n%s\r\n"
			   "W-3,Buku,buah,7000.00,5.1.02.01.01\r\n",
			   ssh_width[_i].row);
	struct http_reply r;
	post_csv("/v1/pemda/13.71/ssh/impor?tahun=2048", finance, csv, (size_t)len, &r);
	http_expect(&r, 422, "rule-violation", "csv");
	json_t *errs = json_object_get(r.json, "errors");
	ck_assert_int_eq(json_array_size(errs), 1);
	json_t *e = json_array_get(errs, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(e, "baris_csv")), 3);
	ck_assert_str_eq(jstr(e, "field"), "csv");
	char want[64];
	snprintf(want, sizeof(want), "%d kolom, padahal baris judul memiliki 5", ssh_width[_i].nf);
	ck_assert_msg(strstr(jstr(e, "detail"), want), "detail: %s", jstr(e, "detail"));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_data")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_ditolak")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_baik")), 2);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/ssh?tahun=2048&prefix=W", finance, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 0);
	http_reply_release(&r);
}
END_TEST

/* Headers that name a column twice (any case), a column no import reads, or a column with no name. */
static const struct {
	bool ssh;
	const char *head, *row, *want;
} bad_heads[] = {
	{ false, "kode_skpd,pagu,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,nama_rekening,pagu",
	  DISDIK ",7.00,1.01.02.2.01.0001,Sub,5.1.02.01.01.0024,Belanja uji,5.00",
	  "kolom pagu dua kali (kolom 2 dan 7)" },
	{ false, RKA_HEAD ",PAGU", RKA_ROW ",5.00,7.00", "kolom PAGU dua kali (kolom 7 dan 8)" },
	{ false, RKA_HEAD ",baris, Baris ", RKA_ROW ",5.00,1,2", "kolom Baris dua kali" },
	{ false, RKA_HEAD ",catatan", RKA_ROW ",5.00,lihat", "Kolom 8 pada baris judul, catatan," },
	{ false, RKA_HEAD ",", RKA_ROW ",5.00,", "Kolom 8 pada baris judul tidak bernama" },
	{ true, "kode,uraian,satuan,harga,akun,harga", "X-1,Pena,buah,1.00,5.1.02.01.01,1500.00",
	  "kolom harga dua kali (kolom 4 dan 6)" },
	{ true, "kode,KODE,uraian,satuan,harga,akun", "X-1,X-2,Pena,buah,1.00,5.1.02.01.01", "kolom KODE dua kali" },
	{ true, "kode,uraian,satuan,harga,akun,merk", "X-1,Pena,buah,1.00,5.1.02.01.01,Faber",
	  "Kolom 6 pada baris judul, merk," },
};
#define NBAD_HEADS (sizeof(bad_heads) / sizeof(bad_heads[0]))

START_TEST(header_refused)
{
	if (!width_rka)
		width_rka = create_rka(2048);
	char csv[512], path[128];
	int len = snprintf(csv, sizeof(csv), "%s\r\n%s\r\n", bad_heads[_i].head, bad_heads[_i].row);
	if (bad_heads[_i].ssh)
		snprintf(path, sizeof(path), "/v1/pemda/13.71/ssh/impor?tahun=2049");
	else
		snprintf(path, sizeof(path), BASE "/%ld/impor?sumber_dana=1.1", width_rka);
	size_t before = nlines(width_rka);
	struct http_reply r;
	post_csv(path, bad_heads[_i].ssh ? finance : planner_disdik, csv, (size_t)len, &r);
	http_expect(&r, 400, "invalid-input", "csv");
	ck_assert_msg(strstr(jstr(r.json, "detail"), bad_heads[_i].want), "detail: %s", jstr(r.json, "detail"));
	http_reply_release(&r);
	ck_assert_uint_eq(nlines(width_rka), before);
	http_auth(&H, "GET", "/v1/pemda/13.71/ssh?tahun=2049&prefix=X", finance, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 0);
	http_reply_release(&r);
}
END_TEST

/* ---- the property: imported + named = data lines, for generated files ---- */

static uint64_t rng;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

struct gen {
	FILE *f;
	int line;    /* the physical line the next record starts on */
	int records; /* data records written */
	int bad[64]; /* the lines where bad records start */
	int nbad;
	bool crlf_all; /* else each line end picks */
};

static void gen_eol(struct gen *g)
{
	fputs(g->crlf_all || rnd(2) ? "\r\n" : "\n", g->f);
	g->line++;
}

/* Writes one field: quoted when it must be, and sometimes when it need not; counts its line breaks. */
static void gen_field(struct gen *g, const char *v, bool first)
{
	if (!first)
		fputc(',', g->f);
	bool must = strpbrk(v, ",\"\r\n") != NULL;
	if (!must && rnd(4) != 0) {
		fputs(v, g->f);
		return;
	}
	fputc('"', g->f);
	for (const char *c = v; *c; c++) {
		if (*c == '"')
			fputc('"', g->f);
		if (*c == '\n')
			g->line++;
		fputc(*c, g->f);
	}
	fputc('"', g->f);
}

static void gen_blank_lines(struct gen *g)
{
	while (!rnd(5))
		gen_eol(g);
}

static const char *const names[] = {
	"Belanja alat tulis",	    "Honor \"narasumber\", 2 orang", "=SUM(A1:A9)", "-1 paket sisa",
	"Biaya Rp 5.000 per orang", "Perjalanan dinas – luar kota",  "@kegiatan",   "Konsumsi rapat (é, ü, 日本)"
};

/* Shuffles @n column indexes into @order. */
static void shuffle(int *order, int n)
{
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rnd((unsigned)i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

START_TEST(rka_import_accounts_for_every_line)
{
	long id = create_rka(2042);
	static const char *const akun[] = { "5.1.02.01.01.0024", "5.1.02.01.01.0026", "5.1.02.02.01.0003" };
	enum { NCOL = 10 };
	static const char *const cols[NCOL] = {
		"kode_skpd", "kode_sub_kegiatan", "kode_rekening", "nama_rekening", "pagu", "volume", "satuan",
		"harga",     "sumber_dana",	  "nama_skpd"
	};
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/impor", id);
	int created = 0, refused = 0, heads = 0;
	for (int file = 0; file < 60; file++) {
		rng = 0x9e3779b97f4a7c15ull * (uint64_t)(file + 1);
		char *csv = NULL;
		size_t len = 0;
		struct gen g = { .f = open_memstream(&csv, &len), .line = 1, .crlf_all = rnd(2) };
		if (rnd(3) == 0)
			fputs("\xEF\xBB\xBF", g.f);
		int order[NCOL];
		shuffle(order, NCOL);
		/* one file in six has a header that names a column twice (in another case) or one no import reads */
		int head_bad = rnd(6) ? -1 : (int)rnd(NCOL + 1);
		char dup[32] = "catatan";
		if (head_bad >= 0 && head_bad < NCOL) {
			snprintf(dup, sizeof(dup), "%s", cols[head_bad]);
			dup[0] = (char)(dup[0] - 'a' + 'A');
		}
		for (int k = 0; k < NCOL; k++)
			gen_field(&g, cols[order[k]], k == 0);
		if (head_bad >= 0)
			gen_field(&g, dup, false);
		gen_eol(&g);
		int nrec = (int)rnd(14);
		for (int i = 0; i < nrec; i++) {
			gen_blank_lines(&g);
			int start = g.line;
			char vol[8], harga[24], pagu[24];
			unsigned v = 1 + rnd(5), h = 10000 + rnd(1000000);
			snprintf(vol, sizeof(vol), "%u", v);
			snprintf(harga, sizeof(harga), "%u.%02u", h / 100, h % 100);
			snprintf(pagu, sizeof(pagu), "%u.%02u", v * h / 100, v * h % 100);
			const char *val[NCOL] = { DISDIK,
						  rnd(2) ? "1.01.02.2.01.0001" : "1.01.02.2.01.01",
						  akun[rnd(3)],
						  names[rnd(8)],
						  pagu,
						  vol,
						  rnd(2) ? "orang" : "paket",
						  harga,
						  "1.1",
						  "Dinas Pendidikan, Kebudayaan" };
			int kind = rnd(3) ? -1 : (int)rnd(12); /* a third of the rows have one fault */
			char buf[96];
			bool stray = false, thousands = false;
			int width = NCOL + (head_bad >= 0); /* the fields written: as many as the header has */
			switch (kind) {
			case 0: { /* a byte that is not UTF-8 in a field that is read */
				int k = (int)rnd(9);
				snprintf(buf, sizeof(buf), "%s%s", val[k], bad_bytes[rnd(NBAD)]);
				val[k] = buf;
				break;
			}
			case 1:
				val[4] = "1.000.000,00"; /* Indonesian digits */
				break;
			case 2:
				val[0] = DINKES; /* another OPD */
				break;
			case 3:
				val[2] = "5.1.02.01.01.9999"; /* well formed, not in the chart: the database's check */
				break;
			case 4:
				val[3] = "";
				break;
			case 5:
				stray = true; /* a quote inside an unquoted field: not CSV */
				break;
			case 6:
				val[3] = "Belanja\nbaris dua"; /* a line break inside a quoted name */
				break;
			case 7:
				val[4] = "1.00"; /* volume x harga is not pagu */
				break;
			case 8:
				val[1] = "1.01.02"; /* not a sub kegiatan */
				break;
			case 9:
				thousands = true; /* pagu as Excel writes it, 1,500,000.00, unquoted: two fields more */
				break;
			case 10:
				width--; /* a field missing */
				break;
			case 11:
				width++; /* a field too many */
				break;
			}
			for (int k = 0; k < width; k++) {
				const char *x = k < NCOL ? val[order[k]] : "lihat";
				if (stray && k < NCOL && order[k] == 3) {
					fputs(k ? ",Bel\"anja" : "Bel\"anja", g.f);
					continue;
				}
				if (thousands && k < NCOL && order[k] == 4) {
					fprintf(g.f, "%s%u,%03u,%03u.%02u", k ? "," : "", 1 + rnd(9), rnd(1000),
						rnd(1000), rnd(100));
					continue;
				}
				gen_field(&g, x, k == 0);
			}
			if (kind >= 0)
				g.bad[g.nbad++] = start;
			g.records++;
			if (i + 1 < nrec || rnd(2))
				gen_eol(&g);
		}
		fclose(g.f);
		size_t before = nlines(id);
		struct http_reply r;
		post_csv(path, planner_disdik, csv, len, &r);
		int imported = 0, named = 0, held = 0, lines[64];
		if (head_bad >= 0) {
			/* the header is refused before any row is read, naming the column */
			http_expect(&r, 400, "invalid-input", "csv");
			ck_assert_msg(strstr(jstr(r.json, "detail"), dup), "file %d: %s", file, jstr(r.json, "detail"));
			heads++;
		} else if (g.records == 0) {
			http_expect(&r, 400, "invalid-input", "csv");
		} else if (g.nbad == 0) {
			http_expect(&r, 201, NULL, NULL);
			imported = (int)json_integer_value(json_object_get(r.json, "baris"));
			created++;
		} else {
			ck_assert_msg(r.status == 422, "file %d: status %ld: %s", file, r.status, r.body);
			named = (int)json_integer_value(json_object_get(r.json, "baris_ditolak"));
			held = (int)json_integer_value(json_object_get(r.json, "baris_baik"));
			ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_data")), g.records);
			ck_assert(json_is_false(json_object_get(r.json, "errors_truncated")));
			int n = named_lines(r.json, lines, 64);
			ck_assert_int_eq(n, named);
			ck_assert_int_eq(n, g.nbad);
			for (int k = 0; k < n; k++)
				ck_assert_msg(lines[k] == g.bad[k], "file %d: line %d named, line %d is the bad one",
					      file, lines[k], g.bad[k]);
			refused++;
		}
		/* all or nothing, and every data line either imported or named */
		ck_assert_msg(imported == 0 || named + held == 0, "file %d: imported and refused", file);
		ck_assert_msg(imported == 0 || imported == g.records, "file %d: %d of %d imported", file, imported,
			      g.records);
		ck_assert_msg(head_bad >= 0 || imported + named + held == g.records,
			      "file %d: %d imported + %d named + %d held back != %d data lines", file, imported, named,
			      held, g.records);
		ck_assert_int_eq(held, named ? g.records - g.nbad : 0);
		ck_assert_uint_eq(nlines(id), before + (size_t)imported);
		http_reply_release(&r);
		free(csv);
	}
	/* the generator reached every outcome */
	ck_assert_int_gt(created, 5);
	ck_assert_int_gt(refused, 5);
	ck_assert_int_gt(heads, 2);
}
END_TEST

START_TEST(ssh_import_accounts_for_every_line)
{
	int created = 0, refused = 0, heads = 0;
	for (int file = 0; file < 90; file++) {
		rng = 0xd1b54a32d192ed03ull * (uint64_t)(file + 7);
		char *csv = NULL;
		size_t len = 0;
		struct gen g = { .f = open_memstream(&csv, &len), .line = 1, .crlf_all = rnd(2) };
		if (rnd(3) == 0)
			fputs("\xEF\xBB\xBF", g.f);
		int order[5];
		shuffle(order, 5);
		/* one file in six names a column twice (in another case) or one the import does not read */
		int head_bad = rnd(6) ? -1 : (int)rnd(6);
		char dup[32] = "merk";
		if (head_bad >= 0 && head_bad < 5) {
			snprintf(dup, sizeof(dup), "%s", ssh_cols[head_bad]);
			dup[0] = (char)(dup[0] - 'a' + 'A');
		}
		for (int k = 0; k < 5; k++)
			gen_field(&g, ssh_cols[order[k]], k == 0);
		if (head_bad >= 0)
			gen_field(&g, dup, false);
		gen_eol(&g);
		int nrec = (int)rnd(14);
		for (int i = 0; i < nrec; i++) {
			gen_blank_lines(&g);
			int start = g.line;
			char kode[32], harga[24];
			snprintf(kode, sizeof(kode), "P%d-%d", file, i);
			unsigned h = 100 + rnd(10000000);
			snprintf(harga, sizeof(harga), "%u.%02u", h / 100, h % 100);
			const char *val[5] = { kode, names[rnd(8)], rnd(2) ? "buah" : "rim", harga,
					       rnd(2) ? "5.1.02.01.01" : "5.1.02.01.01;5.1.02.02.01" };
			int kind = rnd(3) ? -1 : (int)rnd(10);
			char buf[96];
			bool stray = false, thousands = false;
			int width = 5 + (head_bad >= 0);
			switch (kind) {
			case 0: {
				int k = (int)rnd(5);
				snprintf(buf, sizeof(buf), "%s%s", val[k], bad_bytes[rnd(NBAD)]);
				val[k] = buf;
				break;
			}
			case 1:
				val[3] = "2.500"; /* not an amount */
				break;
			case 2:
				val[4] = "5.1.02.99"; /* well formed, not in the chart: the database's check */
				break;
			case 3:
				val[2] = "";
				break;
			case 4:
				stray = true;
				break;
			case 5:
				val[1] = "Pensil\r\nbaris dua";
				break;
			case 6:
				val[0] = "P x"; /* not a code */
				break;
			case 7:
				thousands = true; /* harga 1,500.00 unquoted: a field more */
				break;
			case 8:
				width--;
				break;
			case 9:
				width++;
				break;
			}
			for (int k = 0; k < width; k++) {
				if (stray && k < 5 && order[k] == 1) {
					fputs(k ? ",Pen\"sil" : "Pen\"sil", g.f);
					continue;
				}
				if (thousands && k < 5 && order[k] == 3) {
					fprintf(g.f, "%s%u,%03u.%02u", k ? "," : "", 1 + rnd(9), rnd(1000), rnd(100));
					continue;
				}
				gen_field(&g, k < 5 ? val[order[k]] : "Faber", k == 0);
			}
			if (kind >= 0)
				g.bad[g.nbad++] = start;
			g.records++;
			if (i + 1 < nrec || rnd(2))
				gen_eol(&g);
		}
		fclose(g.f);
		struct http_reply r;
		post_csv("/v1/pemda/13.71/ssh/impor?tahun=2042", finance, csv, len, &r);
		int imported = 0, named = 0, held = 0, lines[64];
		if (head_bad >= 0) {
			http_expect(&r, 400, "invalid-input", "csv");
			ck_assert_msg(strstr(jstr(r.json, "detail"), dup), "file %d: %s", file, jstr(r.json, "detail"));
			heads++;
		} else if (g.records == 0) {
			http_expect(&r, 400, "invalid-input", "csv");
		} else if (g.nbad == 0) {
			http_expect(&r, 201, NULL, NULL);
			imported = (int)json_integer_value(json_object_get(r.json, "item"));
			created++;
		} else {
			ck_assert_msg(r.status == 422, "file %d: status %ld: %s", file, r.status, r.body);
			named = (int)json_integer_value(json_object_get(r.json, "baris_ditolak"));
			held = (int)json_integer_value(json_object_get(r.json, "baris_baik"));
			ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_data")), g.records);
			int n = named_lines(r.json, lines, 64);
			ck_assert_int_eq(n, named);
			ck_assert_int_eq(n, g.nbad);
			for (int k = 0; k < n; k++)
				ck_assert_msg(lines[k] == g.bad[k], "file %d: line %d named, line %d is the bad one",
					      file, lines[k], g.bad[k]);
			refused++;
		}
		ck_assert_msg(head_bad >= 0 || imported + named + held == g.records,
			      "file %d: %d imported + %d named + %d held back != %d data lines", file, imported, named,
			      held, g.records);
		ck_assert_int_eq(held, named ? g.records - g.nbad : 0);
		/* what is recorded is exactly what was imported */
		char list[96];
		snprintf(list, sizeof(list), "/v1/pemda/13.71/ssh?tahun=2042&prefix=P%d-&limit=100", file);
		http_reply_release(&r);
		http_auth(&H, "GET", list, finance, NULL, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		ck_assert_int_eq((int)json_array_size(json_object_get(r.json, "items")), imported);
		http_reply_release(&r);
		free(csv);
	}
	ck_assert_int_gt(created, 5);
	ck_assert_int_gt(refused, 5);
	ck_assert_int_gt(heads, 2);
}
END_TEST

/* More bad rows than the list holds: the list says it is cut, the counts cover them all. */
START_TEST(error_list_capped)
{
	long id = create_rka(2043);
	char *csv = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&csv, &len);
	fputs("kode_skpd,kode_sub_kegiatan,kode_rekening,nama_rekening,pagu,sumber_dana\n", f);
	for (int i = 0; i < 1500; i++)
		fprintf(f, DISDIK ",1.01.02.2.01.0001,5.1.02.01.01.0024,Belanja %d,%s,1.1\n", i,
			i % 300 == 7 ? "10.00" : "x");
	fclose(f);
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/impor", id);
	struct http_reply r;
	post_csv(path, planner_disdik, csv, len, &r);
	http_expect(&r, 422, "rule-violation", "csv");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "errors")), 1000);
	ck_assert(json_is_true(json_object_get(r.json, "errors_truncated")));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "baris_ditolak")), 1495);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "errors_total")), 1495);
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "1.495 baris"));
	/* the first ones in the file are listed */
	ck_assert_int_eq(
		json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 0), "baris_csv")),
		2);
	http_reply_release(&r);
	ck_assert_uint_eq(nlines(id), 0);
	free(csv);
}
END_TEST

/* ---- exports ---- */

static bool formula_start(const char *s)
{
	return *s && strchr("=+-@\t\r", *s);
}

/* Parses CSV @body with the server's own reader; calls @row for each record after the header. */
static int parse_csv(const char *body, size_t len, const char **head, int *nhead,
		     void (*row)(const char **f, int n, const char **head, void *arg), void *arg)
{
	static struct arena a;
	arena_release(&a);
	arena_init(&a);
	struct csv_reader c;
	csv_init(&c, body, len, &a);
	const char *f[CSV_MAX_FIELDS];
	int n, rows = 0;
	ck_assert_int_eq(csv_next(&c, f, &n), 1);
	for (int i = 0; i < n; i++)
		head[i] = f[i];
	*nhead = n;
	int rc;
	while ((rc = csv_next(&c, f, &n)) == 1) {
		row(f, n, head, arg);
		rows++;
	}
	ck_assert_int_eq(rc, 0);
	return rows;
}

static const char *const nasty[] = { "=1+1",	       "-2 orang", "+62 812",		"@SUM(A1:A2)",
				     "'=sudah dijaga", "''+dua",   "biasa, dengan koma" };
#define NNASTY (sizeof(nasty) / sizeof(nasty[0]))

static void rka_row(const char **f, int n, const char **head, void *arg)
{
	int *seen = arg;
	for (int k = 0; k < n; k++) {
		if (!strcmp(head[k], "nama_rekening")) {
			for (size_t j = 0; j < NNASTY; j++) {
				/* the export's text: what the user typed, with a ' in front when it looks like a formula */
				const char *want = nasty[j];
				char guarded[64];
				if (formula_start(want + strspn(want, "'"))) {
					snprintf(guarded, sizeof(guarded), "'%s", want);
					want = guarded;
				}
				if (!strcmp(f[k], want))
					seen[j]++;
			}
		}
		if (!strcmp(head[k], "pagu") || !strcmp(head[k], "harga") || !strcmp(head[k], "volume"))
			ck_assert_msg(f[k][0] >= '0' && f[k][0] <= '9', "number %s changed", f[k]);
		ck_assert_msg(!formula_start(f[k]), "column %s starts a formula: %s", head[k], f[k]);
	}
}

/* The document CSV guards text against formulas, and imports again to the same text. */
START_TEST(dokumen_csv_guarded_and_round_trips)
{
	long id = create_rka(2044);
	for (size_t j = 0; j < NNASTY; j++) {
		json_t *line =
			json_pack("{s:s, s:s, s:s, s:[s], s:s, s:s}", "sub_kegiatan", "1.01.02.2.01.0001", "akun",
				  "5.1.02.01.01.0024", "uraian", nasty[j], "koefisien", j % 2 ? "2 orang" : "3 =kotak",
				  "harga_satuan", "1500.00", "sumber_dana", "1.1");
		char *body = json_dumps(line, JSON_COMPACT);
		json_decref(line);
		char path[96], key[64];
		snprintf(path, sizeof(path), BASE "/%ld/baris", id);
		snprintf(key, sizeof(key), "Idempotency-Key: baris-%d", ++seq);
		const char *extra[] = { key, NULL };
		struct http_reply r;
		http_auth(&H, "POST", path, planner_disdik, body, extra, &r);
		http_expect(&r, 201, NULL, NULL);
		http_reply_release(&r);
		free(body);
	}
	char path[96];
	snprintf(path, sizeof(path), BASE "/%ld/csv", id);
	struct http_reply r;
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	const char *head[CSV_MAX_FIELDS];
	int nh, seen[NNASTY] = { 0 };
	ck_assert_int_eq(parse_csv(r.body, r.len, head, &nh, rka_row, seen), (int)NNASTY);
	for (size_t j = 0; j < NNASTY; j++)
		ck_assert_msg(seen[j] == 1, "%s not exported as expected:\n%s", nasty[j], r.body);
	/* the export into another draft: the same lines, the same text */
	long id2 = create_rka(2045);
	char ipath[96];
	snprintf(ipath, sizeof(ipath), BASE "/%ld/impor", id2);
	struct http_reply r2;
	post_csv(ipath, planner_disdik, r.body, r.len, &r2);
	http_expect(&r2, 201, NULL, NULL);
	http_reply_release(&r2);
	http_reply_release(&r);
	json_t *a = harness_dokumen_get(&H, id, inspector), *b = harness_dokumen_get(&H, id2, inspector);
	json_t *la = json_object_get(a, "baris"), *lb = json_object_get(b, "baris");
	ck_assert_uint_eq(json_array_size(lb), NNASTY);
	for (size_t j = 0; j < NNASTY; j++) {
		json_t *x = json_array_get(la, j), *y = json_array_get(lb, j);
		ck_assert_str_eq(jstr(y, "uraian"), nasty[j]);
		ck_assert_str_eq(jstr(y, "uraian"), jstr(x, "uraian"));
		ck_assert_str_eq(jstr(y, "jumlah"), jstr(x, "jumlah"));
	}
	ck_assert_str_eq(jstr(json_object_get(a, "total"), "belanja"), jstr(json_object_get(b, "total"), "belanja"));
	ck_assert_str_eq(jstr(json_object_get(a, "total"), "pendapatan"),
			 jstr(json_object_get(b, "total"), "pendapatan"));
	json_decref(a);
	json_decref(b);
}
END_TEST

static void lra_row(const char **f, int n, const char **head, void *arg)
{
	int *negatives = arg;
	for (int k = 0; k < n; k++) {
		if (!strcmp(head[k], "Lebih/(Kurang)") && f[k][0] == '-')
			(*negatives)++;
		if (strcmp(head[k], "Uraian") && strcmp(head[k], "Kode Rekening"))
			ck_assert_msg(f[k][0] != '\'', "column %s guarded: %s", head[k], f[k]);
	}
}

/* The LRA's CSV: negative amounts stay numbers. */
START_TEST(lra_csv_numbers_stay)
{
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2027&format=csv", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	const char *head[CSV_MAX_FIELDS];
	int nh, negatives = 0;
	ck_assert_int_gt(parse_csv(r.body, r.len, head, &nh, lra_row, &negatives), 0);
	ck_assert_int_gt(negatives, 0);
	http_reply_release(&r);
}
END_TEST

static void peringkat_row(const char **f, int n, const char **head, void *arg)
{
	int *found = arg;
	for (int k = 0; k < n; k++) {
		if (!strcmp(head[k], "OPD") && !strcmp(f[k], "'=HYPERLINK(\"http://x.invalid\",\"klik\")"))
			(*found)++;
		ck_assert_msg(!formula_start(f[k]), "column %s starts a formula: %s", head[k], f[k]);
	}
}

static void unzip_sheet(const char *body, size_t len, char **xml)
{
	char path[PATH_MAX + 16], cmd[2 * PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/report.xlsx", H.dir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(body, 1, len, f), len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s'", path); /* every part of the workbook */
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	size_t cap = 1 << 16, n = 0;
	*xml = malloc(cap);
	size_t got;
	while ((got = fread(*xml + n, 1, cap - n - 1, p)) > 0) {
		n += got;
		if (n + 1 == cap)
			*xml = realloc(*xml, cap *= 2);
	}
	(*xml)[n] = '\0';
	pclose(p);
}

/* Report CSVs (report.c: e-monev, peringkat) guard text; the XLSX writes it as a string cell, never a formula. */
START_TEST(report_csv_and_xlsx_guarded)
{
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/opd/" DINKES, admin, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	char key[64], im[96];
	snprintf(key, sizeof(key), "Idempotency-Key: opd-%d", ++seq);
	snprintf(im, sizeof(im), "If-Match: %s", r.etag);
	http_reply_release(&r);
	const char *extra[] = { key, im, NULL };
	http_auth(&H, "PATCH", "/v1/pemda/13.71/opd/" DINKES, admin,
		  "{\"nama\":\"=HYPERLINK(\\\"http://x.invalid\\\",\\\"klik\\\")\"}", extra, &r);
	http_expect(&r, 200, NULL, NULL);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/peringkat?tahun=2026&triwulan=1&format=csv", inspector, NULL,
		  NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	const char *head[CSV_MAX_FIELDS];
	int nh, found = 0;
	ck_assert_int_gt(parse_csv(r.body, r.len, head, &nh, peringkat_row, &found), 0);
	ck_assert_msg(found == 1, "the OPD's name not guarded:\n%s", r.body);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/peringkat?tahun=2026&triwulan=1&format=xlsx", inspector, NULL,
		  NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	char *xml;
	unzip_sheet(r.body, r.len, &xml);
	http_reply_release(&r);
	/* the text is there, as a string (inline or shared), and the sheet has no formula at all */
	ck_assert_msg(strstr(xml, "=HYPERLINK(&quot;http://x.invalid&quot;,&quot;klik&quot;)") ||
			      strstr(xml, "=HYPERLINK(\"http://x.invalid\",\"klik\")"),
		      "the name is not in the sheet");
	ck_assert_ptr_null(strstr(xml, "<f>"));
	ck_assert_ptr_null(strstr(xml, "<f "));
	free(xml);
}
END_TEST

/* Query parameters are text too: one that is not UTF-8 is refused by name, not sent to the database. */
START_TEST(query_not_utf8)
{
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/ssh?tahun=2041&prefix=A%92", finance, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "prefix");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "bukan UTF-8"));
	http_reply_release(&r);
	/* a path segment that is not: the problem quotes it, bad byte shown, with its instance */
	http_auth(&H, "GET", "/v1/pemda/13.71/opd/1.02%92", finance, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-code", "kode");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "1.02\\x92"));
	ck_assert_ptr_nonnull(jstr(r.json, "instance"));
	http_reply_release(&r);
	/* ?sumber_dana of an import */
	char path[128];
	snprintf(path, sizeof(path), BASE "/%ld/impor?sumber_dana=1.1%%A0", bytes_rka ? bytes_rka : create_rka(2046));
	const char *csv = "kode_skpd,kode_sub_kegiatan,kode_rekening,nama_rekening,pagu\n";
	post_csv(path, planner_disdik, csv, strlen(csv), &r);
	http_expect(&r, 400, "invalid-input", "sumber_dana");
	http_reply_release(&r);
}
END_TEST

static Suite *impor_suite(void)
{
	Suite *s = suite_create("impor");
	TCase *tc = tcase_create("impor");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, rka_field_not_utf8, 0, 18);
	tcase_add_loop_test(tc, ssh_field_not_utf8, 0, 10);
	tcase_add_loop_test(tc, rka_row_width, 0, NRKA_WIDTH);
	tcase_add_loop_test(tc, ssh_row_width, 0, NSSH_WIDTH);
	tcase_add_loop_test(tc, header_refused, 0, NBAD_HEADS);
	tcase_add_test(tc, rka_import_accounts_for_every_line);
	tcase_add_test(tc, ssh_import_accounts_for_every_line);
	tcase_add_test(tc, error_list_capped);
	tcase_add_test(tc, query_not_utf8);
	tcase_add_test(tc, dokumen_csv_guarded_and_round_trips);
	tcase_add_test(tc, lra_csv_numbers_stay);
	tcase_add_test(tc, report_csv_and_xlsx_guarded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_bpkad_2027(&H);
	harness_token_need(&H, "13.71", "planner", DISDIK, planner_disdik);
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	harness_token_need(&H, "13.71", "inspector", NULL, inspector);
	harness_token_need(&H, "13.71", "admin", NULL, admin);
	return harness_run(&H, impor_suite());
}
