package org.guestdiag.read.smart;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A LOG SENSE page (SPC-4 7.3.1): byte 0 the page code (bits 5:0), bytes 2-3 the page length, then log
 * parameters of a 2-byte code, a control byte and a length byte each.
 */
record LogPage(int code, List<Parameter> parameters) {
    record Parameter(int code, byte[] value) { }

    static LogPage parse(byte[] data, int expected, String where) {
        Buffer b = new Buffer(data, where).need(4);
        int code = b.u8(0) & 0x3f;
        if (code != expected) throw b.error(String.format("page code 0x%02x, expected 0x%02x", code, expected));
        int end = 4 + b.u16be(2);
        b.need(end);
        List<Parameter> ps = new ArrayList<>();
        for (int i = 4; i < end; ) {
            b.need(i + 4);
            int len = b.u8(i + 3);
            ps.add(new Parameter(b.u16be(i), b.slice(i + 4, len)));
            i += 4 + len;
        }
        return new LogPage(code, ps);
    }

    Optional<Parameter> parameter(int code) {
        return parameters.stream().filter(p -> p.code() == code).findFirst();
    }

    /** Page 0x00, Supported Log Pages (SPC-4 7.3.18): the page codes follow the header, one byte each. */
    static List<Integer> supported(byte[] data, String where) {
        Buffer b = new Buffer(data, where).need(4);
        if ((b.u8(0) & 0x3f) != 0) throw b.error("not the supported pages page");
        int end = Math.min(b.length(), 4 + b.u16be(2));
        List<Integer> pages = new ArrayList<>();
        for (int i = 4; i < end; i++) pages.add(b.u8(i) & 0x3f);
        return pages;
    }

    /** Page 0x0d, Temperature (SPC-4 7.3.21): parameter 0000h, byte 1 of its value in °C, 0xff when unknown. */
    static OptionalInt temperature(LogPage p, String where) {
        return p.parameter(0x0000).map(x -> new Buffer(x.value(), where).need(2).u8(1))
                .filter(t -> t != 0xff).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /**
     * Page 0x2f, Informational Exceptions (SPC-4 7.3.8): parameter 0000h holds the ASC/ASCQ of the latest
     * failure prediction, 0/0 when there is none (0x5d/xx: failure prediction threshold exceeded).
     */
    static Optional<String> failurePrediction(LogPage p, String where) {
        Buffer v = new Buffer(p.parameter(0x0000).orElseThrow(() -> new Buffer(new byte[0], where).error("no parameter 0000h")).value(), where).need(2);
        if (v.u8(0) == 0 && v.u8(1) == 0) return Optional.empty();
        return Optional.of(String.format("%02x/%02x", v.u8(0), v.u8(1)));
    }

    /** Error counter pages 0x02/0x03/0x05 (SPC-4 7.3.4): parameter 0006h, total uncorrected errors. */
    static OptionalLong uncorrected(LogPage p, String where) {
        return p.parameter(0x0006).map(x -> {
            Buffer v = new Buffer(x.value(), where);
            if (v.length() == 0 || v.length() > 8) throw v.error("counter of " + v.length() + " bytes");
            long n = v.ubeLong(0, v.length());
            // an 8-byte counter with its top bit set does not fit a long: read as is it turned negative and
            // hid the errors (found by the SmartFuzzTest run, input kept as crash-8a1e8e5f…); no disk counts 2^63 errors
            if (n < 0) throw v.error(String.format("counter 0x%016x is beyond any real count", n));
            return OptionalLong.of(n);
        }).orElse(OptionalLong.empty());
    }
}
