/* verify.c - a pemda's whole record recomputed and held against its signed checkpoints. */
#include "verify.h"

#include "sql.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bad(struct verify_report *v, const char *jenis, const char *id, const char *why)
{
	if (!v->ok)
		return;
	v->ok = false;
	v->rusak_jenis = jenis;
	v->rusak_id = id;
	v->alasan = why;
}

static pagu_err documents(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_V_DOKUMEN, p, &r);
	if (e != PAGU_OK)
		return e;
	v->dokumen = PQntuples(r);
	for (int i = 0; i < PQntuples(r) && v->ok && e == PAGU_OK; i++) {
		const char *id = arena_strdup(a, PQgetvalue(r, i, 0)), *hash = PQgetvalue(r, i, 1);
		const char *link = PQgetvalue(r, i, 2), *prev = PQgetvalue(r, i, 3), *nlock = PQgetvalue(r, i, 4);
		const char *event = PQgetvalue(r, i, 5);
		/* its content, then its place in the chain, then what its lock event recorded */
		const char *p2[] = { pemda, id };
		PGresult *t = NULL;
		if ((e = db_exec_id(db, STMT_V_DOKUMEN_TEKS, p2, &t)) != PAGU_OK)
			break;
		char h[HASH_HEX_LEN + 1];
		hash_sha256_hex(PQgetvalue(t, 0, 0), (size_t)PQgetlength(t, 0, 0), h);
		PQclear(t);
		if (strcmp(h, hash))
			bad(v, "dokumen", id,
			    arena_printf(a, "its content hashes to %s, not to its stored hash %s (a line changed)", h,
					 hash));
		else if (strcmp(link, prev))
			bad(v, "dokumen", id,
			    arena_printf(a, "its chain link %s is not the previous locked version's hash %s",
					 *link ? link : "(none)", *prev ? prev : "(none)"));
		else if (strcmp(nlock, "1"))
			bad(v, "dokumen", id, arena_printf(a, "it has %s lock events, not one", nlock));
		else if (strcmp(event, hash))
			bad(v, "dokumen", id,
			    arena_printf(a, "its lock event recorded hash %s, the version has %s",
					 *event ? event : "(none)", hash));
	}
	PQclear(r);
	return e;
}

/*
 * Where the lines of a locked APBD or DPA come from is not in its canonical text, so no hash or
 * checkpoint covers it: every such line is held against its source line, in one statement. It runs
 * after the checkpoints, so a source changed and re-hashed is named itself, not the copy that now differs.
 */
static pagu_err sources(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_V_DOKUMEN_ASAL, p, &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r))
		bad(v, "dokumen", arena_strdup(a, PQgetvalue(r, 0, 0)), arena_strdup(a, PQgetvalue(r, 0, 1)));
	PQclear(r);
	return PAGU_OK;
}

static pagu_err quarters_and_evaluations(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_V_TRIWULAN, p, &r);
	if (e != PAGU_OK)
		return e;
	v->triwulan = PQntuples(r);
	for (int i = 0; i < PQntuples(r) && v->ok; i++)
		if (strcmp(PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)))
			bad(v, "triwulan", arena_strdup(a, PQgetvalue(r, i, 0)),
			    arena_printf(a, "its figures hash to %s, not to the seal %s made when it closed",
					 PQgetvalue(r, i, 2), PQgetvalue(r, i, 1)));
	PQclear(r);
	if ((e = db_exec_id(db, STMT_V_PEMERIKSAAN, p, &r)) != PAGU_OK)
		return e;
	v->pemeriksaan = PQntuples(r);
	for (int i = 0; i < PQntuples(r) && v->ok; i++)
		if (strcmp(PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)))
			bad(v, "pemeriksaan", arena_strdup(a, PQgetvalue(r, i, 0)),
			    arena_printf(a, "its %s hash to %s, not to its stored hash %s",
					 !strcmp(PQgetvalue(r, i, 3), "2") ? "findings, signer and signing time"
									   : "findings",
					 PQgetvalue(r, i, 2), PQgetvalue(r, i, 1)));
	PQclear(r);
	return PAGU_OK;
}

static pagu_err cash_plans(struct db *db, struct arena *a, const char *pemda, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_V_KANTONG_N, p, &r);
	if (e != PAGU_OK)
		return e;
	v->kantong = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	if ((e = db_exec_id(db, STMT_V_KAS, p, &r)) != PAGU_OK)
		return e;
	if (PQntuples(r)) {
		const char *id = arena_strdup(a, PQgetvalue(r, 0, 0));
		if (strcmp(PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2)))
			bad(v, "kantong", id,
			    arena_printf(a, "its DPA is %s, but its OPD's latest locked DPA is %s", PQgetvalue(r, 0, 1),
					 PQgetvalue(r, 0, 2)));
		else
			bad(v, "kantong", id,
			    arena_printf(a, "its anggaran kas %s is not its DPA lines' anggaran kas %s",
					 PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4)));
	}
	PQclear(r);
	return PAGU_OK;
}

