package org.guestdiag.check.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.guestdiag.host.Root;
import org.guestdiag.model.BtrfsAllocation;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.read.BtrfsReader;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Unallocated space for every profile, on sysfs trees written as the kernel writes them: allocation/TYPE/
 * disk_total is the logical total times btrfs_bg_type_to_factor, which is ncopies (fs/btrfs/space-info.c),
 * so 1 for RAID5/6, whose parity it leaves out; allocation/TYPE/PROFILE/total_bytes is logical
 * (fs/btrfs/sysfs.c, raid_bytes_show).
 */
class BtrfsProfileSpaceTest {
    static final String FSID = "0b5c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
    static final long MIB = 1L << 20;

    /**
     * A mounted btrfs of {@code devices} equal devices of {@code deviceMiB}, all three types in {@code profile},
     * the given logical MiB of chunks per type, {@code metaUsedMiB} of metadata in use.
     */
    static Path tree(Path dir, String profile, int devices, long deviceMiB, int ncopies, long dataMiB, long metaMiB, long metaUsedMiB,
                     long sysMiB) throws IOException {
        Path fs = dir.resolve("sys/fs/btrfs/" + FSID);
        for (int i = 1; i <= devices; i++) {
            String name = "vd" + (char) ('a' + i - 1);
            write(fs.resolve("devices/" + name + "/size"), deviceMiB * MIB / 512);
            write(fs.resolve("devinfo/" + i + "/missing"), 0);
            write(fs.resolve("devinfo/" + i + "/writeable"), 1);
            Files.writeString(fs.resolve("devinfo/" + i + "/error_stats"),
                    "write_errs 0\nread_errs 0\nflush_errs 0\ncorruption_errs 0\ngeneration_errs 0\n");
        }
        type(fs, "data", profile, ncopies, dataMiB * MIB, dataMiB * MIB / 2);
        type(fs, "metadata", profile, ncopies, metaMiB * MIB, metaUsedMiB * MIB);
        type(fs, "system", profile, ncopies, sysMiB * MIB, 16384);
        write(fs.resolve("allocation/global_rsv_size"), 0);
        Files.writeString(fs.resolve("label"), "lab" + profile + "\n");
        return dir;
    }

    static void type(Path fs, String type, String profile, int ncopies, long total, long used) throws IOException {
        Path a = fs.resolve("allocation/" + type);
        write(a.resolve("total_bytes"), total);
        write(a.resolve("bytes_used"), used);
        write(a.resolve("disk_total"), total * ncopies);
        write(a.resolve("disk_used"), used * ncopies);
        write(a.resolve(profile + "/total_bytes"), total);
        write(a.resolve(profile + "/used_bytes"), used);
    }

