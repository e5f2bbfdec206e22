/* test_ledger.c - the execution ledger through HTTP: postings, refusals, races, tampering caught by verify. */
#include <check.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "merkle.h"
#include "money.h"

static struct harness H;
static char finance[64], revenue[64], inspector[64], finance_dinkes[64], planner[64];

#define BASE "/v1/pemda/13.71/ledger"
#define DINKES "1.02.0.00.0.00.01.0000"
#define BPKAD "5.02.0.00.0.00.01.0000"

/* The pocket @id in a reply's kantong list. */
static json_t *pocket(json_t *reply, long id)
{
	size_t i;
	json_t *k;
	json_array_foreach (json_object_get(reply, "kantong"), i, k)
		if (json_integer_value(json_object_get(k, "kantong_id")) == id)
			return k;
	return NULL;
}

static long entri_id(json_t *reply)
{
	return (long)json_integer_value(json_object_get(reply, "entri_id"));
}

/* Demo pockets of Dinkes in 2026 (locked DPA), spending ones whose allocation splits into 10 whole-sen parts. */
static long pockets[5];
static char alokasi[5][32];

static void pick_pockets(void)
{
	for (int i = 0; i < 5; i++) {
		char *v = harness_sqlf(
			&H,
			"SELECT kantong_id || ' ' || alokasi FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026"
			" AND opd_kode = '" DINKES "' AND arah = 'keluar' AND (alokasi * 100)::bigint %% 10 = 0"
			" ORDER BY kantong_id OFFSET %d LIMIT 1",
			i);
		if (!v || sscanf(v, "%ld %31s", &pockets[i], alokasi[i]) != 2) {
			fprintf(stderr, "no demo pocket %d\n", i);
			exit(2);
		}
		free(v);
	}
}

