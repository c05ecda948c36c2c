package org.guestdiag.read;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Everything read at one moment, source by source: immutable, safe to share between threads. */
public final class Inventory {
    private final Map<String, Outcome<?>> outcomes;
    private final Instant takenAt;

    public Inventory(Map<String, Outcome<?>> outcomes, Instant takenAt) {
        this.outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        this.takenAt = takenAt;
    }

    public static Inventory empty() {
        return new Inventory(Map.of(), Instant.EPOCH);
    }

    @SuppressWarnings("unchecked")
    public <T> Optional<Outcome<T>> outcome(Source<T> source) {
        return Optional.ofNullable((Outcome<T>) outcomes.get(source.name()));
    }

    /** The value of a source that was read, or empty when it failed, is stuck or was not read. */
    public <T> Optional<T> find(Source<T> source) {
        return outcome(source).filter(o -> o instanceof Outcome.Ok).map(o -> ((Outcome.Ok<T>) o).value());
    }

    /** The value of a source a check requires; the runner only calls a check when all its sources are ok. */
    public <T> T get(Source<T> source) {
        return find(source).orElseThrow(() -> new IllegalStateException("source " + source.name() + " was not read"));
    }

    public Map<String, Outcome<?>> outcomes() {
        return outcomes;
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** This inventory with some sources replaced by newer outcomes. */
    public Inventory with(Map<String, Outcome<?>> newer, Instant at) {
        Map<String, Outcome<?>> m = new LinkedHashMap<>(outcomes);
        m.putAll(newer);
        return new Inventory(m, at);
    }
}
