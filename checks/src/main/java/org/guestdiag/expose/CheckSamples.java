package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.guestdiag.check.CheckResult;
import org.guestdiag.run.Diagnosis;

/**
 * How each check went in a diagnosis. These change only when a diagnosis is published, so they are
 * samples of the diagnosis (rendered once per diagnosis) rather than meters read on every scrape.
 */
public final class CheckSamples {
    private CheckSamples() { }

    public static List<Sample> of(Diagnosis d) {
        List<Sample> out = new ArrayList<>();
        for (CheckResult r : sorted(d)) out.addAll(verdict(r));
        out.add(lastRefresh(d));
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
                        labels, Labels.bool(r.status() == CheckResult.Status.STUCK)),
                Sample.gauge("guestdiag_check_duration_seconds", "How long the check took to reach its latest verdict, which is kept while its sources are unchanged.",
                        labels, r.duration().toNanos() / 1e9));
    }

    /**
     * One time for the whole diagnosis: every check judges the same inventory, so a time per check would repeat
     * it once per check. What alerts on a stale report (GuestdiagReportStale) reads.
     */
    static Sample lastRefresh(Diagnosis d) {
        return Sample.gauge("guestdiag_last_refresh_timestamp_seconds",
                "When the inventory of the latest diagnosis was read, in seconds since the epoch.", Labels.of(),
                d.inventory().takenAt().toEpochMilli() / 1000.0);
    }
}
