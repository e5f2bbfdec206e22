-- procedures/monev_laporan.sql - the e-monev reports (per quarter, ranking), read-only.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

CREATE OR REPLACE FUNCTION pagu_nomenklatur_nama(p_tahun integer, p_kode text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT n.nama FROM ref_nomenklatur n WHERE n.ref_version_id = pagu_ref_versi(p_tahun) AND n.kode = p_kode
	ORDER BY n.aktif DESC LIMIT 1
$$;

-- Per indicator of an OPD (or all): program, kegiatan and sub kegiatan with their names, the indicator and
-- target, the realisation of each quarter I-IV up to @p_triwulan (as evaluated at that quarter), the
-- cumulative value, capaian and predikat (cumulative band table), and the sub kegiatan's financial side.
CREATE OR REPLACE FUNCTION pagu_monev_laporan(p_pemda text, p_tahun integer, p_triwulan smallint, p_opd text)
RETURNS TABLE (opd_kode text, program text, program_nama text, kegiatan text, kegiatan_nama text, sub_kegiatan text,
	       sub_kegiatan_nama text, indikator text, satuan text, target numeric, tw1 numeric, tw2 numeric, tw3 numeric,
	       tw4 numeric, kumulatif numeric, fisik numeric, capaian numeric, predikat text, anggaran numeric,
	       realisasi_keuangan numeric, capaian_keuangan numeric, predikat_keuangan text)
LANGUAGE plpgsql AS $$
DECLARE
	sk integer := pagu_monev_skala_aktif(p_pemda, 'kumulatif');
BEGIN
	RETURN QUERY
	WITH q AS (SELECT g.t::smallint AS t FROM generate_series(1, p_triwulan) AS g(t)),
	per AS (SELECT q.t, k.* FROM q, LATERAL pagu_monev_kinerja(p_pemda, p_tahun, q.t) k),
	akhir AS (SELECT * FROM per WHERE per.t = p_triwulan AND (p_opd IS NULL OR per.opd_kode = p_opd)),
	keu AS (SELECT * FROM pagu_monev_keuangan(p_pemda, p_tahun, p_triwulan))
	SELECT a.opd_kode,
		array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:3], '.'),
		pagu_nomenklatur_nama(p_tahun, array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:3], '.')),
		array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:5], '.'),
		pagu_nomenklatur_nama(p_tahun, array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:5], '.')),
		a.sub_kegiatan, pagu_nomenklatur_nama(p_tahun, a.sub_kegiatan), a.indikator, a.satuan, a.target,
		(SELECT x.realisasi FROM per x WHERE x.t = 1 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		(SELECT x.realisasi FROM per x WHERE x.t = 2 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		(SELECT x.realisasi FROM per x WHERE x.t = 3 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		(SELECT x.realisasi FROM per x WHERE x.t = 4 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		a.realisasi_kumulatif, a.fisik,
		pagu_capaian(coalesce(a.realisasi_kumulatif, 0), a.target),
		coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(coalesce(a.realisasi_kumulatif, 0), a.target)), 'Tidak Dapat Dievaluasi'),
		f.anggaran, f.realisasi_kumulatif, pagu_capaian(f.realisasi_kumulatif, f.anggaran),
		coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(f.realisasi_kumulatif, f.anggaran)), 'Tidak Dapat Dievaluasi')
	FROM akhir a LEFT JOIN keu f ON f.opd_kode = a.opd_kode AND f.sub_kegiatan = a.sub_kegiatan
	ORDER BY a.opd_kode, a.sub_kegiatan, a.rkpd_id, a.rkpd_baris;
END
$$;
COMMENT ON FUNCTION pagu_monev_laporan(text, integer, smallint, text) IS 'The e-monev report rows in the Permendagri 86/2017 layout, one per indicator.';

-- OPD ranking by capaian to the end of a quarter: the mean capaian of its evaluable indicators and its
-- financial capaian, with their predikat; the best first.
CREATE OR REPLACE FUNCTION pagu_monev_peringkat(p_pemda text, p_tahun integer, p_triwulan smallint)
RETURNS TABLE (peringkat bigint, opd_kode text, opd_nama text, indikator bigint, dievaluasi bigint, capaian numeric,
	       predikat text, anggaran numeric, realisasi numeric, capaian_keuangan numeric, predikat_keuangan text)
LANGUAGE plpgsql AS $$
DECLARE
	sk integer := pagu_monev_skala_aktif(p_pemda, 'kumulatif');
BEGIN
	RETURN QUERY
	WITH k AS (SELECT m.opd_kode, count(*) AS n, count(*) FILTER (WHERE m.target > 0) AS ev,
			  round(avg(pagu_capaian(coalesce(m.realisasi_kumulatif, 0), m.target)) FILTER (WHERE m.target > 0), 2) AS c
		   FROM pagu_monev_kinerja(p_pemda, p_tahun, p_triwulan) m GROUP BY m.opd_kode),
	f AS (SELECT x.opd_kode, sum(x.anggaran) AS a, sum(x.realisasi_kumulatif) AS r
	      FROM pagu_monev_keuangan(p_pemda, p_tahun, p_triwulan) x GROUP BY x.opd_kode),
	o AS (SELECT coalesce(k.opd_kode, f.opd_kode) AS kode, k.n, k.ev, k.c, f.a, f.r FROM k FULL JOIN f USING (opd_kode))
	SELECT rank() OVER (ORDER BY o.c DESC NULLS LAST, pagu_capaian(o.r, o.a) DESC NULLS LAST), o.kode,
		(SELECT d.nama FROM opd d WHERE d.pemda_id = p_pemda AND d.kode = o.kode), coalesce(o.n, 0), coalesce(o.ev, 0), o.c,
		coalesce(pagu_predikat(p_pemda, sk, o.c), 'Tidak Dapat Dievaluasi'), o.a, o.r, pagu_capaian(o.r, o.a),
		coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(o.r, o.a)), 'Tidak Dapat Dievaluasi')
	FROM o ORDER BY 1, o.kode;
END
$$;
COMMENT ON FUNCTION pagu_monev_peringkat(text, integer, smallint) IS 'OPD ranking by cumulative capaian (kinerja, then keuangan) to the end of a quarter.';
