package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.guestdiag.Fixtures;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;
import org.guestdiag.model.StorageLogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ext4's, XFS's and the block layer's lines as the kernels from 4.18 to 6.x print them (see StorageLogParser for the sources). */
class StorageLogParserTest {
    static Optional<StorageLogEvent> parse(String line) {
        return StorageLogParser.parse(new LogRecord(OptionalInt.of(3), 12.5, line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // 5.16+ (blk_print_req_error without its caller's name)
        "I/O error, dev sdb, sector 4196352 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 2|sdb|I/O|4196352",
        // 5.3–5.15
        "blk_update_request: I/O error, dev vdb, sector 2048 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0|vdb|I/O|2048",
        // 4.18–5.2
        "print_req_error: I/O error, dev sda, sector 8|sda|I/O|8",
        "blk_update_request: critical medium error, dev sdc, sector 123456 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0|sdc|critical medium|123456",
        "timeout error, dev nvme0n1, sector 0 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2|nvme0n1|timeout|0",
        "Buffer I/O error on dev dm-0, logical block 262144, lost async page write|dm-0|buffer I/O|",
        "Buffer I/O error on device sdb1, logical block 0|sdb1|buffer I/O|",
        // seen in the lab's xfs-shutdown guest (6.1): iomap's writeback and XFS's log write failing under dm-flakey
        "dm-0: writeback error on inode 132, offset 0, sector 16576|dm-0|writeback|16576",
        "XFS (dm-0): log I/O error -5|dm-0|xfs log I/O|",
        "XFS (sdb): metadata I/O error in \"xfs_trans_read_buf_map+0x1c5/0x300 [xfs]\" at daddr 0x2 len 1 error 5|sdb|xfs metadata I/O|",
    })
    void ioErrors(String line, String device, String kind, String sector) {
        StorageLogEvent e = parse(line).orElseThrow();
        assertThat(e).isInstanceOf(StorageLogEvent.IoError.class);
        StorageLogEvent.IoError io = (StorageLogEvent.IoError) e;
        assertThat(io.device()).isEqualTo(device);
        assertThat(io.kind()).isEqualTo(kind);
        assertThat(io.sector()).isEqualTo(sector == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(sector)));
    }

    @Test
    void ext4() {
        assertThat(parse("EXT4-fs error (device sdb1): ext4_lookup:1855: inode #2: comm ls: deleted inode referenced: 12").orElseThrow())
                .isEqualTo(new StorageLogEvent.Ext4Error(rec("EXT4-fs error (device sdb1): ext4_lookup:1855: inode #2: comm ls: deleted inode referenced: 12"), "sdb1", "ext4_lookup"));
        assertThat(parse("EXT4-fs error (device dm-0) in ext4_reserve_inode_write:5770: Journal has aborted").orElseThrow())
                .isInstanceOfSatisfying(StorageLogEvent.Ext4Error.class, e -> assertThat(e.function()).isEqualTo("ext4_reserve_inode_write"));
        assertThat(parse("EXT4-fs (vdb): Remounting filesystem read-only").orElseThrow()).isInstanceOf(StorageLogEvent.Ext4Readonly.class);
        assertThat(parse("EXT4-fs error (device vdb): ext4_journal_check_start:83: comm touch: Detected aborted journal").orElseThrow())
                .isInstanceOf(StorageLogEvent.JournalAborted.class);
        assertThat(parse("Aborting journal on device dm-0-8.").orElseThrow()).isEqualTo(new StorageLogEvent.JournalAborted(rec("Aborting journal on device dm-0-8."), "dm-0"));
        assertThat(parse("JBD2: Aborting journal on device sdb1-8.").orElseThrow().device()).isEqualTo("sdb1");
        // 4.x–5.x and 6.x mount lines
        assertThat(parse("EXT4-fs (sdb1): mounted filesystem with ordered data mode. Opts: errors=remount-ro").orElseThrow())
                .isInstanceOf(StorageLogEvent.Mounted.class);
        assertThat(parse("EXT4-fs (vdb): mounted filesystem 5c1e7a4e-2f5a-4a43-9d8e-1b0f8f2f4c3a r/w with ordered data mode. Quota mode: none.").orElseThrow())
                .isEqualTo(new StorageLogEvent.Mounted(rec("EXT4-fs (vdb): mounted filesystem 5c1e7a4e-2f5a-4a43-9d8e-1b0f8f2f4c3a r/w with ordered data mode. Quota mode: none."), "vdb", "ext4"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "XFS (dm-0): Log I/O Error (0x2) detected at xlog_ioend_work+0x6e/0x70 [xfs] (fs/xfs/xfs_log.c:1377).  Shutting down filesystem.|dm-0|Log I/O Error",
        "XFS (vdb): Corruption of in-memory data (0x8) detected at xfs_trans_cancel+0x13a/0x160 [xfs] (fs/xfs/xfs_trans.c:1098).  Shutting down filesystem.|vdb|Corruption of in-memory data",
        "XFS (vdb): Filesystem has been shut down due to log error (0x2).|vdb|log",
        "XFS (sdb): Log I/O Error Detected.  Shutting down filesystem|sdb|Log I/O",
        "XFS (sdb): Corruption of in-memory data detected.  Shutting down filesystem|sdb|Corruption of in-memory data",
        "XFS (sdb): xfs_do_force_shutdown(0x2) called from line 1196 of file fs/xfs/xfs_log.c. Return address = ffffffffc0455f2e|sdb|",
        "XFS (vdb): User initiated shutdown (0x1) received. Shutting down filesystem|vdb|",
    })
    void xfsShutdown(String line, String device, String cause) {
        assertThat(parse(line).orElseThrow()).isInstanceOfSatisfying(StorageLogEvent.XfsShutdown.class, e -> {
            assertThat(e.device()).isEqualTo(device);
            assertThat(e.cause()).isEqualTo(cause == null ? "" : cause);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "EXT4-fs (vdb): re-mounted. Opts: (null)", "EXT4-fs warning (device vdb): ext4_multi_mount_protect:326: MMP interval 42",
        "XFS (vdb): Mounting V5 Filesystem", "XFS (vdb): Please unmount the filesystem and rectify the problem(s)",
        "I/O error, dev sdb, sector", "I/O error, dev , sector 5", "sd 2:0:0:0: [sdb] tag#0 FAILED Result: hostbyte=DID_OK",
        "BTRFS error (device vda): bdev /dev/vda errs: wr 1, rd 0, flush 0, corrupt 0, gen 0"})
    void notTheirs(String line) {
        assertThat(parse(line)).isEmpty();
    }

    @Test
    void aSectorBeyond64BitsStillCountsTheError() {
        assertThat(parse("I/O error, dev sdb, sector 99999999999999999999 op 0x1:(WRITE)").orElseThrow())
                .isInstanceOfSatisfying(StorageLogEvent.IoError.class, e -> assertThat(e.sector()).isEmpty());
    }

    @Test
    void theBlkdebugCaptureFailsWritesOnVda() {
        KernelLog log = Fixtures.read("btrfs-blkdebug-eio", Sources.KERNEL_LOG);
        List<StorageLogEvent> events = StorageLogParser.parse(log);
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e).isInstanceOf(StorageLogEvent.IoError.class);
            assertThat(e.device()).isEqualTo("vda");
        });
        // a healthy guest's log has none
        assertThat(StorageLogParser.parse(Fixtures.read("pve-recommended", Sources.KERNEL_LOG))).isEmpty();
    }

    private static LogRecord rec(String line) {
        return new LogRecord(OptionalInt.of(3), 12.5, line);
    }
}
