#!/usr/bin/env bash
# Tries a built .deb as a person would meet it, in a fresh minimal Debian 12
# root made here (mmdebstrap), never on the build machine (which has every
# -dev library):
#
#   1. the package says who it is, and holds the app, `tend`, the .desktop
#      entry and its icons;
#   2. apt installs the previous release into the bare root, fetching its
#      Depends, and nothing either program links to is missing;
#   3. the previous release's `tend` fills a person's data folder, and
#      upgrading to this package leaves it as it was;
#   4. the installed app starts under Xvfb on a new, empty data folder and
#      draws its first screen, and starts again on the upgraded data;
#   5. the .desktop entry validates, its Exec resolves and its icon exists;
#   6. purging the package leaves no file of it behind, only the data.
#
#   scripts/package-test.sh NEW.deb [PREVIOUS.deb]
#
# Without PREVIOUS.deb (no release is published yet), the previous release
# is stood in for by this package relabelled 0.0.0, which tests the upgrade
# itself but not an older app's data. The release workflow passes the
# latest published release's .deb. Run as root (scripts/package.sh --test).
set -euo pipefail
cd "$(dirname "$0")/.."

new_deb="$(realpath "${1:?usage: scripts/package-test.sh NEW.deb [PREVIOUS.deb]}")"
previous_deb="${2:+$(realpath "$2")}"
work="$PWD/target/package-test"
root="$work/root"
started_at=$SECONDS

if [ "$(id -u)" -ne 0 ]; then
  echo "The install test makes a Debian root and chroots into it: run it as root." >&2
  exit 1
fi
# Every mount below is made in a mount namespace of this script's own, so
# all of them go when it ends, however it ends.
if [ -z "${TEND_PACKAGE_TEST_NS:-}" ]; then
  exec env TEND_PACKAGE_TEST_NS=1 unshare --mount --propagation private -- "$0" "$@"
fi
scripts/setup.sh --packaging >/dev/null

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "== $*"; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() { chroot "$root" runuser -u walker -- env -i PATH=/usr/bin:/bin HOME=/home/walker LANG=C.UTF-8 "$@"; }
apt_get() {
  in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0 "$@"
}

step "1. what the package says and holds"
field() { dpkg-deb -f "$new_deb" "$1"; }
for f in Package Version Architecture Maintainer Description Depends; do
  printf '%-13s %s\n' "$f:" "$(field "$f" | head -1)"
done
[ "$(field Package)" = tend ] || fail "the package is called $(field Package), not tend"
want_version="$(node -p 'require("./src-tauri/tauri.conf.json").version')"
[ "$(field Version)" = "$want_version" ] || fail "the package is version $(field Version), not $want_version"
contents="$(dpkg-deb -c "$new_deb" | awk '{print $6}' | sed 's|^\./||; s|^|/|')"
for path in /usr/bin/tend-desktop /usr/bin/tend /usr/share/applications/Tend.desktop \
  /usr/share/icons/hicolor/scalable/apps/tend-desktop.svg; do
  grep -qx "$path" <<<"$contents" || fail "the package has no $path"
done
sizes="$(grep -o 'hicolor/[0-9]*x[0-9]*/apps/' <<<"$contents" | sort -u | cut -d/ -f2 | sort -n | tr '\n' ' ')"
echo "Icon sizes:   $sizes"
for size in 16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
  grep -qw "$size" <<<"$sizes" || fail "no $size icon in the package"
done
echo "Size:         $(du -k "$new_deb" | cut -f1) KB packed, $(field Installed-Size) KB installed"

step "2. a fresh Debian 12 root, and the previous release installed by apt"
# Never past a mount point: a bind of /dev left by some earlier run must
# not take the host's devices with it.
rm -rf --one-file-system "$root"
mkdir -p "$work"
mmdebstrap --quiet --variant=apt --mode=root bookworm "$root" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main" </dev/null
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t sysfs sysfs "$root/sys"
mount -t tmpfs tmpfs "$root/tmp"
cp /etc/resolv.conf "$root/etc/resolv.conf"
apt_get update >/dev/null

if [ -n "$previous_deb" ]; then
  cp "$previous_deb" "$root/tmp/previous.deb"
else
  echo "No earlier release given: this package relabelled 0.0.0 stands in for it."
  relabel="$work/relabel"
  rm -rf "$relabel"
  dpkg-deb -R "$new_deb" "$relabel"
  sed -i 's/^Version: .*/Version: 0.0.0/' "$relabel/DEBIAN/control"
  dpkg-deb --root-owner-group -Zxz -b "$relabel" "$root/tmp/previous.deb" >/dev/null
  rm -rf "$relabel"
