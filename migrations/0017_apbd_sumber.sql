-- 0017_apbd_sumber.sql - a locked budget always equals its sources (issue 16, part 3).
--
-- An APBD is its RKAs and a DPA its OPD's part of the APBD, line for line:
--   * their lines are copies of source lines, and a statement adds or removes a source's lines
--     all together (triggers below, for every role: the owner and superusers included); no line of
--     them changes in place, and none is added, changed or removed one by one;
--   * submit, verify and lock of an APBD check it against the latest verified (or locked) RKA
--     of every OPD, line for line, and name the first difference;
--   * POST .../susun on a draft APBD that already has lines assembles it again from the current
--     RKAs in one transaction (a line that is still there keeps its number; numbers are never
--     reused), so refuse -> fix the RKA -> verify -> re-assemble -> lock is a normal loop;
--   * an RKA version whose lines are in an APBD never goes back to draft (its lines are the
--     APBD's sources): it is changed through a new version (lock, derive, verify, re-assemble).
-- Refusals raise P9409 (state) or P9422 (a check), which the engine maps to 409 and 422.
-- Since issue 17 its functions and triggers are defined once, in
-- migrations/procedures/apbd_sumber.sql, migrations/procedures/dokumen.sql.

-- Provenance lookups (who holds this source line) are by (pemda, source version, source line):
-- the foreign key's check on a source line's deletion and the checks below need this index.
CREATE INDEX rka_baris_asal ON rka_baris (pemda_id, asal_dokumen_id, asal_baris) WHERE asal_dokumen_id IS NOT NULL;
