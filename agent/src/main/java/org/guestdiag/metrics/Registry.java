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
 * The one registry of the server: Micrometer meters for the agent itself (build info, JVM and process
 * basics, per-check results) plus the scrape-time {@link SampleCollector} for the VM's inventory and findings.
 */
public final class Registry {
    private final PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExpositionFormats formats = ExpositionFormats.init();

    public Registry(String version, Supplier<List<Sample>> samples) {
        Gauge.builder("guestdiag.build.info", () -> 1).tag("version", version)
                .description("The running guestdiag agent's version, valued 1.").strongReference(true).register(micrometer);
        new JvmMemoryMetrics().bindTo(micrometer);
        new JvmThreadMetrics().bindTo(micrometer);
        new ClassLoaderMetrics().bindTo(micrometer);
        // no ProcessorMetrics: its process_cpu_time_ns_total and system_cpu_count fail promtool check metrics
        new UptimeMetrics().bindTo(micrometer);
        new FileDescriptorMetrics().bindTo(micrometer);
        micrometer.getPrometheusRegistry().register(new SampleCollector(samples));
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
