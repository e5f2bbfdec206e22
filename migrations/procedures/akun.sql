-- procedures/akun.sql - people (issue 19): creating a pengguna with its backing token row, the
-- brute-force wait, and the triggers of the account tables.
-- Each function here is defined once, in its live form (README, "Migrations").

-- The attempts log is a record: no row is changed or removed, by any role.
CALL pagu_append_only('masuk_gagal', 'append_only');
-- Sessions end, they are not removed; recovery codes are replaced by enrolment only.
CALL pagu_append_only('sesi', 'no_delete');

-- A pengguna and its backing api_token row (hash NULL: never a bearer), in one statement.
CREATE OR REPLACE FUNCTION pagu_pengguna_create(p_pemda text, p_nip text, p_username text, p_nama text,
	p_jabatan text, p_peran text[], p_opd text, p_kode_hash bytea, p_kode_jam integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	v_id bigint := nextval(pg_get_serial_sequence('pengguna', 'pengguna_id'));
	v_token bigint;
BEGIN
	INSERT INTO api_token (pemda_id, nama, peran, opd_kode, hash, pengguna_id)
	VALUES (p_pemda, p_nama, p_peran[1], p_opd, NULL, v_id)
	RETURNING token_id INTO v_token;
	INSERT INTO pengguna (pemda_id, pengguna_id, nip, username, nama, jabatan, peran, opd_kode,
		kode_sekali_hash, kode_sekali_berakhir, token_id)
	VALUES (p_pemda, v_id, p_nip, p_username, p_nama, coalesce(p_jabatan, ''), p_peran, p_opd,
		p_kode_hash, now() + make_interval(hours => p_kode_jam), v_token);
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION pagu_pengguna_create(text, text, text, text, text, text[], text, bytea, integer) IS
	'Creates a pengguna with a one-time code (its SHA-256, valid p_kode_jam hours) and the api_token row that names them in the audit trail.';

-- Seconds a sign-in as p_nip from p_alamat must wait (0: none). Per account: from the 5th failure
-- within 15 minutes (since its last success) each further attempt waits 2^(n-5) minutes after the
-- last failure, at most 30. Per address: 20 failures within 15 minutes wait 15 minutes after the
-- last; a success does not reset the address's count.
CREATE OR REPLACE FUNCTION pagu_masuk_tunggu(p_nip text, p_alamat text) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
DECLARE
	v_since timestamptz;
	v_n integer;
	v_last timestamptz;
	v_w1 numeric := 0;
	v_w2 numeric := 0;
BEGIN
	SELECT max(waktu) INTO v_since FROM masuk_gagal WHERE nip = p_nip AND berhasil;
	SELECT count(*), max(waktu) INTO v_n, v_last FROM masuk_gagal
	WHERE nip = p_nip AND NOT berhasil AND waktu > now() - interval '15 minutes'
		AND (v_since IS NULL OR waktu > v_since);
	IF v_n >= 5 THEN
		v_w1 := extract(epoch FROM v_last + least(30, power(2, least(v_n - 5, 6))) * interval '1 minute' - now());
	END IF;
	SELECT count(*), max(waktu) INTO v_n, v_last FROM masuk_gagal
	WHERE alamat = p_alamat AND NOT berhasil AND waktu > now() - interval '15 minutes';
	IF v_n >= 20 THEN
		v_w2 := extract(epoch FROM v_last + interval '15 minutes' - now());
	END IF;
	RETURN greatest(ceil(v_w1), ceil(v_w2), 0)::integer;
END
$$;
COMMENT ON FUNCTION pagu_masuk_tunggu(text, text) IS
	'Seconds a sign-in attempt for a NIP from an address must wait under the brute-force limits (0: none).';

-- A disabled pengguna's sessions end at once, whichever statement disabled them.
CREATE OR REPLACE FUNCTION pagu_pengguna_nonaktif() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status = 'nonaktif' AND OLD.status IS DISTINCT FROM 'nonaktif' THEN
		UPDATE sesi SET berakhir = now(), alasan_berakhir = 'nonaktif'
		WHERE pengguna_id = NEW.pengguna_id AND berakhir IS NULL;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION pagu_pengguna_nonaktif() IS 'Ends every live session of a pengguna being disabled.';
CREATE OR REPLACE TRIGGER pengguna_nonaktif AFTER UPDATE OF status ON pengguna
	FOR EACH ROW EXECUTE FUNCTION pagu_pengguna_nonaktif();

-- An ended session stays ended: its secret cannot be brought back to life.
CREATE OR REPLACE FUNCTION pagu_sesi_tetap_berakhir() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.berakhir IS NOT NULL THEN
		RAISE EXCEPTION 'session % has ended and cannot change', OLD.sesi_id USING ERRCODE = 'P0001';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION pagu_sesi_tetap_berakhir() IS 'Refuses any change to a session that has ended.';
CREATE OR REPLACE TRIGGER sesi_tetap_berakhir BEFORE UPDATE ON sesi
	FOR EACH ROW EXECUTE FUNCTION pagu_sesi_tetap_berakhir();
