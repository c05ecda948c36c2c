package org.guestdiag.read.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.guestdiag.read.smart.Dumps.bytes;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.guestdiag.Fixtures;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.NvmeHealth;
import org.junit.jupiter.api.Test;

class ScsiAndNvmeParsersTest {
    private static final String AHCI_SDA = "sys/devices/pci0000:00/0000:00:02.0/ata1/host0/target0:0:0/0:0:0:0/";

    private static byte[] fixture(String config, String path) throws Exception {
        return Files.readAllBytes(Fixtures.path(config).resolve(path));
    }

    /** Standard INQUIRY data of QEMU's scsi-hd (vendor/product/revision as smartctl showed in the virtio-scsi-single guest). */
    static byte[] qemuInquiry() {
        byte[] b = new byte[36];
        b[2] = 0x05; // SPC-3, as smartctl's "Compliance: SPC-3"
        b[4] = 31;
        System.arraycopy("QEMU    QEMU HARDDISK   2.5+".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 28);
        return b;
    }

    @Test
    void inquiry() {
        Inquiry i = Inquiry.parse(qemuInquiry(), "/dev/sda");
        assertThat(i).isEqualTo(new Inquiry(0, "QEMU", "QEMU HARDDISK", "2.5+"));
        byte[] noLun = qemuInquiry();
        noLun[0] = 0x7f;
        assertThatThrownBy(() -> Inquiry.parse(noLun, "/dev/sda")).isInstanceOf(ReadException.class).hasMessageContaining("qualifier");
        assertThatThrownBy(() -> Inquiry.parse(new byte[20], "/dev/sda")).hasMessageContaining("/dev/sda").hasMessageContaining("truncated");
    }

    /** VPD pages 0x80 and 0x83 as the guest kernel read them from libata (the ahci capture's sysfs vpd_pg80/vpd_pg83). */
    @Test
    void vpdPagesOfARealGuest() throws Exception {
        assertThat(Vpd.unitSerial(fixture("ahci", AHCI_SDA + "vpd_pg80"), "/dev/sda")).contains("LAB-AHCI-0");
        var ids = Vpd.identification(fixture("ahci", AHCI_SDA + "vpd_pg83"), "/dev/sda");
        assertThat(ids).extracting(Vpd.Designator::type).contains(Vpd.Designator.T10);
        assertThat(ids).filteredOn(d -> d.type() == Vpd.Designator.T10).first()
                .satisfies(d -> assertThat(d.value()).startsWith("ATA     QEMU HARDDISK").endsWith("LAB-AHCI-0"));
        assertThat(Vpd.supported(bytes(0, 0, 0, 5, 0x00, 0x80, 0x83, 0x89, 0xb0), "/dev/sda")).containsExactly(0x00, 0x80, 0x83, 0x89, 0xb0);
        assertThatThrownBy(() -> Vpd.unitSerial(fixture("ahci", AHCI_SDA + "vpd_pg83"), "/dev/sda")).isInstanceOf(ReadException.class)
                .hasMessageContaining("page code 0x83, expected 0x80");
    }

    /** ATA Information page as libata builds it (drivers/ata/libata-scsi.c ata_scsiop_inq_89, SAT-3 table 166). */
    @Test
    void ataInformation() {
        byte[] b = new byte[572];
        b[1] = (byte) 0x89;
        b[2] = 0x02;
        b[3] = 0x38;
        System.arraycopy("linux   libATA          ".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 24);
        System.arraycopy("1.0 ".getBytes(StandardCharsets.US_ASCII), 0, b, 32, 4);
        b[56] = (byte) 0xec;
        byte[] id = Dumps.identify("QEMU HARDDISK", "LAB-AHCI-0", "2.5+", true, true, 1);
        System.arraycopy(id, 0, b, 60, 512);
        Vpd.AtaInformation info = Vpd.ataInformation(b, "/dev/sda");
        assertThat(info.satVendor()).isEqualTo("linux");
        assertThat(info.satProduct()).isEqualTo("libATA");
        assertThat(AtaIdentify.parse(info.identify().orElseThrow(), "/dev/sda").serial()).isEqualTo("LAB-AHCI-0");
        assertThat(Vpd.ataInformation(Arrays.copyOf(b, 40), "/dev/sda").identify()).isEmpty();
    }

