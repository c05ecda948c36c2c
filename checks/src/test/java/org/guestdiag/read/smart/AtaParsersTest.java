package org.guestdiag.read.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.guestdiag.read.smart.Dumps.bytes;

import java.util.List;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.AtaIdentity;
import org.guestdiag.model.SmartAttribute;
import org.guestdiag.read.smart.Dumps.Row;
import org.junit.jupiter.api.Test;

class AtaParsersTest {
    /**
     * QEMU 7.2's emulated IDE disk, as smartctl 7.3 printed it in the lab's ide-piix guest
     * (lab/snapshots/ide-piix/boot/cmd/smartctl.txt): the attribute table QEMU invents in hw/ide/core.c.
     */
    static final Row[] QEMU = {
        new Row(1, 0x0003, 100, 100, 6, 0), new Row(3, 0x0003, 100, 100, 0, 16), new Row(4, 0x0002, 100, 100, 20, 100),
        new Row(5, 0x0003, 100, 100, 36, 0), new Row(9, 0x0003, 100, 100, 0, 1), new Row(12, 0x0003, 100, 100, 0, 0),
        // "31 (Min/Max 31/31)": current in raw byte 0, min and max in bytes 2 and 3
        new Row(190, 0x0003, 69, 69, 50, 31L | 31L << 16 | 31L << 24)};

    /**
     * A real Seagate disk's table as smartctl printed it (rkarlsba/ymse smartctl-ting/attr-list-example.md):
     * a large raw read error rate, 36055 power-on hours, a 48-bit command timeout raw value.
     */
    static final Row[] SEAGATE = {
        new Row(1, 0x000f, 83, 64, 44, 199781349L), new Row(5, 0x0033, 100, 100, 10, 0), new Row(9, 0x0032, 59, 59, 0, 36055),
        new Row(188, 0x0032, 100, 97, 0, 4295032853L), new Row(190, 0x0022, 64, 47, 40, 36L | 30L << 16 | 48L << 24),
        new Row(194, 0x0022, 36, 53, 0, 36), new Row(197, 0x0012, 100, 100, 0, 0)};

    @Test
    void qemuTableAsSmartctlShowsIt() {
        List<SmartAttribute> a = SmartTable.parse(Dumps.smartData(QEMU), Dumps.smartThresholds(QEMU), "/dev/sda");
        assertThat(a).extracting(SmartAttribute::id).containsExactly(1, 3, 4, 5, 9, 12, 190);
        SmartAttribute temp = a.get(6);
        assertThat(temp.current()).isEqualTo(69);
        assertThat(temp.threshold()).hasValue(50);
        assertThat(temp.rawLow16()).isEqualTo(31);
        assertThat(a.get(3).preFailure()).isTrue();
        assertThat(a.get(2).preFailure()).isFalse();
        assertThat(a).noneMatch(SmartAttribute::failingNow);
    }

    @Test
    void realSeagateTableKeepsFortyEightBitRawValues() {
        List<SmartAttribute> a = SmartTable.parse(Dumps.smartData(SEAGATE), Dumps.smartThresholds(SEAGATE), "/dev/sdb");
        assertThat(a).filteredOn(x -> x.id() == 188).singleElement().satisfies(x -> assertThat(x.raw()).isEqualTo(4295032853L));
        assertThat(a).filteredOn(x -> x.id() == 9).singleElement().satisfies(x -> assertThat(x.raw()).isEqualTo(36055));
        assertThat(a).filteredOn(x -> x.id() == 1).singleElement().satisfies(x -> assertThat(x.worst()).isEqualTo(64));
    }

    @Test
    void anAttributeAtItsThresholdHasFailed() {
        Row[] failing = {new Row(5, 0x0033, 10, 10, 10, 2048)};
        assertThat(SmartTable.parse(Dumps.smartData(failing), Dumps.smartThresholds(failing), "/dev/sda"))
                .singleElement().satisfies(x -> assertThat(x.failingNow()).isTrue());
        // without thresholds nothing can be said to have failed
        assertThat(SmartTable.parse(Dumps.smartData(failing), null, "/dev/sda")).singleElement()
                .satisfies(x -> assertThat(x.failingNow()).isFalse());
    }

    @Test
    void badTablesNameTheDeviceAndStructure() {
        byte[] ok = Dumps.smartData(QEMU);
        byte[] flipped = ok.clone();
        flipped[7] ^= 0x10;
        assertThatThrownBy(() -> SmartTable.parse(flipped, null, "/dev/sda")).isInstanceOf(ReadException.class)
                .hasMessageContaining("/dev/sda (SMART READ DATA)").hasMessageContaining("checksum");
        assertThatThrownBy(() -> SmartTable.parse(new byte[0], null, "/dev/sda")).isInstanceOf(ReadException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> SmartTable.parse(java.util.Arrays.copyOf(ok, 300), null, "/dev/sda")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> SmartTable.parse(ok, new byte[512 + 1], "/dev/sda")).hasMessageContaining("THRESHOLDS");
    }

