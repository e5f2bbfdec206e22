-- The demo's 2026 years, generated deterministically from the real code lists by pagu_demo_apbd
-- (migrations/procedures/demo.sql) through the procedures the API uses. Loaded after pemda.sql by
-- `pagu demo` and `pagu serve`; nothing happens for a year that has documents already.
--
-- Figures follow the real postures (data in README, "Reference data"): Kota Padang's APBD of about
-- Rp2,7 T with a deficit of 2% of pendapatan covered by SiLPA, executed to 30 September 2026 with
-- quarters I-III closed and an evaluation; the province's APBD 2026 (pendapatan about Rp1,98 T)
-- the same way; Kabupaten Bangka Tengah and Kota Pangkalpinang locked through their DPAs.
-- The arguments: pemda, year, belanja aimed at (rupiah), deficit as a share of pendapatan (within
-- the 2.50% of PMK 101/2025 Pasal 4), the date execution runs to (NULL: none), and how many sub
-- kegiatan an OPD budgets relative to the kota's (fewer lines load faster).
SELECT pagu_demo_apbd('13.71', 2026, 2740000000000, 0.02, '2026-09-30');
SELECT pagu_demo_apbd('19', 2026, 2025000000000, 0.024, '2026-09-30', 0.6);
SELECT pagu_demo_apbd('19.04', 2026, 990900000000, 0.024, NULL, 0.35);
SELECT pagu_demo_apbd('19.71', 2026, 1050000000000, 0.02, NULL, 0.35);