    /** A temperature page of 36 °C current, 65 °C reference (SPC-4 7.3.21 layout; the values smartctl prints for a SAS disk). */
    static final byte[] TEMPERATURE = bytes(0x0d, 0, 0, 12, 0, 0, 0x03, 2, 0, 36, 0, 1, 0x03, 2, 0, 65);

    @Test
    void logPages() {
        assertThat(LogPage.temperature(LogPage.parse(TEMPERATURE, 0x0d, "/dev/sdb"), "/dev/sdb")).hasValue(36);
        byte[] unknown = TEMPERATURE.clone();
        unknown[9] = (byte) 0xff;
        assertThat(LogPage.temperature(LogPage.parse(unknown, 0x0d, "/dev/sdb"), "/dev/sdb")).isEmpty();
        // informational exceptions: ASC 5D ASCQ 10 "hardware impending failure general hard drive failure"
        byte[] ie = bytes(0x2f, 0, 0, 8, 0, 0, 0x03, 4, 0x5d, 0x10, 40, 0);
        assertThat(LogPage.failurePrediction(LogPage.parse(ie, 0x2f, "/dev/sdb"), "/dev/sdb")).contains("5d/10");
        byte[] quiet = bytes(0x2f, 0, 0, 8, 0, 0, 0x03, 4, 0, 0, 40, 0);
        assertThat(LogPage.failurePrediction(LogPage.parse(quiet, 0x2f, "/dev/sdb"), "/dev/sdb")).isEmpty();
        // read error counters: parameter 0006h total uncorrected errors, an 8-byte counter of 2
        byte[] read = bytes(0x03, 0, 0, 24, 0, 0, 0x02, 8, 0, 0, 0, 0, 0, 0, 0, 7, 0, 6, 0x02, 8, 0, 0, 0, 0, 0, 0, 0, 2);
        assertThat(LogPage.uncorrected(LogPage.parse(read, 0x03, "/dev/sdb"), "/dev/sdb")).hasValue(2);
        assertThat(LogPage.supported(bytes(0, 0, 0, 4, 0x00, 0x03, 0x0d, 0x2f), "/dev/sdb")).containsExactly(0x00, 0x03, 0x0d, 0x2f);
    }

    @Test
    void badLogPages() {
        assertThatThrownBy(() -> LogPage.parse(TEMPERATURE, 0x2f, "/dev/sdb")).isInstanceOf(ReadException.class).hasMessageContaining("expected 0x2f");
        assertThatThrownBy(() -> LogPage.parse(Arrays.copyOf(TEMPERATURE, 10), 0x0d, "/dev/sdb")).hasMessageContaining("truncated");
        // an 8-byte counter with the top bit set: refused, not read as a negative count (the fuzzer's crash-8a1e8e5f…)
        byte[] huge = bytes(0x03, 0, 0, 8, 0, 6, 0x02, 8, 0x80, 0, 0, 0, 0, 0, 0, 2);
        assertThatThrownBy(() -> LogPage.uncorrected(LogPage.parse(huge, 0x03, "/dev/sdb"), "/dev/sdb")).isInstanceOf(ReadException.class)
                .hasMessageContaining("/dev/sdb").hasMessageContaining("beyond any real count");
        byte[] noParam = bytes(0x2f, 0, 0, 0);
        assertThatThrownBy(() -> LogPage.failurePrediction(LogPage.parse(noParam, 0x2f, "/dev/sdb"), "/dev/sdb")).hasMessageContaining("0000h");
    }

