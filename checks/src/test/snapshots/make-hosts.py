#!/usr/bin/env python3
"""Writes the fixtures of machines that are not QEMU guests: host-server, host-laptop, host-lxc.

    make-hosts.py            # (re)writes the three trees next to this script

The lab can only boot QEMU guests, so these trees are built from the kernel's file formats instead of captured:
every file is one the readers read, laid out as the kernel lays it out (Documentation/ABI/testing/sysfs-block,
sysfs-bus-pci, sysfs-devices-system-cpu, sysfs-devices-node, sysfs-class-net; drivers/ata/libata-transport.c for
ataN, drivers/nvme/host/multipath.c for nvme-subsystem, drivers/scsi/scsi_debug.c for pseudo_0), with the
symlinks of sysfs (/sys/block/X -> ../devices/..., device, driver and subsystem links) as relative links. The
values (CPU flags, PCI ids, disk models) are those of the named real hardware. Read this script to review them.

- host-server: a Proxmox VE node, Dell PowerEdge R740: 2 x Xeon Silver 4110 (8 cores, SMT), 2 NUMA nodes whose
  directories have cpumap but no cpulist, SATA disks on the C620's AHCI (a 512e HDD with an old partition at
  sector 63, a SATA SSD), an NVMe (Samsung PM983) under its PCI function (no NVMe multipath), a ZFS zvol (zd0,
  /sys/devices/virtual/block), two tg3 ports in a bond (/sys/class/net/bonding_masters is a regular file).
- host-laptop: a ThinkPad T14 Gen 2i: 1 x Core i7-1165G7 (4 cores, SMT) whose topology has no
  thread_siblings_list, no /sys/devices/system/node at all, an NVMe (PM9A1) under NVMe multipath
  (/sys/block/nvme0n1 -> ../devices/virtual/nvme-subsystem/...), zram0 and loop0, scsi_debug's disk under
  /sys/devices/pseudo_0, an e1000e (I219-LM) and iwlwifi.
- host-lxc: an LXC container on a Proxmox VE node (AMD EPYC 7313P): container=lxc in PID 1's environment, the
  host's disks and DMI visible through /sys, an eth0 that is a veth (no device).
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


class Tree:
    def __init__(self, name):
        self.root = os.path.join(HERE, name)
        if os.path.exists(self.root):
            for d, _, _ in os.walk(self.root):
                os.chmod(d, 0o755)
            shutil.rmtree(self.root)
        os.makedirs(self.root)

    def w(self, path, content):
        """A file at an absolute path of the machine (/sys/..., /proc/...); single values end with a newline."""
        p = self.root + path
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(content if content.endswith("\n") or content == "" else content + "\n")

    def wb(self, path, content):
        p = self.root + path
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(content)

    def ln(self, path, target):
        """A symlink at path to the absolute target, written relative as sysfs writes it."""
        p = self.root + path
        os.makedirs(os.path.dirname(p), exist_ok=True)
        os.symlink(os.path.relpath(target, os.path.dirname(path)), p)

    def d(self, path):
        os.makedirs(self.root + path, exist_ok=True)

    def attrs(self, path, values):
        for k, v in values.items():
            self.w(path + "/" + k, str(v))


# ---- CPU ---------------------------------------------------------------------------------------------------

def cpuinfo(t, cpus, vendor, family, model, stepping, name, flags, siblings, cores, mhz, cache, bogomips, bugs):
    """cpus: list of (processor, physical id, core id, apicid)."""
    blocks = []
    for n, pkg, core, apic in cpus:
        blocks.append("\n".join([
            "processor\t: %d" % n, "vendor_id\t: %s" % vendor, "cpu family\t: %d" % family, "model\t\t: %d" % model,
            "model name\t: %s" % name, "stepping\t: %d" % stepping, "microcode\t: 0x2006e05", "cpu MHz\t\t: %s" % mhz,
            "cache size\t: %s" % cache, "physical id\t: %d" % pkg, "siblings\t: %d" % siblings, "core id\t\t: %d" % core,
            "cpu cores\t: %d" % cores, "apicid\t\t: %d" % apic, "initial apicid\t: %d" % apic, "fpu\t\t: yes",
            "fpu_exception\t: yes", "cpuid level\t: 22", "wp\t\t: yes", "flags\t\t: %s" % flags, "bugs\t\t: %s" % bugs,
            "bogomips\t: %s" % bogomips, "clflush size\t: 64", "cache_alignment\t: 64",
            "address sizes\t: 46 bits physical, 48 bits virtual", "power management:", ""]))
    t.w("/proc/cpuinfo", "\n".join(blocks))


def topology(t, cpus, with_siblings=True):
    """cpus: list of (cpu, package, core); siblings are the CPUs of the same (package, core)."""
    t.w("/sys/devices/system/cpu/online", "0-%d" % (len(cpus) - 1))
    t.w("/sys/devices/system/cpu/possible", "0-%d" % (len(cpus) - 1))
    t.w("/sys/devices/system/cpu/present", "0-%d" % (len(cpus) - 1))
    for n, pkg, core in cpus:
        sib = [c for c, p, k in cpus if p == pkg and k == core]
        base = "/sys/devices/system/cpu/cpu%d/topology" % n
        t.attrs(base, {"physical_package_id": pkg, "die_id": 0, "core_id": core})
        if with_siblings:
            t.w(base + "/thread_siblings_list", ",".join(str(c) for c in sib))
            t.w(base + "/core_siblings_list", ",".join(str(c) for c, p, _ in cpus if p == pkg))


def dmi(t, values):
    for k, v in values.items():
        t.w("/sys/devices/virtual/dmi/id/" + k, v)
    t.ln("/sys/class/dmi/id", "/sys/devices/virtual/dmi/id")


def clocksource(t, available, current):
    t.w("/sys/devices/system/clocksource/clocksource0/available_clocksource", available)
    t.w("/sys/devices/system/clocksource/clocksource0/current_clocksource", current)


def crypto(t, entries):
    """entries: (name, driver, module, priority, type); the kernel ends every entry with an empty line."""
    out = []
    for name, driver, module, prio, typ in entries:
        out.append("name         : %s\ndriver       : %s\nmodule       : %s\npriority     : %d\nrefcnt       : 1\n"
                   "selftest     : passed\ninternal     : no\ntype         : %s\n" % (name, driver, module, prio, typ))
    t.w("/proc/crypto", "\n".join(out) + "\n")


def meminfo(t, kb):
    t.w("/proc/meminfo", "MemTotal:       %d kB\nMemFree:        %d kB\nMemAvailable:   %d kB\n" % (kb, kb // 2, kb * 3 // 4))


# ---- PCI, SCSI, block --------------------------------------------------------------------------------------

def pci(t, path, vendor, device, sub_vendor, sub_device, cls, driver):
    t.attrs(path, {"vendor": "0x" + vendor, "device": "0x" + device, "subsystem_vendor": "0x" + sub_vendor,
                   "subsystem_device": "0x" + sub_device, "class": "0x" + cls, "numa_node": "0"})
    if driver:
        t.ln(path + "/driver", "/sys/bus/pci/drivers/" + driver)
    t.ln(path + "/subsystem", "/sys/bus/pci")
    t.ln("/sys/bus/pci/devices/" + os.path.basename(path), path)


def block(t, dev_dir, name, major_minor, sectors, q, hw_queues, parts=(), device_link=None):
    """A whole disk's directory under its device: dev, size, queue/, mq/, partitions; and /sys/block/name."""
    b = dev_dir + "/block/" + name if device_link is None else dev_dir + "/" + name
    t.attrs(b, {"dev": major_minor, "size": sectors, "removable": 0, "ro": 0})
    t.attrs(b + "/queue", q)
    for i in range(hw_queues):
        t.w(b + "/mq/%d/nr_tags" % i, str(q.get("nr_requests", 64)))
    major, minor = major_minor.split(":")
    for i, (start, size) in enumerate(parts, 1):
        pn = name + ("p%d" % i if name[-1].isdigit() else "%d" % i)
        t.attrs(b + "/" + pn, {"start": start, "size": size, "partition": i, "alignment_offset": 0,
                               "dev": "%s:%d" % (major, int(minor) + i)})
        t.ln(b + "/" + pn + "/subsystem", "/sys/class/block")
    t.ln(b + "/device", device_link or dev_dir)
    t.ln(b + "/subsystem", "/sys/class/block")
    t.ln("/sys/block/" + name, b)
    t.ln("/sys/class/block/" + name, b)


