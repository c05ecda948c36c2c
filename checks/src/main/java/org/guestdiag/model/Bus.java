package org.guestdiag.model;

/**
 * The bus a disk is attached by, as the guest's drivers show it. {@code emulated} buses are QEMU models of
 * real hardware: every request traps into QEMU's device model, with the queue limits of that hardware.
 */
public enum Bus {
    VIRTIO_BLK("virtio_blk", false),
    VIRTIO_SCSI("virtio_scsi", false),
    NVME("nvme", false),
    XEN_BLKFRONT("xen_blkfront", false),
    HYPERV_STORVSC("storvsc", false),
    IDE("ide", true),
    AHCI("ahci", true),
    LSI_53C8XX("lsi53c8xx", true),
    LSI_MPT("lsi_mpt", true),
    MEGARAID_SAS("megaraid_sas", true),
    PVSCSI("pvscsi", true),
    AM53C974("am53c974", true),
    USB("usb", true),
    /** An ATA port whose driver is not known (no driver links): IDE or AHCI, both emulated by QEMU. */
    ATA("ata", true),
    /** A software device on a pseudo bus (scsi_debug's /sys/devices/pseudo_0): no hardware, nothing emulated. */
    PSEUDO("pseudo", false),
    UNKNOWN("unknown", false);

    private final String label;
    private final boolean emulated;

    Bus(String label, boolean emulated) {
        this.label = label;
        this.emulated = emulated;
    }

    /** The stable label used in metrics and JSON. */
    public String label() {
        return label;
    }

    public boolean emulated() {
        return emulated;
    }
}
