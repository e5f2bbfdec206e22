#!/usr/bin/env bash
# bench/run.sh [--quick] - pagu against PostgreSQL's own limit, side by side, in one run.
#
# Everything runs on this machine against one private cluster (var/bench, synchronous_commit
# on), one figure a line ("name value unit"), then the ratios; bench/results/latest.json holds
# them all. --quick runs each part briefly (the test suite's smoke test: every figure printed,
# none asserted). Called by ./run bench, which builds first.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
quick=0
[ "${1:-}" = "--quick" ] && quick=1

clients=${PAGU_BENCH_CLIENTS:-8}
secs=${PAGU_BENCH_SECONDS:-10}
scale=50
lines=100000
lra_sizes="1000000 5000000"
if [ $quick = 1 ]; then
	clients=2 secs=2 scale=2 lines=2000 lra_sizes=""
fi

build=${PAGU_BUILD:-build}
pagu=$build/cli/pagu
loadgen=$build/bench/loadgen
pgbin=${PAGU_PG_BINDIR:-/usr/lib/postgresql/15/bin}
export PAGU_VAR=${PAGU_BENCH_VAR:-$top/var/bench}
# no periodic seals: they are off the posting path, and would seal the millions of entries the
# report figure adds in one go in the middle of a run
export PAGU_SEAL_INTERVAL=0
# the bench measures the server, not a client's request budget (issue 19)
export PAGU_BUDGET=off
work=$(mktemp -d)
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

out=()
fig() { # name value unit
	printf '%s %s %s\n' "$1" "$2" "$3"
	out+=("\"$1\": {\"value\": $2, \"unit\": \"$3\"}")
}

mkdir -p "$PAGU_VAR"
"$pagu" db start >/dev/null
"$pagu" --demo=uji demo >/dev/null
sock="$PAGU_VAR/run"
sql() { PGOPTIONS='-c client_min_messages=warning' "$pgbin/psql" -h "$sock" -U pagu_super -d "${2:-pagu}" -Atqc "$1"; }
tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | tail -1; }

# 1. baseline: PostgreSQL's simple update at scale, and TPC-B at scale 1 (one hot branch row)
sql "DROP DATABASE IF EXISTS pgbench" postgres
sql "CREATE DATABASE pgbench" postgres
"$pgbin/pgbench" -h "$sock" -U pagu_super -i -q -s "$scale" pgbench >/dev/null 2>&1
pg_tps=$("$pgbin/pgbench" -h "$sock" -U pagu_super -n -N -c "$clients" -j 2 -T "$secs" pgbench 2>/dev/null | tps)
"$pgbin/pgbench" -h "$sock" -U pagu_super -i -q -s 1 pgbench >/dev/null 2>&1
pg_hot_tps=$("$pgbin/pgbench" -h "$sock" -U pagu_super -n -c "$clients" -j 2 -T "$secs" pgbench 2>/dev/null | tps)
fig pg_tps "$pg_tps" tps
fig pg_hot_tps "$pg_hot_tps" tps

# the pockets to post against: Kota Padang 2026 (demo, locked DPAs), every OPD given its year's SPD
sql "SELECT pagu_ledger_spd('13.71', 2026, o.opd_kode, 'SPD-BENCH-' || o.opd_kode, '2026-01-02', 12::smallint,
	(SELECT sum(alokasi) FROM kantong k WHERE k.pemda_id = '13.71' AND k.tahun = 2026 AND k.opd_kode = o.opd_kode
	 AND k.arah = 'keluar'), NULL)
	FROM (SELECT DISTINCT opd_kode FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026) o
	WHERE NOT EXISTS (SELECT 1 FROM opd_saldo s WHERE s.pemda_id = '13.71' AND s.tahun = 2026 AND s.opd_kode = o.opd_kode)" >/dev/null
sql "SELECT opd_kode || ' ' || kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND arah = 'keluar'
	ORDER BY kantong_id" >"$work/pockets"
npockets=$(wc -l <"$work/pockets")

