package org.guestdiag.host;

import static org.guestdiag.host.LibC.O_CLOEXEC;
import static org.guestdiag.host.LibC.O_NONBLOCK;
import static org.guestdiag.host.LibC.O_RDONLY;

import com.sun.jna.LastErrorException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * /dev/kmsg kept open between reads, so a server's refresh reads only the records the kernel logged since
 * the last one instead of the whole ring buffer again: every open file of /dev/kmsg has its own position, the
 * first read of a new descriptor returns the oldest record the buffer holds and each read after it the next
 * record, one record per read (Documentation/ABI/testing/dev-kmsg). Reading the whole buffer was one read
 * call per record at every refresh: 5 ms of CPU a refresh for the 1,000 records of a freshly booted VM,
 * several times that once a busy VM's buffer is full.
 *
 * <p>A second descriptor tells which records the buffer still holds: {@code lseek(fd, 0, SEEK_SET)} moves
 * it to the oldest one, whose sequence number its next read gives. Records older than that have been
 * overwritten, and the caller drops them, so that it holds what a whole read would give. Both descriptors
 * are non-blocking: at the end a read returns EAGAIN instead of waiting for the next message.
 */
public final class KmsgTail implements AutoCloseable {
    private static final int EAGAIN = 11;
    private static final int EPIPE = 32; // records overwritten before this descriptor read them: it resumes at the oldest
    private static final int EINTR = 4;
    /** The kernel caps a record at 8 KiB (PRINTK_MESSAGE_MAX) and returns one record per read. */
    private static final int RECORD_MAX = 8192;

    /**
     * @param records what the kernel logged since the last batch, one record's text each (its first line
     *                {@code prio,seq,usec,flags;message}, then continuation lines), oldest first
     * @param oldest  the sequence number of the oldest record the ring buffer still holds; empty when it is empty
     * @param whole   true when the records are the whole buffer (the first batch, or after the descriptor was
     *                opened again): whatever the caller held before is to be forgotten
     */
    public record Batch(List<String> records, OptionalLong oldest, boolean whole) { }

    private final String path;
    private final String display;
    private final byte[] buf = new byte[RECORD_MAX];
    private int fd = -1;
    private int probe = -1;

    KmsgTail(String path, String display) {
        this.path = path;
        this.display = display;
    }

    /** The records logged since the last call (the whole buffer at the first), at most {@code limit} bytes of them. */
    public synchronized Batch next(int limit) {
        LibC libc = LibC.get();
        boolean whole = fd < 0;
        try {
            if (whole) {
                fd = open(libc);
                probe = open(libc);
            }
            List<String> records = new ArrayList<>();
            int bytes = 0;
            while (bytes < limit) {
                int n = read(libc, fd);
                if (n == 0) break;
                if (n < 0) continue; // records lost before they were read: the position is at the oldest kept
                records.add(new String(buf, 0, n, StandardCharsets.UTF_8));
                bytes += n;
            }
            return new Batch(records, oldest(libc), whole);
        } catch (ReadException e) {
            close(); // the next call opens again and reads the whole buffer
            throw e;
        }
    }

    /** The sequence number of the buffer's oldest record, from the probe descriptor moved to it. */
    private OptionalLong oldest(LibC libc) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                libc.lseek(probe, 0, LibC.SEEK_SET);
            } catch (LastErrorException e) {
                throw new ReadException(display, "seek failed: errno " + e.getErrorCode());
            }
            int n = read(libc, probe);
            if (n == 0) return OptionalLong.empty();
            if (n < 0) continue; // overwritten between the seek and the read: seek again
            long seq = KmsgHeader.sequence(new String(buf, 0, Math.min(n, 64), StandardCharsets.US_ASCII));
            if (seq < 0) throw new ReadException(display, "record without a sequence number: " + new String(buf, 0, Math.min(n, 80), StandardCharsets.UTF_8));
            return OptionalLong.of(seq);
        }
        throw new ReadException(display, "the oldest record kept being overwritten while it was read");
    }

    /** One record into {@link #buf}: its length, 0 at the end of the buffer, -1 after records were lost (EPIPE). */
    private int read(LibC libc, int from) {
        for (;;) {
            try {
                return (int) libc.read(from, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) return 0;
                if (e.getErrorCode() == EPIPE) return -1; // the position moved on to the oldest record kept
                if (e.getErrorCode() == EINTR) continue;
                throw new ReadException(display, "read failed: errno " + e.getErrorCode());
            }
        }
    }

    private int open(LibC libc) {
        try {
            return libc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new ReadException(display, Kmsg.openFailure(e.getErrorCode()));
        }
    }

    @Override
    public synchronized void close() {
        LibC libc = LibC.get();
        for (int d : new int[] {fd, probe}) {
            if (d < 0) continue;
            try {
                libc.close(d);
            } catch (LastErrorException ignored) {
                // read-only descriptors: a failed close loses nothing
            }
        }
        fd = -1;
        probe = -1;
    }
}
