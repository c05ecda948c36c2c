package org.guestdiag.check.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.guestdiag.model.BtrfsAllocation;
import org.guestdiag.model.BtrfsChecksum;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsMember;
import org.guestdiag.model.ScrubRecords;
import org.guestdiag.model.ScrubStatus;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The thresholds and the scrub/checksum/controller policies, on the real blkdebug-eio capture with one
 * value changed at a time (what the lab cannot produce cheaply: a month-old scrub, a full metadata pool).
 */
class BtrfsPolicyTest {
    static final Inventory EIO = Fixture.inventory("btrfs-blkdebug-eio");
    static final BtrfsFilesystem FS = EIO.get(Sources.BTRFS).get(0);
    static final String SCRUB_FSID = "fce23936-c032-4484-b0f5-892b9b229d0e";

    static List<Finding> findings(Inventory inv, String id) {
        return Fixture.btrfsFindings(Fixture.diagnose(inv)).stream().filter(f -> f.id().equals(id)).toList();
    }

    static BtrfsFilesystem withMetadata(long used, long total, long deviceBytes) {
        Map<String, BtrfsAllocation> alloc = new java.util.TreeMap<>(FS.allocation());
        BtrfsAllocation m = alloc.get("metadata");
        alloc.put("metadata", new BtrfsAllocation("metadata", OptionalLong.of(total), OptionalLong.of(used), m.diskTotal(), m.diskUsed(), m.profile(), m.profileTotals()));
        long chunks = alloc.values().stream().mapToLong(a -> a.diskTotal().getAsLong()).sum();
        var dev = FS.devices().get(0);
        var sized = new org.guestdiag.model.BtrfsDevice(dev.devid(), dev.name(), dev.missing(), dev.writeable(),
                OptionalLong.of(chunks + deviceBytes), dev.bytesUsed(), dev.errors());
        return new BtrfsFilesystem(FS.fsid(), FS.label(), List.of(sized), List.of(new BtrfsMember("vda", OptionalLong.of(chunks + deviceBytes))),
                alloc, FS.checksum(), FS.features(), FS.nodesize(), FS.sectorsize(), OptionalLong.empty());
    }

