package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.Fixtures;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;
import org.junit.jupiter.api.Test;

class KernelLogReaderTest {
    @Test
    void kmsgRecordsWithContinuationLines() {
        KernelLog log = KernelLogReader.parse("""
                5,0,0,-;Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)
                6,1,0,-;Hypervisor detected: KVM
                3,402,10127552,-;BTRFS error (device vda): bdev /dev/vda errs: wr 1, rd 0, flush 0, corrupt 0, gen 0
                 SUBSYSTEM=block
                 DEVICE=b254:0
                """, "/dev/kmsg");
        assertThat(log.records()).hasSize(3);
        assertThat(log.fromBoot()).isTrue();
        assertThat(log.records().get(2).priority()).hasValue(3);
        assertThat(log.records().get(2).seconds()).isEqualTo(10.127552);
        assertThat(log.records().get(2).message()).startsWith("BTRFS error (device vda)");
    }

    @Test
    void dmesgLinesAsCapturedByTheLab() {
        KernelLog log = KernelLogReader.parse("[    0.000000] Linux version 6.1\n[   10.186046] BTRFS info (device vda: state EA): forced readonly\n", "f");
        assertThat(log.records()).extracting(r -> r.message()).containsExactly("Linux version 6.1", "BTRFS info (device vda: state EA): forced readonly");
        assertThat(log.records().get(1).priority()).isEmpty();
    }

    /** The hand parser answers exactly where the record pattern matches, and with the same record. */
    @Test
    void theHandParserAgreesWithTheRecordPattern() {
        java.util.Random random = new java.util.Random(7);
        agrees(KernelLogReader.KMSG, KernelLogReader::kmsgRecord, m -> {
            long usec;
            try {
                usec = Long.parseLong(m.group(3));
            } catch (NumberFormatException e) {
                usec = Long.MAX_VALUE;
            }
            return new LogRecord(OptionalInt.of(Integer.parseInt(m.group(1)) & 7), usec / 1e6, KernelLogReader.unescape(m.group(4)));
        }, () -> {
            StringBuilder line = new StringBuilder();
            if (random.nextInt(10) < 8) { // most lines shaped like records, with groups of any length
                line.append(digits(random, random.nextInt(6))).append(',').append(digits(random, random.nextInt(23)))
                        .append(',').append(digits(random, random.nextInt(23))).append(',');
                if (random.nextBoolean()) line.append(random.nextBoolean() ? "-" : "c,x");
                if (random.nextInt(10) > 0) line.append(';');
            }
            return tail(random, line, "0123456789,;-\\x\r\u0085\u2028 aZ\u0663", 12); // \u0663: a digit to Unicode, not to \\d
        });
    }

    /** The same for dmesg's lines. */
    @Test
    void theHandParserAgreesWithTheDmesgPattern() {
        java.util.Random random = new java.util.Random(11);
        agrees(KernelLogReader.DMESG, KernelLogReader::dmesgRecord,
                m -> new LogRecord(OptionalInt.empty(), Double.parseDouble(m.group(1)), m.group(2)), () -> {
                    StringBuilder line = new StringBuilder();
                    if (random.nextInt(10) < 8) {
                        if (random.nextInt(20) > 0) line.append('[');
                        int spaces = random.nextInt(5);
                        for (int k = 0; k < spaces; k++) line.append(random.nextInt(6) == 0 ? '\t' : ' ');
                        line.append(digits(random, random.nextInt(14)));
                        if (random.nextInt(20) > 0) line.append('.');
                        line.append(digits(random, random.nextInt(11)));
                        if (random.nextInt(20) > 0) line.append(']');
                    }
                    return tail(random, line, "0123456789.[] \t\r\u000B\u0085\u2029aZ\u0663", 10);
                });
    }

    /** Over 200,000 lines: {@code parser} answers where {@code pattern} matches the whole line, with the record made from the match. */
    private static void agrees(Pattern pattern, Function<String, LogRecord> parser, Function<Matcher, LogRecord> fromMatch, Supplier<String> lines) {
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = lines.get();
            Matcher m = pattern.matcher(text);
            LogRecord fast = parser.apply(text);
            if (!m.matches()) {
                assertThat(fast).as("no record in %s", text).isNull();
                continue;
            }
            matched++;
            assertThat(fast).as(text).isEqualTo(fromMatch.apply(m));
        }
        assertThat(matched).as("lines that are records").isGreaterThan(10_000);
    }

    /** {@code line} and up to {@code max - 1} characters of {@code alphabet}. */
    private static String tail(java.util.Random random, StringBuilder line, String alphabet, int max) {
        int n = random.nextInt(max);
        for (int k = 0; k < n; k++) line.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return line.toString();
    }

    private static String digits(java.util.Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append((char) ('0' + random.nextInt(10)));
        return b.toString();
    }

    @Test
    void escapedBytes() {
        assertThat(KernelLogReader.parse("6,1,5,-;a\\x09b\n", "f").records().get(0).message()).isEqualTo("a\tb");
    }

    @Test
    void emptyIsAnEmptyLogNotFromBoot() {
        KernelLog log = KernelLogReader.parse("", "f");
        assertThat(log.records()).isEmpty();
        assertThat(log.fromBoot()).isFalse();
    }

    @Test
    void logThatLostItsStartIsNotFromBoot() {
        assertThat(KernelLogReader.parse("6,900,5000000,-;eth0: link up\n", "f").fromBoot()).isFalse();
    }

    @Test
    void garbage() {
        assertThatThrownBy(() -> KernelLogReader.parse("\u0000\u0001\u0002 not a log\n", "/dev/kmsg"))
                .isInstanceOf(ReadException.class).hasMessageContaining("/dev/kmsg: line 1");
    }

    @Test
    void fixtureLogStartsAtBoot() {
        KernelLog log = Fixtures.read("btrfs-blkdebug-eio", Sources.KERNEL_LOG);
        assertThat(log.fromBoot()).isTrue();
        assertThat(log.records()).anyMatch(r -> r.message().contains("forced readonly"));
    }

    /** A snapshot's log is parsed again only when its text changed: the same text gives the very same log. */
    @Test
    void anUnchangedFileIsNotParsedAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("dev"));
        java.nio.file.Path kmsg = tmp.resolve("dev/kmsg");
        java.nio.file.Files.writeString(kmsg, "6,1,0,-;first\n");
        org.guestdiag.host.Root root = org.guestdiag.host.Root.of(tmp);
        KernelLogReader reader = new KernelLogReader();
        KernelLog a = reader.read(root, new Problems());
        assertThat(reader.read(root, new Problems())).isSameAs(a);
        java.nio.file.Files.writeString(kmsg, "6,1,0,-;first\n6,2,5,-;second\n");
        assertThat(reader.read(root, new Problems()).records()).extracting(LogRecord::message).containsExactly("first", "second");
    }
}
