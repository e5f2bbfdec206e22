/* kode.h - the national code systems: kode rekening, nomenklatur, OPD codes. */
#ifndef PAGU_KODE_H
#define PAGU_KODE_H

#include <stddef.h>

#include "error.h"

/*
 * Parsers take (s, len): the text need not be NUL-terminated and may contain
 * NULs (which are refused). They write *out only on success and return
 * PAGU_E_BAD_CODE for anything that is not a code of the system.
 */

/* Kode rekening: akun(1).kelompok(1).jenis(2).objek(2).rincian objek(2).sub rincian objek(4). */
#define KODE_AKUN_MAX 24
struct kode_akun {
	int level;		  /* 1..6, the number of segments */
	char kode[KODE_AKUN_MAX]; /* canonical text */
};
pagu_err kode_akun_parse(const char *s, size_t len, struct kode_akun *out);
/* Writes the parent of canonical @kode and returns its level; 0 (nothing written) at level 1. */
int kode_akun_parent(const char *kode, char out[KODE_AKUN_MAX]);
/* "akun", "kelompok", "jenis", "objek", "rincian_objek", "sub_rincian_objek"; "?" out of range. */
const char *kode_akun_level_name(int level);

/* Nomenklatur (Permendagri 90/2019): urusan > bidang > program > kegiatan > sub kegiatan. */
enum kode_nom_level {
	KODE_NOM_URUSAN = 1,
	KODE_NOM_BIDANG,
	KODE_NOM_PROGRAM,
	KODE_NOM_KEGIATAN,
	KODE_NOM_SUB_KEGIATAN,
};
#define KODE_NOM_MAX 32
struct kode_nomenklatur {
	enum kode_nom_level level;
	char kode[KODE_NOM_MAX]; /* canonical: a sub kegiatan in the 4-digit form */
	int pemda_level;	 /* kegiatan and below: 1 provinsi, 2 kabupaten/kota; else 0 */
};
/*
 * Urusan is a digit 1-9, X (penunjang) or ? (kekhususan Aceh); bidang two digits
 * (XX under X); program two digits; kegiatan the level digit (1 or 2) and two
 * digits; sub kegiatan four digits, or two in the original Permendagri 90 form,
 * which is mapped to four ("1.01.02.1.01.01" -> "1.01.02.1.01.0001").
 */
pagu_err kode_nomenklatur_parse(const char *s, size_t len, struct kode_nomenklatur *out);
const char *kode_nom_level_name(enum kode_nom_level level);
pagu_err kode_nom_level_from_name(const char *name, enum kode_nom_level *out);

/*
 * OPD organisation code, u.bb.u.bb.u.bb.UU.SSSS: three urusan-bidang pairs
 * (unused ones 0.00; the first must be a real bidang), unit, sub unit.
 */
#define KODE_OPD_MAX 32
pagu_err kode_opd_parse(const char *s, size_t len, char out[KODE_OPD_MAX]);

#endif
