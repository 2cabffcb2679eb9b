#!/usr/bin/env bash
# Sets up what is missing, builds the UI and starts Tend.
# TEND_DATA_DIR=DIR scripts/run.sh opens the data in DIR instead of the usual place.
set -euo pipefail
cd "$(dirname "$0")/.."
TEND_SETUP_E2E=0 scripts/setup.sh
(cd ui && npm run build)
# Some GPUs show a blank WebKitGTK window without this; respect the user's own choice.
export WEBKIT_DISABLE_DMABUF_RENDERER="${WEBKIT_DISABLE_DMABUF_RENDERER:-1}"
cargo run -p tend-desktop --release "$@"
