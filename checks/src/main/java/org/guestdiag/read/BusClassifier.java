package org.guestdiag.read;

import java.util.List;
import java.util.Optional;
import org.guestdiag.model.Bus;
import org.guestdiag.model.DeviceLink;

/**
 * Which bus a disk is on, from the drivers on its sysfs path and its SCSI host's proc_name. Names are the
 * Linux drivers QEMU's devices bind to: virtio-scsi-pci → virtio_scsi, ide-hd on PIIX → ata_piix, on
 * ICH9/ahci → ahci, lsi53c895a/lsi53c810 → sym53c8xx, megasas → megaraid_sas, mptsas1068 → mptsas,
 * pvscsi → vmw_pvscsi, am53c974/dc390 → am53c974 (its SCSI host is named "esp", after the ESP chip family; on
 * x86 the am53c974 is the only ESP there is).
 */
public final class BusClassifier {
    private BusClassifier() { }

    public static Bus classify(List<DeviceLink> chain, Optional<String> procName) {
        for (DeviceLink d : chain) {
            String drv = d.driver().orElse("");
            String sub = d.subsystem().orElse("");
            if (drv.equals("virtio_blk")) return Bus.VIRTIO_BLK;
            if (drv.equals("nvme") || sub.equals("nvme")) return Bus.NVME;
            if (drv.equals("vbd") || sub.equals("xen")) return Bus.XEN_BLKFRONT;
        }
        Optional<Bus> byHost = procName.map(BusClassifier::scsiHostBus).filter(b -> b != Bus.UNKNOWN);
        if (byHost.isPresent()) return byHost.get();
        // no scsi_host captured: fall back to the drivers bound along the path
        for (DeviceLink d : chain) {
            Bus b = d.driver().map(BusClassifier::scsiHostBus).orElse(Bus.UNKNOWN);
            if (b != Bus.UNKNOWN) return b;
            if (d.subsystem().filter("usb"::equals).isPresent()) return Bus.USB;
            if (d.subsystem().filter("pseudo"::equals).isPresent()) return Bus.PSEUDO;
        }
        return byPath(chain);
    }

    /**
     * The bus from the names of the devices on the path, where no driver link tells it (a capture without links, a
     * driver unbound): the kernel names them after their bus whatever the driver. libata's ports are ataN
     * (drivers/ata/libata-transport.c), NVMe controllers nvmeN, virtio devices virtioN (with a SCSI hostN below them
     * for virtio-scsi), and scsi_debug's adapters hang from /sys/devices/pseudo_N (drivers/scsi/scsi_debug.c).
     */
    static Bus byPath(List<DeviceLink> chain) {
        boolean scsiHost = false;
        for (DeviceLink d : chain) {
            String n = d.name();
            if (n.matches("host\\d+")) scsiHost = true;
            if (n.matches("pseudo_\\d+")) return Bus.PSEUDO;
            if (n.matches("nvme\\d+")) return Bus.NVME;
            if (n.matches("ata\\d+")) return Bus.ATA;
            if (n.matches("virtio\\d+")) return scsiHost ? Bus.VIRTIO_SCSI : Bus.VIRTIO_BLK;
        }
        return Bus.UNKNOWN;
    }

    static Bus scsiHostBus(String driver) {
        return switch (driver) {
            case "virtio_scsi" -> Bus.VIRTIO_SCSI;
            case "ata_piix", "ata_generic" -> Bus.IDE;
            case "ahci" -> Bus.AHCI;
            case "sym53c8xx" -> Bus.LSI_53C8XX;
            case "mptspi", "mptsas", "mptfc", "mpt2sas", "mpt3sas" -> Bus.LSI_MPT;
            case "megaraid_sas" -> Bus.MEGARAID_SAS;
            case "vmw_pvscsi" -> Bus.PVSCSI;
            case "am53c974", "esp" -> Bus.AM53C974;
            case "storvsc" -> Bus.HYPERV_STORVSC;
            case "usb-storage", "uas" -> Bus.USB;
            default -> driver.startsWith("pata_") ? Bus.IDE : Bus.UNKNOWN;
        };
    }
}
