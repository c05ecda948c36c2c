package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.BtrfsChecksum;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.DeviceErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BtrfsReaderTest {
    static final Path SNAPSHOTS = Path.of("src/test/snapshots");

    static List<BtrfsFilesystem> read(String config) {
        Problems problems = new Problems();
        List<BtrfsFilesystem> fs = new BtrfsReader().read(Root.of(SNAPSHOTS.resolve(config)), problems);
        assertThat(problems.list()).isEmpty();
        return fs;
    }

    @Test
    void errorStatsValid() {
        // devinfo/1/error_stats of btrfs-blkdebug-eio, as the 6.1 guest kernel wrote it
        DeviceErrors e = BtrfsReader.parseErrorStats("write_errs 7\nread_errs 0\nflush_errs 0\ncorruption_errs 0\ngeneration_errs 0\n", "f");
        assertThat(e.write()).hasValue(7);
        assertThat(e.read()).hasValue(0);
        assertThat(e.generation()).hasValue(0);
        assertThat(e.origin()).isEqualTo("sysfs");
    }

    @Test
    void errorStatsTruncatedKeepsWhatIsThereAbsentNotZero() {
        DeviceErrors e = BtrfsReader.parseErrorStats("write_errs 7\nread_errs 0\n", "f");
        assertThat(e.write()).hasValue(7);
        assertThat(e.flush()).isEmpty();
        assertThat(e.corruption()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "write_errs\n", "write_errs seven\n", "write_errs 7 8\n", "write_errs -1\n", "\u0000\u0001garbage"})
    void errorStatsEmptyOrGarbageNamesTheFile(String text) {
        assertThatThrownBy(() -> BtrfsReader.parseErrorStats(text, "/sys/fs/btrfs/x/devinfo/1/error_stats"))
                .isInstanceOf(ReadException.class)
                .hasMessageStartingWith("/sys/fs/btrfs/x/devinfo/1/error_stats: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "crc32c (crc32c-intel)|crc32c|crc32c-intel|false",
            "crc32c (crc32c-generic)|crc32c|crc32c-generic|true",
            "crc32c (crc32c-lib)|crc32c|crc32c-lib|false", // 6.18 on this build machine
            "xxhash64 (xxhash64-generic)|xxhash64|xxhash64-generic|true"})
    void checksumValid(String text, String algorithm, String driver, boolean generic) {
        BtrfsChecksum c = BtrfsReader.parseChecksum(text + "\n", "f");
        assertThat(c).isEqualTo(new BtrfsChecksum(algorithm, driver));
        assertThat(c.generic()).isEqualTo(generic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "crc32c", "crc32c (crc32c-intel", "(x) (y)"})
    void checksumGarbage(String text) {
        assertThatThrownBy(() -> BtrfsReader.parseChecksum(text, "/sys/fs/btrfs/x/checksum")).isInstanceOf(ReadException.class);
    }

    @Test
    void blkdebugSnapshot() {
        List<BtrfsFilesystem> list = read("btrfs-blkdebug-eio");
        assertThat(list).hasSize(1);
        BtrfsFilesystem fs = list.get(0);
        assertThat(fs.fsid()).isEqualTo("742c1548-5785-4d7d-9a3b-f9186bd82455");
        assertThat(fs.label()).hasValue("labeio");
        assertThat(fs.checksum()).hasValue(new BtrfsChecksum("crc32c", "crc32c-intel"));
        assertThat(fs.nodesize()).hasValue(16384);
        assertThat(fs.features()).contains("free_space_tree", "no_holes");
        assertThat(fs.devices()).hasSize(1);
        BtrfsDevice d = fs.devices().get(0);
        assertThat(d.devid()).isEqualTo(1);
        assertThat(d.name()).hasValue("vda"); // the only member
        assertThat(d.sizeBytes()).hasValue(512L * 1024 * 1024);
        assertThat(d.errors().orElseThrow().write()).hasValue(7);
        var meta = fs.allocation("metadata").orElseThrow();
        assertThat(meta.profile()).hasValue("dup");
        assertThat(meta.totalBytes()).hasValue(33554432);
        assertThat(meta.diskTotal()).hasValue(67108864);
        assertThat(fs.allocation("data").orElseThrow().profile()).hasValue("single");
        // 512 MiB device minus 72 + 64 + 16 MiB of chunks
        assertThat(fs.unallocatedBytes()).hasValue(512L * 1024 * 1024 - 75497472 - 67108864 - 16777216);
    }

    @Test
    void degradedSnapshot() {
        BtrfsFilesystem fs = read("btrfs-raid1-degraded").get(0);
        assertThat(fs.devices()).extracting(BtrfsDevice::devid).containsExactly(1L, 2L);
        assertThat(fs.devices().get(1).missing()).hasValue(true);
        assertThat(fs.devices().get(1).writeable()).hasValue(false);
        assertThat(fs.devices().get(0).missing()).hasValue(false);
        // two devids, one member listed: which name belongs to which devid is not for sysfs to say
        assertThat(fs.devices()).allSatisfy(d -> assertThat(d.name()).isEmpty());
        assertThat(fs.allocation("data").orElseThrow().profile()).hasValue("raid1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtio-blk", "virtio-scsi-shared", "cpu-kvm64", "ide-piix"})
    void noBtrfsIsAnEmptyList(String config) {
        assertThat(read(config)).isEmpty();
    }

    @Test
    void unallocatedUnknownWhileDegradedOnSysfs() {
        BtrfsFilesystem fs = read("btrfs-raid1-degraded").get(0);
        // vda has a size, but half of every raid1 chunk is on the missing devid 2: 512 MiB less all the raw chunks
        // would understate vda's space by that half, and sysfs does not say what vda itself uses
        assertThat(fs.devices()).anySatisfy(d -> assertThat(d.missing()).hasValue(true));
        assertThat(fs.unallocatedBytes()).isEmpty();
        // on a live machine the ioctls are asked for what each present device uses
        assertThat(BtrfsIoctlReader.wanted(fs, false)).isTrue();
        assertThat(BtrfsIoctlReader.wanted(read("btrfs-csum-corruption").get(0), false)).isFalse();
    }

    /**
     * Between full reads only what moves is read again: error counters, missing devices and allocation
     * show their new values at once; a new label or feature waits for the next full read; a filesystem
     * mounted since is read whole and one unmounted is gone.
     */
    @Test
    void rereadReadsWhatMovesAndKeepsWhatDoesNot(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path snapshot = org.guestdiag.Fixtures.copy("btrfs-blkdebug-eio", tmp);
        Root root = Root.of(snapshot);
        BtrfsReader reader = new BtrfsReader();
        Problems problems = new Problems();
        List<BtrfsFilesystem> before = reader.read(root, problems);
        assertThat(reader.reread(root, problems, before)).isEqualTo(before);

        Path fs = snapshot.resolve("sys/fs/btrfs/742c1548-5785-4d7d-9a3b-f9186bd82455");
        java.nio.file.Files.writeString(fs.resolve("devinfo/1/error_stats"),
                "write_errs 9\nread_errs 1\nflush_errs 0\ncorruption_errs 2\ngeneration_errs 0\n");
        java.nio.file.Files.writeString(fs.resolve("devinfo/1/missing"), "1\n");
        java.nio.file.Files.writeString(fs.resolve("allocation/data/bytes_used"), "12345\n");
        java.nio.file.Files.writeString(fs.resolve("allocation/global_rsv_size"), "777\n");
        java.nio.file.Files.writeString(fs.resolve("label"), "renamed\n");
        java.nio.file.Files.writeString(fs.resolve("features/raid_stripe_tree"), "0\n");

        BtrfsFilesystem reread = reader.reread(root, problems, before).get(0);
        BtrfsDevice d = reread.devices().get(0);
        assertThat(d.errors().orElseThrow().write()).hasValue(9);
        assertThat(d.errors().orElseThrow().corruption()).hasValue(2);
        assertThat(d.missing()).hasValue(true);
        assertThat(d.name()).hasValue("vda"); // the member list kept
        assertThat(reread.allocation("data").orElseThrow().bytesUsed()).hasValue(12345);
        assertThat(reread.allocation("data").orElseThrow().profile()).hasValue("single");
        assertThat(reread.globalReserveBytes()).hasValue(777);
        assertThat(reread.label()).hasValue("labeio");
        assertThat(reread.features()).doesNotContain("raid_stripe_tree");

        BtrfsFilesystem full = reader.read(root, problems).get(0);
        assertThat(full.label()).hasValue("renamed");
        assertThat(full.features()).contains("raid_stripe_tree");
        assertThat(full.devices()).isEqualTo(reread.devices());
        assertThat(full.allocation()).isEqualTo(reread.allocation());
        assertThat(problems.list()).isEmpty();

        // mounted since the last read: read whole; and what was known but is gone is gone
        BtrfsFilesystem other = new BtrfsFilesystem("00000000-0000-4000-8000-000000000009", java.util.Optional.of("gone"), List.of(), List.of(),
                java.util.Map.of(), java.util.Optional.empty(), List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        assertThat(reader.reread(root, problems, List.of(other))).containsExactly(full);
    }
}
