-- 0020_batas_jumlah.sql - what pagu can carry: no document version may total more than
-- 9999999999999999.99 rupiah (MONEY_MAX_SEN sen, engine/money.h), checked in the
-- transaction that writes its lines; the ledger's running balances have the same bound.
--
-- NUMERIC(20,2) holds a hundred times that amount, and a SUM any amount, while the engine
-- carries money as int64 sen: a line at the API's upper limit fits its column, two of them
-- did not fit the engine, and reading the document back stopped the server. Since every
-- amount and every document total now fits MONEY_MAX_SEN, any sum the engine makes of one
-- document's lines fits too. A whole province's APBD is about 10^13 to 10^14 rupiah: the
-- bound is a hundred times that and more.
--
-- The checks are statement-level triggers over the rows a statement wrote (one sum per
-- document touched, so an import or an APBD assembly of 100k lines costs one sum, not
-- one per line). Every line write of the procedures first locks the document row
-- (pagu_dokumen_draft ... FOR UPDATE), so the sum sees every committed line of the
-- document: two concurrent writers cannot both slip under the bound.
-- Since issue 17 its functions and triggers are defined once, in migrations/procedures/batas.sql.

-- The ledger's running balances: receipts may pass a receiving pocket's target, so its
-- realisation is bounded only here. A posting past the bound is refused (the engine maps
-- these constraints, by their "_batas" suffix, to 400 amount-overflow).
ALTER TABLE kantong ADD CONSTRAINT kantong_realisasi_batas
	CHECK (realisasi BETWEEN -9999999999999999.99 AND 9999999999999999.99) NOT VALID;
ALTER TABLE kantong ADD CONSTRAINT kantong_pending_batas CHECK (pending <= 9999999999999999.99) NOT VALID;
ALTER TABLE opd_saldo ADD CONSTRAINT opd_saldo_spd_batas CHECK (spd <= 9999999999999999.99) NOT VALID;
