package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.guestdiag.check.CheckResult;
import org.guestdiag.expose.Sample;
import org.guestdiag.read.Inventory;
import org.guestdiag.run.Diagnosis;
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

    /** When and how long are read from the latest diagnosis at each scrape: a new one moves them without new samples. */
    @Test
    void refreshTimeAndCheckDurationsFollowTheLatestDiagnosis() throws Exception {
        Registry registry = new Registry("1.2.3", List::<Sample>of, false);
        java.util.concurrent.atomic.AtomicReference<Diagnosis> latest = new java.util.concurrent.atomic.AtomicReference<>();
        CheckMeters.bind(registry.micrometer(), () -> 0, () -> 0, latest::get, List.of("cpu-model", "agent"));
        assertThat(scrape(registry, "text/plain")).contains("guestdiag_last_refresh_timestamp_seconds NaN\n");
        Instant at = Instant.parse("2026-12-06T20:00:00.250Z");
        CheckResult cpu = new CheckResult("cpu-model", "cpu", CheckResult.Status.OK, null, List.of(), Duration.ofMillis(3));
        latest.set(new Diagnosis(new Inventory(Map.of(), at), List.of(cpu)));
        String text = scrape(registry, "text/plain");
        assertThat(text).contains("# TYPE guestdiag_last_refresh_timestamp_seconds gauge\nguestdiag_last_refresh_timestamp_seconds 1.79658720025E9\n")
                .contains("guestdiag_check_duration_seconds{check=\"cpu-model\"} 0.003\n")
                .contains("guestdiag_check_duration_seconds{check=\"agent\"} NaN\n");
        latest.set(new Diagnosis(new Inventory(Map.of(), at.plusSeconds(15)), List.of(cpu)));
        assertThat(scrape(registry, "text/plain")).contains("guestdiag_last_refresh_timestamp_seconds 1.79658721525E9\n");
    }

    /** Lambdas that capture fresh objects: nothing but the meters refers to them once this returns. */
    private static void bindWithCapturingSuppliers(Registry registry, long refreshes, int stuck) {
        AtomicLong r = new AtomicLong(refreshes);
        AtomicLong s = new AtomicLong(stuck);
        CheckMeters.bind(registry.micrometer(), () -> (int) s.get(), r::get, () -> null, List.of("cpu-model"));
    }
}
