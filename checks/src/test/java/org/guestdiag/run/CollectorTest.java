package org.guestdiag.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
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

    @Test
    void stuckSourceIsReportedAndNeverStartedTwice() {
        Hanging h = new Hanging();
        try (Collector c = new Collector()) {
            Inventory inv = Inventory.empty();
            // 200 ms, not less: on a CI machine shared with QEMU guests starting the Fine read's thread alone took over 20 ms
            for (int i = 0; i < 20; i++) {
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
}
