package org.guestdiag.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The agent's own live meters about its refreshing: reads stuck now and refreshes published. What each
 * check did is a sample of the diagnosis ({@link org.guestdiag.expose.CheckSamples}), rendered once per
 * diagnosis, not a meter read on every scrape.
 */
public final class CheckMeters {
    private CheckMeters() { }

    public static void bind(MeterRegistry registry, IntSupplier stuckReads, LongSupplier refreshes) {
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
    }
}
