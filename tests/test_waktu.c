/*
 * test_waktu.c - what day it is (issue 18): postings after today and quarters before their time
 * are refused, in the API and in the database, and nothing changes; a training date (PAGU_TODAY)
 * moves today, shown in /v1/health; a plafon refusal names every sub kegiatan over and the OPD.
 * Real server and PostgreSQL; a pemda of its own (99.71) with years on the calendar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define PEMDA "99.71"
#define BPKAD "5.02.0.00.0.00.01.0000"
#define BASE "/v1/pemda/" PEMDA
#define SUB "5.02.02.2.01.000"

static struct harness H;
static char finance[HARNESS_TOKEN], revenue[HARNESS_TOKEN], planner[HARNESS_TOKEN];
static int Y;	       /* this year in WIB as the suite starts */
static char today[11]; /* today in WIB as the suite starts */
static long rkpd_next; /* a locked RKPD of Y + 1 with one indicator */
static char rules_dir[PATH_MAX + 16];

/* Today in WIB (UTC+7), computed here, independently of pagu. */
static void wib_today(char out[11])
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Whether @s (NULL: no) holds @sub. */
static bool has(const char *s, const char *sub)
{
	return s && strstr(s, sub);
}

/* Everything a refusal must leave as it was: entries, pockets, SPD totals, closed quarters, reports. */
static char *snapshot(void)
{
	return harness_sqlf(&H,
			    "SELECT (SELECT count(*) FROM entri WHERE pemda_id = '" PEMDA "') || '|' ||"
			    " (SELECT coalesce(string_agg(kantong_id || ':' || realisasi || ':' || pending, ',' ORDER "
			    "BY kantong_id),"
			    "  '') FROM kantong WHERE pemda_id = '" PEMDA "') || '|' ||"
			    " (SELECT coalesce(string_agg(tahun || ':' || spd || ':' || sp2d, ',' ORDER BY tahun), '')"
			    "  FROM opd_saldo WHERE pemda_id = '" PEMDA "') || '|' ||"
			    " (SELECT count(*) FROM monev_triwulan WHERE pemda_id = '" PEMDA "') || '|' ||"
			    " (SELECT count(*) FROM monev_realisasi WHERE pemda_id = '" PEMDA "')");
}

static long pocket(int tahun, const char *arah)
{
	char *v = harness_sqlf(
		&H, "SELECT kantong_id FROM kantong WHERE pemda_id = '" PEMDA "' AND tahun = %d AND arah = '%s'", tahun,
		arah);
	ck_assert_ptr_nonnull(v);
	long id = atol(v);
	free(v);
	return id;
}

/* POSTs @body to ledger route @what as @tok; asserts @status (and the problem type when >= 400). */
static void post(const char *what, const char *tok, const char *body, long status, const char *slug, const char *field,
		 const char *detail_has)
{
	char path[128];
	snprintf(path, sizeof(path), BASE "/ledger/%s", what);
	struct http_reply r;
	http_post(&H, path, tok, body, NULL, &r);
	if (status >= 400)
		http_expect_problem(&r, status, slug, field);
	else
		http_expect(&r, status, NULL, NULL);
	if (detail_has)
		ck_assert_msg(has(jstr(r.json, "detail"), detail_has), "detail %s lacks %s", jstr(r.json, "detail"),
			      detail_has);
	http_reply_release(&r);
}

static void spd(int tahun, const char *nomor, const char *tanggal, long status, const char *slug,
		const char *detail_has)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"%s\",\"tanggal\":\"%s\",\"bulan\":12,"
		 "\"jumlah\":\"100.00\"}",
		 tahun, nomor, tanggal);
	post("spd", finance, body, status, slug, "/tanggal", detail_has);
}

static void sp2d(int tahun, const char *nomor, const char *tanggal, long status, const char *slug,
		 const char *detail_has)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"%s\",\"tanggal\":\"%s\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"10.00\"}]}",
		 tahun, nomor, tanggal, pocket(tahun, "keluar"));
	post("sp2d", finance, body, status, slug, "/tanggal", detail_has);
}

static void sts(int tahun, const char *nomor, const char *tanggal, long status, const char *slug,
		const char *detail_has)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"%s\",\"tanggal\":\"%s\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"25.00\"}]}",
		 tahun, nomor, tanggal, pocket(tahun, "masuk"));
	post("sts", revenue, body, status, slug, "/tanggal", detail_has);
}

