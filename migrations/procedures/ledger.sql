-- procedures/ledger.sql - the ledger: pockets (kantong), SPD/SPM/SP2D/STS postings, their canonical text, seals.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- The canonical encoding of an entry and its lines: one formatter for writing and for verifying.
CREATE OR REPLACE FUNCTION pagu_uang(p numeric) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT to_char(p, 'FM99999999999999999990.00') $$;

CREATE OR REPLACE FUNCTION pagu_entri_baris_teks(p_urutan integer, p_kantong bigint, p_jumlah numeric, p_dp numeric, p_dr numeric)
RETURNS text LANGUAGE sql STABLE AS $$
	SELECT concat_ws(',', p_urutan, p_kantong, pagu_uang(p_jumlah), pagu_uang(p_dp), pagu_uang(p_dr))
$$;

CREATE OR REPLACE FUNCTION pagu_entri_teks(p_pemda text, p_id bigint, p_tahun integer, p_jenis text, p_opd text, p_nomor text,
				p_tanggal date, p_ref bigint, p_jumlah numeric, p_spd_bulan smallint, p_alasan text, p_baris text)
RETURNS text LANGUAGE sql STABLE AS $$
	SELECT concat_ws('|', 'pagu-entri-v1', p_pemda, p_id, p_tahun, p_jenis, p_opd, coalesce(p_nomor, ''),
		to_char(p_tanggal, 'YYYY-MM-DD'), coalesce(p_ref::text, ''), pagu_uang(p_jumlah),
		coalesce(p_spd_bulan::text, ''), coalesce(p_alasan, ''), coalesce(p_baris, ''))
$$;

