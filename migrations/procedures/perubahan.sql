-- procedures/perubahan.sql - the year's changes: pergeseran (a DPA shifting amounts within a sub
-- kegiatan) and the APBD Perubahan (RKA-P per OPD, APBD-P assembled from them, DPPA, the DPRD's date).
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.
--
-- Sources (research18/mandatory-spending.md section 5; "(belum diverifikasi)" = not read in the text):
--   who approves a pergeseran: Permendagri 77/2020, lampiran (pergeseran anggaran), as reproduced in a
--     "Tata Cara Pergeseran Anggaran" document (belum diverifikasi against the lampiran itself):
--     antar objek dalam jenis yang sama: Sekretaris Daerah; antar rincian objek dalam objek yang sama
--     and antar sub rincian objek dalam rincian objek yang sama: PPKD; uraian of a sub rincian objek:
--     PPKD (or PA/KPA in listed cases);
--   a shift across unit organisasi, program, kegiatan (sub kegiatan) or jenis belanja is a ground for
--     the Perubahan APBD: read in the older instrument's text (Permendagri 13/2006-era "Pasal 110"),
--     kept by PP 12/2019 (belum diverifikasi);
--   the Perubahan once a year unless in keadaan luar biasa: the same text ("hanya dapat dilakukan 1
--     (satu) kali dalam 1 (satu) tahun anggaran, kecuali dalam keadaan luar biasa"); PP 12/2019
--     (belum diverifikasi);
--   the DPRD's approval at the latest 3 months before the year's end: UU 23/2014 Pasal 317 ayat (1)
--     (belum diverifikasi; the same rule read in UU 25/1999 Pasal 20 ayat (2)).
-- Today is the date in WIB: (now() AT TIME ZONE 'Asia/Jakarta')::date (DESIGN18 section 7).

-- The first n segments of an akun: 3 the jenis (5.1.02), 4 the objek, 5 the rincian objek.
CREATE OR REPLACE FUNCTION pagu_akun_awal(p_akun text, p_n integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT array_to_string((string_to_array(p_akun, '.'))[1:p_n], '.')
$$;
COMMENT ON FUNCTION pagu_akun_awal(text, integer) IS 'The first n segments of a kode rekening (3: jenis, 4: objek, 5: rincian objek).';

-- The sources an APBD version is assembled from. Murni: every OPD's latest verified (or locked) RKA.
-- Perubahan: per OPD, its RKA-P (verified or locked) made from its latest locked DPA; else that DPA
-- (its lines as in force, pergeseran included); an OPD without a DPA keeps the sources its lines had in
-- the APBD in force.
CREATE OR REPLACE FUNCTION pagu_apbd_sumber_dokumen(p_pemda text, p_id bigint) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d dokumen;
	base bigint;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF d.tahap <> 'perubahan' THEN
		RETURN QUERY SELECT pagu_apbd_sumber(p_pemda, d.tahun);
		RETURN;
	END IF;
	SELECT x.dokumen_id INTO base FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = d.tahun AND x.jenis = 'apbd'
		AND x.status = 'locked' AND x.versi < d.versi ORDER BY x.versi DESC LIMIT 1;
	RETURN QUERY
	WITH dpa AS (
		SELECT DISTINCT ON (x.opd_kode) x.opd_kode, x.dokumen_id FROM dokumen x
		WHERE x.pemda_id = p_pemda AND x.tahun = d.tahun AND x.jenis = 'dpa' AND x.status = 'locked'
		ORDER BY x.opd_kode, x.versi DESC
	), rkap AS (
		SELECT DISTINCT ON (x.opd_kode) x.opd_kode, x.dokumen_id FROM dokumen x
		JOIN dpa ON dpa.opd_kode = x.opd_kode AND dpa.dokumen_id = x.asal_id
		WHERE x.pemda_id = p_pemda AND x.tahun = d.tahun AND x.jenis = 'rka' AND x.tahap = 'perubahan'
			AND x.status IN ('verified', 'locked')
		ORDER BY x.opd_kode, x.versi DESC
	)
	SELECT coalesce(rkap.dokumen_id, dpa.dokumen_id) FROM dpa LEFT JOIN rkap USING (opd_kode)
	UNION
	SELECT DISTINCT b.asal_dokumen_id FROM rka_baris b
	WHERE b.pemda_id = p_pemda AND b.dokumen_id = base AND b.asal_dokumen_id IS NOT NULL
		AND b.opd_kode NOT IN (SELECT dpa.opd_kode FROM dpa);
END
$$;
COMMENT ON FUNCTION pagu_apbd_sumber_dokumen(text, bigint) IS 'The versions an APBD version is assembled from: for the murni, the latest verified RKAs; for an APBD Perubahan, per OPD its RKA-P, else its latest locked DPA, else the sources it had in the APBD in force.';

-- The spending pockets a budget version would give less than they have spent or reserved: every
-- pocket of its OPD (of every OPD for an APBD) against the sum of the version's lines on the same sub
-- kegiatan and akun; each named with spent + reserved and the new allocation. NULL when none.
CREATE OR REPLACE FUNCTION pagu_kantong_kurang(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT json_agg(json_build_object('pesan', 'KANTONG_KURANG', 'kantong', k.kantong_id, 'opd', k.opd_kode,
			'sub', coalesce(k.sub_kegiatan, '-'), 'akun', k.akun, 'terpakai', pagu_uang(k.realisasi + k.pending),
			'alokasi', pagu_uang(coalesce(g.j, 0))) ORDER BY k.opd_kode, k.sub_kegiatan, k.akun)::text
	FROM dokumen d
	JOIN kantong k ON k.pemda_id = d.pemda_id AND k.tahun = d.tahun AND k.arah = 'keluar'
		AND (d.opd_kode IS NULL OR k.opd_kode = d.opd_kode)
	LEFT JOIN (SELECT b.opd_kode, b.sub_kegiatan, pagu_baris_bidang(p_pemda, b.opd_kode, b.sub_kegiatan, b.bidang) AS bidang,
			  b.akun, sum(b.jumlah) AS j FROM rka_baris b
		   WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_id GROUP BY 1, 2, 3, 4) g
		ON g.opd_kode = k.opd_kode AND g.sub_kegiatan IS NOT DISTINCT FROM k.sub_kegiatan
		AND g.bidang IS NOT DISTINCT FROM k.bidang AND g.akun = k.akun
	WHERE d.pemda_id = p_pemda AND d.dokumen_id = p_id AND k.realisasi + k.pending > coalesce(g.j, 0)
	HAVING count(*) > 0
$$;
COMMENT ON FUNCTION pagu_kantong_kurang(text, bigint) IS 'The spending pockets a version would give less than their realisation plus pending, each named with both amounts, as a list of catalogue items (pesan.h {x:daftar}); NULL when none.';

-- A version of the year's changes (pergeseran, RKA-P, APBD-P, DPPA) is refused at submission and at
-- lock when it would give a pocket less than it has spent or reserved.
CREATE OR REPLACE FUNCTION pagu_kantong_check_cukup(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d dokumen;
	m text;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	IF NOT FOUND OR d.tahap = 'murni' OR d.jenis NOT IN ('rka', 'apbd', 'dpa') THEN
		RETURN;
	END IF;
	m := pagu_kantong_kurang(p_pemda, p_id);
	IF m IS NOT NULL THEN
		RAISE EXCEPTION 'PERUBAHAN_KURANG_DARI_REALISASI' USING ERRCODE = 'P9422', DETAIL = 'kantong',
			HINT = json_build_object('jenis', upper(d.jenis), 'id', p_id, 'rincian', m)::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_kantong_check_cukup(text, bigint) IS 'Refuses a pergeseran, RKA-P, APBD-P or DPPA that gives a spending pocket less than its realisation plus pending, naming each such pocket.';

-- The level of a pergeseran against the DPA it starts from: the widest grouping whose total changes.
-- sub_kegiatan and jenis (and lines that are not belanja) need the APBD Perubahan; objek the Sekda;
-- rincian_objek, sub_rincian_objek and uraian the PPKD. No row: nothing changed.
CREATE OR REPLACE FUNCTION pagu_pergeseran_tingkat(p_pemda text, p_id bigint)
RETURNS TABLE (tingkat text, penyetuju text, pesan text)
LANGUAGE sql STABLE AS $$
	WITH d AS (SELECT * FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id),
	lama AS (SELECT b.* FROM rka_baris b, d WHERE b.pemda_id = p_pemda AND b.dokumen_id = d.asal_id),
	baru AS (SELECT b.* FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_id),
	-- a sub kegiatan as SIPD names it: a penunjang one (X.XX...) under its bidang, so a shift between
	-- the same penunjang code under two bidang urusan is a shift between sub kegiatan
	g AS (SELECT coalesce(CASE WHEN x.bidang IS NOT NULL THEN x.bidang || substr(x.sub_kegiatan, 5) END,
			      x.sub_kegiatan, '') AS sub, x.akun, sum(x.lama) AS lama, sum(x.baru) AS baru FROM (
		SELECT l.sub_kegiatan, pagu_baris_bidang(p_pemda, l.opd_kode, l.sub_kegiatan, l.bidang) AS bidang, l.akun,
			l.jumlah AS lama, 0::numeric AS baru FROM lama l
		UNION ALL SELECT n.sub_kegiatan, pagu_baris_bidang(p_pemda, n.opd_kode, n.sub_kegiatan, n.bidang), n.akun, 0,
			n.jumlah FROM baru n) x
	      GROUP BY 1, 2),
	t AS (
		SELECT 7 AS n, 'luar_belanja' AS tingkat, NULL::text AS penyetuju, g.sub, g.akun AS kode,
			json_build_object('pesan', 'GESER_LUAR_BELANJA', 'akun', g.akun, 'lama', pagu_uang(g.lama), 'baru', pagu_uang(g.baru))::text AS pesan
		FROM g WHERE g.akun NOT LIKE '5.%' AND g.lama <> g.baru
		UNION ALL
		SELECT 6, 'sub_kegiatan', NULL, g.sub, '',
			json_build_object('pesan', 'GESER_SUB_KEGIATAN', 'sub', g.sub, 'lama', pagu_uang(sum(g.lama)), 'baru', pagu_uang(sum(g.baru)))::text
		FROM g GROUP BY g.sub HAVING sum(g.lama) <> sum(g.baru)
		UNION ALL
		SELECT 5, 'jenis', NULL, g.sub, pagu_akun_awal(g.akun, 3),
			json_build_object('pesan', 'GESER_JENIS', 'kode', pagu_akun_awal(g.akun, 3), 'sub', g.sub, 'lama', pagu_uang(sum(g.lama)),
			       'baru', pagu_uang(sum(g.baru)))::text
		FROM g GROUP BY g.sub, pagu_akun_awal(g.akun, 3) HAVING sum(g.lama) <> sum(g.baru)
		UNION ALL
		SELECT 4, 'objek', 'sekda', g.sub, pagu_akun_awal(g.akun, 4),
			json_build_object('pesan', 'GESER_OBJEK', 'kode', pagu_akun_awal(g.akun, 4), 'sub', g.sub, 'lama', pagu_uang(sum(g.lama)),
			       'baru', pagu_uang(sum(g.baru)))::text
		FROM g GROUP BY g.sub, pagu_akun_awal(g.akun, 4) HAVING sum(g.lama) <> sum(g.baru)
		UNION ALL
		SELECT 3, 'rincian_objek', 'finance', g.sub, pagu_akun_awal(g.akun, 5),
			json_build_object('pesan', 'GESER_RINCIAN_OBJEK', 'kode', pagu_akun_awal(g.akun, 5), 'sub', g.sub, 'lama', pagu_uang(sum(g.lama)),
			       'baru', pagu_uang(sum(g.baru)))::text
		FROM g GROUP BY g.sub, pagu_akun_awal(g.akun, 5) HAVING sum(g.lama) <> sum(g.baru)
		UNION ALL
		SELECT 2, 'sub_rincian_objek', 'finance', g.sub, g.akun,
			json_build_object('pesan', 'GESER_SUB_RINCIAN_OBJEK', 'kode', g.akun, 'sub', g.sub, 'lama', pagu_uang(g.lama),
			       'baru', pagu_uang(g.baru))::text
		FROM g WHERE g.lama <> g.baru
		UNION ALL
		SELECT 1, 'uraian', 'finance', '', '',
			json_build_object('pesan', 'GESER_URAIAN')::text
		WHERE EXISTS ((SELECT pagu_baris_isi(l.opd_kode, l.sub_kegiatan, l.akun, l.uraian, l.koefisien, l.volume, l.harga_satuan,
					l.jumlah, l.sumber_dana, l.ssh_kode, l.ssh_versi, l.bidang) FROM lama l
			       EXCEPT ALL
			       SELECT pagu_baris_isi(n.opd_kode, n.sub_kegiatan, n.akun, n.uraian, n.koefisien, n.volume, n.harga_satuan,
					n.jumlah, n.sumber_dana, n.ssh_kode, n.ssh_versi, n.bidang) FROM baru n)
			      UNION ALL
			      (SELECT pagu_baris_isi(n.opd_kode, n.sub_kegiatan, n.akun, n.uraian, n.koefisien, n.volume, n.harga_satuan,
					n.jumlah, n.sumber_dana, n.ssh_kode, n.ssh_versi, n.bidang) FROM baru n
			       EXCEPT ALL
			       SELECT pagu_baris_isi(l.opd_kode, l.sub_kegiatan, l.akun, l.uraian, l.koefisien, l.volume, l.harga_satuan,
					l.jumlah, l.sumber_dana, l.ssh_kode, l.ssh_versi, l.bidang) FROM lama l))
	)
	SELECT t.tingkat, t.penyetuju, t.pesan FROM t ORDER BY t.n DESC, t.sub, t.kode LIMIT 1
$$;
COMMENT ON FUNCTION pagu_pergeseran_tingkat(text, bigint) IS 'The level of a pergeseran against the DPA version it starts from (the widest grouping whose total changes), the role that approves it and why (a catalogue item, pesan.h {x:daftar}); no row when nothing changed.';

CREATE OR REPLACE FUNCTION pagu_pergeseran_check(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	t record;
BEGIN
	SELECT * INTO t FROM pagu_pergeseran_tingkat(p_pemda, p_id);
	IF NOT FOUND THEN
		RAISE EXCEPTION 'PERGESERAN_TANPA_PERUBAHAN' USING ERRCODE = 'P9422', DETAIL = 'pergeseran',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF t.penyetuju IS NULL THEN
		RAISE EXCEPTION 'PERGESERAN_PENYETUJU' USING ERRCODE = 'P9422', DETAIL = 'pergeseran',
			HINT = json_build_object('rincian', t.pesan)::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_pergeseran_check(text, bigint) IS 'Refuses a pergeseran that changes nothing, or that crosses a sub kegiatan, a jenis belanja or a non-belanja line (the APBD Perubahan''s ground).';

-- What a version must satisfy to be locked, beyond its submission checks.
CREATE OR REPLACE FUNCTION pagu_dokumen_check_lock(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d dokumen;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	IF d.jenis = 'apbd' AND d.tahap = 'perubahan' AND d.tanggal_dprd IS NULL THEN
		RAISE EXCEPTION 'PERUBAHAN_PERLU_TANGGAL_DPRD' USING ERRCODE = 'P9422', DETAIL = '/tanggal_dprd',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF d.tahap = 'pergeseran' THEN
		PERFORM pagu_pergeseran_check(p_pemda, p_id);
	END IF;
	PERFORM pagu_kantong_check_cukup(p_pemda, p_id);
END
$$;
COMMENT ON FUNCTION pagu_dokumen_check_lock(text, bigint) IS 'The checks of a lock: an APBD Perubahan has its DPRD date; a pergeseran stays a pergeseran; no pocket below what it spent.';

-- The latest locked DPA of an OPD, locked for the derivation of a new version from it.
CREATE OR REPLACE FUNCTION pagu_dpa_terakhir(p_pemda text, p_dpa bigint) RETURNS dokumen
LANGUAGE plpgsql AS $$
DECLARE
	src dokumen;
BEGIN
	SELECT * INTO src FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_dpa FOR UPDATE;
	IF NOT FOUND OR src.jenis <> 'dpa' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_DPA' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_dpa)::text;
	END IF;
	IF src.status <> 'locked' THEN
		RAISE EXCEPTION 'DPA_BUKAN_TERKUNCI' USING ERRCODE = 'P9409', DETAIL = 'status',
			HINT = json_build_object('id', p_dpa, 'status', src.status)::text;
	END IF;
	IF EXISTS (SELECT 1 FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = src.tahun AND x.jenis = 'dpa'
		   AND x.opd_kode = src.opd_kode AND x.versi > src.versi) THEN
		RAISE EXCEPTION 'DPA_BUKAN_TERAKHIR' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_dpa, 'opd', src.opd_kode)::text;
	END IF;
	RETURN src;
END
$$;
COMMENT ON FUNCTION pagu_dpa_terakhir(text, bigint) IS 'Locks and returns a DPA version that is locked and the latest of its OPD; refuses any other.';

-- A pergeseran: the next DPA version of the OPD, its lines copied from the locked DPA (each pointing
-- at the line it copies), to be changed, submitted, verified and locked by its approver.
CREATE OR REPLACE FUNCTION pagu_pergeseran_create(p_pemda text, p_dpa bigint, p_token bigint, p_alasan text)
RETURNS SETOF dokumen
LANGUAGE plpgsql AS $$
DECLARE
	src dokumen;
	d dokumen;
	p bigint;
BEGIN
	src := pagu_dpa_terakhir(p_pemda, p_dpa);
	SELECT x.dokumen_id INTO p FROM dokumen x WHERE x.pemda_id = p_pemda AND x.jenis = 'rka' AND x.tahap = 'perubahan'
		AND x.asal_id = p_dpa LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'RKA_P_SUDAH_ADA_PERGESERAN' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('opd', src.opd_kode, 'rka', p, 'id', p_dpa)::text;
	END IF;
	INSERT INTO dokumen (pemda_id, tahun, jenis, opd_kode, versi, asal_id, baris_terakhir, tahap)
	VALUES (p_pemda, src.tahun, 'dpa', src.opd_kode, src.versi + 1, src.dokumen_id, src.baris_terakhir, 'pergeseran')
	RETURNING * INTO d;
	INSERT INTO rka_baris SELECT b.pemda_id, d.dokumen_id, b.baris, b.opd_kode, b.sub_kegiatan, b.akun, b.uraian, b.koefisien,
		b.volume, b.harga_satuan, b.jumlah, b.sumber_dana, b.dokumen_id, b.baris, b.ssh_kode, b.ssh_versi, b.bidang
		FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_dpa;
	INSERT INTO anggaran_kas SELECT k.pemda_id, d.dokumen_id, k.baris, k.bulan, k.jumlah
		FROM anggaran_kas k WHERE k.pemda_id = p_pemda AND k.dokumen_id = p_dpa;
	PERFORM pagu_dokumen_event(p_pemda, d.dokumen_id, 'derive', NULL, 'draft', p_token, p_alasan, src.hash,
				   pagu_dokumen_isi_hash(p_pemda, d.dokumen_id));
	RETURN NEXT d;
END
$$;
COMMENT ON FUNCTION pagu_pergeseran_create(text, bigint, bigint, text) IS 'Starts a pergeseran: the next DPA version of the OPD (tahap pergeseran) with the lines and anggaran kas of its latest locked DPA.';

-- An RKA-P: the OPD's next RKA version (tahap perubahan), its lines copied from its latest locked DPA,
-- each pointing at the DPA line it copies (the "sebelum" of the comparison).
CREATE OR REPLACE FUNCTION pagu_rka_perubahan_create(p_pemda text, p_dpa bigint, p_token bigint, p_alasan text)
RETURNS SETOF dokumen
LANGUAGE plpgsql AS $$
DECLARE
	src dokumen;
	prev dokumen;
	d dokumen;
BEGIN
	src := pagu_dpa_terakhir(p_pemda, p_dpa);
	SELECT * INTO prev FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = src.tahun AND x.jenis = 'rka'
		AND x.opd_kode = src.opd_kode ORDER BY x.versi DESC LIMIT 1 FOR UPDATE;
	IF FOUND AND prev.tahap = 'perubahan' AND prev.asal_id = p_dpa THEN
		RAISE EXCEPTION 'RKA_P_SUDAH_ADA' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('rka', prev.dokumen_id, 'opd', src.opd_kode, 'id', p_dpa)::text;
	END IF;
	IF FOUND AND prev.status IN ('draft', 'submitted') THEN
		RAISE EXCEPTION 'RKA_MASIH_PROSES' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('rka', prev.dokumen_id, 'opd', src.opd_kode, 'status', prev.status)::text;
	END IF;
	INSERT INTO dokumen (pemda_id, tahun, jenis, opd_kode, versi, asal_id, baris_terakhir, tahap)
	VALUES (p_pemda, src.tahun, 'rka', src.opd_kode, coalesce(prev.versi, 0) + 1, src.dokumen_id, src.baris_terakhir,
		'perubahan')
	RETURNING * INTO d;
	INSERT INTO rka_baris SELECT b.pemda_id, d.dokumen_id, b.baris, b.opd_kode, b.sub_kegiatan, b.akun, b.uraian, b.koefisien,
		b.volume, b.harga_satuan, b.jumlah, b.sumber_dana, b.dokumen_id, b.baris, b.ssh_kode, b.ssh_versi, b.bidang
		FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_dpa;
	PERFORM pagu_dokumen_event(p_pemda, d.dokumen_id, 'derive', NULL, 'draft', p_token, p_alasan, src.hash,
				   pagu_dokumen_isi_hash(p_pemda, d.dokumen_id));
	RETURN NEXT d;
END
$$;
COMMENT ON FUNCTION pagu_rka_perubahan_create(text, bigint, bigint, text) IS 'Starts an OPD''s RKA-P: the next RKA version (tahap perubahan) with the lines of its latest locked DPA.';

-- An APBD-P: the next APBD version (tahap perubahan), empty, to be assembled (POST .../susun) from
-- the RKA-Ps and the other OPDs' DPAs. Once a year; a second one only with its keadaan luar biasa.
CREATE OR REPLACE FUNCTION pagu_apbd_perubahan_create(p_pemda text, p_apbd bigint, p_token bigint, p_alasan text,
						p_luar_biasa text)
RETURNS SETOF dokumen
LANGUAGE plpgsql AS $$
DECLARE
	src dokumen;
	d dokumen;
	n integer;
BEGIN
	SELECT * INTO src FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_apbd FOR UPDATE;
	IF NOT FOUND OR src.jenis <> 'apbd' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_APBD' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_apbd)::text;
	END IF;
	IF src.status <> 'locked' THEN
		RAISE EXCEPTION 'APBD_BUKAN_TERKUNCI' USING ERRCODE = 'P9409', DETAIL = 'status',
			HINT = json_build_object('id', p_apbd, 'status', src.status)::text;
	END IF;
	IF EXISTS (SELECT 1 FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = src.tahun AND x.jenis = 'apbd'
		   AND x.versi > src.versi) THEN
		RAISE EXCEPTION 'APBD_BUKAN_TERAKHIR' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_apbd, 'tahun', src.tahun)::text;
	END IF;
	SELECT count(*) INTO n FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = src.tahun AND x.jenis = 'apbd'
		AND x.tahap = 'perubahan';
	IF n > 0 AND p_luar_biasa IS NULL THEN
		RAISE EXCEPTION 'PERUBAHAN_SEKALI_SETAHUN' USING ERRCODE = 'P9422', DETAIL = '/keadaan_luar_biasa',
			HINT = json_build_object('tahun', src.tahun, 'id', (SELECT max(x.dokumen_id) FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = src.tahun
				    AND x.jenis = 'apbd' AND x.tahap = 'perubahan'))::text;
	END IF;
	INSERT INTO dokumen (pemda_id, tahun, jenis, opd_kode, versi, asal_id, baris_terakhir, tahap, dasar)
	VALUES (p_pemda, src.tahun, 'apbd', NULL, src.versi + 1, src.dokumen_id, src.baris_terakhir, 'perubahan', p_luar_biasa)
	RETURNING * INTO d;
	PERFORM pagu_dokumen_event(p_pemda, d.dokumen_id, 'derive', NULL, 'draft', p_token, p_alasan, src.hash,
				   pagu_dokumen_isi_hash(p_pemda, d.dokumen_id));
	RETURN NEXT d;
END
$$;
COMMENT ON FUNCTION pagu_apbd_perubahan_create(text, bigint, bigint, text, text) IS 'Starts the APBD Perubahan of a year from its locked APBD: once a year, a second one only with a stated keadaan luar biasa.';

-- The DPRD's approval of an APBD-P, recorded with its lock (the lock refuses without it).
CREATE OR REPLACE FUNCTION pagu_apbd_dprd_set(p_pemda text, p_id bigint, p_tanggal date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	hari_ini date := pagu_hari_ini();
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'DOKUMEN_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF d.jenis <> 'apbd' OR d.tahap <> 'perubahan' THEN
		RAISE EXCEPTION 'TANGGAL_DPRD_BUKAN_PERUBAHAN' USING ERRCODE = 'P9422', DETAIL = '/tanggal_dprd',
			HINT = json_build_object('id', p_id, 'jenis', d.jenis, 'tahap', d.tahap)::text;
	END IF;
	IF d.status <> 'verified' THEN
		RETURN; -- the transition refuses it, naming the state
	END IF;
	IF p_tanggal > make_date(d.tahun, 9, 30) THEN
		RAISE EXCEPTION 'PERUBAHAN_TERLAMBAT' USING ERRCODE = 'P9422', DETAIL = '/tanggal_dprd',
			HINT = json_build_object('id', p_id, 'tanggal', p_tanggal, 'tahun', d.tahun)::text;
	END IF;
	IF p_tanggal < make_date(d.tahun, 1, 1) THEN
		RAISE EXCEPTION 'TANGGAL_DPRD_SEBELUM_TAHUN' USING ERRCODE = 'P9422', DETAIL = '/tanggal_dprd',
			HINT = json_build_object('tahun', d.tahun, 'tanggal', p_tanggal)::text;
	END IF;
	IF p_tanggal > hari_ini THEN
		RAISE EXCEPTION 'TANGGAL_DPRD_BELUM_TERJADI' USING ERRCODE = 'P9422', DETAIL = '/tanggal_dprd',
			HINT = json_build_object('tanggal', p_tanggal, 'hari_ini', hari_ini)::text;
	END IF;
	UPDATE dokumen SET tanggal_dprd = p_tanggal WHERE pemda_id = p_pemda AND dokumen_id = p_id;
END
$$;
COMMENT ON FUNCTION pagu_apbd_dprd_set(text, bigint, date) IS 'Records the DPRD''s approval date of a verified APBD Perubahan before its lock: not after 30 September of its year, not after today (WIB).';

-- Before and after of a version against the version it comes from (asal_id), per OPD, sub kegiatan and akun.
CREATE OR REPLACE FUNCTION pagu_dokumen_perbandingan(p_pemda text, p_id bigint)
RETURNS TABLE (opd_kode text, sub_kegiatan text, akun text, sebelum numeric, sesudah numeric)
LANGUAGE sql STABLE AS $$
	WITH d AS (SELECT * FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id),
	-- a penunjang sub kegiatan as SIPD names it (under its bidang), so one code under two bidang is two rows
	x AS (SELECT b.opd_kode, pagu_sub_kegiatan_sipd(b.sub_kegiatan, pagu_baris_bidang(p_pemda, b.opd_kode, b.sub_kegiatan, b.bidang))
			AS sub_kegiatan, b.akun, b.jumlah AS lama, 0::numeric AS baru FROM rka_baris b, d
	      WHERE b.pemda_id = p_pemda AND b.dokumen_id = d.asal_id AND (d.opd_kode IS NULL OR b.opd_kode = d.opd_kode)
	      UNION ALL
	      SELECT b.opd_kode, pagu_sub_kegiatan_sipd(b.sub_kegiatan, pagu_baris_bidang(p_pemda, b.opd_kode, b.sub_kegiatan, b.bidang)),
			b.akun, 0, b.jumlah FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_id)
	SELECT x.opd_kode, x.sub_kegiatan, x.akun, sum(x.lama), sum(x.baru) FROM x
	GROUP BY x.opd_kode, x.sub_kegiatan, x.akun ORDER BY x.opd_kode, x.sub_kegiatan NULLS FIRST, x.akun
$$;
COMMENT ON FUNCTION pagu_dokumen_perbandingan(text, bigint) IS 'A version''s amounts against the version it was made from, per OPD, sub kegiatan (a penunjang one in SIPD''s form) and akun: before and after.';
