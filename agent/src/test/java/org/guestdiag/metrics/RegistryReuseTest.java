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
import org.guestdiag.check.Sample;
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

        for (int refresh = 1; refresh <= 3; refresh++) {
            List<Sample> next = vm(4, 1000 + 15 * refresh, 0);
            long deflatedBefore = Registry.runsDeflated();
            registry.prepare(next);
            current = next;
            assertThat(registry.familiesRendered() - rendered).as("refresh %d: only the timestamps' family rendered", refresh).isEqualTo(1);
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
}
