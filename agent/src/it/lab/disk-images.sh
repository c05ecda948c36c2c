#!/bin/bash
# The agent writes nothing to the disks it inspects (issue 9): run-config.sh hashes every disk image of a
# stage before the guest boots and again after it has shut down, and the stage fails if any image changed.
# Configurations whose own job writes its disks (mkfs, dd, blkdiscard: WRITES_DISKS=1) are not compared.
#   disk-images.sh before RUN STAGE               hashes RUN/*.img into RUN/sha256-stageN.before
#   disk-images.sh after RUN STAGE REPORT         hashes again, writes REPORT; exit 1 if any image changed
#   disk-images.sh skip RUN STAGE REPORT WHY      writes REPORT saying why the images were not compared
# REPORT lines: "NAME unchanged SHA256" or "NAME CHANGED before=SHA after=SHA", then "images: N compared, M changed".
set -uo pipefail
mode=${1:?mode}; run=${2:?run dir}; stage=${3:?stage}
before=$run/sha256-stage$stage.before
hash_images() { (cd "$run" && for f in *.img; do [ -f "$f" ] || continue; sha256sum -- "$f"; done) | awk '{print $2, $1}' | sort; }
case $mode in
    before) hash_images > "$before" ;;
    after)
        report=${4:?report}
        [ -f "$before" ] || { echo "no hashes from before the boot ($before)" > "$report"; exit 1; }
        hash_images | join -a 1 -a 2 -e - -o 0,1.2,2.2 "$before" - | awk '
            $2 == $3 { print $1, "unchanged", $2; n++; next }
            { print $1, "CHANGED", "before=" $2, "after=" $3; n++; bad++ }
            END { printf "images: %d compared, %d changed\n", n, bad; exit bad > 0 }' > "$report"
        ;;
    skip) printf 'images: not compared: %s\n' "${5:?why}" > "${4:?report}" ;;
    *) echo "usage: disk-images.sh before|after|skip RUN STAGE [REPORT [WHY]]" >&2; exit 2 ;;
esac