/* An atomic batch of two direct SP2Ds: (@t1, @d1) and (@t2, @d2). */
static void batch(const char *tag, int t1, const char *d1, int t2, const char *d2, long status, const char *field)
{
	char body[1024];
	snprintf(body, sizeof(body),
		 "{\"atomic\":true,\"operasi\":["
		 "{\"op\":\"sp2d\",\"idempotency_key\":\"%s-1\",\"tahun\":%d,\"opd_kode\":\"" BPKAD "\","
		 "\"nomor\":\"%s-1\",\"tanggal\":\"%s\",\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"1.00\"}]},"
		 "{\"op\":\"sp2d\",\"idempotency_key\":\"%s-2\",\"tahun\":%d,\"opd_kode\":\"" BPKAD "\","
		 "\"nomor\":\"%s-2\",\"tanggal\":\"%s\",\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"1.00\"}]}]}",
		 tag, t1, tag, d1, pocket(t1, "keluar"), tag, t2, tag, d2, pocket(t2, "keluar"));
	struct http_reply r;
	http_auth(&H, "POST", BASE "/ledger/batch", finance, body, NULL, &r);
	if (status >= 400)
		http_expect_problem(&r, status, "future-date", field);
	else
		ck_assert_msg(r.status == status, "batch: %ld %s", r.status, r.body);
	http_reply_release(&r);
}

static void tutup(int tahun, int tw, long status, const char *detail_has)
{
	char body[96];
	snprintf(body, sizeof(body), "{\"tahun\":%d,\"triwulan\":%d}", tahun, tw);
	struct http_reply r;
	http_post(&H, BASE "/monev/tutup", finance, body, NULL, &r);
	if (status >= 400)
		http_expect_problem(&r, status, "quarter-too-early", "/triwulan");
	else
		ck_assert_msg(r.status == status, "tutup %d/%d: %ld %s", tahun, tw, r.status, r.body);
	if (detail_has)
		ck_assert_msg(has(jstr(r.json, "detail"), detail_has), "detail %s lacks %s", jstr(r.json, "detail"),
			      detail_has);
	http_reply_release(&r);
}

static void lapor(int tahun, int tw, long status, const char *detail_has)
{
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"triwulan\":%d,\"rkpd_id\":%ld,\"baris\":1,\"nilai\":\"3\",\"fisik\":\"25\"}", tahun,
		 tw, rkpd_next);
	struct http_reply r;
	http_post(&H, BASE "/monev/realisasi", planner, body, NULL, &r);
	if (status >= 400)
		http_expect_problem(&r, status, "quarter-too-early", "/triwulan");
	else
		ck_assert_msg(r.status == status, "lapor %d/%d: %ld %s", tahun, tw, r.status, r.body);
	if (detail_has)
		ck_assert_msg(has(jstr(r.json, "detail"), detail_has), "detail %s lacks %s", jstr(r.json, "detail"),
			      detail_has);
	http_reply_release(&r);
}

static void health(const char *want, bool latihan)
{
	char before[11], after[11];
	wib_today(before);
	struct http_reply r;
	http_get(&H, "/v1/health", &r);
	wib_today(after);
	ck_assert_int_eq(r.status, 200);
	const char *h = jstr(r.json, "hari_ini");
	ck_assert_ptr_nonnull(h);
	if (want)
		ck_assert_str_eq(h, want);
	else /* the day may turn between the two readings */
		ck_assert_msg(!strcmp(h, before) || !strcmp(h, after), "hari_ini %s, WIB %s", h, before);
	ck_assert(json_is_boolean(json_object_get(r.json, "tanggal_latihan")));
	ck_assert_int_eq(json_is_true(json_object_get(r.json, "tanggal_latihan")), latihan);
	http_reply_release(&r);
}

/* Runs @sql as the superuser and answers its SQLSTATE ("" when it succeeded); its message in @msg. */
/* A date as a message shows it (base/pesan: {x:tgl}): "2027-01-01" -> "1 Januari 2027"; four at a time. */
static const char *tgl(const char *iso)
{
	static const char *const bulan[] = { "Januari", "Februari", "Maret",	 "April",   "Mei",	"Juni",
					     "Juli",	"Agustus",  "September", "Oktober", "November", "Desember" };
	static char buf[4][32];
	static int k;
	char *b = buf[k++ % 4];
	snprintf(b, sizeof(buf[0]), "%d %s %.4s", atoi(iso + 8), bulan[(atoi(iso + 5) + 11) % 12], iso);
	return b;
}

/* The SQLSTATE and message of @sql run as the superuser, with the refusal's parameters (its HINT) after it. */
static void super_state(const char *sql, char state[6], char *msg, size_t msgsz)
{
	PGconn *c = harness_connect(&H, HARNESS_SUPER);
	PGresult *r = PQexec(c, sql);
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	snprintf(state, 6, "%s", s ? s : "");
	const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
	snprintf(msg, msgsz, "%s %s", m ? m : "", hint ? hint : "");
	PQclear(r);
	PQfinish(c);
}

