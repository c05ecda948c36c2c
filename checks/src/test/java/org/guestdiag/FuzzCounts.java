package org.guestdiag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the inputs each fuzz target really ran (seed replay in CI, fuzzer inputs under JAZZER_FUZZ) and
 * writes them where the reliability report collects them: {@code target/reliability/fuzz-<name>.tsv}.
 * A long run fuzzes one target per JVM, so rows already in the file are kept and this run's merged in,
 * one row per target and mode: a later seed replay does not hide what the last long run fuzzed.
 */
public final class FuzzCounts {
    private final String name;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public FuzzCounts(String name) {
        this.name = name;
    }

    public void add(String target) {
        counts.computeIfAbsent(target, k -> new LongAdder()).increment();
    }

    public synchronized void write() {
        Path file = Path.of("target/reliability/fuzz-" + name + ".tsv");
        boolean fuzzing = "1".equals(System.getenv("JAZZER_FUZZ"));
        Map<String, String> rows = new TreeMap<>();
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    String[] f = l.split("\t");
                    if (f.length == 3) rows.put(f[0] + "\t" + f[2], l);
                }
            }
            String mode = fuzzing ? "fuzzed" : "seed corpus replayed";
            counts.forEach((k, v) -> rows.put(k + "\t" + mode, k + "\t" + v.sum() + "\t" + mode));
            Files.write(file, rows.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counts.forEach((k, v) -> System.out.println("fuzz " + name + "/" + k + ": " + v.sum() + " inputs" + (fuzzing ? " fuzzed" : " (seed corpus)")));
    }
}
