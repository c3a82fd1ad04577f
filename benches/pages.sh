#!/usr/bin/env bash
# Page figures (a benchmark, not a test) at AIMF scale on SQLite: 350 local authorities among
# 5,000 organisations, 50,000 people, an event with 500 participants (300 coming) and 756,000
# indicator values. For /healthz and each main page it prints, in one run, requests per second
# and p99 latency at 32 connections, the ratio to /healthz's rate and the HTML size. Aims: every
# page at least 0.2 of /healthz, p99 under 25 ms, no page over 60 KB. A page asked again is kept
# until the next write (lists, dashboards, grids, events, the plan): "people-search-new" asks a
# search no process has kept on every request (benches/new_search.lua), the cost of a first look.
#   benches/pages.sh            (builds release; needs wrk: apt-get install wrk, and python3)
#   SKIP_BUILD=1 DURATION=5s benches/pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p mekong
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18085}
base="http://127.0.0.1:$port"
duration=${DURATION:-10s}
data=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$data"' EXIT
serve() {
  "$bin" --data-dir "$data/db" serve "$@" --listen "127.0.0.1:$port" >"$data/serve.log" 2>&1 & pid=$!
  until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done
}

echo "generating (demo, then the directory, results and an event at scale):" >&2
serve --demo
kill "$pid"; wait "$pid" 2>/dev/null || true
python3 benches/generate_directory.py "$data"
"$bin" --data-dir "$data/db" import organisations "$data/organisations.csv" >/dev/null
"$bin" --data-dir "$data/db" import people "$data/people.csv" >/dev/null
python3 benches/generate_results.py "$data/db/mekong.sqlite" | tee "$data/generated" >&2
# The imports ask every process to rebuild its search index: done here, before the server starts,
# so the pages are not measured while the server reindexes 55,000 records beside them.
"$bin" --data-dir "$data/db" search reindex >&2
period=$(sed -n 's/.*first period \([^;]*\);.*/\1/p' "$data/generated")
city=$(sed -n 's/.* city \(.*\)$/\1/p' "$data/generated")
serve

sign_in() { # prints the Cookie header of a signed-in session (its CSRF token stays in the jar)
  local jar="$data/jar-$1" csrf
  curl -s -c "$jar" -o /dev/null "$base/login"
  csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar")
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$1" \
    -d "password=Mekong-demo-river-2026" "$base/login"
  echo "mekong_csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar"); mekong_session=$(awk '$6 == "mekong_session" {print $7}' "$jar")"
}
coordinator=$(sign_in coordinator@mekong.example)
coordinator_csrf=$(sed 's/^mekong_csrf=\([^;]*\);.*/\1/' <<<"$coordinator")
partner=$(sign_in partner@mekong.example)

event=$(curl -s -o /dev/null -w '%{redirect_url}' -H "Cookie: $coordinator" --data-urlencode "csrf_token=$coordinator_csrf" \
  -d kind=workshop -d status=announced --data-urlencode "title_en=Benchmark workshop" -d host_city=KH-PNH \
  --data-urlencode "venue=Phnom Penh City Hall" -d starts=2027-03-01T09:00 -d ends=2027-03-02T17:00 \
  -d time_zone=Asia/Phnom_Penh -d languages=km -d languages=fr -d version=0 "$base/events")
event=${event##*/}
[ -n "$event" ] || { echo "the benchmark event was not created" >&2; exit 1; }
python3 benches/generate_event.py "$data/db/mekong.sqlite" "$event" >&2
indicator=$(python3 - "$data/db/mekong.sqlite" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(next(json.loads(r)["id"] for (r,) in db.execute(
    "SELECT i.record FROM indicators i JOIN programmes p ON p.id = i.programme_id WHERE p.code = 'BENCH' ORDER BY i.sort_key")))
PY
)

healthz=
printf '%-44s %10s %9s %7s %9s\n' "page (32 connections, $duration)" "requests/s" "p99 ms" "ratio" "HTML KB"
while read -r name who path; do
  [ -n "$name" ] || continue
  cookie=$coordinator; [ "$who" = partner ] && cookie=$partner
  size=$(curl -s -o "$data/page" -w '%{size_download} %{http_code}' -H "Cookie: $cookie" "$base$path")
  script=benches/p95.lua; [[ "$name" != *-new ]] || script=benches/new_search.lua
  line=$(wrk -t2 -c32 -d"$duration" -s "$script" -H "Cookie: $cookie" "$base$path" | tail -n 1)
  rate=$(awk '{print $2}' <<<"$line")
  p99=$(awk '{print $10}' <<<"$line")
  errors=$(awk '{print $13}' <<<"$line")
  [ -n "$healthz" ] || healthz=$rate
  python3 - "$name" "$rate" "$p99" "$healthz" "${size%% *}" "${size##* }" "$errors" <<'PY'
import sys
name, rate, p99, healthz, size, status, errors = sys.argv[1:]
ratio = float(rate) / float(healthz)
kb = int(size) / 1024
miss = [m for m, bad in (("ratio", ratio < 0.2), ("p99", float(p99) >= 25), ("size", kb > 60), (f"HTTP {status}", status != "200"),
                         (f"{errors} errors", errors != "0")) if bad]
print(f"{name:<44} {float(rate):>10.0f} {float(p99):>9.2f} {ratio:>7.2f} {kb:>9.1f}  {'MISSES ' + ', '.join(miss) if miss else ''}")
PY
done <<LIST
/healthz coordinator /healthz
home coordinator /
cities coordinator /cities
organisations coordinator /organisations
organisations-search coordinator /organisations?q=organisation%2004242&kind=university
people-search coordinator /people?q=nguyen%20sokha
people-search-new coordinator /people?q=nguyen%20sokha
events coordinator /events
event-public(partner) partner /events/$event
event-organiser coordinator /events/$event
results-dashboard coordinator /results/BENCH
indicator coordinator /results/BENCH/indicators/$indicator
entry-grid coordinator /results/BENCH/periods/$period/$city
plan coordinator /results/SGA4/plan
LIST
