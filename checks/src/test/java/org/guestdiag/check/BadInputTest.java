package org.guestdiag.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.host.Root;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots with missing, empty, truncated and garbage files: every check still answers, and what could
 * not be read becomes a finding that names the file, never an exception.
 */
class BadInputTest {
    @TempDir Path tmp;

    private Path copy(String fixture) throws IOException {
        return Fixtures.copy(fixture, tmp);
    }

    private static Diagnosis diagnose(Path root) {
        return Diagnosis.run(Fixtures.inventory(Root.of(root)), Checks.all());
    }

    private static List<String> agentFindings(Diagnosis d) {
        return d.findings().stream().filter(f -> f.check().equals("agent")).map(f -> f.id() + " " + f.subject() + ": " + f.summary()).toList();
    }

    @Test
    void emptyCpuinfoFailsTheCpuChecksAlone() throws IOException {
        Path r = copy("virtio-scsi-shared");
        Files.writeString(r.resolve("proc/cpuinfo"), "");
        Diagnosis d = diagnose(r);
        assertThat(agentFindings(d)).anyMatch(s -> s.startsWith("agent.check-failed cpu-model") && s.contains("/proc/cpuinfo"));
        // the disk verdicts are untouched
        assertThat(Fixtures.ids(d.findings())).contains("disk.shared-controller 0000:00:02.0");
        // disk-queue judges queues, which cpuinfo does not describe: it runs without it
        assertThat(agentFindings(d)).noneMatch(s -> s.contains("disk-queue"));
        assertThat(d.results()).filteredOn(res -> res.check().equals("disk-queue")).singleElement()
                .satisfies(res -> assertThat(res.status().name()).isEqualTo("OK"));
    }

    @Test
    void garbageMountinfoAndKernelLog() throws IOException {
        Path r = copy("btrfs-blkdebug-eio");
        Files.write(r.resolve("proc/self/mountinfo"), new byte[] {0, 1, 2, (byte) 0xff, '\n', 'x'});
        Files.write(r.resolve("dev/kmsg"), new byte[] {(byte) 0xde, (byte) 0xad, '\n'});
        Diagnosis d = diagnose(r);
        assertThat(d.results()).allSatisfy(res -> assertThat(res.status()).isNotNull());
        // mounts are only used optionally by the disk checks: they still judge the disk
        assertThat(Fixtures.ids(d.findings())).contains("smart.not-visible vda");
        // with the log unreadable, TCG is still told by the model name
        assertThat(Fixtures.ids(d.findings())).contains("hypervisor.tcg vm");
    }

    @Test
    void garbageAndTruncatedDiskAttributesAreNamed() throws IOException {
        Path r = copy("ide-piix");
        Path dev = r.resolve("sys/devices/pci0000:00/0000:00:01.1/ata1/host0/target0:0:0/0:0:0:0");
        Files.write(dev.resolve("queue_depth"), new byte[] {'1', 0, 0x7f});
        Files.writeString(dev.resolve("block/sda/queue/logical_block_size"), "");
        Files.write(dev.resolve("block/sda/queue/physical_block_size"), new byte[Root.ATTRIBUTE_LIMIT + 10]);
        Diagnosis d = diagnose(r);
        List<String> agent = agentFindings(d);
        assertThat(agent).anyMatch(s -> s.contains("/queue_depth") && s.contains("not a number"));
        assertThat(agent).anyMatch(s -> s.contains("/queue/logical_block_size") && s.contains("not a number"));
        assertThat(agent).anyMatch(s -> s.contains("/queue/physical_block_size") && s.contains("larger than"));
        // the disk itself is still judged
        assertThat(Fixtures.ids(d.findings())).contains("disk.emulated-bus sda");
    }

    @Test
    void missingSysfsIsNotApplicableNotAFailure() throws IOException {
        Path r = copy("virtio-blk");
        deleteTree(r.resolve("sys"));
        Diagnosis d = diagnose(r);
        assertThat(agentFindings(d)).isEmpty();
        assertThat(Fixtures.ids(d.findings())).noneMatch(s -> s.startsWith("disk."));
    }

    @Test
    void emptyRootStillAnswers() {
        Diagnosis d = diagnose(tmp);
        assertThat(agentFindings(d)).anyMatch(s -> s.contains("/proc/cpuinfo") && s.contains("missing"));
        assertThat(d.exitCode()).isEqualTo(1);
    }

    private static void deleteTree(Path p) throws IOException {
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException { Files.delete(f); return FileVisitResult.CONTINUE; }
            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException { Files.delete(d); return FileVisitResult.CONTINUE; }
        });
    }
}
