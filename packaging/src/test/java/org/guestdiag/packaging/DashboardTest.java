package org.guestdiag.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana fleet dashboard: every query uses only metrics the agent really exposes (the golden scrapes
 * of the fixture guests) and parses as PromQL (promtool, each query as a recording rule in a throwaway file).
 */
class DashboardTest {
    static final Path DASHBOARD = Repo.PACKAGING.resolve("grafana/guestdiag-fleet.json");

    static List<String> queries() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        collect(d.path("panels"), out);
        for (JsonNode v : d.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) out.add(v.path("query").path("query").asText());
        }
        return out;
    }

    private static void collect(JsonNode panels, List<String> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) out.add(t.path("expr").asText());
            collect(p.path("panels"), out); // panels inside collapsed rows
        }
    }

    /** Grafana's variables replaced by values Prometheus would see. */
    static String substituted(String expr) {
        return expr.replace("$instance", ".*").replace("$job", ".*").replace("$__rate_interval", "5m").replace("$__range", "1h");
    }

    @Test
    void coversTheFleetViews() throws Exception {
        String all = String.join("\n", queries());
        assertThat(all).contains("guestdiag_cpu_x86_64_level", "guestdiag_cpu_info", "guestdiag_disk_info", "guestdiag_disk_nr_requests",
                "guestdiag_disk_hardware_queues", "guestdiag_btrfs_readonly", "guestdiag_btrfs_device_missing",
                "guestdiag_btrfs_device_errors_total", "guestdiag_findings",
                "guestdiag_filesystem_readonly", "guestdiag_filesystem_errors_total", "guestdiag_disk_state", "guestdiag_disk_kernel_log_io_errors",
                "guestdiag_nic_info", "guestdiag_smart_visible", "guestdiag_disk_discard_max_bytes", "guestdiag_numa_nodes",
                "guestdiag_numa_node_cpus", "guestdiag_numa_node_memory_bytes");
    }

    private static List<JsonNode> panels() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels").forEach(out::add);
        return out;
    }

    /**
     * A stat that counts trouble is green at 0 and turns red (critical causes) or orange from 1; one that counts
     * what is there (VMs, filesystems) has a single neutral colour, so nobody reads it as a verdict.
     */
    @Test
    void statsColourTroubleByItsSeverity() throws Exception {
        Set<String> critical = Set.of("VMs with critical findings", "Forced read-only", "Missing devices", "Device errors in range",
                "Degraded arrays", "Inactive arrays", "Filesystems stopped by the kernel", "Disks offline");
        int stats = 0;
        for (JsonNode p : panels()) {
            if (!p.path("type").asText().equals("stat")) continue;
            stats++;
            String title = p.path("title").asText();
            JsonNode steps = p.path("fieldConfig").path("defaults").path("thresholds").path("steps");
            assertThat(steps.size()).as("%s thresholds", title).isPositive();
            if (steps.size() == 1) {
                assertThat(critical).as("%s counts trouble but has one colour", title).doesNotContain(title);
                continue;
            }
            assertThat(steps.get(0).path("color").asText()).as("%s at 0", title).isEqualTo("green");
            assertThat(steps.get(1).path("value").asDouble()).as("%s from", title).isEqualTo(1.0);
            assertThat(steps.get(1).path("color").asText()).as("%s from 1", title).isEqualTo(critical.contains(title) ? "red" : "orange");
        }
        assertThat(stats).isGreaterThan(10);
    }

    /** Tables show labels as columns, named for people: never Grafana's raw Time or Prometheus' __name__. */
    @Test
    void tablesHideTimeAndMetricName() throws Exception {
        int tables = 0;
        for (JsonNode p : panels()) {
            if (!p.path("type").asText().equals("table")) continue;
            tables++;
            String title = p.path("title").asText();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("instant").asBoolean() && t.path("format").asText().equals("table")).as("%s: instant table query", title).isTrue();
            }
            JsonNode organize = null;
            for (JsonNode t : p.path("transformations")) if (t.path("id").asText().equals("organize")) organize = t.path("options");
            assertThat(organize).as("%s: organize transformation", title).isNotNull();
            assertThat(organize.path("excludeByName").path("Time").asBoolean()).as("%s hides Time", title).isTrue();
            assertThat(organize.path("excludeByName").path("__name__").asBoolean()).as("%s hides __name__", title).isTrue();
            if (p.path("targets").size() > 1) {
                assertThat(p.path("transformations").get(0).path("id").asText()).as("%s: one row per series of all queries", title).isEqualTo("merge");
            }
        }
        assertThat(tables).isGreaterThan(8);
    }

    /** Prometheus servers name the scrape job as they like: every query selects it by the dashboard's job variable. */
    @Test
    void everyQuerySelectsTheJobVariable() throws Exception {
        for (String q : queries()) {
            if (q.contains("$instance")) assertThat(q).as(q).contains("job=~\"$job\"");
        }
    }

    @Test
    void everyQueryUsesOnlyMetricsTheAgentExposes() throws Exception {
        Set<String> golden = Repo.goldenFamilies();
        List<String> queries = queries();
        assertThat(queries).hasSizeGreaterThan(10);
        for (String q : queries) {
            Set<String> used = Repo.metricNames(q);
            assertThat(used).as("query without a guestdiag metric: %s", q).isNotEmpty();
            assertThat(golden).as("metrics of %s", q).containsAll(used);
        }
    }

    @Test
    void everyQueryParses(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String q : queries()) {
            // label_values() is Grafana's, not PromQL: its metric argument is what Prometheus is asked about
            String expr = q.startsWith("label_values(") ? q.substring("label_values(".length(), q.indexOf(',')) : substituted(q);
            rules.append("      - record: dashboard:query").append(i++).append('\n')
                    .append("        expr: ").append(new ObjectMapper().writeValueAsString(expr)).append('\n');
        }
        Path file = dir.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);
        Repo.Result r = Repo.run("prometheus", "/usr/bin/promtool", "check", "rules", file.toString());
        assertThat(r.exit()).as("%s\n%s", r.output(), rules).isZero();
        assertThat(r.output()).contains("SUCCESS: " + i + " rules found");
    }
}
