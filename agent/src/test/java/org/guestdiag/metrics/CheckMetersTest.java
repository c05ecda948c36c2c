package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.guestdiag.expose.Sample;
import org.junit.jupiter.api.Test;

/** The agent's meters about its refreshing, as a scrape shows them. */
class CheckMetersTest {
    private static String scrape(Registry r, String accept) throws Exception {
        return new String(r.scrape(accept).body(), StandardCharsets.UTF_8);
    }

    /**
     * Refreshes only grow: a counter, with its _total sample. What the meters read is given as suppliers
     * the caller keeps no other reference to (as a server's method references are), and a collection
     * before the scrape must not turn them into NaN: Micrometer holds a function counter's object weakly.
     */
    @Test
    void refreshesAreACounterThatOutlivesACollection() throws Exception {
        Registry registry = new Registry("1.2.3", List::<Sample>of, false);
        bindWithCapturingSuppliers(registry, 5, 2);
        for (int i = 0; i < 3; i++) System.gc();
        assertThat(scrape(registry, "text/plain"))
                .contains("# TYPE guestdiag_refreshes_total counter\nguestdiag_refreshes_total 5.0\n")
                .contains("guestdiag_stuck_reads 2.0\n");
        assertThat(scrape(registry, "application/openmetrics-text; version=1.0.0"))
                .contains("# TYPE guestdiag_refreshes counter\n")
                .contains("guestdiag_refreshes_total 5.0\n");
    }

    /** Lambdas that capture fresh objects: nothing but the meters refers to them once this returns. */
    private static void bindWithCapturingSuppliers(Registry registry, long refreshes, int stuck) {
        AtomicLong r = new AtomicLong(refreshes);
        AtomicLong s = new AtomicLong(stuck);
        CheckMeters.bind(registry.micrometer(), () -> (int) s.get(), r::get);
    }
}
