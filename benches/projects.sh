#!/usr/bin/env bash
# Project portfolio figures (a benchmark, not a test) on SQLite at 2,000 projects of 350 member
# cities (each project with its results programme, one to three cities, themes, a stage, a
# funder, a budget in one of three currencies): p95 latency of the portfolio page (counts per
# stage and totals per currency from SQL, one page of 50) at 1 and 8 connections, for the
# coordinator (every project), filtered by a city, and for a city's focal point (their own).
#   cargo build --release && benches/projects.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18111}
base="http://127.0.0.1:$port"
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

"$bin" --data-dir "$data/db" serve --demo --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "generating:"
python3 benches/generate_projects.py "$data/db/mekong.sqlite" 2000 350 | tee "$data/generated"
"$bin" --data-dir "$data/db" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done

# Signs in and prints the cookie header of the session.
session() {
  local jar="$data/cookies-$1" csrf
  curl -s -c "$jar" -o /dev/null "$base/login"
  csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar")
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$csrf&email=$1&password=Mekong-demo-river-2026" "$base/login"
  echo "mekong_csrf=$csrf; mekong_session=$(awk '$6 == "mekong_session" {print $7}' "$jar")"
}
coordinator=$(session coordinator@mekong.example)
focal=$(session focal.phnompenh@mekong.example)

run() {
  local who=$1 cookie=$2 path=$3
  for connections in 1 8; do
    echo "GET $path as $who ($connections connections, ${DURATION:-10s}):"
    wrk -t1 -c"$connections" -d"${DURATION:-10s}" -s benches/p95.lua -H "Cookie: $cookie" "$base$path" | tail -n 1
  done
}
run coordinator "$coordinator" "/projects"
run coordinator "$coordinator" "/projects?city=KH-PNH&stage=&theme=&funder="
run coordinator "$coordinator" "/projects?stage=implementation&theme=heritage"
run "Phnom Penh's focal point" "$focal" "/projects"
