# Guest lab configurations. Sourced by run-config.sh.
#
# Each config is a function  cfg_<name> STAGE  that may set:
#   STAGES   number of boots for this config (default 1); the function is called once per stage
#   MACHINE  q35 (default) | pc
#   CPU      -cpu value (default: max for TCG, host for KVM)
#   SMP      -smp value (default 2)
#   MEM      MiB (default 1024)
#   MEMARGS  extra memory/numa args (array)
#   DISKS    disk images to create in the run dir at stage 1: "name:sizeMiB" (array)
#   DEV      extra qemu device args (array); $RUN is the run dir (disk images live there)
#   NDISKS   number of disks the guest should wait for
#   HOSTROOT 1 = share the host / read-only into the guest (mount_tag hostroot)
#   JOB      shell code run inside the guest (busybox ash, lib.sh functions available)
#   HOOK     name of a host-side function run in background while the guest runs
#   QMP      1 = open a QMP socket on 127.0.0.1:$QMP_PORT
#   EXTRA_MODULES  comma list of modules the job needs beyond coldplug (e.g. btrfs,dm_flakey)
#   WRITES_DISKS 1 = the job itself writes its disks (mkfs, dd, blkdiscard); otherwise every disk image must
#            be byte-identical before the boot and after the shutdown (disk-images.sh), proof that the
#            agent, SMART pass-through included, wrote nothing to them
# Helper: drv NAME [extra -drive opts]  ->  -drive if=none,id=NAME,file=$RUN/NAME.img,format=raw,...

drv() { local n=$1; shift; local extra=${1:+,$1}; echo "-drive if=none,id=$n,file=$RUN/$n.img,format=raw,cache=unsafe,werror=report,rerror=report$extra"; }

ALL_CONFIGS="virtio-blk virtio-scsi-shared virtio-scsi-single ide-piix ahci lsi53c895a megasas pvscsi am53c974 dc390 megasas-gen2 lsi53c810 virtio-blk-mq
virtio-scsi-cdrom usb-storage nvme discard blocksize-ssd cpu-kvm64 cpu-skylake cpu-max-smt cpu-intel-smt cpu-x86-64-v2-aes cpu-qemu64 cpu-epyc cpu-sockets smt-numa numa2 numa-memoryless nic-virtio nic-e1000 nic-e1000e nic-vmxnet3
btrfs-healthy btrfs-metadata-full btrfs-raid5 btrfs-csum-corruption btrfs-blkdebug-eio btrfs-dm-flakey btrfs-raid1-degraded btrfs-raid1-unplug java-9p pve-recommended pve-i440fx pve-scsi-shared pve-lsi pve-megasas pve-pvscsi pve-sata-ide pve-q35 libvirt-q35 libvirt-i440fx
md-raid1-healthy md-raid1-rebuild md-raid5-degraded md-raid1-noserial
ext4-remount-ro ext4-errors-continue xfs-shutdown scsi-offline"