START_TEST(health_shows_today)
{
	health(NULL, false);
}
END_TEST

START_TEST(todays_postings_accepted)
{
	/* the calendar's today is a day that has happened: SPD, SP2D and STS dated today go through */
	spd(Y, "SPD-HARI-INI", today, 201, NULL, NULL);
	sp2d(Y, "SP2D-HARI-INI", today, 201, NULL, NULL);
	sts(Y, "STS-HARI-INI", today, 201, NULL, NULL);
	batch("hari-ini", Y, today, Y, today, 200, NULL);
}
END_TEST

START_TEST(future_postings_refused)
{
	char *before = snapshot();
	char tomorrow[24], want[160];
	/* 1 January next year: after today whatever the day, and in its fiscal year (a DPA of Y + 1) */
	snprintf(tomorrow, sizeof(tomorrow), "%d-01-01", Y + 1);
	snprintf(want, sizeof(want), "Tanggal %s belum terjadi: hari ini %s (WIB)", tgl(tomorrow), tgl(today));
	spd(Y + 1, "SPD-BESOK", tomorrow, 422, "future-date", want);
	sp2d(Y + 1, "SP2D-BESOK", tomorrow, 422, "future-date", want);
	sts(Y + 1, "STS-BESOK", tomorrow, 422, "future-date", want);
	/* an atomic batch with one future operation: none of it (the fast path sends it one by one,
	   which names the operation) */
	batch("besok", Y, today, Y + 1, tomorrow, 422, "/operasi/1/tanggal");
	char *after = snapshot();
	ck_assert_str_eq(after, before);
	free(after);
	/* the database refuses it too, whoever calls: the procedure, and a bare INSERT of a superuser */
	char state[6], msg[512], sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT pagu_ledger_spd('" PEMDA "', %d, '" BPKAD "', 'SPD-SQL', '%s', 12::smallint, 100, NULL)",
		 Y + 1, tomorrow);
	super_state(sql, state, msg, sizeof(msg));
	ck_assert_str_eq(state, "P9423");
	ck_assert_msg(has(msg, "TANGGAL_BELUM_TERJADI"), "%s", msg);
	const char *ins =
		"INSERT INTO entri (pemda_id, entri_id, tahun, jenis, opd_kode, nomor, tanggal, jumlah, spd_bulan, "
		"hash)"
		" VALUES ('" PEMDA "', 990000001, %d, 'spd', '" BPKAD "', 'SPD-INS', '%s', 1, 12, repeat('0', 64))";
	char one[512];
	snprintf(one, sizeof(one), ins, Y + 1, tomorrow);
	snprintf(sql, sizeof(sql), "BEGIN; %s; ROLLBACK", one);
	super_state(sql, state, msg, sizeof(msg));
	ck_assert_str_eq(state, "P9423");
	/* the same INSERT dated today is not refused by that (rolled back: only the date is at issue) */
	snprintf(one, sizeof(one), ins, Y, today);
	snprintf(sql, sizeof(sql), "BEGIN; %s; ROLLBACK", one);
	super_state(sql, state, msg, sizeof(msg));
	ck_assert_msg(!strcmp(state, ""), "%s %s", state, msg);
	after = snapshot();
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
}
END_TEST

/*
 * Issue 19: a procedure's refusal (a catalogue key with its parameters in HINT) reaches a person
 * in Indonesian by default, dates as 1 Januari 2027, and in English when the client asks for it;
 * the problem type and field are the same in both.
 */
START_TEST(procedure_refusal_in_the_clients_language)
{
	char tomorrow[24], body[512], want[160];
	snprintf(tomorrow, sizeof(tomorrow), "%d-01-01", Y + 1);
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SPD-BAHASA\",\"tanggal\":\"%s\",\"bulan\":12,"
		 "\"jumlah\":\"100.00\"}",
		 Y + 1, tomorrow);
	static const char *const bahasa[][3] = {
		{ NULL, "Idempotency-Key: bahasa-id", "Tanggal 1 Januari %d belum terjadi: hari ini " },
		{ "Accept-Language: en", "Idempotency-Key: bahasa-en",
		  "date 1 January %d has not happened yet: today is " },
		{ "Accept-Language: en;q=0.5, id", "Idempotency-Key: bahasa-id2",
		  "Tanggal 1 Januari %d belum terjadi" },
	};
	for (size_t i = 0; i < sizeof(bahasa) / sizeof(bahasa[0]); i++) {
		const char *extra[] = { bahasa[i][1], bahasa[i][0], NULL };
		struct http_reply r;
		http_auth(&H, "POST", BASE "/ledger/spd", finance, body, extra, &r);
		http_expect_problem(&r, 422, "future-date", "/tanggal");
		snprintf(want, sizeof(want), bahasa[i][2], Y + 1);
		const char *detail = jstr(r.json, "detail");
		ck_assert_msg(has(detail, want), "%s: detail %s lacks %s", bahasa[i][0] ? bahasa[i][0] : "(none)",
			      detail, want);
		/* no catalogue key and no ISO date shows through */
		ck_assert_msg(!has(detail, "TANGGAL_BELUM_TERJADI") && !has(detail, tomorrow), "%s", detail);
		http_reply_release(&r);
	}
}
END_TEST

