package org.guestdiag.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.Deflater;
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
    /**
     * One second: far below any scrape interval, so each Prometheus scrape still renders the JVM's meters
     * afresh, while 64 scrapers at once do not render them 64 times (two thirds of a scrape's CPU was the
     * JVM and process meters' rendering).
     */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Supplier<List<Sample>> samples;
    private final SampleCollector collector;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** The families of the latest sample list used, and of the one before (scrapes still on it while the next is prepared). */
    private volatile Rendered rendered;
    private volatile Rendered previous;
    /** The formats scraped so far, each with and without gzip: what {@link #prepare} renders ahead. */
    private final Set<Format> scraped = ConcurrentHashMap.newKeySet();
    private final long maxAgeNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** OpenMetrics' "# EOF", nothing for the text format. */
    private final Map<String, byte[]> trailers = new ConcurrentHashMap<>();

    private record Format(ExpositionFormatWriter writer, boolean gzip) { }

    /** One family rendered alone, without the format's trailer. */
    private record Family(String name, byte[] bytes) { }

    /** The families of one sample list, per format (content type), rendered on first use. */
    private record Rendered(List<Sample> source, MetricSnapshots snapshots, Map<String, Formatted> byFormat) { }

    /** The server's registry, with JVM and process metrics, its renderings shared for up to {@link #MAX_AGE}. */
    public Registry(String version, Supplier<List<Sample>> samples) {
        this(version, samples, true, MAX_AGE);
    }

    /** A registry whose every scrape renders (textfile mode, tests). */
    public Registry(String version, Supplier<List<Sample>> samples, boolean process) {
        this(version, samples, process, Duration.ZERO);
    }

    /**
     * @param samples the latest samples; must return the same list object until the samples change (a new
     *                diagnosis), and never change a list it has returned: the rendering is cached by identity
     * @param maxAge how long a rendering of the agent's own meters may be served again: scrapers within that
     *               time (many at once, or a second Prometheus) share one rendering. A new diagnosis always
     *               renders anew, so no inventory is ever older than the latest refresh.
     * @param process whether to add JVM and process metrics. Not in textfile mode: node_exporter exposes
     *     its own {@code process_*} series, the same names from a textfile would clash with them, and the
     *     JVM state of a process that has already exited describes nothing.
     */
    public Registry(String version, Supplier<List<Sample>> samples, boolean process, Duration maxAge) {
        this.samples = samples;
        this.maxAgeNanos = maxAge.toNanos();
        this.collector = new SampleCollector(samples);
        Gauge.builder("guestdiag.build.info", () -> 1).tag("version", version)
                .description("The running guestdiag agent's version, valued 1.").strongReference(true).register(micrometer);
        if (process) bindProcessMetrics();
    }

    private void bindProcessMetrics() {
        new JvmMemoryMetrics().bindTo(micrometer);
        bindThreadCounts();
        new ClassLoaderMetrics().bindTo(micrometer);
        // no ProcessorMetrics: its process_cpu_time_ns_total and system_cpu_count fail promtool check metrics
        new UptimeMetrics().bindTo(micrometer);
        new FileDescriptorMetrics().bindTo(micrometer);
    }

    /**
     * Micrometer's JvmThreadMetrics without its per-state gauges: each of those asks the JVM for every
     * thread's ThreadInfo, six stop-the-world operations per scrape, which made most of an idle agent's
     * VM-thread time. The counts come from counters the JVM keeps anyway; the names are Micrometer's.
     */
    private void bindThreadCounts() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Gauge.builder("jvm.threads.live", threads, java.lang.management.ThreadMXBean::getThreadCount).baseUnit("threads")
                .description("The current number of live threads including both daemon and non-daemon threads").register(micrometer);
        Gauge.builder("jvm.threads.daemon", threads, java.lang.management.ThreadMXBean::getDaemonThreadCount).baseUnit("threads")
                .description("The current number of live daemon threads").register(micrometer);
        Gauge.builder("jvm.threads.peak", threads, java.lang.management.ThreadMXBean::getPeakThreadCount).baseUnit("threads")
                .description("The peak live thread count since the Java virtual machine started or peak was reset").register(micrometer);
        io.micrometer.core.instrument.FunctionCounter.builder("jvm.threads.started", threads, java.lang.management.ThreadMXBean::getTotalStartedThreadCount)
                .baseUnit("threads").description("The total number of application threads started in the JVM").register(micrometer);
    }

    public PrometheusMeterRegistry micrometer() {
        return micrometer;
    }

    /** One scrape in the format the Accept header asks for, uncompressed. */
    public Exposition scrape(String accept) throws IOException {
        return scrape(accept, false);
    }

    /**
     * One scrape in the format the Accept header asks for: OpenMetrics when asked, else the Prometheus text
     * format; gzip-compressed when {@code gzip}. The agent's own meters are rendered now, in as few writer
     * calls as the name order allows; the inventory's families between them come from the cache, deflated
     * once per diagnosis when a client first asks for gzip.
     */
    public Exposition scrape(String accept, boolean gzip) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) writer = formats.getPrometheusTextFormatWriter(); // protobuf is not bundled: see the pom
        if (maxAgeNanos == 0) return render(writer, gzip, samples.get());
        String key = gzip ? writer.getContentType() + ";gzip" : writer.getContentType();
        Cached c = cache.get(key);
        if (c != null && fresh(c)) return c.exposition();
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            // scrapers that arrived during a rendering take its result instead of rendering again
            c = cache.get(key);
            if (c != null && fresh(c)) return c.exposition();
            scraped.add(new Format(writer, gzip)); // here, not per scrape: once per rendering is enough
            List<Sample> source = samples.get();
            long at = System.nanoTime();
            Exposition e = render(writer, gzip, source);
            cache.put(key, new Cached(source, at, e));
            return e;
        }
    }

    /**
     * Renders (and deflates) the families of {@code next} in every format scraped so far, ahead of the
     * scrapes: call it before the supplier starts returning {@code next}. Scrapes meanwhile go on with the
     * current list and its renderings.
     */
    public void prepare(List<Sample> next) throws IOException {
        if (maxAgeNanos == 0) return;
        for (Format f : scraped) render(f.writer(), f.gzip(), next);
    }

    private boolean fresh(Cached c) {
        return c.source() == samples.get() && System.nanoTime() - c.renderedAt() < maxAgeNanos;
    }

    private record Cached(List<Sample> source, long renderedAt, Exposition exposition) { }

    private Exposition render(ExpositionFormatWriter writer, boolean gzip, List<Sample> source) throws IOException {
        byte[] trailer = trailers.computeIfAbsent(writer.getContentType(), k -> render(writer, MetricSnapshots.of()));
        Formatted cached = formatted(writer, trailer, source);
        Family[] families = cached.families();
        MetricSnapshots own = micrometer.getPrometheusRegistry().scrape();
        List<Object> pieces = new ArrayList<>(); // byte[] rendered now, or a cached Run
        List<MetricSnapshot> group = new ArrayList<>();
        ByteArrayOutputStream live = new ByteArrayOutputStream(8192);
        int i = 0;
        for (MetricSnapshot s : own) {
            String name = s.getMetadata().getPrometheusName();
            int j = i;
            while (j < families.length && families[j].name().compareTo(name) < 0) j++;
            if (j > i) {
                renderGroup(writer, trailer, group, live);
                flush(live, pieces);
                pieces.add(cached.run(i, j));
                i = j;
            }
            if (i < families.length && families[i].name().equals(name)) {
                // one registry would have refused the whole scrape; the agent's own meter wins, the sample family goes
                if (warned.add(name)) logger.warn("metric {} dropped: the agent's own meter has that name", name);
                i++;
            }
            group.add(s);
        }
        renderGroup(writer, trailer, group, live);
        if (i < families.length) {
            flush(live, pieces);
            pieces.add(cached.run(i, families.length));
        }
        live.write(trailer);
        flush(live, pieces);
        List<GzipSegments.Segment> segments = new ArrayList<>(pieces.size());
        for (Object p : pieces) {
            if (p instanceof Run r) segments.add(gzip ? r.deflated() : new GzipSegments.Segment(r.plain(), null));
            else segments.add(gzip ? GzipSegments.segment((byte[]) p, Deflater.BEST_SPEED) : new GzipSegments.Segment((byte[]) p, null));
        }
        return new Exposition(writer.getContentType(), gzip ? GzipSegments.gzip(segments) : GzipSegments.plain(segments), gzip);
    }

    private static void renderGroup(ExpositionFormatWriter writer, byte[] trailer, List<MetricSnapshot> group, ByteArrayOutputStream out) {
        if (group.isEmpty()) return;
        out.writeBytes(withoutTrailer(render(writer, MetricSnapshots.of(group.toArray(new MetricSnapshot[0]))), trailer));
        group.clear();
    }

    private static void flush(ByteArrayOutputStream live, List<Object> pieces) {
        if (live.size() == 0) return;
        pieces.add(live.toByteArray());
        live.reset();
    }

    private Formatted formatted(ExpositionFormatWriter writer, byte[] trailer, List<Sample> source) {
        Rendered r = rendered;
        if (r == null || r.source() != source) {
            Rendered p = previous;
            if (p != null && p.source() == source) {
                r = p;
            } else {
                r = new Rendered(source, collector.collect(source), new ConcurrentHashMap<>());
                previous = rendered;
                rendered = r;
            }
        }
        MetricSnapshots snapshots = r.snapshots();
        return r.byFormat().computeIfAbsent(writer.getContentType(), k -> {
            Family[] fs = new Family[snapshots.size()];
            int i = 0;
            for (MetricSnapshot s : snapshots) {
                fs[i++] = new Family(s.getMetadata().getPrometheusName(), withoutTrailer(render(writer, MetricSnapshots.of(s)), trailer));
            }
            return new Formatted(fs, new ConcurrentHashMap<>());
        });
    }

    /** The cached families of one format, and the runs of them that fall between the agent's own meters. */
    private record Formatted(Family[] families, Map<Long, Run> runs) {
        Run run(int from, int to) {
            return runs.computeIfAbsent(((long) from << 32) | to, k -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = from; i < to; i++) out.write(families[i].bytes(), 0, families[i].bytes().length);
                return new Run(out.toByteArray());
            });
        }
    }

    /** Consecutive cached families as one piece, deflated on first need. */
    private static final class Run {
        private final byte[] plain;
        private volatile GzipSegments.Segment deflated;

        Run(byte[] plain) {
            this.plain = plain;
        }

        byte[] plain() {
            return plain;
        }

        GzipSegments.Segment deflated() {
            GzipSegments.Segment d = deflated;
            if (d == null) deflated = d = GzipSegments.segment(plain, Deflater.DEFAULT_COMPRESSION);
            return d;
        }
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

    /** @param gzip whether {@code body} is gzip-compressed */
    public record Exposition(String contentType, byte[] body, boolean gzip) { }
}