START_TEST(receipts)
{
	char *masuk = harness_sqlf(
		&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2027 AND arah = 'masuk'");
	char *keluar = harness_sqlf(
		&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2027 AND arah = 'keluar'");
	ck_assert_ptr_nonnull(masuk);
	ck_assert_ptr_nonnull(keluar);
	char body[512];
	struct http_reply r;
	/* Bapenda receives more than the target: allowed, and visible */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"STS-1\",\"tanggal\":\"2027-01-15\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"6000.00\"}]}",
		 masuk);
	http_post(&H, BASE "/sts", revenue, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	json_t *k = pocket(r.json, atol(masuk));
	ck_assert_str_eq(jstr(k, "alokasi"), "5000.00");
	ck_assert_str_eq(jstr(k, "realisasi"), "6000.00");
	ck_assert_str_eq(jstr(k, "arah"), "masuk");
	long sts = entri_id(r.json);
	http_reply_release(&r);
	/* a receipt into a spending pocket, an SPM on a receiving one */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"STS-2\",\"tanggal\":\"2027-01-15\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"1.00\"}]}",
		 keluar);
	http_post(&H, BASE "/sts", revenue, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/baris/0/kantong_id");
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SPM-9\",\"tanggal\":\"2027-01-15\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"1.00\"}]}",
		 masuk);
	http_post(&H, BASE "/spm", finance, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/baris/0/kantong_id");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "menerima uang: bukukan STS"));
	http_reply_release(&r);
	/* disbursement within the SPD only: 100 of SPD, 200 asked */
	free(harness_sqlf(&H, "SELECT pagu_ledger_spd('13.71', 2027, '" BPKAD
			      "', 'SPD-27', '2027-01-02', 12::smallint, 100, NULL)"));
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SP2D-27\",\"tanggal\":\"2027-01-15\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"200.00\"}]}",
		 keluar);
	http_post(&H, BASE "/sp2d", finance, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/baris");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "melebihi SPD-nya sebesar Rp100,00"));
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2027,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SP2D-27\",\"tanggal\":\"2027-01-15\","
		 "\"baris\":[{\"kantong_id\":%s,\"jumlah\":\"100.00\"}]}",
		 keluar);
	http_post(&H, BASE "/sp2d", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(jstr(json_object_get(r.json, "opd"), "sisa_spd"), "0.00");
	http_reply_release(&r);
	/* a receipt reversed */
	snprintf(body, sizeof(body),
		 "{\"entri_id\":%ld,\"nomor\":\"KOR-STS-1\",\"tanggal\":\"2027-01-16\",\"alasan\":\"salah setor\"}",
		 sts);
	http_post(&H, BASE "/koreksi", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(jstr(pocket(r.json, atol(masuk)), "realisasi"), "0.00");
	http_reply_release(&r);
	free(masuk);
	free(keluar);
}
END_TEST

START_TEST(reads)
{
	struct http_reply r;
	/* realisation by quarter: the race's disbursements fall in Q1, the batches' in Q2 */
	http_auth(&H, "GET", BASE "/realisasi?tahun=2026&opd=" DINKES "&per=triwulan", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *p = json_object_get(r.json, "periode");
	ck_assert_uint_eq(json_array_size(p), 4);
	char *q1 = harness_sqlf(
		&H, "SELECT pagu_uang(sum(alokasi)) FROM kantong WHERE kantong_id IN (%ld, %ld, %ld, %ld, %ld)",
		pockets[0], pockets[1], pockets[2], pockets[3], pockets[4]);
	ck_assert_str_eq(jstr(json_array_get(p, 0), "belanja"), q1);
	ck_assert_str_eq(jstr(json_array_get(p, 1), "belanja"), "4.00");
	char *kas =
		harness_sqlf(&H, "SELECT pagu_uang(sum(kas[1] + kas[2] + kas[3])) FROM kantong WHERE pemda_id = '13.71'"
				 " AND tahun = 2026 AND opd_kode = '" DINKES "' AND arah = 'keluar'");
	ck_assert_str_eq(jstr(json_array_get(p, 0), "rencana_kas"), kas);
	free(q1);
	free(kas);
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "/realisasi?tahun=2026&per=minggu", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "per");
	http_reply_release(&r);
	/* entries page by page, every one once */
	char *total = harness_sqlf(
		&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71' AND tahun = 2026 AND opd_kode = '" DINKES
		    "' AND jenis = 'sp2d'");
	int seen = 0, pages = 0;
	char path[256] = BASE "/entri?tahun=2026&opd=" DINKES "&jenis=sp2d&limit=10";
	for (;;) {
		http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
		http_expect(&r, 200, NULL, NULL);
		seen += (int)json_array_size(json_object_get(r.json, "items"));
		pages++;
		const char *next = jstr(r.json, "next_cursor");
		if (!next) {
			http_reply_release(&r);
			break;
		}
		snprintf(path, sizeof(path), BASE "/entri?tahun=2026&opd=" DINKES "&jenis=sp2d&limit=10&cursor=%s",
			 next);
		http_reply_release(&r);
	}
	ck_assert_int_eq(seen, atoi(total));
	ck_assert_int_gt(pages, 5);
	free(total);
	/* the entries behind one pocket: exactly those with a line on it, each once */
	char *want =
		harness_sqlf(&H,
			     "SELECT string_agg(entri_id::text, ',' ORDER BY entri_id) FROM (SELECT DISTINCT entri_id"
			     " FROM entri_baris WHERE pemda_id = '13.71' AND kantong_id = %ld) x",
			     pockets[0]);
	ck_assert_ptr_nonnull(want);
	snprintf(path, sizeof(path), BASE "/entri?tahun=2026&kantong=%ld&limit=500", pockets[0]);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	char got[8192] = "";
	size_t i;
	json_t *it;
	json_array_foreach (json_object_get(r.json, "items"), i, it) {
		size_t l = strlen(got);
		snprintf(got + l, sizeof(got) - l, "%s%lld", l ? "," : "",
			 (long long)json_integer_value(json_object_get(it, "entri_id")));
	}
	ck_assert_str_eq(got, want);
	http_reply_release(&r);
	free(want);
	http_auth(&H, "GET", BASE "/entri?tahun=2026&kantong=abc", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "kantong");
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "/entri?tahun=2026&kantong=0", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "kantong");
	http_reply_release(&r);
	/* a pocket with nothing posted on it: no entries (not all of them) */
	http_auth(&H, "GET", BASE "/entri?tahun=2026&kantong=999999999", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 0);
	http_reply_release(&r);
}
END_TEST

START_TEST(pockets_from_the_dpa)
{
	struct http_reply r;
	http_auth(&H, "GET", BASE "/kantong?tahun=2026&opd=" DINKES "&limit=500", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *items = json_object_get(r.json, "items");
	ck_assert_int_gt(json_array_size(items), 5);
	/* each pocket's allocation is its DPA lines' sum, its anggaran kas sums to it */
	json_t *k = json_array_get(items, 0);
	char *want = harness_sqlf(
		&H,
		"SELECT pagu_uang(sum(b.jumlah)) FROM rka_baris b JOIN kantong k ON k.pemda_id = b.pemda_id"
		" AND k.dpa_id = b.dokumen_id AND k.sub_kegiatan = b.sub_kegiatan AND k.akun = b.akun"
		" WHERE k.kantong_id = %lld",
		(long long)json_integer_value(json_object_get(k, "kantong_id")));
	ck_assert_str_eq(jstr(k, "alokasi"), want);
	free(want);
	ck_assert_str_eq(jstr(k, "arah"), "keluar");
	ck_assert_str_eq(jstr(k, "tersedia"), jstr(k, "alokasi"));
	http_reply_release(&r);
	/* an OPD-scoped token reads its own OPD's pockets, and is refused another's */
	http_auth(&H, "GET", BASE "/kantong?tahun=2026&opd=" BPKAD, finance_dinkes, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", "opd");
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "/kantong?tahun=2026&akun=5.1.x", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-code", "akun");
	http_reply_release(&r);
}
END_TEST

START_TEST(spd_within_anggaran_kas)
{
	char *kas = harness_sqlf(
		&H, "SELECT pagu_uang(sum((SELECT sum(x) FROM unnest(kas[1:3]) x))) FROM kantong WHERE pemda_id ="
		    " '13.71' AND tahun = 2026 AND opd_kode = '" DINKES "' AND arah = 'keluar'");
	char *all =
		harness_sqlf(&H, "SELECT pagu_uang(sum(alokasi)) FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026"
				 " AND opd_kode = '" DINKES "' AND arah = 'keluar'");
	char body[512];
	struct http_reply r;
	/* above the anggaran kas to March: refused, named */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPD-TW1\",\"tanggal\":\"2026-01-02\","
		 "\"bulan\":3,\"jumlah\":\"%s\"}",
		 all);
	http_post(&H, BASE "/spd", finance, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/jumlah");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "melebihi anggaran kas kumulatifnya"));
	http_reply_release(&r);
	/* the first quarter exactly, then the rest of the year */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPD-TW1\",\"tanggal\":\"2026-01-02\","
		 "\"bulan\":3,\"jumlah\":\"%s\"}",
		 kas);
	http_post(&H, BASE "/spd", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(jstr(json_object_get(r.json, "opd"), "spd"), kas);
	http_reply_release(&r);
	char *rest = harness_sqlf(&H, "SELECT pagu_uang(%s - %s)", all, kas);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPD-TW2-4\",\"tanggal\":\"2026-04-01\","
		 "\"bulan\":12,\"jumlah\":\"%s\"}",
		 rest);
	http_post(&H, BASE "/spd", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(jstr(json_object_get(r.json, "opd"), "spd"), all);
	http_reply_release(&r);
	/* an OPD-scoped token does not issue SPD */
	http_post(&H, BASE "/spd", finance_dinkes, body, NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	free(kas);
	free(all);
	free(rest);
}
END_TEST

START_TEST(two_phase)
{
	char body[1024];
	struct http_reply r;
	long k0 = pockets[0], k1 = pockets[1];
	/* more than available: refused with the pocket, what is available and what was asked */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPM-1\",\"tanggal\":\"2026-02-01\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"1000.00\"},{\"kantong_id\":%ld,\"jumlah\":\"%s.01\"}]}",
		 k0, k1, "999999999999");
	http_post(&H, BASE "/spm", finance, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/baris/1/jumlah");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "sedangkan yang diminta Rp999.999.999.999,01"));
	http_reply_release(&r);
	/* an SPM over two pockets reserves both */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPM-1\",\"tanggal\":\"2026-02-01\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"1000.00\"},{\"kantong_id\":%ld,\"jumlah\":\"500.00\"}]}",
		 k0, k1);
	http_post(&H, BASE "/spm", finance, body, "spm-1", &r);
	http_expect(&r, 201, NULL, NULL);
	long spm = entri_id(r.json);
	ck_assert_str_eq(jstr(pocket(r.json, k0), "pending"), "1000.00");
	ck_assert_str_eq(jstr(pocket(r.json, k1), "pending"), "500.00");
	char *first = strdup(r.body);
	http_reply_release(&r);
	/* a retry is the first answer; the same number with another key is a conflict */
	http_post(&H, BASE "/spm", finance, body, "spm-1", &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert(r.replayed);
	ck_assert_str_eq(r.body, first);
	http_reply_release(&r);
	free(first);
	http_post(&H, BASE "/spm", finance, body, NULL, &r);
	http_expect(&r, 409, "conflict", "/nomor");
	http_reply_release(&r);
	/* a partial SP2D: 600 of the 1000, nothing of the 500; the rest is released */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SP2D-1\",\"tanggal\":\"2026-02-03\","
		 "\"spm_id\":%ld,\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"600.00\"}]}",
		 spm, k0);
	http_post(&H, BASE "/sp2d", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	long sp2d = entri_id(r.json);
	ck_assert_str_eq(jstr(pocket(r.json, k0), "pending"), "0.00");
	ck_assert_str_eq(jstr(pocket(r.json, k0), "realisasi"), "600.00");
	ck_assert_str_eq(jstr(pocket(r.json, k1), "pending"), "0.00");
	ck_assert_str_eq(jstr(pocket(r.json, k1), "realisasi"), "0.00");
	ck_assert_str_eq(jstr(r.json, "jumlah"), "600.00");
	http_reply_release(&r);
	/* posted once: a second SP2D of it, or a void after it, is refused */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SP2D-2\",\"tanggal\":\"2026-02-03\","
		 "\"spm_id\":%ld}",
		 spm);
	http_post(&H, BASE "/sp2d", finance, body, NULL, &r);
	http_expect(&r, 409, "conflict", "/spm_id");
	http_reply_release(&r);
	char path[128];
	snprintf(path, sizeof(path), BASE "/spm/%ld/void", spm);
	http_post(&H, path, finance, "{\"tanggal\":\"2026-02-04\",\"alasan\":\"batal\"}", NULL, &r);
	http_expect(&r, 409, "conflict", "/spm_id");
	http_reply_release(&r);
	/* a second SPM, voided, cannot then be posted; more than reserved is refused first */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPM-2\",\"tanggal\":\"2026-02-05\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"300.00\"}]}",
		 k1);
	http_post(&H, BASE "/spm", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	long spm2 = entri_id(r.json);
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SP2D-3\",\"tanggal\":\"2026-02-06\","
		 "\"spm_id\":%ld,\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"300.01\"}]}",
		 spm2, k1);
	http_post(&H, BASE "/sp2d", finance, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/baris/0/jumlah");
	http_reply_release(&r);
	snprintf(path, sizeof(path), BASE "/spm/%ld/void", spm2);
	http_post(&H, path, finance, "{\"tanggal\":\"2026-02-06\",\"alasan\":\"dibatalkan PPK\"}", NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_str_eq(jstr(pocket(r.json, k1), "pending"), "0.00");
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SP2D-3\",\"tanggal\":\"2026-02-06\","
		 "\"spm_id\":%ld}",
		 spm2);
	http_post(&H, BASE "/sp2d", finance, body, NULL, &r);
	http_expect(&r, 409, "conflict", "/spm_id");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "sudah dibatalkan"));
	http_reply_release(&r);
	/* a reversal, once; a reversal of a reversal is refused */
	snprintf(body, sizeof(body),
		 "{\"entri_id\":%ld,\"nomor\":\"KOR-1\",\"tanggal\":\"2026-02-10\",\"alasan\":\"salah rekening\"}",
		 sp2d);
	http_post(&H, BASE "/koreksi", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	long kor = entri_id(r.json);
	ck_assert_str_eq(jstr(pocket(r.json, k0), "realisasi"), "0.00");
	ck_assert_str_eq(jstr(json_object_get(r.json, "opd"), "sp2d"), "0.00");
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"entri_id\":%ld,\"nomor\":\"KOR-2\",\"tanggal\":\"2026-02-10\",\"alasan\":\"lagi\"}", sp2d);
	http_post(&H, BASE "/koreksi", finance, body, NULL, &r);
	http_expect(&r, 409, "conflict", "/entri_id");
	http_reply_release(&r);
	snprintf(body, sizeof(body),
		 "{\"entri_id\":%ld,\"nomor\":\"KOR-3\",\"tanggal\":\"2026-02-10\",\"alasan\":\"balik\"}", kor);
	http_post(&H, BASE "/koreksi", finance, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/entri_id");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "koreksi tetap berlaku"));
	http_reply_release(&r);
}
END_TEST

START_TEST(refusals)
{
	char body[1024];
	struct http_reply r;
	long k0 = pockets[0];
	static const struct {
		const char *body;
		long status;
		const char *slug, *field;
	} bad[] = {
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-1\",\"tanggal\":\"2027-01-01\",\"baris\":"
		  "[{\"kantong_id\":%ld,\"jumlah\":\"1.00\"}]}",
		  422, "rule-violation", "/tanggal" },
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-1\",\"tanggal\":\"2026-02-30\",\"baris\":"
		  "[{\"kantong_id\":%ld,\"jumlah\":\"1.00\"}]}",
		  400, "invalid-input", "/tanggal" },
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-1\",\"tanggal\":\"2026-02-01\",\"baris\":"
		  "[{\"kantong_id\":%ld,\"jumlah\":\"0.00\"}]}",
		  400, "invalid-input", "/baris/0/jumlah" },
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-1\",\"tanggal\":\"2026-02-01\",\"baris\":"
		  "[{\"kantong_id\":%ld,\"jumlah\":1}]}",
		  400, "invalid-amount", "/baris/0/jumlah" },
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-1\",\"tanggal\":\"2026-02-01\",\"baris\":"
		  "[{\"kantong_id\":%ld,\"jumlah\":\"1.00\",\"x\":1}]}",
		  400, "invalid-input", "/baris/0/x" },
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-1\",\"tanggal\":\"2026-02-01\",\"baris\":"
		  "[{\"kantong_id\":%ld,\"jumlah\":\"1.00\"},{\"kantong_id\":%ld,\"jumlah\":\"1.00\"}]}",
		  422, "rule-violation", "/baris" },
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES
		  "\",\"nomor\":\"X-1\",\"tanggal\":\"2026-02-01\",\"baris\":[]}",
		  400, "invalid-input", "/baris" },
		{ "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-1\",\"tanggal\":\"2026-02-01\",\"baris\":"
		  "[{\"kantong_id\":99999999,\"jumlah\":\"1.00\"}]}",
		  404, "not-found", "/baris/0/kantong_id" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(body, sizeof(body), bad[i].body, k0, k0);
		http_post(&H, BASE "/spm", finance, body, NULL, &r);
		http_expect(&r, bad[i].status, bad[i].slug, bad[i].field);
		http_reply_release(&r);
	}
	/* another OPD's pocket: for an unscoped token a rule, for Dinkes' own token a scope refusal */
	char *other = harness_sqlf(&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND"
				       " opd_kode <> '" DINKES "' AND arah = 'keluar' LIMIT 1");
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"X-2\",\"tanggal\":\"2026-02-01\",\"baris\":"
		 "[{\"kantong_id\":%s,\"jumlah\":\"1.00\"}]}",
		 other);
	http_post(&H, BASE "/sp2d", finance_dinkes, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/baris/0/kantong_id");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "milik OPD"));
	http_reply_release(&r);
	char *other_opd = harness_sqlf(&H, "SELECT opd_kode FROM kantong WHERE kantong_id = %s", other);
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"X-3\",\"tanggal\":\"2026-02-01\",\"baris\":"
		 "[{\"kantong_id\":%s,\"jumlah\":\"1.00\"}]}",
		 other_opd, other);
	http_post(&H, BASE "/sp2d", finance_dinkes, body, NULL, &r);
	http_expect(&r, 403, "forbidden", "/opd_kode");
	http_reply_release(&r);
	/* that OPD has no SPD: an SP2D is paid within one */
	http_post(&H, BASE "/sp2d", finance, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/opd_kode");
	http_reply_release(&r);
	/* roles: a planner posts nothing; revenue posts STS only */
	http_post(&H, BASE "/sp2d", planner, body, NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	http_post(&H, BASE "/sp2d", revenue, body, NULL, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	/* an STS into a spending pocket is refused with the reason */
	snprintf(body, sizeof(body),
		 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"STS-X\",\"tanggal\":\"2026-02-01\",\"baris\":"
		 "[{\"kantong_id\":%ld,\"jumlah\":\"1.00\"}]}",
		 k0);
	http_post(&H, BASE "/sts", revenue, body, NULL, &r);
	http_expect(&r, 422, "rule-violation", "/baris/0/kantong_id");
	ck_assert_ptr_nonnull(strstr(jstr(r.json, "detail"), "mengeluarkan uang: melalui SPM dan SP2D"));
	http_reply_release(&r);
	free(other);
	free(other_opd);
	/* nothing of all that was written */
	char *n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor LIKE 'X-%%' OR nomor = 'STS-X'");
	ck_assert_str_eq(n, "0");
	free(n);
}
END_TEST

/* ---- the race: 32 clients, 5 pockets, demand three times the allocation ---- */

struct racer {
	int id;
	int ok[5], refused[5], other;
	long entries[200];
	int nentries;
};

static void *race(void *p)
{
	struct racer *x = p;
	for (int round = 0; round < 15; round++) {
		int k = (x->id + round) % 5;
		char body[512], nomor[32], amount[40];
		snprintf(nomor, sizeof(nomor), "R-%d-%d", x->id, round);
		/* a tenth of the allocation: exact in sen by the choice of pockets */
		long long sen = 0;
		char whole[32];
		snprintf(whole, sizeof(whole), "%s", alokasi[k]);
		char *dot = strchr(whole, '.');
		sen = atoll(whole) * 100 + (dot ? atoll(dot + 1) : 0);
		snprintf(amount, sizeof(amount), "%lld.%02lld", sen / 10 / 100, sen / 10 % 100);
		snprintf(body, sizeof(body),
			 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"%s\",\"tanggal\":\"2026-03-01\","
			 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"%s\"}]}",
			 nomor, pockets[k], amount);
		struct http_reply r;
		char key[64];
		snprintf(key, sizeof(key), "race-%d-%d", x->id, round);
		http_post(&H, BASE "/sp2d", finance, body, key, &r);
		if (r.status == 201 && x->nentries < 200) {
			x->ok[k]++;
			x->entries[x->nentries++] = entri_id(r.json);
		} else if (r.status == 422) {
			x->refused[k]++;
		} else {
			x->other++;
			fprintf(stderr, "race: %ld %s\n", r.status, r.body);
		}
		http_reply_release(&r);
	}
	return NULL;
}

START_TEST(race_never_overspends)
{
	/* start from clean pockets: what two_phase left is reversed or released */
	pthread_t t[32];
	struct racer x[32];
	for (int i = 0; i < 32; i++) {
		memset(&x[i], 0, sizeof(x[i]));
		x[i].id = i;
		ck_assert_int_eq(pthread_create(&t[i], NULL, race, &x[i]), 0);
	}
	int ok[5] = { 0 }, refused[5] = { 0 }, other = 0;
	for (int i = 0; i < 32; i++) {
		pthread_join(t[i], NULL);
		for (int k = 0; k < 5; k++) {
			ok[k] += x[i].ok[k];
			refused[k] += x[i].refused[k];
		}
		other += x[i].other;
	}
	ck_assert_int_eq(other, 0);
	for (int k = 0; k < 5; k++) {
		/* 96 asks of a tenth each: exactly ten served (k0 had 600 posted and reversed: whole again) */
		ck_assert_msg(ok[k] == 10, "pocket %ld: %d served, %d refused", pockets[k], ok[k], refused[k]);
		ck_assert_int_eq(ok[k] + refused[k], 96);
		char *v = harness_sqlf(&H,
				       "SELECT realisasi = alokasi AND pending = 0 FROM kantong WHERE kantong_id = %ld",
				       pockets[k]);
		ck_assert_str_eq(v, "t");
		free(v);
	}
	/* every 201 is in the ledger exactly once */
	for (int i = 0; i < 32; i++)
		for (int e = 0; e < x[i].nentries; e++) {
			char *n = harness_sqlf(&H,
					       "SELECT count(*) FROM entri WHERE pemda_id = '13.71' AND entri_id = %ld"
					       " AND jenis = 'sp2d' AND nomor LIKE 'R-%%'",
					       x[i].entries[e]);
			ck_assert_str_eq(n, "1");
			free(n);
		}
	char *n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor LIKE 'R-%%'");
	ck_assert_int_eq(atoi(n), 50);
	free(n);
	struct http_reply r;
	http_auth(&H, "GET", BASE "/verify", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
	http_reply_release(&r);
}
END_TEST

static void batch(const char *tok, const char *body, struct http_reply *r)
{
	http_auth(&H, "POST", BASE "/batch", tok, body, NULL, r);
}

START_TEST(batches)
{
	char *spare =
		harness_sqlf(&H,
			     "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND opd_kode ="
			     " '" DINKES "' AND arah = 'keluar' AND kantong_id NOT IN (%ld, %ld, %ld, %ld, %ld)"
			     " AND alokasi >= 100 ORDER BY kantong_id LIMIT 1",
			     pockets[0], pockets[1], pockets[2], pockets[3], pockets[4]);
	char body[4096];
#define OP(key, nomor, k, amount)                                                                                     \
	"{\"op\":\"sp2d\",\"idempotency_key\":\"" key "\",\"tahun\":2026,\"opd_kode\":\"" DINKES                      \
	"\",\"nomor\":\"" nomor "\",\"tanggal\":\"2026-04-01\",\"baris\":[{\"kantong_id\":" k ",\"jumlah\":\"" amount \
	"\"}]}"
	struct http_reply r;
	/* each on its own: one posted, one refused (its pocket is spent), each with its result */
	snprintf(body, sizeof(body),
		 "{\"operasi\":[" OP("b-1", "B-1", "%s", "1.00") "," OP("b-2", "B-2", "%ld", "1.00") "]}", spare,
		 pockets[0]);
	batch(finance, body, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "berhasil")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "ditolak")), 1);
	json_t *ops = json_object_get(r.json, "operasi");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ops, 0), "status")), 201);
	long first = entri_id(json_object_get(json_array_get(ops, 0), "hasil"));
	json_t *m = json_object_get(json_array_get(ops, 1), "masalah");
	ck_assert_str_eq(jstr(m, "field"), "/operasi/1/baris/0/jumlah");
	ck_assert_str_eq(jstr(m, "type"), "urn:pagu:problem:rule-violation");
	http_reply_release(&r);
	/* the same batch again: the posted one replays, nothing is posted twice */
	batch(finance, body, &r);
	http_expect(&r, 200, NULL, NULL);
	ops = json_object_get(r.json, "operasi");
	ck_assert_int_eq(entri_id(json_object_get(json_array_get(ops, 0), "hasil")), first);
	http_reply_release(&r);
	char *n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor = 'B-1'");
	ck_assert_str_eq(n, "1");
	free(n);
	/* a key used for another operation */
	snprintf(body, sizeof(body), "{\"operasi\":[" OP("b-1", "B-9", "%s", "2.00") "]}", spare);
	batch(finance, body, &r);
	http_expect(&r, 200, NULL, NULL);
	m = json_object_get(json_array_get(json_object_get(r.json, "operasi"), 0), "masalah");
	ck_assert_str_eq(jstr(m, "type"), "urn:pagu:problem:idempotency-key-reused");
	http_reply_release(&r);
	/* atomic: one refusal undoes the batch */
	snprintf(body, sizeof(body),
		 "{\"atomic\":true,\"operasi\":[" OP("b-3", "B-3", "%s", "1.00") "," OP("b-4", "B-4", "%ld",
											"1.00") "]}",
		 spare, pockets[1]);
	batch(finance, body, &r);
	http_expect(&r, 422, "rule-violation", "/operasi/1/baris/0/jumlah");
	ck_assert(json_is_false(json_object_get(r.json, "committed")));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "gagal_pada")), 1);
	http_reply_release(&r);
	n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor IN ('B-3', 'B-4')");
	ck_assert_str_eq(n, "0");
	free(n);
	/* atomic and all well: all posted */
	snprintf(
		body, sizeof(body),
		"{\"atomic\":true,\"operasi\":[" OP("b-5", "B-5", "%s", "1.00") "," OP("b-6", "B-6", "%s", "2.00") "]}",
		spare, spare);
	batch(finance, body, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "berhasil")), 2);
	/* direct SP2Ds only: posted as one set, so both answers show the pocket as the batch left it */
	ops = json_object_get(r.json, "operasi");
	long sk = strtol(spare, NULL, 10), b5 = entri_id(json_object_get(json_array_get(ops, 0), "hasil"));
	const char *r5 = jstr(pocket(json_object_get(json_array_get(ops, 0), "hasil"), sk), "realisasi");
	const char *r6 = jstr(pocket(json_object_get(json_array_get(ops, 1), "hasil"), sk), "realisasi");
	ck_assert_str_eq(r5, r6);
	n = harness_sqlf(&H, "SELECT pagu_uang(realisasi) FROM kantong WHERE pemda_id = '13.71' AND kantong_id = %s",
			 spare);
	ck_assert_str_eq(n, r5);
	free(n);
	http_reply_release(&r);
	n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor IN ('B-5', 'B-6')");
	ck_assert_str_eq(n, "2");
	free(n);
	/* each entry's hash is that of its canonical text, like a single posting's */
	n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor IN ('B-5', 'B-6') AND hash ="
			     " encode(sha256(convert_to(pagu_entri_kanonik(pemda_id, entri_id), 'UTF8')), 'hex')");
	ck_assert_str_eq(n, "2");
	free(n);
	/* the same atomic batch again: both replay their first answers, nothing is posted twice */
	batch(finance, body, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(entri_id(json_object_get(json_array_get(json_object_get(r.json, "operasi"), 0), "hasil")), b5);
	http_reply_release(&r);
	n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor IN ('B-5', 'B-6')");
	ck_assert_str_eq(n, "2");
	free(n);
	/* one document number twice in an atomic set: refused at the second, as one by one would */
	snprintf(
		body, sizeof(body),
		"{\"atomic\":true,\"operasi\":[" OP("b-8", "B-8", "%s", "1.00") "," OP("b-9", "B-8", "%s", "1.00") "]}",
		spare, spare);
	batch(finance, body, &r);
	http_expect(&r, 409, "conflict", "/operasi/1/nomor");
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "gagal_pada")), 1);
	http_reply_release(&r);
	/* a pocket of another OPD in an atomic set: refused, naming the line */
	char *other_opd_pocket =
		harness_sqlf(&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND"
				 " tahun = 2026 AND opd_kode <> '" DINKES "' AND arah = 'keluar' LIMIT 1");
	snprintf(body, sizeof(body),
		 "{\"atomic\":true,\"operasi\":[" OP("b-10", "B-10", "%s", "1.00") "," OP("b-11", "B-11", "%s",
											  "1.00") "]}",
		 spare, other_opd_pocket);
	batch(finance, body, &r);
	http_expect(&r, 422, "rule-violation", "/operasi/1/baris/0/kantong_id");
	http_reply_release(&r);
	free(other_opd_pocket);
	n = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE nomor IN ('B-8', 'B-10', 'B-11')");
	ck_assert_str_eq(n, "0");
	free(n);
	/* checked before anything runs */
	batch(finance, "{\"operasi\":[{\"op\":\"sp2d\"}]}", &r);
	http_expect(&r, 400, "invalid-input", "/operasi/0/idempotency_key");
	http_reply_release(&r);
	batch(finance, "{\"operasi\":[{\"op\":\"bayar\",\"idempotency_key\":\"x\"}]}", &r);
	http_expect(&r, 400, "invalid-input", "/operasi/0/op");
	http_reply_release(&r);
	snprintf(body, sizeof(body), "{\"operasi\":[" OP("b-7", "B-7", "%s", "1.00") "]}", spare);
	batch(revenue, body, &r);
	http_expect(&r, 403, "forbidden", "/operasi/0/op");
	http_reply_release(&r);
	batch(planner, body, &r);
	http_expect(&r, 403, "forbidden", NULL);
	http_reply_release(&r);
	size_t cap = 1001 * 4 + 64, o = 0;
	char *big = malloc(cap);
	o += (size_t)snprintf(big + o, cap - o, "{\"operasi\":[");
	for (int i = 0; i < 1001; i++)
		o += (size_t)snprintf(big + o, cap - o, "%s{}", i ? "," : "");
	snprintf(big + o, cap - o, "]}");
	batch(finance, big, &r);
	http_expect(&r, 400, "invalid-input", "/operasi");
	http_reply_release(&r);
	free(big);
	free(spare);
