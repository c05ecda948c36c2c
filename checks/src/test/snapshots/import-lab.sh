#!/usr/bin/env bash
# Copies guest captures made by the lab (lab/run-config.sh) into this folder as test fixtures.
#   import-lab.sh LAB_SNAPSHOTS_DIR CONFIG[/STAGE_DIR] [NAME]
# e.g. import-lab.sh ../shared/lab/snapshots virtio-blk
#      import-lab.sh ../shared/lab/snapshots btrfs-blkdebug-eio/stage2-after-error btrfs-blkdebug-eio
# The lab's copies may have their symlinks flattened into files holding the link text (symlinks.txt lists
# them): they are made links again here, so the fixture is a fake root that the readers walk as they
# would /sys. The guest's kernel log (cmd/dmesg.txt) becomes dev/kmsg, which the kernel-log reader reads.
set -euo pipefail
src_root=$1; spec=$2
config=${spec%%/*}
if [[ $spec == */* ]]; then tree=$src_root/$spec; else
  tree=$(find "$src_root/$config" -mindepth 1 -maxdepth 1 -type d ! -name files ! -name '*-files' | head -n 1)
fi
name=${3:-$config}
here=$(cd "$(dirname "$0")" && pwd)
dst=$here/$name
[[ -d $tree/sys ]] || { echo "no snapshot tree under $tree" >&2; exit 1; }
rm -rf "$dst"; mkdir -p "$dst"
cp -a "$tree/proc" "$tree/sys" "$dst/"
chmod -R u+w "$dst"
if [[ -f $tree/symlinks.txt ]]; then
  while IFS= read -r line; do
    link=${line%% -> *}
    f=$dst$link
    if [[ -f $f && ! -L $f ]]; then target=$(cat "$f"); rm -f "$f"; ln -s "$target" "$f"; fi
  done < "$tree/symlinks.txt"
fi
mkdir -p "$dst/dev"
[[ -f $tree/cmd/dmesg.txt ]] && cp "$tree/cmd/dmesg.txt" "$dst/dev/kmsg"
# the exact QEMU command line, so a reader of the fixture knows what virtual hardware it shows
cmdfile=$(ls "$src_root/$config"/*files/qemu-stage*.cmd 2>/dev/null | tail -n 1 || true)
[[ -n $cmdfile ]] && cp "$cmdfile" "$dst/qemu.cmd"
chmod -R a-w,u+w "$dst"
echo "imported $tree -> $dst"
