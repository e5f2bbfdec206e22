-- 0003_api.sql: bearer tokens, idempotency records, OPD versions and their audit trail.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/opd.sql.

CREATE TABLE api_token (
	pemda_id     text NOT NULL REFERENCES pemda,
	token_id     bigint GENERATED ALWAYS AS IDENTITY,
	nama         text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
	peran        text NOT NULL CHECK (peran IN ('planner', 'finance', 'revenue', 'inspector', 'admin')),
	opd_kode     text,
	hash         bytea NOT NULL UNIQUE CHECK (length(hash) = 32),
	dibuat       timestamptz NOT NULL DEFAULT now(),
	dicabut      timestamptz,
	PRIMARY KEY (pemda_id, token_id),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode)
);
COMMENT ON TABLE api_token IS 'Bearer tokens of API clients. Only the SHA-256 of a token is stored; the token itself is shown once when created.';
COMMENT ON COLUMN api_token.pemda_id IS 'The pemda the token acts for; it sees no other pemda.';
COMMENT ON COLUMN api_token.token_id IS 'Identifier shown in lists, logs and audit records (never the token).';
COMMENT ON COLUMN api_token.nama IS 'Who or what holds the token, e.g. BPKAD client.';
COMMENT ON COLUMN api_token.peran IS 'Role: planner, finance, revenue, inspector or admin.';
COMMENT ON COLUMN api_token.opd_kode IS 'When set, the token acts only on this OPD''s data.';
COMMENT ON COLUMN api_token.hash IS 'SHA-256 of the token.';
COMMENT ON COLUMN api_token.dibuat IS 'When the token was created.';
COMMENT ON COLUMN api_token.dicabut IS 'When the token was revoked; a revoked token is refused.';

CREATE TABLE idempotency_key (
	pemda_id     text NOT NULL REFERENCES pemda,
	kunci        text NOT NULL CHECK (length(kunci) BETWEEN 1 AND 255),
	request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
	status       smallint NOT NULL CHECK (status BETWEEN 200 AND 299),
	response     text NOT NULL,
	etag         text,
	token_id     bigint NOT NULL,
	dibuat       timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, kunci),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE idempotency_key IS 'The outcome of every successful state-changing request, by its Idempotency-Key: a retry with the same request gets the same answer, a different request with the same key is refused.';
COMMENT ON COLUMN idempotency_key.pemda_id IS 'Keys are unique per pemda.';
COMMENT ON COLUMN idempotency_key.kunci IS 'The client''s Idempotency-Key header.';
COMMENT ON COLUMN idempotency_key.request_hash IS 'SHA-256 over method, path and body of the original request, hex.';
COMMENT ON COLUMN idempotency_key.status IS 'HTTP status of the original response.';
COMMENT ON COLUMN idempotency_key.response IS 'Body of the original response.';
COMMENT ON COLUMN idempotency_key.etag IS 'ETag of the original response, if any.';
COMMENT ON COLUMN idempotency_key.token_id IS 'Token that made the original request.';
COMMENT ON COLUMN idempotency_key.dibuat IS 'When the original request was executed.';

ALTER TABLE opd ADD COLUMN versi integer NOT NULL DEFAULT 1 CHECK (versi >= 1);
COMMENT ON COLUMN opd.versi IS 'Incremented by every change; the ETag of the OPD, checked against If-Match.';

CREATE TABLE opd_event (
	pemda_id     text NOT NULL,
	kode         text NOT NULL,
	versi        integer NOT NULL,
	aksi         text NOT NULL CHECK (aksi IN ('create', 'update')),
	token_id     bigint,
	waktu        timestamptz NOT NULL DEFAULT now(),
	data         jsonb NOT NULL,
	PRIMARY KEY (pemda_id, kode, versi),
	FOREIGN KEY (pemda_id, kode) REFERENCES opd (pemda_id, kode),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE opd_event IS 'Append-only history of OPD master data: every version with who made it and when.';
COMMENT ON COLUMN opd_event.pemda_id IS 'The pemda of the OPD.';
COMMENT ON COLUMN opd_event.kode IS 'The OPD.';
COMMENT ON COLUMN opd_event.versi IS 'The version this event created.';
COMMENT ON COLUMN opd_event.aksi IS 'create or update.';
COMMENT ON COLUMN opd_event.token_id IS 'The token that made the change (NULL for data loaded by pagu itself).';
COMMENT ON COLUMN opd_event.waktu IS 'When.';
COMMENT ON COLUMN opd_event.data IS 'The OPD as it was after the change.';

GRANT SELECT ON api_token TO pagu_app;
GRANT SELECT, INSERT ON idempotency_key, opd_event TO pagu_app;
GRANT INSERT ON opd TO pagu_app;
GRANT UPDATE (nama, singkatan, bidang, versi) ON opd TO pagu_app;
