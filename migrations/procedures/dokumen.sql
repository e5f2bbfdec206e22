-- procedures/dokumen.sql - planning and budget documents: versions, lines, transitions, hashes, SSH, DPA derivation.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- Lines change only while their version is a draft: for every role, the owner and
-- superusers included.
CREATE OR REPLACE FUNCTION pagu_baris_guard_draft() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	st text;
	r record;
BEGIN
	IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
	SELECT status INTO st FROM dokumen d WHERE d.pemda_id = r.pemda_id AND d.dokumen_id = r.dokumen_id;
	IF st IS DISTINCT FROM 'draft' OR (TG_OP = 'UPDATE' AND (OLD.pemda_id, OLD.dokumen_id) IS DISTINCT FROM (NEW.pemda_id, NEW.dokumen_id)) THEN
		RAISE EXCEPTION 'lines of document version % are % and cannot change', r.dokumen_id, coalesce(st, 'missing')
			USING ERRCODE = 'P0001', HINT = 'Derive a new version from a locked one to change it.';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION pagu_baris_guard_draft() IS 'Trigger function: lines of a document version may be added, changed or removed only while the version is a draft.';

-- A version's header: identity never changes, a locked version never changes at all,
-- and nothing is deleted.
CREATE OR REPLACE FUNCTION pagu_dokumen_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		RAISE EXCEPTION 'document versions are never deleted' USING ERRCODE = 'P0001';
	END IF;
	IF OLD.status = 'locked' THEN
		RAISE EXCEPTION 'document version % is locked and cannot change', OLD.dokumen_id
			USING ERRCODE = 'P0001', HINT = 'Derive a new version from it instead.';
	END IF;
	IF (NEW.pemda_id, NEW.dokumen_id, NEW.tahun, NEW.jenis, NEW.opd_kode, NEW.versi, NEW.asal_id, NEW.dibuat, NEW.tahap, NEW.dasar)
	   IS DISTINCT FROM (OLD.pemda_id, OLD.dokumen_id, OLD.tahun, OLD.jenis, OLD.opd_kode, OLD.versi, OLD.asal_id, OLD.dibuat,
			     OLD.tahap, OLD.dasar) THEN
		RAISE EXCEPTION 'the identity of document version % cannot change', OLD.dokumen_id USING ERRCODE = 'P0001';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION pagu_dokumen_guard() IS 'Trigger function: a document version is never deleted, its identity never changes, and once locked nothing of it changes.';

