-- procedures/demo.sql - the deterministic demo-year generator (data/demo/pemda.sql, ./run pagu demo).
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- A stable pseudo-random integer in [0, n) from a text seed.
CREATE OR REPLACE FUNCTION pagu_demo_random(p_seed text, p_n bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
	SELECT (('x' || substr(md5(p_seed), 1, 15))::bit(60)::bigint % p_n)
$$;
COMMENT ON FUNCTION pagu_demo_random(text, bigint) IS 'Deterministic pseudo-random integer in [0, n) for the demo generator.';

-- Generates fiscal year p_tahun of p_pemda with about p_baris RKA lines spread over its OPD
-- (at most p_opd of them) and their sub kegiatan: KUA-PPAS (locked) with the plafon the
-- lines need, one RKA per OPD (verified), an APBD assembled from them; with p_kunci also
-- the APBD locked and a locked DPA per OPD with an even anggaran kas. Does nothing when
-- the year has documents already. Returns the number of RKA lines written.
CREATE OR REPLACE FUNCTION pagu_demo_tahun(p_pemda text, p_tahun integer, p_baris integer, p_opd integer, p_kunci boolean)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	jenis text;
	v integer;
	nsub integer;
	per_sub integer;
	k bigint;
	a bigint;
	d dokumen;
	o record;
	r record;
	n integer := 0;
	rv integer;
BEGIN
	IF EXISTS (SELECT 1 FROM dokumen WHERE pemda_id = p_pemda AND tahun = p_tahun) THEN
		RETURN 0;
	END IF;
	SELECT p.jenis INTO jenis FROM pemda p WHERE p.pemda_id = p_pemda;
	IF jenis IS NULL THEN
		RAISE EXCEPTION 'pemda % does not exist', p_pemda;
	END IF;
	v := pagu_ref_versi(p_tahun);
	/* a second year in the same transaction reuses the scratch tables */
	DROP TABLE IF EXISTS demo_sub, demo_akun, demo_baris;
	-- the sub kegiatan: for each OPD, active ones of its bidang at the pemda's level, 15 each
	CREATE TEMP TABLE demo_sub ON COMMIT DROP AS
	SELECT x.opd_kode, x.sub_kegiatan, row_number() OVER (ORDER BY x.opd_kode, x.sub_kegiatan) AS i
	FROM (SELECT op.kode AS opd_kode, n.kode AS sub_kegiatan,
		     row_number() OVER (PARTITION BY op.kode ORDER BY pagu_demo_random(op.kode || n.kode, 1000000), n.kode) AS j
	      FROM (SELECT * FROM opd WHERE pemda_id = p_pemda ORDER BY kode LIMIT p_opd) op
	      JOIN ref_nomenklatur n ON n.ref_version_id = v AND n.level = 'sub_kegiatan' AND n.aktif
		AND n.jenis_pemda = jenis AND n.kode_bidang = ANY (op.bidang)) x
	WHERE x.j <= 15;
	SELECT count(*) INTO nsub FROM demo_sub;
	IF nsub = 0 THEN
		RAISE EXCEPTION 'pemda % has no OPD with bidang that have sub kegiatan', p_pemda;
	END IF;
	per_sub := greatest(1, ceil(p_baris::numeric / nsub)::integer);
	-- common goods and capital accounts, active at level 6
	CREATE TEMP TABLE demo_akun ON COMMIT DROP AS
	SELECT kode, row_number() OVER (ORDER BY kode) - 1 AS i FROM ref_akun
	WHERE ref_version_id = v AND aktif AND level = 6
	  AND (kode LIKE '5.1.02.01.01.%' OR kode LIKE '5.1.02.02.01.%' OR kode LIKE '5.2.02.05.%');
	-- the lines, deterministic: 1 to 24 units at 10,000 to 5,000,000 rupiah (to the thousand)
	CREATE TEMP TABLE demo_baris ON COMMIT DROP AS
	SELECT s.opd_kode, s.sub_kegiatan, ak.kode AS akun,
		'Belanja ' || s.sub_kegiatan || ' ke-' || g AS uraian,
		(1 + pagu_demo_random(s.sub_kegiatan || g || 'v', 24))::text AS nilai,
		(10 + pagu_demo_random(s.sub_kegiatan || g || 'h', 4990)) * 1000::numeric AS harga
	FROM demo_sub s CROSS JOIN generate_series(1, per_sub) g
	JOIN demo_akun ak ON ak.i = pagu_demo_random(s.sub_kegiatan || g || 'a', (SELECT count(*) FROM demo_akun));
	-- KUA-PPAS: a plafon per sub kegiatan of what its lines need, rounded up to the million
	SELECT dokumen_id INTO k FROM pagu_dokumen_create(p_pemda, p_tahun, 'kua_ppas', NULL, NULL);
	FOR r IN SELECT opd_kode, sub_kegiatan, ceil(sum(round(nilai::numeric * harga, 2)) / 1000000) * 1000000 AS plafon
		 FROM demo_baris GROUP BY opd_kode, sub_kegiatan ORDER BY opd_kode, sub_kegiatan LOOP
		PERFORM pagu_plafon_add(p_pemda, k, NULL, 'sub_kegiatan', r.opd_kode, r.sub_kegiatan, r.plafon, NULL);
	END LOOP;
	PERFORM pagu_plafon_add(p_pemda, k, NULL, 'pendapatan', NULL, NULL,
		(SELECT ceil(sum(round(nilai::numeric * harga, 2)) * 1.02 / 1000000) * 1000000 FROM demo_baris), NULL);
	SELECT revisi INTO rv FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = k;
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, k, 'submit', rv, NULL, 'demo');
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, k, 'verify', rv, NULL, 'demo');
	PERFORM pagu_dokumen_transisi(p_pemda, k, 'lock', rv, NULL, 'demo');
	-- one RKA per OPD, filled in one statement each, submitted and verified
	FOR o IN SELECT DISTINCT opd_kode FROM demo_sub ORDER BY opd_kode LOOP
		SELECT * INTO d FROM pagu_dokumen_create(p_pemda, p_tahun, 'rka', o.opd_kode, NULL);
		SELECT x.revisi INTO rv FROM pagu_rka_import(p_pemda, d.dokumen_id, NULL,
			ARRAY(SELECT sub_kegiatan FROM demo_baris WHERE opd_kode = o.opd_kode ORDER BY sub_kegiatan, uraian),
			ARRAY(SELECT akun FROM demo_baris WHERE opd_kode = o.opd_kode ORDER BY sub_kegiatan, uraian),
			ARRAY(SELECT uraian FROM demo_baris WHERE opd_kode = o.opd_kode ORDER BY sub_kegiatan, uraian),
			ARRAY(SELECT nilai FROM demo_baris WHERE opd_kode = o.opd_kode ORDER BY sub_kegiatan, uraian),
			ARRAY(SELECT 'unit' FROM demo_baris WHERE opd_kode = o.opd_kode ORDER BY sub_kegiatan, uraian),
			ARRAY(SELECT harga FROM demo_baris WHERE opd_kode = o.opd_kode ORDER BY sub_kegiatan, uraian),
			ARRAY(SELECT '1.1' FROM demo_baris WHERE opd_kode = o.opd_kode ORDER BY sub_kegiatan, uraian), NULL) x;
		SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'submit', rv, NULL, 'demo');
		PERFORM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'verify', rv, NULL, 'demo');
	END LOOP;
	SELECT count(*) INTO n FROM demo_baris;
	-- the APBD from the verified RKAs
	SELECT dokumen_id INTO a FROM pagu_dokumen_create(p_pemda, p_tahun, 'apbd', NULL, NULL);
	SELECT x.revisi INTO rv FROM pagu_apbd_assemble(p_pemda, a, 1, NULL) x;
	IF NOT p_kunci THEN
		RETURN n;
	END IF;
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, a, 'submit', rv, NULL, 'demo');
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, a, 'verify', rv, NULL, 'demo');
	PERFORM pagu_dokumen_transisi(p_pemda, a, 'lock', rv, NULL, 'demo');
	FOR o IN SELECT DISTINCT opd_kode FROM demo_sub ORDER BY opd_kode LOOP
		SELECT * INTO d FROM pagu_dpa_create(p_pemda, a, o.opd_kode, NULL);
		FOR r IN SELECT baris FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = d.dokumen_id ORDER BY baris LOOP
			PERFORM pagu_kas_set(p_pemda, d.dokumen_id, NULL, r.baris, NULL, NULL);
		END LOOP;
		SELECT revisi INTO rv FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = d.dokumen_id;
		SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'submit', rv, NULL, 'demo');
		SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'verify', rv, NULL, 'demo');
		PERFORM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'lock', rv, NULL, 'demo');
	END LOOP;
	RETURN n;
