package org.guestdiag.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reliability report, agent/target/reliability-report.md, written by the tests that measure it: each
 * test class leaves its section in target/reliability/NAME.md (fuzz targets leave fuzz-*.tsv rows, the
 * checks module's under checks/target/reliability), and every new section rebuilds the whole report, so
 * it is complete after the last test whatever order Surefire runs them in. Figures are only ever what a
 * test measured in this run or an earlier long run; nothing is typed in.
 */
public final class Report {
    private static final Path OWN = Path.of("target/reliability");
    private static final Path CHECKS = Path.of("../checks/target/reliability");
    public static final Path FILE = Path.of("target/reliability-report.md");

    private Report() { }

    /** Adds (or replaces) a section and prints it, so the figures are in the build log too. */
    public static synchronized void section(String name, String markdown) {
        try {
            Files.createDirectories(OWN);
            Files.writeString(OWN.resolve(name + ".md"), markdown.strip() + "\n");
            rebuild();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("---- reliability: " + name + " ----\n" + markdown.strip());
    }

    /** One fuzz target's count of inputs, as a row the report's fuzz table shows. */
    public static synchronized void fuzzed(String file, String target, long inputs) {
        boolean fuzzing = "1".equals(System.getenv("JAZZER_FUZZ"));
        try {
            Files.createDirectories(OWN);
            // one file per mode: a seed replay in `mvn verify` keeps the figure of the last long run beside it
            Files.writeString(OWN.resolve("fuzz-" + file + (fuzzing ? "-fuzzed" : "-seeds") + ".tsv"),
                    target + "\t" + inputs + "\t" + (fuzzing ? "fuzzed" : "seed corpus replayed") + "\n");
            rebuild();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rebuild() throws IOException {
        StringBuilder b = new StringBuilder("# guestdiag reliability report\n\nWritten by `mvn verify` (and `fuzz/long-run.sh`) at ")
                .append(Instant.now()).append(".\n\n## Inputs fuzzed per parser\n\n| parser | inputs | how |\n|---|---:|---|\n");
        List<String> rows = new ArrayList<>();
        for (Path dir : List.of(CHECKS, OWN)) rows.addAll(lines(dir, ".tsv"));
        rows.stream().sorted().map(r -> r.split("\t")).filter(f -> f.length == 3)
                .forEach(f -> b.append("| ").append(f[0]).append(" | ").append(f[1]).append(" | ").append(f[2]).append(" |\n"));
        List<Path> sections = new ArrayList<>();
        for (Path dir : List.of(CHECKS, OWN)) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                sections.addAll(s.filter(p -> p.toString().endsWith(".md")).toList());
            }
        }
        sections.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        for (Path p : sections) b.append('\n').append(Files.readString(p));
        Files.writeString(FILE, b.toString());
    }

    private static List<String> lines(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(suffix)).sorted().toList()) out.addAll(Files.readAllLines(p));
        }
        return out;
    }
}
