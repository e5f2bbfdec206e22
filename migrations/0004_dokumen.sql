-- 0004_dokumen.sql: planning and budget documents (RKPD, KUA-PPAS, RKA) as versions with a state machine,
-- an append-only event log, immutable locked versions and a hash chain.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/dokumen.sql.

CREATE TABLE dokumen (
	pemda_id      text NOT NULL REFERENCES pemda,
	dokumen_id    bigint GENERATED ALWAYS AS IDENTITY,
	tahun         integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	jenis         text NOT NULL CHECK (jenis IN ('rkpd', 'kua_ppas', 'rka', 'apbd', 'dpa')),
	opd_kode      text,
	versi         integer NOT NULL CHECK (versi >= 1),
	asal_id       bigint,
	status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'verified', 'locked')),
	revisi        integer NOT NULL DEFAULT 1 CHECK (revisi >= 1),
	baris_terakhir integer NOT NULL DEFAULT 0 CHECK (baris_terakhir >= 0),
	hash          text CHECK (hash ~ '^[0-9a-f]{64}$'),
	hash_sebelum  text CHECK (hash_sebelum ~ '^[0-9a-f]{64}$'),
	dibuat        timestamptz NOT NULL DEFAULT now(),
	dikunci       timestamptz,
	PRIMARY KEY (pemda_id, dokumen_id),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode),
	FOREIGN KEY (pemda_id, asal_id) REFERENCES dokumen (pemda_id, dokumen_id),
	CHECK ((jenis IN ('rka', 'dpa')) = (opd_kode IS NOT NULL)),
	CHECK ((status = 'locked') = (hash IS NOT NULL AND dikunci IS NOT NULL))
);
CREATE UNIQUE INDEX dokumen_versi ON dokumen (pemda_id, tahun, jenis, coalesce(opd_kode, ''), versi);
COMMENT ON TABLE dokumen IS 'One version of a planning or budget document (RKPD, KUA-PPAS, RKA per OPD, APBD, DPA per OPD) of a pemda''s fiscal year. A locked version is immutable and hash-chained to the previous locked version of the same document; a change after locking is a new version derived from it.';
COMMENT ON COLUMN dokumen.pemda_id IS 'The pemda.';
COMMENT ON COLUMN dokumen.dokumen_id IS 'Identifier of this version.';
COMMENT ON COLUMN dokumen.tahun IS 'Fiscal year (tahun anggaran).';
COMMENT ON COLUMN dokumen.jenis IS 'rkpd, kua_ppas, rka, apbd or dpa.';
COMMENT ON COLUMN dokumen.opd_kode IS 'The OPD of an RKA or DPA; NULL for pemda-wide documents.';
COMMENT ON COLUMN dokumen.versi IS 'Version number within the document, from 1.';
COMMENT ON COLUMN dokumen.asal_id IS 'The locked version this one was derived from (perubahan, pergeseran); NULL for a first version.';
COMMENT ON COLUMN dokumen.status IS 'draft, submitted, verified or locked.';
COMMENT ON COLUMN dokumen.revisi IS 'Incremented by every change of a draft (lines or state): the ETag, checked against If-Match.';
COMMENT ON COLUMN dokumen.baris_terakhir IS 'The highest line number ever given in this version: line numbers are never reused, so a removed line is never confused with a later one.';
COMMENT ON COLUMN dokumen.hash IS 'SHA-256 of the canonical encoding of the locked version (see pagu_dokumen_kanonik), hex.';
COMMENT ON COLUMN dokumen.hash_sebelum IS 'Hash of the previous locked version of the same document, NULL for the first: the chain.';
COMMENT ON COLUMN dokumen.dibuat IS 'When the version was created.';
COMMENT ON COLUMN dokumen.dikunci IS 'When it was locked.';

