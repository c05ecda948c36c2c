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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.guestdiag.expose.Sample;
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
 *
 * <p>A refresh of a VM where nothing moved publishes a new list whose families are mostly equal to the last
 * ones (the check timestamps differ): those families, and the compressed runs made only of them, are taken
 * over instead of rendered and deflated again, so a refresh costs what changed, not the whole exposition.
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
    /** Held here: Micrometer keeps only weak references to what its gauges read, and would read NaN once it is collected. */
    private final ProcessMeters process = new ProcessMeters(java.nio.file.Path.of("/proc/self"), Duration.ofMillis(100));
    private final OwnMeters ownMeters = new OwnMeters(micrometer);
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Supplier<List<Sample>> samples;
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
    /** Families rendered and runs deflated since start: what the tests of reuse count. */
    private final java.util.concurrent.atomic.LongAdder familiesRendered = new java.util.concurrent.atomic.LongAdder();
    /** Families whose new values were written into their last rendering, without the writer (see {@link Family#withValues}). */
    private final java.util.concurrent.atomic.LongAdder familiesPatched = new java.util.concurrent.atomic.LongAdder();
    private static final java.util.concurrent.atomic.LongAdder runsDeflated = new java.util.concurrent.atomic.LongAdder();

    private record Format(ExpositionFormatWriter writer, boolean gzip) { }

    /** The samples of one list grouped by family, and their renderings per format (content type), made on first use. */
    private record Rendered(List<Sample> source, Map<String, List<Sample>> groups, Map<String, Formatted> byFormat) { }

    /** Per format, its latest rendering: the next sample list takes over its unchanged families and runs. */
    private final Map<String, Formatted> latest = new ConcurrentHashMap<>();
    /** The exposition names of the agent's own meters at the last scrape, in order: where prepare cuts the runs. */
    private volatile List<String> ownNames;

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
        Gauge.builder("guestdiag.build.info", () -> 1).tag("version", version)
                .description("The running guestdiag agent's version, valued 1.").strongReference(true).register(micrometer);
        if (process) bindProcessMetrics();
    }

    private void bindProcessMetrics() {
        new JvmMemoryMetrics().bindTo(micrometer);
        bindThreadCounts();
        new ClassLoaderMetrics().bindTo(micrometer);
        // no ProcessorMetrics: its process_cpu_time_ns_total and system_cpu_count fail promtool check metrics
        process.bindTo(micrometer);
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
        for (Format f : scraped) {
            ExpositionFormatWriter writer = f.writer();
            byte[] trailer = trailers.computeIfAbsent(writer.getContentType(), k -> render(writer, MetricSnapshots.of()));
            Formatted cached = formatted(writer, trailer, next);
            List<String> own = ownNames;
            if (own == null) continue; // not scraped yet: the first scrape renders
            // the runs are joined here for every format, not on the first scrape after the refresh; deflated for gzip
            List<Run> runs = layout(cached, own);
            if (f.gzip()) for (Run r : runs) if (r != null) r.deflated();
        }
    }

    private boolean fresh(Cached c) {
        return c.source() == samples.get() && System.nanoTime() - c.renderedAt() < maxAgeNanos;
    }

    private record Cached(List<Sample> source, long renderedAt, Exposition exposition) { }

    private Exposition render(ExpositionFormatWriter writer, boolean gzip, List<Sample> source) throws IOException {
        byte[] trailer = trailers.computeIfAbsent(writer.getContentType(), k -> render(writer, MetricSnapshots.of()));
        Formatted cached = formatted(writer, trailer, source);
        List<OwnMeters.Family> own = ownMeters.families(writer, s -> withoutTrailer(render(writer, MetricSnapshots.of(s)), trailer));
        if (own.isEmpty()) own = snapshotFamilies(writer, trailer);
        List<String> names = new ArrayList<>(own.size());
        for (OwnMeters.Family f : own) names.add(f.name());
        ownNames = names;
        // the cached runs, with null where the own meters go: they are written now, between the runs
        List<Run> runs = layout(cached, names);
        List<Object> pieces = new ArrayList<>(); // byte[] written now, or a cached Run
        ByteArrayOutputStream live = new ByteArrayOutputStream(8192);
        int k = 0;
        for (OwnMeters.Family f : own) {
            while (runs.get(k) != null) {
                flush(live, pieces);
                pieces.add(runs.get(k++));
            }
            k++; // this meter's place
            f.writeTo(live);
        }
        if (k < runs.size()) flush(live, pieces);
        while (k < runs.size()) pieces.add(runs.get(k++));
        live.write(trailer);
        flush(live, pieces);
        List<GzipSegments.Segment> segments = new ArrayList<>(pieces.size());
        for (Object p : pieces) {
            if (p instanceof Run r) segments.add(gzip ? r.deflated() : new GzipSegments.Segment(r.plain(), null));
            else segments.add(gzip ? GzipSegments.segment((byte[]) p, Deflater.BEST_SPEED) : new GzipSegments.Segment((byte[]) p, null));
        }
        return new Exposition(writer.getContentType(), gzip ? GzipSegments.gzip(segments) : GzipSegments.plain(segments), gzip);
    }

    /**
     * The cached runs in exposition order around the agent's own meters (name order, as {@link MetricSnapshots}):
     * a null marks each own meter's place. A family named as an own meter is dropped: one registry would
     * have refused the whole scrape; the agent's own meter wins.
     */
    private List<Run> layout(Formatted cached, List<String> own) {
        List<Run> out = new ArrayList<>(own.size() + 8);
        int n = cached.size();
        int i = 0;
        for (String name : own) {
            int j = i;
            while (j < n && cached.name(j).compareTo(name) < 0) j++;
            if (j > i) {
                out.addAll(cached.runs(i, j));
                i = j;
            }
            if (i < n && cached.name(i).equals(name)) {
                if (warned.add(name)) logger.warn("metric {} dropped: the agent's own meter has that name", name);
                i++;
            }
            out.add(null);
        }
        if (i < n) out.addAll(cached.runs(i, n));
        return out;
    }

    /** The own meters as Micrometer's snapshot renders them, for when they have no template (see {@link OwnMeters}). */
    private List<OwnMeters.Family> snapshotFamilies(ExpositionFormatWriter writer, byte[] trailer) {
        List<OwnMeters.Family> out = new ArrayList<>();
        for (MetricSnapshot s : micrometer.getPrometheusRegistry().scrape()) {
            byte[] bytes = withoutTrailer(render(writer, MetricSnapshots.of(s)), trailer);
            out.add(new OwnMeters.Family(s.getMetadata().getPrometheusName(), new byte[][] {bytes}, new java.util.function.DoubleSupplier[0]));
        }
        return out;
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
                r = new Rendered(source, SampleCollector.group(source), new ConcurrentHashMap<>());
                previous = rendered;
                rendered = r;
            }
        }
        Map<String, List<Sample>> groups = r.groups();
        String type = writer.getContentType();
        return r.byFormat().computeIfAbsent(type, k -> {
            Formatted f = Formatted.of(groups, latest.get(type), s -> {
                familiesRendered.increment();
                return withoutTrailer(render(writer, MetricSnapshots.of(s)), trailer);
            }, familiesPatched::increment, this::warnOnce);
            latest.put(type, f);
            return f;
        });
    }

    long familiesRendered() {
        return familiesRendered.sum();
    }

    long familiesPatched() {
        return familiesPatched.sum();
    }

    /** Over all registries (a run does not know its registry); tests read differences. */
    static long runsDeflated() {
        return runsDeflated.sum();
    }

    private void warnOnce(String name, String why) {
        if (warned.add(name + why)) logger.warn("metric {} dropped: {}", name, why);
    }

    /**
     * One family rendered alone, without the format's trailer. Compared by identity: the same object in two
     * renderings means the family was carried over unchanged, which is what lets a run of them be reused.
     */
    private static final class Family {
        final String name;
        final String key;
        final List<Sample> samples;
        final byte[] bytes;
        /**
         * The bytes cut at each sample line's value, {@code parts[0] value parts[1] … parts[n]}, and the index in
         * {@link #samples} of each line's sample; null when the rendering could not be cut so (then a change is
         * rendered by the writer).
         */
        private final byte[][] parts;
        private final int[] lines;

        private Family(String name, String key, List<Sample> samples, byte[] bytes, byte[][] parts, int[] lines) {
            this.name = name;
            this.key = key;
            this.samples = samples;
            this.bytes = bytes;
            this.parts = parts;
            this.lines = lines;
        }

        /** A family rendered by the writer from {@code snapshot}, cut at its values for the next refresh. */
        static Family rendered(MetricSnapshot snapshot, String key, List<Sample> samples, byte[] bytes) {
            String name = snapshot.getMetadata().getPrometheusName();
            // the line's sample: the first with its labels, as SampleCollector keeps the first of duplicates; by hash,
            // since a family has a line per disk (a search per line took 100 ms at 1024 disks when the shape changed)
            Map<io.prometheus.metrics.model.snapshots.Labels, Integer> sampleOf = new HashMap<>(samples.size() * 2);
            for (int i = 0; i < samples.size(); i++) sampleOf.putIfAbsent(SampleCollector.labels(samples.get(i)), i);
            List<? extends io.prometheus.metrics.model.snapshots.DataPointSnapshot> points = snapshot.getDataPoints();
            int[] lines = new int[points.size()];
            double[] values = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                Integer line = sampleOf.get(points.get(i).getLabels());
                if (line == null) return new Family(name, key, samples, bytes, null, null);
                lines[i] = line;
                values[i] = samples.get(line).value();
            }
            byte[][] parts = OwnMeters.cutAtValues(bytes, values);
            return new Family(name, key, samples, bytes, parts, parts == null ? null : lines);
        }

        /**
         * This family with the values of {@code next} written into its rendering, or null unless {@code next}
         * differs from its samples in values alone (same names, types, help and labels, in the same order): a
         * refresh of an unchanged VM moves only values (the checks' time stamps), and the writer, its snapshot
         * and label checks cost far more than the values (interpreted, as a server scraped once a minute runs
         * for its first hours, 4-6 ms a refresh).
         */
        Family withValues(List<Sample> next) {
            if (parts == null || next.size() != samples.size()) return null;
            for (int i = 0; i < next.size(); i++) {
                Sample a = samples.get(i);
                Sample b = next.get(i);
                if (a != b && (a.type() != b.type() || !a.name().equals(b.name()) || !a.help().equals(b.help()) || !a.labels().equals(b.labels()))) {
                    return null;
                }
                // a negative counter, which the model refuses, goes to the writer, which drops its family as before
                if (b.type() == Sample.Type.COUNTER && b.value() < 0) return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
            for (int k = 0; k < lines.length; k++) {
                out.writeBytes(parts[k]);
                out.writeBytes(OwnMeters.format(next.get(lines[k]).value()));
            }
            out.writeBytes(parts[lines.length]);
            return new Family(name, key, next, out.toByteArray(), parts, lines);
        }
    }

    /**
     * The families of one sample list in one format, and the runs of them between the agent's own meters.
     * A refresh of an unchanged VM changes a few families (the check timestamps and durations); the others are
     * taken over from the format's previous rendering, and so are the deflated runs made only of those.
     */
    private static final class Formatted {
        private final Family[] families;
        /** Per family: rendered for this list, not taken over. A run is cut where this changes. */
        private final boolean[] fresh;
        private final Map<String, Family> byKey = new java.util.HashMap<>();
        private final Map<List<Family>, Run> runs = new ConcurrentHashMap<>();
        /** The runs of the rendering this one took families from: runs of the same families are reused. */
        private final Map<List<Family>, Run> prior;
        private final Map<Long, List<Run>> ranges = new ConcurrentHashMap<>();

        private Formatted(Family[] families, boolean[] fresh, Map<List<Family>, Run> prior) {
            this.families = families;
            this.fresh = fresh;
            this.prior = prior;
            for (Family f : families) byKey.put(f.key, f);
        }

        static Formatted of(Map<String, List<Sample>> groups, Formatted base, java.util.function.Function<MetricSnapshot, byte[]> render,
                Runnable patched, java.util.function.BiConsumer<String, String> drop) {
            List<Family> out = new ArrayList<>(groups.size());
            java.util.Set<Family> carried = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (var e : groups.entrySet()) {
                Family old = base == null ? null : base.byKey.get(e.getKey());
                if (old != null && old.samples.equals(e.getValue())) {
                    out.add(old);
                    carried.add(old);
                    continue;
                }
                Family moved = old == null ? null : old.withValues(e.getValue());
                if (moved != null) {
                    out.add(moved);
                    patched.run();
                    continue;
                }
                try {
                    MetricSnapshot s = SampleCollector.family(e.getKey(), e.getValue());
                    out.add(Family.rendered(s, e.getKey(), e.getValue(), render.apply(s)));
                } catch (IllegalArgumentException ex) {
                    drop.accept(e.getKey(), ex.getMessage());
                }
            }
            out.sort(java.util.Comparator.comparing(f -> f.name)); // the order MetricSnapshots gives
            List<Family> unique = new ArrayList<>(out.size());
            for (Family f : out) {
                // two sample names of one exposition name (a gauge x_total beside a counter x): one scrape would fail
                if (!unique.isEmpty() && unique.get(unique.size() - 1).name.equals(f.name)) drop.accept(f.key, "another family has the name " + f.name);
                else unique.add(f);
            }
            Family[] families = unique.toArray(new Family[0]);
            boolean[] fresh = new boolean[families.length];
            for (int i = 0; i < families.length; i++) fresh[i] = !carried.contains(families[i]);
            return new Formatted(families, fresh, base == null ? Map.of() : base.runs);
        }

        int size() {
            return families.length;
        }

        String name(int i) {
            return families[i].name;
        }

        /** Families {@code from} to {@code to} as runs: one per stretch of fresh or of carried-over families. */
        List<Run> runs(int from, int to) {
            return ranges.computeIfAbsent(((long) from << 32) | to, k -> {
                List<Run> out = new ArrayList<>(3);
                int a = from;
                while (a < to) {
                    int b = a + 1;
                    while (b < to && fresh[b] == fresh[a]) b++;
                    List<Family> key = List.of(Arrays.copyOfRange(families, a, b));
                    Run old = prior.get(key);
                    out.add(runs.computeIfAbsent(key, x -> old != null ? old : Run.of(key)));
                    a = b;
                }
                return out;
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

        static Run of(List<Family> families) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Family f : families) out.write(f.bytes, 0, f.bytes.length);
            return new Run(out.toByteArray());
        }

        byte[] plain() {
            return plain;
        }

        GzipSegments.Segment deflated() {
            GzipSegments.Segment d = deflated;
            if (d == null) {
                deflated = d = GzipSegments.segment(plain, Deflater.DEFAULT_COMPRESSION);
                runsDeflated.increment();
            }
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