START_TEST(quarters_before_their_time_refused)
{
	int now = (atoi(today + 5) - 1) / 3 + 1; /* the quarter today is in */
	/* the quarters that have ended close, in order */
	for (int tw = 1; tw < now; tw++)
		tutup(Y, tw, 201, NULL);
	char *before = snapshot();
	char want[160], mulai[32];
	if (now < 4)
		snprintf(mulai, sizeof(mulai), "%d-%02d-01", Y, 3 * now + 1);
	else
		snprintf(mulai, sizeof(mulai), "%d-01-01", Y + 1);
	snprintf(want, sizeof(want), "Triwulan %s %d belum berakhir: dapat ditutup mulai %s",
		 (const char *[]){ "I", "II", "III", "IV" }[now - 1], Y, tgl(mulai));
	tutup(Y, now, 422, want);
	tutup(Y + 1, 1, 422, "dapat ditutup mulai");
	/* a quarter not yet begun takes no report */
	snprintf(mulai, sizeof(mulai), "%d-01-01", Y + 1);
	snprintf(want, sizeof(want), "Triwulan I %d belum dimulai: realisasinya dapat dilaporkan mulai %s", Y + 1,
		 tgl(mulai));
	lapor(Y + 1, 1, 422, want);
	char *after = snapshot();
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
	/* in the database too */
	char state[6], msg[512], sql[256];
	snprintf(sql, sizeof(sql), "SELECT pagu_monev_close('" PEMDA "', %d, %d::smallint, NULL)", Y, now);
	super_state(sql, state, msg, sizeof(msg));
	ck_assert_str_eq(state, "P9424");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO monev_triwulan (pemda_id, tahun, triwulan, hash) VALUES ('" PEMDA
		 "', %d, %d, repeat('0', 64))",
		 Y, now);
	super_state(sql, state, msg, sizeof(msg));
	ck_assert_str_eq(state, "P9424");
}
END_TEST

START_TEST(bad_training_date_refused)
{
	/* not a date: pagu will not start with it (nothing else runs) */
	ck_assert_int_ne(harness_pagu(&H, "--today=2027-02-29", "migrate", (char *)NULL), 0);
	ck_assert_int_ne(harness_pagu(&H, "--today=2027-1-5", "migrate", (char *)NULL), 0);
	setenv("PAGU_TODAY", "besok", 1);
	ck_assert_int_ne(harness_pagu(&H, "migrate", (char *)NULL), 0);
	unsetenv("PAGU_TODAY");
	ck_assert_int_eq(harness_pagu(&H, "--today=2028-02-29", "migrate", (char *)NULL), 0);
}
END_TEST

