package org.guestdiag.read.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.guestdiag.FuzzCounts;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.AtaIdentity;
import org.guestdiag.model.NvmeHealth;
import org.guestdiag.model.SmartAttribute;
import org.junit.jupiter.api.AfterAll;

/**
 * The SMART reader's buffer parsers under Jazzer: whatever bytes a disk (or a translation layer, or a
 * hostile hypervisor) answers, each parser gives a value or the reader's "could not read" outcome, a
 * {@link ReadException} naming the device and the command ({@code SmartReader} turns it into
 * {@code Unavailable(ERROR, …)}); nothing else escapes. Seeds in {@code SmartFuzzTestInputs/<method>/}: the
 * real captures' sysfs {@code inquiry} and {@code vpd_pg*} files (fuzz/seed-corpus.sh), the spec-built
 * answers of the parser tests ({@code spec-*}, kept equal to their builders by {@link SmartSeedsTest}) and
 * every input that once broke a parser ({@code crash-*}). One target per answer layout; the VPD and LOG
 * SENSE targets dispatch on the page code the bytes carry, as the device's answer would.
 */
class SmartFuzzTest {
    static final String DEVICE = "/dev/fuzzed";
    private static final FuzzCounts COUNTS = new FuzzCounts("smart");

    @AfterAll
    static void report() {
        COUNTS.write();
    }

    @FuzzTest
    void inquiry(byte[] in) {
        COUNTS.add("inquiry");
        valueOrNamedFailure(() -> {
            Inquiry i = Inquiry.parse(in, DEVICE);
            assertThat(i.deviceType()).isBetween(0, 0x1f);
            printable(i.vendor(), i.product(), i.revision());
            return i;
        });
    }

    /** Pages 0x00, 0x80, 0x83 and 0x89: each parser is given every input; those whose code is not in byte 1 must refuse it. */
    @FuzzTest
    void vpd(byte[] in) {
        COUNTS.add("vpd");
        valueOrNamedFailure(() -> Vpd.supported(in, DEVICE));
        valueOrNamedFailure(() -> Vpd.unitSerial(in, DEVICE).map(s -> printable(s)));
        valueOrNamedFailure(() -> Vpd.identification(in, DEVICE));
        valueOrNamedFailure(() -> {
            Vpd.AtaInformation a = Vpd.ataInformation(in, DEVICE);
            printable(a.satVendor(), a.satProduct(), a.satRevision());
            // the reader parses the IDENTIFY data the page carries, as it does a direct IDENTIFY
            a.identify().ifPresent(id -> {
                assertThat(id).hasSize(AtaIdentify.LENGTH);
                valueOrNamedFailure(() -> identity(AtaIdentify.parse(id, DEVICE)));
            });
            return a;
        });
    }

    @FuzzTest
    void ataIdentify(byte[] in) {
        COUNTS.add("ataIdentify");
        valueOrNamedFailure(() -> identity(AtaIdentify.parse(in, DEVICE)));
        // most 512-byte inputs fail the word 255 checksum when they carry its signature; a repaired one reaches the fields
        if (in.length == AtaIdentify.LENGTH && (in[510] & 0xff) == 0xa5) {
            valueOrNamedFailure(() -> identity(AtaIdentify.parse(Dumps.checksummed(in.clone()), DEVICE)));
        }
    }

    @FuzzTest
    void ataReturn(byte[] in) {
        COUNTS.add("ataReturn");
        valueOrNamedFailure(() -> AtaReturn.passed(in, DEVICE));
    }

