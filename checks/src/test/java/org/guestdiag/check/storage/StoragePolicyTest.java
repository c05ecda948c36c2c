package org.guestdiag.check.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Finding;
import org.guestdiag.expose.Sample;
import org.guestdiag.check.Severity;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ext4, XFS and disk-state verdicts on the real virtio-scsi-single capture with a filesystem on sdb1 added in
 * the kernel's formats ({@link Tree}): one case per way the kernel shows trouble, across the versions that
 * show it differently (SB_RDONLY up to 6.11, a shutdown flag only the log tells in 6.12–6.14, emergency_ro from 6.15).
 */
class StoragePolicyTest {
    static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    static final long HOUR_AGO = NOW.getEpochSecond() - 3600;
    static final long MONTH_AGO = NOW.getEpochSecond() - 30L * 86400;

    static final String[] REMOUNT_RO_LOG = {
        "EXT4-fs (sdb1): mounted filesystem with ordered data mode. Quota mode: none.",
        "I/O error, dev sdb, sector 4196352 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 2",
        "Aborting journal on device sdb1-8.",
        "EXT4-fs error (device sdb1): ext4_journal_check_start:83: comm touch: Detected aborted journal",
        "EXT4-fs (sdb1): Remounting filesystem read-only",
    };

    @TempDir Path tmp;

    static List<String> ids(Diagnosis d) {
        return d.findings().stream().filter(f -> f.severity().compareTo(Severity.WARNING) >= 0)
                .filter(f -> !f.id().startsWith("cpu.") && !f.id().startsWith("hypervisor."))
                .map(f -> f.id() + " " + f.severity() + " " + f.subject()).sorted().toList();
    }

