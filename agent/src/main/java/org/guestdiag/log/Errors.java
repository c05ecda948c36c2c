package org.guestdiag.log;

import java.io.PrintWriter;
import java.io.StringWriter;

/** An exception as an operator reads it: the messages of its chain, without class names (those go to debug's trace). */
final class Errors {
    private Errors() { }

    /** "outer: cause", each message once (a wrapper often repeats its cause's message). */
    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String m = e.getMessage();
            // new RuntimeException(cause) takes cause.toString() as its message: a class name, and said next anyway
            if (m == null || m.isBlank() || b.indexOf(m) >= 0 || m.equals(String.valueOf(e.getCause()))) continue;
            if (b.length() > 0) b.append(": ");
            b.append(m.strip());
        }
        // a bare NullPointerException and the like carry no message: say that much, the trace is at debug
        return b.length() > 0 ? b.toString() : "unexpected error without a message (--log.level=debug shows where)";
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().strip();
    }
}
