#!/usr/bin/env bash
# Measures the app: native single-thread throughput of the reading engine, then, in one run, the
# real app and the peer tools (bench/peers: PapaParse, d3-dsv, Arquero, DuckDB-WASM) in headless
# Chromium on generated police.uk files (100k and 1M rows, and 10M rows — 2.2 GB, the app only —
# to show that memory stays flat; only here, never in CI), and how fast a filter change redraws
# the view with the 1M-row file loaded. Writes docs/BENCHMARKS.md.
# Usage: bash scripts/bench.sh [sizes, e.g. 100k,1m,10m] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
sizes="${1:-100k,1m,10m}"
runs="${2:-3}"
data="${BENCH_DATA_DIR:-/tmp/bench-data}"

bash scripts/setup.sh
bash scripts/build.sh
# The peers' npm packages, for the benchmark only (never in setup.sh, the app or the tests).
# npm ci starts from scratch each time, so it runs only when the lock file is newer than the
# last install.
if [ ! bench/peers/node_modules/.package-lock.json -nt bench/peers/package-lock.json ]; then
  npm ci --prefix bench/peers --no-audit --no-fund
fi
generated=$(echo "$sizes" | tr , '\n' | grep -v '^10m$' | paste -sd, -)
python3 bench/gen_data.py --out-dir "$data" --sizes "${generated:-1m}" --seed 42
if [[ ",$sizes," == *,10m,* && ! -s "$data/crimes-10m.csv" ]]; then
  # Ten times the 1M-row file under its one header: 10M rows, 2.2 GB, the same 36 months.
  [ -s "$data/crimes-1m.csv" ] || python3 bench/gen_data.py --out-dir "$data" --sizes 1m --seed 42
  # Each copy's Crime IDs get the copy's number in front: a Crime ID repeated in a file is one
  # crime to the app (as police.uk means it), so ten copies of the same IDs would count once.
  { cat "$data/crimes-1m.csv"
    for copy in 2 3 4 5 6 7 8 9 10; do tail -n +2 "$data/crimes-1m.csv" | sed "s/^\([0-9a-f]\)/${copy}\1/"; done
  } > "$data/crimes-10m.csv.tmp"
  mv "$data/crimes-10m.csv.tmp" "$data/crimes-10m.csv"
fi

native=$(mktemp)
echo "[" > "$native"
first=1
for size in ${sizes//,/ }; do
  # The native run holds the whole file in memory: not for the 2 GB one.
  [ "$size" = 10m ] && continue
  [ $first = 1 ] || echo "," >> "$native"
  first=0
  cargo bench --quiet --bench ingest -- "$data/crimes-$size.csv" 3 | tail -n 1 >> "$native"
done
echo "]" >> "$native"
node bench/run.mjs --data-dir "$data" --sizes "$sizes" --runs "$runs" --native "$native"
# Issue #6's 50 ms: filter changes with the 1M-row file loaded (after the load benchmark, which
# rewrites docs/BENCHMARKS.md and keeps this section).
if [[ ",$sizes," == *,1m,* ]]; then
  node bench/interactions.mjs --file "$data/crimes-1m.csv" --repeats 10
fi
