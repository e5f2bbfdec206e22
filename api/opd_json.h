/* opd_json.h - how an OPD looks in JSON, and the checks its fields share. */
#ifndef PAGU_OPD_JSON_H
#define PAGU_OPD_JSON_H

#include "api.h"
#include "opd.h"

json_t *opd_json(const struct opd *o);
/* "\"v3\"" in the request arena. */
const char *opd_etag(struct api_req *r, const struct opd *o);
/* Parses an If-Match ETag of ours into a version; false when absent or not ours. */
bool opd_etag_parse(const char *etag, int *versi);

/* json_spec checks. */
pesan_kunci opd_check_kode(const char *s, size_t len);
pesan_kunci opd_check_bidang(const char *s, size_t len);
pesan_kunci opd_check_text(const char *s, size_t len);

#endif