END
$$;
COMMENT ON FUNCTION pagu_demo_tahun(text, integer, integer, integer, boolean) IS 'Generates a deterministic demo or benchmark budget year for a pemda from the real code lists (see the file''s header).';

-- ---------------------------------------------------------------------------------------------
-- The demo year of a pemda as it looks in the field (issue 18): a balanced, lawful APBD with
-- realistic shares, planned, budgeted, executed and evaluated through the procedures the API
-- calls. Shares are weights (percent of belanja before normalising); see README "Reference data".
-- ---------------------------------------------------------------------------------------------

-- Twelve monthly amounts of @p_jumlah by pattern @p_pola, in whole sen, the remainder in the
-- last month the pattern uses: payroll evenly, capital back-loaded, goods and revenue rising.
CREATE OR REPLACE FUNCTION pagu_demo_kas(p_jumlah numeric, p_pola text) RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	w numeric[] := CASE p_pola
		WHEN 'gaji' THEN '{1,1,1,1,1,1,1,1,1,1,1,1}'::numeric[]
		WHEN 'modal' THEN '{0,0,0,2,4,8,10,12,14,16,16,18}'::numeric[]
		WHEN 'barang' THEN '{4,6,8,8,8,9,9,9,9,10,10,10}'::numeric[]
		WHEN 'pendapatan' THEN '{7,8,8,8,8,8,8,8,8,9,9,11}'::numeric[]
		WHEN 'silpa' THEN '{0,0,1,0,0,0,0,0,0,0,0,0}'::numeric[]
		WHEN 'sekali' THEN '{0,0,0,0,0,1,0,0,0,0,0,0}'::numeric[]
		WHEN 'semester' THEN '{0,0,0,0,0,1,0,0,0,0,0,1}'::numeric[]
		ELSE '{1,1,1,1,1,1,1,1,1,1,1,1}'::numeric[] END;
	t numeric := 0;
	r numeric[] := array_fill(0::numeric, ARRAY[12]);
	akhir integer := 12;
	m integer;
BEGIN
	SELECT sum(x) INTO t FROM unnest(w) x;
	WHILE w[akhir] = 0 LOOP
		akhir := akhir - 1;
	END LOOP;
	FOR m IN 1 .. 12 LOOP
		IF m <> akhir THEN
			r[m] := trunc(p_jumlah * w[m] / t, 2);
		END IF;
	END LOOP;
	r[akhir] := p_jumlah - (SELECT sum(x) FROM unnest(r) x);
	RETURN r;
END
$$;
COMMENT ON FUNCTION pagu_demo_kas(numeric, text) IS 'The demo''s anggaran kas of a line: twelve months by pattern (gaji, modal, barang, pendapatan, silpa, sekali, semester).';

-- A working day on or after day @p_hari of month @p_bulan (a Saturday or Sunday moves to Monday).
CREATE OR REPLACE FUNCTION pagu_demo_hari_kerja(p_tahun integer, p_bulan integer, p_hari integer) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT d + CASE extract(isodow FROM d) WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END
	FROM (SELECT make_date(p_tahun, p_bulan, p_hari) AS d) x
$$;

-- The whole demo year of @p_pemda: RKPD with indicators, SSH, KUA-PPAS, RKAs, APBD locked,
-- DPAs with anggaran kas locked; with @p_sampai also SPD, SPM/SP2D and STS month by month to
-- that date, e-monev reports of every quarter that ended by then (closed), and an inspector's
-- signed evaluation. @p_belanja is the belanja aimed at (rupiah), @p_defisit the deficit as a
-- share of pendapatan; @p_rinci scales how many sub kegiatan an OPD budgets (and so the lines).
-- Does nothing when the year has documents. Returns the APBD's lines.
CREATE OR REPLACE FUNCTION pagu_demo_apbd(p_pemda text, p_tahun integer, p_belanja numeric, p_defisit numeric, p_sampai date,
				  p_rinci numeric DEFAULT 1)
RETURNS integer
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	jp text;
	kind text;
	v integer;
	k1 text;
	gaji text;
	bpkad text;
	total numeric;
	b_nyata numeric;
	p_nyata numeric;
	keluar_pb numeric;
	kua bigint;
	rkpd bigint;
	apbd bigint;
	rv integer;
	d dokumen;
	o record;
	r record;
	q integer;
	m integer;
	n integer;
	id bigint;
	spm jsonb;
	akhir integer := coalesce(extract(month FROM p_sampai)::integer, 0);
