/* akun.h - people (issue 19): pengguna, passwords (Argon2id), sessions, TOTP, recovery and one-time codes. */
#ifndef PAGU_AKUN_H
#define PAGU_AKUN_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "auth.h"
#include "db.h"
#include "error.h"
#include "pesan.h"

/*
 * Argon2id cost (libargon2, RFC 9106), OWASP's Password Storage Cheat Sheet's first choice:
 * 19 MiB of memory, 2 passes, 1 lane. The PHC string stored carries them, so raising them later
 * only changes new hashes.
 */
#define AKUN_ARGON2_M_KIB 19456u
#define AKUN_ARGON2_T 2u
#define AKUN_ARGON2_P 1u

/* The cookie secret: 43 base64url characters (256 bits). The CSRF token: 64 hex digits. */
#define AKUN_RAHASIA_LEN 43
#define AKUN_CSRF_LEN 64
/* A one-time or recovery code: 4 groups of 4 characters (80 bits), "abcd-efgh-jkmn-pqrs". */
#define AKUN_KODE_LEN 19
#define AKUN_PEMULIHAN_N 10
/* Hours a one-time code works. */
#define AKUN_KODE_SEKALI_JAM 72
#define AKUN_SANDI_MAX 128

/* A person as the admin sees them; strings in the caller's arena, "" when none. */
struct akun_pengguna {
	int64_t pengguna_id, token_id;
	const char *pemda_id, *nip, *username, *nama, *jabatan, *opd_kode, *status, *dibuat, *diubah;
	const char *gagal_terakhir; /* the last failed sign-in as this NIP, "" when none */
	unsigned peran;		    /* ROLE_* bits */
	bool totp_aktif, harus_ganti_sandi;
	int sesi_aktif; /* live sessions */
};

/* Every role name of @peran (ROLE_* bits), in the role table's order, into @out (at most 6). */
int akun_peran_names(unsigned peran, const char *out[6]);
/* "finance,admin" -> bits; PAGU_E_INVALID for an unknown or empty name. */
pagu_err akun_peran_parse_list(const char *csv, unsigned *out);

struct akun_pengguna_in {
	const char *nip, *username, *nama, *jabatan, *opd_kode; /* username, jabatan, opd_kode may be NULL */
	unsigned peran;
};

/*
 * Creates a pengguna of @pemda with a one-time code (written to @kode, shown once). Refusals:
 * PAGU_E_CONFLICT with *@field "/nip" or "/username" when taken, PAGU_E_NOT_FOUND "/opd_kode"
 * for an unknown OPD. *@id set on success.
 */
pagu_err akun_pengguna_create(struct db *db, const char *pemda, const struct akun_pengguna_in *in,
			      char kode[AKUN_KODE_LEN + 1], int64_t *id, const char **field);
/* PAGU_E_NOT_FOUND when @pemda has no pengguna @id. */
pagu_err akun_pengguna_get(struct db *db, struct arena *a, const char *pemda, int64_t id, struct akun_pengguna *out);
/* Every pengguna of @pemda, by id: an arena array in *@out. */
pagu_err akun_pengguna_list(struct db *db, struct arena *a, const char *pemda, struct akun_pengguna **out, int *n);
/* Changes the fields given (non-NULL; @peran 0 = unchanged; @opd_set with @opd_kode NULL = no OPD). */
pagu_err akun_pengguna_update(struct db *db, const char *pemda, int64_t id, const char *nama, const char *jabatan,
			      unsigned peran, bool opd_set, const char *opd_kode, const char **field);
/* aktif or nonaktif; disabling ends every session at once (a trigger). */
pagu_err akun_pengguna_status_set(struct db *db, const char *pemda, int64_t id, bool aktif);
/*
 * A new one-time code (the password stops working; every session ends); the second factor is
 * removed only when @hapus_totp.
 */
pagu_err akun_pengguna_reset(struct db *db, const char *pemda, int64_t id, bool hapus_totp,
			     char kode[AKUN_KODE_LEN + 1]);

/* What a sign-in gave. */
struct akun_masuk {
	char rahasia[AKUN_RAHASIA_LEN + 1]; /* the cookie's value */
	char csrf[AKUN_CSRF_LEN + 1];
	char pemda_id[16];
	int64_t pengguna_id, sesi_id;
	const char *terbatas; /* NULL, "ganti_sandi" or "daftar_totp" (static) */
	const char *berakhir_idle, *berakhir_mutlak;
};