-- The canonical encoding a lock hashes (documented in docs/canonical.md, which says the same in words):
--   header: "pagu-dokumen-v1" LF pemda_id LF tahun LF jenis LF opd_kode-or-empty LF versi LF
--           hash_sebelum-or-empty LF
--   then one line per row, ordered by baris, fields separated by US (0x1f), ended by LF;
--   numbers in their canonical text (money with exactly 2 decimals, other decimals
--   without trailing zeros), koefisien as "2 orang x 3.5 hari".
--   A version of another stage than murni (issue 18) has one more header line after
--   hash_sebelum: "tahap" US tahap US tanggal_dprd-or-empty US dasar-or-empty LF.
-- The header of the canonical text (see docs/canonical.md).
CREATE OR REPLACE FUNCTION pagu_dokumen_kepala(p_pemda text, p_dokumen bigint, p_hash_sebelum text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT 'pagu-dokumen-v1' || E'\n' || d.pemda_id || E'\n' || d.tahun || E'\n' || d.jenis || E'\n'
		|| coalesce(d.opd_kode, '') || E'\n' || d.versi || E'\n' || coalesce(p_hash_sebelum, '') || E'\n'
		|| CASE WHEN d.tahap = 'murni' THEN '' ELSE concat_ws(chr(31), 'tahap', d.tahap, coalesce(d.tanggal_dprd::text, ''),
			coalesce(d.dasar, '')) || E'\n' END
	FROM dokumen d WHERE d.pemda_id = p_pemda AND d.dokumen_id = p_dokumen
$$;
COMMENT ON FUNCTION pagu_dokumen_kepala(text, bigint, text) IS 'The header lines of a version''s canonical text.';

-- Its lines: built once per transition and hashed with either header.
CREATE OR REPLACE FUNCTION pagu_dokumen_badan(p_pemda text, p_dokumen bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT ''
		|| coalesce((SELECT string_agg(concat_ws(chr(31), 'rkpd', i.baris, i.opd_kode, i.sub_kegiatan, i.indikator,
				trim_scale(i.target)::text, i.satuan, to_char(i.pagu_indikatif, 'FM99999999999999999990.00'),
				i.lokasi, i.sumber_dana, coalesce(i.lintang::text || ',' || i.bujur::text, ''),
				coalesce(i.rpjmd_kode, '')), E'\n' ORDER BY i.baris) || E'\n'
			     FROM rkpd_item i WHERE i.pemda_id = d.pemda_id AND i.dokumen_id = d.dokumen_id), '')
		|| coalesce((SELECT string_agg(concat_ws(chr(31), 'rka', b.baris, b.opd_kode, coalesce(b.sub_kegiatan, ''), b.akun,
				b.uraian,
				(SELECT string_agg((f ->> 'nilai') || ' ' || (f ->> 'satuan'), ' x ' ORDER BY o)
				 FROM jsonb_array_elements(b.koefisien) WITH ORDINALITY AS e(f, o)),
				trim_scale(b.volume)::text,
				to_char(b.harga_satuan, 'FM99999999999999999990.00'),
				to_char(b.jumlah, 'FM99999999999999999990.00'), b.sumber_dana,
				coalesce(b.ssh_kode || '/' || b.ssh_versi, ''), b.bidang), E'\n' ORDER BY b.baris) || E'\n'
			     FROM rka_baris b WHERE b.pemda_id = d.pemda_id AND b.dokumen_id = d.dokumen_id), '')
		|| coalesce((SELECT string_agg(concat_ws(chr(31), 'plafon', p.baris, p.jenis, coalesce(p.opd_kode, ''),
				coalesce(p.sub_kegiatan, ''), to_char(p.jumlah, 'FM99999999999999999990.00')), E'\n' ORDER BY p.baris)
				|| E'\n'
			     FROM plafon p WHERE p.pemda_id = d.pemda_id AND p.dokumen_id = d.dokumen_id), '')
		|| coalesce((SELECT string_agg(concat_ws(chr(31), 'kas', k.baris, k.bulan,
				to_char(k.jumlah, 'FM99999999999999999990.00')), E'\n' ORDER BY k.baris, k.bulan) || E'\n'
			     FROM anggaran_kas k WHERE k.pemda_id = d.pemda_id AND k.dokumen_id = d.dokumen_id), '')
	FROM dokumen d WHERE d.pemda_id = p_pemda AND d.dokumen_id = p_dokumen
$$;
COMMENT ON FUNCTION pagu_dokumen_badan(text, bigint) IS 'The row lines of a version''s canonical text.';

CREATE OR REPLACE FUNCTION pagu_dokumen_kanonik(p_pemda text, p_dokumen bigint, p_hash_sebelum text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT pagu_dokumen_kepala(p_pemda, p_dokumen, p_hash_sebelum) || pagu_dokumen_badan(p_pemda, p_dokumen)
$$;
COMMENT ON FUNCTION pagu_dokumen_kanonik(text, bigint, text) IS 'The canonical text of a document version that its lock hash is the SHA-256 of.';

CREATE OR REPLACE FUNCTION pagu_ref_versi(p_tahun integer) RETURNS integer
LANGUAGE sql STABLE AS $$
	SELECT ref_version_id FROM ref_version WHERE tahun_mulai <= p_tahun
	ORDER BY tahun_mulai DESC, ref_version_id DESC LIMIT 1
$$;
COMMENT ON FUNCTION pagu_ref_versi(integer) IS 'The reference edition in force for a fiscal year.';

-- A draft version locked for change, checked against the caller's revision (NULL: not checked).
CREATE OR REPLACE FUNCTION pagu_dokumen_draft(p_pemda text, p_id bigint, p_revisi integer) RETURNS dokumen
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'DOKUMEN_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF p_revisi IS NOT NULL AND d.revisi <> p_revisi THEN
		RAISE EXCEPTION 'DOKUMEN_REVISI_BEDA' USING ERRCODE = 'P9412', DETAIL = 'If-Match',
			HINT = json_build_object('id', p_id, 'revisi', d.revisi, 'diminta', p_revisi)::text;
	END IF;
	IF d.status <> 'draft' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_DRAF' USING ERRCODE = 'P9409', DETAIL = 'status',
			HINT = json_build_object('id', p_id, 'status', d.status)::text;
	END IF;
	RETURN d;
END
$$;
COMMENT ON FUNCTION pagu_dokumen_draft(text, bigint, integer) IS 'Locks a draft version for change after checking its revision.';

CREATE OR REPLACE FUNCTION pagu_dokumen_event(p_pemda text, p_id bigint, p_aksi text, p_dari text, p_ke text, p_token bigint,
				   p_alasan text, p_sebelum text, p_sesudah text) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO dokumen_event (pemda_id, dokumen_id, urutan, aksi, dari, ke, token_id, alasan, hash_sebelum, hash_sesudah)
	SELECT p_pemda, p_id, coalesce(max(urutan), 0) + 1, p_aksi, p_dari, p_ke, p_token, p_alasan, p_sebelum, p_sesudah
	FROM dokumen_event WHERE pemda_id = p_pemda AND dokumen_id = p_id
$$;
COMMENT ON FUNCTION pagu_dokumen_event(text, bigint, text, text, text, bigint, text, text, text) IS 'Appends the next event of a version.';

CREATE OR REPLACE FUNCTION pagu_dokumen_isi_hash(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT encode(sha256(convert_to(pagu_dokumen_kanonik(p_pemda, p_id, NULL), 'UTF8')), 'hex')
$$;
COMMENT ON FUNCTION pagu_dokumen_isi_hash(text, bigint) IS 'SHA-256 of a version''s content without the chain link: the hash before and after in events.';

CREATE OR REPLACE FUNCTION pagu_dokumen_create(p_pemda text, p_tahun integer, p_jenis text, p_opd text, p_token bigint)
RETURNS SETOF dokumen
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
BEGIN
	IF EXISTS (SELECT 1 FROM dokumen WHERE pemda_id = p_pemda AND tahun = p_tahun AND jenis = p_jenis
		   AND coalesce(opd_kode, '') = coalesce(p_opd, '')) THEN
		RAISE EXCEPTION 'DOKUMEN_SUDAH_ADA' USING ERRCODE = 'P9409', DETAIL = '/jenis',
			HINT = json_build_object('jenis', p_jenis, 'tahun', p_tahun, 'pemilik', coalesce(p_opd, p_pemda))::text;
	END IF;
	IF p_jenis = 'dpa' THEN
		RAISE EXCEPTION 'DPA_DARI_APBD' USING ERRCODE = 'P9409', DETAIL = '/jenis';
	END IF;
	IF p_opd IS NOT NULL AND NOT EXISTS (SELECT 1 FROM opd WHERE pemda_id = p_pemda AND kode = p_opd) THEN
		RAISE EXCEPTION 'OPD_TIDAK_ADA_DI_PEMDA' USING ERRCODE = 'P9422', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd, 'pemda', p_pemda)::text;
	END IF;
	INSERT INTO dokumen (pemda_id, tahun, jenis, opd_kode, versi) VALUES (p_pemda, p_tahun, p_jenis, p_opd, 1)
	RETURNING * INTO d;
	PERFORM pagu_dokumen_event(p_pemda, d.dokumen_id, 'create', NULL, 'draft', p_token, NULL, NULL,
				   pagu_dokumen_isi_hash(p_pemda, d.dokumen_id));
	RETURN NEXT d;
END
$$;
COMMENT ON FUNCTION pagu_dokumen_create(text, integer, text, text, bigint) IS 'Creates version 1 of a document as a draft.';

-- A new draft version from the latest locked one (APBD-Perubahan, pergeseran): lines copied.
CREATE OR REPLACE FUNCTION pagu_dokumen_derive(p_pemda text, p_id bigint, p_token bigint, p_alasan text)
RETURNS SETOF dokumen
LANGUAGE plpgsql AS $$
DECLARE
	src dokumen;
	d dokumen;
BEGIN
	SELECT * INTO src FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'DOKUMEN_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF src.status <> 'locked' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_TERKUNCI' USING ERRCODE = 'P9409', DETAIL = 'status',
			HINT = json_build_object('id', p_id, 'status', src.status)::text;
	END IF;
	IF EXISTS (SELECT 1 FROM dokumen WHERE pemda_id = p_pemda AND tahun = src.tahun AND jenis = src.jenis
		   AND coalesce(opd_kode, '') = coalesce(src.opd_kode, '') AND versi > src.versi) THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_TERAKHIR' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF src.jenis = 'apbd' AND src.tahap = 'perubahan' THEN
		RAISE EXCEPTION 'APBD_SUDAH_PERUBAHAN' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'id2', p_id)::text;
	END IF;
	INSERT INTO dokumen (pemda_id, tahun, jenis, opd_kode, versi, asal_id, baris_terakhir, tahap)
	VALUES (p_pemda, src.tahun, src.jenis, src.opd_kode, src.versi + 1, src.dokumen_id, src.baris_terakhir, src.tahap)
	RETURNING * INTO d;
	INSERT INTO rkpd_item SELECT pemda_id, d.dokumen_id, baris, opd_kode, sub_kegiatan, indikator, target, satuan,
		pagu_indikatif, lokasi, sumber_dana, lintang, bujur, rpjmd_kode
		FROM rkpd_item WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	INSERT INTO rka_baris SELECT pemda_id, d.dokumen_id, baris, opd_kode, sub_kegiatan, akun, uraian, koefisien, volume,
		harga_satuan, jumlah, sumber_dana, asal_dokumen_id, asal_baris, ssh_kode, ssh_versi, bidang
		FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	INSERT INTO plafon SELECT pemda_id, d.dokumen_id, baris, jenis, opd_kode, sub_kegiatan, jumlah
		FROM plafon WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	INSERT INTO anggaran_kas SELECT pemda_id, d.dokumen_id, baris, bulan, jumlah
		FROM anggaran_kas WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	PERFORM pagu_dokumen_event(p_pemda, d.dokumen_id, 'derive', NULL, 'draft', p_token, p_alasan, src.hash,
				   pagu_dokumen_isi_hash(p_pemda, d.dokumen_id));
	RETURN NEXT d;
END
$$;
COMMENT ON FUNCTION pagu_dokumen_derive(text, bigint, bigint, text) IS 'Derives a new draft version, with the lines copied, from the latest locked version.';

-- submit: draft -> submitted; verify: submitted -> verified; lock: verified -> locked;
-- reject: submitted or verified -> draft (a reason is required). Roles are checked by the engine.
CREATE OR REPLACE FUNCTION pagu_dokumen_transisi(p_pemda text, p_id bigint, p_aksi text, p_revisi integer, p_token bigint,
				      p_alasan text)
RETURNS SETOF dokumen
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	dari text;
	ke text;
	sebelum text;
	prev text;
	badan text;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'DOKUMEN_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF d.revisi <> p_revisi THEN
		RAISE EXCEPTION 'DOKUMEN_REVISI_BEDA' USING ERRCODE = 'P9412', DETAIL = 'If-Match',
			HINT = json_build_object('id', p_id, 'revisi', d.revisi, 'diminta', p_revisi)::text;
	END IF;
	ke := CASE
		WHEN p_aksi = 'submit' AND d.status = 'draft' THEN 'submitted'
		WHEN p_aksi = 'verify' AND d.status = 'submitted' THEN 'verified'
		WHEN p_aksi = 'lock' AND d.status = 'verified' THEN 'locked'
		WHEN p_aksi = 'reject' AND d.status IN ('submitted', 'verified') THEN 'draft'
	END;
	dari := d.status;
	IF ke IS NULL THEN
		RAISE EXCEPTION 'DOKUMEN_AKSI_TIDAK_BOLEH' USING ERRCODE = 'P9409', DETAIL = '/aksi',
			HINT = json_build_object('aksi', p_aksi, 'id', p_id, 'status', d.status)::text;
	END IF;
	IF p_aksi = 'reject' AND coalesce(btrim(p_alasan), '') = '' THEN
		RAISE EXCEPTION 'PENOLAKAN_TANPA_ALASAN' USING ERRCODE = 'P9422', DETAIL = '/alasan';
	END IF;
	IF p_aksi = 'submit' THEN
		PERFORM pagu_dokumen_check_submit(p_pemda, p_id);
	ELSIF ke = 'locked' THEN
		PERFORM pagu_dokumen_check_lock(p_pemda, p_id);
	END IF;
	badan := pagu_dokumen_badan(p_pemda, p_id);
	sebelum := encode(sha256(convert_to(pagu_dokumen_kepala(p_pemda, p_id, NULL) || badan, 'UTF8')), 'hex');
	IF ke = 'locked' THEN
		SELECT hash INTO prev FROM dokumen WHERE pemda_id = p_pemda AND tahun = d.tahun AND jenis = d.jenis
			AND coalesce(opd_kode, '') = coalesce(d.opd_kode, '') AND status = 'locked' AND versi < d.versi
			ORDER BY versi DESC LIMIT 1;
		UPDATE dokumen SET status = ke, revisi = revisi + 1, hash_sebelum = prev, dikunci = now(),
			hash = encode(sha256(convert_to(pagu_dokumen_kepala(p_pemda, p_id, prev) || badan, 'UTF8')), 'hex')
		WHERE pemda_id = p_pemda AND dokumen_id = p_id RETURNING * INTO d;
	ELSE
		UPDATE dokumen SET status = ke, revisi = revisi + 1 WHERE pemda_id = p_pemda AND dokumen_id = p_id
		RETURNING * INTO d;
	END IF;
	-- the state before, a rejection's too (submitted or verified: issue 19, the history names it)
	PERFORM pagu_dokumen_event(p_pemda, p_id, p_aksi, dari, ke, p_token, p_alasan, sebelum, coalesce(d.hash, sebelum));
	RETURN NEXT d;
END
$$;
COMMENT ON FUNCTION pagu_dokumen_transisi(text, bigint, text, integer, bigint, text) IS 'Moves a version through draft -> submitted -> verified -> locked (or back to draft on rejection), recording the event; locking seals it with its hash chained to the previous locked version.';

-- Sub kegiatan as a client writes them, read against the nomenklatur in force for the year: a code
-- as given, or a penunjang sub kegiatan in SIPD's form, with the OPD's bidang in place of X.XX
-- (1.01.01.2.02.0001 is X.XX.01.2.02.0001 budgeted under bidang 1.01: program 01 of every bidang
-- is the penunjang program; a bidang's own programs start at 02). A code that is in the nomenklatur
-- as written, active and of the pemda's level, is read as written (4.01.01.2.01.0001 is Setda's own). One row per input, in order: the canonical kode, the bidang of a
-- penunjang sub kegiatan (from the SIPD form, else the OPD's first bidang; NULL for others) and
-- why it is refused (NULL when it is not). A NULL input gives a NULL kode and no refusal.
CREATE OR REPLACE FUNCTION pagu_sub_kegiatan_read(p_pemda text, p_tahun integer, p_opd text, p_sub text[])
RETURNS TABLE (i integer, kode text, bidang text, pesan text)
LANGUAGE sql STABLE AS $$
	WITH c AS (SELECT p.jenis AS jenis_pemda, pagu_ref_versi(p_tahun) AS v,
			(SELECT o.bidang FROM opd o WHERE o.pemda_id = p_pemda AND o.kode = p_opd) AS ob
		   FROM pemda p WHERE p.pemda_id = p_pemda),
	r AS (SELECT u.i::integer AS i, u.sub FROM unnest(p_sub) WITH ORDINALITY AS u(sub, i)),
	s AS (SELECT r.i, r.sub,
		(SELECT n FROM ref_nomenklatur n WHERE n.ref_version_id = c.v AND n.kode = r.sub AND n.level = 'sub_kegiatan'
		 ORDER BY (n.jenis_pemda = c.jenis_pemda) DESC, n.aktif DESC LIMIT 1) AS n1,
		CASE WHEN r.sub ~ '^[1-9]\.[0-9]{2}\.01\.' THEN
		(SELECT n FROM ref_nomenklatur n WHERE n.ref_version_id = c.v AND n.kode = 'X.XX' || substr(r.sub, 5)
		 AND n.level = 'sub_kegiatan' ORDER BY (n.jenis_pemda = c.jenis_pemda) DESC, n.aktif DESC LIMIT 1) END AS n2
	      FROM r, c),
	t AS (SELECT s.*, coalesce((s.n1).aktif AND (s.n1).jenis_pemda = c.jenis_pemda, false) AS ok1,
		coalesce((s.n2).aktif AND (s.n2).jenis_pemda = c.jenis_pemda, false) AS ok2 FROM s, c),
	k AS (SELECT t.i, t.sub, CASE WHEN sipd THEN t.n2 ELSE t.n1 END AS n, sipd
	      FROM t, LATERAL (SELECT NOT t.ok1 AND (t.ok2 OR ((t.n1).kode IS NULL AND (t.n2).kode IS NOT NULL)) AS sipd) x)
	SELECT k.i, CASE WHEN k.sipd THEN (k.n).kode ELSE k.sub END,
		CASE WHEN k.sipd THEN left(k.sub, 4) WHEN k.sub LIKE 'X.XX.%' THEN pagu_bidang_pertama(c.ob) END,
		CASE WHEN k.sub IS NULL THEN NULL
		     WHEN (k.n).kode IS NULL THEN json_build_object('pesan', 'SUB_KEGIATAN_TIDAK_ADA', 'sub', k.sub, 'tahun', p_tahun)::text
		     WHEN (k.n).jenis_pemda <> c.jenis_pemda THEN json_build_object('pesan', 'SUB_KEGIATAN_JENIS_PEMDA', 'sub', k.sub,
			'untuk', (k.n).jenis_pemda, 'pemda', p_pemda, 'jenis', c.jenis_pemda)::text
		     WHEN NOT (k.n).aktif THEN json_build_object('pesan', 'SUB_KEGIATAN_NONAKTIF', 'sub', k.sub)::text
		     WHEN k.sipd AND p_opd IS NOT NULL AND NOT left(k.sub, 4) = ANY (coalesce(c.ob, '{}')) THEN
			json_build_object('pesan', CASE WHEN cardinality(c.ob) > 0 THEN 'SUB_KEGIATAN_BIDANG_LAIN'
				ELSE 'SUB_KEGIATAN_OPD_TANPA_BIDANG' END, 'sub', k.sub, 'kode', (k.n).kode, 'bidang', left(k.sub, 4),
				'opd', p_opd, 'bidang_opd', array_to_string(c.ob, ', '))::text
		END
	FROM k, c ORDER BY k.i
$$;
COMMENT ON FUNCTION pagu_sub_kegiatan_read(text, integer, text, text[]) IS 'Reads sub kegiatan codes as written (canonical or a penunjang one in SIPD form) for an OPD: the canonical code, the bidang of a penunjang one, and why one is refused.';

-- One sub kegiatan read as pagu_sub_kegiatan_read does, refused (422, the field named) when it is not usable.
CREATE OR REPLACE FUNCTION pagu_sub_kegiatan_resolve(p_pemda text, p_tahun integer, p_opd text, p_sub text, p_field text,
				     OUT kode text, OUT bidang text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	m text;
BEGIN
	SELECT x.kode, x.bidang, x.pesan INTO kode, bidang, m FROM pagu_sub_kegiatan_read(p_pemda, p_tahun, p_opd, ARRAY[p_sub]) x;
	IF m IS NOT NULL THEN
		RAISE EXCEPTION 'SUB_KEGIATAN_DITOLAK' USING ERRCODE = 'P9422', DETAIL = p_field,
			HINT = json_build_object('rincian', m)::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_sub_kegiatan_resolve(text, integer, text, text, text) IS 'Reads one sub kegiatan (canonical or SIPD form) for an OPD, refusing one that is unknown, retired, of the other level of government, or a penunjang one under a bidang the OPD does not have.';

-- An OPD's first bidang urusan (in the order of its code) that is a bidang of an urusan, not X.XX.
CREATE OR REPLACE FUNCTION pagu_bidang_pertama(p_bidang text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT b FROM unnest(p_bidang) WITH ORDINALITY AS u(b, i) WHERE b ~ '^[1-9]\.[0-9]{2}$' ORDER BY i LIMIT 1
$$;
COMMENT ON FUNCTION pagu_bidang_pertama(text[]) IS 'The first bidang of an OPD''s list that belongs to an urusan (1.01, not X.XX): the bidang a penunjang line is kept under when none is given.';

-- The bidang a budget line's pocket is kept under: the line's own for a penunjang sub kegiatan, or
-- the OPD's first bidang for a penunjang line written before lines had one; NULL for other lines.
CREATE OR REPLACE FUNCTION pagu_baris_bidang(p_pemda text, p_opd text, p_sub text, p_bidang text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p_sub LIKE 'X.XX.%' THEN coalesce(p_bidang,
		(SELECT pagu_bidang_pertama(o.bidang) FROM opd o WHERE o.pemda_id = p_pemda AND o.kode = p_opd)) END
$$;
COMMENT ON FUNCTION pagu_baris_bidang(text, text, text, text) IS 'The bidang of a budget line''s penunjang sub kegiatan (its own, or its OPD''s first), NULL for other lines.';

-- A sub kegiatan as SIPD names it: a penunjang X.XX code under its bidang (pagu_baris_bidang gives a
-- line's), X.XX.01.2.02.0001 under 1.01 is 1.01.01.2.02.0001; another code as it is; NULL stays NULL.
CREATE OR REPLACE FUNCTION pagu_sub_kegiatan_sipd(p_sub text, p_bidang text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_sub LIKE 'X.XX.%' AND p_bidang ~ '^[0-9]+\.[0-9]+$' THEN p_bidang || substr(p_sub, 5) ELSE p_sub END
$$;
COMMENT ON FUNCTION pagu_sub_kegiatan_sipd(text, text) IS 'A sub kegiatan in SIPD''s form: a penunjang X.XX code under the given bidang; others as they are.';

-- Whether a line's sub kegiatan @p_kode (with the bidang of a penunjang one, NULL when not known)
-- is the one a filter names, canonical or in SIPD form (1.01.01.2.02.0001: X.XX.01.2.02.0001 under
-- bidang 1.01). A filter of a canonical X.XX code matches it under any bidang.
CREATE OR REPLACE FUNCTION pagu_sub_kegiatan_match(p_kode text, p_bidang text, p_filter text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT p_kode = p_filter OR (p_filter ~ '^[1-9]\.[0-9]{2}\.01\.' AND p_kode = 'X.XX' || substr(p_filter, 5)
		AND (p_bidang IS NULL OR p_bidang = left(p_filter, 4)))
$$;
COMMENT ON FUNCTION pagu_sub_kegiatan_match(text, text, text) IS 'Whether a sub kegiatan (and its bidang) is the one a filter names, in canonical or SIPD form.';

CREATE OR REPLACE FUNCTION pagu_sumber_dana_check(p_tahun integer, p_kode text, p_field text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM ref_sumber_dana WHERE ref_version_id = pagu_ref_versi(p_tahun) AND kode = p_kode AND aktif) THEN
		RAISE EXCEPTION 'SUMBER_DANA_TIDAK_AKTIF' USING ERRCODE = 'P9422', DETAIL = p_field,
			HINT = json_build_object('kode', p_kode)::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_sumber_dana_check(integer, text, text) IS 'Refuses an unknown or retired sumber dana.';

CREATE OR REPLACE FUNCTION pagu_rkpd_add(p_pemda text, p_id bigint, p_revisi integer, p_opd text, p_sub text, p_indikator text,
				 p_target numeric, p_satuan text, p_pagu numeric, p_lokasi text, p_sumber text, p_token bigint,
				 p_lintang numeric DEFAULT NULL, p_bujur numeric DEFAULT NULL, p_rpjmd text DEFAULT NULL)
RETURNS TABLE (baris integer, revisi integer)
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	b integer;
	sk record;
BEGIN
	d := pagu_dokumen_draft(p_pemda, p_id, p_revisi);
	IF d.jenis <> 'rkpd' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_RKPD' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'jenis', d.jenis)::text;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM opd WHERE pemda_id = p_pemda AND kode = p_opd) THEN
		RAISE EXCEPTION 'OPD_TIDAK_ADA_DI_PEMDA' USING ERRCODE = 'P9422', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd, 'pemda', p_pemda)::text;
	END IF;
	sk := pagu_sub_kegiatan_resolve(p_pemda, d.tahun, p_opd, p_sub, '/sub_kegiatan');
	PERFORM pagu_sumber_dana_check(d.tahun, p_sumber, '/sumber_dana');
	b := d.baris_terakhir + 1;
	INSERT INTO rkpd_item VALUES (p_pemda, p_id, b, p_opd, sk.kode, p_indikator, p_target, p_satuan, p_pagu, p_lokasi, p_sumber,
				      p_lintang, p_bujur, p_rpjmd);
	UPDATE dokumen SET revisi = dokumen.revisi + 1, baris_terakhir = b WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	RETURN QUERY SELECT b, d.revisi + 1;
END
$$;
COMMENT ON FUNCTION pagu_rkpd_add(text, bigint, integer, text, text, text, numeric, text, numeric, text, text, bigint, numeric, numeric, text) IS 'Adds an RKPD item to a draft RKPD after checking its codes.';

-- volume: the product of the koefisien factors [{"nilai":"2","satuan":"orang"},...]. A pendapatan (4) or
-- pembiayaan (6) line may have no sub kegiatan (SIPD keeps them by OPD and akun); a belanja line must.
CREATE OR REPLACE FUNCTION pagu_rka_add(p_pemda text, p_id bigint, p_revisi integer, p_sub text, p_akun text, p_uraian text,
				p_koefisien jsonb, p_harga numeric, p_sumber text, p_token bigint, p_ssh text DEFAULT NULL)
RETURNS TABLE (baris integer, revisi integer, volume numeric, jumlah numeric)
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	b integer;
	v numeric := 1;
	f jsonb;
	a ref_akun;
	si ssh_item;
	sk record;
BEGIN
	d := pagu_dokumen_draft(p_pemda, p_id, p_revisi);
	IF d.jenis = 'dpa' AND d.tahap = 'pergeseran' THEN
		NULL; -- a pergeseran changes its lines; submit checks what it shifts
	ELSIF d.jenis IN ('apbd', 'dpa') THEN
		RAISE EXCEPTION 'BARIS_DARI_SUMBER' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('jenis', d.jenis)::text;
	ELSIF d.jenis <> 'rka' THEN
		RAISE EXCEPTION 'DOKUMEN_TANPA_BARIS' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'jenis', d.jenis)::text;
	END IF;
	sk := pagu_sub_kegiatan_resolve(p_pemda, d.tahun, d.opd_kode, p_sub, '/sub_kegiatan');
	PERFORM pagu_sumber_dana_check(d.tahun, p_sumber, '/sumber_dana');
	SELECT * INTO a FROM ref_akun r WHERE r.ref_version_id = pagu_ref_versi(d.tahun) AND r.kode = p_akun
		ORDER BY r.aktif DESC LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'AKUN_TIDAK_ADA' USING ERRCODE = 'P9422', DETAIL = '/akun',
			HINT = json_build_object('akun', p_akun)::text;
	ELSIF NOT a.aktif THEN
		RAISE EXCEPTION 'AKUN_TIDAK_AKTIF' USING ERRCODE = 'P9422', DETAIL = '/akun',
			HINT = json_build_object('akun', p_akun, 'nama', a.nama)::text;
	ELSIF a.level <> 6 THEN
		RAISE EXCEPTION 'AKUN_BUKAN_SUB_RINCIAN' USING ERRCODE = 'P9422', DETAIL = '/akun',
			HINT = json_build_object('akun', p_akun, 'level', a.level)::text;
	ELSIF left(p_akun, 1) NOT IN ('4', '5', '6') THEN
		RAISE EXCEPTION 'AKUN_BUKAN_APBD' USING ERRCODE = 'P9422', DETAIL = '/akun',
			HINT = json_build_object('akun', p_akun)::text;
	ELSIF p_sub IS NULL AND left(p_akun, 1) = '5' THEN
		RAISE EXCEPTION 'BELANJA_TANPA_SUB_KEGIATAN' USING ERRCODE = 'P9422', DETAIL = '/sub_kegiatan',
			HINT = json_build_object('akun', p_akun)::text;
	END IF;
	IF p_ssh IS NOT NULL THEN
		SELECT * INTO si FROM ssh_item x WHERE x.pemda_id = p_pemda AND x.tahun = d.tahun AND x.kode = p_ssh
			ORDER BY x.versi DESC LIMIT 1;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'SSH_TIDAK_ADA' USING ERRCODE = 'P9422', DETAIL = '/ssh_kode',
				HINT = json_build_object('ssh', p_ssh, 'tahun', d.tahun)::text;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM unnest(si.akun) pre WHERE p_akun = pre OR p_akun LIKE pre || '.%') THEN
			RAISE EXCEPTION 'SSH_AKUN_SALAH' USING ERRCODE = 'P9422', DETAIL = '/ssh_kode',
				HINT = json_build_object('ssh', p_ssh, 'akun_boleh', array_to_string(si.akun, ', '), 'akun', p_akun)::text;
		END IF;
	END IF;
	FOR f IN SELECT jsonb_array_elements(p_koefisien) LOOP
		v := v * (f ->> 'nilai')::numeric;
	END LOOP;
	b := d.baris_terakhir + 1;
	INSERT INTO rka_baris VALUES (p_pemda, p_id, b, d.opd_kode, sk.kode, p_akun, p_uraian, p_koefisien, v, p_harga,
				      round(v * p_harga, 2), p_sumber, NULL, NULL, p_ssh, si.versi, sk.bidang);
	UPDATE dokumen SET revisi = dokumen.revisi + 1, baris_terakhir = b WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	RETURN QUERY SELECT b, d.revisi + 1, v, round(v * p_harga, 2);
END
$$;
COMMENT ON FUNCTION pagu_rka_add(text, bigint, integer, text, text, text, jsonb, numeric, text, bigint, text) IS 'Adds a budget line to a draft RKA, APBD or DPA: codes checked, volume = product of the koefisien, jumlah = volume x harga satuan rounded to the sen.';

-- Removing a line: never one of an APBD or DPA, and never an RKA line an APBD holds.
CREATE OR REPLACE FUNCTION pagu_baris_delete(p_pemda text, p_id bigint, p_revisi integer, p_baris integer, p_token bigint)
RETURNS TABLE (revisi integer)
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	n integer;
	a bigint;
BEGIN
	d := pagu_dokumen_draft(p_pemda, p_id, p_revisi);
	IF d.jenis = 'apbd' THEN
		RAISE EXCEPTION 'BARIS_APBD_TETAP' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id)::text;
	ELSIF d.jenis = 'dpa' AND d.tahap <> 'pergeseran' THEN
		RAISE EXCEPTION 'BARIS_DPA_TETAP' USING ERRCODE = 'P9409', DETAIL = 'id';
	END IF;
	SELECT b.dokumen_id INTO a FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.asal_dokumen_id = p_id AND b.asal_baris = p_baris
		ORDER BY b.dokumen_id DESC LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'BARIS_JADI_SUMBER' USING ERRCODE = 'P9409', DETAIL = 'baris',
			HINT = json_build_object('baris', p_baris, 'jenis', upper(d.jenis), 'id', p_id, 'versi', a)::text;
	END IF;
	DELETE FROM rkpd_item WHERE pemda_id = p_pemda AND dokumen_id = p_id AND rkpd_item.baris = p_baris;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		DELETE FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = p_id AND rka_baris.baris = p_baris;
		GET DIAGNOSTICS n = ROW_COUNT;
	END IF;
	IF n = 0 THEN
		DELETE FROM plafon WHERE pemda_id = p_pemda AND dokumen_id = p_id AND plafon.baris = p_baris;
		GET DIAGNOSTICS n = ROW_COUNT;
	END IF;
	IF n = 0 THEN
		RAISE EXCEPTION 'BARIS_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = 'baris',
			HINT = json_build_object('id', p_id, 'baris', p_baris)::text;
	END IF;
	UPDATE dokumen SET revisi = dokumen.revisi + 1 WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	RETURN QUERY SELECT d.revisi + 1;
END
$$;
COMMENT ON FUNCTION pagu_baris_delete(text, bigint, integer, integer, bigint) IS 'Removes a line from a draft RKPD, KUA-PPAS or RKA; never a line of an APBD or DPA, nor an RKA line an APBD holds.';

CREATE OR REPLACE FUNCTION pagu_plafon_add(p_pemda text, p_id bigint, p_revisi integer, p_jenis text, p_opd text, p_sub text,
				   p_jumlah numeric, p_token bigint)
RETURNS TABLE (baris integer, revisi integer)
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	b integer;
	sub text := p_sub;
BEGIN
	d := pagu_dokumen_draft(p_pemda, p_id, p_revisi);
	IF d.jenis <> 'kua_ppas' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_KUA_PPAS' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'jenis', d.jenis)::text;
	END IF;
	IF p_opd IS NOT NULL AND NOT EXISTS (SELECT 1 FROM opd WHERE pemda_id = p_pemda AND kode = p_opd) THEN
		RAISE EXCEPTION 'OPD_TIDAK_ADA_DI_PEMDA' USING ERRCODE = 'P9422', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd, 'pemda', p_pemda)::text;
	END IF;
	IF p_sub IS NOT NULL THEN
		sub := (pagu_sub_kegiatan_resolve(p_pemda, d.tahun, p_opd, p_sub, '/sub_kegiatan')).kode;
	END IF;
	IF EXISTS (SELECT 1 FROM plafon p WHERE p.pemda_id = p_pemda AND p.dokumen_id = p_id AND p.jenis = p_jenis
		   AND coalesce(p.opd_kode, '') = coalesce(p_opd, '') AND coalesce(p.sub_kegiatan, '') = coalesce(sub, '')) THEN
		RAISE EXCEPTION 'PLAFON_SUDAH_ADA' USING ERRCODE = 'P9409', DETAIL = '/jenis',
			HINT = json_build_object('jenis', p_jenis, 'untuk', coalesce(sub, p_opd, p_pemda))::text;
	END IF;
	b := d.baris_terakhir + 1;
	INSERT INTO plafon VALUES (p_pemda, p_id, b, p_jenis, p_opd, sub, p_jumlah);
	UPDATE dokumen SET revisi = dokumen.revisi + 1, baris_terakhir = b WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	RETURN QUERY SELECT b, d.revisi + 1;
END
$$;
COMMENT ON FUNCTION pagu_plafon_add(text, bigint, integer, text, text, text, numeric, bigint) IS 'Adds a ceiling or estimate line to a draft KUA-PPAS.';

-- An amount as a refusal shows it to people: Rp1.234.567,89.
CREATE OR REPLACE FUNCTION pagu_rupiah(p numeric) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT 'Rp' || translate(to_char(p, 'FM999,999,999,999,999,999,990.00'), ',.', '.,')
$$;
COMMENT ON FUNCTION pagu_rupiah(numeric) IS 'An amount in the Indonesian form of a message: Rp1.234.567,89.';

-- Every way the belanja of an RKA or an APBD version is over the newest locked KUA-PPAS of its year:
-- each OPD sub kegiatan without a plafon (plafon NULL) or above it, and after an OPD's sub kegiatan
-- the OPD itself when its total is above its own plafon. None for another kind of document, or
-- before a KUA-PPAS of the year is locked.
CREATE OR REPLACE FUNCTION pagu_lebih_plafon(p_pemda text, p_id bigint)
RETURNS TABLE (jenis text, opd_kode text, sub_kegiatan text, nama text, plafon numeric, belanja numeric, selisih numeric)
LANGUAGE sql STABLE AS $$
	WITH d AS (SELECT x.tahun FROM dokumen x WHERE x.pemda_id = p_pemda AND x.dokumen_id = p_id AND x.jenis IN ('rka', 'apbd')),
	k AS (SELECT x.dokumen_id FROM dokumen x, d WHERE x.pemda_id = p_pemda AND x.tahun = d.tahun AND x.jenis = 'kua_ppas'
	      AND x.status = 'locked' ORDER BY x.versi DESC LIMIT 1),
	b AS (SELECT l.opd_kode, l.sub_kegiatan, sum(l.jumlah) AS belanja FROM rka_baris l
	      WHERE l.pemda_id = p_pemda AND l.dokumen_id = p_id AND l.akun LIKE '5.%' GROUP BY 1, 2),
	s AS (SELECT 'sub_kegiatan'::text AS jenis, b.opd_kode, b.sub_kegiatan, pagu_nomenklatur_nama(d.tahun, b.sub_kegiatan) AS nama,
		     p.jumlah AS plafon, b.belanja, b.belanja - coalesce(p.jumlah, 0) AS selisih
	      FROM b CROSS JOIN d CROSS JOIN k
	      LEFT JOIN plafon p ON p.pemda_id = p_pemda AND p.dokumen_id = k.dokumen_id AND p.jenis = 'sub_kegiatan'
		AND p.opd_kode = b.opd_kode AND p.sub_kegiatan = b.sub_kegiatan
	      WHERE p.jumlah IS NULL OR b.belanja > p.jumlah),
	o AS (SELECT 'opd'::text AS jenis, t.opd_kode, NULL::text AS sub_kegiatan,
		     (SELECT n.nama FROM opd n WHERE n.pemda_id = p_pemda AND n.kode = t.opd_kode) AS nama,
		     p.jumlah AS plafon, t.belanja, t.belanja - p.jumlah AS selisih
	      FROM (SELECT b.opd_kode, sum(b.belanja) AS belanja FROM b GROUP BY 1) t CROSS JOIN k
	      JOIN plafon p ON p.pemda_id = p_pemda AND p.dokumen_id = k.dokumen_id AND p.jenis = 'opd' AND p.opd_kode = t.opd_kode
	      WHERE t.belanja > p.jumlah)
	SELECT u.* FROM (SELECT * FROM s UNION ALL SELECT * FROM o) u
	ORDER BY u.opd_kode, u.jenis = 'opd', u.sub_kegiatan
$$;
COMMENT ON FUNCTION pagu_lebih_plafon(text, bigint) IS 'Each OPD sub kegiatan of an RKA or APBD version without a plafon or over it, and each OPD over its own plafon, in the newest locked KUA-PPAS of the year.';

-- The refusal of pagu_lebih_plafon's items in words, every one named up to 20 sub kegiatan ("dan N
-- sub kegiatan lainnya" beyond), each OPD over its plafon always; NULL when there is none.
CREATE OR REPLACE FUNCTION pagu_lebih_plafon_teks(p_pemda text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	WITH l AS (SELECT x.*, (row_number() OVER (PARTITION BY x.jenis = 'opd' ORDER BY x.opd_kode, x.sub_kegiatan)) AS n,
			  count(*) FILTER (WHERE x.jenis = 'sub_kegiatan') OVER () AS nsub
		   FROM pagu_lebih_plafon(p_pemda, p_id) x)
	SELECT string_agg(CASE WHEN l.jenis = 'opd' THEN 'OPD ' || l.opd_kode || coalesce(' (' || l.nama || ')', '')
				   ELSE 'sub kegiatan ' || l.sub_kegiatan || coalesce(' (' || l.nama || ')', '') END
			      || CASE WHEN l.plafon IS NULL THEN ': belanja ' || pagu_rupiah(l.belanja) || ' tanpa plafon'
				      ELSE ': belanja ' || pagu_rupiah(l.belanja) || ', plafon ' || pagu_rupiah(l.plafon)
					   || ', lebih ' || pagu_rupiah(l.selisih) END,
			      '; ' ORDER BY l.opd_kode, l.jenis = 'opd', l.sub_kegiatan)
		   FILTER (WHERE l.jenis = 'opd' OR l.n <= 20)
		|| CASE WHEN max(l.nsub) > 20 THEN '; dan ' || (max(l.nsub) - 20) || ' sub kegiatan lainnya' ELSE '' END
	FROM l HAVING count(*) > 0
$$;
COMMENT ON FUNCTION pagu_lebih_plafon_teks(text, bigint) IS 'pagu_lebih_plafon''s items as the refusal LEBIH_PLAFON names them (Indonesian), NULL when none.';

-- An RKA may be submitted only within the locked KUA-PPAS of its year: its belanja per
-- sub kegiatan within that sub kegiatan's plafon, and in all within the OPD's plafon. The
-- refusal names every sub kegiatan over (or without a plafon) and the OPD's total, not the first.
CREATE OR REPLACE FUNCTION pagu_rka_check_plafon(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d dokumen;
	teks text;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	IF NOT EXISTS (SELECT 1 FROM dokumen WHERE pemda_id = p_pemda AND tahun = d.tahun AND jenis = 'kua_ppas'
		       AND status = 'locked') THEN
		RAISE EXCEPTION 'KUA_PPAS_BELUM_TERKUNCI' USING ERRCODE = 'P9422', DETAIL = 'kua_ppas',
			HINT = json_build_object('tahun', d.tahun)::text;
	END IF;
	teks := pagu_lebih_plafon_teks(p_pemda, p_id);
	IF teks IS NOT NULL THEN
		RAISE EXCEPTION 'LEBIH_PLAFON' USING ERRCODE = 'P9422', DETAIL = 'plafon',
			HINT = json_build_object('rincian', teks)::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_rka_check_plafon(text, bigint) IS 'Refuses an RKA whose belanja exceeds its plafon per sub kegiatan or per OPD in the latest locked KUA-PPAS of the year, or that budgets a sub kegiatan without a plafon, naming every one.';

-- Submission checks by kind of document; called by pagu_dokumen_transisi.
CREATE OR REPLACE FUNCTION pagu_dokumen_check_submit(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	j text;
BEGIN
	SELECT jenis INTO j FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	IF NOT EXISTS (SELECT 1 FROM rkpd_item WHERE pemda_id = p_pemda AND dokumen_id = p_id)
	   AND NOT EXISTS (SELECT 1 FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = p_id)
	   AND NOT EXISTS (SELECT 1 FROM plafon WHERE pemda_id = p_pemda AND dokumen_id = p_id) THEN
		RAISE EXCEPTION 'DOKUMEN_KOSONG' USING ERRCODE = 'P9422', DETAIL = 'baris',
			HINT = json_build_object('id', p_id)::text;
	END IF;
	IF j = 'rka' THEN
		PERFORM pagu_rka_check_plafon(p_pemda, p_id);
	ELSIF j = 'dpa' AND (SELECT tahap FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id) = 'pergeseran' THEN
		PERFORM pagu_pergeseran_check(p_pemda, p_id);
		PERFORM pagu_dpa_check_kas(p_pemda, p_id);
	ELSIF j = 'dpa' THEN
		PERFORM pagu_dpa_check_apbd(p_pemda, p_id);
		PERFORM pagu_dpa_check_kas(p_pemda, p_id);
	END IF;
	PERFORM pagu_kantong_check_cukup(p_pemda, p_id);
END
$$;
COMMENT ON FUNCTION pagu_dokumen_check_submit(text, bigint) IS 'The built-in integrity checks of a submission: lines present; an RKA within its plafon; a DPA equal to the APBD.';

-- The sources of an APBD of a year: for each OPD, its latest RKA version that is verified or
-- locked. A newer version still in draft or submitted does not take its OPD out of the APBD.
CREATE OR REPLACE FUNCTION pagu_apbd_sumber(p_pemda text, p_tahun integer) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (x.opd_kode) x.dokumen_id FROM dokumen x
	WHERE x.pemda_id = p_pemda AND x.tahun = p_tahun AND x.jenis = 'rka' AND x.status IN ('verified', 'locked')
	ORDER BY x.opd_kode, x.versi DESC
$$;
COMMENT ON FUNCTION pagu_apbd_sumber(text, integer) IS 'The RKA versions an APBD of the year is made of: for each OPD, its latest version that is verified or locked.';

-- Assembles a draft APBD from the latest verified (or locked) RKA of every OPD: when it has
-- lines already, they are replaced in the same transaction (assembling again). A line that is
-- still the same (the OPD, the line number in its RKA and the content) keeps its number, so a
-- diff with an earlier version shows what changed; every other line gets a new number.
CREATE OR REPLACE FUNCTION pagu_apbd_assemble(p_pemda text, p_id bigint, p_revisi integer, p_token bigint)
RETURNS TABLE (baris integer, revisi integer, rka integer)
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	n integer;
	k integer;
	sebelum text;
	o_baris integer[];
	o_kunci text[];
	akhir integer;
BEGIN
	d := pagu_dokumen_draft(p_pemda, p_id, p_revisi);
	IF d.jenis <> 'apbd' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_APBD_JENIS' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'jenis', d.jenis)::text;
	END IF;
	SELECT count(*) INTO k FROM pagu_apbd_sumber_dokumen(p_pemda, p_id);
	IF k = 0 THEN
		RAISE EXCEPTION 'RKA_BELUM_TERVERIFIKASI' USING ERRCODE = 'P9422', DETAIL = 'rka',
			HINT = json_build_object('tahun', d.tahun)::text;
	END IF;
	sebelum := pagu_dokumen_isi_hash(p_pemda, p_id);
	WITH x AS (DELETE FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_id
		   RETURNING b.baris, b.asal_baris || chr(30) || pagu_baris_isi(b.opd_kode, b.sub_kegiatan, b.akun, b.uraian,
			b.koefisien, b.volume, b.harga_satuan, b.jumlah, b.sumber_dana, b.ssh_kode, b.ssh_versi, b.bidang) AS kunci)
	SELECT coalesce(array_agg(x.baris ORDER BY x.baris), '{}'), coalesce(array_agg(x.kunci ORDER BY x.baris), '{}')
	INTO o_baris, o_kunci FROM x;
	INSERT INTO rka_baris
	SELECT r.pemda_id, p_id,
		coalesce(o.baris, d.baris_terakhir + (row_number() OVER (PARTITION BY o.baris IS NULL ORDER BY r.opd_kode, r.baris))::integer),
		r.opd_kode, r.sub_kegiatan, r.akun, r.uraian, r.koefisien, r.volume, r.harga_satuan, r.jumlah, r.sumber_dana,
		r.dokumen_id, r.baris, r.ssh_kode, r.ssh_versi, r.bidang
	FROM rka_baris r JOIN pagu_apbd_sumber_dokumen(p_pemda, p_id) s ON s = r.dokumen_id
	LEFT JOIN (SELECT min(u.baris) AS baris, u.kunci FROM unnest(o_baris, o_kunci) AS u(baris, kunci) GROUP BY u.kunci) o
		ON o.kunci = r.baris || chr(30) || pagu_baris_isi(r.opd_kode, r.sub_kegiatan, r.akun, r.uraian, r.koefisien, r.volume,
			r.harga_satuan, r.jumlah, r.sumber_dana, r.ssh_kode, r.ssh_versi, r.bidang)
	WHERE r.pemda_id = p_pemda;
	GET DIAGNOSTICS n = ROW_COUNT;
	SELECT greatest(d.baris_terakhir, max(b.baris)) INTO akhir FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_id;
	UPDATE dokumen SET revisi = dokumen.revisi + 1, baris_terakhir = akhir WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	PERFORM pagu_dokumen_event(p_pemda, p_id, 'edit', 'draft', 'draft', p_token,
		format('susun: %s line(s) from %s RKA version(s)%s', n, k,
		       CASE WHEN cardinality(o_baris) > 0 THEN format(', replacing %s', cardinality(o_baris)) ELSE '' END),
		sebelum, pagu_dokumen_isi_hash(p_pemda, p_id));
	RETURN QUERY SELECT n, d.revisi + 1, k;
END
$$;
COMMENT ON FUNCTION pagu_apbd_assemble(text, bigint, integer, bigint) IS 'Assembles a draft APBD, or assembles it again, from the latest verified (or locked) RKA version of every OPD of the year, in one transaction: each line points at its source, an unchanged line keeps its number, numbers are never reused.';

-- DPA of one OPD: its lines of the latest locked APBD, as a new version of its DPA.
CREATE OR REPLACE FUNCTION pagu_dpa_create(p_pemda text, p_apbd bigint, p_opd text, p_token bigint)
RETURNS SETOF dokumen
LANGUAGE plpgsql AS $$
DECLARE
	a dokumen;
	prev dokumen;
	d dokumen;
BEGIN
	SELECT * INTO a FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_apbd;
	IF NOT FOUND OR a.jenis <> 'apbd' THEN
		RAISE EXCEPTION 'DOKUMEN_BUKAN_APBD' USING ERRCODE = 'P9404', DETAIL = 'id',
			HINT = json_build_object('id', p_apbd)::text;
	END IF;
	IF a.status <> 'locked' OR EXISTS (SELECT 1 FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = a.tahun
		AND x.jenis = 'apbd' AND x.status = 'locked' AND x.versi > a.versi) THEN
		RAISE EXCEPTION 'APBD_TIDAK_BERLAKU' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_apbd)::text;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM rka_baris r WHERE r.pemda_id = p_pemda AND r.dokumen_id = p_apbd AND r.opd_kode = p_opd) THEN
		RAISE EXCEPTION 'APBD_TANPA_BARIS_OPD' USING ERRCODE = 'P9422', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd)::text;
	END IF;
	SELECT * INTO prev FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = a.tahun AND x.jenis = 'dpa'
		AND x.opd_kode = p_opd ORDER BY x.versi DESC LIMIT 1 FOR UPDATE;
	IF FOUND AND prev.status <> 'locked' THEN
		RAISE EXCEPTION 'DPA_MASIH_PROSES' USING ERRCODE = 'P9409', DETAIL = '/opd_kode',
			HINT = json_build_object('id', prev.dokumen_id, 'opd', p_opd, 'status', prev.status)::text;
	END IF;
	-- a pergeseran made after this APBD lives on in the APBD Perubahan, never undone by a DPA from it
	IF EXISTS (SELECT 1 FROM dokumen x WHERE x.pemda_id = p_pemda AND x.tahun = a.tahun AND x.jenis = 'dpa'
		   AND x.opd_kode = p_opd AND x.tahap = 'pergeseran' AND x.dokumen_id > p_apbd) THEN
		RAISE EXCEPTION 'OPD_SUDAH_PERGESERAN' USING ERRCODE = 'P9409', DETAIL = '/opd_kode',
			HINT = json_build_object('opd', p_opd, 'apbd', p_apbd)::text;
	END IF;
	INSERT INTO dokumen (pemda_id, tahun, jenis, opd_kode, versi, asal_id, tahap)
	VALUES (p_pemda, a.tahun, 'dpa', p_opd, coalesce(prev.versi, 0) + 1, prev.dokumen_id,
		CASE a.tahap WHEN 'perubahan' THEN 'perubahan' ELSE 'murni' END) RETURNING * INTO d;
	INSERT INTO rka_baris
	SELECT r.pemda_id, d.dokumen_id, row_number() OVER (ORDER BY r.baris), r.opd_kode, r.sub_kegiatan, r.akun, r.uraian,
		r.koefisien, r.volume, r.harga_satuan, r.jumlah, r.sumber_dana, r.dokumen_id, r.baris, r.ssh_kode, r.ssh_versi,
		r.bidang
	FROM rka_baris r WHERE r.pemda_id = p_pemda AND r.dokumen_id = p_apbd AND r.opd_kode = p_opd;
	UPDATE dokumen SET baris_terakhir = (SELECT count(*) FROM rka_baris r WHERE r.pemda_id = p_pemda AND r.dokumen_id = d.dokumen_id)
	WHERE pemda_id = p_pemda AND dokumen_id = d.dokumen_id RETURNING * INTO d;
	PERFORM pagu_dokumen_event(p_pemda, d.dokumen_id, 'create', NULL, 'draft', p_token, NULL, a.hash,
				   pagu_dokumen_isi_hash(p_pemda, d.dokumen_id));
	RETURN NEXT d;
END
$$;
COMMENT ON FUNCTION pagu_dpa_create(text, bigint, text, bigint) IS 'Creates the next DPA version of an OPD from its lines in the latest locked APBD.';

-- DPA = APBD: every line of the DPA is its APBD line unchanged, and every APBD line of the OPD is there.
CREATE OR REPLACE FUNCTION pagu_dpa_check_apbd(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d dokumen;
	a bigint;
	beda integer;
BEGIN
	SELECT * INTO d FROM dokumen WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	SELECT min(asal_dokumen_id) INTO a FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	SELECT count(*) INTO beda FROM (
		(SELECT asal_dokumen_id, asal_baris, opd_kode, sub_kegiatan, bidang, akun, volume, harga_satuan, jumlah
		 FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = p_id
		 EXCEPT ALL
		 SELECT dokumen_id, baris, opd_kode, sub_kegiatan, bidang, akun, volume, harga_satuan, jumlah
		 FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = a AND opd_kode = d.opd_kode)
		UNION ALL
		(SELECT dokumen_id, baris, opd_kode, sub_kegiatan, bidang, akun, volume, harga_satuan, jumlah
		 FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = a AND opd_kode = d.opd_kode
		 EXCEPT ALL
		 SELECT asal_dokumen_id, asal_baris, opd_kode, sub_kegiatan, bidang, akun, volume, harga_satuan, jumlah
		 FROM rka_baris WHERE pemda_id = p_pemda AND dokumen_id = p_id)) x;
	IF a IS NULL OR beda > 0 THEN
		RAISE EXCEPTION 'DPA_BEDA_APBD' USING ERRCODE = 'P9422', DETAIL = 'apbd',
			HINT = json_build_object('id', p_id, 'beda', coalesce(beda, 0))::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_dpa_check_apbd(text, bigint) IS 'Refuses a DPA whose lines are not exactly its OPD''s lines of the APBD it came from.';

-- Anggaran kas of one DPA line: twelve amounts, or NULL to spread the line evenly (whole
-- sen per month, the remainder in December).
CREATE OR REPLACE FUNCTION pagu_kas_set(p_pemda text, p_id bigint, p_revisi integer, p_baris integer, p_bulan numeric[],
			      p_token bigint)
RETURNS TABLE (revisi integer, total numeric)
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	j numeric;
	s numeric;
	per numeric;
BEGIN
	d := pagu_dokumen_draft(p_pemda, p_id, p_revisi);
	IF d.jenis <> 'dpa' THEN
		RAISE EXCEPTION 'KAS_BUKAN_DPA' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'jenis', d.jenis)::text;
	END IF;
	SELECT r.jumlah INTO j FROM rka_baris r WHERE r.pemda_id = p_pemda AND r.dokumen_id = p_id AND r.baris = p_baris;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'DPA_BARIS_TIDAK_ADA' USING ERRCODE = 'P9404', DETAIL = '/baris',
			HINT = json_build_object('id', p_id, 'baris', p_baris)::text;
	END IF;
	DELETE FROM anggaran_kas k WHERE k.pemda_id = p_pemda AND k.dokumen_id = p_id AND k.baris = p_baris;
	IF p_bulan IS NULL THEN
		per := trunc(j / 12, 2);
		INSERT INTO anggaran_kas SELECT p_pemda, p_id, p_baris, m, CASE WHEN m = 12 THEN j - per * 11 ELSE per END
			FROM generate_series(1, 12) m;
	ELSE
		IF cardinality(p_bulan) <> 12 THEN
			RAISE EXCEPTION 'KAS_BULAN_12' USING ERRCODE = 'P9422', DETAIL = '/bulan',
				HINT = json_build_object('n', cardinality(p_bulan))::text;
		END IF;
		SELECT sum(x) INTO s FROM unnest(p_bulan) x;
		IF s <> j THEN
			RAISE EXCEPTION 'KAS_JUMLAH_BEDA' USING ERRCODE = 'P9422', DETAIL = '/bulan',
				HINT = json_build_object('jumlah_bulan', s, 'baris', p_baris, 'jumlah', j)::text;
		END IF;
		INSERT INTO anggaran_kas SELECT p_pemda, p_id, p_baris, m::smallint, p_bulan[m] FROM generate_series(1, 12) m;
	END IF;
	UPDATE dokumen SET revisi = dokumen.revisi + 1 WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	RETURN QUERY SELECT d.revisi + 1, j;
END
$$;
COMMENT ON FUNCTION pagu_kas_set(text, bigint, integer, integer, numeric[], bigint) IS 'Sets the anggaran kas of a draft DPA line: twelve months that must sum to the line, or an even spread.';

CREATE OR REPLACE FUNCTION pagu_dpa_check_kas(p_pemda text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	b integer;
BEGIN
	SELECT r.baris INTO b FROM rka_baris r
	WHERE r.pemda_id = p_pemda AND r.dokumen_id = p_id
	  AND r.jumlah IS DISTINCT FROM (SELECT sum(k.jumlah) FROM anggaran_kas k
		WHERE k.pemda_id = r.pemda_id AND k.dokumen_id = r.dokumen_id AND k.baris = r.baris)
	ORDER BY r.baris LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'KAS_BARIS_KURANG' USING ERRCODE = 'P9422', DETAIL = 'anggaran_kas',
			HINT = json_build_object('baris', b, 'id', p_id)::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_dpa_check_kas(text, bigint) IS 'Refuses a DPA with a line whose monthly cash plan is missing or does not sum to it.';

-- Every line of a version in one shape, for comparing versions: the line's canonical text
-- (as hashed) tells whether it changed; jumlah is its money (pagu indikatif, jumlah, plafon).
CREATE OR REPLACE FUNCTION pagu_dokumen_baris(p_pemda text, p_id bigint)
RETURNS TABLE (baris integer, opd_kode text, sub_kegiatan text, akun text, uraian text, isi text, jumlah numeric)
LANGUAGE sql STABLE AS $$
	SELECT i.baris, i.opd_kode, i.sub_kegiatan, NULL, i.indikator,
		concat_ws(chr(31), i.opd_kode, i.sub_kegiatan, i.indikator, trim_scale(i.target)::text, i.satuan,
			  i.pagu_indikatif::text, i.lokasi, i.sumber_dana), i.pagu_indikatif
	FROM rkpd_item i WHERE i.pemda_id = p_pemda AND i.dokumen_id = p_id
	UNION ALL
	SELECT b.baris, b.opd_kode, b.sub_kegiatan, b.akun, b.uraian,
		concat_ws(chr(31), b.opd_kode, coalesce(b.sub_kegiatan, ''), b.akun, b.uraian, b.koefisien::text,
			  b.harga_satuan::text, b.jumlah::text, b.sumber_dana,
			  coalesce((SELECT string_agg(k.jumlah::text, ',' ORDER BY k.bulan) FROM anggaran_kas k
			   WHERE k.pemda_id = b.pemda_id AND k.dokumen_id = b.dokumen_id AND k.baris = b.baris), ''),
			  coalesce(b.bidang, '')), b.jumlah
	FROM rka_baris b WHERE b.pemda_id = p_pemda AND b.dokumen_id = p_id
	UNION ALL
	SELECT p.baris, p.opd_kode, p.sub_kegiatan, NULL, p.jenis,
		concat_ws(chr(31), p.jenis, p.opd_kode, p.sub_kegiatan, p.jumlah::text), p.jumlah
	FROM plafon p WHERE p.pemda_id = p_pemda AND p.dokumen_id = p_id
$$;
COMMENT ON FUNCTION pagu_dokumen_baris(text, bigint) IS 'The lines of any version in one shape, for diffs.';

-- SIPD-style import into a draft RKA: every row is checked at once (so every bad row can be
-- reported), then all rows are added in one statement, or none.
CREATE OR REPLACE FUNCTION pagu_rka_import_check(p_pemda text, p_id bigint, p_sub text[], p_akun text[], p_sumber text[])
RETURNS TABLE (i integer, field text, pesan text)
LANGUAGE sql STABLE AS $$
	WITH d AS (SELECT x.tahun, x.opd_kode, pagu_ref_versi(x.tahun) AS v, p.jenis AS jenis_pemda
		   FROM dokumen x JOIN pemda p ON p.pemda_id = x.pemda_id
		   WHERE x.pemda_id = p_pemda AND x.dokumen_id = p_id),
	rows AS (SELECT u.i::integer AS i, u.sub, u.akun, u.sumber
		 FROM unnest(p_sub, p_akun, p_sumber) WITH ORDINALITY AS u(sub, akun, sumber, i)),
	akun AS (SELECT r.i, (SELECT a FROM ref_akun a, d WHERE a.ref_version_id = d.v AND a.kode = r.akun
			ORDER BY a.aktif DESC LIMIT 1) AS a
		 FROM rows r)
	SELECT s.i, '/sub_kegiatan', s.pesan
	FROM d, pagu_sub_kegiatan_read(p_pemda, d.tahun, d.opd_kode, p_sub) s WHERE s.pesan IS NOT NULL
	UNION ALL
	SELECT r.i, '/sub_kegiatan', json_build_object('pesan', 'IMPOR_BELANJA_TANPA_SUB', 'akun', r.akun)::text
	FROM rows r WHERE r.sub IS NULL AND left(r.akun, 1) = '5'
	UNION ALL
	SELECT r.i, '/akun', json_build_object('pesan', CASE
			WHEN (k.a).kode IS NULL THEN 'IMPOR_AKUN_TIDAK_ADA'
			WHEN NOT (k.a).aktif THEN 'IMPOR_AKUN_NONAKTIF'
			ELSE 'IMPOR_AKUN_BUKAN_TINGKAT6' END, 'akun', r.akun)::text
	FROM rows r JOIN akun k USING (i)
	WHERE (k.a).kode IS NULL OR NOT (k.a).aktif OR (k.a).level <> 6 OR left(r.akun, 1) NOT IN ('4', '5', '6')
	UNION ALL
	SELECT r.i, '/sumber_dana', json_build_object('pesan', 'IMPOR_SUMBER_DANA_NONAKTIF', 'sumber', r.sumber)::text
	FROM rows r, d WHERE NOT EXISTS (SELECT 1 FROM ref_sumber_dana sd WHERE sd.ref_version_id = d.v
		AND sd.kode = r.sumber AND sd.aktif)
	ORDER BY 1, 2
$$;
COMMENT ON FUNCTION pagu_rka_import_check(text, bigint, text[], text[], text[]) IS 'Every reference problem of the rows of an import, by row (each a catalogue item, pesan.h {x:daftar}).';

CREATE OR REPLACE FUNCTION pagu_rka_import(p_pemda text, p_id bigint, p_revisi integer, p_sub text[], p_akun text[], p_uraian text[],
			       p_nilai text[], p_satuan text[], p_harga numeric[], p_sumber text[], p_token bigint)
RETURNS TABLE (baris integer, revisi integer, total numeric)
LANGUAGE plpgsql AS $$
DECLARE
	d dokumen;
	n integer;
	t numeric;
BEGIN
	d := pagu_dokumen_draft(p_pemda, p_id, p_revisi);
	IF d.jenis <> 'rka' THEN
		RAISE EXCEPTION 'IMPOR_BUKAN_RKA' USING ERRCODE = 'P9409', DETAIL = 'id',
			HINT = json_build_object('id', p_id, 'jenis', d.jenis)::text;
	END IF;
	IF EXISTS (SELECT 1 FROM pagu_rka_import_check(p_pemda, p_id, p_sub, p_akun, p_sumber)) THEN
		RAISE EXCEPTION 'IMPOR_KODE_SALAH' USING ERRCODE = 'P9422', DETAIL = 'csv';
	END IF;
	INSERT INTO rka_baris
	SELECT p_pemda, p_id, d.baris_terakhir + u.i, d.opd_kode, s.kode, u.akun, u.uraian,
		jsonb_build_array(jsonb_build_object('nilai', u.nilai, 'satuan', u.satuan)), u.nilai::numeric, u.harga,
		round(u.nilai::numeric * u.harga, 2), u.sumber, NULL, NULL, NULL, NULL, s.bidang
	FROM unnest(p_sub, p_akun, p_uraian, p_nilai, p_satuan, p_harga, p_sumber) WITH ORDINALITY
		AS u(sub, akun, uraian, nilai, satuan, harga, sumber, i)
	JOIN pagu_sub_kegiatan_read(p_pemda, d.tahun, d.opd_kode, p_sub) s ON s.i = u.i;
	GET DIAGNOSTICS n = ROW_COUNT;
	SELECT sum(round(x.nilai::numeric * x.harga, 2)) INTO t FROM unnest(p_nilai, p_harga) AS x(nilai, harga);
	UPDATE dokumen SET revisi = dokumen.revisi + 1, baris_terakhir = dokumen.baris_terakhir + n
	WHERE pemda_id = p_pemda AND dokumen_id = p_id;
	RETURN QUERY SELECT n, d.revisi + 1, coalesce(t, 0);
END
$$;
COMMENT ON FUNCTION pagu_rka_import(text, bigint, integer, text[], text[], text[], text[], text[], numeric[], text[], bigint) IS 'Adds all rows of a checked import to a draft RKA in one statement, or none.';

CREATE OR REPLACE FUNCTION pagu_ssh_add(p_pemda text, p_tahun integer, p_kode text, p_uraian text, p_satuan text, p_harga numeric,
				p_akun text[], p_token bigint)
RETURNS SETOF ssh_item
LANGUAGE plpgsql AS $$
DECLARE
	x ssh_item;
	bad text;
BEGIN
	SELECT pre INTO bad FROM unnest(p_akun) pre WHERE NOT EXISTS (SELECT 1 FROM ref_akun r
		WHERE r.ref_version_id = pagu_ref_versi(p_tahun) AND r.kode = pre AND r.aktif) LIMIT 1;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'AKUN_BUKAN_REKENING_AKTIF' USING ERRCODE = 'P9422', DETAIL = '/akun',
			HINT = json_build_object('akun', bad)::text;
	END IF;
	PERFORM pg_advisory_xact_lock(hashtextextended(p_pemda || chr(31) || p_tahun || chr(31) || p_kode, 7243003));
	INSERT INTO ssh_item (pemda_id, tahun, kode, versi, uraian, satuan, harga, akun, token_id)
	SELECT p_pemda, p_tahun, p_kode, coalesce(max(s.versi), 0) + 1, p_uraian, p_satuan, p_harga, p_akun, p_token
	FROM ssh_item s WHERE s.pemda_id = p_pemda AND s.tahun = p_tahun AND s.kode = p_kode
	RETURNING * INTO x;
	RETURN NEXT x;
END
$$;
COMMENT ON FUNCTION pagu_ssh_add(text, integer, text, text, text, numeric, text[], bigint) IS 'Records an SSH item, or a new version of it, for a year.';

CREATE OR REPLACE FUNCTION pagu_ssh_import(p_pemda text, p_tahun integer, p_kode text[], p_uraian text[], p_satuan text[],
			      p_harga numeric[], p_akun text[], p_token bigint)
RETURNS TABLE (n integer)
LANGUAGE plpgsql AS $$
DECLARE
	i integer;
BEGIN
	FOR i IN 1 .. coalesce(cardinality(p_kode), 0) LOOP
		PERFORM pagu_ssh_add(p_pemda, p_tahun, p_kode[i], p_uraian[i], p_satuan[i], p_harga[i],
					string_to_array(p_akun[i], ';'), p_token);
	END LOOP;
	RETURN QUERY SELECT coalesce(cardinality(p_kode), 0);
END
$$;
COMMENT ON FUNCTION pagu_ssh_import(text, integer, text[], text[], text[], numeric[], text[], bigint) IS 'Records many SSH items at once (all or none); akun prefixes of a row separated by semicolons.';

CREATE OR REPLACE TRIGGER rkpd_item_hanya_draft BEFORE INSERT OR UPDATE OR DELETE ON rkpd_item
	FOR EACH ROW EXECUTE FUNCTION pagu_baris_guard_draft();

CREATE OR REPLACE TRIGGER rka_baris_hanya_draft BEFORE INSERT OR UPDATE OR DELETE ON rka_baris
	FOR EACH ROW EXECUTE FUNCTION pagu_baris_guard_draft();

CREATE OR REPLACE TRIGGER anggaran_kas_hanya_draft BEFORE INSERT OR UPDATE OR DELETE ON anggaran_kas
	FOR EACH ROW EXECUTE FUNCTION pagu_baris_guard_draft();

CREATE OR REPLACE TRIGGER plafon_hanya_draft BEFORE INSERT OR UPDATE OR DELETE ON plafon
	FOR EACH ROW EXECUTE FUNCTION pagu_baris_guard_draft();

CREATE OR REPLACE TRIGGER dokumen_jaga BEFORE UPDATE OR DELETE ON dokumen
	FOR EACH ROW EXECUTE FUNCTION pagu_dokumen_guard();

-- the append-only tables of this area
CALL pagu_append_only('ssh_item', 'append_only');
CALL pagu_append_only('rkpd_item', 'no_truncate');
CALL pagu_append_only('rka_baris', 'no_truncate');
CALL pagu_append_only('anggaran_kas', 'no_truncate');
CALL pagu_append_only('plafon', 'no_truncate');
CALL pagu_append_only('dokumen', 'no_truncate');
CALL pagu_append_only('dokumen_event', 'append_only');