START_TEST(training_date_rehearses_a_future_year)
{
	/* the same server with a training date in the first days of next year's second quarter */
	char latihan[24], want[160];
	snprintf(latihan, sizeof(latihan), "%d-04-01", Y + 1);
	ck_assert_int_eq(harness_stop_server(&H), 0);
	setenv("PAGU_TODAY", latihan, 1);
	harness_start_server(&H);
	health(latihan, true);
	char jan[24], apr2[24];
	snprintf(jan, sizeof(jan), "%d-01-01", Y + 1);
	snprintf(apr2, sizeof(apr2), "%d-04-02", Y + 1);
	/* what was refused is accepted now; the training date itself too */
	spd(Y + 1, "SPD-BESOK", jan, 201, NULL, NULL);
	sp2d(Y + 1, "SP2D-BESOK", jan, 201, NULL, NULL);
	sts(Y + 1, "STS-BESOK", latihan, 201, NULL, NULL);
	batch("latihan", Y + 1, jan, Y + 1, latihan, 200, NULL);
	/* and the day after it is not */
	snprintf(want, sizeof(want), "Tanggal %s belum terjadi: hari ini %s (tanggal latihan)", tgl(apr2),
		 tgl(latihan));
	sp2d(Y + 1, "SP2D-LUSA", apr2, 422, "future-date", want);
	/* an SPM voided, an SP2D reversed: not after the training date */
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"tahun\":%d,\"opd_kode\":\"" BPKAD "\",\"nomor\":\"SPM-LATIHAN\",\"tanggal\":\"%s\","
		 "\"baris\":[{\"kantong_id\":%ld,\"jumlah\":\"5.00\"}]}",
		 Y + 1, latihan, pocket(Y + 1, "keluar"));
	struct http_reply r;
	http_post(&H, BASE "/ledger/spm", finance, body, NULL, &r);
	http_expect(&r, 201, NULL, NULL);
	long spm = (long)json_integer_value(json_object_get(r.json, "entri_id"));
	http_reply_release(&r);
	char *e = harness_sqlf(&H, "SELECT entri_id FROM entri WHERE pemda_id = '" PEMDA "' AND nomor = 'SP2D-BESOK'");
	char *before = snapshot();
	char what[64];
	snprintf(what, sizeof(what), "spm/%ld/void", spm);
	snprintf(body, sizeof(body), "{\"tanggal\":\"%s\",\"alasan\":\"batal\"}", apr2);
	post(what, finance, body, 422, "future-date", "/tanggal", want);
	snprintf(body, sizeof(body), "{\"entri_id\":%s,\"nomor\":\"KOR-LUSA\",\"tanggal\":\"%s\",\"alasan\":\"salah\"}",
		 e, apr2);
	post("koreksi", finance, body, 422, "future-date", "/tanggal", want);
	char *after = snapshot();
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
	snprintf(body, sizeof(body), "{\"tanggal\":\"%s\",\"alasan\":\"batal\"}", latihan);
	post(what, finance, body, 201, NULL, NULL, NULL);
	snprintf(body, sizeof(body),
		 "{\"entri_id\":%s,\"nomor\":\"KOR-LATIHAN\",\"tanggal\":\"%s\",\"alasan\":\"salah\"}", e, latihan);
	post("koreksi", finance, body, 201, NULL, NULL, NULL);
	free(e);
	/* quarter I of the training year was reported during it, and closes from its day after */
	lapor(Y + 1, 1, 201, NULL);
	lapor(Y + 1, 2, 201, NULL);
	lapor(Y + 1, 3, 422, "belum dimulai");
	/* this year's quarters have all ended by then: the rest of them close */
	for (int tw = (atoi(today + 5) - 1) / 3 + 1; tw <= 4; tw++)
		tutup(Y, tw, 201, NULL);
	tutup(Y + 1, 1, 201, NULL);
	snprintf(want, sizeof(want), "Triwulan II %d belum berakhir: dapat ditutup mulai 1 Juli %d", Y + 1, Y + 1);
	tutup(Y + 1, 2, 422, want);
}
END_TEST

/* ---- a plafon refusal names every sub kegiatan over, and the OPD ---- */

static long doc(int tahun, const char *jenis, const char *opd)
{
	char *v = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('" PEMDA "', %d, '%s', %s, NULL)", tahun,
			       jenis, opd);
	long id = atol(v);
	free(v);
	return id;
}

static void rka_line(long id, const char *sub, long jumlah)
{
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_rka_add('" PEMDA "', %ld, NULL, '%s', '5.1.02.01.01.0024', 'ATK',"
			  " '[{\"nilai\":\"1\",\"satuan\":\"paket\"}]', %ld, '1.1', NULL)",
			  id, sub, jumlah));
}

static void plafon(long k, const char *jenis, const char *sub, long jumlah)
{
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_plafon_add('" PEMDA "', %ld, NULL, '%s', '" BPKAD "', %s, %ld, NULL)",
			  k, jenis, sub, jumlah));
}

static int revisi_of(long id)
{
	char *v = harness_sqlf(&H, "SELECT revisi FROM dokumen WHERE pemda_id = '" PEMDA "' AND dokumen_id = %ld", id);
	int rv = atoi(v);
	free(v);
	return rv;
}

static json_t *item(json_t *items, const char *jenis, const char *sub)
{
	size_t i;
	json_t *x;
	json_array_foreach (items, i, x) {
		const char *s = jstr(x, "sub_kegiatan");
		if (!strcmp(jstr(x, "jenis"), jenis) && (sub ? s && !strcmp(s, sub) : !s))
			return x;
	}
	return NULL;
}

static void expect_item(json_t *items, const char *jenis, const char *sub, const char *pl, const char *bel,
			const char *lebih)
{
	json_t *x = item(items, jenis, sub);
	ck_assert_msg(x != NULL, "no item %s %s", jenis, sub ? sub : "");
	ck_assert_str_eq(jstr(x, "opd_kode"), BPKAD);
	ck_assert_ptr_nonnull(jstr(x, "nama"));
	ck_assert_str_eq(jstr(x, "plafon"), pl);
	ck_assert_str_eq(jstr(x, "belanja"), bel);
	ck_assert_str_eq(jstr(x, "selisih"), lebih);
}