    /**
     * An NVMe health log laid out per NVMe 1.4 figure 194 with the values smartctl prints for a healthy SSD
     * (38 °C = 311 K, spare 100 % / threshold 10 %, 3 % used, 1234 power-on hours); media errors beyond 64 bits
     * prove the 128-bit counters are read whole.
     */
    static byte[] nvmeLog(int warning, int kelvin, int spare, int threshold, int used, long hours, BigInteger mediaErrors) {
        byte[] b = new byte[512];
        b[0] = (byte) warning;
        b[1] = (byte) kelvin;
        b[2] = (byte) (kelvin >> 8);
        b[3] = (byte) spare;
        b[4] = (byte) threshold;
        b[5] = (byte) used;
        for (int k = 0; k < 8; k++) b[128 + k] = (byte) (hours >> (8 * k));
        byte[] me = mediaErrors.toByteArray();
        for (int k = 0; k < me.length && k < 16; k++) b[160 + k] = me[me.length - 1 - k];
        return b;
    }

    @Test
    void nvmeHealth() {
        NvmeHealth h = NvmeHealthLog.parse(nvmeLog(0, 311, 100, 10, 3, 1234, BigInteger.ZERO), "/dev/nvme0n1");
        assertThat(h.temperatureCelsius()).isEqualTo(38);
        assertThat(h.availableSpare()).isEqualTo(100);
        assertThat(h.spareThreshold()).isEqualTo(10);
        assertThat(h.percentageUsed()).isEqualTo(3);
        assertThat(h.powerOnHours()).isEqualTo(BigInteger.valueOf(1234));
        BigInteger huge = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5));
        assertThat(NvmeHealthLog.parse(nvmeLog(0x01, 330, 5, 10, 120, 1, huge), "/dev/nvme0n1").mediaErrors()).isEqualTo(huge);
    }

    @Test
    void badNvmeLogs() {
        assertThatThrownBy(() -> NvmeHealthLog.parse(new byte[0], "/dev/nvme0n1")).isInstanceOf(ReadException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> NvmeHealthLog.parse(new byte[200], "/dev/nvme0n1")).hasMessageContaining("truncated");
        byte[] ff = new byte[512];
        Arrays.fill(ff, (byte) 0xff);
        assertThatThrownBy(() -> NvmeHealthLog.parse(ff, "/dev/nvme0n1")).hasMessageContaining("reserved");
    }

    /** Whatever a device returns, every parser either parses it or throws a ReadException naming the device. */
    @Test
    void garbageNeverEscapesAsAnotherException() {
        Random r = new Random(20261125);
        for (int n = 0; n < 3000; n++) {
            byte[] b = new byte[r.nextInt(n % 3 == 0 ? 16 : 700)];
            r.nextBytes(b);
            if (n % 5 == 0 && b.length > 0) b[0] = (byte) (0x70 + r.nextInt(4));
            byte[] g = b;
            for (Consumer<byte[]> p : java.util.List.<Consumer<byte[]>>of(
                    x -> Inquiry.parse(x, "/dev/g"), x -> Vpd.supported(x, "/dev/g"), x -> Vpd.unitSerial(x, "/dev/g"),
                    x -> Vpd.identification(x, "/dev/g"), x -> Vpd.ataInformation(x, "/dev/g"), x -> AtaIdentify.parse(x, "/dev/g"),
                    x -> SmartTable.parse(x, x, "/dev/g"), x -> AtaReturn.passed(x, "/dev/g"), x -> LogPage.supported(x, "/dev/g"),
                    x -> LogPage.temperature(LogPage.parse(x, x.length > 0 ? x[0] & 0x3f : 0, "/dev/g"), "/dev/g"),
                    x -> LogPage.failurePrediction(LogPage.parse(x, x.length > 0 ? x[0] & 0x3f : 0, "/dev/g"), "/dev/g"),
                    x -> LogPage.uncorrected(LogPage.parse(x, x.length > 0 ? x[0] & 0x3f : 0, "/dev/g"), "/dev/g"),
                    x -> NvmeHealthLog.parse(x, "/dev/g"))) {
                try {
                    p.accept(g);
                } catch (ReadException e) {
                    assertThat(e.file()).startsWith("/dev/g");
                }
            }
        }
    }
}
