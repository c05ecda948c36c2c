package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page as a phone and a desktop show it: headless Chromium (Debian package chromium) at 412x915
 * and 1280x1000, screenshots of a sick and a healthy VM kept in target/ for people to look at, and the
 * rendered DOM checked for every finding's text, worst first, and for the inventory tables.
 */
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir Path profile;

    @Test
    void findingsWorstFirstWithEvidenceAndRemedy() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed (Debian package chromium)");
        try (GuestdiagServer server = Servers.serve("--root", Servers.SNAPSHOTS.resolve("ide-piix").toString())) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            screenshots("sick-ide-piix", url);
            String dom = chromium("--dump-dom", url, PHONE);

            List<Finding> findings = server.refresher().latest().orElseThrow().findings();
            List<Finding> shown = findings.stream().filter(f -> f.severity() != Severity.OK).toList();
            assertThat(shown).isNotEmpty();
            int last = -1;
            for (Finding f : shown) {
                int at = dom.indexOf(domText(f.summary()));
                assertThat(at).as("summary of %s %s on the page", f.id(), f.subject()).isGreaterThan(last);
                last = at;
                if (f.remedy() != null && f.remedy().proxmox() != null) assertThat(dom).contains(domText(f.remedy().proxmox()));
                f.evidence().forEach(e -> assertThat(dom).contains(domText(e.value())));
            }
            assertThat(dom).contains("class=\"verdict critical\"", "<h2 class=\"critical\">", "<h2>Disks</h2>", "<td>sda</td>",
                    "href=\"/metrics\"", " s ago</time>");
            assertThat(dom.indexOf("href=\"/metrics\"")).as("links at the top").isLessThan(dom.indexOf("class=\"verdict"));
        }
    }

    /** A VM with nothing wrong: a green verdict, the inventory tables, nothing but the folded line of what is right. */
    @Test
    void healthyVmIsGreenAndStillShowsWhatWasJudged() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed (Debian package chromium)");
        // the lab's captures all ran under TCG with TCG's CPU model: without those two checks virtio-scsi-single is healthy
        try (GuestdiagServer server = Servers.serve("--root", Servers.SNAPSHOTS.resolve("virtio-scsi-single").toString(),
                "--skip", "hypervisor,cpu-model")) {
            assertThat(server.refresher().latest().orElseThrow().worst().compareTo(Severity.INFO)).isLessThanOrEqualTo(0);
            String url = "http://127.0.0.1:" + server.port() + "/";
            screenshots("healthy-virtio-scsi-single", url);
            String dom = chromium("--dump-dom", url, DESKTOP);
            assertThat(dom).contains("class=\"verdict ok\"", "This VM looks well configured", "<h2>CPU</h2>", "<h2>Disks</h2>", "virtio_scsi")
                    .doesNotContain("class=\"verdict info\"", "<h2 class=\"critical\">", "<h2 class=\"warning\">");
        }
    }

    private static final String PHONE = "--window-size=412,915";
    private static final String DESKTOP = "--window-size=1280,1000";

    /** At a phone's and a desktop's width, kept in target/ for people to look at (build artefacts). */
    private void screenshots(String name, String url) throws Exception {
        for (String[] size : new String[][] {{"phone", PHONE}, {"desktop", DESKTOP}}) {
            Path shot = Path.of("target/status-page-" + name + "-" + size[0] + ".png").toAbsolutePath();
            Files.deleteIfExists(shot);
            chromium("--screenshot=" + shot, url, size[1]);
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }

    /** Text as a browser serialises a text node: only &, < and > escaped (quotes stay as they are). */
    private static String domText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String chromium(String mode, String url, String size) throws Exception {
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                size, mode, url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
