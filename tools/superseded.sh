#!/usr/bin/env bash
# tools/superseded.sh - writes migrations/superseded.txt: for every numbered migration whose content
# differs from what commit REV (default fbbac9e) shipped, "NNNN sha256-then sha256-now", so that a
# database migrated by REV accepts the rewritten files (issue 17 moved the functions out of them).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rev=${1:-fbbac9e}
cd "$top"
{
	echo "# Numbered migrations rewritten by issue 17 (functions moved to migrations/procedures/): the"
	echo "# checksum a database recorded when $rev applied them, and the file's checksum now (tools/superseded.sh)."
	for f in $(git ls-tree --name-only "$rev" migrations/ | grep -E '/[0-9]{4}_[a-z0-9_]+\.sql$'); do
		then=$(git show "$rev:$f" | sha256sum | cut -d' ' -f1)
		now=$(sha256sum <"$f" | cut -d' ' -f1)
		[ "$then" = "$now" ] || echo "${f:11:4} $then $now"
	done
} >migrations/superseded.txt
