-- 0008_ledger_rules.sql: the rules at postings. An SP2D or STS is evaluated like a transition
-- (events post sp2d, post sts); its evaluation is recorded against the posting's DPA and entry.

ALTER TABLE rules_evaluasi ADD COLUMN entri_id bigint;
ALTER TABLE rules_evaluasi ADD FOREIGN KEY (pemda_id, entri_id) REFERENCES entri (pemda_id, entri_id);
ALTER TABLE rules_evaluasi DROP CONSTRAINT rules_evaluasi_check;
ALTER TABLE rules_evaluasi ADD CONSTRAINT rules_evaluasi_diterima
	CHECK (diterima = (urutan IS NOT NULL OR entri_id IS NOT NULL));
-- events name documents and postings: sp2d has a digit
ALTER TABLE rules_evaluasi DROP CONSTRAINT rules_evaluasi_peristiwa_check;
ALTER TABLE rules_evaluasi ADD CONSTRAINT rules_evaluasi_peristiwa CHECK (peristiwa ~ '^[a-z_]+ [a-z0-9_]+$');
COMMENT ON COLUMN rules_evaluasi.entri_id IS 'For a posting (post sp2d, post sts): the ledger entry it evaluated; dokumen_id is then the DPA of its first pocket.';
COMMENT ON COLUMN rules_evaluasi.dokumen_id IS 'The document version; for a posting, the DPA of its first pocket.';

-- The facts a posting's rules see: the pockets of its OPD and year going the same way, each with its
-- anggaran kas up to the month of the posting (kind 3, kas) and what it has realised so far, this
-- posting included (kind 4: SP2D of a spending pocket; kind 5: receipts of a receiving one).
CREATE FUNCTION pagu_rules_fakta_entri(p_pemda text, p_entri bigint)
RETURNS TABLE (jenis smallint, akun text, sub_kegiatan text, sumber_dana text, opd_kode text, jumlah numeric,
	       baris integer, harga_satuan numeric, ssh_harga numeric)
LANGUAGE sql STABLE AS $$
	WITH e AS (SELECT * FROM entri WHERE pemda_id = p_pemda AND entri_id = p_entri),
	k AS (SELECT k.* FROM kantong k, e WHERE k.pemda_id = p_pemda AND k.tahun = e.tahun AND k.opd_kode = e.opd_kode
		AND k.arah = CASE e.jenis WHEN 'sts' THEN 'masuk' ELSE 'keluar' END)
	SELECT 3::smallint, k.akun, k.sub_kegiatan, NULL, k.opd_kode,
		(SELECT coalesce(sum(x), 0) FROM unnest(k.kas[1:(SELECT extract(month FROM tanggal)::int FROM e)]) x),
		NULL::integer, NULL::numeric, NULL::numeric
	FROM k
	UNION ALL
	SELECT CASE k.arah WHEN 'keluar' THEN 4 ELSE 5 END::smallint, k.akun, k.sub_kegiatan, NULL, k.opd_kode, k.realisasi,
		NULL, NULL, NULL
	FROM k
$$;
COMMENT ON FUNCTION pagu_rules_fakta_entri(text, bigint) IS 'The facts the rules see at a posting: its OPD''s pockets with their anggaran kas to the posting''s month and their realisation so far.';