/*
 * Signs @nip (a NIP or username) in with @sandi (the password or a one-time code) and @kode (a
 * TOTP or recovery code, or NULL). PAGU_E_UNAUTHENTICATED for an unknown or disabled account or a
 * wrong password (one answer), PAGU_E_SECOND_FACTOR for a missing or wrong code,
 * PAGU_E_TOO_MANY with *@tunggu seconds to wait. Every failure is recorded (masuk_gagal).
 */
pagu_err akun_masuk(struct db *db, struct arena *a, const char *nip, const char *sandi, const char *kode,
		    const char *alamat, const char *agen, struct akun_masuk *out, int *tunggu);

/*
 * The live session of cookie secret @rahasia, touched (its idle expiry moves on): fills @out as a
 * token does (role: every role of the person), its pengguna and session. An expired one is ended
 * on the way. PAGU_E_UNAUTHENTICATED for none.
 */
pagu_err akun_sesi_verify(struct db *db, const char *rahasia, size_t len, struct auth_token *out);
/* The CSRF token of the session of cookie secret @rahasia (derived from it), into @out. */
void akun_csrf_of(const char *rahasia, size_t len, char out[AKUN_CSRF_LEN + 1]);
/* Whether @given is the CSRF token of the session @t (its hash compared in constant time). */
bool akun_csrf_ok(const struct auth_token *t, const char *given);

/* Ends session @sesi_id of @pengguna_id (@alasan as sesi.alasan_berakhir). PAGU_E_NOT_FOUND for none live. */
pagu_err akun_sesi_end(struct db *db, int64_t pengguna_id, int64_t sesi_id, const char *alasan);
/* Ends every live session of @pengguna_id but @kecuali (0: none); *@n how many. */
pagu_err akun_sesi_end_all(struct db *db, int64_t pengguna_id, int64_t kecuali, const char *alasan, int *n);

struct akun_sesi {
	int64_t sesi_id;
	const char *dibuat, *terakhir, *alamat, *agen, *berakhir_idle, *berakhir_mutlak;
};
/* The live sessions of @pengguna_id of @pemda, newest first. */
pagu_err akun_sesi_list(struct db *db, struct arena *a, const char *pemda, int64_t pengguna_id, struct akun_sesi **out,
			int *n);

/*
 * Sets a new password for @t's person. @lama is checked unless @t's session is restricted to
 * ganti_sandi (signed in with a one-time code). Refusals: PAGU_E_INVALID "/sandi_lama" for a
 * wrong old password; PAGU_E_WEAK_PASSWORD "/sandi_baru" with *@why (a catalogue key) and
 * *@min (the length asked for). Ends the person's other sessions; lifts the restriction.
 */
pagu_err akun_sandi_set(struct db *db, struct arena *a, const struct auth_token *t, const char *lama, const char *baru,
			pesan_kunci *why, int *min);

/*
 * The password rules (NIST SP 800-63B): @min..128 characters, not a common password, not
 * containing the NIP, username, "pagu" or a word of the pemda's name. NULL-free key in *@why.
 */
bool akun_sandi_acceptable(const char *sandi, int min, const char *nip, const char *username, const char *pemda_nama,
			   pesan_kunci *why);

/* Starts TOTP enrolment: a new secret (base32 into @b32, 32 characters) and its otpauth URI (arena). */
pagu_err akun_totp_start(struct db *db, struct arena *a, const struct auth_token *t, char b32[33], const char **uri);
/*
 * Confirms enrolment with a code of the new secret: TOTP active, 10 new recovery codes (shown
 * once) into @kode. PAGU_E_SECOND_FACTOR for a wrong code, PAGU_E_CONFLICT when none was started.
 */
pagu_err akun_totp_activate(struct db *db, const struct auth_token *t, const char *code,
			    char kode[AKUN_PEMULIHAN_N][AKUN_KODE_LEN + 1]);

struct akun_pengaturan {
	unsigned totp_wajib; /* ROLE_* bits */
	int idle_menit, mutlak_jam;
};
pagu_err akun_pengaturan_get(struct db *db, const char *pemda, struct akun_pengaturan *out);
pagu_err akun_pengaturan_set(struct db *db, const char *pemda, const struct akun_pengaturan *in);

#endif
