#!/usr/bin/env bash
# Rebuilds the Jazzer seed corpus of ParserFuzzTest and SmartFuzzTest from the real guest captures in
# ../snapshots: one directory per fuzz test, as jazzer-junit expects (resources/<package>/<Class>Inputs/<method>/),
# each file a verbatim kernel file, duplicates dropped. Crashing inputs the fuzzer found live next to them
# under names starting with "crash-", and SmartFuzzTest's spec-built answers under "spec-" (written by
# SmartSeedsTest with -Dgolden.update=true); this script keeps both.
set -euo pipefail
cd "$(dirname "$0")/.."
snap=snapshots
out=resources/org/guestdiag/read/ParserFuzzTestInputs
smart=resources/org/guestdiag/read/smart/SmartFuzzTestInputs

seed() { # [out=DIR] seed METHOD FILE...
  local m=$1; shift
  mkdir -p "$out/$m"
  find "$out/$m" -type f ! -name 'crash-*' ! -name 'spec-*' -delete
  local f sum
  for f in "$@"; do
    [[ -f $f ]] || continue
    sum=$(sha1sum "$f" | cut -c1-12)
    cp "$f" "$out/$m/$(echo "$f" | cut -d/ -f2)-$(basename "$f")-$sum"
  done
  # the same content from several captures is one seed
  find "$out/$m" -type f ! -name 'crash-*' ! -name 'spec-*' | sort | awk -F- '{print $NF, $0}' | sort -k1,1 -u -s >/tmp/keep.$$
  find "$out/$m" -type f ! -name 'crash-*' ! -name 'spec-*' | grep -vxF -f <(cut -d' ' -f2- /tmp/keep.$$) | xargs -r rm -f || true # grep finds nothing when all differ
  rm -f /tmp/keep.$$
}

shopt -s nullglob globstar
seed cpuinfo $snap/*/proc/cpuinfo
seed mountinfo $snap/*/proc/self/mountinfo
seed kernelLog $snap/*/dev/kmsg
seed btrfsLog $snap/btrfs-*/dev/kmsg
seed storageLog $snap/btrfs-blkdebug-eio/dev/kmsg $snap/ext4-*/dev/kmsg $snap/xfs-*/dev/kmsg $snap/scsi-offline/dev/kmsg
seed scsiCounter $snap/*/sys/devices/**/ioerr_cnt $snap/*/sys/devices/**/iotmo_cnt
seed memTotal $snap/*/proc/meminfo $snap/*/sys/devices/system/node/node*/meminfo
seed distances $snap/*/sys/devices/system/node/node*/distance
seed cpuList $snap/*/sys/devices/system/cpu/online $snap/*/sys/devices/system/node/node*/cpulist \
  $snap/*/sys/devices/system/cpu/cpu*/topology/thread_siblings_list
seed errorStats $snap/*/sys/fs/btrfs/*/devinfo/*/error_stats
seed btrfsChecksum $snap/*/sys/fs/btrfs/*/checksum
seed scrubStatus resources/btrfs/scrub.status.* $snap/*/var/lib/btrfs/scrub.status.*
seed unitSerial $snap/*/sys/devices/**/vpd_pg80
# --- md RAID (issue 21.1) ---
seed mdstat $snap/*/proc/mdstat
seed mdAttribute $snap/*/sys/devices/virtual/block/md*/md/{sync_completed,sync_speed} $snap/*/sys/devices/virtual/block/md*/md/dev-*/{state,slot}
# --- end md RAID ---
# the SMART parsers: sysfs keeps each SCSI disk's standard INQUIRY data and the VPD pages the kernel read
out=$smart seed inquiry $snap/*/sys/devices/**/inquiry
out=$smart seed vpd $snap/*/sys/devices/**/vpd_pg*
# no capture holds /proc/crypto yet: the machine that builds the corpus gives a real one
if [[ -r /proc/crypto ]]; then mkdir -p "$out/crypto"; cp /proc/crypto "$out/crypto/live-crypto"; fi
find "$out" "$smart" -type f | wc -l
