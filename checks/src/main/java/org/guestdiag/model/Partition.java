package org.guestdiag.model;

import java.util.OptionalLong;

/** A partition of a disk: its start in 512-byte sectors (sysfs {@code start}) and the kernel's alignment_offset. */
public record Partition(String name, long startSector, OptionalLong alignmentOffset) {
}
