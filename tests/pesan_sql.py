#!/usr/bin/env python3
"""pesan_sql.py - every refusal a procedure raises is a catalogue entry, with the entry's parameters.

A procedure refuses (SQLSTATE P9xxx) with the catalogue's key as its message and its parameters as
a JSON object in HINT (base/pesan/sql.def explains). This reads every RAISE EXCEPTION of
migrations/procedures/*.sql and fails, listing each, when:
  - a P9xxx refusal's message is not a key (English words, or a '%' not chosen from keys by a CASE);
  - a key it raises has no entry in base/pesan/*.def (a message without its Indonesian text);
  - the names of its HINT's json_build_object are not the parameters the entry's text names.
Run from the source root (or give it as the first argument).
"""
import glob
import os
import re
import sys

if len(sys.argv) > 1:
    os.chdir(sys.argv[1])

KEY = re.compile(r"^[A-Z][A-Z0-9_]+$")


def statements(src):
    """Each RAISE EXCEPTION statement: (line, text up to its ';')."""
    for m in re.finditer(r"RAISE\s+EXCEPTION\s+'", src):
        i, depth, quoted = m.end() - 1, 0, False
        while i < len(src):
            c = src[i]
            if quoted:
                if c == "'":
                    if src[i + 1 : i + 2] == "'":
                        i += 1
                    else:
                        quoted = False
            elif c == "'":
                quoted = True
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == ";" and depth == 0:
                break
            i += 1
        yield src.count("\n", 0, m.start()) + 1, src[m.start() : i]


def split_top(t):
    """Splits at commas outside quotes and brackets."""
    parts, depth, quoted, cur, i = [], 0, False, "", 0
    while i < len(t):
        c = t[i]
        cur += c
        if quoted:
            if c == "'":
                if t[i + 1 : i + 2] == "'":
                    cur += "'"
                    i += 1
                else:
                    quoted = False
        elif c == "'":
            quoted = True
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(cur[:-1].strip())
            cur = ""
        i += 1
    if cur.strip():
        parts.append(cur.strip())
    return parts


entries = {}
for path in sorted(glob.glob("base/pesan/*.def")):
    with open(path, encoding="utf-8") as f:
        for m in re.finditer(r'^PESAN\((\w+),\s*"((?:[^"\\]|\\.)*)"', f.read(), re.M):
            entries[m.group(1)] = set(re.findall(r"\{([a-z0-9_]+)(?::[a-z]+)?\}", m.group(2)))

faults, raised = [], 0
for path in sorted(glob.glob("migrations/procedures/*.sql")):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    for line, st in statements(src):
        where = f"{path}:{line}"
        code = re.search(r"ERRCODE\s*=\s*'([0-9A-Z]{5})'", st)
        if not code or not code.group(1).startswith("P9"):
            continue  # not a refusal a client receives (an internal guard: a 500, logged)
        raised += 1
        using = re.search(r"\bUSING\b", st)
        head = st[: using.start()] if using else st
        msg = re.match(r"RAISE\s+EXCEPTION\s+'((?:[^']|'')*)'", st).group(1)
        if KEY.match(msg):
            keys = [msg]
        elif msg == "%" and re.search(r"\bCASE\b", head):
            keys = re.findall(r"\b(?:THEN|ELSE)\s+'([^']*)'", head)
            bad = [k for k in keys if not KEY.match(k)]
            if not keys or bad:
                faults.append(f"{where}: a CASE that chooses something other than catalogue keys: {bad or head!r}")
                continue
        else:
            faults.append(f"{where}: raises {msg!r}, not a catalogue key")
            continue
        names = set()
        hint = re.search(r"HINT\s*=\s*json_build_object\(", st)
        if hint:
            body, depth, i = "", 1, hint.end()
            while depth and i < len(st):
                depth += {"(": 1, ")": -1}.get(st[i], 0)
                body += st[i]
                i += 1
            args = split_top(body[:-1])
            names = {a.strip("'") for a in args[0::2]}
        elif re.search(r"HINT\s*=", st):
            names = None  # built beforehand (a variable): its names are not read here
        for k in keys:
            if k not in entries:
                faults.append(f"{where}: {k} has no entry in base/pesan/*.def")
            elif names is not None and names != entries[k]:
                faults.append(f"{where}: {k} is raised with parameters {sorted(names)}, its text names {sorted(entries[k])}")

for x in faults:
    print(x)
if not raised:
    print("no refusal found in migrations/procedures/*.sql: is this the source root?")
    sys.exit(1)
sys.exit(1 if faults else 0)
