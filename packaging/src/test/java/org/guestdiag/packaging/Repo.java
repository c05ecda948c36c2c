package org.guestdiag.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Paths of the repository as the packaging module's tests see them, the golden scrapes, and external tools. */
final class Repo {
    static final Path PACKAGING = Path.of("").toAbsolutePath();
    static final Path ROOT = PACKAGING.getParent();
    /** Real /metrics scrapes of the fixture guests, kept by agent's GoldenMetricsTest. */
    static final Path GOLDEN = ROOT.resolve("agent/src/test/resources/golden");
    private static final Pattern GUESTDIAG_NAME = Pattern.compile("\\bguestdiag_[a-zA-Z0-9_]*");

    private Repo() { }

    /** Every metric family name in the golden scrapes (TYPE lines; counters as exposed, with _total). */
    static Set<String> goldenFamilies() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(GOLDEN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".prom")).toList()) {
                Files.readAllLines(f).stream().filter(l -> l.startsWith("# TYPE ")).forEach(l -> names.add(l.split(" ")[2]));
            }
        }
        assertThat(names).as("golden scrapes in %s", GOLDEN).isNotEmpty();
        return names;
    }

    /** The guestdiag_* metric names a PromQL expression uses; label names and values never start with that prefix. */
    static Set<String> metricNames(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = GUESTDIAG_NAME.matcher(expr);
        while (m.find()) out.add(m.group());
        return out;
    }

    record Result(int exit, String output) { }

    /** Runs a tool, skipping the test (with the Debian package to install) when it is absent. */
    static Result run(String debianPackage, String... cmd) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(cmd[0])), cmd[0] + " not installed (Debian package " + debianPackage + ")");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", String.join(" ", cmd)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
