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
