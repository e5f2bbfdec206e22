-- procedures/apbd_sumber.sql - the APBD assembled from RKA lines and their source (sumber) bookkeeping.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- What a budget line says, apart from where it is: equal for a line and its copy.
CREATE OR REPLACE FUNCTION pagu_baris_isi(p_opd text, p_sub text, p_akun text, p_uraian text, p_koefisien jsonb, p_volume numeric,
			       p_harga numeric, p_jumlah numeric, p_sumber text, p_ssh text, p_ssh_versi integer, p_bidang text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT concat_ws(chr(31), p_opd, coalesce(p_sub, ''), p_akun, p_uraian, p_koefisien::text, trim_scale(p_volume)::text,
			 p_harga::text, p_jumlah::text, p_sumber, coalesce(p_ssh, ''), coalesce(p_ssh_versi::text, ''),
			 coalesce(p_bidang, ''))
$$;
COMMENT ON FUNCTION pagu_baris_isi(text, text, text, text, jsonb, numeric, numeric, numeric, text, text, integer, text) IS 'The content of a budget line (OPD, codes and the bidang of a penunjang sub kegiatan, text, koefisien, amounts, sumber dana, SSH) as one text: a copy of a line has the same.';

-- Which field of two budget lines differs first (NULL when none does).
CREATE OR REPLACE FUNCTION pagu_baris_diff(a rka_baris, b rka_baris) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN a.opd_kode IS DISTINCT FROM b.opd_kode THEN 'opd_kode'
		WHEN a.sub_kegiatan IS DISTINCT FROM b.sub_kegiatan THEN 'sub_kegiatan'
		WHEN a.bidang IS DISTINCT FROM b.bidang THEN 'bidang'
		WHEN a.akun IS DISTINCT FROM b.akun THEN 'akun'
		WHEN a.jumlah IS DISTINCT FROM b.jumlah THEN 'jumlah'
		WHEN a.harga_satuan IS DISTINCT FROM b.harga_satuan THEN 'harga_satuan'
		WHEN a.volume IS DISTINCT FROM b.volume THEN 'volume'
		WHEN a.koefisien IS DISTINCT FROM b.koefisien THEN 'koefisien'
		WHEN a.uraian IS DISTINCT FROM b.uraian THEN 'uraian'
		WHEN a.sumber_dana IS DISTINCT FROM b.sumber_dana THEN 'sumber_dana'
		WHEN (a.ssh_kode, a.ssh_versi) IS DISTINCT FROM (b.ssh_kode, b.ssh_versi) THEN 'ssh_kode'
	END
$$;
COMMENT ON FUNCTION pagu_baris_diff(rka_baris, rka_baris) IS 'The first field in which two budget lines differ, NULL when they are the same line.';

-- The kind a source line of a version may come from: an APBD's from an RKA (an APBD Perubahan's
-- also from an OPD's locked DPA, for an OPD without an RKA-P), a DPA's from an APBD.
CREATE OR REPLACE FUNCTION pagu_baris_sumber_jenis(d dokumen, sd dokumen) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE d.jenis
		WHEN 'apbd' THEN sd.jenis = 'rka' OR (d.tahap = 'perubahan' AND sd.jenis = 'dpa')
		ELSE sd.jenis = 'apbd' END
$$;
COMMENT ON FUNCTION pagu_baris_sumber_jenis(dokumen, dokumen) IS 'Whether a line of version d may be a copy of a line of version sd, by their kinds.';

-- Lines added to an APBD or DPA: each a copy of its source line (an RKA line of the year for an
-- APBD; a line of the OPD in an APBD of the year for a DPA), and every source whose lines come in
-- is then complete in the version, once each.
CREATE OR REPLACE FUNCTION pagu_baris_sumber_guard_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	SELECT (jsonb_build_object('baris', n.baris, 'jenis', d.jenis, 'id', n.dokumen_id, 'sid', n.asal_dokumen_id,
			'sbaris', n.asal_baris) ||
		CASE WHEN n.asal_dokumen_id IS NULL THEN jsonb_build_object('pesan', 'BARIS_SUMBER_TANPA_ASAL')
		     WHEN s.baris IS NULL THEN jsonb_build_object('pesan', 'BARIS_SUMBER_TIDAK_ADA')
		     WHEN NOT pagu_baris_sumber_jenis(d, sd) OR sd.tahun <> d.tahun
			THEN jsonb_build_object('pesan', 'BARIS_SUMBER_JENIS_LAIN', 'sjenis', sd.jenis, 'stahun', sd.tahun)
		     WHEN d.jenis = 'dpa' AND n.opd_kode <> d.opd_kode
			THEN jsonb_build_object('pesan', 'BARIS_SUMBER_OPD_LAIN', 'opd', n.opd_kode)
		     ELSE jsonb_build_object('pesan', 'BARIS_SUMBER_BEDA', 'kolom', pagu_baris_diff(
				ROW(n.pemda_id, n.dokumen_id, n.baris, n.opd_kode, n.sub_kegiatan, n.akun, n.uraian, n.koefisien,
				    n.volume, n.harga_satuan, n.jumlah, n.sumber_dana, n.asal_dokumen_id, n.asal_baris, n.ssh_kode,
				    n.ssh_versi, n.bidang)::rka_baris, s)) END)::text
	INTO m
	FROM baru n JOIN dokumen d ON d.pemda_id = n.pemda_id AND d.dokumen_id = n.dokumen_id
	LEFT JOIN rka_baris s ON s.pemda_id = n.pemda_id AND s.dokumen_id = n.asal_dokumen_id AND s.baris = n.asal_baris
	LEFT JOIN dokumen sd ON sd.pemda_id = n.pemda_id AND sd.dokumen_id = n.asal_dokumen_id
	WHERE d.jenis IN ('apbd', 'dpa') AND d.tahap <> 'pergeseran'
	  AND (s.baris IS NULL OR NOT pagu_baris_sumber_jenis(d, sd) OR sd.tahun <> d.tahun
	       OR (d.jenis = 'dpa' AND n.opd_kode <> d.opd_kode)
	       OR pagu_baris_isi(n.opd_kode, n.sub_kegiatan, n.akun, n.uraian, n.koefisien, n.volume, n.harga_satuan, n.jumlah,
				 n.sumber_dana, n.ssh_kode, n.ssh_versi, n.bidang)
		  <> pagu_baris_isi(s.opd_kode, s.sub_kegiatan, s.akun, s.uraian, s.koefisien, s.volume, s.harga_satuan, s.jumlah,
				    s.sumber_dana, s.ssh_kode, s.ssh_versi, s.bidang))
	ORDER BY n.dokumen_id, n.baris LIMIT 1;
	IF m IS NOT NULL THEN
		RAISE EXCEPTION 'BARIS_SUMBER_APBD_DPA' USING ERRCODE = 'P9409', DETAIL = 'baris',
			HINT = json_build_object('rincian', m)::text;
	END IF;
	SELECT json_build_object('jenis', upper(d.jenis), 'id', g.dokumen_id, 'n', c.n, 'sumber', g.asal_dokumen_id, 'beda', c.nd,
		'ada', c.ns)::text
	INTO m
	FROM (SELECT DISTINCT pemda_id, dokumen_id, asal_dokumen_id FROM baru) g
	JOIN dokumen d ON d.pemda_id = g.pemda_id AND d.dokumen_id = g.dokumen_id
	CROSS JOIN LATERAL (SELECT count(*) AS n, count(DISTINCT x.asal_baris) AS nd,
		(SELECT count(*) FROM rka_baris s WHERE s.pemda_id = g.pemda_id AND s.dokumen_id = g.asal_dokumen_id
		 AND (d.jenis = 'apbd' OR s.opd_kode = d.opd_kode)) AS ns
		FROM rka_baris x WHERE x.pemda_id = g.pemda_id AND x.dokumen_id = g.dokumen_id
		AND x.asal_dokumen_id = g.asal_dokumen_id) c
	WHERE d.jenis IN ('apbd', 'dpa') AND d.tahap <> 'pergeseran' AND g.asal_dokumen_id IS NOT NULL
	  AND (c.n <> c.nd OR c.n <> c.ns)
	LIMIT 1;
	IF m IS NOT NULL THEN
		RAISE EXCEPTION 'BARIS_SUMBER_UTUH' USING ERRCODE = 'P9409', DETAIL = 'baris', HINT = m;
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION pagu_baris_sumber_guard_insert() IS 'Statement trigger: lines added to an APBD or DPA are copies of their source lines, and each source comes in whole, once.';

-- Lines removed from an APBD or DPA: a source's lines go all together.
CREATE OR REPLACE FUNCTION pagu_baris_sumber_guard_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	SELECT json_build_object('jenis', upper(d.jenis), 'id', g.dokumen_id, 'sisa', (SELECT count(*) FROM rka_baris x
			WHERE x.pemda_id = g.pemda_id AND x.dokumen_id = g.dokumen_id AND x.asal_dokumen_id IS NOT DISTINCT FROM g.asal_dokumen_id),
		'sumber', coalesce(g.asal_dokumen_id::text, '-'))::text
	INTO m
	FROM (SELECT DISTINCT pemda_id, dokumen_id, asal_dokumen_id FROM lama) g
	JOIN dokumen d ON d.pemda_id = g.pemda_id AND d.dokumen_id = g.dokumen_id
	WHERE d.jenis IN ('apbd', 'dpa') AND d.tahap <> 'pergeseran' AND EXISTS (SELECT 1 FROM rka_baris x WHERE x.pemda_id = g.pemda_id
		AND x.dokumen_id = g.dokumen_id AND x.asal_dokumen_id IS NOT DISTINCT FROM g.asal_dokumen_id)
	LIMIT 1;
	IF m IS NOT NULL THEN
		RAISE EXCEPTION 'BARIS_SUMBER_TETAP' USING ERRCODE = 'P9409', DETAIL = 'baris', HINT = m;
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION pagu_baris_sumber_guard_delete() IS 'Statement trigger: lines leave an APBD or DPA only with every other line of the same source.';

-- A line of an APBD or DPA never changes in place.
CREATE OR REPLACE FUNCTION pagu_baris_sumber_guard_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM dokumen d WHERE d.pemda_id = OLD.pemda_id AND d.dokumen_id = OLD.dokumen_id
		   AND d.jenis IN ('apbd', 'dpa')) THEN
		RAISE EXCEPTION 'BARIS_SALINAN_TETAP' USING ERRCODE = 'P9409', DETAIL = 'baris',
			HINT = json_build_object('baris', OLD.baris, 'jenis', (SELECT upper(jenis) FROM dokumen d WHERE d.pemda_id = OLD.pemda_id AND d.dokumen_id = OLD.dokumen_id), 'id', OLD.dokumen_id)::text;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION pagu_baris_sumber_guard_update() IS 'Row trigger: lines of an APBD or DPA are never updated.';

