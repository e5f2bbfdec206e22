#!/usr/bin/env python3
# openapi_gen.py - writes api/openapi.json, the API contract. Edit here, run it, commit both;
# tests/test_contract.c fails when the document and the route table disagree.
import json, os, re
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
errs = []
# each problem type with its title in both languages: judul (Bahasa Indonesia, the default) and title
# (English, Accept-Language: en)
for m in re.finditer(r'X\((PAGU_[A-Z_]+),\s*(\d+),\s*"([a-z-]+)",[\s\\]*"([^"]+)",[\s\\]*"([^"]+)"\)', open(os.path.join(ROOT, 'base/error.h')).read()):
    if m.group(1) != 'PAGU_OK':
        errs.append({"type": "urn:pagu:problem:" + m.group(3), "status": int(m.group(2)), "judul": m.group(4), "title": m.group(5)})

# The person who acted through a token's backing row (issue 19); null for a system's token.
PELAKU = {"type": ["object", "null"], "description": "The person who acted (a session); null for a system's API token.",
          "properties": {"id": {"type": "integer"}, "nama": {"type": "string"}, "nip": {"type": "string"}, "jabatan": {"type": ["string", "null"]}}}

def prob(desc):
    return {"description": desc, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
def impor_refusal(desc):
    return {"description": desc, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ImporRefusal"}}}}
def ok(desc, schema, etag=False, replay=False, status=None):
    r = {"description": desc, "content": {"application/json": {"schema": schema}}}
    h = {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}
    if etag: h["ETag"] = {"$ref": "#/components/headers/ETag"}
    if replay: h["Idempotent-Replayed"] = {"$ref": "#/components/headers/Idempotent-Replayed"}
    r["headers"] = h
    return r
ref = lambda n: {"$ref": "#/components/schemas/" + n}
P = lambda name, desc, schema, required=False, where="query": {"name": name, "in": where, "required": required, "description": desc, "schema": schema}

common_err = {"404": prob("No such resource (problem type no-such-route or not-found)."),
              "405": {"description": "Method not allowed; the Allow header lists the allowed ones.",
                      "headers": {"Allow": {"schema": {"type": "string"}}},
                      "content": {"application/problem+json": {"schema": ref("Problem")}}},
              "413": prob("The request carried a body larger than the route accepts."),
              "503": prob("The database is unreachable; retry later.")}
auth_err = {"401": {"description": "Missing, malformed, unknown or revoked bearer token.",
                    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
                    "content": {"application/problem+json": {"schema": ref("Problem")}}},
            "403": prob("The token's role or OPD scope does not admit this operation.")}

pemda = P("pemda", "Kemendagri code of the pemda, e.g. 13.71; a token of another pemda gets 404.", {"type": "string", "pattern": "^[0-9]{2}(\\.[0-9]{2})?$"}, True, "path")
kode_opd = P("kode", "OPD organisation code u.bb.u.bb.u.bb.UU.SSSS.", {"type": "string"}, True, "path")
idem = P("Idempotency-Key", "Unique per pemda; a retry with the same request replays the stored outcome.", {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}, True, "header")
ifmatch = P("If-Match", "The ETag of the version being changed.", {"type": "string"}, True, "header")
limit = lambda mx, d: P("limit", "Page size.", {"type": "integer", "minimum": 1, "maximum": mx, "default": d})
cursor = P("cursor", "next_cursor of the previous page.", {"type": "string"})
tahun = P("tahun", "Fiscal year; default the current year (WIB).", {"type": "integer", "minimum": 2000, "maximum": 2100})

def op(opid, summary, roles, scope=None, params=None, body=None, responses=None, public=False):
    o = {"operationId": opid, "summary": summary, "x-pagu-roles": roles}
    if scope: o["x-pagu-scope"] = scope
    o["security"] = [] if public else [{"bearerAuth": []}]
    if params: o["parameters"] = params
    if body: o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}} if opid != "opd_patch" else {"required": True, "content": {"application/json": {"schema": body}, "application/merge-patch+json": {"schema": body}}}
    rs = dict(responses or {})
    if not public: rs.update(auth_err)
    rs.update(common_err)
    o["responses"] = dict(sorted(rs.items()))
    return o

