#!/usr/bin/env bash
# bench/check-quick.sh - the test suite's smoke test of ./run bench --quick: it runs on a cluster of
# its own and prints every figure; no figure is judged.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
var=$(mktemp -d)
chmod 755 "$var"
trap 'PAGU_VAR="$var" "$PAGU_BUILD/cli/pagu" db stop --immediate >/dev/null 2>&1 || true; rm -rf "$var"' EXIT
out=$(PAGU_BENCH_VAR="$var" PAGU_BENCH_RESULTS="$var/latest.json" bash "$top/bench/run.sh" --quick)
echo "$out"
for f in pg_tps pg_hot_tps proc_tps api_tps api_p50_ms api_p99_ms rss_mb api_p99_at_70pct_ms api_hot_tps \
	batch100_entries_per_s batch1000_entries_per_s batch1000_each_entries_per_s lock_ms lra_ms lra_juni_ms \
	lra_entries ratio_api_vs_pg ratio_api_vs_proc \
	ratio_hot_vs_pg_hot ratio_batch_vs_pg; do
	grep -Eq "^$f [0-9.]+ " <<<"$out" || { echo "bench: no figure $f" >&2; exit 1; }
done
grep -q '"figures"' "$var/latest.json"
