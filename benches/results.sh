#!/usr/bin/env bash
# Results figures (a benchmark, not a test) on SQLite at 60 indicators, 350 cities and 12
# periods, broken down by sex (756,000 values): p95 latency of the programme dashboard and of
# the entry grid of one city and period at 1 and 8 connections, and the upload of a full grid
# as XLSX (180 values changed, all checked, saved in one transaction).
#   cargo build --release && benches/results.sh        (needs Python's openpyxl)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18083}
base="http://127.0.0.1:$port"
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

"$bin" --data-dir "$data/db" serve --demo --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "generating:"
python3 benches/generate_results.py "$data/db/mekong.sqlite" | tee "$data/generated"
period=$(sed -n 's/.*first period \([^;]*\);.*/\1/p' "$data/generated")
city=$(sed -n 's/.* city \(.*\)$/\1/p' "$data/generated")
"$bin" --data-dir "$data/db" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done

jar="$data/cookies"
curl -s -c "$jar" -o /dev/null "$base/login"
csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$csrf&email=coordinator@mekong.example&password=Mekong-demo-river-2026" "$base/login"
cookie="mekong_csrf=$csrf; mekong_session=$(awk '$6 == "mekong_session" {print $7}' "$jar")"

for path in "/results/BENCH" "/results/BENCH/periods/$period/$city"; do
  for connections in 1 8; do
    echo "GET $path ($connections connections, ${DURATION:-10s}):"
    wrk -t1 -c"$connections" -d"${DURATION:-10s}" -s benches/p95.lua -H "Cookie: $cookie" "$base$path" | tail -n 1
  done
done

echo "upload of a full grid (60 indicators x 3 cells) as XLSX, three times:"
curl -s -o "$data/grid.xlsx" -H "Cookie: $cookie" "$base/results/BENCH/periods/$period/$city/grid.xlsx"
for round in 1 2 3; do
  python3 - "$data/grid.xlsx" "$round" <<'PY'
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book.active
header = [c.value for c in sheet[1]]
value, cell, version = header.index("value") + 1, header.index("cell") + 1, header.index("version") + 1
for row in range(2, sheet.max_row + 1):
    # Totals that add up: women and men are 40 and 60 % of a total that changes each round.
    total = 100 * int(sys.argv[2]) + row
    share = {"": 1.0, "sex=female": 0.4, "sex=male": 0.6}[sheet.cell(row, cell).value or ""]
    sheet.cell(row, value).value = str(round(total * share, 1))
book.save(sys.argv[1])
PY
  curl -s -o /dev/null -w "  %{http_code} in %{time_total} s\n" -H "Cookie: $cookie" -F "csrf_token=$csrf" -F "file=@$data/grid.xlsx" "$base/results/BENCH/periods/$period/$city/upload"
  curl -s -o "$data/grid.xlsx" -H "Cookie: $cookie" "$base/results/BENCH/periods/$period/$city/grid.xlsx"
done
