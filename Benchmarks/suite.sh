#!/usr/bin/env bash
# The benchmark suite: one release ferryd on loopback, measured in one run.
#   Benchmarks/suite.sh [seconds per wrk run] [connections] [json path]
# Reports requests per second, p99 and the server's CPU time per request (all threads, from
# /proc) for the hello-world baseline of the same server (GET /v1/health), a search, held
# bookings (distinct passengers over every sailing on sale) and payments, each as a ratio to
# the baseline; a flash sale (10,000 simultaneous attempts
# at one sailing of the largest vessel); push latency to 1,000 SSE subscribers; and the
# server's resident memory after seeding the 61 days of sailings. Prints a table and writes
# JSON (default Benchmarks/results.json). Needs wrk (apt-get install -y wrk) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNECTIONS=${2:-64}
OUT=${3:-Benchmarks/results.json}
PORT=${FERRY_BENCH_PORT:-18080}
ADMIN=bench-admin-$RANDOM$RANDOM
# Thousands of sockets on one machine: raise the open-file limit as far as allowed.
ulimit -n "$(ulimit -Hn)"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
swift build -c release --product ferryd >/dev/null
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
FERRY_ADMIN_KEY=$ADMIN .build/release/ferryd --port "$PORT" --data-dir "$DATA" --log-level warning &
PID=$!
for _ in $(seq 100); do curl -sf "localhost:$PORT/v1/health" >/dev/null && break; sleep 0.1; done
RSS_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$PID/status")
URL="http://127.0.0.1:$PORT"

# The flash sale's sailing: the ro-ro 舟桥7, two days out; the bookings run avoids it, and the
# small island ferries (50 and 60 seats), which a fast run over ~1,700 sailings would fill:
# their sold_out answers are right, but would not measure a sale.
FLASH=SJW-LZS-$(TZ=Asia/Shanghai date -d '+2 days' +%Y%m%d)-1400
python3 - "$DATA/ferry.sqlite" "$FLASH" > "$DATA/sailings.txt" <<'PY'
import sqlite3, sys, time
now = int(time.time() * 1000)
db = sqlite3.connect(sys.argv[1])
for (sid,) in db.execute("SELECT id FROM sailing WHERE departure > ? AND departure < ? AND id != ? "
                         "AND vessel_id IN (SELECT id FROM vessel WHERE certified_headcount >= 100) ORDER BY id",
                         (now + 86_400_000, now + 55 * 86_400_000, sys.argv[2])):
    print(sid)
PY
echo "ferryd $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(wc -l < "$DATA/sailings.txt") sailings on sale, RSS $((RSS_KB / 1024)) MiB after seeding"
DAY=$(TZ=Asia/Shanghai date -d tomorrow +%F)

: > "$DATA/wrk.txt"
# The server's CPU time so far (all threads, user and system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
run() {
    local name=$1 seconds=$2; shift 2
    local out before
    before=$(cpu_ticks)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --latency "$@")
    printf '%s|%s|%s|%s|%s|%s\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
        "$(awk '$1 == "99%" {print $2}' <<<"$out")" "$(awk '/Non-2xx/ {print $5}' <<<"$out")" \
        "$(( $(cpu_ticks) - before ))" "$(awk '/requests in/ {print $1}' <<<"$out")" >> "$DATA/wrk.txt"
}
run "GET /v1/health" "$DURATION" "$URL/v1/health"
run "GET /v1/sailings" "$DURATION" "$URL/v1/sailings?from=SJW&to=SIJIAO&date=$DAY"
CAPACITY=$(curl -sf "$URL/v1/sailings/$FLASH" | python3 -c 'import json, sys; s = json.load(sys.stdin); print(min(sum(c["available"] for c in s["seats"]), s["headcount"]["available"]))')
python3 Benchmarks/flash_sale.py --url "$URL" --sailing "$FLASH" --attempts 10000 --capacity "$CAPACITY" 2> "$DATA/flash.json" > "$DATA/flash.txt" || true
FERRY_BENCH_SAILINGS="$DATA/sailings.txt" FERRY_BENCH_HELD="$DATA/held" run "POST /v1/bookings" "$DURATION" -s Benchmarks/book.lua "$URL"
FERRY_BENCH_HELD="$DATA/held" FERRY_BENCH_THREADS=2 run "POST /v1/bookings/{ref}/pay" "$(( (DURATION + 1) / 2 ))" -s Benchmarks/pay.lua "$URL"
KEY=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"role":"operator","label":"push benchmark"}' "$URL/v1/admin/keys" | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
python3 Benchmarks/push_latency.py --url "$URL" --key "$KEY" --subscribers 1000 --notices 40 2> "$DATA/push.json" > "$DATA/push.txt" || true
HELD=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM booking').fetchone()[0])" "$DATA/ferry.sqlite")

python3 - "$DATA" "$OUT" "$RSS_KB" "$HELD" "$(getconf CLK_TCK)" <<'PY'
import json, sys
data, out, rss_kb, held, tick = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rows = [line.rstrip("\n").split("|") for line in open(f"{data}/wrk.txt")]
base = float(rows[0][1])
results = {"http": [], "rss_mib_after_seeding": round(rss_kb / 1024, 1), "bookings_in_database": held}
print(f"\n{'request':34} {'req/s':>10} {'× baseline':>11} {'p99':>10} {'non-2xx':>8} {'server CPU/req':>15}")
for name, rps, p99, errors, ticks, requests in rows:
    ratio = float(rps) / base
    cpu_us = int(ticks) / tick / max(int(requests), 1) * 1e6
    results["http"].append({"request": name, "requests_per_second": float(rps), "ratio_to_baseline": round(ratio, 3),
                            "p99": p99, "non_2xx": int(errors or 0), "server_cpu_us_per_request": round(cpu_us, 1)})
    print(f"{name:34} {float(rps):>10,.0f} {ratio:>11.2f} {p99:>10} {errors or '0':>8} {cpu_us:>12.0f} µs")
    if int(errors or 0):
        print(f"  ^ {errors} answers were not 2xx (for pay: the held bookings ran out): this rate is not a valid measure")
for part in ("flash", "push"):
    try:
        results[part] = json.loads(open(f"{data}/{part}.json").read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        results[part] = {"error": open(f"{data}/{part}.txt").read().strip()}
f = results["flash"]
if "seconds" in f:
    print(f"\nflash sale: {f['attempts']:,} simultaneous attempts at one sailing, all answered in {f['seconds']} s; "
          f"{f['won']} won of {f['capacity']} seats, {f['sold_out']:,} sold_out, {f['other']} other")
p = results["push"]
if "p50_ms" in p:
    print(f"push: {p['subscribers']:,} SSE subscribers, {p['deliveries']:,} of {p['expected']:,} deliveries, "
          f"send→receipt p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms (the POST alone: p50 {p['post_p50_ms']} ms)")
print(f"server RSS after seeding 61 days of sailings: {results['rss_mib_after_seeding']} MiB; bookings held at the end: {held:,}")
json.dump(results, open(out, "w"), indent=2)
print(f"JSON: {out}")
PY
