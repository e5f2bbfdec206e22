/* dokumen_json.h - documents in JSON, their ETags, and what their handlers share. */
#ifndef PAGU_DOKUMEN_JSON_H
#define PAGU_DOKUMEN_JSON_H

#include "api.h"
#include "dokumen.h"

json_t *dokumen_json(const struct dokumen *d);
const char *dokumen_etag(struct api_req *r, int revisi);
/* If-Match "rN" -> N; false when absent or not ours. */
bool dokumen_etag_parse(const char *etag, int *revisi);

/* The {id} path parameter; replies 400 and returns false when it is not a positive integer. */
bool dokumen_id_param(struct api_req *r, int64_t *id);

/* The {baris} path parameter; replies 400 and returns false when it is not a positive integer. */
bool dokumen_baris_param(struct api_req *r, int *baris);

/*
 * May this token remove line @baris of document @id (its akun, when it has one, by the role:
 * see dokumen_akun_check)? false after a reply.
 */
bool dokumen_baris_check(struct api_req *r, int64_t id, int baris);

/*
 * Loads version @id and checks that the token may do @aksi on it (the role table
 * in dokumen.c, and an OPD-scoped token only on its own OPD's document). On
 * refusal replies (404/403) and returns false.
 */
bool dokumen_authorise(struct api_req *r, int64_t id, const char *aksi, struct dokumen *out);

/*
 * Lines of an APBD come from its RKAs (POST …/susun) and those of a DPA from the locked APBD
 * (POST …/dpa): never added, replaced or removed one by one, by any role. false (and a 409
 * reply naming what to do instead) for such a version; the database refuses it as well.
 */
bool dokumen_baris_sendiri(struct api_req *r, const struct dokumen *d);

/*
 * Whether the token may lock pergeseran @d: the role its level needs (Permendagri 77/2020: the
 * PPKD, finance, for rincian objek, sub rincian objek and uraian; the Sekda, sekda, for antar
 * objek). false (and a 403 naming the level) otherwise; a pergeseran no role may approve is left
 * to the lock, which refuses it (422).
 */
bool dokumen_pergeseran_approver(struct api_req *r, const struct dokumen *d);

/* Replies for a refusal from the engine (with its fault) or another failure. */
void dokumen_problem(struct api_req *r, pagu_err e, const struct pagu_fault *f);

/*
 * The end of every document write's work function: on PAGU_OK replies @status with
 * @body and, when @revisi > 0, the document's ETag; a refusal (with @f) becomes its
 * problem; a database failure is returned for the transaction helper to roll back
 * or retry. Takes @body (NULL on failure).
 */
pagu_err dokumen_reply(struct api_req *r, pagu_err e, const struct pagu_fault *f, unsigned status, json_t *body,
		       int revisi);

/*
 * The request's If-Match as a document revision into *@revisi. Absent: 428 when
 * @required, else *@revisi = -1 (not checked). Not one of our ETags: 412. Replies
 * and returns false on refusal.
 */
bool dokumen_if_match(struct api_req *r, bool required, int *revisi);

/*
 * OPD planners budget belanja (5.*), Bapenda pendapatan (4.*), BPKAD anything: false
 * (and a 403 reply) when the token's role may not add or remove a line on @akun.
 */
bool dokumen_akun_check(struct api_req *r, const char *akun);

/*
 * A number written by hand (a koefisien's, an import's volume), the Indonesian way or the other:
 * digits (no leading zero but a lone 0; at most 16), then optionally one decimal separator, a
 * point or a comma, and one to four digits ("2.5", "2,5", "0,125", "1234.567"). Ambiguous, because
 * the separator may be a thousands separator: exactly three digits after a whole part of one to
 * three digits other than 0 ("1.000", "2,500", "12.345"), and more than one separator ("1.000.000",
 * "1,000.5", "1.5,2"). On ANGKA_OK writes the canonical form (a point, no trailing zeros) to @out.
 */
#define DOKUMEN_ANGKA_MAX 24
#define DOKUMEN_ANGKA_HINT "tulis 2,5 atau 2.5; tanpa pemisah ribuan"
enum dokumen_angka { ANGKA_OK, ANGKA_AMBIGUOUS, ANGKA_INVALID };
enum dokumen_angka dokumen_angka_parse(const char *s, size_t len, char out[DOKUMEN_ANGKA_MAX]);

/* A document's totals by kind as JSON {pendapatan, belanja, penerimaan_pembiayaan, pengeluaran_pembiayaan}. */
json_t *dokumen_total_json(const struct dokumen_total *t);

/* json_spec checks. */
pesan_kunci dokumen_check_decimal(const char *s, size_t len);
pesan_kunci dokumen_check_koefisien(const char *s, size_t len);
pesan_kunci dokumen_check_sub_kegiatan(const char *s, size_t len);
pesan_kunci dokumen_check_akun(const char *s, size_t len);
pesan_kunci dokumen_check_sumber_dana(const char *s, size_t len);
/* Canonical decimal text: no leading zeros, no trailing fractional zeros. */
const char *dokumen_decimal_canon(struct api_req *r, const char *s);
/* The 4-digit form of a checked sub kegiatan code. */
const char *dokumen_sub_canon(struct api_req *r, const char *s);

#endif
