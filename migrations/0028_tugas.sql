-- 0028_tugas.sql - issue 19, part C (the work queue): the indexes its queries go by. What waits on
-- a role (GET …/tugas) is read from the documents by state, and from the signed evaluations of a
-- year; a document's history (GET …/dokumen/{id}/riwayat) needs nothing new: dokumen_event already
-- records who, when, the states and the reason, and rules_evaluasi names the event it belongs to.
CREATE INDEX dokumen_status ON dokumen (pemda_id, tahun, jenis, status);
CREATE INDEX pemeriksaan_tahun ON pemeriksaan (pemda_id, tahun, status, opd_kode);