# ---------------------------------------------------------------- (b) disk buses
cfg_virtio-blk() {
    DISKS=(d0:64); NDISKS=1
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,id=disk0,serial=LAB-VBLK-0)
}
cfg_virtio-scsi-shared() {
    DISKS=(d0:64 d1:64); NDISKS=2
    DEV=(-device virtio-scsi-pci,id=scsi0
         $(drv d0) -device scsi-hd,bus=scsi0.0,drive=d0,id=disk0,serial=LAB-VSCSI-0
         $(drv d1) -device scsi-hd,bus=scsi0.0,drive=d1,id=disk1,serial=LAB-VSCSI-1)
}
cfg_virtio-scsi-single() { # like Proxmox "VirtIO SCSI single" + iothread=1
    DISKS=(d0:64 d1:64); NDISKS=2
    DEV=(-object iothread,id=io0 -object iothread,id=io1
         -device virtio-scsi-pci,id=scsi0,iothread=io0
         $(drv d0 aio=threads) -device scsi-hd,bus=scsi0.0,drive=d0,id=disk0,serial=LAB-VSCSI-0
         -device virtio-scsi-pci,id=scsi1,iothread=io1
         $(drv d1 aio=threads) -device scsi-hd,bus=scsi1.0,drive=d1,id=disk1,serial=LAB-VSCSI-1)
}
cfg_ide-piix() {
    MACHINE=pc; DISKS=(d0:64); NDISKS=1
    DEV=($(drv d0) -device ide-hd,drive=d0,bus=ide.0,id=disk0,serial=LAB-IDE-0)
}
cfg_ahci() {
    DISKS=(d0:64); NDISKS=1
    DEV=(-device ahci,id=ahci0 $(drv d0) -device ide-hd,drive=d0,bus=ahci0.0,id=disk0,serial=LAB-AHCI-0,rotation_rate=1)
}
cfg_lsi53c895a() {
    DISKS=(d0:64); NDISKS=1
    DEV=(-device lsi53c895a,id=lsi0 $(drv d0) -device scsi-hd,bus=lsi0.0,drive=d0,id=disk0,serial=LAB-LSI-0)
}
cfg_megasas() {
    DISKS=(d0:64); NDISKS=1
    DEV=(-device megasas,id=mr0 $(drv d0) -device scsi-hd,bus=mr0.0,drive=d0,id=disk0,serial=LAB-MEGASAS-0)
}
cfg_pvscsi() { # VMware PVSCSI, emulated by QEMU: it sets VMware's own PCI subsystem ids, not Red Hat's
    DISKS=(d0:64); NDISKS=1
    DEV=(-device pvscsi,id=pv0 $(drv d0) -device scsi-hd,bus=pv0.0,drive=d0,id=disk0,serial=LAB-PVSCSI-0)
}
cfg_am53c974() { # AMD Am53C974 PCscsi (QEMU's dc390 is the same chip with Tekram's EEPROM): guest driver am53c974, SCSI host "esp"
    DISKS=(d0:64); NDISKS=1
    DEV=(-device am53c974,id=esp0 $(drv d0) -device scsi-hd,bus=esp0.0,drive=d0,id=disk0,serial=LAB-ESP-0)
}
cfg_mptsas1068() { # LSI SAS1068 (Fusion-MPT): guest driver mptsas. Not in ALL_CONFIGS: under TCG here the host
    # comes up ("LSISAS1068 A0, Ports=8") but no SAS port is ever discovered, so the guest never sees its disk
    DISKS=(d0:64); NDISKS=1
    DEV=(-device mptsas1068,id=mpt0 $(drv d0) -device scsi-hd,bus=mpt0.0,drive=d0,id=disk0,serial=LAB-MPTSAS-0)
}
cfg_dc390() { # Tekram DC-390: QEMU's am53c974 with the card's EEPROM, the same guest driver
    DISKS=(d0:64); NDISKS=1
    DEV=(-device dc390,id=esp0 $(drv d0) -device scsi-hd,bus=esp0.0,drive=d0,id=disk0,serial=LAB-DC390-0)
}
cfg_megasas-gen2() { # MegaRAID SAS 2108 (subsystem 1000:9261 of QEMU's own), guest driver megaraid_sas
    DISKS=(d0:64); NDISKS=1
    DEV=(-device megasas-gen2,id=mr0 $(drv d0) -device scsi-hd,bus=mr0.0,drive=d0,id=disk0,serial=LAB-MEGASAS2-0)
}
cfg_lsi53c810() { # the LSI 53C810, older sibling of the 53C895A (subsystem 0000:1000), guest driver sym53c8xx
    DISKS=(d0:64); NDISKS=1
    DEV=(-device lsi53c810,id=lsi0 $(drv d0) -device scsi-hd,bus=lsi0.0,drive=d0,id=disk0,serial=LAB-LSI810-0)
}
cfg_virtio-blk-mq() { # virtio-blk with an iothread and one queue per vCPU, as Proxmox's iothread=1 on a virtioN disk
    SMP=2; DISKS=(d0:64); NDISKS=1
    DEV=(-object iothread,id=io0 $(drv d0 aio=threads) -device virtio-blk-pci,drive=d0,id=disk0,serial=LAB-VBLKMQ-0,num-queues=2,iothread=io0)
}
cfg_virtio-scsi-cdrom() { # Proxmox's usual layout: one disk and a CD-ROM drive on the same virtio-scsi controller
    DISKS=(d0:64); NDISKS=1
    DEV=(-device virtio-scsi-pci,id=scsi0
         $(drv d0) -device scsi-hd,bus=scsi0.0,drive=d0,id=disk0,serial=LAB-VSCSI-0
         -drive if=none,id=cd0,media=cdrom -device scsi-cd,bus=scsi0.0,drive=cd0,id=cd0)
}
cfg_usb-storage() { # a disk on QEMU's xHCI as USB mass storage (passing a USB disk through looks alike in the guest)
    DISKS=(d0:64); NDISKS=1
    DEV=(-device qemu-xhci,id=xhci $(drv d0) -device usb-storage,bus=xhci.0,drive=d0,id=disk0,serial=LAB-USB-0)
}
cfg_nvme() { # QEMU's emulated NVMe controller, one namespace
    DISKS=(d0:64); NDISKS=1
    DEV=($(drv d0) -device nvme,drive=d0,serial=LAB-NVME-0)
}
cfg_virtio-scsi-256() { # scale: 256 scsi-hd of 1 MiB on ONE virtio-scsi-pci (targets 0-255, LUN 0); for the benchmark
    # (agent/src/bench/make-real-fixture.sh), not in ALL_CONFIGS: disks settle at 20-50 s of guest uptime under
    # TCG, the whole boot with the agent inside takes 3.5-7 min on 2 loaded CPUs
    local i n; DISKS=(); DEV=(-device virtio-scsi-pci,id=scsi0); NDISKS=256; MEM=1536
    for i in $(seq 0 255); do
        n=$(printf %03d "$i"); DISKS+=("s$n:1")
        DEV+=($(drv "s$n") -device "scsi-hd,bus=scsi0.0,scsi-id=$i,lun=0,drive=s$n,serial=LAB-S256-$n")
    done
    # with --agent only the agent's own snapshot is wanted: the lab's shell capture of 256 disks takes minutes
    JOB='if [ -f /out/agent.sh ]; then run_agent; else snapshot boot; fi'
}
# ---------------------------------------------------------------- (c) discard / block size / ssd
cfg_discard() {
    # vda: virtio-blk, drive discard=unmap      vdb: virtio-blk, drive default (discard=ignore)
    # vdc: virtio-blk, device discard=off       sda: scsi-hd discard=unmap   sdb: scsi-hd default
    DISKS=(d0:64 d1:64 d2:64 d3:64 d4:64); NDISKS=5; WRITES_DISKS=1 # dd and blkdiscard below
    DEV=($(drv d0 discard=unmap) -device virtio-blk-pci,drive=d0,serial=VBLK-UNMAP
         $(drv d1) -device virtio-blk-pci,drive=d1,serial=VBLK-IGNORE
         $(drv d2 discard=unmap) -device virtio-blk-pci,drive=d2,serial=VBLK-DEVOFF,discard=off
         -device virtio-scsi-pci,id=scsi0
         $(drv d3 discard=unmap) -device scsi-hd,bus=scsi0.0,drive=d3,serial=SCSI-UNMAP
         $(drv d4) -device scsi-hd,bus=scsi0.0,drive=d4,serial=SCSI-IGNORE)
    # after the run the host compares allocated vs apparent size of each image (files/disk-usage.txt):
    # 16 MiB written then discarded by the guest -> space freed only where the host really unmaps
    JOB='snapshot boot
for n in $(disks); do
    echo "== /dev/$n $(cat /sys/block/$n/serial 2>/dev/null)$(tail -c +5 /sys/block/$n/device/vpd_pg80 2>/dev/null)"
    dd if=/dev/urandom of=/dev/$n bs=1M count=16 conv=fsync 2>&1 | tail -1
    blkdiscard /dev/$n; echo "blkdiscard rc=$?"
done > /out/blkdiscard.txt 2>&1
sync'
}
cfg_blocksize-ssd() {
    # vda: virtio-blk 4k/4k   vdb: virtio-blk 512/4k (512e)   vdc: virtio-blk default
    # sda: scsi-hd 4k/4k + rotation_rate=1   sdb: scsi-hd 512/4k rotation_rate=1   sdc: scsi-hd default
    DISKS=(d0:64 d1:64 d2:64 d3:64 d4:64 d5:64); NDISKS=6
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=VBLK-4K4K,logical_block_size=4096,physical_block_size=4096
         $(drv d1) -device virtio-blk-pci,drive=d1,serial=VBLK-512E,physical_block_size=4096
         $(drv d2) -device virtio-blk-pci,drive=d2,serial=VBLK-DEFAULT
         -device virtio-scsi-pci,id=scsi0
         $(drv d3) -device scsi-hd,bus=scsi0.0,drive=d3,serial=SCSI-4K4K-SSD,logical_block_size=4096,physical_block_size=4096,rotation_rate=1
         $(drv d4) -device scsi-hd,bus=scsi0.0,drive=d4,serial=SCSI-512E-SSD,physical_block_size=4096,rotation_rate=1
         $(drv d5) -device scsi-hd,bus=scsi0.0,drive=d5,serial=SCSI-DEFAULT)
}
# ---------------------------------------------------------------- (a) CPU / topology / NUMA
cfg_cpu-kvm64()   { CPU=kvm64; SMP=2; }
cfg_cpu-max-smt() { CPU=${HOSTCPU}; SMP=4,sockets=1,cores=2,threads=2; }  # TCG max = AuthenticAMD without topoext: 5.10 and 6.1 show the threads as cores, 6.12 as threads
cfg_cpu-skylake() { CPU=Skylake-Client; SMP=2; }  # named model: TCG drops the features it cannot emulate (warnings on stderr)
cfg_cpu-intel-smt() { CPU=max,vendor=GenuineIntel; [ "$HOSTCPU" = host ] && CPU=host; SMP=4,sockets=1,cores=2,threads=2; }
cfg_cpu-x86-64-v2-aes() { CPU=qemu64,+aes,+popcnt,+pni,+sse4.1,+sse4.2,+ssse3; SMP=2; } # Proxmox 8's default type x86-64-v2-AES
cfg_cpu-qemu64() { CPU=qemu64; SMP=2; }  # QEMU's own default type: "QEMU Virtual CPU version 2.5+"
cfg_cpu-epyc() { CPU=EPYC; SMP=2; }  # a named AMD model: "AMD EPYC Processor"
cfg_smt-numa() { # 2 sockets x 2 cores x 2 threads, one NUMA node per socket
    CPU=max,vendor=GenuineIntel; [ "$HOSTCPU" = host ] && CPU=host; SMP=8,sockets=2,cores=2,threads=2; MEM=1024
    MEMARGS=(-object memory-backend-ram,id=m0,size=512M -object memory-backend-ram,id=m1,size=512M
             -numa node,nodeid=0,cpus=0-3,memdev=m0 -numa node,nodeid=1,cpus=4-7,memdev=m1)
}
cfg_cpu-sockets() { CPU=${HOSTCPU}; SMP=4,sockets=2,cores=2,threads=1; }
cfg_numa2() {
    CPU=${HOSTCPU}; SMP=4,sockets=2,cores=2,threads=1; MEM=1024
    MEMARGS=(-object memory-backend-ram,id=m0,size=512M -object memory-backend-ram,id=m1,size=512M
             -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1
             -numa dist,src=0,dst=1,val=20)
}
cfg_numa-memoryless() { # two nodes, the second with vCPUs but no memory of its own
    CPU=${HOSTCPU}; SMP=4,sockets=2,cores=2,threads=1; MEM=1024
    MEMARGS=(-object memory-backend-ram,id=m0,size=1024M
             -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3)
}
# ---------------------------------------------------------------- (d) NICs (restrict=on: no traffic leaves the guest)
cfg_nic-virtio() { DEV=(-nic user,model=virtio-net-pci,restrict=on); }
cfg_nic-e1000()  { DEV=(-nic user,model=e1000,restrict=on); }
cfg_nic-e1000e() { DEV=(-nic user,model=e1000e,restrict=on); }   # subsystem 8086:0000, not Red Hat's 1af4
cfg_nic-vmxnet3() { DEV=(-nic user,model=vmxnet3,restrict=on); } # subsystem 15ad:07b0 (VMware's)
# ---------------------------------------------------------------- (e) btrfs failure modes
cfg_btrfs-healthy() { # the no-false-alarm baseline for btrfs: a fresh filesystem in use, nothing wrong
    EXTRA_MODULES=btrfs; WRITES_DISKS=1 # mkfs.btrfs and writes through the filesystem
    DISKS=(d0:512); NDISKS=1
    DEV=(-device virtio-scsi-pci,id=scsi0,num_queues=2
         $(drv d0 discard=unmap) -device scsi-hd,bus=scsi0.0,drive=d0,serial=BTRFS-OK,rotation_rate=1)
    JOB='run_logged mkfs mkfs.btrfs -f -L labok /dev/sda
run_logged mount mount -t btrfs -o discard=async /dev/sda /mnt
dd if=/dev/zero of=/mnt/file1 bs=1M count=32 2>/dev/null; sync
run_logged fi-usage btrfs filesystem usage /mnt
snapshot healthy'
}
cfg_btrfs-metadata-full() { # metadata nearly exhausted with no unallocated space left: the ENOSPC path to read-only
    EXTRA_MODULES=btrfs; WRITES_DISKS=1 # mkfs.btrfs and writes through the filesystem
    DISKS=(d0:256); NDISKS=1
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=BTRFS-FULL)
    # empty files with long names live in metadata only: create many (metadata chunks grow), let data take
    # every unallocated byte, then create more until ENOSPC. Once data is full even mkdir fails (a
    # buffered write or a new directory needs a data reservation), so the directory comes first.
    # `true`, not `:`, since a failed redirection on a special built-in makes the shell (here PID 1) exit.
    JOB='run_logged mkfs mkfs.btrfs -f -L labfull -m single -d single /dev/vda
