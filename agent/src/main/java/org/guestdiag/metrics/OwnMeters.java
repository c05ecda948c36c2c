package org.guestdiag.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The agent's own meters (build, JVM, process, refreshes) written straight from the Micrometer meters, the
 * constant parts of their lines kept as bytes. Micrometer's own scrape builds a snapshot of every family on
 * every call (metadata, label sets, name checks): 1.5–2 ms of a Prometheus scrape once the caches are cold
 * after a second asleep, for about 40 values that are all a scrape has to read anew.
 *
 * <p>The bytes are Micrometer's by construction: a format's template is cut from one rendering of
 * Micrometer's own snapshot by the library's writer, at the value of each sample line, and each value is
 * then read from the meter whose name and tags give that line. The template is made again when a meter is
 * added or removed. Where any family or meter is not of a kind understood here (histograms, timers, a line
 * the cut does not match), there is no template and the caller renders Micrometer's snapshot as before.
 */
final class OwnMeters {
    private final PrometheusMeterRegistry micrometer;
    /** Bumped when a meter is added or removed: the templates made before describe other meters. */
    private final AtomicInteger meterSet = new AtomicInteger();
    private final Map<String, Template> templates = new ConcurrentHashMap<>();

    OwnMeters(PrometheusMeterRegistry micrometer) {
        this.micrometer = micrometer;
        micrometer.config().onMeterAdded(m -> meterSet.incrementAndGet());
        micrometer.config().onMeterRemoved(m -> meterSet.incrementAndGet());
    }

    /** One own family in one format: its bytes are {@code parts[0] value[0] parts[1] … value[n-1] parts[n]}. */
    record Family(String name, byte[][] parts, DoubleSupplier[] values) {
        void writeTo(ByteArrayOutputStream out) {
            out.writeBytes(parts[0]);
            for (int i = 0; i < values.length; i++) {
                out.writeBytes(format(values[i].getAsDouble()));
                out.writeBytes(parts[i + 1]);
            }
        }
    }

    private record Template(int meterSet, List<Family> families) { }

    /**
     * The own families for {@code writer}, in exposition (name) order; empty when Micrometer's snapshot
     * must be rendered instead. {@code render} is the writer's rendering of one snapshot without trailer.
     */
    List<Family> families(ExpositionFormatWriter writer, Function<MetricSnapshot, byte[]> render) {
        int set = meterSet.get();
        Template t = templates.get(writer.getContentType());
        if (t == null || t.meterSet() != set) {
            t = new Template(set, template(render));
            templates.put(writer.getContentType(), t);
        }
        return t.families();
    }

    private List<Family> template(Function<MetricSnapshot, byte[]> render) {
        Map<String, Meter> meters = byLine();
        if (meters == null) return List.of();
        List<Family> out = new ArrayList<>();
        for (MetricSnapshot s : micrometer.getPrometheusRegistry().scrape()) {
            Family f = cut(s, render.apply(s), meters);
            if (f == null) return List.of();
            out.add(f);
        }
        return List.copyOf(out);
    }

    /** The family's rendering cut at each sample line's value, or null where the lines are not one value per data point. */
    private static Family cut(MetricSnapshot s, byte[] rendered, Map<String, Meter> meters) {
        String name = s.getMetadata().getPrometheusName();
        if (s instanceof InfoSnapshot) { // an info line's value is always 1: the whole rendering is constant
            return new Family(name, new byte[][] {rendered}, new DoubleSupplier[0]);
        }
        if (!(s instanceof GaugeSnapshot) && !(s instanceof CounterSnapshot)) return null;
        List<? extends DataPointSnapshot> points = s.getDataPoints();
        double[] seen = new double[points.size()];
        DoubleSupplier[] values = new DoubleSupplier[points.size()];
        for (int i = 0; i < points.size(); i++) {
            DataPointSnapshot p = points.get(i);
            seen[i] = p instanceof GaugeSnapshot.GaugeDataPointSnapshot g ? g.getValue() : ((CounterSnapshot.CounterDataPointSnapshot) p).getValue();
            Meter m = meters.get(key(name, p.getLabels()));
            values[i] = m == null ? null : valueOf(m);
            if (values[i] == null) return null;
        }
        byte[][] parts = cutAtValues(rendered, seen);
        return parts == null ? null : new Family(name, parts, values);
    }

