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
-- Since issue 17 its functions and triggers are defined once, in
-- migrations/procedures/checkpoint.sql, migrations/procedures/pemeriksaan.sql.

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
GRANT SELECT, INSERT ON checkpoint TO pagu_app;

-- ---- evaluations: the signer and the signing time in the hash (hash version 2) ----

ALTER TABLE pemeriksaan ADD COLUMN hash_versi smallint NOT NULL DEFAULT 1 CHECK (hash_versi IN (1, 2));
COMMENT ON COLUMN pemeriksaan.hash_versi IS 'Which canonical text the hash is over: 1 (evaluations signed before migration 0019: without signer and time; those are covered by their signed checkpoint''s detail) or 2 (with ditandatangani_oleh and ditandatangani).';
GRANT UPDATE (hash_versi) ON pemeriksaan TO pagu_app;

-- ---- verify ----

