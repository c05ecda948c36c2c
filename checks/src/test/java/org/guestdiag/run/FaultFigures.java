package org.guestdiag.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fault a test injected and what the agent did, as a line of the reliability report (agent/target/reliability-report.md). */
final class FaultFigures {
    private FaultFigures() { }

    static void record(String name, String line) {
        try {
            Path dir = Files.createDirectories(Path.of("target/reliability"));
            Files.writeString(dir.resolve("30-fault-" + name + ".md"), "## Fault: " + name + "\n\n" + line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("fault " + name + ": " + line);
    }
}
