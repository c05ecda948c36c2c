package org.guestdiag.host;

import static org.guestdiag.host.LibC.O_CLOEXEC;
import static org.guestdiag.host.LibC.O_NONBLOCK;
import static org.guestdiag.host.LibC.O_RDONLY;
import static org.guestdiag.host.LibC.S_IFCHR;
import static org.guestdiag.host.LibC.S_IFMT;

import com.sun.jna.LastErrorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what the kernel ring buffer holds now through /dev/kmsg, without blocking: the device is opened
 * O_NONBLOCK, so a read at the end returns EAGAIN instead of waiting for the next message (a plain Java
 * stream would block forever there). In a snapshot, dev/kmsg is a regular file holding the same records.
 */
public final class Kmsg {
    private static final int EAGAIN = 11;
    private static final int EPIPE = 32; // records overwritten while we read: the next read resumes
    private static final int EINTR = 4;
    /** The largest ring buffer (log_buf_len) seen in practice is a few MiB; stop well beyond it. */
    public static final int LIMIT = 16 * 1024 * 1024;

    /** One kept-open tail per kmsg device path: the live machine's, in practice. */
    private static final Map<Path, KmsgTail> TAILS = new ConcurrentHashMap<>();

    private Kmsg() { }

    /** What a root's kmsg is: the kernel's device, a snapshot's copy of the records (any other file), or none. */
    public enum Kind { DEVICE, FILE, ABSENT }

    /** One stat of {@code root}'s kmsg, for {@link #tailable} and {@link #read} both. */
    public static Kind kind(Root root) {
        Path p = root.dev("kmsg");
        try {
            return (((Integer) Files.getAttribute(p, "unix:mode")) & S_IFMT) == S_IFCHR ? Kind.DEVICE : Kind.FILE;
        } catch (NoSuchFileException e) {
            return Kind.ABSENT;
        } catch (IOException | UnsupportedOperationException e) {
            throw new ReadException(root.display(p), String.valueOf(e.getMessage()));
        }
    }

    /**
     * Whether {@code root}'s kmsg is the kernel's device, to be followed with {@link #tail} rather than read
     * whole. Not while recording a snapshot, which must hold the whole buffer as read at that moment.
     */
    public static boolean tailable(Root root, Kind kind) {
        return kind == Kind.DEVICE && !root.recording();
    }

    /** The tail of {@code root}'s kmsg device, shared by everything that reads it. */
    public static KmsgTail tail(Root root) {
        Path p = root.dev("kmsg");
        return TAILS.computeIfAbsent(p, k -> new KmsgTail(k.toString(), root.display(k)));
    }

    static String openFailure(int errno) {
        return errno == 1 || errno == 13
                ? "permission denied (reading the kernel log needs CAP_SYSLOG when kernel.dmesg_restrict=1)"
                : "open failed: errno " + errno;
    }

    /** The log's text (one record per line), or empty when there is no kmsg under this root. */
    public static Optional<String> read(Root root, Kind kind) {
        Path p = root.dev("kmsg");
        return switch (kind) {
            case ABSENT -> Optional.empty();
            case FILE -> root.text(p); // a snapshot's copy; anything else (a FIFO) is refused by the bounded read
            case DEVICE -> {
                byte[] content = readDevice(p, root.display(p));
                root.record(p, content);
                yield Optional.of(new String(content, java.nio.charset.StandardCharsets.UTF_8));
            }
        };
    }

    private static byte[] readDevice(Path p, String display) {
        LibC libc = LibC.get();
        int fd;
        try {
            fd = libc.open(p.toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new ReadException(display, openFailure(e.getErrorCode()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192]; // one record per read; the kernel caps a record at 8 KiB (PRINTK_MESSAGE_MAX)
        try {
            while (out.size() < LIMIT) {
                long n;
                try {
                    n = libc.read(fd, buf, buf.length);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EAGAIN) break;
                    if (e.getErrorCode() == EPIPE || e.getErrorCode() == EINTR) continue;
                    throw new ReadException(display, "read failed: errno " + e.getErrorCode());
                }
                if (n <= 0) break;
                out.write(buf, 0, (int) n);
            }
        } finally {
            try {
                libc.close(fd);
            } catch (LastErrorException ignored) {
                // nothing was written through this descriptor; a failed close loses nothing
            }
        }
        return out.toByteArray();
    }
}
