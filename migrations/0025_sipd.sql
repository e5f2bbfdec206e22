-- 0025_sipd.sql - SIPD's data as it is (issue 18): a penunjang (X.XX) line keeps the bidang of the
-- OPD it was budgeted under, and a pendapatan or pembiayaan line may have no sub kegiatan (SIPD
-- keeps them by OPD and akun). Pockets follow: keyed by OPD x sub kegiatan x bidang x akun, a NULL
-- sub kegiatan or bidang being one value (NULLS NOT DISTINCT).

ALTER TABLE rka_baris ADD COLUMN bidang text
	CONSTRAINT rka_baris_bidang CHECK (bidang IS NULL OR (bidang ~ '^[1-9]\.[0-9]{2}$' AND sub_kegiatan LIKE 'X.XX.%'));
COMMENT ON COLUMN rka_baris.bidang IS 'For a penunjang sub kegiatan (X.XX...): the bidang urusan of the OPD it is budgeted under, as SIPD writes it (1.01.01.2.02.0001 is X.XX.01.2.02.0001 under bidang 1.01). NULL for other lines, and for penunjang lines written before issue 18 (read as the OPD''s first bidang).';

ALTER TABLE rka_baris ALTER COLUMN sub_kegiatan DROP NOT NULL;
ALTER TABLE rka_baris ADD CONSTRAINT rka_baris_sub_kegiatan_belanja
	CHECK (sub_kegiatan IS NOT NULL OR akun LIKE '4.%' OR akun LIKE '6.%');
COMMENT ON COLUMN rka_baris.sub_kegiatan IS 'Nomenklatur sub kegiatan code (4-digit form; a penunjang one as X.XX..., its bidang in bidang). NULL only for a pendapatan (4) or pembiayaan (6) line, which SIPD keeps by OPD and akun.';

ALTER TABLE kantong ADD COLUMN bidang text;
COMMENT ON COLUMN kantong.bidang IS 'For a penunjang sub kegiatan (X.XX...): the bidang of its lines; NULL otherwise.';
ALTER TABLE kantong ALTER COLUMN sub_kegiatan DROP NOT NULL;
COMMENT ON COLUMN kantong.sub_kegiatan IS 'The sub kegiatan; NULL for a pendapatan or pembiayaan pocket kept by OPD and akun.';
-- penunjang pockets made before this migration were allocated under the OPD's first bidang (of an
-- urusan: not X.XX), as pagu_baris_bidang reads their lines
UPDATE kantong k SET bidang = (SELECT b FROM unnest(o.bidang) WITH ORDINALITY AS u(b, i)
	WHERE b ~ '^[1-9]\.[0-9]{2}$' ORDER BY i LIMIT 1)
FROM opd o WHERE o.pemda_id = k.pemda_id AND o.kode = k.opd_kode AND k.sub_kegiatan LIKE 'X.XX.%';
ALTER TABLE kantong DROP CONSTRAINT kantong_pemda_id_tahun_opd_kode_sub_kegiatan_akun_key;
ALTER TABLE kantong ADD CONSTRAINT kantong_unik UNIQUE NULLS NOT DISTINCT (pemda_id, tahun, opd_kode, sub_kegiatan, bidang, akun);
ALTER TABLE kantong ADD CONSTRAINT kantong_sub_kegiatan_belanja
	CHECK (sub_kegiatan IS NOT NULL OR akun LIKE '4.%' OR akun LIKE '6.%');
