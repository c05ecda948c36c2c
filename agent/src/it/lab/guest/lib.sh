# Guest lab helper library (busybox ash). Sourced by /init and by job scripts.

log() { echo "LAB: [$(cut -d' ' -f1 /proc/uptime)] $*"; [ -d /out/.lab ] && echo "[$(cut -d' ' -f1 /proc/uptime)] $*" >> /out/.lab/guest.log; return 0; }

cmdline_arg() { # cmdline_arg NAME -> value of NAME=... on the kernel command line
    for a in $(cat /proc/cmdline); do
        case "$a" in "$1"=*) echo "${a#*=}"; return 0 ;; esac
    done
    return 1
}

modload() { # modload NAME...: insmod NAME and its dependencies (chain from deps.txt)
    local m name chain p
    for m in "$@"; do
        case " $LAB_LOADED " in *" $m "*) continue ;; esac
        LAB_LOADED="$LAB_LOADED $m"
        while read -r name chain; do
            [ "$name" = "$m" ] || continue
            for p in $chain; do
                case " $LAB_INSMODDED " in *" $p "*) continue ;; esac
                LAB_INSMODDED="$LAB_INSMODDED $p"
                out=$(insmod "$p" 2>&1) || echo "$p: $out" >> /tmp/insmod.log
            done
        done < /lib/modules/deps.txt
    done
}

coldplug() { # load the included modules whose alias matches a device modalias; 0 = loaded something
    local aliases="" f a pat mod new=1
    for f in /sys/bus/*/devices/*/modalias; do
        read -r a < "$f" 2>/dev/null && aliases="$aliases $a"
    done
    set -f   # device aliases must not be globbed when split below
    while read -r pat mod; do
        case " $LAB_LOADED " in *" $mod "*) continue ;; esac
        for a in $aliases; do
            case "$a" in $pat) modload "$mod"; new=0; break ;; esac
        done
    done < /lib/modules/alias.txt
    set +f
    return $new
}

load_modules() { # lab.modload=coldplug (default: like udev, only what the hardware needs) | all
    : > /tmp/insmod.log
    LAB_LOADED=""; LAB_INSMODDED=""
    LAB_MODLOAD=$(cmdline_arg lab.modload) || LAB_MODLOAD=coldplug
    if [ "$LAB_MODLOAD" = all ]; then
        while read -r m; do
            out=$(insmod "$m" 2>&1) || echo "$m: $out" >> /tmp/insmod.log
        done < /lib/modules/load.list
    else
        modload virtio_pci 9pnet_virtio 9p
        extra=$(cmdline_arg lab.modules) && modload $(echo "$extra" | tr ',' ' ')
        i=0
        while [ $i -lt 5 ] && coldplug; do i=$((i+1)); done
    fi
    log "modules loaded:$(cut -d' ' -f1 /proc/modules | tr '\n' ' ') ($(wc -l < /tmp/insmod.log) insmod failures)"
}

mount_share() {
    if grep -q labout /sys/bus/virtio/devices/*/mount_tag 2>/dev/null; then
        mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none labout /out \
            && mkdir -p /out/.lab && log "9p share labout mounted on /out"
    else
        log "no labout 9p share; results go to the serial console only"
    fi
}

mount_hostroot() { # read-only host root filesystem (needs -virtfs ...,mount_tag=hostroot)
    grep -q hostroot /sys/bus/virtio/devices/*/mount_tag 2>/dev/null || { log "no hostroot share"; return 1; }
    # the share is read-only and static during a run, so page caching (cache=loose) is safe and much faster
    cache=$(cmdline_arg lab.hostcache) || cache=loose
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=$cache,ro hostroot /host || return 1
    mount -t proc proc /host/proc
    mount -t sysfs sysfs /host/sys
    mount -o bind /dev /host/dev
    mount -t tmpfs tmpfs /host/tmp
    mount -t tmpfs tmpfs /host/run 2>/dev/null
    log "host root mounted read-only on /host (9p cache=$cache)"
}

