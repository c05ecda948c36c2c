package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.host.Kmsg;
import org.guestdiag.host.KmsgHeader;
import org.guestdiag.host.KmsgTail;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;

/**
 * The kernel log from /dev/kmsg. Records are {@code prio,seq,usec,flags;message} (Documentation/ABI/testing/dev-kmsg),
 * with continuation lines that start with a space; dmesg's {@code [seconds] message} lines are accepted too,
 * since that is what older captures hold.
 */
public final class KernelLogReader implements Source<KernelLog> {
    static final Pattern KMSG = Pattern.compile("^(\\d{1,4}),(\\d{1,20}),(\\d{1,20}),[^;]*;(.*)$");
    static final Pattern DMESG = Pattern.compile("^\\[\\s*(\\d{1,12}\\.\\d{1,9})\\]\\s?(.*)$");

    @Override
    public String name() {
        return "kernel-log";
    }

    @Override
    public boolean dynamic() {
        return true;
    }

    /** What each followed kmsg device has shown, parsed once: the live machine's, in practice. */
    private static final Map<Path, KernelLogWindow> WINDOWS = new ConcurrentHashMap<>();

    /**
     * The kernel's device is followed ({@link KmsgTail}): each read parses only the records logged since the
     * last one and drops those the ring buffer no longer holds, which gives the records a whole read would.
     * A snapshot's file is read whole, and parsed again only when its text changed.
     */
    @Override
    public KernelLog read(Root root, Problems problems) {
        Kmsg.Kind kind = Kmsg.kind(root);
        if (Kmsg.tailable(root, kind)) {
            KmsgTail tail = Kmsg.tail(root);
            return WINDOWS.computeIfAbsent(root.dev("kmsg"), p -> new KernelLogWindow()).update(tail.next(Kmsg.LIMIT));
        }
        Path p = root.dev("kmsg");
        Optional<String> text = Kmsg.read(root, kind);
        if (text.isEmpty()) return new KernelLog(List.of(), false);
        Parsed last = PARSED.get(p);
        if (last != null && last.text().equals(text.get())) return last.log();
        KernelLog log = parse(text.get(), root.display(p));
        PARSED.put(p, new Parsed(text.get(), log));
        return log;
    }

    /** A file's text and its log, so that a server's refresh of a snapshot does not parse the same text again. */
    private record Parsed(String text, KernelLog log) { }

    private static final Map<Path, Parsed> PARSED = new ConcurrentHashMap<>();

    static KernelLog parse(String text, String file) {
        List<LogRecord> records = new ArrayList<>();
        int garbage = 0;
        int firstGarbage = 0;
        String firstGarbageLine = "";
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith(" ")) continue; // continuation: KEY=value dictionary
            LogRecord r = record(line);
            if (r != null) {
                records.add(r);
                continue;
            }
            if (garbage++ == 0) {
                firstGarbage = i + 1;
                firstGarbageLine = line;
            }
        }
        if (records.isEmpty() && garbage > 0) {
            throw new ReadException(file, firstGarbage, firstGarbageLine, "not a kernel log record");
        }
        return log(records);
    }

    /** The log of these records, oldest first: from boot when the first is the boot's own first line. */
    static KernelLog log(List<LogRecord> records) {
        boolean fromBoot = !records.isEmpty() && records.get(0).seconds() == 0.0
                && records.stream().limit(5).anyMatch(r -> r.message().startsWith("Linux version"));
        return new KernelLog(records, fromBoot);
    }

    /** One line that starts a record, kmsg's or dmesg's; null for anything else. */
    static LogRecord record(String line) {
        LogRecord fast = kmsgRecord(line);
        if (fast != null) return fast;
        Matcher k = KMSG.matcher(line);
        if (k.matches()) {
            int prio = Integer.parseInt(k.group(1));
            return new LogRecord(OptionalInt.of(prio & 7), parseLong(k.group(3)) / 1e6, unescape(k.group(4)));
        }
        LogRecord printed = dmesgRecord(line);
        if (printed != null) return printed;
        Matcher d = DMESG.matcher(line);
        if (d.matches()) return new LogRecord(OptionalInt.empty(), Double.parseDouble(d.group(1)), d.group(2));
        return null;
    }

    /**
     * A kmsg record parsed by hand, as {@link #KMSG} would: the server re-reads the whole log every refresh,
     * and the regexes took most of that (C1-compiled regex code, ~10 us a line). Null for anything unusual
     * (lines {@code .} would not match, numbers too long): the regex judges those, so both agree by
     * construction where this one answers.
     */
    static LogRecord kmsgRecord(String line) {
        int seqEnd = KmsgHeader.sequenceEnd(line);
        if (seqEnd < 0) return null;
        int prioEnd = line.indexOf(',');
        int usecEnd = KmsgHeader.digits(line, seqEnd + 1, 20);
        if (usecEnd < 0 || usecEnd >= line.length() || line.charAt(usecEnd) != ',') return null;
        int semi = line.indexOf(';', usecEnd + 1);
        if (semi < 0) return null;
        if (!printable(line, semi + 1)) return null; // what the regex's '.' does not match: let it decide those lines
        int prio = Integer.parseInt(line, 0, prioEnd, 10);
        return new LogRecord(OptionalInt.of(prio & 7), parseLong(line.substring(seqEnd + 1, usecEnd)) / 1e6, unescape(line.substring(semi + 1)));
    }

    /** A dmesg line parsed by hand, as {@link #DMESG} would; null where the pattern should judge. */
    static LogRecord dmesgRecord(String line) {
        if (line.isEmpty() || line.charAt(0) != '[') return null;
        int i = 1;
        while (i < line.length() && isSpace(line.charAt(i))) i++;
        int whole = KmsgHeader.digits(line, i, 12);
        if (whole < 0 || whole >= line.length() || line.charAt(whole) != '.') return null;
        int fraction = KmsgHeader.digits(line, whole + 1, 9);
        if (fraction < 0 || fraction >= line.length() || line.charAt(fraction) != ']') return null;
        int from = fraction + 1;
        if (from < line.length() && isSpace(line.charAt(from))) from++;
        if (!printable(line, from)) return null;
        return new LogRecord(OptionalInt.empty(), Double.parseDouble(line.substring(i, fraction)), line.substring(from));
    }

    /** The regex's \s. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Whether the regex's '.' matches every character from {@code from} on. */
    private static boolean printable(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') return false;
        }
        return true;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** kmsg escapes non-printable bytes as \xNN. */
    static String unescape(String s) {
        if (s.indexOf("\\x") < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x' && isHex(s.charAt(i + 2)) && isHex(s.charAt(i + 3))) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