def queue(lbs, pbs, rotational, discard_max, nr_requests, scheduler, max_sectors_kb=1280, write_cache="write back"):
    return {"logical_block_size": lbs, "physical_block_size": pbs, "hw_sector_size": lbs, "minimum_io_size": pbs,
            "optimal_io_size": 0, "discard_granularity": pbs if discard_max else 0, "discard_max_bytes": discard_max,
            "discard_max_hw_bytes": discard_max, "rotational": rotational, "nr_requests": nr_requests,
            "scheduler": scheduler, "write_cache": write_cache, "max_sectors_kb": max_sectors_kb}


def scsi_disk(t, parent, host, name, major_minor, proc_name, can_queue, vendor, model, rev, sectors, q, queue_depth,
              parts=(), hw_queues=1, provisioning="full"):
    """parent/hostH/targetH:0:0/H:0:0:0/block/name, with the scsi_host class entry the readers look up."""
    h = "%s/host%d" % (parent, host)
    t.ln(h + "/subsystem", "/sys/bus/scsi")
    t.attrs(h + "/scsi_host/host%d" % host, {"proc_name": proc_name, "can_queue": can_queue, "nr_hw_queues": 1,
                                             "cmd_per_lun": 0, "state": "running"})
    t.ln(h + "/scsi_host/host%d/subsystem" % host, "/sys/class/scsi_host")
    t.ln("/sys/class/scsi_host/host%d" % host, h + "/scsi_host/host%d" % host)
    tg = "%s/target%d:0:0" % (h, host)
    t.ln(tg + "/subsystem", "/sys/bus/scsi")
    sd = "%s/%d:0:0:0" % (tg, host)
    t.attrs(sd, {"vendor": vendor, "model": model, "rev": rev, "queue_depth": queue_depth, "type": 0,
                 "state": "running", "scsi_level": 6})
    t.ln(sd + "/driver", "/sys/bus/scsi/drivers/sd")
    t.ln(sd + "/subsystem", "/sys/bus/scsi")
    t.w(sd + "/scsi_disk/%d:0:0:0/provisioning_mode" % host, provisioning)
    t.ln(sd + "/scsi_disk/%d:0:0:0/subsystem" % host, "/sys/class/scsi_disk")
    block(t, sd, name, major_minor, sectors, q, hw_queues, parts)


