package org.guestdiag.reliability;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.guestdiag.host.Root;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;

/**
 * A real source behind an open() of a FIFO that nobody writes: open(2) blocks in the kernel and ignores
 * Thread.interrupt(), just as a read of a hung device does. The rooted reads refuse FIFOs, so a hung read
 * is put in this way; {@link #unblock} lets the stuck thread go when the test is done.
 */
public record HungSource<T>(Source<T> real, Path fifo) implements Source<T> {
    @Override public String name() { return real.name(); }
    @Override public boolean dynamic() { return real.dynamic(); }

    @Override
    public T read(Root root, Problems problems) {
        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
            in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return real.read(root, problems);
    }

    /** Opens the FIFO for writing, which lets the blocked open() return, so the stuck thread ends with the test. */
    public static void unblock(Path fifo) throws IOException {
        try (FileOutputStream w = new FileOutputStream(fifo.toFile())) {
            w.flush();
        }
    }
}
