#!/usr/bin/env bash
# Push latency of schedule-change notices: a release ferryd on loopback, 1,000 SSE subscribers.
#   Benchmarks/push.sh [subscribers] [notices]
# Starts its own server on a scratch data directory, creates an operator key, and runs
# Benchmarks/push_latency.py (Python standard library only) against it.
set -euo pipefail
cd "$(dirname "$0")/.."
SUBSCRIBERS=${1:-1000}
NOTICES=${2:-40}
PORT=${FERRY_BENCH_PORT:-18081}
ADMIN=bench-admin-$RANDOM$RANDOM

# Two thousand sockets on one machine: raise the open-file limit as far as allowed.
ulimit -n "$(ulimit -Hn)"
swift build -c release --product ferryd >/dev/null
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
FERRY_ADMIN_KEY=$ADMIN .build/release/ferryd --port "$PORT" --data-dir "$DATA" --log-level warning &
PID=$!
for _ in $(seq 100); do curl -sf "localhost:$PORT/v1/health" >/dev/null && break; sleep 0.1; done
KEY=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"role":"operator","label":"push benchmark"}' "localhost:$PORT/v1/admin/keys" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
echo "ferryd $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores"
python3 Benchmarks/push_latency.py --url "http://127.0.0.1:$PORT" --key "$KEY" --subscribers "$SUBSCRIBERS" --notices "$NOTICES"
