package org.guestdiag.model;

import java.util.Optional;

/**
 * The device that carries a disk's bus: a PCI function (virtio-scsi, AHCI, LSI …) or a virtio/platform
 * device. {@code id} is its sysfs name, e.g. {@code 0000:00:02.0}.
 *
 * @param pciId     vendor:device, e.g. {@code 1af4:1004} for a legacy virtio-scsi function
 * @param subsystem PCI subsystem vendor:device, e.g. {@code 1af4:1100} (QEMU's default), {@code 1000:9261}
 * @param disks     how many of the guest's disks sit on this controller
 */
public record Controller(String id, String driver, Optional<String> pciId, Optional<String> subsystem, int disks) {
    public Controller withDisks(int n) {
        return new Controller(id, driver, pciId, subsystem, n);
    }
}
