package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.model.CryptoDriver;
import org.junit.jupiter.api.Test;

class CryptoReaderTest {
    private static final String ENTRY = """
            name         : crc32c
            driver       : crc32c-intel
            module       : crc32c_intel
            priority     : 200
            refcnt       : 1
            selftest     : passed
            internal     : no
            type         : shash
            """;

    @Test
    void empty() {
        assertThat(CryptoReader.parse("")).isEmpty();
        assertThat(CryptoReader.parse("\n\n")).isEmpty();
    }

    @Test
    void oneEntryIsRead() {
        // the file ends with the entry's lines and a newline, no blank line after: split dropped it
        assertThat(CryptoReader.parse(ENTRY)).singleElement().satisfies(d -> {
            assertThat(d.driver()).isEqualTo("crc32c-intel");
            assertThat(d.priority()).hasValue(200);
        });
        assertThat(CryptoReader.parse(ENTRY.strip())).hasSize(1);
        assertThat(CryptoReader.parse(ENTRY + "\n")).hasSize(1);
    }

    @Test
    void theLastEntryIsRead() {
        List<CryptoDriver> drivers = CryptoReader.parse(ENTRY + "\n" + ENTRY.replace("crc32c-intel", "crc32c-generic").replace("200", "100"));
        assertThat(drivers).extracting(CryptoDriver::driver).containsExactly("crc32c-intel", "crc32c-generic");
    }

    @Test
    void truncatedEntryWithoutDriverIsLeftOut() {
        assertThat(CryptoReader.parse(ENTRY + "\nname : aes\n")).hasSize(1);
    }

    /** Every entry of every captured /proc/crypto, and of this machine's: as many drivers as "driver" lines. */
    @Test
    void everyEntryOfRealFiles() throws Exception {
        for (String fixture : Fixtures.all()) {
            Path f = Fixtures.path(fixture).resolve("proc/crypto");
            if (Files.isRegularFile(f)) assertThat(CryptoReader.parse(Files.readString(f))).as(fixture).hasSize(drivers(Files.readString(f)));
        }
        Path live = Path.of("/proc/crypto");
        if (Files.isReadable(live)) {
            String text = Files.readString(live);
            assertThat(CryptoReader.parse(text)).as("/proc/crypto of this machine").hasSize(drivers(text));
        }
    }

    private static int drivers(String text) {
        return (int) text.lines().filter(l -> l.startsWith("driver")).count();
    }
}
