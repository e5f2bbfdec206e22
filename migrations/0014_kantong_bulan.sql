-- 0014_kantong_bulan.sql: each pocket's realisation by month of the entries' dates, kept as the
-- ledger is written, so that the LRA to a date reads at most the entries of that date's month.
--
-- The LRA to a date is the pockets' balances less what the entries dated after it did. To the end
-- of the year that reads nothing but the pockets; to the end of June it read every entry of the
-- second half-year (412 ms over half a million entries, bench/run.sh). With these sums it reads
-- the months after the date's month here, and only the entries dated later in that month: to a
-- month's end (the monthly, semester and annual reports) no entry at all.
-- pagu verify checks every month of every pocket against its entries.

CREATE TABLE kantong_bulan (
	pemda_id      text NOT NULL,
	kantong_id    bigint NOT NULL,
	bulan         smallint NOT NULL CHECK (bulan BETWEEN 1 AND 12),
	realisasi     numeric(20, 2) NOT NULL,
	PRIMARY KEY (pemda_id, kantong_id, bulan),
	FOREIGN KEY (pemda_id, kantong_id) REFERENCES kantong (pemda_id, kantong_id)
);
COMMENT ON TABLE kantong_bulan IS 'The sum of d_realisasi of a pocket''s entry lines by the month of the entries'' dates (written by a trigger on entri_baris; checked by pagu verify).';
COMMENT ON COLUMN kantong_bulan.pemda_id IS 'The pemda.';
COMMENT ON COLUMN kantong_bulan.kantong_id IS 'The pocket.';
COMMENT ON COLUMN kantong_bulan.bulan IS 'Month of the entries'' dates, 1 to 12.';
COMMENT ON COLUMN kantong_bulan.realisasi IS 'The sum of their d_realisasi.';
CREATE TRIGGER kantong_bulan_no_delete BEFORE DELETE ON kantong_bulan FOR EACH ROW EXECUTE FUNCTION pagu_reject_change();
CREATE TRIGGER kantong_bulan_no_truncate BEFORE TRUNCATE ON kantong_bulan FOR EACH STATEMENT EXECUTE FUNCTION pagu_reject_change();
GRANT SELECT, INSERT ON kantong_bulan TO pagu_app;
GRANT UPDATE (realisasi) ON kantong_bulan TO pagu_app;

-- Once a statement, over the lines it inserted (a batch's thousand lines are one upsert).
CREATE FUNCTION pagu_kantong_bulan_isi() RETURNS trigger
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
CREATE TRIGGER entri_baris_bulan AFTER INSERT ON entri_baris REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_kantong_bulan_isi();

-- the ledger so far
INSERT INTO kantong_bulan (pemda_id, kantong_id, bulan, realisasi)
SELECT b.pemda_id, b.kantong_id, extract(month FROM e.tanggal)::smallint, sum(b.d_realisasi)
FROM entri_baris b JOIN entri e ON e.pemda_id = b.pemda_id AND e.entri_id = b.entri_id
WHERE b.d_realisasi <> 0
GROUP BY 1, 2, 3;

CREATE OR REPLACE FUNCTION pagu_lra(p_pemda text, p_tahun integer, p_sampai date, p_opd text)
RETURNS TABLE (level integer, kode text, nama text, anggaran numeric, realisasi numeric)
LANGUAGE sql STABLE AS $$
	WITH k AS (SELECT * FROM kantong WHERE pemda_id = p_pemda AND tahun = p_tahun AND (p_opd IS NULL OR opd_kode = p_opd)),
	-- realised to the date = the pocket's balance less what entries dated after it did: the months
	-- after the date's month from kantong_bulan, the rest of its month from the entries themselves
	-- (none at a month's end; at the end of the year nothing is read but the pockets)
	r AS (SELECT x.kantong_id, sum(x.x) AS x FROM (
		SELECT m.kantong_id, m.realisasi AS x FROM kantong_bulan m
		WHERE m.pemda_id = p_pemda AND m.kantong_id IN (SELECT kantong_id FROM k)
			AND m.bulan > CASE WHEN p_sampai < make_date(p_tahun, 1, 1) THEN 0
				WHEN p_sampai > make_date(p_tahun, 12, 31) THEN 12 ELSE extract(month FROM p_sampai) END
		UNION ALL
		-- (entry by entry through the date index: joined as sets, the planner scanned every line)
		SELECT b.kantong_id, b.d_realisasi FROM entri e
		CROSS JOIN LATERAL (SELECT x.kantong_id, x.d_realisasi FROM entri_baris x
				    WHERE x.pemda_id = e.pemda_id AND x.entri_id = e.entri_id OFFSET 0) b
		WHERE e.pemda_id = p_pemda AND e.tahun = p_tahun AND e.tanggal > p_sampai
			AND e.tanggal < (date_trunc('month', p_sampai) + interval '1 month')::date
			AND (p_opd IS NULL OR e.opd_kode = p_opd)) x
	      GROUP BY x.kantong_id),
	base AS (SELECT k.akun, sum(k.alokasi) AS a, sum(k.realisasi - coalesce(r.x, 0)) AS x
		 FROM k LEFT JOIN r USING (kantong_id) GROUP BY k.akun),
	lv AS (SELECT g.l, array_to_string((string_to_array(base.akun, '.'))[1:g.l], '.') AS kode, base.a, base.x
	       FROM base, generate_series(1, 6) AS g(l))
	SELECT lv.l, lv.kode,
		(SELECT ra.nama FROM ref_akun ra WHERE ra.ref_version_id = pagu_ref_versi(p_tahun) AND ra.kode = lv.kode
		 ORDER BY ra.aktif DESC LIMIT 1),
		sum(lv.a), sum(lv.x)
	FROM lv GROUP BY lv.l, lv.kode ORDER BY lv.kode
$$;
