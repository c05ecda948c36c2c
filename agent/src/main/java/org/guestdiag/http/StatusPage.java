package org.guestdiag.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Evidence;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Severity;
import org.guestdiag.check.slot.Platform;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.render.JsonReport;
import org.guestdiag.render.Overview;
import org.guestdiag.render.Remedies;
import org.guestdiag.run.Diagnosis;

/**
 * The page a person opens on a phone when a VM misbehaves: verdict first, then the findings worst first,
 * each with what was seen, why it matters and how to fix it. Server-rendered with inline CSS, no script
 * and no external assets, so it works from a jump host without internet and under a strict CSP.
 */
final class StatusPage {
    private static final String CSS = """
            :root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--mut:#666;--card:#f5f5f5;--crit:#b3261e;--warn:#9a6700;--info:#0b57d0;--ok:#1e7b34}
            @media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#e8e8e8;--mut:#a0a0a0;--card:#1e1e1e;--crit:#ff8a80;--warn:#ffd54f;--info:#8ab4f8;--ok:#81c995}}
            *{box-sizing:border-box}body{margin:0;padding:12px;font:16px/1.45 system-ui,sans-serif;background:var(--bg);color:var(--fg);max-width:52rem;margin-inline:auto}
            h1{font-size:1.25rem;margin:.2rem 0}.sub{color:var(--mut);font-size:.85rem}
            .verdict{padding:.7rem .9rem;border-radius:10px;margin:.8rem 0;font-weight:600;background:var(--card);border-left:6px solid var(--c)}
            .f{background:var(--card);border-radius:10px;padding:.7rem .9rem;margin:.6rem 0;border-left:6px solid var(--c)}
            .critical{--c:var(--crit)}.warning{--c:var(--warn)}.info{--c:var(--info)}.ok{--c:var(--ok)}
            .badge{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;color:var(--c);margin-right:.4rem}
            .sum{font-weight:600;overflow-wrap:anywhere}.meta{color:var(--mut);font-size:.8rem;overflow-wrap:anywhere}
            dl{margin:.4rem 0 0}dt{font-size:.8rem;color:var(--mut);margin-top:.35rem}dd{margin:0;overflow-wrap:anywhere}
            code{font:.85rem ui-monospace,monospace;overflow-wrap:anywhere;white-space:pre-wrap}
            details{margin:.8rem 0}summary{cursor:pointer;color:var(--mut)}table{border-collapse:collapse;font-size:.85rem}td,th{padding:.15rem .6rem .15rem 0;text-align:left;white-space:nowrap}
            h2{font-size:1rem;margin:1.1rem 0 .3rem}h2.critical,h2.warning,h2.info{color:var(--c)}th{color:var(--mut);font-weight:600}
            .scroll{overflow-x:auto}.inv tr:nth-child(even){background:var(--card)}a{color:var(--info)}
            """;

    private StatusPage() { }

    static String render(Optional<Diagnosis> latest, String version) {
        return render(latest, version, Optional.empty(), java.time.Instant.now());
    }

