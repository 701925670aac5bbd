#!/usr/bin/env bash
# Installs what Safer Trends needs to build and test, and nothing that is already there at the
# right version, so it is safe to run again and again. Versions: see docs/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.21.14

say() { printf '==> %s\n' "$*"; }
die() { printf '\nsetup failed: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else die "installing Debian packages needs root: run 'apt-get install -y $*' as root, then run this again."
  fi
}

apt_updated=""
apt_install() {
  say "Installing Debian packages: $*"
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq || die "apt-get update failed (no access to the Debian package archive?)."
    apt_updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" \
    || die "apt-get could not install $* ."
}

# 1. Rust and the wasm32 target.
have cargo || die "cargo is not on PATH. Install Rust (rustup, stable 1.95 or later) first."
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "Adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown || die "rustup could not add the wasm32-unknown-unknown target."
fi

# 2. wasm-bindgen-cli, exactly the version Cargo.lock uses (a mismatch breaks the build).
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$wasm_bindgen_version" ] || die "Cargo.lock names no wasm-bindgen version."
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ] || ! have wasm-bindgen-test-runner; then
  say "Installing wasm-bindgen-cli $wasm_bindgen_version (about 5 minutes)"
  # No --locked: its lock file names a crate version the registry here lacks.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force \
    || die "cargo could not install wasm-bindgen-cli $wasm_bindgen_version."
fi

# 3. trunk.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "Installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force \
    || die "cargo could not install trunk $TRUNK_VERSION."
fi

# 4. Chromium and chromedriver from Debian (never a browser download).
if ! have chromium || ! have chromedriver; then
  apt_install chromium chromium-driver
fi
chromium_major=$(chromium --version 2>/dev/null | grep -oE '[0-9]+' | head -n 1)
driver_major=$(chromedriver --version 2>/dev/null | grep -oE '[0-9]+' | head -n 1)
if [ "$chromium_major" != "$driver_major" ]; then
  say "chromium ($chromium_major) and chromedriver ($driver_major) differ: upgrading both"
  apt_install chromium chromium-driver
fi

# 5. Node.js and the npm packages: Playwright (end-to-end tests) and binaryen (wasm-opt).
if ! have node || ! have npm; then
  apt_install nodejs npm
fi
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ] || [ ! -x node_modules/.bin/wasm-opt ]; then
  say "Installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund || die "npm ci failed."
  echo "$lock_hash" > node_modules/.setup-lock-hash
fi

# 6. Crates, so that the build itself never needs the network.
cargo fetch --quiet || die "cargo fetch failed (no access to crates.io?)."

say "Set-up complete: $(trunk --version), wasm-bindgen $wasm_bindgen_version, $(wasm-opt --version), $(chromium --version)"
