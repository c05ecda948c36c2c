package org.guestdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.guestdiag.render.Json;
import org.junit.jupiter.api.Test;

/** The btrfs-ioctl line on a kernel with sysfs error_stats (equal) and on one without (only). */
class VerdictMatcherTest {

    private static JsonNode run(String origin, int write) throws Exception {
        return Json.MAPPER.readTree("{\"findings\": [], \"inventory\": {\"btrfs\": {\"value\": [{\"fsid\": \"f\", \"devices\": ["
                + "{\"devid\": 1, \"errors\": {\"write\": " + write + ", \"read\": 0, \"flush\": 0, \"corruption\": 0, \"generation\": 0,"
                + " \"origin\": \"" + origin + "\"}}]}]}}}");
    }

    private static List<String> check(String mode, JsonNode first, JsonNode forced) {
        Expectation e = new Expectation("c", "", "btrfs-ioctl", "-", List.of(mode), 1);
        return VerdictMatcher.mismatches(e, first, forced);
    }

    @Test
    void equalWantsSysfsFirstAndTheSameCounters() throws Exception {
        assertThat(check("equal", run("sysfs", 7), run("ioctl", 7))).isEmpty();
        assertThat(check("equal", run("sysfs", 7), run("ioctl", 6))).containsExactly("f/1 write errors: sysfs 7, ioctl 6");
        assertThat(check("equal", run("ioctl", 7), run("ioctl", 7))).containsExactly("f/1: first run's counters came from ioctl, expected sysfs");
    }

    @Test
    void onlyWantsTheIoctlInBothRuns() throws Exception {
        assertThat(check("only", run("ioctl", 7), run("ioctl", 7))).isEmpty();
        assertThat(check("only", run("sysfs", 7), run("ioctl", 7))).containsExactly("f/1: first run's counters came from sysfs, expected ioctl");
        assertThat(check("only", run("ioctl", 7), null)).containsExactly("no diagnose-ioctl.json: the ioctl run did not happen");
        assertThat(check("both", run("ioctl", 7), run("ioctl", 7))).containsExactly("btrfs-ioctl takes equal or only, not 'both'");
    }
}
