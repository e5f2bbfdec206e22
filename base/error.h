/* error.h - the one registry of pagu error codes, their HTTP status and problem type. */
#ifndef PAGU_ERROR_H
#define PAGU_ERROR_H

#include <stdbool.h>

/*
 * X(code, http_status, problem_slug, judul, title)
 *
 * judul is the title in Bahasa Indonesia (the default), title the English one (Accept-Language: en).
 *
 * The slug is the stable part of the problem type URI (urn:pagu:problem:<slug>);
 * clients match on it, so never rename one. Engine code returns these codes and
 * never speaks HTTP; the API layer maps them with pagu_err_status() and friends.
 */
#define PAGU_ERRORS(X)                                                                                                 \
	X(PAGU_OK, 200, "ok", "OK", "OK")                                                                              \
	X(PAGU_E_INVALID, 400, "invalid-input", "Isian tidak valid", "Invalid input")                                  \
	X(PAGU_E_MISSING_KEY, 400, "idempotency-key-required", "Kunci permintaan (Idempotency-Key) wajib",             \
	  "Idempotency-Key required")                                                                                  \
	X(PAGU_E_BAD_JSON, 400, "malformed-json", "Isian JSON rusak", "Malformed JSON")                                \
	X(PAGU_E_BAD_CODE, 400, "invalid-code", "Kode tidak valid", "Invalid code")                                    \
	X(PAGU_E_BAD_MONEY, 400, "invalid-amount", "Jumlah uang tidak valid", "Invalid amount")                        \
	X(PAGU_E_OVERFLOW, 400, "amount-overflow", "Jumlah uang di luar batas", "Amount out of range")                 \
	X(PAGU_E_UNAUTHENTICATED, 401, "unauthenticated", "Perlu masuk", "Authentication required")                    \
	X(PAGU_E_FORBIDDEN, 403, "forbidden", "Tidak diizinkan", "Forbidden")                                          \
	X(PAGU_E_NOT_FOUND, 404, "not-found", "Tidak ditemukan", "Not found")                                          \
	X(PAGU_E_NO_ROUTE, 404, "no-such-route", "Alamat tidak dikenal", "No such resource")                           \
	X(PAGU_E_METHOD, 405, "method-not-allowed", "Tindakan tidak tersedia", "Method not allowed")                   \
	X(PAGU_E_CONFLICT, 409, "conflict", "Bertentangan dengan data yang ada", "Conflict")                           \
	X(PAGU_E_IDEMPOTENCY_REUSED, 409, "idempotency-key-reused", "Kunci permintaan dipakai ulang",                  \
	  "Idempotency-Key reused")                                                                                    \
	X(PAGU_E_STORED_RANGE, 409, "stored-amount-out-of-range", "Jumlah tersimpan melampaui batas pagu",             \
	  "A stored amount is beyond what pagu can carry")                                                             \
	X(PAGU_E_PRECONDITION, 412, "precondition-failed", "Data sudah berubah", "Precondition failed")                \
	X(PAGU_E_PRECONDITION_REQUIRED, 428, "precondition-required", "Versi data wajib disertakan",                   \
	  "Precondition required")                                                                                     \
	X(PAGU_E_TOO_LARGE, 413, "body-too-large", "Isian terlalu besar", "Request body too large")                    \
	X(PAGU_E_MEDIA_TYPE, 415, "unsupported-media-type", "Format isian tidak didukung", "Unsupported media type")   \
	X(PAGU_E_RULE, 422, "rule-violation", "Ditolak oleh aturan", "A business rule refused the request")            \
	X(PAGU_E_RULES_REFUSED, 422, "rules-refused", "Ditolak oleh aturan yang berlaku",                              \
	  "The rules in force refuse it")                                                                              \
	X(PAGU_E_RULES_EVAL, 422, "rules-evaluation-error", "Aturan tidak dapat dievaluasi",                           \
	  "A rule could not be evaluated")                                                                             \
	X(PAGU_E_RULES_INVALID, 422, "rules-invalid", "Berkas aturan tidak dapat dimuat",                              \
	  "The rules file does not load")                                                                              \
	X(PAGU_E_DB_UNAVAILABLE, 503, "database-unavailable", "Basis data tidak tersedia", "Database unavailable")     \
	X(PAGU_E_SHUTTING_DOWN, 503, "shutting-down", "Server sedang berhenti", "The server is shutting down")         \
	X(PAGU_E_DB_TIMEOUT, 503, "database-timeout", "Basis data terlalu lama menjawab",                              \
	  "The database took too long")                                                                                \
	X(PAGU_E_DB, 500, "database-error", "Kesalahan basis data", "Database error")                                  \
	X(PAGU_E_MIGRATION, 500, "migration-error", "Kesalahan migrasi", "Migration error")                            \
	X(PAGU_E_IO, 500, "io-error", "Kesalahan berkas", "I/O error")                                                 \
	X(PAGU_E_NOMEM, 503, "out-of-memory", "Memori habis", "Out of memory")                                         \
	X(PAGU_E_INTERNAL, 500, "internal", "Kesalahan internal", "Internal error")                                    \
	X(PAGU_E_FUTURE_DATE, 422, "future-date", "Tanggal belum terjadi", "The date has not happened yet")            \
	X(PAGU_E_QUARTER_EARLY, 422, "quarter-too-early", "Terlalu awal untuk triwulan itu",                           \
	  "Too early for the quarter")                                                                                 \
	X(PAGU_E_TOO_MANY, 429, "too-many-requests", "Terlalu banyak percobaan", "Too many requests")                  \
	X(PAGU_E_SECOND_FACTOR, 401, "second-factor-required", "Kode verifikasi diperlukan", "Second factor required") \
	X(PAGU_E_SETUP_REQUIRED, 403, "account-setup-required", "Akun perlu dilengkapi dahulu",                        \
	  "Account setup required")                                                                                    \
	X(PAGU_E_WEAK_PASSWORD, 422, "password-rejected", "Sandi tidak dapat dipakai", "Password not accepted")        \
	X(PAGU_E_CSRF, 403, "cross-site-refused", "Permintaan lintas situs ditolak", "Cross-site request refused")

