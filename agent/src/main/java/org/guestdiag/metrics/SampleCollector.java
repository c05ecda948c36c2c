package org.guestdiag.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.guestdiag.expose.Sample;

/**
 * Turns the samples of a diagnosis into metric families, built anew from each diagnosis's samples, so
 * per-device series appear and vanish with the devices (a gauge bound once at start would keep a removed
 * disk forever).
 *
 * <p>Samples come from many areas, some written in parallel by other people: a family that breaks the
 * exposition rules (bad name, a name used as gauge and counter, duplicate label sets, two names that are
 * one in the exposition) is dropped with a warning instead of failing the whole scrape.
 */
public final class SampleCollector {
    private static final Logger logger = LoggerFactory.getLogger(SampleCollector.class);

    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The families of {@code list}; the registry calls this once per published sample list. */
    MetricSnapshots collect(List<Sample> list) {
        Map<String, List<Sample>> families = group(list);
        List<MetricSnapshot> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (var e : families.entrySet()) {
            try {
                MetricSnapshot s = family(e.getKey(), e.getValue());
                // a gauge x_total beside a counter x: two families under one name in the exposition, which a parser refuses whole
                String exposed = s.getMetadata().getPrometheusName() + (s instanceof CounterSnapshot ? "_total" : "");
                if (!names.add(exposed)) throw new IllegalArgumentException("another family is exposed as " + exposed);
                out.add(s);
            } catch (IllegalArgumentException ex) {
                if (warned.add(e.getKey() + ex.getMessage())) logger.warn("metric {} dropped: {}", e.getKey(), ex.getMessage());
            }
        }
        return new MetricSnapshots(out);
    }

    /** The samples by family name, in the order the names first appear. */
    static Map<String, List<Sample>> group(List<Sample> list) {
        Map<String, List<Sample>> families = new LinkedHashMap<>();
        for (Sample s : list) families.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
        return families;
    }

    static MetricSnapshot family(String name, List<Sample> samples) {
        // legacy names only: the model accepts UTF-8 names and would escape them into something no alert rule expects
        if (!PrometheusNaming.isValidLegacyMetricName(name)) throw new IllegalArgumentException("not a valid metric name");
        Sample first = samples.get(0);
        for (Sample s : samples) {
            if (s.type() != first.type()) throw new IllegalArgumentException("used both as " + first.type() + " and " + s.type());
        }
        Set<Labels> seen = new HashSet<>();
        if (first.type() == Sample.Type.COUNTER) {
            // a counter named foo_total is kept as is, foo becomes foo_total: the writers add the suffix where the format wants it
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(first.help());
            for (Sample s : samples) {
                Labels l = labels(s);
                if (seen.add(l)) b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(s.value()).build());
            }
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(first.help());
        for (Sample s : samples) {
            Labels l = labels(s);
            if (seen.add(l)) b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(s.value()).build());
        }
        return b.build();
    }

    static Labels labels(Sample s) {
        Labels.Builder b = Labels.builder();
        for (var e : s.labels().entrySet()) {
            if (!PrometheusNaming.isValidLegacyLabelName(e.getKey())) throw new IllegalArgumentException("not a valid label name: " + e.getKey());
            b.label(e.getKey(), e.getValue());
        }
        return b.build();
    }
}
