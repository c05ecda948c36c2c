package org.guestdiag.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One log line in one of the two formats the Prometheus exporters offer ({@code --log.format=logfmt|json}):
 * {@code time=… level=… msg=… err=…}, always a single line, so a journal or a log shipper never splits a record.
 */
public enum LogFormat {
    LOGFMT {
        @Override
        String line(Map<String, String> fields) {
            StringBuilder b = new StringBuilder();
            fields.forEach((k, v) -> {
                if (b.length() > 0) b.append(' ');
                b.append(k).append('=');
                if (bare(v)) {
                    b.append(v);
                } else {
                    b.append('"');
                    escape(v, b);
                    b.append('"');
                }
            });
            return b.toString();
        }
    },
    JSON {
        @Override
        String line(Map<String, String> fields) {
            StringBuilder b = new StringBuilder("{");
            fields.forEach((k, v) -> {
                if (b.length() > 1) b.append(',');
                b.append('"').append(k).append("\":\"");
                JsonStringEncoder.getInstance().quoteAsString(v, b);
                b.append('"');
            });
            return b.append('}').toString();
        }
    };

    /** The name on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code logfmt|json}; anything else is a usage error naming both. */
    public static LogFormat parse(String s) {
        for (LogFormat f : values()) {
            if (f.label().equals(s)) return f;
        }
        throw new IllegalArgumentException("--log.format must be logfmt or json, not '" + s + "'");
    }

    /** The line of one record; {@code trace} (debug only) carries the stack, escaped onto the same line. */
    String line(Instant time, LogLevel level, String msg, Throwable err, boolean trace) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        f.put("level", level.label());
        f.put("msg", msg == null ? "" : msg);
        if (err != null) {
            f.put("err", Errors.describe(err));
            if (trace) f.put("trace", Errors.trace(err));
        }
        return line(f);
    }

    abstract String line(Map<String, String> fields);

    /** A logfmt value that needs no quotes: not empty, no space, quote, '=' or control character. */
    private static boolean bare(String v) {
        if (v.isEmpty()) return false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return false;
        }
        return true;
    }

    private static void escape(String v, StringBuilder b) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
    }
}
