-- 0011_pemeriksaan.sql: inspector evaluations (Inspektorat): findings per sub kegiatan, signed and then
-- immutable with their hash; the OPD's follow-ups (tindak lanjut) and the inspector's closing of each finding.

CREATE TABLE pemeriksaan (
	pemda_id        text NOT NULL REFERENCES pemda,
	pemeriksaan_id  bigint GENERATED ALWAYS AS IDENTITY,
	tahun           integer NOT NULL CHECK (tahun BETWEEN 2000 AND 2100),
	triwulan        smallint NOT NULL CHECK (triwulan BETWEEN 1 AND 4),
	opd_kode        text NOT NULL,
	status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
	hash            text CHECK (hash ~ '^[0-9a-f]{64}$'),
	token_id        bigint,
	ditandatangani_oleh bigint,
	dibuat          timestamptz NOT NULL DEFAULT now(),
	ditandatangani  timestamptz,
	PRIMARY KEY (pemda_id, pemeriksaan_id),
	FOREIGN KEY (pemda_id, opd_kode) REFERENCES opd (pemda_id, kode),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id),
	FOREIGN KEY (pemda_id, ditandatangani_oleh) REFERENCES api_token (pemda_id, token_id),
	CHECK ((status = 'signed') = (hash IS NOT NULL AND ditandatangani IS NOT NULL))
);
COMMENT ON TABLE pemeriksaan IS 'An inspector''s evaluation of an OPD for a quarter: findings are recorded while it is a draft; once signed it is immutable, sealed by the SHA-256 of its canonical text (pagu_pemeriksaan_kanonik).';
COMMENT ON COLUMN pemeriksaan.pemda_id IS 'The pemda.';
COMMENT ON COLUMN pemeriksaan.pemeriksaan_id IS 'Identifier of the evaluation.';
COMMENT ON COLUMN pemeriksaan.tahun IS 'Fiscal year evaluated.';
COMMENT ON COLUMN pemeriksaan.triwulan IS 'Quarter evaluated.';
COMMENT ON COLUMN pemeriksaan.opd_kode IS 'The OPD evaluated.';
COMMENT ON COLUMN pemeriksaan.status IS 'draft, then signed.';
COMMENT ON COLUMN pemeriksaan.hash IS 'SHA-256 of the signed evaluation with its findings, hex.';
COMMENT ON COLUMN pemeriksaan.token_id IS 'The inspector who opened it.';
COMMENT ON COLUMN pemeriksaan.ditandatangani_oleh IS 'The inspector who signed it.';
COMMENT ON COLUMN pemeriksaan.dibuat IS 'When it was opened.';
COMMENT ON COLUMN pemeriksaan.ditandatangani IS 'When it was signed.';

CREATE TABLE temuan (
	pemda_id        text NOT NULL,
	pemeriksaan_id  bigint NOT NULL,
	nomor           integer NOT NULL CHECK (nomor >= 1),
	sub_kegiatan    text NOT NULL,
	predikat        text NOT NULL CHECK (length(predikat) BETWEEN 1 AND 50),
	temuan          text NOT NULL CHECK (length(temuan) BETWEEN 1 AND 4000),
	rekomendasi     text NOT NULL CHECK (length(rekomendasi) BETWEEN 1 AND 4000),
	dibuat          timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, pemeriksaan_id) REFERENCES pemeriksaan (pemda_id, pemeriksaan_id)
);
COMMENT ON TABLE temuan IS 'A finding of an evaluation on one sub kegiatan: the rating given, what was found, what is recommended. Written only while the evaluation is a draft.';
COMMENT ON COLUMN temuan.pemda_id IS 'The pemda.';
COMMENT ON COLUMN temuan.pemeriksaan_id IS 'The evaluation.';
COMMENT ON COLUMN temuan.nomor IS 'Number of the finding within the evaluation, from 1.';
COMMENT ON COLUMN temuan.sub_kegiatan IS 'The sub kegiatan it is about.';
COMMENT ON COLUMN temuan.predikat IS 'The rating the inspector gives.';
COMMENT ON COLUMN temuan.temuan IS 'The finding.';
COMMENT ON COLUMN temuan.rekomendasi IS 'The recommendation.';
COMMENT ON COLUMN temuan.dibuat IS 'When it was recorded.';

