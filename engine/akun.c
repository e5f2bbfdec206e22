/* akun.c - people: pengguna, Argon2id passwords, cookie sessions, TOTP (liboath), recovery and one-time codes. */
#include "akun.h"

#include "sql.h"

#include <argon2.h>
#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "hash.h"
#include "utf8.h"

enum {
	Q_CREATE,
	Q_GET,
	Q_LIST,
	Q_UPDATE,
	Q_TOKEN_SYNC,
	Q_STATUS,
	Q_RESET,
	Q_RESET_TOTP,
	Q_FIND,
	Q_TUNGGU,
	Q_KUNCI,
	Q_ATTEMPT,
	Q_TOTP_STEP,
	Q_PEMULIHAN_USE,
	Q_SESI_INSERT,
	Q_SESI_TOUCH,
	Q_SESI_EXPIRE,
	Q_SESI_END,
	Q_SESI_END_ALL,
	Q_SESI_LIST,
	Q_SESI_TERBATAS,
	Q_SANDI_ROW,
	Q_SANDI_SET,
	Q_TOTP_SET,
	Q_TOTP_ROW,
	Q_TOTP_ON,
	Q_PEMULIHAN_DEL,
	Q_PEMULIHAN_ADD,
	Q_SET_GET,
	Q_SET_PUT,
	Q_N
};

/* clang-format off */
#define ID_ROW(C, r) C(r, pengguna_id)
DB_ROW(id_row, ID_ROW);
#define TS(x) "to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define PENGGUNA_ROW(C, r)                                                                                   \
	C(r, pengguna_id)                                                                                    \
	C(r, token_id)                                                                                       \
	C(r, pemda_id)                                                                                       \
	C(r, nip)                                                                                            \
	C(r, username)                                                                                       \
	C(r, nama)                                                                                           \
	C(r, jabatan) C(r, peran) C(r, opd_kode) C(r, status) C(r, dibuat) C(r, diubah) C(r, gagal_terakhir) \
		C(r, totp_aktif) C(r, harus_ganti_sandi) C(r, sesi_aktif)
DB_ROW(pengguna_row, PENGGUNA_ROW);
#define PENGGUNA_SELECT                                                                                              \
	"SELECT p.pengguna_id, p.token_id, p.pemda_id, p.nip, coalesce(p.username, '') AS username, p.nama,"         \
	" p.jabatan, array_to_string(p.peran, ',') AS peran, coalesce(p.opd_kode, '') AS opd_kode, p.status,"        \
	" " TS("p.dibuat") " AS dibuat, " TS(                                                                        \
		"p.diubah") " AS diubah,"                                                                            \
			    " coalesce((SELECT " TS(                                                                 \
				    "max(g.waktu)") " FROM masuk_gagal g WHERE g.nip = p.nip AND NOT g.berhasil),"   \
						    " '') AS gagal_terakhir, p.totp_aktif, p.harus_ganti_sandi,"     \
						    " (SELECT count(*) FROM sesi s WHERE s.pengguna_id = "           \
						    "p.pengguna_id AND s.berakhir IS NULL"                           \
						    " AND now() < s.terakhir + make_interval(mins => s.idle_menit) " \
						    "AND now() < s.berakhir_mutlak)"                                 \
						    " AS sesi_aktif FROM pengguna p"
#define FIND_ROW(C, r)                                                                                        \
	C(r, pemda_id)                                                                                        \
	C(r, pengguna_id)                                                                                     \
	C(r, nip)                                                                                             \
	C(r, sandi_hash)                                                                                      \
	C(r, kode_sekali_hash)                                                                                \
	C(r, harus_ganti_sandi) C(r, totp_aktif) C(r, totp_hex) C(r, peran) C(r, totp_wajib) C(r, idle_menit) \
		C(r, mutlak_jam)
DB_ROW(find_row, FIND_ROW);
#define TUNGGU_ROW(C, r) C(r, tunggu)
DB_ROW(tunggu_row, TUNGGU_ROW);
#define KUNCI_ROW(C, r) C(r, kunci)
DB_ROW(kunci_row, KUNCI_ROW);
#define NOMOR_ROW(C, r) C(r, nomor)
DB_ROW(nomor_row, NOMOR_ROW);
#define SESI_NEW_ROW(C, r) C(r, sesi_id) C(r, berakhir_idle) C(r, berakhir_mutlak)
DB_ROW(sesi_new_row, SESI_NEW_ROW);
#define SESI_ROW(C, r) \
	C(r, sesi_id)  \
	C(r, pemda_id) \
	C(r, pengguna_id) C(r, token_id) C(r, nama) C(r, peran) C(r, opd_kode) C(r, terbatas) C(r, csrf_hash)
DB_ROW(sesi_row, SESI_ROW);
#define SESI_LIST_ROW(C, r) \
	C(r, sesi_id) C(r, dibuat) C(r, terakhir) C(r, alamat) C(r, agen) C(r, berakhir_idle) C(r, berakhir_mutlak)
DB_ROW(sesi_list_row, SESI_LIST_ROW);
#define SESI_ID_ROW(C, r) C(r, sesi_id)
DB_ROW(sesi_id_row, SESI_ID_ROW);
#define SANDI_ROW(C, r) \
	C(r, nip) C(r, username) C(r, sandi_hash) C(r, peran) C(r, totp_wajib) C(r, totp_aktif) C(r, pemda_nama)
DB_ROW(sandi_row, SANDI_ROW);
#define TOTP_ROW(C, r) C(r, nip) C(r, totp_hex) C(r, totp_aktif)
DB_ROW(totp_row, TOTP_ROW);
#define SET_ROW(C, r) C(r, totp_wajib) C(r, idle_menit) C(r, mutlak_jam)
DB_ROW(set_row, SET_ROW);

/* clang-format on */

#define LIVE " AND now() < s.terakhir + make_interval(mins => s.idle_menit) AND now() < s.berakhir_mutlak"

