#!/bin/sh
# bahasa.sh - what a person reads comes from the message catalogue (base/pesan), never from a
# printf in C. In api/, engine/ and cli/ this prints, as file:line, and exits 1 on:
#   - a call of api_problem(), the retired printf problem: say it with api_tolak() and an entry
#     in base/pesan/<area>.def (Indonesian and English);
#   - a detail given as a string literal or a printf (arena_printf, snprintf) to one of the calls
#     that take text already in the reader's language: api_problem_new(), impor_fault_teks();
#   - the English title of a problem (pagu_err_title) outside api/reply.c: api_judul() gives the
#     reader's, and api_fault_teks() an engine refusal's text with the reader's title as its
#     fallback.
# Run from the source root (or give it as $1).
set -eu
[ $# -gt 0 ] && cd "$1"

files=$(find api engine cli -name '*.[ch]' | sort)

# shellcheck disable=SC2086 # the file list is paths without spaces, split on purpose
awk '
function complain(line, msg) {
	print cur ":" line ": " msg
	bad = 1
}
# where the call whose open parenthesis is at offset @open of @s ends (strings skipped)
function call_end(s, open,    i, c, depth, instr) {
	depth = 0
	instr = 0
	for (i = open; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (instr) {
			if (c == "\\") i++
			else if (c == "\"") instr = 0
		} else if (c == "\"") instr = 1
		else if (c == "(") depth++
		else if (c == ")" && --depth == 0) return i
	}
	return length(s)
}
# the last top-level argument of the call text @t (from its open parenthesis)
function last_arg(t,    i, c, depth, instr, start) {
	depth = 0
	instr = 0
	start = 2
	for (i = 1; i <= length(t); i++) {
		c = substr(t, i, 1)
		if (instr) {
			if (c == "\\") i++
			else if (c == "\"") instr = 0
		} else if (c == "\"") instr = 1
		else if (c == "(") depth++
		else if (c == ")") depth--
		else if (c == "," && depth == 1) start = i + 1
	}
	t = substr(t, start, length(t) - start)
	gsub(/^[ \t\n]+/, "", t)
	return t
}
function line_of(s, at,    pre) {
	pre = substr(s, 1, at)
	return gsub(/\n/, "", pre) + 1
}
function check(s,    rest, off, m, name, open, end, arg, at) {
	off = 0
	rest = s
	while (match(rest, /(^|[^A-Za-z0-9_])(api_problem|api_problem_new|impor_fault_teks)[ \t]*\(/)) {
		m = substr(rest, RSTART, RLENGTH)
		name = m
		sub(/^[^A-Za-z_]/, "", name)
		sub(/[ \t]*\($/, "", name)
		open = off + RSTART + RLENGTH - 1
		end = call_end(s, open)
		at = line_of(s, open)
		if (name == "api_problem")
			complain(at, "api_problem() is retired: say it with api_tolak() and a base/pesan entry (Indonesian and English)")
		else {
			arg = last_arg(substr(s, open, end - open + 1))
			if (arg ~ /^"/ || arg ~ /^(arena_printf|snprintf|asprintf)[ \t]*\(/)
				complain(at, name "() given a literal or printf text: render a base/pesan entry (api_pesan, api_fault_teks)")
		}
		off = end
		rest = substr(s, end + 1)
	}
}
/pagu_err_title\(/ && FILENAME ~ /^api\// && FILENAME != "api/reply.c" && $0 !~ /^[ \t]*(\/\*|\*)/ {
	print FILENAME ":" FNR ": pagu_err_title() is the English title: use api_judul() or api_fault_teks()"
	bad = 1
}
FNR == 1 {
	if (NR > 1) check(text)
	text = ""
	cur = FILENAME
}
{
	line = $0
	# a prototype or a comment naming the function is not a call
	if (line ~ /^[ \t]*(\/\*|\*)/ || line ~ /^[a-z].*[ *](api_problem_new|impor_fault_teks)\(struct/) line = ""
	text = text line "\n"
}
END {
	check(text)
	if (bad) {
		print "bahasa: text a person reads must come from the catalogue (base/pesan), in their language (above)"
		exit 1
	}
	print "bahasa: no printf problem, no literal detail in api/, engine/, cli/"
}
' $files
