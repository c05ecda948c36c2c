package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.guestdiag.expose.Sample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's own meters written from their templates ({@link OwnMeters}) are the bytes Micrometer's
 * snapshot gives through the library's writers: compared on meters whose values hold still, in both text
 * formats, with every kind of meter and value the agent has and the escapes a label or help text needs.
 */
class OwnMetersTest {
    private static final String OM = "application/openmetrics-text; version=1.0.0";

    private final Registry registry = new Registry("1.2.3", List::<Sample>of, false, Duration.ZERO);
    private final PrometheusMeterRegistry micrometer = registry.micrometer();
    // fields, not locals: Micrometer holds what its gauges and function counters read only weakly, and a
    // collection between two scrapes would turn a local's meter into NaN in one of them
    private final AtomicLong ms = new AtomicLong(3062);
    private final AtomicLong loaded = new AtomicLong(4270);
    private final AtomicLong moving = new AtomicLong(1);

    private void stillMeters() {
        Gauge.builder("test.plain", () -> 42).strongReference(true).register(micrometer);
        Gauge.builder("test.memory", () -> 1.0616168E7).baseUnit("bytes").description("Bytes \\ used,\nby \"pool\".")
                .tag("area", "heap").tag("id", "mapped - 'non-volatile memory'").strongReference(true).register(micrometer);
        Gauge.builder("test.memory", () -> -1).baseUnit("bytes").description("Bytes \\ used,\nby \"pool\".")
                .tag("area", "nonheap").tag("id", "quote \" backslash \\ newline \n end").strongReference(true).register(micrometer);
        Gauge.builder("test.odd", () -> Double.POSITIVE_INFINITY).tag("v", "inf").strongReference(true).register(micrometer);
        Gauge.builder("test.odd", () -> Double.NEGATIVE_INFINITY).tag("v", "minus").strongReference(true).register(micrometer);
        Gauge.builder("test.odd", () -> Double.NaN).tag("v", "nan").strongReference(true).register(micrometer);
        Gauge.builder("test.odd", () -> 1.0E-5).tag("v", "small").strongReference(true).register(micrometer);
        Gauge.builder("test.odd", () -> 1.795686555567E9).tag("v", "large").strongReference(true).register(micrometer);
        TimeGauge.builder("test.uptime", ms, TimeUnit.MILLISECONDS, AtomicLong::doubleValue).register(micrometer);
        FunctionCounter.builder("test.classes.loaded", loaded, AtomicLong::doubleValue).baseUnit("classes").register(micrometer);
        Counter.builder("test.events").tag("kind", "a b").register(micrometer).increment(3);
        Gauge.builder("test.server.info", () -> 1).tag("version", "x\"y").strongReference(true).register(micrometer);
    }

    private String scrape(String accept) throws Exception {
        return new String(registry.scrape(accept).body(), StandardCharsets.UTF_8);
    }

    /** What one Micrometer scrape written by the library's writer gives: the bytes before this class. */
    private String micrometers(String accept) throws Exception {
        ExpositionFormatWriter writer = ExpositionFormats.init().findWriter(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, micrometer.getPrometheusRegistry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private boolean written(String accept) {
        ExpositionFormatWriter writer = ExpositionFormats.init().findWriter(accept);
        OwnMeters own = new OwnMeters(micrometer);
        return !own.families(writer, s -> render(writer, s)).isEmpty();
    }

    private static byte[] render(ExpositionFormatWriter writer, io.prometheus.metrics.model.snapshots.MetricSnapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, MetricSnapshots.of(s));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] b = out.toByteArray();
        String eof = "# EOF\n";
        return new String(b, StandardCharsets.UTF_8).endsWith(eof) ? java.util.Arrays.copyOf(b, b.length - eof.length()) : b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", OM})
    void theBytesAreMicrometersForEveryKindOfMeterAndValue(String accept) throws Exception {
        stillMeters();
        assertThat(written(accept)).as("the meters have a template").isTrue();
        System.gc(); // what the meters read must still be there (held strongly), in both renderings
        String expected = micrometers(accept);
        assertThat(expected).contains("+Inf", "-Inf", "NaN", "1.0E-5", "test_uptime_seconds 3.062", "\\\"", "\\n", "\\\\");
        assertThat(scrape(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", OM})
    void valuesAreReadAtEachScrape(String accept) throws Exception {
        Gauge.builder("test.moving", moving, AtomicLong::doubleValue).register(micrometer);
        Counter c = Counter.builder("test.events").register(micrometer);
        assertThat(scrape(accept)).contains("test_moving 1.0\n", "test_events_total 0.0\n");
        moving.set(7);
        c.increment(2);
        assertThat(scrape(accept)).contains("test_moving 7.0\n", "test_events_total 2.0\n").isEqualTo(micrometers(accept));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", OM})
    void aMeterAddedOrRemovedAfterAScrapeIsWrittenOrNot(String accept) throws Exception {
        stillMeters();
        scrape(accept);
        Gauge added = Gauge.builder("test.added", () -> 5).tag("k", "v").strongReference(true).register(micrometer);
        assertThat(scrape(accept)).contains("test_added{k=\"v\"} 5.0").isEqualTo(micrometers(accept));
        micrometer.remove(added);
        assertThat(scrape(accept)).doesNotContain("test_added").isEqualTo(micrometers(accept));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", OM})
    void aMeterOfAnotherKindLeavesTheWritingToMicrometer(String accept) throws Exception {
        stillMeters();
        Timer.builder("test.timer").register(micrometer).record(Duration.ofMillis(5));
        assertThat(written(accept)).isFalse();
        assertThat(scrape(accept)).contains("test_timer_seconds_count 1").isEqualTo(micrometers(accept));
    }

    /** The server's real meters (JVM, process) all have a template: none falls back to Micrometer's snapshot. */
    @ParameterizedTest
    @ValueSource(strings = {"text/plain", OM})
    void theServersMetersAreAllWrittenFromTemplates(String accept) throws Exception {
        Registry server = new Registry("1.2.3", List::<Sample>of);
        CheckMeters.bind(server.micrometer(), () -> 0, () -> 3);
        ExpositionFormatWriter writer = ExpositionFormats.init().findWriter(accept);
        List<OwnMeters.Family> families = new OwnMeters(server.micrometer()).families(writer, s -> render(writer, s));
        assertThat(families).extracting(OwnMeters.Family::name)
                .contains("jvm_memory_used_bytes", "process_cpu_seconds", "process_resident_memory_bytes", "guestdiag_build", "guestdiag_refreshes");
        // the same lines as Micrometer's, values aside (they move between the two scrapes)
        String ours = new String(server.scrape(accept).body(), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, server.micrometer().getPrometheusRegistry().scrape());
        String numbers = "(?m) [-+0-9.E]+(Inf)?$|NaN$";
        assertThat(ours.replaceAll(numbers, " V")).isEqualTo(out.toString(StandardCharsets.UTF_8).replaceAll(numbers, " V"));
        assertThat(ours).contains("guestdiag_refreshes_total 3.0\n");
    }
}
