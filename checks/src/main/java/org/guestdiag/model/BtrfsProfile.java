package org.guestdiag.model;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The btrfs block group profiles, with what the kernel's btrfs_raid_array (fs/btrfs/volumes.c) says of each:
 * how many copies of every byte ({@code ncopies}) and how many parity stripes ({@code nparity}). A profile's
 * raw size on the devices is its logical size times ncopies; with parity it is logical × stripes / (stripes -
 * nparity), where a RAID5/6 chunk takes as many devices as have room (devs_max 0): every device while they
 * are of equal size, as virtual disks of an array usually are.
 */
public enum BtrfsProfile {
    SINGLE(1, 0, 1), DUP(2, 0, 1), RAID0(1, 0, 1), RAID1(2, 0, 2), RAID1C3(3, 0, 3), RAID1C4(4, 0, 4), RAID10(2, 0, 2),
    RAID5(1, 1, 2), RAID6(1, 2, 3);

    private final int ncopies;
    private final int nparity;
    private final int devsMin;

    BtrfsProfile(int ncopies, int nparity, int devsMin) {
        this.ncopies = ncopies;
        this.nparity = nparity;
        this.devsMin = devsMin;
    }

    /** The profile of a sysfs directory name (allocation/TYPE/raid5), empty for a name btrfs does not have. */
    public static Optional<BtrfsProfile> of(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the kernel's disk_total leaves part of the raw space out (its factor is ncopies, 1 here). */
    public boolean parity() {
        return nparity > 0;
    }

    /**
     * Raw bytes for {@code logical} bytes of chunks of this profile on a filesystem of {@code devices} devices.
     * With parity the chunks are taken to span every device; chunks made while there were fewer devices (or
     * after smaller ones filled) are narrower and take more, so for them this is a lower bound. Empty for parity
     * with fewer devices than the profile needs.
     */
    public OptionalLong raw(long logical, int devices) {
        if (!parity()) return OptionalLong.of(logical * ncopies);
        if (devices < devsMin) return OptionalLong.empty();
        // the data stripes hold logical / (devices - nparity) each; exact, and without overflowing logical × devices
        int data = devices - nparity;
        return OptionalLong.of(logical / data * devices + logical % data * devices / data);
    }
}