-- The differences between an APBD version and its sources, every one up to ten ("and N more"
-- beyond), NULL when it equals them.
CREATE OR REPLACE FUNCTION pagu_apbd_diff(p_pemda text, p_id bigint) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d dokumen;
	m text;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	WITH s AS (SELECT r.* FROM rka_baris r JOIN pagu_apbd_sumber_dokumen(p_pemda, p_id) x ON x = r.dokumen_id
		   WHERE r.pemda_id = p_pemda),
	a AS (SELECT * FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = p_id)
	SELECT string_agg(f.m, '; ' ORDER BY f.n) FILTER (WHERE f.n <= 10)
		|| CASE WHEN count(*) > 10 THEN format('; and %s more difference(s)', count(*) - 10) ELSE '' END
	INTO m
	FROM (SELECT CASE
		WHEN a.baris IS NULL THEN format('line %s of RKA version %s (OPD %s, sub kegiatan %s, akun %s, %s) is not in the APBD',
			s.baris, s.dokumen_id, s.opd_kode, s.sub_kegiatan, s.akun, pagu_uang(s.jumlah))
		WHEN a.asal_dokumen_id IS NULL THEN format('APBD line %s has no source RKA line', a.baris)
		WHEN s.baris IS NULL THEN format('APBD line %s comes from line %s of version %s, which is not the latest verified RKA of OPD %s (%s)',
			a.baris, a.asal_baris, a.asal_dokumen_id, a.opd_kode,
			coalesce((SELECT 'that is version ' || x.dokumen_id FROM dokumen x JOIN pagu_apbd_sumber_dokumen(p_pemda, p_id) y ON y = x.dokumen_id
				  WHERE x.pemda_id = p_pemda AND x.opd_kode = a.opd_kode LIMIT 1), 'it has none'))
		ELSE format('APBD line %s differs from line %s of RKA version %s in %s', a.baris, s.baris, s.dokumen_id,
			pagu_baris_diff(a::rka_baris, s::rka_baris))
	END AS m, row_number() OVER (ORDER BY a.baris NULLS LAST, s.opd_kode, s.baris) AS n
	FROM a FULL JOIN s ON a.asal_dokumen_id = s.dokumen_id AND a.asal_baris = s.baris
	WHERE a.baris IS NULL OR s.baris IS NULL OR pagu_baris_diff(a::rka_baris, s::rka_baris) IS NOT NULL) f
	HAVING count(*) > 0;
	RETURN m;
