package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMetersTest {
    @Test
    void readsTheRunningProcess() throws Exception {
        ProcessMeters m = new ProcessMeters(Path.of("/proc/self"));
        ProcessMeters.Read r = m.read();
        // the JVM running this test has used CPU and holds tens of MB
        assertThat(r.cpuSeconds()).isPositive();
        String status = Files.readString(Path.of("/proc/self/status"));
        long rssKb = Long.parseLong(status.replaceAll("(?s).*\\nVmRSS:\\s+(\\d+) kB.*", "$1"));
        long sizeKb = Long.parseLong(status.replaceAll("(?s).*\\nVmSize:\\s+(\\d+) kB.*", "$1"));
        // RSS moves between two reads; same order of magnitude is what matters
        assertThat(r.residentBytes()).isBetween(rssKb * 1024 * 0.5, rssKb * 1024 * 2.0);
        assertThat(r.virtualBytes()).isBetween(sizeKb * 1024 * 0.5, sizeKb * 1024 * 2.0).isGreaterThan(r.residentBytes());
    }

    @Test
    void theFileKeptOpenIsReadAnewEachTime() {
        ProcessMeters m = new ProcessMeters(Path.of("/proc/self"));
        double before = m.read().cpuSeconds();
        // 0.3 s of this thread's own CPU time, not of the clock: a busy machine cannot shorten it
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() < end) spin++;
        assertThat(spin).isPositive();
        // 0.3 s of CPU is 30 ticks: the kernel wrote the file again for the second read at offset 0
        assertThat(m.read().cpuSeconds()).isGreaterThan(before + 0.1);
    }

    @Test
    void theServersRegistryExposesThemUnderTheStandardNamesAfterACollection() throws Exception {
        java.util.List<org.guestdiag.expose.Sample> none = java.util.List.of();
        Registry r = new Registry("test", () -> none, true, java.time.Duration.ZERO);
        // Micrometer holds gauge sources weakly: a collection must not turn them into NaN
        System.gc();
        String text = new String(r.scrape(Registry.TEXT_FORMAT).body(), java.nio.charset.StandardCharsets.UTF_8);
        for (String name : java.util.List.of("process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes")) {
            String line = text.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(name + " missing:\n" + text));
            assertThat(Double.parseDouble(line.substring(name.length() + 1))).as(line).isPositive();
        }
        assertThat(text).contains("# TYPE process_cpu_seconds_total counter", "# TYPE process_resident_memory_bytes gauge");
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields(@TempDir Path dir) throws Exception {
        // comm is "(a) b)": the fields count from the last ')'; utime 250 and stime 150 ticks are 4 s,
        // vsize 1000 bytes, rss 50 pages
        Files.writeString(dir.resolve("stat"), "42 ((a) b)) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 9 0 100 1000 50\n");
        ProcessMeters.Read r = new ProcessMeters(dir).read();
        assertThat(r.cpuSeconds()).isEqualTo(4.0);
        assertThat(r.virtualBytes()).isEqualTo(1000.0);
        assertThat(r.residentBytes()).isEqualTo(50.0 * ProcessMeters.PAGE_SIZE);
    }

    @Test
    void theValuesOfOneRenderingComeFromOneRead(@TempDir Path dir) throws Exception {
        String stat = "1 (x) S 1 1 1 0 -1 0 0 0 0 0 %d 0 0 0 20 0 1 0 100 %d 10\n";
        Files.writeString(dir.resolve("stat"), String.format(stat, 100, 1000));
        ProcessMeters shared = new ProcessMeters(dir, java.time.Duration.ofHours(1));
        assertThat(shared.read().cpuSeconds()).isEqualTo(1.0);
        Files.writeString(dir.resolve("stat"), String.format(stat, 300, 3000));
        // within the window: the first read's values, so CPU and memory describe the same moment
        assertThat(shared.read().virtualBytes()).isEqualTo(1000.0);
        // without sharing every value is read anew, through the file kept open
        ProcessMeters unshared = new ProcessMeters(dir);
        assertThat(unshared.read().virtualBytes()).isEqualTo(3000.0);
        Files.writeString(dir.resolve("stat"), String.format(stat, 500, 5000));
        assertThat(unshared.read().cpuSeconds()).isEqualTo(5.0);
    }

    @Test
    void missingOrMalformedFilesReadAsNothing(@TempDir Path dir) throws Exception {
        ProcessMeters m = new ProcessMeters(dir);
        assertThat(m.read().cpuSeconds()).isNaN();
        assertThat(m.read().residentBytes()).isNaN();
        for (String bad : new String[] {"42 (x) S 1 2\n", "", "no parenthesis at all", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 lots 0 0 0 20 0 1 0 100 1000 10\n"}) {
            Files.writeString(dir.resolve("stat"), bad);
            assertThat(m.read().cpuSeconds()).as(bad).isNaN();
        }
        // a file that appears later is read then
        Files.writeString(dir.resolve("stat"), "1 (x) S 1 1 1 0 -1 0 0 0 0 0 100 100 0 0 20 0 1 0 100 1000 10\n");
        assertThat(m.read().cpuSeconds()).isEqualTo(2.0);
    }
}