CREATE OR REPLACE FUNCTION pagu_entri_kanonik(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT pagu_entri_teks(e.pemda_id, e.entri_id, e.tahun, e.jenis, e.opd_kode, e.nomor, e.tanggal, e.ref_id, e.jumlah,
		e.spd_bulan, e.alasan,
		(SELECT string_agg(pagu_entri_baris_teks(b.urutan, b.kantong_id, b.jumlah, b.d_pending, b.d_realisasi), ';'
			ORDER BY b.urutan) FROM entri_baris b WHERE b.pemda_id = e.pemda_id AND b.entri_id = e.entri_id))
	FROM entri e WHERE e.pemda_id = p_pemda AND e.entri_id = p_id
$$;
COMMENT ON FUNCTION pagu_entri_kanonik(text, bigint) IS 'The text an entry''s hash is the SHA-256 of, rebuilt from the tables: its fields and its lines in a fixed order and format (the same formatter the ledger procedures hash with).';

-- Pockets from a locked DPA: created, or re-allocated by a newer DPA of the same OPD. A newer DPA
-- may not give a pocket less than it has already spent or reserved.
CREATE OR REPLACE FUNCTION pagu_kantong_allocate(p_pemda text, p_dpa bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	n integer;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_dpa;
	WITH g AS (
		SELECT b.opd_kode, b.sub_kegiatan, pagu_baris_bidang(p_pemda, b.opd_kode, b.sub_kegiatan, b.bidang) AS bidang, b.akun,
			sum(b.jumlah) AS alokasi, array_agg(b.baris) AS baris
		FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_dpa
		GROUP BY 1, 2, 3, 4
	), ins AS (
		INSERT INTO kantong (pemda_id, tahun, opd_kode, sub_kegiatan, bidang, akun, arah, dpa_id, alokasi, kas)
		SELECT p_pemda, d.tahun, g.opd_kode, g.sub_kegiatan, g.bidang, g.akun,
			CASE WHEN g.akun LIKE '5.%' OR g.akun LIKE '6.2.%' THEN 'keluar' ELSE 'masuk' END, p_dpa, g.alokasi,
			ARRAY(SELECT coalesce((SELECT sum(k.jumlah) FROM anggaran_kas k WHERE k.pemda_id = p_pemda
				AND k.dokumen_id = p_dpa AND k.baris = ANY (g.baris) AND k.bulan = m), 0)
			      FROM generate_series(1, 12) m ORDER BY m)
		FROM g
		ON CONFLICT ON CONSTRAINT kantong_unik DO UPDATE
			SET alokasi = EXCLUDED.alokasi, kas = EXCLUDED.kas, dpa_id = EXCLUDED.dpa_id
		RETURNING 1
	)
	SELECT count(*) INTO n FROM ins;
	-- pockets of the OPD that the new DPA no longer funds
	UPDATE kantong k SET alokasi = 0, kas = array_fill(0::numeric, ARRAY[12]), dpa_id = p_dpa
	WHERE k.pemda_id = p_pemda AND k.tahun = d.tahun AND k.opd_kode = d.opd_kode AND k.dpa_id <> p_dpa;
	RETURN n;
EXCEPTION WHEN check_violation THEN
	-- (the pockets as they were: the failed statement is undone)
	RAISE EXCEPTION 'DPA_KURANG_DARI_REALISASI' USING ERRCODE = 'P9422', DETAIL = 'kantong',
		HINT = json_build_object('id', p_dpa, 'opd', d.opd_kode, 'rincian', coalesce(pagu_kantong_kurang(p_pemda, p_dpa),
			json_build_array(json_build_object('pesan', 'KANTONG_TIDAK_DIDANAI'))::text))::text;
END
$$;
COMMENT ON FUNCTION pagu_kantong_allocate(text, bigint) IS 'Creates or re-allocates the pockets of a locked DPA''s OPD from its lines and anggaran kas.';

CREATE OR REPLACE FUNCTION pagu_kantong_dari_dpa() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pagu_kantong_allocate(NEW.pemda_id, NEW.dokumen_id);
	RETURN NULL;
END
$$;

-- Refuses a date outside the year or after today (pagu_hari_ini), an unknown OPD, and a document
-- number the kind already has.
CREATE OR REPLACE FUNCTION pagu_ledger_check(p_pemda text, p_tahun integer, p_opd text, p_tanggal date, p_jenis text, p_nomor text)
RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF p_tanggal IS NULL OR extract(year FROM p_tanggal) <> p_tahun THEN
		RAISE EXCEPTION 'TANGGAL_DI_LUAR_TAHUN' USING ERRCODE = 'P9422', DETAIL = '/tanggal',
			HINT = json_build_object('tanggal', p_tanggal, 'tahun', p_tahun)::text;
	END IF;
	PERFORM pagu_tanggal_check(p_tanggal, '/tanggal');
	IF NOT EXISTS (SELECT 1 FROM opd WHERE pemda_id = p_pemda AND kode = p_opd) THEN
		RAISE EXCEPTION 'OPD_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd)::text;
	END IF;
	IF p_nomor IS NOT NULL AND EXISTS (SELECT 1 FROM entri WHERE pemda_id = p_pemda AND tahun = p_tahun
					  AND jenis = p_jenis AND nomor = p_nomor) THEN
		RAISE EXCEPTION 'NOMOR_SUDAH_DIPAKAI' USING ERRCODE = 'P9409', DETAIL = '/nomor',
			HINT = json_build_object('jenis', upper(p_jenis), 'nomor', p_nomor, 'tahun', p_tahun)::text;
	END IF;
END
$$;

-- Locks pockets @p_kantong (in id order, so concurrent postings never deadlock) and checks that
-- they are distinct, exist, and are pockets of @p_opd in @p_tahun going the way @p_arah.
CREATE OR REPLACE FUNCTION pagu_ledger_lock_kantong(p_pemda text, p_tahun integer, p_opd text, p_kantong bigint[], p_arah text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	k kantong;
	i integer;
BEGIN
	IF coalesce(cardinality(p_kantong), 0) = 0 THEN
		RAISE EXCEPTION 'OPERASI_TANPA_BARIS' USING ERRCODE = 'P9422', DETAIL = '/baris';
	END IF;
	IF cardinality(p_kantong) <> (SELECT count(DISTINCT x) FROM unnest(p_kantong) x) THEN
		RAISE EXCEPTION 'KANTONG_GANDA' USING ERRCODE = 'P9422', DETAIL = '/baris';
	END IF;
	PERFORM 1 FROM kantong WHERE pemda_id = p_pemda AND kantong_id = ANY (p_kantong) ORDER BY kantong_id FOR UPDATE;
	FOR i IN 1 .. cardinality(p_kantong) LOOP
		SELECT * INTO k FROM kantong WHERE pemda_id = p_pemda AND kantong_id = p_kantong[i];
		IF NOT FOUND THEN
			RAISE EXCEPTION 'KANTONG_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = format('/baris/%s/kantong_id', i - 1),
				HINT = json_build_object('kantong', p_kantong[i])::text;
		END IF;
		IF k.opd_kode <> p_opd OR k.tahun <> p_tahun THEN
			RAISE EXCEPTION 'KANTONG_BEDA_OPD' USING ERRCODE = 'P9422', DETAIL = format('/baris/%s/kantong_id', i - 1),
				HINT = json_build_object('kantong', k.kantong_id, 'opd_kantong', k.opd_kode, 'tahun_kantong', k.tahun, 'opd', p_opd, 'tahun', p_tahun)::text;
		END IF;
		IF k.arah <> p_arah THEN
			IF p_arah = 'keluar' THEN
				RAISE EXCEPTION 'KANTONG_PENERIMAAN' USING ERRCODE = 'P9422', DETAIL = format('/baris/%s/kantong_id', i - 1),
					HINT = json_build_object('kantong', k.kantong_id, 'akun', k.akun)::text;
			END IF;
			RAISE EXCEPTION 'KANTONG_PENGELUARAN' USING ERRCODE = 'P9422', DETAIL = format('/baris/%s/kantong_id', i - 1),
				HINT = json_build_object('kantong', k.kantong_id, 'akun', k.akun)::text;
		END IF;
	END LOOP;
END
$$;

-- Refuses a line that asks more than its pocket has available (pockets locked).
CREATE OR REPLACE FUNCTION pagu_ledger_check_available(p_pemda text, p_kantong bigint[], p_jumlah numeric[]) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	k kantong;
	i integer;
BEGIN
	FOR i IN 1 .. cardinality(p_kantong) LOOP
		SELECT * INTO k FROM kantong WHERE pemda_id = p_pemda AND kantong_id = p_kantong[i];
		IF p_jumlah[i] > k.alokasi - k.pending - k.realisasi THEN
			RAISE EXCEPTION 'KANTONG_TIDAK_CUKUP' USING ERRCODE = 'P9422', DETAIL = format('/baris/%s/jumlah', i - 1),
				HINT = json_build_object('kantong', k.kantong_id, 'sub_kegiatan', coalesce(k.sub_kegiatan, '-'), 'akun', k.akun, 'tersedia', k.alokasi - k.pending - k.realisasi, 'diminta', p_jumlah[i])::text;
		END IF;
	END LOOP;
END
$$;

-- Writes an entry with its lines, hashed, applies the lines to the (locked) pockets, and returns
-- the entry with the touched pockets' balances.
CREATE OR REPLACE FUNCTION pagu_ledger_write(p_pemda text, p_tahun integer, p_jenis text, p_opd text, p_nomor text, p_tanggal date,
				  p_ref bigint, p_jumlah numeric, p_spd_bulan smallint, p_alasan text, p_token bigint,
				  p_kantong bigint[], p_baris numeric[], p_dp numeric[], p_dr numeric[])
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	id bigint := nextval('entri_entri_id_seq');
	teks text;
	i integer;
BEGIN
	SELECT string_agg(pagu_entri_baris_teks(x.n::integer, x.k, x.j, x.dp, x.dr), ';' ORDER BY x.n) INTO teks
	FROM unnest(p_kantong, p_baris, p_dp, p_dr) WITH ORDINALITY AS x(k, j, dp, dr, n);
	INSERT INTO entri (pemda_id, entri_id, tahun, jenis, opd_kode, nomor, tanggal, ref_id, jumlah, spd_bulan, alasan, token_id, hash)
	VALUES (p_pemda, id, p_tahun, p_jenis, p_opd, p_nomor, p_tanggal, p_ref, p_jumlah, p_spd_bulan, p_alasan, p_token,
		encode(sha256(convert_to(pagu_entri_teks(p_pemda, id, p_tahun, p_jenis, p_opd, p_nomor, p_tanggal, p_ref,
			p_jumlah, p_spd_bulan, p_alasan, teks), 'UTF8')), 'hex'));
	FOR i IN 1 .. coalesce(cardinality(p_kantong), 0) LOOP
		INSERT INTO entri_baris (pemda_id, entri_id, urutan, kantong_id, jumlah, d_pending, d_realisasi)
		VALUES (p_pemda, id, i, p_kantong[i], p_baris[i], p_dp[i], p_dr[i]);
		UPDATE kantong SET pending = pending + p_dp[i], realisasi = realisasi + p_dr[i]
		WHERE pemda_id = p_pemda AND kantong_id = p_kantong[i];
	END LOOP;
	RETURN pagu_ledger_answer(p_pemda, id);
END
$$;

CREATE OR REPLACE FUNCTION pagu_kantong_json(k kantong) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN jsonb_build_object('kantong_id', k.kantong_id, 'tahun', k.tahun, 'opd_kode', k.opd_kode,
		'sub_kegiatan', k.sub_kegiatan, 'bidang', k.bidang, 'akun', k.akun, 'arah', k.arah, 'dpa_id', k.dpa_id,
		'alokasi', pagu_uang(k.alokasi), 'pending', pagu_uang(k.pending), 'realisasi', pagu_uang(k.realisasi),
		'tersedia', CASE WHEN k.arah = 'keluar' THEN pagu_uang(k.alokasi - k.pending - k.realisasi) END,
		'kas', (SELECT jsonb_agg(pagu_uang(x) ORDER BY n) FROM unnest(k.kas) WITH ORDINALITY AS u(x, n)));
END
$$;

CREATE OR REPLACE FUNCTION pagu_ledger_answer(p_pemda text, p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	j jsonb;
BEGIN
	SELECT jsonb_build_object('entri_id', e.entri_id, 'tahun', e.tahun, 'jenis', e.jenis, 'opd_kode', e.opd_kode,
		'nomor', e.nomor, 'tanggal', e.tanggal, 'ref_id', e.ref_id, 'jumlah', pagu_uang(e.jumlah),
		'spd_bulan', e.spd_bulan, 'alasan', e.alasan, 'hash', e.hash,
		'dibuat', to_char(e.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'baris', coalesce((SELECT jsonb_agg(jsonb_build_object('kantong_id', b.kantong_id, 'jumlah', pagu_uang(b.jumlah),
			'd_pending', pagu_uang(b.d_pending), 'd_realisasi', pagu_uang(b.d_realisasi)) ORDER BY b.urutan)
			FROM entri_baris b WHERE b.pemda_id = e.pemda_id AND b.entri_id = e.entri_id), '[]'),
		'kantong', coalesce((SELECT jsonb_agg(pagu_kantong_json(k) ORDER BY k.kantong_id) FROM kantong k
			WHERE k.pemda_id = e.pemda_id AND k.kantong_id IN (SELECT b.kantong_id FROM entri_baris b
				WHERE b.pemda_id = e.pemda_id AND b.entri_id = e.entri_id)), '[]'),
		'opd', (SELECT jsonb_build_object('spd', pagu_uang(s.spd), 'spd_bulan', s.spd_bulan, 'sp2d', pagu_uang(s.sp2d),
			'sisa_spd', pagu_uang(s.spd - s.sp2d)) FROM opd_saldo s
			WHERE s.pemda_id = e.pemda_id AND s.tahun = e.tahun AND s.opd_kode = e.opd_kode),
		'segel_id', (SELECT x.segel_id FROM segel_entri x WHERE x.pemda_id = e.pemda_id AND x.entri_id = e.entri_id))
	INTO j
	FROM entri e WHERE e.pemda_id = p_pemda AND e.entri_id = p_id;
	RETURN j;
END
$$;

-- SPD: spending authority of an OPD up to month p_bulan. Cumulative SPD <= cumulative anggaran kas.
CREATE OR REPLACE FUNCTION pagu_ledger_spd(p_pemda text, p_tahun integer, p_opd text, p_nomor text, p_tanggal date, p_bulan smallint,
				p_jumlah numeric, p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	s opd_saldo;
	m smallint;
	kas numeric;
BEGIN
	PERFORM pagu_ledger_check(p_pemda, p_tahun, p_opd, p_tanggal, 'spd', p_nomor);
	INSERT INTO opd_saldo (pemda_id, tahun, opd_kode) VALUES (p_pemda, p_tahun, p_opd) ON CONFLICT DO NOTHING;
	SELECT * INTO s FROM opd_saldo WHERE pemda_id = p_pemda AND tahun = p_tahun AND opd_kode = p_opd FOR UPDATE;
	m := greatest(s.spd_bulan, p_bulan);
	SELECT coalesce(sum((SELECT sum(x) FROM unnest(k.kas[1:m]) x)), 0) INTO kas FROM kantong k
	WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun AND k.opd_kode = p_opd AND k.arah = 'keluar';
	IF s.spd + p_jumlah > kas THEN
		RAISE EXCEPTION 'SPD_LEBIH_KAS' USING ERRCODE = 'P9422', DETAIL = '/jumlah',
			HINT = json_build_object('opd', p_opd, 'spd', s.spd + p_jumlah, 'kas', kas, 'bulan', m)::text;
	END IF;
	UPDATE opd_saldo SET spd = spd + p_jumlah, spd_bulan = m
	WHERE pemda_id = p_pemda AND tahun = p_tahun AND opd_kode = p_opd;
	RETURN pagu_ledger_write(p_pemda, p_tahun, 'spd', p_opd, p_nomor, p_tanggal, NULL, p_jumlah, p_bulan, NULL, p_token,
				 '{}', '{}', '{}', '{}');
END
$$;

-- SPM: reserves money in one or more pockets (pending).
CREATE OR REPLACE FUNCTION pagu_ledger_spm(p_pemda text, p_tahun integer, p_opd text, p_nomor text, p_tanggal date,
				p_kantong bigint[], p_jumlah numeric[], p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pagu_ledger_check(p_pemda, p_tahun, p_opd, p_tanggal, 'spm', p_nomor);
	PERFORM pagu_ledger_lock_kantong(p_pemda, p_tahun, p_opd, p_kantong, 'keluar');
	PERFORM pagu_ledger_check_available(p_pemda, p_kantong, p_jumlah);
	RETURN pagu_ledger_write(p_pemda, p_tahun, 'spm', p_opd, p_nomor, p_tanggal, NULL,
		(SELECT sum(x) FROM unnest(p_jumlah) x), NULL, NULL, p_token,
		p_kantong, p_jumlah, p_jumlah, array_fill(0::numeric, ARRAY[cardinality(p_kantong)]));
END
$$;

-- The SPM @p_spm, locked with its pockets, not yet resolved; refuses otherwise.
CREATE OR REPLACE FUNCTION pagu_ledger_spm_open(p_pemda text, p_spm bigint, p_opd text) RETURNS entri
LANGUAGE plpgsql AS $$
DECLARE
	e entri;
	x entri;
BEGIN
	SELECT * INTO e FROM entri WHERE pemda_id = p_pemda AND entri_id = p_spm AND jenis = 'spm';
	IF NOT FOUND THEN
		RAISE EXCEPTION 'SPM_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = '/spm_id',
			HINT = json_build_object('spm', p_spm)::text;
	END IF;
	IF p_opd IS NOT NULL AND e.opd_kode <> p_opd THEN
		RAISE EXCEPTION 'SPM_BEDA_OPD' USING ERRCODE = 'P9422', DETAIL = '/spm_id',
			HINT = json_build_object('spm', p_spm, 'opd_spm', e.opd_kode, 'opd', p_opd)::text;
	END IF;
	PERFORM 1 FROM kantong WHERE pemda_id = p_pemda AND kantong_id IN (SELECT b.kantong_id FROM entri_baris b
		WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm) ORDER BY kantong_id FOR UPDATE;
	-- after the locks: a concurrent resolution of the same SPM has committed or not at all
	SELECT * INTO x FROM entri WHERE pemda_id = p_pemda AND ref_id = p_spm AND jenis IN ('sp2d', 'void');
	IF FOUND THEN
		IF x.jenis = 'void' THEN
			RAISE EXCEPTION 'SPM_SUDAH_BATAL' USING ERRCODE = 'P9409', DETAIL = '/spm_id', HINT = json_build_object('spm', p_spm)::text;
		END IF;
		RAISE EXCEPTION 'SPM_SUDAH_SP2D' USING ERRCODE = 'P9409', DETAIL = '/spm_id',
			HINT = json_build_object('spm', p_spm, 'sp2d', x.nomor)::text;
	END IF;
	RETURN e;
END
$$;

-- SP2D: posts an SPM in full or in part (the rest released), or, without an SPM, reserves and posts
-- in one step. Cumulative SP2D of an OPD never exceeds its cumulative SPD.
CREATE OR REPLACE FUNCTION pagu_ledger_sp2d(p_pemda text, p_tahun integer, p_opd text, p_nomor text, p_tanggal date, p_spm bigint,
				 p_kantong bigint[], p_jumlah numeric[], p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	s opd_saldo;
	spm entri;
	ks bigint[];
	js numeric[];
	dps numeric[];
	drs numeric[];
	total numeric;
	i integer;
	pos integer;
BEGIN
	PERFORM pagu_ledger_check(p_pemda, p_tahun, p_opd, p_tanggal, 'sp2d', p_nomor);
	SELECT * INTO s FROM opd_saldo WHERE pemda_id = p_pemda AND tahun = p_tahun AND opd_kode = p_opd FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'OPD_TANPA_SPD' USING ERRCODE = 'P9422', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd, 'tahun', p_tahun)::text;
	END IF;
	IF p_spm IS NOT NULL THEN
		spm := pagu_ledger_spm_open(p_pemda, p_spm, p_opd);
		IF spm.tahun <> p_tahun THEN
			RAISE EXCEPTION 'SPM_BEDA_TAHUN' USING ERRCODE = 'P9422', DETAIL = '/spm_id',
				HINT = json_build_object('spm', p_spm, 'tahun_spm', spm.tahun, 'tahun', p_tahun)::text;
		END IF;
		FOR i IN 1 .. coalesce(cardinality(p_kantong), 0) LOOP
			IF NOT EXISTS (SELECT 1 FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm
				       AND b.kantong_id = p_kantong[i]) THEN
				RAISE EXCEPTION 'KANTONG_BUKAN_DI_SPM' USING ERRCODE = 'P9422', DETAIL = format('/baris/%s/kantong_id', i - 1),
					HINT = json_build_object('kantong', p_kantong[i], 'spm', p_spm)::text;
			END IF;
		END LOOP;
		IF coalesce(cardinality(p_kantong), 0) <> (SELECT count(DISTINCT x) FROM unnest(p_kantong) x) THEN
			RAISE EXCEPTION 'KANTONG_GANDA' USING ERRCODE = 'P9422', DETAIL = '/baris';
		END IF;
		-- every pocket of the SPM: post what is asked (none when not named), release the rest
		ks := '{}'; js := '{}'; dps := '{}'; drs := '{}';
		FOR i IN SELECT b.urutan FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm ORDER BY b.urutan LOOP
			ks := ks || (SELECT b.kantong_id FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm AND b.urutan = i);
			pos := array_position(p_kantong, ks[cardinality(ks)]);
			dps := dps || -(SELECT b.jumlah FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm AND b.urutan = i);
			-- no lines named: the SPM is posted in full
			js := js || CASE WHEN coalesce(cardinality(p_kantong), 0) = 0 THEN -dps[cardinality(dps)]
					 ELSE coalesce(p_jumlah[pos], 0) END;
			IF js[cardinality(js)] > -dps[cardinality(dps)] THEN
				RAISE EXCEPTION 'SP2D_LEBIH_SPM' USING ERRCODE = 'P9422', DETAIL = format('/baris/%s/jumlah', pos - 1),
					HINT = json_build_object('jumlah', js[cardinality(js)], 'kantong', ks[cardinality(ks)], 'dicadangkan', -dps[cardinality(dps)], 'spm', p_spm)::text;
			END IF;
			drs := drs || js[cardinality(js)];
		END LOOP;
	ELSE
		PERFORM pagu_ledger_lock_kantong(p_pemda, p_tahun, p_opd, p_kantong, 'keluar');
		PERFORM pagu_ledger_check_available(p_pemda, p_kantong, p_jumlah);
		ks := p_kantong; js := p_jumlah; drs := p_jumlah;
		dps := array_fill(0::numeric, ARRAY[cardinality(p_kantong)]);
	END IF;
	total := (SELECT sum(x) FROM unnest(drs) x);
	IF coalesce(total, 0) <= 0 THEN
		RAISE EXCEPTION 'SP2D_HARUS_POSITIF' USING ERRCODE = 'P9422', DETAIL = '/baris';
	END IF;
	IF s.sp2d + total > s.spd THEN
		RAISE EXCEPTION 'SP2D_LEBIH_SPD' USING ERRCODE = 'P9422', DETAIL = '/baris',
			HINT = json_build_object('jumlah', total, 'opd', p_opd, 'total', s.sp2d + total, 'spd', s.spd)::text;
	END IF;
	UPDATE opd_saldo SET sp2d = sp2d + total WHERE pemda_id = p_pemda AND tahun = p_tahun AND opd_kode = p_opd;
	RETURN pagu_ledger_write(p_pemda, p_tahun, 'sp2d', p_opd, p_nomor, p_tanggal, p_spm, total, NULL, NULL, p_token,
				 ks, js, dps, drs);
END
$$;

-- Void: an SPM released in full.
CREATE OR REPLACE FUNCTION pagu_ledger_void(p_pemda text, p_spm bigint, p_tanggal date, p_alasan text, p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	spm entri;
BEGIN
	spm := pagu_ledger_spm_open(p_pemda, p_spm, NULL);
	PERFORM pagu_ledger_check(p_pemda, spm.tahun, spm.opd_kode, p_tanggal, 'void', NULL);
	RETURN pagu_ledger_write(p_pemda, spm.tahun, 'void', spm.opd_kode, NULL, p_tanggal, p_spm, spm.jumlah, NULL, p_alasan, p_token,
		ARRAY(SELECT b.kantong_id FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm ORDER BY b.urutan),
		ARRAY(SELECT b.jumlah FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm ORDER BY b.urutan),
		ARRAY(SELECT -b.jumlah FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm ORDER BY b.urutan),
		ARRAY(SELECT 0::numeric FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_spm ORDER BY b.urutan));
END
$$;

-- STS: a receipt into pendapatan (or penerimaan pembiayaan) pockets; above the target is allowed.
CREATE OR REPLACE FUNCTION pagu_ledger_sts(p_pemda text, p_tahun integer, p_opd text, p_nomor text, p_tanggal date,
				p_kantong bigint[], p_jumlah numeric[], p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pagu_ledger_check(p_pemda, p_tahun, p_opd, p_tanggal, 'sts', p_nomor);
	PERFORM pagu_ledger_lock_kantong(p_pemda, p_tahun, p_opd, p_kantong, 'masuk');
	RETURN pagu_ledger_write(p_pemda, p_tahun, 'sts', p_opd, p_nomor, p_tanggal, NULL,
		(SELECT sum(x) FROM unnest(p_jumlah) x), NULL, NULL, p_token,
		p_kantong, p_jumlah, array_fill(0::numeric, ARRAY[cardinality(p_kantong)]), p_jumlah);
END
$$;

-- Koreksi: reverses an SP2D or an STS in full, once, with a reason.
CREATE OR REPLACE FUNCTION pagu_ledger_koreksi(p_pemda text, p_entri bigint, p_nomor text, p_tanggal date, p_alasan text, p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	e entri;
	x entri;
BEGIN
	SELECT * INTO e FROM entri WHERE pemda_id = p_pemda AND entri_id = p_entri;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'ENTRI_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = '/entri_id',
			HINT = json_build_object('entri', p_entri)::text;
	END IF;
	IF e.jenis NOT IN ('sp2d', 'sts') THEN
		RAISE EXCEPTION '%', CASE e.jenis WHEN 'koreksi' THEN 'ENTRI_KOREKSI_TETAP' WHEN 'spm' THEN 'ENTRI_SPM_DIBATALKAN'
			ELSE 'ENTRI_TIDAK_DIBALIK' END USING ERRCODE = 'P9422', DETAIL = '/entri_id',
			HINT = json_build_object('entri', p_entri, 'jenis', upper(e.jenis))::text;
	END IF;
	PERFORM pagu_ledger_check(p_pemda, e.tahun, e.opd_kode, p_tanggal, 'koreksi', p_nomor);
	IF e.jenis = 'sp2d' THEN
		PERFORM 1 FROM opd_saldo WHERE pemda_id = p_pemda AND tahun = e.tahun AND opd_kode = e.opd_kode FOR UPDATE;
	END IF;
	PERFORM 1 FROM kantong WHERE pemda_id = p_pemda AND kantong_id IN (SELECT b.kantong_id FROM entri_baris b
		WHERE b.pemda_id = p_pemda AND b.entri_id = p_entri) ORDER BY kantong_id FOR UPDATE;
	SELECT * INTO x FROM entri WHERE pemda_id = p_pemda AND ref_id = p_entri AND jenis = 'koreksi';
	IF FOUND THEN
		RAISE EXCEPTION 'ENTRI_SUDAH_DIKOREKSI' USING ERRCODE = 'P9409', DETAIL = '/entri_id',
			HINT = json_build_object('entri', p_entri, 'koreksi', x.nomor)::text;
	END IF;
	IF e.jenis = 'sp2d' THEN
		UPDATE opd_saldo SET sp2d = sp2d - e.jumlah WHERE pemda_id = p_pemda AND tahun = e.tahun AND opd_kode = e.opd_kode;
	END IF;
	RETURN pagu_ledger_write(p_pemda, e.tahun, 'koreksi', e.opd_kode, p_nomor, p_tanggal, p_entri, e.jumlah, NULL, p_alasan, p_token,
		ARRAY(SELECT b.kantong_id FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_entri AND b.d_realisasi <> 0 ORDER BY b.urutan),
		ARRAY(SELECT b.d_realisasi FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_entri AND b.d_realisasi <> 0 ORDER BY b.urutan),
		ARRAY(SELECT 0::numeric FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_entri AND b.d_realisasi <> 0 ORDER BY b.urutan),
		ARRAY(SELECT -b.d_realisasi FROM entri_baris b WHERE b.pemda_id = p_pemda AND b.entri_id = p_entri AND b.d_realisasi <> 0 ORDER BY b.urutan));
END
$$;

-- p_tahun, p_opd, p_nomor, p_tanggal: one element an operation. p_op, p_kantong, p_jumlah: one
-- element a line, p_op the (1-based) operation it belongs to, lines in their order.
-- Returns the answers (as pagu_ledger_answer) in operation order, or NULL.
CREATE OR REPLACE FUNCTION pagu_ledger_sp2d_set(p_pemda text, p_tahun integer[], p_opd text[], p_nomor text[], p_tanggal date[],
				     p_op integer[], p_kantong bigint[], p_jumlah numeric[], p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	n integer := coalesce(cardinality(p_tahun), 0);
	ids bigint[];
	i integer;
BEGIN
	IF n = 0 OR cardinality(p_opd) <> n OR cardinality(p_nomor) <> n OR cardinality(p_tanggal) <> n
	   OR cardinality(p_kantong) <> cardinality(p_op) OR cardinality(p_jumlah) <> cardinality(p_op) THEN
		RETURN NULL;
	END IF;
	-- dates in the year and not after today; document numbers given, new, and not repeated within the batch
	IF EXISTS (SELECT 1 FROM unnest(p_tahun, p_tanggal, p_nomor) o(y, d, nomor)
		   WHERE d IS NULL OR extract(year FROM d) <> y OR d > pagu_hari_ini() OR nomor IS NULL)
	   OR (SELECT count(DISTINCT (y, nomor)) FROM unnest(p_tahun, p_nomor) o(y, nomor)) <> n
	   OR EXISTS (SELECT 1 FROM unnest(p_tahun, p_nomor) o(y, nomor) JOIN entri e ON e.pemda_id = p_pemda
		      AND e.tahun = o.y AND e.jenis = 'sp2d' AND e.nomor = o.nomor) THEN
		RETURN NULL;
	END IF;
	-- every operation has lines, with no pocket twice, each a positive amount
	IF (SELECT count(DISTINCT op) FROM unnest(p_op) op) <> n
	   OR EXISTS (SELECT 1 FROM unnest(p_op) op WHERE op IS NULL OR op < 1 OR op > n)
	   OR (SELECT count(DISTINCT (op, k)) FROM unnest(p_op, p_kantong) l(op, k)) <> cardinality(p_op)
	   OR EXISTS (SELECT 1 FROM unnest(p_jumlah) j WHERE j IS NULL OR j <= 0) THEN
		RETURN NULL;
	END IF;
	-- the OPDs' SPD rows, then the pockets, each in a fixed order (as single postings lock them)
	IF (SELECT count(*) FROM (SELECT 1 FROM opd_saldo s WHERE s.pemda_id = p_pemda
			AND (s.tahun, s.opd_kode) IN (SELECT DISTINCT y, opd FROM unnest(p_tahun, p_opd) o(y, opd))
			ORDER BY s.tahun, s.opd_kode FOR UPDATE) x)
	   <> (SELECT count(DISTINCT (y, opd)) FROM unnest(p_tahun, p_opd) o(y, opd)) THEN
		RETURN NULL;
	END IF;
	PERFORM 1 FROM kantong k WHERE k.pemda_id = p_pemda AND k.kantong_id = ANY (p_kantong)
		ORDER BY k.kantong_id FOR UPDATE;
	-- each line's pocket is a spending pocket of its operation's OPD and year
	IF EXISTS (SELECT 1 FROM unnest(p_op, p_kantong) l(op, kid)
		   LEFT JOIN kantong k ON k.pemda_id = p_pemda AND k.kantong_id = l.kid
		   WHERE k.kantong_id IS NULL OR k.arah <> 'keluar' OR k.opd_kode <> p_opd[l.op] OR k.tahun <> p_tahun[l.op])
	THEN
		RETURN NULL;
	END IF;
	-- each pocket has what the batch asks of it; each OPD's SPD covers what the batch pays
	IF EXISTS (SELECT 1 FROM (SELECT kid, sum(j) AS j FROM unnest(p_kantong, p_jumlah) l(kid, j) GROUP BY kid) a
		   JOIN kantong k ON k.pemda_id = p_pemda AND k.kantong_id = a.kid
		   WHERE a.j > k.alokasi - k.pending - k.realisasi)
	   OR EXISTS (SELECT 1 FROM (SELECT p_tahun[op] AS y, p_opd[op] AS opd, sum(j) AS j
				     FROM unnest(p_op, p_jumlah) l(op, j) GROUP BY 1, 2) a
		      JOIN opd_saldo s ON s.pemda_id = p_pemda AND s.tahun = a.y AND s.opd_kode = a.opd
		      WHERE s.sp2d + a.j > s.spd) THEN
		RETURN NULL;
	END IF;

	ids := array_fill(0::bigint, ARRAY[n]);
	FOR i IN 1 .. n LOOP
		ids[i] := nextval('entri_entri_id_seq');
	END LOOP;
	INSERT INTO entri (pemda_id, entri_id, tahun, jenis, opd_kode, nomor, tanggal, ref_id, jumlah, spd_bulan, alasan,
			   token_id, hash)
	SELECT p_pemda, ids[o.i], o.y, 'sp2d', o.opd, o.nomor, o.d, NULL, l.total, NULL, NULL, p_token,
		encode(sha256(convert_to(pagu_entri_teks(p_pemda, ids[o.i], o.y, 'sp2d', o.opd, o.nomor, o.d, NULL, l.total,
			NULL, NULL, l.teks), 'UTF8')), 'hex')
	FROM unnest(p_tahun, p_opd, p_nomor, p_tanggal) WITH ORDINALITY o(y, opd, nomor, d, i)
	JOIN (SELECT x.op, sum(x.j) AS total,
		     string_agg(pagu_entri_baris_teks(x.urutan, x.kid, x.j, 0, x.j), ';' ORDER BY x.urutan) AS teks
	      FROM (SELECT op, kid, j, (row_number() OVER (PARTITION BY op ORDER BY at))::integer AS urutan
		    FROM unnest(p_op, p_kantong, p_jumlah) WITH ORDINALITY u(op, kid, j, at)) x
	      GROUP BY x.op) l ON l.op = o.i
	ORDER BY o.i;
	INSERT INTO entri_baris (pemda_id, entri_id, urutan, kantong_id, jumlah, d_pending, d_realisasi)
	SELECT p_pemda, ids[op], (row_number() OVER (PARTITION BY op ORDER BY at))::smallint, kid, j, 0, j
	FROM unnest(p_op, p_kantong, p_jumlah) WITH ORDINALITY u(op, kid, j, at);
	UPDATE kantong k SET realisasi = k.realisasi + a.j
	FROM (SELECT kid, sum(j) AS j FROM unnest(p_kantong, p_jumlah) l(kid, j) GROUP BY kid) a
	WHERE k.pemda_id = p_pemda AND k.kantong_id = a.kid;
	UPDATE opd_saldo s SET sp2d = s.sp2d + a.j
	FROM (SELECT p_tahun[op] AS y, p_opd[op] AS opd, sum(j) AS j FROM unnest(p_op, p_jumlah) l(op, j) GROUP BY 1, 2) a
	WHERE s.pemda_id = p_pemda AND s.tahun = a.y AND s.opd_kode = a.opd;
	RETURN (SELECT jsonb_agg(pagu_ledger_answer(p_pemda, x.id) ORDER BY x.i)
		FROM unnest(ids) WITH ORDINALITY x(id, i));
END
$$;
COMMENT ON FUNCTION pagu_ledger_sp2d_set(text, integer[], text[], text[], date[], integer[], bigint[], numeric[], bigint) IS 'The direct SP2Ds (without SPM) of an atomic batch as one set: the checks of pagu_ledger_sp2d on the batch''s sums, then every entry, line and balance in a few statements. NULL, writing nothing, when a check fails: the caller then posts one by one to name the refusal.';
GRANT EXECUTE ON FUNCTION pagu_ledger_sp2d_set(text, integer[], text[], text[], date[], integer[], bigint[], numeric[], bigint) TO pagu_app;

-- No entry is dated after today, whoever inserts it and however (one posting, a batch, a
-- superuser's INSERT): checked once a statement, over the entries it inserted.
CREATE OR REPLACE FUNCTION pagu_entri_guard_tanggal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pagu_tanggal_check((SELECT max(tanggal) FROM baru), '/tanggal');
	RETURN NULL;
END
$$;

-- Once a statement, over the lines it inserted (a batch's thousand lines are one upsert).
CREATE OR REPLACE FUNCTION pagu_kantong_bulan_allocate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO kantong_bulan AS m (pemda_id, kantong_id, bulan, realisasi)
	SELECT b.pemda_id, b.kantong_id, extract(month FROM e.tanggal)::smallint, sum(b.d_realisasi)
	FROM baru b JOIN entri e ON e.pemda_id = b.pemda_id AND e.entri_id = b.entri_id
	WHERE b.d_realisasi <> 0
	GROUP BY 1, 2, 3
	ON CONFLICT (pemda_id, kantong_id, bulan) DO UPDATE SET realisasi = m.realisasi + EXCLUDED.realisasi;
	RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER dokumen_dpa_kantong AFTER UPDATE OF status ON dokumen
	FOR EACH ROW WHEN (NEW.jenis = 'dpa' AND NEW.status = 'locked' AND OLD.status <> 'locked')
	EXECUTE FUNCTION pagu_kantong_dari_dpa();

CREATE OR REPLACE TRIGGER entri_baris_bulan AFTER INSERT ON entri_baris REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_kantong_bulan_allocate();

CREATE OR REPLACE TRIGGER entri_tanggal AFTER INSERT ON entri REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_entri_guard_tanggal();

-- the append-only tables of this area
CALL pagu_append_only('entri', 'append_only');
CALL pagu_append_only('entri_baris', 'append_only');
CALL pagu_append_only('segel', 'append_only');
CALL pagu_append_only('segel_entri', 'append_only');
CALL pagu_append_only('kantong', 'no_delete');
CALL pagu_append_only('kantong_bulan', 'no_delete');