static const struct stmt q[Q_N] = {
	/* $1 pemda $2 nip $3 username $4 nama $5 jabatan $6 peran (text[]) $7 opd $8 code hash $9 hours */
	[Q_CREATE] = { "pengguna_create",
		       "SELECT pagu_pengguna_create($1, $2, $3, $4, $5, $6::text[], $7, $8::bytea, "
		       "$9::integer)"
		       " AS pengguna_id",
		       9, id_row__cols },
	[Q_GET] = { "pengguna_get", PENGGUNA_SELECT " WHERE p.pemda_id = $1 AND p.pengguna_id = $2::bigint", 2,
		    pengguna_row__cols },
	[Q_LIST] = { "pengguna_list", PENGGUNA_SELECT " WHERE p.pemda_id = $1 ORDER BY p.pengguna_id", 1,
		     pengguna_row__cols },
	/* $3 nama $4 jabatan $5 peran $6 whether the OPD is given $7 the OPD (NULL: none) */
	[Q_UPDATE] = { "pengguna_update",
		       "UPDATE pengguna SET nama = coalesce($3, nama), jabatan = coalesce($4, jabatan),"
		       " peran = coalesce($5::text[], peran),"
		       " opd_kode = CASE WHEN $6::boolean THEN $7 ELSE opd_kode END, diubah = now()"
		       " WHERE pemda_id = $1 AND pengguna_id = $2::bigint RETURNING pengguna_id",
		       7, id_row__cols },
	[Q_TOKEN_SYNC] = { "pengguna_token_sync", "SELECT pagu_pengguna_token_sync($1, $2::bigint) AS pengguna_id", 2,
			   id_row__cols },
	[Q_STATUS] = { "pengguna_status",
		       "UPDATE pengguna SET status = $3, diubah = now() WHERE pemda_id = $1 AND "
		       "pengguna_id = $2::bigint"
		       " RETURNING pengguna_id",
		       3, id_row__cols },
	/* a reset: the password stops working, a one-time code replaces it, every session ends */
	[Q_RESET] = { "pengguna_reset",
		      "WITH p AS (UPDATE pengguna SET sandi_hash = NULL, harus_ganti_sandi = true,"
		      " kode_sekali_hash = $3::bytea, kode_sekali_berakhir = now() + "
		      "make_interval(hours => $4::integer),"
		      " diubah = now() WHERE pemda_id = $1 AND pengguna_id = $2::bigint RETURNING "
		      "pengguna_id),"
		      " s AS (UPDATE sesi SET berakhir = now(), alasan_berakhir = 'reset' WHERE "
		      "berakhir IS NULL"
		      " AND pengguna_id IN (SELECT pengguna_id FROM p))"
		      " SELECT pengguna_id FROM p",
		      4, id_row__cols },
	[Q_RESET_TOTP] = { "pengguna_reset_totp",
			   "WITH p AS (UPDATE pengguna SET totp_aktif = false, totp_rahasia = NULL, "
			   "totp_langkah = NULL"
			   " WHERE pemda_id = $1 AND pengguna_id = $2::bigint RETURNING pengguna_id),"
			   " d AS (DELETE FROM kode_pemulihan WHERE pengguna_id IN (SELECT pengguna_id "
			   "FROM p))"
			   " SELECT pengguna_id FROM p",
			   2, id_row__cols },
	/* an active person by NIP or username, with the pemda's settings */
	[Q_FIND] = { "pengguna_find",
		     "SELECT p.pemda_id, p.pengguna_id, p.nip, coalesce(p.sandi_hash, '') AS "
		     "sandi_hash,"
		     " CASE WHEN p.kode_sekali_berakhir > now() THEN encode(p.kode_sekali_hash, 'hex') "
		     "ELSE '' END"
		     " AS kode_sekali_hash, p.harus_ganti_sandi, p.totp_aktif,"
		     " CASE WHEN p.totp_aktif THEN encode(p.totp_rahasia, 'hex') ELSE '' END AS "
		     "totp_hex,"
		     " array_to_string(p.peran, ',') AS peran,"
		     " array_to_string(coalesce(k.totp_wajib, ARRAY['finance', 'admin']), ',') AS "
		     "totp_wajib,"
		     " coalesce(k.idle_menit, 30) AS idle_menit, coalesce(k.mutlak_jam, 12) AS "
		     "mutlak_jam"
		     " FROM pengguna p LEFT JOIN pengaturan_keamanan k ON k.pemda_id = p.pemda_id"
		     " WHERE (p.nip = $1 OR p.username = $1) AND p.status = 'aktif'",
		     1, find_row__cols },
	[Q_TUNGGU] = { "masuk_tunggu", "SELECT pagu_masuk_tunggu($1, $2) AS tunggu", 2, tunggu_row__cols },
	/* one sign-in attempt of an account at a time (until the transaction ends): false when another holds it */
	[Q_KUNCI] = { "masuk_kunci", "SELECT pg_try_advisory_xact_lock(hashtext('pagu_masuk'), hashtext($1)) AS kunci",
		      1, kunci_row__cols },
	/* $1 nip $2 address $3 succeeded $4 why */
	[Q_ATTEMPT] = { "masuk_catat",
			"INSERT INTO masuk_gagal (nip, alamat, berhasil, alasan) VALUES ($1, $2, "
			"$3::boolean, $4)",
			4, NULL },
	/* a TOTP step is accepted once: a code of that step or an earlier one is a replay */
	[Q_TOTP_STEP] = { "totp_langkah",
			  "UPDATE pengguna SET totp_langkah = $2::bigint WHERE pengguna_id = $1::bigint"
			  " AND (totp_langkah IS NULL OR totp_langkah < $2::bigint) RETURNING "
			  "pengguna_id",
			  2, id_row__cols },
	[Q_PEMULIHAN_USE] = { "pemulihan_pakai",
			      "UPDATE kode_pemulihan SET dipakai = now() WHERE pengguna_id = $1::bigint"
			      " AND hash = $2::bytea AND dipakai IS NULL RETURNING nomor",
			      2, nomor_row__cols },
	/* $1 pemda $2 pengguna $3 hash $4 csrf hash $5 idle minutes $6 absolute hours $7 address $8 agent $9 restriction */
	[Q_SESI_INSERT] = { "sesi_insert",
			    "INSERT INTO sesi (pemda_id, pengguna_id, hash, csrf_hash, idle_menit, "
			    "berakhir_mutlak, alamat,"
			    " agen, terbatas) VALUES ($1, $2::bigint, $3::bytea, $4::bytea, "
			    "$5::integer,"
			    " now() + make_interval(hours => $6::integer), $7, $8, $9)"
			    " RETURNING sesi_id, " TS(
				    "terakhir + make_interval(mins => idle_menit)") " AS berakhir_idle,"
										    " " TS("berakhir_"
											   "mutlak") " "
												     "A"
												     "S"
												     " "
												     "b"
												     "e"
												     "r"
												     "a"
												     "k"
												     "h"
												     "i"
												     "r"
												     "_"
												     "m"
												     "u"
												     "t"
												     "l"
												     "a"
												     "k",
			    9, sesi_new_row__cols },
	/* the live session of a secret, of an active person: touched, so its idle expiry moves on */
	[Q_SESI_TOUCH] = { "sesi_touch",
			   "UPDATE sesi s SET terakhir = now() FROM pengguna p"
			   " WHERE s.hash = $1::bytea AND s.berakhir IS NULL AND p.pengguna_id = "
			   "s.pengguna_id"
			   " AND p.status = 'aktif'" LIVE
			   " RETURNING s.sesi_id, s.pemda_id, p.pengguna_id, p.token_id, p.nama,"
			   " array_to_string(p.peran, ',') AS peran, coalesce(p.opd_kode, '') AS "
			   "opd_kode,"
			   " coalesce(s.terbatas, '') AS terbatas, encode(s.csrf_hash, 'hex') AS "
			   "csrf_hash",
			   1, sesi_row__cols },
	[Q_SESI_EXPIRE] = { "sesi_expire",
			    "UPDATE sesi SET berakhir = now(), alasan_berakhir = CASE WHEN now() >= "
			    "berakhir_mutlak"
			    " THEN 'mutlak' ELSE 'idle' END WHERE hash = $1::bytea AND berakhir IS NULL"
			    " AND (now() >= berakhir_mutlak OR now() >= terakhir + make_interval(mins "
			    "=> idle_menit))",
			    1, NULL },
	[Q_SESI_END] = { "sesi_end",
			 "UPDATE sesi SET berakhir = now(), alasan_berakhir = $3 WHERE pengguna_id = "
			 "$1::bigint"
			 " AND sesi_id = $2::bigint AND berakhir IS NULL RETURNING sesi_id",
			 3, sesi_id_row__cols },
	[Q_SESI_END_ALL] = { "sesi_end_all",
			     "UPDATE sesi SET berakhir = now(), alasan_berakhir = $3 WHERE pengguna_id "
			     "= $1::bigint"
			     " AND sesi_id <> $2::bigint AND berakhir IS NULL RETURNING sesi_id",
			     3, sesi_id_row__cols },
	[Q_SESI_LIST] = { "sesi_list",
			  "SELECT s.sesi_id, " TS("s.dibuat") " AS dibuat, " TS(
				  "s.terakhir") " AS terakhir, s.alamat,"
						" s.agen, " TS("s.terakhir + make_interval(mins => "
							       "s.idle_menit)") " AS berakhir_idle,"
										" " TS("s.berakhir_"
										       "mutlak") " AS "
												 "berak"
												 "hir_"
												 "mutla"
												 "k "
												 "FROM "
												 "sesi "
												 "s"
												 " WHER"
												 "E "
												 "s."
												 "pemda"
												 "_id "
												 "= $1 "
												 "AND "
												 "s."
												 "pengg"
												 "una_"
												 "id = "
												 "$2::"
												 "bigin"
												 "t "
												 "AND "
												 "s."
												 "berak"
												 "hir "
												 "IS "
												 "NUL"
												 "L" LIVE " ORDE"
												 "R BY "
												 "s."
												 "sesi_"
												 "id "
												 "DESC",
			  2, sesi_list_row__cols },
	[Q_SESI_TERBATAS] = { "sesi_terbatas",
			      "UPDATE sesi SET terbatas = $2 WHERE sesi_id = $1::bigint AND berakhir "
			      "IS NULL",
			      2, NULL },
	[Q_SANDI_ROW] = { "pengguna_sandi_row",
			  "SELECT p.nip, coalesce(p.username, '') AS username, coalesce(p.sandi_hash, "
			  "'') AS sandi_hash,"
			  " array_to_string(p.peran, ',') AS peran,"
			  " array_to_string(coalesce(k.totp_wajib, ARRAY['finance', 'admin']), ',') AS "
			  "totp_wajib,"
			  " p.totp_aktif, d.nama AS pemda_nama FROM pengguna p JOIN pemda d ON d.pemda_id = "
			  "p.pemda_id"
			  " LEFT JOIN pengaturan_keamanan k ON k.pemda_id = p.pemda_id WHERE "
			  "p.pengguna_id = $1::bigint",
			  1, sandi_row__cols },
	[Q_SANDI_SET] = { "pengguna_sandi_set",
			  "UPDATE pengguna SET sandi_hash = $2, harus_ganti_sandi = false, "
			  "kode_sekali_hash = NULL,"
			  " kode_sekali_berakhir = NULL, diubah = now() WHERE pengguna_id = $1::bigint "
			  "RETURNING pengguna_id",
			  2, id_row__cols },
	[Q_TOTP_SET] = { "totp_rahasia_set",
			 "UPDATE pengguna SET totp_rahasia = $2::bytea, diubah = now() WHERE "
			 "pengguna_id = $1::bigint"
			 " AND NOT totp_aktif RETURNING pengguna_id",
			 2, id_row__cols },
	[Q_TOTP_ROW] = { "totp_row",
			 "SELECT nip, coalesce(encode(totp_rahasia, 'hex'), '') AS totp_hex, "
			 "totp_aktif FROM pengguna"
			 " WHERE pengguna_id = $1::bigint FOR UPDATE",
			 1, totp_row__cols },
	[Q_TOTP_ON] = { "totp_aktif_set",
			"UPDATE pengguna SET totp_aktif = true, totp_langkah = $2::bigint, diubah = "
			"now()"
			" WHERE pengguna_id = $1::bigint RETURNING pengguna_id",
			2, id_row__cols },
	[Q_PEMULIHAN_DEL] = { "pemulihan_hapus", "DELETE FROM kode_pemulihan WHERE pengguna_id = $1::bigint", 1, NULL },
	[Q_PEMULIHAN_ADD] = { "pemulihan_tambah",
			      "INSERT INTO kode_pemulihan (pengguna_id, nomor, hash)"
			      " VALUES ($1::bigint, $2::smallint, $3::bytea)",
			      3, NULL },
	[Q_SET_GET] = { "keamanan_get",
			"SELECT array_to_string(coalesce(k.totp_wajib, ARRAY['finance', 'admin']), "
			"',') AS totp_wajib,"
			" coalesce(k.idle_menit, 30) AS idle_menit, coalesce(k.mutlak_jam, 12) AS "
			"mutlak_jam"
			" FROM pemda d LEFT JOIN pengaturan_keamanan k ON k.pemda_id = d.pemda_id WHERE d.pemda_id "
			"= $1",
			1, set_row__cols },
	[Q_SET_PUT] = { "keamanan_put",
			"INSERT INTO pengaturan_keamanan (pemda_id, totp_wajib, idle_menit, mutlak_jam)"
			" VALUES ($1, $2::text[], $3::integer, $4::integer) ON CONFLICT (pemda_id) DO "
			"UPDATE"
			" SET totp_wajib = EXCLUDED.totp_wajib, idle_menit = EXCLUDED.idle_menit,"
			" mutlak_jam = EXCLUDED.mutlak_jam, diubah = now()",
			4, NULL },
};
const struct stmt_area stmt_area_akun = { "akun", q, Q_N };

