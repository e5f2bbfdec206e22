/* ledger.c - the execution ledger: one procedure call per posting, seals, verification. */
#include "ledger.h"

#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merkle.h"
#include "money.h"

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

/* PostgreSQL array literals of the lines' pockets and amounts. */
static void arrays(struct arena *a, const struct ledger_op *op, const char **ids, const char **amounts)
{
	size_t cap = 3 + (size_t)op->nbaris * (MONEY_STR_MAX + 1);
	char *k = arena_alloc(a, cap), *j = arena_alloc(a, cap);
	size_t ko = 0, jo = 0;
	k[ko++] = '{';
	j[jo++] = '{';
	for (int i = 0; i < op->nbaris; i++) {
		char buf[MONEY_STR_MAX];
		money_format(op->baris[i].jumlah, buf);
		ko += (size_t)snprintf(k + ko, cap - ko, "%s%lld", i ? "," : "", (long long)op->baris[i].kantong_id);
		jo += (size_t)snprintf(j + jo, cap - jo, "%s%s", i ? "," : "", buf);
	}
	snprintf(k + ko, cap - ko, "}");
	snprintf(j + jo, cap - jo, "}");
	*ids = k;
	*amounts = j;
}

pagu_err ledger_post(struct db *db, struct arena *a, const char *pemda, const struct ledger_op *op, int64_t token,
		     const char **json, struct pagu_fault *f)
{
	const char *tok = token > 0 ? num(a, token) : NULL, *tahun = num(a, op->tahun), *ids, *amounts;
	arrays(a, op, &ids, &amounts);
	enum stmt_id id;
	const char *p[9];
	if (!strcmp(op->jenis, "spd")) {
		char buf[MONEY_STR_MAX];
		money_format(op->jumlah, buf);
		const char *q[] = {
			pemda, tahun, op->opd_kode, op->nomor, op->tanggal, num(a, op->spd_bulan), arena_strdup(a, buf),
			tok
		};
		memcpy(p, q, sizeof(q));
		id = STMT_LEDGER_SPD;
	} else if (!strcmp(op->jenis, "spm") || !strcmp(op->jenis, "sts")) {
		const char *q[] = { pemda, tahun, op->opd_kode, op->nomor, op->tanggal, ids, amounts, tok };
		memcpy(p, q, sizeof(q));
		id = !strcmp(op->jenis, "spm") ? STMT_LEDGER_SPM : STMT_LEDGER_STS;
	} else if (!strcmp(op->jenis, "sp2d")) {
		const char *q[] = { pemda,     tahun,	    op->opd_kode,
				    op->nomor, op->tanggal, op->ref_id ? num(a, op->ref_id) : NULL,
				    ids,       amounts,	    tok };
		memcpy(p, q, sizeof(q));
		id = STMT_LEDGER_SP2D;
	} else if (!strcmp(op->jenis, "void")) {
		const char *q[] = { pemda, num(a, op->ref_id), op->tanggal, op->alasan, tok };
		memcpy(p, q, sizeof(q));
		id = STMT_LEDGER_VOID;
	} else if (!strcmp(op->jenis, "koreksi")) {
		const char *q[] = { pemda, num(a, op->ref_id), op->nomor, op->tanggal, op->alasan, tok };
		memcpy(p, q, sizeof(q));
		id = STMT_LEDGER_KOREKSI;
	} else {
		return PAGU_E_INVALID;
	}
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, id, p, &r);
	if (e != PAGU_OK) {
		if (e == PAGU_E_DB && !strcmp(db->sqlstate, "23505")) {
			/* two requests raced for one document number, or to resolve one SPM */
			f->message = "the document number, or the SPM or entry it acts on, was taken by a concurrent "
				     "request";
			f->field = op->nomor ? "/nomor" : "/spm_id";
			return PAGU_E_CONFLICT;
		}
		if (e == PAGU_E_DB && (!strcmp(db->sqlstate, "22003") ||
				       (!strcmp(db->sqlstate, "23514") && strstr(db->errmsg, "_batas\"")))) {
			/* a running balance past what pagu carries (migration 0020's bounds) */
			f->message =
				"the entry would take a pocket's or the OPD's running total beyond what pagu can carry";
			f->field = !strcmp(op->jenis, "spd") ? "/jumlah" : "/baris";
			return PAGU_E_OVERFLOW;
		}
		return db_fault(db, a, e, f);
	}
	*json = arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	return PAGU_OK;
}

/* A PostgreSQL array literal element: quoted, with " and \\ escaped. */
static size_t quote_elem(char *out, const char *s)
{
	size_t o = 0;
	out[o++] = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o++] = '"';
	return o;
}

