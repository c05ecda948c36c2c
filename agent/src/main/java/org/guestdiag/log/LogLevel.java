package org.guestdiag.log;

import java.util.Locale;
import java.util.logging.Level;

/** The four levels of {@code --log.level}, named as the Prometheus exporters name theirs. */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR;

    /** The name on the command line and in a log line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code debug|info|warn|error}; anything else is a usage error naming the four. */
    public static LogLevel parse(String s) {
        for (LogLevel l : values()) {
            if (l.label().equals(s)) return l;
        }
        throw new IllegalArgumentException("--log.level must be debug, info, warn or error, not '" + s + "'");
    }

    /** java.util.logging's levels: FINE and below are debug, SEVERE is error. */
    static LogLevel of(Level jul) {
        int v = jul.intValue();
        if (v >= Level.SEVERE.intValue()) return ERROR;
        if (v >= Level.WARNING.intValue()) return WARN;
        if (v >= Level.INFO.intValue()) return INFO;
        return DEBUG;
    }

    /** The java.util.logging level below which a record is not even made. */
    Level jul() {
        return switch (this) {
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
        };
    }
}
