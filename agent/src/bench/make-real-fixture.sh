#!/usr/bin/env bash
# Makes the benchmark's real-guest tree agent/src/bench/real-256-disks.tar.gz: boots the lab configuration
# virtio-scsi-256 (256 scsi-hd of 1 MiB on ONE virtio-scsi-pci; 3.5-7 min under TCG on 2 CPUs) with the built agent
# inside, and packs the agent's own snapshot of that guest (exactly what the agent read) plus the few files
# node_exporter's collectors of the benchmark read beside it (/proc/stat, /proc/diskstats, NUMA meminfo,
# ...: agent-in-guest.sh copies them to extra/; the agent's copy wins where both exist).
#
# usage: agent/src/bench/make-real-fixture.sh [LAB_OUT]      (default: a new temp dir, deleted at the end)
#   REUSE=1   do not boot, pack the capture already in LAB_OUT
# Needs the agent built (mvn -B -DskipTests package -pl checks,agent) and the lab's requirements
# (/work/shared/lab/README.md). The 256 disk images (sparse raw, 1 MiB each) are deleted after the run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
lab=$repo/agent/src/it/lab
jar=$repo/agent/target/guestdiag-agent.jar
fixture=$repo/agent/src/bench/real-256-disks.tar.gz
config=virtio-scsi-256
[ -f "$jar" ] || { echo "make-real-fixture: build the agent first: mvn -B -DskipTests package -pl checks,agent" >&2; exit 3; }
if [ -n "${1:-}" ]; then out=$1; keep=1; else out=$(mktemp -d /tmp/guestdiag-s256.XXXXXX); keep=0; fi
mkdir -p "$out"; out=$(cd "$out" && pwd)

if [ "${REUSE:-0}" != 1 ]; then
  [ -f "$out/build/initramfs.cpio.gz" ] || bash "$lab/build-initramfs.sh" "$out/build"
  rc=0
  bash "$lab/run-config.sh" --timeout 1500 --agent "sh /tmp/agent-in-guest.sh /tmp/$(basename "$jar")" \
    --agent-files "$lab/agent-in-guest.sh $jar" "$config" "$out" || rc=$?
  rm -f "$out/runs/$config"/*.img
  [ "$rc" = 0 ] || { echo "make-real-fixture: the guest did not complete (rc=$rc), see $out/runs/$config" >&2; exit 1; }
fi

agent_out=$out/snapshots/$config/files/agent
[ -f "$agent_out/snapshot.tar.gz" ] || { echo "make-real-fixture: no agent snapshot in $agent_out" >&2; exit 1; }
work=$(mktemp -d /tmp/guestdiag-s256-tree.XXXXXX)
trap 'rm -rf "$work"; [ "$keep" = 1 ] || rm -rf "$out"' EXIT
tar -C "$work" -xzf "$agent_out/snapshot.tar.gz"
added=0
if [ -d "$agent_out/extra" ]; then
  while IFS= read -r -d '' f; do
    rel=${f#"$agent_out/extra/"}
    # -e follows the snapshot's links (sys/class/dmi/id -> ../../devices/virtual/dmi/id): no second copy
    [ -e "$work/$rel" ] && continue
    mkdir -p "$(dirname "$work/$rel")" && cp "$f" "$work/$rel" && added=$((added + 1))
  done < <(find "$agent_out/extra" -type f -print0)
fi
{
  echo "lab configuration $config (agent/src/it/lab/configs.sh), made by agent/src/bench/make-real-fixture.sh"
  echo "guest kernel: $(cat "$out/build/KVER" 2>/dev/null || echo '?'), $(qemu-system-x86_64 --version | head -1), TCG"
  echo "boot: $(tail -n 1 "$out/timings.tsv" 2>/dev/null | cut -f 5-7 | tr '\t' ' ') (status, wall s, guest uptime at end)"
  echo "agent in the guest: $(tr '\n' ';' < "$agent_out/times.txt" 2>/dev/null)"
  echo "files added beside the agent's snapshot for node_exporter (from agent-in-guest.sh's extra/): $added"
} > "$work/bench-fixture.txt"
chmod -R u+rwX,go+rX "$work"
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - . | gzip -n9 > "$fixture"
echo "wrote $fixture ($(du -k "$fixture" | cut -f1) KiB, $(tar -tzf "$fixture" | wc -l) entries, $added added for node_exporter)"
cat "$work/bench-fixture.txt"
