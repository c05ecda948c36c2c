package org.guestdiag.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One mounted btrfs as /sys/fs/btrfs/FSID shows it (Documentation/ABI/testing/sysfs-fs-btrfs).
 *
 * @param members     the block devices under {@code devices/} (vda, sdb1): the kernel lists members by
 *                    name there, but {@code devinfo/<devid>} does not say which name a devid has
 * @param allocation  by type: data, metadata, system
 * @param checksum    empty on kernels before 5.5, which have no {@code checksum} attribute
 * @param globalReserveBytes {@code allocation/global_rsv_size}: metadata space the kernel keeps back for
 *                    itself; ordinary operations fail with ENOSPC once metadata use reaches total minus it
 */
public record BtrfsFilesystem(String fsid, Optional<String> label, List<BtrfsDevice> devices,
                              List<BtrfsMember> members, Map<String, BtrfsAllocation> allocation,
                              Optional<BtrfsChecksum> checksum, List<String> features,
                              OptionalLong nodesize, OptionalLong sectorsize, OptionalLong globalReserveBytes) {
    public static final List<String> ALLOCATION_TYPES = List.of("data", "metadata", "system");

    public BtrfsFilesystem {
        devices = List.copyOf(devices);
        members = List.copyOf(members);
        allocation = java.util.Collections.unmodifiableMap(new TreeMap<>(allocation));
        features = List.copyOf(features);
    }

    /** The label when it has one, else the fsid: how people name the filesystem. */
    public String displayName() {
        return label.filter(l -> !l.isEmpty()).orElse(fsid);
    }

    public Optional<BtrfsAllocation> allocation(String type) {
        return Optional.ofNullable(allocation.get(type));
    }

    /**
     * Space on the member devices not yet given to any chunk: what metadata can still grow into. Empty
     * when the size of a member is unknown, or the raw size of a type's chunks is
     * ({@link BtrfsAllocation#rawAllocated}), or, with a device missing, what the present ones use.
     */
    public OptionalLong unallocatedBytes() {
        if (degraded()) return unallocatedWhileDegraded();
        OptionalLong size = sum(devices.stream().filter(d -> !d.missing().orElse(false)).map(BtrfsDevice::sizeBytes).toList());
        if (size.isEmpty()) size = sum(members.stream().map(BtrfsMember::sizeBytes).toList());
        if (size.isEmpty()) return OptionalLong.empty();
        long allocated = 0;
        for (BtrfsAllocation a : allocation.values()) {
            OptionalLong raw = a.rawAllocated(deviceCount());
            if (raw.isEmpty()) return OptionalLong.empty();
            allocated += raw.getAsLong();
        }
        return OptionalLong.of(Math.max(0, size.getAsLong() - allocated));
    }

    /** How {@link #unallocatedBytes} was reached, for the evidence that quotes it. */
    public String unallocatedMethod() {
        return degraded() ? "each present device's size less its bytes_used (BTRFS_IOC_DEV_INFO), a device being missing"
                : "device sizes minus each profile's total_bytes times its ratio";
    }

    private boolean degraded() {
        return devices.stream().anyMatch(d -> d.missing().orElse(false));
    }

    /**
     * With a device missing, the chunks still span it: the raw allocation counts stripes and copies that are on the
     * missing device, and the present devices' sizes alone, less all of it, would understate what they have left
     * (a false "metadata full" on a filesystem already degraded). What each present device has left is its size
     * less its own bytes_used, which only the DEV_INFO ioctl tells; without it, unknown.
     */
    private OptionalLong unallocatedWhileDegraded() {
        long free = 0;
        for (BtrfsDevice d : devices) {
            if (d.missing().orElse(false)) continue;
            if (d.sizeBytes().isEmpty() || d.bytesUsed().isEmpty()) return OptionalLong.empty();
            free += Math.max(0, d.sizeBytes().getAsLong() - d.bytesUsed().getAsLong());
        }
        return OptionalLong.of(free);
    }

    /**
     * The devices of the filesystem, missing ones included (a degraded RAID5 still has chunks striped over
     * the missing device): devinfo/ or the ioctl lists them all; devices/ (kernels before 5.6) only those present.
     */
    public int deviceCount() {
        return devices.isEmpty() ? members.size() : devices.size();
    }

    /** The sum, or empty when the list is empty or any value is unknown. */
    private static OptionalLong sum(List<OptionalLong> values) {
        if (values.isEmpty() || values.stream().anyMatch(OptionalLong::isEmpty)) return OptionalLong.empty();
        return OptionalLong.of(values.stream().mapToLong(OptionalLong::getAsLong).sum());
    }
}
