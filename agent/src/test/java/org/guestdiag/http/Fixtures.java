package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/** Fixture roots copied where a test may break them, and reading single series out of an exposition. */
final class Fixtures {
    private Fixtures() { }

    /** A snapshot copied with its symlinks (sysfs is mostly symlinks), so a test can plant trouble in it. */
    static Path copy(String snapshot, Path dir) throws Exception {
        Path target = dir.resolve(snapshot);
        run("cp", "-a", Servers.SNAPSHOTS.resolve(snapshot).toString(), target.toString());
        return target;
    }

    /** Replaces a file with a FIFO that nobody writes: opening it for reading blocks in the kernel. */
    static Path fifoInPlaceOf(Path file) throws Exception {
        Path real = file.getParent().toRealPath().resolve(file.getFileName());
        Files.deleteIfExists(real);
        run("mkfifo", real.toString());
        return real;
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd), out).isZero();
    }

    /** The value of one series, given exactly as exposed (name and labels in exposition order). */
    static OptionalDouble value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip())).findFirst();
    }
}
