package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.guestdiag.reliability.ChildAgent;
import org.guestdiag.reliability.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `agent diagnose` on a snapshot made hostile in every way a broken or malicious guest can be: symlink
 * loops in /sys/block, a 1 GB sparse file where a 10-byte attribute belongs, binary garbage in the proc
 * files, unreadable files and directories. The real program runs in a child JVM (its own stdout/stderr, so a
 * stack trace would show) and, when the tests run as root, once more as nobody:nogroup with no
 * capabilities, where the chmod 000 files really are unreadable. Each time: bounded time, exit code 1 or
 * 2 (never 3: the agent did its job), a finding naming each bad file, the healthy disk still judged.
 */
class HostileSnapshotTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    @TempDir Path tmp;

    private Path hostile() throws Exception {
        Path root = tmp.resolve("hostile");
        ChildAgent.exec("cp", "-a", Cli.fixture("virtio-scsi-shared").toString(), root.toString());
        Path block = root.resolve("sys/block");
        Files.createSymbolicLink(block.resolve("vdz"), Path.of("vdz"));                 // points at itself
        Files.createSymbolicLink(block.resolve("vdx"), Path.of("vdy"));                 // a two-link cycle
        Files.createSymbolicLink(block.resolve("vdy"), Path.of("vdx"));
        Path sdbQueue = block.resolve("sdb").toRealPath().resolve("queue");
        try (RandomAccessFile f = new RandomAccessFile(sdbQueue.resolve("rotational").toFile(), "rw")) {
            f.setLength(1L << 30);                                                        // 1 GB, sparse: costs no disk
        }
        Random random = new Random(9);
        for (String p : List.of("proc/meminfo", "proc/self/mountinfo", "dev/kmsg")) {
            byte[] garbage = new byte[4096];
            random.nextBytes(garbage);
            Files.write(root.resolve(p), garbage);
        }
        Files.write(root.resolve("proc/cpuinfo"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', ':', '\n'});
        Files.setPosixFilePermissions(sdbQueue.resolve("nr_requests"), java.util.Set.of());
        Files.setPosixFilePermissions(root.resolve("sys/devices/system/node"), java.util.Set.of());
        ChildAgent.openToAll(tmp);
        // openToAll made everything readable again: take the two permissions away once more
        Files.setPosixFilePermissions(sdbQueue.resolve("nr_requests"), java.util.Set.of());
        Files.setPosixFilePermissions(root.resolve("sys/devices/system/node"), java.util.Set.of());
        return root;
    }

    @Test
    void hostileSnapshotGivesFindingsNamingTheFilesNotStackTraces() throws Exception {
        Path root = hostile();
        ChildAgent.Result self = ChildAgent.run(false, BOUND, List.of(), "diagnose", "--root", root.toString(), "--color", "never");
        assertHandled("as " + System.getProperty("user.name"), self);
        assertThat(self.out()).contains("/sys/block/vdz").contains("/sys/block/vdx").contains("/proc/cpuinfo")
                .containsPattern("sdb/queue/rotational.*larger than");
        String nobodyLine = "not run (the tests do not run as root, so they already ran unprivileged above)";
        if (ChildAgent.isRoot()) {
            ChildAgent.Result nobody = ChildAgent.run(true, BOUND, List.of(), "diagnose", "--root", root.toString(), "--color", "never");
            assertHandled("as nobody", nobody);
            assertThat(nobody.out()).containsPattern("sdb/queue/nr_requests.*permission denied")
                    .containsPattern("/sys/devices/system/node.*permission denied");
            nobodyLine = "exit " + nobody.exitCode() + " in " + nobody.took().toMillis() + " ms, no stack trace, permission denied named";
        }
        Report.section("20-hostile-snapshot", "## Hostile snapshot (`agent diagnose` in a child JVM)\n\n"
                + "Symlink loops (self and 2-cycle) in /sys/block, a 1 GB sparse attribute, binary garbage in cpuinfo, meminfo, "
                + "mountinfo and kmsg, chmod 000 on a file and a directory.\n\n"
                + "- as " + System.getProperty("user.name") + ": exit " + self.exitCode() + " in " + self.took().toMillis() + " ms, no stack trace\n"
                + "- as nobody:nogroup (setpriv, no capabilities): " + nobodyLine + "\n");
    }

    /**
     * This very machine, diagnosed by an unprivileged user: files only root may read (/dev/kmsg under
     * kernel.dmesg_restrict=1, some of /sys) become findings that say which privilege is missing, never a
     * failed run. (SMART, which needs CAP_SYS_RAWIO, is read by no check in this tree yet.)
     */
    @Test
    void liveMachineAsNobodyNamesWhatItCannotRead() {
        assumeTrue(ChildAgent.isRoot(), "the tests already run unprivileged");
        ChildAgent.Result r = ChildAgent.run(true, BOUND, List.of(), "diagnose", "--color", "never");
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isIn(0, 1, 2);
        assertThat(r.hasStackTrace()).as("stack trace in\n%s\n%s", r.out(), r.err()).isFalse();
        assertThat(r.err()).isBlank();
        boolean kmsgDenied = !java.nio.file.Files.isReadable(java.nio.file.Path.of("/dev/kmsg")) || restricted();
        // the kernel log is only an optional source: no check fails without it, so the agent must say so itself
        if (kmsgDenied) assertThat(r.out()).contains("Could not read /dev/kmsg: permission denied").contains("CAP_SYSLOG");
        Report.section("21-live-unprivileged", "## This machine diagnosed as nobody:nogroup (no capabilities)\n\n"
                + "Exit " + r.exitCode() + " in " + r.took().toMillis() + " ms, no stack trace; "
                + (kmsgDenied ? "/dev/kmsg refused, reported as needing CAP_SYSLOG" : "/dev/kmsg readable (kernel.dmesg_restrict=0)") + ".\n");
    }

    private static boolean restricted() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/dmesg_restrict")).strip().equals("1");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void assertHandled(String who, ChildAgent.Result r) {
        assertThat(r.exitCode()).as("%s: exit code; stderr: %s", who, r.err()).isIn(1, 2);
        assertThat(r.hasStackTrace()).as("%s: stack trace in\n%s\n%s", who, r.out(), r.err()).isFalse();
        assertThat(r.err()).as(who + ": stderr").isBlank();
        // the disks that are not broken are still judged
        assertThat(r.out()).as(who).contains("disk.shared-controller").doesNotContain("could not run: cannot read disks");
        assertThat(r.took()).as(who).isLessThan(BOUND);
    }
}
