package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.guestdiag.reliability.ChildAgent;
import org.guestdiag.reliability.HungSource;
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
        diagnose.sources = s -> s.name().equals("disks") ? new HungSource<>(s, fifo) : s;
        Duration timeout = Duration.ofSeconds(2);
        // what the same run costs without the hang, on this machine now (a CI machine shared with QEMU guests is slow)
        long b0 = System.nanoTime();
        Cli.run("diagnose", "--root", Cli.fixture("ide-piix").toString(), "--timeout", "2s", "--color", "never");
        Duration baseline = Duration.ofNanos(System.nanoTime() - b0);
        long t0 = System.nanoTime();
        int code;
        try {
            code = cl.execute("diagnose", "--root", Cli.fixture("ide-piix").toString(), "--timeout", "2s", "--color", "never");
        } finally {
            HungSource.unblock(fifo);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // the hang may add --timeout to the run, no more (the blocked read itself would never end); 2x the baseline
        // and 3 s of slack for a loaded machine
        assertThat(took).as("baseline %s", baseline).isLessThan(timeout.plus(baseline.multipliedBy(2)).plusSeconds(3));
        assertThat(code).as("a verdict (ide-piix under TCG is critical), not UNKNOWN").isEqualTo(2);
        assertThat(out.toString()).contains("Check disk-bus is stuck").contains("reading disks is stuck: no answer within 2000 ms")
                .contains("agent.check-stuck disk-bus")
                .contains("hypervisor.tcg"); // the other checks ran and judged
        assertThat(err.toString()).isEmpty();
        Report.section("31-fault-diagnose-hang", "## Fault: a device that never answers, under `agent diagnose --timeout 2s`\n\n"
                + "Finished in " + took.toMillis() + " ms (" + baseline.toMillis() + " ms without the hang) with exit code " + code + ", the stuck check named (disk-bus), the other checks judged.\n");
    }
}
