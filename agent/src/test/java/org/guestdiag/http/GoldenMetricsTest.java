package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * node_exporter's end-to-end test, for guestdiag: the real server on a snapshot root, /metrics scraped,
 * volatile series dropped, the rest diffed against a committed golden file. Regenerate with
 * {@code mvn test -Dgolden.update=true} and review the diff like code.
 */
class GoldenMetricsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    /** What changes between runs: JVM and process state, timings and timestamps, refresh counts. */
    private static final Pattern VOLATILE = Pattern.compile(
            "^(# (HELP|TYPE) )?(jvm_|process_|system_|guestdiag_check_duration_seconds|guestdiag_last_refresh_timestamp_seconds|guestdiag_refreshes|guestdiag_build_info).*");

    @ParameterizedTest
    @ValueSource(strings = {"virtio-scsi-shared", "ide-piix", "pve-recommended", "cpu-kvm64", "btrfs-blkdebug-eio", "btrfs-raid1-degraded",
            "host-server", "host-lxc", "kvm-microvm", "md-raid1-rebuild", "ext4-remount-ro", "xfs-shutdown", "scsi-offline"})
    void metricsMatchGolden(String snapshot) throws Exception {
        try (GuestdiagServer server = Servers.serve("--root", Servers.SNAPSHOTS.resolve(snapshot).toString())) {
            HttpResponse<String> r = Servers.get(server, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
            String stable = stable(r.body());
            Path golden = GOLDEN.resolve(snapshot + ".prom");
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, stable);
            }
            assertThat(golden).as("golden file; create it with -Dgolden.update=true").exists();
            assertThat(stable).isEqualTo(Files.readString(golden));
            promtoolAccepts(r.body());
            promtoolAccepts(Files.readString(golden));
        }
    }

    static String stable(String exposition) {
        return exposition.lines().filter(l -> !VOLATILE.matcher(l).matches()).collect(Collectors.joining("\n", "", "\n"));
    }

    /** promtool's lint (naming, units, suffixes, HELP); Debian package prometheus. Skipped where promtool is absent. */
    static void promtoolAccepts(String exposition) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool not installed (Debian package prometheus)");
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics: %s", out).isZero();
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
