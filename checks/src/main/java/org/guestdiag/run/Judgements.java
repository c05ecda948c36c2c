package org.guestdiag.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.guestdiag.check.Check;
import org.guestdiag.check.CheckResult;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.guestdiag.read.Source;

/**
 * The checks' latest verdicts, each with the outcomes of the sources it was judged on, so that a refresh
 * keeps a verdict instead of judging the same outcomes again. Outcomes are compared by identity: the
 * {@link Collector} keeps a source's outcome object while a new read finds the same, and a check judges
 * only the sources it declares and, unless it {@link Check#usesTime() uses the time}, nothing else
 * (DeclaredSourcesTest holds every check to that).
 *
 * <p>Used by one thread at a time (a refresher's).
 */
public final class Judgements {
    /** A verdict and its check's sources as they were: requires then optional, null for one not in the inventory. */
    private record Judged(List<Outcome<?>> inputs, CheckResult result) { }

    private final Map<String, Judged> byCheck = new HashMap<>();

    /**
     * The verdict of {@code check} on {@code inv}: the kept one when it was ok and judged on these very
     * outcomes, else a new one from {@code judge}, kept from now on.
     */
    CheckResult judge(Check check, Inventory inv, BiFunction<Inventory, Check, CheckResult> judge) {
        List<Outcome<?>> inputs = inputs(check, inv);
        Judged last = byCheck.get(check.name());
        // only ok verdicts are kept: a failed or stuck one is cheap to reach again (most stop at a source that was not read), and rare
        if (last != null && last.result().status() == CheckResult.Status.OK && !check.usesTime() && same(last.inputs(), inputs)) {
            return last.result();
        }
        CheckResult r = judge.apply(inv, check);
        byCheck.put(check.name(), new Judged(inputs, r));
        return r;
    }

    private static List<Outcome<?>> inputs(Check check, Inventory inv) {
        List<Outcome<?>> inputs = new ArrayList<>();
        for (Source<?> s : check.requires()) inputs.add(inv.outcomes().get(s.name()));
        for (Source<?> s : check.optional()) inputs.add(inv.outcomes().get(s.name()));
        return inputs;
    }

    private static boolean same(List<Outcome<?>> a, List<Outcome<?>> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) return false;
        }
        return true;
    }
}
