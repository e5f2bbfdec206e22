-- 0016_monev_laporan_id.sql - the evaluation names the report behind each indicator's quarter
-- figure (laporan_id), so a client can correct a closed quarter's report without having kept its
-- number from the answer to the POST (the web console's correction form). Nothing else changes.
CREATE OR REPLACE FUNCTION pagu_monev_evaluasi(p_pemda text, p_tahun integer, p_triwulan smallint, p_opd text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	st integer := pagu_monev_skala_aktif(p_pemda, 'triwulan');
	sk integer := pagu_monev_skala_aktif(p_pemda, 'kumulatif');
	tutup monev_triwulan;
BEGIN
	SELECT * INTO tutup FROM monev_triwulan WHERE pemda_id = p_pemda AND tahun = p_tahun AND triwulan = p_triwulan;
	RETURN jsonb_build_object(
		'tahun', p_tahun, 'triwulan', p_triwulan, 'opd_kode', p_opd,
		'ditutup', tutup.ditutup IS NOT NULL, 'hash', tutup.hash,
		'skala', jsonb_build_object('triwulan', st, 'kumulatif', sk),
		'kinerja', coalesce((SELECT jsonb_agg(jsonb_build_object(
			'opd_kode', k.opd_kode, 'sub_kegiatan', k.sub_kegiatan, 'rkpd_id', k.rkpd_id, 'baris', k.rkpd_baris,
			'indikator', k.indikator, 'satuan', k.satuan, 'target', k.target::text,
			'realisasi', k.realisasi::text, 'realisasi_kumulatif', k.realisasi_kumulatif::text, 'fisik', k.fisik::text,
			'capaian', pagu_capaian(coalesce(k.realisasi, 0), k.target)::text,
			'capaian_kumulatif', pagu_capaian(coalesce(k.realisasi_kumulatif, 0), k.target)::text,
			'predikat', coalesce(pagu_predikat(p_pemda, st, pagu_capaian(coalesce(k.realisasi, 0), k.target)), 'Tidak Dapat Dievaluasi'),
			'predikat_kumulatif', coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(coalesce(k.realisasi_kumulatif, 0), k.target)),
				'Tidak Dapat Dievaluasi'),
			'dilaporkan', k.laporan_id IS NOT NULL, 'laporan_id', k.laporan_id) ORDER BY k.opd_kode, k.sub_kegiatan, k.rkpd_id, k.rkpd_baris)
			FROM pagu_monev_kinerja(p_pemda, p_tahun, p_triwulan) k WHERE p_opd IS NULL OR k.opd_kode = p_opd), '[]'),
		'keuangan', coalesce((SELECT jsonb_agg(jsonb_build_object(
			'opd_kode', f.opd_kode, 'sub_kegiatan', f.sub_kegiatan, 'anggaran', pagu_uang(f.anggaran),
			'realisasi', pagu_uang(f.realisasi), 'realisasi_kumulatif', pagu_uang(f.realisasi_kumulatif),
			'rencana_triwulan', pagu_uang(f.rencana),
			'capaian_triwulan', pagu_capaian(f.realisasi, f.rencana)::text,
			'predikat_triwulan', coalesce(pagu_predikat(p_pemda, st, pagu_capaian(f.realisasi, f.rencana)), 'Tidak Dapat Dievaluasi'),
			'capaian', pagu_capaian(f.realisasi_kumulatif, f.anggaran)::text,
			'predikat', coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(f.realisasi_kumulatif, f.anggaran)), 'Tidak Dapat Dievaluasi'))
			ORDER BY f.opd_kode, f.sub_kegiatan)
			FROM pagu_monev_keuangan(p_pemda, p_tahun, p_triwulan) f WHERE p_opd IS NULL OR f.opd_kode = p_opd), '[]'));
END
$$;
