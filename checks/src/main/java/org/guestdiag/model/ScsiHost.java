package org.guestdiag.model;

import java.util.OptionalInt;

/** /sys/class/scsi_host/hostN: proc_name names the low-level driver (virtio_scsi, ata_piix, ahci, sym53c8xx, …). */
public record ScsiHost(String name, String procName, OptionalInt canQueue, OptionalInt hwQueues) {
}
