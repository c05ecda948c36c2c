package org.guestdiag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.guestdiag.host.Root;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Collector;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;

/** The real guest captures in src/test/snapshots (see import-lab.sh there) and shortcuts to read and judge them. */
public final class Fixtures {
    private Fixtures() { }

    public static final Path DIR = Path.of("src/test/snapshots").toAbsolutePath();

    public static Path path(String name) {
        Path p = DIR.resolve(name);
        if (!Files.isDirectory(p)) throw new IllegalArgumentException("no fixture " + p);
        return p;
    }

    public static Root root(String name) {
        return Root.of(path(name));
    }

    public static <T> T read(String fixture, Source<T> source) {
        Problems problems = new Problems();
        T value = source.read(root(fixture), problems);
        if (!problems.list().isEmpty()) throw new AssertionError("problems reading " + fixture + ": " + problems.list());
        return value;
    }

    public static Inventory inventory(Root root) {
        try (Collector c = new Collector()) {
            return c.collect(root, Sources.all(), Duration.ofSeconds(20), Inventory.empty());
        }
    }

    public static Diagnosis diagnose(String fixture) {
        return Diagnosis.run(inventory(root(fixture)), Checks.all());
    }

    /** "id subject" of every finding at or above the severity, for compact assertions. */
    public static List<String> at(Diagnosis d, Severity min) {
        return d.findings().stream().filter(f -> f.severity().compareTo(min) >= 0).map(f -> f.id() + " " + f.subject()).sorted().toList();
    }

    public static List<String> ids(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + " " + f.subject()).sorted().toList();
    }

    /** A writable copy of a fixture under {@code dir}, symlinks kept, for tests that damage or extend it. */
    public static Path copy(String fixture, Path dir) throws java.io.IOException {
        Path src = path(fixture);
        Path dst = dir.resolve(fixture);
        Files.walkFileTree(src, new java.nio.file.SimpleFileVisitor<>() {
            @Override public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) throws java.io.IOException {
                Files.createDirectories(dst.resolve(src.relativize(d).toString()));
                return java.nio.file.FileVisitResult.CONTINUE;
            }
            @Override public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) throws java.io.IOException {
                Path t = dst.resolve(src.relativize(f).toString());
                if (Files.isSymbolicLink(f)) Files.createSymbolicLink(t, Files.readSymbolicLink(f));
                else Files.copy(f, t, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return dst;
    }

    /** Every fixture directory name. */
    public static List<String> all() {
        try (var s = Files.list(DIR)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
