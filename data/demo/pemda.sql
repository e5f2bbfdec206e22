-- Demo tenant data for pagu: two pemda and their perangkat daerah (OPD).
--
-- THIS IS DEMO DATA. The OPD lists are plausible but are NOT an official list:
-- they are a subset of the perangkat daerah of each pemda, names follow the
-- Perda Perangkat Daerah of that pemda as best known (otherwise the standard
-- Permendagri 90/2019 nomenclature), and unit numbers are illustrative,
-- not the codes assigned in SIPD. Do not use for real budgeting.
--
-- pemda_id is the Kemendagri wilayah code: 13.71 Kota Padang (provinsi 13,
-- Sumatera Barat), 19 Provinsi Kepulauan Bangka Belitung and its kabupaten/kota
-- 19.01-19.06 and 19.71.
--
-- OPD organisation code (Permendagri 90/2019, SIPD form):
--
--     u.bb.u.bb.u.bb.UU.SSSS      e.g. 2.16.2.20.2.21.01.0000
--
--   u.bb  up to three urusan.bidang pairs the OPD serves, the first being its
--         primary bidang. Unused pairs are written 0.00.
--   UU    2-digit unit number, distinct among OPD sharing the same code prefix
--         (e.g. Satpol PP 01, Damkar 02, BPBD 03 all under 1.05).
--   SSSS  4-digit sub unit, 0000 for the OPD itself.
--
-- opd.bidang lists exactly the non-0.00 pairs of the kode, in the same order.
-- Every bidang code used exists in data/ref/nomenklatur.csv (level = bidang).
--
-- Idempotent: every INSERT uses ON CONFLICT DO NOTHING, so re-running the file
-- inserts nothing and changes nothing.

INSERT INTO pemda (pemda_id, nama, jenis, provinsi_id, ibukota) VALUES
  ('13.71', 'Kota Padang',                         'kabkota',  '13', 'Padang'),
  ('19',    'Provinsi Kepulauan Bangka Belitung',  'provinsi', '19', 'Pangkalpinang'),
  ('19.01', 'Kabupaten Bangka',                    'kabkota',  '19', 'Sungailiat'),
  ('19.02', 'Kabupaten Belitung',                  'kabkota',  '19', 'Tanjung Pandan'),
  ('19.03', 'Kabupaten Bangka Selatan',            'kabkota',  '19', 'Toboali'),
  ('19.04', 'Kabupaten Bangka Tengah',             'kabkota',  '19', 'Koba'),
  ('19.05', 'Kabupaten Bangka Barat',              'kabkota',  '19', 'Muntok'),
  ('19.06', 'Kabupaten Belitung Timur',            'kabkota',  '19', 'Manggar'),
  ('19.71', 'Kota Pangkalpinang',                  'kabkota',  '19', 'Pangkalpinang')
ON CONFLICT DO NOTHING;

