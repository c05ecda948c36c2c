package org.guestdiag.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.guestdiag.check.CheckResult;
import org.guestdiag.run.Diagnosis;

/**
 * The agent's own live meters about its refreshing: reads stuck now, refreshes published, when the latest
 * diagnosis's inventory was read and how long each check took. The last two move at every refresh while
 * nothing on the VM does; as meters read at scrape time they keep the inventory's samples of an unchanged VM
 * equal from one diagnosis to the next, so that its rendering is reused. What each check concluded is a
 * sample of the diagnosis ({@link org.guestdiag.expose.CheckSamples}).
 */
public final class CheckMeters {
    private CheckMeters() { }

    /**
     * @param latest the latest published diagnosis, null before the first; read at each scrape, so it must
     *               not count as a use of the diagnosis (the refresher's markSeen)
     * @param checks the names of the checks the diagnoses hold, the agent's own included
     */
    public static void bind(MeterRegistry registry, IntSupplier stuckReads, LongSupplier refreshes, Supplier<Diagnosis> latest, List<String> checks) {
        // strongReference: Micrometer holds gauge objects weakly by default and a GC would turn them into NaN
        Gauge.builder("guestdiag.stuck.reads", () -> stuckReads.getAsInt())
                .description("Reads of kernel sources still blocked past their bound (at most one per source).")
                .strongReference(true).register(registry);
        // a count that only grows is a counter (guestdiag_refreshes_total), so rate() and resets work on it.
        // Micrometer holds a function counter's object weakly and its function strongly: the object is the
        // registry, alive while anything renders it, and the supplier lives in the function
        FunctionCounter.builder("guestdiag.refreshes", registry, r -> refreshes.getAsLong())
                .description("Refreshes of the inventory published since start.")
                .register(registry);
        // what GuestdiagReportStale reads
        Gauge.builder("guestdiag.last.refresh.timestamp", () -> {
            Diagnosis d = latest.get();
            return d == null ? Double.NaN : d.inventory().takenAt().toEpochMilli() / 1000.0;
        }).baseUnit("seconds").description("When the inventory of the latest diagnosis was read, in seconds since the epoch.")
                .strongReference(true).register(registry);
        for (String check : checks) {
            Gauge.builder("guestdiag.check.duration", () -> duration(latest.get(), check)).tag("check", check).baseUnit("seconds")
                    .description("How long the check took to reach its latest verdict, which is kept while its sources are unchanged.")
                    .strongReference(true).register(registry);
        }
    }

    private static double duration(Diagnosis d, String check) {
        if (d == null) return Double.NaN;
        for (CheckResult r : d.results()) if (r.check().equals(check)) return r.duration().toNanos() / 1e9;
        return Double.NaN;
    }
}
