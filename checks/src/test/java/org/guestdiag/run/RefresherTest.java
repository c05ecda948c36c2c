package org.guestdiag.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.guestdiag.Fixtures;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.host.Root;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refresher keeps the verdicts of checks whose sources a refresh found unchanged, and judges the rest. */
class RefresherTest {
    @TempDir Path tmp;
    private final BlockingQueue<Diagnosis> published = new LinkedBlockingQueue<>();

    private Diagnosis refresh(Refresher r) throws InterruptedException {
        r.requestFull();
        Diagnosis d = published.poll(30, TimeUnit.SECONDS);
        assertThat(d).as("a refresh published within 30 s").isNotNull();
        return d;
    }

    private static CheckResult result(Diagnosis d, String check) {
        return d.results().stream().filter(r -> r.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void aRefreshRunsAgainOnlyTheChecksWhoseSourcesChanged() throws Exception {
        CollectorTest.Settable source = new CollectorTest.Settable();
        JudgementsTest.Counting check = new JudgementsTest.Counting() {
            @Override public List<Source<?>> requires() { return List.of(source); }
            @Override public List<Source<?>> optional() { return List.of(); }
            @Override public void run(Inventory inv, Report out) {
                runs.incrementAndGet();
                out.add(Finding.of("test.value", Severity.INFO, "vm").summary(String.valueOf(inv.get(source))));
            }
        };
        try (Refresher r = new Refresher(Root.of(tmp), List.of(check), List.of(source), Duration.ofSeconds(5), published::add)) {
            Diagnosis first = refresh(r);
            Diagnosis second = refresh(r);
            assertThat(result(second, "counting")).isSameAs(result(first, "counting"));
            assertThat(check.runs).hasValue(1);

            source.value = List.of("b");
            Diagnosis third = refresh(r);
            assertThat(result(third, "counting").findings()).extracting(Finding::summary).containsExactly("[b]");
            assertThat(check.runs).hasValue(2);
        }
    }

    @Test
    void onARealGuestNothingChangedKeepsEveryVerdictAndAChangeIsSeen() throws Exception {
        Path root = Fixtures.copy("btrfs-raid1-degraded", tmp);
        try (Refresher r = new Refresher(Root.of(root), Checks.all(), Sources.all(), Duration.ofSeconds(20), published::add)) {
            Diagnosis first = refresh(r);
            Diagnosis second = refresh(r);
            for (var s : Sources.all()) {
                assertThat(second.inventory().outcome(s).orElseThrow()).as("%s read again", s.name()).isSameAs(first.inventory().outcome(s).orElseThrow());
            }
            for (var c : Checks.all()) {
                CheckResult was = result(first, c.name());
                assertThat(was.status()).as(c.name()).isEqualTo(CheckResult.Status.OK);
                if (c.usesTime()) assertThat(result(second, c.name())).as(c.name() + ", which uses the time").isNotSameAs(was);
                else assertThat(result(second, c.name())).as(c.name()).isSameAs(was);
            }
            assertThat(result(second, Diagnosis.AGENT)).isNotSameAs(result(first, Diagnosis.AGENT));

            // the kernel forces the btrfs read-only: super options turn ro while the mount keeps rw
            Path mountinfo = root.resolve("proc/self/mountinfo");
            Files.writeString(mountinfo, Files.readString(mountinfo).replace("- btrfs /dev/vda rw,", "- btrfs /dev/vda ro,"));
            Diagnosis third = refresh(r);
            assertThat(result(third, "btrfs-readonly").findings()).extracting(Finding::id).contains("btrfs.forced-readonly");
            assertThat(result(third, "cpu-model")).as("a check without mounts").isSameAs(result(first, "cpu-model"));
        }
    }

    /**
     * A dynamic refresh nobody would see is skipped: with nothing asking for the latest diagnosis the
     * intervals pass without a read; once it is asked for, the next interval reads again. Full refreshes
     * (at start, on request, at the static interval) are never skipped.
     */
    @Test
    void theDynamicSourcesAreReadAgainOnlyOnceTheLatestDiagnosisWasSeen() throws Exception {
        CollectorTest.Settable source = new CollectorTest.Settable() {
            @Override public boolean dynamic() { return true; }
        };
        JudgementsTest.Counting check = new JudgementsTest.Counting() {
            @Override public List<Source<?>> requires() { return List.of(source); }
            @Override public List<Source<?>> optional() { return List.of(); }
            @Override public void run(Inventory inv, Report out) {
                runs.incrementAndGet();
            }
        };
        try (Refresher r = new Refresher(Root.of(tmp), List.of(check), List.of(source), Duration.ofSeconds(5), published::add)) {
            r.start(Duration.ofMillis(20), Duration.ofHours(1));
            assertThat(published.poll(30, TimeUnit.SECONDS)).as("the first, full refresh").isNotNull();
            // nobody looked (a readiness probe is not a look): 25 intervals pass without a refresh. The
            // diagnosis is handed to onPublish just before it becomes the latest: probe until it has
            long until = System.nanoTime() + 30_000_000_000L;
            while (!r.ready() && System.nanoTime() < until) Thread.onSpinWait();
            assertThat(r.ready()).isTrue();
            assertThat(published.poll(500, TimeUnit.MILLISECONDS)).isNull();

            r.markSeen(); // as a scrape does
            assertThat(published.poll(30, TimeUnit.SECONDS)).as("a refresh after the diagnosis was seen").isNotNull();
            assertThat(published.poll(500, TimeUnit.MILLISECONDS)).as("and then none again").isNull();

            assertThat(r.latest()).isPresent(); // the API and the status page ask this way
            assertThat(published.poll(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(published.poll(500, TimeUnit.MILLISECONDS)).isNull();

            refresh(r); // a full refresh on request is not skipped, seen or not
            assertThat(published.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /** Between full reads the refresher rereads dynamic sources from their last value; the first read is whole. */
    @Test
    void dynamicRefreshesRereadAndFullOnesReadWhole() throws Exception {
        CollectorTest.Rereadable source = new CollectorTest.Rereadable();
        try (Refresher r = new Refresher(Root.of(tmp), List.of(), List.of(source), Duration.ofSeconds(5), published::add)) {
            r.start(Duration.ofMillis(20), Duration.ofHours(1));
            for (int i = 0; i < 3; i++) {
                assertThat(published.poll(30, TimeUnit.SECONDS)).as("refresh %d published", i).isNotNull();
                r.markSeen();
            }
            assertThat(source.reads).hasValue(1);
            assertThat(source.rereadFrom).hasSizeGreaterThanOrEqualTo(2).containsOnly("v1");
            // a dynamic refresh may still be publishing: wait for the full one asked for
            r.requestFull();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (source.reads.get() < 2 && System.nanoTime() < until) published.poll(100, TimeUnit.MILLISECONDS);
            assertThat(source.reads).hasValue(2);
        }
    }
}
