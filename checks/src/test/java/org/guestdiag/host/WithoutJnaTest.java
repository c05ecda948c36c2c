package org.guestdiag.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where JNA's native part cannot load (here: a child JVM told neither to unpack it nor to use a system
 * copy), Root falls back to java.nio: files still read, FIFOs and directories still refused, no error.
 */
class WithoutJnaTest {
    @TempDir Path dir;

    /** Run in the child JVM: prints what Root does on each path given. */
    public static void main(String[] args) {
        Root r = Root.of(Path.of(args[0]));
        System.out.println("libc " + (DescriptorRead.LIBC.isPresent() ? "loaded" : "absent"));
        for (String a : List.of(args).subList(1, args.length)) {
            try {
                System.out.println(a + " -> " + r.attribute(Path.of(a)).map(v -> "'" + v + "'").orElse("absent"));
            } catch (ReadException e) {
                System.out.println(a + " -> " + e.getMessage());
            }
        }
    }

    @Test
    void rootFallsBackToJavaNio() throws Exception {
        Path attr = Files.writeString(dir.resolve("rotational"), "1\n");
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo available");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Djna.nounpack=true", "-Djna.nosys=true", "-Djna.boot.library.path=/nonexistent",
                "-Djna.tmpdir=" + dir.resolve("jna-tmp"), "-cp", System.getProperty("java.class.path"), WithoutJnaTest.class.getName(),
                dir.toString(), attr.toString(), fifo.toString(), dir.toString(), dir.resolve("missing").toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as(out)
                .contains("libc absent")
                .contains(attr + " -> '1'")
                .contains(fifo + " -> /fifo: " + Root.NOT_REGULAR) // shown as the guest sees it, the root stripped
                .contains(dir + " -> /: is a directory")
                .contains(dir.resolve("missing") + " -> absent")
                .contains("JNA cannot load libc");
        assertThat(p.exitValue()).isZero();
    }
}
