-- procedures/checkpoint.sql - signed checkpoints: the items they cover.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- The signing time as hashed and signed: UTC, microseconds.
CREATE OR REPLACE FUNCTION pagu_waktu_kanonik(p timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
COMMENT ON FUNCTION pagu_waktu_kanonik(timestamptz) IS 'A time as it enters a canonical text: UTC with microseconds.';

-- Version 2 of an evaluation's canonical text, with the signer and the time given (at signing they
-- are not in the row yet).
CREATE OR REPLACE FUNCTION pagu_pemeriksaan_teks_v2(p_pemda text, p_id bigint, p_oleh bigint, p_waktu timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT concat_ws('|', 'pagu-pemeriksaan-v2', p.pemda_id, p.pemeriksaan_id, p.tahun, p.triwulan, p.opd_kode,
		coalesce(p.token_id::text, ''), coalesce(p_oleh::text, ''), pagu_waktu_kanonik(p_waktu))
		|| coalesce((SELECT string_agg(concat_ws(chr(31), t.nomor, t.sub_kegiatan, t.predikat, t.temuan, t.rekomendasi),
			chr(30) ORDER BY t.nomor) FROM temuan t WHERE t.pemda_id = p.pemda_id AND t.pemeriksaan_id = p.pemeriksaan_id), '')
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;
COMMENT ON FUNCTION pagu_pemeriksaan_teks_v2(text, bigint, bigint, timestamptz) IS 'Version 2 of an evaluation''s canonical text: version 1''s fields, then the signer''s token id and the signing time (UTC, microseconds), then the findings.';

-- What a checkpoint of an evaluation covers beside its hash: "v<hash version>|<signer>|<time>".
CREATE OR REPLACE FUNCTION pagu_pemeriksaan_detail(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT 'v' || p.hash_versi || '|' || coalesce(p.ditandatangani_oleh::text, '') || '|'
		|| coalesce(pagu_waktu_kanonik(p.ditandatangani), '')
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;
COMMENT ON FUNCTION pagu_pemeriksaan_detail(text, bigint) IS 'The detail a signed checkpoint of an evaluation carries: its hash version, signer and signing time.';

-- An item a checkpoint names, as it stands now: its hash and the detail a checkpoint of it carries;
-- no row when it does not exist (or is no longer locked, closed or signed).
CREATE OR REPLACE FUNCTION pagu_checkpoint_item(p_pemda text, p_jenis text, p_nomor bigint) RETURNS TABLE (hash text, detail text)
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

-- the append-only tables of this area
CALL pagu_append_only('checkpoint', 'append_only');
