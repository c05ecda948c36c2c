package org.guestdiag.read;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.guestdiag.host.ReadException;

/** What became of reading one source: its value, a failure with the reason, or stuck past its bound. */
public sealed interface Outcome<T> {
    /**
     * A value read. {@code took} is how long the read that produced it took: a later read that finds the
     * same value and problems keeps this outcome, so that unchanged sources can be told by identity.
     */
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
