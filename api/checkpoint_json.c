/* checkpoint_json.c - checkpoints to and from JSON, and reading the log and clients' copies. */
#include "checkpoint_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"

json_t *checkpoint_to_json(const struct checkpoint *c)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:s}", "pemda", c->pemda, "urutan",
			 (json_int_t)c->urutan, "jenis", c->jenis, "ref", c->ref, "hash", c->hash, "detail", c->detail,
			 "waktu", c->waktu, "sebelum", *c->sebelum ? c->sebelum : NULL, "checkpoint", c->checkpoint,
			 "kunci", c->kunci, "tanda", c->tanda);
}

static const char *str(struct arena *a, json_t *o, const char *name, bool *ok)
{
	json_t *v = json_object_get(o, name);
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
		*ok = false;
		return "";
	}
	return arena_strdup(a, json_string_value(v));
}

const char *checkpoint_from_json(struct arena *a, json_t *o, struct checkpoint *c)
{
	if (!json_is_object(o))
		return "it is not a JSON object";
	bool ok = true;
	json_t *u = json_object_get(o, "urutan"), *sb = json_object_get(o, "sebelum");
	if (!json_is_integer(u))
		return "urutan is not an integer";
	*c = (struct checkpoint){ .pemda = str(a, o, "pemda", &ok),
				  .urutan = (int64_t)json_integer_value(u),
				  .jenis = str(a, o, "jenis", &ok),
				  .ref = str(a, o, "ref", &ok),
				  .hash = str(a, o, "hash", &ok),
				  .detail = str(a, o, "detail", &ok),
				  .waktu = str(a, o, "waktu", &ok),
				  .sebelum = json_is_null(sb) ? "" : str(a, o, "sebelum", &ok),
				  .checkpoint = str(a, o, "checkpoint", &ok),
				  .kunci = str(a, o, "kunci", &ok),
				  .tanda = str(a, o, "tanda", &ok) };
	if (!ok)
		return "a field is missing or not a string";
	if (!checkpoint_nomor(c->jenis, c->ref, &c->nomor))
		return "its jenis and ref do not name an item";
	return NULL;
}

/* Appends @o to @out, or records it as malformed (@where names it). */
static void add(struct arena *a, json_t *o, struct verify_copy *out, size_t *cap, const char *where)
{
	if (out->n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 64;
		struct checkpoint *n = arena_alloc(a, ncap * sizeof(*n));
		if (out->n)
			memcpy(n, out->items, out->n * sizeof(*n));
		out->items = n;
		*cap = ncap;
	}
	struct checkpoint *c = (struct checkpoint *)&out->items[out->n];
	const char *why = checkpoint_from_json(a, o, c);
	if (!why)
		out->n++;
	else if (!out->malformed)
		out->malformed = arena_printf(a, "%s is not a checkpoint: %s", where, why);
}

bool checkpoint_read_json(struct arena *a, json_t *doc, struct verify_copy *out)
{
	*out = (struct verify_copy){ .present = true };
	json_t *arr = json_is_array(doc) ? doc : json_object_get(doc, "items");
	if (!arr)
		arr = json_object_get(doc, "checkpoint");
	if (!json_is_array(arr))
		return false;
	size_t cap = 0, i;
	json_t *o;
	json_array_foreach (arr, i, o) {
		add(a, o, out, &cap, arena_printf(a, "item %zu", i));
	}
	return true;
}

pagu_err checkpoint_read_file(struct arena *a, const char *path, struct verify_copy *out)
{
	*out = (struct verify_copy){ 0 };
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? PAGU_OK : PAGU_E_IO;
	out->present = true;
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	ssize_t len;
	long no = 0;
	bool first = true;
	while ((len = getline(&line, &lcap, f)) >= 0) {
		no++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		json_error_t err;
		json_t *o = json_loadb(line, (size_t)len, 0, &err);
		if (first && (!json_is_object(o) || json_is_array(json_object_get(o, "items")) ||
			      json_is_array(json_object_get(o, "checkpoint")))) {
			/* not JSON lines: the whole file as one document (an array or a saved page) */
			json_decref(o);
			fclose(f);
			free(line);
			char *text = NULL;
			size_t tl = 0;
			if (file_read_all(path, 256u << 20, &text, &tl) != PAGU_OK)
				return PAGU_E_IO;
			json_t *doc = json_loadb(text, tl, 0, &err);
			free(text);
			if (!doc || !checkpoint_read_json(a, doc, out)) {
				*out = (struct verify_copy){ .present = true,
							     .malformed = "content is neither JSON lines nor a JSON "
									  "array of checkpoints" };
			}
			json_decref(doc);
			return PAGU_OK;
		}
		first = false;
		if (!o) {
			if (!out->malformed)
				out->malformed = arena_printf(a, "line %ld is not JSON", no);
			continue;
		}
		add(a, o, out, &cap, arena_printf(a, "line %ld", no));
		json_decref(o);
	}
	free(line);
	bool rerr = ferror(f);
	fclose(f);
	return rerr ? PAGU_E_IO : PAGU_OK;
}
