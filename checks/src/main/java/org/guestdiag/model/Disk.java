package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A whole disk in /sys/block and the chain of devices it hangs from.
 *
 * @param sysPath      its real sysfs path as the guest sees it
 * @param devNumber    major:minor, to match mounts
 * @param chain        the devices from the disk's own device up to the root, nearest first
 * @param queueDepth   device/queue_depth (SCSI only)
 * @param provisioning scsi_disk provisioning_mode (full, unmap, writesame_16 …), SCSI only
 * @param wwid         the world-wide id the kernel made of the device's own designators: device/wwid (SCSI,
 *                     from VPD page 0x83) or wwid (NVMe); none for virtio_blk, whose only id is its serial
 * @param deviceId     the vendor-specific text designator of VPD page 0x83 (device/vpd_pg83): QEMU scsi-hd/scsi-cd's
 *                     device_id, which names the hypervisor's drive (Proxmox's {@code drive-scsi1}) unless a serial is set
 * @param ataPort      an ATA disk's port on its controller, from 0: libata numbers a controller's ports (ataN) one after
 *                     the other as it registers them, so the rank of the disk's ataN among its controller's is the port
 *                     (AHCI port N; PIIX primary 0, secondary 1), whatever other controllers took the numbers before
 */
public record Disk(
        String name,
        String sysPath,
        Optional<String> devNumber,
        List<DeviceLink> chain,
        Bus bus,
        Optional<Controller> controller,
        Optional<ScsiHost> scsiHost,
        Optional<String> vendor,
        Optional<String> model,
        Optional<String> revision,
        Optional<String> serial,
        Optional<String> wwid,
        Optional<String> deviceId,
        OptionalLong sizeBytes,
        OptionalInt queueDepth,
        Optional<String> provisioning,
        BlockQueue queue,
        List<Partition> partitions,
        OptionalInt ataPort,
        List<String> multipathHolders) {

    public Disk {
        chain = List.copyOf(chain);
        partitions = List.copyOf(partitions);
        multipathHolders = List.copyOf(multipathHolders);
    }

    /** QEMU's own disk models (scsi-hd, ide-hd: "QEMU HARDDISK") are emulated; a real model on a SCSI bus is passed through. */
    public boolean qemuModel() {
        return model.map(m -> m.startsWith("QEMU ")).orElse(false) || vendor.map(v -> v.equals("QEMU")).orElse(false);
    }

    /**
     * A real disk's identity seen through a SCSI bus: scsi-block/scsi-generic or a host adapter passed through. A
     * model name alone is no proof (scsi_debug has one too): the disk must hang from a PCI controller whose ids were
     * read, QEMU's virtio-scsi or the real adapter. On a physical machine every disk has this shape: callers ask
     * only in a VM.
     */
    public boolean passedThrough() {
        return model.isPresent() && !qemuModel() && bus != Bus.VIRTIO_BLK && bus != Bus.PSEUDO
                && controller.flatMap(Controller::pciId).isPresent();
    }

    /** A software disk (scsi_debug): what its queue, sectors or discard look like says nothing about any storage. */
    public boolean pseudo() {
        return bus == Bus.PSEUDO;
    }

    public Disk withController(Optional<Controller> c) {
        return new Disk(name, sysPath, devNumber, chain, bus, c, scsiHost, vendor, model, revision, serial,
                wwid, deviceId, sizeBytes, queueDepth, provisioning, queue, partitions, ataPort, multipathHolders);
    }
}
