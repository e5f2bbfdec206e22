#!/usr/bin/env python3
"""pesan_rules.py - every rule the shipped pack (rules/*.rules) holds speaks Bahasa Indonesia.

A rule's title and message reach a person (a refusal's detail, a finding on a document); the
pack's English words (event names, severities) stay under the console's technical fold. Fails,
listing each, when a rule has no message, or its title or message (outside the {expressions}
it fills in) holds a word of the English stop list below; the titles of tables and
classifications too. Run from the source root (or give it as the first argument).
"""
import glob
import os
import re
import sys

if len(sys.argv) > 1:
    os.chdir(sys.argv[1])

# English words that are not also Indonesian (nor codes a message quotes)
STOP = set(
    """the of is are and or not no must should shall may than more less above below over under
    exceeds exceed within without with from into for percent spending mandatory
    pending warning error finding rule rules budget year years quarter amount missing allowed
    at least most only each every line lines pocket document version approved before after
    has have been was were will would be this that which when where cannot can does do
    income revenue expenditure deficit financing salary staff education health village""".split()
)

TOP = re.compile(r'^(rule|table|classification)\s+(\S+)\s+"((?:[^"\\]|\\.)*)"')
MSG = re.compile(r'^\s+message\s+"((?:[^"\\]|\\.)*)"')


def english(text):
    """The stop-list words in @text outside its {expressions}."""
    plain = re.sub(r"\{[^{}]*\}", " ", text)
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z-]*", plain) if w.lower() in STOP})


faults, rules = [], 0
for path in sorted(glob.glob("rules/*.rules")):
    cur = None  # [where, id, has message]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, line in enumerate(lines + ["rule (end) \"\""], 1):
        top = TOP.match(line)
        if top:
            if cur and not cur[2]:
                faults.append(f"{cur[0]}: rule {cur[1]} has no message")
            cur = None
            if top.group(2) == "(end)":
                break
            where = f"{path}:{no}"
            bad = english(top.group(3))
            if bad:
                faults.append(f"{where}: the title of {top.group(1)} {top.group(2)} has English words {bad}")
            if top.group(1) == "rule":
                rules += 1
                cur = [where, top.group(2), False]
            continue
        msg = MSG.match(line)
        if msg and cur:
            cur[2] = True
            bad = english(msg.group(1))
            if bad:
                faults.append(f"{path}:{no}: the message of rule {cur[1]} has English words {bad}")

for x in faults:
    print(x)
if not rules:
    print("no rule found in rules/*.rules: is this the source root?")
    sys.exit(1)
sys.exit(1 if faults else 0)