    /**
     * {@code rendered} cut at the value of each sample line, {@code parts[0] value[0] parts[1] … parts[n]}, where
     * the lines are one per data point, in order, each ending in its value written as {@link #format} writes
     * {@code values[i]}; null otherwise. A rendering whose cuts hold is remade with other values by writing
     * them between the parts.
     */
    static byte[][] cutAtValues(byte[] rendered, double[] values) {
        String text = new String(rendered, StandardCharsets.UTF_8);
        List<byte[]> parts = new ArrayList<>(values.length + 1);
        int point = 0;
        int lineStart = 0;
        int partStart = 0;
        while (lineStart < text.length()) {
            int end = text.indexOf('\n', lineStart);
            if (end < 0) return null;
            if (text.charAt(lineStart) != '#') {
                if (point >= values.length) return null;
                int space = text.lastIndexOf(' ', end);
                // the cut must fall on the value, written as this class writes it
                if (space < lineStart || !text.substring(space + 1, end).equals(new String(format(values[point++]), StandardCharsets.ISO_8859_1))) return null;
                parts.add(text.substring(partStart, space + 1).getBytes(StandardCharsets.UTF_8));
                partStart = end;
            }
            lineStart = end + 1;
        }
        if (point != values.length) return null;
        parts.add(text.substring(partStart).getBytes(StandardCharsets.UTF_8));
        return parts.toArray(new byte[0][]);
    }

    /** Every meter by the family name and labels its line has; null when two meters would share a line. */
    private Map<String, Meter> byLine() {
        NamingConvention convention = micrometer.config().namingConvention();
        Map<String, Meter> out = new HashMap<>();
        for (Meter m : micrometer.getMeters()) {
            String name = PrometheusNaming.prometheusName(PrometheusNaming.sanitizeMetricName(m.getId().getConventionName(convention)));
            List<Tag> tags = new ArrayList<>(m.getId().getConventionTags(convention));
            String[] labelNames = new String[tags.size()];
            String[] labelValues = new String[tags.size()];
            tags.sort(Comparator.comparing(t -> PrometheusNaming.sanitizeLabelName(t.getKey())));
            for (int i = 0; i < tags.size(); i++) {
                labelNames[i] = PrometheusNaming.sanitizeLabelName(tags.get(i).getKey());
                labelValues[i] = tags.get(i).getValue();
            }
            if (out.put(key(name, Labels.of(labelNames, labelValues)), m) != null) return null;
        }
        return out;
    }

    private static String key(String family, Labels labels) {
        StringBuilder b = new StringBuilder(family);
        for (int i = 0; i < labels.size(); i++) b.append('\0').append(labels.getPrometheusName(i)).append('\0').append(labels.getValue(i));
        return b.toString();
    }

    /** What Micrometer's Prometheus registry reads of the meter; null for kinds with more than one value. */
    private static DoubleSupplier valueOf(Meter m) {
        if (m instanceof TimeGauge t) return () -> t.value(TimeUnit.SECONDS); // the Prometheus registry's base time unit
        if (m instanceof Gauge g) return g::value;
        if (m instanceof FunctionCounter c) return c::count;
        if (m instanceof Counter c) return c::count;
        return null;
    }

    /** As the Prometheus text writers write a double. */
    static byte[] format(double d) {
        if (d == Double.POSITIVE_INFINITY) return INF;
        if (d == Double.NEGATIVE_INFINITY) return MINUS_INF;
        return Double.toString(d).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final byte[] INF = "+Inf".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] MINUS_INF = "-Inf".getBytes(StandardCharsets.ISO_8859_1);
}
