package org.guestdiag.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Evidence;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Severity;
import org.guestdiag.render.JsonReport;
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
            details{margin:.8rem 0}summary{cursor:pointer;color:var(--mut)}table{border-collapse:collapse;font-size:.85rem}td{padding:.15rem .5rem .15rem 0}
            """;

    private StatusPage() { }

    static String render(Optional<Diagnosis> latest, String version) {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>guestdiag</title><style>").append(CSS).append("</style></head><body>");
        b.append("<h1>guestdiag</h1>");
        if (latest.isEmpty()) {
            b.append("<div class=\"verdict info\">The first look at this VM is still running; reload in a few seconds.</div>");
        } else {
            body(latest.get(), b);
        }
        b.append("<p class=\"sub\">guestdiag ").append(Html.escape(version))
                .append(" · <a href=\"/metrics\">metrics</a> · <a href=\"/api/v1/findings\">findings JSON</a> · <a href=\"/api/v1/inventory\">inventory JSON</a></p>");
        return b.append("</body></html>").toString();
    }

    private static void body(Diagnosis d, StringBuilder b) {
        Severity worst = d.worst();
        Map<String, Integer> counts = JsonReport.counts(d.findings());
        b.append("<div class=\"sub\">as read at ").append(Html.escape(d.inventory().takenAt().toString())).append("</div>");
        b.append("<div class=\"verdict ").append(worst.label()).append("\">").append(verdict(worst)).append(" — ")
                .append(counts.get("critical")).append(" critical, ").append(counts.get("warning")).append(" warning, ")
                .append(counts.get("info")).append(" info</div>");
        List<Finding> findings = d.findings();
        for (Finding f : findings) {
            if (f.severity() != Severity.OK) finding(f, b);
        }
        List<Finding> fine = findings.stream().filter(f -> f.severity() == Severity.OK).toList();
        if (!fine.isEmpty()) {
            b.append("<details><summary>").append(fine.size()).append(" things look right</summary>");
            for (Finding f : fine) finding(f, b);
            b.append("</details>");
        }
        checks(d.results(), b);
    }

    private static String verdict(Severity s) {
        return switch (s) {
            case CRITICAL -> "Something here needs fixing now";
            case WARNING -> "This VM is set up in a way that costs it";
            case INFO, OK -> "This VM looks well configured";
        };
    }

    private static void finding(Finding f, StringBuilder b) {
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
            if (r.proxmox() != null) b.append("<dt>fix on Proxmox</dt><dd><code>").append(Html.escape(r.proxmox())).append("</code></dd>");
            if (r.libvirt() != null) b.append("<dt>fix in libvirt</dt><dd><code>").append(Html.escape(r.libvirt())).append("</code></dd>");
            if (r.qemu() != null) b.append("<dt>fix in QEMU</dt><dd><code>").append(Html.escape(r.qemu())).append("</code></dd>");
            if (r.guest() != null) b.append("<dt>fix in the guest</dt><dd>").append(Html.escape(r.guest())).append("</dd>");
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
