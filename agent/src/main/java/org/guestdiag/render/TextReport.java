package org.guestdiag.render;

import static org.guestdiag.check.Text.visible;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
import org.guestdiag.run.Diagnosis;

/** The report a person reads at a sick VM: grouped by area, worst area first, worst finding first. */
public final class TextReport {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final int WIDTH = 100;
    private final boolean color;

    public TextReport(boolean color) {
        this.color = color;
    }

    public void write(Diagnosis d, String target, PrintWriter out) {
        List<Finding> findings = d.findings();
        Map<String, Integer> counts = JsonReport.counts(findings);
        out.println(style(BOLD, "guestdiag: " + visible(target)) + "  " + badge(d.verdict()).stripTrailing());
        out.println("  " + counts.get("critical") + " critical, " + counts.get("warning") + " warning, " + counts.get("info") + " info");
        for (Overview.Table t : Overview.of(d.inventory())) table(t, out);
        Map<String, String> areaOf = new LinkedHashMap<>();
        for (CheckResult r : d.results()) areaOf.put(r.check(), r.area());
        Map<String, List<Finding>> byArea = new LinkedHashMap<>();
        for (Finding f : findings) byArea.computeIfAbsent(areaOf.getOrDefault(f.check(), f.check()), k -> new ArrayList<>()).add(f);
        List<Map.Entry<String, List<Finding>>> areas = new ArrayList<>(byArea.entrySet());
        areas.sort(Comparator.comparing((Map.Entry<String, List<Finding>> e) -> e.getValue().get(0).severity()).reversed());
        Optional<Platform> platform = Slots.of(d.inventory()).platform().map(Platform.Seen::platform);
        for (var area : areas) {
            out.println();
            out.println(style(BOLD, area.getKey().toUpperCase(java.util.Locale.ROOT)));
            for (Finding f : area.getValue()) finding(f, platform, out);
        }
        out.println();
        out.println(style(DIM, "exit code " + d.exitCode() + " (0 ok, 1 warning, 2 critical, 3 unknown)"));
    }

    /** An overview table, its columns aligned, under a dim heading: what was judged, even when all is well. */
    private void table(Overview.Table t, PrintWriter out) {
        out.println();
        out.println(style(BOLD, t.title().toUpperCase(java.util.Locale.ROOT)));
        int[] width = new int[t.columns().size()];
        for (int i = 0; i < width.length; i++) width[i] = t.columns().get(i).length();
        for (List<String> r : t.rows()) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        out.println(style(DIM, row(t.columns(), width)));
        for (List<String> r : t.rows()) out.println(row(r, width));
    }

    private static String row(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder("  ");
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            b.append(c);
            if (i < cells.size() - 1) b.append(" ".repeat(width[i] - c.length() + 2));
        }
        return b.toString().stripTrailing();
    }

    private void finding(Finding f, Optional<Platform> platform, PrintWriter out) {
        // every string may hold the kernel's or firmware's bytes: none reaches the terminal as a control character
        out.println("  " + badge(f.severity()) + " " + visible(f.summary()) + style(DIM, "  [" + visible(f.id()) + " " + visible(f.subject()) + "]"));
        if (f.severity() == Severity.OK) return;
        for (Evidence e : f.evidence()) out.println(wrap("      seen: ", visible(e.source() + " = " + e.value())));
        if (f.why() != null) out.println(wrap("      why:  ", visible(f.why())));
        if (f.remedy() != null) {
            String label = "      fix:  ";
            for (String line : remedies(f.remedy(), platform)) {
                out.println(wrap(label, visible(line)));
                label = "            ";
            }
        }
    }

    static List<String> remedies(Remedy r, Optional<Platform> platform) {
        return Remedies.ordered(r, platform).stream().map(l -> switch (l.dialect()) {
            case PROXMOX -> "Proxmox: ";
            case LIBVIRT -> "libvirt: ";
            case QEMU -> "QEMU:    ";
            case HOST -> "";   // the text says "on the host: …" itself
            case GUEST -> "guest:   ";
        } + l.text()).toList();
    }

    private String badge(Severity s) {
        String text = switch (s) {
            case CRITICAL -> "[CRITICAL]";
            case WARNING -> "[WARNING] ";
            case INFO -> "[info]    ";
            case OK -> "[ok]      ";
        };
        String code = switch (s) {
            case CRITICAL -> "\u001b[1;31m";
            case WARNING -> "\u001b[33m";
            case INFO -> "\u001b[36m";
            case OK -> "\u001b[32m";
        };
        return style(code, text);
    }

    private String style(String code, String s) {
        return color ? code + s + RESET : s;
    }

    /** Wraps long text under its label so the report stays readable in an 80–100 column terminal. */
    static String wrap(String label, String text) {
        StringBuilder b = new StringBuilder(label);
        int col = label.length();
        String indent = " ".repeat(label.length());
        for (String word : text.split(" ")) {
            if (col + word.length() + 1 > WIDTH && col > label.length()) {
                b.append('\n').append(indent);
                col = indent.length();
            } else if (col > label.length()) {
                b.append(' ');
                col++;
            }
            b.append(word);
            col += word.length();
        }
        return b.toString();
    }
}
