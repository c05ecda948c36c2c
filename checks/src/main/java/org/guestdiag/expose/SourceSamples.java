package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;

/** How reading each kernel source went in the latest inventory: read, failed, or stuck past its bound. */
public final class SourceSamples {
    private SourceSamples() { }

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        for (var e : inv.outcomes().entrySet()) {
            Outcome<?> o = e.getValue();
            var labels = Labels.of("source", e.getKey());
            out.add(Sample.gauge("guestdiag_source_ok", "1 when the source was read in the latest refresh.", labels, Labels.bool(o instanceof Outcome.Ok)));
            out.add(Sample.gauge("guestdiag_source_stuck", "1 when reading the source overran its bound and is still blocked.",
                    labels, Labels.bool(o instanceof Outcome.Stuck)));
            if (o instanceof Outcome.Ok<?> ok) {
                out.add(Sample.gauge("guestdiag_source_problems", "Files of the source that could not be read while the rest was.",
                        labels, ok.problems().size()));
            }
        }
        return out;
    }
}
