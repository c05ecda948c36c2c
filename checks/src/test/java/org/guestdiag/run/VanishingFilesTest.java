package org.guestdiag.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Checks;
import org.guestdiag.host.Root;
import org.guestdiag.read.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot-unplug while the agent walks /sys: another thread deletes a disk's device directory, its /sys/block
 * link and the btrfs devinfo, and puts them back, over and over, while the readers run in a loop. Whatever
 * moment a read lands on, the result is a value or a finding that names a file; never a reader that died
 * of an exception it did not expect ("reader failed: …", which the collector logs with a stack trace).
 */
class VanishingFilesTest {
    @TempDir Path tmp;

    @Test
    void filesVanishingMidWalkGiveFindingsNotCrashes() throws Exception {
        Path pristine = Fixtures.copy("btrfs-raid1-degraded", tmp.resolve("pristine"));
        Path live = Fixtures.copy("btrfs-raid1-degraded", tmp.resolve("live"));
        Path block = live.resolve("sys/block");
        List<Path> victims = new ArrayList<>();
        for (String disk : Fixtures.root("btrfs-raid1-degraded").list(Fixtures.root("btrfs-raid1-degraded").sys("block"))) {
            victims.add(block.resolve(disk).toRealPath().getParent().getParent()); // the device directory the disk hangs from
            victims.add(block.resolve(disk));
        }
        try (var s = Files.list(live.resolve("sys/fs/btrfs"))) {
            s.map(d -> d.resolve("devinfo")).filter(Files::isDirectory).forEach(victims::add); // features/ has none
        }
        victims.add(live.resolve("proc/self/mountinfo"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger unplugs = new AtomicInteger();
        Thread unplugger = new Thread(() -> {
            while (!stop.get()) {
                for (Path v : victims) {
                    Path original = pristine.resolve(live.relativize(v).toString());
                    deleteTree(v);
                    Thread.onSpinWait();
                    copyTree(original, v);
                    unplugs.incrementAndGet();
                }
            }
        }, "unplugger");
        java.util.concurrent.atomic.AtomicReference<Throwable> unpluggerDied = new java.util.concurrent.atomic.AtomicReference<>();
        unplugger.setUncaughtExceptionHandler((t, e) -> unpluggerDied.set(e));
        unplugger.start();
        int rounds = 0;
        List<String> unexpected = new ArrayList<>();
        int findingsNamingFiles = 0;
        try (Collector c = new Collector()) {
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < end || rounds < 20) {
                Inventory inv = c.collect(Root.of(live), Sources.all(), Duration.ofSeconds(10), Inventory.empty());
                for (var e : inv.outcomes().entrySet()) {
                    if (e.getValue() instanceof Outcome.Failed<?> f && f.reason().startsWith("reader failed")) unexpected.add(e.getKey() + ": " + f.reason());
                    if (e.getValue() instanceof Outcome.Stuck<?> st) unexpected.add(e.getKey() + " stuck: " + st.reason());
                }
                Diagnosis d = Diagnosis.run(inv, Checks.all());
                findingsNamingFiles += (int) d.findings().stream().filter(f -> f.id().equals("agent.unreadable") && f.subject().startsWith("/")).count();
                assertThat(d.results()).noneMatch(r -> r.reason() != null && r.reason().startsWith("check failed"));
                rounds++;
            }
        } finally {
            stop.set(true);
            unplugger.join();
        }
        assertThat(unpluggerDied.get()).as("the unplugger's own failure").isNull();
        assertThat(unplugs.get()).as("the unplugger really ran").isGreaterThan(10);
        assertThat(unexpected).as("after %d rounds and %d unplugs", rounds, unplugs.get()).isEmpty();
        FaultFigures.record("vanishing-files", rounds + " full reads while a thread deleted and restored " + victims.size()
                + " paths " + unplugs.get() + " times: 0 unexpected exceptions, " + findingsNamingFiles + " findings naming a vanished file");
    }

    private static void deleteTree(Path p) {
        try {
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
            if (Files.isSymbolicLink(p) || !Files.isDirectory(p)) {
                Files.deleteIfExists(p);
                return;
            }
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException { Files.deleteIfExists(f); return FileVisitResult.CONTINUE; }
                @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException { Files.deleteIfExists(d); return FileVisitResult.CONTINUE; }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path src, Path dst) {
        try {
            if (Files.isSymbolicLink(src)) {
                Files.createSymbolicLink(dst, Files.readSymbolicLink(src));
                return;
            }
            Files.walkFileTree(src, new SimpleFileVisitor<>() {
                @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                    Files.createDirectories(dst.resolve(src.relativize(d).toString()));
                    return FileVisitResult.CONTINUE;
                }
                @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Path t = dst.resolve(src.relativize(f).toString());
                    if (Files.isSymbolicLink(f)) Files.createSymbolicLink(t, Files.readSymbolicLink(f));
                    else Files.copy(f, t);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
