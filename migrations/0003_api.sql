-- 0003_api.sql: bearer tokens, idempotency records, OPD versions and their audit trail.

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

CREATE TRIGGER idempotency_key_append_only BEFORE UPDATE OR DELETE ON idempotency_key
	FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER idempotency_key_no_truncate BEFORE TRUNCATE ON idempotency_key
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER opd_event_append_only BEFORE UPDATE OR DELETE ON opd_event
	FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER opd_event_no_truncate BEFORE TRUNCATE ON opd_event
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();

GRANT SELECT ON api_token TO pagu_app;
GRANT SELECT, INSERT ON idempotency_key, opd_event TO pagu_app;
GRANT INSERT ON opd TO pagu_app;
GRANT UPDATE (nama, singkatan, bidang, versi) ON opd TO pagu_app;

-- OPD writes, one call each (no round trips while the row is locked).
-- pagu_opd_create: inserts the OPD and its first event; NULL when the kode exists.
CREATE FUNCTION pagu_opd_create(p_pemda text, p_kode text, p_nama text, p_singkatan text, p_bidang text[],
				p_token bigint)
RETURNS TABLE (kode text, nama text, singkatan text, bidang text[], versi integer)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY INSERT INTO opd AS o (pemda_id, kode, nama, singkatan, bidang)
		VALUES (p_pemda, p_kode, p_nama, p_singkatan, p_bidang)
		ON CONFLICT DO NOTHING
		RETURNING o.kode, o.nama, o.singkatan, o.bidang, o.versi;
	IF FOUND THEN
		INSERT INTO opd_event (pemda_id, kode, versi, aksi, token_id, data)
		VALUES (p_pemda, p_kode, 1, 'create', p_token,
			jsonb_build_object('nama', p_nama, 'singkatan', p_singkatan, 'bidang', to_jsonb(p_bidang)));
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_opd_create(text, text, text, text, text[], bigint) IS
	'Creates an OPD at version 1 and records the event; returns no row when the kode is taken.';

-- pagu_opd_update: applies the given fields (NULL = keep; p_set_singkatan says whether
-- singkatan is given, since NULL is also a value for it) when the version matches.
-- Returns the row and found = false when the OPD does not exist, or the current
-- version with updated = false when p_versi is stale.
CREATE FUNCTION pagu_opd_update(p_pemda text, p_kode text, p_versi integer, p_nama text, p_set_singkatan boolean,
				p_singkatan text, p_bidang text[], p_token bigint)
RETURNS TABLE (updated boolean, kode text, nama text, singkatan text, bidang text[], versi integer)
LANGUAGE plpgsql AS $$
DECLARE
	cur opd%ROWTYPE;
BEGIN
	SELECT * INTO cur FROM opd o WHERE o.pemda_id = p_pemda AND o.kode = p_kode FOR UPDATE;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF cur.versi <> p_versi THEN
		RETURN QUERY SELECT false, cur.kode, cur.nama, cur.singkatan, cur.bidang, cur.versi;
		RETURN;
	END IF;
	UPDATE opd o SET nama = coalesce(p_nama, o.nama),
		singkatan = CASE WHEN p_set_singkatan THEN p_singkatan ELSE o.singkatan END,
		bidang = coalesce(p_bidang, o.bidang),
		versi = o.versi + 1
	WHERE o.pemda_id = p_pemda AND o.kode = p_kode
	RETURNING * INTO cur;
	INSERT INTO opd_event (pemda_id, kode, versi, aksi, token_id, data)
	VALUES (p_pemda, p_kode, cur.versi, 'update', p_token,
		jsonb_build_object('nama', cur.nama, 'singkatan', cur.singkatan, 'bidang', to_jsonb(cur.bidang)));
	RETURN QUERY SELECT true, cur.kode, cur.nama, cur.singkatan, cur.bidang, cur.versi;
END
$$;
COMMENT ON FUNCTION pagu_opd_update(text, text, integer, text, boolean, text, text[], bigint) IS
	'Updates an OPD if p_versi is current, bumps its version and records the event.';

GRANT EXECUTE ON FUNCTION pagu_opd_create(text, text, text, text, text[], bigint) TO pagu_app;
GRANT EXECUTE ON FUNCTION pagu_opd_update(text, text, integer, text, boolean, text, text[], bigint) TO pagu_app;
