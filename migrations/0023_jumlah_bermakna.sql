-- 0023_jumlah_bermakna.sql - an amount that means nothing is not written: an SPD, SPM, SP2D or STS
-- of zero would be an empty entry in the hash chain (the API refuses it first, naming the field;
-- this holds for any other writer). A line of zero stays possible: an SP2D of part of an SPM
-- releases the SPM's other pockets with lines that post nothing. NOT VALID: rows already written
-- stay as they are (verify still covers them); every new row is checked.
ALTER TABLE entri ADD CONSTRAINT entri_jumlah_bermakna
	CHECK (jenis NOT IN ('spd', 'spm', 'sp2d', 'sts') OR jumlah > 0) NOT VALID;
COMMENT ON CONSTRAINT entri_jumlah_bermakna ON entri IS 'An SPD, SPM, SP2D or STS moves more than nothing.';
