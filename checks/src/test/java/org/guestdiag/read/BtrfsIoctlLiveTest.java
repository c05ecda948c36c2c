package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.guestdiag.host.Root;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ioctl path against a real btrfs: a 300 MiB image on a loop device, mounted in a temporary
 * directory, read once through sysfs (error_stats) and once through BTRFS_IOC_FS_INFO/DEV_INFO/
 * GET_DEV_STATS, and the two compared. Skipped unless root with mkfs.btrfs, losetup and the btrfs module;
 * everything is unmounted and detached afterwards.
 */
class BtrfsIoctlLiveTest {
    private final List<List<String>> cleanup = new ArrayList<>();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void ioctlAgreesWithSysfs(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkfs.btrfs")) && Files.isExecutable(Path.of("/usr/sbin/losetup")), "needs btrfs-progs and util-linux");
        assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("\tbtrfs"), "needs the btrfs module loaded");
        Path img = dir.resolve("btrfs.img");
        try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(300L << 20);
        }
        assumeTrue(run("mkfs.btrfs", "-q", "-f", "-L", "gdioctl", img.toString()) == 0, "mkfs.btrfs failed");
        String loop = output("losetup", "-f", "--show", img.toString()).strip();
        assumeTrue(loop.startsWith("/dev/loop"), "no loop device");
        cleanup.add(0, List.of("losetup", "-d", loop));
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        try {
            assumeTrue(run("mount", "-t", "btrfs", loop, mnt.toString()) == 0, "mount failed");
            cleanup.add(0, List.of("umount", mnt.toString()));
            Files.write(mnt.resolve("data"), new byte[4 << 20]);
            assertThat(run("sync")).isZero();

            Root live = Root.live();
            Problems problems = new Problems();
            BtrfsFilesystem sysfs = new BtrfsReader().read(live, problems).stream()
                    .filter(fs -> fs.members().stream().anyMatch(m -> loop.equals("/dev/" + m.name()))).findFirst().orElseThrow();
            assertThat(problems.list()).isEmpty();
            assertThat(sysfs.label()).hasValue("gdioctl");
            BtrfsFilesystem ioctl = BtrfsIoctlReader.complete(live, sysfs, new BtrfsIoctlReader.MountPoints(live, BtrfsIoctlReader.btrfsMounts(live)));

            assertThat(ioctl.devices()).extracting(BtrfsDevice::devid).containsExactlyElementsOf(
                    sysfs.devices().stream().map(BtrfsDevice::devid).toList());
            BtrfsDevice s = sysfs.devices().get(0);
            BtrfsDevice i = ioctl.devices().get(0);
            assertThat(i.name()).hasValue(loop.substring(5));
            assertThat(i.sizeBytes()).hasValue(300L << 20); // the whole loop device, as mkfs gave it
            assertThat(i.errors().orElseThrow().origin()).isEqualTo("ioctl");
            assertThat(s.errors().orElseThrow().origin()).isEqualTo("sysfs");
            assertThat(i.errors().orElseThrow().byType()).isEqualTo(s.errors().orElseThrow().byType());
            assertThat(i.missing()).isEqualTo(s.missing());
            assertThat(ioctl.unallocatedBytes()).isEqualTo(sysfs.unallocatedBytes());
            // DEV_INFO's bytes_used is the device's share of the raw chunks: what a degraded filesystem's space is
            // computed from, device by device, here checked against the chunk allocation sysfs gives
            assertThat(i.bytesUsed()).isPresent();
            assertThat(i.sizeBytes().getAsLong() - i.bytesUsed().getAsLong()).isEqualTo(sysfs.unallocatedBytes().getAsLong());
            assertThat(s.bytesUsed()).isEmpty();
        } finally {
            for (List<String> c : cleanup) run(c.toArray(String[]::new));
        }
    }

    /**
     * Mounted through a path that is not /dev/NAME (a symlink, as /dev/disk/by-uuid/… and /dev/mapper/NAME
     * are, given to mount uncanonicalized so the kernel keeps it as the source), with the ioctl path forced as
     * the lab forces it: the mount is found by asking each btrfs mount point its fsid, and the device name
     * comes from the resolved path. Found by the source alone, this filesystem had no ioctl counters at all.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void foundByFsidWhenTheSourceIsNotTheDevice(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkfs.btrfs")) && Files.isExecutable(Path.of("/usr/sbin/losetup")), "needs btrfs-progs and util-linux");
        assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("\tbtrfs"), "needs the btrfs module loaded");
        Path img = dir.resolve("btrfs.img");
        try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(300L << 20);
        }
        assumeTrue(run("mkfs.btrfs", "-q", "-f", "-L", "gdbyuuid", img.toString()) == 0, "mkfs.btrfs failed");
        String loop = output("losetup", "-f", "--show", img.toString()).strip();
        assumeTrue(loop.startsWith("/dev/loop"), "no loop device");
        cleanup.add(0, List.of("losetup", "-d", loop));
        Path link = Files.createSymbolicLink(dir.resolve("by-uuid-link"), Path.of(loop));
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        String before = System.getProperty(BtrfsIoctlReader.FORCE_PROPERTY);
        try {
            assumeTrue(run("mount", "--no-canonicalize", "-t", "btrfs", link.toString(), mnt.toString()) == 0, "mount failed");
            cleanup.add(0, List.of("umount", mnt.toString()));
            Root live = Root.live();
            assertThat(BtrfsIoctlReader.btrfsMounts(live)).anySatisfy(m -> {
                assertThat(m.mountPoint()).isEqualTo(mnt.toString());
                assertThat(m.source()).isEqualTo(link.toString()); // not /dev/loopN: the case the source cannot match
            });

            Problems problems = new Problems();
            BtrfsFilesystem sysfs = new BtrfsReader().read(live, problems).stream()
                    .filter(fs -> fs.label().equals(java.util.Optional.of("gdbyuuid"))).findFirst().orElseThrow();
            System.setProperty(BtrfsIoctlReader.FORCE_PROPERTY, "always");
            BtrfsFilesystem ioctl = new BtrfsReader().read(live, problems).stream()
                    .filter(fs -> fs.fsid().equals(sysfs.fsid())).findFirst().orElseThrow();
            assertThat(problems.list()).isEmpty();

            assertThat(sysfs.devices()).singleElement().satisfies(d -> assertThat(d.errors().orElseThrow().origin()).isEqualTo("sysfs"));
            assertThat(ioctl.devices()).singleElement().satisfies(d -> {
                assertThat(d.errors().orElseThrow().origin()).isEqualTo("ioctl");
                assertThat(d.errors().orElseThrow().byType()).isEqualTo(sysfs.devices().get(0).errors().orElseThrow().byType());
                assertThat(d.name()).hasValue(loop.substring(5)); // the link resolved to the member's block device
                assertThat(d.sizeBytes()).hasValue(300L << 20);
            });
        } finally {
            if (before == null) System.clearProperty(BtrfsIoctlReader.FORCE_PROPERTY);
            else System.setProperty(BtrfsIoctlReader.FORCE_PROPERTY, before);
            for (List<String> c : cleanup) run(c.toArray(String[]::new));
            cleanup.clear();
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    }
}