    /**
     * SMART READ DATA and READ THRESHOLDS, the input split in two (thresholds absent when the input is
     * shorter than one structure). Each is parsed as given (mostly refused by its checksum) and with the
     * checksum repaired, so the fuzzer also reaches the attribute table behind it.
     */
    @FuzzTest
    void smartTable(byte[] in) {
        COUNTS.add("smartTable");
        byte[] values = Arrays.copyOfRange(in, 0, Math.min(in.length, SmartTable.LENGTH));
        byte[] thresholds = in.length > SmartTable.LENGTH ? Arrays.copyOfRange(in, SmartTable.LENGTH, in.length) : null;
        valueOrNamedFailure(() -> attributes(SmartTable.parse(values, thresholds, DEVICE)));
        if (values.length == SmartTable.LENGTH) {
            byte[] t = thresholds != null && thresholds.length == SmartTable.LENGTH ? Dumps.checksummed(thresholds.clone()) : thresholds;
            valueOrNamedFailure(() -> attributes(SmartTable.parse(Dumps.checksummed(values.clone()), t, DEVICE)));
        }
    }

    /** A LOG SENSE answer: page 0x00 as the supported pages list, any other as a parameter page read by all three readers. */
    @FuzzTest
    void logPage(byte[] in) {
        COUNTS.add("logPage");
        int code = in.length > 0 ? in[0] & 0x3f : 0;
        if (code == 0) {
            valueOrNamedFailure(() -> LogPage.supported(in, DEVICE));
            return;
        }
        valueOrNamedFailure(() -> {
            LogPage p = LogPage.parse(in, code, DEVICE);
            valueOrNamedFailure(() -> LogPage.temperature(p, DEVICE));
            valueOrNamedFailure(() -> LogPage.failurePrediction(p, DEVICE));
            valueOrNamedFailure(() -> {
                var n = LogPage.uncorrected(p, DEVICE);
                // a count of errors is never negative: a negative one would read as "fewer than none" and hide errors
                n.ifPresent(v -> assertThat(v).as("uncorrected errors").isNotNegative());
                return n;
            });
            return p;
        });
    }

    @FuzzTest
    void nvmeHealth(byte[] in) {
        COUNTS.add("nvmeHealth");
        valueOrNamedFailure(() -> {
            NvmeHealth h = NvmeHealthLog.parse(in, DEVICE);
            assertThat(h.availableSpare()).isBetween(0, 100);
            assertThat(h.spareThreshold()).isBetween(0, 100);
            assertThat(h.criticalWarning() & 0xc0).isZero();
            for (BigInteger c : List.of(h.powerOnHours(), h.mediaErrors(), h.unsafeShutdowns())) {
                assertThat(c.signum()).isNotNegative();
                assertThat(c.bitLength()).isLessThanOrEqualTo(128);
            }
            return h;
        });
    }

    private static AtaIdentity identity(AtaIdentity id) {
        printable(id.model(), id.serial(), id.firmware());
        assertThat(id.model().length()).isLessThanOrEqualTo(40);
        id.rotationRate().ifPresent(r -> assertThat(r).isBetween(1, 0xfffe));
        return id;
    }

    private static List<SmartAttribute> attributes(List<SmartAttribute> as) {
        assertThat(as).hasSizeLessThanOrEqualTo(30).allSatisfy(a -> {
            assertThat(a.id()).isBetween(1, 255);
            assertThat(a.current()).isBetween(0, 255);
            assertThat(a.worst()).isBetween(0, 255);
            assertThat(a.raw()).isBetween(0L, (1L << 48) - 1);
        });
        return as;
    }

    private static String printable(String... s) {
        for (String x : s) assertThat(x).matches("[\\x20-\\x7e]*").doesNotStartWith(" ").doesNotEndWith(" ");
        return s[0];
    }

    /** The contract: a value, or a ReadException whose file is the device (with the command in parentheses, as the reader adds it). */
    private static void valueOrNamedFailure(Supplier<?> parse) {
        Object value;
        try {
            value = parse.get();
        } catch (ReadException e) {
            assertThat(e.file()).as("the failure names the device").startsWith(DEVICE);
            assertThat(e.getMessage()).startsWith(e.file() + ": ").hasSizeLessThan(400).doesNotContain("null");
            return;
        }
        assertThat(value).as("parser returned null").isNotNull();
    }
}
