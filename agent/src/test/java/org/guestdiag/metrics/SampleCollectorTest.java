package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.guestdiag.expose.Sample;
import org.junit.jupiter.api.Test;

/** Samples of checks (btrfs error counters and the like) rendered through the real registry and writers. */
class SampleCollectorTest {
    private final List<Sample> samples = new ArrayList<>();
    private final Registry registry = new Registry("test", () -> List.copyOf(samples)); // a new list when changed: the registry caches by identity

    private String scrape(String accept) throws Exception {
        return new String(registry.scrape(accept).body(), StandardCharsets.UTF_8);
    }

    @Test
    void countersGetTotalOnceWhetherOrNotTheCheckWroteIt() throws Exception {
        samples.add(Sample.counter("guestdiag_btrfs_device_errors_total", "Errors.", Map.of("device", "vdb", "type", "write"), 3));
        samples.add(Sample.counter("guestdiag_btrfs_scrubs", "Scrubs.", Map.of(), 2));
        String text = scrape("text/plain");
        assertThat(text).contains("# TYPE guestdiag_btrfs_device_errors_total counter")
                .contains("guestdiag_btrfs_device_errors_total{device=\"vdb\",type=\"write\"} 3.0")
                .contains("guestdiag_btrfs_scrubs_total 2.0")
                .doesNotContain("_total_total");
        String om = scrape("application/openmetrics-text; version=1.0.0");
        assertThat(om).contains("# TYPE guestdiag_btrfs_device_errors counter")
                .contains("guestdiag_btrfs_device_errors_total{device=\"vdb\",type=\"write\"} 3.0")
                .contains("guestdiag_btrfs_scrubs_total 2.0").endsWith("# EOF\n");
    }

    @Test
    void aBrokenFamilyIsDroppedAndTheRestStillServed() throws Exception {
        samples.add(Sample.gauge("guestdiag_ok", "Fine.", Map.of(), 1));
        samples.add(Sample.gauge("guestdiag_mixed", "Gauge here.", Map.of(), 1));
        samples.add(Sample.counter("guestdiag_mixed", "Counter there.", Map.of(), 1));
        samples.add(Sample.gauge("guestdiag bad name", "Bad.", Map.of(), 1));
        samples.add(Sample.gauge("guestdiag_bad_label", "Bad label.", Map.of("device name", "sda"), 1));
        samples.add(Sample.gauge("guestdiag_twice", "Same labels twice.", Map.of("device", "sda"), 1));
        samples.add(Sample.gauge("guestdiag_twice", "Same labels twice.", Map.of("device", "sda"), 2));
        String text = scrape("text/plain");
        assertThat(text).contains("guestdiag_ok 1.0").doesNotContain("guestdiag_mixed").doesNotContain("guestdiag bad").doesNotContain("guestdiag_bad")
                .contains("guestdiag_twice{device=\"sda\"} 1.0").doesNotContain("guestdiag_twice{device=\"sda\"} 2.0");
    }

    @Test
    void twoNamesOfOneExpositionNameKeepTheFirst() throws Exception {
        samples.add(Sample.counter("guestdiag_resets", "Counter.", Map.of(), 1));
        samples.add(Sample.gauge("guestdiag_resets_total", "Gauge.", Map.of(), 7));
        samples.add(Sample.gauge("guestdiag_ok", "Fine.", Map.of(), 1));
        assertThat(scrape("text/plain")).contains("guestdiag_resets_total 1.0").doesNotContain("guestdiag_resets_total 7.0").contains("guestdiag_ok 1.0");
    }

    @Test
    void seriesFollowTheLatestSamplesSoDevicesVanish() throws Exception {
        samples.add(Sample.gauge("guestdiag_disk_rotational", "Spins.", Map.of("device", "sdb"), 0));
        assertThat(scrape("text/plain")).contains("guestdiag_disk_rotational{device=\"sdb\"} 0.0");
        samples.clear();
        assertThat(scrape("text/plain")).doesNotContain("guestdiag_disk_rotational");
    }
}
