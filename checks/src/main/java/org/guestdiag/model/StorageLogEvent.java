package org.guestdiag.model;

import java.util.OptionalLong;

/**
 * A kernel log record about ext4, XFS or a disk that matters for the storage's health, already understood.
 * {@code device} is the kernel's name for the block device, without /dev/: the filesystem's {@code s_id}
 * (vdb1, dm-0) for ext4 and XFS, the whole disk (sdb, nvme0n1) for the block layer's I/O errors.
 */
public sealed interface StorageLogEvent {
    LogRecord record();

    String device();

    /** {@code EXT4-fs (vdb): mounted filesystem …} or {@code XFS (vdb): Ending clean mount}: events before it belong to an earlier mount. */
    record Mounted(LogRecord record, String device, String fsType) implements StorageLogEvent { }

    /** {@code EXT4-fs error (device vdb): ext4_lookup:1855: inode #2: comm ls: …}: an error ext4 recorded in its superblock. */
    record Ext4Error(LogRecord record, String device, String function) implements StorageLogEvent { }

    /**
     * {@code EXT4-fs (vdb): Remounting filesystem read-only}: errors=remount-ro acted. Up to 6.11 the kernel set
     * SB_RDONLY (super options {@code ro}); from 6.12 (and stable kernels it was backported to: Debian's 6.1.192 in the lab)
     * it only sets a shutdown flag and the mount still reads
     * {@code rw}, until 6.15 shows {@code emergency_ro}: this line is then the only trace.
     */
    record Ext4Readonly(LogRecord record, String device) implements StorageLogEvent { }

    /** {@code Aborting journal on device vdb-8.} (jbd2) or {@code … Detected aborted journal}: ext4 stops all writes. */
    record JournalAborted(LogRecord record, String device) implements StorageLogEvent { }

    /**
     * XFS shut the filesystem down: {@code Filesystem has been shut down due to log error (0x2).} (6.x),
     * {@code … Shutting down filesystem} (4.x–6.x), {@code xfs_do_force_shutdown(0x2) called from line …} (4.x–5.x).
     */
    record XfsShutdown(LogRecord record, String device, String cause) implements StorageLogEvent { }

    /**
     * The block layer failed a request ({@code blk_update_request: I/O error, dev sdb, sector 2048 …} up to 5.15,
     * {@code I/O error, dev sdb, sector 2048 op 0x1:(WRITE) …} since 5.16; {@code kind} is the blk_status's name:
     * "I/O", "critical medium", "timeout" …), or a buffer's I/O failed ({@code Buffer I/O error on dev sdb1, logical block 0}).
     * Passthrough commands (SMART, the sd probe) never print these lines, so each is a real read or write that failed.
     */
    record IoError(LogRecord record, String device, String kind, OptionalLong sector) implements StorageLogEvent { }
}
