package org.guestdiag.log;

import java.text.MessageFormat;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** java.util.logging's records (the checks library's, JNA's) into {@link Logs}. */
final class JulHandler extends Handler {
    @Override
    public void publish(LogRecord r) {
        LogLevel at = LogLevel.of(r.getLevel());
        if (!Logs.enabled(r.getLoggerName(), at)) return;
        Logs.emit(r.getLoggerName(), at, message(r), r.getThrown());
    }

    /** The record's message with its {0}-style parameters filled in, as java.util.logging's formatters do. */
    private static String message(LogRecord r) {
        String m = r.getMessage();
        Object[] p = r.getParameters();
        if (m == null || p == null || p.length == 0 || !m.contains("{")) return m;
        try {
            return MessageFormat.format(m, p);
        } catch (IllegalArgumentException e) {
            return m;
        }
    }

    @Override
    public void flush() { }

    @Override
    public void close() { }
}