#undef OP
}
END_TEST

/* The LRA reconciles with independently summed ledger entries and with the locked DPA. */
START_TEST(lra_reconciles)
{
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2026&opd=" DINKES, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *bel = json_object_get(json_object_get(r.json, "ringkasan"), "belanja");
	char *dpa = harness_sqlf(
		&H, "SELECT pagu_uang(sum(b.jumlah)) FROM rka_baris b WHERE b.pemda_id = '13.71' AND b.dokumen_id ="
		    " (SELECT dokumen_id FROM dokumen WHERE pemda_id = '13.71' AND tahun = 2026 AND jenis = 'dpa'"
		    " AND opd_kode = '" DINKES "' AND status = 'locked' ORDER BY versi DESC LIMIT 1)"
		    " AND b.akun LIKE '5.%%'");
	char *led = harness_sqlf(
		&H, "SELECT pagu_uang(coalesce(sum(CASE e.jenis WHEN 'koreksi' THEN -e.jumlah ELSE e.jumlah END),"
		    " 0)) FROM entri e WHERE e.pemda_id = '13.71' AND e.tahun = 2026 AND e.opd_kode = '" DINKES "'"
		    " AND (e.jenis = 'sp2d' OR (e.jenis = 'koreksi' AND (SELECT x.jenis FROM entri x WHERE"
		    " x.pemda_id = e.pemda_id AND x.entri_id = e.ref_id) = 'sp2d'))");
	ck_assert_str_eq(jstr(bel, "anggaran"), dpa);
	ck_assert_str_eq(jstr(bel, "realisasi"), led);
	/* the level-6 rows add up to the level-1 total */
	int64_t a6 = 0, x6 = 0, v, want;
	size_t i;
	json_t *b;
	json_array_foreach (json_object_get(r.json, "baris"), i, b)
		if (json_integer_value(json_object_get(b, "level")) == 6 && !strncmp(jstr(b, "kode"), "5.", 2)) {
			ck_assert_int_eq(money_parse(jstr(b, "anggaran"), strlen(jstr(b, "anggaran")), 0, &v), PAGU_OK);
			a6 += v;
			ck_assert_int_eq(money_parse(jstr(b, "realisasi"), strlen(jstr(b, "realisasi")), 0, &v),
					 PAGU_OK);
			x6 += v;
		}
	ck_assert_int_eq(money_parse(dpa, strlen(dpa), 0, &want), PAGU_OK);
	ck_assert_int_eq(a6, want);
	ck_assert_int_eq(money_parse(led, strlen(led), 0, &want), PAGU_OK);
	ck_assert_int_eq(x6, want);
	http_reply_release(&r);
	/* up to the end of March: the April batch is not in it */
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2026&sampai=2026-03-31&opd=" DINKES, inspector, NULL,
		  NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	char *q1 = harness_sqlf(&H, "SELECT pagu_uang(%s - 4.00)", led);
	ck_assert_str_eq(jstr(json_object_get(json_object_get(r.json, "ringkasan"), "belanja"), "realisasi"), q1);
	free(q1);
	http_reply_release(&r);
	/* to any day (month sums for the later months, the entries for the rest of the day's month): the
	   sum of the lines of the entries dated up to it */
	static const char *const days[] = { "2026-01-01", "2026-01-15", "2026-02-28", "2026-03-30",
					    "2026-04-01", "2026-06-15", "2026-11-30", "2026-12-31" };
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
		char path[256];
		snprintf(path, sizeof(path), "/v1/pemda/13.71/laporan/lra?tahun=2026&sampai=%s&opd=" DINKES, days[d]);
		http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
		http_expect(&r, 200, NULL, NULL);
		char *sum = harness_sqlf(
			&H,
			"SELECT pagu_uang(coalesce(sum(b.d_realisasi), 0)) FROM entri e JOIN entri_baris b USING"
			" (pemda_id, entri_id) JOIN kantong k ON k.pemda_id = b.pemda_id AND k.kantong_id = "
			"b.kantong_id"
			" WHERE e.pemda_id = '13.71' AND e.tahun = 2026 AND k.opd_kode = '" DINKES
			"' AND k.akun LIKE '5.%%'"
			" AND e.tanggal <= '%s'",
			days[d]);
		ck_assert_msg(
			!strcmp(jstr(json_object_get(json_object_get(r.json, "ringkasan"), "belanja"), "realisasi"),
				sum),
			"to %s: %s, the entries say %s", days[d], r.body, sum);
		free(sum);
		http_reply_release(&r);
	}
	/* (in SQL, a date before the year realises nothing, one after it everything) */
	char *edge = harness_sqlf(
		&H,
		"SELECT (SELECT coalesce(sum(realisasi), 0) FROM pagu_lra('13.71', 2026, '2025-12-31', NULL) WHERE"
		" level = 1) || ' ' || (SELECT sum(realisasi) FROM pagu_lra('13.71', 2026, '2027-01-01', NULL) WHERE"
		" level = 1) || ' ' || (SELECT sum(realisasi) FROM pagu_lra('13.71', 2026, '2026-12-31', NULL) WHERE"
		" level = 1)");
	char e1[40], e2[40], e3[40];
	ck_assert_int_eq(sscanf(edge, "%39s %39s %39s", e1, e2, e3), 3);
	ck_assert_str_eq(e1, "0.00");
	ck_assert_str_eq(e2, e3);
	free(edge);
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2026&sampai=2025-12-31", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "sampai");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2026&opd=" BPKAD, finance_dinkes, NULL, NULL, &r);
	http_expect(&r, 403, "forbidden", "opd");
	http_reply_release(&r);
	/* CSV */
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2026&opd=" DINKES "&format=csv", inspector, NULL, NULL,
		  &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(r.body,
				     "Level,Kode Rekening,Uraian,Anggaran,Realisasi,Persen,Lebih/(Kurang),Anggaran "
				     "Murni,Bertambah/(Berkurang)\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, dpa));
	http_reply_release(&r);
	/* XLSX, opened and read back: the sheet's XML has the titles and the figures */
	http_auth(&H, "GET", "/v1/pemda/13.71/laporan/lra?tahun=2026&opd=" DINKES "&format=xlsx", inspector, NULL, NULL,
		  &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_str_eq(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/lra.xlsx", H.dir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(r.body, 1, r.len, f), r.len);
	fclose(f);
	http_reply_release(&r);
	char cmd[PATH_MAX + 64];
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet1.xml", path);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	static char xml[1 << 20];
	size_t n = fread(xml, 1, sizeof(xml) - 1, p);
	xml[n] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_ptr_nonnull(strstr(xml, "LAPORAN REALISASI ANGGARAN"));
	ck_assert_ptr_nonnull(strstr(xml, "BELANJA DAERAH"));
	ck_assert_ptr_nonnull(strstr(xml, "pane")); /* frozen header rows */
	char whole[40];
	snprintf(whole, sizeof(whole), "<v>%.*s</v>", (int)(strchr(dpa, '.') - dpa), dpa);
	ck_assert_msg(strstr(xml, whole) != NULL, "no %s in the sheet", whole);
	free(dpa);
	free(led);
}
END_TEST

START_TEST(seal_and_proof)
{
	struct http_reply r;
	http_post(&H, BASE "/segel", inspector, NULL, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	json_t *s = json_object_get(r.json, "segel");
	int sid = (int)json_integer_value(json_object_get(s, "segel_id"));
	char root[65], hash[65];
	snprintf(root, sizeof(root), "%s", jstr(s, "akar"));
	snprintf(hash, sizeof(hash), "%s", jstr(s, "hash"));
	ck_assert_int_ge(json_integer_value(json_object_get(s, "jumlah_entri")), 50);
	http_reply_release(&r);
	/* nothing new: the same seal */
	http_post(&H, BASE "/segel", finance, NULL, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r.json, "segel"), "segel_id")), sid);
	http_reply_release(&r);
	/* an entry's proof leads from its hash to the seal's root, checked here */
	char *id = harness_sqlf(
		&H, "SELECT entri_id FROM entri WHERE nomor LIKE 'R-%%' ORDER BY entri_id OFFSET 7 LIMIT 1");
	char path[128];
	snprintf(path, sizeof(path), BASE "/entri/%s", id);
	free(id);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *b = json_object_get(r.json, "bukti");
	ck_assert_str_eq(jstr(b, "root"), root);
	ck_assert_str_eq(jstr(b, "leaf"), jstr(json_object_get(r.json, "entri"), "hash"));
	json_t *steps = json_object_get(b, "path");
	size_t n = json_array_size(steps);
	struct merkle_step st[64];
	ck_assert_uint_le(n, 64);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(steps, i);
		snprintf(st[i].sibling, sizeof(st[i].sibling), "%s", jstr(x, "sibling"));
		st[i].left = !strcmp(jstr(x, "side"), "left");
	}
	ck_assert(merkle_check(jstr(b, "leaf"), st, n, root));
	st[0].left = !st[0].left;
	ck_assert(!merkle_check(jstr(b, "leaf"), st, n, root));
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "/verify", inspector, NULL, NULL, &r);
	ck_assert(json_is_true(json_object_get(r.json, "ok")));
	ck_assert_str_eq(jstr(json_object_get(r.json, "segel_terakhir"), "hash"), hash);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "belum_disegel")), 0);
	http_reply_release(&r);
}
END_TEST

