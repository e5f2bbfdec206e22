/* rules_json.c - a rules evaluation's report as the API shows it. */
#include "rules_json.h"

#include "api.h"

static json_t *values_json(const struct rules_gate_result *x)
{
	json_t *o = json_object();
	for (int l = 0; l < x->nvalues; l++)
		json_object_set_new(o, x->values[l].name, json_string(x->values[l].value));
	return o;
}

static json_t *failures_json(const struct rules_gate_result *x)
{
	json_t *arr = json_array();
	for (int i = 0; i < x->nfailures; i++)
		json_array_append_new(arr,
				      json_pack("{s:o, s:o}", "group", api_json_text(x->failures[i].kode), "message",
						api_json_text(x->failures[i].message ? x->failures[i].message : "")));
	return arr;
}

json_t *rules_report_json(const struct rules_report *rep)
{
	json_t *files = json_array();
	for (int i = 0; i < rep->nfiles; i++)
		json_array_append_new(files,
				      json_pack("{s:s, s:s}", "name", rep->files[i].name, "hash", rep->files[i].hash));
	json_t *results = json_array();
	for (int i = 0; i < rep->n; i++) {
		const struct rules_gate_result *x = &rep->res[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:b, s:o, s:o}", "rule", x->rule, "title",
				      x->title, "cite", x->cite, "file", x->file, "line", x->line, "severity",
				      x->severity, "applies", x->applies, "passed", x->passed, "message",
				      api_json_text(x->message), "values", values_json(x));
		/* the severity as a person reads it; "severity" stays the pack's word, for programs */
		json_object_set_new(o, "tingkat", api_json_text(rules_gate_tingkat(x->severity)));
		if (x->disabled)
			json_object_set_new(o, "disabled", json_string(x->disabled));
		if (x->for_each) {
			json_object_set_new(o, "for_each", json_string(x->for_each));
			json_object_set_new(o, "groups", json_integer(x->groups));
			json_object_set_new(o, "failed", json_integer(x->failed));
			json_object_set_new(o, "failures", failures_json(x));
		}
		json_array_append_new(results, o);
	}
	json_t *j = json_pack("{s:s, s:s, s:o, s:i, s:i, s:i, s:o}", "event", rep->event ? rep->event : "", "pack_hash",
			      rep->pack_hash ? rep->pack_hash : "", "files", files, "errors", rep->nerrors, "warnings",
			      rep->nwarnings, "findings", rep->nfindings, "results", results);
	char peristiwa[RULES_GATE_PERISTIWA_MAX];
	json_object_set_new(j, "peristiwa", api_json_text(rules_gate_peristiwa(rep->event, peristiwa)));
	if (rep->failed)
		json_object_set_new(j, "evaluation_error",
				    json_pack("{s:o, s:i, s:i, s:o, s:o}", "file",
					      api_json_text(rep->err.file ? rep->err.file : ""), "line", rep->err.line,
					      "column", rep->err.column, "message", api_json_text(rep->err.message),
					      "text", api_json_text(rep->err.text ? rep->err.text : "")));
	return j;
}
