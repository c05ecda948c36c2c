package org.guestdiag.check;

import java.util.Locale;

/** Small formatting helpers for findings. */
public final class Text {
    private Text() { }

    /** Bytes in binary units as people read them: 512 B, 4 KiB, 1.5 GiB. */
    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    public static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /**
     * The string with every control character (C0, DEL, C1) written as {@code \xNN}: kernel strings are
     * firmware's bytes (a DMI product_version holding 0x1C, an ESC in a disk model), and an ESC that reaches
     * a terminal is a command to it, a newline in a label value a broken line. Printable text is unchanged.
     */
    public static String visible(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) i++;
        if (i == s.length()) return s;
        StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (control(c)) b.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    private static boolean control(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }
}
