/*
 * stmt.h - the list of statement areas. Each area keeps its statements in a `q[]` beside the
 * code that reads their rows (see struct stmt in sql.h); stmt.c lists every area once, and
 * each connection prepares and describes them all.
 */
#ifndef PAGU_STMT_H
#define PAGU_STMT_H

struct stmt_area;

/* Every area, NULL-terminated (stmt.c). */
extern const struct stmt_area *const stmt_areas[];

/* The areas, one a line (defined in their .c files). */
extern const struct stmt_area stmt_area_db;
extern const struct stmt_area stmt_area_ref;
extern const struct stmt_area stmt_area_auth;
extern const struct stmt_area stmt_area_akun;
extern const struct stmt_area stmt_area_idem;
extern const struct stmt_area stmt_area_opd;
extern const struct stmt_area stmt_area_dokumen;
extern const struct stmt_area stmt_area_ssh;
extern const struct stmt_area stmt_area_ledger;
extern const struct stmt_area stmt_area_monev;
extern const struct stmt_area stmt_area_tugas;
extern const struct stmt_area stmt_area_laporan;
extern const struct stmt_area stmt_area_pemeriksaan;
extern const struct stmt_area stmt_area_audit;
extern const struct stmt_area stmt_area_rules;
extern const struct stmt_area stmt_area_demo;
extern const struct stmt_area stmt_area_checkpoint;
extern const struct stmt_area stmt_area_verify;

#endif
