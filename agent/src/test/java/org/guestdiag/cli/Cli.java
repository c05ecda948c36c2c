package org.guestdiag.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the real command line in-process with captured writers. */
final class Cli {
    record Run(int exitCode, String out, String err) { }

    static final Path SNAPSHOTS = Path.of("../checks/src/test/snapshots").toAbsolutePath().normalize();

    static Path fixture(String name) {
        Path p = SNAPSHOTS.resolve(name);
        if (!Files.isDirectory(p)) throw new IllegalArgumentException("no fixture " + p);
        return p;
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AgentCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static java.util.List<String> fixtures() {
        try (var s = Files.list(SNAPSHOTS)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
