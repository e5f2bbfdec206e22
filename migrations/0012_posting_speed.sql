-- 0012_posting_speed.sql: the same answers from a posting, for less of PostgreSQL's time.
--
-- Measured with pg_stat_statements under ./run bench's load (see the note of issue 8): a posting
-- spent most of its time planning SQL-language functions again on every call. PostgreSQL 15 keeps
-- no plan for a SQL function called from PL/pgSQL, and inlines one only when its body is a bare
-- expression (or, for a set-returning one, a single SELECT) no more volatile than it is declared:
--   * pagu_uang and the two canonical-text formatters call to_char and concat_ws, which are STABLE,
--     so declaring them IMMUTABLE kept them from being inlined (27 calls of to_char a posting, each
--     a query of its own). Declared STABLE they are inlined; the text, and so every hash, is the same.
--   * the answer of a posting and a pocket's JSON have subqueries, so they are never inlined: as
--     PL/pgSQL their plans are cached per session.
--   * the facts of a posting's rules summed each pocket's anggaran kas with a subquery over
--     unnest(); the pocket now keeps its running sums (kas_kumulatif), and the function is one
--     SELECT again, which PostgreSQL inlines into the caller's statement.

ALTER FUNCTION pagu_uang(numeric) STABLE;
ALTER FUNCTION pagu_entri_baris_teks(integer, bigint, numeric, numeric, numeric) STABLE;
ALTER FUNCTION pagu_entri_teks(text, bigint, integer, text, text, text, date, bigint, numeric, smallint, text, text) STABLE;

CREATE OR REPLACE FUNCTION pagu_kantong_json(k kantong) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN jsonb_build_object('kantong_id', k.kantong_id, 'tahun', k.tahun, 'opd_kode', k.opd_kode,
		'sub_kegiatan', k.sub_kegiatan, 'akun', k.akun, 'arah', k.arah, 'dpa_id', k.dpa_id,
		'alokasi', pagu_uang(k.alokasi), 'pending', pagu_uang(k.pending), 'realisasi', pagu_uang(k.realisasi),
		'tersedia', CASE WHEN k.arah = 'keluar' THEN pagu_uang(k.alokasi - k.pending - k.realisasi) END,
		'kas', (SELECT jsonb_agg(pagu_uang(x) ORDER BY n) FROM unnest(k.kas) WITH ORDINALITY AS u(x, n)));
END
$$;

CREATE OR REPLACE FUNCTION pagu_ledger_jawab(p_pemda text, p_id bigint) RETURNS jsonb
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

-- A pocket's anggaran kas to the end of each month, kept with the pocket (a subquery over unnest()
-- summing it cost half a millisecond a posting for an OPD's 245 pockets, and the same sum as an
-- expression still a fifth of one).
ALTER TABLE kantong ADD COLUMN kas_kumulatif numeric(20, 2)[] GENERATED ALWAYS AS (ARRAY[
	kas[1],
	kas[1]+kas[2],
	kas[1]+kas[2]+kas[3],
	kas[1]+kas[2]+kas[3]+kas[4],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9]+kas[10],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9]+kas[10]+kas[11],
	kas[1]+kas[2]+kas[3]+kas[4]+kas[5]+kas[6]+kas[7]+kas[8]+kas[9]+kas[10]+kas[11]+kas[12]
]) STORED;
COMMENT ON COLUMN kantong.kas_kumulatif IS 'The anggaran kas from January to the end of each month (kas_kumulatif[m] = kas[1] + ... + kas[m]).';

CREATE OR REPLACE FUNCTION pagu_rules_fakta_entri(p_pemda text, p_entri bigint)
RETURNS TABLE (jenis smallint, akun text, sub_kegiatan text, sumber_dana text, opd_kode text, jumlah numeric,
	       baris integer, harga_satuan numeric, ssh_harga numeric)
LANGUAGE sql STABLE AS $$
	-- (inlined into the caller's statement; the evaluator sorts the lines it groups, so their
	-- order here does not matter)
	SELECT 3::smallint, k.akun, k.sub_kegiatan, NULL::text, k.opd_kode,
		k.kas_kumulatif[extract(month FROM e.tanggal)::integer], NULL::integer, NULL::numeric, NULL::numeric
	FROM entri e JOIN kantong k ON k.pemda_id = e.pemda_id AND k.tahun = e.tahun AND k.opd_kode = e.opd_kode
		AND k.arah = CASE e.jenis WHEN 'sts' THEN 'masuk' ELSE 'keluar' END
	WHERE e.pemda_id = p_pemda AND e.entri_id = p_entri
	UNION ALL
	SELECT CASE k.arah WHEN 'keluar' THEN 4 ELSE 5 END::smallint, k.akun, k.sub_kegiatan, NULL::text, k.opd_kode,
		k.realisasi, NULL::integer, NULL::numeric, NULL::numeric
	FROM entri e JOIN kantong k ON k.pemda_id = e.pemda_id AND k.tahun = e.tahun AND k.opd_kode = e.opd_kode
		AND k.arah = CASE e.jenis WHEN 'sts' THEN 'masuk' ELSE 'keluar' END
	WHERE e.pemda_id = p_pemda AND e.entri_id = p_entri
$$;
