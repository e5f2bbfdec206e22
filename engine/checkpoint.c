/* checkpoint.c - signing items' hashes with a key the database never sees, and the log outside it. */
#include "checkpoint.h"

#include "checkpoint_row.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

/* Items signed per transaction; a backlog (the first start on an old database) takes several. */
#define BATCH 200

DB_ROW(checkpoint_row, CHECKPOINT_ROW);
#define LOCK_ROW(C, r) C(r, locked)
DB_ROW(lock_row, LOCK_ROW);
#define PEMDA_ROW(C, r) C(r, pemda_id)
DB_ROW(pemda_row, PEMDA_ROW);
#define LAST_ROW(C, r) C(r, urutan) C(r, checkpoint)
DB_ROW(last_row, LAST_ROW);
#define PENDING_ROW(C, r) C(r, jenis) C(r, nomor) C(r, ref) C(r, hash) C(r, detail)
DB_ROW(pending_row, PENDING_ROW);

enum { Q_LOCK, Q_PEMDA, Q_LAST, Q_PENDING, Q_PUT, Q_LIST, Q_N };
static const struct stmt q[Q_N] = {
	/* serialises signing per pemda across servers sharing the database */
	[Q_LOCK] = { "checkpoint_lock",
		     "SELECT pg_advisory_xact_lock(hashtext('pagu_checkpoint'), hashtext($1)) AS locked", 1,
		     lock_row__cols },
	[Q_PEMDA] = { "checkpoint_pemda", "SELECT pemda_id FROM pemda ORDER BY pemda_id", 0, pemda_row__cols },
	[Q_LAST] = { "checkpoint_last",
		     "SELECT urutan, checkpoint FROM checkpoint WHERE pemda_id = $1 ORDER BY urutan DESC LIMIT 1", 1,
		     last_row__cols },
	/* what is sealed, locked, closed or signed and has no checkpoint yet, $2 at most */
	[Q_PENDING] = { "checkpoint_pending",
			"SELECT jenis, nomor, ref, hash, detail FROM ("
			" SELECT 1 AS o, 'segel' AS jenis, s.segel_id::bigint AS nomor, s.segel_id::text AS ref, "
			"s.hash,"
			"  '' AS detail FROM segel s WHERE s.pemda_id = $1 AND s.segel_id > coalesce((SELECT "
			"max(c.nomor)"
			"  FROM checkpoint c WHERE c.pemda_id = $1 AND c.jenis = 'segel'), 0)"
			" UNION ALL SELECT 2, 'dokumen', d.dokumen_id, d.dokumen_id::text, d.hash, '' FROM dokumen d"
			"  WHERE d.pemda_id = $1 AND d.status = 'locked' AND NOT EXISTS (SELECT 1 FROM checkpoint c"
			"  WHERE c.pemda_id = $1 AND c.jenis = 'dokumen' AND c.nomor = d.dokumen_id)"
			" UNION ALL SELECT 3, 'triwulan', t.tahun * 10 + t.triwulan, t.tahun || '/' || t.triwulan, "
			"t.hash,"
			"  '' FROM monev_triwulan t WHERE t.pemda_id = $1 AND NOT EXISTS (SELECT 1 FROM checkpoint c"
			"  WHERE c.pemda_id = $1 AND c.jenis = 'triwulan' AND c.nomor = t.tahun * 10 + t.triwulan)"
			" UNION ALL SELECT 4, 'pemeriksaan', p.pemeriksaan_id, p.pemeriksaan_id::text, p.hash,"
			"  pagu_pemeriksaan_detail(p.pemda_id, p.pemeriksaan_id) FROM pemeriksaan p"
			"  WHERE p.pemda_id = $1 AND p.status = 'signed' AND NOT EXISTS (SELECT 1 FROM checkpoint c"
			"  WHERE c.pemda_id = $1 AND c.jenis = 'pemeriksaan' AND c.nomor = p.pemeriksaan_id)"
			") x ORDER BY o, nomor LIMIT $2::int",
			2, pending_row__cols },
	[Q_PUT] = { "checkpoint_put",
		    "INSERT INTO checkpoint (pemda_id, urutan, jenis, nomor, ref, hash, detail, waktu, sebelum,"
		    " checkpoint, kunci, tanda) VALUES ($1, $2::bigint, $3, $4::bigint, $5, $6, $7, $8, nullif($9, ''),"
		    " $10, $11, $12)",
		    12, NULL },
	/* pemda $1's checkpoints after $2 (all: 0), $3 rows: the stored fields */
	[Q_LIST] = { "checkpoint_list",
		     "SELECT urutan, jenis, nomor, ref, hash, detail, waktu, coalesce(sebelum, '') AS sebelum,"
		     " checkpoint, kunci, tanda FROM checkpoint WHERE pemda_id = $1 AND urutan > $2::bigint"
		     " ORDER BY urutan LIMIT $3::bigint",
		     3, checkpoint_row__cols },
};
const struct stmt_area stmt_area_checkpoint = { "checkpoint", q, Q_N };

