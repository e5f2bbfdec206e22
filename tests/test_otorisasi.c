/*
 * test_otorisasi.c - every route of the API, generated from the route table: who may call it (each role,
 * scoped or not, of this pemda or another, revoked or without a token, against every route), what it
 * leaves in the audit trail, hostile strings in every string and path segment, and the tokens themselves.
 */
#include <check.h>
#include <stdarg.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "dokumen.h"
#include "harness.h"
#include "server.h"

static struct harness H;
/* tokens by role for pemda 13.71; scoped ones act for Dinas Kesehatan */
static char admin[HARNESS_TOKEN], planner[HARNESS_TOKEN], finance[HARNESS_TOKEN], revenue[HARNESS_TOKEN],
	inspector[HARNESS_TOKEN];
static char admin_scoped[HARNESS_TOKEN], planner_scoped[HARNESS_TOKEN], other_pemda_admin[HARNESS_TOKEN],
	revoked[HARNESS_TOKEN];
#define DINKES "1.02.0.00.0.00.01.0000"
#define DISDIK "1.01.2.22.0.00.01.0000"
#define COL "/v1/pemda/13.71/opd"

#define MATRIX_TAHUN 2030

/* people (issue 19): a person the admin routes act on, and a signed-in session of each role */
static long matrix_pengguna;
static struct harness_sesi sesi_admin, sesi_planner, sesi_finance, sesi_revenue, sesi_inspector, sesi_sekda,
	sesi_planner_scoped;
/* the samples are for a session's request rather than a token's (the person's own account routes) */
static bool sample_sesi;

static void setup_all(void)
{
	harness_start_cluster(&H);
	harness_start_server(&H);
	harness_token_need(&H, "13.71", "admin", NULL, admin);
	harness_token_need(&H, "13.71", "planner", NULL, planner);
	harness_token_need(&H, "13.71", "finance", NULL, finance);
	harness_token_need(&H, "13.71", "revenue", NULL, revenue);
	harness_token_need(&H, "13.71", "inspector", NULL, inspector);
	harness_token_need(&H, "13.71", "admin", DINKES, admin_scoped);
	harness_token_need(&H, "13.71", "planner", DINKES, planner_scoped);
	harness_token_need(&H, "19", "admin", NULL, other_pemda_admin);
	harness_token_need(&H, "13.71", "finance", NULL, revoked);
	/* revoke the last one: its id is the highest of pemda 13.71 */
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char *id = harness_query1(su, "SELECT max(token_id) FROM api_token WHERE pemda_id = '13.71'");
	PQfinish(su);
	if (harness_pagu(&H, "token", "revoke", "--pemda", "13.71", id, NULL) != 0) {
		fprintf(stderr, "could not revoke token %s\n", id);
		exit(2);
	}
	free(id);
	/* sessions of each role, none asked to enrol TOTP (the matrix is about roles) */
	free(harness_sqlf(&H,
			  "INSERT INTO pengaturan_keamanan (pemda_id, totp_wajib) VALUES ('13.71', '{}') RETURNING 1"));
	char *pid = harness_sqlf(&H, "SELECT pagu_pengguna_create('13.71', '199001012010011000', NULL, 'Matriks', '',"
				     " ARRAY['planner'], NULL, NULL, NULL)");
	matrix_pengguna = atol(pid);
	free(pid);
	static const char sandi[] = "matriks otorisasi sesi";
	harness_sesi_need(&H, "13.71", admin, "199001012010011001", "[\"admin\"]", NULL, sandi, &sesi_admin);
	harness_sesi_need(&H, "13.71", admin, "199001012010011002", "[\"planner\"]", NULL, sandi, &sesi_planner);
	harness_sesi_need(&H, "13.71", admin, "199001012010011003", "[\"finance\"]", NULL, sandi, &sesi_finance);
	harness_sesi_need(&H, "13.71", admin, "199001012010011004", "[\"revenue\"]", NULL, sandi, &sesi_revenue);
	harness_sesi_need(&H, "13.71", admin, "199001012010011005", "[\"inspector\"]", NULL, sandi, &sesi_inspector);
	harness_sesi_need(&H, "13.71", admin, "199001012010011006", "[\"sekda\"]", NULL, sandi, &sesi_sekda);
	harness_sesi_need(&H, "13.71", admin, "199001012010011007", "[\"planner\"]", DINKES, sandi,
			  &sesi_planner_scoped);
	/* a locked KUA-PPAS for the matrix year, so its RKAs can be submitted */
	char *k = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'kua_ppas', NULL, NULL)",
			       MATRIX_TAHUN);
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_plafon_add('13.71', %s, NULL, 'sub_kegiatan', '" DINKES "',"
			  " '1.02.02.2.01.0001', 1000000000000, NULL)",
			  k));
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_plafon_add('13.71', %s, NULL, 'sub_kegiatan', '" DISDIK "',"
			  " '1.02.02.2.01.0001', 1000000000000, NULL)",
			  k));
	free(harness_sqlf(&H, "SELECT revisi FROM pagu_dokumen_transisi('13.71', %s, 'submit', 3, NULL, NULL)", k));
	free(harness_sqlf(&H, "SELECT revisi FROM pagu_dokumen_transisi('13.71', %s, 'verify', 4, NULL, NULL)", k));
	free(harness_sqlf(&H, "SELECT revisi FROM pagu_dokumen_transisi('13.71', %s, 'lock', 5, NULL, NULL)", k));
	free(k);
}

/* ---- the authorisation matrix, generated from the route table ---- */

static int seq;

/* Runs @sql (printf) as the superuser and returns the first value, malloc'd. */

#define RKA_LINE_SQL                                                                                                 \
	"'1.02.02.2.01.0001', '5.1.02.01.01.0024', 'ATK', '[{\"nilai\":\"1\",\"satuan\":\"paket\"}]', 1000, '1.1', " \
	"NULL"

/* The latest version of the 2030 RKA of @opd, created with one line when missing. */
static long rka_latest(const char *opd, char *status, int *revisi)
{
	char *id =
		harness_sqlf(&H,
			     "SELECT dokumen_id FROM dokumen WHERE pemda_id = '13.71' AND tahun = %d AND jenis = 'rka'"
			     " AND opd_kode = '%s' ORDER BY versi DESC LIMIT 1",
			     MATRIX_TAHUN, opd);
	if (!id) {
		id = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'rka', '%s', NULL)",
				  MATRIX_TAHUN, opd);
		free(harness_sqlf(&H, "SELECT baris FROM pagu_rka_add('13.71', %s, NULL, " RKA_LINE_SQL ")", id));
	}
	long v = atol(id);
	free(id);
	char *st = harness_sqlf(
		&H, "SELECT status || ' ' || revisi FROM dokumen WHERE pemda_id = '13.71' AND dokumen_id = %ld", v);
	sscanf(st, "%15s %d", status, revisi);
	free(st);
	return v;
}

static void rka_step(long id, int revisi, const char *aksi)
{
	free(harness_sqlf(&H, "SELECT status FROM pagu_dokumen_transisi('13.71', %ld, '%s', %d, NULL, 'matrix')", id,
			  aksi, revisi));
}

/* A draft RKA of @opd with at least one line; *revisi is its revision. */
static long rka_draft(const char *opd, int *revisi)
{
	char st[16];
	for (;;) {
		long id = rka_latest(opd, st, revisi);
		if (!strcmp(st, "draft"))
			return id;
		if (!strcmp(st, "locked"))
			free(harness_sqlf(
				&H, "SELECT dokumen_id FROM pagu_dokumen_derive('13.71', %ld, NULL, 'matrix')", id));
		else
			rka_step(id, *revisi, "reject");
	}
}

