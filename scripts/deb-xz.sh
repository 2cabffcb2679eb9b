#!/usr/bin/env bash
# Repacks a .deb with its files compressed by xz, as Debian's own packages
# are. The Tauri CLI writes them with gzip, which makes Tend's package about
# a third larger. What is inside (files, modes, control, md5sums) is kept
# as it was; the package is replaced in place.
#
#   scripts/deb-xz.sh PACKAGE.deb
set -euo pipefail
if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: scripts/deb-xz.sh PACKAGE.deb" >&2
  exit 2
fi
deb="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$deb" "$work/root"
dpkg-deb --root-owner-group -Zxz --build "$work/root" "$work/repacked.deb" >/dev/null
mv "$work/repacked.deb" "$deb"
