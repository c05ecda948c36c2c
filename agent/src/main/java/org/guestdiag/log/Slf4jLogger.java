package org.guestdiag.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An slf4j logger (the agent's, Jetty's, Javalin's) writing through {@link Logs}. */
final class Slf4jLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    Slf4jLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return Logs.enabled(name, LogLevel.DEBUG);
    }

    @Override
    public boolean isDebugEnabled() {
        return Logs.enabled(name, LogLevel.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return Logs.enabled(name, LogLevel.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return Logs.enabled(name, LogLevel.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return Logs.enabled(name, LogLevel.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        LogLevel at = switch (level) {
            case TRACE, DEBUG -> LogLevel.DEBUG;
            case INFO -> LogLevel.INFO;
            case WARN -> LogLevel.WARN;
            case ERROR -> LogLevel.ERROR;
        };
        Logs.emit(name, at, MessageFormatter.basicArrayFormat(pattern, args), t);
    }
}
