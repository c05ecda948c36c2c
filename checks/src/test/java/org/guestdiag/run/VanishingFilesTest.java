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
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.guestdiag.Fixtures;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Checks;
import org.guestdiag.host.Root;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.guestdiag.read.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot-unplug while the agent walks /sys: another thread deletes a disk's device directory, its /sys/block
 * link, the btrfs devinfo and mountinfo, and puts them back, over and over, while the readers run in a loop.
 * Whatever moment a read lands on, the result is a value or a read problem that names a file; never a
 * reader that died of an exception it did not expect ("reader failed: …", which the collector logs with a
 * stack trace), a check that threw, or an exception out of the collector. The test fails unless the race
 * really happened (some rounds met a vanished file and were reported so), and once everything is back a
 * full read must give exactly what it gave before the first unplug.
 */
class VanishingFilesTest {
    private static final Duration AT_LEAST = Duration.ofSeconds(2);
    private static final Duration AT_MOST = Duration.ofSeconds(8);
    /** Rounds that met a vanished file before the loop may stop early. */
    private static final int HITS_WANTED = 5;
    /** A ReadException's message: the file as the guest sees it, then the reason. */
    private static final Pattern NAMES_A_FILE = Pattern.compile("^/\\S*: .+", Pattern.DOTALL);

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
        String baseline;
        try (Collector c = new Collector()) {
            baseline = fullRead(c, live);
            // the comparison means something only if an undisturbed tree reads the same twice
            assertThat(fullRead(c, live)).as("two reads of the untouched tree").isEqualTo(baseline);
        }
        assertThat(baseline).as("the untouched tree reads without problems").doesNotContain("agent.unreadable").doesNotContain("problem ");

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
        AtomicReference<Throwable> unpluggerDied = new AtomicReference<>();
        unplugger.setUncaughtExceptionHandler((t, e) -> unpluggerDied.set(e));
        int rounds = 0;
        int hits = 0; // rounds in which some read met a vanished file and said so
        int findingsNamingFiles = 0;
        int readProblems = 0;
        List<String> unexpected = new ArrayList<>();
        long t0 = System.nanoTime();
        unplugger.start();
        try (Collector c = new Collector()) {
            while (true) {
                long elapsed = System.nanoTime() - t0;
                if (elapsed > AT_MOST.toNanos() || (elapsed > AT_LEAST.toNanos() && hits >= HITS_WANTED)) break;
                rounds++;
                try {
                    Inventory inv = c.collect(Root.of(live), Sources.all(), Duration.ofSeconds(10), Inventory.empty());
                    int problemsThisRound = 0;
                    for (var e : inv.outcomes().entrySet()) {
                        if (e.getValue() instanceof Outcome.Failed<?> f) {
                            if (NAMES_A_FILE.matcher(f.reason()).matches()) problemsThisRound++;
                            else unexpected.add(e.getKey() + " failed: " + f.reason());
                        }
                        if (e.getValue() instanceof Outcome.Ok<?> ok) problemsThisRound += ok.problems().size();
                        if (e.getValue() instanceof Outcome.Stuck<?> st) unexpected.add(e.getKey() + " stuck: " + st.reason());
                    }
                    Diagnosis d = Diagnosis.run(inv, Checks.all());
                    // a check may go without a source a vanished file failed ("cannot read …"); it may not throw or hang
                    d.results().stream().filter(r -> r.status() != CheckResult.Status.OK && !r.reason().startsWith("cannot read "))
                            .forEach(r -> unexpected.add("check " + r.check() + " " + r.status() + ": " + r.reason()));
                    // a problem inside a source is an agent.unreadable finding; a source that failed whole is told by the
                    // checks that needed it (agent.check-failed "… cannot read SOURCE: /file: reason"), else also agent.unreadable
                    int unreadable = (int) d.findings().stream().filter(f -> (f.id().equals("agent.unreadable") && f.subject().startsWith("/"))
                            || (f.id().equals("agent.check-failed") && f.summary().contains(": /"))).count();
                    findingsNamingFiles += unreadable;
                    readProblems += problemsThisRound;
                    if (problemsThisRound > 0 || unreadable > 0) hits++;
                } catch (Throwable t) { // nothing may escape the collector or the checks
                    unexpected.add("escaped: " + t);
                }
            }
        } finally {
            stop.set(true);
            unplugger.join();
        }
        assertThat(unpluggerDied.get()).as("the unplugger's own failure").isNull();
        assertThat(unplugs.get()).as("the unplugger really ran").isGreaterThan(10);
        assertThat(unexpected).as("after %d rounds and %d unplugs", rounds, unplugs.get()).isEmpty();
        assertThat(hits).as("rounds that met a vanished file and reported it, of %d (else the race never happened and this proves nothing)", rounds)
                .isPositive();
        assertThat(findingsNamingFiles).as("findings naming the vanished file").isPositive();
        // every victim is back (the unplugger restores what it deleted before it looks at stop)
        String after;
        try (Collector c = new Collector()) {
            after = fullRead(c, live);
        }
        assertThat(after).as("a full read once everything is back").isEqualTo(baseline);
        FaultFigures.record("vanishing-files", rounds + " full reads in " + (System.nanoTime() - t0) / 1_000_000 + " ms while a thread deleted and restored "
                + victims.size() + " paths " + unplugs.get() + " times: " + hits + " reads met a vanished file (" + readProblems + " read problems, "
                + findingsNamingFiles + " findings naming the file), 0 unexpected exceptions; the read after restoring equals the one before");
    }

    /**
     * Everything a full read and diagnosis give, as text: each source's value or failure and each finding.
     * Durations and times are left out, and array identities (a record holding a byte[] prints its hash).
     */
    private static String fullRead(Collector c, Path live) {
        Inventory inv = c.collect(Root.of(live), Sources.all(), Duration.ofSeconds(10), Inventory.empty());
        StringBuilder b = new StringBuilder();
        inv.outcomes().forEach((name, o) -> {
            b.append(name).append(": ");
            if (o instanceof Outcome.Ok<?> ok) {
                b.append("ok ").append(ok.value());
                ok.problems().forEach(p -> b.append("\n  problem ").append(p.getMessage()));
            } else if (o instanceof Outcome.Failed<?> f) {
                b.append("failed ").append(f.reason());
            } else {
                b.append("stuck");
            }
            b.append('\n');
        });
        Diagnosis d = Diagnosis.run(inv, Checks.all());
        d.findings().forEach(f -> b.append("finding ").append(f.check()).append(' ').append(f.id()).append(' ').append(f.severity())
                .append(' ').append(f.subject()).append(": ").append(f.summary()).append('\n'));
        return b.toString().replaceAll("\\[[A-Z]@[0-9a-f]+", "[array]");
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