/* ---- roles ---- */

static const unsigned role_order[] = {
	ROLE_PLANNER, ROLE_FINANCE, ROLE_REVENUE, ROLE_INSPECTOR, ROLE_ADMIN, ROLE_SEKDA
};

int akun_peran_names(unsigned peran, const char *out[6])
{
	int n = 0;
	for (size_t i = 0; i < sizeof(role_order) / sizeof(role_order[0]); i++)
		if (peran & role_order[i])
			out[n++] = auth_role_name(role_order[i]);
	return n;
}

pagu_err akun_peran_parse_list(const char *csv, unsigned *out)
{
	unsigned bits = 0;
	char name[16];
	const char *p = csv;
	while (*p) {
		size_t l = strcspn(p, ",");
		if (l == 0 || l >= sizeof(name))
			return PAGU_E_INVALID;
		memcpy(name, p, l);
		name[l] = '\0';
		unsigned b;
		if (auth_role_parse(name, &b) != PAGU_OK)
			return PAGU_E_INVALID;
		bits |= b;
		p += l;
		if (*p == ',')
			p++;
	}
	if (!bits)
		return PAGU_E_INVALID;
	*out = bits;
	return PAGU_OK;
}

/* {planner,admin} for a text[] parameter. */
static void peran_array(unsigned peran, char *out, size_t outsz)
{
	const char *names[6];
	int n = akun_peran_names(peran, names);
	size_t o = (size_t)snprintf(out, outsz, "{");
	for (int i = 0; i < n && o < outsz; i++)
		o += (size_t)snprintf(out + o, outsz - o, "%s%s", i ? "," : "", names[i]);
	if (o < outsz)
		snprintf(out + o, outsz - o, "}");
}

/* ---- secrets ---- */

/* one-time and recovery codes: lowercase, no 0/o, 1/l/i to misread */
static const char kode_abc[] = "abcdefghjkmnpqrstuvwxyz23456789";

static pagu_err random_bytes(void *b, size_t n)
{
	return getrandom(b, n, 0) == (ssize_t)n ? PAGU_OK : PAGU_E_IO;
}

/* "\x" and the SHA-256 of @s in hex: a bytea parameter. */
static void sha_param(const char *s, size_t len, char out[2 + HASH_HEX_LEN + 1])
{
	out[0] = '\\';
	out[1] = 'x';
	hash_sha256_hex(s, len, out + 2);
}