/* A locked RKA of @opd that is its latest version. */
static long rka_locked(const char *opd)
{
	char st[16];
	int revisi;
	for (;;) {
		long id = rka_latest(opd, st, &revisi);
		if (!strcmp(st, "locked"))
			return id;
		rka_step(id, revisi, !strcmp(st, "draft") ? "submit" : !strcmp(st, "submitted") ? "verify" : "lock");
	}
}

/* A concrete request for a route that succeeds when the caller is allowed. */
struct sample {
	char path[256];
	char body[512];
	char if_match[96];
	bool has_body;
	const char *jenis; /* document routes: what dokumen_allowed() is asked */
	const char *aksi;
	long ok;	   /* the success status when not the default (201 for POST, else 200) */
	const char *ctype; /* Content-Type of the body when not JSON */
};

/* A spending pocket of @opd in the demo year 2026 (its DPA is locked), with an SPD covering the year. */
static long demo_pocket(const char *opd)
{
	char *k = harness_sqlf(
		&H,
		"SELECT kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND opd_kode = '%s'"
		" AND arah = 'keluar' ORDER BY kantong_id LIMIT 1",
		opd);
	long id = atol(k);
	free(k);
	free(harness_sqlf(
		&H,
		"SELECT pagu_ledger_spd('13.71', 2026, '%s', 'SPD-M-%d', '2026-01-02', 12::smallint, 1000, NULL)"
		" WHERE NOT EXISTS (SELECT 1 FROM opd_saldo WHERE pemda_id = '13.71' AND tahun = 2026"
		" AND opd_kode = '%s')",
		opd, ++seq, opd));
	return id;
}

/* Samples for the ledger's routes: small amounts on the acted-on OPD's demo pockets. */
static bool ledger_sample(const struct api_route *rt, const char *pemda, const char *kode, struct sample *s)
{
	const char *p = rt->path + 25;
	long k = demo_pocket(kode);
	s->jenis = "ledger"; /* an OPD-scoped token acts on its own OPD only */
	if (!strcmp(p, "spd")) {
		snprintf(s->body, sizeof(s->body),
			 "{\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"SPD-%d\",\"tanggal\":\"2026-02-01\","
			 "\"bulan\":12,\"jumlah\":\"0.01\"}",
			 kode, ++seq);
	} else if (!strcmp(p, "spm") || !strcmp(p, "sp2d") || !strcmp(p, "sts")) {
		snprintf(s->body, sizeof(s->body),
			 "{\"tahun\":2026,\"opd_kode\":\"%s\",\"nomor\":\"M-%d\",\"tanggal\":\"2026-02-01\","
			 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0.01\"}]}",
			 kode, ++seq, k);
		/* an STS into a spending pocket: past the gates, the ledger refuses it */
		if (!strcmp(p, "sts"))
			s->ok = 422;
	} else if (!strcmp(p, "batch")) {
		/* an STS into a spending pocket: the batch answers 200, its one item refused */
		++seq;
		snprintf(s->body, sizeof(s->body),
			 "{\"operasi\":[{\"op\":\"sts\",\"idempotency_key\":\"mb-%d\",\"tahun\":2026,\"opd_kode\":\"%"
			 "s\","
			 "\"nomor\":\"MB-%d\",\"tanggal\":\"2026-02-01\",\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"0."
			 "01\"}]}]}",
			 seq, kode, seq, k);
		s->ok = 200;
	} else if (!strcmp(p, "spm/{id}/void")) {
		char *spm = harness_sqlf(
			&H,
			"SELECT pagu_ledger_spm('13.71', 2026, '%s', 'VM-%d', '2026-02-01', ARRAY[%ld]::bigint[],"
			" ARRAY[0.01]::numeric[], NULL)->>'entri_id'",
			kode, ++seq, k);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/ledger/spm/%s/void", pemda, spm);
		free(spm);
		snprintf(s->body, sizeof(s->body), "{\"tanggal\":\"2026-02-02\",\"alasan\":\"uji\"}");
		s->has_body = true;
		return true;
	} else if (!strcmp(p, "koreksi")) {
		char *sp2d = harness_sqlf(&H,
					  "SELECT pagu_ledger_sp2d('13.71', 2026, '%s', 'KM-%d', '2026-02-01', NULL, "
					  "ARRAY[%ld]::bigint[],"
					  " ARRAY[0.01]::numeric[], NULL)->>'entri_id'",
					  kode, ++seq, k);
		snprintf(s->body, sizeof(s->body),
			 "{\"entri_id\":%s,\"nomor\":\"KOR-%d\",\"tanggal\":\"2026-02-02\",\"alasan\":\"uji\"}", sp2d,
			 ++seq);
		free(sp2d);
	} else if (!strcmp(p, "kantong") || !strcmp(p, "entri") || !strcmp(p, "realisasi")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/ledger/%s?tahun=2026&opd=%s", pemda, p, kode);
		return true;
	} else if (!strcmp(p, "entri/{id}")) {
		char *e = harness_sqlf(
			&H, "SELECT max(entri_id) FROM entri WHERE pemda_id = '13.71' AND opd_kode = '%s'", kode);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/ledger/entri/%s", pemda, e);
		free(e);
		return true;
	} else if (!strcmp(p, "verify") || !strcmp(p, "segel")) {
		s->jenis = NULL;
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/ledger/%s", pemda, p);
		return true;
	} else {
		return false;
	}
	snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/ledger/%s", pemda, p);
	s->has_body = true;
	return true;
}

/* Line @opd's indicator in a locked RKPD of 2026 (made once): "rkpd_id baris". */
static char monev_rkpd[32];

static int monev_baris(const char *opd)
{
	if (!monev_rkpd[0]) {
		char *id = harness_sqlf(
			&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', 2026, 'rkpd', NULL, NULL)");
		snprintf(monev_rkpd, sizeof(monev_rkpd), "%s", id);
		const char *opds[] = { DINKES, DISDIK };
		for (int i = 0; i < 2; i++)
			free(harness_sqlf(
				&H,
				"SELECT baris FROM pagu_rkpd_add('13.71', %s, NULL, '%s', (SELECT sub_kegiatan FROM"
				" kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND opd_kode = '%s' LIMIT 1),"
				" 'Indikator uji', 10, 'unit', 1000, 'Padang', '1.1', NULL)",
				id, opds[i], opds[i]));
		for (int i = 0; i < 3; i++)
			free(harness_sqlf(
				&H, "SELECT revisi FROM pagu_dokumen_transisi('13.71', %s, '%s', %d, NULL, NULL)", id,
				i == 0	 ? "submit"
				: i == 1 ? "verify"
					 : "lock",
				3 + i));
		free(id);
	}
	return !strcmp(opd, DINKES) ? 1 : 2;
}

/* Samples for e-monev: reports on the acted-on OPD's indicator, quarters of fresh years closed. */
static bool monev_sample(const struct api_route *rt, const char *pemda, const char *kode, struct sample *s)
{
	const char *p = rt->path + 24;
	if (!strcmp(p, "realisasi")) {
		int b = monev_baris(kode);
		snprintf(s->body, sizeof(s->body),
			 "{\"tahun\":2026,\"triwulan\":1,\"rkpd_id\":%s,\"baris\":%d,\"nilai\":\"1\",\"fisik\":\"10\"}",
			 monev_rkpd, b);
		s->jenis = "ledger"; /* an OPD-scoped planner reports its own OPD's indicators only */
	} else if (!strcmp(p, "tutup")) {
		/* a year of its own per sample, long past: a quarter closes only after it has ended */
		static int tahun = 2001;
		snprintf(s->body, sizeof(s->body), "{\"tahun\":%d,\"triwulan\":1}", tahun++);
	} else if (!strcmp(p, "evaluasi")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/monev/evaluasi?tahun=2026&triwulan=1&opd=%s", pemda,
			 kode);
		s->jenis = "ledger";
		return true;
	} else if (!strcmp(p, "skala") && !strcmp(rt->method, "POST")) {
		snprintf(s->body, sizeof(s->body),
			 "{\"jenis\":\"triwulan\",\"nama\":\"Uji\",\"dasar_hukum\":\"Perkada "
			 "uji\",\"pita\":[{\"dari\":null,"
			 "\"sampai\":\"50\",\"predikat\":\"Kurang\"},{\"dari\":\"50\",\"sampai\":null,\"predikat\":"
			 "\"Baik\"}]}");
	} else if (!strcmp(p, "skala")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/monev/skala", pemda);
		return true;
	} else {
		return false;
	}
	snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/monev/%s", pemda, p);
	s->has_body = true;
	return true;
}

