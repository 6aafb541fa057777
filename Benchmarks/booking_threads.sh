#!/usr/bin/env bash
# Where a held booking's CPU goes: a release ferryd takes wrk's booking load (Benchmarks/book.lua)
# for a while, and the server's CPU time is split by thread (from /proc), per booking.
#   Benchmarks/booking_threads.sh [seconds] [connections]
# Dispatch worker threads come and go; the writer is the one that runs a batch after another
# (the largest line). Needs wrk and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-10}
CONNECTIONS=${2:-64}
PORT=${FERRY_BENCH_PORT:-18082}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
swift build -c release --product ferryd >/dev/null
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
FERRY_ADMIN_KEY=unused-$RANDOM .build/release/ferryd --port "$PORT" --data-dir "$DATA" --log-level error &
PID=$!
for _ in $(seq 100); do curl -sf "localhost:$PORT/v1/health" >/dev/null && break; sleep 0.1; done
python3 - "$DATA/ferry.sqlite" > "$DATA/sailings.txt" <<'PY'
import sqlite3, sys, time
now = int(time.time() * 1000)
db = sqlite3.connect(sys.argv[1])
# Not the small island ferries, which a long run would fill (see suite.sh).
for (sid,) in db.execute("SELECT id FROM sailing WHERE departure > ? AND departure < ? "
                         "AND vessel_id IN (SELECT id FROM vessel WHERE certified_headcount >= 100) ORDER BY id",
                         (now + 86_400_000, now + 55 * 86_400_000)):
    print(sid)
PY
# Each thread: id, name, CPU ticks (user + system) so far.
snapshot() { for t in /proc/$PID/task/*; do echo "$(basename "$t") $(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done | sort; }
snapshot > "$DATA/before"
# wrk shares the two cores; its own CPU time is part of every request's cost.
TIMEFORMAT='%U %S'
{ time FERRY_BENCH_SAILINGS="$DATA/sailings.txt" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" -s Benchmarks/book.lua \
    "http://127.0.0.1:$PORT" > "$DATA/wrk.txt"; } 2> "$DATA/wrk-time"
snapshot > "$DATA/after"
BOOKINGS=$(awk '/requests in/ {print $1}' "$DATA/wrk.txt")
echo "$(awk '/Requests\/sec/ {print $2}' "$DATA/wrk.txt") bookings/s, $BOOKINGS in ${SECONDS_RUN} s;" \
    "wrk itself $(awk -v n="$BOOKINGS" '{printf "%.1f", ($1 + $2) / n * 1e6}' "$DATA/wrk-time") µs per booking; server CPU per booking by thread:"
join -a2 -e0 -o 2.1,2.2,1.3,2.3 "$DATA/before" "$DATA/after" \
    | awk -v n="$BOOKINGS" -v hz="$(getconf CLK_TCK)" '{d = $4 - $3; total += d; if (d > 0) printf "  %-8s %-18s %7.1f µs\n", $1, $2, d / hz / n * 1e6} END {printf "  all threads                 %7.1f µs\n", total / hz / n * 1e6}' \
    | sort -k3 -n -r