BEGIN
	IF EXISTS (SELECT 1 FROM dokumen WHERE pemda_id = p_pemda AND tahun = p_tahun) THEN
		RETURN 0;
	END IF;
	SELECT p.jenis, CASE WHEN p.jenis = 'provinsi' THEN 'provinsi'
			    WHEN split_part(p.pemda_id, '.', 2)::integer >= 71 THEN 'kota' ELSE 'kabupaten' END
	INTO jp, kind FROM pemda p WHERE p.pemda_id = p_pemda;
	IF jp IS NULL THEN
		RAISE EXCEPTION 'pemda % does not exist', p_pemda;
	END IF;
	v := pagu_ref_versi(p_tahun);
	k1 := CASE jp WHEN 'provinsi' THEN '1' ELSE '2' END;
	gaji := 'X.XX.01.' || k1 || '.02.0001';
	DROP TABLE IF EXISTS demo_opd, demo_profil, demo_alok, demo_akun, demo_line;

	-- each OPD's part: its profile, program and payroll weights
	CREATE TEMP TABLE demo_opd ON COMMIT DROP AS
	SELECT o.kode, o.nama, o.bidang[1] AS bidang,
		CASE WHEN o.bidang[1] = '1.01' THEN 'pendidikan' WHEN o.bidang[1] = '1.02' THEN 'kesehatan'
		     WHEN o.bidang[1] = '1.03' THEN 'pupr' WHEN o.bidang[1] = '1.04' THEN 'perkim'
		     WHEN o.bidang[1] = '2.15' THEN 'perhubungan' ELSE 'umum' END AS profil,
		CASE WHEN o.bidang[1] = '1.01' THEN 28 WHEN o.bidang[1] = '1.02' THEN 4 WHEN o.bidang[1] = '1.03' THEN 31
		     WHEN o.bidang[1] = '1.04' THEN 6 WHEN o.bidang[1] = '2.15' THEN 3 WHEN o.bidang[1] = '7.01' THEN 0.3
		     ELSE 0.5 END::numeric AS w_program,
		CASE WHEN o.bidang[1] = '1.01' THEN 10 WHEN o.bidang[1] = '1.02' THEN 2 WHEN o.bidang[1] = '7.01' THEN 0.5
		     WHEN o.bidang[1] = '4.01' THEN 1.5 ELSE 1 END::numeric AS w_gaji,
		CASE WHEN o.bidang[1] IN ('1.01', '1.03') THEN 16 WHEN o.bidang[1] IN ('1.02', '1.04') THEN 10
		     WHEN o.bidang[1] = '7.01' THEN 3 ELSE 5 END * p_rinci AS nsub
	FROM opd o WHERE o.pemda_id = p_pemda;
	-- payroll outside Disdik is 17 parts in all
	UPDATE demo_opd SET w_gaji = w_gaji * 17 / (SELECT sum(w_gaji) FROM demo_opd WHERE bidang <> '1.01') WHERE bidang <> '1.01';
	SELECT kode INTO bpkad FROM demo_opd WHERE bidang = '5.02' ORDER BY kode LIMIT 1;

	-- what each profile spends its program part on: akun prefix, share, cash pattern, sumber dana
	CREATE TEMP TABLE demo_profil (profil text, akun text, bagian numeric, pola text, sumber text) ON COMMIT DROP;
	INSERT INTO demo_profil VALUES
		('pendidikan', '5.1.02.01.01', 0.36, 'barang', '2.2.1.01.02'), ('pendidikan', '5.1.02.02.01', 0.15, 'barang', '2.1.1'),
		('pendidikan', '5.1.05.06', 0.15, 'barang', '2.2.1.01.04'), ('pendidikan', '5.1.02.03.03', 0.16, 'barang', '2.1.1'),
		('pendidikan', '5.2.03.01', 0.12, 'modal', '2.2.1.01.03'), ('pendidikan', '5.2.02.05', 0.06, 'modal', '2.2.1.01.02'),
		('kesehatan', '5.1.02.01.01', 0.50, 'barang', '2.2.1.01.02'), ('kesehatan', '5.1.02.02.01', 0.20, 'barang', '2.1.1'),
		('kesehatan', '5.2.02.07', 0.20, 'modal', '2.2.1.01.03'), ('kesehatan', '5.2.03.01', 0.10, 'modal', '2.2.1.01.02'),
		('pupr', '5.2.04.01', 0.22, 'modal', '2.2.1.01.03'), ('pupr', '5.2.04.02', 0.06, 'modal', '2.2.1.01.02'),
		('pupr', '5.1.02.03', 0.42, 'barang', '2.1.1'), ('pupr', '5.1.02.01.01', 0.15, 'barang', '2.2.1.01.02'),
		('pupr', '5.1.02.02.01', 0.15, 'barang', '2.2.1.01.02'),
		('perkim', '5.2.03.01', 0.15, 'modal', '2.2.1.01.03'), ('perkim', '5.2.04.03', 0.15, 'modal', '2.2.1.01.02'),
		('perkim', '5.1.02.03', 0.20, 'barang', '2.1.1'), ('perkim', '5.1.02.01.01', 0.25, 'barang', '2.2.1.01.02'),
		('perkim', '5.1.02.02.01', 0.25, 'barang', '2.1.1'),
		('perhubungan', '5.2.02.18', 0.30, 'modal', '2.1.2'), ('perhubungan', '5.1.02.02.01', 0.40, 'barang', '2.1.2'),
		('perhubungan', '5.1.02.03', 0.30, 'barang', '2.1.1'),
		('umum', '5.1.02.01.01', 0.35, 'barang', '2.2.1.01.02'), ('umum', '5.1.02.02.01', 0.35, 'barang', '2.1.1'),
		('umum', '5.1.02.04.01', 0.15, 'barang', '2.2.1.01.02'), ('umum', '5.2.02.05', 0.075, 'modal', '2.1.1'),
		('umum', '5.2.02.10', 0.075, 'modal', '2.2.1.01.02'),
		('penunjang', '5.1.02.01.01', 0.40, 'barang', '2.2.1.01.02'), ('penunjang', '5.1.02.02.01', 0.40, 'barang', '2.1.1'),
		('penunjang', '5.1.02.03.02', 0.10, 'barang', '2.1.1'), ('penunjang', '5.2.02.10', 0.10, 'modal', '2.2.1.01.02');

	-- the allocations: one row a sub kegiatan x akun group, its weight and how many lines
	CREATE TEMP TABLE demo_alok (opd_kode text, sub_kegiatan text, akun text, bobot numeric, pola text, sumber text,
				     nbaris integer, satuan text) ON COMMIT DROP;
	-- programs: sub kegiatan of the OPD's first bidang, not of its penunjang program (01)
	INSERT INTO demo_alok
	SELECT s.opd_kode, s.sub_kegiatan, pr.akun, s.w * pr.bagian, pr.pola, pr.sumber, greatest(1, round(12 * pr.bagian)::integer),
		CASE pr.pola WHEN 'modal' THEN 'unit' ELSE 'paket' END
	FROM (SELECT o.kode AS opd_kode, o.profil, n.kode AS sub_kegiatan,
		     o.w_program * (1 + pagu_demo_random(o.kode || n.kode || 'w', 3)) AS w,
		     row_number() OVER (PARTITION BY o.kode ORDER BY pagu_demo_random(o.kode || n.kode, 1000000), n.kode) AS j,
		     o.nsub
	      FROM demo_opd o JOIN ref_nomenklatur n ON n.ref_version_id = v AND n.level = 'sub_kegiatan' AND n.aktif
		AND n.jenis_pemda = jp AND n.kode_bidang = o.bidang AND split_part(n.kode, '.', 3) <> '01') s
	JOIN demo_profil pr ON pr.profil = s.profil
	WHERE s.j <= s.nsub;
	-- a sub kegiatan's weight is a share of its OPD's program part
	UPDATE demo_alok a SET bobot = a.bobot * o.w_program / t.w
	FROM demo_opd o, (SELECT opd_kode, sum(bobot) AS w FROM demo_alok GROUP BY opd_kode) t
	WHERE o.kode = a.opd_kode AND t.opd_kode = a.opd_kode;
	-- payroll in the penunjang sub kegiatan; Disdik's teachers' allowances from DAK non fisik
	INSERT INTO demo_alok
	SELECT o.kode, gaji, x.akun, o.w_gaji * x.bagian, 'gaji', '2.2.1.01.02', x.nbaris, 'bulan'
	FROM demo_opd o CROSS JOIN (VALUES ('5.1.01.01.01', 0.62, 2), ('5.1.01.01.02', 0.08, 1), ('5.1.01.01.05', 0.06, 1),
					   ('5.1.01.02.01', 0.24, 2)) x(akun, bagian, nbaris);
	INSERT INTO demo_alok
	SELECT o.kode, gaji, x.akun, x.w, 'gaji', x.sumber, 1, 'bulan'
	FROM demo_opd o CROSS JOIN (VALUES ('5.1.01.03.03', 3.0, '2.2.1.01.04.04'), ('5.1.01.03.05', 0.7, '2.2.1.01.04.05'),
					   ('5.1.01.03.04', 0.3, '2.2.1.01.04.06')) x(akun, w, sumber)
	WHERE o.bidang = '1.01';
	-- every OPD's office: two penunjang sub kegiatan (administrasi umum, jasa penunjang)
	INSERT INTO demo_alok
	SELECT s.opd_kode, s.sub_kegiatan, pr.akun, 0.1 * pr.bagian, pr.pola, pr.sumber, greatest(1, round(6 * pr.bagian)::integer),
		'paket'
	FROM (SELECT o.kode AS opd_kode, n.kode AS sub_kegiatan,
		     row_number() OVER (PARTITION BY o.kode ORDER BY pagu_demo_random(o.kode || n.kode, 1000000), n.kode) AS j
	      FROM demo_opd o JOIN ref_nomenklatur n ON n.ref_version_id = v AND n.level = 'sub_kegiatan' AND n.aktif
		AND n.jenis_pemda = jp AND (n.kode LIKE 'X.XX.01.' || k1 || '.06.%' OR n.kode LIKE 'X.XX.01.' || k1 || '.08.%')) s
	JOIN demo_profil pr ON pr.profil = 'penunjang' WHERE s.j <= 2;
	-- the SKPKD's own: unforeseen spending, grants, social aid, interest; a province's revenue
	-- sharing with its kabupaten/kota, a kabupaten's allocation to its desa (ADD)
	INSERT INTO demo_alok
	SELECT bpkad, (SELECT a.sub_kegiatan FROM demo_alok a WHERE a.opd_kode = bpkad AND a.sub_kegiatan <> gaji
			AND a.sub_kegiatan NOT LIKE 'X.XX%' ORDER BY a.sub_kegiatan LIMIT 1),
		x.akun, x.w, x.pola, '2.2.1.01.02', x.nbaris, 'paket'
	FROM (VALUES ('5.3.01.01', 0.45, 'rata', 1, 'all'), ('5.1.05.05', 1.0, 'barang', 3, 'all'), ('5.1.06.01', 0.3, 'barang', 2, 'all'),
		     ('5.1.03.04', 0.1, 'semester', 1, 'all'), ('5.4.01.01', 9, 'barang', 6, 'provinsi'),
		     ('5.4.02.05.01', 6, 'barang', 3, 'kabupaten')) x(akun, w, pola, nbaris, untuk)
	WHERE x.untuk IN ('all', kind);

	-- the level-6 akun under each prefix the allocations name, numbered from 0
	CREATE TEMP TABLE demo_akun ON COMMIT DROP AS
	SELECT p.prefix, r6.kode, r6.nama, (row_number() OVER (PARTITION BY p.prefix ORDER BY r6.kode) - 1) AS i,
		count(*) OVER (PARTITION BY p.prefix) AS n
	FROM (SELECT DISTINCT akun AS prefix FROM demo_alok) p
	JOIN ref_akun r6 ON r6.ref_version_id = v AND r6.aktif AND r6.level = 6 AND r6.kode LIKE p.prefix || '.%';
	-- the lines: each allocation split over its lines by weight, at whole-thousand prices
	SELECT sum(bobot) INTO total FROM demo_alok;
	CREATE TEMP TABLE demo_line ON COMMIT DROP AS
	SELECT a.opd_kode, a.sub_kegiatan, ak.kode AS akun, a.sumber, a.pola, a.satuan,
		CASE a.pola WHEN 'gaji' THEN 12 ELSE 1 + pagu_demo_random(a.opd_kode || a.sub_kegiatan || a.akun || g || 'v', 24) END
			AS volume,
		a.bobot / total * p_belanja * (1 + pagu_demo_random(a.opd_kode || a.sub_kegiatan || a.akun || g || 'x', 9))
			/ sum(1 + pagu_demo_random(a.opd_kode || a.sub_kegiatan || a.akun || g || 'x', 9))
				OVER (PARTITION BY a.opd_kode, a.sub_kegiatan, a.akun) AS nilai,
		ak.nama || CASE WHEN g > 1 THEN ' (' || g || ')' ELSE '' END AS uraian, g
	FROM demo_alok a CROSS JOIN LATERAL generate_series(1, a.nbaris) g
	JOIN demo_akun ak ON ak.prefix = a.akun
		AND ak.i = pagu_demo_random(a.opd_kode || a.sub_kegiatan || a.akun || g, ak.n);
	ALTER TABLE demo_line ADD COLUMN harga numeric, ADD COLUMN ssh text, ADD COLUMN jenis text DEFAULT 'belanja';
	UPDATE demo_line SET harga = greatest(1000, round(nilai / volume, -3));

	-- SSH: the goods and equipment the lines buy, each priced at the dearest line that uses it
	UPDATE demo_line SET ssh = akun || '.01'
	WHERE (akun LIKE '5.1.02.01.%' OR akun LIKE '5.2.02.%') AND pagu_demo_random(opd_kode || sub_kegiatan || akun || g, 3) = 0;
	PERFORM pagu_ssh_import(p_pemda, p_tahun, array_agg(s.kode ORDER BY s.kode), array_agg(s.nama ORDER BY s.kode),
		array_agg('unit'::text ORDER BY s.kode), array_agg(s.harga ORDER BY s.kode), array_agg(s.akun ORDER BY s.kode), NULL)
	FROM (SELECT ak.kode || '.01' AS kode, ak.nama, ak.kode AS akun,
		     coalesce((SELECT ceil(max(l.harga) * 1.1 / 1000) * 1000 FROM demo_line l WHERE l.ssh = ak.kode || '.01'),
			      (100 + pagu_demo_random(ak.kode, 9900)) * 1000) AS harga
	      FROM ref_akun ak WHERE ak.ref_version_id = v AND ak.aktif AND ak.level = 6
		AND (ak.kode LIKE '5.1.02.01.01.%' OR ak.kode LIKE '5.2.02.05.%' OR ak.kode LIKE '5.2.02.10.%'
		     OR EXISTS (SELECT 1 FROM demo_line l WHERE l.ssh = ak.kode || '.01'))) s;
	UPDATE demo_line SET nilai = volume * harga;
	SELECT sum(nilai) INTO b_nyata FROM demo_line;

	-- pendapatan: the posture's groups, each collected by the OPD that collects it, by OPD and akun
	-- without a sub kegiatan as SIPD keeps them
	INSERT INTO demo_line (opd_kode, sub_kegiatan, akun, sumber, pola, satuan, volume, nilai, uraian, g, jenis)
	SELECT x.opd_kode, NULL, ak.kode, x.sumber, 'pendapatan', 'tahun', 1,
		round(b_nyata / (1 + p_defisit) * x.w / x.wsum / x.nbaris, -3), ak.nama, g, 'pendapatan'
	FROM (SELECT coalesce(CASE y.oleh
			WHEN 'pajak' THEN (SELECT kode FROM demo_opd WHERE bidang = '5.02' AND nama ILIKE '%pendapatan%' ORDER BY kode LIMIT 1)
			WHEN 'rsud' THEN (SELECT kode FROM demo_opd WHERE nama ILIKE 'rumah sakit%' ORDER BY kode LIMIT 1)
			WHEN 'dinkes' THEN (SELECT kode FROM demo_opd WHERE bidang = '1.02' AND nama NOT ILIKE 'rumah sakit%' ORDER BY kode LIMIT 1)
			WHEN 'dishub' THEN (SELECT kode FROM demo_opd WHERE bidang = '2.15' ORDER BY kode LIMIT 1)
			WHEN 'dlh' THEN (SELECT kode FROM demo_opd WHERE bidang = '2.11' ORDER BY kode LIMIT 1) END, bpkad) AS opd_kode,
		     y.akun, y.w, sum(y.w) OVER () AS wsum, y.sumber, y.nbaris
	      FROM (VALUES
		-- kota and kabupaten: PAD (pajak, retribusi, BLUD, kapitasi, lain-lain), transfers, lain-lain
		('kabkota', 'pajak', '4.1.01.15', 5.0, '1.1', 1), ('kabkota', 'pajak', '4.1.01.16', 4.0, '1.1', 2),
		('kabkota', 'pajak', '4.1.01.07', 6.0, '1.1', 1), ('kabkota', 'pajak', '4.1.01.06', 3.0, '1.1', 1),
		('kabkota', 'pajak', '4.1.01.10', 4.0, '1.1', 1), ('kabkota', 'pajak', '4.1.01.09', 1.0, '1.1', 1),
		('kabkota', 'pajak', '4.1.01.11', 0.6, '1.1', 1), ('kabkota', 'pajak', '4.1.01.12', 0.4, '1.1', 1),
		('kabkota', 'dishub', '4.1.02.02', 1.2, '1.1', 2), ('kabkota', 'dlh', '4.1.02.01', 1.0, '1.1', 2),
		('kabkota', 'dinkes', '4.1.02.01.01', 0.8, '1.1', 2), ('kabkota', 'dinkes', '4.1.04.18', 1.5, '1.1', 1),
		('kabkota', 'rsud', '4.1.04.16', 4.0, '1.1', 1), ('kabkota', 'bpkad', '4.1.04.05', 1.2, '1.1', 1),
		('kabkota', 'bpkad', '4.1.03.02', 0.7, '1.1', 1),
		('kabkota', 'bpkad', '4.2.01.01.02', 40.0, '1.2', 1), ('kabkota', 'bpkad', '4.2.01.01.01', 5.0, '1.2', 2),
		('kabkota', 'bpkad', '4.2.01.01.03', 4.0, '1.2', 3), ('kabkota', 'bpkad', '4.2.01.01.04', 10.0, '1.2', 3),
		('kabkota', 'bpkad', '4.2.02.01', 6.0, '1.2', 3), ('kabkota', 'bpkad', '4.3.01.02', 0.14, '1.3', 1),
		-- a province: vehicle and fuel taxes, pajak rokok, transfers
		('provinsi', 'pajak', '4.1.01.01', 12.0, '1.1', 1), ('provinsi', 'pajak', '4.1.01.02', 7.0, '1.1', 1),
		('provinsi', 'pajak', '4.1.01.03', 8.0, '1.1', 1), ('provinsi', 'pajak', '4.1.01.05', 4.0, '1.1', 1),
		('provinsi', 'pajak', '4.1.01.04', 0.3, '1.1', 1), ('provinsi', 'dishub', '4.1.02.02', 0.6, '1.1', 1),
		('provinsi', 'rsud', '4.1.04.16', 4.0, '1.1', 1), ('provinsi', 'bpkad', '4.1.04.05', 1.5, '1.1', 1),
		('provinsi', 'bpkad', '4.1.03.02', 1.0, '1.1', 1),
		('provinsi', 'bpkad', '4.2.01.01.02', 35.0, '1.2', 1), ('provinsi', 'bpkad', '4.2.01.01.01', 10.0, '1.2', 3),
		('provinsi', 'bpkad', '4.2.01.01.03', 4.0, '1.2', 2), ('provinsi', 'bpkad', '4.2.01.01.04', 11.0, '1.2', 3),
		('provinsi', 'bpkad', '4.3.01.02', 0.1, '1.3', 1)) y(untuk, oleh, akun, w, sumber, nbaris)
	      WHERE y.untuk = jp) x
	CROSS JOIN LATERAL generate_series(1, x.nbaris) g
	CROSS JOIN LATERAL (SELECT r6.kode, r6.nama FROM ref_akun r6 WHERE r6.ref_version_id = v AND r6.aktif AND r6.level = 6
				AND r6.kode LIKE x.akun || '.%' ORDER BY r6.kode LIMIT 1 OFFSET (g - 1) % (SELECT count(*) FROM ref_akun c
				WHERE c.ref_version_id = v AND c.aktif AND c.level = 6 AND c.kode LIKE x.akun || '.%')) ak;
	UPDATE demo_line SET harga = nilai WHERE jenis = 'pendapatan';
	SELECT sum(nilai) INTO p_nyata FROM demo_line WHERE jenis = 'pendapatan';
	-- pembiayaan: penyertaan modal and a loan's principal out, SiLPA in, to the sen of the deficit
	keluar_pb := round(p_nyata * 0.0058, -3) + round(p_nyata * 0.0041, -3);
	INSERT INTO demo_line (opd_kode, sub_kegiatan, akun, sumber, pola, satuan, volume, nilai, harga, uraian, g, jenis)
	SELECT bpkad, NULL, x.akun, x.sumber, x.pola, 'tahun', 1, x.nilai, x.nilai,
		(SELECT nama FROM ref_akun WHERE ref_version_id = v AND kode = x.akun), 1, 'pembiayaan'
	FROM (VALUES ('6.2.02.02.01.0001', round(p_nyata * 0.0058, -3), 'sekali', '2.2.1.01.02'),
		     ('6.2.03.04.03.0001', round(p_nyata * 0.0041, -3), 'semester', '2.2.1.01.02'),
		     ('6.1.01.05.01.0001', b_nyata - p_nyata + keluar_pb, 'silpa', '1')) x(akun, nilai, pola, sumber);

	-- RKPD: one indicator per sub kegiatan of each OPD, pagu indikatif near what is budgeted
	SELECT dokumen_id INTO rkpd FROM pagu_dokumen_create(p_pemda, p_tahun, 'rkpd', NULL, NULL);
	FOR r IN SELECT l.opd_kode, l.sub_kegiatan, sum(l.nilai) AS pagu, min(l.sumber) AS sumber, n.nama
		 FROM demo_line l JOIN ref_nomenklatur n ON n.ref_version_id = v AND n.level = 'sub_kegiatan' AND n.kode = l.sub_kegiatan
			AND n.jenis_pemda = jp
		 WHERE l.jenis = 'belanja' GROUP BY l.opd_kode, l.sub_kegiatan, n.nama ORDER BY l.opd_kode, l.sub_kegiatan LOOP
		SELECT x.revisi INTO rv FROM pagu_rkpd_add(p_pemda, rkpd, NULL, r.opd_kode, r.sub_kegiatan,
			CASE WHEN r.sub_kegiatan = gaji THEN 'Jumlah ASN yang menerima gaji dan tunjangan'
			     WHEN r.nama ILIKE '%jalan%' THEN 'Panjang jalan dalam kondisi mantap'
			     WHEN r.nama ILIKE 'pembangunan%' OR r.nama ILIKE 'rehabilitasi%' THEN 'Jumlah sarana dan prasarana yang dibangun atau direhabilitasi'
			     WHEN r.nama ILIKE 'pengadaan%' OR r.nama ILIKE 'penyediaan%' THEN 'Jumlah barang dan jasa yang disediakan'
			     WHEN r.nama ILIKE '%pelatihan%' OR r.nama ILIKE '%bimbingan%' OR r.nama ILIKE '%pembinaan%' THEN 'Jumlah peserta yang dibina atau dilatih'
			     WHEN r.nama ILIKE 'penyusunan%' OR r.nama ILIKE '%dokumen%' OR r.nama ILIKE '%laporan%' THEN 'Jumlah dokumen yang disusun'
			     ELSE 'Jumlah layanan: ' || left(r.nama, 150) END,
			CASE WHEN r.sub_kegiatan = gaji THEN 150 + pagu_demo_random(r.opd_kode, 1500)
			     WHEN r.nama ILIKE '%jalan%' THEN 5 + pagu_demo_random(r.sub_kegiatan, 40)
			     ELSE 2 + pagu_demo_random(r.opd_kode || r.sub_kegiatan, 60) END,
			CASE WHEN r.sub_kegiatan = gaji THEN 'orang' WHEN r.nama ILIKE '%jalan%' THEN 'km'
			     WHEN r.nama ILIKE 'pembangunan%' OR r.nama ILIKE 'rehabilitasi%' THEN 'unit'
			     WHEN r.nama ILIKE 'pengadaan%' OR r.nama ILIKE 'penyediaan%' THEN 'paket'
			     WHEN r.nama ILIKE '%pelatihan%' OR r.nama ILIKE '%bimbingan%' OR r.nama ILIKE '%pembinaan%' THEN 'orang'
			     WHEN r.nama ILIKE 'penyusunan%' OR r.nama ILIKE '%dokumen%' OR r.nama ILIKE '%laporan%' THEN 'dokumen'
			     ELSE 'layanan' END,
			round(r.pagu * (95 + pagu_demo_random(r.sub_kegiatan || 'pi', 10)) / 100, -6),
			(SELECT coalesce(p.ibukota, p.nama) FROM pemda p WHERE p.pemda_id = p_pemda)
				|| CASE WHEN r.sub_kegiatan LIKE 'X.XX%' THEN '' ELSE ' (' || (1 + pagu_demo_random(r.sub_kegiatan || 'l', 11))
				|| ' lokasi)' END,
			r.sumber, NULL) x;
	END LOOP;
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, rkpd, 'submit', rv, NULL, NULL);
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, rkpd, 'verify', rv, NULL, NULL);
	PERFORM pagu_dokumen_transisi(p_pemda, rkpd, 'lock', rv, NULL, NULL);

	-- KUA-PPAS: a plafon per sub kegiatan and per OPD, pendapatan and pembiayaan estimates
	SELECT dokumen_id INTO kua FROM pagu_dokumen_create(p_pemda, p_tahun, 'kua_ppas', NULL, NULL);
	FOR r IN SELECT opd_kode, sub_kegiatan, ceil(sum(nilai) / 1000000) * 1000000 AS plafon FROM demo_line
		 WHERE jenis = 'belanja' GROUP BY 1, 2 ORDER BY 1, 2 LOOP
		PERFORM pagu_plafon_add(p_pemda, kua, NULL, 'sub_kegiatan', r.opd_kode, r.sub_kegiatan, r.plafon, NULL);
	END LOOP;
	FOR r IN SELECT opd_kode, sum(ceil(s / 1000000) * 1000000) AS plafon
		 FROM (SELECT opd_kode, sub_kegiatan, sum(nilai) AS s FROM demo_line WHERE jenis = 'belanja' GROUP BY 1, 2) x
		 GROUP BY 1 ORDER BY 1 LOOP
		PERFORM pagu_plafon_add(p_pemda, kua, NULL, 'opd', r.opd_kode, NULL, r.plafon, NULL);
	END LOOP;
	PERFORM pagu_plafon_add(p_pemda, kua, NULL, 'pendapatan', NULL, NULL, p_nyata, NULL);
	PERFORM pagu_plafon_add(p_pemda, kua, NULL, 'penerimaan_pembiayaan', NULL, NULL,
		(SELECT sum(nilai) FROM demo_line WHERE akun LIKE '6.1.%'), NULL);
	PERFORM pagu_plafon_add(p_pemda, kua, NULL, 'pengeluaran_pembiayaan', NULL, NULL,
		(SELECT sum(nilai) FROM demo_line WHERE akun LIKE '6.2.%'), NULL);
	SELECT revisi INTO rv FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = kua;
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, kua, 'submit', rv, NULL, NULL);
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, kua, 'verify', rv, NULL, NULL);
	PERFORM pagu_dokumen_transisi(p_pemda, kua, 'lock', rv, NULL, NULL);

	-- one RKA per OPD: the lines without SSH in one import, the SSH ones one by one
	FOR o IN SELECT DISTINCT opd_kode FROM demo_line ORDER BY opd_kode LOOP
		SELECT * INTO d FROM pagu_dokumen_create(p_pemda, p_tahun, 'rka', o.opd_kode, NULL);
		rv := d.revisi;
		IF EXISTS (SELECT 1 FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL) THEN
			SELECT x.revisi INTO rv FROM pagu_rka_import(p_pemda, d.dokumen_id, rv,
				ARRAY(SELECT sub_kegiatan FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL ORDER BY jenis, sub_kegiatan, akun, g),
				ARRAY(SELECT akun FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL ORDER BY jenis, sub_kegiatan, akun, g),
				ARRAY(SELECT uraian FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL ORDER BY jenis, sub_kegiatan, akun, g),
				ARRAY(SELECT volume::text FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL ORDER BY jenis, sub_kegiatan, akun, g),
				ARRAY(SELECT satuan FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL ORDER BY jenis, sub_kegiatan, akun, g),
				ARRAY(SELECT harga FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL ORDER BY jenis, sub_kegiatan, akun, g),
				ARRAY(SELECT sumber FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NULL ORDER BY jenis, sub_kegiatan, akun, g),
				NULL) x;
		END IF;
		FOR r IN SELECT * FROM demo_line WHERE opd_kode = o.opd_kode AND ssh IS NOT NULL ORDER BY sub_kegiatan, akun, g LOOP
			SELECT x.revisi INTO rv FROM pagu_rka_add(p_pemda, d.dokumen_id, rv, r.sub_kegiatan, r.akun, r.uraian,
				jsonb_build_array(jsonb_build_object('nilai', r.volume::text, 'satuan', r.satuan)), r.harga, r.sumber, NULL,
				r.ssh) x;
		END LOOP;
		SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'submit', rv, NULL, NULL);
		PERFORM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'verify', rv, NULL, NULL);
	END LOOP;

	-- the APBD, locked (the Perda), and a DPA per OPD with its anggaran kas, locked
	SELECT dokumen_id INTO apbd FROM pagu_dokumen_create(p_pemda, p_tahun, 'apbd', NULL, NULL);
	SELECT x.revisi, x.baris INTO rv, n FROM pagu_apbd_assemble(p_pemda, apbd, 1, NULL) x;
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, apbd, 'submit', rv, NULL, NULL);
	SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, apbd, 'verify', rv, NULL, NULL);
	PERFORM pagu_dokumen_transisi(p_pemda, apbd, 'lock', rv, NULL, NULL);
	FOR o IN SELECT DISTINCT opd_kode FROM demo_line ORDER BY opd_kode LOOP
		SELECT * INTO d FROM pagu_dpa_create(p_pemda, apbd, o.opd_kode, NULL);
		rv := d.revisi;
		FOR r IN SELECT b.baris, b.jumlah, coalesce((SELECT l.pola FROM demo_line l WHERE l.opd_kode = b.opd_kode
				AND l.sub_kegiatan = b.sub_kegiatan AND l.akun = b.akun LIMIT 1), 'barang') AS pola
			 FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = d.dokumen_id ORDER BY b.baris LOOP
			SELECT x.revisi INTO rv FROM pagu_kas_set(p_pemda, d.dokumen_id, rv, r.baris, pagu_demo_kas(r.jumlah, r.pola), NULL) x;
		END LOOP;
		SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'submit', rv, NULL, NULL);
		SELECT revisi INTO rv FROM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'verify', rv, NULL, NULL);
		PERFORM pagu_dokumen_transisi(p_pemda, d.dokumen_id, 'lock', rv, NULL, NULL);
	END LOOP;
	IF p_sampai IS NULL THEN
		RETURN n;
	END IF;
	PERFORM pagu_demo_pelaksanaan(p_pemda, p_tahun, p_sampai, rkpd);
	RETURN n;