wait_for_disks() { # lab.disks=N on the cmdline: wait until N disks are visible (max 60s + 0.4s per disk)
    want=$(cmdline_arg lab.disks) || want=0
    i=0
    while [ $i -lt $((600 + want * 4)) ]; do
        n=0
        for b in /sys/block/*; do
            case "${b##*/}" in vd*|sd*|hd*|nvme*) n=$((n+1)) ;; esac
        done
        [ "$n" -ge "$want" ] && break
        # disks behind SCSI/ATA hosts show up after an async scan: pick up sd_mod etc.
        [ $((i % 10)) = 0 ] && [ "$LAB_MODLOAD" != all ] && coldplug
        sleep 0.1; i=$((i+1))
    done
    [ "$n" -ge "$want" ] || log "WARNING: only $n of $want disks appeared"
    # let udev-less devtmpfs nodes and async SCSI scans settle
    sleep 0.5
}

disks() { # list whole-disk block device names
    for b in /sys/block/*; do
        case "${b##*/}" in vd*|sd*|hd*|nvme*) echo "${b##*/}" ;; esac
    done
}

# ---------------------------------------------------------------------------
# snapshot capture. Files are stored under $SNAP at their *canonical* sysfs
# path; every symlink met on the way (e.g. /sys/block/vda -> ../devices/...)
# is stored as a symlink with its original (relative) target, so the snapshot
# directory can be used as a fake root (SNAP/sys/block/vda/queue/... resolves).

cap_one() { # store one file or symlink (its parent must already resolve)
    local p parent d
    p=$1
    parent=$(readlink -f "${p%/*}") || return 0
    d="$SNAP$parent/${p##*/}"
    [ -e "$d" ] || [ -L "$d" ] && return 0
    mkdir -p "$SNAP$parent"
    if [ -L "$p" ]; then
        ln -s "$(readlink "$p")" "$d"
        echo "$p -> $(readlink -f "$p")" >> "$SNAP/symlinks.txt"
    elif [ -f "$p" ]; then
        cat "$p" > "$d" 2>>"$SNAP/read-errors.txt" || echo "  ($p)" >> "$SNAP/read-errors.txt"
    elif [ -d "$p" ]; then
        mkdir -p "$d"
    fi
}

cap() { # cap PATH... : store files, creating all symlinked path components first
    local p acc oldifs c
    for p in "$@"; do
        [ -e "$p" ] || [ -L "$p" ] || continue
        acc=""
        oldifs=$IFS; IFS=/
        set -- $p
        IFS=$oldifs
        for c in "$@"; do
            [ -z "$c" ] && continue
            acc="$acc/$c"
            [ -L "$acc" ] && cap_one "$acc"
        done
        cap_one "$p"
    done
}

captree() { # captree DIR [MAXDEPTH]: all regular files and symlinks below DIR
    local real f
    [ -e "$1" ] || return 0
    cap "$1"
    real=$(readlink -f "$1")
    find "$real" -mindepth 1 -maxdepth "${2:-2}" \( -type f -o -type l \) 2>/dev/null | while read -r f; do
        cap_one "$f"
    done
}

