package org.guestdiag.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;
import org.guestdiag.model.StorageLogEvent;

/**
 * Picks ext4's, XFS's and the block layer's health messages out of the kernel log. Pure, like
 * {@link BtrfsLogParser}. Formats from the kernel sources: ext4_msg/__ext4_error/__ext4_std_error in
 * fs/ext4/super.c ({@code EXT4-fs (%s): }, {@code EXT4-fs error (device %s): %s:%d: } and {@code … in %s:%d: }),
 * jbd2_journal_abort's {@code Aborting journal on device %s.} (j_devname is {@code <bdev>-<journal inode>}),
 * xfs_do_force_shutdown and xfs_alert in fs/xfs ({@code XFS (%s): }), and blk_print_req_error in
 * block/blk-core.c ({@code %s error, dev %s, sector %llu …}, prefixed by {@code blk_update_request: } up to
 * 5.15 and by {@code print_req_error: } in 4.18–5.2), fs/buffer.c's {@code Buffer I/O error on dev %pg}.
 */
public final class StorageLogParser {
    private StorageLogParser() { }

    private static final Pattern EXT4 = Pattern.compile("^EXT4-fs (?:(?:error|warning|critical) )?\\((?:device )?([^)\\s]+)\\):? ?(.*)$");
    private static final Pattern FUNCTION = Pattern.compile("^(?:in )?([A-Za-z0-9_]+):\\d+");
    private static final Pattern JOURNAL = Pattern.compile("^(?:JBD2: )?Aborting journal on device (\\S+?)(?:-\\d+)?\\.?$");
    private static final Pattern XFS = Pattern.compile("^XFS \\(([^)\\s]+)\\): (.*)$");
    private static final Pattern XFS_DUE = Pattern.compile("shut down due to ([A-Za-z /-]+?) error");
    private static final Pattern XFS_CAUSE = Pattern.compile("^([A-Za-z][A-Za-z /-]*?)(?: \\(0x[0-9a-f]+\\))? (?:detected|Error Detected)");
    private static final Pattern BLOCK = Pattern.compile("^(?:[a-z_]+: )?(I/O|critical medium|critical target|critical nexus|critical space allocation"
            + "|recoverable transport|timeout|protection|operation not supported|zone resource|zone open resource|zone active resource"
            + "|offline|no space) error, dev ([^,\\s]+), sector (\\d{1,20})");
    private static final Pattern BUFFER = Pattern.compile("^Buffer I/O error on dev(?:ice)? ([^,\\s]+), logical block");
    /** fs/iomap/buffered-io.c (5.x–6.x), the page cache's writeback of XFS and others: {@code dm-0: writeback error on inode 132, offset 0, sector 16576}. */
    private static final Pattern WRITEBACK = Pattern.compile("^([^:\\s]+): writeback error on inode \\d+, offset -?\\d+, sector (\\d{1,20})");

    public static List<StorageLogEvent> parse(KernelLog log) {
        List<StorageLogEvent> events = new ArrayList<>();
        for (LogRecord r : log.records()) {
            String m = r.message();
            // a cheap look at the first letters, as most of a log is none of these
            if (m.startsWith("EXT4") || m.startsWith("XFS") || m.startsWith("Abort") || m.startsWith("JBD2") || m.startsWith("Buffer")
                    || m.contains(" error, dev ") || m.contains(": writeback error on inode ")) {
                parse(r).ifPresent(events::add);
            }
        }
        return events;
    }

    static Optional<StorageLogEvent> parse(LogRecord r) {
        String msg = r.message();
        Matcher ext4 = EXT4.matcher(msg);
        if (ext4.matches()) return ext4(r, ext4.group(1), ext4.group(2), msg.startsWith("EXT4-fs error"));
        Matcher journal = JOURNAL.matcher(msg);
        if (journal.matches()) return Optional.of(new StorageLogEvent.JournalAborted(r, journal.group(1)));
        Matcher xfs = XFS.matcher(msg);
        if (xfs.matches()) return xfs(r, xfs.group(1), xfs.group(2));
        Matcher block = BLOCK.matcher(msg);
        if (block.find()) return Optional.of(new StorageLogEvent.IoError(r, block.group(2), block.group(1), sector(block.group(3))));
        Matcher buffer = BUFFER.matcher(msg);
        if (buffer.find()) return Optional.of(new StorageLogEvent.IoError(r, buffer.group(1), "buffer I/O", OptionalLong.empty()));
        Matcher writeback = WRITEBACK.matcher(msg);
        if (writeback.find()) return Optional.of(new StorageLogEvent.IoError(r, writeback.group(1), "writeback", sector(writeback.group(2))));
        return Optional.empty();
    }

    private static Optional<StorageLogEvent> ext4(LogRecord r, String device, String rest, boolean error) {
        if (rest.startsWith("mounted filesystem")) return Optional.of(new StorageLogEvent.Mounted(r, device, "ext4"));
        if (rest.startsWith("Remounting filesystem read-only")) return Optional.of(new StorageLogEvent.Ext4Readonly(r, device));
        if (rest.contains("Detected aborted journal")) return Optional.of(new StorageLogEvent.JournalAborted(r, device));
        if (!error) return Optional.empty();
        Matcher f = FUNCTION.matcher(rest);
        return Optional.of(new StorageLogEvent.Ext4Error(r, device, f.find() ? f.group(1) : ""));
    }

    private static Optional<StorageLogEvent> xfs(LogRecord r, String device, String rest) {
        if (rest.startsWith("Ending clean mount") || rest.startsWith("Ending recovery")) {
            return Optional.of(new StorageLogEvent.Mounted(r, device, "xfs"));
        }
        // xlog_ioend_work's "log I/O error -5", xfs_buf_ioerror_alert's "metadata I/O error in ..." (4.x-6.x)
        if (rest.startsWith("log I/O error")) return Optional.of(new StorageLogEvent.IoError(r, device, "xfs log I/O", OptionalLong.empty()));
        if (rest.startsWith("metadata I/O error")) return Optional.of(new StorageLogEvent.IoError(r, device, "xfs metadata I/O", OptionalLong.empty()));
        boolean shutdown = rest.contains("Shutting down filesystem") || rest.startsWith("Filesystem has been shut down")
                || rest.startsWith("xfs_do_force_shutdown(");
        if (!shutdown) return Optional.empty();
        Matcher due = XFS_DUE.matcher(rest);
        if (due.find()) return Optional.of(new StorageLogEvent.XfsShutdown(r, device, due.group(1)));
        Matcher cause = XFS_CAUSE.matcher(rest);
        return Optional.of(new StorageLogEvent.XfsShutdown(r, device, cause.find() ? cause.group(1) : ""));
    }

    private static OptionalLong sector(String s) {
        try {
            return OptionalLong.of(Long.parseUnsignedLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // more than 64 bits: a garbled line, the error itself still counts
        }
    }
}
