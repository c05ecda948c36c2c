package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.cli.AgentCommand;
import org.guestdiag.reliability.Report;
import org.junit.jupiter.api.Test;

/**
 * 64 scrapers hammering `agent serve` (the real program in its own JVM, so its RSS and threads are its own)
 * on loopback for {@code -Dguestdiag.load.seconds} (10 in CI, 60 in the long run), while hostile clients
 * run beside them: a slowloris sending a header byte a second, a 64 KiB header, unknown paths and methods.
 * Every scrape must succeed, the hostile ones get 408/431/404/405, and after warm-up the server's RSS
 * grows less than 5 % and its thread count stays put.
 *
 * <p>The server runs with the small-footprint flags of a service unit (-XX:+UseSerialGC
 * -XX:TieredStopAtLevel=1 -Xss512k) and a heap fixed and touched up front (-Xms64m -Xmx64m
 * -XX:+AlwaysPreTouch), so that RSS growth measures leaks, not the JVM growing its heap to -Xmx.
 */
class LoadTest {
    private static final int SCRAPERS = 64;
    /** 5 s was too short on a loaded 2-core machine: the JIT was still filling the code cache (+6 % RSS after). */
    private static final Duration WARMUP = Duration.ofSeconds(10);

    @Test
    void sixtyFourScrapersAndHostileClients() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("guestdiag.load.seconds", 10));
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-cp", System.getProperty("java.class.path"),
                AgentCommand.class.getName(), "serve", "--root", Servers.SNAPSHOTS.resolve("pve-recommended").toString(),
                "--web.listen-address", "127.0.0.1:0", "--refresh.interval", "1s")
                .redirectErrorStream(true).start();
        try {
            int port = port(server);
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            AtomicLong errors = new AtomicLong();
            AtomicLong requests = new AtomicLong();
            ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            long warmEnd = start + WARMUP.toNanos();
            long end = warmEnd + duration.toNanos();
            CountDownLatch done = new CountDownLatch(SCRAPERS);
            for (int i = 0; i < SCRAPERS; i++) {
                Thread t = new Thread(() -> scrape(metrics, warmEnd, end, requests, errors, latencies, done), "scraper-" + i);
                t.setDaemon(true);
                t.start();
            }
            List<String> errorSamples = new ArrayList<>();
            // warm-up, then the figures the test judges: the server's RSS and threads right after, and at the end
            sleepUntil(warmEnd);
            long[] atWarm = status(server.pid());
            long[] peak = atWarm.clone();
            Hostile hostile = new Hostile(port);
            Thread probes = new Thread(hostile, "hostile");
            probes.start();
            while (System.nanoTime() < end) {
                Thread.sleep(500);
                long[] s = status(server.pid());
                peak[0] = Math.max(peak[0], s[0]);
                peak[1] = Math.max(peak[1], s[1]);
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).as("scrapers finished").isTrue();
            probes.join(60_000);
            long[] atEnd = status(server.pid());
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
            double growth = 100.0 * (atEnd[0] - atWarm[0]) / atWarm[0];
            String figures = String.format("| scrapers | duration | requests | errors | p50 | p99 | max | RSS after warm-up → end (peak) | threads after warm-up → end (peak) |%n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---|---|%n"
                    + "| %d | %d s | %d | %d | %.1f ms | %.1f ms | %.1f ms | %d → %d KiB (%+.1f %%, peak %d) | %d → %d (peak %d) |%n",
                    SCRAPERS, duration.toSeconds(), all.length, errors.get(), ms(pct(all, 50)), ms(pct(all, 99)), ms(all.length == 0 ? 0 : all[all.length - 1]),
                    atWarm[0], atEnd[0], growth, peak[0], atWarm[1], atEnd[1], peak[1]);
            Report.section("40-load", "## Load: " + SCRAPERS + " concurrent scrapers of /metrics on loopback (`agent serve` in its own JVM, "
                    + "-Xms64m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1, after " + WARMUP.toSeconds() + " s of warm-up)\n\n"
                    + figures + "\nHostile clients alongside (each answered while the scrapers ran):\n\n" + hostile.summary());
            assertThat(errors.get()).as("failed scrapes " + errorSamples).isZero();
            assertThat(all.length).as("scrapes measured").isGreaterThan(SCRAPERS);
            assertThat(growth).as("RSS growth after warm-up, %%").isLessThan(5.0);
            assertThat(atEnd[1]).as("server threads at the end vs after warm-up").isLessThanOrEqualTo(atWarm[1] + 2);
            hostile.assertAnswered();
            // SIGTERM (Process.destroy) is a clean stop: exit code 0, as serve --help says
            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(server.exitValue()).as("exit code after SIGTERM").isZero();
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    private static void scrape(URI uri, long warmEnd, long end, AtomicLong requests, AtomicLong errors, ConcurrentLinkedQueue<long[]> out, CountDownLatch done) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        long[] mine = new long[1 << 16];
        int n = 0;
        try {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().contains("guestdiag_check_success")) errors.incrementAndGet();
                } catch (IOException e) {
                    errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                requests.incrementAndGet();
                if (t0 > warmEnd && n < mine.length) mine[n++] = System.nanoTime() - t0;
            }
        } finally {
            out.add(Arrays.copyOf(mine, n));
            done.countDown();
        }
    }

    /** The slow, the oversized and the lost, each on its own raw socket: status line and time to answer. */
    private static final class Hostile implements Runnable {
        private final int port;
        private final List<String> answers = new ArrayList<>();
        private volatile String slowloris = "";
        private volatile Duration slowlorisTook = Duration.ZERO;

        Hostile(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            try {
                String huge = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n";
                answers.add("431 " + statusLine("GET /metrics with a 64 KiB header", huge));
                answers.add("404 " + statusLine("GET /no-such-page", "GET /no-such-page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
                answers.add("405 " + statusLine("DELETE /metrics", "DELETE /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
                answers.add("405 " + statusLine("PUT /api/v1/findings", "PUT /api/v1/findings HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                long t0 = System.nanoTime();
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(30_000);
                    OutputStream o = s.getOutputStream();
                    o.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    // one header byte a second, as slowloris does, until the server answers (or 25 s)
                    byte[] drip = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
                    InputStream in = s.getInputStream();
                    for (int i = 0; i < 25 && in.available() == 0; i++) {
                        try {
                            o.write(drip[i % drip.length]);
                            o.flush();
                        } catch (IOException closed) {
                            break; // the server closed the socket: its answer is waiting to be read
                        }
                        Thread.sleep(1000);
                    }
                    slowloris = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
                } catch (IOException e) {
                    slowloris = "no answer: " + e;
                }
                slowlorisTook = Duration.ofNanos(System.nanoTime() - t0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private String statusLine(String what, String request) throws InterruptedException {
            long t0 = System.nanoTime();
            String line;
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            } catch (IOException e) {
                line = "no answer: " + e;
            }
            return what + " → " + line + " in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms";
        }

        String summary() {
            StringBuilder b = new StringBuilder();
            for (String a : answers) b.append("- ").append(a.substring(4)).append('\n');
            b.append("- slowloris (headers one byte a second) → ").append(slowloris).append(" after ").append(slowlorisTook.toMillis()).append(" ms\n");
            return b.toString();
        }

        void assertAnswered() {
            for (String a : answers) assertThat(a.substring(4)).contains("HTTP/1.1 " + a.substring(0, 3));
            assertThat(slowloris).startsWith("HTTP/1.1 408");
            // HeaderDeadline answers between one and two of its 5 s looks after the first byte
            assertThat(slowlorisTook).isLessThan(Duration.ofSeconds(15));
        }
    }

    private static int port(Process server) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern p = Pattern.compile("serving http on port (\\d+)");
        for (String line; (line = r.readLine()) != null; ) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> { try { r.transferTo(java.io.Writer.nullWriter()); } catch (IOException ignored) { } }, "server-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("agent serve ended before listening");
    }

    /** VmRSS in KiB and Threads of a process, from /proc/PID/status. */
    static long[] status(long pid) throws IOException {
        long rss = -1;
        long threads = -1;
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("\\D", ""));
            if (l.startsWith("Threads:")) threads = Long.parseLong(l.replaceAll("\\D", ""));
        }
        return new long[] {rss, threads};
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
}
