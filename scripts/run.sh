#!/usr/bin/env bash
# Sets up what is missing, builds the UI and starts Tend.
# TEND_DATA_DIR=DIR scripts/run.sh opens the data in DIR instead of the usual place.
set -euo pipefail
cd "$(dirname "$0")/.."
TEND_SETUP_E2E=0 scripts/setup.sh
(cd ui && npm run build)
cargo run -p tend-desktop "$@"
