package org.guestdiag.read;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.host.Kmsg;
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
    private static final Pattern KMSG = Pattern.compile("^(\\d{1,4}),(\\d{1,20}),(\\d{1,20}),[^;]*;(.*)$");
    private static final Pattern DMESG = Pattern.compile("^\\[\\s*(\\d{1,12}\\.\\d{1,9})\\]\\s?(.*)$");

    @Override
    public String name() {
        return "kernel-log";
    }

    @Override
    public boolean dynamic() {
        return true;
    }

    @Override
    public KernelLog read(Root root, Problems problems) {
        return Kmsg.read(root).map(t -> parse(t, root.display(root.dev("kmsg")))).orElse(new KernelLog(List.of(), false));
    }

    static KernelLog parse(String text, String file) {
        List<LogRecord> records = new ArrayList<>();
        int garbage = 0;
        int firstGarbage = 0;
        String firstGarbageLine = "";
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith(" ")) continue; // continuation: KEY=value dictionary
            Matcher k = KMSG.matcher(line);
            if (k.matches()) {
                int prio = Integer.parseInt(k.group(1));
                records.add(new LogRecord(OptionalInt.of(prio & 7), parseLong(k.group(3)) / 1e6, unescape(k.group(4))));
                continue;
            }
            Matcher d = DMESG.matcher(line);
            if (d.matches()) {
                records.add(new LogRecord(OptionalInt.empty(), Double.parseDouble(d.group(1)), d.group(2)));
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
        boolean fromBoot = !records.isEmpty() && records.get(0).seconds() == 0.0
                && records.stream().limit(5).anyMatch(r -> r.message().startsWith("Linux version"));
        return new KernelLog(records, fromBoot);
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
