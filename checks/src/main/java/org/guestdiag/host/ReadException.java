package org.guestdiag.host;

/**
 * A kernel file that exists but could not be read or understood. Names the file as the guest sees it
 * (root stripped) and, for parse errors, the offending line, so a finding can quote it.
 */
public final class ReadException extends RuntimeException {
    private final String file;
    private final int errno;

    public ReadException(String file, String reason) {
        this(file, reason, 0);
    }

    /** A read the kernel refused with {@code errno}: what it meant is told by the number, whatever language strerror speaks. */
    public ReadException(String file, String reason, int errno) {
        super(file + ": " + reason);
        this.file = file;
        this.errno = errno;
    }

    public ReadException(String file, int lineNumber, String line, String reason) {
        this(file, "line " + lineNumber + ": " + reason + ": " + abbreviate(line));
    }

    /** The file as the guest sees it, e.g. {@code /proc/cpuinfo}. */
    public String file() {
        return file;
    }

    /** The kernel's error number, where the read went through the C library and so knows it. */
    public java.util.OptionalInt errno() {
        return errno > 0 ? java.util.OptionalInt.of(errno) : java.util.OptionalInt.empty();
    }

    /** The message without the file name. */
    public String reason() {
        String m = getMessage();
        return m.startsWith(file + ": ") ? m.substring(file.length() + 2) : m;
    }

    private static String abbreviate(String line) {
        String printable = line.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? "'" + printable + "'" : "'" + printable.substring(0, 77) + "...'";
    }
}