def ata_disk(t, pci_path, port, host, name, major_minor, model, rev, sectors, q, parts=()):
    """libata: every port is an ataN device under the controller's PCI function, its SCSI host below it."""
    a = "%s/ata%d" % (pci_path, port)
    t.attrs(a + "/ata_port/ata%d" % port, {"nr_pmp_links": 0, "port_no": port})
    scsi_disk(t, a, host, name, major_minor, "ahci", 32, "ATA", model, rev, sectors, q, 32, parts)


def nvme_controller(t, pci_path, ctrl, model, serial, fw, queues):
    c = pci_path + "/nvme/" + ctrl
    t.attrs(c, {"model": model, "serial": serial, "firmware_rev": fw, "transport": "pcie", "state": "live",
                "queue_count": queues + 1})
    t.ln(c + "/device", pci_path)
    t.ln(c + "/subsystem", "/sys/class/nvme")
    t.ln("/sys/class/nvme/" + ctrl, c)
    return c


def mountinfo(t, lines):
    t.w("/proc/self/mountinfo", "\n".join(lines))


def kmsg(t, lines):
    t.w("/dev/kmsg", "\n".join(lines))


def net(t, name, pci_path, driver, operstate="up"):
    n = pci_path + "/net/" + name
    t.attrs(n, {"operstate": operstate, "mtu": 1500, "type": 1})
    t.ln(n + "/device", pci_path)
    t.ln(n + "/subsystem", "/sys/class/net")
    t.ln("/sys/class/net/" + name, n)


def virtual_net(t, name, operstate="up"):
    n = "/sys/devices/virtual/net/" + name
    t.attrs(n, {"operstate": operstate, "mtu": 1500, "type": 1})
    t.ln(n + "/subsystem", "/sys/class/net")
    t.ln("/sys/class/net/" + name, n)