/* An inspector evaluation of @opd made directly: draft, with a finding, or signed (@langkah 0, 1, 2). */
static char *periksa(const char *opd, int langkah)
{
	char *j = harness_sqlf(&H, "SELECT pagu_pemeriksaan_open('13.71', 2026, 1::smallint, '%s', NULL)->>'id'", opd);
	if (langkah >= 1)
		free(harness_sqlf(
			&H,
			"SELECT pagu_temuan_add('13.71', %s, (SELECT sub_kegiatan FROM kantong WHERE pemda_id ="
			" '13.71' AND tahun = 2026 AND opd_kode = '%s' LIMIT 1), 'Rendah', 'temuan', 'saran')",
			j, opd));
	if (langkah >= 2)
		free(harness_sqlf(&H, "SELECT pagu_pemeriksaan_sign('13.71', %s, NULL)", j));
	return j;
}

/* Samples for inspector evaluations, each on a fresh evaluation of the acted-on OPD. */
static bool periksa_sample(const struct api_route *rt, const char *pemda, const char *kode, struct sample *s)
{
	const char *p = rt->path + 29;
	char *id = NULL;
	s->jenis = "ledger"; /* an OPD-scoped token acts on its own OPD's evaluations only */
	if (!strcmp(p, "") && !strcmp(rt->method, "GET")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pemeriksaan?tahun=2026&opd=%s", pemda, kode);
		return true;
	}
	if (!strcmp(p, "")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pemeriksaan", pemda);
		snprintf(s->body, sizeof(s->body), "{\"tahun\":2026,\"triwulan\":1,\"opd_kode\":\"%s\"}", kode);
		s->has_body = true;
		return true;
	}
	if (!strcmp(p, "/{id}")) {
		id = periksa(kode, 0);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pemeriksaan/%s", pemda, id);
	} else if (!strcmp(p, "/{id}/temuan")) {
		id = periksa(kode, 0);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pemeriksaan/%s/temuan", pemda, id);
		char *sub =
			harness_sqlf(&H,
				     "SELECT sub_kegiatan FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND"
				     " opd_kode = '%s' LIMIT 1",
				     kode);
		snprintf(s->body, sizeof(s->body),
			 "{\"sub_kegiatan\":\"%s\",\"predikat\":\"Sedang\",\"temuan\":\"uji\",\"rekomendasi\":\"uji\"}",
			 sub);
		free(sub);
		s->has_body = true;
	} else if (!strcmp(p, "/{id}/tandatangan")) {
		id = periksa(kode, 1);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pemeriksaan/%s/tandatangan", pemda, id);
		s->ok = 200;
	} else if (!strcmp(p, "/{id}/temuan/{nomor}/tindak-lanjut") || !strcmp(p, "/{id}/temuan/{nomor}/tutup")) {
		id = periksa(kode, 2);
		bool tl = strstr(p, "tindak") != NULL;
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pemeriksaan/%s/temuan/1/%s", pemda, id,
			 tl ? "tindak-lanjut" : "tutup");
		snprintf(s->body, sizeof(s->body), tl ? "{\"uraian\":\"uji\"}" : "{\"catatan\":\"uji\"}");
		s->has_body = true;
	} else {
		return false;
	}
	free(id);
	return true;
}

/* People's routes (issue 19): false when @p is not one. */
static bool akun_sample(const struct api_route *rt, const char *pemda, struct sample *s)
{
	const char *p = rt->path;
	bool post = !strcmp(rt->method, "POST");
	if (!strcmp(p, "/v1/masuk")) {
		/* malformed: refused before any attempt is counted (the address's limit stays untouched) */
		snprintf(s->path, sizeof(s->path), "%s", p);
		snprintf(s->body, sizeof(s->body), "{\"nip\": 5, \"sandi\": \"x\"}");
		s->has_body = true;
		s->ok = 400;
		return true;
	}
	if (!strncmp(p, "/v1/akun/", 9) || !strcmp(p, "/v1/keluar")) {
		snprintf(s->path, sizeof(s->path), "%s", p);
		if (strstr(p, "{id}"))
			snprintf(s->path, sizeof(s->path), "/v1/akun/sesi/999999/akhiri");
		if (!strcmp(p, "/v1/akun/sandi"))
			snprintf(s->body, sizeof(s->body),
				 "{\"sandi_lama\": \"bukan sandinya\", \"sandi_baru\": \"x\"}");
		if (!strcmp(p, "/v1/akun/totp/aktif"))
			snprintf(s->body, sizeof(s->body), "{\"kode\": \"x\"}");
		s->has_body = s->body[0] != '\0';
		/* a system's token has no account of its own; a session's outcome per route */
		if (!sample_sesi)
			s->ok = 403;
		else if (!strcmp(p, "/v1/akun/sandi"))
			s->ok = 400; /* the old password is wrong */
		else if (!strcmp(p, "/v1/akun/totp/aktif"))
			s->ok = 401; /* the code is wrong */
		else if (strstr(p, "{id}"))
			s->ok = 404; /* not one of one's own sessions */
		else if (!strcmp(p, "/v1/keluar"))
			s->ok = 204;
		else
			s->ok = 200;
		return true;
	}
	if (!strncmp(p, "/v1/pemda/{pemda}/pengaturan/keamanan", 38)) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pengaturan/keamanan", pemda);
		if (!strcmp(rt->method, "PUT")) {
			snprintf(s->body, sizeof(s->body),
				 "{\"totp_wajib\": [], \"idle_menit\": 30, \"mutlak_jam\": 12}");
			s->has_body = true;
		}
		s->ok = 200;
		return true;
	}
	if (strncmp(p, "/v1/pemda/{pemda}/pengguna", 26) != 0)
		return false;
	if (!strcmp(p, "/v1/pemda/{pemda}/pengguna")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pengguna", pemda);
		if (post) {
			seq++;
			snprintf(s->body, sizeof(s->body),
				 "{\"nip\": \"1991010120100120%02d\", \"nama\": \"Uji %d\", \"peran\": [\"planner\"]}",
				 seq % 100, seq);
			s->has_body = true;
		}
		return true;
	}
	/* /{id}, /{id}/nonaktif, /aktif, /reset, /sesi, /sesi/akhiri on the matrix's person */
	snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/pengguna/%ld%s", pemda, matrix_pengguna,
		 p + strlen("/v1/pemda/{pemda}/pengguna/{id}"));
	if (!strcmp(rt->method, "PATCH"))
		snprintf(s->body, sizeof(s->body), "{\"jabatan\": \"Analis Anggaran\"}");
	if (strstr(p, "/reset"))
		snprintf(s->body, sizeof(s->body), "{}");
	s->has_body = s->body[0] != '\0';
	s->ok = 200;
	return true;
}

