package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.guestdiag.cli.AgentCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code diagnose --format prometheus --output FILE} for node_exporter's textfile collector: the same
 * families as the server's /metrics (the golden files are real scrapes), lint-clean, replaced atomically.
 */
class TextfileModeTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) { }

    private static Run agent(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AgentCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String fixture(String name) {
        return Servers.SNAPSHOTS.resolve(name).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtio-scsi-shared", "ide-piix", "pve-recommended", "cpu-kvm64", "btrfs-blkdebug-eio", "btrfs-raid1-degraded"})
    void textfileEqualsTheServersGoldenScrape(String snapshot) throws Exception {
        Path file = dir.resolve("guestdiag.prom");
        Run run = agent("diagnose", "--root", fixture(snapshot), "--format", "prometheus", "--output", file.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).as("the report goes to the file only").isEmpty();
        assertThat(run.code()).isBetween(0, 2);
        String text = Files.readString(file);
        String golden = Files.readString(Path.of("src/test/resources/golden").resolve(snapshot + ".prom"));
        assertThat(GoldenMetricsTest.stable(text)).isEqualTo(golden);
        GoldenMetricsTest.promtoolAccepts(text);
        // node_exporter runs as its own user: the file must be world-readable, and no temporary file left behind
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("guestdiag.prom");
        }
    }

    @Test
    void sameFamiliesAsALiveServerApartFromJvmAndProcess() throws Exception {
        String snapshot = "btrfs-raid1-degraded";
        Run run = agent("diagnose", "--root", fixture(snapshot), "--format", "prometheus");
        String served;
        try (GuestdiagServer server = Servers.serve("--root", fixture(snapshot))) {
            served = Servers.get(server, "/metrics").body();
        }
        Set<String> expected = families(served);
        // the textfile leaves out the JVM/process families on purpose: node_exporter has its own process_* series
        expected.removeIf(f -> f.startsWith("jvm_") || f.startsWith("process_") || f.startsWith("system_"));
        assertThat(families(run.out())).isEqualTo(expected).contains("guestdiag_check_success", "guestdiag_btrfs_device_missing");
    }

    @Test
    void replacesAnExistingFileAndReportsAnUnwritableDirectory() throws Exception {
        Path file = dir.resolve("guestdiag.prom");
        Files.writeString(file, "stale\n");
        agent("diagnose", "--root", fixture("cpu-kvm64"), "--format", "prometheus", "-o", file.toString());
        assertThat(Files.readString(file)).doesNotContain("stale").contains("guestdiag_cpu_info");

        Run bad = agent("diagnose", "--root", fixture("cpu-kvm64"), "--format", "prometheus", "-o", dir.resolve("no/such/dir/x.prom").toString());
        assertThat(bad.code()).isEqualTo(AgentCommand.UNKNOWN);
        assertThat(bad.err()).contains("cannot write");
    }

    private static Set<String> families(String exposition) {
        Set<String> out = new TreeSet<>();
        exposition.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> out.add(l.split(" ")[2]));
        return out;
    }
}
