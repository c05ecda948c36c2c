#!/bin/bash
# Find or fetch one Debian kernel for the guest lab, by series.
#
# usage: kernel.sh SERIES SUITE      e.g.  kernel.sh 6.1 bookworm   kernel.sh 5.10 bullseye   kernel.sh 6.12 trixie
# Prints "KVER ROOT": ROOT/boot/vmlinuz-KVER and ROOT/lib/modules/KVER (with modules.dep) exist.
#
# A kernel of the series installed on this machine (/boot + /lib/modules) is taken as it is (ROOT=/).
# Otherwise the newest linux-image-SERIES.*-amd64 that SUITE's linux-image-amd64 depends on is fetched with
# apt-get download through a private apt configuration (sources, lists and package cache under
# $GUESTDIAG_LAB_CACHE, default ~/.cache/guestdiag-lab: the machine's own apt state is left alone), unpacked
# with dpkg-deb -x into CACHE/kernels/KVER and depmod'ed there. The cache survives `mvn clean` and is
# reused, so a suite run fetches each kernel once per machine.
# Needs: apt-get, dpkg-deb, depmod (kmod), debian-archive-keyring.
set -euo pipefail
SERIES=${1:?usage: kernel.sh SERIES SUITE}
SUITE=${2:?usage: kernel.sh SERIES SUITE}
CACHE=${GUESTDIAG_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guestdiag-lab}
# a series is MAJOR.MINOR: "6.1" must not take 6.12's 6.12.0 nor "6.1" take 6.10
series_of() { echo "$1" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/'; }

for v in $(ls -1 /lib/modules 2>/dev/null | sort -V -r); do
    case "$v" in *-amd64) ;; *) continue ;; esac
    if [ "$(series_of "$v")" = "$SERIES" ] && [ -f "/boot/vmlinuz-$v" ] && [ -f "/lib/modules/$v/modules.dep" ]; then
        echo "$v /"; exit 0
    fi
done

APT=$CACHE/apt
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/etc" "$CACHE/kernels"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$KEYRING" ] || { echo "kernel.sh: $KEYRING missing (apt-get install debian-archive-keyring)" >&2; exit 1; }
echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian $SUITE main" > "$APT/etc/$SUITE.list"
OPTS=(-o "Dir::Etc::sourcelist=$APT/etc/$SUITE.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$APT/lists"
      -o "Dir::Cache=$APT/cache" -o Dir::State::status=/dev/null -o APT::Get::List-Cleanup=0
      -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
# the lists are refreshed once a day: a suite's kernel moves with its point releases
stamp=$APT/lists/$SUITE.stamp
if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
    apt-get "${OPTS[@]}" -qq update >&2
    touch "$stamp"
fi
pkg=$(apt-cache "${OPTS[@]}" depends linux-image-amd64 2>/dev/null \
      | sed -nE "s/^ *Depends: (linux-image-$SERIES\.[^ ]*-amd64)\$/\1/p" | head -1)
[ -n "$pkg" ] || { echo "kernel.sh: $SUITE's linux-image-amd64 depends on no linux-image-$SERIES.*-amd64" >&2; exit 1; }
KVER=${pkg#linux-image-}
DIR=$CACHE/kernels/$KVER
if [ ! -f "$DIR/lib/modules/$KVER/modules.dep" ] || [ ! -f "$DIR/boot/vmlinuz-$KVER" ]; then
    rm -rf "$DIR.tmp"; mkdir -p "$DIR.tmp"
    (cd "$APT/cache/archives" && apt-get "${OPTS[@]}" -qq download "$pkg" >&2)
    deb=$(ls -1 "$APT/cache/archives/${pkg}_"*_amd64.deb | tail -1)
    dpkg-deb -x "$deb" "$DIR.tmp"
    # trixie's packages are merged-/usr (usr/lib/modules); depmod -b and build-initramfs.sh look in lib/modules
    if [ ! -d "$DIR.tmp/lib/modules" ] && [ -d "$DIR.tmp/usr/lib/modules" ]; then ln -s usr/lib "$DIR.tmp/lib"; fi
    # the package ships no modules.dep or modules.alias: its postinst runs depmod
    depmod -b "$DIR.tmp" "$KVER"
    rm -rf "$DIR"; mv "$DIR.tmp" "$DIR"
    rm -f "$deb"
fi
echo "$KVER $DIR"
