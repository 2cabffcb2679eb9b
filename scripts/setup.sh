#!/usr/bin/env bash
# Installs what Tend needs to build, run and test on Debian/Ubuntu: system
# packages (only those missing), the UI's npm packages, and tauri-driver.
# Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential pkg-config curl file libssl-dev
  libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev
  xvfb xauth dbus webkit2gtk-driver poppler-utils qpdf strace
  python3-icalendar python3-venv
  # A Secret Service keychain, for the end-to-end test of "Unlock
  # automatically on this computer".
  gnome-keyring
)
# `scripts/setup.sh --packaging`: also what the package's install test uses
# (a fresh Debian root, and the .desktop file's checker).
if [ "${1:-}" = --packaging ]; then
  packages+=(mmdebstrap desktop-file-utils)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}"
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "Installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund)
fi

if [ "${TEND_SETUP_E2E:-1}" = 1 ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "Installing tauri-driver (for the end-to-end tests)"
  cargo install tauri-driver --version '^2' --locked
fi
