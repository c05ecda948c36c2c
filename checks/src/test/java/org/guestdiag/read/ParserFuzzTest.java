package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.guestdiag.FuzzCounts;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;
import org.junit.jupiter.api.AfterAll;

/**
 * Every pure parser of a kernel source, under Jazzer. The contract each one keeps: a value, or a
 * {@link ReadException} that names the file it was given; nothing else escapes (an
 * ArrayIndexOutOfBounds or NumberFormatException would become an "agent.check-failed" with a stack trace
 * in the log instead of a finding that says which file was bad).
 *
 * <p>Inputs are raw bytes decoded as {@link org.guestdiag.host.Root} decodes a file (UTF-8, malformed
 * bytes replaced), so the fuzzer reaches the parsers exactly as a hostile file would. Without
 * {@code JAZZER_FUZZ=1} each test replays its seed corpus in {@code ParserFuzzTestInputs/<method>/}: the
 * real captures' files (fuzz/seed-corpus.sh) and every input that once broke a parser ({@code crash-*}).
 * The long run is {@code fuzz/long-run.sh}.
 */
class ParserFuzzTest {
    private static final String FILE = "/fuzzed/file";
    private static final String FSID = "fce23936-c032-4484-b0f5-892b9b229d0e";
    private static final FuzzCounts COUNTS = new FuzzCounts("parsers");

    @AfterAll
    static void report() {
        COUNTS.write();
    }

    @FuzzTest
    void cpuinfo(byte[] in) {
        valueOrNamedFailure("cpuinfo", () -> CpuReader.toCpu(CpuReader.parse(text(in), FILE), Optional.empty(), List.of()));
    }

    @FuzzTest
    void mountinfo(byte[] in) {
        valueOrNamedFailure("mountinfo", () -> MountReader.parse(text(in), FILE));
    }

    @FuzzTest
    void kernelLog(byte[] in) {
        valueOrNamedFailure("kernelLog", () -> KernelLogReader.parse(text(in), FILE));
    }

    /** btrfs's messages, both through the kmsg parser and as bare messages, so garbage kmsg framing does not hide them. */
    @FuzzTest
    void btrfsLog(byte[] in) {
        String t = text(in);
        valueOrNamedFailure("btrfsLog", () -> BtrfsLogParser.parse(KernelLogReader.parse(t, FILE)));
        List<LogRecord> bare = new ArrayList<>();
        for (String line : t.split("\n")) bare.add(new LogRecord(OptionalInt.empty(), 0, line));
        assertThat(BtrfsLogParser.parse(new KernelLog(bare, false))).isNotNull();
    }

    /** ext4's, XFS's and the block layer's messages, through the kmsg parser and as bare messages. */
    @FuzzTest
    void storageLog(byte[] in) {
        String t = text(in);
        valueOrNamedFailure("storageLog", () -> StorageLogParser.parse(KernelLogReader.parse(t, FILE)));
        List<LogRecord> bare = new ArrayList<>();
        for (String line : t.split("\n")) bare.add(new LogRecord(OptionalInt.empty(), 0, line));
        assertThat(StorageLogParser.parse(new KernelLog(bare, false))).isNotNull();
    }

    /** A SCSI device's hex counter (ioerr_cnt, iotmo_cnt). */
    @FuzzTest
    void scsiCounter(byte[] in) {
        valueOrNamedFailure("scsiCounter", () -> Attributes.parseHex(text(in).strip(), FILE));
    }

    @FuzzTest
    void crypto(byte[] in) {
        // /proc/crypto has no parse errors: an entry without name and driver is skipped
        valueOrNamedFailure("crypto", () -> CryptoReader.parse(text(in)));
    }

    @FuzzTest
    void memTotal(byte[] in) {
        valueOrNamedFailure("memTotal", () -> NumaReader.memTotal(text(in), FILE));
    }

    @FuzzTest
    void distances(byte[] in) {
        valueOrNamedFailure("distances", () -> NumaReader.distances(text(in).strip(), FILE));
    }

    /** CpuList has no file of its own: its contract is IllegalArgumentException, which each caller turns into a ReadException naming the file. */
    @FuzzTest
    void cpuList(byte[] in) {
        COUNTS.add("cpuList");
        try {
            assertThat(CpuList.parse(text(in).strip())).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("null");
        }
    }

    @FuzzTest
    void errorStats(byte[] in) {
        valueOrNamedFailure("errorStats", () -> BtrfsReader.parseErrorStats(text(in), FILE));
    }

    @FuzzTest
    void btrfsChecksum(byte[] in) {
        valueOrNamedFailure("btrfsChecksum", () -> BtrfsReader.parseChecksum(text(in).strip(), FILE));
    }

    @FuzzTest
    void scrubStatus(byte[] in) {
        valueOrNamedFailure("scrubStatus", () -> ScrubStatusReader.parse(text(in), FSID, FILE));
    }

    // --- md RAID (issue 21.1) ---
    @FuzzTest
    void mdstat(byte[] in) {
        valueOrNamedFailure("mdstat", () -> MdReader.parseMdstat(text(in), FILE));
    }

    /** The md attributes with a grammar of their own (dev-X/state, dev-X/slot, sync_completed, sync_speed), each on the same input. */
    @FuzzTest
    void mdAttribute(byte[] in) {
        String t = text(in);
        valueOrNamedFailure("mdAttribute", () -> MdReader.parseStates(t, FILE));
        valueOrNamedFailure("mdAttribute", () -> MdReader.parseSlot(t, FILE));
        valueOrNamedFailure("mdAttribute", () -> MdReader.parseSyncCompleted(t, FILE));
        valueOrNamedFailure("mdAttribute", () -> MdReader.parseSpeed(t, FILE));
    }
    // --- end md RAID ---

    /** VPD page 0x80 is binary: the serial is whatever printable ASCII the page holds, or absent. */
    @FuzzTest
    void unitSerial(byte[] in) {
        COUNTS.add("unitSerial");
        Optional<String> serial = DiskReader.unitSerial(in);
        serial.ifPresent(s -> assertThat(s).isNotBlank().matches("[\\x20-\\x7e]+").hasSizeLessThanOrEqualTo(Math.max(0, in.length - 4)));
    }

    /** How Root.text/attribute turn bytes into text. */
    private static String text(byte[] in) {
        return new String(in, StandardCharsets.UTF_8);
    }

    private static void valueOrNamedFailure(String parser, Supplier<?> parse) {
        COUNTS.add(parser);
        Object value;
        try {
            value = parse.get();
        } catch (ReadException e) {
            assertThat(e.file()).as("the failure names the file it read").isEqualTo(FILE);
            assertThat(e.getMessage()).startsWith(FILE + ": ").hasSizeLessThan(400);
            return;
        }
        assertThat(value).as(parser + " returned null").isNotNull();
    }
}
