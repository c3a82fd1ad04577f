#!/usr/bin/env bash
# Directory figures (a benchmark, not a test) at 350 local authorities, 5,000 organisations and
# 50,000 people on SQLite: CSV import wall time and peak memory, then p95 latency of a filtered
# organisation list and of a name search among people, at 1 and 8 connections.
#   cargo build --release && benches/directory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18081}
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

measure() { # runs a command, prints its wall time and peak resident memory
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.time()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.time() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"  wall {wall:.2f} s, peak memory {peak:.0f} MiB: {done.stdout.strip() or done.stderr.strip()}")
sys.exit(done.returncode)
PY
}

python3 benches/generate_directory.py "$data"
"$bin" --data-dir "$data/db" serve --demo --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "import 5,000 organisations from CSV:"
measure "$bin" --data-dir "$data/db" import organisations "$data/organisations.csv"
echo "import 50,000 people from CSV:"
measure "$bin" --data-dir "$data/db" import people "$data/people.csv"

"$bin" --data-dir "$data/db" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.05; done
jar="$data/cookies"
curl -s -c "$jar" -o /dev/null "http://127.0.0.1:$port/login"
csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$csrf&email=coordinator@mekong.example&password=Mekong-demo-river-2026" "http://127.0.0.1:$port/login"
cookie="mekong_csrf=$csrf; mekong_session=$(awk '$6 == "mekong_session" {print $7}' "$jar")"
for path in "/organisations?kind=university&country=VN&theme=heritage" "/people?q=nguyen%20sokha" "/people?q=%E1%9E%9F%E1%9E%BB%E1%9E%81%E1%9E%B6&country=KH" "/api/v1/people?q=04242"; do
  for connections in 1 8; do
    echo "GET $path ($connections connections, ${DURATION:-10s}):"
    wrk -t1 -c"$connections" -d"${DURATION:-10s}" -s benches/p95.lua -H "Cookie: $cookie" "http://127.0.0.1:$port$path" | tail -n 1
  done
done
