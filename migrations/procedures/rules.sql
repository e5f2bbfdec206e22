-- procedures/rules.sql - the rules gate's facts and the stored rule files, Perkada and evaluations.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- A sub kegiatan as the rules see it: in SIPD form, where a penunjang code X.XX.… carries its OPD's
-- bidang (the first of the OPD's code, 1.01 for 1.01.2.22.0.00.01.0000), so 1.01.01.2.02.0001 is the
-- Dinas Pendidikan's penunjang program; '' for a line without a sub kegiatan (a pendapatan line by OPD
-- and akun). Issue 18 DESIGN §1–2; once lines keep their own bidang, that column is used instead.
CREATE OR REPLACE FUNCTION pagu_rules_sub_kegiatan(p_sub text, p_bidang text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN p_sub IS NULL THEN ''
		WHEN p_sub LIKE 'X.XX.%' AND p_bidang ~ '^[0-9]+\.[0-9]+$' THEN p_bidang || substr(p_sub, 5)
		ELSE p_sub END
$$;
COMMENT ON FUNCTION pagu_rules_sub_kegiatan(text, text) IS 'A sub kegiatan in SIPD form for the rules: X.XX replaced by the line''s bidang (pagu_baris_bidang: its own, else its OPD''s first); '''' when there is none.';

-- The facts a rule evaluation of a document version sees, one row each:
-- kind 0 a budget line, 1 an OPD ceiling, 2 a sub kegiatan ceiling, 3 anggaran kas.
-- An RKA, APBD or DPA: its lines (with the SSH price a line refers to), the ceilings of the
-- newest locked KUA-PPAS of its year, and for a DPA its anggaran kas. A KUA-PPAS: its ceilings,
-- with pendapatan and pembiayaan estimates as lines under akun 4, 6.1 and 6.2.
CREATE OR REPLACE FUNCTION pagu_rules_fakta(p_pemda text, p_id bigint)
RETURNS TABLE (jenis smallint, akun text, sub_kegiatan text, sumber_dana text, opd_kode text, jumlah numeric,
	       baris integer, harga_satuan numeric, ssh_harga numeric)
LANGUAGE sql STABLE AS $$
	WITH d AS (SELECT * FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id),
	kua AS (
		SELECT k.dokumen_id FROM dokumen k, d
		WHERE k.pemda_id = p_pemda AND k.tahun = d.tahun AND k.jenis = 'kua_ppas' AND k.status = 'locked'
		ORDER BY k.versi DESC LIMIT 1
	)
	SELECT 0::smallint, b.akun, pagu_rules_sub_kegiatan(b.sub_kegiatan, pagu_baris_bidang(b.pemda_id, b.opd_kode, b.sub_kegiatan, b.bidang)), b.sumber_dana, b.opd_kode, b.jumlah,
		b.baris, b.harga_satuan, s.harga
	FROM rka_baris b
	LEFT JOIN ssh_item s ON s.pemda_id = b.pemda_id AND s.kode = b.ssh_kode AND s.versi = b.ssh_versi
		AND s.tahun = (SELECT tahun FROM d)
	WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_id
	UNION ALL
	SELECT CASE p.jenis WHEN 'opd' THEN 1 WHEN 'sub_kegiatan' THEN 2 ELSE 0 END::smallint,
		CASE p.jenis WHEN 'pendapatan' THEN '4' WHEN 'penerimaan_pembiayaan' THEN '6.1'
			WHEN 'pengeluaran_pembiayaan' THEN '6.2' END,
		CASE WHEN p.sub_kegiatan IS NULL THEN NULL ELSE pagu_rules_sub_kegiatan(p.sub_kegiatan, pagu_baris_bidang(p.pemda_id, p.opd_kode, p.sub_kegiatan, NULL)) END,
		NULL, p.opd_kode, p.jumlah, NULL, NULL, NULL
	FROM plafon p
	WHERE p.pemda_id = p_pemda AND (p.dokumen_id = p_id
		OR (p.dokumen_id = (SELECT dokumen_id FROM kua) AND (SELECT jenis FROM d) IN ('rka', 'apbd', 'dpa')
		    AND p.jenis IN ('opd', 'sub_kegiatan')))
	UNION ALL
	SELECT 3::smallint, b.akun, pagu_rules_sub_kegiatan(b.sub_kegiatan, pagu_baris_bidang(b.pemda_id, b.opd_kode, b.sub_kegiatan, b.bidang)), b.sumber_dana, b.opd_kode,
		sum(k.jumlah), b.baris, NULL, NULL
	FROM anggaran_kas k JOIN rka_baris b USING (pemda_id, dokumen_id, baris)
	WHERE k.pemda_id = p_pemda AND k.dokumen_id = p_id
	GROUP BY b.pemda_id, b.akun, b.sub_kegiatan, b.bidang, b.sumber_dana, b.opd_kode, b.baris
$$;
COMMENT ON FUNCTION pagu_rules_fakta(text, bigint) IS 'The facts the rules see for a document version: its lines, the ceilings they answer to, and anggaran kas.';

-- A new version of a Perkada rules file; its text is checked by the caller (the rules loader) first.
CREATE OR REPLACE FUNCTION pagu_rules_perkada_add(p_pemda text, p_nama text, p_berlaku date, p_judul text, p_isi text,
					  p_hash text, p_token bigint)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	v integer;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtext('rules_perkada'), hashtext(p_pemda || '/' || p_nama));
	INSERT INTO rules_berkas (hash, nama, isi) VALUES (p_hash, 'perkada/' || p_nama || '.rules', p_isi)
		ON CONFLICT (hash) DO NOTHING;
	SELECT coalesce(max(versi), 0) + 1 INTO v FROM rules_perkada WHERE pemda_id = p_pemda AND nama = p_nama;
	INSERT INTO rules_perkada (pemda_id, nama, versi, berlaku, judul, hash, token_id)
	VALUES (p_pemda, p_nama, v, p_berlaku, p_judul, p_hash, p_token);
	RETURN v;
END
$$;
COMMENT ON FUNCTION pagu_rules_perkada_add(text, text, date, text, text, text, bigint) IS 'Records the next version of a pemda''s rules file (serialised per name), storing its text by hash.';

CREATE OR REPLACE FUNCTION pagu_rules_fakta_entri(p_pemda text, p_entri bigint)
RETURNS TABLE (jenis smallint, akun text, sub_kegiatan text, sumber_dana text, opd_kode text, jumlah numeric,
	       baris integer, harga_satuan numeric, ssh_harga numeric)
LANGUAGE sql STABLE AS $$
	-- (inlined into the caller's statement; the evaluator sorts the lines it groups, so their
	-- order here does not matter)
	SELECT 3::smallint, k.akun, pagu_rules_sub_kegiatan(k.sub_kegiatan, pagu_baris_bidang(k.pemda_id, k.opd_kode, k.sub_kegiatan, k.bidang)), NULL::text, k.opd_kode,
		k.kas_kumulatif[extract(month FROM e.tanggal)::integer], NULL::integer, NULL::numeric, NULL::numeric
	FROM entri e JOIN kantong k ON k.pemda_id = e.pemda_id AND k.tahun = e.tahun AND k.opd_kode = e.opd_kode
		AND k.arah = CASE e.jenis WHEN 'sts' THEN 'masuk' ELSE 'keluar' END
	WHERE e.pemda_id = p_pemda AND e.entri_id = p_entri
	UNION ALL
	SELECT CASE k.arah WHEN 'keluar' THEN 4 ELSE 5 END::smallint, k.akun, pagu_rules_sub_kegiatan(k.sub_kegiatan, pagu_baris_bidang(k.pemda_id, k.opd_kode, k.sub_kegiatan, k.bidang)),
		NULL::text, k.opd_kode,
		k.realisasi, NULL::integer, NULL::numeric, NULL::numeric
	FROM entri e JOIN kantong k ON k.pemda_id = e.pemda_id AND k.tahun = e.tahun AND k.opd_kode = e.opd_kode
		AND k.arah = CASE e.jenis WHEN 'sts' THEN 'masuk' ELSE 'keluar' END
	WHERE e.pemda_id = p_pemda AND e.entri_id = p_entri
$$;
COMMENT ON FUNCTION pagu_rules_fakta_entri(text, bigint) IS 'The facts the rules see at a posting: its OPD''s pockets with their anggaran kas to the posting''s month and their realisation so far.';

-- the append-only tables of this area
CALL pagu_append_only('rules_berkas', 'append_only');
CALL pagu_append_only('rules_perkada', 'append_only');
CALL pagu_append_only('rules_evaluasi', 'append_only');
CALL pagu_append_only('rules_hasil', 'append_only');
CALL pagu_append_only('penandaan_belanja_wajib', 'append_only');
CALL pagu_append_only('kapasitas_fiskal', 'append_only');