/* Fills @s for route @rt acting on OPD @kode of pemda @pemda; false when the route has no sample. */
static bool sample_for(const struct api_route *rt, const char *pemda, const char *kode, const char *token_for_etag,
		       struct sample *s)
{
	memset(s, 0, sizeof(*s));
	const char *p = rt->path;
	if (akun_sample(rt, pemda, s))
		return true;
	if (!strcmp(p, "/v1/health") || !strcmp(p, "/metrics") || !strcmp(p, "/v1/openapi.json") ||
	    !strcmp(p, "/v1/ref/nomenklatur") || !strcmp(p, "/v1/sesi")) {
		snprintf(s->path, sizeof(s->path), "%s", p);
		return true;
	}
	if (!strcmp(p, "/v1/ref/akun/{kode}")) {
		snprintf(s->path, sizeof(s->path), "/v1/ref/akun/5.1");
		return true;
	}
	if (!strcmp(p, "/v1/checkpoint/kunci")) {
		snprintf(s->path, sizeof(s->path), "%s", p);
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/checkpoint") || !strcmp(p, "/v1/pemda/{pemda}/verify")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/%s", pemda, strrchr(p, '/') + 1);
		if (!strcmp(rt->method, "POST")) {
			/* a client's kept copy, here empty: compared, nothing changed */
			snprintf(s->body, sizeof(s->body), "[]");
			s->has_body = true;
			s->ok = 200;
		}
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/audit")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/audit?limit=5", pemda);
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/opd") && !strcmp(rt->method, "GET")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/opd", pemda);
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/opd") && !strcmp(rt->method, "POST")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/opd", pemda);
		seq++;
		snprintf(s->body, sizeof(s->body),
			 "{\"kode\":\"2.09.0.00.0.00.90.%04d\",\"nama\":\"Dinas Uji %d\",\"bidang\":[\"2.09\"]}", seq,
			 seq);
		s->has_body = true;
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/opd/{kode}") && !strcmp(rt->method, "GET")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/opd/%s", pemda, kode);
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/opd/{kode}") && !strcmp(rt->method, "PATCH")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/opd/%s", pemda, kode);
		snprintf(s->body, sizeof(s->body), "{\"singkatan\":\"U%d\"}", ++seq);
		s->has_body = true;
		/* the current version, read with a token that may read it */
		struct http_reply g;
		http_auth(&H, "GET", s->path, token_for_etag, NULL, NULL, &g);
		snprintf(s->if_match, sizeof(s->if_match), "If-Match: %s", g.etag[0] ? g.etag : "\"v1\"");
		http_reply_release(&g);
		return true;
	}
	char buf[64];
	int revisi;
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen", pemda);
		if (!strcmp(rt->method, "POST")) {
			seq++;
			snprintf(s->body, sizeof(s->body), "{\"tahun\":%d,\"jenis\":\"rkpd\"}", 2031 + seq % 60);
			s->has_body = true;
			s->jenis = "rkpd";
			s->aksi = "create";
		}
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/impor")) {
		long id = rka_draft(kode, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/impor", pemda, id);
		snprintf(s->body, sizeof(s->body),
			 "kode_skpd,kode_sub_kegiatan,kode_rekening,nama_rekening,pagu,sumber_dana\r\n"
			 "%s,1.02.02.2.01.0001,5.1.02.01.01.0024,Kertas,1000.00,1.1\r\n",
			 kode);
		s->has_body = true;
		s->ctype = "Content-Type: text/csv";
		s->jenis = "rka";
		s->aksi = "edit";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/csv")) {
		long id = rka_latest(kode, buf, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/csv", pemda, id);
		s->jenis = "rka";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/token")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/token", pemda);
		if (!strcmp(rt->method, "POST")) {
			seq++;
			snprintf(s->body, sizeof(s->body), "{\"nama\":\"Token uji %d\",\"peran\":\"finance\"}", seq);
			s->has_body = true;
		}
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/token/{id}/cabut")) {
		/* a token of its own for each call: the one revoked */
		char t[HARNESS_TOKEN];
		harness_token_need(&H, pemda, "finance", NULL, t);
		char *id = harness_sqlf(&H, "SELECT max(token_id) FROM api_token WHERE pemda_id = '%s'", pemda);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/token/%s/cabut", pemda, id ? id : "0");
		free(id);
		s->ok = 200;
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/ssh/impor")) {
		seq++;
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/ssh/impor?tahun=2030", pemda);
		snprintf(s->body, sizeof(s->body),
			 "kode,uraian,satuan,harga,akun\r\nI%d,Barang uji,unit,1000.00,5.1.02.01.01\r\n", seq);
		s->has_body = true;
		s->ctype = "Content-Type: text/csv";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/jejak")) {
		snprintf(s->path, sizeof(s->path),
			 "/v1/pemda/%s/jejak?tahun=2030&opd=%s&sub_kegiatan=1.02.02.2.01.0001", pemda, kode);
		s->jenis = "rka"; /* an OPD-scoped token traces its own OPD only */
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/ssh")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/ssh%s", pemda,
			 !strcmp(rt->method, "GET") ? "?tahun=2030" : "");
		if (!strcmp(rt->method, "POST")) {
			seq++;
			snprintf(s->body, sizeof(s->body),
				 "{\"tahun\":2030,\"kode\":\"M%d\",\"uraian\":\"Barang uji\",\"satuan\":\"unit\","
				 "\"harga\":\"1000.00\",\"akun\":[\"5.1.02.01.01\"]}",
				 seq);
			s->has_body = true;
		}
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/diff")) {
		long id = rka_latest(kode, buf, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/diff?dengan=%ld", pemda, id, id);
		s->jenis = "rka";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}") || !strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/verifikasi")) {
		long id = rka_latest(kode, buf, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld%s", pemda, id,
			 strstr(p, "verifikasi") ? "/verifikasi" : "");
		s->jenis = "rka";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/baris")) {
		long id = rka_draft(kode, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/baris", pemda, id);
		snprintf(s->body, sizeof(s->body),
			 "{\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":\"Kertas\","
			 "\"koefisien\":[\"2 rim\"],\"harga_satuan\":\"55000.00\",\"sumber_dana\":\"1.1\"}");
		s->has_body = true;
		s->jenis = "rka";
		s->aksi = "edit";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/baris/{baris}")) {
		long id = rka_draft(kode, &revisi);
		char *b = harness_sqlf(&H, "SELECT baris FROM pagu_rka_add('13.71', %ld, NULL, " RKA_LINE_SQL ")", id);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/baris/%s", pemda, id, b);
		free(b);
		snprintf(s->if_match, sizeof(s->if_match), "If-Match: \"r%d\"", revisi + 1);
		s->jenis = "rka";
		s->aksi = "edit";
		if (!strcmp(rt->method, "PUT")) {
			/* the line replaced by another */
			snprintf(s->body, sizeof(s->body),
				 "{\"sub_kegiatan\":\"1.02.02.2.01.0001\",\"akun\":\"5.1.02.01.01.0024\",\"uraian\":"
				 "\"Kertas A4\",\"koefisien\":[\"3 "
				 "rim\"],\"harga_satuan\":\"55000.00\",\"sumber_dana\":\"1.1\"}");
			s->has_body = true;
			s->ok = 200;
		}
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/anggaran-kas")) {
		/* aimed at an RKA: past the route's gates every role meets the role table, which
		 * gives anggaran kas only on a DPA (the DPA path is tested in test_dokumen) */
		long id = rka_draft(kode, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/anggaran-kas", pemda, id);
		snprintf(s->body, sizeof(s->body), "{\"baris\":1,\"rata\":true}");
		s->has_body = true;
		s->jenis = "rka";
		s->aksi = "kas";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/transisi")) {
		long id = rka_draft(kode, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/transisi", pemda, id);
		snprintf(s->body, sizeof(s->body), "{\"aksi\":\"submit\"}");
		snprintf(s->if_match, sizeof(s->if_match), "If-Match: \"r%d\"", revisi);
		s->has_body = true;
		s->jenis = "rka";
		s->aksi = "submit";
		s->ok = 200;
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/susun") || !strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/dpa")) {
		/* a fresh empty APBD in a year with no RKA: an authorised caller gets past the gates to
		 * the rules, which refuse (nothing verified to assemble; an APBD that is not locked) */
		static int tahun = 2031; /* one year per sample: an APBD is one per year */
		ck_assert_int_le(tahun, 2100);
		char *id = harness_sqlf(
			&H, "SELECT dokumen_id FROM pagu_dokumen_create('13.71', %d, 'apbd', NULL, NULL)", tahun++);
		bool susun = strstr(p, "susun") != NULL;
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%s/%s", pemda, id, susun ? "susun" : "dpa");
		free(id);
		if (susun) {
			snprintf(s->if_match, sizeof(s->if_match), "If-Match: \"r1\"");
			s->ok = 422;
		} else {
			snprintf(s->body, sizeof(s->body), "{\"opd_kode\":\"%s\"}", kode);
			s->has_body = true;
			s->ok = 409;
		}
		s->jenis = "apbd";
		s->aksi = susun ? "susun" : "dpa";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/rules")) {
		long id = rka_latest(kode, buf, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/rules", pemda, id);
		s->jenis = "rka";
		return true;
	}
	/* issue 19: what waits on the token (every role; an OPD's token sees its own OPD's work) */
	if (!strcmp(p, "/v1/pemda/{pemda}/tugas")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/tugas?tahun=2026", pemda);
		return true;
	}
	/* issue 19: a version's history, read as the version is (an OPD's token: its own OPD's) */
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/riwayat")) {
		long id = rka_latest(kode, buf, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/riwayat", pemda, id);
		s->jenis = "rka";
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/rules") ||
	    (!strcmp(p, "/v1/pemda/{pemda}/rules/perkada") && !strcmp(rt->method, "GET"))) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/rules%s", pemda,
			 strstr(p, "perkada") ? "/perkada" : "");
		return true;
	}
	if ((!strcmp(p, "/v1/pemda/{pemda}/rules/penandaan") ||
	     !strcmp(p, "/v1/pemda/{pemda}/rules/kapasitas-fiskal") || !strcmp(p, "/v1/pemda/{pemda}/rules/temuan")) &&
	    !strcmp(rt->method, "GET")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s%s?tahun=2026", pemda, p + strlen("/v1/pemda/{pemda}"));
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/rules/penandaan")) {
		/* a row for a year far ahead, so the matrix changes no evaluation */
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/rules/penandaan", pemda);
		snprintf(s->body, sizeof(s->body),
			 "{\"tahun\":2090,\"kategori\":\"infrastruktur\",\"sub_kegiatan\":\"1.02.*\",\"akun\":\"5.*\","
			 "\"hitung\":true,\"dasar\":\"Keputusan uji %d\",\"alasan\":\"matriks\"}",
			 ++seq);
		s->has_body = true;
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/rules/kapasitas-fiskal")) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/rules/kapasitas-fiskal", pemda);
		snprintf(s->body, sizeof(s->body), "{\"tahun\":2090,\"kategori\":\"sedang\",\"dasar\":\"PMK uji %d\"}",
			 ++seq);
		s->has_body = true;
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/rules/evaluate")) {
		/* a dry run: whoever may read the document may ask; it changes nothing */
		long id = rka_latest(kode, buf, &revisi);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/rules/evaluate", pemda);
		snprintf(s->body, sizeof(s->body), "{\"dokumen_id\":%ld,\"aksi\":\"submit\"}", id);
		s->has_body = true;
		s->jenis = "rka";
		s->ok = 200;
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/rules/perkada")) {
		seq++;
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/rules/perkada", pemda);
		snprintf(s->body, sizeof(s->body),
			 "{\"nama\":\"uji_%d\",\"judul\":\"Perwali uji\",\"berlaku\":\"2090-01-01\","
			 "\"isi\":\"rule matriks_%d \\\"Uji\\\" cite \\\"uji\\\" on lock apbd severity warning "
			 "assert 1 > 0 message \\\"m\\\"\\n\"}",
			 seq, seq);
		s->has_body = true;
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/rules/perkada/{nama}/{versi}")) {
		/* one version recorded directly, in force far in the future */
		static bool made;
		if (!made) {
			free(harness_sqlf(
				&H,
				"SELECT pagu_rules_perkada_add('13.71', 'contoh', '2090-01-01', 'Contoh', x, "
				"encode(sha256(convert_to(x, 'UTF8')), 'hex'), NULL) FROM (SELECT 'rule contoh_a \"t\" "
				"cite \"c\" on lock apbd severity warning assert 1 > 0 message \"m\"'::text AS x) s"));
			made = true;
		}
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/rules/perkada/contoh/1", pemda);
		return true;
	}
	if (!strncmp(p, "/v1/pemda/{pemda}/ledger/", 25))
		return ledger_sample(rt, pemda, kode, s);
	if (!strncmp(p, "/v1/pemda/{pemda}/monev/", 24))
		return monev_sample(rt, pemda, kode, s);
	if (!strncmp(p, "/v1/pemda/{pemda}/pemeriksaan", 29))
		return periksa_sample(rt, pemda, kode, s);
	if (!strncmp(p, "/v1/pemda/{pemda}/laporan/", 26)) {
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/laporan/%s?tahun=2026&opd=%s", pemda, p + 26, kode);
		s->jenis = "ledger"; /* an OPD-scoped token reads its own OPD's LRA */
		return true;
	}
	/*
	 * Issue 18: a pergeseran or an RKA-P from the OPD's first demo DPA, which a pergeseran draft
	 * made here has left behind: past the gates, every caller admitted meets the same 409 (not the
	 * latest DPA), so the matrix stays the same whoever goes first. The comparison of that DPA.
	 */
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/pergeseran") ||
	    !strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/perubahan") ||
	    !strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/perbandingan")) {
		char *v = harness_sqlf(
			&H,
			"SELECT dokumen_id FROM dokumen WHERE pemda_id = '13.71' AND tahun = 2026"
			" AND jenis = 'dpa' AND opd_kode = '%s' AND status = 'locked' ORDER BY versi LIMIT 1",
			kode);
		long id = atol(v);
		free(v);
		free(harness_sqlf(
			&H,
			"SELECT count(*) FROM pagu_pergeseran_create('13.71', %ld, NULL, 'matriks') WHERE NOT EXISTS"
			" (SELECT 1 FROM dokumen x WHERE x.pemda_id = '13.71' AND x.tahun = 2026 AND x.jenis = 'dpa'"
			" AND x.opd_kode = '%s' AND x.versi > (SELECT versi FROM dokumen WHERE pemda_id = '13.71'"
			" AND dokumen_id = %ld))",
			id, kode, id));
		const char *what = strrchr(p, '/') + 1;
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/%s", pemda, id, what);
		s->jenis = "dpa";
		if (strcmp(what, "perbandingan") != 0) {
			snprintf(s->body, sizeof(s->body), "{\"alasan\":\"matriks\"}");
			s->has_body = true;
			s->aksi = what;
			s->ok = 409;
		}
		return true;
	}
	if (!strcmp(p, "/v1/pemda/{pemda}/dokumen/{id}/turunan")) {
		long id = rka_locked(kode);
		snprintf(s->path, sizeof(s->path), "/v1/pemda/%s/dokumen/%ld/turunan", pemda, id);
		snprintf(s->body, sizeof(s->body), "{\"alasan\":\"pergeseran\"}");
		s->has_body = true;
		s->jenis = "rka";
		s->aksi = "derive";
		return true;
	}
	return false;
}

