#!/usr/bin/env bash
# API fuzzing: Schemathesis (from PyPI) against a freshly started ferryd and Schemas/openapi.yaml,
# every check, MAX_EXAMPLES generated cases per operation (default 100).
#   Tests/Fuzz/run.sh [path to ferryd]
# The two streaming endpoints (/v1/notices/stream, /v1/notices/ws) never end by design and
# are left to the Swift tests that read them over a real socket.
set -euo pipefail
cd "$(dirname "$0")/../.."
FERRYD=${1:-.build/debug/ferryd}
PORT=${FERRY_FUZZ_PORT:-18095}
export FERRY_FUZZ_KEY=fuzz-admin-$RANDOM$RANDOM
command -v st >/dev/null || python3 -m pip install --quiet "schemathesis==4.32.5"

DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
FERRY_ADMIN_KEY=$FERRY_FUZZ_KEY "$FERRYD" --port "$PORT" --data-dir "$DATA" --log-level error &
PID=$!
for _ in $(seq 150); do curl -sf "localhost:$PORT/v1/health" >/dev/null && break; sleep 0.2; done

st --config-file Tests/Fuzz/schemathesis.toml run Schemas/openapi.yaml --url "http://127.0.0.1:$PORT" \
    --checks all --max-examples "${MAX_EXAMPLES:-100}" --seed "${FUZZ_SEED:-20261129}" \
    --exclude-path /v1/notices/stream --exclude-path /v1/notices/ws \
    --generation-database none --no-color
