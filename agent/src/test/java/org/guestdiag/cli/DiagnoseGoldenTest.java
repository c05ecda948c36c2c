package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.guestdiag.render.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code diagnose --format json} on every real guest capture, diffed against a committed golden file.
 * Volatile values (durations, times, the version) are removed first. Regenerate with
 * {@code mvn test -Dgolden.update=true} and review the diff like code.
 */
class DiagnoseGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/diagnose");

    static java.util.List<String> fixtures() {
        return Cli.fixtures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesGolden(String fixture) throws Exception {
        Cli.Run run = Cli.run("diagnose", "--root", Cli.fixture(fixture).toString(), "--format", "json");
        assertThat(run.err()).isEmpty();
        JsonNode tree = Json.MAPPER.readTree(run.out());
        assertThat(tree.get("exit_code").asInt()).isEqualTo(run.exitCode());
        stripVolatile(tree);
        String actual = Json.MAPPER.writeValueAsString(tree) + "\n";
        Path golden = GOLDEN.resolve(fixture + ".json");
        if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
            if (!Boolean.getBoolean("golden.update")) throw new AssertionError("golden file was missing, written: " + golden);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }

    /** Durations, timestamps and the build's version differ between runs, nothing else may. */
    static void stripVolatile(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("guestdiag");
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith("_seconds") || e.getKey().endsWith("_at")) it.remove();
                else stripVolatile(e.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(DiagnoseGoldenTest::stripVolatile);
        }
    }
}
