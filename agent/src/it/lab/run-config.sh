#!/bin/bash
# Boot one guest-lab configuration under qemu-system-x86_64 and collect its snapshot.
#
# usage: run-config.sh [options] CONFIG OUTROOT
#   --accel tcg|kvm   accelerator (default tcg)
#   --build DIR       where build-initramfs.sh put vmlinuz + initramfs.cpio.gz (default OUTROOT/build)
#   --timeout SEC     per-boot timeout (default 600)
#   --cmd 'CMD'       instead of the config's job: mount the host root read-only over 9p,
#                     run CMD chrooted into it (output -> CMD.txt), then take the snapshot
#   --modload all|coldplug  guest module loading: coldplug (default, only modules whose
#                     modalias matches present hardware, like udev) or all (insmod everything)
#   --append 'k=v ..' extra guest kernel command line, e.g. lab.hostcache=none (9p cache of --cmd/hostroot)
#   --agent 'CMD'     run the agent inside the guest at the moment the config's job takes its final
#                     snapshot (after any injected failure): host / is shared read-only over 9p and
#                     CMD runs chrooted into it with AGENT_OUT=/tmp/agent (copied to files/agent/)
#   --agent-files 'F ...'  files copied into the guest's /tmp before --agent runs (the agent's jar and
#                     script): the chroot's /tmp is the guest's tmpfs, so a checkout under the host's /tmp
#                     would be invisible there
#   --list            list configs
# Results: OUTROOT/runs/CONFIG/ (disk images, console logs, 9p share per stage)
#          OUTROOT/snapshots/CONFIG/ (extracted snapshot trees + job outputs)
#          OUTROOT/timings.tsv (one line per boot)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/configs.sh"

ACCEL=tcg; BUILD=""; TIMEOUT=600; CMD=""; AGENT=""; AGENT_FILES=""; MODLOAD=""; APPEND_EXTRA=""
while [ $# -gt 0 ]; do
    case "$1" in
        --accel) ACCEL=$2; shift 2 ;;
        --build) BUILD=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --cmd) CMD=$2; shift 2 ;;
        --agent) AGENT=$2; shift 2 ;;
        --agent-files) AGENT_FILES=$2; shift 2 ;;
        --modload) MODLOAD=$2; shift 2 ;;
        --append) APPEND_EXTRA=$2; shift 2 ;;
        --list) echo $ALL_CONFIGS | tr ' ' '\n'; exit 0 ;;
        -h|--help) sed -n '2,/^set /p' "$0" | grep '^#'; exit 0 ;;
        *) break ;;
    esac
done
CONFIG=${1:?usage: run-config.sh [options] CONFIG OUTROOT}
OUTROOT=${2:?usage: run-config.sh [options] CONFIG OUTROOT}
mkdir -p "$OUTROOT"; OUTROOT=$(cd "$OUTROOT" && pwd)
BUILD=${BUILD:-$OUTROOT/build}
[ -f "$BUILD/vmlinuz" ] && [ -f "$BUILD/initramfs.cpio.gz" ] || { echo "no kernel/initramfs in $BUILD (run build-initramfs.sh $BUILD)" >&2; exit 1; }
declare -F "cfg_$CONFIG" >/dev/null || { echo "unknown config $CONFIG; try --list" >&2; exit 1; }

case "$ACCEL" in
    tcg) ACCEL_ARGS=(-accel tcg,thread=multi,tb-size=256); HOSTCPU=max ;;
    kvm) ACCEL_ARGS=(-accel kvm); HOSTCPU=host ;;
    *) echo "bad --accel $ACCEL" >&2; exit 1 ;;
esac

RUN=$OUTROOT/runs/$CONFIG
SNAPDIR=$OUTROOT/snapshots/$CONFIG
rm -rf "$RUN" "$SNAPDIR"; mkdir -p "$RUN" "$SNAPDIR"
QMP_PORT=$(( 40000 + (RANDOM % 20000) ))

qmp_cmd() { # qmp_cmd JSON: send one QMP command to this run's qemu (127.0.0.1 only)
    exec 7<>"/dev/tcp/127.0.0.1/$QMP_PORT" || return 1
    local line
    read -r -t 10 line <&7; echo "< $line"
    echo '{"execute":"qmp_capabilities"}' >&7; read -r -t 10 line <&7; echo "< $line"
    echo "> $1"; echo "$1" >&7
    # read the reply plus any events for a few seconds
    while read -r -t 5 line <&7; do echo "< $line"; done
    exec 7>&-
}