    @ParameterizedTest(name = "metadata {0}% used, {1} MiB unallocated -> {2}")
    @CsvSource({"1, 0, OK", "79, 100, OK", "80, 100, WARNING", "80, 1024, OK", "89, 100, WARNING", "90, 255, CRITICAL",
            "90, 256, WARNING", "99, 2048, OK"})
    void metadataSpaceThresholds(int percent, long unallocatedMiB, Severity expected) {
        long total = 32L << 20;
        BtrfsFilesystem fs = withMetadata((total * percent + 99) / 100, total, unallocatedMiB << 20);
        assertThat(fs.unallocatedBytes()).hasValue(unallocatedMiB << 20);
        List<Finding> f = findings(Fixture.with(EIO, EIO.takenAt(), Sources.BTRFS, List.of(fs)), "btrfs.metadata-space");
        if (expected == Severity.OK) {
            assertThat(f).isEmpty();
        } else {
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(expected);
                assertThat(x.summary()).contains(percent + "% full", unallocatedMiB + " MiB unallocated");
            });
        }
    }

    @Test
    void globalReserveCountsAsUsedMetadata() {
        // as in the lab's metadata-full guest: 77 % used, a 14 % global reserve, 1 MiB unallocated, ENOSPC
        long total = 40L << 20;
        BtrfsFilesystem plain = withMetadata(total * 77 / 100, total, 1L << 20);
        BtrfsFilesystem fs = new BtrfsFilesystem(plain.fsid(), plain.label(), plain.devices(), plain.members(), plain.allocation(),
                plain.checksum(), plain.features(), plain.nodesize(), plain.sectorsize(), OptionalLong.of(total * 14 / 100));
        assertThat(findings(Fixture.with(EIO, EIO.takenAt(), Sources.BTRFS, List.of(plain)), "btrfs.metadata-space")).isEmpty();
        assertThat(findings(Fixture.with(EIO, EIO.takenAt(), Sources.BTRFS, List.of(fs)), "btrfs.metadata-space")).singleElement()
                .satisfies(x -> {
                    assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(x.summary()).contains("91% full").contains("global reserve");
                });
    }

    static ScrubStatus scrub(String replace, String by) throws Exception {
        String text = Files.readString(Path.of("src/test/resources/btrfs/scrub.status." + SCRUB_FSID))
                .replace(SCRUB_FSID, FS.fsid()).replace(replace, by);
        Path dir = Files.createTempDirectory("scrub");
        Files.createDirectories(dir.resolve("var/lib/btrfs"));
        Files.writeString(dir.resolve("var/lib/btrfs/scrub.status." + FS.fsid()), text);
        List<ScrubStatus> list = Sources.BTRFS_SCRUB.read(org.guestdiag.host.Root.of(dir), new org.guestdiag.read.Problems()).statuses();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @ParameterizedTest(name = "scrub {0} days ago, {2} -> {3} {4}")
    @CsvSource({"1, |uncorrectable_errors:0, |uncorrectable_errors:0, -, -", "31, |uncorrectable_errors:0, |uncorrectable_errors:0, btrfs.scrub-due, INFO",
            "1, |uncorrectable_errors:0, |uncorrectable_errors:4, btrfs.scrub-errors, CRITICAL",
            "1, |corrected_errors:0, |corrected_errors:2, btrfs.scrub-errors, WARNING",
            "1, finished:1, finished:0, btrfs.scrub-due, INFO"})
    void scrubPolicy(int daysAgo, String from, String field, String id, String severity) throws Exception {
        ScrubStatus s = scrub(from, field);
        Instant finished = Instant.ofEpochSecond(1795617058L);
        Inventory inv = Fixture.with(EIO, finished.plus(Duration.ofDays(daysAgo)), Sources.BTRFS_SCRUB, new ScrubRecords(true, List.of(s)));
        Diagnosis d = Fixture.diagnose(inv);
        List<Finding> scrub = Fixture.btrfsFindings(d).stream().filter(f -> f.check().equals("btrfs-scrub")).toList();
        if (id.equals("-")) {
            assertThat(scrub).isEmpty();
        } else {
            assertThat(scrub).extracting(Finding::id, Finding::severity).contains(org.assertj.core.groups.Tuple.tuple(id, Severity.valueOf(severity)));
        }
        if (!field.equals("finished:0")) {
            assertThat(Fixture.samples(d, "guestdiag_btrfs_scrub_last_finish_timestamp_seconds")).singleElement()
                    .satisfies(x -> assertThat(x.value()).isEqualTo(1795617058.0));
        }
    }

    @Test
    void neverScrubbedIsInfo() {
        Inventory inv = Fixture.with(EIO, EIO.takenAt(), Sources.BTRFS_SCRUB, new ScrubRecords(true, List.of()));
        assertThat(findings(inv, "btrfs.scrub-due")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.summary()).contains("never scrubbed");
        });
        // the capture has no /var/lib/btrfs at all: unknown, not "never"
        assertThat(findings(EIO, "btrfs.scrub-due")).isEmpty();
        assertThat(findings(EIO, "btrfs.scrub-unknown")).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    static BtrfsFilesystem withChecksum(String driver) {
        return new BtrfsFilesystem(FS.fsid(), FS.label(), FS.devices(), FS.members(), FS.allocation(),
                Optional.of(new BtrfsChecksum("crc32c", driver)), FS.features(), FS.nodesize(), FS.sectorsize(), FS.globalReserveBytes());
    }

    @Test
    void genericChecksumWithoutSse42IsAWarningLinkingTheCpuFinding() {
        // the real kvm64 guest's CPU (no sse4_2) under the blkdebug btrfs with the generic driver
        Inventory kvm64 = Fixture.inventory("cpu-kvm64");
        assertThat(kvm64.get(Sources.CPU).has("sse4_2")).isFalse();
        Inventory inv = Fixture.with(EIO, EIO.takenAt(), Sources.CPU, kvm64.get(Sources.CPU), Sources.BTRFS, List.of(withChecksum("crc32c-generic")));
        assertThat(findings(inv, "btrfs.checksum-generic")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.summary()).contains("cpu.missing-features");
        });
    }

    @Test
    void acceleratedChecksumIsSilentButExposed() {
        Diagnosis d = Fixture.diagnose(EIO);
        assertThat(findings(EIO, "btrfs.checksum-generic")).isEmpty();
        assertThat(Fixture.samples(d, "guestdiag_btrfs_checksum_info")).singleElement().satisfies(s ->
                assertThat(s.labels()).isEqualTo(Map.of("fsid", FS.fsid(), "algorithm", "crc32c", "driver", "crc32c-intel")));
    }

    @Test
    void btrfsOnASharedVirtioScsiControllerPointsToTheDiskFinding() {
        // the real two-disk shared-controller guest's disks, with a btrfs over sda and sdb
        Inventory shared = Fixture.inventory("virtio-scsi-shared");
        BtrfsFilesystem raid = new BtrfsFilesystem(FS.fsid(), FS.label(), List.of(), List.of(new BtrfsMember("sda", OptionalLong.empty()),
                new BtrfsMember("sdb", OptionalLong.empty())), Map.of(), Optional.empty(), List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        Inventory inv = Fixture.with(shared, shared.takenAt(), Sources.BTRFS, List.of(raid));
        assertThat(findings(inv, "btrfs.shared-controller")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.summary()).contains("sda, sdb", "disk.shared-controller");
            assertThat(f.remedy()).isNull(); // the remedy is the disk finding's, not repeated
        });
        // and the same btrfs on one controller per disk says nothing
        Inventory single = Fixture.inventory("virtio-scsi-single");
        assertThat(findings(Fixture.with(single, single.takenAt(), Sources.BTRFS, List.of(raid)), "btrfs.shared-controller")).isEmpty();
    }
}
