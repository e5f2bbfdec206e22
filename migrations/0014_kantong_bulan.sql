-- 0014_kantong_bulan.sql: each pocket's realisation by month of the entries' dates, kept as the
-- ledger is written, so that the LRA to a date reads at most the entries of that date's month.
--
-- The LRA to a date is the pockets' balances less what the entries dated after it did. To the end
-- of the year that reads nothing but the pockets; to the end of June it read every entry of the
-- second half-year (412 ms over half a million entries, bench/run.sh). With these sums it reads
-- the months after the date's month here, and only the entries dated later in that month: to a
-- month's end (the monthly, semester and annual reports) no entry at all.
-- pagu verify checks every month of every pocket against its entries.
-- Since issue 17 its functions and triggers are defined once, in
-- migrations/procedures/laporan.sql, migrations/procedures/ledger.sql.

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
GRANT SELECT, INSERT ON kantong_bulan TO pagu_app;
GRANT UPDATE (realisasi) ON kantong_bulan TO pagu_app;

-- the ledger so far
INSERT INTO kantong_bulan (pemda_id, kantong_id, bulan, realisasi)
SELECT b.pemda_id, b.kantong_id, extract(month FROM e.tanggal)::smallint, sum(b.d_realisasi)
FROM entri_baris b JOIN entri e ON e.pemda_id = b.pemda_id AND e.entri_id = b.entri_id
WHERE b.d_realisasi <> 0
GROUP BY 1, 2, 3;
