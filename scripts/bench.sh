#!/usr/bin/env bash
# Measures the app: native single-thread throughput of the reading engine, then the real app
# in headless Chromium on generated police.uk files (100k and 1M rows by default).
# Writes docs/BENCHMARKS.md. Usage: bash scripts/bench.sh [sizes, e.g. 100k,1m] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
sizes="${1:-100k,1m}"
runs="${2:-3}"
data="${BENCH_DATA_DIR:-/tmp/bench-data}"

bash scripts/setup.sh
bash scripts/build.sh
python3 bench/gen_data.py --out-dir "$data" --sizes "$sizes" --seed 42

native=$(mktemp)
echo "[" > "$native"
first=1
for size in ${sizes//,/ }; do
  [ $first = 1 ] || echo "," >> "$native"
  first=0
  cargo bench --quiet --bench ingest -- "$data/crimes-$size.csv" 3 | tail -n 1 >> "$native"
done
echo "]" >> "$native"
node bench/run.mjs --data-dir "$data" --sizes "$sizes" --runs "$runs" --native "$native"