run_logged mount mount -t btrfs /dev/vda /mnt
mkdir /mnt/small; i=0; n=$(head -c 200 /dev/zero | tr "\\000" n)
while [ $i -lt 15000 ] && true > "/mnt/small/$n$i" 2>/dev/null; do i=$((i+1)); done
dd if=/dev/zero of=/mnt/big bs=1M count=400 2>/out/dd-big.txt; sync
j=0; while true > "/mnt/small/m$n$j" 2>/dev/null; do j=$((j+1)); [ $j -ge 100000 ] && break; done
echo "empty files created: $i before filling data, $j after" > /out/small-files.txt; sync
run_logged fi-usage btrfs filesystem usage /mnt
snapshot full'
}
cfg_btrfs-raid5() { # raid5 data allocated to the last chunk and metadata filled: parity the kernel's disk_total leaves out
    EXTRA_MODULES=btrfs; WRITES_DISKS=1 # mkfs.btrfs and writes through the filesystem
    DISKS=(d0:400 d1:400 d2:400); NDISKS=3
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=R5-A $(drv d1) -device virtio-blk-pci,drive=d1,serial=R5-B
         $(drv d2) -device virtio-blk-pci,drive=d2,serial=R5-C)
    # as btrfs-metadata-full: empty files grow metadata, data takes every chunk it can get, then more empty
    # files until ENOSPC. On three 400 MiB disks about 700 MiB of raid5 data chunks take 1050 MiB raw, of
    # which disk_total shows 700: counted that way, 400 MiB would look unallocated (a warning at most), while
    # btrfs-progs (fi-usage, from the chunk tree) finds under 256 MiB left, and the verdict is critical
    JOB='run_logged mkfs mkfs.btrfs -f -L labraid5 -d raid5 -m raid1 /dev/vda /dev/vdb /dev/vdc
btrfs device scan >/dev/null 2>&1
run_logged mount mount -t btrfs /dev/vda /mnt
mkdir /mnt/small; i=0; n=$(head -c 200 /dev/zero | tr "\\000" n)
while [ $i -lt 15000 ] && true > "/mnt/small/$n$i" 2>/dev/null; do i=$((i+1)); done
dd if=/dev/zero of=/mnt/big bs=1M count=2000 2>/out/dd-big.txt; sync
j=0; while true > "/mnt/small/m$n$j" 2>/dev/null; do j=$((j+1)); [ $j -ge 100000 ] && break; done
echo "empty files created: $i before filling data, $j after" > /out/small-files.txt; sync
run_logged fi-usage btrfs filesystem usage -b /mnt
snapshot full'
}
cfg_btrfs-blkdebug-eio() {
    EXTRA_MODULES=btrfs; WRITES_DISKS=1 # mkfs.btrfs and writes through the filesystem
    # stage 1: mkfs + populate on a healthy disk; stage 2: same image behind blkdebug, every write -> EIO
    STAGES=2; DISKS=(d0:512); NDISKS=1
    if [ "$1" = 1 ]; then
        DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=BTRFS-EIO)
        JOB='run_logged mkfs mkfs.btrfs -f -L labeio /dev/vda
mount /dev/vda /mnt && dd if=/dev/zero of=/mnt/file1 bs=1M count=8 2>/dev/null && sync
run_logged fi-show btrfs filesystem show /mnt
umount /mnt'
    else
        cat > "$RUN/blkdebug-eio.conf" <<'EOF'
