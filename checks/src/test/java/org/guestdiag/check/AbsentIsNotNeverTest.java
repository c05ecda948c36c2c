package org.guestdiag.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.host.Root;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "Never scrubbed" and "nothing trims it" are said only where the place that would hold the record exists:
 * the real blkdebug-eio capture (a btrfs on vda, offered discard, mounted without it; no /etc, no /var),
 * with the directories added one case at a time.
 */
class AbsentIsNotNeverTest {
    static final String FSID = "742c1548-5785-4d7d-9a3b-f9186bd82455";

    static List<Finding> findings(Path root, String prefix) {
        Diagnosis d = Diagnosis.run(Fixtures.inventory(Root.of(root)), Checks.all());
        return d.findings().stream().filter(f -> f.id().startsWith(prefix)).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'', btrfs.scrub-unknown",
            "var/lib/btrfs, btrfs.scrub-due",
            "var/lib/btrfs var/lib/btrfs/scrub.status.00000000-0000-4000-8000-000000000001, btrfs.scrub-due"})
    void scrub(String paths, String expected, @TempDir Path tmp) throws Exception {
        Path root = plant(tmp, paths);
        assertThat(findings(root, "btrfs.scrub")).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(expected);
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.summary()).contains(expected.equals("btrfs.scrub-due") ? "was never scrubbed" : "is unknown");
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'', disk.discard-schedule-unknown",
            "etc/systemd/system, disk.discard-unused",
            "etc/cron.d, disk.discard-unused",
            "etc/cron.weekly, disk.discard-unused",
            "etc/systemd/system/timers.target.wants etc/systemd/system/timers.target.wants/fstrim.timer, -",
            "etc/cron.weekly etc/cron.weekly/fstrim, -"})
    void trim(String paths, String expected, @TempDir Path tmp) throws Exception {
        Path root = plant(tmp, paths);
        List<Finding> f = findings(root, "disk.discard");
        if (expected.equals("-")) {
            assertThat(f).isEmpty();
            return;
        }
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo(expected);
            assertThat(x.subject()).isEqualTo("vda");
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.summary()).contains(expected.equals("disk.discard-unused") ? "nothing trims it" : "is unknown");
        });
    }

    /** The capture with each path created: a directory, or a file where its name says so (fstrim, scrub.status.*). */
    static Path plant(Path tmp, String paths) throws Exception {
        Path root = Fixtures.copy("btrfs-blkdebug-eio", tmp);
        assertThat(root.resolve("etc")).doesNotExist();
        assertThat(root.resolve("var")).doesNotExist();
        for (String p : paths.isBlank() ? new String[0] : paths.split(" ")) {
            Path at = root.resolve(p);
            if (p.endsWith("fstrim") || p.endsWith(".timer")) {
                Files.createDirectories(at.getParent());
                Files.writeString(at, "");
            } else if (p.contains("scrub.status.")) {
                // a record of another filesystem: this one still has none
                Files.writeString(at, "scrub status:1\n" + p.substring(p.indexOf("scrub.status.") + "scrub.status.".length()) + ":1|t_start:1|finished:1\n");
            } else {
                Files.createDirectories(at);
            }
        }
        return root;
    }
}
