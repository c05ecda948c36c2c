package org.guestdiag.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootTest {
    @TempDir Path dir;

    @Test
    void displayStripsTheRoot() {
        Root r = Root.of(dir);
        assertThat(r.display(r.sys("block/vda/queue/rotational"))).isEqualTo("/sys/block/vda/queue/rotational");
        assertThat(r.display(r.proc("cpuinfo"))).isEqualTo("/proc/cpuinfo");
        assertThat(r.display(r.dev("kmsg"))).isEqualTo("/dev/kmsg");
        assertThat(r.display(r.file("var/lib/btrfs/x"))).isEqualTo("/var/lib/btrfs/x");
    }

    @Test
    void missingIsAbsentNotZero() {
        Root r = Root.of(dir);
        assertThat(r.attribute(r.sys("block/vda/queue/rotational"))).isEmpty();
        assertThat(r.list(r.sys("block"))).isEmpty();
    }

    @Test
    void oversizedAttributeIsAnErrorNamingTheFile() throws Exception {
        Root r = Root.of(dir);
        Path f = r.sys("block/vda/size");
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[Root.ATTRIBUTE_LIMIT + 1]);
        assertThatThrownBy(() -> r.attribute(f)).isInstanceOf(ReadException.class)
                .hasMessageContaining("/sys/block/vda/size").hasMessageContaining("larger than");
    }

    @Test
    void fifoIsRefusedWithoutBlocking() throws Exception {
        Root r = Root.of(dir);
        Path fifo = r.sys("block/vda/queue/rotational");
        Files.createDirectories(fifo.getParent());
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo available");
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                r.attribute(fifo);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        // a plain open() of a FIFO would block forever; the bounded read refuses it at once
        Throwable t = f.get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(ReadException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void permissionDenied() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads everything");
        Root r = Root.of(dir);
        Path f = r.proc("cpuinfo");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "x");
        f.toFile().setReadable(false);
        assertThatThrownBy(() -> r.text(f)).isInstanceOf(ReadException.class).hasMessageContaining("permission denied");
    }

    @Test
    void recorderSeesLinksOnTheWayAndTheRealFile() throws Exception {
        Path real = dir.resolve("sys/devices/x/block/vda");
        Files.createDirectories(real.resolve("queue"));
        Files.writeString(real.resolve("queue/rotational"), "1\n");
        Files.createDirectories(dir.resolve("sys/block"));
        Files.createSymbolicLink(dir.resolve("sys/block/vda"), Path.of("../devices/x/block/vda"));
        java.util.List<String> seen = new java.util.ArrayList<>();
        Root r = Root.of(dir).recordingTo(new Recorder() {
            @Override public void file(Path p, byte[] c) { seen.add("file " + Root.of(dir).display(p)); }
            @Override public void directory(Path p, java.util.List<String> e) { }
            @Override public void symlink(Path p, String t) { seen.add("link " + Root.of(dir).display(p) + " -> " + t); }
        });
        assertThat(r.attribute(r.sys("block/vda/queue/rotational"))).contains("1");
        assertThat(seen).containsExactly("link /sys/block/vda -> ../devices/x/block/vda", "file /sys/devices/x/block/vda/queue/rotational");
    }
}
