#!/bin/sh
# Install test of the .deb on this machine (CI: Debian 12, as root): dpkg -i, run the installed
# `guestdiag diagnose` (text and JSON) and `guestdiag serve` on a loopback port, verify the installed units,
# run it with exactly the unit's user and capabilities, then dpkg --purge and check nothing is left.
# Skips (exit 0, with the reason) when not root or without dpkg: it changes the machine.
# Usage: install-deb.sh TARGET_DIR
set -eu
out=$1
deb=$(ls "$out"/guestdiag_*_amd64.deb)
say() { echo "install-deb: $*"; }
fail() { echo "install-deb: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then say "SKIPPED: not root; dpkg -i needs root (built: $deb)"; exit 0; fi
if ! command -v dpkg >/dev/null; then say "SKIPPED: dpkg absent (built: $deb)"; exit 0; fi
if dpkg -s guestdiag >/dev/null 2>&1; then
  fail "guestdiag is already installed here; this test installs and purges it: remove it first (dpkg --purge guestdiag)"
fi

work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  dpkg -s guestdiag >/dev/null 2>&1 && dpkg --purge guestdiag >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say "dpkg -i $deb"
dpkg -i "$deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }

# what the package put in place
[ "$(readlink /usr/bin/guestdiag)" = /usr/lib/guestdiag/bin/agent ] || fail "/usr/bin/guestdiag is not the launcher link"
[ -x /usr/lib/guestdiag/runtime/bin/java ] || fail "no jlink runtime"
getent passwd guestdiag | grep -q ':/usr/sbin/nologin$' || fail "no guestdiag system user with nologin: $(getent passwd guestdiag)"
[ -s /var/cache/guestdiag/guestdiag.jsa ] || fail "postinst made no CDS archive"
/usr/lib/guestdiag/runtime/bin/java --list-modules | grep -q '^java.base' || fail "runtime lists no modules"
# the runtime holds no module that the agent never loads (every run below proves it works without them)
! /usr/lib/guestdiag/runtime/bin/java --list-modules | grep '^java.desktop\|^java.sql\|^java.rmi\|^java.xml@' \
  || fail "runtime carries modules the agent does not use"
# the documents Debian policy asks for, and the man page
for f in copyright changelog.gz LICENSE README.md; do [ -s "/usr/share/doc/guestdiag/$f" ] || fail "no /usr/share/doc/guestdiag/$f"; done
grep -q '^License: Apache-2.0' /usr/share/doc/guestdiag/copyright || fail "copyright names no license"
gzip -t /usr/share/doc/guestdiag/changelog.gz || fail "changelog.gz is not gzip"
man8=/usr/share/man/man8/guestdiag.8.gz
zcat "$man8" | grep -q '^\.TH GUESTDIAG 8' || fail "no guestdiag(8) in $man8"
for o in 'guestdiag diagnose' 'guestdiag serve' 'guestdiag snapshot' '\\-\\-log.level' '\\-\\-web.config.file' '\\-\\-root'; do
  zcat "$man8" | grep -q -- "$o" || fail "guestdiag(8) does not mention $o"
done
if command -v groff >/dev/null; then
  zcat "$man8" | groff -man -ww -z 2> "$work/groff.txt"; [ ! -s "$work/groff.txt" ] || { cat "$work/groff.txt"; fail "groff warns on guestdiag(8)"; }
fi
say "installed: runtime $(du -sh /usr/lib/guestdiag/runtime | cut -f1), all of /usr/lib/guestdiag $(du -sh /usr/lib/guestdiag | cut -f1), .deb $(du -h "$deb" | cut -f1)"

# the installed program reports on this machine: text
set +e
/usr/bin/guestdiag diagnose --color never > "$work/report.txt" 2>"$work/err.txt"; code=$?
set -e
[ "$code" -le 2 ] || { cat "$work/err.txt"; fail "guestdiag diagnose exited $code"; }
head -1 "$work/report.txt" | grep -q '^guestdiag: this machine' || fail "not a report: $(head -3 "$work/report.txt")"
grep -q 'critical.*warning.*info' "$work/report.txt" || fail "no severity summary in the report"
[ ! -s "$work/err.txt" ] || { cat "$work/err.txt"; fail "diagnose wrote to stderr (CDS or JNA warnings?)"; }

# JSON: the CPU it reports is this machine's
/usr/bin/guestdiag diagnose --format json > "$work/report.json" || [ $? -le 2 ]
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
cpus=$(grep -c '^processor' /proc/cpuinfo)
grep -q "\"model_name\" : \"$model\"" "$work/report.json" || fail "JSON lacks this machine's CPU model '$model'"
grep -q "\"processors\" : $cpus," "$work/report.json" || fail "JSON lacks this machine's $cpus processors"
say "diagnose: $(sed -n 2p "$work/report.txt" | sed 's/^ *//'); CPU '$model' x $cpus in the JSON"

# the agent's classes come from the CDS archive postinst made (the "top" layer over the JDK's own archive);
# a stale or mismatched archive would be silently ignored, so look at where classes were loaded from
GUESTDIAG_JAVA_OPTS=-Xlog:class+load=info /usr/bin/guestdiag diagnose --check cpu-model > "$work/classload.txt" 2>&1 || [ $? -le 2 ]
grep -q 'org.guestdiag.cli.AgentCommand source: shared objects file (top)' "$work/classload.txt" || fail "agent classes not loaded from the CDS archive"

# JNA's native library comes from the package, not from a temp dir: with an unusable jna.tmpdir the
# kernel log (read through JNA) must still be read
GUESTDIAG_JAVA_OPTS=-Djna.tmpdir=/proc/none /usr/bin/guestdiag diagnose --format prometheus > "$work/jna.prom" || [ $? -le 2 ]
grep -q '^guestdiag_source_ok{source="kernel-log"} 1.0$' "$work/jna.prom" || fail "kernel log not read with JNA from /usr/lib/guestdiag/lib"

# as user guestdiag outside systemd (no StateDirectory), beside a root-owned dir where older launchers had
# JNA unpack (postinst's run as root made it): JNA needs no temp dir, so not a line on stderr
mkdir -p /var/lib/guestdiag/jna
if command -v setpriv >/dev/null; then
  (cd / && setpriv --reuid=guestdiag --regid=guestdiag --clear-groups /usr/bin/guestdiag diagnose --check cpu-model) \
    > /dev/null 2> "$work/user.err" || [ $? -le 2 ]
  [ ! -s "$work/user.err" ] || { cat "$work/user.err"; fail "as user guestdiag, diagnose wrote to stderr"; }
fi
rm -rf /var/lib/guestdiag/jna

# the unit's credentials: user guestdiag with exactly its ambient capabilities. With kernel.dmesg_restrict=1
# the kernel log needs CAP_SYSLOG: readable with the unit's set, and not without it (the capability is needed)
caps=+syslog,+dac_read_search,+sys_rawio
if command -v setpriv >/dev/null && grep -q 1 /proc/sys/kernel/dmesg_restrict; then
  (cd / && setpriv --reuid=guestdiag --regid=guestdiag --clear-groups --inh-caps=$caps --ambient-caps=$caps \
     /usr/bin/guestdiag diagnose --format prometheus) > "$work/unit.prom" || [ $? -le 2 ]
  grep -q '^guestdiag_source_ok{source="kernel-log"} 1.0$' "$work/unit.prom" || fail "as guestdiag with the unit's capabilities the kernel log is unreadable"
  (cd / && setpriv --reuid=guestdiag --regid=guestdiag --clear-groups --inh-caps=-all \
     /usr/bin/guestdiag diagnose --format prometheus) > "$work/nocap.prom" 2>/dev/null || [ $? -le 2 ]
  grep -q '^guestdiag_source_ok{source="kernel-log"} 0.0$' "$work/nocap.prom" || fail "kernel log readable without CAP_SYSLOG: the unit grants it for nothing"
  say "as user guestdiag: kernel log read with CAP_SYSLOG, refused without"
else
  say "NOTE: user/capability run skipped (no setpriv, or kernel.dmesg_restrict=0)"
fi

# the port a server started on a kernel-picked port logged (its start line on stderr), waiting up to 30 s
port_of() {
  local p= i=0
  while [ $i -lt 60 ] && [ -z "$p" ]; do
    p=$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$1")
    [ -n "$p" ] || sleep 0.5
    i=$((i + 1))
  done
  echo "$p"
}

# serve on a loopback port the kernel picks; the agent logs the port it got (stderr, like its other log lines)
# the files exist before the server's shell opens them: the loop below may read first
: > "$work/serve.out"; : > "$work/serve.err"
/usr/bin/guestdiag serve --web.listen-address 127.0.0.1:0 > "$work/serve.out" 2>"$work/serve.err" &
server=$!
port=$(port_of "$work/serve.err")
[ -n "$port" ] || { cat "$work/serve.err"; fail "serve did not start"; }
i=0
until curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 60 ] || fail "serve not ready"; sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/metrics" > "$work/metrics.prom" || fail "scrape of /metrics"
grep -q '^guestdiag_build_info{version="[0-9]' "$work/metrics.prom" || fail "the packaged agent does not know its version: $(grep '^guestdiag_build_info' "$work/metrics.prom")"
for family in guestdiag_status guestdiag_cpu_info guestdiag_check_success guestdiag_build_info jvm_memory_used_bytes; do
  grep -q "^$family" "$work/metrics.prom" || fail "/metrics lacks $family"