snapshot_paths() { # print the list of paths to capture (shell globs only, no forks)
    local b n f p h d c
    for b in /sys/block/*; do
        n=${b##*/}
        case "$n" in loop*|ram*|zram*) continue ;; esac
        for f in logical_block_size physical_block_size hw_sector_size minimum_io_size optimal_io_size \
                 discard_max_bytes discard_max_hw_bytes discard_granularity discard_zeroes_data \
                 write_zeroes_max_bytes rotational nr_requests scheduler write_cache fua \
                 max_sectors_kb max_hw_sectors_kb max_segments max_segment_size nr_zones zoned \
                 dax io_poll add_random rq_affinity nomerges wbt_lat_usec; do
            echo "$b/queue/$f"
        done
        echo "@tree 2 $b/mq"
        for f in size ro removable dev capability ext_range events serial wwid; do echo "$b/$f"; done
        for f in queue_depth queue_type vendor model rev scsi_level type state timeout eh_timeout \
                 device_blocked iocounterbits modalias wwid serial cache_type provisioning_mode \
                 max_write_same_blocks protection_type manage_start_stop \
                 vpd_pg80 vpd_pg83 vpd_pgb0 vpd_pgb1 vpd_pgb2 inquiry driver generic; do
            echo "$b/device/$f"
        done
        echo "@tree 3 $b/device/scsi_disk"
        # parents of the disk: ../ .. chains, e.g. virtio1 -> 0000:00:02.0, target0:0:0 -> host0 -> PCI fn
        p=$b/device
        for d in 1 2 3 4 5 6; do
            for f in driver subsystem vendor device subsystem_vendor subsystem_device class modalias features status numa_node; do
                echo "$p/$f"
            done
            p=$p/..
        done
    done
    echo "@tree 1 /sys/class/scsi_host"
    for h in /sys/class/scsi_host/*; do
        for f in proc_name can_queue cmd_per_lun sg_tablesize host_busy nr_hw_queues unique_id \
                 supported_mode active_mode use_blk_mq prot_capabilities state device; do
            echo "$h/$f"
        done
    done
    for d in /sys/bus/pci/devices/*; do
        for f in vendor device subsystem_vendor subsystem_device class driver modalias numa_node; do echo "$d/$f"; done
    done
    for d in /sys/bus/virtio/devices/*; do
        for f in device vendor features driver status mount_tag; do echo "$d/$f"; done
    done
    for n in /sys/class/net/*; do
        [ "${n##*/}" = lo ] && continue
        for f in address mtu operstate type speed duplex device/driver device/vendor device/device device/modalias; do
            echo "$n/$f"
        done
    done
    for f in online possible present kernel_max; do echo /sys/devices/system/cpu/$f; done
    for c in /sys/devices/system/cpu/cpu[0-9]*; do echo "@tree 1 $c/topology"; done
    echo "@tree 1 /sys/devices/system/cpu/vulnerabilities"
    for f in online possible has_cpu has_memory has_normal_memory; do echo /sys/devices/system/node/$f; done
    for n in /sys/devices/system/node/node*; do
        for f in cpulist cpumap distance meminfo numastat; do echo "$n/$f"; done
    done
    echo "@tree 1 /sys/class/dmi/id"
    echo "@tree 5 /sys/fs/btrfs"
    echo /proc/mdstat
    for b in /sys/block/md*; do [ -d "$b/md" ] && echo "@tree 2 $b/md"; done
    echo "@tree 2 /proc/fs/btrfs"
}