    /**
     * @param host the machine's own name (its kernel's hostname), for the title: whoever reached the port
     *             already knows the machine by its address
     */
    static String render(Optional<Diagnosis> latest, String version, Optional<String> host, java.time.Instant now) {
        StringBuilder b = new StringBuilder(16 * 1024);
        String name = host.map(h -> "guestdiag · " + h).orElse("guestdiag");
        // reloads itself, a page without script: a phone left open on it follows the VM
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"30\">")
                .append("<title>").append(Html.escape(name)).append("</title><style>").append(CSS).append("</style></head><body>");
        b.append("<h1>").append(Html.escape(name)).append("</h1>");
        b.append("<p class=\"sub\"><a href=\"/metrics\">metrics</a> · <a href=\"/api/v1/findings\">findings JSON</a> · ")
                .append("<a href=\"/api/v1/inventory\">inventory JSON</a></p>");
        if (latest.isEmpty()) {
            b.append("<div class=\"verdict info\">The first look at this VM is still running; this page reloads in a few seconds.</div>");
        } else {
            body(latest.get(), b, now);
        }
        b.append("<p class=\"sub\">guestdiag ").append(Html.escape(version)).append("</p>");
        return b.append("</body></html>").toString();
    }

    private static void body(Diagnosis d, StringBuilder b, java.time.Instant now) {
        Severity verdict = d.verdict(); // green when nothing is worse than info
        Map<String, Integer> counts = JsonReport.counts(d.findings());
        java.time.Instant at = d.inventory().takenAt();
        long ago = Math.max(0, java.time.Duration.between(at, now).toSeconds());
        b.append("<div class=\"sub\">read <time datetime=\"").append(Html.escape(at.toString())).append("\" title=\"")
                .append(Html.escape(at.toString())).append("\">").append(ago(ago)).append("</time></div>");
        b.append("<div class=\"verdict ").append(verdict.label()).append("\">").append(verdict(verdict)).append(" — ")
                .append(counts.get("critical")).append(" critical, ").append(counts.get("warning")).append(" warning, ")
                .append(counts.get("info")).append(" info</div>");
        List<Finding> findings = d.findings();
        Optional<Platform> platform = Slots.of(d.inventory()).platform().map(Platform.Seen::platform);
        // trouble first, open; then what the VM is; then the remarks and what is right, folded
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING)) {
            List<Finding> these = findings.stream().filter(f -> f.severity() == s).toList();
            if (these.isEmpty()) continue;
            b.append("<h2 class=\"").append(s.label()).append("\">").append(these.size()).append(' ').append(s.label()).append("</h2>");
            for (Finding f : these) finding(f, platform, b);
        }
        for (Overview.Table t : Overview.of(d.inventory())) table(t, b);
        folded(findings, Severity.INFO, " note", " notes", platform, b);
        folded(findings, Severity.OK, " thing looks right", " things look right", platform, b);
        checks(d.results(), b);
    }

    private static void folded(List<Finding> findings, Severity s, String one, String many, Optional<Platform> platform, StringBuilder b) {
        List<Finding> these = findings.stream().filter(f -> f.severity() == s).toList();
        if (these.isEmpty()) return;
        b.append("<details><summary>").append(these.size()).append(these.size() == 1 ? one : many).append("</summary>");
        for (Finding f : these) finding(f, platform, b);
        b.append("</details>");
    }

    private static String ago(long s) {
        if (s < 90) return s + " s ago";
        if (s < 90 * 60) return (s / 60) + " min ago";
        return (s / 3600) + " h ago";
    }

    /** An overview table, scrolling sideways on a phone rather than squeezing its columns. */
    private static void table(Overview.Table t, StringBuilder b) {
        b.append("<h2>").append(Html.escape(t.title())).append("</h2><div class=\"scroll\"><table class=\"inv\"><tr>");
        for (String c : t.columns()) b.append("<th>").append(Html.escape(c)).append("</th>");
        b.append("</tr>");
        for (List<String> r : t.rows()) {
            b.append("<tr>");
            for (String c : r) b.append("<td>").append(Html.escape(c)).append("</td>");
            b.append("</tr>");
        }
        b.append("</table></div>");
    }

    private static String verdict(Severity s) {
        return switch (s) {
            case CRITICAL -> "Something here needs fixing now";
            case WARNING -> "This VM is set up in a way that costs it";
            case INFO, OK -> "This VM looks well configured";
        };
    }

    private static void finding(Finding f, Optional<Platform> platform, StringBuilder b) {
        String sev = f.severity().label();
        b.append("<section class=\"f ").append(sev).append("\"><div><span class=\"badge\">").append(sev).append("</span>")
                .append("<span class=\"sum\">").append(Html.escape(f.summary())).append("</span></div>")
                .append("<div class=\"meta\">").append(Html.escape(f.id())).append(" · ").append(Html.escape(f.subject())).append("</div><dl>");
        for (Evidence e : f.evidence()) {
            b.append("<dt>seen</dt><dd><code>").append(Html.escape(e.source())).append(" = ").append(Html.escape(e.value())).append("</code></dd>");
        }
        if (f.why() != null) b.append("<dt>why it matters</dt><dd>").append(Html.escape(f.why())).append("</dd>");
        Remedy r = f.remedy();
        if (r != null) {
            for (Remedies.Line l : Remedies.ordered(r, platform)) {
                String where = switch (l.dialect()) {
                    case PROXMOX -> "fix on Proxmox";
                    case LIBVIRT -> "fix in libvirt";
                    case QEMU -> "fix in QEMU";
                    case HOST -> "fix";   // the text says "on the host: …" itself
                    case GUEST -> "fix in the guest";
                };
                // the guest's change is a sentence; the hypervisors' are commands or XML to copy
                String text = Html.escape(l.text());
                b.append("<dt>").append(where).append("</dt><dd>").append(l.dialect() == Remedies.Dialect.GUEST ? text : "<code>" + text + "</code>").append("</dd>");
            }
        }
        b.append("</dl></section>");
    }

    private static void checks(List<CheckResult> results, StringBuilder b) {
        b.append("<details><summary>checks</summary><table>");
        for (CheckResult r : results) {
            b.append("<tr><td>").append(Html.escape(r.check())).append("</td><td>").append(r.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append("</td><td>").append(Html.escape(r.reason() == null ? "" : r.reason())).append("</td></tr>");
        }
        b.append("</table></details>");
    }

}
