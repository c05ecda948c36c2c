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
        // the JVM running this test has used CPU and holds tens of MB
        assertThat(m.cpuSeconds()).isPresent();
        assertThat(m.cpuSeconds().getAsDouble()).isPositive();
        String status = Files.readString(Path.of("/proc/self/status"));
        long rssKb = Long.parseLong(status.replaceAll("(?s).*\\nVmRSS:\\s+(\\d+) kB.*", "$1"));
        // RSS moves between two reads; same order of magnitude is what matters
        assertThat(m.statusBytes("VmRSS:").getAsDouble()).isBetween(rssKb * 1024 * 0.5, rssKb * 1024 * 2.0);
        assertThat(m.statusBytes("VmSize:").getAsDouble()).isGreaterThan(m.statusBytes("VmRSS:").getAsDouble());
    }

    @Test
    void theServersRegistryExposesThemUnderTheStandardNamesAfterACollection() throws Exception {
        java.util.List<org.guestdiag.check.Sample> none = java.util.List.of();
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
        // comm is "(a) b)": the fields count from the last ')'; utime 250 and stime 150 ticks are 4 s
        Files.writeString(dir.resolve("stat"), "42 ((a) b)) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 9 0 100 1000 50\n");
        Files.writeString(dir.resolve("status"), "Name:\tx\nVmSize:\t  1000 kB\nVmRSS:\t   200 kB\n");
        ProcessMeters m = new ProcessMeters(dir);
        assertThat(m.cpuSeconds()).hasValue(4.0);
        assertThat(m.statusBytes("VmRSS:")).hasValue(200 * 1024.0);
        assertThat(m.statusBytes("VmSize:")).hasValue(1000 * 1024.0);
        assertThat(m.statusBytes("VmSwap:")).isEmpty();
    }

    @Test
    void theMemoryValuesOfOneRenderingComeFromOneReadOfStatus(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("status"), "VmSize:\t  1000 kB\nVmRSS:\t   200 kB\n");
        ProcessMeters shared = new ProcessMeters(dir, java.time.Duration.ofHours(1));
        assertThat(shared.statusBytes("VmRSS:")).hasValue(200 * 1024.0);
        Files.writeString(dir.resolve("status"), "VmSize:\t  3000 kB\nVmRSS:\t   300 kB\n");
        // within the window: the first read's text, so RSS and size describe the same moment
        assertThat(shared.statusBytes("VmSize:")).hasValue(1000 * 1024.0);
        // without sharing every value is read anew
        assertThat(new ProcessMeters(dir).statusBytes("VmSize:")).hasValue(3000 * 1024.0);
    }

    @Test
    void missingOrMalformedFilesReadAsNothing(@TempDir Path dir) throws Exception {
        ProcessMeters m = new ProcessMeters(dir);
        assertThat(m.cpuSeconds()).isEmpty();
        assertThat(m.statusBytes("VmRSS:")).isEmpty();
        Files.writeString(dir.resolve("stat"), "42 (x) S 1 2\n");
        Files.writeString(dir.resolve("status"), "VmRSS:\tlots kB\n");
        assertThat(m.cpuSeconds()).isEmpty();
        assertThat(m.statusBytes("VmRSS:")).isEmpty();
    }
}
