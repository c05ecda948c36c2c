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

    static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
