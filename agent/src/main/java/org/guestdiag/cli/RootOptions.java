package org.guestdiag.cli;

import java.nio.file.Path;
import org.guestdiag.host.Recorder;
import org.guestdiag.host.Root;
import picocli.CommandLine.Option;

/** The root flags every command shares, named as node_exporter's so its users know them. */
public final class RootOptions {
    @Option(names = "--root", paramLabel = "DIR",
            description = "A snapshot directory laid out as the guest's /: shortcut for --path.procfs=DIR/proc --path.sysfs=DIR/sys --path.rootfs=DIR --path.devfs=DIR/dev.")
    Path root;

    @Option(names = "--path.procfs", paramLabel = "DIR", description = "procfs mountpoint (default: /proc).")
    Path procfs;

    @Option(names = "--path.sysfs", paramLabel = "DIR", description = "sysfs mountpoint (default: /sys).")
    Path sysfs;

    @Option(names = "--path.rootfs", paramLabel = "DIR", description = "root filesystem mountpoint (default: /).")
    Path rootfs;

    @Option(names = "--path.devfs", paramLabel = "DIR", description = "devfs mountpoint, for /dev/kmsg and disks (default: /dev).")
    Path devfs;

    public Root toRoot() {
        Root base = root != null ? Root.of(root) : Root.live();
        return new Root(procfs != null ? procfs : base.procfs(), sysfs != null ? sysfs : base.sysfs(),
                rootfs != null ? rootfs : base.rootfs(), devfs != null ? devfs : base.devfs(), Recorder.NONE);
    }
}
