package org.guestdiag.read.smart;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Vital product data pages (SPC-4 7.8; SAT-3 12.4.2): byte 1 the page code, bytes 2-3 the page length. */
public final class Vpd {
    private Vpd() { }

    /** One designator of the Device Identification page (SPC-4 7.8.6.1). */
    record Designator(int type, int association, boolean text, String value) {
        /** SPC-4 table 459: 0 vendor specific, 1 T10 vendor id, 2 EUI-64, 3 NAA, 8 SCSI name string. */
        static final int VENDOR = 0, T10 = 1, EUI64 = 2, NAA = 3, SCSI_NAME = 8;
    }

    /** What the ATA Information page says: the translation layer and the IDENTIFY data it read. */
    record AtaInformation(String satVendor, String satProduct, String satRevision, Optional<byte[]> identify) { }

    /** The page's payload (from byte 4), after checking its code and length. */
    private static Buffer page(byte[] data, int code, String where) {
        Buffer b = new Buffer(data, where).need(4);
        if (b.u8(1) != code) throw b.error(String.format("page code 0x%02x, expected 0x%02x", b.u8(1), code));
        int len = b.u16be(2);
        return new Buffer(b.slice(4, Math.min(len, b.length() - 4)), where);
    }

    /** Page 0x00, Supported VPD Pages (SPC-4 7.8.15). */
    static List<Integer> supported(byte[] data, String where) {
        Buffer p = page(data, 0x00, where);
        List<Integer> pages = new ArrayList<>();
        for (int i = 0; i < p.length(); i++) pages.add(p.u8(i));
        return pages;
    }

    /** Page 0x80, Unit Serial Number (SPC-4 7.8.16), as sysfs' vpd_pg80 also holds it; empty when blank. */
    public static Optional<String> unitSerial(byte[] data, String where) {
        Buffer p = page(data, 0x80, where);
        String s = p.ascii(0, p.length());
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Page 0x83, Device Identification: every designation descriptor (SPC-4 7.8.6.1 table 456). */
    static List<Designator> identification(byte[] data, String where) {
        Buffer p = page(data, 0x83, where);
        List<Designator> out = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            int codeSet = p.u8(i) & 0x0f;
            int association = (p.u8(i + 1) >> 4) & 0x03;
            int type = p.u8(i + 1) & 0x0f;
            int len = p.u8(i + 3);
            byte[] value = p.slice(i + 4, len);
            // code set 2 ASCII, 3 UTF-8 (SPC-4 table 457); binary designators (NAA, EUI-64) are shown in hex
            boolean text = codeSet == 2 || codeSet == 3;
            String v = text ? new Buffer(value, where).ascii(0, len) : HexFormat.of().formatHex(value);
            out.add(new Designator(type, association, text, v));
            i += 4 + len;
        }
        return out;
    }

    /**
     * The logical unit's vendor-specific text designator of page 0x83: QEMU's scsi-hd and scsi-cd put their
     * {@code device_id} there, which is the drive's serial when one is set and otherwise the drive's id
     * (hw/scsi/scsi-disk.c); Proxmox VE 9 sets {@code device_id=drive-scsiN} itself. Empty when there is none.
     */
    public static Optional<String> vendorSpecificId(byte[] data, String where) {
        return identification(data, where).stream()
                .filter(d -> d.type() == Designator.VENDOR && d.association() == 0 && d.text() && !d.value().isEmpty())
                .map(Designator::value).findFirst();
    }

    /**
     * Page 0x89, ATA Information (SAT-3 12.4.2 table 166): bytes 8-35 the SAT layer's vendor, product and
     * revision, byte 56 the command that filled bytes 60-571 (0xEC IDENTIFY DEVICE, 0xA1 IDENTIFY PACKET).
     */
    static AtaInformation ataInformation(byte[] data, String where) {
        Buffer b = new Buffer(data, where);
        page(data, 0x89, where);
        b.need(36);
        Optional<byte[]> identify = b.length() >= 572 && b.u8(56) == 0xec ? Optional.of(b.slice(60, 512)) : Optional.empty();
        return new AtaInformation(b.ascii(8, 8), b.ascii(16, 16), b.ascii(32, 4), identify);
    }
}
