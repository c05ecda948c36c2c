package org.guestdiag.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@link LibC} with the calls of every file read (open, read, lseek, close, strerror) bound by JNA's direct
 * mapping: a native method per function, without the interface mapping's proxy, reflective dispatch and
 * per-argument type checks, which were about a third of reading a sysfs attribute (a refresh reads
 * hundreds). fstat and ioctl stay on the interface mapping: glibc before 2.33 has no fstat symbol, and
 * direct registration fails as a whole on a missing one.
 *
 * <p>Only a server uses it ({@link LibC#preferDirect()}): registering the native methods costs 23-34 ms
 * when the class loads, which a cold {@code diagnose} would pay for a few hundred reads, and a server
 * earns back within its first refreshes.
 */
final class DirectLibC implements LibC {
    static {
        Native.register(DirectLibC.class, "c");
    }

    private final LibC mapped;

    DirectLibC(LibC mapped) {
        this.mapped = mapped;
    }

    @Override public native int open(String path, int flags) throws LastErrorException;

    @Override public native int close(int fd) throws LastErrorException;

    @Override public native long read(int fd, byte[] buf, long count) throws LastErrorException;

    @Override public native long read(int fd, Pointer buf, long count) throws LastErrorException;

    @Override public native long lseek(int fd, long offset, int whence) throws LastErrorException;

    @Override public native String strerror(int errno);

    @Override
    public int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException {
        return mapped.ioctl(fd, request, arg);
    }

    @Override
    public int ioctl(int fd, NativeLong request, Structure arg) throws LastErrorException {
        return mapped.ioctl(fd, request, arg);
    }

    @Override
    public int fstat(int fd, Pointer stat) throws LastErrorException {
        return mapped.fstat(fd, stat);
    }

    @Override
    public int __fxstat(int version, int fd, Pointer stat) throws LastErrorException {
        return mapped.__fxstat(version, fd, stat);
    }
}