START_TEST(rka_over_plafon_names_all)
{
	int t = Y + 2;
	long k = doc(t, "kua_ppas", "NULL");
	for (int s = 1; s <= 4; s++) {
		char sub[32];
		snprintf(sub, sizeof(sub), "'" SUB "%d'", s);
		plafon(k, "sub_kegiatan", sub, 1000);
	}
	plafon(k, "opd", "NULL", 3500);
	harness_step_of(&H, PEMDA, k, "submit");
	harness_step_of(&H, PEMDA, k, "verify");
	harness_step_of(&H, PEMDA, k, "lock");
	long r = doc(t, "rka", "'" BPKAD "'");
	rka_line(r, SUB "1", 1500); /* 500 over */
	rka_line(r, SUB "2", 1200); /* 200 over */
	rka_line(r, SUB "3", 1100); /* 100 over */
	rka_line(r, SUB "4", 900);  /* within */
	int rv = revisi_of(r);
	char path[96];
	snprintf(path, sizeof(path), BASE "/dokumen/%ld/transisi", r);
	struct http_reply h;
	http_call(&H, "POST", path, planner, "{\"aksi\":\"submit\"}", rv, &h);
	http_expect_problem(&h, 422, "rule-violation", "plafon");
	const char *detail = jstr(h.json, "detail");
	/* one refusal: every sub kegiatan over, with its name and figures, and the OPD's total */
	static const char *const named[] = {
		SUB "1 (Koordinasi dan Penyusunan KUA dan PPAS): belanja Rp1.500,00, plafon Rp1.000,00, lebih Rp500,00",
		SUB "2 (Koordinasi dan Penyusunan Perubahan KUA dan Perubahan PPAS): belanja Rp1.200,00",
		"lebih Rp200,00",
		SUB "3 (",
		"lebih Rp100,00",
		"OPD " BPKAD,
		"belanja Rp4.700,00, plafon Rp3.500,00, lebih Rp1.200,00",
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		ck_assert_msg(has(detail, named[i]), "detail %s lacks %s", detail, named[i]);
	ck_assert(!has(detail, SUB "4"));
	json_t *items = json_object_get(h.json, "lebih_plafon");
	ck_assert_int_eq(json_array_size(items), 4);
	expect_item(items, "sub_kegiatan", SUB "1", "1000.00", "1500.00", "500.00");
	expect_item(items, "sub_kegiatan", SUB "2", "1000.00", "1200.00", "200.00");
	expect_item(items, "sub_kegiatan", SUB "3", "1000.00", "1100.00", "100.00");
	expect_item(items, "opd", NULL, "3500.00", "4700.00", "1200.00");
	http_reply_release(&h);
	/* nothing changed: still a draft at the same revision */
	char *st = harness_sqlf(
		&H, "SELECT status || revisi FROM dokumen WHERE pemda_id = '" PEMDA "' AND dokumen_id = %ld", r);
	char want[32];
	snprintf(want, sizeof(want), "draft%d", rv);
	ck_assert_str_eq(st, want);
	free(st);
	/* the procedure names them all too, whoever submits */
	char sql[256], state[6], msg[2048];
	snprintf(sql, sizeof(sql), "SELECT pagu_dokumen_transisi('" PEMDA "', %ld, 'submit', %d, NULL, NULL)", r, rv);
	super_state(sql, state, msg, sizeof(msg));
	ck_assert_str_eq(state, "P9422");
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		ck_assert_msg(has(msg, named[i]), "message %s lacks %s", msg, named[i]);
}
END_TEST

START_TEST(many_over_named_with_the_rest_counted)
{
	/* 23 sub kegiatan without a plafon: 20 named, "dan 3 sub kegiatan lainnya", the OPD still named */
	int t = Y + 3;
	long k = doc(t, "kua_ppas", "NULL");
	plafon(k, "opd", "NULL", 1);
	harness_step_of(&H, PEMDA, k, "submit");
	harness_step_of(&H, PEMDA, k, "verify");
	harness_step_of(&H, PEMDA, k, "lock");
	long r = doc(t, "rka", "'" BPKAD "'");
	char *subs = harness_sqlf(&H, "SELECT string_agg(kode, ' ' ORDER BY kode) FROM (SELECT DISTINCT kode FROM"
				      " ref_nomenklatur WHERE level = 'sub_kegiatan' AND aktif AND kode_bidang = '5.02'"
				      " AND jenis_pemda IN ('kabkota', 'both') ORDER BY kode LIMIT 23) s");
	int n = 0;
	for (char *s = strtok(subs, " "); s; s = strtok(NULL, " "), n++)
		rka_line(r, s, 10);
	ck_assert_int_eq(n, 23);
	free(subs);
	char path[96];
	snprintf(path, sizeof(path), BASE "/dokumen/%ld/transisi", r);
	struct http_reply h;
	http_call(&H, "POST", path, planner, "{\"aksi\":\"submit\"}", revisi_of(r), &h);
	http_expect_problem(&h, 422, "rule-violation", "plafon");
	const char *detail = jstr(h.json, "detail");
	ck_assert_msg(has(detail, "dan 3 sub kegiatan lainnya"), "%s", detail);
	ck_assert_msg(has(detail, "OPD " BPKAD), "%s", detail);
	ck_assert_msg(has(detail, "belanja Rp230,00, plafon Rp1,00, lebih Rp229,00"), "%s", detail);
	/* the structured members carry every one */
	ck_assert_int_eq(json_array_size(json_object_get(h.json, "lebih_plafon")), 24);
	http_reply_release(&h);
}
END_TEST

START_TEST(apbd_lock_over_plafon_names_all)
{
	/* an RKA verified within a KUA-PPAS that a newer locked one lowers: the APBD lock is refused by
	   the plafon rules, and the refusal names every sub kegiatan over and the OPD, not the first */
	int t = Y + 4;
	long k = doc(t, "kua_ppas", "NULL");
	for (int s = 1; s <= 4; s++) {
		char sub[32];
		snprintf(sub, sizeof(sub), "'" SUB "%d'", s);
		plafon(k, "sub_kegiatan", sub, 5000);
	}
	plafon(k, "opd", "NULL", 20000);
	harness_step_of(&H, PEMDA, k, "submit");
	harness_step_of(&H, PEMDA, k, "verify");
	harness_step_of(&H, PEMDA, k, "lock");
	long r = doc(t, "rka", "'" BPKAD "'");
	rka_line(r, SUB "1", 1500);
	rka_line(r, SUB "2", 1200);
	rka_line(r, SUB "3", 1100);
	rka_line(r, SUB "4", 900);
	harness_step_of(&H, PEMDA, r, "submit");
	harness_step_of(&H, PEMDA, r, "verify");
	char *k2 = harness_sqlf(
		&H, "SELECT dokumen_id FROM pagu_dokumen_derive('" PEMDA "', %ld, NULL, 'KUA-PPAS perubahan')", k);
	free(harness_sqlf(&H, "DELETE FROM plafon WHERE pemda_id = '" PEMDA "' AND dokumen_id = %s RETURNING baris",
			  k2));
	for (int s = 1; s <= 4; s++) {
		char sub[32];
		snprintf(sub, sizeof(sub), "'" SUB "%d'", s);
		plafon(atol(k2), "sub_kegiatan", sub, 1000);
	}
	plafon(atol(k2), "opd", "NULL", 3500);
	harness_step_of(&H, PEMDA, atol(k2), "submit");
	harness_step_of(&H, PEMDA, atol(k2), "verify");
	harness_step_of(&H, PEMDA, atol(k2), "lock");
	free(k2);
	long a = doc(t, "apbd", "NULL");
	free(harness_sqlf(&H, "SELECT count(*) FROM pagu_apbd_assemble('" PEMDA "', %ld, 1, NULL)", a));
	harness_step_of(&H, PEMDA, a, "submit");
	harness_step_of(&H, PEMDA, a, "verify");
	char path[96];
	snprintf(path, sizeof(path), BASE "/dokumen/%ld/transisi", a);
	struct http_reply h;
	http_call(&H, "POST", path, finance, "{\"aksi\":\"lock\"}", revisi_of(a), &h);
	http_expect_problem(&h, 422, "rules-refused", "rules");
	const char *detail = jstr(h.json, "detail");
	static const char *const named[] = { "2 aturan menolak penguncian APBD", SUB "1", SUB "2", SUB "3",
					     "OPD " BPKAD };
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		ck_assert_msg(has(detail, named[i]), "detail %s lacks %s", detail, named[i]);
	ck_assert(!has(detail, SUB "4"));
	json_t *items = json_object_get(h.json, "lebih_plafon");
	ck_assert_int_eq(json_array_size(items), 4);
	expect_item(items, "opd", NULL, "3500.00", "4700.00", "1200.00");
	http_reply_release(&h);
	char *st = harness_sqlf(&H, "SELECT status FROM dokumen WHERE pemda_id = '" PEMDA "' AND dokumen_id = %ld", a);
	ck_assert_str_eq(st, "verified");
	free(st);
}
END_TEST

static Suite *waktu_suite(void)
{
	Suite *s = suite_create("waktu");
	TCase *p = tcase_create("plafon");
	tcase_add_test(p, rka_over_plafon_names_all);
	tcase_add_test(p, many_over_named_with_the_rest_counted);
	tcase_add_test(p, apbd_lock_over_plafon_names_all);
	suite_add_tcase(s, p);
	TCase *tc = tcase_create("hari_ini");
	tcase_add_test(tc, health_shows_today);
	tcase_add_test(tc, todays_postings_accepted);
	tcase_add_test(tc, future_postings_refused);
	tcase_add_test(tc, procedure_refusal_in_the_clients_language);
	tcase_add_test(tc, quarters_before_their_time_refused);
	tcase_add_test(tc, bad_training_date_refused);
	tcase_add_test(tc, training_date_rehearses_a_future_year);
	suite_add_tcase(s, tc);
	return s;
}

/* The plafon rules of the shipped pack (rules/rka.rules), as this suite's pack. */
static void write_pack(void)
{
	snprintf(rules_dir, sizeof(rules_dir), "%s/rules", H.dir);
	if (mkdir(rules_dir, 0700) != 0) {
		perror(rules_dir);
		exit(2);
	}
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/plafon.rules", rules_dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs("rule rka_dalam_plafon_sub_kegiatan \"Belanja setiap sub kegiatan tidak melebihi plafonnya\"\n"
	      "  cite \"PP 12/2019\"\n"
	      "  on submit rka, lock apbd\n"
	      "  severity error\n"
	      "  for each sub_kegiatan where akun 5.*\n"
	      "  let belanja = sum(belanja)\n"
	      "  let plafon = sum(plafon_sub_kegiatan)\n"
	      "  assert belanja <= plafon\n"
	      "  message \"sub kegiatan {kode}: belanja {belanja} melebihi plafon {plafon} sebesar {belanja - "
	      "plafon}\"\n"
	      "\n"
	      "rule rka_dalam_plafon_opd \"Belanja setiap OPD tidak melebihi plafon OPD\"\n"
	      "  cite \"PP 12/2019\"\n"
	      "  on submit rka, lock apbd\n"
	      "  severity error\n"
	      "  for each opd where akun 5.*\n"
	      "  applies count(plafon_opd) > 0\n"
	      "  let belanja = sum(belanja)\n"
	      "  let plafon = sum(plafon_opd)\n"
	      "  assert belanja <= plafon\n"
	      "  message \"OPD {kode}: belanja {belanja} melebihi plafon {plafon} sebesar {belanja - plafon}\"\n",
	      f);
	fclose(f);
	setenv("PAGU_RULES_DIR", rules_dir, 1);
}