[inject-error]
event = "write_aio"
errno = "5"
once = "off"
EOF
        DEV=(-drive if=none,id=d0,format=raw,file=blkdebug:$RUN/blkdebug-eio.conf:$RUN/d0.img,werror=report,rerror=report
             -device virtio-blk-pci,drive=d0,serial=BTRFS-EIO)
        JOB='run_logged mount mount -t btrfs /dev/vda /mnt
cat /proc/self/mountinfo > /out/mountinfo-before.txt
(dd if=/dev/urandom of=/mnt/file2 bs=1M count=4; sync; sync) > /out/write-sync.txt 2>&1
sleep 3
run_logged touch-after touch /mnt/after-error
cat /proc/self/mountinfo > /out/mountinfo-after.txt
run_logged dev-stats btrfs device stats /mnt
dmesg > /out/dmesg.txt
snapshot after-error'
    fi
}
cfg_btrfs-csum-corruption() { # data silently corrupted under btrfs: read errors, then a scrub that finds them
    EXTRA_MODULES=btrfs; WRITES_DISKS=1 # mkfs.btrfs, writes through the filesystem, and the host's corruption
    # stage 1: a file of a marker pattern, unmounted; between the boots the host overwrites 64 KiB of it in the
    # image (as a failing disk or a bad cache would); stage 2: the file is read, then scrubbed
    STAGES=2; DISKS=(d0:512); NDISKS=1
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=BTRFS-CSUM)
    if [ "$1" = 1 ]; then
        JOB='run_logged mkfs mkfs.btrfs -f -L labcsum -d single -m dup /dev/vda
mount /dev/vda /mnt && yes GUESTDIAG-CSUM-MARKER-0123456789 | head -c 4194304 > /mnt/marked && sync
run_logged fi-show btrfs filesystem show /mnt
umount /mnt'
    else
        # GNU grep finds the marker's byte offset (no python on a bare CI machine); 16 blocks on, 64 KiB of zeros
        local at
        at=$(grep -obUa -m1 GUESTDIAG-CSUM-MARKER "$RUN/d0.img" | head -n1 | cut -d: -f1)
        [ -n "$at" ] || { echo "btrfs-csum-corruption: marker not found in the image" >&2; return 1; }
        at=$(( (at / 4096 + 16) * 4096 ))
        dd if=/dev/zero of="$RUN/d0.img" bs=4096 seek=$((at / 4096)) count=16 conv=notrunc status=none
        echo "corrupted 64 KiB at byte $at"
        JOB='run_logged mount mount -t btrfs /dev/vda /mnt
run_logged read-marked cat /mnt/marked > /dev/null
run_logged scrub btrfs scrub start -B /mnt
run_logged dev-stats btrfs device stats /mnt
dmesg > /out/dmesg.txt
snapshot after-scrub'
    fi
}
cfg_btrfs-dm-flakey() {
    EXTRA_MODULES=dm_mod,dm_flakey,btrfs; WRITES_DISKS=1 # mkfs.btrfs and writes through the filesystem
    # single boot: btrfs on dm-linear, then table swapped to dm-flakey error_writes
    DISKS=(d0:512); NDISKS=1
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=BTRFS-FLAKEY)
    JOB='export DM_DISABLE_UDEV=1
S=$(blockdev --getsz /dev/vda)
run_logged dm-create dmsetup create --noudevsync lab --table "0 $S linear /dev/vda 0"
dmsetup mknodes 2>/dev/null
run_logged mkfs mkfs.btrfs -f -L labflakey /dev/mapper/lab
run_logged mount mount -t btrfs /dev/mapper/lab /mnt
dd if=/dev/zero of=/mnt/file1 bs=1M count=8 2>/dev/null; sync
cat /proc/self/mountinfo > /out/mountinfo-before.txt
run_logged dm-load dmsetup load --noudevsync lab --table "0 $S flakey /dev/vda 0 0 3600 1 error_writes"
run_logged dm-resume dmsetup resume --noudevsync lab
run_logged dm-table dmsetup table
(dd if=/dev/urandom of=/mnt/file2 bs=1M count=4; sync; sync) > /out/write-sync.txt 2>&1
sleep 3
run_logged touch-after touch /mnt/after-error
cat /proc/self/mountinfo > /out/mountinfo-after.txt
run_logged dev-stats btrfs device stats /mnt
dmesg > /out/dmesg.txt
snapshot after-error'
}
cfg_btrfs-raid1-degraded() {
    EXTRA_MODULES=btrfs; WRITES_DISKS=1 # mkfs.btrfs and writes through the filesystem
    # stage 1: raid1 (data+metadata) over vda+vdb; stage 2: boot with only the first disk
    STAGES=2; DISKS=(d0:512 d1:512)
    if [ "$1" = 1 ]; then
        NDISKS=2
        DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=R1-A $(drv d1) -device virtio-blk-pci,drive=d1,serial=R1-B)
        JOB='run_logged mkfs mkfs.btrfs -f -L labraid1 -d raid1 -m raid1 /dev/vda /dev/vdb
btrfs device scan >/dev/null 2>&1
mount /dev/vda /mnt && dd if=/dev/zero of=/mnt/file1 bs=1M count=8 2>/dev/null && sync
run_logged fi-show btrfs filesystem show /mnt
umount /mnt'
    else
        NDISKS=1
        DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=R1-A)
        JOB='btrfs device scan > /out/scan.txt 2>&1
