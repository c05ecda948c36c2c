package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.guestdiag.expose.Sample;
import org.junit.jupiter.api.Test;

/**
 * {@link Registry#prepare}: a new diagnosis's families are rendered before scrapes see it, and scrapes on
 * the current one keep its renderings meanwhile. Read counts show who rendered: collecting a sample list
 * reads every sample of it.
 */
class RegistryPrepareTest {
    /** A sample list that counts how often its samples are read. */
    private static final class Counted extends AbstractList<Sample> {
        final List<Sample> samples;
        final AtomicInteger reads = new AtomicInteger();

        Counted(String device) {
            samples = List.of(Sample.gauge("guestdiag_disk_rotational", "Spins.", Map.of("device", device), 0),
                    Sample.gauge("guestdiag_disk_queue_depth", "Depth.", Map.of("device", device), 128));
        }

        @Override public Sample get(int i) {
            reads.incrementAndGet();
            return samples.get(i);
        }

        @Override public int size() {
            return samples.size();
        }
    }

    private volatile List<Sample> current;
    private final Registry registry = new Registry("test", () -> current);

    private String scrape(String accept, boolean gzip) throws Exception {
        Registry.Exposition e = registry.scrape(accept, gzip);
        byte[] body = e.body();
        if (gzip) body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void theNextSamplesAreRenderedBeforeScrapesSeeThem() throws Exception {
        Counted a = new Counted("sda");
        current = a;
        String om = "application/openmetrics-text; version=1.0.0";
        assertThat(scrape("text/plain", false)).contains("device=\"sda\"");
        assertThat(scrape(om, true)).contains("device=\"sda\"");

        Counted b = new Counted("sdb");
        registry.prepare(b);
        assertThat(b.reads.get()).as("prepare rendered the next samples").isPositive();
        int readsOfA = a.reads.get();
        assertThat(scrape("text/plain", false)).as("scrapes stay on the current samples until they change").contains("device=\"sda\"").doesNotContain("sdb");
        assertThat(a.reads.get()).as("the current samples' renderings were kept beside the prepared ones").isEqualTo(readsOfA);

        int readsOfB = b.reads.get();
        current = b;
        assertThat(scrape("text/plain", false)).contains("device=\"sdb\"").doesNotContain("sda");
        assertThat(scrape(om, true)).contains("device=\"sdb\"").doesNotContain("sda").endsWith("# EOF\n");
        assertThat(b.reads.get()).as("no scrape rendered the prepared samples again").isEqualTo(readsOfB);
    }
}
