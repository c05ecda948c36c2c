package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Sample;
import org.guestdiag.run.Diagnosis;

/** Everything a diagnosis exposes as metrics: the inventory by area, the findings, and the checks' own samples. */
public final class ExposedSamples {
    private ExposedSamples() { }

    public static List<Sample> of(Diagnosis d) {
        List<Sample> out = new ArrayList<>();
        out.addAll(HypervisorSamples.of(d.inventory()));
        out.addAll(CpuSamples.of(d.inventory()));
        out.addAll(NumaSamples.of(d.inventory()));
        out.addAll(DiskSamples.of(d.inventory()));
        out.addAll(NicSamples.of(d.inventory()));
        out.addAll(SourceSamples.of(d.inventory()));
        out.addAll(FindingSamples.of(d));
        out.addAll(CheckSamples.of(d));
        for (CheckResult r : d.results()) out.addAll(r.samples());
        return out;
    }
}
