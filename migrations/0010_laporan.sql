-- 0010_laporan.sql: reports. The LRA (Laporan Realisasi Anggaran): anggaran and realisasi per akun at
-- every level from the pockets (their allocation is the locked DPA's) and the ledger.

CREATE INDEX entri_tanggal ON entri (pemda_id, tahun, tanggal);

-- Rows of the LRA of a pemda's year (or one OPD's), realisation up to and including @p_sampai: one row
-- per akun code at levels 1 to 6 that has a pocket, anggaran the pockets' allocation (or target), realisasi
-- the ledger's net realisation. Level 1 rows are the totals of pendapatan (4), belanja (5), pembiayaan (6).
CREATE FUNCTION pagu_lra(p_pemda text, p_tahun integer, p_sampai date, p_opd text)
RETURNS TABLE (level integer, kode text, nama text, anggaran numeric, realisasi numeric)
LANGUAGE sql STABLE AS $$
	WITH k AS (SELECT * FROM kantong WHERE pemda_id = p_pemda AND tahun = p_tahun AND (p_opd IS NULL OR opd_kode = p_opd)),
	-- realised to the date = the pocket's balance less what entries dated after it did: at the end of
	-- the year nothing is read but the pockets, however long the ledger (balances equal their entries:
	-- pagu verify checks)
	r AS (SELECT b.kantong_id, sum(b.d_realisasi) AS x FROM entri e JOIN entri_baris b USING (pemda_id, entri_id)
	      WHERE e.pemda_id = p_pemda AND e.tahun = p_tahun AND e.tanggal > p_sampai AND b.kantong_id IN (SELECT kantong_id FROM k)
	      GROUP BY b.kantong_id),
	base AS (SELECT k.akun, sum(k.alokasi) AS a, sum(k.realisasi - coalesce(r.x, 0)) AS x
		 FROM k LEFT JOIN r USING (kantong_id) GROUP BY k.akun),
	lv AS (SELECT g.l, array_to_string((string_to_array(base.akun, '.'))[1:g.l], '.') AS kode, base.a, base.x
	       FROM base, generate_series(1, 6) AS g(l))
	SELECT lv.l, lv.kode,
		(SELECT ra.nama FROM ref_akun ra WHERE ra.ref_version_id = pagu_ref_versi(p_tahun) AND ra.kode = lv.kode
		 ORDER BY ra.aktif DESC LIMIT 1),
		sum(lv.a), sum(lv.x)
	FROM lv GROUP BY lv.l, lv.kode ORDER BY lv.kode
$$;
COMMENT ON FUNCTION pagu_lra(text, integer, date, text) IS 'The Laporan Realisasi Anggaran rows: per akun code at levels 1 to 6, the allocation of its pockets (the locked DPAs) and the ledger''s realisation to a date.';
