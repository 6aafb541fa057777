#!/usr/bin/env bash
# The storage floor: held bookings per second that SQLite alone takes on one thread with
# ferryd's schema, pragmas and statements (Benchmarks/storage_floor.c), beside the
# hello-world baseline of a release ferryd on the same machine, measured in the same run.
#   Benchmarks/storage_floor.sh [bookings per run] [batch]
# The batch is the writer's: 64 is what 64 connections give it at most. Needs wrk, a C
# compiler and libsqlite3-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOKINGS=${1:-60000}
BATCH=${2:-64}
PORT=${FERRY_BENCH_PORT:-18081}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
swift build -c release --product ferryd >/dev/null
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
cc -O2 -o "$DATA/storage_floor" Benchmarks/storage_floor.c -lsqlite3

# A freshly seeded database, and the baseline of the server that seeded it.
FERRY_ADMIN_KEY=unused-$RANDOM .build/release/ferryd --port "$PORT" --data-dir "$DATA" --log-level warning &
PID=$!
for _ in $(seq 100); do curl -sf "localhost:$PORT/v1/health" >/dev/null && break; sleep 0.1; done
HEALTH=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$PORT/v1/health" | awk '/Requests\/sec/ {print $2}')
kill $PID; wait $PID 2>/dev/null || true
python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$DATA/ferry.sqlite"

echo "GET /v1/health: $HEALTH req/s (wrk -t2 -c64 -d10s); $BOOKINGS bookings per run, commits of $BATCH"
printf '%-10s %14s %12s %12s\n' variant bookings/s µs/booking "× baseline"
# Two rounds, interleaved, so that a slow spell of the machine shows as disagreement.
for round in 1 2; do
    for variant in ferryd inserts minimal; do
        cp "$DATA/ferry.sqlite" "$DATA/run.sqlite"
        rm -f "$DATA/run.sqlite-wal" "$DATA/run.sqlite-shm"
        IFS='|' read -r name rate micros < <("$DATA/storage_floor" "$DATA/run.sqlite" "$variant" "$BOOKINGS" "$BATCH")
        printf '%-10s %14s %12s %12.2f\n' "$name" "$rate" "$micros" "$(python3 -c "print($rate / $HEALTH)")"
    done
done