CREATE TABLE dokumen_event (
	pemda_id      text NOT NULL,
	dokumen_id    bigint NOT NULL,
	urutan        integer NOT NULL CHECK (urutan >= 1),
	aksi          text NOT NULL CHECK (aksi IN ('create', 'derive', 'submit', 'verify', 'lock', 'reject', 'edit')),
	dari          text,
	ke            text NOT NULL,
	token_id      bigint,
	waktu         timestamptz NOT NULL DEFAULT now(),
	alasan        text,
	hash_sebelum  text,
	hash_sesudah  text,
	PRIMARY KEY (pemda_id, dokumen_id, urutan),
	FOREIGN KEY (pemda_id, dokumen_id) REFERENCES dokumen (pemda_id, dokumen_id),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE dokumen_event IS 'Append-only log of every state transition of every document version: who, when, why, and the content hash before and after.';
COMMENT ON COLUMN dokumen_event.pemda_id IS 'The pemda.';
COMMENT ON COLUMN dokumen_event.dokumen_id IS 'The version.';
COMMENT ON COLUMN dokumen_event.urutan IS 'Sequence within the version, from 1.';
COMMENT ON COLUMN dokumen_event.aksi IS 'create, derive, submit, verify, lock, reject or edit.';
COMMENT ON COLUMN dokumen_event.dari IS 'State before (NULL when created).';
COMMENT ON COLUMN dokumen_event.ke IS 'State after.';
COMMENT ON COLUMN dokumen_event.token_id IS 'The token that acted.';
COMMENT ON COLUMN dokumen_event.waktu IS 'When.';
COMMENT ON COLUMN dokumen_event.alasan IS 'Reason given (required for a rejection).';
COMMENT ON COLUMN dokumen_event.hash_sebelum IS 'Content hash of the version before the event.';
COMMENT ON COLUMN dokumen_event.hash_sesudah IS 'Content hash after the event.';

CREATE TABLE rkpd_item (
	pemda_id        text NOT NULL,
	dokumen_id      bigint NOT NULL,
	baris           integer NOT NULL CHECK (baris >= 1),
	opd_kode        text NOT NULL,
	sub_kegiatan    text NOT NULL,
	indikator       text NOT NULL CHECK (length(indikator) BETWEEN 1 AND 500),
	target          numeric(20, 4) NOT NULL CHECK (target >= 0),
	satuan          text NOT NULL CHECK (length(satuan) BETWEEN 1 AND 50),
	pagu_indikatif  numeric(20, 2) NOT NULL CHECK (pagu_indikatif >= 0),
	lokasi          text NOT NULL CHECK (length(lokasi) BETWEEN 1 AND 500),
	sumber_dana     text NOT NULL,
	lintang         numeric(9, 6) CHECK (lintang BETWEEN -90 AND 90),
	bujur           numeric(9, 6) CHECK (bujur BETWEEN -180 AND 180),
	rpjmd_kode      text CHECK (length(rpjmd_kode) BETWEEN 1 AND 50),
	PRIMARY KEY (pemda_id, dokumen_id, baris),
	FOREIGN KEY (pemda_id, dokumen_id) REFERENCES dokumen (pemda_id, dokumen_id),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode),
	CHECK ((lintang IS NULL) = (bujur IS NULL))
);
COMMENT ON TABLE rkpd_item IS 'A planned sub kegiatan of the RKPD: OPD, output indicator, target, pagu indikatif, location, sumber dana.';
COMMENT ON COLUMN rkpd_item.pemda_id IS 'The pemda.';
COMMENT ON COLUMN rkpd_item.dokumen_id IS 'The RKPD version.';
COMMENT ON COLUMN rkpd_item.baris IS 'Line number within the version.';
COMMENT ON COLUMN rkpd_item.opd_kode IS 'The OPD that carries it out.';
COMMENT ON COLUMN rkpd_item.sub_kegiatan IS 'Nomenklatur sub kegiatan code (4-digit form), active and of the pemda''s level.';
COMMENT ON COLUMN rkpd_item.indikator IS 'Output indicator.';
COMMENT ON COLUMN rkpd_item.target IS 'Target value of the indicator.';
COMMENT ON COLUMN rkpd_item.satuan IS 'Unit of the target.';
COMMENT ON COLUMN rkpd_item.pagu_indikatif IS 'Indicative ceiling, rupiah.';
COMMENT ON COLUMN rkpd_item.lokasi IS 'Location as text.';
COMMENT ON COLUMN rkpd_item.sumber_dana IS 'Sumber dana code, active in the reference.';
COMMENT ON COLUMN rkpd_item.lintang IS 'Optional location point: latitude (WGS 84), exact decimal degrees.';
COMMENT ON COLUMN rkpd_item.bujur IS 'Optional location point: longitude (WGS 84), exact decimal degrees.';
COMMENT ON COLUMN rkpd_item.rpjmd_kode IS 'Optional link to the RPJMD program or target the item serves.';

CREATE TABLE ssh_item (
	pemda_id      text NOT NULL REFERENCES pemda,
	tahun         integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	kode          text NOT NULL CHECK (kode ~ '^[0-9A-Za-z][0-9A-Za-z.-]{0,39}$'),
	versi         integer NOT NULL CHECK (versi >= 1),
	uraian        text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 500),
	satuan        text NOT NULL CHECK (length(satuan) BETWEEN 1 AND 50),
	harga         numeric(20, 2) NOT NULL CHECK (harga >= 0),
	akun          text[] NOT NULL CHECK (cardinality(akun) >= 1),
	token_id      bigint,
	dibuat        timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, tahun, kode, versi),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE ssh_item IS 'Standar satuan harga: the pemda''s standard unit prices for a fiscal year. Append-only: a new price is a new version of the item; the latest version is in force, and lines keep the version they used.';
