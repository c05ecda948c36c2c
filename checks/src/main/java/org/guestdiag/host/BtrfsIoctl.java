package org.guestdiag.host;

import static org.guestdiag.host.LibC.O_CLOEXEC;
import static org.guestdiag.host.LibC.O_DIRECTORY;
import static org.guestdiag.host.LibC.O_RDONLY;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The read-only btrfs ioctls on a mount point, for kernels before 5.14 whose sysfs has no
 * {@code devinfo/N/error_stats}. Numbers and layouts from include/uapi/linux/btrfs.h (checked against the
 * header of linux-libc-dev 6.1 with sizeof: 1024, 4096, 1032 bytes). GET_DEV_STATS is always asked with
 * flags 0: BTRFS_DEV_STATS_RESET would zero the counters, destroying the very evidence we report.
 *
 * <p>An ioctl on a hung filesystem can block in the kernel; callers run under the collector's time bound.
 */
public final class BtrfsIoctl implements AutoCloseable {
    static final long IOC_DEV_INFO = 0xD000941EL;      // _IOWR(0x94, 30, struct btrfs_ioctl_dev_info_args)
    static final long IOC_FS_INFO = 0x8400941FL;       // _IOR(0x94, 31, struct btrfs_ioctl_fs_info_args)
    static final long IOC_GET_DEV_STATS = 0xC4089434L; // _IOWR(0x94, 52, struct btrfs_ioctl_get_dev_stats)
    static final int FS_INFO_SIZE = 1024;
    static final int DEV_INFO_SIZE = 4096;
    static final int DEV_STATS_SIZE = 1032;
    private static final int DEV_INFO_PATH_OFFSET = 3072; // devid 8, uuid 16, bytes_used 8, total_bytes 8, unused[379]
    private static final int DEV_STAT_VALUES_MAX = 5;
    static final int ENODEV = 19; // DEV_INFO on a devid that is not (or no longer) in the filesystem

    /** max_id: the highest devid ever used (devids have gaps after a remove); the fsid. */
    public record FsInfo(long maxId, long numDevices, String fsid) { }

    /** One device: its size as btrfs uses it, what is allocated on it, its path as the kernel knows it. */
    public record DevInfo(long devid, long bytesUsed, long totalBytes, String path) { }

    /** write, read, flush, corruption, generation; {@code count} of them the kernel filled (older ones fewer). */
    public record DevStats(long[] values, int count) { }

    private final int fd;
    private final String display;

    private BtrfsIoctl(int fd, String display) {
        this.fd = fd;
        this.display = display;
    }

    /** Opens a btrfs mount point read-only as a directory: no write access is needed for these ioctls. */
    public static BtrfsIoctl open(Path mountPoint, String display) {
        try {
            return new BtrfsIoctl(LibC.get().open(mountPoint.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), display);
        } catch (LastErrorException e) {
            throw new ReadException(display, "open for ioctl failed: errno " + e.getErrorCode());
        }
    }

    public FsInfo fsInfo() {
        ByteBuffer b = call(IOC_FS_INFO, new byte[FS_INFO_SIZE], "BTRFS_IOC_FS_INFO");
        return parseFsInfo(b);
    }

    /** Empty when no device has this devid (ENODEV): devids have gaps after a device was removed. */
    public Optional<DevInfo> devInfo(long devid) {
        byte[] in = new byte[DEV_INFO_SIZE];
        ByteBuffer.wrap(in).order(ByteOrder.nativeOrder()).putLong(0, devid);
        try {
            return Optional.of(parseDevInfo(call(IOC_DEV_INFO, in, "BTRFS_IOC_DEV_INFO")));
        } catch (IoctlFailed e) {
            if (e.errno == ENODEV) return Optional.empty();
            throw new ReadException(display, e.getMessage());
        }
    }

    public DevStats devStats(long devid) {
        return parseDevStats(call(IOC_GET_DEV_STATS, devStatsRequest(devid), "BTRFS_IOC_GET_DEV_STATS"));
    }

    /** struct btrfs_ioctl_get_dev_stats as sent: the agent reads the counters and never resets them. */
    static byte[] devStatsRequest(long devid) {
        byte[] in = new byte[DEV_STATS_SIZE];
        ByteBuffer w = ByteBuffer.wrap(in).order(ByteOrder.nativeOrder());
        w.putLong(0, devid);
        w.putLong(8, DEV_STAT_VALUES_MAX); // nr_items: how many counters we have room for
        w.putLong(16, 0);                  // flags: never BTRFS_DEV_STATS_RESET
        return in;
    }

    static FsInfo parseFsInfo(ByteBuffer b) {
        return new FsInfo(b.getLong(0), b.getLong(8), uuid(b, 16));
    }

    static DevInfo parseDevInfo(ByteBuffer b) {
        byte[] path = new byte[DEV_INFO_SIZE - DEV_INFO_PATH_OFFSET];
        b.get(DEV_INFO_PATH_OFFSET, path);
        int end = 0;
        while (end < path.length && path[end] != 0) end++;
        return new DevInfo(b.getLong(0), b.getLong(24), b.getLong(32), new String(path, 0, end, StandardCharsets.UTF_8));
    }

    static DevStats parseDevStats(ByteBuffer b) {
        int count = (int) Math.min(DEV_STAT_VALUES_MAX, Math.max(0, b.getLong(8)));
        long[] v = new long[DEV_STAT_VALUES_MAX];
        for (int i = 0; i < count; i++) v[i] = b.getLong(24 + 8 * i);
        return new DevStats(v, count);
    }

    private static String uuid(ByteBuffer b, int offset) {
        StringBuilder s = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) s.append('-');
            s.append(String.format("%02x", b.get(offset + i) & 0xff));
        }
        return s.toString();
    }

    private ByteBuffer call(long request, byte[] in, String name) {
        try (Memory m = new Memory(in.length)) {
            m.write(0, in, 0, in.length);
            try {
                LibC.get().ioctl(fd, new NativeLong(request), m);
            } catch (LastErrorException e) {
                throw new IoctlFailed(name + " failed: errno " + e.getErrorCode(), e.getErrorCode());
            }
            return ByteBuffer.wrap(m.getByteArray(0, in.length)).order(ByteOrder.nativeOrder());
        } catch (IoctlFailed e) {
            if (request == IOC_DEV_INFO) throw e;
            throw new ReadException(display, e.getMessage());
        }
    }

    private static final class IoctlFailed extends RuntimeException {
        final int errno;

        IoctlFailed(String message, int errno) {
            super(message);
            this.errno = errno;
        }
    }

    @Override
    public void close() {
        try {
            LibC.get().close(fd);
        } catch (LastErrorException ignored) {
            // a read-only descriptor: a failed close loses nothing
        }
    }
}
