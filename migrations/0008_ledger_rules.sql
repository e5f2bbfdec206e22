-- 0008_ledger_rules.sql: the rules at postings. An SP2D or STS is evaluated like a transition
-- (events post sp2d, post sts); its evaluation is recorded against the posting's DPA and entry.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/rules.sql.

ALTER TABLE rules_evaluasi ADD COLUMN entri_id bigint;
ALTER TABLE rules_evaluasi ADD FOREIGN KEY (pemda_id, entri_id) REFERENCES entri (pemda_id, entri_id);
ALTER TABLE rules_evaluasi DROP CONSTRAINT rules_evaluasi_check;
ALTER TABLE rules_evaluasi ADD CONSTRAINT rules_evaluasi_diterima
	CHECK (diterima = (urutan IS NOT NULL OR entri_id IS NOT NULL));
-- events name documents and postings: sp2d has a digit
ALTER TABLE rules_evaluasi DROP CONSTRAINT rules_evaluasi_peristiwa_check;
ALTER TABLE rules_evaluasi ADD CONSTRAINT rules_evaluasi_peristiwa CHECK (peristiwa ~ '^[a-z_]+ [a-z0-9_]+$');
COMMENT ON COLUMN rules_evaluasi.entri_id IS 'For a posting (post sp2d, post sts): the ledger entry it evaluated; dokumen_id is then the DPA of its first pocket.';
COMMENT ON COLUMN rules_evaluasi.dokumen_id IS 'The document version; for a posting, the DPA of its first pocket.';
