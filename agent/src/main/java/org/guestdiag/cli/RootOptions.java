package org.guestdiag.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.guestdiag.host.Recorder;
import org.guestdiag.host.Root;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root flags every command shares, named as node_exporter's so its users know them. */
public final class RootOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

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

    /**
     * The root these flags name. A path that is missing, not a directory or unreadable is a usage error
     * (exit 3, one line), not a report of unreadable files. So is a procfs of another boot (a copied tree)
     * beside defaults that would read this machine: one diagnosis never mixes two machines.
     */
    public Root toRoot() {
        check("--root", root);
        check("--path.procfs", procfs);
        check("--path.sysfs", sysfs);
        check("--path.rootfs", rootfs);
        check("--path.devfs", devfs);
        if (root == null && procfs != null && !sameBoot(procfs)) {
            List<String> defaults = new ArrayList<>();
            if (sysfs == null) defaults.add("--path.sysfs");
            if (rootfs == null) defaults.add("--path.rootfs");
            if (devfs == null) defaults.add("--path.devfs");
            if (!defaults.isEmpty()) {
                throw usage("--path.procfs " + procfs + " is not this machine's running kernel (another boot_id), but "
                        + String.join(", ", defaults) + " would read this machine's; give " + (defaults.size() == 1 ? "it" : "them") + " too, or use --root");
            }
        }
        Root base = root != null ? Root.of(root) : Root.live();
        return new Root(procfs != null ? procfs : base.procfs(), sysfs != null ? sysfs : base.sysfs(),
                rootfs != null ? rootfs : base.rootfs(), devfs != null ? devfs : base.devfs(), Recorder.NONE);
    }

    private void check(String option, Path p) {
        if (p == null) return;
        if (!Files.exists(p)) throw usage(option + " " + p + ": no such directory");
        if (!Files.isDirectory(p)) throw usage(option + " " + p + ": not a directory");
        if (!Files.isReadable(p) || !Files.isExecutable(p)) throw usage(option + " " + p + ": permission denied");
    }

    /** Whether a procfs is the running kernel's: the same boot_id (a container's view of the host's /proc is). */
    static boolean sameBoot(Path procfs) {
        Optional<String> given = bootId(procfs);
        return given.isPresent() && given.equals(bootId(Path.of("/proc")));
    }

    private static Optional<String> bootId(Path procfs) {
        try {
            return Optional.of(Files.readString(procfs.resolve("sys/kernel/random/boot_id")).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private RuntimeException usage(String message) {
        // without picocli (tests build the options by hand) there is no command line to blame
        return mixee == null ? new IllegalArgumentException(message) : new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