pagu_err ledger_sp2d_set(struct db *db, struct arena *a, const char *pemda, const struct ledger_op *const *ops,
			 size_t n, int64_t token, const char **json)
{
	*json = NULL;
	size_t nlines = 0, textcap = 3;
	for (size_t i = 0; i < n; i++) {
		nlines += (size_t)ops[i]->nbaris;
		textcap += 2 * strlen(ops[i]->nomor ? ops[i]->nomor : "") + 2 * strlen(ops[i]->opd_kode) + 8;
	}
	size_t cap_op = 3 + n * 24, cap_line = 3 + nlines * (MONEY_STR_MAX + 24);
	char *tahun = arena_alloc(a, cap_op), *tanggal = arena_alloc(a, cap_op), *opd = arena_alloc(a, textcap),
	     *nomor = arena_alloc(a, textcap), *op = arena_alloc(a, cap_line), *kantong = arena_alloc(a, cap_line),
	     *jumlah = arena_alloc(a, cap_line);
	size_t ty = 0, tg = 0, od = 0, no = 0, oo = 0, ko = 0, jo = 0;
	tahun[ty++] = tanggal[tg++] = opd[od++] = nomor[no++] = op[oo++] = kantong[ko++] = jumlah[jo++] = '{';
	for (size_t i = 0; i < n; i++) {
		const struct ledger_op *x = ops[i];
		const char *sep = i ? "," : "";
		ty += (size_t)snprintf(tahun + ty, cap_op - ty, "%s%d", sep, x->tahun);
		tg += (size_t)snprintf(tanggal + tg, cap_op - tg, "%s%.10s", sep, x->tanggal);
		if (i) {
			opd[od++] = ',';
			nomor[no++] = ',';
		}
		od += quote_elem(opd + od, x->opd_kode);
		if (x->nomor)
			no += quote_elem(nomor + no, x->nomor);
		else
			no += (size_t)snprintf(nomor + no, textcap - no, "NULL");
		for (int j = 0; j < x->nbaris; j++) {
			const char *lsep = oo > 1 ? "," : "";
			char buf[MONEY_STR_MAX];
			money_format(x->baris[j].jumlah, buf);
			oo += (size_t)snprintf(op + oo, cap_line - oo, "%s%zu", lsep, i + 1);
			ko += (size_t)snprintf(kantong + ko, cap_line - ko, "%s%lld", lsep,
					       (long long)x->baris[j].kantong_id);
			jo += (size_t)snprintf(jumlah + jo, cap_line - jo, "%s%s", lsep, buf);
		}
	}
	snprintf(tahun + ty, cap_op - ty, "}");
	snprintf(tanggal + tg, cap_op - tg, "}");
	snprintf(opd + od, textcap - od, "}");
	snprintf(nomor + no, textcap - no, "}");
	snprintf(op + oo, cap_line - oo, "}");
	snprintf(kantong + ko, cap_line - ko, "}");
	snprintf(jumlah + jo, cap_line - jo, "}");
	const char *p[] = { pemda, tahun, opd, nomor, tanggal, op, kantong, jumlah, token > 0 ? num(a, token) : NULL };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_LEDGER_SP2D_SET, p, &r);
	if (e != PAGU_OK)
		return e;
	if (!PQgetisnull(r, 0, 0))
		*json = arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	return PAGU_OK;
}

static const char *seal_hash(struct arena *a, const char *pemda, int id, long n, const char *root, const char *prev,
			     char out[HASH_HEX_LEN + 1])
{
	const char *text = arena_printf(a, "pagu-segel-v1|%s|%d|%ld|%s|%s", pemda, id, n, root, prev ? prev : "");
	hash_sha256_hex(text, strlen(text), out);
	return out;
}

