/* stmt.c - the list of statement areas: every statement the application runs is in one of them. */
#include "stmt.h"

#include "sql.h"

#include <stddef.h>

/* Every area of the engine, once. A statement outside these is never prepared: using it fails. */
/* one area a line, so each area's line merges on its own */
/* clang-format off */
const struct stmt_area *const stmt_areas[] = {
	&stmt_area_db,
	&stmt_area_ref,
	&stmt_area_auth,
	&stmt_area_akun,
	&stmt_area_idem,
	&stmt_area_opd,
	&stmt_area_dokumen,
	&stmt_area_ssh,
	&stmt_area_ledger,
	&stmt_area_monev,
	&stmt_area_laporan,
	&stmt_area_pemeriksaan,
	&stmt_area_audit,
	&stmt_area_rules,
	&stmt_area_demo,
	&stmt_area_checkpoint,
	&stmt_area_verify,
	&stmt_area_tugas,
	NULL,
};
/* clang-format on */