/* verify names @jenis as the first bad thing (NULL: all well). */
static void verify_says(const char *jenis, const char *why)
{
	struct http_reply r;
	http_auth(&H, "GET", BASE "/verify", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *bad = json_object_get(r.json, "pertama_rusak");
	if (!jenis) {
		ck_assert_msg(json_is_true(json_object_get(r.json, "ok")), "%s", r.body);
	} else {
		ck_assert_msg(json_is_false(json_object_get(r.json, "ok")), "tampering not caught (%s)", why);
		ck_assert_msg(!strcmp(jstr(bad, "jenis"), jenis), "%s: caught as %s, want %s: %s", why,
			      jstr(bad, "jenis"), jenis, r.body);
	}
	http_reply_release(&r);
}

/*
 * An amount that means nothing is refused, naming the field: an SPD of zero, a line of zero in an
 * SPM, SP2D or STS, alone or in a batch; and the database refuses them from any other writer.
 */
START_TEST(zero_amounts_refused)
{
	char *before = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71'");
	struct http_reply r;
	http_post(&H, BASE "/spd", finance,
		  "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"SPD-NOL\",\"tanggal\":\"2026-01-02\","
		  "\"bulan\":1,\"jumlah\":\"0.00\"}",
		  NULL, &r);
	http_expect(&r, 400, "invalid-input", "/jumlah");
	http_reply_release(&r);
	char body[512];
	static const char *const kinds[] = { "spm", "sp2d" };
	for (int i = 0; i < 2; i++) {
		snprintf(body, sizeof(body),
			 "{\"tahun\":2026,\"opd_kode\":\"" DINKES "\",\"nomor\":\"NOL-%d\",\"tanggal\":\"2026-01-02\","
			 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.00\"}]}",
			 i, pockets[4]);
		char path[64];
		snprintf(path, sizeof(path), BASE "/%s", kinds[i]);
		http_post(&H, path, finance, body, NULL, &r);
		http_expect(&r, 400, "invalid-input", "/baris/0/jumlah");
		http_reply_release(&r);
	}
	snprintf(body, sizeof(body),
		 "{\"atomic\":true,\"operasi\":[{\"op\":\"sp2d\",\"idempotency_key\":\"nol-b\",\"tahun\":2026,"
		 "\"opd_kode\":\"" DINKES "\",\"nomor\":\"NOL-B\",\"tanggal\":\"2026-01-02\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.00\"}]}]}",
		 pockets[4]);
	http_auth(&H, "POST", BASE "/batch", finance, body, NULL, &r);
	ck_assert_msg(r.status == 400 || r.status == 200, "%ld %s", r.status, r.body);
	ck_assert_ptr_nonnull(strstr(r.body, "/operasi/0/baris/0/jumlah"));
	http_reply_release(&r);
	/* the database itself, as the application role: a check constraint, whoever writes */
	PGconn *app = harness_connect(&H, HARNESS_APP);
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT pagu_ledger_spd('13.71', 2026, '" DINKES
		 "', 'SPD-NOL-SQL', '2026-01-02', 1::smallint, 0, NULL)");
	PGresult *res = PQexec(app, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR, "a zero SPD was written by SQL");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "23514");
	PQclear(res);
	snprintf(sql, sizeof(sql),
		 "SELECT pagu_ledger_spm('13.71', 2026, '" DINKES "', 'NOL-SQL', '2026-01-02', ARRAY[%ld]::bigint[],"
		 " ARRAY[0]::numeric[], NULL)",
		 pockets[4]);
	res = PQexec(app, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR, "a zero SPM was written by SQL");
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "23514");
	PQclear(res);
	PQfinish(app);
	char *after = harness_sqlf(&H, "SELECT count(*) FROM entri WHERE pemda_id = '13.71'");
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

