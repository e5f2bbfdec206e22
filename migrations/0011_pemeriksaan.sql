-- 0011_pemeriksaan.sql: inspector evaluations (Inspektorat): findings per sub kegiatan, signed and then
-- immutable with their hash; the OPD's follow-ups (tindak lanjut) and the inspector's closing of each finding.
-- Since issue 17 its functions and triggers are defined once, in
-- migrations/procedures/monev_laporan.sql, migrations/procedures/pemeriksaan.sql.

CREATE TABLE pemeriksaan (
	pemda_id        text NOT NULL REFERENCES pemda,
	pemeriksaan_id  bigint GENERATED ALWAYS AS IDENTITY,
	tahun           integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	triwulan        smallint NOT NULL CHECK (triwulan BETWEEN 1 AND 4),
	opd_kode        text NOT NULL,
	status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
	hash            text CHECK (hash ~ '^[0-9a-f]{64}$'),
	token_id        bigint,
	ditandatangani_oleh bigint,
	dibuat          timestamptz NOT NULL DEFAULT now(),
	ditandatangani  timestamptz,
	PRIMARY KEY (pemda_id, pemeriksaan_id),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id),
	FOREIGN KEY (pemda_id, ditandatangani_oleh) REFERENCES api_token (pemda_id, token_id),
	CHECK ((status = 'signed') = (hash IS NOT NULL AND ditandatangani IS NOT NULL))
);
COMMENT ON TABLE pemeriksaan IS 'An inspector''s evaluation of an OPD for a quarter: findings are recorded while it is a draft; once signed it is immutable, sealed by the SHA-256 of its canonical text (pagu_pemeriksaan_kanonik).';
COMMENT ON COLUMN pemeriksaan.pemda_id IS 'The pemda.';
COMMENT ON COLUMN pemeriksaan.pemeriksaan_id IS 'Identifier of the evaluation.';
COMMENT ON COLUMN pemeriksaan.tahun IS 'Fiscal year evaluated.';
COMMENT ON COLUMN pemeriksaan.triwulan IS 'Quarter evaluated.';
COMMENT ON COLUMN pemeriksaan.opd_kode IS 'The OPD evaluated.';
COMMENT ON COLUMN pemeriksaan.status IS 'draft, then signed.';
COMMENT ON COLUMN pemeriksaan.hash IS 'SHA-256 of the signed evaluation with its findings, hex.';
COMMENT ON COLUMN pemeriksaan.token_id IS 'The inspector who opened it.';
COMMENT ON COLUMN pemeriksaan.ditandatangani_oleh IS 'The inspector who signed it.';
COMMENT ON COLUMN pemeriksaan.dibuat IS 'When it was opened.';
COMMENT ON COLUMN pemeriksaan.ditandatangani IS 'When it was signed.';

CREATE TABLE temuan (
	pemda_id        text NOT NULL,
	pemeriksaan_id  bigint NOT NULL,
	nomor           integer NOT NULL CHECK (nomor >= 1),
	sub_kegiatan    text NOT NULL,
	predikat        text NOT NULL CHECK (length(predikat) BETWEEN 1 AND 50),
	temuan          text NOT NULL CHECK (length(temuan) BETWEEN 1 AND 4000),
	rekomendasi     text NOT NULL CHECK (length(rekomendasi) BETWEEN 1 AND 4000),
	dibuat          timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, pemeriksaan_id) REFERENCES pemeriksaan (pemda_id, pemeriksaan_id)
);
COMMENT ON TABLE temuan IS 'A finding of an evaluation on one sub kegiatan: the rating given, what was found, what is recommended. Written only while the evaluation is a draft.';
COMMENT ON COLUMN temuan.pemda_id IS 'The pemda.';
COMMENT ON COLUMN temuan.pemeriksaan_id IS 'The evaluation.';
COMMENT ON COLUMN temuan.nomor IS 'Number of the finding within the evaluation, from 1.';
COMMENT ON COLUMN temuan.sub_kegiatan IS 'The sub kegiatan it is about.';
COMMENT ON COLUMN temuan.predikat IS 'The rating the inspector gives.';
COMMENT ON COLUMN temuan.temuan IS 'The finding.';
COMMENT ON COLUMN temuan.rekomendasi IS 'The recommendation.';
COMMENT ON COLUMN temuan.dibuat IS 'When it was recorded.';

CREATE TABLE tindak_lanjut (
	pemda_id        text NOT NULL,
	pemeriksaan_id  bigint NOT NULL,
	nomor           integer NOT NULL,
	urutan          integer NOT NULL CHECK (urutan >= 1),
	uraian          text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 4000),
	bukti           text CHECK (length(bukti) <= 500),
	token_id        bigint,
	dibuat          timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, pemeriksaan_id, nomor, urutan),
	FOREIGN KEY (pemda_id, pemeriksaan_id, nomor) REFERENCES temuan (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE tindak_lanjut IS 'The OPD''s follow-ups of a finding of a signed evaluation, appended in order until the inspector closes the finding.';
COMMENT ON COLUMN tindak_lanjut.pemda_id IS 'The pemda.';
COMMENT ON COLUMN tindak_lanjut.pemeriksaan_id IS 'The evaluation.';
COMMENT ON COLUMN tindak_lanjut.nomor IS 'The finding.';
COMMENT ON COLUMN tindak_lanjut.urutan IS 'Order of the follow-up, from 1.';
COMMENT ON COLUMN tindak_lanjut.uraian IS 'What the OPD did.';
COMMENT ON COLUMN tindak_lanjut.bukti IS 'Evidence reference.';
COMMENT ON COLUMN tindak_lanjut.token_id IS 'Who recorded it.';
COMMENT ON COLUMN tindak_lanjut.dibuat IS 'When.';

CREATE TABLE temuan_selesai (
	pemda_id        text NOT NULL,
	pemeriksaan_id  bigint NOT NULL,
	nomor           integer NOT NULL,
	catatan         text CHECK (length(catatan) <= 4000),
	token_id        bigint,
	ditutup         timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, pemeriksaan_id, nomor) REFERENCES temuan (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE temuan_selesai IS 'The inspector''s closing of a finding once its follow-up is sufficient; once only.';
COMMENT ON COLUMN temuan_selesai.pemda_id IS 'The pemda.';
COMMENT ON COLUMN temuan_selesai.pemeriksaan_id IS 'The evaluation.';
COMMENT ON COLUMN temuan_selesai.nomor IS 'The finding.';
COMMENT ON COLUMN temuan_selesai.catatan IS 'The inspector''s note.';
COMMENT ON COLUMN temuan_selesai.token_id IS 'The inspector who closed it.';
COMMENT ON COLUMN temuan_selesai.ditutup IS 'When.';

GRANT SELECT, INSERT ON pemeriksaan, temuan, tindak_lanjut, temuan_selesai TO pagu_app;
GRANT UPDATE (status, hash, ditandatangani_oleh, ditandatangani) ON pemeriksaan TO pagu_app;

-- ---- the e-monev report (Permendagri 86/2017 layout) and the OPD ranking ----

