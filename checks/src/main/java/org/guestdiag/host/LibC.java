package org.guestdiag.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.Optional;

/**
 * The few libc calls the agent makes through JNA, in one mapping: {@link Root}'s bounded reads, /dev/kmsg
 * ({@link Kmsg}), the btrfs ioctls ({@link BtrfsIoctl}) and SMART pass-through
 * ({@link org.guestdiag.host.passthrough.DevicePassthrough}). Only read-only open flags are defined here
 * (the read-only source scan checks it). Flag values are the x86-64 and arm64 ones (asm-generic/fcntl.h).
 */
public interface LibC extends Library {
    int O_RDONLY = 0;
    int O_NOCTTY = 0400;
    int O_NONBLOCK = 04000;
    int O_DIRECTORY = 0200000;
    int O_CLOEXEC = 02000000;
    /** A descriptor that names the file without opening it: no driver's open runs, a FIFO cannot block. */
    int O_PATH = 010000000;

    int S_IFMT = 0170000;
    int S_IFREG = 0100000;
    int S_IFDIR = 0040000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long read(int fd, Pointer buf, long count) throws LastErrorException;

    int SEEK_SET = 0;

    /** off_t is 64 bits on the 64-bit platforms the agent runs on. */
    long lseek(int fd, long offset, int whence) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Structure arg) throws LastErrorException;

    /** glibc 2.33+ and musl export fstat; older glibc only {@link #__fxstat}. */
    int fstat(int fd, Pointer stat) throws LastErrorException;

    int __fxstat(int version, int fd, Pointer stat) throws LastErrorException;

    String strerror(int errno);

    /** libc, loaded on first use; a JNA that cannot load its native part throws a LinkageError here, as before. */
    static LibC get() {
        return Loaded.LIBC;
    }

    /** libc, or empty where JNA's native part cannot load (no writable jna.tmpdir, an unknown platform). */
    static Optional<LibC> ifAvailable() {
        return Probe.LIBC;
    }

    /**
     * From now on, bind the calls of a file read by JNA's direct mapping ({@link DirectLibC}): for a
     * long-running server, called before anything reads. Without effect once libc was loaded.
     */
    static void preferDirect() {
        Choice.direct = true; // not a field of Loaded: touching that would load libc before the choice
    }

    /** Whether the calls of a file read are bound by direct mapping in this process. */
    static boolean direct() {
        return get() instanceof DirectLibC;
    }

    /** Whether {@link Loaded} binds directly: set before it loads. */
    final class Choice {
        static volatile boolean direct;

        private Choice() { }
    }

    /** Holds the loaded library; class initialization makes the load happen once, on first use. */
    final class Loaded {
        static final LibC LIBC = load();

        private Loaded() { }

        private static LibC load() {
            LibC mapped = Native.load("c", LibC.class);
            return Choice.direct ? new DirectLibC(mapped) : mapped;
        }
    }

    /** Whether {@link Loaded} could load, asked once. */
    final class Probe {
        static final Optional<LibC> LIBC = probe();

        private Probe() { }

        private static Optional<LibC> probe() {
            try {
                return Optional.of(Loaded.LIBC);
            } catch (LinkageError e) { // UnsatisfiedLinkError, or the ExceptionInInitializerError/NoClassDefFoundError around it
                java.util.logging.Logger.getLogger(LibC.class.getName()).log(java.util.logging.Level.WARNING,
                        "JNA cannot load libc: files are read through java.nio, which cannot check a file's type on the open descriptor", e);
                return Optional.empty();
            }
        }
    }
}
