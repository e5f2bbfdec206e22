-- The budget years the test suites build on (`pagu serve --demo=uji`, tests/harness.c): Kota
-- Padang 2026 locked through its DPAs with nothing executed (12 OPD, 15 sub kegiatan each, about
-- 3,000 lines of goods and capital accounts), the province's 2026 up to an assembled draft APBD.
-- A fixture, not the demo: the tests post, report and close quarters on a year nobody has yet.
SELECT pagu_demo_tahun('13.71', 2026, 3000, 12, true);
SELECT pagu_demo_tahun('19', 2026, 1500, 10, false);
