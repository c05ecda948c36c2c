package org.guestdiag.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.guestdiag.check.Check;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.host.Root;
import org.guestdiag.metrics.CheckMeters;
import org.guestdiag.metrics.Registry;
import org.guestdiag.render.JsonReport;
import org.guestdiag.render.JsonWriter;
import org.guestdiag.render.TextReport;
import org.guestdiag.render.Version;
import org.guestdiag.run.Collector;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code agent diagnose}: read the VM once, judge it, print a report; the exit code is the worst severity. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Read this VM (or a snapshot) once and report what is wrong, worst first.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:OK, nothing worse than info", "1:WARNING", "2:CRITICAL", "3:UNKNOWN: the agent failed or was used wrongly"})
public final class DiagnoseCommand implements Callable<Integer> {
    public enum Format { text, json, prometheus }
    public enum ColorMode { auto, always, never }

    @Spec CommandSpec spec;
    @Mixin RootOptions rootOptions = new RootOptions();
    @Mixin Selection selection = new Selection();
    @Mixin LogOptions logOptions = new LogOptions();

    @Option(names = "--format", defaultValue = "text",
            description = "text, json, or prometheus: the families of `serve`'s /metrics for node_exporter's textfile collector (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE, replaced atomically (temporary file + rename), instead of standard output.")
    Path output;

    /**
     * For the launcher's and the packages' class-data sharing archive: renders every format and prints
     * nothing, so that the archive holds the classes of text, JSON and Prometheus output alike.
     */
    @Option(names = "--cds-training", hidden = true)
    boolean cdsTraining;

    @Option(names = "--color", defaultValue = "auto", description = "auto (on a terminal), always or never.")
    ColorMode color;

    @Mixin ReadTimeoutOption timeout = new ReadTimeoutOption();

    /**
     * The sources as read; tests put a source that blocks in the kernel in place of one (no flag can:
     * the rooted reads refuse FIFOs and device nodes), to prove the run still ends within --timeout.
     */
    java.util.function.UnaryOperator<org.guestdiag.read.Source<?>> sources = java.util.function.UnaryOperator.identity();

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        PrintWriter out = spec.commandLine().getOut();
        List<Check> checks;
        try {
            checks = selection.checks();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("guestdiag diagnose: " + e.getMessage());
            return AgentCommand.UNKNOWN;
        }
        Root root = rootOptions.toRoot();
        Diagnosis d;
        int stuck;
        try (Collector collector = new Collector()) {
            Inventory inv = collector.collect(root, Selection.sourcesFor(checks).stream().map(sources).toList(), timeout.get(), Inventory.empty());
            d = Diagnosis.run(inv, checks);
            stuck = collector.stuck();
        }
        if (cdsTraining) {
            for (Format f : Format.values()) {
                format = f;
                render(d, stuck);
            }
            return 0;
        }
        String report = render(d, stuck);
        if (output == null) {
            out.print(report);
            out.flush();
        } else {
            try {
                AtomicFile.write(output, report.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                spec.commandLine().getErr().println("guestdiag diagnose: cannot write " + output + ": " + AtomicFile.describe(output, e));
                return AgentCommand.UNKNOWN;
            }
        }
        return d.exitCode();
    }

    private String render(Diagnosis d, int stuck) throws IOException {
        switch (format) {
            case json:
                return JsonWriter.toJson(JsonReport.diagnosis(d)) + "\n";
            case prometheus:
                // the server's registry and meters over this one diagnosis, so the families are those of /metrics
                Registry registry = new Registry(Version.version(), () -> ExposedSamples.of(d), false);
                CheckMeters.bind(registry.micrometer(), () -> stuck, () -> 1, () -> d, d.results().stream().map(r -> r.check()).toList());
                return new String(registry.scrape(Registry.TEXT_FORMAT).body(), StandardCharsets.UTF_8);
            default:
                // colour only when the report goes to a terminal, never into a file
                boolean tty = output == null && (color == ColorMode.always
                        || (color == ColorMode.auto && System.console() != null && System.getenv("NO_COLOR") == null));
                String target = rootOptions.root != null ? "snapshot " + rootOptions.root : "this machine";
                StringWriter text = new StringWriter();
                PrintWriter w = new PrintWriter(text);
                new TextReport(tty).write(d, target, w);
                w.flush();
                return text.toString();
        }
    }
}