SKYLAKE_SP = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 "
              "ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology "
              "nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr "
              "pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm "
              "3dnowprefetch cpuid_fault epb cat_l3 cdp_l3 invpcid_single pti intel_ppin ssbd mba ibrs ibpb stibp "
              "tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm "
              "cqm mpx rdt_a avx512f avx512dq rdseed adx smap clflushopt clwb intel_pt avx512cd avx512bw avx512vl "
              "xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local dtherm ida arat pln pts "
              "pku ospke md_clear flush_l1d arch_capabilities")
TIGER_LAKE = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 "
              "ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology "
              "nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx est tm2 ssse3 sdbg "
              "fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand "
              "lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l2 invpcid_single cdp_l2 ssbd ibrs ibpb stibp "
              "ibrs_enhanced tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms "
              "invpcid rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb intel_pt avx512cd sha_ni "
              "avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves split_lock_detect dtherm ida arat pln pts hwp "
              "hwp_notify hwp_act_window hwp_epp hwp_pkg_req avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes "
              "vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid movdiri movdir64b fsrm avx512_vp2intersect "
              "md_clear ibt flush_l1d arch_capabilities")
ZEN3 = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx "
        "mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni "
        "pclmulqdq monitor ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm "
        "cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext "
        "perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 invpcid_single hw_pstate ssbd mba ibrs "
        "ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 invpcid cqm rdt_a rdseed adx smap clflushopt clwb sha_ni "
        "xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr "
        "rdpru wbnoinvd amd_ppin brs arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists "
        "pausefilter pfthreshold v_vmsave_vmload vgif v_spec_ctrl umip pku ospke vaes vpclmulqdq rdpid overflow_recov "
        "succor smca")

INTEL_CRYPTO = [("crc32c", "crc32c-generic", "kernel", 100, "shash"), ("aes", "aes-generic", "kernel", 100, "cipher"),
                ("aes", "aes-aesni", "aesni_intel", 300, "cipher"), ("crc32c", "crc32c-intel", "crc32c_intel", 200, "shash")]


