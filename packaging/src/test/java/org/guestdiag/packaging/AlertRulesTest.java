package org.guestdiag.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.check.btrfs.BtrfsThresholds;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules: promtool accepts them and their unit tests pass; every rule has the parts an
 * on-call person needs; the thresholds are the findings' ({@link BtrfsThresholds}); the metrics exist.
 */
class AlertRulesTest {
    static final Path RULES = Repo.PACKAGING.resolve("prometheus/guestdiag-alerts.yml");
    static final Path TESTS = Repo.PACKAGING.resolve("prometheus/tests");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.\\[])(\\d+(?:\\.\\d+)?)(?![\\w.\\]])");

    /** Metrics a rule may use that no golden scrape holds, each with its reason. */
    private static final Set<String> NOT_IN_GOLDEN = Set.of(
            // being added by the SMART work (guestdiag_smart_healthy{device}); its rule is tested on synthetic series
            "guestdiag_smart_healthy",
            // exposed, but dropped from the golden files as volatile (a timestamp)
            "guestdiag_last_refresh_timestamp_seconds");

    record Rule(String alert, String expr, JsonNode node) { }

    static List<Rule> rules() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        List<Rule> out = new ArrayList<>();
        for (JsonNode g : doc.get("groups")) for (JsonNode r : g.get("rules")) out.add(new Rule(r.path("alert").asText(), r.path("expr").asText(), r));
        return out;
    }

    @Test
    void promtoolChecksAndUnitTestsPass() throws Exception {
        Repo.Result check = Repo.run("prometheus", "/usr/bin/promtool", "check", "rules", RULES.toString());
        assertThat(check.exit()).as(check.output()).isZero();
        Repo.Result test = Repo.run("prometheus", "/usr/bin/promtool", "test", "rules", TESTS.resolve("guestdiag-alerts-test.yml").toString());
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertIsRequiredAndComplete() throws Exception {
        List<Rule> rules = rules();
        assertThat(rules).extracting(Rule::alert).contains("GuestdiagAgentDown", "GuestdiagBtrfsForcedReadOnly",
                "GuestdiagBtrfsDeviceErrorsIncreasing", "GuestdiagBtrfsDeviceMissing", "GuestdiagBtrfsMetadataNearlyFull",
                "GuestdiagSmartFailing", "GuestdiagCriticalFinding", "GuestdiagCheckFailing", "GuestdiagCheckStuck",
                "GuestdiagMdDegraded", "GuestdiagMdInactive");
        for (Rule r : rules) {
            assertThat(r.alert()).as("recording rules do not belong here").isNotEmpty();
            assertThat(r.node().path("for").asText()).as("%s for:", r.alert()).matches("\\d+[smh]");
            assertThat(r.node().path("labels").path("severity").asText()).as("%s severity", r.alert()).isIn("warning", "critical");
            assertThat(r.node().path("annotations").path("summary").asText()).as("%s summary", r.alert()).isNotBlank();
            assertThat(r.node().path("annotations").path("description").asText()).as("%s description", r.alert()).isNotBlank();
        }
    }

    /**
     * Each alert links its runbook: a section of the README on the project's home (the packages' Homepage),
     * found by the anchor GitHub gives a heading (lower case, punctuation dropped, spaces as hyphens).
     */
    @Test
    void everyAlertLinksItsOwnSectionOfTheReadme() throws Exception {
        String control = java.nio.file.Files.readString(Repo.PACKAGING.resolve("deb/control"));
        Matcher home = Pattern.compile("(?m)^Homepage: (\\S+)$").matcher(control);
        assertThat(home.find()).as("Homepage in deb/control").isTrue();
        String base = home.group(1) + "/blob/main/README.md#";
        Set<String> anchors = new TreeSet<>();
        for (String line : java.nio.file.Files.readAllLines(Repo.ROOT.resolve("README.md"))) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").strip().toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        for (Rule r : rules()) {
            String url = r.node().path("annotations").path("runbook_url").asText();
            assertThat(url).as("%s runbook_url", r.alert()).isEqualTo(base + r.alert().toLowerCase(java.util.Locale.ROOT));
            assertThat(anchors).as("README section of %s", r.alert()).contains(url.substring(base.length()));
        }
    }

    @Test
    void everyAlertHasAFiringAndAQuietCaseInItsUnitTests() throws Exception {
        JsonNode tests = new ObjectMapper(new YAMLFactory()).readTree(TESTS.resolve("guestdiag-alerts-test.yml").toFile());
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode t : tests.get("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                (a.path("exp_alerts").isEmpty() ? quiet : firing).add(a.path("alertname").asText());
            }
        }
        Set<String> alerts = new TreeSet<>();
        for (Rule r : rules()) alerts.add(r.alert());
        assertThat(firing).as("alerts tested firing").isEqualTo(alerts);
        assertThat(quiet).as("alerts tested not firing").isEqualTo(alerts);
    }

    @Test
    void btrfsThresholdsAreTheFindingsThresholds() throws Exception {
        assertThat(numbers(alone("GuestdiagBtrfsMetadataNearlyFull")))
                .containsExactlyInAnyOrder(BtrfsThresholds.METADATA_FILL_WARNING, (double) BtrfsThresholds.UNALLOCATED_WARNING_BYTES);
        assertThat(numbers(alone("GuestdiagBtrfsMetadataExhausted")))
                .containsExactlyInAnyOrder(BtrfsThresholds.METADATA_FILL_CRITICAL, (double) BtrfsThresholds.UNALLOCATED_CRITICAL_BYTES);
        // same comparisons as BtrfsSpaceCheck: fill >= threshold, unallocated < threshold
        for (String a : List.of("GuestdiagBtrfsMetadataNearlyFull", "GuestdiagBtrfsMetadataExhausted")) {
            assertThat(alone(a)).contains(">= 0.").containsPattern("unallocated_bytes < \\d+");
        }
        // error counters have no threshold in the findings (any error counts): the rules compare with 0
        for (Rule r : rules()) {
            if (r.alert().equals("GuestdiagBtrfsDeviceErrorsIncreasing")) {
                assertThat(r.expr()).containsPattern("\\) > 0$");
            }
        }
    }

    @Test
    void everyMetricARuleUsesExists() throws Exception {
        Set<String> golden = Repo.goldenFamilies();
        for (Rule r : rules()) {
            for (String name : Repo.metricNames(r.expr())) {
                if (!NOT_IN_GOLDEN.contains(name)) assertThat(golden).as("%s uses %s", r.alert(), name).contains(name);
            }
        }
    }

    private static String alone(String alert) throws Exception {
        List<Rule> found = rules().stream().filter(r -> r.alert().equals(alert)).toList();
        assertThat(found).as(alert).hasSize(1);
        return found.get(0).expr();
    }

    /** Numeric literals of an expression, outside range selectors and names. */
    static List<Double> numbers(String expr) {
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(expr.replaceAll("\\[[^\\]]*\\]", ""));
        while (m.find()) out.add(Double.parseDouble(m.group(1)));
        return out;
    }
}
