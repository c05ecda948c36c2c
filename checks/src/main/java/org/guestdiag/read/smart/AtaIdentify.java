package org.guestdiag.read.smart;

import java.util.Optional;
import java.util.OptionalInt;
import org.guestdiag.model.AtaIdentity;

/** IDENTIFY DEVICE data (ACS-3 7.12.7): 256 little-endian words. */
final class AtaIdentify {
    private AtaIdentify() { }

    static final int LENGTH = 512;

    static AtaIdentity parse(byte[] data, String where) {
        Buffer b = new Buffer(data, where).need(LENGTH);
        if (b.length() != LENGTH) throw b.error(b.length() + " bytes, IDENTIFY data is 512");
        // word 0 bit 15 set: not an ATA device (an ATAPI device answers IDENTIFY PACKET DEVICE instead)
        if ((word(b, 0) & 0x8000) != 0) throw b.error("word 0 bit 15 set: not an ATA device");
        // word 255: 0xA5 in the low byte announces a checksum in the high byte (ACS-3 7.12.7.98)
        if ((word(b, 255) & 0xff) == 0xa5 && b.sum() != 0) throw b.error("checksum of word 255 does not match");
        if (b.sum() == 0 && word(b, 0) == 0 && word(b, 27) == 0) throw b.error("all zero: no IDENTIFY data");
        Optional<Boolean> supported = validWord(b, 83) ? Optional.of((word(b, 82) & 1) != 0) : Optional.empty();
        Optional<Boolean> enabled = validWord(b, 87) ? Optional.of((word(b, 85) & 1) != 0) : Optional.empty();
        int rpm = word(b, 217);
        // word 217: 0 not reported, 1 non-rotating, 0401h-FFFEh rpm (ACS-3 table 45)
        OptionalInt rotation = rpm == 1 || (rpm >= 0x401 && rpm < 0xffff) ? OptionalInt.of(rpm) : OptionalInt.empty();
        return new AtaIdentity(b.ataString(54, 40), b.ataString(20, 20), b.ataString(46, 8), supported, enabled, rotation);
    }

    static int word(Buffer b, int w) {
        return b.u16le(2 * w);
    }

    /** Words 82-84 are valid when word 83 reads 01b in bits 15:14, words 85-87 when word 87 does. */
    private static boolean validWord(Buffer b, int w) {
        return (word(b, w) & 0xc000) == 0x4000;
    }
}
