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
                "guestdiag_filesystem_readonly", "guestdiag_filesystem_errors_total", "guestdiag_disk_state", "guestdiag_disk_kernel_log_io_errors");
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
