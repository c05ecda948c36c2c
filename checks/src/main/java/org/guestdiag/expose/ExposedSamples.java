package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.read.Inventory;
import org.guestdiag.run.Diagnosis;

/**
 * Everything a diagnosis exposes as metrics: the inventory by area, the findings, and how each check went.
 * Built whole from each diagnosis: the registry renders them once per diagnosis, so nothing here is kept
 * from one to the next.
 */
public final class ExposedSamples {
    private ExposedSamples() { }

    public static List<Sample> of(Diagnosis d) {
        Inventory inv = d.inventory();
        List<Sample> out = new ArrayList<>();
        out.addAll(HypervisorSamples.of(inv));
        out.addAll(CpuSamples.of(inv));
        out.addAll(NumaSamples.of(inv));
        out.addAll(DiskSamples.of(inv));
        out.addAll(NicSamples.of(inv));
        out.addAll(MdSamples.of(inv));
        out.addAll(StorageSamples.of(inv));
        out.addAll(SmartSamples.of(inv));
        out.addAll(BtrfsSamples.of(inv));
        out.addAll(SourceSamples.of(inv));
        out.addAll(FindingSamples.of(d));
        out.addAll(CheckSamples.of(d));
        return out;
    }
}