/*
 * An OPD's token sees the pemda-wide verdict of verify (ok, the latest seal), but the first bad
 * item only when it is its OPD's: another OPD's pocket or totals are not shown to it.
 */
START_TEST(verify_scoped_to_opd)
{
	char *k = harness_sqlf(&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND opd_kode = '" BPKAD
				   "' ORDER BY kantong_id LIMIT 1");
	ck_assert_ptr_nonnull(k);
	char sql[512];
	snprintf(sql, sizeof(sql), "UPDATE kantong SET realisasi = realisasi + 7 WHERE kantong_id = %s", k);
	harness_tamper(&H, sql);
	struct http_reply r;
	http_auth(&H, "GET", BASE "/verify", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert(json_is_false(json_object_get(r.json, "ok")));
	json_t *bad = json_object_get(r.json, "pertama_rusak");
	ck_assert_str_eq(jstr(bad, "jenis"), "kantong");
	ck_assert_int_eq(json_integer_value(json_object_get(bad, "id")), atol(k));
	http_reply_release(&r);
	http_auth(&H, "GET", BASE "/verify", finance_dinkes, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert(json_is_false(json_object_get(r.json, "ok"))); /* the verdict is the pemda's */
	bad = json_object_get(r.json, "pertama_rusak");
	ck_assert_ptr_null(json_object_get(bad, "id"));
	ck_assert(json_is_true(json_object_get(bad, "di_luar_opd")));
	ck_assert_ptr_null(strstr(r.body, BPKAD));
	ck_assert_msg(strstr(r.body, "realisasi") == NULL, "another OPD's balances shown: %s", r.body);
	http_reply_release(&r);
	snprintf(sql, sizeof(sql), "UPDATE kantong SET realisasi = realisasi - 7 WHERE kantong_id = %s", k);
	harness_tamper(&H, sql);
	free(k);
	/* an entry of its own OPD is shown to it in full */
	char *e = harness_sqlf(&H, "SELECT min(entri_id) FROM entri WHERE pemda_id = '13.71' AND opd_kode = '" DINKES
				   "' AND jenis = 'sp2d'");
	ck_assert_ptr_nonnull(e);
	snprintf(sql, sizeof(sql), "UPDATE entri SET tanggal = tanggal + 1 WHERE entri_id = %s", e);
	harness_tamper(&H, sql);
	http_auth(&H, "GET", BASE "/verify", finance_dinkes, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	bad = json_object_get(r.json, "pertama_rusak");
	ck_assert_msg(json_integer_value(json_object_get(bad, "id")) == atol(e), "%s", r.body);
	ck_assert_str_eq(jstr(bad, "jenis"), "entri");
	http_reply_release(&r);
	snprintf(sql, sizeof(sql), "UPDATE entri SET tanggal = tanggal - 1 WHERE entri_id = %s", e);
	harness_tamper(&H, sql);
	free(e);
	verify_says(NULL, "restored");
}
END_TEST

START_TEST(tampering_is_caught)
{
	char *a = harness_sqlf(&H, "SELECT entri_id FROM entri WHERE nomor LIKE 'R-%%' ORDER BY entri_id LIMIT 1");
	char *b = harness_sqlf(
		&H,
		"SELECT e.entri_id FROM entri e JOIN entri_baris x USING (pemda_id, entri_id) WHERE e.nomor LIKE"
		" 'R-%%' AND x.kantong_id <> (SELECT kantong_id FROM entri_baris WHERE entri_id = %s)"
		" ORDER BY e.entri_id LIMIT 1",
		a);
	char sql[1024];
	verify_says(NULL, "before");
	/* an amount changed */
	snprintf(sql, sizeof(sql), "UPDATE entri_baris SET jumlah = jumlah + 1 WHERE entri_id = %s", a);
	harness_tamper(&H, sql);
	verify_says("entri", "an amount changed");
	snprintf(sql, sizeof(sql), "UPDATE entri_baris SET jumlah = jumlah - 1 WHERE entri_id = %s", a);
	harness_tamper(&H, sql);
	verify_says(NULL, "restored");
	/* two entries' pockets swapped: money moved from one pocket to another */
	const char *swap =
		"UPDATE entri_baris x SET kantong_id = y.kantong_id FROM entri_baris y WHERE x.entri_id IN (%s, %s)"
		" AND y.entri_id IN (%s, %s) AND x.entri_id <> y.entri_id";
	snprintf(sql, sizeof(sql), swap, a, b, a, b);
	harness_tamper(&H, sql);
	verify_says("entri", "two entries swapped");
	harness_tamper(&H, sql);
	verify_says(NULL, "restored");
	/* a balance edited */
	snprintf(sql, sizeof(sql), "UPDATE kantong SET realisasi = realisasi - 1 WHERE kantong_id = %ld", pockets[2]);
	harness_tamper(&H, sql);
	verify_says("kantong", "a balance edited");
	/* the command line says so too, with its exit status */
	ck_assert_int_eq(harness_pagu(&H, "verify", "--pemda", "13.71", NULL), 1);
	snprintf(sql, sizeof(sql), "UPDATE kantong SET realisasi = realisasi + 1 WHERE kantong_id = %ld", pockets[2]);
	harness_tamper(&H, sql);
	verify_says(NULL, "restored");
	ck_assert_int_eq(harness_pagu(&H, "verify", "--pemda", "13.71", NULL), 0);
	/* a month's realisation edited (what the LRA to a date reads) */
	snprintf(sql, sizeof(sql),
		 "UPDATE kantong_bulan SET realisasi = realisasi + 1 WHERE kantong_id = %ld AND bulan ="
		 " (SELECT min(bulan) FROM kantong_bulan WHERE kantong_id = %ld)",
		 pockets[2], pockets[2]);
	harness_tamper(&H, sql);
	verify_says("kantong", "a month's realisation edited");
	snprintf(sql, sizeof(sql),
		 "UPDATE kantong_bulan SET realisasi = realisasi - 1 WHERE kantong_id = %ld AND bulan ="
		 " (SELECT min(bulan) FROM kantong_bulan WHERE kantong_id = %ld)",
		 pockets[2], pockets[2]);
	harness_tamper(&H, sql);
	verify_says(NULL, "restored");
	/* a forged entry inserted: with a made-up hash, then with the right hash of its own content */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO entri (pemda_id, entri_id, tahun, jenis, opd_kode, nomor, tanggal, jumlah, hash)"
		 " VALUES ('13.71', 900000, 2026, 'sp2d', '" DINKES "', 'PALSU', '2026-03-03', 5, repeat('0', 64));"
		 " INSERT INTO entri_baris VALUES ('13.71', 900000, 1, %ld, 5, 0, 5)",
		 pockets[3]);
	harness_tamper(&H, sql);
	verify_says("entri", "a forged entry with a made-up hash");
	harness_tamper(&H, "DELETE FROM entri WHERE entri_id = 900000");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO entri (pemda_id, entri_id, tahun, jenis, opd_kode, nomor, tanggal, jumlah, hash)"
		 " SELECT '13.71', 900000, 2026, 'sp2d', '" DINKES "', 'PALSU', '2026-03-03', 5,"
		 " encode(sha256(convert_to(pagu_entri_teks('13.71', 900000, 2026, 'sp2d', '" DINKES "', 'PALSU',"
		 " '2026-03-03', NULL, 5, NULL, NULL, pagu_entri_baris_teks(1, %ld, 5, 0, 5)), 'UTF8')), 'hex')",
		 pockets[3]);
	harness_tamper(&H, sql);
	verify_says("kantong", "a forged entry with a correct hash");
	harness_tamper(&H,
		       "DELETE FROM entri_baris WHERE entri_id = 900000; DELETE FROM entri WHERE entri_id = 900000");
	verify_says(NULL, "restored");
	/* a sealed entry deleted */
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE simpan_e AS SELECT * FROM entri WHERE entri_id = %s;"
		 " CREATE TABLE simpan_b AS SELECT * FROM entri_baris WHERE entri_id = %s;"
		 " DELETE FROM entri_baris WHERE entri_id = %s; DELETE FROM entri WHERE entri_id = %s",
		 a, a, a, a);
	harness_tamper(&H, sql);
	verify_says("segel", "a sealed entry deleted");
	harness_tamper(&H, "INSERT INTO entri SELECT * FROM simpan_e; INSERT INTO entri_baris SELECT * FROM simpan_b;"
			   " DROP TABLE simpan_e, simpan_b");
	verify_says(NULL, "restored");
	/* a seal's root rewritten */
	harness_tamper(&H, "UPDATE segel SET akar = repeat('a', 64) WHERE segel_id = 1");
	verify_says("segel", "a seal rewritten");
	free(a);
	free(b);
}
END_TEST

