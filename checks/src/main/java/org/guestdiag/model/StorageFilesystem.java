package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A mounted ext4 or XFS as sysfs shows it: {@code /sys/fs/ext4/DEV} or {@code /sys/fs/xfs/DEV}, DEV being the
 * kernel's name of its block device (vdb1, dm-0).
 *
 * @param devNumber   major:minor of that block device, to match mountinfo
 * @param disks       the whole disks under it: the disk of a partition, the disks under device-mapper or md
 *                    (their {@code slaves/}), or the device itself
 * @param errorCount  ext4's errors_count (absent for XFS, and for ext4 before the attribute existed)
 * @param firstError  ext4's first_error_*; empty for XFS
 * @param lastError   ext4's last_error_*; empty for XFS
 */
public record StorageFilesystem(String device, String fsType, Optional<String> devNumber, List<String> disks,
                                OptionalLong errorCount, Optional<Ext4ErrorSite> firstError,
                                Optional<Ext4ErrorSite> lastError) {
    public StorageFilesystem {
        disks = List.copyOf(disks);
    }
}
