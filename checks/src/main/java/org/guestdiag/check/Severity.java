package org.guestdiag.check;

/** How bad a finding is; the order is the report's order, worst last here and first in reports. */
public enum Severity {
    OK, INFO, WARNING, CRITICAL;

    /** Nagios/Icinga plugin exit code: 0 OK, 1 WARNING, 2 CRITICAL (3 UNKNOWN is the agent's own failure). */
    public int exitCode() {
        return switch (this) {
            case OK, INFO -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