ALL = ["planner", "finance", "revenue", "inspector", "admin", "sekda"]
paths = {
 "/v1/health": {"get": op("health_get", "Liveness and database reachability", ["public"], public=True,
     responses={"200": ok("pagu and its database are up.", ref("Health")), "503": prob("The database is unreachable (status degraded, database unavailable).")})},
 "/v1/openapi.json": {"get": op("openapi_get", "This document", ["public"], public=True,
     responses={"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}})},
 "/v1/sesi": {"get": op("sesi_get", "Who the bearer token is: its name, role, pemda and OPD scope, and what it may do (the routes its role admits and the document actions of the role table); the web console offers only these", ALL,
     responses={"200": ok("The session.", {"type": "object", "required": ["token_id", "nama", "peran", "opd_kode", "pemda", "izin", "jenis", "pengguna", "csrf", "terbatas"], "properties": {
         "token_id": {"type": "integer"}, "jenis": {"type": "string", "enum": ["token", "sesi"]}, "pengguna": {"type": ["object", "null"]}, "csrf": {"type": ["string", "null"]}, "terbatas": {"type": ["string", "null"]}, "nama": {"type": "string"}, "peran": {"type": "string", "enum": ALL}, "opd_kode": {"type": ["string", "null"]},
         "pemda": {"type": "object", "required": ["id", "nama", "jenis"], "properties": {"id": {"type": "string"}, "nama": {"type": "string"}, "jenis": {"type": "string", "enum": ["provinsi", "kabkota"]}}},
         "izin": {"type": "object", "required": ["rute", "dokumen", "akun_baris"], "properties": {"rute": {"type": "array", "items": {"type": "string"}}, "dokumen": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}, "akun_baris": {"type": ["string", "null"], "description": "The first segment every budget line this role adds or removes must have (4: Bapenda, 5: an OPD's planner); null: any."}}}}})})},
 "/metrics": {"get": op("metrics_get", "Prometheus metrics", ["public"], public=True,
     responses={"200": {"description": "Prometheus text exposition format 0.0.4.", "content": {"text/plain": {"schema": {"type": "string"}}}}})},
 "/v1/ref/akun/{kode}": {"get": op("ref_akun_get", "One account of the chart of accounts", ["public"], public=True,
     params=[P("kode", "Kode rekening, 1 to 6 segments, e.g. 5.1.02.01.01.0024.", {"type": "string"}, True, "path"), tahun],
     responses={"200": ok("The active row (or the latest retired one), its parents and its history.", ref("AkunDetail")), "400": prob("Malformed code or bad query parameter.")})},
 "/v1/ref/nomenklatur": {"get": op("ref_nomenklatur_list", "The nomenklatur, filtered and paginated", ["public"], public=True,
     params=[tahun, P("prefix", "Code prefix at any level; a 2-digit sub kegiatan code is mapped to the 4-digit form.", {"type": "string"}),
             P("level", "Only rows of this level.", {"type": "string", "enum": ["urusan", "bidang", "program", "kegiatan", "sub_kegiatan"]}),
             P("jenis", "Only rows for this level of government (and rows for both).", {"type": "string", "enum": ["provinsi", "kabkota"]}),
             P("aktif", "true (default): active rows; all: retired rows too.", {"type": "string", "enum": ["true", "all"]}),
             limit(500, 100), cursor],
     responses={"200": ok("A page of rows.", ref("NomenklaturPage")), "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/opd": {
   "get": op("opd_list", "The pemda's OPD", ALL, params=[pemda, P("prefix", "Start of the OPD code.", {"type": "string"}), limit(500, 100), cursor],
       responses={"200": ok("A page of OPD.", ref("OpdPage")), "400": prob("Bad query parameter.")}),
   "post": op("opd_post", "Create an OPD", ["admin"], "unscoped", params=[pemda, idem], body=ref("OpdCreate"),
       responses={"201": ok("Created.", ref("Opd"), etag=True, replay=True), "400": prob("Invalid body or missing Idempotency-Key."),
                  "409": prob("The kode exists, or the Idempotency-Key was used for another request."), "415": prob("Not application/json."),
                  "422": prob("A bidang is not an active bidang urusan for this pemda's level.")})},
 "/v1/pemda/{pemda}/opd/{kode}": {
   "get": op("opd_get", "One OPD", ALL, params=[pemda, kode_opd],
       responses={"200": ok("The OPD.", ref("Opd"), etag=True), "400": prob("Malformed OPD code.")}),
   "patch": op("opd_patch", "Change an OPD", ["admin"], "own_opd", params=[pemda, kode_opd, idem, ifmatch], body=ref("OpdPatch"),
       responses={"200": ok("Changed.", ref("Opd"), etag=True, replay=True), "400": prob("Invalid body, no field, or missing Idempotency-Key."),
                  "409": prob("The Idempotency-Key was used for another request."), "412": prob("If-Match is stale or not an ETag of this resource; the reply carries the current ETag."),
                  "415": prob("Not application/json."), "422": prob("A bidang is not an active bidang urusan for this pemda's level."),
                  "428": prob("If-Match is missing.")})},
}
dokid = P("id", "Document version id.", {"type": "integer", "minimum": 1}, True, "path")
ifmatch_opt = P("If-Match", "The document's ETag; when given, a stale one is refused.", {"type": "string"}, False, "header")
ledger_resp = {"201": ok("Posted: the entry, its lines, the touched pockets' balances and the OPD's SPD after it.", {"$ref": "#/components/schemas/Entri"}, replay=True),
               "400": prob("Invalid body or missing Idempotency-Key."), "403": prob("Role, or an OPD-scoped token acting for another OPD."),
               "404": prob("Pocket, SPM or entry not found."), "409": prob("Document number used, SPM already posted or void, entry already reversed, or the Idempotency-Key used for another request."),
               "415": prob("Not application/json."),
               "422": prob("A ledger rule refused it: more than available (the problem names the pocket, available and asked), above the SPD or anggaran kas, a date outside the year, a pocket of another OPD or the wrong direction.")}
dok_err = {"400": prob("Invalid body, id or missing Idempotency-Key."), "409": prob("Wrong state for this change (a line of an APBD or DPA is never added, replaced or removed one by one; an RKA line that an APBD holds is changed through a new version), or the Idempotency-Key was used for another request."),
           "412": prob("If-Match is stale or not an ETag of this document."), "415": prob("Not application/json."),
           "422": prob("A code or rule refused it (unknown, retired or wrong-level code; rejection without reason; no lines; an RKA over its KUA-PPAS plafon or without a locked KUA-PPAS).")}
paths.update({
 "/v1/pemda/{pemda}/dokumen": {
   "get": op("dokumen_list", "Document versions of the pemda", ALL,
       params=[pemda, P("tahun", "Fiscal year.", {"type": "integer", "minimum": 2000, "maximum": 2100}),
               P("jenis", "Kind of document.", {"type": "string", "enum": ["rkpd", "kua_ppas", "rka", "apbd", "dpa"]}),
               P("opd", "OPD code.", {"type": "string"}), limit(500, 100), cursor],
       responses={"200": ok("A page of versions (an OPD-scoped token sees its own OPD's and the pemda-wide ones).", ref("DokumenPage")), "400": prob("Bad query parameter.")}),
   "post": op("dokumen_post", "Start a document: version 1, draft", ["planner", "finance"], params=[pemda, idem], body=ref("DokumenCreate"),
       responses=dict(dok_err, **{"201": ok("Created.", ref("Dokumen"), etag=True, replay=True)}))},
 "/v1/pemda/{pemda}/dokumen/{id}": {"get": op("dokumen_get", "One version with its lines", ALL, params=[pemda, dokid],
       responses={"200": ok("The version, its lines and their total.", ref("DokumenIsi"), etag=True), "400": prob("Bad id.")})},
 "/v1/pemda/{pemda}/dokumen/{id}/baris": {"post": op("dokumen_baris_post", "Add a line to a draft", ["planner", "finance", "revenue"],
       params=[pemda, dokid, idem, ifmatch_opt], body={"oneOf": [ref("RkpdItemInput"), ref("RkaBarisInput"), ref("PlafonInput")]},
       responses=dict(dok_err, **{"201": ok("Added; jumlah computed exactly.", ref("BarisAdded"), etag=True, replay=True)}))},
 "/v1/pemda/{pemda}/dokumen/{id}/baris/{baris}": {"put": op("dokumen_baris_put", "Replace a line of a draft: in one transaction the line is removed and the new one added under the next number (line numbers are never reused)", ["planner", "finance", "revenue"],
       params=[pemda, dokid, P("baris", "Line number.", {"type": "integer", "minimum": 1}, True, "path"), idem, ifmatch],
       body={"oneOf": [ref("RkpdItemInput"), ref("RkaBarisInput"), ref("PlafonInput")]},
       responses=dict(dok_err, **{"200": ok("Replaced: the new line's number (baris), the line it replaced (diganti), the revision; an RKA line with its volume and jumlah.", {"type": "object", "required": ["baris", "diganti", "revisi"], "properties": {"baris": {"type": "integer"}, "diganti": {"type": "integer"}, "revisi": {"type": "integer"}, "volume": {"type": "string"}, "jumlah": {"type": "string"}}}, etag=True, replay=True),
                                  "415": prob("Not application/json."), "428": prob("If-Match is missing.")})),
   "delete": op("dokumen_baris_delete", "Remove a line from a draft", ["planner", "finance", "revenue"],
       params=[pemda, dokid, P("baris", "Line number.", {"type": "integer", "minimum": 1}, True, "path"), idem, ifmatch],
       responses=dict(dok_err, **{"200": ok("Removed.", ref("BarisRemoved"), etag=True, replay=True), "428": prob("If-Match is missing.")}))},
 "/v1/pemda/{pemda}/dokumen/{id}/transisi": {"post": op("dokumen_transisi_post", "Submit, verify, lock or reject a version (a pergeseran is locked by the approver of its level: finance, the PPKD, or sekda, the Sekretaris Daerah)", ["planner", "finance", "sekda"],
       params=[pemda, dokid, idem, ifmatch], body=ref("Transisi"),
       responses=dict(dok_err, **{"200": ok("The version after the transition; a lock carries its hash. Submit, verify and lock carry the rules evaluation (rules), warnings included.", {"allOf": [ref("Dokumen"), {"type": "object", "properties": {"rules": ref("RulesReport")}}]}, etag=True, replay=True),
                                  "409": prob("Not possible in this state (conflict), e.g. rejecting an RKA whose lines are in an APBD: lock it and derive a new version instead."),
                                  "422": prob("A code or check refused it (an APBD that is not exactly the latest verified RKAs, field sumber, naming the first difference; a DPA that is not its APBD); or the rules in force did (rules-refused, with the whole evaluation in rules), or one could not be evaluated (rules-evaluation-error, located by file, line and column)."),
                                  "428": prob("If-Match is missing.")}))},
 "/v1/pemda/{pemda}/dokumen/{id}/turunan": {"post": op("dokumen_turunan_post", "Derive a new draft version from a locked one (perubahan, pergeseran)", ["planner", "finance"],
       params=[pemda, dokid, idem], body=ref("Turunan"),
       responses=dict(dok_err, **{"201": ok("The new draft version, lines copied.", ref("Dokumen"), etag=True, replay=True)}))},
 "/v1/pemda/{pemda}/dokumen/{id}/susun": {"post": op("dokumen_susun_post", "Assemble a draft APBD, or assemble it again, from the latest verified (or locked) RKA of every OPD of its year", ["finance"], "unscoped",
       params=[pemda, dokid, idem, ifmatch],
       responses=dict(dok_err, **{"200": ok("Assembled in one transaction: the draft's lines (if any) replaced by copies of the RKAs' lines, each pointing at its RKA line; a line still the same keeps its number, others get new ones (numbers are never reused).", ref("Susun"), etag=True, replay=True),
                                  "409": prob("Not a draft APBD (conflict)."), "422": prob("No RKA of the year is verified (rule-violation)."), "428": prob("If-Match is missing.")}))},
 "/v1/pemda/{pemda}/dokumen/{id}/dpa": {"post": op("dokumen_dpa_post", "Create an OPD's next DPA version from the locked APBD", ["finance"], "unscoped",
       params=[pemda, dokid, idem], body=ref("DpaCreate"),
       responses=dict(dok_err, **{"201": ok("The new DPA version (draft), lines copied from the APBD.", ref("Dokumen"), etag=True, replay=True)}))},
 "/v1/pemda/{pemda}/dokumen/{id}/anggaran-kas": {"post": op("dokumen_kas_post", "Set the monthly cash plan of a draft DPA line", ["planner", "finance"],
       params=[pemda, dokid, idem, ifmatch_opt], body=ref("KasInput"),
       responses=dict(dok_err, **{"200": ok("Set.", ref("BarisRemoved"), etag=True, replay=True)}))},
 "/v1/pemda/{pemda}/dokumen/{id}/impor": {"post": dict(op("dokumen_impor_post", "Import SIPD-style CSV rows into a draft RKA, all or nothing", ["planner", "finance", "revenue"],
       params=[pemda, dokid, idem, ifmatch_opt, P("sumber_dana", "Sumber dana for rows without a sumber_dana column.", {"type": "string"})],
       responses=dict(dok_err, **{"201": ok("All rows added.", ref("Impor"), etag=True, replay=True),
                                  "413": prob("More than 16 MiB or 200,000 rows."),
                                  "422": impor_refusal("Rows refused (unknown or retired code, level mismatch, bad number, bytes that are not UTF-8, a row that is not CSV, another OPD, a role's akun): errors names every bad row by its CSV line, column and reason; nothing was imported.")})),
       requestBody={"required": True, "content": {"text/csv": {"schema": {"type": "string", "description": "Header row with kode_skpd, nama_skpd, kode_sub_kegiatan, nama_sub_kegiatan, kode_rekening, nama_rekening, pagu; optional volume, satuan, harga (volume x harga must equal pagu), sumber_dana."}}}})},
 "/v1/pemda/{pemda}/dokumen/{id}/csv": {"get": op("dokumen_csv_get", "A version's lines as CSV", ALL, params=[pemda, dokid],
       responses={"200": {"description": "CSV; for budget lines the SIPD columns first, so an export imports again.", "content": {"text/csv": {"schema": {"type": "string"}}}}, "400": prob("Bad id.")})},
 "/v1/pemda/{pemda}/dokumen/{id}/diff": {"get": op("dokumen_diff_get", "The lines added, removed and changed from another version of the same document", ALL,
       params=[pemda, dokid, P("dengan", "The older version to compare with.", {"type": "integer", "minimum": 1}, True)],
       responses={"200": ok("Differences by line number, with old and new amounts and the net change.", ref("Diff")), "400": prob("Bad id, or not a version of the same document.")})},
 "/v1/pemda/{pemda}/dokumen/{id}/pergeseran": {"post": op("dokumen_pergeseran_post", "Start a pergeseran: the OPD's next DPA version (tahap pergeseran) from its latest locked DPA, lines and anggaran kas copied; change lines, submit, verify; the approver of its level locks it", ["planner", "finance"],
       params=[pemda, dokid, idem], body=ref("Turunan"),
       responses=dict(dok_err, **{"201": ok("The pergeseran (a draft DPA version).", ref("Dokumen"), etag=True, replay=True)}))},
 "/v1/pemda/{pemda}/dokumen/{id}/perubahan": {"post": op("dokumen_perubahan_post", "Start the APBD Perubahan: of the locked APBD, the APBD-P (an empty draft, assembled with susun; once a year unless keadaan_luar_biasa); of an OPD's locked DPA, its RKA-P (lines copied)", ["planner", "finance"],
       params=[pemda, dokid, idem], body=ref("Perubahan"),
       responses=dict(dok_err, **{"201": ok("The APBD-P or RKA-P (a draft, tahap perubahan).", ref("Dokumen"), etag=True, replay=True),
                                  "422": prob("A second Perubahan in the year without keadaan_luar_biasa (rule-violation).")}))},
 "/v1/pemda/{pemda}/dokumen/{id}/perbandingan": {"get": op("dokumen_perbandingan_get", "Before, change and after of a version against the version it was made from (asal_id), per OPD, sub kegiatan and akun; as CSV, murni (sebelum) and perubahan (sesudah) side by side with the belanja total", ALL,
       params=[pemda, dokid, P("format", "json (default) or csv.", {"type": "string", "enum": ["json", "csv"]})],
       responses={"200": {"description": "The version with its comparison.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {
                      "application/json": {"schema": ref("Perbandingan")}, "text/csv": {"schema": {"type": "string"}}}},
                  "400": prob("Bad id, or a format that is not json or csv.")})},
 "/v1/pemda/{pemda}/jejak": {"get": op("jejak_get", "Trace one OPD sub kegiatan from the RKPD through plafon, RKA and APBD to the DPA, per version", ALL,
       params=[pemda, P("tahun", "Fiscal year.", {"type": "integer", "minimum": 2000, "maximum": 2100}, True),
               P("opd", "OPD code.", {"type": "string"}, True), P("sub_kegiatan", "Sub kegiatan code (2- or 4-digit form, or a penunjang one in SIPD's form).", {"type": "string"}, True)],
       responses={"200": ok("Every version's view: RKPD indicators and pagu indikatif, plafon, and the belanja (akun 5) budgeted on it and its line count: pendapatan is no part of what a plafon caps.", ref("Jejak")),
                  "400": prob("Missing or malformed parameter.")})},
 "/v1/pemda/{pemda}/token": {
   "get": op("token_list", "The pemda's API tokens (revoked ones too), never their secrets", ["admin"], "unscoped", params=[pemda],
       responses={"200": ok("Every token of the pemda; ini marks the one making the request.", {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("Token")}}})}),
   "post": op("token_post", "Create an API token for a system (BPKAD's, Bapenda's); its secret is in this reply only", ["admin"], "unscoped", params=[pemda, idem],
       body={"type": "object", "additionalProperties": False, "required": ["nama", "peran"], "properties": {
           "nama": {"type": "string", "minLength": 1, "description": "Who or what holds it, up to 200 characters."},
           "peran": {"type": "string", "enum": ALL}, "opd_kode": {"type": ["string", "null"], "description": "Scope the token to this OPD."}}},
       responses={"201": ok("Created. token is the secret, shown this once; a replay of the same request (same Idempotency-Key and body) answers the same reply with token null: the secret is never stored.",
                            {"allOf": [ref("Token"), {"type": "object", "required": ["token"], "properties": {"token": {"type": ["string", "null"]}}}]}, replay=True),
                  "400": prob("Invalid body, unknown role or missing Idempotency-Key."), "409": prob("The Idempotency-Key was used for another request."),
                  "415": prob("Not application/json."), "422": prob("The OPD does not exist in this pemda.")})},
 "/v1/pemda/{pemda}/token/{id}/cabut": {"post": op("token_cabut", "Revoke an API token at once; the token making the request only with ?sendiri=ya", ["admin"], "unscoped",
       params=[pemda, P("id", "The token's id.", {"type": "integer", "minimum": 1}, True, "path"), idem,
               P("sendiri", "ya: revoke even the token making this request.", {"type": "string", "enum": ["ya"]})],
       responses={"200": ok("Revoked.", {"type": "object", "properties": {"id": {"type": "integer"}, "dicabut": {"type": "boolean"}}}, replay=True),
                  "400": prob("Not a token id, or missing Idempotency-Key."),
                  "409": prob("It is the token making the request (send ?sendiri=ya), or the Idempotency-Key was used for another request.")})},
 "/v1/pemda/{pemda}/tugas": {"get": op("tugas_list", "What waits on the caller's action, by its role(s) and OPD scope (issue 19): RKAs to verify, rejected RKAs with the reason, DPAs without anggaran kas, SPMs waiting for an SP2D, quarters to report and to close, findings to follow up and follow-ups to review; a kind is listed exactly when the caller may call its action. At most 50 items per kind; hitung counts them all", ALL,
       params=[pemda, tahun],
       responses={"200": ok("The items, oldest first per kind; hitung per kind the caller may act on (0 included); jumlah their sum.", {"type": "object", "required": ["items", "hitung", "jumlah", "tahun"], "properties": {
           "items": {"type": "array", "items": {"type": "object", "required": ["jenis", "judul", "tahun", "tautan"], "properties": {
               "jenis": {"type": "string", "enum": ["rka_verifikasi", "rka_ditolak", "anggaran_kas", "spm_menunggu_sp2d", "triwulan_lapor", "triwulan_tutup", "temuan_tindak_lanjut", "tindak_lanjut_periksa"]},
               "judul": {"type": "string", "description": "The item as a sentence in the client's language (Accept-Language)."},
               "dokumen_id": {"type": "integer"}, "versi": {"type": "integer"}, "tahap": {"type": "string"}, "opd_kode": {"type": "string"}, "opd_nama": {"type": "string"},
               "tahun": {"type": "integer"}, "alasan": {"type": "string", "description": "rka_ditolak: the reason TAPD gave."}, "jumlah": {"type": "string", "description": "Rupiah as a decimal string: an RKA's belanja, an SPM's total."},
               "sejak": {"type": "string", "format": "date-time"}, "tautan": {"type": "string", "description": "The console route where the work is done."},
               "nomor": {"type": "string"}, "entri_id": {"type": "integer"}, "triwulan": {"type": "integer"}, "indikator_belum": {"type": "integer"}, "opd_melapor": {"type": "integer"},
               "baris_tanpa_kas": {"type": "integer"}, "pemeriksaan_id": {"type": "integer"}, "temuan": {"type": "string"}, "tindak_lanjut": {"type": "string"}, "rekomendasi": {"type": "string"}}}},
           "hitung": {"type": "object", "additionalProperties": {"type": "integer"}}, "jumlah": {"type": "integer"}, "tahun": {"type": "integer"}}}),
                  "400": prob("Bad tahun.")})},
 "/v1/pemda/{pemda}/dokumen/{id}/riwayat": {"get": op("dokumen_riwayat_get", "Every transition of a document version in order: action, state before and after, who, when, the reason, and the rules evaluated with it; and the attempts the rules refused", ALL,
       params=[pemda, dokid],
       responses={"200": ok("The history.", {"type": "object", "required": ["dokumen_id", "jenis", "versi", "status", "items", "percobaan_ditolak"], "properties": {
           "dokumen_id": {"type": "integer"}, "jenis": {"type": "string"}, "opd_kode": {"type": "string"}, "versi": {"type": "integer"}, "status": {"type": "string"},
           "items": {"type": "array", "items": {"type": "object", "required": ["urutan", "aksi", "ke", "kapan", "siapa", "aturan"], "properties": {
               "urutan": {"type": "integer"}, "aksi": {"type": "string"}, "dari": {"type": ["string", "null"]}, "ke": {"type": "string"},
               "kapan": {"type": "string", "format": "date-time"}, "alasan": {"type": ["string", "null"]}, "hash_sebelum": {"type": ["string", "null"]}, "hash_sesudah": {"type": ["string", "null"]},
               "siapa": {"type": ["object", "null"], "properties": {"token_id": {"type": "integer"}, "nama": {"type": ["string", "null"]}, "pengguna": PELAKU}},
               "aturan": {"type": "array", "items": {"type": "object"}}}}},
           "percobaan_ditolak": {"type": "array", "items": {"type": "object"}}}}),
                  "400": prob("Bad id.")})},
 "/v1/pemda/{pemda}/ssh": {
   "get": op("ssh_list", "Standard unit prices in force for a year", ALL,
       params=[pemda, P("tahun", "Fiscal year.", {"type": "integer", "minimum": 2000, "maximum": 2100}, True),
               P("prefix", "Start of the item code.", {"type": "string"}), limit(500, 100), cursor],
       responses={"200": ok("A page of items, the latest version of each.", ref("SshPage")), "400": prob("Bad query parameter.")}),
   "post": op("ssh_post", "Record an SSH item, or a new version of its price", ["finance", "admin"], "unscoped", params=[pemda, idem], body=ref("SshInput"),
       responses={"201": ok("Recorded.", ref("Ssh"), replay=True), "400": prob("Invalid body or missing Idempotency-Key."),
                  "409": prob("The Idempotency-Key was used for another request."), "415": prob("Not application/json."),
                  "422": prob("An akun prefix is not an active kode rekening.")})},
 "/v1/pemda/{pemda}/ssh/impor": {"post": dict(op("ssh_impor_post", "Record a year's standard unit prices from CSV, all or nothing", ["finance", "admin"], "unscoped",
       params=[pemda, idem, P("tahun", "Fiscal year of the prices.", {"type": "integer", "minimum": 2000, "maximum": 2100}, True)],
       responses={"201": ok("Recorded (new versions for existing codes).", {"type": "object", "properties": {"tahun": {"type": "integer"}, "item": {"type": "integer"}}}, replay=True),
                  "400": prob("Not CSV with the columns kode, uraian, satuan, harga, akun; or missing tahun or Idempotency-Key."),
                  "409": prob("The Idempotency-Key was used for another request."), "413": prob("Too large."), "415": prob("Not text/csv."),
                  "422": impor_refusal("Rows refused (bytes that are not UTF-8, a row that is not CSV, a bad code, amount or akun), each named by its CSV line, column and reason; nothing was recorded.")}),
       requestBody={"required": True, "content": {"text/csv": {"schema": {"type": "string", "description": "Header kode, uraian, satuan, harga, akun; akun is a list of kode rekening prefixes separated by semicolons."}}}})},
 "/v1/pemda/{pemda}/dokumen/{id}/rules": {"get": op("dokumen_rules_get", "Every rules evaluation of a version: the pack by hash, each rule's result, refusals included", ALL, params=[pemda, dokid],
       responses={"200": ok("Evaluations, oldest first.", ref("RulesEvaluasiList")), "400": prob("Bad id.")})},
 "/v1/pemda/{pemda}/rules": {"get": op("rules_get", "The rule pack in force for the pemda today: national files and its Perkada files", ALL, params=[pemda],
       responses={"200": ok("The pack, its hash, rules and parameter tables.", ref("RulesPack"))})},
 "/v1/pemda/{pemda}/rules/evaluate": {"post": op("rules_evaluate_post", "Dry run: what the rules would say of an event on a version now (changes nothing, no Idempotency-Key)", ALL,
       params=[pemda], body={"type": "object", "additionalProperties": False, "required": ["dokumen_id"], "properties": {
           "dokumen_id": {"type": "integer", "minimum": 1}, "aksi": {"type": "string", "enum": ["submit", "verify", "lock"], "default": "lock"}}},
       responses={"200": ok("The evaluation; would_pass is false when an error rule fails.", {"type": "object", "required": ["dokumen_id", "status", "aksi", "would_pass", "rules"], "properties": {
                      "dokumen_id": {"type": "integer"}, "status": {"type": "string"}, "aksi": {"type": "string"}, "would_pass": {"type": "boolean"}, "rules": ref("RulesReport")}}),
                  "400": prob("Invalid body."), "415": prob("Not application/json."),
                  "422": prob("A rule could not be evaluated (rules-evaluation-error: division by zero, min of nothing, a missing table row, the step budget), or a Perkada file no longer loads (rules-invalid).")})},
 "/v1/pemda/{pemda}/rules/perkada": {
   "get": op("rules_perkada_list", "Every version of the pemda's own rule files", ALL, params=[pemda],
       responses={"200": ok("Versions by name.", {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("Perkada")}}})}),
   "post": op("rules_perkada_post", "Upload a new version of a pemda rule file (a Perkada as rules), in force from a date", ["admin"], "unscoped", params=[pemda, idem],
       body={"type": "object", "additionalProperties": False, "required": ["nama", "judul", "berlaku", "isi"], "properties": {
           "nama": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_]{0,59}$"}, "judul": {"type": "string", "minLength": 1, "maxLength": 300},
           "berlaku": {"type": "string", "format": "date"}, "isi": {"type": "string", "maxLength": 1048576, "description": "The rules file (see rules/README.md)."}}},
       responses={"201": ok("Recorded: the next version, immutable.", {"type": "object", "required": ["nama", "versi", "judul", "berlaku", "hash", "file", "rules"], "properties": {
                      "nama": {"type": "string"}, "versi": {"type": "integer"}, "judul": {"type": "string"}, "berlaku": {"type": "string"}, "hash": {"type": "string"}, "file": {"type": "string"}, "rules": {"type": "integer"}}}, replay=True),
                  "400": prob("Invalid body or missing Idempotency-Key."), "409": prob("The Idempotency-Key was used for another request."),
                  "413": prob("Over 2 MiB."), "415": prob("Not application/json."),
                  "422": prob("The file does not load with the pack in force (rules-invalid): rules_error gives file, line, column, message and the compiler-style text.")})},
 "/v1/pemda/{pemda}/rules/penandaan": {
   "get": op("rules_penandaan_list", "The pemda's own tagging of its belanja for the mandatory-spending classifications, oldest first", ALL,
       params=[pemda, P("tahun", "Only this fiscal year.", {"type": "integer", "minimum": 2000, "maximum": 2100})],
       responses={"200": ok("Rows.", {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("Penandaan")}}}), "400": prob("Bad tahun.")}),
   "post": op("rules_penandaan_post", "Add a tagging row: a sub kegiatan and an akun pattern that count (or not) in a classification, with its legal basis", ["finance", "admin"], "unscoped", params=[pemda, idem],
       body={"type": "object", "additionalProperties": False, "required": ["tahun", "kategori", "sub_kegiatan", "akun", "hitung", "dasar", "alasan"], "properties": {
           "tahun": {"type": "integer", "minimum": 2000, "maximum": 2100}, "kategori": {"type": "string", "description": "A classification of the rule pack: infrastruktur, pendidikan."},
           "sub_kegiatan": {"type": "string", "maxLength": 49, "description": "Pattern on the SIPD form: a code, code.*, * or * segments (*.*.01.*)."},
           "akun": {"type": "string", "maxLength": 49, "description": "Pattern, as sub_kegiatan."}, "hitung": {"type": "boolean"},
           "dasar": {"type": "string", "minLength": 1, "maxLength": 300, "description": "e.g. Keputusan Wali Kota 050/17/2027."}, "alasan": {"type": "string", "minLength": 1, "maxLength": 1000}}},
       responses={"201": ok("Recorded (append-only; of rows with the same patterns the newest is in force).", ref("Penandaan"), replay=True),
                  "400": prob("Invalid body (an unknown kategori or a bad pattern names its field) or missing Idempotency-Key."), "409": prob("The Idempotency-Key was used for another request."),
                  "415": prob("Not application/json.")})},
 "/v1/pemda/{pemda}/rules/kapasitas-fiskal": {
   "get": op("rules_kapasitas_list", "The pemda's kapasitas fiskal category by year, oldest first (the newest of a year is in force)", ALL,
       params=[pemda, P("tahun", "Only this fiscal year.", {"type": "integer", "minimum": 2000, "maximum": 2100})],
       responses={"200": ok("Rows.", {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("KapasitasFiskal")}}}), "400": prob("Bad tahun.")}),
   "post": op("rules_kapasitas_post", "Record the pemda's kapasitas fiskal category for a year, with the PMK of the map; the rules read it as kapasitas_fiskal", ["finance", "admin"], "unscoped", params=[pemda, idem],
       body={"type": "object", "additionalProperties": False, "required": ["tahun", "kategori", "dasar"], "properties": {
           "tahun": {"type": "integer", "minimum": 2000, "maximum": 2100}, "kategori": {"type": "string", "enum": ["sangat_rendah", "rendah", "sedang", "tinggi", "sangat_tinggi"]},
           "dasar": {"type": "string", "minLength": 1, "maxLength": 300, "description": "e.g. PMK 97/2025."}}},
       responses={"201": ok("Recorded.", ref("KapasitasFiskal"), replay=True),
                  "400": prob("Invalid body (a kategori that is not one of the five names its field) or missing Idempotency-Key."), "409": prob("The Idempotency-Key was used for another request."),
                  "415": prob("Not application/json.")})},
 "/v1/pemda/{pemda}/rules/temuan": {"get": op("rules_temuan_get", "Every finding the rules recorded on a year's documents (accepted evaluations), for the evaluators and reports", ALL,
       params=[pemda, P("tahun", "Fiscal year.", {"type": "integer", "minimum": 2000, "maximum": 2100}, True), P("format", "json (default) or csv.", {"type": "string", "enum": ["json", "csv"]})],
       responses={"200": {"description": "The findings, in order.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {
                      "application/json": {"schema": {"type": "object", "required": ["tahun", "jumlah", "items"], "properties": {"tahun": {"type": "integer"}, "jumlah": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object"}}}}},
                      "text/csv": {"schema": {"type": "string"}}}},
                  "400": prob("Missing or bad tahun, or a format that is not json or csv.")})},
 "/v1/pemda/{pemda}/rules/perkada/{nama}/{versi}": {"get": op("rules_perkada_get", "One version of a pemda rule file, with its text", ALL,
       params=[pemda, P("nama", "The file's name.", {"type": "string"}, True, "path"), P("versi", "Version.", {"type": "integer", "minimum": 1}, True, "path")],
       responses={"200": ok("The version.", {"allOf": [ref("Perkada"), {"type": "object", "required": ["isi"], "properties": {"isi": {"type": "string"}}}]}), "400": prob("Bad name or version.")})},
 "/v1/pemda/{pemda}/ledger/spd": {"post": op("ledger_spd_post", "SPD: spending authority of an OPD up to a month; cumulative SPD within cumulative anggaran kas", ["finance"], "unscoped",
       params=[pemda, idem], body=ref("SpdInput"), responses=ledger_resp)},
 "/v1/pemda/{pemda}/ledger/spm": {"post": op("ledger_spm_post", "SPM: reserve money in one or more pockets (pending), atomically", ["finance"],
       params=[pemda, idem], body=ref("BarisOpInput"), responses=ledger_resp)},
 "/v1/pemda/{pemda}/ledger/spm/{id}/void": {"post": op("ledger_void_post", "Void an SPM not yet posted: release all it reserved", ["finance"],
       params=[pemda, P("id", "The SPM's entri_id.", {"type": "integer", "minimum": 1}, True, "path"), idem],
       body={"type": "object", "additionalProperties": False, "required": ["tanggal", "alasan"], "properties": {"tanggal": {"type": "string", "format": "date"}, "alasan": {"type": "string", "maxLength": 1000}}},
       responses=ledger_resp)},
 "/v1/pemda/{pemda}/ledger/sp2d": {"post": op("ledger_sp2d_post", "SP2D: post an SPM in full (no lines) or in part (the rest released), or disburse directly without an SPM; within the OPD's SPD", ["finance"],
       params=[pemda, idem], body={"allOf": [ref("BarisOpInput"), {"type": "object", "properties": {"spm_id": {"type": "integer", "minimum": 1}}}]}, responses=ledger_resp)},
 "/v1/pemda/{pemda}/ledger/sts": {"post": op("ledger_sts_post", "STS: a receipt into pendapatan or penerimaan pembiayaan pockets (above the target allowed and visible)", ["finance", "revenue"],
       params=[pemda, idem], body=ref("BarisOpInput"), responses=ledger_resp)},
 "/v1/pemda/{pemda}/ledger/koreksi": {"post": op("ledger_koreksi_post", "Reverse an SP2D or STS in full, once, with a reason", ["finance"],
       params=[pemda, idem], body={"type": "object", "additionalProperties": False, "required": ["entri_id", "nomor", "tanggal", "alasan"], "properties": {
           "entri_id": {"type": "integer", "minimum": 1}, "nomor": {"type": "string", "maxLength": 100}, "tanggal": {"type": "string", "format": "date"}, "alasan": {"type": "string", "maxLength": 1000}}},
       responses=ledger_resp)},
 "/v1/pemda/{pemda}/ledger/batch": {"post": op("ledger_batch_post", "Up to 1,000 operations, each with its own idempotency_key; atomic: all or none in one transaction, else each on its own", ["finance", "revenue"],
       params=[pemda], body={"type": "object", "additionalProperties": False, "required": ["operasi"], "properties": {
           "atomic": {"type": "boolean", "default": False},
           "operasi": {"type": "array", "maxItems": 1000, "items": {"type": "object", "required": ["op", "idempotency_key"], "properties": {
               "op": {"type": "string", "enum": ["spd", "spm", "sp2d", "void", "sts", "koreksi"]}, "idempotency_key": {"type": "string", "minLength": 1, "maxLength": 255},
               "spm_id": {"type": "integer", "description": "For void: the SPM; for sp2d: the SPM posted."}}, "description": "The operation's own fields, as for its single endpoint."}}}},
       responses={"200": ok("Each operation's status with its entry (hasil) or problem (masalah); a replayed key returns its first result.", {"type": "object", "required": ["atomic", "committed", "berhasil", "ditolak", "operasi"]}),
                  "400": prob("An operation is malformed (checked before any runs)."), "403": prob("An operation the role or OPD scope may not post."),
                  "413": prob("Over 4 MiB."), "415": prob("Not application/json."),
                  "422": prob("Atomic: one operation was refused, so none was posted; gagal_pada names it and operasi holds every item's state.")})},
 "/v1/pemda/{pemda}/monev/realisasi": {"post": op("monev_realisasi_post", "Report an indicator's realisation for a quarter (or correct a closed quarter's report from an open one)", ["planner"],
       params=[pemda, idem], body={"type": "object", "additionalProperties": False, "required": ["tahun", "triwulan", "rkpd_id", "baris", "nilai", "fisik"], "properties": {
           "tahun": {"type": "integer"}, "triwulan": {"type": "integer", "minimum": 1, "maximum": 4}, "rkpd_id": {"type": "integer", "description": "The locked RKPD version."},
           "baris": {"type": "integer", "description": "Its indicator line."}, "nilai": {"type": "string", "pattern": "^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,4})?$"}, "fisik": {"type": "string", "description": "Physical progress to date, percent, at most 100."},
           "catatan": {"type": ["string", "null"], "maxLength": 2000}, "bukti": {"type": ["string", "null"], "maxLength": 500}, "koreksi_id": {"type": "integer", "description": "The closed quarter's report this corrects."}}},
       responses={"201": ok("Recorded.", {"type": "object"}, replay=True), "400": prob("Invalid body."), "403": prob("Another OPD's indicator for an OPD-scoped token."),
                  "404": prob("No such indicator in a locked RKPD of the year."), "409": prob("The quarter is closed, or the key was used for another request."),
                  "415": prob("Not application/json."), "422": prob("A correction that names no closed report of this indicator.")})},
 "/v1/pemda/{pemda}/monev/tutup": {"post": op("monev_tutup_post", "Close a quarter (after the earlier ones): its figures freeze, sealed by their hash; the close triwulan rules run", ["planner", "finance"], "unscoped",
       params=[pemda, idem], body={"type": "object", "additionalProperties": False, "required": ["tahun", "triwulan"], "properties": {"tahun": {"type": "integer"}, "triwulan": {"type": "integer", "minimum": 1, "maximum": 4}}},
       responses={"201": ok("Closed: the hash, and the rules' results (deviation warnings).", {"type": "object"}, replay=True), "400": prob("Invalid body."),
                  "409": prob("Already closed, or an earlier quarter is open."), "415": prob("Not application/json."), "422": prob("An error rule of close triwulan refuses.")})},
 "/v1/pemda/{pemda}/monev/evaluasi": {"get": op("monev_evaluasi_get", "The quarter's evaluation per Permendagri 86/2017: kinerja per indicator and keuangan per sub kegiatan, capaian and predikat", ALL,
       params=[pemda, tahun, P("triwulan", "Quarter, default 1.", {"type": "integer", "minimum": 1, "maximum": 4}), P("opd", "OPD code.", {"type": "string"}),
               P("format", "json (default) or csv.", {"type": "string", "enum": ["json", "csv"]})],
       responses={"200": {"description": "JSON, or CSV with Indonesian headers.", "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}}}},
                  "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/monev/skala": {
   "get": op("monev_skala_get", "The pemda's rating band tables (the newest of each kind is in force)", ALL, params=[pemda],
       responses={"200": ok("Tables with their bands.", {"type": "object"})}),
   "post": op("monev_skala_post", "A new band table: half-open bands [dari, sampai) from minus to plus infinity, no gap, no overlap", ["admin"], "unscoped",
       params=[pemda, idem], body={"type": "object", "additionalProperties": False, "required": ["jenis", "nama", "dasar_hukum", "pita"], "properties": {
           "jenis": {"type": "string", "enum": ["triwulan", "kumulatif"]}, "nama": {"type": "string"}, "dasar_hukum": {"type": "string"},
           "pita": {"type": "array", "maxItems": 20, "items": {"type": "object", "required": ["predikat"], "properties": {"dari": {"type": ["string", "null"]}, "sampai": {"type": ["string", "null"]}, "predikat": {"type": "string"}}}}}},
       responses={"201": ok("Recorded and in force.", {"type": "object"}, replay=True), "400": prob("Invalid body."), "415": prob("Not application/json."),
                  "422": prob("A gap, an overlap, an empty band, or not covering minus or plus infinity: the field names the band.")})},
 "/v1/pemda/{pemda}/laporan/lra": {"get": op("laporan_lra_get", "Laporan Realisasi Anggaran: anggaran (in force), anggaran murni and the difference, realisasi and % per akun level 1-6 to a date, for the pemda or one OPD", ALL,
       params=[pemda, tahun, P("sampai", "Realisation up to and including this date of the year (default 31 December).", {"type": "string", "format": "date"}),
               P("opd", "OPD code.", {"type": "string"}), P("format", "json (default), csv or xlsx.", {"type": "string", "enum": ["json", "csv", "xlsx"]})],
       responses={"200": {"description": "The LRA: JSON with a summary (surplus/defisit, pembiayaan neto), CSV, or an XLSX workbook with number formats and frozen headers (streamed from disk).",
                          "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}},
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
                  "400": prob("Bad query parameter (a date outside the year).")})},
 "/v1/pemda/{pemda}/pemeriksaan": {"get": op("pemeriksaan_list", "Evaluations, by id; an OPD-scoped token sees its own OPD's only", ALL,
       params=[pemda, tahun, P("triwulan", "Quarter 1-4.", {"type": "integer", "minimum": 1, "maximum": 4}), P("opd", "OPD code.", {"type": "string"}), limit(500, 100), cursor],
       responses={"200": ok("A page of evaluations: id, tahun, triwulan, opd_kode, status (draft or signed), hash, dibuat, ditandatangani, temuan (how many findings).", {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array", "items": {"type": "object", "required": ["id", "tahun", "triwulan", "opd_kode", "status", "temuan"]}}, "next_cursor": {"type": ["string", "null"]}}}),
                  "400": prob("Bad query parameter.")}),
   "post": op("pemeriksaan_post", "Open an inspector evaluation of an OPD for a quarter (a draft)", ["inspector"], "unscoped",
       params=[pemda, idem], body={"type": "object", "additionalProperties": False, "required": ["tahun", "triwulan", "opd_kode"], "properties": {"tahun": {"type": "integer"}, "triwulan": {"type": "integer"}, "opd_kode": {"type": "string"}}},
       responses={"201": ok("The draft evaluation.", ref("Pemeriksaan"), replay=True), "400": prob("Invalid body."), "404": prob("No such OPD."), "415": prob("Not application/json.")})},
 "/v1/pemda/{pemda}/pemeriksaan/{id}": {"get": op("pemeriksaan_get", "An evaluation with its findings, follow-ups and closings; hash_cocok recomputes the signed hash", ALL,
       params=[pemda, P("id", "Evaluation id.", {"type": "integer", "minimum": 1}, True, "path")],
       responses={"200": ok("The evaluation.", ref("Pemeriksaan")), "400": prob("Bad id.")})},
 "/v1/pemda/{pemda}/pemeriksaan/{id}/temuan": {"post": op("pemeriksaan_temuan_post", "Record a finding on a sub kegiatan of the OPD's DPA (draft only)", ["inspector"], "unscoped",
       params=[pemda, P("id", "Evaluation id.", {"type": "integer", "minimum": 1}, True, "path"), idem],
       body={"type": "object", "additionalProperties": False, "required": ["sub_kegiatan", "predikat", "temuan", "rekomendasi"], "properties": {"sub_kegiatan": {"type": "string"}, "predikat": {"type": "string"}, "temuan": {"type": "string"}, "rekomendasi": {"type": "string"}}},
       responses={"201": ok("The evaluation.", ref("Pemeriksaan"), replay=True), "400": prob("Invalid body."), "409": prob("The evaluation is signed."), "415": prob("Not application/json."), "422": prob("The sub kegiatan is not in the OPD's DPA.")})},
 "/v1/pemda/{pemda}/pemeriksaan/{id}/tandatangan": {"post": op("pemeriksaan_ttd_post", "Sign: the evaluation becomes immutable, sealed by its hash", ["inspector"], "unscoped",
       params=[pemda, P("id", "Evaluation id.", {"type": "integer", "minimum": 1}, True, "path"), idem],
       responses={"200": ok("The signed evaluation.", ref("Pemeriksaan"), replay=True), "400": prob("Missing Idempotency-Key."), "409": prob("Already signed."), "422": prob("No findings.")})},
 "/v1/pemda/{pemda}/pemeriksaan/{id}/temuan/{nomor}/tindak-lanjut": {"post": op("pemeriksaan_tindak_lanjut_post", "The OPD's follow-up of a finding of a signed evaluation", ["planner"],
       params=[pemda, P("id", "Evaluation id.", {"type": "integer", "minimum": 1}, True, "path"), P("nomor", "Finding number.", {"type": "integer", "minimum": 1}, True, "path"), idem],
       body={"type": "object", "additionalProperties": False, "required": ["uraian"], "properties": {"uraian": {"type": "string"}, "bukti": {"type": ["string", "null"]}}},
       responses={"201": ok("The evaluation.", ref("Pemeriksaan"), replay=True), "400": prob("Invalid body."), "403": prob("Another OPD's evaluation."), "409": prob("Not signed yet, or the finding is closed."), "415": prob("Not application/json.")})},
 "/v1/pemda/{pemda}/pemeriksaan/{id}/temuan/{nomor}/tutup": {"post": op("pemeriksaan_tutup_post", "Close a finding of a signed evaluation, once", ["inspector"], "unscoped",
       params=[pemda, P("id", "Evaluation id.", {"type": "integer", "minimum": 1}, True, "path"), P("nomor", "Finding number.", {"type": "integer", "minimum": 1}, True, "path"), idem],
       body={"type": "object", "additionalProperties": False, "properties": {"catatan": {"type": ["string", "null"]}}},
       responses={"201": ok("The evaluation.", ref("Pemeriksaan"), replay=True), "400": prob("Invalid body."), "409": prob("Not signed, or already closed."), "415": prob("Not application/json.")})},
 "/v1/pemda/{pemda}/laporan/monev": {"get": op("laporan_monev_get", "The e-monev report in the Permendagri 86/2017 layout: program, kegiatan, sub kegiatan, indicator, target, realisation per quarter, capaian and predikat, with the financial side", ALL,
       params=[pemda, tahun, P("triwulan", "Up to this quarter (default 4).", {"type": "integer", "minimum": 1, "maximum": 4}), P("opd", "OPD code.", {"type": "string"}),
               P("format", "json (default), csv or xlsx.", {"type": "string", "enum": ["json", "csv", "xlsx"]})],
       responses={"200": {"description": "One row per indicator.", "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}},
                                                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
                  "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/laporan/peringkat": {"get": op("laporan_peringkat_get", "OPD ranking by cumulative capaian (kinerja, then keuangan)", ALL,
       params=[pemda, tahun, P("triwulan", "Up to this quarter (default 4).", {"type": "integer", "minimum": 1, "maximum": 4}), P("opd", "OPD code.", {"type": "string"}),
               P("format", "json (default), csv or xlsx.", {"type": "string", "enum": ["json", "csv", "xlsx"]})],
       responses={"200": {"description": "One row per OPD, best first.", "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}},
                                                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
                  "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/ledger/kantong": {"get": op("ledger_kantong_list", "Pocket balances (an OPD-scoped token sees its own OPD's)", ALL,
       params=[pemda, tahun, P("opd", "OPD code.", {"type": "string"}), P("sub_kegiatan", "Sub kegiatan code, canonical or a penunjang one in SIPD's form.", {"type": "string"}), P("akun", "Kode rekening prefix.", {"type": "string"}), limit(500, 100), cursor],
       responses={"200": ok("A page of pockets.", {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array", "items": ref("Kantong")}, "next_cursor": {"type": ["string", "null"]}}}), "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/audit": {"get": op("audit_list", "The audit trail: every change made through the API (who, when, what was asked, its status), in order", ["inspector", "admin"], "unscoped",
       params=[pemda, P("dari", "From this day (WIB), YYYY-MM-DD.", {"type": "string", "format": "date"}), P("sampai", "To this day (WIB), included.", {"type": "string", "format": "date"}), P("token", "Only this token's changes (token_id).", {"type": "integer", "minimum": 1}), limit(500, 100), cursor],
       responses={"200": ok("A page of changes: audit_id, waktu, token_id, token_nama, peran, opd_kode, metode, jalur (a batch's operation as #/operasi/<i>), status, kunci.", {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array", "items": {"type": "object", "required": ["audit_id", "waktu", "token_id", "peran", "status", "kunci"], "properties": {"pengguna": PELAKU}}}, "next_cursor": {"type": ["string", "null"]}}}), "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/ledger/entri": {"get": op("ledger_entri_list", "Ledger entries, oldest first", ALL,
       params=[pemda, tahun, P("opd", "OPD code.", {"type": "string"}), P("jenis", "Kind.", {"type": "string", "enum": ["spd", "spm", "sp2d", "void", "sts", "koreksi"]}), P("kantong", "Only the entries with a line on this pocket (kantong_id): the entries behind its balance.", {"type": "integer", "minimum": 1}), limit(500, 100), cursor],
       responses={"200": ok("A page of entries.", {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array", "items": {"type": "object"}}, "next_cursor": {"type": ["string", "null"]}}}), "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/ledger/entri/{id}": {"get": op("ledger_entri_get", "One entry with its lines, the pockets now, and its Merkle proof when sealed", ALL,
       params=[pemda, P("id", "entri_id.", {"type": "integer", "minimum": 1}, True, "path")],
       responses={"200": ok("The entry and its proof: apply path to leaf (SHA-256 of the hex pair, sibling on its side) to reach the seal's root.", {"type": "object", "required": ["entri", "bukti"], "properties": {"entri": ref("Entri"), "bukti": {"type": ["object", "null"]}}}), "400": prob("Bad id.")})},
 "/v1/pemda/{pemda}/ledger/realisasi": {"get": op("ledger_realisasi_get", "Realisation by month or quarter against the cash plan", ALL,
       params=[pemda, tahun, P("opd", "OPD code.", {"type": "string"}), P("akun", "Kode rekening prefix.", {"type": "string"}), P("per", "bulan (default) or triwulan.", {"type": "string", "enum": ["bulan", "triwulan"]})],
       responses={"200": ok("Per period and cumulative: rencana kas, belanja, penerimaan.", {"type": "object"}), "400": prob("Bad query parameter.")})},
 "/v1/pemda/{pemda}/ledger/verify": {"get": op("ledger_verify_get", "Recompute every entry hash, seal root and chain, and pocket and OPD balance; name the first bad one", ALL, params=[pemda],
       responses={"200": ok("ok, counts, the latest seal (keep its hash), and pertama_rusak.", {"type": "object", "required": ["ok", "pertama_rusak"]})})},
 "/v1/pemda/{pemda}/ledger/segel": {"post": op("ledger_segel_post", "Seal every entry not yet sealed into the next Merkle seal, chained to the last", ["finance", "admin", "inspector"], "unscoped",
       params=[pemda, idem], responses={"201": ok("The latest seal.", {"type": "object"}, replay=True), "400": prob("Missing Idempotency-Key.")})},
 "/v1/pemda/{pemda}/checkpoint": {"get": op("checkpoint_list", "The pemda's signed checkpoints, oldest first: every ledger seal, locked document version, closed quarter and signed evaluation, its hash signed with the server's Ed25519 key (which the database never holds). Keep them: verify compares with them", ALL,
       params=[pemda, limit(1000, 100), cursor],
       responses={"200": ok("kunci (the public key, hex), items and next_cursor. Each item's signed text is pagu-checkpoint-v1 LF pemda LF urutan LF jenis LF ref LF hash LF detail LF waktu LF sebelum LF; checkpoint is its SHA-256, tanda its Ed25519 signature.", {"type": "object", "required": ["items", "next_cursor"], "properties": {"kunci": {"type": ["string", "null"]}, "items": {"type": "array", "items": ref("Checkpoint")}, "next_cursor": {"type": ["string", "null"]}}}), "400": prob("Bad limit or cursor.")})},
 "/v1/checkpoint/kunci": {"get": op("checkpoint_kunci_get", "The Ed25519 public key checkpoints are signed with (hex and PEM); fetch it once and keep it", ["public"], public=True,
       responses={"200": ok("algoritma, kunci (hex) and pem.", {"type": "object", "required": ["algoritma", "kunci"], "properties": {"algoritma": {"const": "Ed25519"}, "kunci": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "pem": {"type": "string"}}})})},
 "/v1/pemda/{pemda}/verify": {"get": op("verify_get", "Verify everything: ledger entries, seals and Merkle roots, balances; locked documents against their chains and lock events; closed quarters; signed evaluations with signer and time; the pockets' anggaran kas against their DPA lines; every checkpoint's chain and signature; the checkpoint log outside the database. Names the first bad item", ALL, "unscoped",
       params=[pemda], responses={"200": ok("ok, counts, belum_ditandatangani, belum_di_log, checkpoint_terakhir and pertama_rusak {jenis, id, alasan}.", ref("VerifyAll"))}),
     "post": op("verify_post", "Verify everything, and compare with the checkpoints a client kept (the body: an array of checkpoints, or a saved page with items); changes nothing, no Idempotency-Key", ALL, "unscoped",
       params=[pemda], body={"oneOf": [{"type": "array", "items": ref("Checkpoint")}, {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("Checkpoint")}}}]},
       responses={"200": ok("As for GET, with diperiksa.klien counting the kept checkpoints compared.", ref("VerifyAll")), "400": prob("The body is not JSON, or not checkpoints."), "415": prob("The body is not application/json.")})},
 "/v1/pemda/{pemda}/dokumen/{id}/verifikasi": {"get": op("dokumen_verifikasi_get", "Recompute the hash chain of the document", ALL, params=[pemda, dokid],
       responses={"200": ok("Whether every locked version hashes to its seal and links to its predecessor.", ref("Verifikasi")), "400": prob("Bad id.")})},
})

akun = {"type": "object", "additionalProperties": False, "required": ["kode", "level", "level_name", "nama", "aktif", "id_hkm"],
        "properties": {"kode": {"type": "string"}, "level": {"type": "integer", "minimum": 1, "maximum": 6},
                       "level_name": {"type": "string", "enum": ["akun", "kelompok", "jenis", "objek", "rincian_objek", "sub_rincian_objek"]},
                       "nama": {"type": "string"}, "aktif": {"type": "boolean"}, "id_hkm": {"type": "integer"}}}
referensi = {"type": "object", "required": ["kode", "dasar_hukum", "tahun_mulai"], "properties": {"kode": {"type": "string"}, "dasar_hukum": {"type": "string"}, "tahun_mulai": {"type": "integer"}}}
akund = {"allOf": [ref("Akun"), {"type": "object", "required": ["induk", "riwayat", "referensi", "tahun"], "properties": {
    "induk": {"type": "array", "items": ref("Akun"), "description": "Active parents, akun level first."},
    "riwayat": {"type": "array", "items": ref("Akun"), "description": "Other (retired) rows with the same code."},
    "referensi": ref("Referensi"), "tahun": {"type": "integer"}}}]}
nom = {"type": "object", "additionalProperties": False, "required": ["kode", "kode_lama", "level", "nama", "jenis_pemda", "aktif", "id_hkm"],
       "properties": {"kode": {"type": "string"}, "kode_lama": {"type": "string"}, "level": {"type": "string"}, "nama": {"type": "string"},
                      "jenis_pemda": {"type": "string", "enum": ["provinsi", "kabkota", "both"]}, "aktif": {"type": "boolean"}, "id_hkm": {"type": "integer"}}}
page = lambda item, extra=None: {"type": "object", "required": ["items", "next_cursor"], "properties": dict({"items": {"type": "array", "items": ref(item)}, "next_cursor": {"type": ["string", "null"]}}, **(extra or {}))}
opd = {"type": "object", "additionalProperties": False, "required": ["kode", "nama", "singkatan", "bidang", "versi"],
       "properties": {"kode": {"type": "string"}, "nama": {"type": "string"}, "singkatan": {"type": ["string", "null"]},
                      "bidang": {"type": "array", "items": {"type": "string"}}, "versi": {"type": "integer", "minimum": 1}}}
bid = {"type": "array", "minItems": 1, "maxItems": 10, "items": {"type": "string", "maxLength": 8, "description": "Bidang urusan code, e.g. 1.01."}}
opdc = {"type": "object", "additionalProperties": False, "required": ["kode", "nama", "bidang"],
        "properties": {"kode": {"type": "string", "maxLength": 31, "pattern": "^[0-9X]\\.[0-9X]{2}\\.[0-9]\\.[0-9]{2}\\.[0-9]\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$"},
                       "nama": {"type": "string", "minLength": 1, "maxLength": 200}, "singkatan": {"type": ["string", "null"], "maxLength": 40}, "bidang": bid}}
opdp = {"type": "object", "additionalProperties": False, "minProperties": 1,
        "properties": {"nama": {"type": "string", "minLength": 1, "maxLength": 200}, "singkatan": {"type": ["string", "null"], "maxLength": 40}, "bidang": bid}}
problem = {"type": "object", "required": ["type", "title", "status", "detail", "request_id"],
           "properties": {"type": {"type": "string", "description": "urn:pagu:problem:<slug>; see x-pagu-problem-types."},
                          "title": {"type": "string", "description": "The problem type's judul in Bahasa Indonesia (the default), its English title when the client asks for English (Accept-Language: en); see x-pagu-problem-types. The reply's Content-Language says which."},
                          "status": {"type": "integer"},
                          "detail": {"type": "string", "description": "What happened and what to do, from the message catalogue, in the same language as title."},
                          "instance": {"type": "string"}, "request_id": {"type": "string"},
                          "field": {"type": "string", "description": "JSON pointer, header or parameter at fault."}}}
health = {"type": "object", "required": ["status", "database", "version", "hari_ini", "tanggal_latihan"], "properties": {"status": {"type": "string"}, "database": {"type": "string"}, "version": {"type": "string"},
          "hari_ini": {"type": "string", "format": "date", "description": "What pagu takes for today: the training date when one is set (--today / PAGU_TODAY), else today in WIB. Postings after it and quarters not yet ended are refused."},
          "tanggal_latihan": {"type": "boolean", "description": "Whether hari_ini is a configured training date rather than the calendar."}}}

money = {"type": "string", "pattern": "^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?$", "description": "Rupiah as a decimal string, at most two decimals."}
smoney = {"type": "string", "pattern": "^-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?$", "description": "Rupiah as a decimal string, at most two decimals; negative for a decrease."}
dec = {"type": "string", "pattern": "^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,4})?$"}
nstr = lambda n: {"type": ["string", "null"]}
dokumen = {"type": "object", "required": ["id", "tahun", "jenis", "opd_kode", "versi", "asal_id", "status", "revisi", "hash", "hash_sebelum", "dibuat", "dikunci"],
           "properties": {"id": {"type": "integer"}, "tahun": {"type": "integer"}, "jenis": {"type": "string", "enum": ["rkpd", "kua_ppas", "rka", "apbd", "dpa"]},
                          "opd_kode": nstr(0), "versi": {"type": "integer"}, "asal_id": {"type": ["integer", "null"]},
                          "status": {"type": "string", "enum": ["draft", "submitted", "verified", "locked"]}, "revisi": {"type": "integer"},
                          "hash": nstr(0), "hash_sebelum": nstr(0), "dibuat": {"type": "string"}, "dikunci": nstr(0),
                          "tahap": {"type": "string", "enum": ["murni", "pergeseran", "perubahan"]}, "dasar": nstr(0),
                          "tanggal_dprd": {"type": ["string", "null"], "format": "date"}}}
rule_result = {"type": "object", "required": ["rule", "title", "cite", "file", "line", "severity", "applies", "passed", "message", "values"], "properties": {
    "rule": {"type": "string"}, "title": {"type": "string"}, "cite": {"type": "string", "description": "The regulation and article."},
    "file": {"type": "string"}, "line": {"type": "integer"}, "severity": {"type": "string", "enum": ["error", "warning", "finding"], "description": "In force for the fiscal year: error refuses; warning and finding pass, a finding travels with the document to the evaluators."},
    "tingkat": {"type": "string", "enum": ["menolak", "peringatan", "temuan"], "description": "The severity as a person reads it (issue 19): menolak (error), peringatan (warning), temuan (finding)."},
    "applies": {"type": "boolean"}, "passed": {"type": "boolean"}, "message": {"type": ["string", "null"], "description": "Indonesian formatting: Rp1.234.567,89, 29,87%."},
    "values": {"type": "object", "additionalProperties": {"type": "string"}, "description": "The rule's lets as exact decimal strings."},
    "disabled": {"type": "string"}, "for_each": {"type": "string"}, "groups": {"type": "integer"}, "failed": {"type": "integer"},
    "failures": {"type": "array", "items": {"type": "object", "properties": {"group": {"type": "string"}, "message": {"type": "string"}}}}}}
rules_report = {"type": "object", "required": ["event", "pack_hash", "files", "errors", "warnings", "results"], "properties": {
    "event": {"type": "string", "description": "e.g. lock apbd"},
    "peristiwa": {"type": "string", "description": "The event as a person reads it (issue 19), e.g. penguncian APBD."}, "pack_hash": {"type": "string"},
    "files": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "hash": {"type": "string"}}}},
    "errors": {"type": "integer", "description": "Failing rules of severity error: any refuses the transition."}, "warnings": {"type": "integer"},
    "findings": {"type": "integer", "description": "Failing rules of severity finding: recorded, shown on the document and in GET .../rules/temuan."},
    "results": {"type": "array", "items": ref("RuleResult")},
    "evaluation_error": {"type": "object", "properties": {"file": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"}, "message": {"type": "string"}, "text": {"type": "string"}}}}}
dok_schemas = {
  "RuleResult": rule_result, "RulesReport": rules_report,
  "Pemeriksaan": {"type": "object", "required": ["id", "tahun", "triwulan", "opd_kode", "status", "hash", "temuan"], "properties": {
      "id": {"type": "integer"}, "tahun": {"type": "integer"}, "triwulan": {"type": "integer"}, "opd_kode": {"type": "string"},
      "status": {"type": "string", "enum": ["draft", "signed"]}, "hash": {"type": ["string", "null"]}, "hash_cocok": {"type": ["boolean", "null"]},
      "temuan": {"type": "array", "items": {"type": "object"}}}},
  "Kantong": {"type": "object", "required": ["kantong_id", "tahun", "opd_kode", "sub_kegiatan", "akun", "arah", "alokasi", "pending", "realisasi", "kas"], "properties": {
      "kantong_id": {"type": "integer"}, "tahun": {"type": "integer"}, "opd_kode": {"type": "string"}, "sub_kegiatan": {"type": ["string", "null"], "description": "Null for a pendapatan or pembiayaan pocket kept by OPD and akun."},
      "bidang": {"type": ["string", "null"], "description": "The bidang of a penunjang (X.XX) sub kegiatan."}, "akun": {"type": "string"},
      "arah": {"type": "string", "enum": ["keluar", "masuk"]}, "dpa_id": {"type": "integer"}, "alokasi": money, "pending": money, "realisasi": {"type": "string"},
      "tersedia": {"type": ["string", "null"], "description": "alokasi - pending - realisasi, for spending pockets."}, "kas": {"type": "array", "items": money, "minItems": 12, "maxItems": 12}}},
  "Entri": {"type": "object", "required": ["entri_id", "tahun", "jenis", "opd_kode", "tanggal", "jumlah", "hash", "baris", "kantong"], "properties": {
      "entri_id": {"type": "integer"}, "tahun": {"type": "integer"}, "jenis": {"type": "string", "enum": ["spd", "spm", "sp2d", "void", "sts", "koreksi"]},
      "opd_kode": {"type": "string"}, "nomor": {"type": ["string", "null"]}, "tanggal": {"type": "string"}, "ref_id": {"type": ["integer", "null"]}, "jumlah": money,
      "hash": {"type": "string"}, "baris": {"type": "array"}, "kantong": {"type": "array", "items": ref("Kantong")}, "opd": {"type": ["object", "null"]}, "segel_id": {"type": ["integer", "null"]}}},
  "SpdInput": {"type": "object", "additionalProperties": False, "required": ["tahun", "opd_kode", "nomor", "tanggal", "bulan", "jumlah"], "properties": {
      "tahun": {"type": "integer"}, "opd_kode": {"type": "string"}, "nomor": {"type": "string", "maxLength": 100}, "tanggal": {"type": "string", "format": "date"},
      "bulan": {"type": "integer", "minimum": 1, "maximum": 12, "description": "The last month the SPD covers."}, "jumlah": money}},
  "BarisOpInput": {"type": "object", "required": ["tahun", "opd_kode", "nomor", "tanggal"], "properties": {
      "tahun": {"type": "integer"}, "opd_kode": {"type": "string"}, "nomor": {"type": "string", "maxLength": 100}, "tanggal": {"type": "string", "format": "date"},
      "baris": {"type": "array", "maxItems": 100, "items": {"type": "object", "additionalProperties": False, "required": ["kantong_id", "jumlah"], "properties": {"kantong_id": {"type": "integer"}, "jumlah": money}}}}},
  "RulesEvaluasiList": {"type": "object", "required": ["dokumen_id", "items"], "properties": {"dokumen_id": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object",
      "required": ["evaluasi_id", "event", "accepted", "event_seq", "pack_hash", "files", "time", "results"], "properties": {
      "evaluasi_id": {"type": "integer"}, "event": {"type": "string"}, "accepted": {"type": "boolean"}, "event_seq": {"type": ["integer", "null"], "description": "The transition's event; null when refused."},
      "pack_hash": {"type": "string"}, "files": {"type": "array"}, "token_id": {"type": ["integer", "null"]}, "time": {"type": "string"}, "results": {"type": "array"}}}}}},
  "RulesPack": {"type": "object", "required": ["pack_hash", "files", "rules", "tables"], "properties": {"pack_hash": {"type": "string"},
      "files": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "hash": {"type": "string"}, "source": {"type": "string", "enum": ["nasional", "perkada"]}, "rules": {"type": "integer"}, "tables": {"type": "integer"}}}},
      "rules": {"type": "array", "items": {"type": "object"}}, "tables": {"type": "array", "items": {"type": "object"}}, "error": {"type": "string", "description": "A Perkada file that no longer loads."}}},
  "Perkada": {"type": "object", "required": ["nama", "versi", "berlaku", "judul", "hash"], "properties": {"nama": {"type": "string"}, "versi": {"type": "integer"}, "berlaku": {"type": "string"}, "judul": {"type": "string"}, "hash": {"type": "string"}}},
  "Dokumen": dokumen, "DokumenPage": page("Dokumen"),
  "Total": {"type": "object", "description": "Amounts kept apart by kind, never added together: pendapatan (akun 4), belanja (5), penerimaan (6.1) and pengeluaran (6.2) pembiayaan. An RKPD's pagu indikatif counts as belanja; a KUA-PPAS's belanja is the sum of its OPD ceilings.",
      "required": ["pendapatan", "belanja", "penerimaan_pembiayaan", "pengeluaran_pembiayaan"],
      "properties": {"pendapatan": smoney, "belanja": smoney, "penerimaan_pembiayaan": smoney, "pengeluaran_pembiayaan": smoney}},
  "DokumenIsi": {"allOf": [ref("Dokumen"), {"type": "object", "required": ["baris", "total", "temuan"], "properties": {
      "baris": {"type": "array", "items": {"oneOf": [ref("RkpdItem"), ref("RkaBaris"), ref("Plafon")]}}, "total": ref("Total"),
      "temuan": {"type": "array", "description": "The findings of the version's accepted rules evaluations (a DPA: of its APBD).", "items": ref("TemuanDokumen")},
      "temuan_dari": {"type": ["integer", "null"], "description": "For a DPA: the APBD version the findings are of (null when there is none)."}}}]},
  "TemuanDokumen": {"type": "object", "required": ["evaluasi_id", "event", "rule", "severity", "message", "cite", "values", "waktu"], "properties": {
      "evaluasi_id": {"type": "integer"}, "event": {"type": "string"}, "rule": {"type": "string"}, "severity": {"type": "string", "enum": ["finding"]},
      "message": {"type": ["string", "null"]}, "cite": {"type": ["string", "null"]}, "values": {"type": "object"}, "waktu": {"type": "string"}}},
  "Penandaan": {"type": "object", "required": ["penandaan_id", "tahun", "kategori", "sub_kegiatan", "akun", "hitung", "dasar", "alasan", "token_id", "waktu"], "properties": {
      "penandaan_id": {"type": "integer"}, "tahun": {"type": "integer"}, "kategori": {"type": "string"}, "sub_kegiatan": {"type": "string"}, "akun": {"type": "string"},
      "hitung": {"type": "boolean"}, "dasar": {"type": "string"}, "alasan": {"type": "string"}, "token_id": {"type": ["integer", "null"]}, "waktu": {"type": "string"}}},
  "KapasitasFiskal": {"type": "object", "required": ["kapasitas_id", "tahun", "kategori", "dasar", "token_id", "waktu"], "properties": {
      "kapasitas_id": {"type": "integer"}, "tahun": {"type": "integer"}, "kategori": {"type": "string", "enum": ["sangat_rendah", "rendah", "sedang", "tinggi", "sangat_tinggi"]},
      "dasar": {"type": "string"}, "token_id": {"type": ["integer", "null"]}, "waktu": {"type": "string"}}},
  "DokumenCreate": {"type": "object", "additionalProperties": False, "required": ["tahun", "jenis"], "properties": {
      "tahun": {"type": "integer", "minimum": 2000, "maximum": 2100}, "jenis": {"type": "string", "enum": ["rkpd", "kua_ppas", "rka", "apbd", "dpa"]},
      "opd_kode": {"type": ["string", "null"], "description": "Required for rka and dpa, absent otherwise."}}},
  "RkpdItemInput": {"type": "object", "additionalProperties": False, "required": ["opd_kode", "sub_kegiatan", "indikator", "target", "satuan", "pagu_indikatif", "lokasi", "sumber_dana"],
      "properties": {"opd_kode": {"type": "string"}, "sub_kegiatan": {"type": "string", "description": "4- or 2-digit form; stored in the 4-digit form."},
                     "indikator": {"type": "string", "maxLength": 500}, "target": dec, "satuan": {"type": "string", "maxLength": 50},
                     "pagu_indikatif": money, "lokasi": {"type": "string", "maxLength": 500}, "sumber_dana": {"type": "string"},
                     "lokasi_titik": {"type": ["string", "null"], "description": "Optional point \"lat,lon\" in decimal degrees (WGS 84), kept as exact decimals."},
                     "rpjmd_kode": {"type": ["string", "null"], "maxLength": 50, "description": "Optional RPJMD program or target code."}}},
  "RkaBarisInput": {"type": "object", "additionalProperties": False, "required": ["akun", "uraian", "koefisien", "harga_satuan", "sumber_dana"],
      "properties": {"sub_kegiatan": {"type": ["string", "null"], "description": "4- or 2-digit form, or a penunjang one in SIPD's form (1.01.01.2.02.0001: X.XX.01.2.02.0001 under the OPD's bidang 1.01, which must be one of the OPD's). Absent or null only for a pendapatan (4) or pembiayaan (6) line, kept by OPD and akun."},
                     "akun": {"type": "string", "description": "Level-6 kode rekening, active."},
                     "uraian": {"type": "string", "maxLength": 500},
                     "koefisien": {"type": "array", "minItems": 1, "maxItems": 4, "items": {"type": "string", "description": "A factor and its unit, e.g. \"2 orang\" or \"2,5 m2\": a decimal point or comma with one to four decimals; no thousands separators (\"1.000\", \"1,000.5\" are refused as ambiguous, 422)."}},
                     "harga_satuan": money, "sumber_dana": {"type": "string"},
                     "ssh_kode": {"type": ["string", "null"], "description": "The SSH item the price refers to; the akun must be one it may be budgeted on."}}},
  "RkpdItem": {"type": "object", "required": ["baris", "opd_kode", "sub_kegiatan", "indikator", "target", "satuan", "pagu_indikatif", "lokasi", "sumber_dana"],
      "properties": {"baris": {"type": "integer"}, "opd_kode": {"type": "string"}, "sub_kegiatan": {"type": "string"}, "indikator": {"type": "string"}, "target": dec,
                     "satuan": {"type": "string"}, "pagu_indikatif": money, "lokasi": {"type": "string"}, "sumber_dana": {"type": "string"},
                     "lokasi_titik": {"type": "string"}, "rpjmd_kode": {"type": "string"}}},
  "RkaBaris": {"type": "object", "required": ["baris", "sub_kegiatan", "akun", "uraian", "koefisien", "volume", "harga_satuan", "jumlah", "sumber_dana"],
      "properties": {"baris": {"type": "integer"}, "sub_kegiatan": {"type": ["string", "null"], "description": "Canonical (a penunjang one as X.XX...); null for a pendapatan or pembiayaan line kept by OPD and akun."},
                     "bidang": {"type": ["string", "null"], "description": "The bidang a penunjang (X.XX) sub kegiatan is budgeted under."},
                     "sub_kegiatan_sipd": {"type": "string", "description": "A penunjang sub kegiatan as SIPD writes it, under its bidang."},
                     "akun": {"type": "string"}, "uraian": {"type": "string"},
                     "koefisien": {"type": "array", "items": {"type": "string"}}, "volume": {"type": "string"}, "harga_satuan": money,
                     "opd_kode": {"type": "string"}, "ssh": {"type": "object", "properties": {"kode": {"type": "string"}, "versi": {"type": "integer"}}}, "anggaran_kas": {"type": "array", "items": money, "minItems": 12, "maxItems": 12}, "asal": {"type": "object", "properties": {"dokumen_id": {"type": "integer"}, "baris": {"type": "integer"}}},
                     "jumlah": {"type": "string", "description": "volume x harga_satuan rounded half away from zero to the sen."}, "sumber_dana": {"type": "string"}}},
  "PlafonInput": {"type": "object", "additionalProperties": False, "required": ["jenis", "jumlah"], "properties": {
      "jenis": {"type": "string", "enum": ["opd", "sub_kegiatan", "pendapatan", "penerimaan_pembiayaan", "pengeluaran_pembiayaan"]},
      "opd_kode": {"type": ["string", "null"], "description": "For opd and sub_kegiatan ceilings."},
      "sub_kegiatan": {"type": ["string", "null"], "description": "For sub_kegiatan ceilings."}, "jumlah": money}},
  "Plafon": {"type": "object", "required": ["baris", "jenis", "jumlah"], "properties": {"baris": {"type": "integer"}, "jenis": {"type": "string"},
      "opd_kode": {"type": ["string", "null"]}, "sub_kegiatan": {"type": ["string", "null"]}, "jumlah": money}},
  "KasInput": {"type": "object", "additionalProperties": False, "required": ["baris"], "properties": {
      "baris": {"type": "integer", "minimum": 1}, "bulan": {"type": "array", "minItems": 12, "maxItems": 12, "items": money, "description": "January first; must sum to the line."},
      "rata": {"type": "boolean", "description": "Spread the line evenly: whole sen per month, the remainder in December."}}},
  "Diff": {"type": "object", "required": ["lama", "baru", "baris", "selisih"], "properties": {"lama": {"type": "integer"}, "baru": {"type": "integer"},
      "selisih": {"allOf": [ref("Total")], "description": "Net change of the amounts (new minus old), by kind."},
      "baris": {"type": "array", "items": {"type": "object", "required": ["baris", "aksi", "lama", "baru"], "properties": {
          "baris": {"type": "integer"}, "aksi": {"type": "string", "enum": ["tambah", "hapus", "ubah"]}, "opd_kode": {"type": ["string", "null"]},
          "sub_kegiatan": {"type": ["string", "null"]}, "akun": {"type": ["string", "null"]}, "uraian": {"type": ["string", "null"]},
          "lama": {"type": ["string", "null"]}, "baru": {"type": ["string", "null"]}}}}}},
  "Impor": {"type": "object", "required": ["baris", "revisi", "total"], "properties": {"baris": {"type": "integer"}, "revisi": {"type": "integer"}, "total": ref("Total")}},
  "ImporRefusal": {"description": "The refusal of a CSV import: every data row of the file is in baris_data, and is either at fault (named in errors by its CSV line, column and reason, the encoding included) or counted in baris_baik (held back, as an import is all or nothing).",
    "allOf": [{"$ref": "#/components/schemas/Problem"}, {
      "type": "object", "required": ["errors", "errors_total", "errors_truncated", "baris_data", "baris_ditolak", "baris_baik"],
      "properties": {
        "errors": {"type": "array", "maxItems": 1000, "description": "The faults ordered by line, at most 1000.", "items": {
          "type": "object", "required": ["baris_csv", "field", "detail"], "properties": {
            "baris_csv": {"type": "integer", "description": "The CSV line where the row starts (the header is line 1)."},
            "field": {"type": "string", "description": "The CSV column at fault, or csv for a row that is not CSV."},
            "detail": {"type": "string", "description": "Why, with the value; bytes that are not UTF-8 show as \\xNN."}}}},
        "errors_total": {"type": "integer", "description": "All faults found."},
        "errors_truncated": {"type": "boolean", "description": "Whether errors lists fewer than errors_total."},
        "baris_data": {"type": "integer", "description": "Data rows in the file (blank lines not counted)."},
        "baris_ditolak": {"type": "integer", "description": "Distinct rows at fault."},
        "baris_baik": {"type": "integer", "description": "Rows without a fault, not imported because others are refused."}}}]},
  "Ssh": {"type": "object", "required": ["kode", "versi", "tahun", "uraian", "satuan", "harga", "akun"], "properties": {
      "kode": {"type": "string"}, "versi": {"type": "integer"}, "tahun": {"type": "integer"}, "uraian": {"type": "string"}, "satuan": {"type": "string"},
      "harga": money, "akun": {"type": "array", "items": {"type": "string"}}}},
  "SshPage": page("Ssh"),
  "Token": {"type": "object", "required": ["id", "nama", "peran", "opd_kode"], "properties": {
      "id": {"type": "integer"}, "nama": {"type": "string"}, "peran": {"type": "string"}, "opd_kode": {"type": ["string", "null"]},
      "dibuat": {"type": "string", "format": "date-time"}, "dicabut": {"type": ["string", "null"], "format": "date-time"},
      "ini": {"type": "boolean", "description": "The token making this request."}}},
  "SshInput": {"type": "object", "additionalProperties": False, "required": ["tahun", "kode", "uraian", "satuan", "harga", "akun"], "properties": {
      "tahun": {"type": "integer", "minimum": 2000, "maximum": 2100}, "kode": {"type": "string", "maxLength": 40}, "uraian": {"type": "string", "maxLength": 500},
      "satuan": {"type": "string", "maxLength": 50}, "harga": money,
      "akun": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"type": "string", "description": "Kode rekening prefix, level 3 to 6."}}}},
  "Jejak": {"type": "object", "required": ["tahun", "opd_kode", "sub_kegiatan", "rkpd", "kua_ppas", "rka", "apbd", "dpa"],
      "properties": dict({"tahun": {"type": "integer"}, "opd_kode": {"type": "string"}, "sub_kegiatan": {"type": "string"}},
          **{k: {"type": "array", "items": {"type": "object", "required": ["dokumen_id", "versi", "status", "baris"], "properties": {
              "dokumen_id": {"type": "integer"}, "versi": {"type": "integer"}, "status": {"type": "string"}, "jumlah": {"type": ["string", "null"]},
              "baris": {"type": "integer"}, "indikator": {"type": "array", "items": {"type": "object"}},
              "tahap": {"type": "string", "enum": ["murni", "pergeseran", "perubahan"]}}}} for k in ["rkpd", "kua_ppas", "rka", "apbd", "dpa"]})},
  "Perubahan": {"type": "object", "additionalProperties": False, "required": ["alasan"], "properties": {"alasan": {"type": "string", "maxLength": 1000},
      "keadaan_luar_biasa": {"type": ["string", "null"], "maxLength": 1000, "description": "The basis of a second APBD Perubahan in the year (keadaan luar biasa); APBD only."}}},
  "Perbandingan": {"allOf": [ref("Dokumen"), {"type": "object", "required": ["baris", "belanja"], "properties": {
      "baris": {"type": "array", "items": {"type": "object", "required": ["opd_kode", "sub_kegiatan", "akun", "sebelum", "perubahan", "sesudah"], "properties": {
          "opd_kode": {"type": "string"}, "sub_kegiatan": {"type": ["string", "null"]}, "akun": {"type": "string"}, "sebelum": money,
          "perubahan": {"type": "string", "description": "sesudah - sebelum, may be negative."}, "sesudah": money}}},
      "belanja": {"type": "object", "description": "Belanja (5.*) only: pendapatan and pembiayaan are not added to it."}}}]},
  "Susun": {"type": "object", "required": ["baris", "rka", "revisi"], "properties": {"baris": {"type": "integer"}, "rka": {"type": "integer"}, "revisi": {"type": "integer"}}},
  "DpaCreate": {"type": "object", "additionalProperties": False, "required": ["opd_kode"], "properties": {"opd_kode": {"type": "string"}}},
  "BarisAdded": {"type": "object", "required": ["baris", "revisi"], "properties": {"baris": {"type": "integer"}, "revisi": {"type": "integer"}, "volume": {"type": "string"}, "jumlah": money}},
  "BarisRemoved": {"type": "object", "required": ["baris", "revisi"], "properties": {"baris": {"type": "integer"}, "revisi": {"type": "integer"}}},
  "Transisi": {"type": "object", "additionalProperties": False, "required": ["aksi"], "properties": {
      "aksi": {"type": "string", "enum": ["submit", "verify", "lock", "reject"]}, "alasan": {"type": ["string", "null"], "maxLength": 1000, "description": "Required for reject."},
      "tanggal_dprd": {"type": ["string", "null"], "format": "date", "description": "With lock of an APBD Perubahan: the date the DPRD approved it; at the latest 30 September of the year (UU 23/2014 Pasal 317 ayat (1), belum diverifikasi), not after today."}}},
  "Turunan": {"type": "object", "additionalProperties": False, "required": ["alasan"], "properties": {"alasan": {"type": "string", "maxLength": 1000}}},
  "Checkpoint": {"type": "object", "required": ["pemda", "urutan", "jenis", "ref", "hash", "detail", "waktu", "sebelum", "checkpoint", "kunci", "tanda"],
   "properties": {"pemda": {"type": "string"}, "urutan": {"type": "integer", "minimum": 1}, "jenis": {"type": "string", "enum": ["segel", "dokumen", "triwulan", "pemeriksaan"]},
    "ref": {"type": "string", "description": "segel_id, dokumen_id, tahun/triwulan or pemeriksaan id"}, "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "detail": {"type": "string", "description": "for an evaluation: v<hash version>|<signer token id>|<signing time>"}, "waktu": {"type": "string"},
    "sebelum": {"type": ["string", "null"], "description": "the previous checkpoint's checkpoint hash"}, "checkpoint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "kunci": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "tanda": {"type": "string", "pattern": "^[0-9a-f]{128}$"}}},
  "VerifyAll": {"type": "object", "required": ["ok", "kunci", "diperiksa", "belum_disegel", "belum_ditandatangani", "belum_di_log", "checkpoint_terakhir", "pertama_rusak"],
   "properties": {"ok": {"type": "boolean"}, "kunci": {"type": "string"}, "diperiksa": {"type": "object"}, "belum_disegel": {"type": "integer"},
    "belum_ditandatangani": {"type": "integer"}, "belum_di_log": {"type": "integer"}, "checkpoint_terakhir": {"type": ["object", "null"]},
    "pertama_rusak": {"type": ["object", "null"], "properties": {"jenis": {"type": "string"}, "id": {"type": "string"}, "alasan": {"type": "string"}}}}},
  "Verifikasi": {"type": "object", "required": ["ok", "versi_diperiksa", "pertama_rusak"], "properties": {"ok": {"type": "boolean"}, "versi_diperiksa": {"type": "integer"}, "pertama_rusak": {"type": ["integer", "null"]}}},
}

# People (issue 19): sign-in, a person's own account, the admin's people. A session is the
# pagu_sesi cookie (HttpOnly, SameSite=Strict) in place of the bearer token; a session's request
# other than GET/HEAD carries X-CSRF-Token (and, when it sends Origin, this server's own).
S = lambda props, req=None: {"type": "object", "required": req if req is not None else list(props), "properties": props}
str_ = {"type": "string"}; strn = {"type": ["string", "null"]}
pengguna_s = S({"id": {"type": "integer"}, "nip": {"type": "string", "pattern": "^[0-9]{18}$"}, "username": strn, "nama": str_, "jabatan": str_,
    "peran": {"type": "array", "items": {"type": "string", "enum": ALL}, "minItems": 1}, "opd_kode": strn, "status": {"type": "string", "enum": ["aktif", "nonaktif"]},
    "totp_aktif": {"type": "boolean"}, "harus_ganti_sandi": {"type": "boolean"}, "dibuat": str_, "diubah": str_,
    "gagal_terakhir": strn, "sesi_aktif": {"type": "integer"}, "token_id": {"type": "integer"}},
    ["id", "nip", "username", "nama", "jabatan", "peran", "opd_kode", "status", "totp_aktif", "harus_ganti_sandi", "dibuat", "diubah"])
sesi_s = S({"id": {"type": "integer"}, "dibuat": str_, "terakhir": str_, "alamat": str_, "agen": str_, "berakhir_idle": str_, "berakhir_mutlak": str_, "ini": {"type": "boolean"}})
items = lambda s: S({"items": {"type": "array", "items": s}})
kode_s = S({"pengguna": pengguna_s, "kode_sekali": {"type": ["string", "null"], "description": "The one-time code, shown once; null in a replay under the same Idempotency-Key (never stored)."}})
keamanan_s = S({"totp_wajib": {"type": "array", "items": {"type": "string", "enum": ALL}}, "idle_menit": {"type": "integer", "minimum": 5, "maximum": 1440}, "mutlak_jam": {"type": "integer", "minimum": 1, "maximum": 168}})
nocontent = {"description": "Done.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}}
idp = P("id", "Identifier.", {"type": "integer", "minimum": 1}, True, "path")
csrf_note = " A session's request carries X-CSRF-Token."
paths.update({
 "/v1/masuk": {"post": op("masuk_post", "Sign in with NIP (or username) and password, and a TOTP or recovery code when enrolled: sets the pagu_sesi cookie (HttpOnly, SameSite=Strict, Secure behind TLS). No Idempotency-Key (the reply carries a secret). Wrong NIP or password: one answer for both.", ["public"], public=True,
     body=S({"nip": {"type": "string", "maxLength": 64}, "sandi": {"type": "string"}, "kode": strn}, ["nip", "sandi"]),
     responses={"200": ok("Signed in.", S({"pengguna": pengguna_s, "csrf": str_, "terbatas": {"type": ["string", "null"], "enum": ["ganti_sandi", "daftar_totp", None]}, "berakhir_idle": str_, "berakhir_mutlak": str_})),
                "400": prob("Malformed body."), "401": prob("unauthenticated (wrong NIP or password) or second-factor-required."),
                "429": {"description": "too-many-requests: too many failed attempts for the account or the address.", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/problem+json": {"schema": ref("Problem")}}}})},
 "/v1/keluar": {"post": op("keluar_post", "Sign out: ends this session and clears the cookie." + csrf_note, ALL, responses={"204": nocontent})},
 "/v1/akun/sandi": {"post": op("akun_sandi_post", "Change one's password (NIST SP 800-63B rules); a session restricted after a one-time code may omit sandi_lama. Ends the person's other sessions." + csrf_note, ALL,
     body=S({"sandi_lama": strn, "sandi_baru": str_}, ["sandi_baru"]), responses={"204": nocontent, "400": prob("Wrong old password or malformed body."), "422": prob("password-rejected: too short or long, common, or holding the NIP, username, pagu or the pemda's name.")})},
 "/v1/akun/totp": {"post": op("akun_totp_post", "Start TOTP enrolment (RFC 6238): a new secret, its otpauth URI and QR code as SVG; not active until confirmed." + csrf_note, ALL,
     responses={"200": ok("Enrolment started.", S({"otpauth": str_, "qr_svg": str_, "rahasia": str_})), "409": prob("TOTP is already active.")})},
 "/v1/akun/totp/aktif": {"post": op("akun_totp_aktif_post", "Confirm TOTP enrolment with a code: TOTP active, 10 recovery codes shown once." + csrf_note, ALL,
     body=S({"kode": str_}), responses={"200": ok("Active.", S({"kode_pemulihan": {"type": "array", "items": str_, "minItems": 10, "maxItems": 10}})), "401": prob("second-factor-required: wrong code."), "409": prob("No enrolment started.")})},
 "/v1/akun/sesi": {"get": op("akun_sesi_list", "One's own live sessions.", ALL, responses={"200": ok("The sessions.", items(sesi_s))})},
 "/v1/akun/sesi/{id}/akhiri": {"post": op("akun_sesi_end", "End one of one's own sessions." + csrf_note, ALL, params=[idp], responses={"204": nocontent})},
 "/v1/akun/sesi/akhiri-semua": {"post": op("akun_sesi_end_all", "End every own session but this one." + csrf_note, ALL, responses={"200": ok("Ended.", S({"diakhiri": {"type": "integer"}}))})},
 "/v1/pemda/{pemda}/pengguna": {
   "get": op("pengguna_list", "The pemda's users", ["admin"], "unscoped", params=[pemda], responses={"200": ok("The users.", items(pengguna_s))}),
   "post": op("pengguna_create", "Create a user; the reply carries its first one-time code (shown once, valid 72 hours, forces a new password at sign-in).", ["admin"], "unscoped", params=[pemda, idem],
       body=S({"nip": {"type": "string", "pattern": "^[0-9]{18}$"}, "username": strn, "nama": str_, "jabatan": strn, "peran": {"type": "array", "items": {"type": "string", "enum": ALL}, "minItems": 1}, "opd_kode": strn}, ["nip", "nama", "peran"]),
       responses={"201": ok("Created.", kode_s, replay=True), "400": prob("Malformed body."), "409": prob("NIP or username taken."), "422": prob("The OPD is not this pemda's.")})},
 "/v1/pemda/{pemda}/pengguna/{id}": {
   "get": op("pengguna_get", "One user, with the last failed sign-in and live sessions", ["admin"], "unscoped", params=[pemda, idp], responses={"200": ok("The user.", pengguna_s)}),
   "patch": op("pengguna_patch", "Change a user's nama, jabatan, peran or opd_kode", ["admin"], "unscoped", params=[pemda, idp, idem],
       body=S({"nama": str_, "jabatan": str_, "peran": {"type": "array", "items": {"type": "string", "enum": ALL}}, "opd_kode": strn}, []), responses={"200": ok("Changed.", pengguna_s, replay=True), "400": prob("Malformed body."), "409": prob("An admin cannot drop their own admin role or scope themselves to one OPD."), "422": prob("The OPD is not this pemda's.")})},
 "/v1/pemda/{pemda}/pengguna/{id}/nonaktif": {"post": op("pengguna_nonaktif", "Disable a user: their sessions end at once", ["admin"], "unscoped", params=[pemda, idp, idem], responses={"200": ok("Disabled.", pengguna_s, replay=True), "409": prob("An admin cannot disable themselves.")})},
 "/v1/pemda/{pemda}/pengguna/{id}/aktif": {"post": op("pengguna_aktif", "Enable a user again", ["admin"], "unscoped", params=[pemda, idp, idem], responses={"200": ok("Enabled.", pengguna_s, replay=True)})},
 "/v1/pemda/{pemda}/pengguna/{id}/reset": {"post": op("pengguna_reset", "A new one-time code: the password stops working, sessions end; TOTP removed only with hapus_totp", ["admin"], "unscoped", params=[pemda, idp, idem],
     body=S({"hapus_totp": {"type": "boolean"}}, []), responses={"200": ok("Reset.", kode_s, replay=True)})},
 "/v1/pemda/{pemda}/pengguna/{id}/sesi": {"get": op("pengguna_sesi_list", "A user's live sessions", ["admin"], "unscoped", params=[pemda, idp], responses={"200": ok("The sessions.", items(sesi_s))})},
 "/v1/pemda/{pemda}/pengguna/{id}/sesi/akhiri": {"post": op("pengguna_sesi_end", "End every session of a user", ["admin"], "unscoped", params=[pemda, idp, idem], responses={"200": ok("Ended.", S({"diakhiri": {"type": "integer"}}), replay=True)})},
 "/v1/pemda/{pemda}/pengaturan/keamanan": {
   "get": op("keamanan_get", "The pemda's sign-in settings", ["admin"], "unscoped", params=[pemda], responses={"200": ok("The settings.", keamanan_s)}),
   "put": op("keamanan_put", "Set the pemda's sign-in settings", ["admin"], "unscoped", params=[pemda, idem], body=keamanan_s, responses={"200": ok("Set.", keamanan_s, replay=True), "400": prob("Malformed body.")})},
})

doc = {"openapi": "3.1.0",
       "info": {"title": "pagu", "version": "0.1.0",
                "description": "pagu carries an Indonesian regional government's money from plan to evaluation as one integrated, immutable record. Errors are RFC 9457 problem details; money is a decimal string with at most two decimals; every state-changing request needs an Idempotency-Key."},
       "servers": [{"url": "/"}],
       "paths": paths,
       "components": {
         "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "pagu_ followed by 43 base64url characters; create with `pagu token create`."}},
         "headers": {"X-Request-Id": {"description": "Echoed from the request or generated.", "schema": {"type": "string"}},
                     "ETag": {"description": "Version of the resource, for If-Match.", "schema": {"type": "string"}},
                     "Idempotent-Replayed": {"description": "true when this is the stored outcome of an earlier request with the same Idempotency-Key.", "schema": {"type": "string", "enum": ["true"]}}},
         "schemas": {**dok_schemas, "Problem": problem, "Health": health, "Akun": akun, "AkunDetail": akund, "Referensi": referensi, "Nomenklatur": nom,
                     "NomenklaturPage": page("Nomenklatur", {"tahun": {"type": "integer"}, "referensi": ref("Referensi")}),
                     "Opd": opd, "OpdPage": page("Opd"), "OpdCreate": opdc, "OpdPatch": opdp},
         "x-pagu-problem-types": errs}}
json.dump(doc, open(os.path.join(ROOT, 'api/openapi.json'), 'w'), indent=2, ensure_ascii=False)
open(os.path.join(ROOT, 'api/openapi.json'), 'a').write('\n')
