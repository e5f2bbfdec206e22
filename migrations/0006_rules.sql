-- 0006_rules.sql: the rules DSL in the record: every rules file ever in force (by hash), a pemda's
-- own rule files (Perkada), and each evaluation of a transition with its results.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/rules.sql.

CREATE TABLE rules_berkas (
	hash          text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
	nama          text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
	isi           text NOT NULL,
	dibuat        timestamptz NOT NULL DEFAULT now(),
	CHECK (encode(sha256(convert_to(isi, 'UTF8')), 'hex') = hash)
);
COMMENT ON TABLE rules_berkas IS 'The text of every rules file that took part in an evaluation, by the SHA-256 of its text: with rules_evaluasi.berkas, any past decision can be replayed and explained from the exact rules in force.';
COMMENT ON COLUMN rules_berkas.hash IS 'SHA-256 of the text, hex.';
COMMENT ON COLUMN rules_berkas.nama IS 'The file name when first stored (apbd.rules, perkada/nama.rules).';
COMMENT ON COLUMN rules_berkas.isi IS 'The text of the file.';
COMMENT ON COLUMN rules_berkas.dibuat IS 'When it was first stored.';

CREATE TABLE rules_perkada (
	pemda_id      text NOT NULL REFERENCES pemda,
	nama          text NOT NULL CHECK (nama ~ '^[a-z0-9][a-z0-9_]{0,59}$'),
	versi         integer NOT NULL CHECK (versi >= 1),
	berlaku       date NOT NULL,
	judul         text NOT NULL CHECK (length(judul) BETWEEN 1 AND 300),
	hash          text NOT NULL REFERENCES rules_berkas,
	token_id      bigint,
	dibuat        timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, nama, versi),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE rules_perkada IS 'A pemda''s own rules file (a Perkada or Perwali/Perbup turned into rules), versioned and immutable: a change is a new version, in force from its berlaku date; the newest version in force of each name joins the national pack.';
COMMENT ON COLUMN rules_perkada.pemda_id IS 'The pemda.';
COMMENT ON COLUMN rules_perkada.nama IS 'The file''s name within the pemda (lowercase letters, digits, _); it is evaluated as perkada/<nama>.rules.';
COMMENT ON COLUMN rules_perkada.versi IS 'Version, from 1.';
COMMENT ON COLUMN rules_perkada.berlaku IS 'In force from this date (WIB) on, until a later version of the same name is.';
COMMENT ON COLUMN rules_perkada.judul IS 'What the regulation is, e.g. Perwali Padang 12/2026 tentang ...';
COMMENT ON COLUMN rules_perkada.hash IS 'The text, in rules_berkas.';
COMMENT ON COLUMN rules_perkada.token_id IS 'The admin token that uploaded it.';
COMMENT ON COLUMN rules_perkada.dibuat IS 'When it was uploaded.';