const char *checkpoint_text(struct arena *a, const struct checkpoint *c)
{
	return arena_printf(a, "pagu-checkpoint-v1\n%s\n%" PRId64 "\n%s\n%s\n%s\n%s\n%s\n%s\n", c->pemda, c->urutan,
			    c->jenis, c->ref, c->hash, c->detail, c->waktu, c->sebelum);
}

bool checkpoint_nomor(const char *jenis, const char *ref, int64_t *nomor)
{
	if (!jenis || !ref || !*ref || strlen(ref) > 18)
		return false;
	int64_t v = 0;
	const char *p = ref;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	if (p == ref)
		return false;
	if (!strcmp(jenis, "triwulan")) {
		if (p[0] != '/' || p[1] < '1' || p[1] > '4' || p[2] || v < 2000 || v > 2100)
			return false;
		v = v * 10 + (p[1] - '0');
	} else if (*p || (strcmp(jenis, "segel") && strcmp(jenis, "dokumen") && strcmp(jenis, "pemeriksaan"))) {
		return false;
	}
	if (v < 1)
		return false;
	*nomor = v;
	return true;
}

/* A field of the signed text: no line break, printable, bounded. */
static bool field_ok(const char *s, size_t max)
{
	if (!s || strlen(s) > max)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static bool waktu_ok(const char *w)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	if (!w || strlen(w) != sizeof(pat) - 1)
		return false;
	for (size_t i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? (w[i] < '0' || w[i] > '9') : w[i] != pat[i])
			return false;
	return true;
}

const char *checkpoint_check(struct arena *a, const struct checkpoint *c, const char *trusted_key)
{
	int64_t nomor;
	if (!field_ok(c->pemda, 20) || !*c->pemda || c->urutan < 1 || !checkpoint_nomor(c->jenis, c->ref, &nomor) ||
	    nomor != c->nomor || !signkey_is_hex(c->hash, HASH_HEX_LEN) || !field_ok(c->detail, 200) ||
	    !waktu_ok(c->waktu) || !c->sebelum || (c->urutan == 1) != !*c->sebelum ||
	    (*c->sebelum && !signkey_is_hex(c->sebelum, HASH_HEX_LEN)))
		return "it is malformed";
	const char *text = checkpoint_text(a, c);
	char h[HASH_HEX_LEN + 1];
	hash_sha256_hex(text, strlen(text), h);
	if (!c->checkpoint || strcmp(h, c->checkpoint))
		return "its checkpoint hash is not the hash of what it says";
	/* the key is quoted back only when it is a key (hex), never as a client's arbitrary bytes */
	if (!c->kunci || !signkey_is_hex(c->kunci, 64))
		return "it names no Ed25519 public key (64 hex digits)";
	if (strcmp(c->kunci, trusted_key))
		return arena_printf(a, "it is signed by key %s, not by this server's key %s", c->kunci, trusted_key);
	if (!signkey_verify(trusted_key, text, strlen(text), c->tanda))
		return "its signature is not valid: it was changed or made without the key";
	return NULL;
}

/* A JSON string of @s (arena): the one JSON string writer of the engine (db_json.c). */
static const char *jstr(struct arena *a, const char *s)
{
	struct db_json j;
	db_json_init(&j, a);
	db_json_str(&j, s);
	return db_json_text(&j);
}

const char *checkpoint_json_line(struct arena *a, const struct checkpoint *c)
{
	return arena_printf(a,
			    "{\"pemda\":%s,\"urutan\":%" PRId64 ",\"jenis\":%s,\"ref\":%s,\"hash\":%s,\"detail\":%s,"
			    "\"waktu\":%s,\"sebelum\":%s,\"checkpoint\":%s,\"kunci\":%s,\"tanda\":%s}",
			    jstr(a, c->pemda), c->urutan, jstr(a, c->jenis), jstr(a, c->ref), jstr(a, c->hash),
			    jstr(a, c->detail), jstr(a, c->waktu), *c->sebelum ? jstr(a, c->sebelum) : "null",
			    jstr(a, c->checkpoint), jstr(a, c->kunci), jstr(a, c->tanda));
}