fi
cp "$new_deb" "$root/tmp/new.deb"
apt_get install --no-install-recommends /tmp/previous.deb >/dev/null
echo "Installed: tend $(in_root dpkg-query -W -f='${Version}' tend)"
for program in /usr/bin/tend-desktop /usr/bin/tend; do
  missing="$(in_root ldd "$program" | grep 'not found' || true)"
  [ -z "$missing" ] || fail "$program needs libraries the package's Depends do not bring: $missing"
done
echo "Every library both programs link to is there."

# Only now the test's own tools, so they cannot stand in for a missing Depends.
apt_get install --no-install-recommends xvfb xauth dbus desktop-file-utils >/dev/null
in_root useradd --create-home --shell /bin/bash walker
# The folder the app uses when TEND_DATA_DIR is not set.
data=/home/walker/.local/share/org.tend.desktop/data

step "3. data made by the previous release, then the upgrade"
as_user tend --data "$data" demo
before="$(as_user tend --data "$data" people)"
people_before="$(wc -l <<<"$before")"
[ "$people_before" -gt 10 ] || fail "the demo made only $people_before people"
apt_get install --no-install-recommends /tmp/new.deb >/dev/null
upgraded="$(in_root dpkg-query -W -f='${Version}' tend)"
[ "$upgraded" = "$want_version" ] || fail "after the upgrade tend is $upgraded, not $want_version"
after="$(as_user tend --data "$data" people)"
[ "$before" = "$after" ] || fail "the upgrade changed who is in the data"
echo "Upgraded to $upgraded; all $people_before people still there."

step "4. the installed app starts and draws its first screen"
# Waits for the app's own log line, which the window asks for once its first
# screen is drawn; the data folder's store must exist by then.
first_screen() {
  local folder="$1" log="$work/app.log"
  as_user env ${folder:+TEND_DATA_DIR="$folder"} NO_AT_BRIDGE=1 \
    timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    sh -c 'tend-desktop & app=$!
      for _ in $(seq 1 300); do
        cat "$HOME"/.local/share/org.tend.desktop/logs/*.log 2>/dev/null | grep -q "First screen shown" && break
        sleep 0.1
      done
      kill $app; wait $app' >"$log" 2>&1 || true
  grep -h "First screen shown" "$root/home/walker/.local/share/org.tend.desktop/logs/"*.log |
    tail -1 | grep -o 'First screen shown.*' ||
    { cat "$log"; fail "the app did not draw its first screen"; }
  rm -f "$root/home/walker/.local/share/org.tend.desktop/logs/"*.log
}
first_screen /home/walker/empty
[ -d "$root/home/walker/empty" ] || fail "the app made no data folder at /home/walker/empty"
echo "Started on a new, empty data folder."
first_screen ""
echo "Started on the upgraded data in the usual folder."

step "5. the .desktop entry"
desktop=/usr/share/applications/Tend.desktop
in_root desktop-file-validate "$desktop"
exec_name="$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$root$desktop")"
icon_name="$(sed -n 's/^Icon=//p' "$root$desktop")"
in_root sh -c "command -v '$exec_name'" >/dev/null || fail "Exec=$exec_name is not on PATH"
ls "$root"/usr/share/icons/hicolor/*/apps/"$icon_name".* >/dev/null 2>&1 ||
  fail "no icon called $icon_name under /usr/share/icons/hicolor"
echo "Valid; Exec=$exec_name resolves; Icon=$icon_name at $(ls "$root"/usr/share/icons/hicolor/*/apps/"$icon_name".* | wc -l) sizes."

step "6. removed, nothing is left but the data"
apt_get purge tend >/dev/null
leftovers=""
while read -r path; do
  [ -z "$path" ] || [ -d "$root$path" ] || [ ! -e "$root$path" ] || leftovers+="$path "
done <<<"$contents"
leftovers+="$(find "$root/usr" "$root/etc" "$root/opt" "$root/var/lib/dpkg/info" \
  \( -name 'tend' -o -name 'tend-*' -o -name 'tend.*' -o -name 'Tend*' -o -name 'org.tend*' \) \
  -printf '%p ' 2>/dev/null | sed "s|$root||g" || true)"
[ -z "$leftovers" ] || fail "left behind after purge: $leftovers"
[ -d "$root$data" ] || fail "the purge took the user's data"
echo "No file of the package is left; the data is still in $data."

umount -R "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
rm -rf --one-file-system "$root"
echo "The install test passed in $((SECONDS - started_at)) s."