START_TEST(entries_are_immutable)
{
	static const char *const sql[] = {
		"UPDATE entri SET jumlah = 1", "DELETE FROM entri",	     "UPDATE entri_baris SET jumlah = 1",
		"DELETE FROM entri_baris",     "UPDATE segel SET akar = ''", "DELETE FROM segel_entri",
		"TRUNCATE entri_baris",	       "DELETE FROM kantong",	     "DELETE FROM kantong_bulan",
		"TRUNCATE kantong_bulan",
	};
	harness_refused_by_all(&H, sql, sizeof(sql) / sizeof(sql[0]));
	/* the app role cannot edit a balance by hand past the no-overspend check either */
	PGconn *c = harness_connect(&H, HARNESS_APP);
	char q[256];
	snprintf(q, sizeof(q), "UPDATE kantong SET realisasi = alokasi + 1 WHERE kantong_id = %ld", pockets[0]);
	PGresult *r = PQexec(c, q);
	ck_assert_int_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
	PQclear(r);
	PQfinish(c);
}
END_TEST

/*
 * Who may post what is the route table's answer, once: for every role, with and without an OPD
 * scope, and every operation, a batch item is refused (403) exactly when the operation's own
 * route refuses the token. The bodies are empty, so an admitted request is refused later (400)
 * and nothing is posted.
 */
