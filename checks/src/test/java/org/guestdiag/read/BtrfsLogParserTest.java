package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BtrfsLogParserTest {
    static LogRecord rec(String message) {
        return new LogRecord(OptionalInt.empty(), 10.5, message);
    }

    static BtrfsLogEvent one(String message) {
        return BtrfsLogParser.parse(rec(message)).orElseThrow(() -> new AssertionError("not recognised: " + message));
    }

    @Test
    void bdevErrorsLine() { // btrfs-blkdebug-eio, 6.1
        var e = (BtrfsLogEvent.DeviceErrorsLine) one("BTRFS error (device vda): bdev /dev/vda errs: wr 7, rd 0, flush 0, corrupt 0, gen 0");
        assertThat(e.device()).isEqualTo("vda");
        assertThat(e.write()).isEqualTo(7);
        assertThat(e.read() + e.flush() + e.corruption() + e.generation()).isZero();
    }

    @Test
    void bdevErrorsLineOfOldKernelsWithoutDevicePrefix() {
        var e = (BtrfsLogEvent.DeviceErrorsLine) one("BTRFS: bdev /dev/sdb1 errs: wr 0, rd 3, flush 0, corrupt 2, gen 1");
        assertThat(e.device()).isEqualTo("sdb1");
        assertThat(e.read()).isEqualTo(3);
        assertThat(e.corruption()).isEqualTo(2);
        assertThat(e.generation()).isEqualTo(1);
    }

    @Test
    void failureWithState() { // btrfs-blkdebug-eio
        var e = (BtrfsLogEvent.Failure) one("BTRFS: error (device vda: state A) in __btrfs_free_extent:3105: errno=-5 IO failure");
        assertThat(e.device()).isEqualTo("vda");
        assertThat(e.errno()).isEqualTo(-5);
    }

    @Test
    void failureWithoutStateAsOlderKernelsPrint() {
        var e = (BtrfsLogEvent.Failure) one("BTRFS: error (device sda1) in btrfs_commit_transaction:2279: errno=-28 No space left");
        assertThat(e.device()).isEqualTo("sda1");
        assertThat(e.errno()).isEqualTo(-28);
    }

    @Test
    void forcedReadonly() {
        assertThat(one("BTRFS info (device vda: state EA): forced readonly")).isInstanceOf(BtrfsLogEvent.ForcedReadonly.class);
        assertThat(one("BTRFS info (device sdb): forced readonly").device()).isEqualTo("sdb");
    }

    @Test
    void missingDevice() { // btrfs-raid1-degraded
        var e = (BtrfsLogEvent.MissingDevice) one("BTRFS warning (device vda): devid 2 uuid bc2c4346-1e0d-4a4c-8310-4f054cb03d47 is missing");
        assertThat(e.devid()).isEqualTo(2);
    }

    @Test
    void scannedWithLabelAndWithFsid() {
        var l = (BtrfsLogEvent.Scanned) one("BTRFS: device label labraid1 devid 1 transid 8 /dev/vda scanned by mount (204)");
        assertThat(l.labelOrFsid()).isEqualTo("labraid1");
        assertThat(l.devid()).isEqualTo(1);
        assertThat(l.device()).isEqualTo("vda");
        var f = (BtrfsLogEvent.Scanned) one("BTRFS: device fsid 669c5ea2-db9f-44da-b2d6-2816d8221cfe devid 2 transid 8 /dev/vdb scanned by btrfs (176)");
        assertThat(f.labelOrFsid()).isEqualTo("669c5ea2-db9f-44da-b2d6-2816d8221cfe");
        assertThat(f.device()).isEqualTo("vdb");
    }

    @Test
    void firstMount() {
        var e = (BtrfsLogEvent.FirstMount) one("BTRFS info (device vda): first mount of filesystem 742c1548-5785-4d7d-9a3b-f9186bd82455");
        assertThat(e.fsid()).isEqualTo("742c1548-5785-4d7d-9a3b-f9186bd82455");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "BTRFS warning (device sda): csum failed root 5 ino 257 off 0 csum 0x8941f998 expected csum 0x12345678 mirror 1",
            "BTRFS error (device sda): parent transid verify failed on logical 30556160 mirror 1 wanted 9 found 8",
            "BTRFS warning (device sda): checksum verify failed on logical 30539776 mirror 2 wanted 0x1 found 0x2 level 0"})
    void corruption(String line) {
        assertThat(one(line)).isInstanceOf(BtrfsLogEvent.Corruption.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "BTRFS", "BTRFS info (device vda): using free space tree",
            "Btrfs loaded, crc32c=crc32c-intel, zoned=yes, fsverity=yes", "BTRFS error (device vda", "BTRFS: bdev /dev/vda errs: wr x",
            "I/O error, dev vda, sector 43072 op 0x1:(WRITE) flags 0x1800 phys_seg 4 prio class 2", "\u0000garbage"})
    void ignoredOrGarbage(String line) {
        assertThat(BtrfsLogParser.parse(rec(line))).isEmpty();
    }

    @Test
    void wholeFixtureLog() throws Exception {
        String text = Files.readString(Path.of("src/test/snapshots/btrfs-blkdebug-eio/dev/kmsg"));
        KernelLog log = KernelLogReader.parse(text, "/dev/kmsg");
        List<BtrfsLogEvent> events = BtrfsLogParser.parse(log);
        assertThat(events).filteredOn(e -> e instanceof BtrfsLogEvent.DeviceErrorsLine).hasSize(7);
        assertThat(events).filteredOn(e -> e instanceof BtrfsLogEvent.Failure).hasSize(2);
        assertThat(events).filteredOn(e -> e instanceof BtrfsLogEvent.ForcedReadonly).singleElement()
                .satisfies(e -> assertThat(e.record().seconds()).isEqualTo(10.186046));
    }

    @Test
    void emptyLog() {
        assertThat(BtrfsLogParser.parse(new KernelLog(List.of(), false))).isEmpty();
    }
}
