-- procedures/waktu.sql - what day it is for pagu (pagu_hari_ini) and the refusals of what cannot have happened yet.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- Today for pagu: the training date the engine set on the session (pagu.hari_ini, from --today or
-- PAGU_TODAY; engine/waktu.h), else the calendar day in WIB. Every comparison with today uses it.
CREATE OR REPLACE FUNCTION pagu_hari_ini() RETURNS date
LANGUAGE sql STABLE AS $$
	SELECT coalesce(nullif(current_setting('pagu.hari_ini', true), '')::date, (now() AT TIME ZONE 'Asia/Jakarta')::date)
$$;
COMMENT ON FUNCTION pagu_hari_ini() IS 'Today for pagu: the session''s training date (setting pagu.hari_ini) when set, else today in WIB (Asia/Jakarta).';

-- How a message names today: "hari ini 2026-12-06 (WIB)", or "(tanggal latihan)" when one is set.
CREATE OR REPLACE FUNCTION pagu_hari_ini_teks() RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT 'hari ini ' || to_char(pagu_hari_ini(), 'YYYY-MM-DD')
		|| CASE WHEN coalesce(current_setting('pagu.hari_ini', true), '') = '' THEN ' (WIB)' ELSE ' (tanggal latihan)' END
$$;
COMMENT ON FUNCTION pagu_hari_ini_teks() IS 'Today as a refusal names it, with where it comes from (WIB, or the training date).';

-- Where today comes from, as a refusal's parameter names it: "WIB", or "tanggal latihan" when a training date is set.
CREATE OR REPLACE FUNCTION pagu_hari_ini_sumber() RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN coalesce(current_setting('pagu.hari_ini', true), '') = '' THEN 'WIB' ELSE 'tanggal latihan' END
$$;
COMMENT ON FUNCTION pagu_hari_ini_sumber() IS 'Where pagu_hari_ini() comes from: WIB, or the training date (tanggal latihan).';

-- Refuses a date after today: a posting records what has happened (SQLSTATE P9423, problem
-- future-date; p_field names the field at fault).
CREATE OR REPLACE FUNCTION pagu_tanggal_check(p_tanggal date, p_field text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF p_tanggal > pagu_hari_ini() THEN
		RAISE EXCEPTION 'TANGGAL_BELUM_TERJADI' USING ERRCODE = 'P9423', DETAIL = p_field,
			HINT = json_build_object('tanggal', p_tanggal, 'hari_ini', pagu_hari_ini(), 'zona', pagu_hari_ini_sumber())::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_tanggal_check(date, text) IS 'Refuses (P9423) a date after pagu_hari_ini(): it cannot have happened yet.';

-- The first day of quarter p_triwulan (1-4) of p_tahun, and the first day after it.
CREATE OR REPLACE FUNCTION pagu_triwulan_mulai(p_tahun integer, p_triwulan smallint) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT make_date(p_tahun, 3 * p_triwulan - 2, 1)
$$;
CREATE OR REPLACE FUNCTION pagu_triwulan_sesudah(p_tahun integer, p_triwulan smallint) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT (make_date(p_tahun, 3 * p_triwulan - 2, 1) + interval '3 months')::date
$$;
COMMENT ON FUNCTION pagu_triwulan_mulai(integer, smallint) IS 'The first day of a quarter.';
COMMENT ON FUNCTION pagu_triwulan_sesudah(integer, smallint) IS 'The day after a quarter''s last day: from it the quarter may be closed.';

-- A quarter is reported from its first day (realisation is entered as it happens; the figures
-- freeze when the quarter is closed) and closed from the day after its last day. Refuses
-- (SQLSTATE P9424, problem quarter-too-early, field /triwulan) a report before the quarter begins
-- (p_aksi 'report') or a close before it has ended (p_aksi 'close').
CREATE OR REPLACE FUNCTION pagu_triwulan_check(p_tahun integer, p_triwulan smallint, p_aksi text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	romawi text := (ARRAY['I', 'II', 'III', 'IV'])[p_triwulan];
	mulai date := pagu_triwulan_mulai(p_tahun, p_triwulan);
	sesudah date := pagu_triwulan_sesudah(p_tahun, p_triwulan);
BEGIN
	IF p_aksi = 'report' AND pagu_hari_ini() < mulai THEN
		RAISE EXCEPTION 'TRIWULAN_BELUM_DIMULAI' USING ERRCODE = 'P9424', DETAIL = '/triwulan',
			HINT = json_build_object('triwulan', romawi, 'tahun', p_tahun, 'mulai', mulai, 'hari_ini', pagu_hari_ini(),
				'zona', pagu_hari_ini_sumber())::text;
	END IF;
	IF p_aksi = 'close' AND pagu_hari_ini() < sesudah THEN
		RAISE EXCEPTION 'TRIWULAN_BELUM_BERAKHIR' USING ERRCODE = 'P9424', DETAIL = '/triwulan',
			HINT = json_build_object('triwulan', romawi, 'tahun', p_tahun, 'mulai', sesudah, 'hari_ini', pagu_hari_ini(),
				'zona', pagu_hari_ini_sumber())::text;
	END IF;
END
$$;
COMMENT ON FUNCTION pagu_triwulan_check(integer, smallint, text) IS 'Refuses (P9424) reporting a quarter before it begins, or closing it before it has ended.';
