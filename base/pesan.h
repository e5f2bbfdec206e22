/* pesan.h - the one catalogue of what pagu says to people, in Bahasa Indonesia and English. */
#ifndef PAGU_PESAN_H
#define PAGU_PESAN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/*
 * Every message a person may read (a problem's detail, a refusal a procedure raises, a line
 * of a report) is one entry of the catalogue, keyed by name, with its text in each language:
 *
 *   PESAN(HEADER_TWICE, "Header {header} dikirim lebih dari sekali.", "The header {header} is sent more than once.")
 *
 * The entries live in base/pesan/<area>.def, one file per area (pesan/semua.def lists them).
 * A text names its parameters in braces; a parameter may say how to show its value:
 *   {x}      the value as given
 *   {x:rp}   an amount ("1234567.89", "-5", "12") as Rp1.234.567,89 (id) or Rp1,234,567.89 (en)
 *   {x:tgl}  a date ("2026-03-31", or the start of a timestamp) as 31 Maret 2026 / 31 March 2026
 *   {x:n}    a whole number with its thousands grouped: 1.234 (id) / 1,234 (en)
 *   {x:kata} a code word of the API as a person says it: draft -> draf, locked -> terkunci,
 *            lock -> penguncian, kua_ppas -> KUA-PPAS (pesan.c's table; others as given)
 *   {x:daftar} a list a procedure builds: a JSON item {"pesan": "ENTRY", name: value, ...} or an
 *            array of them, each rendered with its own entry, joined by "; " (one level: an
 *            item's entry holds no list). A procedure never builds a sentence itself.
 * Both texts of an entry name the same parameters (tests/test_pesan.c checks every entry).
 * A value that is not what its format expects is shown as given; a parameter not supplied
 * shows as "?"; braces around anything but a lower-case name are text. Nothing here can fail
 * on what a client or the database sends.
 */

enum pesan_bahasa {
	BAHASA_ID = 0, /* the default */
	BAHASA_EN,
};

typedef enum {
	P_TANPA_ = 0, /* no entry: a zeroed struct pagu_fault carries no message key */
#define PESAN(k, id, en) P_##k,
#include "pesan/semua.def"
#undef PESAN
	P_COUNT_
} pesan_kunci;

/* The entry's name, e.g. "HEADER_TWICE"; "" for an out-of-range key. */
const char *pesan_nama(pesan_kunci k);
/* The entry's text in @b with its placeholders; "" for an out-of-range key. */
const char *pesan_teks(pesan_kunci k, enum pesan_bahasa b);
/* The entry named @nama (as a procedure raises it); false when there is none. */
bool pesan_cari(const char *nama, pesan_kunci *out);

/*
 * @k's text in @b with its parameters filled from @kv: name, value, name, value, ..., NULL
 * (a NULL name or value ends the list). The result is in @a; NULL only when memory runs out.
 */
char *pesan_render(struct arena *a, enum pesan_bahasa b, pesan_kunci k, const char *const *kv);
/* The same for a template given as text (a test, or a rule's own message). */
char *pesan_render_teks(struct arena *a, enum pesan_bahasa b, const char *tmpl, const char *const *kv);

/* A {x:daftar} value (a procedure's list of items) in @b; NULL when @json is not one. */
char *pesan_daftar(struct arena *a, enum pesan_bahasa b, const char *json);

/* Amount "1234567.89" as "Rp1.234.567,89" (id) or "Rp1,234,567.89" (en); NULL when not a decimal. */
char *pesan_rupiah(struct arena *a, enum pesan_bahasa b, const char *angka);
/* Date "2026-03-31[...]" as "31 Maret 2026" / "31 March 2026"; NULL when not a date. */
char *pesan_tanggal(struct arena *a, enum pesan_bahasa b, const char *iso);

/*
 * The parameters a procedure raises with its message (its HINT): a JSON object of names and
 * scalar values, as name, value, ..., NULL in @a. A value is its text: a string as is, a
 * number or true/false as written, null as "". NULL when @json is not such an object (an
 * array or object as a value, anything cut short): no parameters, never a wrong one.
 */
const char *const *pesan_param_json(struct arena *a, const char *json);

/*
 * The language a client asks for in Accept-Language (RFC 9110 12.5.4): the one of id and en
 * with the higher weight, id on a tie or when neither is named (or @h is NULL).
 */
enum pesan_bahasa pesan_bahasa_dari(const char *h);

#endif