CREATE TABLE rules_evaluasi (
	pemda_id      text NOT NULL REFERENCES pemda,
	evaluasi_id   bigint GENERATED ALWAYS AS IDENTITY,
	dokumen_id    bigint NOT NULL,
	peristiwa     text NOT NULL CHECK (peristiwa ~ '^[a-z_]+ [a-z_]+$'),
	urutan        integer,
	diterima      boolean NOT NULL,
	paket_hash    text NOT NULL CHECK (paket_hash ~ '^[0-9a-f]{64}$'),
	berkas        jsonb NOT NULL,
	token_id      bigint,
	waktu         timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, evaluasi_id),
	FOREIGN KEY (pemda_id, dokumen_id) REFERENCES dokumen (pemda_id, dokumen_id),
	FOREIGN KEY (pemda_id, dokumen_id, urutan) REFERENCES dokumen_event (pemda_id, dokumen_id, urutan),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id),
	CHECK (diterima = (urutan IS NOT NULL))
);
CREATE INDEX rules_evaluasi_dokumen ON rules_evaluasi (pemda_id, dokumen_id, evaluasi_id);
COMMENT ON TABLE rules_evaluasi IS 'One evaluation of the rule pack on a transition of a document version: the pack by hash, and whether the transition went through (with its event) or was refused by an error rule (recorded after the refused transaction rolled back).';
COMMENT ON COLUMN rules_evaluasi.pemda_id IS 'The pemda.';
COMMENT ON COLUMN rules_evaluasi.evaluasi_id IS 'Identifier of the evaluation.';
COMMENT ON COLUMN rules_evaluasi.dokumen_id IS 'The document version.';
COMMENT ON COLUMN rules_evaluasi.peristiwa IS 'The event, e.g. lock apbd.';
COMMENT ON COLUMN rules_evaluasi.urutan IS 'The dokumen_event the transition recorded; NULL when it was refused.';
COMMENT ON COLUMN rules_evaluasi.diterima IS 'Whether the transition went through.';
COMMENT ON COLUMN rules_evaluasi.paket_hash IS 'Hash of the rule pack in force (see rules/pack.h).';
COMMENT ON COLUMN rules_evaluasi.berkas IS 'The pack''s files in order: [{"nama": ..., "hash": ...}], their texts in rules_berkas.';
COMMENT ON COLUMN rules_evaluasi.token_id IS 'The token that asked for the transition.';
COMMENT ON COLUMN rules_evaluasi.waktu IS 'When.';

CREATE TABLE rules_hasil (
	pemda_id      text NOT NULL,
	evaluasi_id   bigint NOT NULL,
	urutan        integer NOT NULL CHECK (urutan >= 1),
	rule_id       text NOT NULL,
	berkas        text NOT NULL,
	baris         integer NOT NULL,
	keparahan     text NOT NULL CHECK (keparahan IN ('error', 'warning')),
	berlaku       boolean NOT NULL,
	lolos         boolean NOT NULL,
	pesan         text,
	nilai         jsonb NOT NULL,
	kelompok      integer NOT NULL DEFAULT 0,
	gagal         integer NOT NULL DEFAULT 0,
	rincian       jsonb NOT NULL DEFAULT '[]',
	PRIMARY KEY (pemda_id, evaluasi_id, urutan),
	FOREIGN KEY (pemda_id, evaluasi_id) REFERENCES rules_evaluasi (pemda_id, evaluasi_id)
);
COMMENT ON TABLE rules_hasil IS 'The result of one rule in one evaluation: severity in force, whether it applied and passed, its message and the values it computed.';
COMMENT ON COLUMN rules_hasil.pemda_id IS 'The pemda.';
COMMENT ON COLUMN rules_hasil.evaluasi_id IS 'The evaluation.';
COMMENT ON COLUMN rules_hasil.urutan IS 'Order of the rule in the pack, from 1.';
COMMENT ON COLUMN rules_hasil.rule_id IS 'The rule''s id.';
COMMENT ON COLUMN rules_hasil.berkas IS 'The file it is in.';
COMMENT ON COLUMN rules_hasil.baris IS 'The line of the file where the rule starts.';
COMMENT ON COLUMN rules_hasil.keparahan IS 'The severity in force for the fiscal year: error refuses the transition, warning lets it pass.';
COMMENT ON COLUMN rules_hasil.berlaku IS 'Whether the rule applied (false: disabled, or its applies clause was false).';
COMMENT ON COLUMN rules_hasil.lolos IS 'Whether it passed.';
COMMENT ON COLUMN rules_hasil.pesan IS 'Its message with the values filled in (of the first failing group of a for-each rule).';
COMMENT ON COLUMN rules_hasil.nilai IS 'The values of its lets, as exact decimal strings.';
COMMENT ON COLUMN rules_hasil.kelompok IS 'For a for-each rule: the groups checked.';
COMMENT ON COLUMN rules_hasil.gagal IS 'For a for-each rule: the groups that failed.';
COMMENT ON COLUMN rules_hasil.rincian IS 'For a for-each rule: the first failing groups, [{"kode": ..., "pesan": ...}].';

GRANT SELECT, INSERT ON rules_berkas, rules_perkada, rules_evaluasi, rules_hasil TO pagu_app;
