-- 0002_tenant.sql: the tenant (pemda) and its government units (OPD).

CREATE TABLE pemda (
	pemda_id     text PRIMARY KEY CHECK (pemda_id ~ '^[0-9]{2}(\.[0-9]{2})?$'),
	nama         text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
	jenis        text NOT NULL CHECK (jenis IN ('provinsi', 'kabkota')),
	provinsi_id  text NOT NULL CHECK (provinsi_id ~ '^[0-9]{2}$'),
	ibukota      text,
	CHECK ((jenis = 'provinsi') = (pemda_id !~ '\.')),
	CHECK (provinsi_id = split_part(pemda_id, '.', 1))
);
COMMENT ON TABLE pemda IS 'A regional government (provinsi, kabupaten or kota): the tenant. Every tenant row and key in pagu leads with pemda_id.';
COMMENT ON COLUMN pemda.pemda_id IS 'Kemendagri wilayah code: 13.71 Kota Padang, 19 Provinsi Kepulauan Bangka Belitung.';
COMMENT ON COLUMN pemda.nama IS 'Official name, e.g. Kota Padang.';
COMMENT ON COLUMN pemda.jenis IS 'provinsi or kabkota; decides which nomenklatur kegiatan (level digit 1 or 2) the pemda may plan.';
COMMENT ON COLUMN pemda.provinsi_id IS 'Province code: the pemda itself for a province, its province for a kabupaten or kota.';
COMMENT ON COLUMN pemda.ibukota IS 'Seat of government.';

CREATE TABLE opd (
	pemda_id     text NOT NULL REFERENCES pemda,
	kode         text NOT NULL CHECK (kode ~ '^[0-9X]\.[0-9X]{2}\.[0-9]\.[0-9]{2}\.[0-9]\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$'),
	nama         text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
	singkatan    text,
	bidang       text[] NOT NULL,
	PRIMARY KEY (pemda_id, kode)
);
COMMENT ON TABLE opd IS 'A government unit (SKPD/OPD) of a pemda.';
COMMENT ON COLUMN opd.pemda_id IS 'The pemda the unit belongs to.';
COMMENT ON COLUMN opd.kode IS 'Organisation code in the Permendagri 90 / SIPD form u.bb.u.bb.u.bb.UU.SSSS: up to three urusan-bidang pairs served, unit, sub unit.';
COMMENT ON COLUMN opd.nama IS 'Official name, e.g. Dinas Pendidikan.';
COMMENT ON COLUMN opd.singkatan IS 'Common abbreviation, e.g. Disdik, BPKAD.';
COMMENT ON COLUMN opd.bidang IS 'Bidang urusan codes the unit serves, in the order of its code.';

GRANT SELECT ON pemda, opd TO pagu_app;
