#!/usr/bin/env bash
# IATI export figures (a benchmark, not a test) on SQLite: wall time and peak memory of
# `mekong export iati --programme SGA4` on the demo, then on the demo multiplied by ten
# (expenses, funds received, indicators and their values; benches/generate_iati.py), three
# runs each. The file is validated against the schema once at each size.
#   cargo build --release && benches/iati.sh        (needs /usr/bin/time and xmllint;
#   MEKONG_BIN=target/debug/mekong for an unoptimised build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18093}
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

"$bin" --data-dir "$data/db" serve --demo --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true

run() {
  for round in 1 2 3; do
    rm -f "$data/sga4.xml"
    /usr/bin/time -f "  %e s, peak %M KiB" "$bin" --data-dir "$data/db" export iati --programme SGA4 "$data/sga4.xml" 2>&1 >/dev/null | tail -n 1
  done
  echo "  $(grep -c '<transaction-type' "$data/sga4.xml") transactions, $(grep -c '<indicator ' "$data/sga4.xml") indicators, $(grep -c '<actual' "$data/sga4.xml") actuals, $(wc -c < "$data/sga4.xml") bytes"
  xmllint --nonet --noout --schema crates/mekong/tests/it/fixtures/iati/iati-activities-schema.xsd "$data/sga4.xml"
}
echo "demo:"
run
echo "generating ten times the demo:"
python3 benches/generate_iati.py "$data/db/mekong.sqlite"
echo "ten times the demo:"
run
