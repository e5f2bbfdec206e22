#!/bin/sh
# layers.sh - the include graph drawn from the code, held against the layers DESIGN.md draws:
#
#   api -> engine -> {rules, base}, rules -> base, cli -> {api, engine, base}
#
# Every `#include "x.h"` of a C file in base/, rules/, engine/ (engine/private/ is the engine's
# alone), api/ and cli/ is resolved to the layer whose directory holds x.h, and every arrow not in
# the list above (nor within one layer) is printed as file:line. So are the libraries a layer may
# not see: libpq's headers outside the engine, jansson and libmicrohttpd in base/, rules/ and the
# engine. Run from the source root (or give it as $1); exits 1 when anything is printed.
set -eu
[ $# -gt 0 ] && cd "$1"

files=$(find base rules engine api cli -name '*.[ch]' | sort)
headers=$(find base rules engine api cli -name '*.h' | sort)

# shellcheck disable=SC2086 # the file lists are paths without spaces, split on purpose
awk -v headers="$headers" '
function layer(path,    d) {
	d = path
	sub(/\/[^\/]*$/, "", d)
	if (d == "engine/private") return "engine_private"
	if (d == "base" || d == "rules" || d == "engine" || d == "api" || d == "cli") return d
	return ""
}
function allowed(from, to) {
	if (from == to) return 1
	if (from == "engine_private") from = "engine"
	if (from == to) return 1
	if (from == "engine" && (to == "engine_private" || to == "rules" || to == "base")) return 1
	if (from == "api" && (to == "engine" || to == "base")) return 1
	if (from == "rules" && to == "base") return 1
	if (from == "cli" && (to == "api" || to == "engine" || to == "base")) return 1
	return 0
}
function complain(msg) {
	print FILENAME ":" FNR ": " msg
	bad = 1
}
BEGIN {
	n = split(headers, h, "\n")
	for (i = 1; i <= n; i++) {
		name = h[i]
		sub(/^.*\//, "", name)
		if (name in owner && owner[name] != layer(h[i]))
			dup[name] = 1
		owner[name] = layer(h[i])
	}
}
FNR == 1 { from = layer(FILENAME) }
/^[ \t]*#[ \t]*include[ \t]*[<"]/ {
	line = $0
	sub(/^[ \t]*#[ \t]*include[ \t]*/, "", line)
	sys = substr(line, 1, 1) == "<"
	name = substr(line, 2)
	sub(/[>"].*$/, "", name)
	if (sys) {
		if ((name == "libpq-fe.h" || name ~ /^libpq\// || name ~ /^postgres/) && from != "engine" && from != "engine_private")
			complain(from " includes <" name ">: only the engine sees libpq")
		if ((name == "jansson.h" || name == "microhttpd.h") && from != "api" && from != "cli")
			complain(from " includes <" name ">: JSON and HTTP are the api'"'"'s")
		next
	}
	base = name
	sub(/^.*\//, "", base)
	if (!(base in owner))
		next # a generated header (pagu_build.h) or one outside the layers
	to = owner[base]
	if (base in dup)
		complain(from " includes \"" name "\", a name two layers use: it cannot be told which")
	else if (to == "engine_private" && !allowed(from, to))
		complain(from " includes \"" name "\" from engine/private: the engine'"'"'s alone")
	else if (!allowed(from, to))
		complain(from " includes \"" name "\" (" to "/): " from " -> " to " is not an arrow of the layers")
}
END {
	if (bad) {
		print "layers: the include graph has arrows DESIGN.md does not draw (above)"
		exit 1
	}
	print "layers: api -> engine -> {rules, base}, rules -> base, cli -> {api, engine, base}: no other arrow"
}
' $files