run_logged mount-plain mount -t btrfs /dev/vda /mnt
dmesg > /out/dmesg-after-plain-mount.txt
run_logged mount-degraded mount -t btrfs -o degraded /dev/vda /mnt
cat /proc/self/mountinfo > /out/mountinfo-degraded.txt
run_logged fi-show btrfs filesystem show /mnt
run_logged fi-df btrfs filesystem df /mnt
run_logged dev-stats btrfs device stats /mnt
(dd if=/dev/zero of=/mnt/file2 bs=1M count=4; sync) > /out/write-sync.txt 2>&1
run_logged fi-usage btrfs filesystem usage /mnt
dmesg > /out/dmesg.txt
snapshot degraded'
    fi
}
cfg_btrfs-raid1-unplug() {
    EXTRA_MODULES=btrfs; WRITES_DISKS=1 # mkfs.btrfs and writes through the filesystem
    # raid1 over two scsi-hd on virtio-scsi; host hot-unplugs disk1 via QMP while mounted
    DISKS=(d0:512 d1:512); NDISKS=2; QMP=1; HOOK=hook_unplug_disk1
    DEV=(-device virtio-scsi-pci,id=scsi0
         $(drv d0) -device scsi-hd,bus=scsi0.0,drive=d0,id=disk0,serial=R1U-A
         $(drv d1) -device scsi-hd,bus=scsi0.0,drive=d1,id=disk1,serial=R1U-B)
    JOB='run_logged mkfs mkfs.btrfs -f -L labunplug -d raid1 -m raid1 /dev/sda /dev/sdb
btrfs device scan >/dev/null 2>&1
run_logged mount mount -t btrfs /dev/sda /mnt
dd if=/dev/zero of=/mnt/file1 bs=1M count=8 2>/dev/null; sync
for n in $(disks); do echo "$n $(tail -c +5 /sys/block/$n/device/vpd_pg80)"; done > /out/disks-before-unplug.txt
touch /out/.lab/READY_UNPLUG; log "waiting for host to unplug disk1 (serial R1U-B)"
i=0; while [ "$(disks | wc -l)" -ge 2 ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done
log "disks left after unplug: $(disks | tr "\n" " ")"
(dd if=/dev/urandom of=/mnt/file2 bs=1M count=4; sync; sync) > /out/write-sync.txt 2>&1
sleep 3
run_logged touch-after touch /mnt/after-unplug
cat /proc/self/mountinfo > /out/mountinfo-after.txt
run_logged fi-show btrfs filesystem show /mnt
run_logged dev-stats btrfs device stats /mnt
dmesg > /out/dmesg.txt
snapshot after-unplug'
}
hook_unplug_disk1() {
    local i=0
    while [ ! -e "$SHARE/.lab/READY_UNPLUG" ] && [ $i -lt 1200 ]; do sleep 0.5; i=$((i+1)); done
    [ -e "$SHARE/.lab/READY_UNPLUG" ] || return 0
    qmp_cmd '{"execute":"device_del","arguments":{"id":"disk1"}}' > "$RUN/qmp-device_del.txt" 2>&1
}
# ---------------------------------------------------------------- md RAID (issue 21.1)
# mdadm runs without udev here: it makes its own device nodes, and must not ask systemd for mdmon/mdcheck
MD_ENV='export MDADM_NO_UDEV=1 MDADM_NO_SYSTEMCTL=1
mkdir -p /run/mdadm
echo 200000 > /proc/sys/dev/raid/speed_limit_min'
cfg_md-raid1-healthy() { # the no-false-alarm baseline for md: a raid1 whose initial resync has finished
    EXTRA_MODULES=md_mod,raid1; WRITES_DISKS=1 # mdadm --create and the resync write the members
    DISKS=(d0:64 d1:64); NDISKS=2
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=MD1-A $(drv d1) -device virtio-blk-pci,drive=d1,serial=MD1-B)
    JOB="$MD_ENV"'
yes | run_logged create mdadm --create /dev/md0 --run --level=1 --raid-devices=2 /dev/vda /dev/vdb
run_logged wait mdadm --wait /dev/md0
run_logged detail mdadm --detail /dev/md0
cat /proc/mdstat > /out/mdstat.txt
snapshot healthy'
}
cfg_md-raid1-rebuild() { # a raid1 member failed (mdadm --fail) and a new disk rebuilding into its slot
    EXTRA_MODULES=md_mod,raid1; WRITES_DISKS=1 # mdadm --create, the resync and the rebuild write the members
    DISKS=(d0:64 d1:64 d2:64); NDISKS=3
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=MD1R-A $(drv d1) -device virtio-blk-pci,drive=d1,serial=MD1R-B
         $(drv d2) -device virtio-blk-pci,drive=d2,serial=MD1R-C)
    # the rebuild is held at 16 KiB/s so that it still runs while the agent looks (64 MiB take an hour)
    JOB="$MD_ENV"'
yes | run_logged create mdadm --create /dev/md0 --run --level=1 --raid-devices=2 /dev/vda /dev/vdb
run_logged wait mdadm --wait /dev/md0
dd if=/dev/urandom of=/dev/md0 bs=1M count=8 2>/dev/null; sync
run_logged fail mdadm /dev/md0 --fail /dev/vdb
echo 1 > /proc/sys/dev/raid/speed_limit_min; echo 16 > /proc/sys/dev/raid/speed_limit_max
run_logged add mdadm /dev/md0 --add /dev/vdc
sleep 3
run_logged detail mdadm --detail /dev/md0
cat /proc/mdstat > /out/mdstat.txt
snapshot rebuilding'
}
cfg_md-raid5-degraded() { # a raid5 whose third disk is gone at the next boot, started degraded
    EXTRA_MODULES=md_mod,raid456; WRITES_DISKS=1 # mdadm --create and the initial recovery write the members
    STAGES=2; DISKS=(d0:64 d1:64 d2:64)
    if [ "$1" = 1 ]; then
        NDISKS=3
        DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=MD5-A $(drv d1) -device virtio-blk-pci,drive=d1,serial=MD5-B
             $(drv d2) -device virtio-blk-pci,drive=d2,serial=MD5-C)
        JOB="$MD_ENV"'
yes | run_logged create mdadm --create /dev/md0 --run --level=5 --raid-devices=3 /dev/vda /dev/vdb /dev/vdc
run_logged wait mdadm --wait /dev/md0
dd if=/dev/urandom of=/dev/md0 bs=1M count=8 2>/dev/null; sync
run_logged detail mdadm --detail /dev/md0
run_logged stop mdadm --stop /dev/md0'
    else
        NDISKS=2
        DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=MD5-A $(drv d1) -device virtio-blk-pci,drive=d1,serial=MD5-B)
        JOB="$MD_ENV"'
run_logged assemble mdadm --assemble /dev/md0 --run /dev/vda /dev/vdb
run_logged detail mdadm --detail /dev/md0
cat /proc/mdstat > /out/mdstat.txt
snapshot degraded'
    fi
}
cfg_md-raid1-noserial() { # a raid1 over a virtio_blk disk with a serial and one without: the members cannot be told apart
    EXTRA_MODULES=md_mod,raid1; WRITES_DISKS=1 # mdadm --create and the resync write the members
    DISKS=(d0:64 d1:64); NDISKS=2
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=MDNS-A $(drv d1) -device virtio-blk-pci,drive=d1)
    JOB="$MD_ENV"'
yes | run_logged create mdadm --create /dev/md0 --run --level=1 --raid-devices=2 /dev/vda /dev/vdb
run_logged wait mdadm --wait /dev/md0
cat /proc/mdstat > /out/mdstat.txt
snapshot noserial'
}

# ---------------------------------------------------------------- ext4, XFS and disks the kernel gave up on (issue 21.2)
# dm-flakey swaps a dm-linear table for error_writes under a mounted filesystem, as btrfs-dm-flakey does.
# The ext4 guests run with their clock at PAST: ext4 stamps its errors with the guest's time, which the agent in
# the guest judges as recent (critical), while the captures, judged later by the unit tests on the host's clock,
# hold errors older than 24 hours (a warning) on every day, so their verdicts do not change overnight.
PAST=2026-01-01T00:00:00
flakey_on() { # the job's lines that put /dev/mapper/lab (dm-linear over /dev/vda) under error_writes
    echo 'run_logged dm-load dmsetup load --noudevsync lab --table "0 $S flakey /dev/vda 0 0 3600 1 error_writes"
run_logged dm-resume dmsetup resume --noudevsync lab
run_logged dm-table dmsetup table'
}
linear_lab() {
    echo 'export DM_DISABLE_UDEV=1
S=$(blockdev --getsz /dev/vda)
run_logged dm-create dmsetup create --noudevsync lab --table "0 $S linear /dev/vda 0"
dmsetup mknodes 2>/dev/null'
}
cfg_ext4-remount-ro() { # ext4 errors=remount-ro, writes failed under it: the journal aborts, the kernel stops writes
    EXTRA_MODULES=dm_mod,dm_flakey,ext4; WRITES_DISKS=1 # mkfs.ext4 and writes through the filesystem
    DISKS=(d0:256); NDISKS=1
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=EXT4-RO -rtc base=$PAST)
    JOB="$(linear_lab)
