package org.guestdiag.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd-analyze verify} on the shipped units. Before the package is installed /usr/bin/guestdiag
 * does not exist here and verify would fail on that alone, so the copies verified point ExecStart at the
 * repository's launcher; the install test (-Ppackages) verifies the installed units unchanged.
 */
class UnitFilesTest {
    static final Path SYSTEMD = Repo.PACKAGING.resolve("systemd");

    @Test
    void unitsVerifyClean(@TempDir Path dir) throws Exception {
        String launcher = Repo.ROOT.resolve("agent/bin/agent").toString();
        for (String unit : List.of("guestdiag.service", "guestdiag-textfile.service", "guestdiag-textfile.timer")) {
            Files.writeString(dir.resolve(unit), Files.readString(SYSTEMD.resolve(unit)).replace("/usr/bin/guestdiag ", launcher + " "));
        }
        Repo.Result r = Repo.run("systemd", "/usr/bin/systemd-analyze", "verify",
                dir.resolve("guestdiag.service").toString(), dir.resolve("guestdiag-textfile.service").toString(),
                dir.resolve("guestdiag-textfile.timer").toString());
        // verify warns about unknown or misspelt directives on stderr but may still exit 0: both must be clean
        assertThat(r.output()).as("systemd-analyze verify output").isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void hardeningIsInPlace() throws Exception {
        String unit = Files.readString(SYSTEMD.resolve("guestdiag.service"));
        assertThat(unit).contains("User=guestdiag", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "StateDirectory=guestdiag", "EnvironmentFile=-/etc/default/guestdiag", "$GUESTDIAG_ARGS")
                .containsPattern("(?m)^MemoryMax=\\d+M$")
                .doesNotContain("ProtectKernelLogs=yes"); // it would hide /dev/kmsg
        // exactly the capabilities justified in the unit, ambient and bounding alike
        assertThat(unit).contains("AmbientCapabilities=CAP_SYSLOG CAP_DAC_READ_SEARCH CAP_SYS_RAWIO",
                "CapabilityBoundingSet=CAP_SYSLOG CAP_DAC_READ_SEARCH CAP_SYS_RAWIO");
        for (String cap : List.of("CAP_SYSLOG", "CAP_DAC_READ_SEARCH", "CAP_SYS_RAWIO")) {
            assertThat(unit).as("a comment justifies %s", cap).containsPattern("(?m)^# " + cap + ":");
        }
        // devices read-only: no DeviceAllow line grants w or m
        assertThat(unit.lines().filter(l -> l.startsWith("DeviceAllow=")).toList()).isNotEmpty().allMatch(l -> l.endsWith(" r"));
    }
}
