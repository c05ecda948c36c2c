package org.guestdiag.check;

import java.util.ArrayList;
import java.util.List;

/** Where a check puts what it found: findings only; the metrics of the same records are built in {@code expose}. */
public final class Report {
    private final String check;
    private final List<Finding> findings = new ArrayList<>();

    public Report(String check) {
        this.check = check;
    }

    public void add(Finding.Builder f) {
        findings.add(f.build(check));
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }
}
