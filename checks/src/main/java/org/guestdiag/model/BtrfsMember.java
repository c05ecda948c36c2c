package org.guestdiag.model;

import java.util.OptionalLong;

/**
 * A block device listed under /sys/fs/btrfs/FSID/devices/, with its size from the block layer
 * ({@code size} in 512-byte sectors). The block device can be larger than what btrfs uses of it after a
 * {@code btrfs filesystem resize}; the ioctl's per-device size is exact when it was read.
 */
public record BtrfsMember(String name, OptionalLong sizeBytes) {
}
