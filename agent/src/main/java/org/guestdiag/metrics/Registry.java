package org.guestdiag.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.guestdiag.expose.Sample;

/**
 * The one registry of the agent: Micrometer meters for the agent itself and client_java's standard process
 * and JVM collectors on its PrometheusRegistry, followed by the families of the VM's inventory and findings
 * ({@link SampleCollector}). {@code serve} renders it on /metrics, {@code diagnose --format prometheus} into
 * a file for node_exporter's textfile collector: one registry and one writer, so both outputs carry the same
 * families by construction.
 *
 * <p>The inventory's families change only with a new diagnosis, so they are rendered once per published
 * sample list and format (and deflated once for gzip), kept while the next lists are equal to it, and
 * appended to the agent's own families, which a scrape renders afresh through the library's writer. Each block is the writer's own output; the families
 * are in name order within each, which Prometheus does not ask for.
 */
public final class Registry {
    /** The Accept value of the Prometheus text format 0.0.4, which node_exporter's textfile collector parses. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private final PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PrometheusRegistry own = micrometer.getPrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final SampleCollector collector = new SampleCollector();
    private final Supplier<List<Sample>> samples;
    /** OpenMetrics' "# EOF", nothing for the text format: what closes a body, written once after both blocks. */
    private final Map<String, byte[]> trailers = new ConcurrentHashMap<>();
    /** The formats scraped so far, each with and without gzip: what {@link #prepare} renders ahead. */
    private final Set<Format> scraped = ConcurrentHashMap.newKeySet();
    /** The one cache: the latest sample list's families and their renderings, and the list's before it. */
    private Inventory latest;
    private Inventory previous;

    private record Format(ExpositionFormatWriter writer, boolean gzip) { }

    /** One sample list's families, rendered per format (content type) on first need and kept with it. */
    private record Inventory(List<Sample> source, MetricSnapshots families, Map<String, Rendering> byFormat) { }

    /** The families in one format without trailer, and deflated once when a client first asks for gzip. */
    private static final class Rendering {
        final byte[] plain;
        private volatile GzipSegments.Segment deflated;

        Rendering(byte[] plain) {
            this.plain = plain;
        }

        GzipSegments.Segment deflated() {
            GzipSegments.Segment d = deflated;
            if (d == null) deflated = d = GzipSegments.segment(plain, Deflater.DEFAULT_COMPRESSION);
            return d;
        }
    }

    /** The server's registry, with the process and JVM collectors. */
    public Registry(String version, Supplier<List<Sample>> samples) {
        this(version, samples, true);
    }

    /**
     * @param samples the latest samples; must return the same list object until the samples change (a new
     *                diagnosis), and never change a list it has returned: its rendering is kept by identity
     * @param process whether to add process and JVM metrics. Not in textfile mode: node_exporter exposes
     *     its own {@code process_*} series, the same names from a textfile would clash with them, and the
     *     JVM state of a process that has already exited describes nothing.
     */
    public Registry(String version, Supplier<List<Sample>> samples, boolean process) {
        this.samples = samples;
        Gauge.builder("guestdiag.build.info", () -> 1).tag("version", version)
                .description("The running guestdiag agent's version, valued 1.").strongReference(true).register(micrometer);
        if (process) {
            // process_cpu_seconds_total, process_resident_memory_bytes, …: the names every exporter's process collector uses
            ProcessMetrics.builder().register(own);
            JvmMemoryMetrics.builder().register(own);
            JvmThreadsMetrics.builder().register(own);
            JvmClassLoadingMetrics.builder().register(own);
        }
    }

    public PrometheusMeterRegistry micrometer() {
        return micrometer;
    }

    /** One scrape in the format the Accept header asks for, uncompressed. */
    public Exposition scrape(String accept) {
        return scrape(accept, false);
    }

