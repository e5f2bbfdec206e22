-- bench/entries.sql - tops the demo ledger (Kota Padang, 2026) up to :target entries, for the
-- report figure. Run by bench/run.sh as the cluster's superuser: psql -v target=N -f bench/entries.sql
--
-- Each new entry is a direct SP2D of 0.01 on a spending pocket taken in turn, dated through the
-- year, written as pagu_ledger_sp2d writes one: the same canonical text and hash, one line, the
-- pocket's and the OPD's balances raised by what was added, so that pagu verify still holds. It
-- is set-based, one transaction, because five million single postings would take hours; what
-- is measured is reading them, not writing them. (The OPDs have their SPD: bench/run.sh.)

\set ON_ERROR_STOP on
SELECT greatest(0, :target - count(*)) AS need FROM entri WHERE pemda_id = '13.71' \gset
SELECT :need > 0 AS more \gset
\if :more
BEGIN;
CREATE TEMP TABLE bench_saku ON COMMIT DROP AS
	SELECT row_number() OVER (ORDER BY kantong_id) - 1 AS i, kantong_id, opd_kode
	FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND arah = 'keluar';
CREATE TEMP TABLE bench_baru (id bigint, kid bigint, opd text, d date) ON COMMIT DROP;
INSERT INTO bench_baru
	SELECT nextval('entri_entri_id_seq'), s.kantong_id, s.opd_kode, date '2026-01-01' + (g % 365)
	FROM generate_series(0, :need - 1) g
	JOIN bench_saku s ON s.i = g % (SELECT count(*) FROM bench_saku);
INSERT INTO entri (pemda_id, entri_id, tahun, jenis, opd_kode, nomor, tanggal, ref_id, jumlah, spd_bulan, alasan,
		   token_id, hash)
	SELECT '13.71', b.id, 2026, 'sp2d', b.opd, 'BENCH-' || b.id, b.d, NULL, 0.01, NULL, NULL, NULL,
		encode(sha256(convert_to(pagu_entri_teks('13.71', b.id, 2026, 'sp2d', b.opd, 'BENCH-' || b.id, b.d, NULL,
			0.01, NULL, NULL, pagu_entri_baris_teks(1, b.kid, 0.01, 0, 0.01)), 'UTF8')), 'hex')
	FROM bench_baru b;
INSERT INTO entri_baris (pemda_id, entri_id, urutan, kantong_id, jumlah, d_pending, d_realisasi)
	SELECT '13.71', b.id, 1, b.kid, 0.01, 0, 0.01 FROM bench_baru b;
UPDATE kantong k SET realisasi = k.realisasi + a.x
	FROM (SELECT kid, 0.01 * count(*) AS x FROM bench_baru GROUP BY kid) a
	WHERE k.pemda_id = '13.71' AND k.kantong_id = a.kid;
UPDATE opd_saldo s SET sp2d = s.sp2d + a.x
	FROM (SELECT opd, 0.01 * count(*) AS x FROM bench_baru GROUP BY opd) a
	WHERE s.pemda_id = '13.71' AND s.tahun = 2026 AND s.opd_kode = a.opd;
COMMIT;
ANALYZE entri;
ANALYZE entri_baris;
\endif