run_logged mkfs mkfs.ext4 -F -q -L labext4 /dev/mapper/lab
run_logged mount mount -t ext4 -o errors=remount-ro /dev/mapper/lab /mnt
dd if=/dev/zero of=/mnt/file1 bs=1M count=8 2>/dev/null; sync
cat /proc/self/mountinfo > /out/mountinfo-before.txt
$(flakey_on)
(dd if=/dev/urandom of=/mnt/file2 bs=1M count=4; sync; sync) > /out/write-sync.txt 2>&1
sleep 6
run_logged touch-after touch /mnt/after-error
cat /proc/self/mountinfo > /out/mountinfo-after.txt
dmesg > /out/dmesg.txt
snapshot after-error"
}
cfg_ext4-errors-continue() { # errors recorded while the filesystem stays writable (errors=continue)
    EXTRA_MODULES=ext4; WRITES_DISKS=1 # mkfs.ext4 and writes through the filesystem
    DISKS=(d0:128); NDISKS=1
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=EXT4-CONT -rtc base=$PAST)
    # trigger_fs_error is the kernel's own test hook (fs/ext4/sysfs.c): ext4_error() as a detected corruption calls it
    JOB='run_logged mkfs mkfs.ext4 -F -q -L labcont /dev/vda
run_logged mount mount -t ext4 -o errors=continue /dev/vda /mnt
dd if=/dev/zero of=/mnt/file1 bs=1M count=4 2>/dev/null; sync
echo "lab: corruption found" > /sys/fs/ext4/vda/trigger_fs_error
sleep 3; sync
run_logged touch-after touch /mnt/after-error
cat /sys/fs/ext4/vda/errors_count > /out/errors_count.txt
cat /proc/self/mountinfo > /out/mountinfo-after.txt
dmesg > /out/dmesg.txt
snapshot after-error'
}
cfg_xfs-shutdown() { # XFS whose log writes fail: the kernel shuts it down, the mount still says rw
    EXTRA_MODULES=dm_mod,dm_flakey,xfs; WRITES_DISKS=1 # mkfs.xfs and writes through the filesystem
    DISKS=(d0:512); NDISKS=1 # mkfs.xfs wants 300 MiB at least
    DEV=($(drv d0) -device virtio-blk-pci,drive=d0,serial=XFS-SHUT)
    JOB="$(linear_lab)
run_logged mkfs mkfs.xfs -f -q -L labxfs /dev/mapper/lab
run_logged mount mount -t xfs /dev/mapper/lab /mnt
dd if=/dev/zero of=/mnt/file1 bs=1M count=8 2>/dev/null; sync
cat /proc/self/mountinfo > /out/mountinfo-before.txt
$(flakey_on)
(dd if=/dev/urandom of=/mnt/file2 bs=1M count=4; sync; sync) > /out/write-sync.txt 2>&1
sleep 6
run_logged touch-after touch /mnt/after-error
cat /proc/self/mountinfo > /out/mountinfo-after.txt
dmesg > /out/dmesg.txt
snapshot after-error"
}
cfg_scsi-offline() { # the guest takes a SCSI disk offline under a mounted ext4, as the SCSI layer does when recovery fails
    EXTRA_MODULES=ext4; WRITES_DISKS=1 # mkfs.ext4 and writes through the filesystem
    DISKS=(d0:64 d1:128); NDISKS=2
    DEV=(-device virtio-scsi-pci,id=scsi0
         $(drv d0) -device scsi-hd,bus=scsi0.0,drive=d0,id=disk0,serial=OFF-0
         $(drv d1) -device scsi-hd,bus=scsi0.0,drive=d1,id=disk1,serial=OFF-1 -rtc base=$PAST)
    # the disk the kernel named sdb, whichever serial it has: the SCSI scan names the two disks in either order,
    # and the verdicts name the disk (disk.offline:sdb)
    JOB='n=sdb
log "disk sdb is $(tail -c +5 /sys/block/$n/device/vpd_pg80 2>/dev/null)"; echo "$n" > /out/offline-disk.txt
run_logged mkfs mkfs.ext4 -F -q -L laboff /dev/$n
run_logged mount mount -t ext4 -o errors=remount-ro /dev/$n /mnt
dd if=/dev/zero of=/mnt/file1 bs=1M count=4 2>/dev/null; sync
echo offline > /sys/block/$n/device/state
(dd if=/dev/urandom of=/mnt/file2 bs=1M count=2; sync; sync) > /out/write-sync.txt 2>&1
sleep 6
run_logged touch-after touch /mnt/after-offline
cat /proc/self/mountinfo > /out/mountinfo-after.txt
dmesg > /out/dmesg.txt
snapshot after-offline'
}
# ---------------------------------------------------------------- end ext4, XFS and disks