/* A code of 16 characters from kode_abc (31 symbols, drawn without bias: ~79 bits), grouped by 4. */
static pagu_err kode_new(char out[AKUN_KODE_LEN + 1])
{
	size_t o = 0, got = 0;
	while (got < 16) {
		unsigned char b[32];
		if (random_bytes(b, sizeof(b)) != PAGU_OK)
			return PAGU_E_IO;
		for (size_t i = 0; i < sizeof(b) && got < 16; i++) {
			unsigned v = b[i] & 31;
			if (v >= sizeof(kode_abc) - 1)
				continue; /* 31 of 32 values: the last is drawn again */
			if (got && got % 4 == 0)
				out[o++] = '-';
			out[o++] = kode_abc[v];
			got++;
		}
	}
	out[o] = '\0';
	return PAGU_OK;
}

/* A code as typed ("ABCD efgh-..."): lowercase, separators dropped. false when it is not 16 symbols. */
static bool kode_normal(const char *in, char out[17])
{
	size_t o = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char c = (char)tolower((unsigned char)*p);
		if (!strchr(kode_abc, c) || !c || o == 16)
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	return o == 16;
}

/* The code's hash parameter, over its normal form. */
static bool kode_param(const char *kode, char out[2 + HASH_HEX_LEN + 1])
{
	char n[17];
	if (!kode_normal(kode, n))
		return false;
	sha_param(n, 16, out);
	return true;
}

void akun_csrf_of(const char *rahasia, size_t len, char out[AKUN_CSRF_LEN + 1])
{
	struct hash_ctx *h = hash_new();
	hash_update(h, "pagu-csrf:", 10);
	hash_update(h, rahasia, len);
	hash_final_hex(h, out);
}

static bool ct_equal(const char *a, const char *b, size_t n)
{
	unsigned char d = 0;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

bool akun_csrf_ok(const struct auth_token *t, const char *given)
{
	if (!given || strlen(given) != AKUN_CSRF_LEN || strlen(t->csrf_hash) != HASH_HEX_LEN)
		return false;
	char h[HASH_HEX_LEN + 1];
	hash_sha256_hex(given, AKUN_CSRF_LEN, h);
	return ct_equal(h, t->csrf_hash, HASH_HEX_LEN);
}

/* ---- passwords ---- */

static pagu_err sandi_hash(const char *sandi, char out[160])
{
	unsigned char salt[16];
	if (random_bytes(salt, sizeof(salt)) != PAGU_OK)
		return PAGU_E_IO;
	int rc = argon2id_hash_encoded(AKUN_ARGON2_T, AKUN_ARGON2_M_KIB, AKUN_ARGON2_P, sandi, strlen(sandi), salt,
				       sizeof(salt), 32, out, 160);
	return rc == ARGON2_OK ? PAGU_OK : PAGU_E_NOMEM;
}

/* A hash to verify against when the account does not exist: the same work, the same answer time. */
static char dummy_hash[160];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void dummy_make(void)
{
	if (sandi_hash("pagu dummy password, never matches", dummy_hash) != PAGU_OK)
		dummy_hash[0] = '\0';
}

static bool sandi_verify(const char *hash, const char *sandi)
{
	if (!hash[0]) {
		pthread_once(&dummy_once, dummy_make);
		if (dummy_hash[0])
			(void)argon2id_verify(dummy_hash, sandi, strlen(sandi));
		return false;
	}
	return argon2id_verify(hash, sandi, strlen(sandi)) == ARGON2_OK;
}

/*
 * Passwords people choose most (the head of the lists breach corpora publish, and Indonesian
 * favourites); matched whole, case-insensitively. NIST SP 800-63B 3.1.1.2: a "blocklist of
 * commonly-used, expected, or compromised values".
 */
static const char *const umum[] = {
	"123456",	    "123456789",
	"12345678",	    "1234567890",
	"password",	    "password1",
	"password123",	    "qwerty",
	"qwerty123",	    "qwertyuiop",
	"111111",	    "000000",
	"123123",	    "abc123",
	"iloveyou",	    "admin",
	"admin123",	    "welcome",
	"welcome1",	    "letmein",
	"monkey",	    "dragon",
	"sunshine",	    "princess",
	"football",	    "baseball",
	"master",	    "superman",
	"trustno1",	    "passw0rd",
	"p@ssw0rd",	    "p@ssword",
	"1q2w3e4r",	    "1qaz2wsx",
	"zaq12wsx",	    "asdfghjkl",
	"asdfasdf",	    "qwe123",
	"987654321",	    "11111111",
	"1234qwer",	    "changeme",
	"bismillah",	    "bismillah123",
	"indonesia",	    "indonesia123",
	"merdeka",	    "merdeka45",
	"sayang",	    "sayangku",
	"cintaku",	    "anakku",
	"rahasia",	    "rahasia123",
	"katasandi",	    "katasandi123",
	"kata sandi",	    "jakarta",
	"bandung",	    "surabaya",
	"garuda",	    "pancasila",
	"alhamdulillah",    "allahuakbar",
	"passwordpassword", "1234567890123456",
	"qwertyuiopasdfgh", "aaaaaaaaaaaaaaaa",
	"iloveyouiloveyou", "correcthorsebatterystaple",
	"administrator",    "administrator1",
	"superadmin",	    "pegawainegeri",
	"pegawaineger1",    "aparatursipil",
	"keuangandaerah",   "123456789012345",
	"1234567890abcde",
};

static size_t utf8_chars(const char *s, bool *ok)
{
	size_t n = 0, len = strlen(s);
	*ok = true;
	for (size_t i = 0; i < len;) {
		size_t l = utf8_seq((const unsigned char *)s + i, len - i);
		if (!l) {
			*ok = false;
			return 0;
		}
		i += l;
		n++;
	}
	return n;
}

/* Whether lowercase @hay holds @needle (ASCII case folded), for needles of 4 bytes or more. */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n < 4)
		return false;
	for (const char *p = hay; *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

bool akun_sandi_acceptable(const char *sandi, int min, const char *nip, const char *username, const char *pemda_nama,
			   pesan_kunci *why)
{
	bool ok;
	size_t n = utf8_chars(sandi, &ok);
	if (!ok || n < (size_t)min) {
		*why = ok ? P_SANDI_PENDEK : P_SANDI_BUKAN_TEKS;
		return false;
	}
	if (n > AKUN_SANDI_MAX) {
		*why = P_SANDI_PANJANG;
		return false;
	}
	for (size_t i = 0; i < sizeof(umum) / sizeof(umum[0]); i++) {
		if (!strcasecmp(sandi, umum[i])) {
			*why = P_SANDI_UMUM;
			return false;
		}
	}
	/* one character repeated is as good as a common one */
	bool same = true;
	for (const char *p = sandi + 1; *p && same; p++)
		same = *p == sandi[0];
	if (same) {
		*why = P_SANDI_UMUM;
		return false;
	}
	if ((nip && contains_ci(sandi, nip)) || (username && contains_ci(sandi, username))) {
		*why = P_SANDI_NIP;
		return false;
	}
	if (contains_ci(sandi, "pagu")) {
		*why = P_SANDI_KATA;
		return false;
	}
	/* the pemda's name, word by word ("Kota Padang": kota, padang) */
	if (pemda_nama) {
		const char *p = pemda_nama;
		while (*p) {
			size_t l = strcspn(p, " .-");
			if (l >= 4 && l < 64) {
				char w[64];
				memcpy(w, p, l);
				w[l] = '\0';
				if (contains_ci(sandi, w)) {
					*why = P_SANDI_KATA;
					return false;
				}
			}
			p += l;
			if (*p)
				p++;
		}
	}
	return true;
}

/* 8 characters when a second factor is asked of the person's roles, else 15 (NIST SP 800-63B rev. 4). */
static int sandi_min(unsigned peran, unsigned totp_wajib)
{
	return (peran & totp_wajib) ? 8 : 15;
}

/* ---- TOTP ---- */

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static void oath_start(void)
{
	(void)oath_init();
}

static bool hex_decode(const char *hex, unsigned char *out, size_t n)
{
	if (strlen(hex) != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		out[i] = (unsigned char)v;
	}
	return true;
}

/* The step of @code under secret @hex (30 s, 6 digits, one step either way), or -1. */
static long long totp_step(const char *hex, const char *code)
{
	unsigned char secret[20];
	if (!hex_decode(hex, secret, sizeof(secret)) || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return -1;
	pthread_once(&oath_once, oath_start);
	int pos = 0;
	uint64_t counter = 0;
	int rc = oath_totp_validate4((const char *)secret, sizeof(secret), time(NULL), 30, 0, 1, &pos, &counter, 0,
				     code);
	return rc >= 0 ? (long long)counter : -1;
}

/* ---- pengguna ---- */

static pagu_err pengguna_of(PGresult *r, int i, struct arena *a, struct akun_pengguna *o)
{
	memset(o, 0, sizeof(*o));
	o->pengguna_id = strtoll(PQgetvalue(r, i, pengguna_row_pengguna_id), NULL, 10);
	o->token_id = strtoll(PQgetvalue(r, i, pengguna_row_token_id), NULL, 10);
	o->pemda_id = arena_strdup(a, PQgetvalue(r, i, pengguna_row_pemda_id));
	o->nip = arena_strdup(a, PQgetvalue(r, i, pengguna_row_nip));
	o->username = arena_strdup(a, PQgetvalue(r, i, pengguna_row_username));
	o->nama = arena_strdup(a, PQgetvalue(r, i, pengguna_row_nama));
	o->jabatan = arena_strdup(a, PQgetvalue(r, i, pengguna_row_jabatan));
	o->opd_kode = arena_strdup(a, PQgetvalue(r, i, pengguna_row_opd_kode));
	o->status = arena_strdup(a, PQgetvalue(r, i, pengguna_row_status));
	o->dibuat = arena_strdup(a, PQgetvalue(r, i, pengguna_row_dibuat));
	o->diubah = arena_strdup(a, PQgetvalue(r, i, pengguna_row_diubah));
	o->gagal_terakhir = arena_strdup(a, PQgetvalue(r, i, pengguna_row_gagal_terakhir));
	o->totp_aktif = PQgetvalue(r, i, pengguna_row_totp_aktif)[0] == 't';
	o->harus_ganti_sandi = PQgetvalue(r, i, pengguna_row_harus_ganti_sandi)[0] == 't';
	o->sesi_aktif = atoi(PQgetvalue(r, i, pengguna_row_sesi_aktif));
	return akun_peran_parse_list(PQgetvalue(r, i, pengguna_row_peran), &o->peran) == PAGU_OK ? PAGU_OK
												 : PAGU_E_INTERNAL;
}

static const char *id_text(char buf[24], int64_t id)
{
	snprintf(buf, 24, "%lld", (long long)id);
	return buf;
}

pagu_err akun_pengguna_create(struct db *db, const char *pemda, const struct akun_pengguna_in *in,
			      char kode[AKUN_KODE_LEN + 1], int64_t *id, const char **field)
{
	char k[AKUN_KODE_LEN + 1], kh[2 + HASH_HEX_LEN + 1], peran[96], jam[8];
	if (kode_new(k) != PAGU_OK)
		return PAGU_E_IO;
	(void)kode_param(k, kh);
	peran_array(in->peran, peran, sizeof(peran));
	snprintf(jam, sizeof(jam), "%d", AKUN_KODE_SEKALI_JAM);
	const char *p[] = { pemda, in->nip, in->username, in->nama, in->jabatan, peran, in->opd_kode, kh, jam };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_CREATE], DB_P(p), &r);
	if (e == PAGU_E_DB) {
		if (db_failed_on(db, "23505", "pengguna_nip_unik")) {
			*field = "/nip";
			return PAGU_E_CONFLICT;
		}
		if (db_failed_on(db, "23505", "pengguna_username_unik")) {
			*field = "/username";
			return PAGU_E_CONFLICT;
		}
		if (db_failed_on(db, "23503", NULL)) {
			*field = "/opd_kode";
			return PAGU_E_NOT_FOUND;
		}
	}
	if (e != PAGU_OK)
		return e;
	*id = strtoll(PQgetvalue(r, 0, id_row_pengguna_id), NULL, 10);
	PQclear(r);
	memcpy(kode, k, sizeof(k));
	return PAGU_OK;
}

