-- 0012_posting_speed.sql: the same answers from a posting, for less of PostgreSQL's time.
--
-- Measured with pg_stat_statements under ./run bench's load (see the note of issue 8): a posting
-- spent most of its time planning SQL-language functions again on every call. PostgreSQL 15 keeps
-- no plan for a SQL function called from PL/pgSQL, and inlines one only when its body is a bare
-- expression (or, for a set-returning one, a single SELECT) no more volatile than it is declared:
--   * pagu_uang and the two canonical-text formatters call to_char and concat_ws, which are STABLE,
--     so declaring them IMMUTABLE kept them from being inlined (27 calls of to_char a posting, each
--     a query of its own). Declared STABLE they are inlined; the text, and so every hash, is the same.
--   * the answer of a posting and a pocket's JSON have subqueries, so they are never inlined: as
--     PL/pgSQL their plans are cached per session.
--   * the facts of a posting's rules summed each pocket's anggaran kas with a subquery over
--     unnest(); the pocket now keeps its running sums (kas_kumulatif), and the function is one
--     SELECT again, which PostgreSQL inlines into the caller's statement.
-- Since issue 17 its functions and triggers are defined once, in
-- migrations/procedures/ledger.sql, migrations/procedures/rules.sql.

-- A pocket's anggaran kas to the end of each month, kept with the pocket (a subquery over unnest()
-- summing it cost half a millisecond a posting for an OPD's 245 pockets, and the same sum as an
-- expression still a fifth of one).
ALTER TABLE kantong ADD COLUMN kas_kumulatif numeric(20, 2)[] GENERATED ALWAYS AS (ARRAY[
	kas[1],
	kas[1]+kas[2],
	kas[1]+kas[2]+kas[3],
	kas[1]+kas[2]+kas[3]+kas[4],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9]+kas[10],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9]+kas[10]+kas[11],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9]+kas[10]+kas[11]+kas[12]
]) STORED;
COMMENT ON COLUMN kantong.kas_kumulatif IS 'The anggaran kas from January to the end of each month (kas_kumulatif[m] = kas[1] + ... + kas[m]).';