# ---------------------------------------------------------------- java from the host root over 9p
cfg_java-9p() {  # compare 9p cache modes: run-config.sh --append lab.hostcache=none java-9p OUT
    HOSTROOT=1; MEM=2048
    JOB='mount_hostroot
run_logged java-version chroot /host /usr/bin/java -version
run_logged java-version-2 chroot /host /usr/bin/java -version
run_logged java-xshare-off chroot /host /usr/bin/java -Xshare:off -version
run_logged java-c1-serialgc chroot /host /usr/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version
snapshot boot'
}
# ---------------------------------------------------------------- a guest set up as the advice says
cfg_pve-recommended() {  # q35, 2 sockets = 2 NUMA nodes, virtio-scsi-single + iothread, SSD + discard, 4K physical, virtio NIC
    CPU=${HOSTCPU}; SMP=4,sockets=2,cores=2,threads=1; MEM=1024
    MEMARGS=(-object memory-backend-ram,id=m0,size=512M -object memory-backend-ram,id=m1,size=512M
             -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1)
    DISKS=(d0:64 d1:64); NDISKS=2
    DEV=(-object iothread,id=io0 -object iothread,id=io1
         -device virtio-scsi-pci,id=scsi0,iothread=io0
         $(drv d0 discard=unmap) -device scsi-hd,bus=scsi0.0,drive=d0,id=disk0,serial=PVE-OK-0,rotation_rate=1,physical_block_size=4096
         -device virtio-scsi-pci,id=scsi1,iothread=io1
         $(drv d1 discard=unmap) -device scsi-hd,bus=scsi1.0,drive=d1,id=disk1,serial=PVE-OK-1,rotation_rate=1,physical_block_size=4096
         -nic user,model=virtio-net-pci,restrict=on)
}
cfg_pve-i440fx() { # Proxmox VE's own command line (qemu-server's cfg2cmd fixtures scsihw-virtio-scsi-single and
    # simple-virtio-blk): its bridges pci.1-3 at 0x1e/0x1f/0x5, balloon at 0x3, VirtIO SCSI single's controllers at pci.3
    # slots 1 and 2 with scsi0 (device_id=drive-scsi0, as PVE 9 sets it) and scsi1 as LUN 1 (with a serial, which
    # replaces the device id: the slot is told by place and LUN), virtio0 at 0xa with an iothread, net0 and net1 at
    # 0x12 and 0x13. Changed for QEMU 7.2 under TCG: pc+pve0 -> pc-i440fx-7.2, tap -> user networking, -drive for -blockdev
    MACHINE=pc-i440fx-7.2; DISKS=(drive-scsi0:64 drive-scsi1:64 drive-virtio0:64); NDISKS=3
    DEV=(-object iothread,id=iothread-virtio0
         -device pci-bridge,id=pci.1,chassis_nr=1,bus=pci.0,addr=0x1e
         -device pci-bridge,id=pci.2,chassis_nr=2,bus=pci.0,addr=0x1f
         -device pci-bridge,id=pci.3,chassis_nr=3,bus=pci.0,addr=0x5
         -device virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x3,free-page-reporting=on
         -device virtio-scsi-pci,id=virtioscsi0,bus=pci.3,addr=0x1
         $(drv drive-scsi0) -device scsi-hd,bus=virtioscsi0.0,channel=0,scsi-id=0,lun=0,drive=drive-scsi0,id=scsi0,device_id=drive-scsi0,write-cache=on
         -device virtio-scsi-pci,id=virtioscsi1,bus=pci.3,addr=0x2
         $(drv drive-scsi1) -device scsi-hd,bus=virtioscsi1.0,channel=0,scsi-id=0,lun=1,drive=drive-scsi1,id=scsi1,serial=PVE-SCSI-1,write-cache=on
         $(drv drive-virtio0) -device virtio-blk-pci,drive=drive-virtio0,id=virtio0,bus=pci.0,addr=0xa,iothread=iothread-virtio0,serial=PVE-VIRTIO-0,write-cache=on
         -netdev user,id=net0,restrict=on -device virtio-net-pci,mac=A2:C0:43:77:08:A0,netdev=net0,bus=pci.0,addr=0x12,id=net0
         -netdev user,id=net1,restrict=on -device virtio-net-pci,mac=A2:C0:43:77:08:A1,netdev=net1,bus=pci.0,addr=0x13,id=net1)
}
# Proxmox VE's command lines for its other controllers (qemu-server's DriveDevice.pm and the cfg2cmd fixtures
# ide.conf, q35-ide.conf, q35-scsihw2.conf), changed as pve-i440fx's: pc+pve0/q35+pve0 -> pc-i440fx-7.2/pc-q35-7.2, tap ->
# user networking, -blockdev -> drv, no VGA, USB tablet or vmgenid. On i440fx qemu-server adds bridges pci.1 and pci.2
# (pci.3 only for VirtIO SCSI single), the balloon at 0x3 and net0 at 0x12.
PVE_I440FX=(-device pci-bridge,id=pci.1,chassis_nr=1,bus=pci.0,addr=0x1e
            -device pci-bridge,id=pci.2,chassis_nr=2,bus=pci.0,addr=0x1f
            -device virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x3,free-page-reporting=on)