COMMENT ON COLUMN ssh_item.pemda_id IS 'The pemda.';
COMMENT ON COLUMN ssh_item.tahun IS 'Fiscal year the price applies to.';
COMMENT ON COLUMN ssh_item.kode IS 'Item code, e.g. 1.1.7.01.01.01.001.';
COMMENT ON COLUMN ssh_item.versi IS 'Version of the item within the year, from 1.';
COMMENT ON COLUMN ssh_item.uraian IS 'Description.';
COMMENT ON COLUMN ssh_item.satuan IS 'Unit, e.g. rim, orang/hari.';
COMMENT ON COLUMN ssh_item.harga IS 'Standard unit price, rupiah.';
COMMENT ON COLUMN ssh_item.akun IS 'Kode rekening prefixes the item may be budgeted on, e.g. {5.1.02.01.01}.';
COMMENT ON COLUMN ssh_item.token_id IS 'The token that recorded this version.';
COMMENT ON COLUMN ssh_item.dibuat IS 'When.';

CREATE TABLE rka_baris (
	pemda_id      text NOT NULL,
	dokumen_id    bigint NOT NULL,
	baris         integer NOT NULL CHECK (baris >= 1),
	opd_kode      text NOT NULL,
	sub_kegiatan  text NOT NULL,
	akun          text NOT NULL,
	uraian        text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 500),
	koefisien     jsonb NOT NULL,
	volume        numeric(30, 8) NOT NULL CHECK (volume > 0),
	harga_satuan  numeric(20, 2) NOT NULL CHECK (harga_satuan >= 0),
	jumlah        numeric(20, 2) NOT NULL CHECK (jumlah >= 0),
	sumber_dana   text NOT NULL,
	asal_dokumen_id bigint,
	asal_baris    integer,
	PRIMARY KEY (pemda_id, dokumen_id, baris),
	FOREIGN KEY (pemda_id, dokumen_id) REFERENCES dokumen (pemda_id, dokumen_id),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode),
	FOREIGN KEY (pemda_id, asal_dokumen_id, asal_baris) REFERENCES rka_baris (pemda_id, dokumen_id, baris),
	ssh_kode      text,
	ssh_versi     integer,
	CHECK ((asal_dokumen_id IS NULL) = (asal_baris IS NULL)),
	CHECK ((ssh_kode IS NULL) = (ssh_versi IS NULL)),
	CHECK (jumlah = round(volume * harga_satuan, 2))
);
COMMENT ON TABLE rka_baris IS 'A budget line of an RKA, APBD or DPA version: sub kegiatan x akun, uraian, koefisien x harga satuan = jumlah.';
COMMENT ON COLUMN rka_baris.pemda_id IS 'The pemda.';
COMMENT ON COLUMN rka_baris.dokumen_id IS 'The version.';
COMMENT ON COLUMN rka_baris.baris IS 'Line number within the version.';
COMMENT ON COLUMN rka_baris.opd_kode IS 'The OPD the line belongs to: the document''s OPD for an RKA or DPA, the source RKA''s for an APBD.';
COMMENT ON COLUMN rka_baris.sub_kegiatan IS 'Nomenklatur sub kegiatan code (4-digit form).';
COMMENT ON COLUMN rka_baris.akun IS 'Kode rekening at level 6, active.';
COMMENT ON COLUMN rka_baris.uraian IS 'Description of the line.';
COMMENT ON COLUMN rka_baris.koefisien IS 'Factors of the volume: [{"nilai":"2","satuan":"orang"},{"nilai":"3","satuan":"hari"}].';
COMMENT ON COLUMN rka_baris.volume IS 'Product of the koefisien factors, exact.';
COMMENT ON COLUMN rka_baris.harga_satuan IS 'Unit price, rupiah.';
COMMENT ON COLUMN rka_baris.jumlah IS 'volume x harga_satuan rounded half away from zero to the sen (PostgreSQL round(numeric, 2)).';
COMMENT ON COLUMN rka_baris.sumber_dana IS 'Sumber dana code.';
COMMENT ON COLUMN rka_baris.asal_dokumen_id IS 'Provenance: the version and line this line was taken from (an APBD line from its RKA, a DPA line from its APBD); NULL for a line entered in an RKA.';
COMMENT ON COLUMN rka_baris.asal_baris IS 'Provenance: the line number in asal_dokumen_id.';
COMMENT ON COLUMN rka_baris.ssh_kode IS 'The SSH item the harga satuan refers to, if any.';
COMMENT ON COLUMN rka_baris.ssh_versi IS 'The version of that SSH item in force when the line was made.';