void checkpoint_from_row(struct arena *a, PGresult *r, int i, const char *pemda, struct checkpoint *c)
{
	c->pemda = arena_strdup(a, pemda);
	c->urutan = strtoll(PQgetvalue(r, i, checkpoint_row_urutan), NULL, 10);
	c->jenis = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_jenis));
	c->nomor = strtoll(PQgetvalue(r, i, checkpoint_row_nomor), NULL, 10);
	c->ref = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_ref));
	c->hash = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_hash));
	c->detail = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_detail));
	c->waktu = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_waktu));
	c->sebelum = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_sebelum));
	c->checkpoint = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_checkpoint));
	c->kunci = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_kunci));
	c->tanda = arena_strdup(a, PQgetvalue(r, i, checkpoint_row_tanda));
}

struct logged {
	char *pemda;
	int64_t urutan;
};

struct checkpoint_signer {
	pthread_mutex_t mu; /* one signer at a time in this process; flock() on the log across processes */
	struct signkey *key;
	char *log_path;
	int log_fd;
	struct logged *logged;
	size_t nlogged, caplogged;
};

/*
 * A line cut short by a crash during its append was never acknowledged (the reply waits for the
 * fsync), and its checkpoint is in the database: the cut tail goes, and the catch-up writes it
 * again whole. Without this the next line would be glued to the fragment.
 */
static bool cut_torn_tail(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END), pos = end;
	char buf[4096];
	while (pos > 0) {
		size_t n = pos < (off_t)sizeof(buf) ? (size_t)pos : sizeof(buf);
		if (pread(fd, buf, n, pos - (off_t)n) != (ssize_t)n)
			return false;
		for (size_t i = n; i > 0; i--) {
			if (buf[i - 1] == '\n') {
				off_t keep = pos - (off_t)n + (off_t)i;
				return keep == end || ftruncate(fd, keep) == 0;
			}
		}
		pos -= (off_t)n;
	}
	return end == 0 || ftruncate(fd, 0) == 0;
}

pagu_err checkpoint_signer_new(struct signkey *key, const char *log_path, struct checkpoint_signer **out, char *msg,
			       size_t msgsz)
{
	int fd = open(log_path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(msg, msgsz, "could not open the checkpoint log %s: %s", log_path, strerror(errno));
		return PAGU_E_IO;
	}
	if (flock(fd, LOCK_EX) != 0 || !cut_torn_tail(fd)) {
		snprintf(msg, msgsz, "could not repair the end of the checkpoint log %s: %s", log_path,
			 strerror(errno));
		close(fd);
		return PAGU_E_IO;
	}
	(void)flock(fd, LOCK_UN);
	struct checkpoint_signer *s = calloc(1, sizeof(*s));
	if (!s || !(s->log_path = strdup(log_path))) {
		free(s);
		close(fd);
		return PAGU_E_NOMEM;
	}
	pthread_mutex_init(&s->mu, NULL);
	s->key = key;
	s->log_fd = fd;
	*out = s;
	return PAGU_OK;
}

void checkpoint_signer_free(struct checkpoint_signer *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nlogged; i++)
		free(s->logged[i].pemda);
	free(s->logged);
	if (s->log_fd >= 0)
		close(s->log_fd);
	signkey_free(s->key);
	free(s->log_path);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

const struct signkey *checkpoint_signer_key(const struct checkpoint_signer *s)
{
	return s->key;
}

const char *checkpoint_signer_log(const struct checkpoint_signer *s)
{
	return s->log_path;
}

static struct logged *logged_find(struct checkpoint_signer *s, const char *pemda, bool add)
{
	for (size_t i = 0; i < s->nlogged; i++)
		if (!strcmp(s->logged[i].pemda, pemda))
			return &s->logged[i];
	if (!add)
		return NULL;
	if (s->nlogged == s->caplogged) {
		size_t cap = s->caplogged ? 2 * s->caplogged : 16;
		struct logged *n = realloc(s->logged, cap * sizeof(*n));
		if (!n)
			return NULL;
		s->logged = n;
		s->caplogged = cap;
	}
	char *p = strdup(pemda);
	if (!p)
		return NULL;
	s->logged[s->nlogged] = (struct logged){ .pemda = p, .urutan = 0 };
	return &s->logged[s->nlogged++];
}

