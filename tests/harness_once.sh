#!/bin/sh
# harness_once.sh DIR - a helper is defined once, in the harness (tests/harness.c), and called
# from there: fails when a test source in DIR defines a function harness.h declares, or when one
# function body stands twice among DIR's sources (harness.c included), string and number
# literals and white space aside, as a copied helper with another name or prefix does.
cd "$1" || exit 2
status=0
names=$(grep -oE '^[a-z][a-z_0-9 *]*[ *][a-z_0-9]+\(' harness.h | sed -E 's/.*[ *]([a-z_0-9]+)\($/\1/' | sort -u)
[ -n "$names" ] || { echo "harness_once: no functions found in harness.h"; exit 2; }
for f in *.c; do
	[ "$f" = harness.c ] && continue
	for n in $names; do
		if grep -nE "^[a-z][^;]*[ *]$n\([^;]*$" "$f" >/dev/null; then
			echo "$f: defines $n, which harness.h declares: call the harness's"
			status=1
		fi
	done
done
awk '
FNR == 1 { inbody = 0 }
/^[a-zA-Z].*\(/ && !/;[ \t]*$/ { sig = FNR; name = $0; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name) }
/^\{$/ { inbody = 1; body = ""; next }
inbody && /^\}$/ {
	inbody = 0
	if (gsub(/;/, ";", body) >= 2) {
		if (body in seen) {
			print FILENAME ":" sig ": the body of " name " is the one at " seen[body] ": keep one, in the harness"
			bad = 1
		} else
			seen[body] = FILENAME ":" sig " (" name ")"
	}
	next
}
inbody {
	l = $0
	gsub(/"([^"\\]|\\.)*"/, "\"\"", l)
	gsub(/[0-9]+/, "0", l)
	gsub(/[ \t]+/, "", l)
	if (l !~ /^\/\*/ && l !~ /^\*/)
		body = body l "\n"
}
END { exit bad }
' *.c || status=1
[ $status -eq 0 ] && echo "harness_once: no test source copies a helper"
exit $status
