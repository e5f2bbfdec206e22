-- 0019_checkpoint.sql: checkpoints signed outside the database, and evaluations whose hash covers
-- who signed them and when.
--
-- The hashes in the database prove nothing against someone who can rewrite the database: a
-- superuser with the triggers off can change a row and recompute every hash over it. A checkpoint is
-- an item's hash (a ledger seal, a locked document version, a closed quarter, a signed evaluation)
-- signed with an Ed25519 key that the application host keeps and PostgreSQL never sees. The server
-- stores the signed checkpoints here and appends each to a log file outside PostgreSQL; clients
-- fetch and keep them. Checkpoints of a pemda are chained (each names the hash of the one before),
-- so deleting one breaks the chain and the last ones are still in the log and in clients' copies.
-- The signature, not this table, is what a verifier trusts: the public key comes from the key file
-- or from the client, never from the database.

CREATE TABLE checkpoint (
	pemda_id      text NOT NULL REFERENCES pemda,
	urutan        bigint NOT NULL CHECK (urutan >= 1),
	jenis         text NOT NULL CHECK (jenis IN ('segel', 'dokumen', 'triwulan', 'pemeriksaan')),
	nomor         bigint NOT NULL CHECK (nomor >= 1),
	ref           text NOT NULL CHECK (ref ~ '^[0-9]{1,18}(/[1-4])?$'),
	hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
	detail        text NOT NULL CHECK (length(detail) <= 200 AND detail !~ '[\n\r]'),
	waktu         text NOT NULL CHECK (waktu ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'),
	sebelum       text CHECK (sebelum ~ '^[0-9a-f]{64}$'),
	checkpoint    text NOT NULL CHECK (checkpoint ~ '^[0-9a-f]{64}$'),
	kunci         text NOT NULL CHECK (kunci ~ '^[0-9a-f]{64}$'),
	tanda         text NOT NULL CHECK (tanda ~ '^[0-9a-f]{128}$'),
	PRIMARY KEY (pemda_id, urutan),
	UNIQUE (pemda_id, jenis, nomor),
	CHECK ((urutan = 1) = (sebelum IS NULL))
);
COMMENT ON TABLE checkpoint IS 'Signed checkpoints, chained per pemda: each ledger seal, locked document version, closed monev quarter and signed evaluation, its hash signed (Ed25519) by the application host''s key, which the database never holds. Append-only; also appended to a log file outside PostgreSQL (README, "Checkpoints"). The signed text is pagu-checkpoint-v1 LF pemda LF urutan LF jenis LF ref LF hash LF detail LF waktu LF sebelum LF.';
COMMENT ON COLUMN checkpoint.pemda_id IS 'The pemda.';
COMMENT ON COLUMN checkpoint.urutan IS 'Sequence number within the pemda, from 1, without gaps.';
COMMENT ON COLUMN checkpoint.jenis IS 'What is signed: segel (a ledger seal), dokumen (a locked document version), triwulan (a closed monev quarter) or pemeriksaan (a signed inspector evaluation).';
COMMENT ON COLUMN checkpoint.nomor IS 'The item as a number: segel_id, dokumen_id, tahun * 10 + triwulan, pemeriksaan_id.';
COMMENT ON COLUMN checkpoint.ref IS 'The item as the API names it: the id, or tahun/triwulan.';
COMMENT ON COLUMN checkpoint.hash IS 'The item''s hash as signed.';
COMMENT ON COLUMN checkpoint.detail IS 'What the signature also covers beside the hash: for an evaluation its hash version, signer (token id) and signing time; empty otherwise.';
COMMENT ON COLUMN checkpoint.waktu IS 'When it was signed (UTC), as signed.';
COMMENT ON COLUMN checkpoint.sebelum IS 'The checkpoint hash of the previous checkpoint of the pemda; NULL for the first.';
COMMENT ON COLUMN checkpoint.checkpoint IS 'SHA-256 (hex) of the signed text.';
COMMENT ON COLUMN checkpoint.kunci IS 'The Ed25519 public key (hex) it was signed with; a verifier compares it with the key it trusts.';
COMMENT ON COLUMN checkpoint.tanda IS 'The Ed25519 signature (hex) over the signed text.';
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON checkpoint FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON checkpoint FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();
GRANT SELECT, INSERT ON checkpoint TO pagu_app;

-- ---- evaluations: the signer and the signing time in the hash (hash version 2) ----

ALTER TABLE pemeriksaan ADD COLUMN hash_versi smallint NOT NULL DEFAULT 1 CHECK (hash_versi IN (1, 2));
COMMENT ON COLUMN pemeriksaan.hash_versi IS 'Which canonical text the hash is over: 1 (evaluations signed before migration 0019: without signer and time; those are covered by their signed checkpoint''s detail) or 2 (with ditandatangani_oleh and ditandatangani).';
GRANT UPDATE (hash_versi) ON pemeriksaan TO pagu_app;

-- The signing time as hashed and signed: UTC, microseconds.
CREATE FUNCTION pagu_waktu_kanonik(p timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
COMMENT ON FUNCTION pagu_waktu_kanonik(timestamptz) IS 'A time as it enters a canonical text: UTC with microseconds.';

-- Version 2 of an evaluation's canonical text, with the signer and the time given (at signing they
-- are not in the row yet).
CREATE FUNCTION pagu_pemeriksaan_teks_v2(p_pemda text, p_id bigint, p_oleh bigint, p_waktu timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT concat_ws('|', 'pagu-pemeriksaan-v2', p.pemda_id, p.pemeriksaan_id, p.tahun, p.triwulan, p.opd_kode,
		coalesce(p.token_id::text, ''), coalesce(p_oleh::text, ''), pagu_waktu_kanonik(p_waktu))
		|| coalesce((SELECT string_agg(concat_ws(chr(31), t.nomor, t.sub_kegiatan, t.predikat, t.temuan, t.rekomendasi),
			chr(30) ORDER BY t.nomor) FROM temuan t WHERE t.pemda_id = p.pemda_id AND t.pemeriksaan_id = p.pemeriksaan_id), '')
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;
COMMENT ON FUNCTION pagu_pemeriksaan_teks_v2(text, bigint, bigint, timestamptz) IS 'Version 2 of an evaluation''s canonical text: version 1''s fields, then the signer''s token id and the signing time (UTC, microseconds), then the findings.';

-- The canonical text its stored hash is over, by its hash version.
CREATE OR REPLACE FUNCTION pagu_pemeriksaan_kanonik(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p.hash_versi = 2 THEN pagu_pemeriksaan_teks_v2(p.pemda_id, p.pemeriksaan_id, p.ditandatangani_oleh,
			p.ditandatangani)
		ELSE concat_ws('|', 'pagu-pemeriksaan-v1', p.pemda_id, p.pemeriksaan_id, p.tahun, p.triwulan, p.opd_kode,
			coalesce(p.token_id::text, ''))
		|| coalesce((SELECT string_agg(concat_ws(chr(31), t.nomor, t.sub_kegiatan, t.predikat, t.temuan, t.rekomendasi),
			chr(30) ORDER BY t.nomor) FROM temuan t WHERE t.pemda_id = p.pemda_id AND t.pemeriksaan_id = p.pemeriksaan_id), '')
		END
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;

-- What a checkpoint of an evaluation covers beside its hash: "v<hash version>|<signer>|<time>".
CREATE FUNCTION pagu_pemeriksaan_detail(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT 'v' || p.hash_versi || '|' || coalesce(p.ditandatangani_oleh::text, '') || '|'
		|| coalesce(pagu_waktu_kanonik(p.ditandatangani), '')
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;
COMMENT ON FUNCTION pagu_pemeriksaan_detail(text, bigint) IS 'The detail a signed checkpoint of an evaluation carries: its hash version, signer and signing time.';

CREATE OR REPLACE FUNCTION pagu_pemeriksaan_tandatangan(p_pemda text, p_id bigint, p_token bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_ambil(p_pemda, p_id, NULL);
BEGIN
	IF p.status = 'signed' THEN
		RAISE EXCEPTION 'evaluation % is already signed', p_id USING ERRCODE = 'P9409', DETAIL = 'id';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id) THEN
		RAISE EXCEPTION 'evaluation % has no findings to sign', p_id USING ERRCODE = 'P9422', DETAIL = 'temuan';
	END IF;
	-- now() is the transaction's time: the same value in the row and in the hash
	UPDATE pemeriksaan SET status = 'signed', ditandatangani = now(), ditandatangani_oleh = p_token, hash_versi = 2,
		hash = encode(sha256(convert_to(pagu_pemeriksaan_teks_v2(p_pemda, p_id, p_token, now()), 'UTF8')), 'hex')
	WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id;
	RETURN pagu_pemeriksaan_json(p_pemda, p_id);
END
$$;

-- ---- verify ----

-- An item a checkpoint names, as it stands now: its hash and the detail a checkpoint of it carries;
-- no row when it does not exist (or is no longer locked, closed or signed).
CREATE FUNCTION pagu_checkpoint_item(p_pemda text, p_jenis text, p_nomor bigint) RETURNS TABLE (hash text, detail text)
LANGUAGE sql STABLE AS $$
	SELECT s.hash, '' FROM segel s WHERE p_jenis = 'segel' AND s.pemda_id = p_pemda AND s.segel_id = p_nomor
	UNION ALL
	SELECT d.hash, '' FROM dokumen d WHERE p_jenis = 'dokumen' AND d.pemda_id = p_pemda AND d.dokumen_id = p_nomor
		AND d.status = 'locked'
	UNION ALL
	SELECT t.hash, '' FROM monev_triwulan t WHERE p_jenis = 'triwulan' AND t.pemda_id = p_pemda AND t.tahun = p_nomor / 10
		AND t.triwulan = p_nomor % 10
	UNION ALL
	SELECT p.hash, pagu_pemeriksaan_detail(p.pemda_id, p.pemeriksaan_id) FROM pemeriksaan p WHERE p_jenis = 'pemeriksaan'
		AND p.pemda_id = p_pemda AND p.pemeriksaan_id = p_nomor AND p.status = 'signed'
$$;
COMMENT ON FUNCTION pagu_checkpoint_item(text, text, bigint) IS 'The hash and checkpoint detail now of the item a checkpoint names (segel, dokumen, triwulan as tahun * 10 + triwulan, pemeriksaan).';
