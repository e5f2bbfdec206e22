-- 0001_reference.sql: append-only guard, the national code lists as versioned references.
-- Since issue 17 its functions and triggers are defined once, in
-- migrations/procedures/common.sql, migrations/procedures/reference.sql.

CREATE TABLE ref_version (
	ref_version_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kode             text NOT NULL UNIQUE CHECK (kode ~ '^[a-z0-9][a-z0-9.-]{0,63}$'),
	nama             text NOT NULL,
	dasar_hukum      text NOT NULL,
	tahun_mulai      integer NOT NULL CHECK (tahun_mulai BETWEEN 2000 AND 2100),
	sumber           text NOT NULL,
	sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	loaded_at        timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE ref_version IS 'One loaded edition of the national code lists (nomenklatur, kode rekening, sumber dana). A code list is effective-dated: the edition in force for a fiscal year is the one with the greatest tahun_mulai not after it.';
COMMENT ON COLUMN ref_version.ref_version_id IS 'Surrogate key referenced by every reference row.';
COMMENT ON COLUMN ref_version.kode IS 'Stable name of the edition, e.g. kepmendagri-050-3708-2020.';
COMMENT ON COLUMN ref_version.nama IS 'Human description of the edition.';
COMMENT ON COLUMN ref_version.dasar_hukum IS 'Legal basis: the regulations whose annexes the lists are.';
COMMENT ON COLUMN ref_version.tahun_mulai IS 'First fiscal year (tahun anggaran) the edition applies to.';
COMMENT ON COLUMN ref_version.sumber IS 'Where the rows came from (files and their provenance).';
COMMENT ON COLUMN ref_version.sha256 IS 'SHA-256 over the source files as loaded, hex; the loader refuses to load the same kode with different content.';
COMMENT ON COLUMN ref_version.loaded_at IS 'When the edition was loaded.';

CREATE TABLE ref_akun (
	ref_version_id   integer NOT NULL REFERENCES ref_version,
	baris            integer NOT NULL CHECK (baris > 0),
	kode             text NOT NULL CHECK (kode ~ '^[0-9](\.[0-9](\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?)?)?$'),
	level            smallint NOT NULL CHECK (level BETWEEN 1 AND 6),
	nama             text NOT NULL,
	aktif            boolean NOT NULL,
	id_hkm           smallint NOT NULL,
	PRIMARY KEY (ref_version_id, baris)
);
CREATE UNIQUE INDEX ref_akun_aktif_kode ON ref_akun (ref_version_id, kode text_pattern_ops) WHERE aktif;
CREATE INDEX ref_akun_kode ON ref_akun (ref_version_id, kode text_pattern_ops);
COMMENT ON TABLE ref_akun IS 'Kode rekening (chart of accounts, Permendagri 90/2019 Lampiran): akun > kelompok > jenis > objek > rincian objek > sub rincian objek. A code may appear twice in one edition, once retired and once active with a new name; at most one active row per code.';
COMMENT ON COLUMN ref_akun.ref_version_id IS 'Edition the row belongs to.';
COMMENT ON COLUMN ref_akun.baris IS 'Row number in the source list, keeping retired and active rows of one code apart.';
COMMENT ON COLUMN ref_akun.kode IS 'Account code, e.g. 5.1.02.01.01.0024.';
COMMENT ON COLUMN ref_akun.level IS '1 akun, 2 kelompok, 3 jenis, 4 objek, 5 rincian objek, 6 sub rincian objek.';
COMMENT ON COLUMN ref_akun.nama IS 'Account name as in the regulation.';
COMMENT ON COLUMN ref_akun.aktif IS 'False for a retired row: kept for history, refused for new budget lines.';
COMMENT ON COLUMN ref_akun.id_hkm IS 'Legal basis of the row in the source: 90 Permendagri 90/2019 original, 50 changed by Kepmendagri 050-3708/2020.';

CREATE TABLE ref_nomenklatur (
	ref_version_id   integer NOT NULL REFERENCES ref_version,
	baris            integer NOT NULL CHECK (baris > 0),
	level            text NOT NULL CHECK (level IN ('urusan', 'bidang', 'program', 'kegiatan', 'sub_kegiatan')),
	kode             text NOT NULL,
	kode_lama        text NOT NULL,
	nama             text NOT NULL,
	jenis_pemda      text NOT NULL CHECK (jenis_pemda IN ('provinsi', 'kabkota', 'both')),
	aktif            boolean NOT NULL,
	id_hkm           smallint NOT NULL,
	kode_urusan      text NOT NULL,
	kode_bidang      text,
	kode_program     text,
	kode_kegiatan    text,
	PRIMARY KEY (ref_version_id, baris)
);
CREATE UNIQUE INDEX ref_nomenklatur_aktif_kode ON ref_nomenklatur (ref_version_id, kode, jenis_pemda) WHERE aktif;
CREATE INDEX ref_nomenklatur_kode ON ref_nomenklatur (ref_version_id, kode text_pattern_ops, jenis_pemda);
COMMENT ON TABLE ref_nomenklatur IS 'Nomenklatur (Permendagri 90/2019 and updates): urusan > bidang urusan > program > kegiatan > sub kegiatan, listed separately for provinsi and kabupaten/kota.';
COMMENT ON COLUMN ref_nomenklatur.ref_version_id IS 'Edition the row belongs to.';
COMMENT ON COLUMN ref_nomenklatur.baris IS 'Row number in the source list.';
COMMENT ON COLUMN ref_nomenklatur.level IS 'urusan, bidang, program, kegiatan or sub_kegiatan.';
COMMENT ON COLUMN ref_nomenklatur.kode IS 'Canonical code; a sub kegiatan in the 4-digit form used since Kepmendagri 050-5889/2021 and by SIPD (1.01.02.1.01.0001).';
COMMENT ON COLUMN ref_nomenklatur.kode_lama IS 'The code as printed in Permendagri 90/2019 (2-digit last segment for a sub kegiatan).';
COMMENT ON COLUMN ref_nomenklatur.nama IS 'Name as in the regulation.';
COMMENT ON COLUMN ref_nomenklatur.jenis_pemda IS 'Level of government the row applies to: provinsi, kabkota, or both (urusan rows).';
COMMENT ON COLUMN ref_nomenklatur.aktif IS 'False for a retired row.';
COMMENT ON COLUMN ref_nomenklatur.id_hkm IS '90 Permendagri 90/2019 original, 50 changed by Kepmendagri 050-3708/2020.';
COMMENT ON COLUMN ref_nomenklatur.kode_urusan IS 'Urusan of the row (X = penunjang, ? = kekhususan Aceh).';
COMMENT ON COLUMN ref_nomenklatur.kode_bidang IS 'Bidang urusan of the row; NULL for an urusan row.';
COMMENT ON COLUMN ref_nomenklatur.kode_program IS 'Program of the row; NULL above program level.';
COMMENT ON COLUMN ref_nomenklatur.kode_kegiatan IS 'Kegiatan of the row; NULL above kegiatan level.';

CREATE TABLE ref_sumber_dana (
	ref_version_id   integer NOT NULL REFERENCES ref_version,
	baris            integer NOT NULL CHECK (baris > 0),
	kode             text NOT NULL CHECK (kode ~ '^[0-9]+(\.[0-9]+)*$'),
	level            smallint NOT NULL CHECK (level BETWEEN 1 AND 6),
	nama             text NOT NULL,
	aktif            boolean NOT NULL,
	id_hkm           smallint NOT NULL,
	PRIMARY KEY (ref_version_id, baris)
);
CREATE UNIQUE INDEX ref_sumber_dana_aktif_kode ON ref_sumber_dana (ref_version_id, kode) WHERE aktif;
COMMENT ON TABLE ref_sumber_dana IS 'Sumber dana (source of funds) code list.';
COMMENT ON COLUMN ref_sumber_dana.ref_version_id IS 'Edition the row belongs to.';
COMMENT ON COLUMN ref_sumber_dana.baris IS 'Row number in the source list.';
COMMENT ON COLUMN ref_sumber_dana.kode IS 'Sumber dana code, e.g. 1.1 (PAD).';
COMMENT ON COLUMN ref_sumber_dana.level IS 'Depth of the code, 1 to 6.';
COMMENT ON COLUMN ref_sumber_dana.nama IS 'Name as in the source list.';
COMMENT ON COLUMN ref_sumber_dana.aktif IS 'False for a retired row.';
COMMENT ON COLUMN ref_sumber_dana.id_hkm IS '90 Permendagri 90/2019 original, 50 changed by Kepmendagri 050-3708/2020.';

GRANT SELECT ON ref_version, ref_akun, ref_nomenklatur, ref_sumber_dana TO pagu_app;
