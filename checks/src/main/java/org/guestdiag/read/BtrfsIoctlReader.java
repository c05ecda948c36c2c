package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.guestdiag.host.BtrfsIoctl;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.DeviceErrors;
import org.guestdiag.model.Mount;

/**
 * Device list, sizes and error counters through the btrfs ioctls, for kernels whose sysfs lacks
 * {@code devinfo/N/error_stats} (before 5.14) or {@code devinfo/} altogether (before 5.6): older Rockstor,
 * openSUSE Leap 15 and RHEL 8 kernels. Only on the live machine: a snapshot has no mount point to ask.
 */
final class BtrfsIoctlReader {
    private BtrfsIoctlReader() { }

    /**
     * {@code -Dguestdiag.btrfs.ioctl=always} takes the ioctl path even where sysfs has the counters: the
     * real-guest suite uses it to compare both paths on the same live filesystem.
     */
    static final String FORCE_PROPERTY = "guestdiag.btrfs.ioctl";

    static boolean needed(Root root, BtrfsFilesystem fs) {
        return isLive(root) && wanted(fs, "always".equals(System.getProperty(FORCE_PROPERTY)));
    }

    /**
     * What sysfs leaves out and the ioctls tell: the devices and their error counters (before 5.6 and 5.14), and,
     * with a device missing, what each present device uses (DEV_INFO's bytes_used), without which the space left
     * on a degraded filesystem is unknown ({@link BtrfsFilesystem#unallocatedBytes}).
     */
    static boolean wanted(BtrfsFilesystem fs, boolean forced) {
        return forced || fs.devices().isEmpty() || fs.devices().stream().anyMatch(d -> d.errors().isEmpty() || d.missing().orElse(false));
    }

    static boolean isLive(Root root) {
        return root.procfs().equals(Path.of("/proc")) && root.sysfs().equals(Path.of("/sys")) && root.rootfs().equals(Path.of("/"));
    }

    /**
     * {@code fs} with the ioctl's devices; sysfs's missing/writeable flags kept where it had them.
     *
     * @param mountPoints the btrfs mount points of {@link #btrfsMounts}, shared by all filesystems of one read
     */
    static BtrfsFilesystem complete(Root root, BtrfsFilesystem fs, MountPoints mountPoints) {
        Optional<Mount> mount = mountPoints.of(fs);
        if (mount.isEmpty()) return fs; // mounted in another namespace only: nothing to open
        Path point = root.file(mount.get().mountPoint().substring(1));
        List<BtrfsDevice> devices = new ArrayList<>();
        try (BtrfsIoctl io = BtrfsIoctl.open(point, root.display(point))) {
            BtrfsIoctl.FsInfo info = io.fsInfo();
            if (!info.fsid().equals(fs.fsid())) {
                throw new ReadException(root.display(point), "BTRFS_IOC_FS_INFO reports fsid " + info.fsid() + ", sysfs " + fs.fsid());
            }
            for (long devid = 1; devid <= info.maxId(); devid++) {
                Optional<BtrfsIoctl.DevInfo> dev = io.devInfo(devid);
                if (dev.isEmpty()) continue;
                BtrfsIoctl.DevStats s = io.devStats(devid);
                devices.add(merge(root, fs, dev.get(), s));
            }
        }
        return new BtrfsFilesystem(fs.fsid(), fs.label(), devices, fs.members(), fs.allocation(), fs.checksum(),
                fs.features(), fs.nodesize(), fs.sectorsize(), fs.globalReserveBytes());
    }