CREATE TABLE tindak_lanjut (
	pemda_id        text NOT NULL,
	pemeriksaan_id  bigint NOT NULL,
	nomor           integer NOT NULL,
	urutan          integer NOT NULL CHECK (urutan >= 1),
	uraian          text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 4000),
	bukti           text CHECK (length(bukti) <= 500),
	token_id        bigint,
	dibuat          timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, pemeriksaan_id, nomor, urutan),
	FOREIGN KEY (pemda_id, pemeriksaan_id, nomor) REFERENCES temuan (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE tindak_lanjut IS 'The OPD''s follow-ups of a finding of a signed evaluation, appended in order until the inspector closes the finding.';
COMMENT ON COLUMN tindak_lanjut.pemda_id IS 'The pemda.';
COMMENT ON COLUMN tindak_lanjut.pemeriksaan_id IS 'The evaluation.';
COMMENT ON COLUMN tindak_lanjut.nomor IS 'The finding.';
COMMENT ON COLUMN tindak_lanjut.urutan IS 'Order of the follow-up, from 1.';
COMMENT ON COLUMN tindak_lanjut.uraian IS 'What the OPD did.';
COMMENT ON COLUMN tindak_lanjut.bukti IS 'Evidence reference.';
COMMENT ON COLUMN tindak_lanjut.token_id IS 'Who recorded it.';
COMMENT ON COLUMN tindak_lanjut.dibuat IS 'When.';

CREATE TABLE temuan_selesai (
	pemda_id        text NOT NULL,
	pemeriksaan_id  bigint NOT NULL,
	nomor           integer NOT NULL,
	catatan         text CHECK (length(catatan) <= 4000),
	token_id        bigint,
	ditutup         timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, pemeriksaan_id, nomor) REFERENCES temuan (pemda_id, pemeriksaan_id, nomor),
	FOREIGN KEY (pemda_id, token_id) REFERENCES api_token (pemda_id, token_id)
);
COMMENT ON TABLE temuan_selesai IS 'The inspector''s closing of a finding once its follow-up is sufficient; once only.';
COMMENT ON COLUMN temuan_selesai.pemda_id IS 'The pemda.';
COMMENT ON COLUMN temuan_selesai.pemeriksaan_id IS 'The evaluation.';
COMMENT ON COLUMN temuan_selesai.nomor IS 'The finding.';
COMMENT ON COLUMN temuan_selesai.catatan IS 'The inspector''s note.';
COMMENT ON COLUMN temuan_selesai.token_id IS 'The inspector who closed it.';
COMMENT ON COLUMN temuan_selesai.ditutup IS 'When.';

CREATE TRIGGER temuan_append_only BEFORE UPDATE OR DELETE ON temuan FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER temuan_no_truncate BEFORE TRUNCATE ON temuan FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER tindak_lanjut_append_only BEFORE UPDATE OR DELETE ON tindak_lanjut FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER tindak_lanjut_no_truncate BEFORE TRUNCATE ON tindak_lanjut FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER temuan_selesai_append_only BEFORE UPDATE OR DELETE ON temuan_selesai FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER temuan_selesai_no_truncate BEFORE TRUNCATE ON temuan_selesai FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER pemeriksaan_no_delete BEFORE DELETE ON pemeriksaan FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER pemeriksaan_no_truncate BEFORE TRUNCATE ON pemeriksaan FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();

-- The one change an evaluation row takes: draft -> signed, with its hash; nothing after.
CREATE FUNCTION pagu_pemeriksaan_jaga() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status = 'signed' THEN
		RAISE EXCEPTION 'evaluation % is signed and cannot change', OLD.pemeriksaan_id USING ERRCODE = 'P0001';
	END IF;
	IF NEW.status <> 'signed' OR NEW.pemda_id <> OLD.pemda_id OR NEW.pemeriksaan_id <> OLD.pemeriksaan_id
	   OR NEW.tahun <> OLD.tahun OR NEW.triwulan <> OLD.triwulan OR NEW.opd_kode <> OLD.opd_kode
	   OR NEW.token_id IS DISTINCT FROM OLD.token_id OR NEW.dibuat <> OLD.dibuat THEN
		RAISE EXCEPTION 'an evaluation changes only by being signed' USING ERRCODE = 'P0001';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER pemeriksaan_jaga BEFORE UPDATE ON pemeriksaan FOR EACH ROW EXECUTE FUNCTION pagu_pemeriksaan_jaga();

