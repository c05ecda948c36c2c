package org.guestdiag.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.check.cpu.X86Level;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;

/** What the findings say, on the captures whose hardware makes the point. */
class CheckDetailsTest {
    private static Finding find(Diagnosis d, String id, String subject) {
        return d.findings().stream().filter(f -> f.id().equals(id) && f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " " + subject + " in " + Fixtures.ids(d.findings())));
    }

    private static String evidence(Finding f, String source) {
        return f.evidence().stream().filter(e -> e.source().equals(source)).map(Evidence::value).findFirst()
                .orElseThrow(() -> new AssertionError("no evidence " + source + " in " + f.evidence()));
    }

    @Test
    void tcgIsToldFromTheBootLogAndTheModel() {
        Finding f = find(Fixtures.diagnose("cpu-kvm64"), "hypervisor.tcg", "vm");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        // kvm64 under TCG: the model name does not say TCG, the boot log's silence does
        assertThat(evidence(f, "/dev/kmsg")).contains("no 'Hypervisor detected'");
        assertThat(f.remedy().proxmox()).contains("--kvm 1");
        assertThat(f.remedy().qemu()).contains("-accel kvm");
    }

    @Test
    void kvm64HidesTheExtensionsStorageNeeds() {
        Diagnosis d = Fixtures.diagnose("cpu-kvm64");
        Finding generic = find(d, "cpu.generic-model", "cpu");
        assertThat(generic.summary()).contains("Common KVM processor").contains("sse4_2").contains("aes");
        assertThat(generic.remedy().proxmox()).contains("--cpu host");
        assertThat(generic.why()).contains("live migration");
        Finding missing = find(d, "cpu.missing-features", "cpu");
        assertThat(evidence(missing, "/proc/cpuinfo flags")).contains("sse4_2").contains("aes").contains("pclmulqdq");
        assertThat(find(d, "cpu.x86-64-level", "cpu").summary()).contains("x86-64-v1");
    }

    @Test
    void proxmoxBaselineModelIsToldWhatItHasAndWhatItHides() {
        // qemu64 with +aes,+popcnt,+pni,+sse4.1,+sse4.2,+ssse3: Proxmox's x86-64-v2-AES, booted in the lab
        Diagnosis d = Fixtures.diagnose("cpu-x86-64-v2-aes");
        Finding generic = find(d, "cpu.generic-model", "cpu");
        assertThat(generic.summary()).isEqualTo("Generic CPU model 'QEMU Virtual CPU version 2.5+' raised to x86-64-v2 with AES: "
                + "hides pclmulqdq, avx, avx2, sha_ni");
        assertThat(generic.why()).contains("already gives SSE4.2").doesNotContain("loses the host's");
        // not the advice to take what it already has
        assertThat(generic.remedy().proxmox()).contains("--cpu host").contains("x86-64-v3").doesNotContain("x86-64-v2-AES");
        Finding missing = find(d, "cpu.missing-features", "cpu");
        assertThat(missing.summary()).isEqualTo("The guest CPU lacks pclmulqdq: GHASH (AES-GCM) run in software");
        assertThat(missing.remedy().proxmox()).contains("+pclmulqdq").doesNotContain("x86-64-v2-AES)");
        assertThat(Fixtures.ids(d.findings())).doesNotContain("cpu.x86-64-level cpu");
        assertThat(find(d, "cpu.level", "cpu").summary()).startsWith("x86-64-v2");
    }

    @Test
    void proxmoxV3BaselineIsRaisedToV3AndStillHidesPclmulqdq(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // Proxmox's x86-64-v3 is qemu64 with the v2 and v3 flags and AES added; this QEMU's TCG boots no guest with AVX,
        // so the v2 capture gets the flags the v3 type adds
        java.nio.file.Path root = Fixtures.copy("cpu-x86-64-v2-aes", tmp);
        java.nio.file.Path cpuinfo = root.resolve("proc/cpuinfo");
        java.nio.file.Files.writeString(cpuinfo, java.nio.file.Files.readString(cpuinfo)
                .replaceAll("(?m)^(flags\\s*:.*)$", "$1 avx avx2 bmi1 bmi2 f16c fma abm movbe xsave"));
        Diagnosis d = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        Finding generic = find(d, "cpu.generic-model", "cpu");
        assertThat(generic.summary()).isEqualTo("Generic CPU model 'QEMU Virtual CPU version 2.5+' raised to x86-64-v3 with AES: hides pclmulqdq, sha_ni");
        assertThat(generic.remedy().proxmox()).contains("--cpu host").doesNotContain("--cpu x86-64-v3");
        assertThat(find(d, "cpu.missing-features", "cpu").summary()).isEqualTo("The guest CPU lacks pclmulqdq: GHASH (AES-GCM) run in software");
        assertThat(find(d, "cpu.level", "cpu").summary()).isEqualTo("x86-64-v3; not offered: sha_ni, rdrand");
        assertThat(Fixtures.ids(d.findings())).doesNotContain("cpu.x86-64-level cpu");
    }

    @Test
    void smtRequestedButNotSeenIsOneThreadPerCore() {
        Finding f = find(Fixtures.diagnose("cpu-max-smt"), "cpu.topology", "cpu");
        assertThat(f.summary()).isEqualTo("4 vCPUs as 1 socket × 4 cores × 1 thread");
        assertThat(find(Fixtures.diagnose("cpu-intel-smt"), "cpu.topology", "cpu").summary()).endsWith("× 2 threads");
    }

    @Test
    void ideDiskIsEmulatedWithQueueDepthOne() {
        Diagnosis d = Fixtures.diagnose("ide-piix");
        Finding bus = find(d, "disk.emulated-bus", "sda");
        assertThat(bus.summary()).contains("IDE (ata_piix)");
        assertThat(evidence(bus, "/sys/class/scsi_host/host0/proc_name")).isEqualTo("ata_piix");
        assertThat(bus.remedy().proxmox()).contains("virtio-scsi-single");
        assertThat(evidence(find(d, "disk.queue-depth", "sda"), "/sys/block/sda/device/queue_depth")).isEqualTo("1");
        assertThat(find(d, "smart.not-visible", "sda").summary()).contains("emulated QEMU disk");
    }

    @Test
    void sharedControllerNamesItsDisksAndSingleHasNone() {
        Finding f = find(Fixtures.diagnose("virtio-scsi-shared"), "disk.shared-controller", "0000:00:02.0");
        assertThat(f.summary()).contains("sda, sdb");
        assertThat(f.why()).contains("read-only");
        assertThat(Fixtures.ids(Fixtures.diagnose("virtio-scsi-single").findings())).noneMatch(s -> s.startsWith("disk.shared-controller"));
        assertThat(Fixtures.ids(Fixtures.diagnose("pve-recommended").findings())).noneMatch(s -> s.startsWith("disk.shared-controller"));
    }

    @Test
    void virtioBlkCannotShowSmart() {
        Finding f = find(Fixtures.diagnose("virtio-blk"), "smart.not-visible", "vda");
        assertThat(f.summary()).contains("virtio_blk");
        assertThat(f.remedy().proxmox()).contains("scsi").contains("smartd");
    }

    @Test
    void discardIsJudgedPerDisk() {
        Diagnosis d = Fixtures.diagnose("discard");
        Finding f = find(d, "disk.no-discard", "vdc");
        assertThat(evidence(f, "/sys/block/vdc/queue/discard_max_bytes")).isEqualTo("0");
        assertThat(f.remedy().proxmox()).contains("discard=on");
        assertThat(Fixtures.at(d, Severity.WARNING)).noneMatch(s -> s.startsWith("disk.no-discard vd") && !s.endsWith("vdc"));
    }

    @Test
    void numaLayoutAndSingleNodeAdvice() {
        Finding layout = find(Fixtures.diagnose("numa2"), "numa.layout", "numa");
        assertThat(layout.summary()).isEqualTo("2 NUMA nodes for 2 sockets");
        assertThat(evidence(layout, "/sys/devices/system/node/node1")).contains("cpus 2-3");
        Finding single = find(Fixtures.diagnose("cpu-sockets"), "numa.single-node", "numa");
        assertThat(single.remedy().proxmox()).contains("--numa 1");
    }

    @Test
    void accelerationSaysWhenTheCpuHasTheInstructionButTheKernelComputesInSoftware() {
        // TCG's max model offers AES-NI; the lab's guest kernel has no aesni_intel module to load
        assertThat(find(Fixtures.diagnose("smt-numa"), "cpu.acceleration", "cpu").summary())
                .isEqualTo("The kernel uses aes by aes-generic (the CPU has AES-NI but aesni_intel is not loaded)");
        // qemu64 offers no AES-NI: software is all there is
        assertThat(find(Fixtures.diagnose("cpu-qemu64"), "cpu.acceleration", "cpu").summary()).isEqualTo("The kernel uses aes by aes-generic");
    }

    @Test
    void theFixedTimeAesIsSoftwareTooAndTheCrc32cLibraryIsNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // a kernel built without aesni_intel (this development VM's 6.18): aes_ti outranks aes-generic, and since
        // 6.14 crc32c is the library's, which uses the CPU's CRC32 instruction itself
        java.nio.file.Path root = Fixtures.copy("smt-numa", tmp);
        java.nio.file.Files.writeString(root.resolve("proc/crypto"), String.join("\n",
                "name         : crc32c", "driver       : crc32c-lib", "module       : kernel", "priority     : 100", "",
                "name         : aes", "driver       : aes-fixed-time", "module       : kernel", "priority     : 101", "",
                "name         : aes", "driver       : aes-generic", "module       : kernel", "priority     : 100", ""));
        Diagnosis d = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        assertThat(find(d, "cpu.acceleration", "cpu").summary())
                .isEqualTo("The kernel uses crc32c by crc32c-lib, aes by aes-fixed-time (the CPU has AES-NI but aesni_intel is not loaded)");
    }

    @Test
    void e1000IsEmulatedAndVirtioIsNot() {
        assertThat(find(Fixtures.diagnose("nic-e1000"), "nic.emulated", "eth0").remedy().proxmox()).contains("virtio");
        assertThat(find(Fixtures.diagnose("nic-virtio"), "nic.driver", "eth0").severity()).isEqualTo(Severity.OK);
    }

    /** Rewrites a PCI function of a copied capture: vendor, device, subsystem ids and, when given, the bound driver. */
    private static void pciIds(java.nio.file.Path fn, String vendor, String device, String subVendor, String subDevice, String driver) throws Exception {
        java.nio.file.Files.writeString(fn.resolve("vendor"), "0x" + vendor + "\n");
        java.nio.file.Files.writeString(fn.resolve("device"), "0x" + device + "\n");
        java.nio.file.Files.writeString(fn.resolve("subsystem_vendor"), "0x" + subVendor + "\n");
        java.nio.file.Files.writeString(fn.resolve("subsystem_device"), "0x" + subDevice + "\n");
        if (driver != null) {
            java.nio.file.Files.delete(fn.resolve("driver"));
            java.nio.file.Files.createSymbolicLink(fn.resolve("driver"), java.nio.file.Path.of("../../../bus/pci/drivers/" + driver));
        }
    }

    @Test
    void aRealRaidAdapterPassedThroughIsNotAnEmulatedBus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // the megasas capture with its controller turned into a Dell PERC H710 (MegaRAID 2208, subsystem Dell's)
        // carrying a real disk: the same megaraid_sas driver, but hardware given to the guest with vfio-pci
        java.nio.file.Path root = Fixtures.copy("megasas", tmp);
        java.nio.file.Path sda = root.resolve("sys/block/sda").toRealPath();
        java.nio.file.Path fn = root.resolve("sys/devices/pci0000:00/0000:00:02.0");
        pciIds(fn, "1000", "005b", "1028", "1f35", null);
        java.nio.file.Files.writeString(sda.resolve("device/vendor"), "SEAGATE \n");
        java.nio.file.Files.writeString(sda.resolve("device/model"), "ST4000NM0023    \n");
        Diagnosis d = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        assertThat(Fixtures.ids(d.findings())).doesNotContain("disk.emulated-bus sda");
        Finding bus = find(d, "disk.bus", "sda");
        assertThat(bus.severity()).isEqualTo(Severity.OK);
        assertThat(bus.summary()).isEqualTo("sda is on a host adapter passed through: LSI MegaRAID SAS at 0000:00:02.0");
        assertThat(evidence(bus, "/sys/bus/pci/devices/0000:00:02.0 subsystem")).startsWith("1028:1f35");
        assertThat(find(d, "disk.passthrough", "sda").summary()).contains("ST4000NM0023");
        assertThat(org.guestdiag.expose.DiskSamples.of(d.inventory())).filteredOn(s -> s.name().equals("guestdiag_disk_info"))
                .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("emulated", "false"));
        // a Smart Array (hpsa, a driver no bus is known for) passed through: named by its driver, no unknown bus
        java.nio.file.Files.delete(root.resolve("sys/class/scsi_host/host0/proc_name"));
        java.nio.file.Files.writeString(root.resolve("sys/class/scsi_host/host0/proc_name"), "hpsa\n");
        pciIds(fn, "103c", "323a", "103c", "3351", "hpsa");
        Diagnosis hp = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        assertThat(find(hp, "disk.bus", "sda").summary()).isEqualTo("sda is on a host adapter passed through: hpsa at 0000:00:02.0");
        assertThat(Fixtures.ids(hp.findings())).doesNotContain("disk.unknown-bus sda", "disk.emulated-bus sda");
        // and the capture as it was: QEMU's megasas, subsystem 1000:1013, is emulated
        Diagnosis qemu = Fixtures.diagnose("megasas");
        assertThat(Fixtures.ids(qemu.findings())).contains("disk.emulated-bus sda");
        assertThat(org.guestdiag.expose.DiskSamples.of(qemu.inventory())).filteredOn(s -> s.name().equals("guestdiag_disk_info"))
                .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("emulated", "true"));
    }

    @Test
    void anUnknownDriverOnAQemuModelOfARealCardIsAnEmulatedBus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // the lsi53c895a capture with its adapter's driver renamed to one no bus is known for: the PCI ids still say
        // QEMU (its default subsystem 1af4:1100) under another maker's vendor id (AMD's 1022), so a model of a real card
        java.nio.file.Path root = Fixtures.copy("lsi53c895a", tmp);
        java.nio.file.Path fn = root.resolve("sys/devices/pci0000:00/0000:00:02.0");
        java.nio.file.Files.createDirectories(root.resolve("sys/bus/pci/drivers/some_new_hba"));
        pciIds(fn, "1022", "2020", "1af4", "1100", "some_new_hba");
        java.nio.file.Files.delete(root.resolve("sys/class/scsi_host/host0/proc_name"));
        java.nio.file.Files.writeString(root.resolve("sys/class/scsi_host/host0/proc_name"), "some_new_hba\n");
        Diagnosis d = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        assertThat(d.inventory().get(org.guestdiag.read.Sources.DISKS)).singleElement()
                .satisfies(x -> assertThat(x.bus()).isEqualTo(org.guestdiag.model.Bus.UNKNOWN));
        Finding f = find(d, "disk.emulated-bus", "sda");
        assertThat(f.summary()).startsWith("sda is on an emulated some_new_hba controller");
        assertThat(Fixtures.ids(d.findings())).doesNotContain("disk.unknown-bus sda");
        assertThat(org.guestdiag.expose.DiskSamples.of(d.inventory())).filteredOn(s -> s.name().equals("guestdiag_disk_info"))
                .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("emulated", "true").containsEntry("bus", "unknown"));
        // the same driver on a function under Red Hat's vendor id (virtio, QEMU's own devices) imitates no real card
        pciIds(fn, "1b36", "00ff", "1af4", "1100", null);
        Diagnosis rh = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        assertThat(Fixtures.ids(rh.findings())).contains("disk.unknown-bus sda").doesNotContain("disk.emulated-bus sda");
        // and a real card of that maker passed through (its own subsystem ids) is the adapter's, not emulated
        pciIds(fn, "1022", "2020", "1022", "2020", null);
        Diagnosis real = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        assertThat(find(real, "disk.bus", "sda").summary()).isEqualTo("sda is on a host adapter passed through: some_new_hba at 0000:00:02.0");
        assertThat(Fixtures.ids(real.findings())).doesNotContain("disk.emulated-bus sda", "disk.unknown-bus sda");
    }

    @Test
    void e1000eIsEmulatedThoughItsSubsystemVendorIsIntel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // QEMU's e1000e (82574L) carries subsystem 8086:0000 by default, not Red Hat's 1af4
        java.nio.file.Path root = Fixtures.copy("nic-e1000", tmp);
        java.nio.file.Path fn = root.resolve("sys/devices/pci0000:00/0000:00:01.0");
        pciIds(fn, "8086", "10d3", "8086", "0000", "e1000e");
        Diagnosis d = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        Finding f = find(d, "nic.emulated", "eth0");
        assertThat(f.summary()).contains("(e1000e)");
        assertThat(evidence(f, "/sys/class/net/eth0/device subsystem")).isEqualTo("8086:0000");
        // a real Intel Gigabit CT card (82574L, subsystem 8086:a01f) passed through is not emulated
        pciIds(fn, "8086", "10d3", "8086", "a01f", null);
        Diagnosis real = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        assertThat(Fixtures.ids(real.findings())).doesNotContain("nic.emulated eth0");
        assertThat(find(real, "nic.driver", "eth0").summary()).contains("a card passed through");
        // QEMU's i82559er (driver e100, default subsystem 1af4:1100): emulated, by its ids
        pciIds(fn, "8086", "1229", "1af4", "1100", "e100");
        assertThat(find(Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all()), "nic.emulated", "eth0").summary())
                .contains("(e100)");
        // a driver outside the list on QEMU's ids is still QEMU's emulation (here a name no list knows)
        pciIds(fn, "10ec", "8029", "1af4", "1100", "some_new_driver");
        assertThat(Fixtures.ids(Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all()).findings()))
                .contains("nic.emulated eth0");
    }

    @Test
    void partitionNotOnAPhysicalSectorIsMisaligned(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // pve-recommended's disks are 512e (4096-byte physical sectors); add partitions as the kernel shows them
        java.nio.file.Path root = Fixtures.copy("pve-recommended", tmp);
        java.nio.file.Path sda = root.resolve("sys/block/sda").toRealPath();
        for (String[] p : new String[][] {{"sda1", "63"}, {"sda2", "2048"}}) {
            java.nio.file.Files.createDirectories(sda.resolve(p[0]));
            java.nio.file.Files.writeString(sda.resolve(p[0]).resolve("start"), p[1] + "\n");
            java.nio.file.Files.writeString(sda.resolve(p[0]).resolve("alignment_offset"), "0\n");
        }
        Diagnosis d = Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), Checks.all());
        Finding f = find(d, "disk.partition-misaligned", "sda1");
        assertThat(f.summary()).contains("byte 32256").contains("4096");
        assertThat(Fixtures.ids(d.findings())).doesNotContain("disk.partition-misaligned sda2");
    }

    @Test
    void x86Levels() {
        assertThat(X86Level.of(java.util.Set.of("lm", "cmov", "cx8", "fpu", "fxsr", "mmx", "syscall", "sse", "sse2"))).isEqualTo(1);
        assertThat(X86Level.of(java.util.Set.of())).isZero();
        assertThat(X86Level.of(Fixtures.read("pve-recommended", org.guestdiag.read.Sources.CPU).flags())).isEqualTo(3);
        assertThat(X86Level.missingFor(2, java.util.Set.copyOf(List.of("lm")))).contains("sse4_2", "cx16");
    }
}
