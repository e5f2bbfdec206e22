-- procedures/opd.sql - OPD create and update, and the append-only API tables (idempotency keys, OPD events).
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- OPD writes, one call each (no round trips while the row is locked).
-- pagu_opd_create: inserts the OPD and its first event; NULL when the kode exists.
CREATE OR REPLACE FUNCTION pagu_opd_create(p_pemda text, p_kode text, p_nama text, p_singkatan text, p_bidang text[],
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

GRANT EXECUTE ON FUNCTION pagu_opd_create(text, text, text, text, text[], bigint) TO pagu_app;

-- pagu_opd_update: applies the given fields (NULL = keep; p_set_singkatan says whether
-- singkatan is given, since NULL is also a value for it) when the version matches.
-- Returns the row and found = false when the OPD does not exist, or the current
-- version with updated = false when p_versi is stale.
CREATE OR REPLACE FUNCTION pagu_opd_update(p_pemda text, p_kode text, p_versi integer, p_nama text, p_set_singkatan boolean,
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
GRANT EXECUTE ON FUNCTION pagu_opd_update(text, text, integer, text, boolean, text, text[], bigint) TO pagu_app;

-- the append-only tables of this area
CALL pagu_append_only('idempotency_key', 'append_only');
CALL pagu_append_only('opd_event', 'append_only');
