package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.guestdiag.host.Root;
import org.guestdiag.model.DiskState;

/**
 * Each disk's state and command counters from {@code /sys/block/X/device}: a SCSI device's {@code state}
 * (drivers/scsi/scsi_sysfs.c: running, offline, blocked, transport-offline, created, cancel, deleted,
 * quiesce) and {@code ioerr_cnt}, {@code iotmo_cnt}, {@code iorequest_cnt}; for NVMe, {@code device} is the
 * controller (or, under native multipath, the subsystem, whose controllers have it), whose {@code state} is live,
 * resetting, connecting, deleting, dead (drivers/nvme/host/core.c).
 * Read often: the kernel takes a disk offline at run time.
 */
public final class DiskStateReader implements Source<List<DiskState>> {
    @Override
    public String name() {
        return "disk-state";
    }

    @Override
    public boolean dynamic() {
        return true;
    }

    @Override
    public List<DiskState> read(Root root, Problems problems) {
        List<DiskState> out = new ArrayList<>();
        for (String name : root.list(root.sys("block"))) {
            if (DiskReader.isVirtualOrRemovable(name)) continue;
            Path device = root.sys("block/" + name + "/device");
            out.add(new DiskState(name, Attributes.string(root, device.resolve("state"), problems).or(() -> name.startsWith("nvme") ? nvmePathState(root, device, problems) : Optional.empty()),
                    Attributes.hex(root, device.resolve("ioerr_cnt"), problems),
                    Attributes.hex(root, device.resolve("iotmo_cnt"), problems),
                    Attributes.hex(root, device.resolve("iorequest_cnt"), problems)));
        }
        return out;
    }

    /**
     * With NVMe multipath (nvme_core.multipath, on in Debian's kernels) the disk hangs from the subsystem
     * (nvme-subsys0), which has no state; its controllers (nvme0, nvme1 …) do. The best of them is the disk's:
     * one live path still carries I/O.
     */
    private static Optional<String> nvmePathState(Root root, Path device, Problems problems) {
        Optional<String> any = Optional.empty();
        for (String c : root.list(device)) {
            if (!NVME_CONTROLLER.matcher(c).matches()) continue;
            Optional<String> s = Attributes.string(root, device.resolve(c).resolve("state"), problems);
            if (s.filter("live"::equals).isPresent()) return s;
            if (any.isEmpty()) any = s;
        }
        return any;
    }

    private static final Pattern NVME_CONTROLLER = Pattern.compile("nvme\\d+");
}
