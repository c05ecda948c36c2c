package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.guestdiag.expose.Sample;
import org.junit.jupiter.api.Test;

/**
 * A new sample list re-renders only the families that changed and re-deflates only the runs that hold them,
 * and what it serves is still byte for byte what a registry rendering everything afresh serves.
 */
class RegistryReuseTest {
    private static final String OM = "application/openmetrics-text; version=1.0.0";
    private static final String TEXT = "text/plain; version=0.0.4";

    private volatile List<Sample> current;
    /** Without JVM meters (their values move): only the build info is the agent's own, so outputs compare exactly. */
    private final Registry registry = withServerMeters(new Registry("test", () -> current, false, Duration.ofNanos(1)));

    /** The agent's meters that sort among the samples' families (their values held still, so outputs compare). */
    private static Registry withServerMeters(Registry r) {
        CheckMeters.bind(r.micrometer(), () -> 0, () -> 7);
        return r;
    }

    private static String body(Registry.Exposition e) throws Exception {
        byte[] b = e.body();
        if (e.gzip()) b = new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
        return new String(b, StandardCharsets.UTF_8);
    }

    /** What a registry that never saw an earlier list serves for {@code list}. */
    private static String afresh(List<Sample> list, String accept) throws Exception {
        return body(withServerMeters(new Registry("test", () -> list, false)).scrape(accept, false));
    }

    private static List<Sample> vm(int disks, double timestamp, double errors) {
        List<Sample> out = new ArrayList<>();
        for (int d = 0; d < disks; d++) {
            String dev = "sd" + (char) ('a' + d);
            out.add(Sample.gauge("guestdiag_disk_queue_depth", "Depth.", Map.of("device", dev), 128));
            out.add(Sample.gauge("guestdiag_disk_rotational", "Spins.", Map.of("device", dev), 0));
            out.add(Sample.counter("guestdiag_btrfs_device_errors_total", "Errors.", Map.of("device", dev, "type", "write"), errors));
        }
        for (String check : List.of("btrfs", "disk", "numa")) {
            out.add(Sample.gauge("guestdiag_check_last_run_timestamp_seconds", "When.", Map.of("check", check), timestamp));
            out.add(Sample.gauge("guestdiag_check_success", "Ran.", Map.of("check", check), 1));
        }
        out.add(Sample.gauge("guestdiag_status", "Worst.", Map.of(), 0));
        return out;
    }

    @Test
    void aRefreshWhereOnlyTheTimestampsMovedRendersAndDeflatesOnlyThem() throws Exception {
        current = vm(4, 1000, 0);
        assertThat(body(registry.scrape(OM, true))).isEqualTo(afresh(current, OM));
        long rendered = registry.familiesRendered();
        assertThat(rendered).as("every family rendered once at first").isEqualTo(6);
        long patched = registry.familiesPatched();

        for (int refresh = 1; refresh <= 3; refresh++) {
            List<Sample> next = vm(4, 1000 + 15 * refresh, 0);
            long deflatedBefore = Registry.runsDeflated();
            registry.prepare(next);
            current = next;
            // the timestamps' family: its new values written into its last rendering, no family rendered by the writer
            assertThat(registry.familiesRendered() - rendered).as("refresh %d: no family rendered by the writer", refresh).isZero();
            assertThat(registry.familiesPatched() - patched).as("refresh %d: the timestamps' family patched", refresh).isEqualTo(1);
            patched = registry.familiesPatched();
            rendered = registry.familiesRendered();
            long deflated = Registry.runsDeflated() - deflatedBefore;
            // the first refresh cuts the run at the moving family: the stretches beside it are new runs once
            if (refresh > 1) assertThat(deflated).as("refresh %d: only the run of the moving family deflated", refresh).isEqualTo(1);
            assertThat(body(registry.scrape(OM, true))).isEqualTo(afresh(next, OM));
            assertThat(registry.familiesRendered()).as("the scrape rendered no family").isEqualTo(rendered);
        }
    }

