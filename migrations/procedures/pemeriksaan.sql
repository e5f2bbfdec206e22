-- procedures/pemeriksaan.sql - the Inspektorat's examination: findings, follow-ups, signing.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- The one change an evaluation row takes: draft -> signed, with its hash; nothing after.
CREATE OR REPLACE FUNCTION pagu_pemeriksaan_guard() RETURNS trigger
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

-- Findings only into a draft; follow-ups and closings only on a signed evaluation's open finding.
CREATE OR REPLACE FUNCTION pagu_temuan_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	st text;
BEGIN
	SELECT status INTO st FROM pemeriksaan WHERE pemda_id = NEW.pemda_id AND pemeriksaan_id = NEW.pemeriksaan_id FOR SHARE;
	IF TG_TABLE_NAME = 'temuan' AND st <> 'draft' THEN
		RAISE EXCEPTION 'EVALUASI_SUDAH_DITANDATANGANI_TEMUAN' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', NEW.pemeriksaan_id)::text;
	END IF;
	IF TG_TABLE_NAME <> 'temuan' AND st <> 'signed' THEN
		RAISE EXCEPTION 'EVALUASI_BELUM_DITANDATANGANI' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', NEW.pemeriksaan_id)::text;
	END IF;
	IF TG_TABLE_NAME <> 'temuan' AND EXISTS (SELECT 1 FROM temuan_selesai s WHERE s.pemda_id = NEW.pemda_id
		AND s.pemeriksaan_id = NEW.pemeriksaan_id AND s.nomor = NEW.nomor) THEN
		RAISE EXCEPTION 'TEMUAN_DITUTUP' USING ERRCODE = 'P9409', DETAIL = 'nomor',
			HINT = json_build_object('nomor', NEW.nomor, 'id', NEW.pemeriksaan_id)::text;
	END IF;
	RETURN NEW;
END
$$;

-- The canonical text its stored hash is over, by its hash version.
CREATE OR REPLACE FUNCTION pagu_pemeriksaan_kanonik(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p.hash_versi = 2 THEN pagu_pemeriksaan_teks_v2(p.pemda_id, p.pemeriksaan_id, p.ditandatangani_oleh,
			p.ditandatangani)
		ELSE concat_ws('|', 'pagu-pemeriksaan-v1', p.pemda_id, p.pemeriksaan_id, p.tahun, p.triwulan, p.opd_kode,
			coalesce(p.token_id::text, ''))
		|| coalesce((SELECT string_agg(concat_ws(chr(31), t.nomor, t.sub_kegiatan, t.predikat, t.temuan, t.rekomendasi),
			chr(30) ORDER BY t.nomor) FROM temuan t WHERE t.pemda_id = p.pemda_id AND t.pemeriksaan_id = p.pemeriksaan_id), '')
		END
	FROM pemeriksaan p WHERE p.pemda_id = p_pemda AND p.pemeriksaan_id = p_id
$$;

CREATE OR REPLACE FUNCTION pagu_pemeriksaan_json(p_pemda text, p_id bigint) RETURNS jsonb
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
CREATE OR REPLACE FUNCTION pagu_pemeriksaan_open(p_pemda text, p_tahun integer, p_triwulan smallint, p_opd text, p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	id bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM opd WHERE pemda_id = p_pemda AND kode = p_opd) THEN
		RAISE EXCEPTION 'OPD_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd)::text;
	END IF;
	INSERT INTO pemeriksaan (pemda_id, tahun, triwulan, opd_kode, token_id) VALUES (p_pemda, p_tahun, p_triwulan, p_opd, p_token)
	RETURNING pemeriksaan_id INTO id;
	RETURN pagu_pemeriksaan_json(p_pemda, id);
END
$$;

CREATE OR REPLACE FUNCTION pagu_pemeriksaan_get(p_pemda text, p_id bigint, p_opd text) RETURNS pemeriksaan
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan;
BEGIN
	SELECT * INTO p FROM pemeriksaan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'EVALUASI_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF p_opd IS NOT NULL AND p.opd_kode <> p_opd THEN
		RAISE EXCEPTION 'EVALUASI_OPD_LAIN' USING ERRCODE = 'P9403', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'opd', p.opd_kode)::text;
	END IF;
	RETURN p;
END
$$;

