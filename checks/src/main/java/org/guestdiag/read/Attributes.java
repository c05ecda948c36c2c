package org.guestdiag.read;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;

/**
 * Typed reads of single-value sysfs attributes. A missing attribute is absent, never zero; a present one
 * that is not a number is a ReadException naming the file.
 */
final class Attributes {
    private Attributes() { }

    static Optional<String> string(Root root, Path p) {
        return root.attribute(p);
    }

    static OptionalLong number(Root root, Path p) {
        Optional<String> v = root.attribute(p);
        if (v.isEmpty()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            throw new ReadException(root.display(p), "not a number: '" + abbreviate(v.get()) + "'");
        }
    }

    static OptionalInt integer(Root root, Path p) {
        OptionalLong v = number(root, p);
        if (v.isEmpty()) return OptionalInt.empty();
        if (v.getAsLong() > Integer.MAX_VALUE || v.getAsLong() < Integer.MIN_VALUE) {
            throw new ReadException(root.display(p), "out of range: " + v.getAsLong());
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    /** Like {@link #number} but a read or parse error goes to {@code problems} and reads as absent. */
    static OptionalLong number(Root root, Path p, Problems problems) {
        return problems.guard(() -> number(root, p), OptionalLong.empty());
    }

    static OptionalInt integer(Root root, Path p, Problems problems) {
        return problems.guard(() -> integer(root, p), OptionalInt.empty());
    }

    static Optional<String> string(Root root, Path p, Problems problems) {
        return problems.guard(() -> root.attribute(p), Optional.empty());
    }

    /** A counter of a key-value file (error_stats, scrub status) that may lack it: absent, never zero. */
    static OptionalLong field(java.util.Map<String, Long> values, String key) {
        Long n = values.get(key);
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /** A counter sysfs prints in hex ({@code 0x1f}), absent when the file is; a bad value goes to {@code problems}. */
    static OptionalLong hex(Root root, Path p, Problems problems) {
        return problems.guard(() -> {
            Optional<String> v = root.attribute(p);
            if (v.isEmpty()) return OptionalLong.empty();
            return parseHex(v.get(), root.display(p));
        }, OptionalLong.empty());
    }

    /** scsi_sysfs.c's show_sdev_iostat prints {@code 0x%llx}; a plain decimal is taken too. */
    static OptionalLong parseHex(String v, String file) {
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) return OptionalLong.of(Long.parseUnsignedLong(v.substring(2), 16));
            return OptionalLong.of(Long.parseUnsignedLong(v));
        } catch (NumberFormatException e) {
            throw new ReadException(file, "not a counter: '" + abbreviate(v) + "'");
        }
    }

    static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
