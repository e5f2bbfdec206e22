/* checkpointer.c - signing checkpoints after commits and in a periodic sweep, off the request's answer. */
#include "checkpointer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkpoint_json.h"

struct checkpointer {
	pthread_t thread;
	bool running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	unsigned interval;
	struct db db;
	struct checkpoint_signer *signer;
};

static struct checkpoint_signer *the_signer; /* set before serving starts, cleared after it stops */

struct checkpoint_signer *checkpointer_signer(void)
{
	return the_signer;
}

static void log_failure(const char *what, const char *pemda, pagu_err e)
{
	fprintf(stderr, "{\"event\":\"checkpoint\",\"what\":\"%s\",\"pemda\":\"%s\",\"error\":\"%s\"}\n", what,
		pemda ? pemda : "", pagu_err_name(e));
}

void checkpointer_after_commit(struct db *db, const char *pemda)
{
	if (!the_signer)
		return;
	int n;
	pagu_err e = checkpoint_sign_pending(db, the_signer, pemda, &n);
	if (e != PAGU_OK)
		log_failure("sign", pemda, e);
}

static void *run(void *p)
{
	struct checkpointer *c = p;
	pthread_mutex_lock(&c->mu);
	while (!c->stop) {
		/* the first sweep ran in checkpointer_start, before the server listened */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)c->interval;
		while (!c->stop && pthread_cond_timedwait(&c->cv, &c->mu, &until) == 0)
			;
		if (c->stop)
			break;
		pthread_mutex_unlock(&c->mu);
		int n;
		pagu_err e = checkpoint_sweep(&c->db, c->signer, &n);
		if (e != PAGU_OK)
			log_failure("sweep", NULL, e);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

pagu_err checkpointer_start(const char *conninfo, const char *key_path, const char *log_path, unsigned interval,
			    struct checkpointer **out, char *msg, size_t msgsz)
{
	struct signkey *key = NULL;
	bool created;
	pagu_err e = signkey_load(key_path, true, &key, &created, msg, msgsz);
	if (e != PAGU_OK)
		return e;
	if (created)
		fprintf(stderr, "pagu: created the checkpoint signing key %s (public key %s)\n", key_path,
			signkey_public_hex(key));
	struct checkpoint_signer *s = NULL;
	if ((e = checkpoint_signer_new(key, log_path, &s, msg, msgsz)) != PAGU_OK) {
		signkey_free(key);
		return e;
	}
	/* what the log holds already, so that a restart appends only what it lacks */
	struct arena a;
	arena_init(&a);
	struct verify_copy log;
	if (checkpoint_read_file(&a, log_path, &log) != PAGU_OK) {
		snprintf(msg, msgsz, "could not read the checkpoint log %s", log_path);
		arena_release(&a);
		checkpoint_signer_free(s);
		return PAGU_E_IO;
	}
	for (size_t i = 0; i < log.n; i++)
		checkpoint_signer_logged(s, log.items[i].pemda, log.items[i].urutan);
	arena_release(&a);
	struct checkpointer *c = calloc(1, sizeof(*c));
	if (!c) {
		checkpoint_signer_free(s);
		return PAGU_E_NOMEM;
	}
	c->signer = s;
	c->interval = interval;
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	db_init(&c->db, conninfo);
	the_signer = s;
	/*
	 * One sweep now, whatever the interval and before the server accepts a request: what a
	 * crash left unsigned or unlogged is signed first, and a backlog never holds the signing
	 * lock while workers wait on it. A database that is down now is swept later (or by the
	 * next request that signs).
	 */
	int swept;
	pagu_err se = checkpoint_sweep(&c->db, s, &swept);
	if (se != PAGU_OK)
		log_failure("sweep", NULL, se);
	if (interval && pthread_create(&c->thread, NULL, run, c) == 0)
		c->running = true;
	*out = c;
	return PAGU_OK;
}

void checkpointer_stop(struct checkpointer *c)
{
	if (!c)
		return;
	if (c->running) {
		pthread_mutex_lock(&c->mu);
		c->stop = true;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&c->mu);
		pthread_join(c->thread, NULL);
	}
	the_signer = NULL;
	db_release(&c->db);
	checkpoint_signer_free(c->signer);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
}