-- Kota Padang (13.71)
INSERT INTO opd (pemda_id, kode, nama, singkatan, bidang) VALUES
  ('13.71', '1.01.2.22.0.00.01.0000', 'Dinas Pendidikan dan Kebudayaan', 'Disdikbud', '{1.01,2.22}'),
  ('13.71', '1.02.0.00.0.00.01.0000', 'Dinas Kesehatan', 'Dinkes', '{1.02}'),
  ('13.71', '1.02.0.00.0.00.02.0000', 'Rumah Sakit Umum Daerah dr. Rasidin Padang', 'RSUD dr. Rasidin', '{1.02}'),
  ('13.71', '1.03.0.00.0.00.01.0000', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'DPUPR', '{1.03}'),
  ('13.71', '1.04.2.10.0.00.01.0000', 'Dinas Perumahan Rakyat, Kawasan Permukiman dan Pertanahan', 'Disperkimtan', '{1.04,2.10}'),
  ('13.71', '1.05.0.00.0.00.01.0000', 'Satuan Polisi Pamong Praja', 'Satpol PP', '{1.05}'),
  ('13.71', '1.05.0.00.0.00.02.0000', 'Dinas Pemadam Kebakaran', 'Damkar', '{1.05}'),
  ('13.71', '1.05.0.00.0.00.03.0000', 'Badan Penanggulangan Bencana Daerah', 'BPBD', '{1.05}'),
  ('13.71', '1.06.0.00.0.00.01.0000', 'Dinas Sosial', 'Dinsos', '{1.06}'),
  ('13.71', '2.08.2.14.0.00.01.0000', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana', 'DP3AP2KB', '{2.08,2.14}'),
  ('13.71', '2.11.0.00.0.00.01.0000', 'Dinas Lingkungan Hidup', 'DLH', '{2.11}'),
  ('13.71', '2.12.0.00.0.00.01.0000', 'Dinas Kependudukan dan Pencatatan Sipil', 'Disdukcapil', '{2.12}'),
  ('13.71', '2.15.0.00.0.00.01.0000', 'Dinas Perhubungan', 'Dishub', '{2.15}'),
  ('13.71', '2.16.2.20.2.21.01.0000', 'Dinas Komunikasi dan Informatika', 'Diskominfo', '{2.16,2.20,2.21}'),
  ('13.71', '4.01.0.00.0.00.01.0000', 'Sekretariat Daerah', 'Setda', '{4.01}'),
  ('13.71', '4.02.0.00.0.00.01.0000', 'Sekretariat Dewan Perwakilan Rakyat Daerah', 'Setwan', '{4.02}'),
  ('13.71', '5.01.5.05.0.00.01.0000', 'Badan Perencanaan Pembangunan Daerah', 'Bappeda', '{5.01,5.05}'),
  ('13.71', '5.02.0.00.0.00.01.0000', 'Badan Pengelolaan Keuangan dan Aset Daerah', 'BPKAD', '{5.02}'),
  ('13.71', '5.02.0.00.0.00.02.0000', 'Badan Pendapatan Daerah', 'Bapenda', '{5.02}'),
  ('13.71', '5.03.5.04.0.00.01.0000', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'BKPSDM', '{5.03,5.04}'),
  ('13.71', '6.01.0.00.0.00.01.0000', 'Inspektorat', NULL, '{6.01}'),
  ('13.71', '7.01.0.00.0.00.02.0000', 'Kecamatan Padang Timur', NULL, '{7.01}'),
  ('13.71', '7.01.0.00.0.00.03.0000', 'Kecamatan Padang Barat', NULL, '{7.01}'),
  ('13.71', '7.01.0.00.0.00.11.0000', 'Kecamatan Koto Tangah', NULL, '{7.01}'),
  ('13.71', '8.01.0.00.0.00.01.0000', 'Badan Kesatuan Bangsa dan Politik', 'Kesbangpol', '{8.01}')
ON CONFLICT DO NOTHING;

-- Provinsi Kepulauan Bangka Belitung (19)
-- Finance, assets and regional revenue (incl. the UPT Samsat) are all run by one
-- Badan Keuangan Daerah (Bakuda), so there is no separate revenue OPD here.
-- Kependudukan dan pencatatan sipil (2.12) sits inside DP3ACSKB.
INSERT INTO opd (pemda_id, kode, nama, singkatan, bidang) VALUES
  ('19', '1.01.0.00.0.00.01.0000', 'Dinas Pendidikan', 'Disdik', '{1.01}'),
  ('19', '1.02.0.00.0.00.01.0000', 'Dinas Kesehatan', 'Dinkes', '{1.02}'),
  ('19', '1.02.0.00.0.00.02.0000', 'Rumah Sakit Umum Daerah Dr. (H.C.) Ir. Soekarno', 'RSUD Ir. Soekarno', '{1.02}'),
  ('19', '1.03.0.00.0.00.01.0000', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'DPUPR', '{1.03}'),
  ('19', '1.05.0.00.0.00.01.0000', 'Satuan Polisi Pamong Praja', 'Satpol PP', '{1.05}'),
  ('19', '1.05.0.00.0.00.02.0000', 'Badan Penanggulangan Bencana Daerah', 'BPBD', '{1.05}'),
  ('19', '1.06.0.00.0.00.01.0000', 'Dinas Sosial', 'Dinsos', '{1.06}'),
  ('19', '2.08.2.12.2.14.01.0000', 'Dinas Pemberdayaan Perempuan, Perlindungan Anak, Kependudukan dan Pencatatan Sipil, Pengendalian Penduduk dan Keluarga Berencana', 'DP3ACSKB', '{2.08,2.12,2.14}'),
  ('19', '2.11.0.00.0.00.01.0000', 'Dinas Lingkungan Hidup', 'DLH', '{2.11}'),
  ('19', '2.15.0.00.0.00.01.0000', 'Dinas Perhubungan', 'Dishub', '{2.15}'),
  ('19', '2.16.2.20.2.21.01.0000', 'Dinas Komunikasi dan Informatika', 'Diskominfo', '{2.16,2.20,2.21}'),
  ('19', '2.22.3.26.2.19.01.0000', 'Dinas Kebudayaan, Pariwisata, Kepemudaan dan Olahraga', 'Disbudparkepora', '{2.22,3.26,2.19}'),
  ('19', '3.25.0.00.0.00.01.0000', 'Dinas Kelautan dan Perikanan', 'DKP', '{3.25}'),
  ('19', '3.28.0.00.0.00.01.0000', 'Dinas Kehutanan', 'Dishut', '{3.28}'),
  ('19', '3.29.0.00.0.00.01.0000', 'Dinas Energi dan Sumber Daya Mineral', 'Dinas ESDM', '{3.29}'),
  ('19', '4.01.0.00.0.00.01.0000', 'Sekretariat Daerah', 'Setda', '{4.01}'),
  ('19', '4.02.0.00.0.00.01.0000', 'Sekretariat Dewan Perwakilan Rakyat Daerah', 'Setwan', '{4.02}'),
  ('19', '5.01.5.05.0.00.01.0000', 'Badan Perencanaan Pembangunan Daerah', 'Bappeda', '{5.01,5.05}'),
  ('19', '5.02.0.00.0.00.01.0000', 'Badan Keuangan Daerah', 'Bakuda', '{5.02}'),
  ('19', '5.03.5.04.0.00.01.0000', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah', 'BKPSDMD', '{5.03,5.04}'),
  ('19', '6.01.0.00.0.00.01.0000', 'Inspektorat', NULL, '{6.01}'),
  ('19', '8.01.0.00.0.00.01.0000', 'Badan Kesatuan Bangsa dan Politik', 'Kesbangpol', '{8.01}')
ON CONFLICT DO NOTHING;

-- The kabupaten and kota of Provinsi Kepulauan Bangka Belitung: the perangkat daerah most
-- kabupaten/kota have (Permendagri 90/2019 codes as above; names in the standard nomenclature,
-- not each Perda's), a Dinas Pemberdayaan Masyarakat dan Desa in a kabupaten only, and three
-- kecamatan each (unit numbers illustrative).
INSERT INTO opd (pemda_id, kode, nama, singkatan, bidang)
SELECT p.pemda_id, t.kode, replace(t.nama, '%', substr(p.nama, strpos(p.nama, ' ') + 1)), t.singkatan, t.bidang
FROM pemda p CROSS JOIN (VALUES
  ('1.01.0.00.0.00.01.0000', 'Dinas Pendidikan', 'Disdik', '{1.01}'::text[], 'semua'),
  ('1.02.0.00.0.00.01.0000', 'Dinas Kesehatan', 'Dinkes', '{1.02}', 'semua'),
  ('1.02.0.00.0.00.02.0000', 'Rumah Sakit Umum Daerah %', 'RSUD', '{1.02}', 'semua'),
  ('1.03.0.00.0.00.01.0000', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'DPUPR', '{1.03}', 'semua'),
  ('1.04.2.10.0.00.01.0000', 'Dinas Perumahan Rakyat, Kawasan Permukiman dan Pertanahan', 'Disperkimtan', '{1.04,2.10}', 'semua'),
  ('1.05.0.00.0.00.01.0000', 'Satuan Polisi Pamong Praja', 'Satpol PP', '{1.05}', 'semua'),
  ('1.05.0.00.0.00.02.0000', 'Badan Penanggulangan Bencana Daerah', 'BPBD', '{1.05}', 'semua'),
  ('1.06.0.00.0.00.01.0000', 'Dinas Sosial', 'Dinsos', '{1.06}', 'semua'),
  ('2.08.2.14.0.00.01.0000', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana', 'DP3AP2KB', '{2.08,2.14}', 'semua'),
  ('2.11.0.00.0.00.01.0000', 'Dinas Lingkungan Hidup', 'DLH', '{2.11}', 'semua'),
  ('2.12.0.00.0.00.01.0000', 'Dinas Kependudukan dan Pencatatan Sipil', 'Disdukcapil', '{2.12}', 'semua'),
  ('2.13.0.00.0.00.01.0000', 'Dinas Pemberdayaan Masyarakat dan Desa', 'DPMD', '{2.13}', 'kabupaten'),
  ('2.15.0.00.0.00.01.0000', 'Dinas Perhubungan', 'Dishub', '{2.15}', 'semua'),
  ('2.16.2.20.2.21.01.0000', 'Dinas Komunikasi dan Informatika', 'Diskominfo', '{2.16,2.20,2.21}', 'semua'),
  ('3.25.0.00.0.00.01.0000', 'Dinas Perikanan', 'Diskan', '{3.25}', 'semua'),
  ('3.27.0.00.0.00.01.0000', 'Dinas Pertanian dan Ketahanan Pangan', 'Distan', '{3.27,2.09}', 'semua'),
  ('4.01.0.00.0.00.01.0000', 'Sekretariat Daerah', 'Setda', '{4.01}', 'semua'),
  ('4.02.0.00.0.00.01.0000', 'Sekretariat Dewan Perwakilan Rakyat Daerah', 'Setwan', '{4.02}', 'semua'),
  ('5.01.5.05.0.00.01.0000', 'Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah', 'Bappelitbangda', '{5.01,5.05}', 'semua'),
  ('5.02.0.00.0.00.01.0000', 'Badan Pengelolaan Keuangan dan Aset Daerah', 'BPKAD', '{5.02}', 'semua'),
  ('5.02.0.00.0.00.02.0000', 'Badan Pendapatan Daerah', 'Bapenda', '{5.02}', 'semua'),
  ('5.03.5.04.0.00.01.0000', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'BKPSDM', '{5.03,5.04}', 'semua'),
  ('6.01.0.00.0.00.01.0000', 'Inspektorat Daerah', NULL, '{6.01}', 'semua'),
  ('8.01.0.00.0.00.01.0000', 'Badan Kesatuan Bangsa dan Politik', 'Kesbangpol', '{8.01}', 'semua')
) t(kode, nama, singkatan, bidang, untuk)
WHERE p.pemda_id LIKE '19.%' AND (t.untuk = 'semua' OR split_part(p.pemda_id, '.', 2)::integer < 71)
ON CONFLICT DO NOTHING;

INSERT INTO opd (pemda_id, kode, nama, singkatan, bidang) VALUES
  ('19.01', '7.01.0.00.0.00.01.0000', 'Kecamatan Sungailiat', NULL, '{7.01}'),
  ('19.01', '7.01.0.00.0.00.02.0000', 'Kecamatan Belinyu', NULL, '{7.01}'),
  ('19.01', '7.01.0.00.0.00.03.0000', 'Kecamatan Merawang', NULL, '{7.01}'),
  ('19.02', '7.01.0.00.0.00.01.0000', 'Kecamatan Tanjung Pandan', NULL, '{7.01}'),
  ('19.02', '7.01.0.00.0.00.02.0000', 'Kecamatan Membalong', NULL, '{7.01}'),
  ('19.02', '7.01.0.00.0.00.03.0000', 'Kecamatan Sijuk', NULL, '{7.01}'),
  ('19.03', '7.01.0.00.0.00.01.0000', 'Kecamatan Toboali', NULL, '{7.01}'),
  ('19.03', '7.01.0.00.0.00.02.0000', 'Kecamatan Air Gegas', NULL, '{7.01}'),
  ('19.03', '7.01.0.00.0.00.03.0000', 'Kecamatan Payung', NULL, '{7.01}'),
  ('19.04', '7.01.0.00.0.00.01.0000', 'Kecamatan Koba', NULL, '{7.01}'),
  ('19.04', '7.01.0.00.0.00.02.0000', 'Kecamatan Pangkalan Baru', NULL, '{7.01}'),
  ('19.04', '7.01.0.00.0.00.03.0000', 'Kecamatan Sungai Selan', NULL, '{7.01}'),
  ('19.05', '7.01.0.00.0.00.01.0000', 'Kecamatan Muntok', NULL, '{7.01}'),
  ('19.05', '7.01.0.00.0.00.02.0000', 'Kecamatan Jebus', NULL, '{7.01}'),
  ('19.05', '7.01.0.00.0.00.03.0000', 'Kecamatan Kelapa', NULL, '{7.01}'),
  ('19.06', '7.01.0.00.0.00.01.0000', 'Kecamatan Manggar', NULL, '{7.01}'),
  ('19.06', '7.01.0.00.0.00.02.0000', 'Kecamatan Gantung', NULL, '{7.01}'),
  ('19.06', '7.01.0.00.0.00.03.0000', 'Kecamatan Kelapa Kampit', NULL, '{7.01}'),
  ('19.71', '7.01.0.00.0.00.01.0000', 'Kecamatan Bukit Intan', NULL, '{7.01}'),
  ('19.71', '7.01.0.00.0.00.02.0000', 'Kecamatan Taman Sari', NULL, '{7.01}'),
  ('19.71', '7.01.0.00.0.00.03.0000', 'Kecamatan Gerunggang', NULL, '{7.01}')
ON CONFLICT DO NOTHING;
