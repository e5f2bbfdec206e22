-- procedures/monev.sql - e-monev: quarters, realisation reports, band tables, the evaluation of a quarter.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- A closed quarter, or one not yet begun, takes no report, whoever inserts: the freeze does not
-- depend on the procedure.
CREATE OR REPLACE FUNCTION pagu_monev_guard_closed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pagu_triwulan_check(NEW.tahun, NEW.triwulan, 'report');
	IF EXISTS (SELECT 1 FROM monev_triwulan WHERE pemda_id = NEW.pemda_id AND tahun = NEW.tahun AND triwulan = NEW.triwulan) THEN
		RAISE EXCEPTION 'TRIWULAN_TERTUTUP' USING ERRCODE = 'P9409', DETAIL = '/triwulan',
			HINT = json_build_object('triwulan', NEW.triwulan, 'tahun', NEW.tahun)::text;
	END IF;
	RETURN NEW;
END
$$;

-- A band table, checked: from -infinity to +infinity, each band starting where the last ended.
CREATE OR REPLACE FUNCTION pagu_monev_skala_add(p_pemda text, p_jenis text, p_nama text, p_dasar text, p_dari numeric[],
					p_sampai numeric[], p_predikat text[], p_token bigint)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	n integer := coalesce(cardinality(p_predikat), 0);
	id integer;
	i integer;
BEGIN
	IF n = 0 OR cardinality(p_dari) <> n OR cardinality(p_sampai) <> n THEN
		RAISE EXCEPTION 'PITA_KOSONG' USING ERRCODE = 'P9422', DETAIL = '/pita';
	END IF;
	IF p_dari[1] IS NOT NULL THEN
		RAISE EXCEPTION 'PITA_BAWAH' USING ERRCODE = 'P9422', DETAIL = '/pita/0/dari';
	END IF;
	IF p_sampai[n] IS NOT NULL THEN
		RAISE EXCEPTION 'PITA_ATAS' USING ERRCODE = 'P9422', DETAIL = format('/pita/%s/sampai', n - 1);
	END IF;
	FOR i IN 1 .. n LOOP
		IF i < n AND p_sampai[i] IS NULL OR i > 1 AND p_dari[i] IS NULL THEN
			RAISE EXCEPTION 'PITA_TANPA_BATAS' USING ERRCODE = 'P9422', DETAIL = format('/pita/%s', i - 1),
				HINT = json_build_object('pita', i - 1)::text;
		END IF;
		IF p_dari[i] IS NOT NULL AND p_sampai[i] IS NOT NULL AND p_dari[i] >= p_sampai[i] THEN
			RAISE EXCEPTION 'PITA_HAMPA' USING ERRCODE = 'P9422', DETAIL = format('/pita/%s', i - 1),
				HINT = json_build_object('pita', i - 1, 'dari', p_dari[i], 'sampai', p_sampai[i])::text;
		END IF;
		IF i > 1 AND p_dari[i] <> p_sampai[i - 1] THEN
			RAISE EXCEPTION '%', CASE WHEN p_dari[i] > p_sampai[i - 1] THEN 'PITA_CELAH' ELSE 'PITA_TUMPANG' END
				USING ERRCODE = 'P9422', DETAIL = format('/pita/%s/dari', i - 1),
				HINT = json_build_object('pita', i - 1, 'dari', p_dari[i], 'pita_lalu', i - 2, 'sampai', p_sampai[i - 1])::text;
		END IF;
	END LOOP;
	PERFORM pg_advisory_xact_lock(hashtext('monev_skala'), hashtext(p_pemda));
	SELECT coalesce(max(skala_id), 0) + 1 INTO id FROM monev_skala WHERE pemda_id = p_pemda;
	INSERT INTO monev_skala (pemda_id, skala_id, jenis, nama, dasar_hukum, token_id)
	VALUES (p_pemda, id, p_jenis, p_nama, p_dasar, p_token);
	INSERT INTO monev_pita (pemda_id, skala_id, urutan, dari, sampai, predikat)
	SELECT p_pemda, id, x.n, x.d, x.s, x.p FROM unnest(p_dari, p_sampai, p_predikat) WITH ORDINALITY AS x(d, s, p, n);
	RETURN id;