PVE_NET0=(-netdev user,id=net0,restrict=on -device virtio-net-pci,mac=A2:C0:43:77:08:B0,netdev=net0,bus=pci.0,addr=0x12,id=net0)
cfg_pve-scsi-shared() { # scsihw virtio-scsi-pci: one controller scsihw0 at 0x5, scsiN as LUN N of target 0
    MACHINE=pc-i440fx-7.2; DISKS=(drive-scsi0:64 drive-scsi1:64 drive-scsi2:64); NDISKS=3
    DEV=("${PVE_I440FX[@]}" -device virtio-scsi-pci,id=scsihw0,bus=pci.0,addr=0x5
         $(drv drive-scsi0) -device scsi-hd,bus=scsihw0.0,channel=0,scsi-id=0,lun=0,drive=drive-scsi0,id=scsi0,device_id=drive-scsi0,write-cache=on
         $(drv drive-scsi1) -device scsi-hd,bus=scsihw0.0,channel=0,scsi-id=0,lun=1,drive=drive-scsi1,id=scsi1,serial=PVE-SH-1,write-cache=on
         $(drv drive-scsi2) -device scsi-hd,bus=scsihw0.0,channel=0,scsi-id=0,lun=2,drive=drive-scsi2,id=scsi2,device_id=drive-scsi2,write-cache=on
         "${PVE_NET0[@]}")
}
cfg_pve-lsi() { # scsihw lsi (qemu-server's default; "lsi" is QEMU's alias of lsi53c895a): scsiN as target N of scsihw0
    MACHINE=pc-i440fx-7.2; DISKS=(drive-scsi0:64 drive-scsi1:64); NDISKS=2
    DEV=("${PVE_I440FX[@]}" -device lsi,id=scsihw0,bus=pci.0,addr=0x5
         $(drv drive-scsi0) -device scsi-hd,bus=scsihw0.0,scsi-id=0,drive=drive-scsi0,id=scsi0,device_id=drive-scsi0,write-cache=on
         $(drv drive-scsi1) -device scsi-hd,bus=scsihw0.0,scsi-id=1,drive=drive-scsi1,id=scsi1,serial=PVE-LSI-1,write-cache=on
         "${PVE_NET0[@]}")
}
cfg_pve-megasas() { # scsihw megasas: qemu-server writes scsiN as LUN N of target 0, as on virtio-scsi. The guest sees
    # scsi0 only (as H:2:0:0, channel 2 = megaraid_sas's logical drives): QEMU's MegaRAID does not answer LUN 1 as a
    # disk, and 6.1 logs "scsi H:2:0:0: Unexpected response from lun 1 while scanning, scan aborted". scsi1 stays on
    # the command line as Proxmox writes it
    MACHINE=pc-i440fx-7.2; DISKS=(drive-scsi0:64 drive-scsi1:64); NDISKS=1
    DEV=("${PVE_I440FX[@]}" -device megasas,id=scsihw0,bus=pci.0,addr=0x5
         $(drv drive-scsi0) -device scsi-hd,bus=scsihw0.0,channel=0,scsi-id=0,lun=0,drive=drive-scsi0,id=scsi0,device_id=drive-scsi0,write-cache=on
         $(drv drive-scsi1) -device scsi-hd,bus=scsihw0.0,channel=0,scsi-id=0,lun=1,drive=drive-scsi1,id=scsi1,serial=PVE-MR-1,write-cache=on
         "${PVE_NET0[@]}")
}
cfg_pve-pvscsi() { # scsihw pvscsi: scsiN as target N of scsihw0, as on LSI
    MACHINE=pc-i440fx-7.2; DISKS=(drive-scsi0:64 drive-scsi1:64); NDISKS=2
    DEV=("${PVE_I440FX[@]}" -device pvscsi,id=scsihw0,bus=pci.0,addr=0x5
         $(drv drive-scsi0) -device scsi-hd,bus=scsihw0.0,scsi-id=0,drive=drive-scsi0,id=scsi0,device_id=drive-scsi0,write-cache=on
         $(drv drive-scsi1) -device scsi-hd,bus=scsihw0.0,scsi-id=1,drive=drive-scsi1,id=scsi1,serial=PVE-PV-1,write-cache=on
         "${PVE_NET0[@]}")
}
cfg_pve-sata-ide() { # sataN on port N of ahci0 (pci.0 0x7), ideN on the board's PIIX IDE (bus N div 2, unit N mod 2);
    # Proxmox's ide2 is usually the CD-ROM drive, a disk here. No SCSI disk, so no drive id: Proxmox is told by
    # ahci0 and net0 at their places
    MACHINE=pc-i440fx-7.2; DISKS=(drive-sata0:64 drive-sata2:64 drive-ide0:64 drive-ide2:64); NDISKS=4
    DEV=("${PVE_I440FX[@]}" -device ahci,id=ahci0,multifunction=on,bus=pci.0,addr=0x7
         $(drv drive-sata0) -device ide-hd,bus=ahci0.0,drive=drive-sata0,id=sata0,serial=PVE-SATA-0,write-cache=on
         $(drv drive-sata2) -device ide-hd,bus=ahci0.2,drive=drive-sata2,id=sata2,serial=PVE-SATA-2,write-cache=on
         $(drv drive-ide0) -device ide-hd,bus=ide.0,unit=0,drive=drive-ide0,id=ide0,serial=PVE-IDE-0,write-cache=on
         $(drv drive-ide2) -device ide-hd,bus=ide.1,unit=0,drive=drive-ide2,id=ide2,serial=PVE-IDE-2,write-cache=on
         "${PVE_NET0[@]}")
}
cfg_pve-q35() { # q35 with pve-q35-4.0.cfg's bridges as -device options: the DMI-PCI bridge pcidmi at 00:1e.0, pci.0-3
    # behind it at slots 1-4, the four ICH9 root ports at 1c.0-1c.3 (empty; its USB and audio functions left out).
    # VirtIO SCSI single scsi0 (virtioscsi0 at pci.3 slot 1, an iothread), sata0 on ahci0 at pci.0 0x7, ide2 on the
    # board's ICH9 AHCI (q35 has one IDE unit a bus: qemu-server puts ide2 on ide.1, ICH9 port 1), net0 at pci.0 0x12
    MACHINE=pc-q35-7.2; DISKS=(drive-scsi0:64 drive-sata0:64 drive-ide2:64); NDISKS=3
    DEV=(-device pcie-root-port,id=ich9-pcie-port-1,x-speed=16,x-width=32,multifunction=on,bus=pcie.0,addr=0x1c.0,port=1,chassis=1
         -device pcie-root-port,id=ich9-pcie-port-2,x-speed=16,x-width=32,multifunction=on,bus=pcie.0,addr=0x1c.1,port=2,chassis=2
         -device pcie-root-port,id=ich9-pcie-port-3,x-speed=16,x-width=32,multifunction=on,bus=pcie.0,addr=0x1c.2,port=3,chassis=3
         -device pcie-root-port,id=ich9-pcie-port-4,x-speed=16,x-width=32,multifunction=on,bus=pcie.0,addr=0x1c.3,port=4,chassis=4
         -device i82801b11-bridge,id=pcidmi,bus=pcie.0,addr=0x1e.0
         -device pci-bridge,id=pci.0,bus=pcidmi,addr=0x1.0,chassis_nr=1
         -device pci-bridge,id=pci.1,bus=pcidmi,addr=0x2.0,chassis_nr=2
         -device pci-bridge,id=pci.2,bus=pcidmi,addr=0x3.0,chassis_nr=3
         -device pci-bridge,id=pci.3,bus=pcidmi,addr=0x4.0,chassis_nr=4
         -device virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x3,free-page-reporting=on
         -object iothread,id=iothread-virtioscsi0
         -device virtio-scsi-pci,id=virtioscsi0,bus=pci.3,addr=0x1,iothread=iothread-virtioscsi0
         $(drv drive-scsi0) -device scsi-hd,bus=virtioscsi0.0,channel=0,scsi-id=0,lun=0,drive=drive-scsi0,id=scsi0,device_id=drive-scsi0,write-cache=on
         -device ahci,id=ahci0,multifunction=on,bus=pci.0,addr=0x7
         $(drv drive-sata0) -device ide-hd,bus=ahci0.0,drive=drive-sata0,id=sata0,serial=PVEQ-SATA-0,write-cache=on
         $(drv drive-ide2) -device ide-hd,bus=ide.1,unit=0,drive=drive-ide2,id=ide2,serial=PVEQ-IDE-2,write-cache=on
         "${PVE_NET0[@]}")
}
# libvirt's command lines as virsh domxml-to-native writes them: device ids virtio-disk0, net0, scsi0-0-0-0 with the
# drive alias drive-scsi0-0-0-0 as the SCSI device id. On q35 every device sits alone behind a pcie-root-port
# (pci.1 …, functions of slot 2 of pcie.0) and the drives are -blockdev nodes libvirt-N-format (drv here, the device
# id set explicitly, as libvirt does since it moved to -blockdev); on i440fx the devices sit on pci.0 in libvirt's
# order from slot 3 and the drives are -drive drive-ALIAS, whose id QEMU hands out as the SCSI device id
cfg_libvirt-q35() {
    MACHINE=pc-q35-7.2; DISKS=(libvirt-2-format:64 libvirt-1-format:64); NDISKS=2
    DEV=(-device pcie-root-port,port=0x10,chassis=1,id=pci.1,bus=pcie.0,multifunction=on,addr=0x2
         -device pcie-root-port,port=0x11,chassis=2,id=pci.2,bus=pcie.0,addr=0x2.0x1
         -device pcie-root-port,port=0x12,chassis=3,id=pci.3,bus=pcie.0,addr=0x2.0x2
         -device pcie-root-port,port=0x13,chassis=4,id=pci.4,bus=pcie.0,addr=0x2.0x3
         -device pcie-root-port,port=0x14,chassis=5,id=pci.5,bus=pcie.0,addr=0x2.0x4
         -device virtio-scsi-pci,id=scsi0,bus=pci.2,addr=0x0
         -netdev user,id=hostnet0,restrict=on -device virtio-net-pci,netdev=hostnet0,id=net0,mac=52:54:00:6b:3c:58,bus=pci.1,addr=0x0
         $(drv libvirt-2-format) -device scsi-hd,bus=scsi0.0,channel=0,scsi-id=0,lun=0,device_id=drive-scsi0-0-0-0,drive=libvirt-2-format,id=scsi0-0-0-0,bootindex=1,write-cache=on
         $(drv libvirt-1-format) -device virtio-blk-pci,bus=pci.3,addr=0x0,drive=libvirt-1-format,id=virtio-disk0,serial=LV-Q35-VDA,write-cache=on
         -device virtio-balloon-pci,id=balloon0,bus=pci.4,addr=0x0)
}
cfg_libvirt-i440fx() {
    MACHINE=pc-i440fx-7.2; DISKS=(drive-scsi0-0-0-0:64 drive-virtio-disk0:64); NDISKS=2
    DEV=(-netdev user,id=hostnet0,restrict=on -device virtio-net-pci,netdev=hostnet0,id=net0,mac=52:54:00:1f:a2:07,bus=pci.0,addr=0x3
         -device virtio-scsi-pci,id=scsi0,bus=pci.0,addr=0x4
         $(drv drive-scsi0-0-0-0) -device scsi-hd,bus=scsi0.0,channel=0,scsi-id=0,lun=0,drive=drive-scsi0-0-0-0,id=scsi0-0-0-0,bootindex=1
         $(drv drive-virtio-disk0) -device virtio-blk-pci,scsi=off,bus=pci.0,addr=0x5,drive=drive-virtio-disk0,id=virtio-disk0,serial=LV-I440-VDA
         -device virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x6)
}
