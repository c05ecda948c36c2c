package org.guestdiag.check.btrfs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Finding;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.expose.Sample;
import org.guestdiag.host.Root;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Collector;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;

/** The real readers over a captured guest, and the real checks on what they read. */
final class Fixture {
    private Fixture() { }

    static Root root(String config) {
        return Root.of(Path.of("src/test/snapshots").resolve(config));
    }

    static Inventory inventory(String config) {
        try (Collector c = new Collector()) {
            return c.collect(root(config), Sources.all(), Duration.ofSeconds(30), Inventory.empty());
        }
    }

    static Diagnosis diagnose(Inventory inv) {
        return Diagnosis.run(inv, Checks.all());
    }

    /** {@code inv} with some sources replaced by values, at a given time. */
    static Inventory with(Inventory inv, Instant at, Object... sourceValue) {
        Map<String, Outcome<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < sourceValue.length; i += 2) {
            m.put(((Source<?>) sourceValue[i]).name(), new Outcome.Ok<>(sourceValue[i + 1], List.of(), Duration.ZERO));
        }
        return inv.with(m, at);
    }

    static List<Finding> btrfsFindings(Diagnosis d) {
        return d.findings().stream().filter(f -> f.check().startsWith("btrfs-")).toList();
    }

    static List<Sample> samples(Diagnosis d, String name) {
        return ExposedSamples.of(d).stream().filter(s -> s.name().equals(name)).toList();
    }
}
