package org.guestdiag.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directly bound calls do what the interface-mapped ones do, errors included. */
class DirectLibCTest {
    private static final LibC MAPPED = Native.load("c", LibC.class);
    private static final LibC DIRECT = new DirectLibC(MAPPED);

    @TempDir Path tmp;

    private static String readAll(LibC c, Path p) {
        int fd = c.open(p.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        try {
            byte[] buf = new byte[64];
            StringBuilder out = new StringBuilder();
            for (long n; (n = c.read(fd, buf, buf.length)) > 0; ) out.append(new String(buf, 0, (int) n, StandardCharsets.US_ASCII));
            c.lseek(fd, 0, LibC.SEEK_SET);
            Memory again = new Memory(16);
            long n = c.read(fd, again, 16);
            assertThat(again.getString(0, "US-ASCII").substring(0, (int) n)).isEqualTo(out.substring(0, (int) n));
            return out.toString();
        } finally {
            c.close(fd);
        }
    }

    @Test
    void readsAsTheMappedCallsDo() throws Exception {
        Path f = tmp.resolve("attr");
        Files.writeString(f, "a sysfs attribute of more than one buffer's worth: " + "x".repeat(200) + "\n");
        assertThat(readAll(DIRECT, f)).isEqualTo(readAll(MAPPED, f)).isEqualTo(Files.readString(f));
    }

    @Test
    void failsWithTheSameErrno() {
        String missing = tmp.resolve("missing").toString();
        assertThatThrownBy(() -> DIRECT.open(missing, LibC.O_RDONLY)).isInstanceOf(LastErrorException.class)
                .extracting(e -> ((LastErrorException) e).getErrorCode()).isEqualTo(2);
        assertThatThrownBy(() -> DIRECT.close(-1)).isInstanceOf(LastErrorException.class)
                .extracting(e -> ((LastErrorException) e).getErrorCode()).isEqualTo(9);
        assertThat(DIRECT.strerror(2)).isEqualTo(MAPPED.strerror(2));
    }
}