# 2. the SP2D procedure called directly by pgbench: the engine without HTTP
sql "DROP TABLE IF EXISTS bench_kantong; CREATE TABLE bench_kantong AS SELECT row_number() OVER (ORDER BY kantong_id) AS i,
	opd_kode, kantong_id FROM kantong WHERE pemda_id = '13.71' AND tahun = 2026 AND arah = 'keluar'"
cat >"$work/proc.sql" <<EOF
\set i random(1, $npockets)
SELECT pagu_ledger_sp2d('13.71', 2026, b.opd_kode, 'PB-' || txid_current(), '2026-06-01', NULL, ARRAY[b.kantong_id],
	ARRAY[0.01], NULL) FROM bench_kantong b WHERE b.i = :i;
EOF
# (JIT off, as pagu's own sessions run: compiling costs more than these queries)
proc_tps=$(PGOPTIONS='-c jit=off' "$pgbin/pgbench" -h "$sock" -U pagu_super -n -f "$work/proc.sql" -c "$clients" -j 2 \
	-T "$secs" pagu 2>/dev/null | tps)
fig proc_tps "$proc_tps" tps

# 3-5. HTTP: the real server, C keep-alive clients
"$pagu" serve --no-demo --listen 127.0.0.1:0 --port-file "$work/port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")"
token=$("$pagu" token create --pemda 13.71 --role finance --name bench)
run=$((RANDOM))
# three runs (the machine is small and noisy): the figures of the median one by throughput
api=$(for i in 1 2 3; do "$loadgen" "$url" "$token" "$work/pockets" "$clients" "$secs" --tag "A$run-$i"; done |
	sort -t: -k2 -n | sed -n 2p)
api_tps=$(sed 's/.*"requests_per_s":\([0-9.]*\).*/\1/' <<<"$api")
fig api_tps "$api_tps" tps
fig api_p50_ms "$(sed 's/.*"p50_ms":\([0-9.]*\).*/\1/' <<<"$api")" ms
fig api_p99_ms "$(sed 's/.*"p99_ms":\([0-9.]*\).*/\1/' <<<"$api")" ms
rss_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server/status")
fig rss_mb "$((rss_kb / 1024))" MiB
rate=$(awk -v t="$api_tps" 'BEGIN { printf "%.1f", t * 0.7 }')
at70=$("$loadgen" "$url" "$token" "$work/pockets" "$clients" "$secs" --rate "$rate" --tag "R$run")
fig api_p99_at_70pct_ms "$(sed 's/.*"p99_ms":\([0-9.]*\).*/\1/' <<<"$at70")" ms
hot=$("$loadgen" "$url" "$token" "$work/pockets" "$clients" "$secs" --hot --tag "H$run")
api_hot_tps=$(sed 's/.*"requests_per_s":\([0-9.]*\).*/\1/' <<<"$hot")
fig api_hot_tps "$api_hot_tps" tps
# atomic batches (all or none: direct SP2Ds are posted as one set), then 1,000 each on its own
for n in 100 1000; do
	b=$("$loadgen" "$url" "$token" "$work/pockets" "$clients" "$secs" --batch "$n" --atomic --tag "B$n-$run")
	fig "batch${n}_entries_per_s" "$(sed 's/.*"entries_per_s":\([0-9.]*\).*/\1/' <<<"$b")" entries/s
done
b=$("$loadgen" "$url" "$token" "$work/pockets" "$clients" "$secs" --batch 1000 --tag "E1000-$run")
fig batch1000_each_entries_per_s "$(sed 's/.*"entries_per_s":\([0-9.]*\).*/\1/' <<<"$b")" entries/s
batch_eps=$(sed -n 's/^"batch1000_entries_per_s": {"value": \([0-9.]*\).*/\1/p' <<<"$(printf '%s\n' "${out[@]}")")

