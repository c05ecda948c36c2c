#!/bin/sh
# Inspects the built .rpm with rpm -qlp / -qp --scripts: files, config, scripts, no Java dependency.
# Skips (exit 0, with the reason) where rpm is absent (Debian package rpm).
# Usage: inspect-rpm.sh TARGET_DIR
set -eu
out=$1
say() { echo "inspect-rpm: $*"; }
fail() { echo "inspect-rpm: FAILED: $*" >&2; exit 1; }
if ! command -v rpm >/dev/null; then say "SKIPPED: rpm absent (Debian package rpm)"; exit 0; fi
rpmfile=$(ls "$out"/guestdiag-*.x86_64.rpm)

files=$(rpm -qlp "$rpmfile")
for f in /usr/bin/guestdiag /usr/lib/guestdiag/bin/agent /usr/lib/guestdiag/lib/guestdiag-agent.jar \
         /usr/lib/guestdiag/lib/libjnidispatch.so /usr/lib/guestdiag/runtime/bin/java \
         /usr/lib/guestdiag/runtime/lib/server/classes.jsa /usr/lib/systemd/system/guestdiag.service \
         /usr/lib/systemd/system/guestdiag-textfile.timer /etc/sysconfig/guestdiag \
         /usr/share/guestdiag/prometheus/guestdiag-alerts.yml /usr/share/guestdiag/grafana/guestdiag-fleet.json \
         /usr/share/man/man8/guestdiag.8.gz /usr/share/doc/guestdiag/copyright /usr/share/doc/guestdiag/changelog.gz; do
  echo "$files" | grep -qx "$f" || fail "$f not in the rpm"
done
echo "$files" | grep -q '^/lib/systemd\|^/etc/default' && fail "Debian paths in the rpm"
rpm -qpc "$rpmfile" | grep -qx /etc/sysconfig/guestdiag || fail "/etc/sysconfig/guestdiag is not %config"
rpm -qpL "$rpmfile" | grep -qx /usr/share/doc/guestdiag/LICENSE || fail "LICENSE is not %license"
rpm -qpd "$rpmfile" | grep -qx /usr/share/man/man8/guestdiag.8.gz || fail "guestdiag(8) is not marked as documentation"

scripts=$(rpm -qp --scripts "$rpmfile")
echo "$scripts" | grep -q 'preinstall scriptlet' || fail "no %pre"
echo "$scripts" | sed -n '/preinstall scriptlet/,/postinstall scriptlet/p' | grep -q 'useradd -r -g guestdiag' || fail "%pre does not create the user"
echo "$scripts" | grep -q 'ArchiveClassesAtExit' || fail "%post makes no CDS archive"

# its own runtime: nothing may pull in a system Java
rpm -qp --requires "$rpmfile" | grep -qi 'java\|jre\|jdk' && fail "rpm requires a Java"
# the unit inside reads /etc/sysconfig, as Fedora/openSUSE keep flags there
rpm2cpio "$rpmfile" | (cd "$(mktemp -d)" && cpio -idm --quiet ./usr/lib/systemd/system/guestdiag.service && \
  grep -q '^EnvironmentFile=-/etc/sysconfig/guestdiag$' usr/lib/systemd/system/guestdiag.service) || fail "unit in the rpm does not read /etc/sysconfig/guestdiag"
say "OK: $(basename "$rpmfile"), $(echo "$files" | wc -l) files, $(du -h "$rpmfile" | cut -f1)"