def server():
    t = Tree("host-server")
    # Linux numbers the first thread of every core first, socket by socket, then the second threads
    cores = [0, 1, 2, 3, 4, 8, 9, 10]  # Skylake-SP core ids have gaps where the die's disabled cores are
    cpus = []
    for thread in range(2):
        for pkg in range(2):
            for i, core in enumerate(cores):
                cpus.append((len(cpus), pkg, core, pkg * 32 + core * 2 + thread))
    cpuinfo(t, cpus, "GenuineIntel", 6, 85, 4, "Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz", SKYLAKE_SP, 16, 8,
            "2100.000", "11264 KB", "4200.00", "cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs taa itlb_multihit mmio_stale_data retbleed")
    topology(t, [(n, p, c) for n, p, c, _ in cpus])
    dmi(t, {"sys_vendor": "Dell Inc.", "product_name": "PowerEdge R740", "product_family": "PowerEdge",
            "bios_vendor": "Dell Inc.", "bios_version": "2.12.2", "board_vendor": "Dell Inc.", "board_name": "06WXJT",
            "chassis_vendor": "Dell Inc."})
    clocksource(t, "tsc hpet acpi_pm", "tsc")
    crypto(t, INTEL_CRYPTO)
    meminfo(t, 131661288)
    t.w("/proc/sys/kernel/numa_balancing", "1")
    # node directories with cpumap (the hex mask, 32 bits a group) and no cpulist: the shape the NUMA reader must survive
    for node in range(2):
        mask = sum(1 << n for n, p, _, _ in cpus if p == node)
        nd = "/sys/devices/system/node/node%d" % node
        t.w(nd + "/cpumap", "%08x" % mask)
        t.w(nd + "/distance", "10 21" if node == 0 else "21 10")
        t.w(nd + "/meminfo", "Node %d MemTotal:       65830644 kB\nNode %d MemFree:        40120044 kB\n" % (node, node))
    t.w("/sys/devices/system/node/online", "0-1")
    t.w("/sys/devices/system/node/possible", "0-1")
    # C620 series chipset SATA controller in AHCI mode, Dell's subsystem id
    sata = "/sys/devices/pci0000:00/0000:00:17.0"
    pci(t, sata, "8086", "a182", "1028", "0716", "010601", "ahci")
    # a 512e HDD: 4 KiB physical sectors behind 512-byte logical ones; its partition starts at sector 63 (an old
    # MBR layout copied over), so every 4 KiB write straddles two physical sectors
    ata_disk(t, sata, 1, 1, "sda", "8:0", "ST2000NM0055-1V4104", "SN05", 3907029168,
             queue(512, 4096, 1, 0, 64, "mq-deadline none"), parts=[(63, 3907028992)])
    ata_disk(t, sata, 2, 2, "sdb", "8:16", "SAMSUNG MZ7LH480HAHQ-00005", "HXT7404Q", 937703088,
             queue(512, 4096, 0, 2147450880, 64, "none mq-deadline"), parts=[(2048, 1048576), (1050624, 936652464)])
    # two archive HDDs for an md RAID1; sdd died and the kernel dropped it: the array runs on sdc alone
    ata_disk(t, sata, 3, 3, "sdc", "8:32", "ST4000NM0035-1V4107", "TNC3", 7814037168,
             queue(512, 4096, 1, 0, 64, "mq-deadline none"))
    t.w(sata + "/ata3/host3/target3:0:0/3:0:0:0/wwid", "t10.ATA     ST4000NM0035-1V4107                     ZC1A2B3C")
    md = "/sys/devices/virtual/block/md0"
    t.attrs(md, {"dev": "9:0", "size": 7813771264, "removable": 0, "ro": 0})
    t.attrs(md + "/md", {"level": "raid1", "array_state": "clean", "raid_disks": 2, "degraded": 1, "sync_action": "idle",
                         "sync_completed": "none", "last_sync_action": "check", "mismatch_cnt": 0, "metadata_version": "1.2"})
    t.attrs(md + "/md/dev-sdc", {"state": "in_sync", "slot": 0, "errors": 0})
    t.ln("/sys/block/md0", md)
    t.w("/proc/mdstat", "Personalities : [raid1] [linear] [multipath] [raid0] [raid6] [raid5] [raid4] [raid10] \n"
        "md0 : active raid1 sdc[0]\n      3906885632 blocks super 1.2 [2/1] [U_]\n      bitmap: 2/30 pages [8KB], 65536KB chunk\n\n"
        "unused devices: <none>\n")
    # three 4 TB HDDs in one btrfs: data raid5, metadata and system raid1, allocated to the last GiBs. On 5.4 the
    # kernel has allocation/ (per profile too) but no devinfo/ and no checksum file. disk_total is the logical size
    # times ncopies, which is 1 for raid5: parity is left out, so it alone would show 3.6 TiB unallocated
    fsid = "5d0c7a3e-9b1f-4c2e-8a6d-2f4e1b7c9a05"
    fsd = "/sys/fs/btrfs/" + fsid
    for port, name, mm in [(4, "sde", "8:64"), (5, "sdf", "8:80"), (6, "sdg", "8:96")]:
        ata_disk(t, sata, port, port, name, mm, "ST4000NM0035-1V4107", "TNC3", 7814037168,
                 queue(512, 4096, 1, 0, 64, "mq-deadline none"))
        t.w("%s/ata%d/host%d/target%d:0:0/%d:0:0:0/wwid" % (sata, port, port, port, port),
            "t10.ATA     ST4000NM0035-1V4107                     ZC1A2B%02d" % port)
        t.ln(fsd + "/devices/" + name, "%s/ata%d/host%d/target%d:0:0/%d:0:0:0/block/%s" % (sata, port, port, port, port, name))
    gib = 1 << 30
    def alloc(kind, profile, ncopies, total, used):
        a = fsd + "/allocation/" + kind
        t.attrs(a, {"total_bytes": total, "bytes_used": used, "disk_total": total * ncopies, "disk_used": used * ncopies})
        t.attrs(a + "/" + profile, {"total_bytes": total, "used_bytes": used})
    # 7419.67 GiB of raid5 data is 11129.5 GiB raw: with metadata and system, 513 MiB of the 11178 GiB stay unallocated
    alloc("data", "raid5", 1, 7966810963968, 7100 * gib)
    alloc("metadata", "raid1", 2, 24 * gib, 23 * gib)
    alloc("system", "raid1", 2, 32 << 20, 1 << 20)
    t.attrs(fsd, {"label": "media", "nodesize": 16384, "sectorsize": 4096})
    t.w(fsd + "/allocation/global_rsv_size", str(512 << 20))
    for f in ["extended_iref", "mixed_backref", "no_holes", "raid56", "skinny_metadata"]:
        t.w(fsd + "/features/" + f, "0x0")
    # Samsung PM983 behind a root port, no NVMe multipath: the namespace sits under its controller
    port = "/sys/devices/pci0000:3a/0000:3a:00.0"
    pci(t, port, "8086", "2030", "1028", "0000", "060400", "pcieport")
    nv = port + "/0000:3b:00.0"
    pci(t, nv, "144d", "a808", "144d", "a801", "010802", "nvme")
    c = nvme_controller(t, nv, "nvme0", "SAMSUNG MZ1LB960HAJQ-00007", "S435NA0M512345", "EDA7602Q", 32)
    block(t, c, "nvme0n1", "259:0", 1875385008, queue(512, 512, 0, 2199023255040, 1023, "[none] mq-deadline", 128), 32,
          parts=[(2048, 1875382960)], device_link=c)
    # a ZFS zvol: a block device of the host's own making, /sys/devices/virtual/block
    zd = "/sys/devices/virtual/block/zd0"
    t.attrs(zd, {"dev": "230:0", "size": 67108864, "removable": 0, "ro": 0})
    t.attrs(zd + "/queue", queue(512, 8192, 0, 0, 128, "none"))
    t.ln("/sys/block/zd0", zd)
    # BCM5720 LOMs in a bond: the bonding driver's control file sits among the interfaces
    for fn, name in [("0000:19:00.0", "eno1"), ("0000:19:00.1", "eno2")]:
        p = "/sys/devices/pci0000:17/0000:17:00.0/" + fn
        pci(t, p, "14e4", "165f", "1028", "08fd", "020000", "tg3")
        net(t, name, p, "tg3")
    t.w("/sys/class/net/bonding_masters", "bond0")
    virtual_net(t, "bond0")
    virtual_net(t, "vmbr0")
    virtual_net(t, "lo", "unknown")
    mountinfo(t, ["22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
                  "23 1 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
                  "26 1 8:18 / / rw,relatime shared:1 - ext4 /dev/sdb2 rw,errors=remount-ro",
                  "27 26 8:1 / /srv/backup rw,relatime shared:30 - ext4 /dev/sda1 rw",
                  "29 26 9:0 / /srv/archive rw,relatime shared:32 - ext4 /dev/md0 rw,stripe=256",
                  "30 26 0:45 / /srv/media rw,noatime shared:33 - btrfs /dev/sde rw,space_cache,subvolid=5,subvol=/",
                  "28 26 259:1 / /var/lib/vz rw,relatime shared:31 - xfs /dev/nvme0n1p1 rw,attr2,inode64,logbufs=8,logbsize=32k,noquota"])
    t.w("/etc/systemd/system/timers.target.wants/fstrim.timer", "")
    t.w("/proc/version", "Linux version 5.4.203-1-pve (build@proxmox) (gcc version 8.3.0 (Debian 8.3.0-6)) #1 SMP PVE 5.4.203-1 (Fri, 26 Aug 2022 14:43:35 +0200)")
    kmsg(t, ["[    0.000000] Linux version 5.4.203-1-pve (build@proxmox) (gcc version 8.3.0 (Debian 8.3.0-6)) #1 SMP PVE 5.4.203-1 (Fri, 26 Aug 2022 14:43:35 +0200)",
             "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-5.4.203-1-pve root=/dev/sdb2 ro quiet",
             "[    0.000000] DMI: Dell Inc. PowerEdge R740/06WXJT, BIOS 2.12.2 07/09/2021",
             "[    0.000000] tsc: Detected 2100.000 MHz processor",
             "[    0.512000] smpboot: CPU0: Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz (family: 0x6, model: 0x55, stepping: 0x4)",
             "[    2.104000] ahci 0000:00:17.0: AHCI 0001.0301 32 slots 6 ports 6 Gbps 0x3f impl SATA mode",
             "[    2.981000] nvme nvme0: 32/0/0 default/read/poll queues",
             "[    6.002000] bond0: (slave eno1): Enslaving as a backup interface with an up link",
             "[    7.120000] BTRFS: device label media devid 1 transid 88231 /dev/sde",
             "[    7.121000] BTRFS: device label media devid 2 transid 88231 /dev/sdf",
             "[    7.122000] BTRFS: device label media devid 3 transid 88231 /dev/sdg",
             "[    7.310000] md/raid1:md0: active with 1 out of 2 mirrors",
             "[    7.311000] md0: detected capacity change from 0 to 8001301774336"])


