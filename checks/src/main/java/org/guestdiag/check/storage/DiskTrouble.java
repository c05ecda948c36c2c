package org.guestdiag.check.storage;

import java.util.List;
import java.util.Optional;
import org.guestdiag.model.Disk;
import org.guestdiag.model.StorageLogEvent;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * What is wrong with the disk under a block device, for findings outside this package (btrfs's) to name it:
 * "/dev/vda: 10 I/O error lines in the kernel log". A partition is looked up in its disk's partitions. Reads
 * {@link Sources#DISK_STATE}, {@link Sources#DISKS}, {@link Sources#FILESYSTEMS} (a device-mapper device on one
 * disk) and {@link Sources#KERNEL_LOG}: a check calling this declares them optional.
 */
public final class DiskTrouble {
    private DiskTrouble() { }

    public static Optional<String> of(String blockDevice, Inventory inv) {
        List<Disk> disks = inv.find(Sources.DISKS).orElse(List.of());
        String disk = disks.stream().filter(d -> d.name().equals(blockDevice)
                        || d.partitions().stream().anyMatch(p -> p.name().equals(blockDevice)))
                .map(Disk::name).findFirst().orElse(blockDevice);
        return Storage.trouble(disk, inv, Storage.events(inv));
    }

    /**
     * The failed I/O lines of a disk as the disk-state check counts them: its own, its partitions', and those of a
     * device-mapper device with this disk alone under it.
     */
    public static int ioErrorLines(String disk, Inventory inv, List<StorageLogEvent> events) {
        return Storage.ioErrors(disk, inv, events).size();
    }
}
