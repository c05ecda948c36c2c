#!/bin/sh
# Stages the installed tree of guestdiag once, for both the .deb (jdeb) and the .rpm (rpmbuild):
#   /usr/lib/guestdiag/runtime     a minimal Java runtime made with jlink, modules found by jdeps
#   /usr/lib/guestdiag/lib         the agent's shaded jar and JNA's native library
#   /usr/lib/guestdiag/bin/agent   the repository's launcher (agent/bin/agent), /usr/bin/guestdiag links to it
#   /lib/systemd/system, /etc/default, /usr/share/guestdiag   unit files, flags, alerts, dashboard, examples
#   /usr/share/doc/guestdiag, /usr/share/man/man8   README, copyright, LICENSE, changelog, guestdiag(8)
# then tars it (modes kept, owner root) for jdeb's archive data producer.
# Usage: stage.sh AGENT_JAR REPO_DIR OUT_DIR
set -eu
jar=$1 repo=$2 out=$3
root=$out/root
lib=$root/usr/lib/guestdiag
pk=$repo/packaging

rm -rf "$root" "$out/root.tar.gz"
mkdir -p "$lib/lib" "$lib/bin" "$root/lib/systemd/system" "$root/etc/default" \
         "$root/usr/share/guestdiag/prometheus" "$root/usr/share/guestdiag/grafana" "$root/usr/share/guestdiag/examples" \
         "$root/usr/share/doc/guestdiag"

# jdeps finds what the classes use; jdk.crypto.ec is loaded only through the security provider list
# (TLS with EC keys or ECDHE when --web.config.file enables TLS), which no static analysis sees.
# The image is kept in $out/jlink and made again only when the jar's classes (names and CRCs, not the
# timestamps the shade plugin renews on every build) or this script changed: it takes minutes here.
image=$out/jlink
key=$( (unzip -v "$jar" | awk '{print $7, $8}'; cat "$0") | sha256sum | cut -d' ' -f1)
if [ "$(cat "$out/jlink.key" 2>/dev/null)" != "$key" ] || [ ! -f "$image/release" ]; then
  rm -rf "$image" "$out/jlink.key"
  # jdeps also lists what bundled code only names in classes the agent never loads: java.desktop (java.beans
  # in Jackson's and SnakeYAML's bean support), java.sql (Jackson's java.sql.Date handlers), java.rmi,
  # java.instrument, java.security.jgss (Jetty's SPNEGO, Kerberos). Left out, with java.xml that two of them
  # pulled in: the installed-package test runs diagnose, snapshot and serve with TLS and basic auth on the
  # image. java.naming stays: Jetty's TLS reads certificate names with javax.naming.ldap.LdapName (measured:
  # serve with TLS fails to start without it). java.logging and java.management came in through the ones
  # dropped; the agent needs them (java.util.logging, the JVM meters).
  modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 -q "$jar" | tr , '\n' |
    grep -vx 'java.desktop\|java.sql\|java.rmi\|java.instrument\|java.security.jgss' | paste -sd, -)
  modules=$(echo "$modules,java.logging,java.management,java.naming,jdk.crypto.ec" | tr , '\n' | sort -u | paste -sd, -)
  echo "stage: jlink modules $modules"
  # --generate-cds-archive: the JDK classes' default CDS archive, inside the image so it moves with it;
  # the agent's own classes get a dynamic archive at install time (postinst), once the jar is at its final path.
  # --compress=2: the modules file zipped (classes the CDS archives hold are not read from it at all)
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
        --generate-cds-archive --output "$image"
  # the archive for heaps over 32 GiB (no compressed oops); with -Xmx64m it is never used: 11 MiB saved
  rm -f "$image/lib/server/classes_nocoops.jsa"
  echo "$key" > "$out/jlink.key"
fi
cp -a "$image" "$lib/runtime"

install -m 644 "$jar" "$lib/lib/guestdiag-agent.jar"
# JNA's native part, from the same jar so its version matches: the launcher points jna.boot.library.path
# here, so JNA never unpacks it into a temp dir (which a hardened service would need writable and executable)
unzip -p "$jar" com/sun/jna/linux-x86-64/libjnidispatch.so > "$lib/lib/libjnidispatch.so"
chmod 644 "$lib/lib/libjnidispatch.so"
install -m 755 "$repo/agent/bin/agent" "$lib/bin/agent"

install -m 644 "$pk/systemd/guestdiag.service" "$pk/systemd/guestdiag-textfile.service" \
               "$pk/systemd/guestdiag-textfile.timer" "$root/lib/systemd/system/"
install -m 644 "$pk/systemd/guestdiag.default" "$root/etc/default/guestdiag"
install -m 644 "$pk/prometheus/guestdiag-alerts.yml" "$root/usr/share/guestdiag/prometheus/"
install -m 644 "$pk/grafana/guestdiag-fleet.json" "$root/usr/share/guestdiag/grafana/"
install -m 644 "$pk/systemd/prometheus-scrape.yml" "$root/usr/share/guestdiag/examples/"
install -m 644 "$repo/README.md" "$root/usr/share/doc/guestdiag/README.md"
# Debian policy 12.5 and 12.7: the copyright file (the rpm also marks LICENSE %license) and a compressed
# changelog; gzip -n keeps the build reproducible (no name or time in the header)
install -m 644 "$pk/doc/copyright" "$root/usr/share/doc/guestdiag/copyright"
install -m 644 "$repo/LICENSE" "$root/usr/share/doc/guestdiag/LICENSE"
gzip -9n < "$repo/CHANGELOG.md" > "$root/usr/share/doc/guestdiag/changelog.gz"
chmod 644 "$root/usr/share/doc/guestdiag/changelog.gz"
# guestdiag(8) from the built program's own options, so the page cannot drift from --help
mkdir -p "$root/usr/share/man/man8"
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)
# through a file, not a pipe: a generator that fails must fail the build, not leave an empty page
java -cp "$jar" "$repo/agent/src/build/ManPage.java" "$date" > "$root/usr/share/man/man8/guestdiag.8"
gzip -9nf "$root/usr/share/man/man8/guestdiag.8"
chmod 644 "$root/usr/share/man/man8/guestdiag.8.gz"

tar --owner=0 --group=0 --numeric-owner -czf "$out/root.tar.gz" -C "$root" .
du -sh "$lib/runtime" "$lib"