CREATE TABLE plafon (
	pemda_id      text NOT NULL,
	dokumen_id    bigint NOT NULL,
	baris         integer NOT NULL CHECK (baris >= 1),
	jenis         text NOT NULL CHECK (jenis IN ('opd', 'sub_kegiatan', 'pendapatan', 'penerimaan_pembiayaan',
						      'pengeluaran_pembiayaan')),
	opd_kode      text,
	sub_kegiatan  text,
	jumlah        numeric(20, 2) NOT NULL CHECK (jumlah >= 0),
	PRIMARY KEY (pemda_id, dokumen_id, baris),
	FOREIGN KEY (pemda_id, dokumen_id) REFERENCES dokumen (pemda_id, dokumen_id),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode),
	CHECK ((jenis IN ('opd', 'sub_kegiatan')) = (opd_kode IS NOT NULL)),
	CHECK ((jenis = 'sub_kegiatan') = (sub_kegiatan IS NOT NULL))
);
CREATE UNIQUE INDEX plafon_unik ON plafon (pemda_id, dokumen_id, jenis, coalesce(opd_kode, ''), coalesce(sub_kegiatan, ''));
COMMENT ON TABLE plafon IS 'A line of a KUA-PPAS version: the ceiling of an OPD or of an OPD''s sub kegiatan, or the year''s estimated pendapatan and pembiayaan.';
COMMENT ON COLUMN plafon.pemda_id IS 'The pemda.';
COMMENT ON COLUMN plafon.dokumen_id IS 'The KUA-PPAS version.';
COMMENT ON COLUMN plafon.baris IS 'Line number within the version.';
COMMENT ON COLUMN plafon.jenis IS 'opd, sub_kegiatan, pendapatan, penerimaan_pembiayaan or pengeluaran_pembiayaan.';
COMMENT ON COLUMN plafon.opd_kode IS 'The OPD of an opd or sub_kegiatan ceiling.';
COMMENT ON COLUMN plafon.sub_kegiatan IS 'The sub kegiatan of a sub_kegiatan ceiling.';
COMMENT ON COLUMN plafon.jumlah IS 'The ceiling or estimate, rupiah.';

CREATE TABLE anggaran_kas (
	pemda_id      text NOT NULL,
	dokumen_id    bigint NOT NULL,
	baris         integer NOT NULL,
	bulan         smallint NOT NULL CHECK (bulan BETWEEN 1 AND 12),
	jumlah        numeric(20, 2) NOT NULL CHECK (jumlah >= 0),
	PRIMARY KEY (pemda_id, dokumen_id, baris, bulan),
	FOREIGN KEY (pemda_id, dokumen_id, baris) REFERENCES rka_baris (pemda_id, dokumen_id, baris) ON DELETE CASCADE
);
COMMENT ON TABLE anggaran_kas IS 'The monthly cash plan (anggaran kas) of a DPA line: twelve months that sum to the line''s jumlah.';
COMMENT ON COLUMN anggaran_kas.pemda_id IS 'The pemda.';
COMMENT ON COLUMN anggaran_kas.dokumen_id IS 'The DPA version.';
COMMENT ON COLUMN anggaran_kas.baris IS 'The DPA line.';
COMMENT ON COLUMN anggaran_kas.bulan IS 'Month, 1 (January) to 12.';
COMMENT ON COLUMN anggaran_kas.jumlah IS 'Cash planned for the month, rupiah.';

-- Errors raised by the procedures below carry SQLSTATEs of class P9 that the engine
-- maps to problems: P9404 not found, P9409 wrong state or conflict, P9412 stale
-- revision, P9422 a rule or reference check refused it. DETAIL names the field.

GRANT UPDATE (baris_terakhir) ON dokumen TO pagu_app;
GRANT SELECT, INSERT ON ssh_item TO pagu_app;
GRANT SELECT ON dokumen, dokumen_event, rkpd_item, rka_baris, plafon, anggaran_kas TO pagu_app;
GRANT INSERT ON dokumen, dokumen_event, rkpd_item, rka_baris, plafon, anggaran_kas TO pagu_app;
GRANT UPDATE (status, revisi, baris_terakhir, hash, hash_sebelum, dikunci) ON dokumen TO pagu_app;
GRANT DELETE ON rkpd_item, rka_baris, plafon, anggaran_kas TO pagu_app;
