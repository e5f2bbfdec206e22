-- 0026_perubahan.sql - APBD Perubahan and pergeseran (issue 18, part 3).
--
-- A version of a budget document says which stage of the year it belongs to (tahap):
--   murni       the APBD as first enacted, its RKAs and DPAs (every version before this migration);
--   pergeseran  a DPA version that shifts amounts between lines of one sub kegiatan without the
--               Perubahan (Permendagri 77/2020's pergeseran, approved by the PPKD or the Sekda);
--   perubahan   an RKA-P (an RKA version derived from the OPD's locked DPA), an APBD-P (an APBD
--               version assembled from the RKA-Ps and the other OPDs' DPAs), a DPPA (a DPA from it).
-- The stage, the basis of a second Perubahan (keadaan luar biasa) and the date of the DPRD's
-- approval of an APBD-P are part of the locked version's canonical text (docs/canonical.md), so the
-- hash chain and verify cover them; the header guard keeps tahap and dasar fixed.
-- Functions: migrations/procedures/perubahan.sql (and the ones changed in dokumen.sql,
-- apbd_sumber.sql, ledger.sql, laporan.sql).

ALTER TABLE dokumen ADD COLUMN tahap text NOT NULL DEFAULT 'murni'
	CONSTRAINT dokumen_tahap_nilai CHECK (tahap IN ('murni', 'pergeseran', 'perubahan'));
ALTER TABLE dokumen ADD COLUMN dasar text CONSTRAINT dokumen_dasar_panjang CHECK (length(dasar) BETWEEN 1 AND 1000);
ALTER TABLE dokumen ADD COLUMN tanggal_dprd date;
ALTER TABLE dokumen ADD CONSTRAINT dokumen_tahap_jenis
	CHECK (tahap = 'murni' OR (tahap = 'pergeseran' AND jenis = 'dpa') OR (tahap = 'perubahan' AND jenis IN ('rka', 'apbd', 'dpa')));
ALTER TABLE dokumen ADD CONSTRAINT dokumen_dprd_apbd_p
	CHECK (tanggal_dprd IS NULL OR (jenis = 'apbd' AND tahap = 'perubahan'));
-- UU 23/2014 Pasal 317 ayat (1) (belum diverifikasi): the DPRD approves the Perubahan at the latest
-- three months before the end of the budget year
ALTER TABLE dokumen ADD CONSTRAINT dokumen_dprd_batas
	CHECK (tanggal_dprd IS NULL OR (tanggal_dprd >= make_date(tahun, 1, 1) AND tanggal_dprd <= make_date(tahun, 9, 30)));
ALTER TABLE dokumen ADD CONSTRAINT dokumen_dprd_dikunci
	CHECK (NOT (jenis = 'apbd' AND tahap = 'perubahan' AND status = 'locked') OR tanggal_dprd IS NOT NULL);
COMMENT ON COLUMN dokumen.tahap IS 'Stage of the year: murni (as first enacted), pergeseran (a DPA shifting amounts within a sub kegiatan without the Perubahan), perubahan (RKA-P, APBD-P, DPPA).';
COMMENT ON COLUMN dokumen.dasar IS 'The stated basis of an APBD-P made after another one in the same year (keadaan luar biasa); NULL otherwise.';
COMMENT ON COLUMN dokumen.tanggal_dprd IS 'An APBD-P: the date the DPRD approved it, recorded with its lock; at the latest 30 September of its year.';
GRANT UPDATE (tanggal_dprd) ON dokumen TO pagu_app;

-- Versions of a stage are looked up per year and kind.
CREATE INDEX dokumen_tahap ON dokumen (pemda_id, tahun, jenis, tahap) WHERE tahap <> 'murni';

-- The Sekretaris Daerah approves a pergeseran antar objek within a jenis (Permendagri 77/2020).
ALTER TABLE api_token DROP CONSTRAINT api_token_peran_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_peran_check
	CHECK (peran IN ('planner', 'finance', 'revenue', 'inspector', 'admin', 'sekda'));

-- pagu_lra gains the murni columns: its row type changes.
DROP FUNCTION IF EXISTS pagu_lra(text, integer, date, text);
COMMENT ON COLUMN api_token.peran IS 'Role: planner, finance, revenue, inspector, admin or sekda (Sekretaris Daerah: approves a pergeseran antar objek).';
