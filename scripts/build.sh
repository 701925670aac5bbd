#!/usr/bin/env bash
# Builds the release app into dist/ without touching the network.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline
