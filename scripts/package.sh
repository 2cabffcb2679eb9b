#!/usr/bin/env bash
# Builds Tend's Linux packages (.deb and .rpm) with the Tauri CLI from the
# UI's npm dev dependencies, offline, into target/release/bundle/.
#
#   scripts/package.sh            build the UI, the release app, the `tend`
#                                 command line and both packages
#   scripts/package.sh --check    only the checks made before building
#   scripts/package.sh --test     build, then install the .deb into a fresh
#                                 Debian 12 root and try it there
#                                 (scripts/package-test.sh); once it passes,
#                                 scripts/package.tested records the
#                                 packaging files it passed with
#   scripts/package.sh --changed  succeeds when those files differ from the
#                                 record (scripts/test.sh then runs --test)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-build}"
case "$mode" in
  build | --check | --test | --changed) ;;
  *)
    echo "usage: scripts/package.sh [--check | --test | --changed]" >&2
    exit 2
    ;;
esac

# What the package is made from, beyond the program itself.
packaging_files() {
  sha256sum src-tauri/tauri.conf.json src-tauri/tauri.update-files.conf.json \
    icons/* scripts/package.sh scripts/deb-xz.sh scripts/package-test.sh
}
if [ "$mode" = --changed ]; then
  ! packaging_files | cmp -s - scripts/package.tested
  exit
fi

# The version a package says is tauri.conf.json's; the app and the command
# line report the workspace's. They must be one number.
workspace_version="$(awk '
  /^\[workspace\.package\]/ { in_section = 1; next }
  /^\[/ { in_section = 0 }
  in_section && /^version *=/ { gsub(/.*= *"|".*/, ""); print; exit }
' Cargo.toml)"
config_version="$(node -p 'require("./src-tauri/tauri.conf.json").version')"
if [ -z "$workspace_version" ]; then
  echo "No version found under [workspace.package] in Cargo.toml." >&2
  exit 1
fi
if [ "$workspace_version" != "$config_version" ]; then
  echo "The versions differ: src-tauri/tauri.conf.json says $config_version," \
    "Cargo.toml's workspace says $workspace_version. Make them the same before packaging." >&2
  exit 1
fi
echo "Packaging Tend $workspace_version"
if [ "$mode" = --check ]; then
  exit 0
fi

scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "== the UI"
(cd ui && npm run build)

echo "== the command line (packaged as /usr/bin/tend)"
cargo build --release --locked -p tend --bin tend

echo "== the app and its packages"
# The UI is built above; the CLI's own beforeBuildCommand builds it again
# only when it is run by hand.
node ui/node_modules/@tauri-apps/cli/tauri.js build --ci --bundles deb,rpm \
  --config '{"build":{"beforeBuildCommand":""}}' -- --locked
scripts/deb-xz.sh "target/release/bundle/deb/Tend_${workspace_version}_amd64.deb"

ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

if [ "$mode" = --test ]; then
  scripts/package-test.sh "target/release/bundle/deb/Tend_${workspace_version}_amd64.deb"
  packaging_files >scripts/package.tested
fi