    @Test
    void identifyOfQemusDisk() {
        // the identity smartctl showed for the lab's ide-piix disk: QEMU HARDDISK, LAB-IDE-0, 2.5+
        AtaIdentity id = AtaIdentify.parse(Dumps.identify("QEMU HARDDISK", "LAB-IDE-0", "2.5+", true, true, 1), "/dev/sda");
        assertThat(id.model()).isEqualTo("QEMU HARDDISK");
        assertThat(id.serial()).isEqualTo("LAB-IDE-0");
        assertThat(id.firmware()).isEqualTo("2.5+");
        assertThat(id.smartSupported()).contains(true);
        assertThat(id.smartEnabled()).contains(true);
        assertThat(id.rotationRate()).hasValue(1);
    }

    @Test
    void identifyValidityAndChecksum() {
        byte[] b = Dumps.identify("WDC WD40EFRX-68N32N0", "WD-WCC7K0000000", "82.00A82", true, false, 5400);
        Dumps.word(b, 87, 0); // words 85-87 not valid: nothing can be said about "enabled"
        AtaIdentity id = AtaIdentify.parse(b, "/dev/sdc");
        assertThat(id.model()).isEqualTo("WDC WD40EFRX-68N32N0");
        assertThat(id.smartEnabled()).isEmpty();
        assertThat(id.rotationRate()).hasValue(5400);
        Dumps.word(b, 255, 0xa5); // signature without a matching checksum byte
        assertThatThrownBy(() -> AtaIdentify.parse(b, "/dev/sdc")).isInstanceOf(ReadException.class).hasMessageContaining("checksum");
        b[511] = 0;
        int sum = 0;
        for (byte x : b) sum += x & 0xff;
        b[511] = (byte) -sum;
        assertThat(AtaIdentify.parse(b, "/dev/sdc").serial()).isEqualTo("WD-WCC7K0000000");
    }

    @Test
    void identifyGarbage() {
        assertThatThrownBy(() -> AtaIdentify.parse(new byte[512], "/dev/sda")).isInstanceOf(ReadException.class).hasMessageContaining("all zero");
        byte[] atapi = new byte[512];
        Dumps.word(atapi, 0, 0x8580);
        assertThatThrownBy(() -> AtaIdentify.parse(atapi, "/dev/sr0")).hasMessageContaining("not an ATA device");
        assertThatThrownBy(() -> AtaIdentify.parse(new byte[100], "/dev/sda")).hasMessageContaining("truncated");
    }

    /** libata's answer to SMART RETURN STATUS with CK_COND: descriptor sense, RECOVERED ERROR, ASC/ASCQ 00/1D. */
    static byte[] descriptorSense(int mid, int high) {
        return bytes(0x72, 0x01, 0x00, 0x1d, 0, 0, 0, 0x0e,
                0x09, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, mid, 0x00, high, 0xa0, 0x50);
    }

    @Test
    void returnStatusPassedAndFailed() {
        assertThat(AtaReturn.passed(descriptorSense(0x4f, 0xc2), "/dev/sda")).isTrue();
        assertThat(AtaReturn.passed(descriptorSense(0xf4, 0x2c), "/dev/sda")).isFalse();
        // fixed format (SAT-3 12.2.2.7): LBA 15:8 at byte 10, 23:16 at byte 11
        byte[] fixed = bytes(0x70, 0, 0x01, 0, 0, 0, 0, 0x0a, 0, 0, 0xf4, 0x2c, 0, 0x1d, 0, 0, 0, 0);
        assertThat(AtaReturn.passed(fixed, "/dev/sda")).isFalse();
    }

    @Test
    void returnStatusGarbage() {
        assertThatThrownBy(() -> AtaReturn.passed(descriptorSense(0, 0), "/dev/sda")).isInstanceOf(ReadException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> AtaReturn.passed(new byte[0], "/dev/sda")).isInstanceOf(ReadException.class);
        assertThatThrownBy(() -> AtaReturn.passed(bytes(0x72, 5, 0x24, 0, 0, 0, 0, 0), "/dev/sda")).hasMessageContaining("no ATA Status Return");
        assertThatThrownBy(() -> AtaReturn.passed(bytes(0x7f, 0, 0, 0, 0, 0, 0, 0), "/dev/sda")).hasMessageContaining("response code");
    }
}