/* Whether two checkpoints are the same signed statement. */
static bool same(const struct checkpoint *x, const struct checkpoint *y)
{
	return x->urutan == y->urutan && !strcmp(x->checkpoint, y->checkpoint) && !strcmp(x->tanda, y->tanda) &&
	       !strcmp(x->kunci, y->kunci);
}

/*
 * A checkpoint kept outside (@where) that the database does not hold as kept: the item named when it
 * no longer has the hash that was signed, otherwise the checkpoint itself.
 */
static pagu_err outside_mismatch(struct db *db, struct arena *a, const char *pemda, const struct checkpoint *c,
				 const char *where, bool in_db, struct verify_report *v)
{
	const char *p[] = { pemda, c->jenis, arena_printf(a, "%" PRId64, c->nomor) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_CP_ITEM, p, &r);
	if (e != PAGU_OK)
		return e;
	const char *lost = in_db ? arena_printf(a,
						"the database's checkpoint %" PRId64 " is a different one, signed "
						"again (the key was used outside this server?)",
						c->urutan)
				 : "the database no longer has that checkpoint";
	if (!PQntuples(r))
		bad(v, c->jenis, c->ref,
		    arena_printf(a,
				 "signed in checkpoint %" PRId64 " kept in %s, it no longer exists (or is no longer "
				 "locked, closed or signed); %s",
				 c->urutan, where, lost));
	else if (strcmp(PQgetvalue(r, 0, 0), c->hash) || strcmp(PQgetvalue(r, 0, 1), c->detail))
		bad(v, c->jenis, c->ref,
		    arena_printf(a,
				 "its hash %s (%s) is not the hash %s (%s) signed in checkpoint %" PRId64
				 " kept in %s; %s",
				 PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), c->hash, c->detail, c->urutan, where, lost));
	else
		bad(v, "checkpoint", arena_printf(a, "%" PRId64, c->urutan),
		    arena_printf(a, "%s has checkpoint %" PRId64 " and %s", where, c->urutan, lost));
	PQclear(r);
	return PAGU_OK;
}

static int by_urutan(const void *x, const void *y)
{
	const struct checkpoint *const *a = x, *const *b = y;
	return (*a)->urutan < (*b)->urutan ? -1 : (*a)->urutan > (*b)->urutan;
}

static pagu_err compare_log(struct db *db, struct arena *a, const char *pemda, const char *key,
			    const struct checkpoint *dbc, size_t ndb, const struct verify_copy *log,
			    struct verify_report *v)
{
	if (!log->present) {
		if (ndb)
			bad(v, "log", "", "the checkpoint log is missing, so nothing outside the database backs it");
		return PAGU_OK;
	}
	if (log->malformed) {
		bad(v, "log", "", arena_printf(a, "the checkpoint log's %s", log->malformed));
		return PAGU_OK;
	}
	const struct checkpoint **mine = arena_alloc(a, sizeof(*mine) * (log->n + 1));
	size_t n = 0;
	for (size_t i = 0; i < log->n; i++)
		if (!strcmp(log->items[i].pemda, pemda))
			mine[n++] = &log->items[i];
	v->log = (long)n;
	for (size_t i = 0; i < n && v->ok; i++) {
		const char *why = checkpoint_check(a, mine[i], key);
		if (why)
			bad(v, "log", arena_printf(a, "%" PRId64, mine[i]->urutan),
			    arena_printf(a, "the log's line of checkpoint %" PRId64 ": %s", mine[i]->urutan, why));
	}
	if (!v->ok)
		return PAGU_OK;
	qsort(mine, n, sizeof(*mine), by_urutan);
	int64_t want = 1;
	for (size_t i = 0; i < n && v->ok; i++) {
		const struct checkpoint *c = mine[i];
		if (i && c->urutan == mine[i - 1]->urutan) {
			if (!same(c, mine[i - 1]))
				bad(v, "log", arena_printf(a, "%" PRId64, c->urutan),
				    arena_printf(a,
						 "the log has two different checkpoints numbered %" PRId64
						 " (the key signed twice)",
						 c->urutan));
			continue; /* the same line twice: a second server appended it again */
		}
		if (c->urutan != want) {
			bad(v, "log", arena_printf(a, "%" PRId64, want),
			    arena_printf(a,
					 "checkpoint %" PRId64 " is missing from the log (it goes on at %" PRId64
					 "): lines were removed",
					 want, c->urutan));
			break;
		}
		want++;
		if ((size_t)c->urutan > ndb || !same(c, &dbc[c->urutan - 1])) {
			pagu_err e = outside_mismatch(db, a, pemda, c, "the log", (size_t)c->urutan <= ndb, v);
			if (e != PAGU_OK)
				return e;
		}
	}
	if (v->ok && (int64_t)ndb >= want)
		v->belum_di_log = (long)((int64_t)ndb - want + 1);
	return PAGU_OK;
}

