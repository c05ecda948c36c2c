package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
        boolean forced = "always".equals(System.getProperty(FORCE_PROPERTY));
        return isLive(root) && (forced || fs.devices().isEmpty() || fs.devices().stream().anyMatch(d -> d.errors().isEmpty()));
    }

    static boolean isLive(Root root) {
        return root.procfs().equals(Path.of("/proc")) && root.sysfs().equals(Path.of("/sys")) && root.rootfs().equals(Path.of("/"));
    }

    /**
     * {@code fs} with the ioctl's devices; sysfs's missing/writeable flags kept where it had them.
     *
     * @param btrfsMounts the btrfs mounts of {@link #btrfsMounts}, read once for all filesystems
     */
    static BtrfsFilesystem complete(Root root, BtrfsFilesystem fs, List<Mount> btrfsMounts) {
        Optional<Mount> mount = mountOf(fs, btrfsMounts);
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
                devices.add(merge(fs, dev.get(), s));
            }
        }
        return new BtrfsFilesystem(fs.fsid(), fs.label(), devices, fs.members(), fs.allocation(), fs.checksum(),
                fs.features(), fs.nodesize(), fs.sectorsize(), fs.globalReserveBytes());
    }

    private static BtrfsDevice merge(BtrfsFilesystem fs, BtrfsIoctl.DevInfo dev, BtrfsIoctl.DevStats s) {
        Optional<BtrfsDevice> sys = fs.devices().stream().filter(d -> d.devid() == dev.devid()).findFirst();
        String path = dev.path();
        Optional<String> name = path.startsWith("/dev/") ? Optional.of(path.substring(5)) : Optional.empty();
        return new BtrfsDevice(dev.devid(), name, sys.flatMap(BtrfsDevice::missing), sys.flatMap(BtrfsDevice::writeable),
                OptionalLong.of(dev.totalBytes()), Optional.of(errors(s)));
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

    /** A mount of this filesystem, found by its source device among the filesystem's members. */
    private static Optional<Mount> mountOf(BtrfsFilesystem fs, List<Mount> btrfsMounts) {
        return btrfsMounts.stream()
                .filter(m -> fs.members().stream().anyMatch(b -> m.source().equals("/dev/" + b.name())))
                .findFirst();
    }
}