-- Findings only into a draft; follow-ups and closings only on a signed evaluation's open finding.
CREATE FUNCTION pagu_temuan_jaga() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	st text;
BEGIN
	SELECT status INTO st FROM pemeriksaan WHERE pemda_id = NEW.pemda_id AND pemeriksaan_id = NEW.pemeriksaan_id FOR SHARE;
	IF TG_TABLE_NAME = 'temuan' AND st <> 'draft' THEN
		RAISE EXCEPTION 'evaluation % is signed: its findings cannot change', NEW.pemeriksaan_id
			USING ERRCODE = 'P9409', DETAIL = 'id';
	END IF;
	IF TG_TABLE_NAME <> 'temuan' AND st <> 'signed' THEN
		RAISE EXCEPTION 'evaluation % is not signed yet: a finding is followed up once it is', NEW.pemeriksaan_id
			USING ERRCODE = 'P9409', DETAIL = 'id';
	END IF;
	IF TG_TABLE_NAME <> 'temuan' AND EXISTS (SELECT 1 FROM temuan_selesai s WHERE s.pemda_id = NEW.pemda_id
		AND s.pemeriksaan_id = NEW.pemeriksaan_id AND s.nomor = NEW.nomor) THEN
		RAISE EXCEPTION 'finding % of evaluation % is closed', NEW.nomor, NEW.pemeriksaan_id
			USING ERRCODE = 'P9409', DETAIL = 'nomor';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER temuan_jaga BEFORE INSERT ON temuan FOR EACH ROW EXECUTE FUNCTION pagu_temuan_jaga();
CREATE TRIGGER tindak_lanjut_jaga BEFORE INSERT ON tindak_lanjut FOR EACH ROW EXECUTE FUNCTION pagu_temuan_jaga();
CREATE TRIGGER temuan_selesai_jaga BEFORE INSERT ON temuan_selesai FOR EACH ROW EXECUTE FUNCTION pagu_temuan_jaga();

GRANT SELECT, INSERT ON pemeriksaan, temuan, tindak_lanjut, temuan_selesai TO pagu_app;
GRANT UPDATE (status, hash, ditandatangani_oleh, ditandatangani) ON pemeriksaan TO pagu_app;

