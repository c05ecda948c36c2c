package org.guestdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.guestdiag.render.Json;
import org.junit.jupiter.api.Test;

/**
 * The btrfs-ioctl line on a kernel with sysfs error_stats (equal) and on one without (only); warnings naming a disk
 * by its serial or device id ({@code @SERIAL}), whichever sdX name the guest's kernel gave it.
 */
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

    private static JsonNode twoDisks(String firstName, String secondName) throws Exception {
        return Json.MAPPER.readTree("{\"findings\": ["
                + "{\"id\": \"disk.emulated-bus\", \"severity\": \"warning\", \"subject\": \"sda\"},"
                + "{\"id\": \"disk.queue-depth\", \"severity\": \"warning\", \"subject\": \"sdb\"},"
                + "{\"id\": \"disk.shared-controller\", \"severity\": \"info\", \"subject\": \"sdb\"}],"
                + " \"inventory\": {\"disks\": {\"value\": ["
                + "{\"name\": \"" + firstName + "\", \"device_id\": \"drive-scsi0\"},"
                + "{\"name\": \"" + secondName + "\", \"serial\": \"LAB-1\", \"device_id\": \"LAB-1\"}]}}}");
    }

    private static List<String> warnings(String words, JsonNode d) {
        Expectation e = new Expectation("c", "", "warnings", "-", List.of(words.split(" ")), 1);
        return VerdictMatcher.mismatches(e, d);
    }

    @Test
    void atSerialNamesTheDiskWhicheverSdxItGot() throws Exception {
        String want = "disk.emulated-bus:@drive-scsi0 disk.queue-depth:@LAB-1";
        assertThat(warnings(want, twoDisks("sda", "sdb"))).isEmpty();
        // the same guest with the names the other way round: the serials still pick the disks, now the wrong ones
        assertThat(warnings(want, twoDisks("sdb", "sda"))).containsExactly(
                "warnings and criticals: expected [disk.emulated-bus:sdb, disk.queue-depth:sda], agent said [disk.emulated-bus:sda, disk.queue-depth:sdb]");
        // a serial no disk has stays as written, and fails
        assertThat(warnings("disk.emulated-bus:@drive-scsi0 disk.queue-depth:@NOPE", twoDisks("sda", "sdb"))).containsExactly(
                "warnings and criticals: expected [disk.emulated-bus:sda, disk.queue-depth:@NOPE], agent said [disk.emulated-bus:sda, disk.queue-depth:sdb]");
        // a subject without @ is matched as written
        assertThat(VerdictMatcher.bySerial("disk.emulated-bus:sda", twoDisks("sda", "sdb"))).isEqualTo("disk.emulated-bus:sda");
    }
}
