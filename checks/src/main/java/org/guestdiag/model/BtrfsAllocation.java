package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One allocation type of a btrfs (/sys/fs/btrfs/FSID/allocation/{data,metadata,system}). {@code total}/{@code used}
 * are logical bytes (what the chunks hold), {@code diskTotal}/{@code diskUsed} raw bytes on the devices (twice
 * as much with DUP or RAID1).
 *
 * @param profile the profile subdirectory present (single, dup, raid1, raid10, raid5, raid6, raid1c3, raid1c4)
 */
public record BtrfsAllocation(String type, OptionalLong totalBytes, OptionalLong bytesUsed, OptionalLong diskTotal,
                              OptionalLong diskUsed, Optional<String> profile) {
}
