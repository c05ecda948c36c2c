package org.guestdiag.check.btrfs;

import java.time.Duration;

/**
 * Every btrfs threshold, in one place: the findings use them and the shipped alert rules must agree with
 * them (their tests read these constants). Error counters have no threshold: any error is one too many.
 */
public final class BtrfsThresholds {
    private BtrfsThresholds() { }

    /**
     * Metadata fill, (allocation/metadata/bytes_used + allocation/global_rsv_size) / allocation/metadata/total_bytes,
     * from which a low unallocated pool is a warning.
     */
    public static final double METADATA_FILL_WARNING = 0.80;
    /** Metadata fill from which a nearly exhausted unallocated pool is critical. */
    public static final double METADATA_FILL_CRITICAL = 0.90;
    /**
     * Unallocated bytes below which metadata may not get a new chunk: a metadata chunk is up to 1 GiB on
     * filesystems over 50 GiB (fs/btrfs/volumes.c), twice that raw with DUP/RAID1.
     */
    public static final long UNALLOCATED_WARNING_BYTES = 1L << 30;
    /** Below this, not even a small (256 MiB) metadata chunk fits: the next metadata growth hits ENOSPC. */
    public static final long UNALLOCATED_CRITICAL_BYTES = 256L << 20;
    /** A scrub older than this is due; btrfs-progs' own btrfs-scrub@.timer runs monthly. */
    public static final Duration SCRUB_MAX_AGE = Duration.ofDays(30);
}