static pagu_err compare_klien(struct db *db, struct arena *a, const char *pemda, const char *key,
			      const struct checkpoint *dbc, size_t ndb, const struct verify_copy *k,
			      struct verify_report *v)
{
	if (k->malformed) {
		bad(v, "klien", "", arena_printf(a, "the client's copy's %s", k->malformed));
		return PAGU_OK;
	}
	for (size_t i = 0; i < k->n && v->ok; i++) {
		const struct checkpoint *c = &k->items[i];
		if (strcmp(c->pemda, pemda))
			continue;
		v->klien++;
		const char *why = checkpoint_check(a, c, key);
		if (why) {
			bad(v, "klien", arena_printf(a, "%" PRId64, c->urutan),
			    arena_printf(a, "the kept checkpoint %" PRId64 ": %s", c->urutan, why));
			break;
		}
		if ((size_t)c->urutan > ndb || !same(c, &dbc[c->urutan - 1])) {
			pagu_err e =
				outside_mismatch(db, a, pemda, c, "the client's copy", (size_t)c->urutan <= ndb, v);
			if (e != PAGU_OK)
				return e;
		}
	}
	return PAGU_OK;
}

static pagu_err checkpoints(struct db *db, struct arena *a, const char *pemda, const char *key,
			    const struct verify_copy *log, const struct verify_copy *klien, struct verify_report *v)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_CP_V_SEMUA, p, &r);
	if (e != PAGU_OK)
		return e;
	size_t n = (size_t)PQntuples(r);
	struct checkpoint *c = arena_alloc(a, sizeof(*c) * (n + 1));
	v->checkpoint = (long)n;
	const char *prev = "";
	for (size_t i = 0; i < n && v->ok; i++) {
		checkpoint_from_row(a, r, (int)i, pemda, &c[i]);
		const char *id = arena_printf(a, "%" PRId64, c[i].urutan);
		const char *why;
		if (c[i].urutan != (int64_t)i + 1) {
			bad(v, "checkpoint", arena_printf(a, "%zu", i + 1),
			    arena_printf(a, "checkpoint %zu is missing (the chain goes on at %" PRId64 ")", i + 1,
					 c[i].urutan));
		} else if (strcmp(c[i].sebelum, prev)) {
			bad(v, "checkpoint", id, "it does not chain to the checkpoint before it");
		} else if ((why = checkpoint_check(a, &c[i], key))) {
			bad(v, "checkpoint", id, why);
		} else if (PQgetisnull(r, (int)i, 11)) {
			bad(v, c[i].jenis, c[i].ref,
			    arena_printf(a,
					 "signed in checkpoint %s, it no longer exists (or is no longer locked, "
					 "closed or signed)",
					 id));
		} else if (strcmp(PQgetvalue(r, (int)i, 11), c[i].hash)) {
			bad(v, c[i].jenis, c[i].ref,
			    arena_printf(a, "its hash %s is not the hash %s signed in checkpoint %s at %s",
					 PQgetvalue(r, (int)i, 11), c[i].hash, id, c[i].waktu));
		} else if (strcmp(PQgetvalue(r, (int)i, 12), c[i].detail)) {
			bad(v, c[i].jenis, c[i].ref,
			    arena_printf(a,
					 "its version, signer and signing time (%s) are not those signed in checkpoint "
					 "%s (%s)",
					 PQgetvalue(r, (int)i, 12), id, c[i].detail));
		}
		prev = c[i].checkpoint;
	}
	PQclear(r);
	if (!v->ok)
		return PAGU_OK;
	if (n) {
		v->checkpoint_terakhir = c[n - 1].urutan;
		snprintf(v->checkpoint_hash, sizeof(v->checkpoint_hash), "%s", c[n - 1].checkpoint);
	}
	if ((e = db_exec_id(db, STMT_CP_V_BELUM, p, &r)) != PAGU_OK)
		return e;
	v->belum_ditandatangani = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	if ((e = compare_log(db, a, pemda, key, c, n, log, v)) != PAGU_OK || !v->ok)
		return e;
	return compare_klien(db, a, pemda, key, c, n, klien, v);
}

pagu_err verify_all(struct db *db, struct arena *a, const char *pemda, const char *trusted_key,
		    const struct verify_copy *log, const struct verify_copy *klien, struct verify_report *out)
{
	struct verify_report v = { .ok = true };
	pagu_err e = ledger_verify(db, a, pemda, &v.ledger);
	if (e != PAGU_OK)
		return e;
	if (!v.ledger.ok)
		bad(&v, v.ledger.rusak_jenis,
		    v.ledger.rusak_opd ? arena_printf(a, "%lld/%s", (long long)v.ledger.rusak_id, v.ledger.rusak_opd)
				       : arena_printf(a, "%lld", (long long)v.ledger.rusak_id),
		    v.ledger.alasan);
	if (v.ok && (e = documents(db, a, pemda, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = quarters_and_evaluations(db, a, pemda, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = cash_plans(db, a, pemda, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = checkpoints(db, a, pemda, trusted_key, log, klien, &v)) != PAGU_OK)
		return e;
	if (v.ok && (e = sources(db, a, pemda, &v)) != PAGU_OK)
		return e;
	*out = v;
	return PAGU_OK;
}