pagu_err ledger_entri(struct db *db, struct arena *a, const char *pemda, int64_t id, const char **json)
{
	const char *p[] = { pemda, num(a, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec_id(db, STMT_LEDGER_JAWAB, p, &r);
	if (e != PAGU_OK)
		return e;
	if (PQgetisnull(r, 0, 0)) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	const char *entry = arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	/* the proof: the seal's members' hashes, the path from this one to the root */
	if ((e = db_exec_id(db, STMT_LEDGER_SEGEL_ANGGOTA, p, &r)) != PAGU_OK)
		return e;
	size_t n = (size_t)PQntuples(r), at = 0;
	if (!n) {
		PQclear(r);
		*json = arena_printf(a, "{\"entri\":%s,\"bukti\":null}", entry);
		return PAGU_OK;
	}
	const char **leaves = arena_alloc(a, sizeof(*leaves) * n);
	for (size_t i = 0; i < n; i++) {
		leaves[i] = arena_strdup(a, PQgetvalue(r, (int)i, 1));
		if (strtoll(PQgetvalue(r, (int)i, 0), NULL, 10) == id)
			at = i;
	}
	PQclear(r);
	struct merkle_step *steps;
	size_t ns;
	merkle_proof(a, leaves, n, at, &steps, &ns);
	char root[HASH_HEX_LEN + 1];
	merkle_root(leaves, n, root);
	const char *path = "[";
	for (size_t i = 0; i < ns; i++)
		path = arena_printf(a, "%s%s{\"sibling\":\"%s\",\"side\":\"%s\"}", path, i ? "," : "", steps[i].sibling,
				    steps[i].left ? "left" : "right");
	path = arena_printf(a, "%s]", path);
	*json = arena_printf(a,
			     "{\"entri\":%s,\"bukti\":{\"leaf\":\"%s\",\"index\":%zu,\"leaves\":%zu,\"path\":%s,"
			     "\"root\":\"%s\"}}",
			     entry, leaves[at], at, n, path, root);
	return PAGU_OK;
}

static const char *seal_json(struct arena *a, PGresult *r)
{
	if (!PQntuples(r))
		return "null";
	return arena_printf(
		a,
		"{\"segel_id\":%s,\"jumlah_entri\":%s,\"akar\":\"%s\",\"hash_sebelum\":%s%s%s,\"hash\":\"%s\","
		"\"dibuat\":\"%s\"}",
		PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3)[0] ? "\"" : "",
		PQgetvalue(r, 0, 3)[0] ? PQgetvalue(r, 0, 3) : "null", PQgetvalue(r, 0, 3)[0] ? "\"" : "",
		PQgetvalue(r, 0, 4), PQgetvalue(r, 0, 5));
}

pagu_err ledger_segel(struct db *db, struct arena *a, const char *pemda, const char **json)
{
	const char *p1[] = { pemda };
	pagu_err e = db_exec_cmd_id(db, STMT_LEDGER_SEGEL_LOCK, p1);
	if (e != PAGU_OK)
		return e;
	const char *p2[] = { pemda, NULL };
	PGresult *last = NULL, *open = NULL;
	if ((e = db_exec_id(db, STMT_LEDGER_SEGEL_GET, p2, &last)) != PAGU_OK)
		return e;
	if ((e = db_exec_id(db, STMT_LEDGER_BELUM_DISEGEL, p1, &open)) != PAGU_OK) {
		PQclear(last);
		return e;
	}
	size_t n = (size_t)PQntuples(open);
	if (n == 0) {
		*json = seal_json(a, last);
		PQclear(last);
		PQclear(open);
		return PAGU_OK;
	}
	int id = PQntuples(last) ? atoi(PQgetvalue(last, 0, 0)) + 1 : 1;
	const char *prev = PQntuples(last) ? arena_strdup(a, PQgetvalue(last, 0, 4)) : NULL;
	PQclear(last);
	const char **leaves = arena_alloc(a, sizeof(*leaves) * n);
	size_t cap = n * 21 + 3, o = 0;
	char *ids = arena_alloc(a, cap);
	ids[o++] = '{';
	for (size_t i = 0; i < n; i++) {
		leaves[i] = arena_strdup(a, PQgetvalue(open, (int)i, 1));
		o += (size_t)snprintf(ids + o, cap - o, "%s%s", i ? "," : "", PQgetvalue(open, (int)i, 0));
	}
	snprintf(ids + o, cap - o, "}");
	PQclear(open);
	char root[HASH_HEX_LEN + 1], h[HASH_HEX_LEN + 1];
	merkle_root(leaves, n, root);
	seal_hash(a, pemda, id, (long)n, root, prev, h);
	const char *p3[] = { pemda, num(a, id), num(a, (int64_t)n), root, prev, h, ids };
	if ((e = db_exec_cmd_id(db, STMT_LEDGER_SEGEL_PUT, p3)) != PAGU_OK)
		return e;
	const char *p4[] = { pemda, num(a, id) };
	if ((e = db_exec_id(db, STMT_LEDGER_SEGEL_GET, p4, &last)) != PAGU_OK)
		return e;
	*json = seal_json(a, last);
	PQclear(last);
	return PAGU_OK;
}

static void bad(struct ledger_verify *v, const char *what, int64_t id, const char *why)
{
	if (!v->ok)
		return;
	v->ok = false;
	v->rusak_jenis = what;
	v->rusak_id = id;
	v->alasan = why;
}

/* The recomputed hash of entry @id, by binary search over the rows (ordered by id); NULL when absent. */
static const char *hash_of(PGresult *r, int64_t id)
{
	int lo = 0, hi = PQntuples(r) - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int64_t x = strtoll(PQgetvalue(r, mid, 0), NULL, 10);
		if (x == id)
			return PQgetvalue(r, mid, 2);
		if (x < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

pagu_err ledger_verify(struct db *db, struct arena *a, const char *pemda, struct ledger_verify *out)
{
	struct ledger_verify v = { .ok = true };
	const char *p[] = { pemda };
	PGresult *ent = NULL, *seg = NULL, *mem = NULL, *r = NULL;
	pagu_err e;
	if ((e = db_exec_id(db, STMT_LEDGER_V_ENTRI, p, &ent)) != PAGU_OK)
		return e;
	/* every entry: its stored hash is the hash of its content */
	v.entri = PQntuples(ent);
	for (int i = 0; i < PQntuples(ent); i++) {
		if (strcmp(PQgetvalue(ent, i, 1), PQgetvalue(ent, i, 2)))
			bad(&v, "entri", strtoll(PQgetvalue(ent, i, 0), NULL, 10),
			    "its hash does not match its content (amount, pocket, date or number changed)");
		v.belum_disegel += PQgetisnull(ent, i, 3);
	}
	if ((e = db_exec_id(db, STMT_LEDGER_V_SEGEL, p, &seg)) != PAGU_OK)
		goto out;
	if ((e = db_exec_id(db, STMT_LEDGER_V_ANGGOTA, p, &mem)) != PAGU_OK)
		goto out;
	/* every seal: its members exist, their recomputed hashes give its root, it chains */
	v.segel = PQntuples(seg);
	int m = 0, nmem = PQntuples(mem);
	const char *prev = "";
	for (int s = 0; s < PQntuples(seg); s++) {
		int sid = atoi(PQgetvalue(seg, s, 0));
		long count = atol(PQgetvalue(seg, s, 1));
		int start = m;
		while (m < nmem && atoi(PQgetvalue(mem, m, 0)) == sid)
			m++;
		const char **leaves = arena_alloc(a, sizeof(*leaves) * (size_t)(m - start + 1));
		for (int k = start; k < m; k++) {
			int64_t eid = strtoll(PQgetvalue(mem, k, 1), NULL, 10);
			const char *h = PQgetvalue(mem, k, 2)[0] == 't' ? hash_of(ent, eid) : NULL;
			if (!h) {
				bad(&v, "segel", sid,
				    arena_printf(a, "entry %lld sealed in it is missing", (long long)eid));
				h = "";
			}
			leaves[k - start] = h;
		}
		char root[HASH_HEX_LEN + 1], h[HASH_HEX_LEN + 1];
		if (v.ok && count != m - start)
			bad(&v, "segel", sid, "it seals a different number of entries than it says");
		if (v.ok) {
			merkle_root(leaves, (size_t)(m - start), root);
			if (strcmp(root, PQgetvalue(seg, s, 2)))
				bad(&v, "segel", sid, "its Merkle root does not match its entries");
		}
		if (v.ok && strcmp(prev, PQgetvalue(seg, s, 3)))
			bad(&v, "segel", sid, "it does not chain to the previous seal");
		seal_hash(a, pemda, sid, count, PQgetvalue(seg, s, 2), s ? prev : NULL, h);
		if (v.ok && strcmp(h, PQgetvalue(seg, s, 4)))
			bad(&v, "segel", sid, "its hash does not match its content");
		prev = PQgetvalue(seg, s, 4);
		v.segel_terakhir = sid;
		snprintf(v.segel_hash, sizeof(v.segel_hash), "%s", prev);
	}
	/* balances: each pocket's equal the sums of its entries, its allocation its DPA's */
	if ((e = db_exec_id(db, STMT_LEDGER_V_KANTONG, p, &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r))
		bad(&v, "kantong", strtoll(PQgetvalue(r, 0, 0), NULL, 10),
		    arena_printf(a, "its balances (pending %s, realisasi %s) are not the sums of its entries (%s, %s)",
				 PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4)));
	PQclear(r);
	r = NULL;
	if ((e = db_exec_id(db, STMT_LEDGER_V_BULAN, p, &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r))
		bad(&v, "kantong", strtoll(PQgetvalue(r, 0, 0), NULL, 10),
		    arena_printf(a, "its realisasi of month %s (%s) is not the sum of its entries of that month (%s)",
				 PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3)));
	PQclear(r);
	r = NULL;
	if ((e = db_exec_id(db, STMT_LEDGER_V_ALOKASI, p, &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r))
		bad(&v, "kantong", strtoll(PQgetvalue(r, 0, 0), NULL, 10),
		    arena_printf(a, "its allocation %s is not what its DPA gives it", PQgetvalue(r, 0, 1)));
	PQclear(r);
	r = NULL;
	if ((e = db_exec_id(db, STMT_LEDGER_V_OPD, p, &r)) != PAGU_OK)
		goto out;
	if (PQntuples(r) && v.ok) {
		bad(&v, "opd_saldo", atoi(PQgetvalue(r, 0, 1)), "its SPD or SP2D total is not the sum of its entries");
		v.rusak_opd = arena_strdup(a, PQgetvalue(r, 0, 0));
	}
	*out = v;
out:
	PQclear(ent);
	PQclear(seg);
	PQclear(mem);
	PQclear(r);
	return e;
}