pagu_err akun_pengguna_get(struct db *db, struct arena *a, const char *pemda, int64_t id, struct akun_pengguna *out)
{
	char ids[24];
	const char *p[] = { pemda, id_text(ids, id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_GET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	struct akun_pengguna o;
	e = pengguna_of(r, 0, a, &o);
	PQclear(r);
	if (e == PAGU_OK)
		*out = o;
	return e;
}

pagu_err akun_pengguna_list(struct db *db, struct arena *a, const char *pemda, struct akun_pengguna **out, int *n)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct akun_pengguna *v = arena_alloc(a, sizeof(*v) * (size_t)(rows ? rows : 1));
	for (int i = 0; i < rows && e == PAGU_OK; i++)
		e = pengguna_of(r, i, a, &v[i]);
	PQclear(r);
	if (e == PAGU_OK) {
		*out = v;
		*n = rows;
	}
	return e;
}

struct update_arg {
	const char *pemda, *nama, *jabatan, *opd_kode;
	int64_t id;
	unsigned peran;
	bool opd_set;
	const char **field;
};

static pagu_err update_txn(struct db *db, void *arg)
{
	struct update_arg *u = arg;
	char ids[24], peran[96];
	if (u->peran)
		peran_array(u->peran, peran, sizeof(peran));
	const char *p[] = { u->pemda,	id_text(ids, u->id),	 u->nama,
			    u->jabatan, u->peran ? peran : NULL, u->opd_set ? "true" : "false",
			    u->opd_kode };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_UPDATE], DB_P(p), &r);
	if (e == PAGU_E_DB && db_failed_on(db, "23503", NULL)) {
		*u->field = "/opd_kode";
		return PAGU_E_NOT_FOUND;
	}
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1)
		return PAGU_E_NOT_FOUND;
	const char *p2[] = { u->pemda, ids };
	return db_exec_cmd(db, &q[Q_TOKEN_SYNC], DB_P(p2));
}

pagu_err akun_pengguna_update(struct db *db, const char *pemda, int64_t id, const char *nama, const char *jabatan,
			      unsigned peran, bool opd_set, const char *opd_kode, const char **field)
{
	/* runs inside the caller's transaction (the Idempotency-Key's) */
	struct update_arg u = { pemda, nama, jabatan, opd_kode, id, peran, opd_set, field };
	return update_txn(db, &u);
}

