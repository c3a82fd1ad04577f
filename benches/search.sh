#!/usr/bin/env bash
# Search figures through the running application (a benchmark, not a test): the demo plus the
# directory at AIMF scale (5,000 organisations, 50,000 people) on SQLite. Prints the reindex time
# and the index's size, p50/p95 of /api/v1/search at 1 and 8 connections for a Latin, a Khmer and
# a folded query, and the time from a saved organisation to it being found: by the same process
# on SQLite, and by a second process on the same PostgreSQL database (each follows the change
# log into its own index). The index alone at 20,000 long records: cargo bench -p mekong-search.
#   cargo build --release -p mekong && benches/search.sh      (needs wrk, python3; PostgreSQL at
#   MEKONG_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432, for the two processes)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18087}
duration=${DURATION:-10s}
postgres=${MEKONG_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
data=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$data"' EXIT

serve() { # data directory, port, then serve's own arguments
  local dir=$1 at=$2; shift 2
  "$bin" --data-dir "$dir" serve "$@" --listen "127.0.0.1:$at" >>"$data/serve.log" 2>&1 & pids+=($!)
  until curl -sf "http://127.0.0.1:$at/readyz" >/dev/null; do sleep 0.05; done
}
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
sign_in() { # base URL, then prints the Cookie header of the coordinator's session
  local jar="$data/jar-$RANDOM" csrf
  curl -s -c "$jar" -o /dev/null "$1/login"
  csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar")
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" \
    -d "email=coordinator@mekong.example" -d "password=Mekong-demo-river-2026" "$1/login"
  echo "mekong_csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar"); mekong_session=$(awk '$6 == "mekong_session" {print $7}' "$jar")"
}
# Saves an organisation through the form on $1 and prints the milliseconds until $2 finds it.
change_to_found() {
  local writer=$1 reader=$2 cookie_w cookie_r csrf name
  cookie_w=$(sign_in "$writer"); cookie_r=$(sign_in "$reader")
  csrf=$(sed 's/^mekong_csrf=\([^;]*\);.*/\1/' <<<"$cookie_w")
  name="Zorvathique institute $RANDOM$RANDOM"
  python3 - "$writer" "$reader" "$cookie_w" "$cookie_r" "$csrf" "$name" <<'PY'
import sys, time, urllib.parse, urllib.request
writer, reader, cookie_w, cookie_r, csrf, name = sys.argv[1:]
body = urllib.parse.urlencode({"csrf_token": csrf, "kind": "university", "name_en": name, "country": "KH",
                               "version": "0", "keep_both": "yes"}).encode()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None
opener = urllib.request.build_opener(NoRedirect)
start = time.monotonic()
try:
    opener.open(urllib.request.Request(writer + "/organisations", body, {"Cookie": cookie_w}))
except urllib.error.HTTPError as e:
    assert e.code == 303, e.code
saved = time.monotonic()
query = reader + "/api/v1/search?q=" + urllib.parse.quote(name.split()[-1])
while time.monotonic() - saved < 30:
    with urllib.request.urlopen(urllib.request.Request(query, headers={"Cookie": cookie_r})) as r:
        if b'"total":1' in r.read():
            print(f"{(time.monotonic() - saved) * 1000:.0f} ms after the save (the save took {(saved - start) * 1000:.0f} ms)")
            sys.exit(0)
    time.sleep(0.01)
print("not found within 30 s"); sys.exit(1)
PY
}

echo "generating (demo, then 5,000 organisations and 50,000 people):" >&2
serve "$data/db" "$port" --demo
stop_all
python3 benches/generate_directory.py "$data"
"$bin" --data-dir "$data/db" import organisations "$data/organisations.csv" >/dev/null
"$bin" --data-dir "$data/db" import people "$data/people.csv" >/dev/null
started=$(date +%s.%N)
"$bin" --data-dir "$data/db" search reindex >/dev/null
echo "reindex of the directory (about 55,000 records): $(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')") s, index $(du -sm "$data/db/search-index" 2>/dev/null | cut -f1) MB"

serve "$data/db" "$port"
base="http://127.0.0.1:$port"
cookie=$(sign_in "$base")
for q in "nguyen" "%E1%9E%97%E1%9F%92%E1%9E%93%E1%9F%86%E1%9E%96%E1%9F%81%E1%9E%89" "universite%20hue"; do
  for connections in 1 8; do
    line=$(wrk -t1 -c"$connections" -d"$duration" -s benches/p95.lua -H "Cookie: $cookie" "$base/api/v1/search?q=$q" | tail -n 1)
    echo "GET /api/v1/search?q=$q ($connections connections): $line"
  done
done
echo "one process on SQLite, from a saved organisation to its being found: $(change_to_found "$base" "$base")"
stop_all

database="mekong_bench_search_$$"
psql "$postgres/postgres" -qc "CREATE DATABASE $database" >/dev/null
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; psql "$postgres/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null; rm -rf "$data"' EXIT
export MEKONG_DATABASE_URL="$postgres/$database"
serve "$data/pg-a" "$port" --demo
serve "$data/pg-b" "$((port + 1))"
echo "two processes on PostgreSQL, saved by one, found by the other: $(change_to_found "http://127.0.0.1:$port" "http://127.0.0.1:$((port + 1))")"
