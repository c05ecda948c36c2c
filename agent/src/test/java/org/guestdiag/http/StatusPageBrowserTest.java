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
 * The status page as a phone shows it: headless Chromium (Debian package chromium) at 412x915, a
 * screenshot kept in target/ for people to look at, and the rendered DOM checked for every finding's text,
 * worst first.
 */
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir Path profile;

    @Test
    void findingsWorstFirstWithEvidenceAndRemedy() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed (Debian package chromium)");
        try (GuestdiagServer server = Servers.serve("--root", Servers.SNAPSHOTS.resolve("ide-piix").toString())) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            Path shot = Path.of("target/status-page-ide-piix.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            chromium("--screenshot=" + shot, url);
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(10_000);
            String dom = chromium("--dump-dom", url);

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
            assertThat(dom).contains("class=\"verdict critical\"");
        }
    }

    /** Text as a browser serialises a text node: only &, < and > escaped (quotes stay as they are). */
    private static String domText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String chromium(String mode, String url) throws Exception {
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=412,915", mode, url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