pagu_err akun_pengguna_status_set(struct db *db, const char *pemda, int64_t id, bool aktif)
{
	char ids[24];
	const char *p[] = { pemda, id_text(ids, id), aktif ? "aktif" : "nonaktif" };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_STATUS], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	PQclear(r);
	return n == 1 ? PAGU_OK : PAGU_E_NOT_FOUND;
}

pagu_err akun_pengguna_reset(struct db *db, const char *pemda, int64_t id, bool hapus_totp,
			     char kode[AKUN_KODE_LEN + 1])
{
	char k[AKUN_KODE_LEN + 1], kh[2 + HASH_HEX_LEN + 1], ids[24], jam[8];
	if (kode_new(k) != PAGU_OK)
		return PAGU_E_IO;
	(void)kode_param(k, kh);
	snprintf(jam, sizeof(jam), "%d", AKUN_KODE_SEKALI_JAM);
	const char *p[] = { pemda, id_text(ids, id), kh, jam };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_RESET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1)
		return PAGU_E_NOT_FOUND;
	if (hapus_totp) {
		const char *p2[] = { pemda, ids };
		e = db_exec_cmd(db, &q[Q_RESET_TOTP], DB_P(p2));
		if (e != PAGU_OK)
			return e;
	}
	memcpy(kode, k, sizeof(k));
	return PAGU_OK;
}

/* ---- sign-in ---- */

static void attempt(struct db *db, const char *nip, const char *alamat, bool ok, const char *why)
{
	const char *p[] = { nip, alamat, ok ? "true" : "false", why };
	(void)db_exec_cmd(db, &q[Q_ATTEMPT], DB_P(p));
}

static pagu_err new_secret(char out[AKUN_RAHASIA_LEN + 1])
{
	return auth_secret43(out);
}

struct masuk_arg {
	struct arena *a;
	const char *nip, *sandi, *kode, *alamat, *agen;
	struct akun_masuk out;
	int tunggu;
	pagu_err hasil; /* the answer: PAGU_OK, or a refusal (the transaction commits its record) */
};

/*
 * One attempt, in a transaction holding the account's advisory lock from the wait check to the
 * attempt's record: attempts sent at once are counted one after another, none slips past the limit
 * beside another (another attempt in progress: wait a second). Answers a database failure only.
 */
static pagu_err masuk_txn(struct db *db, void *arg)
{
	struct masuk_arg *ma = arg;
	const char *nip = ma->nip, *sandi = ma->sandi, *kode = ma->kode, *alamat = ma->alamat, *agen = ma->agen;
	struct arena *a = ma->a;
	int *tunggu = &ma->tunggu;
	ma->hasil = PAGU_OK;
	char nipc[65];
	snprintf(nipc, sizeof(nipc), "%s", nip);
	const char *pf[] = { nip };
	PGresult *u = NULL;
	pagu_err e = db_exec(db, &q[Q_FIND], DB_P(pf), &u);
	if (e != PAGU_OK)
		return e;
	bool known = PQntuples(u) == 1;
	/* the account's attempts are counted under its NIP, however it was named */
	if (known)
		snprintf(nipc, sizeof(nipc), "%s", PQgetvalue(u, 0, find_row_nip));
	const char *pt[] = { nipc, alamat };
	const char *pk[] = { nipc };
	PGresult *w = NULL;
	e = db_exec(db, &q[Q_KUNCI], DB_P(pk), &w);
	if (e != PAGU_OK)
		goto out;
	bool kunci = PQgetvalue(w, 0, kunci_row_kunci)[0] == 't';
	PQclear(w);
	if (!kunci) {
		*tunggu = 1;
		ma->hasil = PAGU_E_TOO_MANY;
		goto out;
	}
	e = db_exec(db, &q[Q_TUNGGU], DB_P(pt), &w);
	if (e != PAGU_OK)
		goto out;
	int wait = atoi(PQgetvalue(w, 0, tunggu_row_tunggu));
	PQclear(w);
	if (wait > 0) {
		*tunggu = wait;
		ma->hasil = PAGU_E_TOO_MANY;
		goto out;
	}
	const char *hash = known ? PQgetvalue(u, 0, find_row_sandi_hash) : "";
	bool pw = sandi_verify(hash, sandi);
	bool sekali = false;
	if (!pw && known && PQgetvalue(u, 0, find_row_kode_sekali_hash)[0]) {
		char kh[2 + HASH_HEX_LEN + 1];
		sekali = kode_param(sandi, kh) &&
			 ct_equal(kh + 2, PQgetvalue(u, 0, find_row_kode_sekali_hash), HASH_HEX_LEN);
	}
	if (!known || (!pw && !sekali)) {
		attempt(db, nipc, alamat, false, "sandi");
		ma->hasil = PAGU_E_UNAUTHENTICATED;
		goto out;
	}
	int64_t pid = strtoll(PQgetvalue(u, 0, find_row_pengguna_id), NULL, 10);
	char pids[24];
	id_text(pids, pid);
	if (PQgetvalue(u, 0, find_row_totp_aktif)[0] == 't') {
		if (!kode || !kode[0]) {
			ma->hasil = PAGU_E_SECOND_FACTOR;
			goto out;
		}
		bool lolos = false;
		long long step = totp_step(PQgetvalue(u, 0, find_row_totp_hex), kode);
		if (step >= 0) {
			char ss[24];
			snprintf(ss, sizeof(ss), "%lld", step);
			const char *p[] = { pids, ss };
			PGresult *r = NULL;
			e = db_exec(db, &q[Q_TOTP_STEP], DB_P(p), &r);
			if (e != PAGU_OK)
				goto out;
			lolos = PQntuples(r) == 1; /* none: the step was used already (a replay) */
			PQclear(r);
		} else {
			char kh[2 + HASH_HEX_LEN + 1];
			if (kode_param(kode, kh)) {
				const char *p[] = { pids, kh };
				PGresult *r = NULL;
				e = db_exec(db, &q[Q_PEMULIHAN_USE], DB_P(p), &r);
				if (e != PAGU_OK)
					goto out;
				lolos = PQntuples(r) == 1;
				PQclear(r);
			}
		}
		if (!lolos) {
			attempt(db, nipc, alamat, false, "kode");
			ma->hasil = PAGU_E_SECOND_FACTOR;
			goto out;
		}
	}
	unsigned peran = 0, wajib = 0;
	(void)akun_peran_parse_list(PQgetvalue(u, 0, find_row_peran), &peran);
	(void)akun_peran_parse_list(PQgetvalue(u, 0, find_row_totp_wajib), &wajib);
	const char *terbatas = NULL;
	if (sekali || PQgetvalue(u, 0, find_row_harus_ganti_sandi)[0] == 't')
		terbatas = "ganti_sandi";
	else if ((peran & wajib) && PQgetvalue(u, 0, find_row_totp_aktif)[0] != 't')
		terbatas = "daftar_totp";
	struct akun_masuk m = { .pengguna_id = pid, .terbatas = terbatas };
	snprintf(m.pemda_id, sizeof(m.pemda_id), "%s", PQgetvalue(u, 0, find_row_pemda_id));
	if ((e = new_secret(m.rahasia)) != PAGU_OK)
		goto out;
	akun_csrf_of(m.rahasia, AKUN_RAHASIA_LEN, m.csrf);
	char sh[2 + HASH_HEX_LEN + 1], ch[2 + HASH_HEX_LEN + 1], ag[401];
	sha_param(m.rahasia, AKUN_RAHASIA_LEN, sh);
	sha_param(m.csrf, AKUN_CSRF_LEN, ch);
	/* the agent cut at 400 bytes, never inside a character */
	size_t al = strlen(agen ? agen : "");
	if (al > 400) {
		al = 400;
		while (al && ((unsigned char)agen[al] & 0xC0) == 0x80)
			al--;
	}
	memcpy(ag, agen ? agen : "", al);
	ag[al] = '\0';
	const char *ps[] = {
		PQgetvalue(u, 0, find_row_pemda_id),   pids,   sh, ch,	    PQgetvalue(u, 0, find_row_idle_menit),
		PQgetvalue(u, 0, find_row_mutlak_jam), alamat, ag, terbatas
	};
	PGresult *s = NULL;
	e = db_exec(db, &q[Q_SESI_INSERT], DB_P(ps), &s);
	if (e != PAGU_OK)
		goto out;
	m.sesi_id = strtoll(PQgetvalue(s, 0, sesi_new_row_sesi_id), NULL, 10);
	m.berakhir_idle = arena_strdup(a, PQgetvalue(s, 0, sesi_new_row_berakhir_idle));
	m.berakhir_mutlak = arena_strdup(a, PQgetvalue(s, 0, sesi_new_row_berakhir_mutlak));
	PQclear(s);
	attempt(db, nipc, alamat, true, "berhasil");
	ma->out = m;
out:
	PQclear(u);
	return e;
}

