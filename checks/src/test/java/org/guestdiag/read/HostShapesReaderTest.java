package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.guestdiag.Fixtures;
import org.guestdiag.host.Root;
import org.guestdiag.model.Bus;
import org.guestdiag.model.DeviceLink;
import org.guestdiag.model.Disk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the readers make of machines that are not QEMU guests: the host-* fixtures (make-hosts.py) and small trees. */
class HostShapesReaderTest {
    private static DeviceLink bare(String name) {
        return new DeviceLink(name, Optional.empty(), Optional.empty());
    }

    @Test
    void containerVariable() {
        // empty, garbage, set but empty, valid among others
        assertThat(HypervisorReader.containerVariable(new byte[0])).isEmpty();
        assertThat(HypervisorReader.containerVariable("\u0000\u0000=\u0000".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(HypervisorReader.containerVariable("container=\u0000TERM=linux\u0000".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(HypervisorReader.containerVariable("notcontainer=x\u0000".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(HypervisorReader.containerVariable("PATH=/bin\u0000container=systemd-nspawn\u0000".getBytes(StandardCharsets.UTF_8)))
                .contains("systemd-nspawn");
    }

    @Test
    void everyContainerSignIsReadThroughTheRoot(@TempDir Path tmp) throws Exception {
        Path none = Files.createDirectories(tmp.resolve("none"));
        assertThat(HypervisorReader.container(Root.of(none), new Problems())).isEmpty();

        Path nspawn = Files.createDirectories(tmp.resolve("nspawn/run/systemd"));
        Files.writeString(nspawn.resolve("container"), "systemd-nspawn\n");
        assertThat(HypervisorReader.container(Root.of(tmp.resolve("nspawn")), new Problems()))
                .hasValueSatisfying(c -> {
                    assertThat(c.manager()).isEqualTo("systemd-nspawn");
                    assertThat(c.source()).isEqualTo("/run/systemd/container");
                });

        Path docker = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(docker.resolve(".dockerenv"), "");
        assertThat(HypervisorReader.container(Root.of(docker), new Problems())).hasValueSatisfying(c -> assertThat(c.manager()).isEqualTo("docker"));

        Path podman = Files.createDirectories(tmp.resolve("podman/run"));
        Files.writeString(podman.resolve(".containerenv"), "engine=\"podman-4.3.1\"\n");
        assertThat(HypervisorReader.container(Root.of(tmp.resolve("podman")), new Problems())).hasValueSatisfying(c -> assertThat(c.manager()).isEqualTo("podman"));

        assertThat(Fixtures.read("host-lxc", Sources.HYPERVISOR).container())
                .hasValueSatisfying(c -> assertThat(c.manager() + " " + c.source()).isEqualTo("lxc /proc/1/environ container="));
        assertThat(Fixtures.read("host-server", Sources.HYPERVISOR).container()).isEmpty();
        assertThat(Fixtures.read("pve-recommended", Sources.HYPERVISOR).container()).isEmpty();
    }

    @Test
    void withoutDriverLinksTheBusComesFromTheDeviceNames() {
        // /sys/devices/pci0000:00/0000:00:1f.2/ata3/host2/target2:0:0/2:0:0:0, links dropped
        assertThat(BusClassifier.classify(List.of(bare("2:0:0:0"), bare("target2:0:0"), bare("host2"), bare("ata3"), bare("0000:00:1f.2")), Optional.empty()))
                .isEqualTo(Bus.ATA);
        assertThat(BusClassifier.classify(List.of(bare("nvme0"), bare("0000:3b:00.0")), Optional.empty())).isEqualTo(Bus.NVME);
        assertThat(BusClassifier.classify(List.of(bare("0:0:0:0"), bare("target0:0:0"), bare("host0"), bare("virtio2"), bare("0000:00:05.0")), Optional.empty()))
                .isEqualTo(Bus.VIRTIO_SCSI);
        assertThat(BusClassifier.classify(List.of(bare("virtio1"), bare("0000:00:02.0")), Optional.empty())).isEqualTo(Bus.VIRTIO_BLK);
        assertThat(BusClassifier.classify(List.of(bare("0:0:0:0"), bare("target0:0:0"), bare("host0"), bare("adapter0"), bare("pseudo_0")), Optional.empty()))
                .isEqualTo(Bus.PSEUDO);
        // a bound driver still wins over the names: ahci above an ataN port
        assertThat(BusClassifier.classify(List.of(bare("host0"), bare("ata1"), new DeviceLink("0000:00:1f.2", Optional.of("ahci"), Optional.of("pci"))), Optional.empty()))
                .isEqualTo(Bus.AHCI);
        assertThat(BusClassifier.classify(List.of(bare("0:0:0:0"), bare("target0:0:0"), bare("host0")), Optional.empty())).isEqualTo(Bus.UNKNOWN);
    }

    @Test
    void multipathNvmeIsARealDiskOnItsControllersPciFunction() {
        List<Disk> disks = Fixtures.read("host-laptop", Sources.DISKS);
        // zram0 and loop0 are the system's own devices; nvme0n1 lives under /sys/devices/virtual/nvme-subsystem yet is hardware
        assertThat(disks).extracting(Disk::name).containsExactlyInAnyOrder("nvme0n1", "sda");
        Disk nvme = disks.stream().filter(d -> d.name().equals("nvme0n1")).findFirst().orElseThrow();
        assertThat(nvme.bus()).isEqualTo(Bus.NVME);
        assertThat(nvme.sysPath()).isEqualTo("/sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1");
        assertThat(nvme.controller()).hasValueSatisfying(c -> {
            assertThat(c.id()).isEqualTo("0000:02:00.0");
            assertThat(c.pciId()).contains("144d:a80a");
            assertThat(c.subsystem()).contains("144d:a801");
        });
        assertThat(nvme.model()).contains("SAMSUNG MZVL21T0HCLR-00BL7");
        assertThat(nvme.partitions()).extracting(p -> p.name()).containsExactly("nvme0n1p1", "nvme0n1p2");
    }

    @Test
    void scsiDebugIsAPseudoDiskAndNeverPassedThrough() {
        Disk sda = Fixtures.read("host-laptop", Sources.DISKS).stream().filter(d -> d.name().equals("sda")).findFirst().orElseThrow();
        assertThat(sda.bus()).isEqualTo(Bus.PSEUDO);
        assertThat(sda.model()).contains("scsi_debug");
        assertThat(sda.controller().flatMap(c -> c.pciId())).isEmpty();
        assertThat(sda.passedThrough()).isFalse();
        assertThat(sda.pseudo()).isTrue();
    }

    @Test
    void aZvolUnderDevicesVirtualIsLeftOutAndTheSataAndNvmeDisksAreRead() {
        List<Disk> disks = Fixtures.read("host-server", Sources.DISKS);
        // the md array md0 under /sys/devices/virtual/block is no disk either; its member and the btrfs raid5 members are
        assertThat(disks).extracting(Disk::name).containsExactlyInAnyOrder("sda", "sdb", "sdc", "sde", "sdf", "sdg", "nvme0n1");
        assertThat(disks).filteredOn(d -> d.name().startsWith("sd")).allSatisfy(d -> {
            assertThat(d.bus()).isEqualTo(Bus.AHCI);
            assertThat(d.controller().flatMap(c -> c.subsystem())).contains("1028:0716");
        });
    }
}
