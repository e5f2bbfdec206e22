#!/usr/bin/env bash
# tools/upgrade_fixture.sh - rebuilds tests/upgrade/fbbac9e.sql.gz, the upgrade test's "before": a
# database made by pagu at commit REV (default fbbac9e, the last main with functions inside the
# numbered migrations) with the demo pemda, a ledger (SPDs, 2,000 SP2D entries), a seal, a closed
# e-monev quarter and the checkpoints the server signs for them, dumped as plain SQL; beside it the
# checkpoints' public key (REV.kunci) and log (REV.checkpoint.log), which verify checks them against.
# Usage: tools/upgrade_fixture.sh [REV]   (needs what ./run needs; builds REV in a temporary worktree)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rev=${1:-fbbac9e}
pgbin=${PAGU_PG_BINDIR:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d)
chmod 755 "$work"
pagu="$work/build/cli/pagu"
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
	"$pagu" --var="$work/var" db stop --immediate >/dev/null 2>&1 || true
	git -C "$top" worktree remove --force "$work/src" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
git -C "$top" worktree add --detach "$work/src" "$rev" >/dev/null
meson setup "$work/build" "$work/src" >/dev/null
ninja -C "$work/build" cli/pagu >/dev/null
p() { "$pagu" --var="$work/var" "$@"; }
sql() { PGOPTIONS='-c client_min_messages=warning' "$pgbin/psql" -h "$work/var/run" -U pagu_super -d pagu -qAtX \
	-v ON_ERROR_STOP=1 "$@"; }
p db start >/dev/null
p migrate >/dev/null
p demo >/dev/null
# every OPD of Kota Padang 2026 its year's SPD, then SP2D entries through the year (bench/entries.sql)
sql -c "SELECT count(pagu_ledger_spd('13.71', 2026, o.opd_kode, 'SPD-FIX-' || o.opd_kode, '2026-01-02', 12::smallint,
	(SELECT sum(alokasi) FROM kantong k WHERE k.pemda_id = '13.71' AND k.tahun = 2026 AND k.opd_kode = o.opd_kode
	 AND k.arah = 'keluar'), NULL))
	FROM (SELECT DISTINCT opd_kode FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026) o" >/dev/null
sql -v target=2000 -f "$work/src/bench/entries.sql" >/dev/null
# the server: a seal and a closed quarter through the API, signed into checkpoints
token=$(p token create --pemda 13.71 --role finance --name fixture | tail -n 1)
p --listen=127.0.0.1:0 --port-file="$work/port" --no-demo serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")"
post() { # PATH BODY
	curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: fixture-$RANDOM-$RANDOM" -d "$2" "$url/v1/pemda/13.71/$1"
}
post ledger/segel '{}'
post monev/tutup '{"tahun":2026,"triwulan":1}'
# what verify needs besides the database: the key the checkpoints were signed with, and their log
curl -sf "$url/v1/checkpoint/kunci" | sed -E 's/.*"kunci": *"([0-9a-f]{64})".*/\1/' >"$top/tests/upgrade/$rev.kunci"
kill "$server"
wait "$server" || true
server=
[ "$(sql -c "SELECT count(*) > 0 FROM segel") $(sql -c "SELECT count(*) > 0 FROM monev_triwulan")" = "t t" ] ||
	{ echo "upgrade_fixture: no seal or no closed quarter" >&2; exit 1; }
"$pgbin/pg_dump" -h "$work/var/run" -U pagu_super -d pagu >"$work/dump.sql"
gzip -9n <"$work/dump.sql" >"$top/tests/upgrade/$rev.sql.gz"
cp "$work/var/checkpoint.log" "$top/tests/upgrade/$rev.checkpoint.log"
echo "wrote tests/upgrade/$rev.sql.gz ($(sql -c "SELECT count(*) FROM entri") entries)"