pagu_err akun_masuk(struct db *db, struct arena *a, const char *nip, const char *sandi, const char *kode,
		    const char *alamat, const char *agen, struct akun_masuk *out, int *tunggu)
{
	struct masuk_arg ma = { .a = a, .nip = nip, .sandi = sandi, .kode = kode, .alamat = alamat, .agen = agen };
	pagu_err e = db_txn(db, DB_READ_COMMITTED, masuk_txn, &ma);
	if (e != PAGU_OK)
		return e;
	if (ma.hasil == PAGU_OK)
		*out = ma.out;
	*tunggu = ma.tunggu;
	return ma.hasil;
}

pagu_err akun_sesi_verify(struct db *db, const char *rahasia, size_t len, struct auth_token *out)
{
	if (len != AKUN_RAHASIA_LEN || strspn(rahasia, auth_b64url) != len)
		return PAGU_E_UNAUTHENTICATED;
	char sh[2 + HASH_HEX_LEN + 1];
	sha_param(rahasia, len, sh);
	const char *p[] = { sh };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_SESI_TOUCH], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		/* an expired one is ended now, so it shows as such */
		(void)db_exec_cmd(db, &q[Q_SESI_EXPIRE], DB_P(p));
		return PAGU_E_UNAUTHENTICATED;
	}
	struct auth_token t;
	memset(&t, 0, sizeof(t));
	if (akun_peran_parse_list(PQgetvalue(r, 0, sesi_row_peran), &t.role) != PAGU_OK) {
		PQclear(r);
		return PAGU_E_UNAUTHENTICATED;
	}
	t.sesi_id = strtoll(PQgetvalue(r, 0, sesi_row_sesi_id), NULL, 10);
	t.pengguna_id = strtoll(PQgetvalue(r, 0, sesi_row_pengguna_id), NULL, 10);
	t.token_id = strtoll(PQgetvalue(r, 0, sesi_row_token_id), NULL, 10);
	snprintf(t.pemda_id, sizeof(t.pemda_id), "%s", PQgetvalue(r, 0, sesi_row_pemda_id));
	snprintf(t.nama, sizeof(t.nama), "%s", PQgetvalue(r, 0, sesi_row_nama));
	snprintf(t.opd_kode, sizeof(t.opd_kode), "%s", PQgetvalue(r, 0, sesi_row_opd_kode));
	snprintf(t.terbatas, sizeof(t.terbatas), "%s", PQgetvalue(r, 0, sesi_row_terbatas));
	snprintf(t.csrf_hash, sizeof(t.csrf_hash), "%s", PQgetvalue(r, 0, sesi_row_csrf_hash));
	PQclear(r);
	*out = t;
	return PAGU_OK;
}

pagu_err akun_sesi_end(struct db *db, int64_t pengguna_id, int64_t sesi_id, const char *alasan)
{
	char a[24], b[24];
	const char *p[] = { id_text(a, pengguna_id), id_text(b, sesi_id), alasan };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_SESI_END], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	PQclear(r);
	return n == 1 ? PAGU_OK : PAGU_E_NOT_FOUND;
}

pagu_err akun_sesi_end_all(struct db *db, int64_t pengguna_id, int64_t kecuali, const char *alasan, int *n)
{
	char a[24], b[24];
	const char *p[] = { id_text(a, pengguna_id), id_text(b, kecuali), alasan };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_SESI_END_ALL], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	*n = PQntuples(r);
	PQclear(r);
	return PAGU_OK;
}

