-- 0005_demo.sql: a deterministic generator of a pemda's budget year from the real code
-- lists, for the demo data and for benchmarks. It writes through the same procedures
-- as the API (checks, events, locks); only the generator's choices are synthetic.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/demo.sql.