STAGES=1
stage=1
rc_all=0
while [ "$stage" -le "$STAGES" ]; do
    MACHINE=q35; CPU=$HOSTCPU; SMP=2; MEM=1024; MEMARGS=(); DISKS=(); DEV=(); NDISKS=0
    HOSTROOT=0; JOB='snapshot boot'; HOOK=""; QMP=0; EXTRA_MODULES=""; WRITES_DISKS=0
    "cfg_$CONFIG" "$stage"
    if [ -n "$CMD" ]; then
        HOSTROOT=1
        JOB='mount_hostroot
run_logged cmd chroot /host /bin/sh -c "$(cat /out/cmd.sh)"
snapshot boot'
    fi
    if [ "$stage" = 1 ]; then
        for d in "${DISKS[@]}"; do
            rm -f "$RUN/${d%%:*}.img"; truncate -s "${d##*:}M" "$RUN/${d%%:*}.img"
        done
    fi
    SHARE=$RUN/share-stage$stage
    rm -rf "$SHARE"; mkdir -p "$SHARE"
    if [ "$WRITES_DISKS" = 1 ]; then
        "$HERE/disk-images.sh" skip "$RUN" "$stage" "$SHARE/disk-images.txt" "the job of $CONFIG writes its disks by design"
    else
        "$HERE/disk-images.sh" before "$RUN" "$stage"
    fi
    printf '%s\n' "$JOB" > "$SHARE/job.sh"
    [ -n "$CMD" ] && printf '%s\n' "$CMD" > "$SHARE/cmd.sh"
    if [ -n "$AGENT" ]; then HOSTROOT=1; printf '%s\n' "$AGENT" > "$SHARE/agent.sh"; fi
    if [ -n "$AGENT_FILES" ]; then mkdir -p "$SHARE/agent-files"; cp $AGENT_FILES "$SHARE/agent-files/"; fi

    # no_timer_check: under TCG on a loaded host the kernel's IO-APIC timer check can time out and panic
    # ("IO-APIC + timer doesn't work"), seen in the lab while several guests ran at once
    ARGS=(-name "lab-$CONFIG" "${ACCEL_ARGS[@]}" -machine "$MACHINE" -cpu "$CPU" -smp "$SMP" -m "$MEM"
          "${MEMARGS[@]}" -nodefaults -no-user-config -display none -no-reboot -monitor none
          -serial "file:$RUN/console-stage$stage.log"
          -kernel "$BUILD/vmlinuz" -initrd "$BUILD/initramfs.cpio.gz"
          -append "console=ttyS0 loglevel=4 log_buf_len=1M panic=-1 no_timer_check lab.disks=$NDISKS${EXTRA_MODULES:+ lab.modules=$EXTRA_MODULES}${MODLOAD:+ lab.modload=$MODLOAD}${APPEND_EXTRA:+ $APPEND_EXTRA}"
          -virtfs "local,path=$SHARE,mount_tag=labout,security_model=none,id=labout"
          "${DEV[@]}")
    [ "$HOSTROOT" = 1 ] && ARGS+=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot")
    [ "$QMP" = 1 ] && ARGS+=(-qmp "tcp:127.0.0.1:$QMP_PORT,server=on,wait=off")
    printf '%q ' qemu-system-x86_64 "${ARGS[@]}" > "$RUN/qemu-stage$stage.cmd"; echo >> "$RUN/qemu-stage$stage.cmd"

    for attempt in 1 2; do
    echo "[$CONFIG] stage $stage/$STAGES accel=$ACCEL booting..."
    t0=$(date +%s.%N)
    timeout --foreground -k 5 "$TIMEOUT" qemu-system-x86_64 "${ARGS[@]}" > "$RUN/qemu-stage$stage.stderr" 2>&1 &
    QPID=$!
    HPID=""
    if [ -n "$HOOK" ]; then "$HOOK" & HPID=$!; fi
    wait "$QPID"; rc=$?
    [ -n "$HPID" ] && { kill "$HPID" 2>/dev/null; wait "$HPID" 2>/dev/null; }
    t1=$(date +%s.%N)
    # A timeout with not one byte on the console: the guest's init never started (every guest prints
    # "LAB: init start" within seconds), so neither the agent nor the disks were reached: QEMU's TCG hung
    # before or in the kernel's boot on a loaded host (seen once in 25 guests). Booted once more; a guest
    # that starts and then fails or hangs is never retried.
    if [ "$rc" = 124 ] && [ ! -s "$RUN/console-stage$stage.log" ] && [ ! -f "$SHARE/.lab/DONE" ] && [ "$attempt" = 1 ]; then
        echo "[$CONFIG] stage $stage: no console output in ${TIMEOUT}s, init never started: booting once more"
        continue
    fi
    break
    done
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
    done_up=$(cat "$SHARE/.lab/DONE" 2>/dev/null || echo "-")
    status=ok; [ -f "$SHARE/.lab/DONE" ] || { status=FAILED; rc_all=1; }
    [ "$rc" = 124 ] && status=TIMEOUT
    # the images once qemu has exited (no cache left to flush): any change fails the stage
    if [ "$WRITES_DISKS" != 1 ] && ! "$HERE/disk-images.sh" after "$RUN" "$stage" "$SHARE/disk-images.txt"; then
        [ "$status" = ok ] && status=DISK-CHANGED
        rc_all=1
    fi
    echo "[$CONFIG] stage $stage: disk $(tail -1 "$SHARE/disk-images.txt" 2>/dev/null)"
    echo "[$CONFIG] stage $stage: $status qemu_rc=$rc wall=${wall}s guest_uptime_at_done=${done_up}s"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$CONFIG" "$stage" "$ACCEL" "$status" "$wall" "$done_up" >> "$OUTROOT/timings.tsv"
    [ -s "$RUN/qemu-stage$stage.stderr" ] && sed 's/^/  qemu: /' "$RUN/qemu-stage$stage.stderr" | head -5
    if ls "$RUN"/*.img >/dev/null 2>&1; then   # host view of the sparse images: allocated KiB vs apparent KiB
        for img in "$RUN"/*.img; do
            printf '%s allocated_kib=%s apparent_kib=%s\n' "$(basename "$img")" "$(du -k "$img" | cut -f1)" "$(du -k --apparent-size "$img" | cut -f1)"
        done > "$SHARE/disk-usage.txt"
    fi

    # collect: snapshot tars -> directories, other outputs copied
    pre=""; [ "$STAGES" -gt 1 ] && pre="stage$stage-"
    for t in "$SHARE"/*.tar; do
        [ -f "$t" ] || continue
        n=$(basename "$t" .tar)
        mkdir -p "$SNAPDIR/$pre$n"
        tar -C "$SNAPDIR/$pre$n" -xf "$t" 2>/dev/null
    done
    mkdir -p "$SNAPDIR/${pre}files"
    [ -d "$SHARE/agent" ] && cp -r "$SHARE/agent" "$SNAPDIR/${pre}files/"
    for f in "$SHARE"/* "$SHARE"/.lab/*; do
        [ -f "$f" ] || continue
        case "$f" in *.tar) continue ;; esac
        cp "$f" "$SNAPDIR/${pre}files/"
    done
    cp "$RUN/console-stage$stage.log" "$RUN/qemu-stage$stage.cmd" "$SNAPDIR/${pre}files/" 2>/dev/null
    # serial-console fallback (no 9p): decode LAB-SNAPSHOT blocks
    if grep -q '^LAB-SNAPSHOT-BEGIN' "$RUN/console-stage$stage.log" 2>/dev/null; then
        awk '/^LAB-SNAPSHOT-BEGIN/{n=$2; f=1; next} /^LAB-SNAPSHOT-END/{f=0; next} f{print > ("'"$RUN"'/serial-" n ".b64")}' \
            "$RUN/console-stage$stage.log"
        for b in "$RUN"/serial-*.b64; do
            n=$(basename "$b" .b64); n=${n#serial-}
            mkdir -p "$SNAPDIR/$pre$n"; tr -d '\r' < "$b" | base64 -d | tar -C "$SNAPDIR/$pre$n" -xzf -
        done
    fi
    [ "$status" = ok ] || break
    stage=$((stage+1))
done
exit $rc_all
