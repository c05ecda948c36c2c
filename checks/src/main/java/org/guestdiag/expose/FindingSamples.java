package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.guestdiag.run.Diagnosis;

/**
 * Every finding as {@code guestdiag_finding{check,id,severity,subject} 1} and their counts per severity.
 * Only the stable keys become labels: summaries and evidence are free text and stay in the JSON and page.
 */
public final class FindingSamples {
    private FindingSamples() { }

    public static List<Sample> of(Diagnosis d) {
        List<Sample> out = new ArrayList<>();
        List<Finding> findings = d.findings();
        Set<String> seen = new LinkedHashSet<>();
        for (Finding f : findings) {
            // two findings of one check on one subject with the same id would be one series twice: keep the worst (first)
            if (!seen.add(f.check() + '\0' + f.id() + '\0' + f.subject())) continue;
            out.add(Sample.gauge("guestdiag_finding", "A finding of the latest diagnosis, valued 1; see /api/v1/findings for its text.",
                    Labels.of("check", f.check(), "id", f.id(), "severity", f.severity().label(), "subject", f.subject()), 1));
        }
        for (Severity s : Severity.values()) {
            long n = findings.stream().filter(f -> f.severity() == s).count();
            out.add(Sample.gauge("guestdiag_findings", "Findings of the latest diagnosis by severity.", Labels.of("severity", s.label()), n));
        }
        out.add(Sample.gauge("guestdiag_status", "Worst severity of the latest diagnosis as a plugin exit code: 0 ok/info, 1 warning, 2 critical.",
                java.util.Map.of(), d.exitCode()));
        return out;
    }
}
