#!/usr/bin/env bash
# Finance figures (a benchmark, not a test) on SQLite at 3 years x 5,000 expenses in 5
# currencies (15,000 expenses and the demo's): p95 latency of the variance page and of the
# expense list (a page of 50, and filtered by currency and status) at 1 and 8 connections, and
# the import of the budget's XLSX (read, checked and saved all or nothing), three times.
#   cargo build --release && benches/finance.sh        (needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18084}
base="http://127.0.0.1:$port"
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

"$bin" --data-dir "$data/db" serve --demo --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "generating:"
python3 benches/generate_finance.py "$data/db/mekong.sqlite"
"$bin" --data-dir "$data/db" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done

jar="$data/cookies"
curl -s -c "$jar" -o /dev/null "$base/login"
csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$csrf&email=coordinator@mekong.example&password=Mekong-demo-river-2026" "$base/login"
cookie="mekong_csrf=$csrf; mekong_session=$(awk '$6 == "mekong_session" {print $7}' "$jar")"

for path in "/finance/SGA4/variance" "/finance/SGA4/variance?year=2026" "/finance/SGA4/expenses" "/finance/SGA4/expenses?currency=KHR&status=approved&page=20"; do
  for connections in 1 8; do
    echo "GET $path ($connections connections, ${DURATION:-10s}):"
    wrk -t1 -c"$connections" -d"${DURATION:-10s}" -s benches/p95.lua -H "Cookie: $cookie" "$base$path" | tail -n 1
  done
done

echo "import of the budget's XLSX (16 lines x 4 years), three times:"
curl -s -o "$data/budget.xlsx" -H "Cookie: $cookie" "$base/finance/SGA4/budget.xlsx"
for round in 1 2 3; do
  curl -s -o /dev/null -w "  %{http_code} in %{time_total} s\n" -H "Cookie: $cookie" \
    -F "csrf_token=$csrf" -F "file=@$data/budget.xlsx" "$base/finance/SGA4/budget/import"
done