START_TEST(batch_roles_are_the_routes)
{
	static const char *const roles[] = { "admin", "planner", "finance", "revenue", "inspector" };
	static const char *const scopes[] = { NULL, DINKES };
	static const struct {
		const char *jenis, *path;
	} kinds[] = { { "spd", BASE "/spd" },	      { "spm", BASE "/spm" }, { "sp2d", BASE "/sp2d" },
		      { "void", BASE "/spm/1/void" }, { "sts", BASE "/sts" }, { "koreksi", BASE "/koreksi" } };
	int admitted = 0, refused = 0;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		for (size_t s = 0; s < sizeof(scopes) / sizeof(scopes[0]); s++) {
			char tok[64];
			ck_assert(harness_token(&H, "13.71", roles[i], scopes[s], tok, sizeof(tok)));
			for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
				struct http_reply one, all;
				http_post(&H, kinds[k].path, tok, "{}", NULL, &one);
				char body[256];
				snprintf(body, sizeof(body),
					 "{\"operasi\":[{\"op\":\"%s\",\"idempotency_key\":\"roles-%zu-%zu-%zu\"}]}",
					 kinds[k].jenis, i, s, k);
				batch(tok, body, &all);
				bool one_forbidden = one.status == 403, all_forbidden = all.status == 403;
				ck_assert_msg(one.status == 403 || one.status == 400, "%s %s: %ld %s", roles[i],
					      kinds[k].jenis, one.status, one.body);
				ck_assert_msg(all.status == 403 || all.status == 400, "%s %s: %ld %s", roles[i],
					      kinds[k].jenis, all.status, all.body);
				ck_assert_msg(one_forbidden == all_forbidden,
					      "role %s%s%s, %s: alone %ld, in a batch %ld (%s)", roles[i],
					      scopes[s] ? " of OPD " : "", scopes[s] ? scopes[s] : "", kinds[k].jenis,
					      one.status, all.status, all.body);
				one_forbidden ? refused++ : admitted++;
				http_reply_release(&one);
				http_reply_release(&all);
			}
		}
	/* both answers occur: the comparison is not between two refusals everywhere */
	ck_assert_int_gt(admitted, 0);
	ck_assert_int_gt(refused, 0);
}
END_TEST

