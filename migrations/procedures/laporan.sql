-- procedures/laporan.sql - the LRA report.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

CREATE OR REPLACE FUNCTION pagu_lra(p_pemda text, p_tahun integer, p_sampai date, p_opd text)
RETURNS TABLE (level integer, kode text, nama text, anggaran numeric, realisasi numeric, anggaran_murni numeric)
LANGUAGE sql STABLE AS $$
	WITH k AS (SELECT * FROM kantong WHERE pemda_id = p_pemda AND tahun = p_tahun AND (p_opd IS NULL OR opd_kode = p_opd)),
	-- realised to the date = the pocket's balance less what entries dated after it did: the months
	-- after the date's month from kantong_bulan, the rest of its month from the entries themselves
	-- (none at a month's end; at the end of the year nothing is read but the pockets)
	r AS (SELECT x.kantong_id, sum(x.x) AS x FROM (
		SELECT m.kantong_id, m.realisasi AS x FROM kantong_bulan m
		WHERE m.pemda_id = p_pemda AND m.kantong_id IN (SELECT kantong_id FROM k)
			AND m.bulan > CASE WHEN p_sampai < make_date(p_tahun, 1, 1) THEN 0
				WHEN p_sampai > make_date(p_tahun, 12, 31) THEN 12 ELSE extract(month FROM p_sampai) END
		UNION ALL
		-- (entry by entry through the date index: joined as sets, the planner scanned every line)
		SELECT b.kantong_id, b.d_realisasi FROM entri e
		CROSS JOIN LATERAL (SELECT x.kantong_id, x.d_realisasi FROM entri_baris x
				    WHERE x.pemda_id = e.pemda_id AND x.entri_id = e.entri_id OFFSET 0) b
		WHERE e.pemda_id = p_pemda AND e.tahun = p_tahun AND e.tanggal > p_sampai
			AND e.tanggal < (date_trunc('month', p_sampai) + interval '1 month')::date
			AND (p_opd IS NULL OR e.opd_kode = p_opd)) x
	      GROUP BY x.kantong_id),
	-- the APBD as first enacted (issue 18): the lines of the year's latest locked murni APBD, of the
	-- OPDs the report covers (those with pockets)
	murni AS (SELECT b.akun, sum(b.jumlah) AS m FROM rka_baris b
		  WHERE b.pemda_id = p_pemda AND b.dokumen_id = (SELECT x.dokumen_id FROM dokumen x WHERE x.pemda_id = p_pemda
			AND x.tahun = p_tahun AND x.jenis = 'apbd' AND x.tahap = 'murni' AND x.status = 'locked'
			ORDER BY x.versi DESC LIMIT 1)
		    AND b.opd_kode IN (SELECT k.opd_kode FROM k)
		  GROUP BY b.akun),
	base AS (SELECT y.akun, sum(y.a) AS a, sum(y.x) AS x, sum(y.m) AS m FROM (
			SELECT k.akun, k.alokasi AS a, k.realisasi - coalesce(r.x, 0) AS x, 0::numeric AS m
			FROM k LEFT JOIN r USING (kantong_id)
			UNION ALL SELECT murni.akun, 0, 0, murni.m FROM murni) y
		 GROUP BY y.akun),
	lv AS (SELECT g.l, array_to_string((string_to_array(base.akun, '.'))[1:g.l], '.') AS kode, base.a, base.x, base.m
	       FROM base, generate_series(1, 6) AS g(l))
	SELECT lv.l, lv.kode,
		(SELECT ra.nama FROM ref_akun ra WHERE ra.ref_version_id = pagu_ref_versi(p_tahun) AND ra.kode = lv.kode
		 ORDER BY ra.aktif DESC LIMIT 1),
		sum(lv.a), sum(lv.x), sum(lv.m)
	FROM lv GROUP BY lv.l, lv.kode ORDER BY lv.kode
$$;
COMMENT ON FUNCTION pagu_lra(text, integer, date, text) IS 'The Laporan Realisasi Anggaran rows: per akun code at levels 1 to 6, the allocation of its pockets (the locked DPAs: after a Perubahan or pergeseran, the budget in force), the murni APBD''s amount, and the ledger''s realisation to a date.';
