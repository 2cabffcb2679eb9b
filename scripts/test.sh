#!/usr/bin/env bash
# Every check Tend has: formatting, lints, the UI's type check and unit tests,
# the core's and the shell's tests, and the end-to-end test in the real window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# A full check builds everything once; incremental caches would only add
# gigabytes to the disk.
export CARGO_INCREMENTAL=0

echo "== UI: type check, unit tests, build (the shell embeds ui/dist)"
(cd ui && npm run check && npm test && npm run build)

echo "== format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== Rust tests (core, command line, shell)"
cargo test --workspace --locked

echo "== end to end, in the real window under Xvfb"
cargo build --workspace --locked
TEND_APP="$PWD/target/debug/tend-desktop" \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  node --test --test-reporter=spec tests/e2e/
