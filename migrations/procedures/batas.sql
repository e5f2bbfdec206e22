-- procedures/batas.sql - the bounds of amounts in documents and pockets.
-- Each function here is defined once, in its live form; the migration runner re-applies this file
-- when its content changes (README, "Migrations"). Change a function here, never in a numbered migration.

CREATE OR REPLACE FUNCTION pagu_batas_jumlah() RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 9999999999999999.99::numeric $$;
COMMENT ON FUNCTION pagu_batas_jumlah() IS 'The largest amount pagu carries, in rupiah: MONEY_MAX_SEN sen (engine/money.h). No document version may total more, and no ledger balance may exceed it.';

-- Raises P9400 (amount out of range) for the first document of @docs whose lines total
-- more than pagu_batas_jumlah(). @field is named when the statement wrote one line (a
-- POST of one line); a statement of many lines (an import, an assembly, a derivation)
-- names no field: its caller does.
CREATE OR REPLACE FUNCTION pagu_batas_dokumen(p_pemda text[], p_dok bigint[], p_total numeric[], p_field text, p_rows bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1 .. coalesce(cardinality(p_dok), 0) LOOP
		IF p_total[i] > pagu_batas_jumlah() THEN
			RAISE EXCEPTION 'DOKUMEN_LEBIH_BATAS' USING ERRCODE = 'P9400', DETAIL = CASE WHEN p_rows = 1 THEN p_field ELSE '' END,
				HINT = json_build_object('id', p_dok[i], 'total', p_total[i], 'batas', pagu_batas_jumlah())::text;
		END IF;
	END LOOP;
END
$$;
COMMENT ON FUNCTION pagu_batas_dokumen(text[], bigint[], numeric[], text, bigint) IS 'Refuses (P9400) a write that takes a document version''s total beyond pagu_batas_jumlah().';

CREATE OR REPLACE FUNCTION pagu_rka_baris_batas() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	p text[];
	d bigint[];
	t numeric[];
BEGIN
	SELECT array_agg(x.pemda_id), array_agg(x.dokumen_id),
	       array_agg((SELECT sum(b.jumlah) FROM rka_baris b WHERE b.pemda_id = x.pemda_id AND b.dokumen_id = x.dokumen_id))
	  INTO p, d, t FROM (SELECT DISTINCT pemda_id, dokumen_id FROM baru) x;
	PERFORM pagu_batas_dokumen(p, d, t, '/harga_satuan', (SELECT count(*) FROM baru));
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION pagu_rka_baris_batas() IS 'Trigger function: the lines of an RKA, APBD or DPA version total at most pagu_batas_jumlah().';

CREATE OR REPLACE FUNCTION pagu_rkpd_item_batas() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	p text[];
	d bigint[];
	t numeric[];
BEGIN
	SELECT array_agg(x.pemda_id), array_agg(x.dokumen_id),
	       array_agg((SELECT sum(i.pagu_indikatif) FROM rkpd_item i WHERE i.pemda_id = x.pemda_id AND i.dokumen_id = x.dokumen_id))
	  INTO p, d, t FROM (SELECT DISTINCT pemda_id, dokumen_id FROM baru) x;
	PERFORM pagu_batas_dokumen(p, d, t, '/pagu_indikatif', (SELECT count(*) FROM baru));
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION pagu_rkpd_item_batas() IS 'Trigger function: the pagu indikatif of an RKPD version total at most pagu_batas_jumlah().';

CREATE OR REPLACE FUNCTION pagu_plafon_batas() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	p text[];
	d bigint[];
	t numeric[];
BEGIN
	SELECT array_agg(x.pemda_id), array_agg(x.dokumen_id),
	       array_agg((SELECT sum(l.jumlah) FROM plafon l WHERE l.pemda_id = x.pemda_id AND l.dokumen_id = x.dokumen_id))
	  INTO p, d, t FROM (SELECT DISTINCT pemda_id, dokumen_id FROM baru) x;
	PERFORM pagu_batas_dokumen(p, d, t, '/jumlah', (SELECT count(*) FROM baru));
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION pagu_plafon_batas() IS 'Trigger function: the lines of a KUA-PPAS version (ceilings and estimates together) total at most pagu_batas_jumlah().';

CREATE OR REPLACE TRIGGER rka_baris_batas_insert AFTER INSERT ON rka_baris REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_rka_baris_batas();

CREATE OR REPLACE TRIGGER rka_baris_batas_update AFTER UPDATE ON rka_baris REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_rka_baris_batas();

CREATE OR REPLACE TRIGGER rkpd_item_batas_insert AFTER INSERT ON rkpd_item REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_rkpd_item_batas();

CREATE OR REPLACE TRIGGER rkpd_item_batas_update AFTER UPDATE ON rkpd_item REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_rkpd_item_batas();

CREATE OR REPLACE TRIGGER plafon_batas_insert AFTER INSERT ON plafon REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_plafon_batas();

CREATE OR REPLACE TRIGGER plafon_batas_update AFTER UPDATE ON plafon REFERENCING NEW TABLE AS baru
	FOR EACH STATEMENT EXECUTE FUNCTION pagu_plafon_batas();