pagu_err akun_sesi_list(struct db *db, struct arena *a, const char *pemda, int64_t pengguna_id, struct akun_sesi **out,
			int *n)
{
	char ids[24];
	const char *p[] = { pemda, id_text(ids, pengguna_id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_SESI_LIST], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int rows = PQntuples(r);
	struct akun_sesi *v = arena_alloc(a, sizeof(*v) * (size_t)(rows ? rows : 1));
	for (int i = 0; i < rows; i++) {
		v[i].sesi_id = strtoll(PQgetvalue(r, i, sesi_list_row_sesi_id), NULL, 10);
		v[i].dibuat = arena_strdup(a, PQgetvalue(r, i, sesi_list_row_dibuat));
		v[i].terakhir = arena_strdup(a, PQgetvalue(r, i, sesi_list_row_terakhir));
		v[i].alamat = arena_strdup(a, PQgetvalue(r, i, sesi_list_row_alamat));
		v[i].agen = arena_strdup(a, PQgetvalue(r, i, sesi_list_row_agen));
		v[i].berakhir_idle = arena_strdup(a, PQgetvalue(r, i, sesi_list_row_berakhir_idle));
		v[i].berakhir_mutlak = arena_strdup(a, PQgetvalue(r, i, sesi_list_row_berakhir_mutlak));
	}
	PQclear(r);
	*out = v;
	*n = rows;
	return PAGU_OK;
}

/* ---- the person's own account ---- */

struct sandi_arg {
	const struct auth_token *t;
	const char *lama, *baru;
	pesan_kunci *why;
	int *min;
	char hash[160];
};

static pagu_err sandi_txn(struct db *db, void *arg)
{
	struct sandi_arg *x = arg;
	char ids[24];
	const char *p[] = { id_text(ids, x->t->pengguna_id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_SANDI_ROW], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	bool restricted = !strcmp(x->t->terbatas, "ganti_sandi");
	if (!restricted && (!x->lama || !sandi_verify(PQgetvalue(r, 0, sandi_row_sandi_hash), x->lama))) {
		PQclear(r);
		return PAGU_E_INVALID;
	}
	unsigned peran = 0, wajib = 0;
	(void)akun_peran_parse_list(PQgetvalue(r, 0, sandi_row_peran), &peran);
	(void)akun_peran_parse_list(PQgetvalue(r, 0, sandi_row_totp_wajib), &wajib);
	int min = sandi_min(peran, wajib);
	const char *user = PQgetvalue(r, 0, sandi_row_username);
	bool ok = akun_sandi_acceptable(x->baru, min, PQgetvalue(r, 0, sandi_row_nip), user[0] ? user : NULL,
					PQgetvalue(r, 0, sandi_row_pemda_nama), x->why);
	bool totp = PQgetvalue(r, 0, sandi_row_totp_aktif)[0] == 't';
	PQclear(r);
	if (!ok) {
		*x->min = min;
		return PAGU_E_WEAK_PASSWORD;
	}
	const char *ps[] = { ids, x->hash };
	if ((e = db_exec_cmd(db, &q[Q_SANDI_SET], DB_P(ps))) != PAGU_OK)
		return e;
	int n;
	if ((e = akun_sesi_end_all(db, x->t->pengguna_id, x->t->sesi_id, "ganti_sandi", &n)) != PAGU_OK)
		return e;
	if (x->t->sesi_id) {
		char ss[24];
		const char *next = (peran & wajib) && !totp ? "daftar_totp" : NULL;
		const char *pt[] = { id_text(ss, x->t->sesi_id), next };
		e = db_exec_cmd(db, &q[Q_SESI_TERBATAS], DB_P(pt));
	}
	return e;
}

pagu_err akun_sandi_set(struct db *db, struct arena *a, const struct auth_token *t, const char *lama, const char *baru,
			pesan_kunci *why, int *min)
{
	(void)a;
	struct sandi_arg x = { .t = t, .lama = lama, .baru = baru, .why = why, .min = min };
	/* hashed before the transaction: no row is locked for the 50 ms Argon2id takes */
	if (strlen(baru) > 4 * AKUN_SANDI_MAX) {
		*why = P_SANDI_PANJANG;
		*min = 8;
		return PAGU_E_WEAK_PASSWORD;
	}
	pagu_err e = sandi_hash(baru, x.hash);
	if (e != PAGU_OK)
		return e;
	return db_txn(db, DB_READ_COMMITTED, sandi_txn, &x);
}

pagu_err akun_totp_start(struct db *db, struct arena *a, const struct auth_token *t, char b32[33], const char **uri)
{
	unsigned char secret[20];
	if (random_bytes(secret, sizeof(secret)) != PAGU_OK)
		return PAGU_E_IO;
	char hex[2 + 40 + 1] = "\\x", ids[24];
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 + 2 * i, 3, "%02x", secret[i]);
	const char *p[] = { id_text(ids, t->pengguna_id), hex };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_TOTP_SET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1)
		return PAGU_E_CONFLICT; /* already active: an admin's reset removes it first */
	pthread_once(&oath_once, oath_start);
	char *enc = NULL;
	size_t el = 0;
	if (oath_base32_encode((const char *)secret, sizeof(secret), &enc, &el) != OATH_OK || el != 32) {
		free(enc);
		return PAGU_E_INTERNAL;
	}
	memcpy(b32, enc, 32);
	b32[32] = '\0';
	free(enc);
	/* the label an authenticator shows: "pagu:<name>", the name percent-encoded (RFC 3986 unreserved kept) */
	size_t nl = strlen(t->nama);
	char *label = arena_alloc(a, 3 * nl + 1), *w = label;
	for (size_t i = 0; i < nl; i++) {
		unsigned char c = (unsigned char)t->nama[i];
		if (isalnum(c) || strchr("-._~", c))
			*w++ = (char)c;
		else
			w += sprintf(w, "%%%02X", c);
	}
	*w = '\0';
	*uri = arena_printf(a, "otpauth://totp/pagu:%s?secret=%s&issuer=pagu&algorithm=SHA1&digits=6&period=30", label,
			    b32);
	return PAGU_OK;
}

struct totp_arg {
	const struct auth_token *t;
	const char *code;
	char (*kode)[AKUN_KODE_LEN + 1];
};

static pagu_err totp_txn(struct db *db, void *arg)
{
	struct totp_arg *x = arg;
	char ids[24];
	const char *p[] = { id_text(ids, x->t->pengguna_id) };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_TOTP_ROW], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1 || PQgetvalue(r, 0, totp_row_totp_aktif)[0] == 't' ||
	    !PQgetvalue(r, 0, totp_row_totp_hex)[0]) {
		PQclear(r);
		return PAGU_E_CONFLICT;
	}
	long long step = totp_step(PQgetvalue(r, 0, totp_row_totp_hex), x->code);
	PQclear(r);
	if (step < 0)
		return PAGU_E_SECOND_FACTOR;
	char ss[24];
	snprintf(ss, sizeof(ss), "%lld", step);
	const char *pon[] = { ids, ss };
	if ((e = db_exec_cmd(db, &q[Q_TOTP_ON], DB_P(pon))) != PAGU_OK)
		return e;
	if ((e = db_exec_cmd(db, &q[Q_PEMULIHAN_DEL], DB_P(p))) != PAGU_OK)
		return e;
	for (int i = 0; i < AKUN_PEMULIHAN_N; i++) {
		char kh[2 + HASH_HEX_LEN + 1], no[8];
		if (kode_new(x->kode[i]) != PAGU_OK)
			return PAGU_E_IO;
		(void)kode_param(x->kode[i], kh);
		snprintf(no, sizeof(no), "%d", i + 1);
		const char *pa[] = { ids, no, kh };
		if ((e = db_exec_cmd(db, &q[Q_PEMULIHAN_ADD], DB_P(pa))) != PAGU_OK)
			return e;
	}
	if (x->t->sesi_id && !strcmp(x->t->terbatas, "daftar_totp")) {
		char si[24];
		const char *pt[] = { id_text(si, x->t->sesi_id), NULL };
		e = db_exec_cmd(db, &q[Q_SESI_TERBATAS], DB_P(pt));
	}
	return e;
}

pagu_err akun_totp_activate(struct db *db, const struct auth_token *t, const char *code,
			    char kode[AKUN_PEMULIHAN_N][AKUN_KODE_LEN + 1])
{
	char k[AKUN_PEMULIHAN_N][AKUN_KODE_LEN + 1];
	struct totp_arg x = { .t = t, .code = code, .kode = k };
	pagu_err e = db_txn(db, DB_READ_COMMITTED, totp_txn, &x);
	if (e == PAGU_OK)
		memcpy(kode, k, sizeof(k));
	return e;
}

/* ---- settings ---- */

pagu_err akun_pengaturan_get(struct db *db, const char *pemda, struct akun_pengaturan *out)
{
	const char *p[] = { pemda };
	PGresult *r = NULL;
	pagu_err e = db_exec(db, &q[Q_SET_GET], DB_P(p), &r);
	if (e != PAGU_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return PAGU_E_NOT_FOUND;
	}
	struct akun_pengaturan o = { 0 };
	const char *w = PQgetvalue(r, 0, set_row_totp_wajib);
	if (w[0])
		(void)akun_peran_parse_list(w, &o.totp_wajib);
	o.idle_menit = atoi(PQgetvalue(r, 0, set_row_idle_menit));
	o.mutlak_jam = atoi(PQgetvalue(r, 0, set_row_mutlak_jam));
	PQclear(r);
	*out = o;
	return PAGU_OK;
}

pagu_err akun_pengaturan_set(struct db *db, const char *pemda, const struct akun_pengaturan *in)
{
	char peran[96], idle[16], mutlak[16];
	if (in->totp_wajib)
		peran_array(in->totp_wajib, peran, sizeof(peran));
	else
		snprintf(peran, sizeof(peran), "{}");
	snprintf(idle, sizeof(idle), "%d", in->idle_menit);
	snprintf(mutlak, sizeof(mutlak), "%d", in->mutlak_jam);
	const char *p[] = { pemda, peran, idle, mutlak };
	return db_exec_cmd(db, &q[Q_SET_PUT], DB_P(p));
}
