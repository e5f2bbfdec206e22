-- 0009_monev.sql: e-monev: rating bands as data, quarterly realisation reported by the OPD, closing a
-- quarter, and capaian with its rating per Permendagri 86/2017.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/monev.sql.

-- A band table: predikat by capaian, half-open intervals [dari, sampai) that cover every value once.
CREATE TABLE monev_skala (
	pemda_id      text NOT NULL REFERENCES pemda,
	skala_id      integer NOT NULL CHECK (skala_id >= 1),
	jenis         text NOT NULL CHECK (jenis IN ('triwulan', 'kumulatif')),
	nama          text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
	dasar_hukum   text NOT NULL CHECK (length(dasar_hukum) BETWEEN 1 AND 300),
	token_id      bigint,
	dibuat        timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, skala_id),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE monev_skala IS 'A band table of a pemda for rating capaian (per quarter or cumulative), with its legal basis. Append-only: a change is a new table; the newest of a kind is in force.';
COMMENT ON COLUMN monev_skala.pemda_id IS 'The pemda.';
COMMENT ON COLUMN monev_skala.skala_id IS 'Sequence of the table within the pemda.';
COMMENT ON COLUMN monev_skala.jenis IS 'triwulan (a quarter''s capaian) or kumulatif (capaian to the end of a quarter).';
COMMENT ON COLUMN monev_skala.nama IS 'Name of the table.';
COMMENT ON COLUMN monev_skala.dasar_hukum IS 'Its legal basis, e.g. Permendagri 86/2017 Lampiran.';
COMMENT ON COLUMN monev_skala.token_id IS 'The token that recorded it; NULL for the default.';
COMMENT ON COLUMN monev_skala.dibuat IS 'When.';

CREATE TABLE monev_pita (
	pemda_id      text NOT NULL,
	skala_id      integer NOT NULL,
	urutan        smallint NOT NULL CHECK (urutan >= 1),
	dari          numeric(9, 2),
	sampai        numeric(9, 2),
	predikat      text NOT NULL CHECK (length(predikat) BETWEEN 1 AND 50),
	PRIMARY KEY (pemda_id, skala_id, urutan),
	FOREIGN KEY (pemda_id, skala_id) REFERENCES monev_skala (pemda_id, skala_id),
	CHECK (dari IS NULL OR sampai IS NULL OR dari < sampai)
);
COMMENT ON TABLE monev_pita IS 'One band: capaian x with dari <= x < sampai (NULL: unbounded) gets predikat.';
COMMENT ON COLUMN monev_pita.pemda_id IS 'The pemda.';
COMMENT ON COLUMN monev_pita.skala_id IS 'The band table.';
COMMENT ON COLUMN monev_pita.urutan IS 'Order, lowest band first.';
COMMENT ON COLUMN monev_pita.dari IS 'Lower bound, included; NULL for the lowest band.';
COMMENT ON COLUMN monev_pita.sampai IS 'Upper bound, excluded; NULL for the highest band.';
COMMENT ON COLUMN monev_pita.predikat IS 'The rating, e.g. Sangat Tinggi.';

-- Closing a quarter: its row exists once it is closed, with the hash of its figures.
CREATE TABLE monev_triwulan (
	pemda_id      text NOT NULL REFERENCES pemda,
	tahun         integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	triwulan      smallint NOT NULL CHECK (triwulan BETWEEN 1 AND 4),
	hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
	token_id      bigint,
	ditutup       timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, tahun, triwulan),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE monev_triwulan IS 'A closed quarter of a pemda''s year: its reported figures are frozen, sealed by the SHA-256 of their canonical text (pagu_monev_kanonik).';
COMMENT ON COLUMN monev_triwulan.pemda_id IS 'The pemda.';
COMMENT ON COLUMN monev_triwulan.tahun IS 'Fiscal year.';
COMMENT ON COLUMN monev_triwulan.triwulan IS 'Quarter, 1 to 4.';
COMMENT ON COLUMN monev_triwulan.hash IS 'SHA-256 of the quarter''s figures at closing, hex.';
COMMENT ON COLUMN monev_triwulan.token_id IS 'Who closed it.';
COMMENT ON COLUMN monev_triwulan.ditutup IS 'When.';

