package org.guestdiag.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;

/**
 * Picks btrfs's health messages out of the kernel log (fs/btrfs/messages.c, volumes.c, disk-io.c). Pure:
 * the log was read by {@link KernelLogReader}; checks call this on the records of the inventory. Formats
 * seen on Debian 6.1 in the lab fixtures; the {@code : state EA} part appeared in 6.0, and 4.x–5.x print
 * {@code BTRFS: error (device vda) in …} without it, which the same pattern accepts.
 */
public final class BtrfsLogParser {
    private BtrfsLogParser() { }

    private static final Pattern PREFIX = Pattern.compile("^BTRFS:? (?:(?:info|warning|error|critical|notice|emerg|alert|debug) )?"
            + "\\(device ([^:)\\s]+)(?:: state [A-Za-z]*)?\\):? (.*)$");
    private static final Pattern BDEV = Pattern.compile("bdev /dev/(\\S+) errs: wr (\\d+), rd (\\d+), flush (\\d+), corrupt (\\d+), gen (\\d+)");
    // errnos are small (MAX_ERRNO is 4095); at most 9 digits so a garbled line cannot overflow Integer.parseInt
    private static final Pattern ERRNO = Pattern.compile("errno=(-?\\d{1,9})(?!\\d)");
    private static final Pattern MISSING = Pattern.compile("devid (\\d+) uuid \\S+ is missing");
    private static final Pattern FIRST_MOUNT = Pattern.compile("first mount of filesystem ([0-9a-f-]{36})");
    private static final Pattern SCANNED = Pattern.compile("^BTRFS: device (?:label (.+?)|fsid ([0-9a-f-]{36})) devid (\\d+) transid \\d+ /dev/(\\S+)");
    private static final List<String> CORRUPTION = List.of("csum failed", "parent transid verify failed", "checksum verify failed");

    public static List<BtrfsLogEvent> parse(KernelLog log) {
        List<BtrfsLogEvent> events = new ArrayList<>();
        for (LogRecord r : log.records()) {
            if (r.message().startsWith("BTRFS")) parse(r).ifPresent(events::add);
        }
        return events;
    }

    static Optional<BtrfsLogEvent> parse(LogRecord r) {
        String msg = r.message();
        Matcher bdev = BDEV.matcher(msg);
        if (bdev.find()) { // also without the (device …) prefix, as 3.x/4.x kernels printed it
            return Optional.of(new BtrfsLogEvent.DeviceErrorsLine(r, bdev.group(1), n(bdev.group(2)), n(bdev.group(3)),
                    n(bdev.group(4)), n(bdev.group(5)), n(bdev.group(6))));
        }
        Matcher scanned = SCANNED.matcher(msg);
        if (scanned.find()) {
            String id = scanned.group(1) != null ? scanned.group(1) : scanned.group(2);
            return Optional.of(new BtrfsLogEvent.Scanned(r, scanned.group(4), n(scanned.group(3)), id));
        }
        Matcher p = PREFIX.matcher(msg);
        if (!p.matches()) return Optional.empty();
        String device = p.group(1);
        String rest = p.group(2);
        if (rest.startsWith("forced readonly")) return Optional.of(new BtrfsLogEvent.ForcedReadonly(r, device));
        Matcher errno = ERRNO.matcher(rest);
        if (errno.find()) return Optional.of(new BtrfsLogEvent.Failure(r, device, Integer.parseInt(errno.group(1))));
        Matcher missing = MISSING.matcher(rest);
        if (missing.find()) return Optional.of(new BtrfsLogEvent.MissingDevice(r, device, n(missing.group(1))));
        Matcher first = FIRST_MOUNT.matcher(rest);
        if (first.find()) return Optional.of(new BtrfsLogEvent.FirstMount(r, device, first.group(1)));
        for (String kind : CORRUPTION) {
            if (rest.contains(kind)) return Optional.of(new BtrfsLogEvent.Corruption(r, device, kind));
        }
        return Optional.empty();
    }

    private static long n(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // 20 digits: more errors than a long holds still means errors
        }
    }
}