run_agent() { # run /out/agent.sh (the program under test) chrooted into the host root; outputs -> /out/agent/
    [ -f /out/agent.sh ] || return 0
    grep -q ' /host ' /proc/mounts || mount_hostroot || { log "agent: no host root, not run"; return 1; }
    # the agent runs chrooted into the host root, where mounts outside the chroot do not show in mountinfo:
    # bind the guest's btrfs, ext4 and XFS mounts to the same paths inside it (the host's own dirs serve as mount points)
    awk '$3 == "btrfs" || $3 == "ext4" || $3 == "xfs" {print $2}' /proc/mounts | while read -r m; do
        [ -d "/host$m" ] && ! grep -q " /host$m " /proc/mounts && mount --bind "$m" "/host$m"
    done
    rm -rf /host/tmp/agent; mkdir -p /host/tmp/agent
    [ -d /out/agent-files ] && cp /out/agent-files/* /host/tmp/
    cp /out/agent.sh /host/tmp/agent.sh
    # the agent's root is the host's root without its top-level files: the lab machine may itself be a
    # container, and its /.dockerenv would tell the agent in the guest that it runs in one. Every directory
    # (with the mounts bound into it above) and every top-level symlink (/lib -> usr/lib) is carried over.
    grep -q ' /agentroot ' /proc/mounts && umount -l /agentroot
    mkdir -p /agentroot && mount -t tmpfs tmpfs /agentroot
    for p in /host/* /host/.[!.]*; do
        n=${p#/host/}
        if [ -L "$p" ]; then ln -s "$(readlink "$p")" "/agentroot/$n"
        elif [ -d "$p" ]; then mkdir -p "/agentroot/$n" && mount -o rbind "$p" "/agentroot/$n"
        fi
    done
    # the guest's own filesystems at their paths in the agent's root too (a bind of a bind is not carried by
    # busybox's rbind: seen as mountinfo without the guest's /mnt)
    awk '$3 == "btrfs" || $3 == "ext4" || $3 == "xfs" {print $2}' /proc/mounts | while read -r m; do
        case "$m" in /host/*|/agentroot/*) continue ;; esac
        [ -d "/agentroot$m" ] && ! grep -q " /agentroot$m " /proc/mounts && mount --bind "$m" "/agentroot$m"
    done
    t0=$(cut -d' ' -f1 /proc/uptime)
    chroot /agentroot /usr/bin/env AGENT_OUT=/tmp/agent /bin/sh /tmp/agent.sh > /host/tmp/agent/console.txt 2>&1
    rc=$?
    t1=$(cut -d' ' -f1 /proc/uptime)
    echo "rc=$rc start=$t0 end=$t1" > /host/tmp/agent/run.txt
    mkdir -p /out/agent && cp -r /host/tmp/agent/. /out/agent/
    log "agent: rc=$rc in $(echo "$t1 $t0" | awk '{printf "%.2f", $1-$2}')s"
}

snapshot() { # snapshot NAME: capture the interesting /proc and /sys state, tar it to /out/NAME.tar
    local name f
    name=${1:-snapshot}
    run_agent
    SNAP=/tmp/snap-$name
    rm -rf "$SNAP"; mkdir -p "$SNAP/proc/self" "$SNAP/cmd"
    log "snapshot $name start"
    for f in cpuinfo meminfo cmdline partitions modules version mounts filesystems diskstats; do
        cat /proc/$f > "$SNAP/proc/$f" 2>/dev/null
    done
    cat /proc/self/mountinfo > "$SNAP/proc/self/mountinfo"
    [ -d /proc/scsi ] && { mkdir -p "$SNAP/proc/scsi"; cat /proc/scsi/scsi > "$SNAP/proc/scsi/scsi" 2>/dev/null; }
    dmesg > "$SNAP/cmd/dmesg.txt"
    cp /tmp/insmod.log "$SNAP/cmd/insmod.log" 2>/dev/null
    lsmod > "$SNAP/cmd/lsmod.txt" 2>&1
    log "snapshot $name: proc/dmesg done"
    if [ -x /usr/sbin/snapcp ]; then
        snapshot_paths | /usr/sbin/snapcp "$SNAP"
    else
        snapshot_paths | while read -r f; do
            case "$f" in "@tree "*) f=${f#@tree }; captree "${f#* }" "${f%% *}" ;; *) cap "$f" ;; esac
        done
    fi
    log "snapshot $name: sysfs copied"
    lsscsi > "$SNAP/cmd/lsscsi.txt" 2>&1
    [ -x /usr/sbin/lsblk ] && lsblk -O > "$SNAP/cmd/lsblk.txt" 2>&1
    if [ -x /usr/sbin/smartctl ]; then
        for f in $(disks); do
            echo "=== smartctl -i -H -A /dev/$f" ; smartctl -i -H -A "/dev/$f"; echo "rc=$?"
        done > "$SNAP/cmd/smartctl.txt" 2>&1
    fi
    log "snapshot $name: lsscsi/lsblk/smartctl done"
    cut -d' ' -f1 /proc/uptime > "$SNAP/cmd/uptime-at-snapshot"
    if grep -q ' /out 9p ' /proc/mounts; then
        tar -C "$SNAP" -cf "/out/$name.tar" .
        log "snapshot $name written to /out/$name.tar"
    else
        echo "LAB-SNAPSHOT-BEGIN $name"
        tar -C "$SNAP" -czf - . | base64
        echo "LAB-SNAPSHOT-END $name"
    fi
}

run_logged() { # run_logged NAME CMD...: run, time it, keep output in /out/NAME.txt
    name=$1; shift
    t0=$(cut -d' ' -f1 /proc/uptime)
    "$@" > "/tmp/$name.txt" 2>&1
    rc=$?
    t1=$(cut -d' ' -f1 /proc/uptime)
    echo "# cmd: $* | rc=$rc | start=$t0 end=$t1" >> "/tmp/$name.txt"
    cp "/tmp/$name.txt" "/out/$name.txt" 2>/dev/null
    log "$name: rc=$rc in $(echo "$t1 $t0" | awk '{printf "%.2f", $1-$2}')s"
    return $rc
}

lab_finish() {
    log "done, powering off"
    [ -d /out/.lab ] && cut -d' ' -f1 /proc/uptime > /out/.lab/DONE
    sync
    umount /host/proc /host/sys /host/dev /host/tmp /host/run /host 2>/dev/null
    umount /out 2>/dev/null
    poweroff -f
}
