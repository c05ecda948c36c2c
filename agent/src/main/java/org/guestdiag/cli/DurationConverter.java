package org.guestdiag.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as Prometheus writes them: 500ms, 10s, 2m, 1h. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        var m = java.util.regex.Pattern.compile("^(\\d{1,9})(ms|s|m|h)$").matcher(value.strip());
        if (!m.matches()) throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 10s, 2m or 1h");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero()) throw new TypeConversionException("a duration must be more than zero");
        return d;
    }
}
