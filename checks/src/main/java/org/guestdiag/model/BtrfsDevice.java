package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One member of a btrfs: /sys/fs/btrfs/FSID/devinfo/DEVID, or the BTRFS_IOC_DEV_INFO answer on kernels
 * without it.
 *
 * @param name      the block device (vda, sdb1) when known: from the ioctl's path, or the only member
 * @param sizeBytes the size btrfs uses on the device, when known
 * @param bytesUsed what chunks take of it (the ioctl's bytes_used; sysfs does not say)
 * @param errors    the persistent error counters; empty when neither sysfs nor the ioctl gave them
 */
public record BtrfsDevice(long devid, Optional<String> name, Optional<Boolean> missing, Optional<Boolean> writeable,
                          OptionalLong sizeBytes, OptionalLong bytesUsed, Optional<DeviceErrors> errors) {
}
