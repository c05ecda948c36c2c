package org.guestdiag.read.smart;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.guestdiag.host.ReadException;

/**
 * A device answer being parsed, with bounds checks that name the device and the page: a short or
 * malformed answer is a {@link ReadException}, never an index error.
 */
final class Buffer {
    private final byte[] b;
    private final String where;

    Buffer(byte[] b, String where) {
        this.b = b == null ? new byte[0] : b;
        this.where = where;
    }

    int length() { return b.length; }

    ReadException error(String reason) {
        return new ReadException(where, reason);
    }

    Buffer need(int n) {
        if (b.length < n) throw error(b.length == 0 ? "empty answer" : "truncated: " + b.length + " bytes, need " + n);
        return this;
    }

    int u8(int i) {
        need(i + 1);
        return b[i] & 0xff;
    }

    int u16be(int i) { return (u8(i) << 8) | u8(i + 1); }

    int u16le(int i) { return u8(i) | (u8(i + 1) << 8); }

    /** An unsigned little-endian integer of {@code n} bytes (n <= 7). */
    long uleLong(int i, int n) {
        need(i + n);
        long v = 0;
        for (int k = n - 1; k >= 0; k--) v = (v << 8) | (b[i + k] & 0xff);
        return v;
    }

    /** An unsigned big-endian integer of {@code n} bytes (n <= 8, as SCSI log counters are). */
    long ubeLong(int i, int n) {
        need(i + n);
        long v = 0;
        for (int k = 0; k < n; k++) v = (v << 8) | (b[i + k] & 0xff);
        return v;
    }

    /** An unsigned 128-bit little-endian counter (NVMe health log). */
    BigInteger u128le(int i) {
        need(i + 16);
        byte[] be = new byte[17]; // leading zero keeps it positive
        for (int k = 0; k < 16; k++) be[16 - k] = b[i + k];
        return new BigInteger(be);
    }

    /** Printable ASCII of a fixed field, trimmed (SCSI INQUIRY strings, SPC-4 4.3.1). */
    String ascii(int from, int len) {
        need(from + len);
        return clean(new String(b, from, len, StandardCharsets.US_ASCII));
    }

    /** An ATA string: each 16-bit word holds two characters, the first in the high byte (ACS-3 3.3.10). */
    String ataString(int from, int len) {
        need(from + len);
        byte[] s = new byte[len];
        for (int k = 0; k + 1 < len; k += 2) {
            s[k] = b[from + k + 1];
            s[k + 1] = b[from + k];
        }
        return clean(new String(s, StandardCharsets.US_ASCII));
    }

    byte[] slice(int from, int len) {
        need(from + len);
        return java.util.Arrays.copyOfRange(b, from, from + len);
    }

    /** The sum of all bytes modulo 256: zero for a valid ATA data structure with a checksum in its last byte. */
    int sum() {
        int s = 0;
        for (byte x : b) s += x & 0xff;
        return s & 0xff;
    }

    private static String clean(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "").strip();
    }
}
