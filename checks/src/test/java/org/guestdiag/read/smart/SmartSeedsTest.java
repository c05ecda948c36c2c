package org.guestdiag.read.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guestdiag.read.smart.Dumps.bytes;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec-built answers of the SMART parser tests, as {@code spec-*} seeds of {@link SmartFuzzTest}: the
 * committed files must equal what the builders make now, so the fuzzer starts from the same valid answers
 * the tests check. {@code -Dgolden.update=true} rewrites them (the real captures' seeds come from
 * fuzz/seed-corpus.sh).
 */
class SmartSeedsTest {
    static final Path DIR = Path.of("src/test/resources/org/guestdiag/read/smart/SmartFuzzTestInputs");

    /** target -> seed name -> bytes. */
    static Map<String, Map<String, byte[]>> seeds() {
        Map<String, Map<String, byte[]>> s = new LinkedHashMap<>();
        s.put("inquiry", Map.of("spec-qemu-scsi-hd", ScsiAndNvmeParsersTest.qemuInquiry()));
        byte[] ata89 = new byte[572];
        ata89[1] = (byte) 0x89;
        ata89[2] = 0x02;
        ata89[3] = 0x38;
        System.arraycopy("linux   libATA          1.0 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, ata89, 8, 28);
        ata89[56] = (byte) 0xec;
        System.arraycopy(Dumps.identify("QEMU HARDDISK", "LAB-AHCI-0", "2.5+", true, true, 1), 0, ata89, 60, 512);
        s.put("vpd", Map.of("spec-supported", bytes(0, 0, 0, 5, 0x00, 0x80, 0x83, 0x89, 0xb0), "spec-ata-information-libata", ata89));
        byte[] wdc = Dumps.identify("WDC WD40EFRX-68N32N0", "WD-WCC7K0000000", "82.00A82", true, false, 5400);
        Dumps.word(wdc, 255, 0xa5);
        s.put("ataIdentify", Map.of("spec-qemu-harddisk", Dumps.identify("QEMU HARDDISK", "LAB-IDE-0", "2.5+", true, true, 1),
                "spec-wdc-checksummed", Dumps.checksummed(wdc)));
        s.put("ataReturn", Map.of("spec-descriptor-passed", AtaParsersTest.descriptorSense(0x4f, 0xc2),
                "spec-descriptor-failed", AtaParsersTest.descriptorSense(0xf4, 0x2c),
                "spec-fixed-failed", bytes(0x70, 0, 0x01, 0, 0, 0, 0, 0x0a, 0, 0, 0xf4, 0x2c, 0, 0x1d, 0, 0, 0, 0)));
        s.put("smartTable", Map.of("spec-qemu", concat(Dumps.smartData(AtaParsersTest.QEMU), Dumps.smartThresholds(AtaParsersTest.QEMU)),
                "spec-seagate", concat(Dumps.smartData(AtaParsersTest.SEAGATE), Dumps.smartThresholds(AtaParsersTest.SEAGATE))));
        s.put("logPage", Map.of("spec-temperature", ScsiAndNvmeParsersTest.TEMPERATURE,
                "spec-informational-exceptions", bytes(0x2f, 0, 0, 8, 0, 0, 0x03, 4, 0x5d, 0x10, 40, 0),
                "spec-read-errors", bytes(0x03, 0, 0, 24, 0, 0, 0x02, 8, 0, 0, 0, 0, 0, 0, 0, 7, 0, 6, 0x02, 8, 0, 0, 0, 0, 0, 0, 0, 2),
                "spec-supported", bytes(0, 0, 0, 4, 0x00, 0x03, 0x0d, 0x2f)));
        s.put("nvmeHealth", Map.of("spec-healthy", ScsiAndNvmeParsersTest.nvmeLog(0, 311, 100, 10, 3, 1234, BigInteger.ZERO),
                "spec-worn", ScsiAndNvmeParsersTest.nvmeLog(0x01, 330, 5, 10, 120, 1, BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5)))));
        return s;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void committedSpecSeedsMatchTheirBuilders() throws Exception {
        boolean update = Boolean.getBoolean("golden.update");
        List<String> differ = new ArrayList<>();
        for (var target : seeds().entrySet()) {
            for (var seed : target.getValue().entrySet()) {
                Path f = DIR.resolve(target.getKey()).resolve(seed.getKey());
                if (update) {
                    Files.createDirectories(f.getParent());
                    Files.write(f, seed.getValue());
                } else if (!Files.exists(f) || !java.util.Arrays.equals(Files.readAllBytes(f), seed.getValue())) {
                    differ.add(f.toString());
                }
            }
        }
        assertThat(differ).as("spec seeds out of date: run with -Dgolden.update=true").isEmpty();
    }
}
