package org.guestdiag.host;

/**
 * A kernel file that exists but could not be read or understood. Names the file as the guest sees it
 * (root stripped) and, for parse errors, the offending line, so a finding can quote it.
 */
public final class ReadException extends RuntimeException {
    private final String file;

    public ReadException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public ReadException(String file, int lineNumber, String line, String reason) {
        this(file, "line " + lineNumber + ": " + reason + ": " + abbreviate(line));
    }

    /** The file as the guest sees it, e.g. {@code /proc/cpuinfo}. */
    public String file() {
        return file;
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
