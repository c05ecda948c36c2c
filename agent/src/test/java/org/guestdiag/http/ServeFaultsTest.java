package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.guestdiag.check.Check;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Report;
import org.guestdiag.cli.Selection;
import org.guestdiag.host.Root;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to a running server when the VM changes under it: the btrfs is forced read-only, the disk
 * is unplugged, a check throws on every run. Between each change the server keeps answering scrapes and
 * the next refresh reports the change (or the failing check) rather than the last good state.
 */
class ServeFaultsTest {
    @TempDir Path tmp;

    /** A check with a bug: it throws whatever the inventory holds. */
    private static final class Throwing implements Check {
        @Override public String name() { return "buggy"; }
        @Override public String area() { return "agent"; }
        @Override public List<Source<?>> requires() { return List.of(Sources.CPU); }
        @Override public void run(Inventory inventory, Report out) { throw new IllegalStateException("a bug in a check"); }
    }

    @Test
    void readOnlyBtrfsUnpluggedDiskAndAThrowingCheckAreReportedWhileServing() throws Exception {
        Path root = Fixtures.copy("btrfs-raid1-degraded", tmp);
        List<Check> checks = new ArrayList<>(Checks.all());
        checks.add(new Throwing());
        // every refresh reads every source, so an unplugged disk is seen at the next one
        ServerSettings settings = new ServerSettings(Root.of(root), checks, Selection.sourcesFor(checks), new ListenAddress("127.0.0.1", 0),
                WebConfig.none(), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(5));
        HttpClient client = HttpClient.newHttpClient();
        try (GuestdiagServer server = GuestdiagServer.start(settings)) {
            Servers.awaitReady(server);
            String m = scrape(client, server);
            assertThat(m).doesNotContain("id=\"btrfs.forced-readonly\"");
            assertThat(diskSeries(m, "vda")).isPositive();
            assertThat(Fixtures.value(m, "guestdiag_check_success{check=\"buggy\"}")).hasValue(0.0);
            assertThat(m).contains("guestdiag_finding{check=\"agent\",id=\"agent.check-failed\",severity=\"warning\",subject=\"buggy\"} 1.0");
            assertThat(Fixtures.value(m, "guestdiag_check_success{check=\"btrfs-readonly\"}")).hasValue(1.0);

            // the kernel forces the btrfs read-only: super options turn ro while the mount keeps rw
            Path mountinfo = root.resolve("proc/self/mountinfo");
            Files.writeString(mountinfo, Files.readString(mountinfo).replace("- btrfs /dev/vda rw,", "- btrfs /dev/vda ro,"));
            long t0 = System.nanoTime();
            m = awaitScrape(client, server, s -> s.contains("id=\"btrfs.forced-readonly\""));
            assertThat(m).contains("guestdiag_finding{check=\"btrfs-readonly\",id=\"btrfs.forced-readonly\",severity=\"critical\",subject=\"/mnt\"} 1.0");

            long readonlyMs = (System.nanoTime() - t0) / 1_000_000;
            // the disk is unplugged: its series go, the server stays up and the checks still run
            Files.delete(root.resolve("sys/block/vda"));
            long t1 = System.nanoTime();
            // (the btrfs still names vda as its member: that is the filesystem's view, kept apart from /sys/block)
            m = awaitScrape(client, server, s -> diskSeries(s, "vda") == 0);
            assertThat(Fixtures.value(m, "guestdiag_check_success{check=\"disk-bus\"}")).hasValue(1.0);
            assertThat(Fixtures.value(m, "guestdiag_check_success{check=\"buggy\"}")).hasValue(0.0);
            assertThat(server.refresher().refreshes()).as("the first, the read-only and the unplugged refresh").isGreaterThanOrEqualTo(3);
            org.guestdiag.reliability.Report.section("33-fault-serve-changes", "## Fault: the VM changes under a running server (refresh every 100 ms)\n\n"
                    + "- btrfs forced read-only: reported (btrfs.forced-readonly, critical) " + readonlyMs + " ms after the change\n"
                    + "- disk unplugged: its series gone " + (System.nanoTime() - t1) / 1_000_000 + " ms after, the other checks still succeed\n"
                    + "- a check throwing on every run: check_success 0 and agent.check-failed over " + server.refresher().refreshes()
                    + " refreshes, every scrape 200\n");
        }
    }

    private static long diskSeries(String exposition, String device) {
        return exposition.lines().filter(l -> l.startsWith("guestdiag_disk_") && l.contains("device=\"" + device + "\"")).count();
    }

    private static String scrape(HttpClient client, GuestdiagServer server) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Scrapes until the exposition shows the change; every scrape on the way must answer 200. */
    private static String awaitScrape(HttpClient client, GuestdiagServer server, Predicate<String> changed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String m;
        do {
            m = scrape(client, server);
            if (changed.test(m)) return m;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the change was not reported within 20 s; last scrape:\n" + m);
    }
}
