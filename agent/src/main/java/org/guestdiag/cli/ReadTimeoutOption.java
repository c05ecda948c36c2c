package org.guestdiag.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The one-shot commands' bound on reads: past it a source is reported stuck and the run goes on without it. */
public final class ReadTimeoutOption {
    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long reads may take before they are reported stuck (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    Duration get() {
        return timeout;
    }
}