void checkpoint_signer_logged(struct checkpoint_signer *s, const char *pemda, int64_t urutan)
{
	pthread_mutex_lock(&s->mu);
	struct logged *l = logged_find(s, pemda, true);
	if (l && urutan > l->urutan)
		l->urutan = urutan;
	pthread_mutex_unlock(&s->mu);
}

/* Appends @n checkpoints as JSON lines in one write, then fsync: on disk before anyone is told. */
static pagu_err log_append(struct checkpoint_signer *s, struct arena *a, const struct checkpoint *c, size_t n)
{
	if (!n)
		return PAGU_OK;
	size_t len = 0, cap = 0;
	const char **lines = arena_alloc(a, n * sizeof(*lines));
	for (size_t i = 0; i < n; i++) {
		lines[i] = checkpoint_json_line(a, &c[i]);
		cap += strlen(lines[i]) + 1;
	}
	char *buf = arena_alloc(a, cap + 1);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(lines[i]);
		memcpy(buf + len, lines[i], l);
		len += l;
		buf[len++] = '\n';
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(s->log_fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return PAGU_E_IO;
		off += (size_t)w;
	}
	if (fsync(s->log_fd) != 0)
		return PAGU_E_IO;
	struct logged *l = logged_find(s, c[0].pemda, true);
	if (l && c[n - 1].urutan > l->urutan)
		l->urutan = c[n - 1].urutan;
	return PAGU_OK;
}

