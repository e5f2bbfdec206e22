-- procedures/common.sql - what every area uses: the append-only trigger function and pagu_append_only, which installs it on a table.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

CREATE OR REPLACE FUNCTION pagu_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'P0001', HINT = 'Record a correction as a new row or a new version instead.';
END
$$;
COMMENT ON FUNCTION pagu_reject_change() IS
	'Trigger function for append-only tables: rejects UPDATE, DELETE and TRUNCATE for every role, the owner and superusers included.';

-- The one way an append-only table gets its triggers. p_rows says which row changes are refused:
-- 'append_only' UPDATE and DELETE (trigger <table>_append_only), 'no_delete' DELETE only
-- (<table>_no_delete; the table's own trigger or privileges guard its updates), 'no_truncate' none
-- (the table's own row trigger guards it); TRUNCATE is refused always (<table>_no_truncate).
-- The names and definitions are those the numbered migrations wrote by hand before issue 17.
CREATE OR REPLACE PROCEDURE pagu_append_only(p_table regclass, p_rows text)
LANGUAGE plpgsql AS $$
DECLARE
	rel text := (SELECT c.relname FROM pg_class c WHERE c.oid = p_table);
BEGIN
	IF p_rows = 'append_only' THEN
		EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE OR DELETE ON %s'
			' FOR EACH ROW EXECUTE FUNCTION pagu_reject_change()', rel || '_append_only', p_table);
	ELSIF p_rows = 'no_delete' THEN
		EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE DELETE ON %s'
			' FOR EACH ROW EXECUTE FUNCTION pagu_reject_change()', rel || '_no_delete', p_table);
	ELSIF p_rows IS DISTINCT FROM 'no_truncate' THEN
		RAISE EXCEPTION 'pagu_append_only: unknown mode %', p_rows;
	END IF;
	EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON %s'
		' FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change()', rel || '_no_truncate', p_table);
END
$$;
COMMENT ON PROCEDURE pagu_append_only(regclass, text) IS
	'Installs the triggers that make a table append-only (p_rows: append_only, no_delete or no_truncate).';
