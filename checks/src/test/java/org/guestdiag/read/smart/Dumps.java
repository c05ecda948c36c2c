package org.guestdiag.read.smart;

import java.nio.charset.StandardCharsets;

/** Builds device answers byte by byte in the layouts of the specs, for parser and reader tests. */
final class Dumps {
    private Dumps() { }

    /** One attribute row: id, flags, current, worst, threshold, raw, as smartctl -A prints it. */
    record Row(int id, int flags, int current, int worst, int threshold, long raw) { }

    /** SMART READ DATA: revision 1, 12-byte entries from byte 2, checksum in byte 511. */
    static byte[] smartData(Row... rows) {
        byte[] b = new byte[512];
        b[0] = 1;
        for (int i = 0; i < rows.length; i++) {
            int at = 2 + 12 * i;
            Row r = rows[i];
            b[at] = (byte) r.id();
            b[at + 1] = (byte) r.flags();
            b[at + 2] = (byte) (r.flags() >> 8);
            b[at + 3] = (byte) r.current();
            b[at + 4] = (byte) r.worst();
            for (int k = 0; k < 6; k++) b[at + 5 + k] = (byte) (r.raw() >> (8 * k));
        }
        return checksummed(b);
    }

    /** SMART READ THRESHOLDS: id and threshold per 12-byte entry. */
    static byte[] smartThresholds(Row... rows) {
        byte[] b = new byte[512];
        b[0] = 1;
        for (int i = 0; i < rows.length; i++) {
            b[2 + 12 * i] = (byte) rows[i].id();
            b[3 + 12 * i] = (byte) rows[i].threshold();
        }
        return checksummed(b);
    }

    static byte[] checksummed(byte[] b) {
        int sum = 0;
        for (int i = 0; i < 511; i++) sum += b[i] & 0xff;
        b[511] = (byte) (-sum);
        return b;
    }

    /** IDENTIFY DEVICE with the strings in ATA byte order and SMART supported/enabled as given. */
    static byte[] identify(String model, String serial, String firmware, boolean smartSupported, boolean smartEnabled, int rotation) {
        byte[] b = new byte[512];
        ataString(b, 10, 20, serial);
        ataString(b, 23, 8, firmware);
        ataString(b, 27, 40, model);
        word(b, 82, smartSupported ? 0x0001 : 0);
        word(b, 83, 0x4000);
        word(b, 85, smartEnabled ? 0x0001 : 0);
        word(b, 87, 0x4000);
        word(b, 217, rotation);
        return b;
    }

    static void word(byte[] b, int w, int v) {
        b[2 * w] = (byte) v;
        b[2 * w + 1] = (byte) (v >> 8);
    }

    private static void ataString(byte[] b, int word, int len, String s) {
        byte[] padded = String.format("%-" + len + "s", s).getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < len; k += 2) {
            b[2 * word + k] = padded[k + 1];
            b[2 * word + k + 1] = padded[k];
        }
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }
}