static long call(const struct api_route *rt, const struct sample *s, const char *tok, const struct harness_sesi *sesi)
{
	char key[64];
	snprintf(key, sizeof(key), "Idempotency-Key: matrix-%d", ++seq);
	const char *extra[] = { key, s->if_match[0] ? s->if_match : NULL, NULL };
	struct http_reply r;
	if (sesi) {
		const char *hdr[] = { key, s->ctype ? s->ctype : "X-Matrix: 1", s->if_match[0] ? s->if_match : NULL,
				      NULL };
		http_sesi(&H, rt->method, s->path, sesi, s->has_body || s->ctype ? s->body : NULL, hdr, &r);
	} else if (s->ctype) {
		char auth[128];
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok ? tok : "");
		const char *hdr[] = { s->ctype, key, tok ? auth : NULL, NULL };
		http_request(&H, rt->method, s->path, s->body, strlen(s->body), hdr, &r);
	} else {
		http_auth(&H, rt->method, s->path, tok, s->has_body ? s->body : NULL, extra, &r);
	}
	long st = r.status;
	if (st >= 400)
		ck_assert_str_eq(r.content_type, "application/problem+json");
	http_reply_release(&r);
	return st;
}

struct who {
	const char *name;
	const char *tok;
	const struct harness_sesi *sesi; /* a person's session instead of a token */
	unsigned role;			 /* 0: none */
	bool scoped;			 /* to DINKES */
	bool other_pemda;
	bool bad_token; /* revoked or missing */
};

