package org.guestdiag.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces serial numbers and UUIDs for {@code snapshot --redact}. Replacements are derived from a hash of
 * the original, so the same UUID becomes the same fake one in paths, link targets and file contents
 * alike, and the snapshot still reads as one consistent machine.
 */
final class Redactor {
    private static final Pattern UUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** Files whose whole content identifies a disk or machine. */
    static final Set<String> SERIAL_FILES = Set.of("serial", "wwid", "product_serial", "product_uuid", "board_serial",
            "chassis_serial", "board_asset_tag", "chassis_asset_tag", "eui", "nguid", "uuid", "wwn");
    /** Binary identity pages dropped whole: the device identification VPD page is all identifiers. */
    static final Set<String> DROPPED = Set.of("vpd_pg83");

    private final boolean enabled;

    Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    boolean drops(String fileName) {
        return enabled && DROPPED.contains(fileName);
    }

    String text(String s) {
        if (!enabled) return s;
        Matcher m = UUID.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, fakeUuid(m.group().toLowerCase(java.util.Locale.ROOT)));
        m.appendTail(b);
        return b.toString();
    }

    byte[] content(String fileName, byte[] content) {
        if (!enabled) return content;
        String original = new String(content, StandardCharsets.ISO_8859_1);
        if (SERIAL_FILES.contains(fileName)) {
            return (original.isBlank() ? original : "REDACTED-" + hash(original.strip()).substring(0, 8) + "\n").getBytes(StandardCharsets.US_ASCII);
        }
        if (fileName.equals("vpd_pg80") && content.length >= 4) {
            // Unit Serial Number page: keep the 4-byte header shape, replace the serial
            byte[] serial = ("REDACTED-" + hash(original.substring(4)).substring(0, 8)).getBytes(StandardCharsets.US_ASCII);
            byte[] page = new byte[4 + serial.length];
            page[1] = (byte) 0x80;
            page[3] = (byte) serial.length;
            System.arraycopy(serial, 0, page, 4, serial.length);
            return page;
        }
        if (!UUID.matcher(original).find()) return content;
        return text(original).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String fakeUuid(String original) {
        String h = hash(original);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20, 32);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
