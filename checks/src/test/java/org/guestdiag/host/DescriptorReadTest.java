package org.guestdiag.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.guestdiag.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor path of {@link Root#bytes}: the file's type is judged on the open descriptor, so a FIFO
 * (swapped in or not) never blocks the open, and every other outcome is the one the java.nio path gives.
 */
class DescriptorReadTest {
    @TempDir Path dir;
    private LibC libc;

    @BeforeEach
    void jna() {
        assumeTrue(DescriptorRead.LIBC.isPresent(), "JNA loads here (it does on the build machines)");
        libc = DescriptorRead.LIBC.get();
    }

    /**
     * A FIFO with no writer, opened directly through the descriptor path (no type check before the open
     * that could refuse it first): a blocking open would wait for a writer forever.
     */
    @Test
    void aFifoOpenedDirectlyFailsAtOnce() throws Exception {
        Root r = Root.of(dir);
        Path fifo = r.sys("block/vda/queue/rotational");
        Files.createDirectories(fifo.getParent());
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo available");
        long t0 = System.nanoTime();
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                DescriptorRead.read(libc, fifo, Root.ATTRIBUTE_LIMIT, r);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(ReadException.class)
                .hasMessage("/sys/block/vda/queue/rotational: " + Root.NOT_REGULAR);
        assertThat(System.nanoTime() - t0).as("ns to refuse the FIFO").isLessThan(TimeUnit.SECONDS.toNanos(2));
    }

    /**
     * What is not a regular file is never opened, only named (O_PATH): a writer blocked opening a FIFO is
     * released by any reader's open, so it must still be waiting after the agent refused the FIFO. A device
     * node's driver is spared its open the same way.
     */
    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Root r = Root.of(dir);
        Path fifo = r.sys("block/vdb/queue/rotational");
        Files.createDirectories(fifo.getParent());
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo available");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (var out = Files.newOutputStream(fifo)) { // blocks until some reader opens the FIFO
                out.write('1');
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(200); // the writer is in its open
        assertThatThrownBy(() -> DescriptorRead.read(libc, fifo, Root.ATTRIBUTE_LIMIT, r)).isInstanceOf(ReadException.class)
                .hasMessage("/sys/block/vdb/queue/rotational: " + Root.NOT_REGULAR);
        Thread.sleep(300);
        assertThat(writer).as("the FIFO was opened by the refused read").isNotDone();
        try (var in = Files.newInputStream(fifo)) { // release the writer
            assertThat(in.read()).isEqualTo('1');
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void deviceNodesAreRefused() {
        Root live = Root.live();
        // /dev/zero would read forever and /dev/null reads empty: neither may pass for a file; /dev/tty
        // without a controlling terminal fails the open with ENXIO, and O_NOCTTY keeps it from becoming one
        for (String dev : List.of("/dev/null", "/dev/zero", "/dev/tty")) {
            assumeTrue(Files.exists(Path.of(dev)));
            assertThatThrownBy(() -> live.attribute(Path.of(dev))).as(dev).isInstanceOf(ReadException.class)
                    .hasMessage(dev + ": " + Root.NOT_REGULAR);
        }
    }

    @Test
    void sameOutcomesAsJavaNio() throws Exception {
        Root r = Root.of(dir);
        List<Path> files = new ArrayList<>();
        for (int size : new int[] {0, 1, 2, 4095, 4096, 65535, Root.ATTRIBUTE_LIMIT, Root.ATTRIBUTE_LIMIT + 1, 200_000}) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) b[i] = (byte) ('a' + i % 26);
            files.add(Files.write(dir.resolve("f" + size), b));
        }
        files.add(Files.writeString(dir.resolve("attr"), "mq-deadline [none]\n"));
        files.add(Files.createDirectories(dir.resolve("adir")));
        files.add(dir.resolve("missing"));
        files.add(dir.resolve("f1/under-a-file"));
        Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        files.add(dir.resolve("loop/x"));
        files.add(dir.resolve("loop"));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        files.add(dir.resolve("dangling"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("attr"));
        files.add(dir.resolve("link"));
        // real captures, and small live sysfs/procfs files that do not change between two reads
        Path ahci = Fixtures.path("ahci");
        files.add(ahci.resolve("proc/cpuinfo"));
        files.add(ahci.resolve("sys/block/sda/queue/scheduler"));
        files.add(ahci.resolve("sys/block/sda/device/vpd_pg83"));
        for (String live : List.of("/proc/sys/kernel/ostype", "/proc/version", "/sys/devices/system/cpu/online",
                "/sys/kernel/mm/transparent_hugepage/enabled", "/proc/self/mem", "/sys/block")) {
            files.add(Path.of(live));
        }
        for (Path p : files) {
            for (int limit : new int[] {Root.ATTRIBUTE_LIMIT, Root.TEXT_LIMIT}) {
                assertThat(outcome(() -> DescriptorRead.read(libc, p, limit, r)))
                        .as("%s with limit %d", p, limit).isEqualTo(outcome(() -> r.readNio(p, limit)));
            }
        }
        // /proc/self/mem read at offset 0 fails with EIO, which both word alike
        assertThat(outcome(() -> DescriptorRead.read(libc, Path.of("/proc/self/mem"), 100, r))).isEqualTo("failed: /proc/self/mem: IOException: Input/output error");
        assertThat(outcome(() -> DescriptorRead.read(libc, dir.resolve("loop"), 100, r))).contains("too many levels of symbolic links");
    }

    /** Root.bytes as the readers see it: the descriptor path in use, same bytes, same bound. */
    @Test
    void rootReadsThroughTheDescriptor() throws Exception {
        Root r = Root.of(dir);
        Path f = Files.writeString(dir.resolve("size"), "20971520\n");
        assertThat(r.attribute(f)).contains("20971520");
        Files.write(f, new byte[Root.ATTRIBUTE_LIMIT + 1]);
        assertThatThrownBy(() -> r.attribute(f)).isInstanceOf(ReadException.class).hasMessageEndingWith("larger than 65536 bytes, not read");
        assertThat(r.text(dir.resolve("nothing"))).isEmpty();
    }

    private interface Read {
        byte[] get();
    }

    private static String outcome(Read read) {
        try {
            byte[] b = read.get();
            return b == null ? "absent" : "bytes " + b.length + " " + Arrays.hashCode(b) + " " + new String(b, 0, Math.min(b.length, 40), StandardCharsets.ISO_8859_1);
        } catch (ReadException e) {
            return "failed: " + e.getMessage();
        }
    }
}
