#!/usr/bin/env bash
# Fuzzes the reading engine: every target in fuzz/ for a fixed time each (default 60 s),
# seeded from the real and hostile files in tests/data/. A crash stops only its own target;
# the script then says where the input was saved and exits non-zero.
#
#   bash scripts/fuzz.sh [seconds-per-target] [target ...]
#
# Every crash found becomes a regression test: copy the input into
# fuzz/regressions/<target>/ (tests/fuzz_regressions.rs replays that folder on stable Rust
# in the ordinary test run), fix the bug, and add a test that names the case.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

CARGO_FUZZ_VERSION=0.13.2
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_file read_zip uk_period uk_number sniff)

say() { printf '==> %s\n' "$*"; }

# cargo-fuzz passes the compiler flags libFuzzer needs, some of which stable rustc only
# accepts when told it may; nothing else about the build changes.
export RUSTC_BOOTSTRAP=1

if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  say "Installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi

# Seeds: the start of every real and hostile file (shorter inputs mutate faster), whole small
# archives for the zip target, and every input saved after an earlier crash.
seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  local pattern='*.csv'
  [ "$target" = read_zip ] && pattern='*.zip'
  while IFS= read -r -d '' file; do
    local name
    name=$(printf '%s' "$file" | tr '/ ' '__')
    [ -e "$dir/$name" ] || head -c 4096 "$file" > "$dir/$name"
  done < <(find tests/data assets/sample -name "$pattern" -print0)
  if [ "$target" = read_zip ]; then
    # Whole archives: a cut-off zip is only a damaged one.
    while IFS= read -r -d '' file; do
      cp "$file" "$dir/$(printf '%s' "$file" | tr '/ ' '__')"
    done < <(find tests/data -name '*.zip' -size -2M -print0)
  fi
  cp -f fuzz/regressions/"$target"/* "$dir"/ 2>/dev/null || true
}

# Release code with debug assertions, so an overflowing sum is a crash rather than a wrap.
flags=(--sanitizer none --debug-assertions)
say "Building the fuzz targets (cargo fuzz build ${flags[*]})"
(cd fuzz && cargo fuzz build "${flags[@]}")

failed=()
for target in "${targets[@]}"; do
  seed "$target"
  say "Fuzzing $target for ${seconds} s"
  # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: memory must stay bounded.
  mkdir -p fuzz/artifacts
  # Archives need room for a whole (small) zip; text targets mutate faster when short, and
  # a few lines of cells are all the period and number parsers need.
  case $target in
    read_zip) max_len=262144 ;;
    read_file) max_len=4096 ;;
    sniff) max_len=4096 ;;
    *) max_len=512 ;;
  esac
  (cd fuzz && cargo fuzz run "${flags[@]}" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 > "artifacts/$target.log" 2>&1) || true
  grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY)|panicked|Test unit written to|deadly signal|ERROR: libFuzzer' \
    "fuzz/artifacts/$target.log" || true
  if grep -qE 'Test unit written to|ERROR: libFuzzer|panicked' "fuzz/artifacts/$target.log"; then
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  say "Crashes in: ${failed[*]}. Inputs are in fuzz/artifacts/<target>/; logs in fuzz/artifacts/<target>.log."
  exit 1
fi
say "No crashes in ${targets[*]} (${seconds} s each)."
