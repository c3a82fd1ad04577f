#!/bin/sh
# Matching of funding opportunities: 500 opportunities against 2,000 candidates (cities now,
# projects later), every pair with its reasons, on a release build. Prints the time; never fails on it.
set -eu
cd "$(dirname "$0")/.."
cargo build --release -p mekong
./target/release/mekong bench matching
