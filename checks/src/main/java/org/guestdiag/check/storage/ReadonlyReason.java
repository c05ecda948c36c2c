package org.guestdiag.check.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.guestdiag.model.Mount;
import org.guestdiag.model.StorageFilesystem;
import org.guestdiag.model.StorageLogEvent;

/**
 * Why an ext4 or XFS does not take writes, told apart as the kernel shows it (fs/ext4/super.c
 * ext4_handle_error, fs/xfs/xfs_fsops.c xfs_do_force_shutdown):
 * <ul>
 * <li>{@code forced}: super options {@code ro}, mount options {@code rw}: up to 6.11 (before the stable backports), errors=remount-ro set SB_RDONLY;</li>
 * <li>{@code emergency_ro}: the super option ext4 shows from 6.15 (EXT4_FLAGS_EMERGENCY_RO);</li>
 * <li>{@code shutdown}: the mount reads {@code rw} everywhere but the log says, since the latest mount, that
 *     ext4 went read-only or aborted its journal (6.12–6.14, and stable kernels that took the change, such as Debian's 6.1.192 in the
 *     lab, set only EXT4_FLAGS_SHUTDOWN, which nothing in
 *     /proc or /sys shows) or that XFS shut down (XFS never shows it in mount options);</li>
 * <li>{@code mount_option}: mounted {@code ro} on purpose; {@code none}: writable.</li>
 * </ul>
 */
public enum ReadonlyReason {
    FORCED("forced"), EMERGENCY_RO("emergency_ro"), SHUTDOWN("shutdown"), MOUNT_OPTION("mount_option"), NONE("none");

    private final String label;

    ReadonlyReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the kernel, not the administrator, stopped the writes. */
    public boolean byKernel() {
        return this == FORCED || this == EMERGENCY_RO || this == SHUTDOWN;
    }

    /** {@code since} are the filesystem's log events since its latest mount ({@link #sinceMount}). */
    public static ReadonlyReason of(StorageFilesystem fs, Optional<Mount> mount, List<StorageLogEvent> since) {
        if (mount.isPresent()) {
            Mount m = mount.get();
            if (m.superOptions().contains("emergency_ro")) return EMERGENCY_RO;
            boolean superRo = m.superOptions().contains("ro");
            boolean mountRo = m.mountOptions().contains("ro");
            if (mountRo) return MOUNT_OPTION;
            // ext4 sets SB_RDONLY itself on errors (up to 6.11); XFS never does, so a ro XFS was stopped only when the log says so
            if (superRo && fs.fsType().equals("ext4")) return FORCED;
            if (superRo) return stoppedByKernel(fs, since) ? SHUTDOWN : MOUNT_OPTION;
        }
        return stoppedByKernel(fs, since) ? SHUTDOWN : NONE;
    }

    /**
     * The events about this filesystem's device since its latest mount line: what an earlier mount of the
     * same device went through (repaired and mounted again) is not this mount's state. When the mount line
     * has left the ring buffer, every event still in it counts.
     */
    public static List<StorageLogEvent> sinceMount(StorageFilesystem fs, List<StorageLogEvent> events) {
        List<StorageLogEvent> own = new ArrayList<>();
        for (StorageLogEvent e : events) {
            if (!e.device().equals(fs.device())) continue;
            if (e instanceof StorageLogEvent.Mounted m && m.fsType().equals(fs.fsType())) {
                own.clear();
                continue;
            }
            own.add(e);
        }
        return own;
    }

    /** The log lines that say the kernel stopped this filesystem's writes. */
    public static List<StorageLogEvent> stops(StorageFilesystem fs, List<StorageLogEvent> since) {
        return since.stream().filter(e -> fs.fsType().equals("xfs") ? e instanceof StorageLogEvent.XfsShutdown
                : e instanceof StorageLogEvent.Ext4Readonly || e instanceof StorageLogEvent.JournalAborted).toList();
    }

    private static boolean stoppedByKernel(StorageFilesystem fs, List<StorageLogEvent> since) {
        return !stops(fs, since).isEmpty();
    }
}