    static void write(Path p, long v) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, v + "\n");
    }

    static BtrfsFilesystem read(Path dir) {
        Problems problems = new Problems();
        List<BtrfsFilesystem> list = new BtrfsReader().read(Root.of(dir), problems);
        assertThat(problems.list()).isEmpty();
        return list.get(0);
    }

    /**
     * Raw = logical × ncopies, and with parity logical × devices / (devices - nparity) (btrfs_raid_array in
     * fs/btrfs/volumes.c). {@code rawNum/rawDen} is that ratio; {@code ncopies} what the kernel multiplies
     * disk_total by.
     */
    @ParameterizedTest(name = "{0} on {1} devices: raw = logical × {3}/{4}")
    @CsvSource({"single, 1, 1, 1, 1", "dup, 1, 2, 2, 1", "raid0, 2, 1, 1, 1", "raid1, 2, 2, 2, 1", "raid10, 4, 2, 2, 1",
            "raid1c3, 3, 3, 3, 1", "raid1c4, 4, 4, 4, 1", "raid5, 2, 1, 2, 1", "raid5, 3, 1, 3, 2", "raid5, 4, 1, 4, 3",
            "raid6, 3, 1, 3, 1", "raid6, 4, 1, 4, 2", "raid6, 6, 1, 6, 4"})
    void unallocatedCountsEachProfilesRawSize(String profile, int devices, int ncopies, int rawNum, int rawDen, @TempDir Path dir) throws IOException {
        long dataMiB = 120L * rawDen;
        long metaMiB = 24L * rawDen;
        long sysMiB = 6L * rawDen;
        BtrfsFilesystem fs = read(tree(dir, profile, devices, 1024, ncopies, dataMiB, metaMiB, 1, sysMiB));
        assertThat(fs.allocation("data").orElseThrow().profile()).hasValue(profile);
        assertThat(fs.deviceCount()).isEqualTo(devices);
        long raw = (dataMiB + metaMiB + sysMiB) * MIB * rawNum / rawDen;
        assertThat(fs.unallocatedBytes()).hasValue(devices * 1024 * MIB - raw);
    }

    /**
     * The case: four 1 GiB disks in raid5, every byte allocated (3072 MiB of logical chunks are 4096
     * raw), metadata 95 % full. disk_total sums to 3072 MiB, which left a quarter of the array "unallocated"
     * and the metadata finding silent.
     */
    @Test
    void fullyAllocatedRaid5MetadataIsCritical(@TempDir Path dir) throws IOException {
        BtrfsFilesystem fs = read(tree(dir, "raid5", 4, 1024, 1, 2880, 168, 160, 24));
        assertThat(fs.unallocatedBytes()).hasValue(0);
        Inventory eio = BtrfsPolicyTest.EIO;
        List<Finding> f = BtrfsPolicyTest.findings(Fixture.with(eio, eio.takenAt(), Sources.BTRFS, List.of(fs)), "btrfs.metadata-space");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(x.evidence()).anySatisfy(e -> {
                assertThat(e.source()).endsWith("allocation/data/raid5/total_bytes");
                assertThat(e.value()).isEqualTo(2880 * MIB + " logical, " + 3840 * MIB + " raw striped over 4 devices");
            });
        });
    }

    /** A raid5 of which one of three devices is missing: its chunks still span three, parity on the missing one. */
    @Test
    void degradedRaid5CountsTheMissingDevice(@TempDir Path dir) throws IOException {
        tree(dir, "raid5", 3, 1024, 1, 1200, 120, 1, 30);
        Path fsDir = dir.resolve("sys/fs/btrfs/" + FSID);
        write(fsDir.resolve("devinfo/3/missing"), 1);
        Files.delete(fsDir.resolve("devices/vdc/size"));
        Files.delete(fsDir.resolve("devices/vdc"));
        BtrfsFilesystem fs = read(dir);
        assertThat(fs.deviceCount()).isEqualTo(3);
        // 1200 MiB of raid5 data chunks striped over three devices, not over the two present
        assertThat(fs.allocation("data").orElseThrow().rawAllocated(fs.deviceCount())).hasValue(1800 * MIB);
        // the two present devices' sizes less all of it would understate what they have left: sysfs does not say
        // what each device uses, so the space left is unknown, not a false "metadata full"
        assertThat(fs.unallocatedBytes()).isEmpty();
        Inventory eio = BtrfsPolicyTest.EIO;
        assertThat(BtrfsPolicyTest.findings(Fixture.with(eio, eio.takenAt(), Sources.BTRFS, List.of(fs)), "btrfs.metadata-space")).isEmpty();
    }

    /** Degraded, with each present device's bytes_used from the DEV_INFO ioctl: what they have left is their sum. */
    @Test
    void degradedWithTheIoctlsPerDeviceUseSumsThePresentDevices() {
        var present = new org.guestdiag.model.BtrfsDevice(1, java.util.Optional.of("vda"), java.util.Optional.of(false), java.util.Optional.of(true),
                java.util.OptionalLong.of(1024 * MIB), java.util.OptionalLong.of(700 * MIB), java.util.Optional.empty());
        var other = new org.guestdiag.model.BtrfsDevice(2, java.util.Optional.of("vdb"), java.util.Optional.of(false), java.util.Optional.of(true),
                java.util.OptionalLong.of(1024 * MIB), java.util.OptionalLong.of(650 * MIB), java.util.Optional.empty());
        var gone = new org.guestdiag.model.BtrfsDevice(3, java.util.Optional.empty(), java.util.Optional.of(true), java.util.Optional.empty(),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), java.util.Optional.empty());
        var fs = new BtrfsFilesystem(FSID, java.util.Optional.empty(), java.util.List.of(present, other, gone), java.util.List.of(),
                java.util.Map.of(), java.util.Optional.empty(), java.util.List.of(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty());
        assertThat(fs.unallocatedBytes()).hasValue((1024 - 700 + 1024 - 650) * MIB);
        // the evidence quoting it names how it was reached
        assertThat(fs.unallocatedMethod()).contains("bytes_used (BTRFS_IOC_DEV_INFO)");
    }

    /** During a conversion (balance -dconvert=raid5) a type has chunks of two profiles: each counts with its ratio. */
    @Test
    void conversionCountsBothProfiles(@TempDir Path dir) throws IOException {
        tree(dir, "raid1", 3, 1024, 2, 300, 60, 1, 8);
        Path data = dir.resolve("sys/fs/btrfs/" + FSID + "/allocation/data");
        write(data.resolve("raid5/total_bytes"), 400 * MIB);
        write(data.resolve("raid5/used_bytes"), 0);
        write(data.resolve("total_bytes"), 700 * MIB);
        write(data.resolve("disk_total"), (600 + 400) * MIB); // raid1 twice, raid5 once: the kernel's factors
        BtrfsFilesystem fs = read(dir);
        assertThat(fs.allocation("data").orElseThrow().profileTotals()).extracting(BtrfsAllocation.ProfileTotal::profile)
                .containsExactlyInAnyOrder("raid1", "raid5");
        assertThat(fs.unallocatedBytes()).hasValue(3 * 1024 * MIB - (600 + 600 + 120 + 16) * MIB);
    }

    /** A parity profile with a per-profile total missing cannot be sized: unknown, not the parity-less disk_total. */
    @Test
    void raid5WithoutItsProfileTotalIsUnknown(@TempDir Path dir) throws IOException {
        tree(dir, "raid5", 3, 1024, 1, 200, 20, 1, 8);
        Files.delete(dir.resolve("sys/fs/btrfs/" + FSID + "/allocation/data/raid5/total_bytes"));
        assertThat(read(dir).unallocatedBytes()).isEqualTo(OptionalLong.empty());
    }
}
