package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.guestdiag.check.CheckResult;
import org.guestdiag.run.Diagnosis;

/**
 * How each check went in a diagnosis: these change only with a verdict, so they are samples of the diagnosis
 * (rendered once per diagnosis). What moves at every refresh (when, how long) is the agent's own meters'.
 */
public final class CheckSamples {
    private CheckSamples() { }

    public static List<Sample> of(Diagnosis d) {
        List<Sample> out = new ArrayList<>();
        for (CheckResult r : sorted(d)) out.addAll(verdict(r));
        return out;
    }

    /** The results in the order their samples are exposed: by check name. */
    static List<CheckResult> sorted(Diagnosis d) {
        List<CheckResult> results = new ArrayList<>(d.results());
        results.sort(Comparator.comparing(CheckResult::check));
        return results;
    }

    /** What depends on the result alone: a verdict kept from one refresh to the next keeps these. */
    static List<Sample> verdict(CheckResult r) {
        var labels = Labels.of("check", r.check());
        return List.of(
                Sample.gauge("guestdiag_check_success",
                        "1 when the check ran on the latest inventory, 0 when a source it needs failed or is stuck, or it threw.",
                        labels, Labels.bool(r.status() == CheckResult.Status.OK)),
                Sample.gauge("guestdiag_check_stuck", "1 when a source the check needs overran its read bound.",
                        labels, Labels.bool(r.status() == CheckResult.Status.STUCK)));
    }
}