def laptop():
    t = Tree("host-laptop")
    cpus = []
    for thread in range(2):
        for core in range(4):
            cpus.append((len(cpus), 0, core, core * 2 + thread))
    cpuinfo(t, cpus, "GenuineIntel", 6, 140, 1, "11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz", TIGER_LAKE, 8, 4,
            "1200.000", "12288 KB", "5606.40", "spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb gds")
    # topology without thread_siblings_list: the threads per core are in cpuinfo's siblings / cpu cores
    topology(t, [(n, p, c) for n, p, c, _ in cpus], with_siblings=False)
    dmi(t, {"sys_vendor": "LENOVO", "product_name": "20W000T9GE", "product_version": "ThinkPad T14 Gen 2i",
            "product_family": "ThinkPad T14 Gen 2i", "bios_vendor": "LENOVO", "bios_version": "N34ET59W (1.59 )",
            "board_vendor": "LENOVO", "board_name": "20W000T9GE", "chassis_vendor": "LENOVO"})
    clocksource(t, "tsc hpet acpi_pm", "tsc")
    crypto(t, INTEL_CRYPTO)
    meminfo(t, 32568236)
    # PM9A1 under NVMe multipath (on by default): the namespace's parent is its subsystem, which links to the controller
    port = "/sys/devices/pci0000:00/0000:00:06.0"
    pci(t, port, "8086", "9a09", "17aa", "22d8", "060400", "pcieport")
    nv = port + "/0000:02:00.0"
    pci(t, nv, "144d", "a80a", "144d", "a801", "010802", "nvme")
    c = nvme_controller(t, nv, "nvme0", "SAMSUNG MZVL21T0HCLR-00BL7", "S64PNX0T123456", "GXB7801Q", 8)
    sub = "/sys/devices/virtual/nvme-subsystem/nvme-subsys0"
    t.attrs(sub, {"model": "SAMSUNG MZVL21T0HCLR-00BL7", "serial": "S64PNX0T123456", "firmware_rev": "GXB7801Q",
                  "iopolicy": "numa", "subsysnqn": "nqn.1994-11.com.samsung:nvme:PM9A1:M.2:S64PNX0T123456"})
    t.ln(sub + "/subsystem", "/sys/class/nvme-subsystem")
    t.ln(sub + "/nvme0", c)
    t.ln(c + "/nvme-subsys0", sub)
    t.attrs(c + "/nvme0c0n1", {"dev": "0:0", "size": 2000409264})  # the hidden per-path disk: no /sys/block entry
    block(t, sub, "nvme0n1", "259:0", 2000409264, queue(512, 512, 0, 2199023255040, 1023, "[none] mq-deadline", 128), 8,
          parts=[(2048, 532480), (534528, 1999874703)], device_link=sub)
    for name, dev, size in [("zram0", "252:0", 16777216), ("loop0", "7:0", 131072)]:
        v = "/sys/devices/virtual/block/" + name
        t.attrs(v, {"dev": dev, "size": size, "removable": 0, "ro": 0})
        t.attrs(v + "/queue", queue(4096, 4096, 0, 4096 if name == "zram0" else 0, 128, "none"))
        t.ln("/sys/block/" + name, v)
    # scsi_debug (modprobe scsi_debug): an 8 MiB disk in memory, under the pseudo bus's root device pseudo_0
    adapter = "/sys/devices/pseudo_0/adapter0"
    t.ln(adapter + "/driver", "/sys/bus/pseudo/drivers/sdebug")
    t.ln(adapter + "/subsystem", "/sys/bus/pseudo")
    scsi_disk(t, adapter, 2, "sda", "8:0", "scsi_debug", 4096, "Linux", "scsi_debug", "0191", 16384,
              queue(512, 512, 0, 0, 64, "[mq-deadline] none", 512), 1)
    # I219-LM (e1000e) and AX201 (iwlwifi): real cards whose drivers QEMU's models share
    eth = "/sys/devices/pci0000:00/0000:00:1f.6"
    pci(t, eth, "8086", "15fc", "17aa", "22d8", "020000", "e1000e")
    net(t, "enp0s31f6", eth, "e1000e", "down")
    wifi = "/sys/devices/pci0000:00/0000:00:14.3"
    pci(t, wifi, "8086", "a0f0", "8086", "0244", "028000", "iwlwifi")
    net(t, "wlp0s20f3", wifi, "iwlwifi")
    virtual_net(t, "lo", "unknown")
    mountinfo(t, ["22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
                  "23 1 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
                  "26 1 259:2 /@ / rw,noatime shared:1 - btrfs /dev/nvme0n1p2 rw,ssd,discard=async,space_cache=v2,subvolid=256,subvol=/@",
                  "27 26 259:1 / /boot/efi rw,relatime shared:30 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii"])
    t.w("/proc/version", "Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)")
    kmsg(t, ["[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)",
             "[    0.000000] DMI: LENOVO 20W000T9GE/20W000T9GE, BIOS N34ET59W (1.59 ) 05/11/2023",
             "[    0.000000] tsc: Detected 2800.000 MHz processor",
             "[    1.402000] nvme nvme0: 8/0/0 default/read/poll queues",
             "[   95.113000] scsi_debug:sdebug_driver_probe: scsi_debug: trim poll_queues to 0. poll_q/nr_hw = (0/1)",
             "[   95.114000] scsi host2: scsi_debug: version 0191 [20210520]"])


