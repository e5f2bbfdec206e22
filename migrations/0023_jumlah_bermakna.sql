-- 0023_jumlah_bermakna.sql - an amount that means nothing is not written: an SPD, SPM, SP2D or STS
-- of zero, or a line of zero in any entry, would be an empty entry in the hash chain (the API
-- refuses them first, naming the field; these hold for any other writer). NOT VALID: rows already
-- written stay as they are (verify still covers them); every new row is checked.
ALTER TABLE entri ADD CONSTRAINT entri_jumlah_bermakna
	CHECK (jenis NOT IN ('spd', 'spm', 'sp2d', 'sts') OR jumlah > 0) NOT VALID;
COMMENT ON CONSTRAINT entri_jumlah_bermakna ON entri IS 'An SPD, SPM, SP2D or STS moves more than nothing.';
ALTER TABLE entri_baris ADD CONSTRAINT entri_baris_jumlah_bermakna CHECK (jumlah > 0) NOT VALID;
COMMENT ON CONSTRAINT entri_baris_jumlah_bermakna ON entri_baris IS 'Every line of an entry names more than nothing.';
