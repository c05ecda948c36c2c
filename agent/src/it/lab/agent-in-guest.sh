#!/bin/sh
# Runs inside a lab guest, chrooted into the host's root (read-only, over 9p), as run-config.sh --agent.
# Writes the agent's outputs and timings to $AGENT_OUT, which the guest copies back to the host.
# usage (host side): run-config.sh --agent "sh /tmp/agent-in-guest.sh /tmp/guestdiag-agent.jar" \
#   --agent-files "$PWD/agent-in-guest.sh /path/to/guestdiag-agent.jar" CONFIG OUT
JAR=${1:?jar}
OUT=${AGENT_OUT:-/tmp/agent}
mkdir -p "$OUT"
JAVA="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xshare:auto"
up() { cut -d' ' -f1 /proc/uptime; }
t0=$(up)
$JAVA -jar "$JAR" diagnose --format json --timeout 120s > "$OUT/diagnose.json" 2> "$OUT/diagnose.err"
echo "diagnose rc=$? start=$t0 end=$(up)" >> "$OUT/times.txt"
t0=$(up)
$JAVA -jar "$JAR" snapshot --timeout 120s -o "$OUT/snapshot.tar.gz" > "$OUT/snapshot.out" 2>&1
echo "snapshot rc=$? start=$t0 end=$(up)" >> "$OUT/times.txt"
# on a mounted btrfs, read the error counters once more through the ioctls (the path kernels before 5.14
# need) so the suite can compare them with sysfs's error_stats on the same live filesystem
if grep -q ' btrfs ' /proc/self/mountinfo; then
  t0=$(up)
  $JAVA -Dguestdiag.btrfs.ioctl=always -jar "$JAR" diagnose --format json --check btrfs-device-errors --timeout 120s \
    > "$OUT/diagnose-ioctl.json" 2> "$OUT/diagnose-ioctl.err"
  echo "diagnose-ioctl rc=$? start=$t0 end=$(up)" >> "$OUT/times.txt"
fi
# beside the agent's snapshot (exactly what the agent read): the few files node_exporter's collectors of the
# benchmark (cpu, diskstats, btrfs, meminfo_numa, dmi) read and the agent may not, so that a capture can also
# serve as a benchmark tree for node_exporter (agent/src/bench/make-real-fixture.sh merges them in)
for f in /proc/stat /proc/diskstats /proc/meminfo /proc/cpuinfo /proc/mounts \
         /sys/devices/system/node/node*/meminfo /sys/devices/system/node/node*/numastat /sys/class/dmi/id/*; do
  [ -f "$f" ] && [ -r "$f" ] || continue
  mkdir -p "$OUT/extra${f%/*}" && cat "$f" > "$OUT/extra$f" 2>/dev/null
done
