-- 0015_audit.sql: the audit trail. Every state-changing request of the API is recorded, in the same
-- transaction as its change, in idempotency_key (append-only): by whom (token) and when, with its
-- answer. Here it also records what was asked (method and path), and a number to page by, so that
-- an inspector can read every change of a pemda in order (GET /v1/pemda/{pemda}/audit).

ALTER TABLE idempotency_key
	ADD COLUMN audit_id bigint GENERATED ALWAYS AS IDENTITY,
	ADD COLUMN metode text CHECK (metode IN ('POST', 'PUT', 'PATCH', 'DELETE')),
	ADD COLUMN jalur text CHECK (length(jalur) BETWEEN 1 AND 2000);
CREATE UNIQUE INDEX idempotency_key_audit ON idempotency_key (pemda_id, audit_id);
COMMENT ON COLUMN idempotency_key.audit_id IS 'Order of the change in the audit trail.';
COMMENT ON COLUMN idempotency_key.metode IS 'HTTP method of the request (NULL for records from before 0015).';
COMMENT ON COLUMN idempotency_key.jalur IS 'Path of the request; for an operation of a batch, the batch''s path and #/operasi/<index> (NULL before 0015).';
