-- procedures/token.sql - what stays of an API token once revoked (issue 19).
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- A revoked token stays revoked: since the server's role may stamp dicabut (migration 0029), a
-- revocation is never undone nor moved, whoever asks (the superuser included; triggers hold for it).
CREATE OR REPLACE FUNCTION pagu_api_token_tetap_dicabut() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.dicabut IS NOT NULL AND NEW.dicabut IS DISTINCT FROM OLD.dicabut THEN
		RAISE EXCEPTION 'TOKEN_TETAP_DICABUT' USING ERRCODE = 'P9409', DETAIL = '/dicabut',
			HINT = json_build_object('id', OLD.token_id)::text;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION pagu_api_token_tetap_dicabut() IS 'Trigger function: a revoked API token stays revoked, at the time it was revoked.';

CREATE OR REPLACE TRIGGER api_token_tetap_dicabut BEFORE UPDATE OF dicabut ON api_token
	FOR EACH ROW EXECUTE FUNCTION pagu_api_token_tetap_dicabut();