# 6. locking a province-size APBD with the full rule pack, through HTTP
"$pagu" demo --pemda 19 --lines "$lines" --tahun 2027 >/dev/null
apbd=$(sql "SELECT dokumen_id FROM dokumen WHERE pemda_id = '19' AND tahun = 2027 AND jenis = 'apbd' ORDER BY versi DESC LIMIT 1")
status=$(sql "SELECT status FROM dokumen WHERE pemda_id = '19' AND dokumen_id = $apbd")
if [ "$status" = draft ]; then
	for a in submit verify; do
		sql "SELECT revisi FROM pagu_dokumen_transisi('19', $apbd, '$a', (SELECT revisi FROM dokumen WHERE pemda_id = '19'
			AND dokumen_id = $apbd), NULL, NULL)" >/dev/null
	done
fi
if [ "$(sql "SELECT status FROM dokumen WHERE pemda_id = '19' AND dokumen_id = $apbd")" = verified ]; then
	t19=$("$pagu" token create --pemda 19 --role finance --name bench)
	rev=$(sql "SELECT revisi FROM dokumen WHERE pemda_id = '19' AND dokumen_id = $apbd")
	# the generated year does not meet the national mandates, so the rules refuse the lock (422):
	# the figure is the whole transition, hashing and the full pack, then the rollback
	# (up to three times while refused and rolled back: the median)
	read -r code lock_s < <(for i in 1 2 3; do
		o=$(curl -s -o "$work/lock.json" -w '%{http_code} %{time_total}\n' -X POST \
			-H "Authorization: Bearer $t19" -H 'Content-Type: application/json' -H "Idempotency-Key: lock-$run-$i" \
			-H "If-Match: \"r$rev\"" -d '{"aksi":"lock"}' "$url/v1/pemda/19/dokumen/$apbd/transisi")
		echo "$o"
		[ "${o%% *}" = 422 ] || break
	done | sort -k2 -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }')
	fig lock_ms "$(awk -v s="$lock_s" 'BEGIN { printf "%.1f", s * 1000 }')" ms
	fig lock_lines "$(sql "SELECT count(*) FROM rka_baris WHERE pemda_id = '19' AND dokumen_id = $apbd")" lines
	fig lock_http "$code" status
fi

# 7. the LRA: the median of 5 requests, for the whole year (the pockets' balances) and to the end
# of June (less what entries dated after it did), over the ledger as it stands and then topped up
# (bench/entries.sql) to each of $lra_sizes entries
median_ms() { # URL: the median of 5 requests' total time, in ms
	for _ in 1 2 3 4 5; do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$1"
	done | sort -n | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }'
}
lra() { # SUFFIX
	fig "lra${1}_ms" "$(median_ms "$url/v1/pemda/13.71/laporan/lra?tahun=2026")" ms
	fig "lra${1}_juni_ms" "$(median_ms "$url/v1/pemda/13.71/laporan/lra?tahun=2026&sampai=2026-06-30")" ms
	fig "lra${1}_entries" "$(sql "SELECT count(*) FROM entri WHERE pemda_id = '13.71'")" entries
}
lra ""
for n in $lra_sizes; do
	PGOPTIONS='-c client_min_messages=warning' "$pgbin/psql" -h "$sock" -U pagu_super -d pagu -q -v target="$n" \
		-f bench/entries.sql >/dev/null
	lra "_$((n / 1000000))m"
done

# the ratios
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "0" }'; }
fig ratio_api_vs_pg "$(ratio "$api_tps" "$pg_tps")" ratio
fig ratio_api_vs_proc "$(ratio "$api_tps" "$proc_tps")" ratio
fig ratio_hot_vs_pg_hot "$(ratio "$api_hot_tps" "$pg_hot_tps")" ratio
fig ratio_batch_vs_pg "$(ratio "${batch_eps:-0}" "$pg_tps")" ratio

results=${PAGU_BENCH_RESULTS:-bench/results/latest.json}
mkdir -p "$(dirname "$results")"
{
	printf '{"quick": %s, "clients": %s, "seconds": %s, "cores": %s, "postgresql": "%s", "figures": {' \
		"$([ $quick = 1 ] && echo true || echo false)" "$clients" "$secs" "$(nproc)" "$("$pgbin/postgres" --version | awk '{print $3}')"
	(IFS=,; printf '%s' "${out[*]}")
	printf '}}\n'
} >"$results"
echo "bench: results in $results"
