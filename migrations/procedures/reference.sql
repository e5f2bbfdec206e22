-- procedures/reference.sql - the national code lists (ref_*): their append-only triggers.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

-- the append-only tables of this area
CALL pagu_append_only('ref_version', 'append_only');
CALL pagu_append_only('ref_akun', 'append_only');
CALL pagu_append_only('ref_nomenklatur', 'append_only');
CALL pagu_append_only('ref_sumber_dana', 'append_only');
