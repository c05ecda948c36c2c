package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.guestdiag.host.Root;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;
import org.guestdiag.reliability.ChildAgent;
import org.guestdiag.reliability.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A device that never answers, under `agent diagnose`: the disks source first opens a FIFO nobody writes
 * (open(2) blocks in the kernel and ignores Thread.interrupt(), as a read of a hung virtio disk does).
 * The run must end within --timeout plus the time the rest takes, name the stuck check, and still judge
 * everything else.
 */
class DiagnoseHangTest {
    @TempDir Path tmp;

    @Test
    void aHungDeviceIsNamedStuckAndDiagnoseEndsWithinItsBound() throws Exception {
        Path fifo = tmp.resolve("hung-device");
        ChildAgent.exec("mkfifo", fifo.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AgentCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        DiagnoseCommand diagnose = (DiagnoseCommand) cl.getSubcommands().get("diagnose").getCommand();
        diagnose.sources = s -> s.name().equals("disks") ? new Hung<>(s, fifo) : s;
        Duration timeout = Duration.ofSeconds(2);
        long t0 = System.nanoTime();
        int code;
        try {
            code = cl.execute("diagnose", "--root", Cli.fixture("ide-piix").toString(), "--timeout", "2s", "--color", "never");
        } finally {
            try (FileOutputStream unblock = new FileOutputStream(fifo.toFile())) {
                unblock.flush(); // lets the stuck thread go, so it does not outlive the test
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // the bound is --timeout for the reads; the rest (checks, rendering) takes well under a second even on a loaded CI
        assertThat(took).isLessThan(timeout.plusSeconds(3));
        assertThat(code).as("a verdict (ide-piix under TCG is critical), not UNKNOWN").isEqualTo(2);
        assertThat(out.toString()).contains("Check disk-bus is stuck").contains("reading disks is stuck: no answer within 2000 ms")
                .contains("agent.check-stuck disk-bus")
                .contains("hypervisor.tcg"); // the other checks ran and judged
        assertThat(err.toString()).isEmpty();
        Report.section("31-fault-diagnose-hang", "## Fault: a device that never answers, under `agent diagnose --timeout 2s`\n\n"
                + "Finished in " + took.toMillis() + " ms with exit code " + code + ", the stuck check named (disk-bus), the other checks judged.\n");
    }

    /** The real source behind an open() of a FIFO that no one writes. */
    private record Hung<T>(Source<T> real, Path fifo) implements Source<T> {
        @Override public String name() { return real.name(); }

        @Override
        public T read(Root root, Problems problems) {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                in.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return real.read(root, problems);
        }
    }
}
