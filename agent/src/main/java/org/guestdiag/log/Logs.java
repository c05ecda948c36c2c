package org.guestdiag.log;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Where every log record of the process ends: the agent's own (slf4j, java.util.logging in {@code checks}),
 * Jetty's and Javalin's (slf4j) and JNA's (java.util.logging), each as one line in the one format chosen.
 * Libraries speak only from warn up, whatever the level: their info lines announce start steps, in their
 * own words, that the agent's one start line already says.
 */
public final class Logs {
    private static final String OWN = "org.guestdiag.";

    private static volatile LogLevel level = LogLevel.INFO;
    private static volatile LogFormat format = LogFormat.LOGFMT;
    private static volatile PrintWriter out = new PrintWriter(System.err, true);
    private static final Object LOCK = new Object();

    private Logs() { }

    /** Sends every record from now on to {@code to}, at {@code level} and up, as {@code format}. */
    public static void configure(LogLevel level, LogFormat format, PrintWriter to) {
        Logs.level = level;
        Logs.format = format;
        Logs.out = to;
        // java.util.logging's default handler writes two lines per record with the class and method name
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level.jul());
        root.addHandler(new JulHandler());
    }

    public static LogLevel level() {
        return level;
    }

    /** Whether a record of this logger at this level is written. */
    static boolean enabled(String logger, LogLevel at) {
        LogLevel min = logger != null && logger.startsWith(OWN) ? level : max(level, LogLevel.WARN);
        return at.compareTo(min) >= 0;
    }

    static void emit(String logger, LogLevel at, String msg, Throwable err) {
        if (!enabled(logger, at)) return;
        String line = format.line(Instant.now(), at, msg, err, level == LogLevel.DEBUG);
        synchronized (LOCK) {
            out.println(line);
            out.flush();
        }
    }

    private static LogLevel max(LogLevel a, LogLevel b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