END
$$;
COMMENT ON FUNCTION pagu_monev_skala_add(text, text, text, text, numeric[], numeric[], text[], bigint) IS 'Records a band table after checking that its bands cover every capaian exactly once.';

-- The default of Permendagri 86/2017 for a pemda without its own table of that kind: [91, inf) Sangat
-- Tinggi, [76, 91) Tinggi, [66, 76) Sedang, [51, 66) Rendah, (-inf, 51) Sangat Rendah. A capaian of
-- 50,99 is Sangat Rendah; 51,00 is Rendah.
CREATE OR REPLACE FUNCTION pagu_monev_skala_aktif(p_pemda text, p_jenis text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	id integer;
BEGIN
	SELECT max(skala_id) INTO id FROM monev_skala WHERE pemda_id = p_pemda AND jenis = p_jenis;
	IF id IS NULL THEN
		id := pagu_monev_skala_add(p_pemda, p_jenis, 'Kriteria penilaian tingkat capaian kinerja',
			'Permendagri 86/2017 (default pagu)', ARRAY[NULL, 51, 66, 76, 91]::numeric[],
			ARRAY[51, 66, 76, 91, NULL]::numeric[],
			ARRAY['Sangat Rendah', 'Rendah', 'Sedang', 'Tinggi', 'Sangat Tinggi'], NULL);
	END IF;
	RETURN id;
END
$$;

-- capaian = realisasi / target x 100, rounded half away from zero to two places; NULL (not evaluable)
-- when the target is zero or missing.
CREATE OR REPLACE FUNCTION pagu_capaian(p_realisasi numeric, p_target numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_target IS NULL OR p_target = 0 OR p_realisasi IS NULL THEN NULL
		    ELSE round(p_realisasi * 100 / p_target, 2) END
$$;

-- The rating of a (two-place) capaian in band table @p_skala; NULL for NULL.
CREATE OR REPLACE FUNCTION pagu_predikat(p_pemda text, p_skala integer, p_capaian numeric) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT predikat FROM monev_pita WHERE pemda_id = p_pemda AND skala_id = p_skala AND p_capaian IS NOT NULL
		AND (dari IS NULL OR p_capaian >= dari) AND (sampai IS NULL OR p_capaian < sampai)
$$;

-- A report of realisation, or a correction of a closed quarter's report.
CREATE OR REPLACE FUNCTION pagu_monev_report(p_pemda text, p_tahun integer, p_triwulan smallint, p_rkpd bigint, p_baris integer,
				 p_opd text, p_nilai numeric, p_fisik numeric, p_catatan text, p_bukti text, p_koreksi bigint,
				 p_token bigint)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	it rkpd_item;
	d dokumen;
	k monev_realisasi;
	id bigint;
	untuk smallint := p_triwulan;
BEGIN
	SELECT * INTO it FROM rkpd_item WHERE pemda_id = p_pemda AND dokumen_id = p_rkpd AND baris = p_baris;
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_rkpd;
	IF it.baris IS NULL OR d.jenis <> 'rkpd' OR d.status <> 'locked' OR d.tahun <> p_tahun THEN
		RAISE EXCEPTION 'INDIKATOR_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = '/indikator',
			HINT = json_build_object('rkpd', p_rkpd, 'baris', p_baris, 'tahun', p_tahun)::text;
	END IF;
	IF p_opd IS NOT NULL AND it.opd_kode <> p_opd THEN
		RAISE EXCEPTION 'INDIKATOR_OPD_LAIN' USING ERRCODE = 'P9403', DETAIL = '/indikator',
			HINT = json_build_object('rkpd', p_rkpd, 'baris', p_baris, 'opd', it.opd_kode)::text;
	END IF;
	IF p_koreksi IS NOT NULL THEN
		SELECT * INTO k FROM monev_realisasi WHERE pemda_id = p_pemda AND laporan_id = p_koreksi;
		IF NOT FOUND OR k.rkpd_id <> p_rkpd OR k.rkpd_baris <> p_baris THEN
			RAISE EXCEPTION 'LAPORAN_BUKAN_INDIKATOR' USING ERRCODE = 'P9422', DETAIL = '/koreksi_id',
				HINT = json_build_object('laporan', p_koreksi)::text;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM monev_triwulan WHERE pemda_id = p_pemda AND tahun = p_tahun AND triwulan = k.untuk_triwulan) THEN
			RAISE EXCEPTION 'TRIWULAN_MASIH_TERBUKA_KOREKSI' USING ERRCODE = 'P9422', DETAIL = '/koreksi_id',
				HINT = json_build_object('triwulan', k.untuk_triwulan)::text;
		END IF;
		untuk := k.untuk_triwulan;
	END IF;
	INSERT INTO monev_realisasi (pemda_id, tahun, triwulan, rkpd_id, rkpd_baris, opd_kode, sub_kegiatan, nilai, fisik, catatan,
				     bukti, koreksi_id, untuk_triwulan, token_id)
	VALUES (p_pemda, p_tahun, p_triwulan, p_rkpd, p_baris, it.opd_kode, it.sub_kegiatan, p_nilai, p_fisik, p_catatan, p_bukti,
		p_koreksi, untuk, p_token)
	RETURNING laporan_id INTO id;
	RETURN id;
END
$$;

-- The figures of a quarter of a pemda's year, per indicator of the locked RKPD: the newest report for the
-- quarter, the cumulative value and the physical progress, counting only reports made by the end of
-- that quarter, so a closed quarter's figures never change (a correction counts from its own quarter).
CREATE OR REPLACE FUNCTION pagu_monev_kinerja(p_pemda text, p_tahun integer, p_triwulan smallint)
RETURNS TABLE (opd_kode text, sub_kegiatan text, rkpd_id bigint, rkpd_baris integer, indikator text, satuan text,
	       target numeric, realisasi numeric, realisasi_kumulatif numeric, fisik numeric, laporan_id bigint)
LANGUAGE sql STABLE AS $$
	WITH r AS (SELECT DISTINCT ON (m.rkpd_id, m.rkpd_baris, m.untuk_triwulan) m.*
		   FROM monev_realisasi m WHERE m.pemda_id = p_pemda AND m.tahun = p_tahun AND m.untuk_triwulan <= p_triwulan
			 AND m.triwulan <= p_triwulan
		   ORDER BY m.rkpd_id, m.rkpd_baris, m.untuk_triwulan, m.laporan_id DESC),
	rk AS (SELECT DISTINCT ON (x.opd_kode) x.dokumen_id FROM dokumen x
	       WHERE x.pemda_id = p_pemda AND x.tahun = p_tahun AND x.jenis = 'rkpd' AND x.status = 'locked'
	       ORDER BY x.opd_kode, x.versi DESC)
	SELECT i.opd_kode, i.sub_kegiatan, i.dokumen_id, i.baris, i.indikator, i.satuan, i.target,
		(SELECT r.nilai FROM r WHERE r.rkpd_id = i.dokumen_id AND r.rkpd_baris = i.baris AND r.untuk_triwulan = p_triwulan),
		(SELECT sum(r.nilai) FROM r WHERE r.rkpd_id = i.dokumen_id AND r.rkpd_baris = i.baris),
		(SELECT r.fisik FROM r WHERE r.rkpd_id = i.dokumen_id AND r.rkpd_baris = i.baris ORDER BY r.untuk_triwulan DESC LIMIT 1),
		(SELECT r.laporan_id FROM r WHERE r.rkpd_id = i.dokumen_id AND r.rkpd_baris = i.baris AND r.untuk_triwulan = p_triwulan)
	FROM rkpd_item i WHERE i.pemda_id = p_pemda AND i.dokumen_id IN (SELECT dokumen_id FROM rk)
	ORDER BY i.opd_kode, i.sub_kegiatan, i.dokumen_id, i.baris
$$;

-- The canonical text of a quarter's figures, sealed when it closes.
CREATE OR REPLACE FUNCTION pagu_monev_kanonik(p_pemda text, p_tahun integer, p_triwulan smallint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT concat_ws('|', 'pagu-monev-v1', p_pemda, p_tahun, p_triwulan)
		|| coalesce(string_agg(concat_ws(',', k.rkpd_id, k.rkpd_baris, coalesce(k.realisasi::text, ''),
			coalesce(k.realisasi_kumulatif::text, ''), coalesce(k.fisik::text, ''), coalesce(k.laporan_id::text, '')), ';'
			ORDER BY k.rkpd_id, k.rkpd_baris), '')
	FROM pagu_monev_kinerja(p_pemda, p_tahun, p_triwulan) k
$$;

-- Closes a quarter (the quarters before it first): its figures freeze, sealed by their hash.
CREATE OR REPLACE FUNCTION pagu_monev_close(p_pemda text, p_tahun integer, p_triwulan smallint, p_token bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	h text;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtext('monev_tutup'), hashtext(p_pemda || '/' || p_tahun));
	IF EXISTS (SELECT 1 FROM monev_triwulan WHERE pemda_id = p_pemda AND tahun = p_tahun AND triwulan = p_triwulan) THEN
		RAISE EXCEPTION 'TRIWULAN_SUDAH_DITUTUP' USING ERRCODE = 'P9409', DETAIL = '/triwulan',
			HINT = json_build_object('triwulan', p_triwulan, 'tahun', p_tahun)::text;
	END IF;
	PERFORM pagu_triwulan_check(p_tahun, p_triwulan, 'close');
	IF p_triwulan > 1 AND NOT EXISTS (SELECT 1 FROM monev_triwulan WHERE pemda_id = p_pemda AND tahun = p_tahun
					  AND triwulan = p_triwulan - 1) THEN
		RAISE EXCEPTION 'TRIWULAN_SEBELUMNYA_TERBUKA' USING ERRCODE = 'P9409', DETAIL = '/triwulan',
			HINT = json_build_object('triwulan', p_triwulan - 1, 'tahun', p_tahun)::text;
	END IF;
	h := encode(sha256(convert_to(pagu_monev_kanonik(p_pemda, p_tahun, p_triwulan), 'UTF8')), 'hex');
	INSERT INTO monev_triwulan (pemda_id, tahun, triwulan, hash, token_id) VALUES (p_pemda, p_tahun, p_triwulan, h, p_token);
	RETURN h;
END
$$;

-- The ledger's financial realisation per OPD sub kegiatan for a quarter: the allocation of its spending
-- pockets, what was realised in the quarter and to its end, and the quarter's anggaran kas (its target).
CREATE OR REPLACE FUNCTION pagu_monev_keuangan(p_pemda text, p_tahun integer, p_triwulan smallint)
RETURNS TABLE (opd_kode text, sub_kegiatan text, anggaran numeric, realisasi numeric, realisasi_kumulatif numeric,
	       rencana numeric)
LANGUAGE sql STABLE AS $$
	SELECT k.opd_kode, k.sub_kegiatan, sum(k.alokasi),
		coalesce(sum((SELECT sum(b.d_realisasi) FROM entri_baris b JOIN entri e USING (pemda_id, entri_id)
			WHERE b.pemda_id = k.pemda_id AND b.kantong_id = k.kantong_id
			AND extract(quarter FROM e.tanggal) = p_triwulan)), 0),
		coalesce(sum((SELECT sum(b.d_realisasi) FROM entri_baris b JOIN entri e USING (pemda_id, entri_id)
			WHERE b.pemda_id = k.pemda_id AND b.kantong_id = k.kantong_id
			AND extract(quarter FROM e.tanggal) <= p_triwulan)), 0),
		sum((SELECT coalesce(sum(x), 0) FROM unnest(k.kas[3 * p_triwulan - 2:3 * p_triwulan]) x))
	FROM kantong k WHERE k.pemda_id = p_pemda AND k.tahun = p_tahun AND k.arah = 'keluar'
	GROUP BY k.opd_kode, k.sub_kegiatan
$$;

-- The evaluation of a quarter per OPD and indicator: targets, realisation, capaian and predikat
-- by the pemda's band tables, and the report behind each figure (laporan_id), so a client can
-- correct a closed quarter's report without having kept its number.
CREATE OR REPLACE FUNCTION pagu_monev_evaluasi(p_pemda text, p_tahun integer, p_triwulan smallint, p_opd text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	st integer := pagu_monev_skala_aktif(p_pemda, 'triwulan');
	sk integer := pagu_monev_skala_aktif(p_pemda, 'kumulatif');
	tutup monev_triwulan;
BEGIN
	SELECT * INTO tutup FROM monev_triwulan WHERE pemda_id = p_pemda AND tahun = p_tahun AND triwulan = p_triwulan;
	RETURN jsonb_build_object(
		'tahun', p_tahun, 'triwulan', p_triwulan, 'opd_kode', p_opd,
		'ditutup', tutup.ditutup IS NOT NULL, 'hash', tutup.hash,
		'skala', jsonb_build_object('triwulan', st, 'kumulatif', sk),
		'kinerja', coalesce((SELECT jsonb_agg(jsonb_build_object(
			'opd_kode', k.opd_kode, 'sub_kegiatan', k.sub_kegiatan, 'rkpd_id', k.rkpd_id, 'baris', k.rkpd_baris,
			'indikator', k.indikator, 'satuan', k.satuan, 'target', k.target::text,
			'realisasi', k.realisasi::text, 'realisasi_kumulatif', k.realisasi_kumulatif::text, 'fisik', k.fisik::text,
			'capaian', pagu_capaian(coalesce(k.realisasi, 0), k.target)::text,
			'capaian_kumulatif', pagu_capaian(coalesce(k.realisasi_kumulatif, 0), k.target)::text,
			'predikat', coalesce(pagu_predikat(p_pemda, st, pagu_capaian(coalesce(k.realisasi, 0), k.target)), 'Tidak Dapat Dievaluasi'),
			'predikat_kumulatif', coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(coalesce(k.realisasi_kumulatif, 0), k.target)),
				'Tidak Dapat Dievaluasi'),
			'dilaporkan', k.laporan_id IS NOT NULL, 'laporan_id', k.laporan_id) ORDER BY k.opd_kode, k.sub_kegiatan, k.rkpd_id, k.rkpd_baris)
			FROM pagu_monev_kinerja(p_pemda, p_tahun, p_triwulan) k WHERE p_opd IS NULL OR k.opd_kode = p_opd), '[]'),
		'keuangan', coalesce((SELECT jsonb_agg(jsonb_build_object(
			'opd_kode', f.opd_kode, 'sub_kegiatan', f.sub_kegiatan, 'anggaran', pagu_uang(f.anggaran),
			'realisasi', pagu_uang(f.realisasi), 'realisasi_kumulatif', pagu_uang(f.realisasi_kumulatif),
			'rencana_triwulan', pagu_uang(f.rencana),
			'capaian_triwulan', pagu_capaian(f.realisasi, f.rencana)::text,
			'predikat_triwulan', coalesce(pagu_predikat(p_pemda, st, pagu_capaian(f.realisasi, f.rencana)), 'Tidak Dapat Dievaluasi'),
			'capaian', pagu_capaian(f.realisasi_kumulatif, f.anggaran)::text,
			'predikat', coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(f.realisasi_kumulatif, f.anggaran)), 'Tidak Dapat Dievaluasi'))
			ORDER BY f.opd_kode, f.sub_kegiatan)
			FROM pagu_monev_keuangan(p_pemda, p_tahun, p_triwulan) f WHERE p_opd IS NULL OR f.opd_kode = p_opd), '[]'));
