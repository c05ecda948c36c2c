package org.guestdiag.read.smart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.guestdiag.model.SmartAttribute;

/**
 * The 512-byte SMART READ DATA and READ THRESHOLDS structures (ATA/ATAPI-8 and ACS-3 7.44.3; the vendor
 * attribute layout smartmontools reads as {@code struct ata_smart_attribute}): bytes 0-1 a revision, then
 * 30 entries of 12 bytes from byte 2, and a checksum in byte 511 that makes all bytes sum to zero.
 */
final class SmartTable {
    private SmartTable() { }

    static final int LENGTH = 512;
    private static final int ENTRIES = 30;
    private static final int ENTRY = 12;

    /**
     * The attributes with their thresholds. A structure that fails its checksum is refused rather than
     * judged: a disk's health is not read from bytes that do not verify.
     */
    static List<SmartAttribute> parse(byte[] values, byte[] thresholds, String where) {
        Buffer v = checked(values, where + " (SMART READ DATA)");
        Map<Integer, Integer> limits = new HashMap<>();
        if (thresholds != null) {
            Buffer t = checked(thresholds, where + " (SMART READ THRESHOLDS)");
            for (int i = 0; i < ENTRIES; i++) {
                int at = 2 + i * ENTRY;
                if (t.u8(at) != 0) limits.put(t.u8(at), t.u8(at + 1));
            }
        }
        List<SmartAttribute> out = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            int at = 2 + i * ENTRY;
            int id = v.u8(at);
            if (id == 0) continue; // an unused slot
            Integer limit = limits.get(id);
            // entry: id, flags (2 bytes LE), current, worst, raw (6 bytes LE), reserved
            out.add(new SmartAttribute(id, v.u16le(at + 1), v.u8(at + 3), v.u8(at + 4),
                    limit == null ? OptionalInt.empty() : OptionalInt.of(limit), v.uleLong(at + 5, 6)));
        }
        return out;
    }

    private static Buffer checked(byte[] data, String where) {
        Buffer b = new Buffer(data, where).need(LENGTH);
        if (b.length() != LENGTH) throw b.error(b.length() + " bytes, the structure is 512");
        if (b.sum() != 0) throw b.error(String.format("checksum fails (byte sum 0x%02x, must be 0)", b.sum()));
        return b;
    }
}