    /**
     * One scrape in the format the Accept header asks for: OpenMetrics when asked, else the Prometheus text
     * format; gzip-compressed when {@code gzip}. The agent's own families are rendered now, the inventory's
     * taken as rendered for this sample list.
     */
    public Exposition scrape(String accept, boolean gzip) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) writer = formats.getPrometheusTextFormatWriter(); // protobuf is not bundled: see the pom
        scraped.add(new Format(writer, gzip));
        byte[] trailer = trailer(writer);
        Rendering inv = rendering(inventory(samples.get()), writer, trailer);
        byte[] ownBytes = withoutTrailer(render(writer, own.scrape()), trailer);
        if (!gzip) {
            byte[] body = Arrays.copyOf(ownBytes, ownBytes.length + inv.plain.length + trailer.length);
            System.arraycopy(inv.plain, 0, body, ownBytes.length, inv.plain.length);
            System.arraycopy(trailer, 0, body, ownBytes.length + inv.plain.length, trailer.length);
            return new Exposition(writer.getContentType(), body, false);
        }
        // the own block is small and new each time: speed; the inventory's was deflated once, at the default level
        List<GzipSegments.Segment> parts = trailer.length == 0
                ? List.of(GzipSegments.segment(ownBytes, Deflater.BEST_SPEED), inv.deflated())
                : List.of(GzipSegments.segment(ownBytes, Deflater.BEST_SPEED), inv.deflated(), GzipSegments.segment(trailer, Deflater.BEST_SPEED));
        return new Exposition(writer.getContentType(), GzipSegments.gzip(parts), true);
    }

    /**
     * Renders (and deflates) the families of {@code next} in every format scraped so far, ahead of the scrapes:
     * call it before the supplier starts returning {@code next}. Scrapes meanwhile go on with the current list.
     */
    public void prepare(List<Sample> next) {
        Inventory inv = inventory(next);
        for (Format f : scraped) {
            Rendering r = rendering(inv, f.writer(), trailer(f.writer()));
            if (f.gzip()) r.deflated();
        }
    }

    /** The families of {@code source}: kept for the latest list and the one before, which scrapes use until the supplier moves on. */
    private Inventory inventory(List<Sample> source) {
        Inventory known = known(source);
        if (known != null) return known;
        // built outside the lock: scrapes of the current list do not wait for the next one's families. A refresh
        // of a VM where nothing moved publishes an equal list (the clock and the checks' durations are meters):
        // its families and renderings are the last ones
        Inventory base = latest();
        Inventory built = base != null && base.source().equals(source)
                ? new Inventory(source, base.families(), base.byFormat())
                : new Inventory(source, collector.collect(source), new ConcurrentHashMap<>());
        synchronized (this) {
            known = known(source);
            if (known != null) return known;
            previous = latest;
            latest = built;
            return built;
        }
    }

    private synchronized Inventory latest() {
        return latest;
    }

    private synchronized Inventory known(List<Sample> source) {
        if (latest != null && latest.source() == source) return latest;
        if (previous != null && previous.source() == source) return previous;
        return null;
    }

    private Rendering rendering(Inventory inv, ExpositionFormatWriter writer, byte[] trailer) {
        // two scrapers at once may both render a new list: the same bytes, and one of them is kept
        return inv.byFormat().computeIfAbsent(writer.getContentType(), k -> new Rendering(withoutTrailer(render(writer, inv.families()), trailer)));
    }

    private byte[] trailer(ExpositionFormatWriter writer) {
        return trailers.computeIfAbsent(writer.getContentType(), k -> render(writer, MetricSnapshots.of()));
    }

    private static byte[] render(ExpositionFormatWriter writer, MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static byte[] withoutTrailer(byte[] b, byte[] trailer) {
        return trailer.length == 0 ? b : Arrays.copyOf(b, b.length - trailer.length);
    }

    /** @param gzip whether {@code body} is gzip-compressed */
    public record Exposition(String contentType, byte[] body, boolean gzip) { }
}
