#!/usr/bin/env bash
# Runs every test Safer Trends has, in the order a failure is cheapest to find.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

bash scripts/setup.sh

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

step "Lints, native (cargo clippy -D warnings)"
cargo clippy --all-targets --locked -- -D warnings

step "Lints, wasm32 (cargo clippy -D warnings)"
cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

step "Native unit, property and real-file tests"
cargo test --locked

step "Browser tests in headless Chromium (wasm-bindgen-test)"
cargo test --locked --target wasm32-unknown-unknown --test browser

step "Release build (trunk build --release --offline)"
bash scripts/build.sh

step "End-to-end tests against dist/ (Playwright, Chromium)"
npx playwright test
