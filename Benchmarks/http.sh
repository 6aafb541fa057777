#!/usr/bin/env bash
# First HTTP figures: a release ferryd on loopback, measured with wrk (apt-get install -y wrk).
#   Benchmarks/http.sh [seconds] [connections]
# Starts its own server on a scratch data directory, measures GET /v1/health (the
# hello-world baseline of the same server), GET /v1/sailings and POST /v1/bookings
# (distinct passengers over many sailings), and prints requests per second and p99.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNECTIONS=${2:-64}
PORT=${FERRY_BENCH_PORT:-18080}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
swift build -c release --product ferryd >/dev/null
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
.build/release/ferryd --port "$PORT" --data-dir "$DATA" --log-level warning &
PID=$!
for _ in $(seq 100); do curl -sf "localhost:$PORT/v1/health" >/dev/null && break; sleep 0.1; done

# Sailings on sale from tomorrow to 55 days out, on every route.
python3 - "$DATA/ferry.sqlite" > "$DATA/sailings.txt" <<'PY'
import sqlite3, sys, time
now = int(time.time() * 1000)
db = sqlite3.connect(sys.argv[1])
for (sid,) in db.execute("SELECT id FROM sailing WHERE departure > ? AND departure < ? ORDER BY id",
                         (now + 86_400_000, now + 55 * 86_400_000)):
    print(sid)
PY
echo "ferryd $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(wc -l < "$DATA/sailings.txt") sailings on sale"
DAY=$(TZ=Asia/Shanghai date -d tomorrow +%F)

run() {
    local name=$1; shift
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
    local rps p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    printf '%-34s %12s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${errors:-0}"
}

run "GET /v1/health" "http://127.0.0.1:$PORT/v1/health"
run "GET /v1/sailings (SJW→SIJIAO)" "http://127.0.0.1:$PORT/v1/sailings?from=SJW&to=SIJIAO&date=$DAY"
FERRY_BENCH_SAILINGS="$DATA/sailings.txt" run "POST /v1/bookings" -s Benchmarks/book.lua "http://127.0.0.1:$PORT"
held=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM booking\").fetchone()[0])" "$DATA/ferry.sqlite")
echo "bookings held in the database afterwards: $held"
