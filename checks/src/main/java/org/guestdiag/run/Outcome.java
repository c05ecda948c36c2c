package org.guestdiag.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.guestdiag.host.ReadException;

/** What became of reading one source: its value, a failure with the reason, or stuck past its bound. */
public sealed interface Outcome<T> {
    record Ok<T>(T value, List<ReadException> problems, Duration took) implements Outcome<T> {
        public Ok {
            problems = List.copyOf(problems);
        }
    }

    record Failed<T>(String reason, Duration took) implements Outcome<T> { }

    /** Still running after its bound; {@code since} is when the stuck read started. */
    record Stuck<T>(String reason, Instant since) implements Outcome<T> { }

    default boolean ok() {
        return this instanceof Ok;
    }
}