typedef enum {
#define PAGU_ERR_ENUM(code, status, slug, judul, title) code,
	PAGU_ERRORS(PAGU_ERR_ENUM)
#undef PAGU_ERR_ENUM
		PAGU_ERR_COUNT_
} pagu_err;

/* HTTP status for @e; 500 for an out-of-range value. */
int pagu_err_status(pagu_err e);
/* Stable slug, e.g. "not-found"; never NULL. */
const char *pagu_err_slug(pagu_err e);
/* Human title, e.g. "Not found"; never NULL. */
const char *pagu_err_title(pagu_err e);
/* The title in Bahasa Indonesia, e.g. "Tidak ditemukan"; never NULL. */
const char *pagu_err_judul(pagu_err e);
/* Whether @e is the database's state (down, timed out, failed), not a verdict on the request. */
static inline bool pagu_err_is_db(pagu_err e)
{
	return e == PAGU_E_DB || e == PAGU_E_DB_UNAVAILABLE || e == PAGU_E_DB_TIMEOUT;
}
/* Symbolic name, e.g. "PAGU_E_NOT_FOUND"; never NULL. */
const char *pagu_err_name(pagu_err e);

/*
 * What a refusal says beyond its code, in every area: a message that is safe to show (the
 * engine's or a pagu procedure's own words), the field at fault, and for a refused document
 * transition the rules' report (the engine's struct, opaque here). All NULL when unknown.
 */
struct pagu_fault {
	/*
	 * The catalogue's entry for it (base/pesan.h; P_TANPA_ when none) and its parameters (name,
	 * value, ..., NULL). When set, this is what a person reads, in their language; @message is
	 * the old English text, kept only until every area says its refusals through the catalogue.
	 */
	int pesan; /* a pesan_kunci */
	const char *const *param;
	const char *message;
	const char *field;
	const void *laporan;
	const char *lebih_plafon; /* JSON array: every sub kegiatan and OPD over its KUA-PPAS plafon, or NULL */
};

#endif
