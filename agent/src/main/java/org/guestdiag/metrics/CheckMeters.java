package org.guestdiag.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.guestdiag.check.CheckResult;
import org.guestdiag.run.Diagnosis;

/**
 * The agent's own stable metrics per check, as Micrometer gauges over the latest results:
 * {@code guestdiag_check_success}, {@code _stuck}, {@code _duration_seconds}, {@code _last_run_timestamp_seconds}.
 * Checks are a fixed set for the life of the process, so binding gauges once per check is right here
 * (unlike devices, which come and go and are exposed by {@link SampleCollector}).
 */
public final class CheckMeters {
    private final MeterRegistry registry;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** Mutable holder the gauges read; written on the refresh thread, read on scrape threads. */
    private static final class State {
        volatile double success;
        volatile double stuck;
        volatile double seconds;
        volatile double lastRun;
    }

    public CheckMeters(MeterRegistry registry, IntSupplier stuckReads, LongSupplier refreshes) {
        this.registry = registry;
        // strongReference: Micrometer holds gauge objects weakly by default and a GC would turn them into NaN
        Gauge.builder("guestdiag.stuck.reads", () -> stuckReads.getAsInt())
                .description("Reads of kernel sources still blocked past their bound (at most one per source).")
                .strongReference(true).register(registry);
        Gauge.builder("guestdiag.refreshes", () -> refreshes.getAsLong())
                .description("Refreshes of the inventory published since start.")
                .strongReference(true).register(registry);
    }

    /** Records the results of a newly published diagnosis. */
    public void publish(Diagnosis d) {
        double at = d.inventory().takenAt().toEpochMilli() / 1000.0;
        for (CheckResult r : d.results()) {
            State s = states.computeIfAbsent(r.check(), this::register);
            s.success = r.status() == CheckResult.Status.OK ? 1 : 0;
            s.stuck = r.status() == CheckResult.Status.STUCK ? 1 : 0;
            s.seconds = r.duration().toNanos() / 1e9;
            s.lastRun = at;
        }
    }

    private State register(String check) {
        State s = new State();
        Gauge.builder("guestdiag.check.success", s, x -> x.success).tag("check", check)
                .description("1 when the check ran on the latest inventory, 0 when a source it needs failed or is stuck, or it threw.")
                .strongReference(true).register(registry);
        Gauge.builder("guestdiag.check.stuck", s, x -> x.stuck).tag("check", check)
                .description("1 when a source the check needs overran its read bound.")
                .strongReference(true).register(registry);
        Gauge.builder("guestdiag.check.duration", s, x -> x.seconds).tag("check", check).baseUnit("seconds")
                .description("How long the check took to judge the latest inventory.")
                .strongReference(true).register(registry);
        Gauge.builder("guestdiag.check.last.run.timestamp", s, x -> x.lastRun).tag("check", check).baseUnit("seconds")
                .description("When the inventory the check last judged was read, in seconds since the epoch.")
                .strongReference(true).register(registry);
        return s;
    }
}
