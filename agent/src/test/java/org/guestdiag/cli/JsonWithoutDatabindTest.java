package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.guestdiag.render.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diagnose --format json} in a fresh JVM loads no jackson-databind class: databind's bootstrap was
 * what kept a cold JSON diagnose above 0.6 s. The JVM's own class-loading log is the witness, so a new
 * path into databind (a helper, a static initializer, a library) fails here whoever adds it.
 */
class JsonWithoutDatabindTest {
    @Test
    void aJsonDiagnoseLoadsNoDatabindClass(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("classes.log");
        Path out = tmp.resolve("out.json");
        Path err = tmp.resolve("err.txt");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-Xlog:class+load=info:file=" + log, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), AgentCommand.class.getName(),
                "diagnose", "--root", Cli.fixture("virtio-scsi-single").toString(), "--format", "json");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("diagnose finished").isTrue();
        assertThat(Files.readString(err)).isEmpty();
        assertThat(p.exitValue()).isBetween(0, 2);
        // the JSON itself is whole; reading it here, in the test's JVM, may use databind
        assertThat(Json.MAPPER.readTree(Files.readString(out, StandardCharsets.UTF_8)).get("exit_code").asInt()).isEqualTo(p.exitValue());

        List<String> loaded = Files.readAllLines(log);
        // the log is the real one: it saw the writer and the generator it uses
        assertThat(loaded).anyMatch(l -> l.contains("org.guestdiag.render.JsonWriter "))
                .anyMatch(l -> l.contains("com.fasterxml.jackson.core.JsonGenerator "));
        assertThat(loaded).noneMatch(l -> l.contains("com.fasterxml.jackson.databind."));
    }
}
