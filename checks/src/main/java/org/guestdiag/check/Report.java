package org.guestdiag.check;

import java.util.ArrayList;
import java.util.List;

/** Where a check puts what it found. */
public final class Report {
    private final String check;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();

    public Report(String check) {
        this.check = check;
    }

    public void add(Finding.Builder f) {
        findings.add(f.build(check));
    }

    public void add(Sample s) {
        samples.add(s);
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }
}
