package org.guestdiag.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;
import org.junit.jupiter.api.Test;

class CollectorTest {
    /** A source whose read blocks until released, as a read of a hung device does. */
    static final class Hanging implements Source<String> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        @Override public String name() { return "hanging"; }
        @Override public String read(Root root, Problems problems) {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }
    }

    static final class Failing implements Source<String> {
        @Override public String name() { return "failing"; }
        @Override public String read(Root root, Problems problems) { throw new ReadException("/proc/x", "garbage"); }
    }

    static final class Fine implements Source<String> {
        @Override public String name() { return "fine"; }
        @Override public String read(Root root, Problems problems) {
            problems.add(new ReadException("/sys/y", "permission denied"));
            return "ok";
        }
    }

    /** Reads what the test set, as a new object each time as a real reader does; a problem or a failure on request. */
    static class Settable implements Source<List<String>> {
        volatile List<String> value = List.of("a");
        volatile boolean problem;
        volatile boolean broken;
        @Override public String name() { return "settable"; }
        @Override public List<String> read(Root root, Problems problems) {
            if (broken) throw new ReadException("/proc/z", "garbage");
            if (problem) problems.add(new ReadException("/sys/z", "permission denied"));
            return new java.util.ArrayList<>(value);
        }
    }

    private static final Root NOWHERE = Root.of(java.nio.file.Path.of("/nonexistent"));

    /** The latest inventory of a test, each read updating the one before as the refresher does. */
    private Inventory inv = Inventory.empty();

    private Outcome<?> read(Collector c, Settable s) {
        inv = c.collect(NOWHERE, List.of(s), Duration.ofSeconds(5), inv);
        return inv.outcome(s).orElseThrow();
    }

    @Test
    void aReadThatFindsTheSameKeepsTheEarlierOutcomeObject() {
        Settable s = new Settable();
        try (Collector c = new Collector()) {
            Outcome<?> first = read(c, s);
            assertThat(read(c, s)).as("the same value read again").isSameAs(first);

            s.value = List.of("a", "b");
            Outcome<?> changed = read(c, s);
            assertThat(changed).isNotSameAs(first);
            assertThat(inv.find(s)).contains(List.of("a", "b"));
            assertThat(read(c, s)).isSameAs(changed);

            s.problem = true;
            Outcome<?> withProblem = read(c, s);
            assertThat(withProblem).as("the same value with a file it could not read").isNotSameAs(changed);
            // problems are new exceptions on every read: compared by what they say
            assertThat(read(c, s)).as("the same unreadable file again").isSameAs(withProblem);
        }
    }

    @Test
    void aFailedReadIsNeverKeptFromBefore() {
        Settable s = new Settable();
        try (Collector c = new Collector()) {
            Outcome<?> ok = read(c, s);
            s.broken = true;
            Outcome<?> failed = read(c, s);
            assertThat(failed).isInstanceOf(Outcome.Failed.class);
            assertThat(read(c, s)).as("a second failure is its own").isNotSameAs(failed);
            s.broken = false;
            // the value of before the failure, but the outcome compared with is the failure's
            assertThat(read(c, s)).isNotSameAs(ok).isInstanceOf(Outcome.Ok.class);
            assertThat(inv.find(s)).contains(List.of("a"));
        }
    }

    @Test
    void stuckSourceIsReportedAndNeverStartedTwice() {
        Hanging h = new Hanging();
        try (Collector c = new Collector()) {
            Inventory inv = Inventory.empty();
            // 200 ms, not less: on a loaded 2-core machine the quick source alone missed a 20 ms bound
            for (int i = 0; i < 10; i++) {
                inv = c.collect(Root.of(java.nio.file.Path.of("/nonexistent")), List.of(h, new Fine()), Duration.ofMillis(200), inv);
                assertThat(inv.outcome(h)).get().isInstanceOf(Outcome.Stuck.class);
                assertThat(inv.find(new Fine())).contains("ok");
            }
            assertThat(h.started.get()).isEqualTo(1);
            assertThat(c.stuck()).isEqualTo(1);
            h.release.countDown();
        }
    }

    @Test
    void failureAndProblemsAreKeptApart() {
        try (Collector c = new Collector()) {
            Inventory inv = c.collect(Root.of(java.nio.file.Path.of("/nonexistent")), List.of(new Failing(), new Fine()), Duration.ofSeconds(5), Inventory.empty());
            assertThat(inv.outcome(new Failing())).get().isInstanceOfSatisfying(Outcome.Failed.class,
                    f -> assertThat(f.reason()).isEqualTo("/proc/x: garbage"));
            Outcome.Ok<?> ok = (Outcome.Ok<?>) inv.outcome(new Fine()).orElseThrow();
            assertThat(ok.problems()).extracting(ReadException::getMessage).containsExactly("/sys/y: permission denied");
        }
    }

    /** Counts whole reads and rereads, and what each reread was given. */
    static final class Rereadable implements Source<String> {
        final AtomicInteger reads = new AtomicInteger();
        final List<String> rereadFrom = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean problem;
        @Override public String name() { return "rereadable"; }
        @Override public boolean dynamic() { return true; }
        @Override public String read(Root root, Problems problems) {
            if (problem) problems.add(new ReadException("/sys/r", "permission denied"));
            return "v" + reads.incrementAndGet();
        }
        @Override public String reread(Root root, Problems problems, String previous) {
            rereadFrom.add(previous);
            return previous;
        }
    }

    /** A dynamic refresh rereads from the last clean value; a full one, or a previous read with problems, reads whole. */
    @Test
    void rereadingStartsFromTheLastCleanValueOnly() {
        Rereadable s = new Rereadable();
        try (Collector c = new Collector()) {
            Inventory inv = c.collect(NOWHERE, List.of(s), Duration.ofSeconds(5), Inventory.empty(), true);
            assertThat(inv.find(s)).hasValue("v1"); // nothing to start from: a whole read
            inv = c.collect(NOWHERE, List.of(s), Duration.ofSeconds(5), inv, true);
            assertThat(s.rereadFrom).containsExactly("v1");
            inv = c.collect(NOWHERE, List.of(s), Duration.ofSeconds(5), inv, false);
            assertThat(inv.find(s)).hasValue("v2");
            s.problem = true;
            inv = c.collect(NOWHERE, List.of(s), Duration.ofSeconds(5), inv, false);
            inv = c.collect(NOWHERE, List.of(s), Duration.ofSeconds(5), inv, true);
            assertThat(inv.find(s)).hasValue("v4"); // the value before had a problem: read whole again
            assertThat(s.rereadFrom).containsExactly("v1");
        }
    }
}