done
if command -v promtool >/dev/null; then
  promtool check metrics < "$work/metrics.prom" || fail "promtool check metrics on the installed agent's /metrics"
fi
kill "$server"; wait "$server" 2>/dev/null || true; server=
say "serve: /metrics on 127.0.0.1:$port, $(grep -c '^guestdiag_' "$work/metrics.prom") guestdiag series"

# with TLS (an EC key: jdk.crypto.ec) and basic auth (the YAML web config): what the slim runtime must still do
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null || fail "openssl could not make a test certificate"
  # bcrypt of "pw" at cost 8
  printf 'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  admin: %s\n' \
    '$2a$08$pTUI/3p8qrsIuqFzQ6LH/e0W1m.St2k.hlAGc495xYrGIJX/nxGW.' > "$work/web.yml"
  : > "$work/tls.out"; : > "$work/tls.err"
  /usr/bin/guestdiag serve --web.listen-address 127.0.0.1:0 --web.config.file "$work/web.yml" > "$work/tls.out" 2>"$work/tls.err" &
  server=$!
  port=$(port_of "$work/tls.err")
  [ -n "$port" ] || { cat "$work/tls.err"; fail "serve with TLS did not start"; }
  i=0
  until curl -fsSk -u admin:pw "https://127.0.0.1:$port/-/ready" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 60 ] || { cat "$work/tls.err"; fail "serve with TLS not ready"; }; sleep 0.5
  done
  curl -fsSk -u admin:pw "https://127.0.0.1:$port/metrics" | grep -q '^guestdiag_status' || fail "no /metrics over TLS with basic auth"
  code=$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/metrics")
  [ "$code" = 401 ] || fail "/metrics without credentials answered $code, not 401"
  curl -fsSk -u admin:pw "https://127.0.0.1:$port/" | grep -q '<html' || fail "no status page over TLS"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
  grep -v '^time=.* level=info ' "$work/tls.err" && fail "serve with TLS logged more than its info lines" || true
  say "serve with TLS (EC key) and basic auth: /metrics, 401 without credentials, the status page"
else
  say "NOTE: TLS run skipped (no openssl)"
fi

# the installed units, with their real paths and the real user
systemd-analyze verify /lib/systemd/system/guestdiag.service /lib/systemd/system/guestdiag-textfile.service \
  /lib/systemd/system/guestdiag-textfile.timer > "$work/verify.txt" 2>&1 || { cat "$work/verify.txt"; fail "systemd-analyze verify"; }
[ ! -s "$work/verify.txt" ] || { cat "$work/verify.txt"; fail "systemd-analyze verify warnings"; }

say "dpkg --purge guestdiag"
dpkg --purge guestdiag > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge"; }
for p in /usr/lib/guestdiag /usr/bin/guestdiag /etc/default/guestdiag /var/lib/guestdiag /var/cache/guestdiag \
         /lib/systemd/system/guestdiag.service /usr/share/guestdiag /usr/share/doc/guestdiag /usr/share/man/man8/guestdiag.8.gz; do
  [ ! -e "$p" ] && [ ! -L "$p" ] || fail "$p left after purge"
done
# Debian leaves system users in place on purge (their uid may still own files elsewhere)
getent passwd guestdiag >/dev/null && say "user guestdiag kept after purge, as Debian policy has it"
say "OK"
