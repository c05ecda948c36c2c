package org.guestdiag.read.smart;

import org.guestdiag.model.NvmeHealth;

/** The SMART / Health Information log page, 512 bytes (NVMe base spec 1.4 5.14.1.2, figure 194). */
final class NvmeHealthLog {
    private NvmeHealthLog() { }

    static final int LENGTH = 512;

    static NvmeHealth parse(byte[] data, String where) {
        Buffer b = new Buffer(data, where).need(LENGTH);
        if (b.length() != LENGTH) throw b.error(b.length() + " bytes, the log page is 512");
        int warning = b.u8(0);
        // bits 7:6 of the critical warning are reserved; set ones mean the bytes are not a health log
        if ((warning & 0xc0) != 0) throw b.error(String.format("reserved critical warning bits set (0x%02x)", warning));
        int spare = b.u8(3);
        int spareThreshold = b.u8(4);
        // available spare and its threshold are percentages, 0..100
        if (spare > 100 || spareThreshold > 100) throw b.error("available spare " + spare + "% / threshold " + spareThreshold + "% out of range");
        return new NvmeHealth(warning, b.u16le(1), spare, spareThreshold, b.u8(5),
                b.u128le(128), b.u128le(160), b.u128le(144));
    }
}
