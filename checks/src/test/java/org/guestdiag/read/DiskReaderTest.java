package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.guestdiag.Fixtures;
import org.guestdiag.model.Bus;
import org.guestdiag.model.DeviceLink;
import org.guestdiag.model.Disk;
import org.junit.jupiter.api.Test;

class DiskReaderTest {
    private static Disk disk(String fixture, String name) {
        return Fixtures.read(fixture, Sources.DISKS).stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void virtioBlkOnPci() {
        Disk vda = disk("virtio-blk", "vda");
        assertThat(vda.bus()).isEqualTo(Bus.VIRTIO_BLK);
        assertThat(vda.controller()).hasValueSatisfying(c -> {
            assertThat(c.id()).isEqualTo("0000:00:02.0");
            assertThat(c.driver()).isEqualTo("virtio-pci");
            assertThat(c.pciId()).contains("1af4:1001");
        });
        assertThat(vda.serial()).contains("LAB-VBLK-0");
        assertThat(vda.queueDepth()).isEmpty(); // virtio-blk has no SCSI queue_depth
        assertThat(vda.queue().hwQueues()).hasValue(2);
        assertThat(vda.queue().scheduler()).contains("none");
        assertThat(vda.sysPath()).isEqualTo("/sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda");
    }

    @Test
    void usbMassStorageIsOnTheUsbBusWithTheUsbDevicesSerial(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        Disk sda = disk("usb-storage", "sda");
        assertThat(sda.bus()).isEqualTo(Bus.USB);
        assertThat(sda.scsiHost()).hasValueSatisfying(h -> assertThat(h.procName()).isEqualTo("usb-storage"));
        // the lab's capture has no USB device attributes; the kernel shows iSerialNumber as the USB device's serial
        assertThat(sda.serial()).isEmpty();
        java.nio.file.Path root = Fixtures.copy("usb-storage", tmp);
        java.nio.file.Path usbDevice = root.resolve("sys/devices/pci0000:00/0000:00:02.0/usb2/2-1");
        java.nio.file.Files.writeString(usbDevice.resolve("serial"), "LAB-USB-0\n");
        Disk withSerial = new DiskReader().read(org.guestdiag.host.Root.of(root), new Problems()).get(0);
        assertThat(withSerial.serial()).contains("LAB-USB-0");
    }

    @Test
    void virtioScsiSharedControllerCountsBothDisks() {
        List<Disk> disks = Fixtures.read("virtio-scsi-shared", Sources.DISKS);
        assertThat(disks).extracting(Disk::name).containsExactly("sda", "sdb");
        for (Disk d : disks) {
            assertThat(d.bus()).isEqualTo(Bus.VIRTIO_SCSI);
            assertThat(d.controller().orElseThrow().disks()).isEqualTo(2);
            assertThat(d.model()).contains("QEMU HARDDISK");
            assertThat(d.qemuModel()).isTrue();
            assertThat(d.passedThrough()).isFalse();
            assertThat(d.scsiHost().orElseThrow().procName()).isEqualTo("virtio_scsi");
        }
    }

    @Test
    void virtioScsiSingleHasOneDiskPerController() {
        List<Disk> disks = Fixtures.read("virtio-scsi-single", Sources.DISKS);
        assertThat(disks).hasSize(2).allSatisfy(d -> assertThat(d.controller().orElseThrow().disks()).isEqualTo(1));
        assertThat(disks.get(0).controller().get().id()).isNotEqualTo(disks.get(1).controller().get().id());
        assertThat(disks.get(0).scsiHost().get().name()).isNotEqualTo(disks.get(1).scsiHost().get().name());
    }

    @Test
    void idePiixIsEmulatedWithQueueDepthOne() {
        Disk sda = disk("ide-piix", "sda");
        assertThat(sda.bus()).isEqualTo(Bus.IDE);
        assertThat(sda.bus().emulated()).isTrue();
        assertThat(sda.queueDepth()).hasValue(1);
        assertThat(sda.scsiHost().get().procName()).isEqualTo("ata_piix");
        assertThat(sda.controller().get().driver()).isEqualTo("ata_piix");
        assertThat(sda.vendor()).contains("ATA");
    }

    @Test
    void discardOffHidesDiscardOnlyOnTheDeviceOption() {
        assertThat(disk("discard", "vdc").queue().discardSupported()).isFalse();
        assertThat(disk("discard", "vda").queue().discardSupported()).isTrue();
        assertThat(disk("discard", "sda").queue().discardSupported()).isTrue();
    }

    @Test
    void pveRecommendedIs512eNonRotational() {
        Disk sda = disk("pve-recommended", "sda");
        assertThat(sda.queue().logicalBlockSize()).hasValue(512);
        assertThat(sda.queue().physicalBlockSize()).hasValue(4096);
        assertThat(sda.queue().rotational()).contains(false);
        assertThat(sda.provisioning()).contains("unmap");
        assertThat(sda.queueDepth()).hasValue(128);
    }

    @Test
    void classifierFollowsDriversNotNames() {
        var nvme = List.of(new DeviceLink("nvme0", Optional.empty(), Optional.of("nvme")),
                new DeviceLink("0000:00:04.0", Optional.of("nvme"), Optional.of("pci")));
        assertThat(BusClassifier.classify(nvme, Optional.empty())).isEqualTo(Bus.NVME);
        var mmio = List.of(new DeviceLink("virtio0", Optional.of("virtio_blk"), Optional.of("virtio")),
                new DeviceLink("LNRO0005:00", Optional.of("virtio-mmio"), Optional.of("platform")));
        assertThat(BusClassifier.classify(mmio, Optional.empty())).isEqualTo(Bus.VIRTIO_BLK);
        assertThat(BusClassifier.classify(List.of(), Optional.of("megaraid_sas"))).isEqualTo(Bus.MEGARAID_SAS);
        assertThat(BusClassifier.classify(List.of(), Optional.of("sym53c8xx"))).isEqualTo(Bus.LSI_53C8XX);
        assertThat(BusClassifier.classify(List.of(), Optional.of("pata_oldpiix"))).isEqualTo(Bus.IDE);
        // QEMU's am53c974 and dc390: the SCSI host is named after the chip family, the PCI driver after the chip
        assertThat(BusClassifier.classify(List.of(), Optional.of("esp"))).isEqualTo(Bus.AM53C974);
        var esp = List.of(new DeviceLink("target0:0:0", Optional.empty(), Optional.of("scsi")),
                new DeviceLink("0000:00:05.0", Optional.of("am53c974"), Optional.of("pci")));
        assertThat(BusClassifier.classify(esp, Optional.empty())).isEqualTo(Bus.AM53C974);
        assertThat(BusClassifier.classify(List.of(), Optional.of("something_new"))).isEqualTo(Bus.UNKNOWN);
    }

    @Test
    void unitSerialPage() {
        byte[] page = {0, (byte) 0x80, 0, 6, 'A', 'B', 'C', ' ', ' ', 0};
        assertThat(DiskReader.unitSerial(page)).contains("ABC");
        assertThat(DiskReader.unitSerial(new byte[] {0, 0x00, 0, 1, 'x'})).isEmpty();
        assertThat(DiskReader.unitSerial(new byte[] {0, (byte) 0x80, 0, 100})).isEmpty(); // truncated: no serial bytes
    }

    /** The kernel's "no wwid" (wwid_show returns scsi_vpd_lun_id's -EINVAL) is an absent id, not a failed read. */
    @org.junit.jupiter.api.Test
    void wwidInvalidArgumentIsNoWwid() {
        assertThat(DiskReader.noWwid(new org.guestdiag.host.ReadException("/sys/block/sda/device/wwid", "IOException: Invalid argument"))).isTrue();
        assertThat(DiskReader.noWwid(new org.guestdiag.host.ReadException("/sys/block/sda/device/wwid", "IOException: No such device or address"))).isTrue();
        assertThat(DiskReader.noWwid(new org.guestdiag.host.ReadException("/sys/block/sda/device/wwid", "IOException: Permission denied"))).isFalse();
        assertThat(DiskReader.noWwid(new org.guestdiag.host.ReadException("/sys/block/sda/device/wwid", "IOException: Input/output error"))).isFalse();
        // through the C library the number decides, in whatever language strerror answered
        assertThat(DiskReader.noWwid(new org.guestdiag.host.ReadException("/sys/block/sda/device/wwid", "IOException: Ungültiges Argument", 22))).isTrue();
        assertThat(DiskReader.noWwid(new org.guestdiag.host.ReadException("/sys/block/sda/device/wwid", "IOException: Kein derartiges Gerät oder Adresse", 6))).isTrue();
        assertThat(DiskReader.noWwid(new org.guestdiag.host.ReadException("/sys/block/sda/device/wwid", "IOException: Invalid argument", 5))).isFalse();
    }
}
