package org.guestdiag.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.guestdiag.host.Root;
import org.guestdiag.read.Sources;
import org.guestdiag.render.Version;
import org.guestdiag.run.Collector;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
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
    @Mixin LogOptions logOptions = new LogOptions();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.tar.gz", description = "Where to write the archive.")
    Path output;

    @Option(names = "--redact", description = "Before sharing: replace serial numbers, UUIDs, MAC and IP addresses, host names and network mounts' servers "
                    + "and users by stable stand-ins, and drop the kernel command line (it can hold keys and credentials).")
    boolean redact;

    @Mixin ReadTimeoutOption timeout = new ReadTimeoutOption();

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        PrintWriter out = spec.commandLine().getOut();
        SnapshotRecorder rec = new SnapshotRecorder();
        Root plain = rootOptions.toRoot();
        Root root = plain.recordingTo(rec);
        Inventory inv;
        try (Collector c = new Collector()) {
            inv = c.collect(root, Sources.all(), timeout.get(), Inventory.empty());
        }
        StringBuilder meta = new StringBuilder("guestdiag snapshot\nversion: " + Version.version() + "\ntaken: " + Instant.now()
                + "\nredacted: " + redact + "\n");
        inv.outcomes().forEach((k, v) -> meta.append("source ").append(k).append(": ").append(status(v)).append('\n'));
        int entries;
        try (OutputStream os = Files.newOutputStream(output)) {
            entries = SnapshotArchive.write(rec, root, redact, redact ? hostNames(plain) : java.util.List.of(), meta.toString(), os);
        }
        out.println("wrote " + output + " (" + entries + " entries); read it with: guestdiag diagnose --root <extracted dir>");
        out.flush();
        return 0;
    }

    /**
     * The machine's names, to redact wherever they appear; read outside the recording, so that they are
     * not themselves archived.
     */
    private static java.util.List<String> hostNames(Root root) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (java.nio.file.Path p : java.util.List.of(root.proc("sys/kernel/hostname"), root.file("etc/hostname"))) {
            try {
                root.attribute(p).ifPresent(names::add);
            } catch (RuntimeException e) {
                // unreadable: the names the log states are still learnt from it
            }
        }
        return names;
    }

    private static String status(Outcome<?> o) {
        if (o instanceof Outcome.Failed<?> f) return "failed: " + f.reason();
        if (o instanceof Outcome.Stuck<?> s) return "stuck: " + s.reason();
        return "ok";
    }
}