END
$$;

-- The facts of closing a quarter: every spending pocket of the year with its allocation (as a budget
-- line), its anggaran kas to the end of the quarter (kas), what it realised in the quarter (kind 7,
-- realisasi_triwulan) and to its end (realisasi), and each indicator's physical progress to date
-- (kind 6, fisik, in percent).
CREATE OR REPLACE FUNCTION pagu_rules_fakta_triwulan(p_pemda text, p_tahun integer, p_triwulan smallint)
RETURNS TABLE (jenis smallint, akun text, sub_kegiatan text, sumber_dana text, opd_kode text, jumlah numeric,
	       baris integer, harga_satuan numeric, ssh_harga numeric)
LANGUAGE sql STABLE AS $$
	WITH k AS (SELECT * FROM kantong WHERE pemda_id = p_pemda AND tahun = p_tahun AND arah = 'keluar'),
	r AS (SELECT b.kantong_id, sum(b.d_realisasi) FILTER (WHERE extract(quarter FROM e.tanggal) = p_triwulan) AS tw,
		     sum(b.d_realisasi) FILTER (WHERE extract(quarter FROM e.tanggal) <= p_triwulan) AS kum
	      FROM entri_baris b JOIN entri e USING (pemda_id, entri_id)
	      WHERE b.pemda_id = p_pemda AND b.kantong_id IN (SELECT kantong_id FROM k) GROUP BY b.kantong_id)
	SELECT 0::smallint, k.akun, coalesce(k.sub_kegiatan, ''), NULL::text, k.opd_kode, k.alokasi, NULL::integer, NULL::numeric, NULL::numeric FROM k
	UNION ALL
	SELECT 3, k.akun, coalesce(k.sub_kegiatan, ''), NULL, k.opd_kode,
		(SELECT coalesce(sum(x), 0) FROM unnest(k.kas[1:3 * p_triwulan]) x), NULL, NULL, NULL FROM k
	UNION ALL
	SELECT 7, k.akun, coalesce(k.sub_kegiatan, ''), NULL, k.opd_kode, coalesce(r.tw, 0), NULL, NULL, NULL FROM k LEFT JOIN r USING (kantong_id)
	UNION ALL
	SELECT 5, k.akun, coalesce(k.sub_kegiatan, ''), NULL, k.opd_kode, coalesce(r.kum, 0), NULL, NULL, NULL FROM k LEFT JOIN r USING (kantong_id)
	UNION ALL
	SELECT 6, NULL, m.sub_kegiatan, NULL, m.opd_kode, m.fisik, NULL, NULL, NULL
	FROM pagu_monev_kinerja(p_pemda, p_tahun, p_triwulan) m WHERE m.fisik IS NOT NULL
$$;

CREATE OR REPLACE TRIGGER monev_realisasi_beku BEFORE INSERT ON monev_realisasi FOR EACH ROW EXECUTE FUNCTION pagu_monev_guard_closed();

-- A quarter is closed only after it has ended, whoever inserts.
CREATE OR REPLACE FUNCTION pagu_monev_guard_tutup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pagu_triwulan_check(NEW.tahun, NEW.triwulan, 'close');
	RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER monev_triwulan_waktu BEFORE INSERT ON monev_triwulan FOR EACH ROW EXECUTE FUNCTION pagu_monev_guard_tutup();

-- the append-only tables of this area
CALL pagu_append_only('monev_skala', 'append_only');
CALL pagu_append_only('monev_pita', 'append_only');
CALL pagu_append_only('monev_triwulan', 'append_only');
CALL pagu_append_only('monev_realisasi', 'append_only');
