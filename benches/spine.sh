#!/usr/bin/env bash
# Figures for the platform spine (a benchmark, not a test): time from `serve --demo` to /readyz,
# idle resident memory, and throughput and p99 latency of the city list page next to /healthz at
# 32 connections. Needs a release build and wrk (apt-get install wrk).
#   cargo build --release && benches/spine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18080}
duration=${DURATION:-10s}
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

start=$(date +%s%N)
"$bin" --data-dir "$data" serve --demo --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.002; done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
echo "serve --demo to /readyz 200: ${ready} ms (empty data dir: migrations and demo load included)"
sleep 2
echo "idle resident memory: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$pid/status)"

for path in /cities /healthz; do
  echo "--- GET $path, 32 connections, 2 threads, $duration"
  wrk -t2 -c32 -d"$duration" --latency "http://127.0.0.1:$port$path" | grep -E 'Requests/sec|^ +99%|^ +50%|Non-2xx'
done
echo "resident memory after load: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$pid/status)"
