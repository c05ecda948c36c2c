package org.guestdiag.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.guestdiag.check.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registry of the agent: Micrometer meters for the agent itself (build info, JVM and process
 * basics, per-check results) plus the {@link SampleCollector} families of the VM's inventory and findings.
 * {@code serve} renders it on /metrics, {@code diagnose --format prometheus} into a file for node_exporter's
 * textfile collector: one registry and one writer, so both outputs carry the same families by construction.
 *
 * <p>The inventory's families change only when the refresher publishes a new diagnosis, so they are
 * rendered once per published sample list and format and kept as bytes: a scrape renders only the
 * agent's own meters (about 100 series) and merges them with the cached bytes in name order, the order
 * {@link MetricSnapshots} gives. That keeps the exposition byte for byte what one registry scrape wrote,
 * at a cost that no longer grows with the number of disks.
 */
public final class Registry {
    private static final Logger logger = LoggerFactory.getLogger(Registry.class);
    /** The Accept value of the Prometheus text format 0.0.4, which node_exporter's textfile collector parses. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private final PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Supplier<List<Sample>> samples;
    private final SampleCollector collector;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile Rendered rendered;

    /** One family rendered alone, without the format's trailer. */
    private record Family(String name, byte[] bytes) { }

    /** The families of one sample list, per format (content type), rendered on first use. */
    private record Rendered(List<Sample> source, MetricSnapshots snapshots, Map<String, Family[]> byFormat) { }

    /** The server's registry, with JVM and process metrics. */
    public Registry(String version, Supplier<List<Sample>> samples) {
        this(version, samples, true);
    }

    /**
     * @param samples the latest samples; must return the same list object until the samples change (a new
     *                diagnosis), and never change a list it has returned: the rendering is cached by identity
     * @param process whether to add JVM and process metrics. Not in textfile mode: node_exporter exposes
     *     its own {@code process_*} series, the same names from a textfile would clash with them, and the
     *     JVM state of a process that has already exited describes nothing.
     */
    public Registry(String version, Supplier<List<Sample>> samples, boolean process) {
        this.samples = samples;
        this.collector = new SampleCollector(samples);
        Gauge.builder("guestdiag.build.info", () -> 1).tag("version", version)
                .description("The running guestdiag agent's version, valued 1.").strongReference(true).register(micrometer);
        if (process) bindProcessMetrics();
    }

    private void bindProcessMetrics() {
        new JvmMemoryMetrics().bindTo(micrometer);
        new JvmThreadMetrics().bindTo(micrometer);
        new ClassLoaderMetrics().bindTo(micrometer);
        // no ProcessorMetrics: its process_cpu_time_ns_total and system_cpu_count fail promtool check metrics
        new UptimeMetrics().bindTo(micrometer);
        new FileDescriptorMetrics().bindTo(micrometer);
    }

    public PrometheusMeterRegistry micrometer() {
        return micrometer;
    }

    /** One scrape in the format the Accept header asks for: OpenMetrics when asked, else the Prometheus text format. */
    public Exposition scrape(String accept) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) writer = formats.getPrometheusTextFormatWriter(); // protobuf is not bundled: see the pom
        byte[] trailer = render(writer, MetricSnapshots.of()); // OpenMetrics' "# EOF", nothing for the text format
        Family[] cached = families(writer, trailer);
        MetricSnapshots own = micrometer.getPrometheusRegistry().scrape();
        int size = trailer.length + 4096;
        for (Family f : cached) size += f.bytes().length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        int i = 0;
        for (MetricSnapshot s : own) {
            String name = s.getMetadata().getPrometheusName();
            while (i < cached.length && cached[i].name().compareTo(name) < 0) out.write(cached[i++].bytes());
            if (i < cached.length && cached[i].name().equals(name)) {
                // one registry would have refused the whole scrape; the agent's own meter wins, the sample family goes
                if (warned.add(name)) logger.warn("metric {} dropped: the agent's own meter has that name", name);
                i++;
            }
            out.write(withoutTrailer(render(writer, MetricSnapshots.of(s)), trailer));
        }
        while (i < cached.length) out.write(cached[i++].bytes());
        out.write(trailer);
        return new Exposition(writer.getContentType(), out.toByteArray());
    }

    private Family[] families(ExpositionFormatWriter writer, byte[] trailer) {
        List<Sample> source = samples.get();
        Rendered r = rendered;
        if (r == null || r.source() != source) {
            r = new Rendered(source, collector.collect(source), new ConcurrentHashMap<>());
            rendered = r;
        }
        MetricSnapshots snapshots = r.snapshots();
        return r.byFormat().computeIfAbsent(writer.getContentType(), k -> {
            Family[] fs = new Family[snapshots.size()];
            int i = 0;
            for (MetricSnapshot s : snapshots) {
                fs[i++] = new Family(s.getMetadata().getPrometheusName(), withoutTrailer(render(writer, MetricSnapshots.of(s)), trailer));
            }
            return fs;
        });
    }

    private static byte[] render(ExpositionFormatWriter writer, MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static byte[] withoutTrailer(byte[] b, byte[] trailer) {
        return trailer.length == 0 ? b : Arrays.copyOf(b, b.length - trailer.length);
    }

    public record Exposition(String contentType, byte[] body) { }
}
