/* audit.c - the audit trail, read from the idempotency records (migrations/0015_audit.sql). */
#include "audit.h"

#include "sqlutil.h"

enum { Q_LIST, Q_N };
static const struct stmt q[Q_N] = {
	/* pemda $1 after audit_id $2: token $3, from day $4 to day $5 (WIB), $6 rows */
	[Q_LIST] = { "audit_list",
		     "SELECT i.audit_id AS cursor, jsonb_build_object('audit_id', i.audit_id, 'waktu',"
		     " to_char(i.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'token_id', "
		     "i.token_id,"
		     " 'token_nama', t.nama, 'peran', t.peran, 'opd_kode', t.opd_kode, 'metode', i.metode,"
		     " 'jalur', i.jalur, 'status', i.status, 'kunci', i.kunci, 'pengguna', CASE WHEN p.pengguna_id"
		     " IS NOT NULL THEN jsonb_build_object('id', p.pengguna_id, 'nama', p.nama, 'nip', p.nip,"
		     " 'jabatan', p.jabatan) END) AS item"
		     " FROM idempotency_key i JOIN api_token t USING (pemda_id, token_id)"
		     " LEFT JOIN pengguna p ON p.pemda_id = t.pemda_id AND p.pengguna_id = t.pengguna_id"
		     " WHERE i.pemda_id = $1 AND i.audit_id > $2::bigint"
		     " AND ($3::bigint IS NULL OR i.token_id = $3::bigint)"
		     " AND ($4::date IS NULL OR i.dibuat >= $4::date::timestamp AT TIME ZONE 'Asia/Jakarta')"
		     " AND ($5::date IS NULL OR i.dibuat < ($5::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta')"
		     " ORDER BY i.audit_id LIMIT $6::int",
		     6, page_row__cols },
};
const struct stmt_area stmt_area_audit = { "audit", q, Q_N };

pagu_err audit_list(struct db *db, struct arena *a, const char *pemda, const struct audit_filter *f,
		    struct json_page *out)
{
	const char *p[] = { pemda,
			    arena_printf(a, "%lld", (long long)f->after),
			    f->token ? arena_printf(a, "%lld", (long long)f->token) : NULL,
			    f->dari,
			    f->sampai,
			    arena_printf(a, "%ld", f->limit + 1) };
	return db_json_page(db, a, &q[Q_LIST], DB_P(p), f->limit, out);
}