END
$$;
COMMENT ON FUNCTION pagu_apbd_diff(text, bigint) IS 'The differences between an APBD version and the latest verified (or locked) RKA of every OPD, line for line (up to ten named, the rest counted); NULL when there is none.';

CREATE OR REPLACE FUNCTION pagu_apbd_check_sumber(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	m text := pagu_apbd_diff(p_pemda, p_id);
BEGIN
	IF m IS NOT NULL THEN
		RAISE EXCEPTION 'APBD_BEDA_RKA' USING ERRCODE = 'P9422', DETAIL = 'sumber',
			HINT = json_build_object('id', p_id, 'rincian', m, 'id2', p_id)::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_apbd_check_sumber(text, bigint) IS 'Refuses an APBD that is not exactly the latest verified (or locked) RKAs, naming every difference (up to ten, the rest counted).';

-- State changes checked in the database, whatever calls them: an APBD leaves draft, is verified
-- and is locked only while it equals its sources; an RKA in an APBD does not go back to draft.
CREATE OR REPLACE FUNCTION pagu_dokumen_sumber_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	a dokumen;
BEGIN
	IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
		RETURN NEW;
	END IF;
	IF NEW.jenis = 'apbd' AND NEW.status IN ('submitted', 'verified', 'locked') THEN
		PERFORM pagu_apbd_check_sumber(NEW.pemda_id, NEW.dokumen_id);
	ELSIF NEW.jenis = 'rka' AND NEW.status = 'draft' THEN
		SELECT x.* INTO a FROM dokumen x WHERE x.pemda_id = NEW.pemda_id AND x.jenis = 'apbd' AND x.tahun = NEW.tahun
			AND EXISTS (SELECT 1 FROM rka_baris b WHERE b.pemda_id = x.pemda_id AND b.asal_dokumen_id = NEW.dokumen_id
				    AND b.dokumen_id = x.dokumen_id)
			ORDER BY x.versi DESC LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION 'RKA_DALAM_APBD' USING ERRCODE = 'P9409', DETAIL = '/aksi',
				HINT = json_build_object('id', NEW.dokumen_id, 'apbd', a.dokumen_id, 'status', a.status, 'id2', NEW.dokumen_id)::text;
		END IF;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION pagu_dokumen_sumber_guard() IS 'Trigger function: an APBD is submitted, verified and locked only while it equals its RKAs; an RKA whose lines are in an APBD never returns to draft.';

CREATE OR REPLACE TRIGGER rka_baris_sumber_tambah AFTER INSERT ON rka_baris REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_baris_sumber_guard_insert();

CREATE OR REPLACE TRIGGER rka_baris_sumber_hapus AFTER DELETE ON rka_baris REFERENCING OLD TABLE AS lama
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_baris_sumber_guard_delete();

CREATE OR REPLACE TRIGGER rka_baris_sumber_ubah BEFORE UPDATE ON rka_baris
	FOR EACH ROW EXECUTE FUNCTION pagu_baris_sumber_guard_update();

CREATE OR REPLACE TRIGGER dokumen_sumber_jaga BEFORE UPDATE OF status ON dokumen
	FOR EACH ROW EXECUTE FUNCTION pagu_dokumen_sumber_guard();
