package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Checks;
import org.guestdiag.cli.Selection;
import org.guestdiag.host.Root;
import org.guestdiag.read.Source;
import org.guestdiag.reliability.HungSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that hangs must not hang the scrape. The rooted reads refuse FIFOs and device nodes before
 * opening them, so a FIFO planted in a fixture only makes that file unreadable (first test). To see what a
 * read that really blocks in the kernel does to the server, the second test puts the disks source behind
 * an open() of a FIFO nobody writes, which blocks uninterruptibly, just as a read of a hung device does.
 */
class StuckSourceTest {
    @TempDir Path tmp;

    @Test
    void fifoInAFixtureIsRefusedNotOpenedAndReportedAsUnreadable() throws Exception {
        Path root = Fixtures.copy("ide-piix", tmp);
        Fixtures.fifoInPlaceOf(root.resolve("sys/block/sda/queue/rotational"));
        try (GuestdiagServer server = Servers.serve("--root", root.toString(), "--check.timeout", "2s")) {
            String m = Servers.get(server, "/metrics").body();
            assertThat(Fixtures.value(m, "guestdiag_source_problems{source=\"disks\"}")).hasValue(1.0);
            assertThat(Fixtures.value(m, "guestdiag_check_success{check=\"disk-bus\"}")).hasValue(1.0);
            assertThat(Fixtures.value(m, "guestdiag_disk_rotational{device=\"sda\"}")).isEmpty();
            assertThat(Fixtures.value(m, "guestdiag_disk_nr_requests{device=\"sda\"}")).isPresent();
            assertThat(m).contains("guestdiag_finding{check=\"agent\",id=\"agent.unreadable\",severity=\"warning\",subject=\"/sys/block/sda/queue/rotational\"} 1.0");
        }
    }

    @Test
    void aBlockedReadIsReportedStuckWhileScrapesAnswerAndThreadsDoNotPileUp() throws Exception {
        Path root = Fixtures.copy("virtio-scsi-shared", tmp);
        Path fifo = Fixtures.fifoInPlaceOf(root.resolve("sys/block/sda/queue/rotational"));
        List<Check> checks = Checks.all();
        List<Source<?>> sources = Selection.sourcesFor(checks).stream()
                .map(s -> s.name().equals("disks") ? new HungSource<>(s, fifo) : s).toList();
        // every refresh reads every source (static interval = interval), so each would start a new stuck read if it could
        ServerSettings settings = new ServerSettings(Root.of(root), checks, sources, new ListenAddress("127.0.0.1", 0), WebConfig.none(),
                Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(200));
        try (GuestdiagServer server = GuestdiagServer.start(settings)) {
            Servers.awaitReady(server);
            String m = "";
            HttpClient client = HttpClient.newHttpClient(); // one client: its threads are not the server's
            long before = -1;
            int scrapes = 1000;
            for (int i = 0; i < scrapes; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(r.statusCode()).isEqualTo(200);
                // the blocked read never returns, so any finite bound tells; a scrape took 5.7 s at a load average of 22 on
                // a 2-core machine shared with QEMU guests, and the first one of a cold JVM longer, so it only has to answer
                if (i > 0) assertThat(took).as("scrape %d", i).isLessThan(Duration.ofSeconds(20));
                m = r.body();
                if (i == 20) before = serverThreads();
                if (i % 50 == 0) Thread.sleep(25); // let refreshes (every 50 ms) start new reads of the hung source, if they would
            }
            long after = serverThreads();
            // A stuck read started again at every refresh would hang one more thread per refresh (over 30 here). A pool
            // worker that has finished its read but not yet gone back to wait when the next refresh hands out reads
            // makes the pool start another; on a loaded machine that adds a few, at most one per source.
            assertThat(after).as("server threads after %d scrapes vs after 20", scrapes).isLessThanOrEqualTo(before + sources.size());
            org.guestdiag.reliability.Report.section("32-fault-hung-read-under-scrapes", "## Fault: a read hung in the kernel while the server is scraped\n\n"
                    + scrapes + " scrapes, each answered 200; " + server.refresher().refreshes() + " refreshes meanwhile; server threads (guestdiag-*) "
                    + before + " after 20 scrapes, " + after + " after " + scrapes + "; stuck reads " + server.refresher().stuckReads() + ".\n");
            assertThat(server.refresher().refreshes()).as("refreshes went on while the read hung").isGreaterThan(10);
            assertThat(Fixtures.value(m, "guestdiag_check_success{check=\"disk-bus\"}")).hasValue(0.0);
            assertThat(Fixtures.value(m, "guestdiag_check_stuck{check=\"disk-bus\"}")).hasValue(1.0);
            assertThat(Fixtures.value(m, "guestdiag_check_success{check=\"cpu-model\"}")).hasValue(1.0);
            assertThat(Fixtures.value(m, "guestdiag_source_stuck{source=\"disks\"}")).hasValue(1.0);
            assertThat(Fixtures.value(m, "guestdiag_stuck_reads")).hasValue(1.0);
            assertThat(m).contains("guestdiag_finding{check=\"agent\",id=\"agent.check-stuck\",severity=\"warning\",subject=\"disk-bus\"} 1.0");
            assertThat(Servers.get(server, "/api/v1/findings").body()).contains("is stuck");
            assertThat(Servers.get(server, "/").body()).contains("Check disk-bus is stuck");
            long readers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("guestdiag-read-")).count();
            assertThat(readers).as("reader threads after %d refreshes", server.refresher().refreshes()).isLessThanOrEqualTo(sources.size());
        } finally {
            // let the blocked open() return so the stuck thread ends with the test
            HungSource.unblock(fifo);
        }
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("guestdiag-")).count();
    }
}
