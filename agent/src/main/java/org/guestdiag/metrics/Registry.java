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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.guestdiag.check.Sample;

/**
 * The one registry of the agent: Micrometer meters for the agent itself (build info, JVM and process
 * basics, per-check results) plus the scrape-time {@link SampleCollector} for the VM's inventory and findings.
 * {@code serve} renders it on /metrics, {@code diagnose --format prometheus} into a file for node_exporter's
 * textfile collector: one registry and one writer, so both outputs carry the same families by construction.
 */
public final class Registry {
    /** The Accept value of the Prometheus text format 0.0.4, which node_exporter's textfile collector parses. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private final PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExpositionFormats formats = ExpositionFormats.init();

    /** The server's registry, with JVM and process metrics. */
    public Registry(String version, Supplier<List<Sample>> samples) {
        this(version, samples, true);
    }

    /**
     * @param process whether to add JVM and process metrics. Not in textfile mode: node_exporter exposes
     *     its own {@code process_*} series, the same names from a textfile would clash with them, and the
     *     JVM state of a process that has already exited describes nothing.
     */
    public Registry(String version, Supplier<List<Sample>> samples, boolean process) {
        Gauge.builder("guestdiag.build.info", () -> 1).tag("version", version)
                .description("The running guestdiag agent's version, valued 1.").strongReference(true).register(micrometer);
        if (process) bindProcessMetrics();
        micrometer.getPrometheusRegistry().register(new SampleCollector(samples));
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, micrometer.getPrometheusRegistry().scrape());
        return new Exposition(writer.getContentType(), out.toByteArray());
    }

    public record Exposition(String contentType, byte[] body) { }
}
