package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.guestdiag.check.storage.DiskTrouble;
import org.guestdiag.check.storage.ReadonlyReason;
import org.guestdiag.model.DiskState;
import org.guestdiag.model.Ext4ErrorSite;
import org.guestdiag.model.Mount;
import org.guestdiag.model.StorageFilesystem;
import org.guestdiag.model.StorageLogEvent;
import org.guestdiag.read.Sources;
import org.guestdiag.read.StorageLogParser;
import org.guestdiag.read.Inventory;

/**
 * ext4/XFS health and each disk's state and command counters, as the kernel gives them. A counter the
 * kernel does not provide (virtio-blk has no ioerr_cnt, XFS no errors_count) gives no series.
 */
public final class StorageSamples {
    private StorageSamples() { }

    static final String READONLY_HELP = "1 when the kernel or the administrator stopped writes to the filesystem; reason forced "
            + "(super options ro, mount rw), emergency_ro (ext4 6.15+ super option), shutdown (kernel log: ext4 journal aborted or "
            + "remounted read-only while the mount reads rw, XFS shut down), mount_option (mounted ro) or none. From /proc/self/mountinfo and /dev/kmsg.";

    /** The filesystems' and the disks' families, from one parse of the kernel log. */
    public static List<Sample> of(Inventory inv) {
        List<StorageLogEvent> events = inv.find(Sources.KERNEL_LOG).map(StorageLogParser::parse).orElse(List.of());
        List<Sample> out = filesystems(inv, events);
        out.addAll(disks(inv, events));
        return out;
    }

    static List<Sample> filesystems(Inventory inv, List<StorageLogEvent> events) {
        List<Sample> out = new ArrayList<>();
        List<Mount> mounts = inv.find(Sources.MOUNTS).orElse(List.of());
        for (StorageFilesystem fs : inv.find(Sources.FILESYSTEMS).orElse(List.of())) {
            List<Mount> own = mounts.stream().filter(m -> m.fsType().equals(fs.fsType()) && fs.devNumber().map(m.devNumber()::equals).orElse(false)).toList();
            Optional<Mount> first = own.stream().findFirst();
            String mountpoint = first.map(Mount::mountPoint).orElse("");
            Map<String, String> labels = Labels.of("device", fs.device(), "fstype", fs.fsType(), "mountpoint", mountpoint);
            fs.errorCount().ifPresent(n -> out.add(Sample.counter("guestdiag_filesystem_errors_total",
                    "Errors ext4 recorded in its superblock since the last e2fsck (/sys/fs/ext4/DEV/errors_count).", labels, n)));
            fs.lastError().filter(Ext4ErrorSite::recorded).ifPresent(s -> out.add(Sample.gauge("guestdiag_filesystem_last_error_timestamp_seconds",
                    "When ext4 recorded its last error, seconds since the epoch (/sys/fs/ext4/DEV/last_error_time; no series when none).",
                    labels, s.time().getAsLong())));
            ReadonlyReason reason = ReadonlyReason.of(fs, first, ReadonlyReason.sinceMount(fs, events));
            out.add(Sample.gauge("guestdiag_filesystem_readonly", READONLY_HELP,
                    Labels.of("device", fs.device(), "fstype", fs.fsType(), "mountpoint", mountpoint, "reason", reason.label()),
                    Labels.bool(reason != ReadonlyReason.NONE)));
        }
        return out;
    }

    static List<Sample> disks(Inventory inv, List<StorageLogEvent> events) {
        List<Sample> out = new ArrayList<>();
        for (DiskState d : inv.find(Sources.DISK_STATE).orElse(List.of())) {
            Map<String, String> device = Labels.of("device", d.name());
            d.state().ifPresent(s -> out.add(Sample.gauge("guestdiag_disk_state",
                    "The disk's state as the kernel has it, valued 1: SCSI running, offline, blocked …; NVMe live, resetting, dead … "
                            + "(/sys/block/X/device/state).", Labels.of("device", d.name(), "state", s), 1)));
            d.ioErrors().ifPresent(n -> out.add(Sample.counter("guestdiag_disk_io_errors_total",
                    "SCSI commands completed with any status but GOOD, probes and pass-through included (/sys/block/X/device/ioerr_cnt).", device, n)));
            d.timeouts().ifPresent(n -> out.add(Sample.counter("guestdiag_disk_io_timeouts_total",
                    "SCSI commands that timed out (/sys/block/X/device/iotmo_cnt).", device, n)));
            d.requests().ifPresent(n -> out.add(Sample.counter("guestdiag_disk_io_requests_total",
                    "SCSI commands sent to the device (/sys/block/X/device/iorequest_cnt).", device, n)));
            out.add(Sample.gauge("guestdiag_disk_kernel_log_io_errors",
                    "Failed I/O of the disk still in the kernel's ring buffer (/dev/kmsg: 'I/O error, dev X, sector N', buffer, writeback and XFS "
                            + "I/O errors on the disk, its partitions or a device-mapper device on it alone); drops as lines leave the buffer.",
                    device, DiskTrouble.ioErrorLines(d.name(), inv, events)));
        }
        return out;
    }
}
