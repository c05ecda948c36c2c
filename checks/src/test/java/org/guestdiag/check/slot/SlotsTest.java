package org.guestdiag.check.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.guestdiag.Fixtures;
import org.guestdiag.host.Root;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Nic;
import org.guestdiag.read.DiskReader;
import org.guestdiag.read.HypervisorReader;
import org.guestdiag.read.NicReader;
import org.guestdiag.read.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotsTest {
    /** A real capture whose devices are moved to other PCI places (symlinks follow) and whose disks answer other device ids. */
    private static Path moved(String fixture, Path tmp, Map<String, String> renames, Map<String, String> deviceIds) throws IOException {
        Path root = Fixtures.copy(fixture, tmp);
        Path devices = root.resolve("sys/devices");
        for (Map.Entry<String, String> r : renames.entrySet()) {
            if (!r.getKey().endsWith("/")) continue; // a directory ends in /; other keys are only rewritten in the links
            Path to = devices.resolve(r.getValue());
            Files.createDirectories(to.getParent());
            Files.move(devices.resolve(r.getKey()), to);
        }
        List<Path> links;
        try (Stream<Path> all = Files.walk(root)) {
            links = all.filter(Files::isSymbolicLink).toList();
        }
        for (Path l : links) {
            String target = Files.readSymbolicLink(l).toString();
            String t = target;
            for (Map.Entry<String, String> r : renames.entrySet()) t = t.replace(r.getKey(), r.getValue());
            if (!t.equals(target)) {
                Files.delete(l);
                Files.createSymbolicLink(l, Path.of(t));
            }
        }
        for (Map.Entry<String, String> id : deviceIds.entrySet()) {
            byte[] text = id.getValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] page = new byte[8 + text.length];
            page[1] = (byte) 0x83;
            page[3] = (byte) (4 + text.length);
            page[4] = 0x02; // ASCII, logical unit, vendor specific: as QEMU's scsi-disk writes its device_id
            page[7] = (byte) text.length;
            System.arraycopy(text, 0, page, 8, text.length);
            Files.write(devices.resolve(id.getKey()).resolve("vpd_pg83"), page);
        }
        return root;
    }

    private record Seen(Slots slots, List<Disk> disks, List<Nic> nics) {
        Optional<String> disk(String name) {
            return slots.disk(disks.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow()).map(Slot::name);
        }

        Optional<String> nic(String name) {
            return slots.nic(nics.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow()).map(Slot::name);
        }
    }

    private static Seen read(Path root) {
        Root r = Root.of(root);
        List<Disk> disks = new DiskReader().read(r, new Problems());
        List<Nic> nics = new NicReader().read(r, new Problems());
        Slots slots = new Slots(Platform.of(Optional.of(new HypervisorReader().read(r, new Problems())), disks, nics));
        return new Seen(slots, disks, nics);
    }

    // Proxmox's q35 layout (pve-q35-4.0.cfg): the DMI-PCI bridge at 00:1e.0, behind it pci.0 at slot 1 and pci.3 at
    // slot 4; VirtIO SCSI single puts virtioscsiN at pci.3 slot N+1 with scsiN as its LUN N, net0 at pci.0 0x12
    private static final Map<String, String> PVE_Q35 = new java.util.LinkedHashMap<>(Map.of(
            "pci0000:00/0000:00:03.0/", "pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:01.0/",
            "pci0000:00/0000:00:04.0/", "pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:02.0/",
            "pci0000:00/0000:00:01.0/", "pci0000:00/0000:00:1e.0/0000:01:01.0/0000:02:12.0/"));

    private static Map<String, String> pveQ35(boolean lun1) {
        Map<String, String> m = new java.util.LinkedHashMap<>(PVE_Q35);
        if (lun1) {
            m.put("pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:02.0/virtio3/host1/target1:0:0/1:0:0:0/",
                    "pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:02.0/virtio3/host1/target1:0:0/1:0:0:1/");
            m.put("1:0:0:0", "1:0:0:1");
        }
        return m;
    }

    private static final String SDA = "pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:01.0/virtio2/host0/target0:0:0/0:0:0:0";

    @Test
    void proxmoxVirtioScsiSingleOnQ35NamesEachDiskAndTheNic(@TempDir Path tmp) throws IOException {
        Path root = moved("pve-recommended", tmp, pveQ35(true), Map.of(
                SDA, "drive-scsi0",
                "pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:02.0/virtio3/host1/target1:0:0/1:0:0:1", "drive-scsi1"));
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("proxmox");
        assertThat(s.disk("sda")).contains("scsi0");
        assertThat(s.disk("sdb")).contains("scsi1");
        assertThat(s.nic("eth0")).contains("net0");
        Slot sdb = s.slots().disk(s.disks().get(1)).orElseThrow();
        assertThat(sdb.evidence()).extracting(e -> e.source() + " " + e.value()).contains(
                "/sys/devices/pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:02.0/virtio3/host1/target1:0:0/1:0:0:1/block/sdb/device/vpd_pg83 drive-scsi1",
                "SCSI address (virtio_scsi) 1:0:0:1");
    }

    @Test
    void withASerialTheDeviceIdIsGoneAndThePlaceAndLunStillTell(@TempDir Path tmp) throws IOException {
        // PVE before 9 with serial= set: QEMU answers the serial as device id. One disk still shows drive-scsi0
        Path root = moved("pve-recommended", tmp, pveQ35(true), Map.of(SDA, "drive-scsi0"));
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("proxmox");
        assertThat(s.disk("sdb")).contains("scsi1"); // virtioscsi1 at pci.3 slot 2, LUN 1
    }

    @Test
    void aDriveIdThatDoesNotFitItsAddressProvesNothing(@TempDir Path tmp) throws IOException {
        // QEMU's own layout (the shared controller at 00:02.0, whose place is VGA's on Proxmox): drive-scsi1 on the
        // disk at target 1 LUN 0 is not where Proxmox attaches scsi1, on any controller
        Path root = moved("virtio-scsi-shared", tmp, Map.of(), Map.of(
                "pci0000:00/0000:00:02.0/virtio1/host0/target0:0:1/0:0:1:0", "drive-scsi1"));
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("qemu");
        assertThat(s.disk("sda")).isEmpty();
        assertThat(s.disk("sdb")).isEmpty();
    }

    @Test
    void proxmoxsLayoutShowsProxmoxAndAMisfitDriveIdStillNamesNothing(@TempDir Path tmp) throws IOException {
        // virtioscsi0 and virtioscsi1 at pci.3 slots 1 and 2 and net0 at pci.0 0x12, behind q35's bridges: three of
        // qemu-server's places, each with its kind of device. drive-scsi1 sits at LUN 0 of virtioscsi1, where
        // Proxmox never puts scsi1 (nor scsi0): that disk gets no name; sda, LUN 0 of virtioscsi0, is scsi0
        Path root = moved("pve-recommended", tmp, pveQ35(false), Map.of(
                "pci0000:00/0000:00:1e.0/0000:01:04.0/0000:05:02.0/virtio3/host1/target1:0:0/1:0:0:0", "drive-scsi1"));
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("proxmox");
        assertThat(s.slots().platform().orElseThrow().evidence()).extracting(e -> e.value())
                .anyMatch(v -> v.endsWith("(pci.3 slot 0x1: qemu-server's virtioscsi0)"))
                .anyMatch(v -> v.endsWith("(pci.0 slot 0x12: qemu-server's net0)"));
        assertThat(s.disk("sda")).contains("scsi0");
        assertThat(s.disk("sdb")).isEmpty();
        assertThat(s.nic("eth0")).contains("net0");
    }

    @Test
    void aPlaceProxmoxWouldUseNamesNothingWithoutProofOfProxmox(@TempDir Path tmp) throws IOException {
        // a virtio-blk disk at 00:0b.0 is virtio1 on Proxmox, and anything on a plain QEMU command line
        Path root = moved("virtio-blk", tmp, Map.of("pci0000:00/0000:00:02.0/", "pci0000:00/0000:00:0b.0/"), Map.of());
        Seen s = read(root);
        assertThat(s.disks()).extracting(d -> d.controller().orElseThrow().id()).containsExactly("0000:00:0b.0");
        assertThat(s.slots().platformLabel()).isEqualTo("qemu");
        assertThat(s.disk("vda")).isEmpty();
    }

    /** A capture of a guest started with Proxmox's own command line: its drives carry Proxmox's ids. */
    private static boolean proxmoxCommandLine(String fixture) {
        try {
            Path cmd = Fixtures.path(fixture).resolve("qemu.cmd");
            return Files.isRegularFile(cmd) && Files.readString(cmd).contains("id=drive-scsi");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRealGuestOnProxmoxsCommandLineHasEveryDiskAndNicNamed() {
        // the lab's pve-i440fx: qemu-server's generated lines for VirtIO SCSI single and virtio-blk, booted (qemu.cmd)
        Seen s = read(Fixtures.path("pve-i440fx"));
        assertThat(s.slots().platformLabel()).isEqualTo("proxmox");
        Map<String, String> disks = new java.util.TreeMap<>();
        for (Disk d : s.disks()) disks.put(d.serial().orElse(d.deviceId().orElse("?")), s.slots().disk(d).map(Slot::name).orElse("-"));
        // scsi0 by its device id drive-scsi0; scsi1, whose serial replaces the device id, by virtioscsi1's place and LUN 1
        assertThat(disks).containsExactlyInAnyOrderEntriesOf(Map.of("drive-scsi0", "scsi0", "PVE-SCSI-1", "scsi1", "PVE-VIRTIO-0", "virtio0"));
        Map<String, String> nics = new java.util.TreeMap<>();
        for (Nic n : s.nics()) nics.put(String.join(" ", n.pciPath()), s.slots().nic(n).map(Slot::name).orElse("-"));
        assertThat(nics).containsExactlyInAnyOrderEntriesOf(Map.of("0000:00:12.0", "net0", "0000:00:13.0", "net1"));
    }

    @Test
    void noPlainQemuGuestIsTakenForProxmox() {
        // the lab's own command lines are plain QEMU with serials: no slot may be named on any of them
        List<String> named = new ArrayList<>();
        for (String fixture : Fixtures.all()) {
            if (proxmoxCommandLine(fixture)) continue;
            Seen s = read(Fixtures.path(fixture));
            assertThat(s.slots().platformLabel()).as(fixture).isIn("qemu", "");
            for (Disk d : s.disks()) s.slots().disk(d).ifPresent(x -> named.add(fixture + " " + d.name() + " " + x.name()));
            for (Nic n : s.nics()) s.slots().nic(n).ifPresent(x -> named.add(fixture + " " + n.name() + " " + x.name()));
        }
        assertThat(named).isEmpty();
    }

    private static org.guestdiag.check.Finding finding(org.guestdiag.run.Diagnosis d, String id, String subject) {
        return d.findings().stream().filter(f -> f.id().equals(id) && f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " " + subject + " in " + Fixtures.ids(d.findings())));
    }

    @Test
    void remediesAndMetricsNameTheSlotWhereItIsKnownAndSayCannotTellElsewhere(@TempDir Path tmp) throws IOException {
        // the discard capture on Proxmox's i440fx places: the shared virtio-scsi controller at 0x5 (scsihw0) with
        // scsi0 and scsi1 as LUN 0 and 1, the virtio-blk disk with discard=off at 0xb (virtio1); the other
        // virtio-blk disks stay at 0x2 and 0x3, VGA's and the balloon's places, which name no disk
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("pci0000:00/0000:00:05.0/virtio4/host0/target0:0:1/0:0:1:0/", "pci0000:00/0000:00:05.0/virtio4/host0/target0:0:0/0:0:0:1/");
        m.put("target0:0:1/0:0:1:0", "target0:0:0/0:0:0:1");
        m.put("0:0:1:0", "0:0:0:1");
        m.put("pci0000:00/0000:00:04.0/", "pci0000:00/0000:00:0b.0/");
        Path root = moved("discard", tmp, m, Map.of("pci0000:00/0000:00:05.0/virtio4/host0/target0:0:0/0:0:0:0", "drive-scsi0"));
        org.guestdiag.read.Inventory inv = Fixtures.inventory(Root.of(root));
        org.guestdiag.run.Diagnosis d = org.guestdiag.run.Diagnosis.run(inv, org.guestdiag.check.Checks.all());
        org.guestdiag.check.Finding vdc = finding(d, "disk.no-discard", "vdc");
        // ssd= is refused on virtioN drives by qemu-server
        assertThat(vdc.remedy().proxmox()).startsWith("qm set <vmid> --virtio1 <its current value from qm config <vmid>>,discard=on ")
                .doesNotContain("ssd=1").contains("replaces all of virtio1's options").contains("stopped and started");
        assertThat(vdc.evidence()).extracting(e -> e.source() + " " + e.value())
                .contains("PCI path 0000:00:0b.0  (pci.0 slot 0xb: virtio1)");
        assertThat(org.guestdiag.expose.DiskSamples.of(inv)).filteredOn(x -> x.name().equals("guestdiag_disk_info"))
                .extracting(x -> x.labels().get("device") + "=" + x.labels().get("slot"))
                .containsExactlyInAnyOrder("sda=scsi0", "sdb=scsi1", "vda=", "vdb=", "vdc=virtio1");

        org.guestdiag.check.Finding plain = finding(Fixtures.diagnose("discard"), "disk.no-discard", "vdc");
        assertThat(plain.remedy().proxmox()).startsWith("qm set <vmid> --<slot> <storage>:<volume>,discard=on,ssd=1 (ssd=1 not on virtioN) ")
                .contains("cannot tell apart");
    }

    private static Optional<String> proxmoxName(Seen s, String disk) {
        return ProxmoxSlots.disk(s.disks().stream().filter(d -> d.name().equals(disk)).findFirst().orElseThrow()).map(Slot::name);
    }

    private static void proxmoxOvmf(Path root) throws IOException {
        Files.writeString(root.resolve("sys/class/dmi/id/bios_vendor"), "Proxmox distribution of EDK II\n");
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void sataNIsPortNOfAhci0ByItsRankAmongTheControllersPorts(@TempDir Path tmp) throws IOException {
        // the lab's ahci capture, its AHCI function moved to ahci0's place (pci.0 0x7) and the disk to the port the
        // kernel numbered ata3 after the first ata3 went to ata13: the ports are ata2, ata3, ata4 … so the disk is port 1
        Path root = moved("ahci", tmp, ordered(
                "pci0000:00/0000:00:02.0/ata3/", "pci0000:00/0000:00:02.0/ata13/",
                "pci0000:00/0000:00:02.0/ata1/", "pci0000:00/0000:00:02.0/ata3/",
                "pci0000:00/0000:00:02.0/", "pci0000:00/0000:00:07.0/"), Map.of());
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("qemu"); // one place of qemu-server's proves nothing
        assertThat(proxmoxName(s, "sda")).contains("sata1");
        proxmoxOvmf(root);
        Seen ovmf = read(root);
        assertThat(ovmf.slots().platformLabel()).isEqualTo("proxmox");
        Slot sda = ovmf.slots().disk(ovmf.disks().get(0)).orElseThrow();
        assertThat(sda.name()).isEqualTo("sata1");
        assertThat(sda.evidence()).extracting(e -> e.source() + " " + e.value())
                .contains("ATA port ata3, port 1 of its controller", "PCI path 0000:00:07.0  (pci.0 slot 0x7: ahci0)");
    }

    @Test
    void ideOnI440fxIsThePiixChannelAndUnit(@TempDir Path tmp) throws IOException {
        Seen master = read(Fixtures.path("ide-piix"));
        assertThat(proxmoxName(master, "sda")).contains("ide0");
        // the same disk as the primary channel's slave (unit 1): ide1
        Path root = moved("ide-piix", tmp, ordered(
                "pci0000:00/0000:00:01.1/ata1/host0/target0:0:0/", "pci0000:00/0000:00:01.1/ata1/host0/target0:0:1/",
                "target0:0:1/0:0:0:0", "target0:0:1/0:0:1:0",
                "../0:0:0:0", "../0:0:1:0", // the disk's relative device link
                "pci0000:00/0000:00:01.1/ata1/host0/target0:0:1/0:0:0:0/", "pci0000:00/0000:00:01.1/ata1/host0/target0:0:1/0:0:1:0/"), Map.of());
        proxmoxOvmf(root);
        Seen slave = read(root);
        assertThat(slave.slots().platformLabel()).isEqualTo("proxmox");
        assertThat(slave.disk("sda")).contains("ide1");
    }

    @Test
    void ideOnQ35IsTheIch9AhciPortInQemuServersOrder(@TempDir Path tmp) throws IOException {
        // the disk moved onto the board's ICH9 AHCI at 00:1f.2, whose ports the kernel numbered ata7-ata12; on ata8,
        // port 1, it is what qemu-server makes of ide2 (q35 takes one unit a bus: ide0-3 on ports 0, 2, 1, 3)
        Path root = moved("ahci", tmp, ordered(
                "pci0000:00/0000:00:1f.2/ata8/", "pci0000:00/0000:00:1f.2/ata20/",
                "pci0000:00/0000:00:02.0/ata1/", "pci0000:00/0000:00:1f.2/ata8/"), Map.of());
        Seen s = read(root);
        assertThat(s.disks().get(0).controller().orElseThrow().id()).isEqualTo("0000:00:1f.2");
        assertThat(proxmoxName(s, "sda")).contains("ide2");
    }

    @Test
    void pvscsiNumbersItsDisksByTargetOnOneController(@TempDir Path tmp) throws IOException {
        // qemu-server: PVSCSI takes 256 devices a controller, addressed by scsi-id; scsi8 is target 8 of scsihw0 (at
        // 0x5), not target 1 of a second controller as on LSI
        String from = "pci0000:00/0000:00:05.0/host0/target0:0:0/0:0:0:0";
        var toTarget8 = ordered(
                "pci0000:00/0000:00:02.0/", "pci0000:00/0000:00:05.0/",
                from + "/", "pci0000:00/0000:00:05.0/host0/target0:0:8/0:0:8:0/",
                "target0:0:0/0:0:0:0", "target0:0:8/0:0:8:0", "../0:0:0:0", "../0:0:8:0");
        Seen plain = read(moved("pvscsi", tmp, toTarget8, Map.of()));
        assertThat(proxmoxName(plain, "sda")).contains("scsi8");
        Path byId = moved("pvscsi", tmp.resolve("id"), toTarget8, Map.of("pci0000:00/0000:00:05.0/host0/target0:0:8/0:0:8:0", "drive-scsi8"));
        Seen s = read(byId);
        assertThat(s.slots().platformLabel()).isEqualTo("proxmox");
        assertThat(s.disk("sda")).contains("scsi8");
    }

    @Test
    void megaraidLogicalDrivesAreLunsOnTheLogicalChannel(@TempDir Path tmp) throws IOException {
        // QEMU's megasas shows its disks as logical drives, which Linux's megaraid_sas puts on channel 2: Proxmox's
        // scsi1 (scsi-id 0, lun 1) is 0:2:0:1
        Path root = moved("megasas", tmp, ordered(
                "pci0000:00/0000:00:02.0/host0/target0:2:0/0:2:0:0/", "pci0000:00/0000:00:02.0/host0/target0:2:0/0:2:0:1/",
                "0:2:0:0", "0:2:0:1",
                "pci0000:00/0000:00:02.0/", "pci0000:00/0000:00:05.0/"),
                Map.of("pci0000:00/0000:00:05.0/host0/target0:2:0/0:2:0:1", "drive-scsi1"));
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("proxmox");
        assertThat(s.disk("sda")).contains("scsi1");
    }

    @Test
    void libvirtsDriveAliasShowsLibvirtAndNamesNoSlot(@TempDir Path tmp) throws IOException {
        Path root = moved("virtio-scsi-shared", tmp, Map.of(), Map.of(
                "pci0000:00/0000:00:02.0/virtio1/host0/target0:0:0/0:0:0:0", "drive-scsi0-0-0-0"));
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("libvirt");
        assertThat(s.slots().platform().orElseThrow().evidence()).extracting(e -> e.value()).first().asString().startsWith("drive-scsi0-0-0-0");
        assertThat(s.disk("sda")).isEmpty();
    }

    @Test
    void aVirtioControllerAloneBehindQemusPcieRootPortIsLibvirtsLayout(@TempDir Path tmp) throws IOException {
        Path root = moved("virtio-blk", tmp, ordered("pci0000:00/0000:00:02.0/", "pci0000:00/0000:00:02.3/0000:04:00.0/"), Map.of());
        Path port = root.resolve("sys/devices/pci0000:00/0000:00:02.3");
        Files.writeString(port.resolve("vendor"), "0x1b36\n");
        Files.writeString(port.resolve("device"), "0x000c\n");
        Files.createSymbolicLink(port.resolve("subsystem"), Path.of("../../../bus/pci"));
        Seen s = read(root);
        assertThat(s.slots().platformLabel()).isEqualTo("libvirt");
        assertThat(s.disk("vda")).isEmpty();
        // the same place behind an Intel root port (a real board's, or Proxmox's hostpci port) is not libvirt's
        Files.writeString(port.resolve("vendor"), "0x8086\n");
        assertThat(read(root).slots().platformLabel()).isEqualTo("qemu");
    }

    @Test
    void placesFollowQemuServersMap() {
        assertThat(ProxmoxSlots.place(List.of("0000:00:0a.0")).map(ProxmoxSlots.Place::id)).contains("virtio0");
        assertThat(ProxmoxSlots.place(List.of("0000:00:0f.0")).map(ProxmoxSlots.Place::id)).contains("virtio5");
        assertThat(ProxmoxSlots.place(List.of("0000:00:10.0"))).isEmpty(); // hostpci0
        assertThat(ProxmoxSlots.place(List.of("0000:00:12.0")).map(ProxmoxSlots.Place::id)).contains("net0");
        assertThat(ProxmoxSlots.place(List.of("0000:00:1e.0", "0000:01:01.0")).map(ProxmoxSlots.Place::id)).contains("net6");
        assertThat(ProxmoxSlots.place(List.of("0000:00:1f.0", "0000:02:01.0")).map(ProxmoxSlots.Place::id)).contains("virtio6");
        assertThat(ProxmoxSlots.place(List.of("0000:00:05.0", "0000:03:01.0")).map(ProxmoxSlots.Place::id)).contains("virtioscsi0");
        assertThat(ProxmoxSlots.place(List.of("0000:00:1e.0", "0000:01:03.0", "0000:04:0a.0")).map(ProxmoxSlots.Place::id)).contains("virtio15");
        assertThat(ProxmoxSlots.place(List.of("0000:00:12.1"))).isEmpty(); // not a function qemu-server places
        assertThat(ProxmoxSlots.place(List.of("0000:00:1c.0", "0000:01:00.0"))).isEmpty(); // a PCIe root port: hostpci
    }
}
