-- 0010_laporan.sql: reports. The LRA (Laporan Realisasi Anggaran): anggaran and realisasi per akun at
-- every level from the pockets (their allocation is the locked DPA's) and the ledger.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/laporan.sql.

CREATE INDEX entri_tanggal ON entri (pemda_id, tahun, tanggal);
