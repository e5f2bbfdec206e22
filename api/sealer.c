/* sealer.c - periodic Merkle seals of the ledger, off the request path. */
#include "sealer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "checkpointer.h"
#include "ledger.h"
#include "sql.h" /* TRANSITION (issue 17): until the sealer's SQL moves into the engine (area B) */

struct sealer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	unsigned interval;
	struct db db;
};

struct seal_arg {
	struct arena *a;
	const char *pemda;
};

static pagu_err seal_one(struct db *db, void *p)
{
	struct seal_arg *x = p;
	const char *json;
	return ledger_segel(db, x->a, x->pemda, &json);
}

static void tick(struct sealer *s)
{
	PGresult *r = NULL;
	if (db_exec_id(&s->db, STMT_LEDGER_PEMDA_BELUM, NULL, &r) != PAGU_OK)
		return; /* the database is away: next time */
	for (int i = 0; i < PQntuples(r); i++) {
		struct arena a;
		arena_init(&a);
		struct seal_arg x = { .a = &a, .pemda = PQgetvalue(r, i, 0) };
		pagu_err e = db_txn(&s->db, DB_READ_COMMITTED, seal_one, &x);
		if (e != PAGU_OK)
			fprintf(stderr, "{\"event\":\"seal\",\"pemda\":\"%s\",\"error\":\"%s\"}\n", x.pemda,
				pagu_err_name(e));
		else
			checkpointer_after_commit(&s->db, x.pemda); /* the new seal signed at once */
		arena_release(&a);
	}
	PQclear(r);
}

static void *run(void *p)
{
	struct sealer *s = p;
	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)s->interval;
		while (!s->stop && pthread_cond_timedwait(&s->cv, &s->mu, &until) == 0)
			;
		if (s->stop)
			break;
		pthread_mutex_unlock(&s->mu);
		tick(s);
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

struct sealer *sealer_start(const char *conninfo, unsigned interval)
{
	if (!interval)
		return NULL;
	struct sealer *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->interval = interval;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	db_init(&s->db, conninfo);
	if (pthread_create(&s->thread, NULL, run, s) != 0)
		abort();
	return s;
}

void sealer_stop(struct sealer *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	db_release(&s->db);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