def lxc():
    t = Tree("host-lxc")
    # lxcfs shows the container its own share of the host's CPUs in /proc/cpuinfo; /sys is the host's
    cpus = [(n, 0, n, n) for n in range(2)]
    cpuinfo(t, cpus, "AuthenticAMD", 25, 1, 1, "AMD EPYC 7313P 16-Core Processor", ZEN3, 32, 16,
            "3000.000", "512 KB", "5999.98", "sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass srso")
    topology(t, [(n, 0, n % 16) for n in range(32)])
    dmi(t, {"sys_vendor": "Supermicro", "product_name": "AS -1114S-WN10RT", "bios_vendor": "American Megatrends Inc.",
            "bios_version": "2.4", "board_vendor": "Supermicro", "board_name": "H12SSW-NTR", "chassis_vendor": "Supermicro"})
    clocksource(t, "tsc hpet acpi_pm", "tsc")
    meminfo(t, 4194304)
    t.w("/sys/devices/system/node/node0/cpulist", "0-31")
    t.w("/sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:       263921820 kB\n")
    # LXC starts the container's init with container=lxc (the container interface), so PID 1's environment says so
    t.wb("/proc/1/environ", b"container=lxc\0PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\0TERM=linux\0")
    # the host's NVMe pool disks and a zvol, seen through the host's /sys
    for i, fn in enumerate(["0000:41:00.0", "0000:42:00.0"]):
        nv = "/sys/devices/pci0000:40/0000:40:01.%d/%s" % (i + 1, fn)
        pci(t, nv, "144d", "a824", "144d", "a809", "010802", "nvme")
        c = nvme_controller(t, nv, "nvme%d" % i, "SAMSUNG MZQL21T9HCJR-00A07", "S64GNE0R60%04d" % i, "GDC5302Q", 32)
        block(t, c, "nvme%dn1" % i, "259:%d" % (i * 3), 3750748848, queue(512, 512, 0, 2199023255040, 1023, "[none] mq-deadline", 128),
              32, parts=[(2048, 3750746800)], device_link=c)
    zd = "/sys/devices/virtual/block/zd16"
    t.attrs(zd, {"dev": "230:16", "size": 16777216, "removable": 0, "ro": 0})
    t.attrs(zd + "/queue", queue(512, 16384, 0, 0, 128, "none"))
    t.ln("/sys/block/zd16", zd)
    virtual_net(t, "eth0")
    virtual_net(t, "lo", "unknown")
    mountinfo(t, ["1021 1020 0:62 /subvol-101-disk-0 / rw,relatime shared:533 - zfs rpool/data/subvol-101-disk-0 rw,xattr,posixacl,casesensitive",
                  "1022 1021 0:67 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw",
                  "1023 1021 0:68 / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro"])
    t.w("/proc/version", "Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)")


if __name__ == "__main__":
    server()
    laptop()
    lxc()
    print("wrote host-server, host-laptop, host-lxc under " + HERE)