static Suite *ledger_suite(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("ledger");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, pockets_from_the_dpa);
	tcase_add_test(tc, spd_within_anggaran_kas);
	tcase_add_test(tc, two_phase);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, race_never_overspends);
	tcase_add_test(tc, batches);
	tcase_add_test(tc, batch_roles_are_the_routes);
	tcase_add_test(tc, receipts);
	tcase_add_test(tc, reads);
	tcase_add_test(tc, lra_reconciles);
	tcase_add_test(tc, seal_and_proof);
	tcase_add_test(tc, zero_amounts_refused);
	tcase_add_test(tc, verify_scoped_to_opd);
	tcase_add_test(tc, tampering_is_caught);
	tcase_add_test(tc, entries_are_immutable);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* seals only when a test asks: what each seal holds is then known */
	setenv("PAGU_SEAL_INTERVAL", "0", 1);
	/* the receipts post into 2027 (harness_bpkad_2027): a training date that has reached them */
	setenv("PAGU_TODAY", "2027-01-31", 1);
	harness_start_cluster(&H);
	harness_start_server(&H);
	const struct {
		const char *role, *opd;
		char *out;
	} toks[] = { { "finance", NULL, finance },
		     { "revenue", NULL, revenue },
		     { "inspector", NULL, inspector },
		     { "finance", DINKES, finance_dinkes },
		     { "planner", NULL, planner } };
	for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++)
		harness_token_need(&H, "13.71", toks[i].role, toks[i].opd, toks[i].out);
	pick_pockets();
	harness_bpkad_2027(&H);
	return harness_run(&H, ledger_suite());
}