    private static BtrfsDevice merge(Root root, BtrfsFilesystem fs, BtrfsIoctl.DevInfo dev, BtrfsIoctl.DevStats s) {
        Optional<BtrfsDevice> sys = fs.devices().stream().filter(d -> d.devid() == dev.devid()).findFirst();
        Optional<String> name = blockDevice(root, dev.path(), fs);
        if (name.isEmpty()) name = sys.flatMap(BtrfsDevice::name);
        return new BtrfsDevice(dev.devid(), name, sys.flatMap(BtrfsDevice::missing), sys.flatMap(BtrfsDevice::writeable),
                OptionalLong.of(dev.totalBytes()), OptionalLong.of(dev.bytesUsed()), Optional.of(errors(s)));
    }

    /**
     * The member's block device name for the path the kernel keeps for it: the path given at scan or mount,
     * which may be /dev/mapper/NAME or /dev/disk/by-uuid/…, resolved to /dev/dm-0 or /dev/vda. Only a name
     * that is one of the filesystem's members (devices/ in sysfs) is taken.
     */
    private static Optional<String> blockDevice(Root root, String path, BtrfsFilesystem fs) {
        if (!path.startsWith("/")) return Optional.empty();
        return root.realPath(root.file(path.substring(1)))
                .map(p -> p.getFileName() == null ? "" : p.getFileName().toString())
                .filter(n -> fs.members().stream().anyMatch(m -> m.name().equals(n)));
    }

    static DeviceErrors errors(BtrfsIoctl.DevStats s) {
        OptionalLong[] v = new OptionalLong[5];
        for (int i = 0; i < 5; i++) v[i] = i < s.count() ? OptionalLong.of(s.values()[i]) : OptionalLong.empty();
        return new DeviceErrors(v[0], v[1], v[2], v[3], v[4], "ioctl");
    }

    /** The btrfs mounts this process sees, where the ioctls can be asked. */
    static List<Mount> btrfsMounts(Root root) {
        Path file = root.proc("self/mountinfo");
        String text = root.text(file).orElse("");
        return MountReader.parse(text, root.display(file)).stream()
                .filter(m -> m.fsType().equals("btrfs") && m.mountPoint().startsWith("/"))
                .toList();
    }

    /**
     * The btrfs mount points of one read, each asked its fsid (BTRFS_IOC_FS_INFO) at most once. The mount
     * source names the device as it was given to mount: /dev/mapper/NAME for LUKS or LVM, /dev/disk/by-uuid/…,
     * a label's link, or the device of another member, so the source cannot tell which filesystem a mount
     * is; the filesystem can.
     */
    static final class MountPoints {
        private final Root root;
        private final List<Mount> mounts;
        private final Map<String, Optional<String>> fsids = new HashMap<>();

        MountPoints(Root root, List<Mount> mounts) {
            this.root = root;
            this.mounts = List.copyOf(mounts);
        }

        Optional<Mount> of(BtrfsFilesystem fs) {
            return mountOf(fs, mounts, m -> fsids.computeIfAbsent(m.mountPoint(), p -> ask(m)));
        }

        /** The fsid of the filesystem mounted there; empty when it cannot be opened or asked (gone since, no permission). */
        private Optional<String> ask(Mount m) {
            Path point = root.file(m.mountPoint().substring(1));
            try (BtrfsIoctl io = BtrfsIoctl.open(point, root.display(point))) {
                return Optional.of(io.fsInfo().fsid());
            } catch (ReadException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * A mount of {@code fs}: the first whose filesystem reports fs's fsid. Mounts whose source is one of the
     * members' /dev/NAME are asked first, as they nearly always are it, so the others are opened only when the
     * source says nothing (device-mapper, by-uuid, by-label).
     */
    static Optional<Mount> mountOf(BtrfsFilesystem fs, List<Mount> btrfsMounts, Function<Mount, Optional<String>> fsidOf) {
        List<Mount> ordered = new ArrayList<>(btrfsMounts);
        ordered.sort(Comparator.comparing(m -> fs.members().stream().noneMatch(b -> m.source().equals("/dev/" + b.name()))));
        return ordered.stream().filter(m -> fsidOf.apply(m).filter(fs.fsid()::equals).isPresent()).findFirst();
    }
}
