package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent's own {@code diagnose --format json}, run inside lab guests (QEMU 7.2, Debian 6.1 kernel, TCG)
 * with the SMART commands sent for real through SG_IO: what each bus answers and the verdict it gets.
 * Recorded with {@code lab/run-config.sh --cmd 'agent/bin/agent diagnose --format json --timeout 60s' <config>}
 * (ahci with the default 10 s bound, which sufficed there; under TCG on a busy host the first JNA call alone took
 * seconds); {@code ahci-smartctl.txt} is smartmontools' view of the same guest, taken right after in the same boot.
 */
class SmartInRealGuestsTest {
    private static final Path DIR = Path.of("src/test/resources/lab/smart");

    private static JsonNode diagnose(String config) throws Exception {
        return new ObjectMapper().readTree(DIR.resolve(config + ".json").toFile());
    }

    private static JsonNode finding(JsonNode d, String check, String subject) {
        for (JsonNode f : d.get("findings")) {
            if (f.get("check").asText().equals(check) && f.get("subject").asText().equals(subject)) return f;
        }
        throw new AssertionError("no " + check + " finding for " + subject);
    }

    private static JsonNode smart(JsonNode d, String disk) {
        JsonNode src = d.get("inventory").get("smart");
        assertThat(src.get("status").asText()).isEqualTo("ok");
        for (JsonNode s : src.get("value")) if (s.get("name").asText().equals(disk)) return s;
        throw new AssertionError("no SMART answer for " + disk);
    }

    @Test
    void ahciAnswersIdentifyAndSmartButIsEmulated() throws Exception {
        JsonNode d = diagnose("ahci");
        JsonNode sda = smart(d, "sda");
        JsonNode ans = sda.get("answer");
        assertThat(ans.get("translation").asText()).isEqualTo("linux"); // libata's SAT layer, VPD page 0x89
        assertThat(ans.get("identity").get("model").asText()).isEqualTo("QEMU HARDDISK");
        assertThat(ans.get("passed").asBoolean()).isTrue();
        assertThat(sda.get("transcript").toString()).contains("SMART RETURN STATUS").contains("SMART READ THRESHOLDS: ok");
        JsonNode f = finding(d, "smart-visibility", "sda");
        assertThat(f.get("id").asText()).isEqualTo("smart.not-visible");
        assertThat(f.get("summary").asText()).contains("emulated QEMU disk").contains("ATA");
        assertThat(d.get("findings").toString()).doesNotContain("smart.healthy");
    }

    /** Every attribute the agent read over SG_IO is the one smartctl printed in the same guest. */
    @Test
    void ahciAttributesMatchSmartctl() throws Exception {
        List<String> ours = new ArrayList<>();
        for (JsonNode a : smart(diagnose("ahci"), "sda").get("answer").get("attributes")) {
            ours.add(String.format("%d %d %d %d %d", a.get("id").asInt(), a.get("flags").asInt(), a.get("current").asInt(),
                    a.get("worst").asInt(), a.get("threshold").asInt()) + " " + (a.get("raw").asLong() & 0xff));
        }
        // "  5 Reallocated_Sector_Ct   0x0003   100   100   036    Pre-fail  Always       -       0"
        Pattern row = Pattern.compile("^\\s*(\\d+) \\S+\\s+0x([0-9a-f]{4})\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\d+).*$", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(DIR.resolve("ahci-smartctl.txt")));
        List<String> theirs = new ArrayList<>();
        while (m.find()) {
            theirs.add(String.format("%s %d %s %s %d %s", m.group(1), Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), m.group(6)));
        }
        assertThat(theirs).hasSize(7);
        assertThat(ours).isEqualTo(theirs);
        assertThat(Files.readString(DIR.resolve("ahci-smartctl.txt"))).contains("test result: PASSED");
    }

    @Test
    void virtioScsiAnswersInquiryButNoLogPages() throws Exception {
        JsonNode d = diagnose("virtio-scsi-single");
        for (String disk : List.of("sda", "sdb")) {
            JsonNode s = smart(d, disk);
            assertThat(s.get("answer").get("vendor").asText()).isEqualTo("QEMU");
            assertThat(s.get("answer").get("log_pages")).isEmpty();
            // QEMU's scsi-hd has no LOG SENSE: CHECK CONDITION, ILLEGAL REQUEST
            assertThat(s.get("transcript").toString()).contains("LOG SENSE 0x00: status 2, sense key 5");
            JsonNode f = finding(d, "smart-visibility", disk);
            assertThat(f.get("id").asText()).isEqualTo("smart.not-visible");
            assertThat(f.get("summary").asText()).contains("emulated QEMU disk").contains("SCSI");
        }
    }

    @Test
    void virtioBlkTakesNoSgIo() throws Exception {
        JsonNode d = diagnose("virtio-blk");
        JsonNode vda = smart(d, "vda");
        assertThat(vda.get("answer").get("reason").asText()).isEqualTo("NO_SG_IO");
        assertThat(vda.get("transcript").toString()).contains("INQUIRY: NOT_SUPPORTED");
        JsonNode f = finding(d, "smart-visibility", "vda");
        assertThat(f.get("id").asText()).isEqualTo("smart.not-visible");
        assertThat(f.get("summary").asText()).contains("virtio_blk has no SCSI or ATA layer").contains("errno 25");
    }
}