CREATE OR REPLACE FUNCTION pagu_temuan_add(p_pemda text, p_id bigint, p_sub text, p_predikat text, p_temuan text, p_rekomendasi text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_get(p_pemda, p_id, NULL);
BEGIN
	IF NOT EXISTS (SELECT 1 FROM kantong WHERE pemda_id = p_pemda AND tahun = p.tahun AND opd_kode = p.opd_kode
		       AND sub_kegiatan = p_sub) THEN
		RAISE EXCEPTION 'SUB_KEGIATAN_BUKAN_DPA' USING ERRCODE = 'P9422', DETAIL = '/sub_kegiatan',
			HINT = json_build_object('sub_kegiatan', p_sub, 'opd', p.opd_kode, 'tahun', p.tahun)::text;
	END IF;
	INSERT INTO temuan (pemda_id, pemeriksaan_id, nomor, sub_kegiatan, predikat, temuan, rekomendasi)
	SELECT p_pemda, p_id, coalesce(max(nomor), 0) + 1, p_sub, p_predikat, p_temuan, p_rekomendasi
	FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id;
	RETURN pagu_pemeriksaan_json(p_pemda, p_id);
END
$$;

CREATE OR REPLACE FUNCTION pagu_pemeriksaan_sign(p_pemda text, p_id bigint, p_token bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_get(p_pemda, p_id, NULL);
BEGIN
	IF p.status = 'signed' THEN
		RAISE EXCEPTION 'EVALUASI_SUDAH_DITANDATANGANI' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id) THEN
		RAISE EXCEPTION 'EVALUASI_TANPA_TEMUAN' USING ERRCODE = 'P9422', DETAIL = 'temuan',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	-- now() is the transaction's time: the same value in the row and in the hash
	UPDATE pemeriksaan SET status = 'signed', ditandatangani = now(), ditandatangani_oleh = p_token, hash_versi = 2,
		hash = encode(sha256(convert_to(pagu_pemeriksaan_teks_v2(p_pemda, p_id, p_token, now()), 'UTF8')), 'hex')
	WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id;
	RETURN pagu_pemeriksaan_json(p_pemda, p_id);
END
$$;

CREATE OR REPLACE FUNCTION pagu_tindak_lanjut(p_pemda text, p_id bigint, p_nomor integer, p_uraian text, p_bukti text, p_opd text,
				   p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_get(p_pemda, p_id, p_opd);
BEGIN
	IF NOT EXISTS (SELECT 1 FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id AND nomor = p_nomor) THEN
		RAISE EXCEPTION 'TEMUAN_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'nomor',
			HINT = json_build_object('id', p_id, 'nomor', p_nomor)::text;
	END IF;
	INSERT INTO tindak_lanjut (pemda_id, pemeriksaan_id, nomor, urutan, uraian, bukti, token_id)
	SELECT p_pemda, p_id, p_nomor, coalesce(max(urutan), 0) + 1, p_uraian, p_bukti, p_token
	FROM tindak_lanjut WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id AND nomor = p_nomor;
	RETURN pagu_pemeriksaan_json(p_pemda, p.pemeriksaan_id);
END
$$;

CREATE OR REPLACE FUNCTION pagu_temuan_close(p_pemda text, p_id bigint, p_nomor integer, p_catatan text, p_token bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p pemeriksaan := pagu_pemeriksaan_get(p_pemda, p_id, NULL);
BEGIN
	IF NOT EXISTS (SELECT 1 FROM temuan WHERE pemda_id = p_pemda AND pemeriksaan_id = p_id AND nomor = p_nomor) THEN
		RAISE EXCEPTION 'TEMUAN_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'nomor',
			HINT = json_build_object('id', p_id, 'nomor', p_nomor)::text;
	END IF;
	INSERT INTO temuan_selesai (pemda_id, pemeriksaan_id, nomor, catatan, token_id) VALUES (p_pemda, p_id, p_nomor, p_catatan, p_token);
	RETURN pagu_pemeriksaan_json(p_pemda, p.pemeriksaan_id);
END
$$;

CREATE OR REPLACE TRIGGER pemeriksaan_jaga BEFORE UPDATE ON pemeriksaan FOR EACH ROW EXECUTE FUNCTION pagu_pemeriksaan_guard();

CREATE OR REPLACE TRIGGER temuan_jaga BEFORE INSERT ON temuan FOR EACH ROW EXECUTE FUNCTION pagu_temuan_guard();

CREATE OR REPLACE TRIGGER tindak_lanjut_jaga BEFORE INSERT ON tindak_lanjut FOR EACH ROW EXECUTE FUNCTION pagu_temuan_guard();

CREATE OR REPLACE TRIGGER temuan_selesai_jaga BEFORE INSERT ON temuan_selesai FOR EACH ROW EXECUTE FUNCTION pagu_temuan_guard();

-- the append-only tables of this area
CALL pagu_append_only('temuan', 'append_only');
CALL pagu_append_only('tindak_lanjut', 'append_only');
CALL pagu_append_only('temuan_selesai', 'append_only');
CALL pagu_append_only('pemeriksaan', 'no_delete');
