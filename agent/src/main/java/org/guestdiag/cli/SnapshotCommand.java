package org.guestdiag.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.guestdiag.host.Root;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Collector;
import org.guestdiag.run.Inventory;
import org.guestdiag.run.Outcome;
import org.guestdiag.snapshot.SnapshotArchive;
import org.guestdiag.snapshot.SnapshotRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code agent snapshot}: runs every reader through a recording root and archives exactly what they read,
 * so {@code agent diagnose --root <extracted>} on another machine gives the same report.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Capture the files the readers read into a tar.gz, to attach to a bug report or use as a test fixture.")
public final class SnapshotCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RootOptions rootOptions = new RootOptions();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.tar.gz", description = "Where to write the archive.")
    Path output;

    @Option(names = "--redact", description = "Replace serial numbers and UUIDs by stable stand-ins.")
    boolean redact;

    @Mixin ReadTimeoutOption timeout = new ReadTimeoutOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SnapshotRecorder rec = new SnapshotRecorder();
        Root root = rootOptions.toRoot().recordingTo(rec);
        Inventory inv;
        try (Collector c = new Collector()) {
            inv = c.collect(root, Sources.all(), timeout.get(), Inventory.empty());
        }
        StringBuilder meta = new StringBuilder("guestdiag snapshot\nversion: " + Version.version() + "\ntaken: " + Instant.now()
                + "\nredacted: " + redact + "\n");
        inv.outcomes().forEach((k, v) -> meta.append("source ").append(k).append(": ").append(status(v)).append('\n'));
        int entries;
        try (OutputStream os = Files.newOutputStream(output)) {
            entries = SnapshotArchive.write(rec, root, redact, meta.toString(), os);
        }
        out.println("wrote " + output + " (" + entries + " entries); read it with: agent diagnose --root <extracted dir>");
        out.flush();
        return 0;
    }

    private static String status(Outcome<?> o) {
        if (o instanceof Outcome.Failed<?> f) return "failed: " + f.reason();
        if (o instanceof Outcome.Stuck<?> s) return "stuck: " + s.reason();
        return "ok";
    }
}
