-- 0029_token_admin.sql (issue 19): an admin creates and revokes API tokens over the API, so the
-- server's role may insert a token (its hash, never the token) and stamp when it was revoked;
-- nothing else of a token row changes.

GRANT INSERT (pemda_id, nama, peran, opd_kode, hash) ON api_token TO pagu_app;
GRANT UPDATE (dicabut) ON api_token TO pagu_app;