START_TEST(authorisation_matrix)
{
	const struct who who[] = {
		{ "admin", admin, NULL, ROLE_ADMIN, false, false, false },
		{ "planner", planner, NULL, ROLE_PLANNER, false, false, false },
		{ "finance", finance, NULL, ROLE_FINANCE, false, false, false },
		{ "revenue", revenue, NULL, ROLE_REVENUE, false, false, false },
		{ "inspector", inspector, NULL, ROLE_INSPECTOR, false, false, false },
		{ "admin scoped to Dinkes", admin_scoped, NULL, ROLE_ADMIN, true, false, false },
		{ "planner scoped to Dinkes", planner_scoped, NULL, ROLE_PLANNER, true, false, false },
		{ "admin of another pemda", other_pemda_admin, NULL, ROLE_ADMIN, false, true, false },
		{ "revoked token", revoked, NULL, 0, false, false, true },
		{ "no token", NULL, NULL, 0, false, false, true },
		{ "malformed token", "pagu_short", NULL, 0, false, false, true },
		/* the same matrix for people signed in (issue 19): a session of each role */
		{ "admin's session", NULL, &sesi_admin, ROLE_ADMIN, false, false, false },
		{ "planner's session", NULL, &sesi_planner, ROLE_PLANNER, false, false, false },
		{ "finance's session", NULL, &sesi_finance, ROLE_FINANCE, false, false, false },
		{ "revenue's session", NULL, &sesi_revenue, ROLE_REVENUE, false, false, false },
		{ "inspector's session", NULL, &sesi_inspector, ROLE_INSPECTOR, false, false, false },
		{ "sekda's session", NULL, &sesi_sekda, ROLE_SEKDA, false, false, false },
		{ "Dinkes planner's session", NULL, &sesi_planner_scoped, ROLE_PLANNER, true, false, false },
	};
	int checked = 0;
	for (size_t i = 0; i < api_nroutes; i++) {
		const struct api_route *rt = &api_routes[i];
		bool has_pemda = strstr(rt->path, "{pemda}") != NULL;
		for (size_t w = 0; w < sizeof(who) / sizeof(who[0]); w++) {
			/* the OPD acted on: the scoped tokens' own (Dinkes) and another one (Disdik) */
			/* signing out would end the session the rest of the matrix uses: test_akun.c signs out */
			if (who[w].sesi && !strcmp(rt->path, "/v1/keluar"))
				continue;
			for (int own = 0; own < 2; own++) {
				struct sample s;
				const char *kode = own ? DINKES : DISDIK;
				/* an unscoped session acts alike on every OPD: once is enough (and each APBD
				 * sample takes a year of its own) */
				if (who[w].sesi && !who[w].scoped && !own)
					continue;
				sample_sesi = who[w].sesi != NULL;
				ck_assert_msg(sample_for(rt, "13.71", kode, admin, &s),
					      "route %s %s has no sample in the authorisation matrix", rt->method,
					      rt->path);
				long want;
				if (rt->roles & API_PUBLIC)
					want = s.ok ? s.ok : 200;
				else if (who[w].bad_token)
					want = 401;
				else if (who[w].other_pemda && has_pemda)
					want = 404;
				else if (!(rt->roles & who[w].role))
					want = 403;
				else if (who[w].scoped && rt->scope == API_SCOPE_UNSCOPED)
					want = 403;
				else if (who[w].scoped && rt->scope == API_SCOPE_OWN_OPD && !own)
					want = 403;
				/* documents: the role table, and an OPD-scoped token only on its own OPD's */
				else if (s.jenis && who[w].scoped && !own && strcmp(s.jenis, "rkpd") != 0)
					want = 403;
				else if (s.aksi && !dokumen_allowed(s.jenis, s.aksi, who[w].role, who[w].scoped))
					want = 403;
				else if (s.aksi && !strcmp(s.aksi, "edit") && who[w].role == ROLE_REVENUE)
					/* Bapenda adds pendapatan lines, not belanja: refused as a line (403),
					 * or as a row of an import (422) */
					want = s.ctype ? 422 : 403;
				else
					want = s.ok ? s.ok : !strcmp(rt->method, "POST") ? 201 : 200;
				long got = call(rt, &s, who[w].tok, who[w].sesi);
				ck_assert_msg(got == want, "%s %s as %s on %s: %ld, want %ld", rt->method, s.path,
					      who[w].name, kode, got, want);
				checked++;
			}
		}
	}
	sample_sesi = false;
	ck_assert_int_ge(checked, (int)api_nroutes * 22);
}
END_TEST

/*
 * /v1/sesi tells the console what each token may do with documents: it must be the role table's
 * answer (dokumen_allowed, dokumen_akun_awalan) for every kind of document, action, role and
 * OPD scope, never a copy of it that can drift.
 */
