-- 0024_temuan_penandaan.sql - issue 18: a rule's severity may be a finding (recorded, travels with the
-- APBD, never refuses), every recorded result carries its citation, and the data the mandatory-spending
-- rules read besides the budget: a pemda's own tagging of its belanja (penandaan) and its kapasitas
-- fiskal category by year. Both tables are append-only (procedures/rules.sql).
ALTER TABLE rules_hasil DROP CONSTRAINT rules_hasil_keparahan_check;
ALTER TABLE rules_hasil ADD CONSTRAINT rules_hasil_keparahan_check
	CHECK (keparahan IN ('error', 'warning', 'finding'));
ALTER TABLE rules_hasil ADD COLUMN dasar text CHECK (length(dasar) <= 2000);
COMMENT ON COLUMN rules_hasil.keparahan IS 'The severity in force for the fiscal year: error refuses the transition; warning and finding let it pass, a finding being what the evaluators (Governor, Mendagri, DJPK) act on.';
COMMENT ON COLUMN rules_hasil.dasar IS 'The rule''s citation (its cite clause) as it was when evaluated; NULL for results recorded before 0024.';

CREATE TABLE penandaan_belanja_wajib (
	pemda_id      text NOT NULL REFERENCES pemda,
	penandaan_id  bigint GENERATED ALWAYS AS IDENTITY,
	tahun         integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	kategori      text NOT NULL CHECK (kategori ~ '^[a-z][a-z0-9_]{0,39}$'),
	sub_kegiatan  text NOT NULL CHECK (length(sub_kegiatan) BETWEEN 1 AND 49),
	akun          text NOT NULL CHECK (length(akun) BETWEEN 1 AND 49),
	hitung        boolean NOT NULL,
	dasar         text NOT NULL CHECK (length(dasar) BETWEEN 1 AND 300),
	alasan        text NOT NULL CHECK (length(alasan) BETWEEN 1 AND 1000),
	token_id      bigint,
	waktu         timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, penandaan_id),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
CREATE INDEX penandaan_belanja_wajib_tahun ON penandaan_belanja_wajib (pemda_id, tahun, kategori);
COMMENT ON TABLE penandaan_belanja_wajib IS 'A pemda''s own tagging of its belanja for a mandatory-spending classification (infrastruktur, pendidikan), beside the national default rows of the rule pack: per year, a sub kegiatan pattern (SIPD form) and an akun pattern that count or do not. Append-only; of rows with the same year, kategori and patterns the newest is in force.';
COMMENT ON COLUMN penandaan_belanja_wajib.pemda_id IS 'The pemda.';
COMMENT ON COLUMN penandaan_belanja_wajib.penandaan_id IS 'Identifier, in the order the rows were added.';
COMMENT ON COLUMN penandaan_belanja_wajib.tahun IS 'The fiscal year it applies to.';
COMMENT ON COLUMN penandaan_belanja_wajib.kategori IS 'The classification of the rule pack, e.g. infrastruktur.';
COMMENT ON COLUMN penandaan_belanja_wajib.sub_kegiatan IS 'Sub kegiatan pattern on the SIPD form: a code, code.*, * alone, or * segments (*.*.01.*).';
COMMENT ON COLUMN penandaan_belanja_wajib.akun IS 'Akun pattern, as sub_kegiatan.';
COMMENT ON COLUMN penandaan_belanja_wajib.hitung IS 'Whether the lines it matches count in the category (false: they do not).';
COMMENT ON COLUMN penandaan_belanja_wajib.dasar IS 'The legal basis, e.g. Keputusan Wali Kota 050/17/2027.';
COMMENT ON COLUMN penandaan_belanja_wajib.alasan IS 'Why, in words (shown to the evaluators).';
COMMENT ON COLUMN penandaan_belanja_wajib.token_id IS 'The token that added it.';
COMMENT ON COLUMN penandaan_belanja_wajib.waktu IS 'When it was added.';

CREATE TABLE kapasitas_fiskal (
	pemda_id      text NOT NULL REFERENCES pemda,
	kapasitas_id  bigint GENERATED ALWAYS AS IDENTITY,
	tahun         integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	kategori      text NOT NULL CHECK (kategori IN ('sangat_rendah', 'rendah', 'sedang', 'tinggi', 'sangat_tinggi')),
	dasar         text NOT NULL CHECK (length(dasar) BETWEEN 1 AND 300),
	token_id      bigint,
	waktu         timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, kapasitas_id),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
CREATE INDEX kapasitas_fiskal_tahun ON kapasitas_fiskal (pemda_id, tahun, kapasitas_id);
COMMENT ON TABLE kapasitas_fiskal IS 'A pemda''s kapasitas fiskal category for a budget year, from the Finance Minister''s map (PMK 65/2024, 127/2024, 97/2025); the rules read it as kapasitas_fiskal (the deficit cap by category). Append-only; the newest row of a year is in force.';
COMMENT ON COLUMN kapasitas_fiskal.pemda_id IS 'The pemda.';
COMMENT ON COLUMN kapasitas_fiskal.kapasitas_id IS 'Identifier, in the order the rows were added.';
COMMENT ON COLUMN kapasitas_fiskal.tahun IS 'The budget year the category is used for.';
COMMENT ON COLUMN kapasitas_fiskal.kategori IS 'sangat_rendah, rendah, sedang, tinggi or sangat_tinggi.';
COMMENT ON COLUMN kapasitas_fiskal.dasar IS 'The PMK of the map, e.g. PMK 97/2025.';
COMMENT ON COLUMN kapasitas_fiskal.token_id IS 'The token that recorded it.';
COMMENT ON COLUMN kapasitas_fiskal.waktu IS 'When it was recorded.';

GRANT SELECT, INSERT ON penandaan_belanja_wajib, kapasitas_fiskal TO pagu_app;
