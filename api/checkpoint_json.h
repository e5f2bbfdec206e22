/* checkpoint_json.h - checkpoints as JSON: the API's items, the log's lines, a client's kept copy. */
#ifndef PAGU_CHECKPOINT_JSON_H
#define PAGU_CHECKPOINT_JSON_H

#include <jansson.h>

#include "verify.h"

/* The checkpoint as the API shows it and the log keeps it (a new reference). */
json_t *checkpoint_to_json(const struct checkpoint *c);

/*
 * Fills @c from the JSON object @o (strings copied into @a); NULL when every field is there with
 * the right type, else which is not. The content is checked later, by checkpoint_check.
 */
const char *checkpoint_from_json(struct arena *a, json_t *o, struct checkpoint *c);

/*
 * Checkpoints from a JSON document: an array of them, or an object with "items" (a page of
 * GET .../checkpoint) or "checkpoint" holding the array. A member that is not one sets
 * @out->malformed. false when @doc has neither shape.
 */
bool checkpoint_read_json(struct arena *a, json_t *doc, struct verify_copy *out);

/*
 * Checkpoints from the file @path: JSON lines (the log's form, and what a client appends), or one
 * JSON document as checkpoint_read_json takes. A file that does not exist gives present = false; a
 * line that is not a checkpoint sets malformed. PAGU_E_IO when it exists and cannot be read.
 */
pagu_err checkpoint_read_file(struct arena *a, const char *path, struct verify_copy *out);

#endif