START_TEST(sesi_is_the_role_table)
{
	const struct who who[] = {
		{ "admin", admin, NULL, ROLE_ADMIN, false, false, false },
		{ "planner", planner, NULL, ROLE_PLANNER, false, false, false },
		{ "finance", finance, NULL, ROLE_FINANCE, false, false, false },
		{ "revenue", revenue, NULL, ROLE_REVENUE, false, false, false },
		{ "inspector", inspector, NULL, ROLE_INSPECTOR, false, false, false },
		{ "admin scoped to Dinkes", admin_scoped, NULL, ROLE_ADMIN, true, false, false },
		{ "planner scoped to Dinkes", planner_scoped, NULL, ROLE_PLANNER, true, false, false },
	};
	int allowed = 0, refused = 0;
	for (size_t w = 0; w < sizeof(who) / sizeof(who[0]); w++) {
		struct http_reply r;
		http_auth(&H, "GET", "/v1/sesi", who[w].tok, NULL, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		json_t *izin = json_object_get(r.json, "izin");
		json_t *dok = json_object_get(izin, "dokumen");
		size_t kinds = 0;
		while (dokumen_kind_all[kinds])
			kinds++;
		ck_assert_int_eq((int)json_object_size(dok), (int)kinds);
		for (size_t j = 0; dokumen_jenis_all[j]; j++) {
			json_t *acts = json_object_get(dok, dokumen_jenis_all[j]);
			ck_assert_msg(json_is_array(acts), "%s: no actions for %s", who[w].name, dokumen_jenis_all[j]);
			size_t listed = 0;
			for (size_t k = 0; dokumen_aksi_all[k]; k++) {
				bool want = dokumen_allowed(dokumen_jenis_all[j], dokumen_aksi_all[k], who[w].role,
							    who[w].scoped);
				bool got = false;
				for (size_t x = 0; x < json_array_size(acts); x++)
					got |= !strcmp(json_string_value(json_array_get(acts, x)), dokumen_aksi_all[k]);
				ck_assert_msg(got == want, "%s: /v1/sesi says %s %s is %s, the role table %s",
					      who[w].name, dokumen_aksi_all[k], dokumen_jenis_all[j],
					      got ? "allowed" : "refused", want ? "allows it" : "refuses it");
				listed += got;
				want ? allowed++ : refused++;
			}
			ck_assert_uint_eq(listed, json_array_size(acts));
		}
		const char *awalan = dokumen_akun_awalan(who[w].role);
		json_t *ab = json_object_get(izin, "akun_baris");
		if (awalan)
			ck_assert_str_eq(json_string_value(ab), awalan);
		else
			ck_assert(json_is_null(ab));
		http_reply_release(&r);
	}
	/* the walk met both answers (a table that allows or refuses everything is a broken one) */
	ck_assert_int_gt(allowed, 10);
	ck_assert_int_gt(refused, 10);
}
END_TEST

/*
 * The audit trail: every change through the API, attributable to its token and time, in order,
 * for an inspector or admin; filtered by token and by day; refused to others (the matrix).
 */
START_TEST(audit_trail)
{
	/* a change by the admin and one by the planner, with keys the test knows */
	char key1[64], key2[64], hdr[96];
	snprintf(key1, sizeof(key1), "audit-%d-a", ++seq);
	snprintf(key2, sizeof(key2), "audit-%d-b", seq);
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"kode\":\"2.09.0.00.0.00.91.%04d\",\"nama\":\"Dinas Jejak\",\"bidang\":[\"2.09\"]}", seq);
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key1);
	const char *e1[] = { hdr, NULL };
	struct http_reply r;
	http_auth(&H, "POST", "/v1/pemda/13.71/opd", admin, body, e1, &r);
	http_expect(&r, 201, NULL, NULL);
	http_reply_release(&r);
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key2);
	const char *e2[] = { hdr, NULL };
	http_auth(&H, "POST", "/v1/pemda/13.71/dokumen", planner, "{\"tahun\":2099,\"jenis\":\"rkpd\"}", e2, &r);
	ck_assert_msg(r.status == 201 || r.status == 409, "%ld %s", r.status, r.body);
	bool second = r.status == 201;
	http_reply_release(&r);
	/* the inspector reads them, in order, at the end of the trail */
	char *last = harness_sqlf(&H, "SELECT max(audit_id) - 2 FROM idempotency_key WHERE pemda_id = '13.71'");
	char path[256];
	snprintf(path, sizeof(path), "/v1/pemda/13.71/audit?cursor=%s", last);
	free(last);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	json_t *items = json_object_get(r.json, "items");
	json_t *a = NULL, *b = NULL;
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it) {
		if (!strcmp(json_string_value(json_object_get(it, "kunci")), key1))
			a = it;
		if (!strcmp(json_string_value(json_object_get(it, "kunci")), key2))
			b = it;
	}
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(json_string_value(json_object_get(a, "metode")), "POST");
	ck_assert_str_eq(json_string_value(json_object_get(a, "jalur")), "/v1/pemda/13.71/opd");
	ck_assert_str_eq(json_string_value(json_object_get(a, "peran")), "admin");
	ck_assert_int_eq(json_integer_value(json_object_get(a, "status")), 201);
	ck_assert_ptr_nonnull(json_string_value(json_object_get(a, "waktu")));
	long admin_id = (long)json_integer_value(json_object_get(a, "token_id"));
	if (second) {
		ck_assert_ptr_nonnull(b);
		ck_assert_str_eq(json_string_value(json_object_get(b, "peran")), "planner");
		ck_assert_int_gt(json_integer_value(json_object_get(b, "audit_id")),
				 json_integer_value(json_object_get(a, "audit_id")));
	}
	http_reply_release(&r);
	/* by token: only the admin's changes */
	snprintf(path, sizeof(path), "/v1/pemda/13.71/audit?token=%ld&limit=500", admin_id);
	http_auth(&H, "GET", path, admin, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_gt(json_array_size(json_object_get(r.json, "items")), 0);
	json_array_foreach (json_object_get(r.json, "items"), i, it)
		ck_assert_int_eq(json_integer_value(json_object_get(it, "token_id")), admin_id);
	http_reply_release(&r);
	/* by day: today (WIB) has them, a day long past has none */
	char *today = harness_sqlf(&H, "SELECT ((now() AT TIME ZONE 'Asia/Jakarta')::date)::text");
	snprintf(path, sizeof(path), "/v1/pemda/13.71/audit?dari=%s&sampai=%s&limit=1", today, today);
	free(today);
	http_auth(&H, "GET", path, inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/audit?sampai=2020-01-01", inspector, NULL, NULL, &r);
	http_expect(&r, 200, NULL, NULL);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 0);
	http_reply_release(&r);
	/* bad filters */
	http_auth(&H, "GET", "/v1/pemda/13.71/audit?dari=2026-13-01", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "dari");
	http_reply_release(&r);
	http_auth(&H, "GET", "/v1/pemda/13.71/audit?dari=2026-02-01&sampai=2026-01-01", inspector, NULL, NULL, &r);
	http_expect(&r, 400, "invalid-input", "sampai");
	http_reply_release(&r);
	/* the trail cannot be edited: it is the idempotency records, append-only */
	PGconn *c = harness_connect(&H, HARNESS_APP);
	PGresult *x = PQexec(c, "UPDATE idempotency_key SET jalur = '/lain'");
	ck_assert_int_eq(PQresultStatus(x), PGRES_FATAL_ERROR);
	PQclear(x);
	PQfinish(c);
}
END_TEST

/* ---- hostile strings: in every string of every route's body and in every path segment ---- */

static const char *const hostile[] = {
	"'; DROP TABLE opd; --",
	"\" OR 1=1 --",
	"\\x00 %00 %s %n",
	"\\u202e\\u0644\\u0627 \\ud83d\\ude00 e\\u0301 \\ufeff",
	"\\u0000",
	"",
};

/* Every string member of @j (at any depth), with its parent and key or index, calling @f on each. */
struct slot {
	json_t *parent;
	const char *key; /* object member, or NULL: array element @index */
	size_t index;
};

static size_t strings_of(json_t *j, struct slot *out, size_t cap, size_t n)
{
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		json_object_foreach (j, k, v) {
			if (json_is_string(v) && n < cap)
				out[n++] = (struct slot){ j, k, 0 };
			else
				n = strings_of(v, out, cap, n);
		}
	} else if (json_is_array(j)) {
		json_array_foreach (j, i, v) {
			if (json_is_string(v) && n < cap)
				out[n++] = (struct slot){ j, NULL, i };
			else
				n = strings_of(v, out, cap, n);
		}
	}
	return n;
}

