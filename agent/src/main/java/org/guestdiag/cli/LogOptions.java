package org.guestdiag.cli;

import org.guestdiag.log.LogFormat;
import org.guestdiag.log.LogLevel;
import org.guestdiag.log.Logs;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code --log.level} and {@code --log.format}, as the Prometheus exporters take them; log lines go to stderr. */
public final class LogOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    @Option(names = "--log.level", paramLabel = "LEVEL", defaultValue = "info", converter = LevelConverter.class,
            description = "Only log messages with this level or above: debug, info, warn, error (default: ${DEFAULT-VALUE}). "
                    + "Libraries log from warn up; debug adds each error's stack trace.")
    LogLevel level;

    @Option(names = "--log.format", paramLabel = "FORMAT", defaultValue = "logfmt", converter = FormatConverter.class,
            description = "Log lines as logfmt or json (default: ${DEFAULT-VALUE}).")
    LogFormat format;

    /** Every record from here on goes to the command's stderr writer, in the chosen level and format. */
    void apply() {
        Logs.configure(level, format, mixee.commandLine().getErr());
    }

    static final class LevelConverter implements ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String s) {
            try {
                return LogLevel.parse(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + s + "' is not debug, info, warn or error");
            }
        }
    }

    static final class FormatConverter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String s) {
            try {
                return LogFormat.parse(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + s + "' is not logfmt or json");
            }
        }
    }
}