END
$$;
COMMENT ON FUNCTION pagu_demo_apbd(text, integer, numeric, numeric, date, numeric) IS 'Generates a demo pemda''s whole year, deterministically from the real code lists, through the procedures the API uses (see the function''s header).';

-- Execution to @p_sampai: an SPD per OPD each quarter (its anggaran kas of the quarter), each
-- month an SPM and its SP2D for payroll (early in the month) and one for goods, services and
-- capital (late in the month, at a rate below the cash plan that a pocket keeps all year), an
-- STS per revenue OPD; then the e-monev reports of each quarter that ended, the quarter closed,
-- and an inspector's evaluation of the last one, signed.
CREATE OR REPLACE FUNCTION pagu_demo_pelaksanaan(p_pemda text, p_tahun integer, p_sampai date, p_rkpd bigint)
RETURNS void
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	akhir integer := extract(month FROM p_sampai)::integer;
	tw integer := akhir / 3;
	o record;
	r record;
	m integer;
	q integer;
	spm jsonb;
	tgl date;
	x numeric;
	id bigint;
BEGIN
	-- how much of a pocket's monthly cash plan is spent: payroll all, others at a rate of its own
	DROP TABLE IF EXISTS demo_laju;
	CREATE TEMP TABLE demo_laju ON COMMIT DROP AS
	SELECT k.kantong_id, k.opd_kode, k.arah,
		CASE WHEN k.akun LIKE '5.1.01.%' OR k.akun LIKE '6.%' OR k.akun LIKE '5.1.03.%' THEN 1.0
		     WHEN k.arah = 'masuk' THEN (92 + pagu_demo_random(k.akun || k.opd_kode, 15)) / 100.0
		     WHEN k.akun LIKE '5.2.%' THEN (60 + pagu_demo_random(k.akun || k.sub_kegiatan, 35)) / 100.0
		     WHEN k.akun LIKE '5.3.%' THEN 0.0
		     ELSE (78 + pagu_demo_random(k.akun || k.sub_kegiatan, 20)) / 100.0 END AS laju,
		k.akun LIKE '5.1.01.%' AS gaji, k.kas
	FROM kantong k WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun;
	FOR m IN 1 .. akhir LOOP
		IF m % 3 = 1 THEN
			q := (m + 2) / 3;
			FOR o IN SELECT opd_kode, sum(kas[m] + kas[m + 1] + kas[m + 2]) AS spd FROM demo_laju
				 WHERE arah = 'keluar' GROUP BY opd_kode HAVING sum(kas[m] + kas[m + 1] + kas[m + 2]) > 0 ORDER BY opd_kode LOOP
				PERFORM pagu_ledger_spd(p_pemda, p_tahun, o.opd_kode, format('%s/SPD/TW%s/%s', p_tahun, q, o.opd_kode),
					pagu_demo_hari_kerja(p_tahun, m, 2), (m + 2)::smallint, o.spd, NULL);
			END LOOP;
		END IF;
		-- payroll: an SPM per OPD early in the month, its SP2D the next working day
		FOR o IN SELECT DISTINCT opd_kode FROM demo_laju WHERE arah = 'keluar' AND gaji ORDER BY opd_kode LOOP
			tgl := pagu_demo_hari_kerja(p_tahun, m, CASE WHEN m = 1 THEN 5 ELSE 1 END);
			SELECT array_agg(kantong_id ORDER BY kantong_id) AS k, array_agg(round(kas[m] * laju, 2) ORDER BY kantong_id) AS j INTO r
			FROM demo_laju WHERE opd_kode = o.opd_kode AND gaji AND arah = 'keluar' AND round(kas[m] * laju, 2) > 0;
			IF r.k IS NULL OR tgl + 1 > p_sampai THEN
				CONTINUE;
			END IF;
			spm := pagu_ledger_spm(p_pemda, p_tahun, o.opd_kode, format('%s/SPM-GJ/%s/%s', p_tahun, lpad(m::text, 2, '0'),
				o.opd_kode), tgl, r.k, r.j, NULL);
			PERFORM pagu_ledger_sp2d(p_pemda, p_tahun, o.opd_kode, format('%s/SP2D-GJ/%s/%s', p_tahun, lpad(m::text, 2, '0'),
				o.opd_kode), pagu_demo_hari_kerja(p_tahun, m, extract(day FROM tgl)::integer + 1),
				(spm ->> 'entri_id')::bigint, NULL, NULL, NULL);
		END LOOP;
		-- goods, services and capital: the month's SP2D LS of every OPD as one batch
		SELECT array_agg(y.opd_kode ORDER BY y.opd_kode) AS opd, array_agg(y.tgl ORDER BY y.opd_kode) AS tgl INTO o
		FROM (SELECT DISTINCT l.opd_kode, pagu_demo_hari_kerja(p_tahun, m, 15 + pagu_demo_random(l.opd_kode || m, 10)::integer) AS tgl
		      FROM demo_laju l WHERE l.arah = 'keluar' AND NOT l.gaji AND round(l.kas[m] * l.laju, 2) > 0) y
		WHERE y.tgl <= p_sampai;
		IF o.opd IS NOT NULL THEN
			SELECT array_agg(array_position(o.opd, l.opd_kode) ORDER BY l.opd_kode, l.kantong_id) AS op,
				array_agg(l.kantong_id ORDER BY l.opd_kode, l.kantong_id) AS k,
				array_agg(round(l.kas[m] * l.laju, 2) ORDER BY l.opd_kode, l.kantong_id) AS j INTO r
			FROM demo_laju l WHERE l.arah = 'keluar' AND NOT l.gaji AND round(l.kas[m] * l.laju, 2) > 0 AND l.opd_kode = ANY (o.opd);
			IF pagu_ledger_sp2d_set(p_pemda, array_fill(p_tahun, ARRAY[cardinality(o.opd)]), o.opd,
				ARRAY(SELECT format('%s/SP2D-LS/%s/%s', p_tahun, lpad(m::text, 2, '0'), x) FROM unnest(o.opd) x),
				o.tgl, r.op, r.k, r.j, NULL) IS NULL THEN
				RAISE EXCEPTION 'the SP2D LS batch of month % was refused', m;
			END IF;
		END IF;
		FOR o IN SELECT DISTINCT opd_kode FROM demo_laju WHERE arah = 'masuk' ORDER BY opd_kode LOOP
			tgl := pagu_demo_hari_kerja(p_tahun, m, 25);
			SELECT array_agg(kantong_id ORDER BY kantong_id) AS k, array_agg(round(kas[m] * laju, 2) ORDER BY kantong_id) AS j INTO r
			FROM demo_laju WHERE opd_kode = o.opd_kode AND arah = 'masuk' AND round(kas[m] * laju, 2) > 0;
			IF r.k IS NULL OR tgl > p_sampai THEN
				CONTINUE;
			END IF;
			PERFORM pagu_ledger_sts(p_pemda, p_tahun, o.opd_kode, format('%s/STS/%s/%s', p_tahun, lpad(m::text, 2, '0'), o.opd_kode),
				tgl, r.k, r.j, NULL);
		END LOOP;
	END LOOP;

	-- e-monev: each indicator's progress follows its sub kegiatan's realisation
	FOR q IN 1 .. tw LOOP
		FOR r IN SELECT i.baris, i.opd_kode, i.target,
				least(100, round(100 * coalesce((SELECT sum(b.realisasi) FROM kantong_bulan b JOIN kantong k USING (pemda_id, kantong_id)
					WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun AND k.opd_kode = i.opd_kode AND k.sub_kegiatan = i.sub_kegiatan
					AND k.arah = 'keluar' AND b.bulan <= 3 * q), 0)
					/ nullif((SELECT sum(k.alokasi) FROM kantong k WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun
					AND k.opd_kode = i.opd_kode AND k.sub_kegiatan = i.sub_kegiatan AND k.arah = 'keluar'), 0)
					* (100 + pagu_demo_random(i.sub_kegiatan || q, 15)) / 100, 2)) AS fisik,
				least(100, round(100 * coalesce((SELECT sum(b.realisasi) FROM kantong_bulan b JOIN kantong k USING (pemda_id, kantong_id)
					WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun AND k.opd_kode = i.opd_kode AND k.sub_kegiatan = i.sub_kegiatan
					AND k.arah = 'keluar' AND b.bulan <= 3 * q - 3), 0)
					/ nullif((SELECT sum(k.alokasi) FROM kantong k WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun
					AND k.opd_kode = i.opd_kode AND k.sub_kegiatan = i.sub_kegiatan AND k.arah = 'keluar'), 0)
					* (100 + pagu_demo_random(i.sub_kegiatan || (q - 1), 15)) / 100, 2)) AS fisik_lalu
			 FROM rkpd_item i WHERE i.pemda_id = p_pemda AND i.dokumen_id = p_rkpd ORDER BY i.baris LOOP
			PERFORM pagu_monev_report(p_pemda, p_tahun, q::smallint, p_rkpd, r.baris, r.opd_kode,
				round(r.target * greatest(0, coalesce(r.fisik, 0) - CASE WHEN q = 1 THEN 0 ELSE coalesce(r.fisik_lalu, 0) END) / 100, 2),
				coalesce(greatest(r.fisik, CASE WHEN q = 1 THEN 0 ELSE r.fisik_lalu END), 0),
				CASE WHEN coalesce(r.fisik, 0) < 20 * q THEN 'Pelaksanaan tertunda: kontrak ditandatangani akhir triwulan' END,
				format('Laporan e-monev TW %s/%s', q, p_tahun), NULL, NULL);
		END LOOP;
		PERFORM pagu_monev_close(p_pemda, p_tahun, q::smallint, NULL);
	END LOOP;

	-- Inspektorat's evaluation of the last closed quarter: the two largest programs' OPD
	IF tw >= 1 THEN
		FOR o IN SELECT k.opd_kode, sum(k.alokasi) AS a FROM kantong k WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun
			 AND k.arah = 'keluar' AND k.sub_kegiatan NOT LIKE 'X.XX%' GROUP BY k.opd_kode ORDER BY 2 DESC, 1 LIMIT 2 LOOP
			id := (pagu_pemeriksaan_open(p_pemda, p_tahun, tw::smallint, o.opd_kode, NULL) ->> 'id')::bigint;
			FOR r IN SELECT k.sub_kegiatan, sum(k.realisasi) / sum(k.alokasi) AS serap FROM kantong k
				 WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun AND k.opd_kode = o.opd_kode AND k.arah = 'keluar'
				 AND k.sub_kegiatan NOT LIKE 'X.XX%' GROUP BY k.sub_kegiatan ORDER BY 2, 1 LIMIT 2 LOOP
				PERFORM pagu_temuan_add(p_pemda, id, r.sub_kegiatan, CASE WHEN r.serap < 0.5 THEN 'Rendah' ELSE 'Sedang' END,
					format('Realisasi keuangan sampai triwulan %s baru %s%% dari pagu; pekerjaan fisik tertinggal dari anggaran kas',
					       tw, round(100 * r.serap, 1)),
					'Percepat proses pengadaan dan penagihan termin; laporkan kemajuan pada triwulan berikutnya');
			END LOOP;
			PERFORM pagu_pemeriksaan_sign(p_pemda, id, NULL);
		END LOOP;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_demo_pelaksanaan(text, integer, date, bigint) IS 'The demo year''s execution to a date: SPD, SPM/SP2D, STS, e-monev quarters closed, an evaluation signed.';