    static Finding finding(Diagnosis d, String id) {
        return d.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id + " in " + ids(d)));
    }

    static List<Sample> samples(Diagnosis d, String name) {
        return ExposedSamples.of(d).stream().filter(s -> s.name().equals(name)).toList();
    }

    @Test
    void healthyExt4GivesNothingAndNoErrorCount() {
        Diagnosis d = new Tree(tmp).ext4(0, 0, 0).mount("ext4", "rw,relatime", "rw,errors=remount-ro").sdb("running", "0x3", "0x0").diagnose(NOW);
        assertThat(ids(d)).isEmpty();
        assertThat(samples(d, "guestdiag_filesystem_errors_total")).singleElement().satisfies(s -> assertThat(s.value()).isZero());
        assertThat(samples(d, "guestdiag_filesystem_last_error_timestamp_seconds")).isEmpty();
        assertThat(samples(d, "guestdiag_filesystem_readonly")).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("reason", "none").containsEntry("mountpoint", "/data").containsEntry("device", "sdb1");
            assertThat(s.value()).isZero();
        });
        // ioerr_cnt counts rejected probes and pass-through too: exposed, never judged
        assertThat(samples(d, "guestdiag_disk_io_errors_total")).anySatisfy(s -> assertThat(s.value()).isEqualTo(3));
    }

    @Test
    void remountedReadonlyUpTo611IsCriticalAndNamesTheDisk() {
        Diagnosis d = new Tree(tmp).ext4(2, HOUR_AGO, HOUR_AGO).mount("ext4", "rw,relatime", "ro,relatime,errors=remount-ro")
                .log(REMOUNT_RO_LOG).sdb("running", "0x1", "0x0").diagnose(NOW);
        assertThat(ids(d)).containsExactly("disk.io-errors WARNING sdb", "fs.ext4-errors CRITICAL /data", "fs.ext4-readonly CRITICAL /data");
        Finding ro = finding(d, "fs.ext4-readonly");
        assertThat(ro.summary()).contains("/dev/sdb1 on /data", "made read-only", "/dev/sdb: 1 I/O error line");
        assertThat(ro.evidence()).anySatisfy(e -> assertThat(e.value()).contains("Remounting filesystem read-only"));
        assertThat(finding(d, "disk.io-errors").summary()).contains("ext4 /data");
        assertThat(samples(d, "guestdiag_filesystem_readonly")).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("reason", "forced");
            assertThat(s.value()).isEqualTo(1);
        });
        assertThat(samples(d, "guestdiag_filesystem_errors_total")).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(2));
        assertThat(samples(d, "guestdiag_disk_kernel_log_io_errors")).anySatisfy(s -> {
            assertThat(s.labels()).containsEntry("device", "sdb");
            assertThat(s.value()).isEqualTo(1);
        });
    }

    @Test
    void from612TheLogAloneTellsThatAnExt4StillReadingRwWasStopped() {
        Diagnosis d = new Tree(tmp).ext4(1, HOUR_AGO, HOUR_AGO).mount("ext4", "rw,relatime", "rw,relatime,errors=remount-ro")
                .log(REMOUNT_RO_LOG).diagnose(NOW);
        assertThat(finding(d, "fs.ext4-readonly").summary()).contains("although the mount still reads rw");
        assertThat(samples(d, "guestdiag_filesystem_readonly")).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("reason", "shutdown"));
    }

    @Test
    void from615TheEmergencyRoOptionTellsEvenWithoutTheLog() {
        Diagnosis d = new Tree(tmp).ext4(1, HOUR_AGO, HOUR_AGO).mount("ext4", "rw,relatime", "rw,relatime,errors=remount-ro,emergency_ro")
                .diagnose(NOW);
        assertThat(finding(d, "fs.ext4-readonly").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding(d, "fs.ext4-readonly").evidence()).anySatisfy(e -> assertThat(e.value()).contains("no line about it left"));
        assertThat(samples(d, "guestdiag_filesystem_readonly")).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("reason", "emergency_ro"));
    }

    @Test
    void aMountAfterTheErrorEndsTheStoppedState() {
        String[] log = java.util.stream.Stream.concat(java.util.Arrays.stream(REMOUNT_RO_LOG),
                java.util.stream.Stream.of("EXT4-fs (sdb1): mounted filesystem 0e3b-… r/w with ordered data mode. Quota mode: none.")).toArray(String[]::new);
        Diagnosis d = new Tree(tmp).ext4(1, MONTH_AGO, MONTH_AGO).mount("ext4", "rw,relatime", "rw,relatime,errors=remount-ro").log(log).diagnose(NOW);
        // the month-old error is still recorded (no e2fsck since): a warning, no longer read-only
        assertThat(ids(d)).containsExactly("disk.io-errors WARNING sdb", "fs.ext4-errors WARNING /data");
    }

    @Test
    void errorsContinueKeepsWritingWithErrorsRecorded() {
        Diagnosis d = new Tree(tmp).ext4(3, MONTH_AGO, MONTH_AGO + 60).mount("ext4", "rw,relatime", "rw,relatime,errors=continue").diagnose(NOW);
        assertThat(ids(d)).containsExactly("fs.ext4-errors WARNING /data");
        Finding f = finding(d, "fs.ext4-errors");
        assertThat(f.summary()).contains("3 errors", "ext4_journal_check_start");
        assertThat(f.why()).contains("errors=continue");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e.source()).isEqualTo("/sys/fs/ext4/sdb1/errors_count"));
        assertThat(samples(d, "guestdiag_filesystem_last_error_timestamp_seconds")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(MONTH_AGO + 60));
    }

    @Test
    void aRecentErrorIsCritical() {
        Diagnosis d = new Tree(tmp).ext4(3, MONTH_AGO, NOW.getEpochSecond() - 23 * 3600).mount("ext4", "rw", "rw,errors=continue").diagnose(NOW);
        assertThat(ids(d)).containsExactly("fs.ext4-errors CRITICAL /data");
        Diagnosis later = new Tree(tmp.resolve("b")).ext4(3, MONTH_AGO, NOW.getEpochSecond() - 25 * 3600).mount("ext4", "rw", "rw,errors=continue").diagnose(NOW);
        assertThat(ids(later)).containsExactly("fs.ext4-errors WARNING /data");
    }

    @Test
    void xfsShutDownIsCriticalInEveryFormat() {
        for (String line : List.of("XFS (sdb1): Log I/O Error (0x2) detected at xlog_ioend_work+0x6e/0x70 [xfs] (fs/xfs/xfs_log.c:1377).  Shutting down filesystem.",
                "XFS (sdb1): Filesystem has been shut down due to log error (0x2).",
                "XFS (sdb1): Corruption of in-memory data detected.  Shutting down filesystem",
                "XFS (sdb1): xfs_do_force_shutdown(0x2) called from line 1196 of file fs/xfs/xfs_log.c. Return address = ffffffffc0455f2e")) {
            Path dir = tmp.resolve(Integer.toString(line.hashCode()));
            Diagnosis d = new Tree(dir).xfs().mount("xfs", "rw,relatime", "rw,attr2,inode64,logbufs=8,logbsize=32k,noquota")
                    .log("XFS (sdb1): Mounting V5 Filesystem", "XFS (sdb1): Ending clean mount", line).diagnose(NOW);
            assertThat(ids(d)).as(line).containsExactly("fs.xfs-shutdown CRITICAL /data");
            assertThat(samples(d, "guestdiag_filesystem_readonly")).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("reason", "shutdown"));
            assertThat(samples(d, "guestdiag_filesystem_errors_total")).isEmpty();
        }
    }

    @Test
    void xfsIsNeverForcedReadonlyOnlyShutDownOrMountedRo() {
        Diagnosis ro = new Tree(tmp.resolve("ro")).xfs().mount("xfs", "ro,relatime", "ro,attr2,inode64,noquota").diagnose(NOW);
        assertThat(ids(ro)).isEmpty();
        assertThat(samples(ro, "guestdiag_filesystem_readonly")).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("reason", "mount_option");
            assertThat(s.value()).isEqualTo(1);
        });
        // super options ro under a rw mount (a bind mount of a ro XFS) with a shutdown in the log: shut down, not "forced"
        Diagnosis shut = new Tree(tmp.resolve("shut")).xfs().mount("xfs", "rw,relatime", "ro,attr2,inode64,noquota")
                .log("XFS (sdb1): Ending clean mount", "XFS (sdb1): Filesystem has been shut down due to log error (0x2).").diagnose(NOW);
        assertThat(ids(shut)).containsExactly("fs.xfs-shutdown CRITICAL /data");
        assertThat(samples(shut, "guestdiag_filesystem_readonly")).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("reason", "shutdown"));
    }

    @Test
    void anOfflineDiskIsCriticalAndEveryFilesystemOnItSaysSo() {
        Diagnosis d = new Tree(tmp).ext4(0, 0, 0).mount("ext4", "rw,relatime", "rw,relatime,errors=remount-ro").sdb("offline", "0x2a", "0x3")
                .log(REMOUNT_RO_LOG).diagnose(NOW);
        // errors_count 0: the only ext4 error line is the journal abort, which the read-only finding tells
        assertThat(ids(d)).containsExactly("disk.io-errors WARNING sdb", "disk.offline CRITICAL sdb", "fs.ext4-readonly CRITICAL /data");
        assertThat(finding(d, "disk.offline").summary()).contains("/dev/sdb is offline", "ext4 /data");
        assertThat(finding(d, "fs.ext4-readonly").summary()).contains("/dev/sdb: state offline, 3 command timeouts, 1 I/O error line");
        assertThat(samples(d, "guestdiag_disk_state")).anySatisfy(s -> assertThat(s.labels()).containsEntry("device", "sdb").containsEntry("state", "offline"));
        assertThat(samples(d, "guestdiag_disk_io_timeouts_total")).anySatisfy(s -> assertThat(s.value()).isEqualTo(3));
        assertThat(samples(d, "guestdiag_disk_io_errors_total")).anySatisfy(s -> assertThat(s.value()).isEqualTo(42));
    }

    @Test
    void timeoutsAloneAreAWarning() {
        Diagnosis d = new Tree(tmp).sdb("running", "0x0", "0x1").diagnose(NOW);
        assertThat(ids(d)).containsExactly("disk.io-errors WARNING sdb");
    }

    @Test
    void aGarbledCounterNamesItsFile() {
        Diagnosis d = new Tree(tmp).sdb("running", "lots", null).diagnose(NOW);
        assertThat(Fixtures.at(d, Severity.OK)).anyMatch(s -> s.startsWith("agent."));
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.evidence().toString()).contains("ioerr_cnt"));
    }

    @Test
    void btrfsDeviceFindingsNameTheFailingDiskToo() {
        Diagnosis d = Fixtures.diagnose("btrfs-blkdebug-eio");
        assertThat(finding(d, "btrfs.device-errors").summary()).contains("the disk under it is failing (/dev/vda: 10 I/O error lines in the kernel log)");
        assertThat(finding(d, "disk.io-errors").summary()).contains("/dev/vda failed I/O: 10 failed I/O requests");
    }

    /** The lab's captures (configs.sh): Debian's 6.1.192 guest, its clock set to 2026-01-01 for the ext4 ones. */
    @Test
    void theLabsExt4ReadsRwWhileTheKernelStoppedIt() {
        Diagnosis d = Fixtures.diagnose("ext4-remount-ro");
        // 6.1.192 carries the 6.12 change: no SB_RDONLY, the mount reads rw in both option fields, the log tells
        assertThat(samples(d, "guestdiag_filesystem_readonly")).singleElement().satisfies(s ->
                assertThat(s.labels()).containsEntry("reason", "shutdown").containsEntry("device", "dm-0").containsEntry("mountpoint", "/mnt"));
        assertThat(finding(d, "fs.ext4-readonly").summary()).contains("although the mount still reads rw", "/dev/vda:");
        // dm-0's failed buffer writes count for vda, the one disk under it, in the metric as in the finding
        assertThat(samples(d, "guestdiag_disk_kernel_log_io_errors")).singleElement().satisfies(s -> assertThat(s.value()).isPositive());
        // stamped by a guest clock at 2026-01-01: older than 24 hours on the host's clock
        assertThat(finding(d, "fs.ext4-errors").severity()).isEqualTo(Severity.WARNING);
        assertThat(samples(d, "guestdiag_filesystem_errors_total")).singleElement().satisfies(s -> assertThat(s.value()).isPositive());
    }

    @Test
    void theLabsXfsWasShutDownOverAFailingDisk() {
        Diagnosis d = Fixtures.diagnose("xfs-shutdown");
        assertThat(finding(d, "fs.xfs-shutdown").summary()).contains("/dev/dm-0 on /mnt", "/dev/vda:");
        assertThat(finding(d, "fs.xfs-shutdown").evidence()).anySatisfy(e -> assertThat(e.value()).contains("Filesystem has been shut down due to log error"));
    }

    @Test
    void theLabsOfflineDiskAndItsHealthyNeighbour() {
        Diagnosis d = Fixtures.diagnose("scsi-offline");
        assertThat(samples(d, "guestdiag_disk_state")).extracting(s -> s.labels().get("device") + "=" + s.labels().get("state"))
                .containsExactlyInAnyOrder("sda=running", "sdb=offline");
        // the healthy sda counts rejected probes and the agent's SMART commands in ioerr_cnt: exposed, never a finding
        assertThat(samples(d, "guestdiag_disk_io_errors_total")).anySatisfy(s -> {
            assertThat(s.labels()).containsEntry("device", "sda");
            assertThat(s.value()).isPositive();
        });
        assertThat(d.findings()).noneMatch(f -> f.subject().equals("sda") && f.severity().compareTo(Severity.WARNING) >= 0);
        assertThat(finding(d, "fs.ext4-readonly").summary()).contains("/dev/sdb: state offline");
    }
}
