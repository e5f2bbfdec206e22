/*
 * rules_bench.c - how long the whole national rule pack takes on a province-size APBD,
 * against PostgreSQL's own floor for the same data, measured in one process.
 *
 *   ./run bench-rules [PEMDA [TAHUN [LINES]]]     (default 19 2027 100000)
 *
 * It needs a draft APBD of PEMDA's TAHUN (./run pagu demo --pemda P --lines N --tahun Y
 * makes one; ./run bench-rules does that first). Each round, in one REPEATABLE READ
 * transaction each:
 *   floor     SELECT count(*), sum(jumlah) over the APBD's lines: one scan, nothing else;
 *   pushdown  the aggregates of apbd.rules as one SQL scan with FILTER clauses: what
 *             pushing the rules into SQL would cost at least;
 *   fetch     the facts the rules see (pagu_rules_fakta) brought to the client;
 *   pack      what a lock pays: fetch, then the whole pack (every rule on lock apbd)
 *             evaluated in C over the facts, in one pass per aggregate.
 * It prints each round, then medians and the ratios pack/floor and pack/pushdown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "config.h"
#include "db.h"

#include <libpq-fe.h>
#include "rules_gate.h"

#define ROUNDS 7

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void sql(struct db *db, const char *q, int n, const char *const *p)
{
	PGresult *r = PQexecParams(db->conn, q, n, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "rules_bench: %s: %s", q, PQerrorMessage(db->conn));
		exit(1);
	}
	PQclear(r);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v)
{
	double s[ROUNDS];
	memcpy(s, v, sizeof(s));
	qsort(s, ROUNDS, sizeof(double), cmp);
	return s[ROUNDS / 2];
}

static const char *const pushdown =
	"SELECT sum(jumlah) FILTER (WHERE akun LIKE '5.%'),"
	" sum(jumlah) FILTER (WHERE akun LIKE '5.1.01.%' AND sumber_dana NOT IN ('2.2.1.01.04.04', '2.2.1.01.04.05',"
	"  '2.2.1.01.04.06')),"
	" sum(jumlah) FILTER (WHERE akun LIKE '5.2.%'),"
	" sum(jumlah) FILTER (WHERE akun LIKE '5.%' AND akun NOT LIKE '5.4.%'),"
	" sum(jumlah) FILTER (WHERE akun LIKE '5.%' AND sub_kegiatan LIKE '1.01.%'),"
	" sum(jumlah) FILTER (WHERE akun LIKE '5.4.02.05.01.%' AND sumber_dana NOT LIKE '2.2.1.05.%'),"
	" sum(jumlah) FILTER (WHERE akun LIKE '4.2.01.01.%' AND akun NOT LIKE '4.2.01.01.03.%'"
	"  AND akun NOT LIKE '4.2.01.01.04.%'),"
	" sum(jumlah) FILTER (WHERE akun LIKE '4.%'),"
	" sum(jumlah) FILTER (WHERE akun LIKE '6.1.%'), sum(jumlah) FILTER (WHERE akun LIKE '6.2.%')"
	" FROM rka_baris WHERE pemda_id = $1 AND dokumen_id = $2::bigint";

int main(int argc, char **argv)
{
	const char *pemda = argc > 1 ? argv[1] : "19";
	int tahun = argc > 2 ? atoi(argv[2]) : 2027;
	struct pagu_config cfg;
	if (config_init(&cfg) != PAGU_OK) {
		fprintf(stderr, "rules_bench: configuration\n");
		return 1;
	}
	char conninfo[1024], dir[4096], msg[4096];
	config_conninfo(&cfg, CONFIG_ROLE_APP, conninfo, sizeof(conninfo));
	snprintf(dir, sizeof(dir), "%s/rules", cfg.share_dir);
	if (rules_gate_load(dir, msg, sizeof(msg)) != PAGU_OK) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	struct db db;
	db_init(&db, conninfo);
	if (db_ensure(&db) != PAGU_OK) {
		fprintf(stderr, "rules_bench: cannot connect (is the cluster running? ./run pagu db start)\n");
		return 1;
	}
	char ty[8];
	snprintf(ty, sizeof(ty), "%d", tahun);
	const char *p[] = { pemda, ty };
	PGresult *r = PQexecParams(
		db.conn,
		"SELECT d.dokumen_id, d.tahun, d.status, (SELECT count(*) FROM rka_baris b WHERE"
		" b.pemda_id = d.pemda_id AND b.dokumen_id = d.dokumen_id) FROM dokumen d WHERE"
		" d.pemda_id = $1 AND d.tahun = $2::int AND d.jenis = 'apbd' ORDER BY d.versi DESC LIMIT 1",
		2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		fprintf(stderr, "rules_bench: no APBD of %s for %d: ./run pagu demo --pemda %s --tahun %d\n", pemda,
			tahun, pemda, tahun);
		return 1;
	}
	struct dokumen d = {
		.id = strtoll(PQgetvalue(r, 0, 0), NULL, 10), .tahun = tahun, .jenis = "apbd", .status = "draft"
	};
	long lines = atol(PQgetvalue(r, 0, 3));
	PQclear(r);
	char id[32];
	snprintf(id, sizeof(id), "%lld", (long long)d.id);
	const char *q[] = { pemda, id };
	printf("rules_bench: APBD %s of pemda %s %d, %ld lines; pack %d files, hash %.12s\n", id, pemda, tahun, lines,
	       rules_gate_national_files(), rules_gate_national_hash());
	printf("round  floor_ms  pushdown_ms  fetch_ms  pack_ms  rules  failing\n");
	double floor_ms[ROUNDS], push_ms[ROUNDS], fetch_ms[ROUNDS], pack_ms[ROUNDS];
	for (int i = 0; i < ROUNDS; i++) {
		double t = now_ms();
		sql(&db, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL);
		sql(&db, "SELECT count(*), sum(jumlah) FROM rka_baris WHERE pemda_id = $1 AND dokumen_id = $2::bigint",
		    2, q);
		sql(&db, "COMMIT", 0, NULL);
		floor_ms[i] = now_ms() - t;

		t = now_ms();
		sql(&db, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL);
		sql(&db, pushdown, 2, q);
		sql(&db, "COMMIT", 0, NULL);
		push_ms[i] = now_ms() - t;

		t = now_ms();
		sql(&db, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL);
		sql(&db, "SELECT * FROM pagu_rules_fakta($1, $2::bigint)", 2, q);
		sql(&db, "COMMIT", 0, NULL);
		fetch_ms[i] = now_ms() - t;

		struct arena a;
		arena_init(&a);
		struct rules_report rep;
		t = now_ms();
		sql(&db, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL);
		pagu_err e = rules_gate_evaluate(&db, &a, pemda, &d, "lock", &rep);
		sql(&db, "COMMIT", 0, NULL);
		pack_ms[i] = now_ms() - t;
		if (e != PAGU_OK || rep.failed) {
			fprintf(stderr, "rules_bench: evaluation failed: %s\n", rep.failed ? rep.err.text : "database");
			return 1;
		}
		printf("%5d  %8.1f  %11.1f  %8.1f  %7.1f  %5d  %7d\n", i + 1, floor_ms[i], push_ms[i], fetch_ms[i],
		       pack_ms[i], rep.n, rep.nerrors + rep.nwarnings);
		arena_release(&a);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double f = median(floor_ms), pu = median(push_ms), fe = median(fetch_ms), pk = median(pack_ms);
	printf("median: floor %.1f ms, pushdown %.1f ms, fetch %.1f ms, pack %.1f ms (evaluation in C about %.1f ms)\n",
	       f, pu, fe, pk, pk - fe);
	printf("ratios: pack/floor %.2f, pack/pushdown %.2f; peak RSS %ld MiB\n", pk / f, pk / pu, ru.ru_maxrss / 1024);
	db_release(&db);
	config_release(&cfg);
	return 0;
}
