package org.guestdiag.model;

import java.util.OptionalInt;

/** One kernel log record: syslog priority (when the source gave it), seconds since boot, the message. */
public record LogRecord(OptionalInt priority, double seconds, String message) {
    /** As dmesg prints it, for evidence. */
    public String display() {
        return String.format(java.util.Locale.ROOT, "[%12.6f] %s", seconds, message);
    }
}
