-- 0013_ledger_batch.sql: the direct SP2Ds of an atomic batch, posted as one set.
--
-- One call of pagu_ledger_sp2d per operation costs half a millisecond of PL/pgSQL; a batch of a
-- thousand is better done as a handful of statements over all of them. The checks are those of
-- pagu_ledger_sp2d without an SPM. Every amount is positive and every limit an upper bound, so
-- the checks on the sums of the batch hold exactly when each operation's check would hold in
-- turn. When any check fails the function answers NULL and writes nothing: the caller then posts
-- the operations one by one, so that the refusal names the operation and the reason exactly as
-- a single posting would.

-- p_tahun, p_opd, p_nomor, p_tanggal: one element an operation. p_op, p_kantong, p_jumlah: one
-- element a line, p_op the (1-based) operation it belongs to, lines in their order.
-- Returns the answers (as pagu_ledger_jawab) in operation order, or NULL.
CREATE FUNCTION pagu_ledger_sp2d_set(p_pemda text, p_tahun integer[], p_opd text[], p_nomor text[], p_tanggal date[],
				     p_op integer[], p_kantong bigint[], p_jumlah numeric[], p_token bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	n integer := coalesce(cardinality(p_tahun), 0);
	ids bigint[];
	i integer;
BEGIN
	IF n = 0 OR cardinality(p_opd) <> n OR cardinality(p_nomor) <> n OR cardinality(p_tanggal) <> n
	   OR cardinality(p_kantong) <> cardinality(p_op) OR cardinality(p_jumlah) <> cardinality(p_op) THEN
		RETURN NULL;
	END IF;
	-- dates in the year; document numbers given, new, and not repeated within the batch
	IF EXISTS (SELECT 1 FROM unnest(p_tahun, p_tanggal, p_nomor) o(y, d, nomor)
		   WHERE d IS NULL OR extract(year FROM d) <> y OR nomor IS NULL)
	   OR (SELECT count(DISTINCT (y, nomor)) FROM unnest(p_tahun, p_nomor) o(y, nomor)) <> n
	   OR EXISTS (SELECT 1 FROM unnest(p_tahun, p_nomor) o(y, nomor) JOIN entri e ON e.pemda_id = p_pemda
		      AND e.tahun = o.y AND e.jenis = 'sp2d' AND e.nomor = o.nomor) THEN
		RETURN NULL;
	END IF;
	-- every operation has lines, with no pocket twice, each a positive amount
	IF (SELECT count(DISTINCT op) FROM unnest(p_op) op) <> n
	   OR EXISTS (SELECT 1 FROM unnest(p_op) op WHERE op IS NULL OR op < 1 OR op > n)
	   OR (SELECT count(DISTINCT (op, k)) FROM unnest(p_op, p_kantong) l(op, k)) <> cardinality(p_op)
	   OR EXISTS (SELECT 1 FROM unnest(p_jumlah) j WHERE j IS NULL OR j <= 0) THEN
		RETURN NULL;
	END IF;
	-- the OPDs' SPD rows, then the pockets, each in a fixed order (as single postings lock them)
	IF (SELECT count(*) FROM (SELECT 1 FROM opd_saldo s WHERE s.pemda_id = p_pemda
			AND (s.tahun, s.opd_kode) IN (SELECT DISTINCT y, opd FROM unnest(p_tahun, p_opd) o(y, opd))
			ORDER BY s.tahun, s.opd_kode FOR UPDATE) x)
	   <> (SELECT count(DISTINCT (y, opd)) FROM unnest(p_tahun, p_opd) o(y, opd)) THEN
		RETURN NULL;
	END IF;
	PERFORM 1 FROM kantong k WHERE k.pemda_id = p_pemda AND k.kantong_id = ANY (p_kantong)
		ORDER BY k.kantong_id FOR UPDATE;
	-- each line's pocket is a spending pocket of its operation's OPD and year
	IF EXISTS (SELECT 1 FROM unnest(p_op, p_kantong) l(op, kid)
		   LEFT JOIN kantong k ON k.pemda_id = p_pemda AND k.kantong_id = l.kid
		   WHERE k.kantong_id IS NULL OR k.arah <> 'keluar' OR k.opd_kode <> p_opd[l.op] OR k.tahun <> p_tahun[l.op])
	THEN
		RETURN NULL;
	END IF;
	-- each pocket has what the batch asks of it; each OPD's SPD covers what the batch pays
	IF EXISTS (SELECT 1 FROM (SELECT kid, sum(j) AS j FROM unnest(p_kantong, p_jumlah) l(kid, j) GROUP BY kid) a
		   JOIN kantong k ON k.pemda_id = p_pemda AND k.kantong_id = a.kid
		   WHERE a.j > k.alokasi - k.pending - k.realisasi)
	   OR EXISTS (SELECT 1 FROM (SELECT p_tahun[op] AS y, p_opd[op] AS opd, sum(j) AS j
				     FROM unnest(p_op, p_jumlah) l(op, j) GROUP BY 1, 2) a
		      JOIN opd_saldo s ON s.pemda_id = p_pemda AND s.tahun = a.y AND s.opd_kode = a.opd
		      WHERE s.sp2d + a.j > s.spd) THEN
		RETURN NULL;
	END IF;

	ids := array_fill(0::bigint, ARRAY[n]);
	FOR i IN 1 .. n LOOP
		ids[i] := nextval('entri_entri_id_seq');
	END LOOP;
	INSERT INTO entri (pemda_id, entri_id, tahun, jenis, opd_kode, nomor, tanggal, ref_id, jumlah, spd_bulan, alasan,
			   token_id, hash)
	SELECT p_pemda, ids[o.i], o.y, 'sp2d', o.opd, o.nomor, o.d, NULL, l.total, NULL, NULL, p_token,
		encode(sha256(convert_to(pagu_entri_teks(p_pemda, ids[o.i], o.y, 'sp2d', o.opd, o.nomor, o.d, NULL, l.total,
			NULL, NULL, l.teks), 'UTF8')), 'hex')
	FROM unnest(p_tahun, p_opd, p_nomor, p_tanggal) WITH ORDINALITY o(y, opd, nomor, d, i)
	JOIN (SELECT x.op, sum(x.j) AS total,
		     string_agg(pagu_entri_baris_teks(x.urutan, x.kid, x.j, 0, x.j), ';' ORDER BY x.urutan) AS teks
	      FROM (SELECT op, kid, j, (row_number() OVER (PARTITION BY op ORDER BY at))::integer AS urutan
		    FROM unnest(p_op, p_kantong, p_jumlah) WITH ORDINALITY u(op, kid, j, at)) x
	      GROUP BY x.op) l ON l.op = o.i
	ORDER BY o.i;
	INSERT INTO entri_baris (pemda_id, entri_id, urutan, kantong_id, jumlah, d_pending, d_realisasi)
	SELECT p_pemda, ids[op], (row_number() OVER (PARTITION BY op ORDER BY at))::smallint, kid, j, 0, j
	FROM unnest(p_op, p_kantong, p_jumlah) WITH ORDINALITY u(op, kid, j, at);
	UPDATE kantong k SET realisasi = k.realisasi + a.j
	FROM (SELECT kid, sum(j) AS j FROM unnest(p_kantong, p_jumlah) l(kid, j) GROUP BY kid) a
	WHERE k.pemda_id = p_pemda AND k.kantong_id = a.kid;
	UPDATE opd_saldo s SET sp2d = s.sp2d + a.j
	FROM (SELECT p_tahun[op] AS y, p_opd[op] AS opd, sum(j) AS j FROM unnest(p_op, p_jumlah) l(op, j) GROUP BY 1, 2) a
	WHERE s.pemda_id = p_pemda AND s.tahun = a.y AND s.opd_kode = a.opd;
	RETURN (SELECT jsonb_agg(pagu_ledger_jawab(p_pemda, x.id) ORDER BY x.i)
		FROM unnest(ids) WITH ORDINALITY x(id, i));
END
$$;
COMMENT ON FUNCTION pagu_ledger_sp2d_set(text, integer[], text[], text[], date[], integer[], bigint[], numeric[], bigint) IS 'The direct SP2Ds (without SPM) of an atomic batch as one set: the checks of pagu_ledger_sp2d on the batch''s sums, then every entry, line and balance in a few statements. NULL, writing nothing, when a check fails: the caller then posts one by one to name the refusal.';
GRANT EXECUTE ON FUNCTION pagu_ledger_sp2d_set(text, integer[], text[], text[], date[], integer[], bigint[], numeric[], bigint) TO pagu_app;