/* The first of the five roles' tokens that @rt allows. */
static const char *token_for(const struct api_route *rt)
{
	if (rt->roles & ROLE_ADMIN)
		return admin;
	if (rt->roles & ROLE_FINANCE)
		return finance;
	if (rt->roles & ROLE_PLANNER)
		return planner;
	if (rt->roles & ROLE_REVENUE)
		return revenue;
	return inspector;
}

static void expect_no_5xx(const struct api_route *rt, const char *path, const char *body, const char *what)
{
	char key[64];
	snprintf(key, sizeof(key), "Idempotency-Key: hostile-%d", ++seq);
	const char *extra[] = { key, NULL };
	struct http_reply r;
	http_auth(&H, rt->method, path, token_for(rt), body, extra, &r);
	ck_assert_msg(r.status < 500, "%s %s with %s: %ld %s", rt->method, path, what, r.status, r.body);
	if (r.status >= 400) {
		ck_assert_str_eq(r.content_type, "application/problem+json");
		ck_assert_msg(!strstr(r.body, "SELECT") && !strstr(r.body, "/tmp/") && !strstr(r.body, "pagu_"),
			      "%s %s: a problem showing internals: %s", rt->method, path, r.body);
	}
	http_reply_release(&r);
}

/*
 * SQL metacharacters, Unicode edge cases (right-to-left override, an astral character, a
 * combining mark, a BOM, NUL) and overlong values, in every string of every route's JSON
 * body and in every path segment: stored or refused, never a 5xx, never internals shown.
 */
START_TEST(hostile_strings_everywhere)
{
	static char overlong[20001];
	memset(overlong, 'x', sizeof(overlong) - 1);
	int sent = 0;
	for (size_t i = 0; i < api_nroutes; i++) {
		const struct api_route *rt = &api_routes[i];
		struct sample s;
		if (!sample_for(rt, "13.71", DINKES, admin, &s) || rt->roles & API_PUBLIC)
			continue;
		/* path segments: each one of the sample's, replaced */
		char *segs[16];
		int nseg = 0;
		char copy[256];
		snprintf(copy, sizeof(copy), "%s", s.path);
		char *q = strchr(copy, '?');
		if (q)
			*q = '\0';
		for (char *t = strtok(copy, "/"); t && nseg < 16; t = strtok(NULL, "/"))
			segs[nseg++] = t;
		static const char *const seg_hostile[] = { "%27%3B%20DROP%20TABLE%20opd%3B--", "%E2%80%AE%F0%9F%98%80",
							   "%00", "..", "x%2Fy" };
		for (int k = 3; k < nseg; k++) /* after /v1/pemda/{pemda} */
			for (size_t h = 0; h < sizeof(seg_hostile) / sizeof(seg_hostile[0]); h++) {
				char path[512] = "";
				for (int m = 0; m < nseg; m++)
					snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s",
						 m == k ? seg_hostile[h] : segs[m]);
				expect_no_5xx(rt, path, s.has_body && !s.ctype ? s.body : NULL, seg_hostile[h]);
				sent++;
			}
		if (!s.has_body || s.ctype)
			continue;
		json_t *base = json_loads(s.body, 0, NULL);
		ck_assert_ptr_nonnull(base);
		struct slot slots[64];
		size_t n = strings_of(base, slots, 64, 0);
		for (size_t k = 0; k < n; k++)
			for (size_t h = 0; h <= sizeof(hostile) / sizeof(hostile[0]); h++) {
				json_t *body = json_deep_copy(base);
				struct slot sl[64];
				strings_of(body, sl, 64, 0);
				const char *v = h < sizeof(hostile) / sizeof(hostile[0]) ? hostile[h] : overlong;
				/* the JSON escapes above are decoded by jansson: a real NUL, surrogates and all */
				char quoted[256];
				json_t *val = NULL;
				size_t vl = strlen(v);
				if (h < sizeof(hostile) / sizeof(hostile[0]) && vl + 3 <= sizeof(quoted)) {
					quoted[0] = '"';
					memcpy(quoted + 1, v, vl);
					memcpy(quoted + 1 + vl, "\"", 2);
					val = json_loads(quoted, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
				}
				if (!val)
					val = json_string(v);
				if (sl[k].key)
					json_object_set_new(sl[k].parent, sl[k].key, val);
				else
					json_array_set_new(sl[k].parent, sl[k].index, val);
				char *text = json_dumps(body, JSON_COMPACT);
				expect_no_5xx(rt, s.path, text,
					      h < sizeof(hostile) / sizeof(hostile[0]) ? v : "20,000 x");
				free(text);
				json_decref(body);
				sent++;
			}
		json_decref(base);
	}
	ck_assert_int_gt(sent, 300);
	/* and the server serves on */
	struct http_reply r;
	http_auth(&H, "GET", "/v1/pemda/13.71/opd?limit=1", planner, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
}
END_TEST

START_TEST(tokens_are_hashed_and_revocable)
{
	PGconn *su = harness_connect(&H, HARNESS_SUPER);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM api_token WHERE hash = sha256('%s'::bytea)", admin);
	char *n = harness_query1(su, sql);
	ck_assert_str_eq(n, "1");
	free(n);
	/* nowhere is the token itself */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM api_token t WHERE t::text LIKE '%%%s%%'", admin + 5);
	n = harness_query1(su, sql);
	ck_assert_str_eq(n, "0");
	free(n);
	PQfinish(su);
	char tok[64];
	ck_assert(harness_token(&H, "13.71", "inspector", NULL, tok, sizeof(tok)));
	ck_assert_uint_eq(strlen(tok), 48);
	struct http_reply r;
	http_auth(&H, "GET", COL, tok, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_reply_release(&r);
	su = harness_connect(&H, HARNESS_SUPER);
	char *id = harness_query1(su, "SELECT max(token_id) FROM api_token WHERE pemda_id = '13.71'");
	PQfinish(su);
	ck_assert_int_eq(harness_pagu(&H, "token", "revoke", "--pemda", "13.71", id, NULL), 0);
	/* revoking twice, or in the wrong pemda, fails */
	ck_assert_int_eq(harness_pagu(&H, "token", "revoke", "--pemda", "13.71", id, NULL), 1);
	ck_assert_int_eq(harness_pagu(&H, "token", "revoke", "--pemda", "19", id, NULL), 1);
	free(id);
	http_auth(&H, "GET", COL, tok, NULL, NULL, &r);
	http_expect_problem(&r, 401, "unauthenticated", NULL);
	http_reply_release(&r);
	/* bad token commands are usage errors or failures, never a token */
	ck_assert(!harness_token(&H, "13.71", "superuser", NULL, tok, sizeof(tok)));
	ck_assert(!harness_token(&H, "99.99", "admin", NULL, tok, sizeof(tok)));
	ck_assert(!harness_token(&H, "13.71", "planner", "9.99.0.00.0.00.01.0000", tok, sizeof(tok)));
}
END_TEST

static Suite *otorisasi_suite(void)
{
	Suite *s = suite_create("otorisasi");
	TCase *tc = tcase_create("every-route");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, authorisation_matrix);
	tcase_add_test(tc, sesi_is_the_role_table);
	tcase_add_test(tc, tokens_are_hashed_and_revocable);
	tcase_add_test(tc, hostile_strings_everywhere);
	tcase_add_test(tc, audit_trail);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* the refused requests are checked to leave every table as it was: no background sweep may sign
	   something between the two looks (signing after a commit, which is synchronous, stays on) */
	setenv("PAGU_CHECKPOINT_INTERVAL", "0", 1);
	setup_all();
	return harness_run(&H, otorisasi_suite());
}
