package org.guestdiag.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The agent's own CPU time and memory, under the names every Prometheus client library's process collector
 * uses (process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes) and from
 * the one file they read them from, /proc/self/stat, so that a fleet sees what the agent costs each VM with
 * the queries it already has for other exporters.
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
    /** The unit of the rss field; 4096 where the JDK does not tell (x86-64's only size). */
    static final long PAGE_SIZE = pageSize();

    private final Path stat;
    private final long shareNanos;
    /**
     * Kept open: a read at offset 0 makes the kernel write the file anew, and opening it through NIO on
     * every scrape was most of what reading the three values cost (0.3 ms a cold scrape, measured).
     */
    private FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(512);
    /** The last read: the three values of one rendering come from one read, so they describe one moment. */
    private volatile Read last;

    /** Fields of /proc/PID/stat: CPU seconds, virtual and resident bytes; NaN where unreadable. */
    record Read(long atNanos, double cpuSeconds, double virtualBytes, double residentBytes) { }

    /** Reads the file anew for every value. */
    ProcessMeters(Path proc) {
        this(proc, java.time.Duration.ZERO);
    }

    /** @param share how long one read serves: a rendering asks for its three values at once */
    ProcessMeters(Path proc, java.time.Duration share) {
        this.stat = proc.resolve("stat");
        this.shareNanos = share.toNanos();
    }

    void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("process.cpu", this, m -> m.read().cpuSeconds()).baseUnit("seconds")
                .description("Total user and system CPU time of the agent's process, in seconds.").register(registry);
        Gauge.builder("process.resident.memory", this, m -> m.read().residentBytes()).baseUnit("bytes")
                .description("Resident memory size of the agent's process, in bytes.").register(registry);
        Gauge.builder("process.virtual.memory", this, m -> m.read().virtualBytes()).baseUnit("bytes")
                .description("Virtual memory size of the agent's process, in bytes.").register(registry);
    }

    /** The latest read, or a new one when it is older than the share window. */
    Read read() {
        Read r = last;
        long now = System.nanoTime();
        if (r == null || now - r.atNanos() >= shareNanos) {
            synchronized (this) {
                r = last;
                if (r == null || now - r.atNanos() >= shareNanos) last = r = parse(now, readStat());
            }
        }
        return r;
    }

    /**
     * utime + stime (fields 14 and 15, in USER_HZ ticks), vsize (23, bytes) and rss (24, pages), counted
     * after the command name, which may hold spaces and parentheses: fields start after the last ')'.
     */
    static Read parse(long at, String s) {
        int close = s == null ? -1 : s.lastIndexOf(')');
        if (close < 0) return new Read(at, Double.NaN, Double.NaN, Double.NaN);
        long[] f = new long[25];
        int field = 3; // the state, right after ") "
        int i = close + 2;
        while (i < s.length() && field <= 24) {
            int end = s.indexOf(' ', i);
            if (end < 0) end = s.length();
            if (field >= 14) f[field] = number(s, i, end);
            field++;
            i = end + 1;
        }
        if (field <= 24) return new Read(at, Double.NaN, Double.NaN, Double.NaN);
        double cpu = f[14] < 0 || f[15] < 0 ? Double.NaN : (f[14] + f[15]) / USER_HZ;
        return new Read(at, cpu, f[23] < 0 ? Double.NaN : f[23], f[24] < 0 ? Double.NaN : (double) f[24] * PAGE_SIZE);
    }

    /** The decimal number in s[from, to), -1 when it is not one. */
    private static long number(String s, int from, int to) {
        if (from >= to || to - from > 18) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\n' && i == to - 1 && i > from) break;
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private synchronized String readStat() {
        try {
            if (channel == null) channel = new FileInputStream(stat.toFile()).getChannel(); // read-only by construction
            buffer.clear();
            long at = 0;
            int n;
            while ((n = channel.read(buffer, at)) > 0) {
                at += n;
                if (!buffer.hasRemaining()) buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            close();
            return null; // not Linux, or /proc hidden: the meters read NaN, which Prometheus stores as such
        }
    }

    private void close() {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
        channel = null;
    }

    private static long pageSize() {
        try {
            java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return ((Number) unsafe.getClass().getMethod("pageSize").invoke(unsafe)).longValue();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return 4096;
        }
    }
}