-- What an OPD reports for one indicator (a locked RKPD item) in one quarter. The newest report of an
-- indicator and quarter stands; a closed quarter takes none, and a correction of one is a report in an
-- open quarter that names the report it corrects.
CREATE TABLE monev_realisasi (
	pemda_id      text NOT NULL REFERENCES pemda,
	laporan_id    bigint GENERATED ALWAYS AS IDENTITY,
	tahun         integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	triwulan      smallint NOT NULL CHECK (triwulan BETWEEN 1 AND 4),
	rkpd_id       bigint NOT NULL,
	rkpd_baris    integer NOT NULL,
	opd_kode      text NOT NULL,
	sub_kegiatan  text NOT NULL,
	nilai         numeric(20, 4) NOT NULL CHECK (nilai >= 0),
	fisik         numeric(5, 2) NOT NULL CHECK (fisik BETWEEN 0 AND 100),
	catatan       text CHECK (length(catatan) <= 2000),
	bukti         text CHECK (length(bukti) <= 500),
	koreksi_id    bigint,
	untuk_triwulan smallint NOT NULL CHECK (untuk_triwulan BETWEEN 1 AND 4),
	token_id      bigint,
	dibuat        timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, laporan_id),
	FOREIGN KEY (pemda_id, rkpd_id, rkpd_baris) REFERENCES rkpd_item (pemda_id, dokumen_id, baris),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode),
	FOREIGN KEY (pemda_id, koreksi_id) REFERENCES monev_realisasi (pemda_id, laporan_id),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id),
	CHECK ((koreksi_id IS NULL) = (untuk_triwulan = triwulan)),
	CHECK (untuk_triwulan <= triwulan)
);
CREATE INDEX monev_realisasi_indikator ON monev_realisasi (pemda_id, tahun, rkpd_id, rkpd_baris, untuk_triwulan, laporan_id);
COMMENT ON TABLE monev_realisasi IS 'Append-only reports of realisation per indicator and quarter by the OPD: the indicator''s realised value in the quarter, the physical progress to date, a note and an evidence reference. Financial realisation is never reported here: it comes from the ledger.';
COMMENT ON COLUMN monev_realisasi.pemda_id IS 'The pemda.';
COMMENT ON COLUMN monev_realisasi.laporan_id IS 'Identifier of the report.';
COMMENT ON COLUMN monev_realisasi.tahun IS 'Fiscal year.';
COMMENT ON COLUMN monev_realisasi.triwulan IS 'The (open) quarter the report was made in.';
COMMENT ON COLUMN monev_realisasi.rkpd_id IS 'The locked RKPD version whose item is the indicator.';
COMMENT ON COLUMN monev_realisasi.rkpd_baris IS 'The item (line) of that RKPD.';
COMMENT ON COLUMN monev_realisasi.opd_kode IS 'The OPD (the item''s).';
COMMENT ON COLUMN monev_realisasi.sub_kegiatan IS 'The sub kegiatan (the item''s).';
COMMENT ON COLUMN monev_realisasi.nilai IS 'The indicator''s realised value in the quarter it is for, in the indicator''s unit.';
COMMENT ON COLUMN monev_realisasi.fisik IS 'Physical progress to the end of that quarter, percent.';
COMMENT ON COLUMN monev_realisasi.catatan IS 'Note.';
COMMENT ON COLUMN monev_realisasi.bukti IS 'Evidence reference (document number, URL, archive code).';
COMMENT ON COLUMN monev_realisasi.koreksi_id IS 'For a correction: the report (of a closed quarter) it corrects.';
COMMENT ON COLUMN monev_realisasi.untuk_triwulan IS 'The quarter the figures are for: the report''s own, or for a correction the corrected report''s.';
COMMENT ON COLUMN monev_realisasi.token_id IS 'Who reported.';
COMMENT ON COLUMN monev_realisasi.dibuat IS 'When.';

GRANT SELECT, INSERT ON monev_skala, monev_pita, monev_triwulan, monev_realisasi TO pagu_app;

-- Closing a quarter runs the rules of "close triwulan"; their evaluation is recorded with the quarter.
ALTER TABLE rules_evaluasi ALTER COLUMN dokumen_id DROP NOT NULL;
ALTER TABLE rules_evaluasi ADD COLUMN tahun integer, ADD COLUMN triwulan smallint;
ALTER TABLE rules_evaluasi ADD FOREIGN KEY (pemda_id, tahun, triwulan) REFERENCES monev_triwulan (pemda_id, tahun, triwulan);
ALTER TABLE rules_evaluasi DROP CONSTRAINT rules_evaluasi_diterima;
ALTER TABLE rules_evaluasi ADD CONSTRAINT rules_evaluasi_diterima
	CHECK (diterima = (urutan IS NOT NULL OR entri_id IS NOT NULL OR triwulan IS NOT NULL));
ALTER TABLE rules_evaluasi ADD CONSTRAINT rules_evaluasi_sasaran CHECK ((dokumen_id IS NULL) = (triwulan IS NOT NULL));
COMMENT ON COLUMN rules_evaluasi.tahun IS 'For close triwulan: the year of the quarter.';
COMMENT ON COLUMN rules_evaluasi.triwulan IS 'For close triwulan: the quarter closed (dokumen_id is then NULL).';
