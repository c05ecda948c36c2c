package org.guestdiag.model;

/**
 * A kernel log record from btrfs that matters for its health, already understood. {@code device} is the
 * block device name without /dev/ (vda, sdb1): the kernel names a filesystem by its latest device
 * ({@code BTRFS error (device vda): …}), and per-device lines by the device's path.
 */
public sealed interface BtrfsLogEvent {
    LogRecord record();

    String device();

    /** {@code bdev /dev/vda errs: wr 7, rd 0, flush 0, corrupt 0, gen 0}: the counters after an error. */
    record DeviceErrorsLine(LogRecord record, String device, long write, long read, long flush, long corruption,
                            long generation) implements BtrfsLogEvent { }

    /** {@code BTRFS: error (device vda: state A) in __btrfs_free_extent:3105: errno=-5 IO failure}. */
    record Failure(LogRecord record, String device, int errno) implements BtrfsLogEvent { }

    /** {@code BTRFS info (device vda: state EA): forced readonly}: the kernel stopped writing. */
    record ForcedReadonly(LogRecord record, String device) implements BtrfsLogEvent { }

    /** csum failed, parent transid verify failed, checksum verify failed: data or metadata that does not match. */
    record Corruption(LogRecord record, String device, String kind) implements BtrfsLogEvent { }

    /** {@code devid 2 uuid … is missing}, at mount time. */
    record MissingDevice(LogRecord record, String device, long devid) implements BtrfsLogEvent { }

    /** {@code BTRFS: device label L devid 1 transid 8 /dev/vda scanned by …} (or {@code device fsid F}): which devid a device is. */
    record Scanned(LogRecord record, String device, long devid, String labelOrFsid) implements BtrfsLogEvent { }

    /** {@code BTRFS info (device vda): first mount of filesystem FSID} (6.x kernels): which filesystem a device name is. */
    record FirstMount(LogRecord record, String device, String fsid) implements BtrfsLogEvent { }
}