-- The canonical text of an evaluation with its findings, the text its hash is over.
CREATE FUNCTION pagu_pemeriksaan_kanonik(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT concat_ws('|', 'pagu-pemeriksaan-v1', p.pemda_id, p.pemeriksaan_id, p.tahun, p.triwulan, p.opd_kode,
		coalesce(p.token_id::text, ''))
		|| coalesce((SELECT string_agg(concat_ws(chr(31), t.nomor, t.sub_kegiatan, t.predikat, t.temuan, t.rekomendasi),
			chr(30) ORDER BY t.nomor) FROM temuan t WHERE t.pemda_id = p.pemda_id AND t.pemeriksaan_id = p.pemeriksaan_id), '')
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;

CREATE FUNCTION pagu_pemeriksaan_json(p_pemda text, p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', p.pemeriksaan_id, 'tahun', p.tahun, 'triwulan', p.triwulan, 'opd_kode', p.opd_kode,
		'status', p.status, 'hash', p.hash,
		'hash_cocok', CASE WHEN p.hash IS NULL THEN NULL
			ELSE p.hash = encode(sha256(convert_to(pagu_pemeriksaan_kanonik(p.pemda_id, p.pemeriksaan_id), 'UTF8')), 'hex') END,
		'dibuat', to_char(p.dibuat AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'ditandatangani', to_char(p.ditandatangani AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'temuan', coalesce((SELECT jsonb_agg(jsonb_build_object('nomor', t.nomor, 'sub_kegiatan', t.sub_kegiatan,
			'predikat', t.predikat, 'temuan', t.temuan, 'rekomendasi', t.rekomendasi,
			'selesai', (SELECT jsonb_build_object('catatan', s.catatan, 'ditutup',
				to_char(s.ditutup AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) FROM temuan_selesai s
				WHERE s.pemda_id = t.pemda_id AND s.pemeriksaan_id = t.pemeriksaan_id AND s.nomor = t.nomor),
			'tindak_lanjut', coalesce((SELECT jsonb_agg(jsonb_build_object('urutan', l.urutan, 'uraian', l.uraian,
				'bukti', l.bukti) ORDER BY l.urutan) FROM tindak_lanjut l WHERE l.pemda_id = t.pemda_id
				AND l.pemeriksaan_id = t.pemeriksaan_id AND l.nomor = t.nomor), '[]')) ORDER BY t.nomor)
			FROM temuan t WHERE t.pemda_id = p.pemda_id AND t.pemeriksaan_id = p.pemeriksaan_id), '[]'))
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;

-- The operations, one procedure each; an OPD-scoped token (p_opd) acts on its own OPD's evaluations only.
CREATE FUNCTION pagu_pemeriksaan_buka(p_pemda text, p_tahun integer, p_triwulan smallint, p_opd text, p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	id bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM opd WHERE pemda_id = p_pemda AND kode = p_opd) THEN
		RAISE EXCEPTION 'OPD % does not exist', p_opd USING ERRCODE = 'P9404', DETAIL = '/opd_kode';
	END IF;
	INSERT INTO pemeriksaan (pemda_id, tahun, triwulan, opd_kode, token_id) VALUES (p_pemda, p_tahun, p_triwulan, p_opd, p_token)
	RETURNING pemeriksaan_id INTO id;
	RETURN pagu_pemeriksaan_json(p_pemda, id);
END
$$;

CREATE FUNCTION pagu_pemeriksaan_ambil(p_pemda text, p_id bigint, p_opd text) RETURNS pemeriksaan
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan;
BEGIN
	SELECT * INTO p FROM pemeriksaan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'evaluation % does not exist', p_id USING ERRCODE = 'P9404', DETAIL = 'id';
	END IF;
	IF p_opd IS NOT NULL AND p.opd_kode <> p_opd THEN
		RAISE EXCEPTION 'evaluation % is of OPD %', p_id, p.opd_kode USING ERRCODE = 'P9403', DETAIL = 'id';
	END IF;
	RETURN p;
END
$$;

CREATE FUNCTION pagu_temuan_tambah(p_pemda text, p_id bigint, p_sub text, p_predikat text, p_temuan text, p_rekomendasi text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_ambil(p_pemda, p_id, NULL);
BEGIN
	IF NOT EXISTS (SELECT 1 FROM kantong WHERE pemda_id = p_pemda AND tahun = p.tahun AND opd_kode = p.opd_kode
		       AND sub_kegiatan = p_sub) THEN
		RAISE EXCEPTION 'sub kegiatan % is not in the DPA of OPD % in %', p_sub, p.opd_kode, p.tahun
			USING ERRCODE = 'P9422', DETAIL = '/sub_kegiatan';
	END IF;
	INSERT INTO temuan (pemda_id, pemeriksaan_id, nomor, sub_kegiatan, predikat, temuan, rekomendasi)
	SELECT p_pemda, p_id, coalesce(max(nomor), 0) + 1, p_sub, p_predikat, p_temuan, p_rekomendasi
	FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id;
	RETURN pagu_pemeriksaan_json(p_pemda, p_id);
END
$$;

CREATE FUNCTION pagu_pemeriksaan_tandatangan(p_pemda text, p_id bigint, p_token bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_ambil(p_pemda, p_id, NULL);
BEGIN
	IF p.status = 'signed' THEN
		RAISE EXCEPTION 'evaluation % is already signed', p_id USING ERRCODE = 'P9409', DETAIL = 'id';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id) THEN
		RAISE EXCEPTION 'evaluation % has no findings to sign', p_id USING ERRCODE = 'P9422', DETAIL = 'temuan';
	END IF;
	UPDATE pemeriksaan SET status = 'signed', ditandatangani = now(), ditandatangani_oleh = p_token,
		hash = encode(sha256(convert_to(pagu_pemeriksaan_kanonik(p_pemda, p_id), 'UTF8')), 'hex')
	WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id;
	RETURN pagu_pemeriksaan_json(p_pemda, p_id);
END
$$;

CREATE FUNCTION pagu_tindak_lanjut(p_pemda text, p_id bigint, p_nomor integer, p_uraian text, p_bukti text, p_opd text,
				   p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_ambil(p_pemda, p_id, p_opd);
BEGIN
	IF NOT EXISTS (SELECT 1 FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id AND nomor = p_nomor) THEN
		RAISE EXCEPTION 'evaluation % has no finding %', p_id, p_nomor USING ERRCODE = 'P9404', DETAIL = 'nomor';
	END IF;
	INSERT INTO tindak_lanjut (pemda_id, pemeriksaan_id, nomor, urutan, uraian, bukti, token_id)
	SELECT p_pemda, p_id, p_nomor, coalesce(max(urutan), 0) + 1, p_uraian, p_bukti, p_token
	FROM tindak_lanjut WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id AND nomor = p_nomor;
	RETURN pagu_pemeriksaan_json(p_pemda, p.pemeriksaan_id);
END
$$;

CREATE FUNCTION pagu_temuan_tutup(p_pemda text, p_id bigint, p_nomor integer, p_catatan text, p_token bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_ambil(p_pemda, p_id, NULL);
BEGIN
	IF NOT EXISTS (SELECT 1 FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id AND nomor = p_nomor) THEN
		RAISE EXCEPTION 'evaluation % has no finding %', p_id, p_nomor USING ERRCODE = 'P9404', DETAIL = 'nomor';
	END IF;
	INSERT INTO temuan_selesai (pemda_id, pemeriksaan_id, nomor, catatan, token_id) VALUES (p_pemda, p_id, p_nomor, p_catatan, p_token);
	RETURN pagu_pemeriksaan_json(p_pemda, p.pemeriksaan_id);
END
$$;

-- ---- the e-monev report (Permendagri 86/2017 layout) and the OPD ranking ----

CREATE FUNCTION pagu_nomenklatur_nama(p_tahun integer, p_kode text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT n.nama FROM ref_nomenklatur n WHERE n.ref_version_id = pagu_ref_versi(p_tahun) AND n.kode = p_kode
	ORDER BY n.aktif DESC LIMIT 1
$$;

-- Per indicator of an OPD (or all): program, kegiatan and sub kegiatan with their names, the indicator and
-- target, the realisation of each quarter I-IV up to @p_triwulan (as evaluated at that quarter), the
-- cumulative value, capaian and predikat (cumulative band table), and the sub kegiatan's financial side.
CREATE FUNCTION pagu_monev_laporan(p_pemda text, p_tahun integer, p_triwulan smallint, p_opd text)
RETURNS TABLE (opd_kode text, program text, program_nama text, kegiatan text, kegiatan_nama text, sub_kegiatan text,
	       sub_kegiatan_nama text, indikator text, satuan text, target numeric, tw1 numeric, tw2 numeric, tw3 numeric,
	       tw4 numeric, kumulatif numeric, fisik numeric, capaian numeric, predikat text, anggaran numeric,
	       realisasi_keuangan numeric, capaian_keuangan numeric, predikat_keuangan text)
LANGUAGE plpgsql AS $$
DECLARE
	sk integer := pagu_monev_skala_aktif(p_pemda, 'kumulatif');
BEGIN
	RETURN QUERY
	WITH q AS (SELECT g.t::smallint AS t FROM generate_series(1, p_triwulan) AS g(t)),
	per AS (SELECT q.t, k.* FROM q, LATERAL pagu_monev_kinerja(p_pemda, p_tahun, q.t) k),
	akhir AS (SELECT * FROM per WHERE per.t = p_triwulan AND (p_opd IS NULL OR per.opd_kode = p_opd)),
	keu AS (SELECT * FROM pagu_monev_keuangan(p_pemda, p_tahun, p_triwulan))
	SELECT a.opd_kode,
		array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:3], '.'),
		pagu_nomenklatur_nama(p_tahun, array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:3], '.')),
		array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:5], '.'),
		pagu_nomenklatur_nama(p_tahun, array_to_string((string_to_array(a.sub_kegiatan, '.'))[1:5], '.')),
		a.sub_kegiatan, pagu_nomenklatur_nama(p_tahun, a.sub_kegiatan), a.indikator, a.satuan, a.target,
		(SELECT x.realisasi FROM per x WHERE x.t = 1 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		(SELECT x.realisasi FROM per x WHERE x.t = 2 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		(SELECT x.realisasi FROM per x WHERE x.t = 3 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		(SELECT x.realisasi FROM per x WHERE x.t = 4 AND x.rkpd_id = a.rkpd_id AND x.rkpd_baris = a.rkpd_baris),
		a.realisasi_kumulatif, a.fisik,
		pagu_capaian(coalesce(a.realisasi_kumulatif, 0), a.target),
		coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(coalesce(a.realisasi_kumulatif, 0), a.target)), 'Tidak Dapat Dievaluasi'),
		f.anggaran, f.realisasi_kumulatif, pagu_capaian(f.realisasi_kumulatif, f.anggaran),
		coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(f.realisasi_kumulatif, f.anggaran)), 'Tidak Dapat Dievaluasi')
	FROM akhir a LEFT JOIN keu f ON f.opd_kode = a.opd_kode AND f.sub_kegiatan = a.sub_kegiatan
	ORDER BY a.opd_kode, a.sub_kegiatan, a.rkpd_id, a.rkpd_baris;
END
$$;
COMMENT ON FUNCTION pagu_monev_laporan(text, integer, smallint, text) IS 'The e-monev report rows in the Permendagri 86/2017 layout, one per indicator.';

-- OPD ranking by capaian to the end of a quarter: the mean capaian of its evaluable indicators and its
-- financial capaian, with their predikat; the best first.
CREATE FUNCTION pagu_monev_peringkat(p_pemda text, p_tahun integer, p_triwulan smallint)
RETURNS TABLE (peringkat bigint, opd_kode text, opd_nama text, indikator bigint, dievaluasi bigint, capaian numeric,
	       predikat text, anggaran numeric, realisasi numeric, capaian_keuangan numeric, predikat_keuangan text)
LANGUAGE plpgsql AS $$
DECLARE
	sk integer := pagu_monev_skala_aktif(p_pemda, 'kumulatif');
BEGIN
	RETURN QUERY
	WITH k AS (SELECT m.opd_kode, count(*) AS n, count(*) FILTER (WHERE m.target > 0) AS ev,
			  round(avg(pagu_capaian(coalesce(m.realisasi_kumulatif, 0), m.target)) FILTER (WHERE m.target > 0), 2) AS c
		   FROM pagu_monev_kinerja(p_pemda, p_tahun, p_triwulan) m GROUP BY m.opd_kode),
	f AS (SELECT x.opd_kode, sum(x.anggaran) AS a, sum(x.realisasi_kumulatif) AS r
	      FROM pagu_monev_keuangan(p_pemda, p_tahun, p_triwulan) x GROUP BY x.opd_kode),
	o AS (SELECT coalesce(k.opd_kode, f.opd_kode) AS kode, k.n, k.ev, k.c, f.a, f.r FROM k FULL JOIN f USING (opd_kode))
	SELECT rank() OVER (ORDER BY o.c DESC NULLS LAST, pagu_capaian(o.r, o.a) DESC NULLS LAST), o.kode,
		(SELECT d.nama FROM opd d WHERE d.pemda_id = p_pemda AND d.kode = o.kode), coalesce(o.n, 0), coalesce(o.ev, 0), o.c,
		coalesce(pagu_predikat(p_pemda, sk, o.c), 'Tidak Dapat Dievaluasi'), o.a, o.r, pagu_capaian(o.r, o.a),
		coalesce(pagu_predikat(p_pemda, sk, pagu_capaian(o.r, o.a)), 'Tidak Dapat Dievaluasi')
	FROM o ORDER BY 1, o.kode;
END
$$;
COMMENT ON FUNCTION pagu_monev_peringkat(text, integer, smallint) IS 'OPD ranking by cumulative capaian (kinerja, then keuangan) to the end of a quarter.';