static void now_utc(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct sign_arg {
	struct checkpoint_signer *s;
	struct arena *a;
	const char *pemda;
	struct checkpoint *made;
	size_t n;
	bool more;
};

static pagu_err sign_batch(struct db *db, void *p)
{
	struct sign_arg *x = p;
	x->n = 0;
	x->more = false;
	const char *p1[] = { x->pemda };
	pagu_err e = db_exec_cmd(db, &q[Q_LOCK], DB_P(p1));
	if (e != PAGU_OK)
		return e;
	PGresult *last = NULL, *todo = NULL;
	if ((e = db_exec(db, &q[Q_LAST], DB_P(p1), &last)) != PAGU_OK)
		return e;
	int64_t urutan = PQntuples(last) ? strtoll(PQgetvalue(last, 0, last_row_urutan), NULL, 10) : 0;
	const char *prev = PQntuples(last) ? arena_strdup(x->a, PQgetvalue(last, 0, last_row_checkpoint)) : "";
	PQclear(last);
	struct logged *l = logged_find(x->s, x->pemda, false);
	if (l && l->urutan > urutan)
		return PAGU_E_CONFLICT; /* the database lost checkpoints the log has: verify names them */
	const char *p2[] = { x->pemda, arena_printf(x->a, "%d", BATCH) };
	if ((e = db_exec(db, &q[Q_PENDING], DB_P(p2), &todo)) != PAGU_OK)
		return e;
	int n = PQntuples(todo);
	x->made = arena_alloc(x->a, sizeof(*x->made) * (size_t)(n ? n : 1));
	char waktu[21];
	now_utc(waktu);
	const char *pub = signkey_public_hex(x->s->key);
	for (int i = 0; i < n && e == PAGU_OK; i++) {
		struct checkpoint *c = &x->made[i];
		*c = (struct checkpoint){ .pemda = x->pemda,
					  .urutan = ++urutan,
					  .jenis = arena_strdup(x->a, PQgetvalue(todo, i, pending_row_jenis)),
					  .nomor = strtoll(PQgetvalue(todo, i, pending_row_nomor), NULL, 10),
					  .ref = arena_strdup(x->a, PQgetvalue(todo, i, pending_row_ref)),
					  .hash = arena_strdup(x->a, PQgetvalue(todo, i, pending_row_hash)),
					  .detail = arena_strdup(x->a, PQgetvalue(todo, i, pending_row_detail)),
					  .waktu = arena_strdup(x->a, waktu),
					  .sebelum = prev,
					  .kunci = pub };
		const char *text = checkpoint_text(x->a, c);
		char h[HASH_HEX_LEN + 1], *sig = arena_alloc(x->a, SIGNKEY_SIG_HEX_LEN + 1);
		hash_sha256_hex(text, strlen(text), h);
		c->checkpoint = arena_strdup(x->a, h);
		if ((e = signkey_sign(x->s->key, text, strlen(text), sig)) != PAGU_OK)
			break;
		c->tanda = sig;
		const char *p3[] = { x->pemda,	 arena_printf(x->a, "%" PRId64, c->urutan),
				     c->jenis,	 arena_printf(x->a, "%" PRId64, c->nomor),
				     c->ref,	 c->hash,
				     c->detail,	 c->waktu,
				     c->sebelum, c->checkpoint,
				     c->kunci,	 c->tanda };
		e = db_exec_cmd(db, &q[Q_PUT], DB_P(p3));
		prev = c->checkpoint;
	}
	PQclear(todo);
	if (e == PAGU_OK) {
		x->n = (size_t)n;
		x->more = n == BATCH;
	}
	return e;
}

/* The log catches up with the database: checkpoints committed but not appended (a crash between). */
static pagu_err catch_up(struct db *db, struct checkpoint_signer *s, struct arena *a, const char *pemda)
{
	struct logged *l = logged_find(s, pemda, false);
	int64_t after = l ? l->urutan : 0;
	const char *p[] = { pemda, arena_printf(a, "%" PRId64, after), "1000000000" };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	struct checkpoint *c = arena_alloc(a, sizeof(*c) * (size_t)(n ? n : 1));
	const char *prev = NULL;
	for (int i = 0; i < n && e == PAGU_OK; i++) {
		checkpoint_from_row(a, r, i, pemda, &c[i]);
		/* only what this key signed, in an unbroken chain, goes into the log */
		if (checkpoint_check(a, &c[i], signkey_public_hex(s->key)) || c[i].urutan != after + i + 1 ||
		    (prev && strcmp(prev, c[i].sebelum)))
			e = PAGU_E_CONFLICT;
		prev = c[i].checkpoint;
	}
	PQclear(r);
	if (e == PAGU_OK)
		e = log_append(s, a, c, (size_t)n);
	return e;
}

pagu_err checkpoint_sign_pending(struct db *db, struct checkpoint_signer *s, const char *pemda, int *n)
{
	*n = 0;
	pthread_mutex_lock(&s->mu);
	pagu_err e = flock(s->log_fd, LOCK_EX) == 0 ? PAGU_OK : PAGU_E_IO;
	struct arena a;
	arena_init(&a);
	if (e == PAGU_OK)
		e = catch_up(db, s, &a, pemda);
	for (int round = 0; e == PAGU_OK && round < 1000; round++) {
		struct sign_arg x = { .s = s, .a = &a, .pemda = pemda };
		e = db_txn(db, DB_READ_COMMITTED, sign_batch, &x);
		if (e == PAGU_OK)
			e = log_append(s, &a, x.made, x.n);
		if (e == PAGU_OK)
			*n += (int)x.n;
		if (!x.more)
			break;
		arena_release(&a);
		arena_init(&a);
	}
	arena_release(&a);
	(void)flock(s->log_fd, LOCK_UN);
	pthread_mutex_unlock(&s->mu);
	return e;
}

pagu_err checkpoint_sweep(struct db *db, struct checkpoint_signer *s, int *n)
{
	*n = 0;
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_PEMDA], NULL, 0, &r), first = PAGU_OK;
	if (e != PAGU_OK)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		int k = 0;
		e = checkpoint_sign_pending(db, s, PQgetvalue(r, i, pemda_row_pemda_id), &k);
		*n += k;
		if (e != PAGU_OK && first == PAGU_OK)
			first = e;
	}
	PQclear(r);
	return first;
}

pagu_err checkpoint_list(struct db *db, struct arena *a, const char *pemda, int64_t after, int limit,
			 struct checkpoint **out, int *n, bool *more)
{
	const char *p[] = { pemda, arena_printf(a, "%" PRId64, after), arena_printf(a, "%d", limit + 1) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r), k = rows < limit ? rows : limit;
	struct checkpoint *c = arena_alloc(a, sizeof(*c) * (size_t)(k ? k : 1));
	for (int i = 0; i < k; i++)
		checkpoint_from_row(a, r, i, pemda, &c[i]);
	PQclear(r);
	*out = c;
	*n = k;
	*more = rows > limit;
	return PAGU_OK;
}
