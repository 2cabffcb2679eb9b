#!/usr/bin/env bash
# Every check Tend has: formatting, lints, the UI's type check and unit tests,
# the core's and the shell's tests, and the end-to-end test in the real window.
set -euo pipefail
cd "$(dirname "$0")/.."
# CI gives no standard input; nothing here reads it, and a closed one must
# not become the first file some helper opens.
exec </dev/null
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# A full check builds everything once; incremental caches would only add
# gigabytes to the disk.
export CARGO_INCREMENTAL=0

echo "== UI: type check, unit tests, build (the shell embeds ui/dist)"
(cd ui && npm run check && npm test && npm run build)

echo "== the release workflow passes actionlint"
scripts/check-workflows.sh

echo "== format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== Rust tests (core, command line, shell)"
cargo test --workspace --locked

echo "== the UI's bindings are what the Rust types and commands say"
# The tests above write ui/src/lib/bindings (ts-rs, and Commands.ts from
# the commands' signatures); committed files must already say the same.
if [ -e .git ]; then
  stale="$(git status --porcelain -- ui/src/lib/bindings)"
  if [ -n "$stale" ]; then
    echo "$stale"
    echo "ui/src/lib/bindings changed when the tests wrote it: commit the new bindings." >&2
    exit 1
  fi
fi

echo "== the Linux package, when what it is made from changed since its install test last passed"
if scripts/package.sh --changed; then
  scripts/package.sh --test
else
  echo "Unchanged since the install test passed (scripts/package.tested)."
fi

echo "== end to end, in the real window under Xvfb"
cargo build --workspace --locked
# The window's helpers (the X server, D-Bus, the accessibility bus that
# WebKit starts) can outlive the run; they write to a file, not to this
# script's output, so nothing left behind keeps CI waiting, and whatever is
# left of the run's process group is ended. A hung run fails after 15 minutes.
e2e_log="$(mktemp)"
e2e_status=0
NO_AT_BRIDGE=1 TEND_APP="$PWD/target/debug/tend-desktop" \
  setsid timeout --kill-after=30 900 \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  node --test --test-reporter=spec tests/e2e/ >"$e2e_log" 2>&1 </dev/null &
e2e_pid=$!
wait "$e2e_pid" || e2e_status=$?
# setsid made the run a session of its own, numbered by its first process.
pkill -KILL -s "$e2e_pid" 2>/dev/null || true
cat "$e2e_log"
rm -f "$e2e_log"
exit "$e2e_status"