    @Test
    void whatIsServedAfterAnyChangesIsWhatAFreshRegistryServes() throws Exception {
        Random random = new Random(42);
        current = vm(3, 1000, 0);
        registry.scrape(OM, true);
        registry.scrape(TEXT, false);
        registry.scrape(TEXT, true);
        for (int refresh = 0; refresh < 60; refresh++) {
            List<Sample> next = vm(1 + random.nextInt(5), 1000 + 15 * random.nextInt(3), random.nextInt(2));
            if (random.nextBoolean()) next.add(Sample.gauge("guestdiag_cpu_sockets", "Sockets.", Map.of(), 1 + random.nextInt(2)));
            if (random.nextInt(4) == 0) next.removeIf(s -> s.name().equals("guestdiag_status"));
            if (random.nextBoolean()) registry.prepare(next);
            current = next;
            for (String accept : List.of(OM, TEXT)) {
                String expected = afresh(next, accept);
                assertThat(body(registry.scrape(accept, false))).as("refresh %d, %s", refresh, accept).isEqualTo(expected);
                assertThat(body(registry.scrape(accept, true))).as("refresh %d, %s gzip", refresh, accept).isEqualTo(expected);
            }
        }
    }

    @Test
    void aFamilyWithTheNameOfAnotherIsDroppedNotTheScrape() throws Exception {
        // both are the counter guestdiag_x in the exposition: one MetricSnapshots of the two refuses the whole list
        current = List.of(Sample.counter("guestdiag_x_total", "A counter named with its suffix.", Map.of(), 1),
                Sample.counter("guestdiag_x", "A counter named without.", Map.of(), 2),
                Sample.gauge("guestdiag_y", "Fine.", Map.of(), 3));
        String text = body(registry.scrape(TEXT, false));
        assertThat(text).contains("guestdiag_y 3.0").containsOnlyOnce("# TYPE guestdiag_x_total");
    }

    /**
     * A value written into a rendering is written as the library's writers write it, in both formats, for
     * any double: whole and fractional, tiny and huge, negative, NaN and the infinities.
     */
    @Test
    void aPatchedValueIsWrittenAsTheWritersWriteIt() throws Exception {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 1e-300, 1e300, 123456789012345.0, 1.764164736123E9,
                0.1, 1e7, 1e-3, 1e-4, 9_007_199_254_740_993.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE));
        for (int i = 0; i < 200; i++) values.add(Math.pow(10, random.nextInt(40) - 20) * random.nextGaussian());
        for (int i = 0; i < 50; i++) values.add((double) random.nextInt(1_000_000));
        current = List.of(Sample.gauge("guestdiag_v", "V.", Map.of("k", "a"), 0.5), Sample.counter("guestdiag_c_total", "C.", Map.of("k", "a"), 0.5));
        registry.scrape(OM, false);
        registry.scrape(TEXT, false);
        long rendered = registry.familiesRendered();
        for (double v : values) {
            double c = Double.isNaN(v) || v < 0 ? 3.0 : v; // a counter is never negative or NaN
            List<Sample> next = List.of(Sample.gauge("guestdiag_v", "V.", Map.of("k", "a"), v), Sample.counter("guestdiag_c_total", "C.", Map.of("k", "a"), c));
            registry.prepare(next);
            current = next;
            for (String accept : List.of(OM, TEXT)) {
                assertThat(body(registry.scrape(accept, false))).as("%s in %s", v, accept).isEqualTo(afresh(next, accept));
            }
        }
        assertThat(registry.familiesRendered()).as("every change written into the renderings").isEqualTo(rendered);
    }

    /** A counter moved to a negative value, which the model refuses, is dropped as a fresh registry drops it, not written in. */
    @Test
    void aCounterMovedToANegativeValueIsDroppedAsAfresh() throws Exception {
        current = List.of(Sample.counter("guestdiag_c_total", "C.", Map.of("k", "a"), 1), Sample.gauge("guestdiag_g", "G.", Map.of(), 1));
        registry.scrape(TEXT, false);
        List<Sample> next = List.of(Sample.counter("guestdiag_c_total", "C.", Map.of("k", "a"), -1), Sample.gauge("guestdiag_g", "G.", Map.of(), 1));
        registry.prepare(next);
        current = next;
        assertThat(body(registry.scrape(TEXT, false))).isEqualTo(afresh(next, TEXT)).doesNotContain("guestdiag_c_total");
    }
}
