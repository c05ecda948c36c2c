package org.guestdiag.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The agent's own CPU time and memory, under the names every Prometheus client library's process collector
 * uses (process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes), so that a
 * fleet sees what the agent costs each VM with the queries it already has for other exporters.
 *
 * <p>Read from the agent's own /proc/self, never through --path.procfs: that root is the VM being diagnosed,
 * possibly a snapshot, while these describe the running process. Micrometer's ProcessorMetrics is not used:
 * its CPU time is a counter in nanoseconds (process_cpu_time_ns_total), which promtool rejects.
 */
final class ProcessMeters {
    /**
     * USER_HZ, the unit of the times in /proc/PID/stat: fixed at 100 by the kernel's user ABI on every
     * architecture a JDK runs Linux on (CONFIG_HZ varies; the value exported to user space does not).
     */
    static final double USER_HZ = 100;

    private final Path stat;
    private final Path status;
    private final long shareNanos;
    /** The status text of the last read: the two memory gauges of one rendering take it from one read. */
    private volatile Read lastStatus;

    private record Read(long atNanos, String text) { }

    /** Reads the files anew for every value. */
    ProcessMeters(Path proc) {
        this(proc, java.time.Duration.ZERO);
    }

    /** @param share how long one read of the status file serves: a rendering asks for both of its values at once */
    ProcessMeters(Path proc, java.time.Duration share) {
        this.stat = proc.resolve("stat");
        this.status = proc.resolve("status");
        this.shareNanos = share.toNanos();
    }

    void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("process.cpu", this, m -> m.cpuSeconds().orElse(Double.NaN)).baseUnit("seconds")
                .description("Total user and system CPU time of the agent's process, in seconds.").register(registry);
        Gauge.builder("process.resident.memory", this, m -> m.statusBytes("VmRSS:").orElse(Double.NaN)).baseUnit("bytes")
                .description("Resident memory size of the agent's process, in bytes.").register(registry);
        Gauge.builder("process.virtual.memory", this, m -> m.statusBytes("VmSize:").orElse(Double.NaN)).baseUnit("bytes")
                .description("Virtual memory size of the agent's process, in bytes.").register(registry);
    }

    /** utime + stime, fields 14 and 15 of /proc/PID/stat, counted after the command name, which may hold spaces and parentheses. */
    OptionalDouble cpuSeconds() {
        String s = read(stat);
        int close = s == null ? -1 : s.lastIndexOf(')');
        if (close < 0) return OptionalDouble.empty();
        String[] f = s.substring(close + 2).split(" ");
        // after ") ": field 3 (state) is f[0], so field N is f[N - 3]
        if (f.length < 13) return OptionalDouble.empty();
        try {
            return OptionalDouble.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / USER_HZ);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** A "Key:   N kB" line of /proc/PID/status, in bytes. */
    OptionalDouble statusBytes(String key) {
        String s = statusText();
        if (s == null) return OptionalDouble.empty();
        for (String line : s.split("\n")) {
            if (!line.startsWith(key)) continue;
            String[] f = line.substring(key.length()).trim().split("\\s+");
            try {
                return OptionalDouble.of(Long.parseLong(f[0]) * (f.length > 1 && f[1].equals("kB") ? 1024.0 : 1.0));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    private String statusText() {
        Read r = lastStatus;
        long now = System.nanoTime();
        if (r == null || now - r.atNanos() >= shareNanos) lastStatus = r = new Read(now, read(status));
        return r.text();
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return null; // not Linux, or /proc hidden: the meter reads NaN, which Prometheus stores as such
        }
    }
}