int main(void)
{
	setenv("PAGU_SEAL_INTERVAL", "0", 1);
	unsetenv("PAGU_TODAY"); /* the calendar's today, until the training test sets one */
	wib_today(today);
	Y = atoi(today);
	harness_start_cluster(&H);
	write_pack();
	harness_start_server(&H);
	free(harness_sqlf(&H, "INSERT INTO pemda (pemda_id, nama, jenis, provinsi_id) VALUES ('" PEMDA
			      "', 'Kota Uji Waktu', 'kabkota', '99')"
			      " RETURNING pemda_id"));
	free(harness_sqlf(&H, "INSERT INTO opd (pemda_id, kode, nama, singkatan, bidang) VALUES ('" PEMDA "', '" BPKAD
			      "', 'Badan Keuangan Daerah', 'BKD', '{5.02}') RETURNING kode"));
	harness_bpkad_year(&H, PEMDA, Y);
	harness_bpkad_year(&H, PEMDA, Y + 1);
	char *id = harness_sqlf(&H, "SELECT dokumen_id FROM pagu_dokumen_create('" PEMDA "', %d, 'rkpd', NULL, NULL)",
				Y + 1);
	rkpd_next = atol(id);
	free(harness_sqlf(&H,
			  "SELECT baris FROM pagu_rkpd_add('" PEMDA "', %s, NULL, '" BPKAD "', '" SUB
			  "1', 'Dokumen KUA-PPAS', 12, 'dokumen', 1000, 'Kota', '1.1', NULL)",
			  id));
	free(id);
	harness_step_of(&H, PEMDA, rkpd_next, "submit");
	harness_step_of(&H, PEMDA, rkpd_next, "verify");
	harness_step_of(&H, PEMDA, rkpd_next, "lock");
	harness_token_need(&H, PEMDA, "finance", NULL, finance);
	harness_token_need(&H, PEMDA, "revenue", NULL, revenue);
	harness_token_need(&H, PEMDA, "planner", NULL, planner);
	return harness_run(&H, waktu_suite());
}
