package org.guestdiag.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.guestdiag.check.Check;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.host.Root;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;
import org.junit.jupiter.api.Test;

class JudgementsTest {
    /** A source the tests put outcomes of into inventories by hand; never read. */
    record Named(String name) implements Source<String> {
        @Override public String read(Root root, Problems problems) {
            throw new UnsupportedOperationException();
        }
    }

    static final Source<String> A = new Named("a");
    static final Source<String> B = new Named("b");
    static final Source<String> UNDECLARED = new Named("c");

    /** Requires a, uses b when read; counts its runs and finds what they hold. */
    static class Counting implements Check {
        final AtomicInteger runs = new AtomicInteger();
        boolean throwing;
        @Override public String name() { return "counting"; }
        @Override public String area() { return "test"; }
        @Override public List<Source<?>> requires() { return List.of(A); }
        @Override public List<Source<?>> optional() { return List.of(B); }
        @Override public void run(Inventory inv, Report out) {
            runs.incrementAndGet();
            if (throwing) throw new IllegalStateException("a bug in a check");
            out.add(Finding.of("test.value", Severity.INFO, "vm").summary(inv.get(A) + " " + inv.find(B).orElse("-")));
        }
    }

    static Outcome<String> ok(String value) {
        return new Outcome.Ok<>(value, List.of(), Duration.ZERO);
    }

    /** An inventory of source, outcome, source, outcome …, taken now (so never at the same instant twice). */
    static Inventory inventory(Object... sourceOutcome) {
        Map<String, Outcome<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < sourceOutcome.length; i += 2) m.put(((Source<?>) sourceOutcome[i]).name(), (Outcome<?>) sourceOutcome[i + 1]);
        return new Inventory(m, Instant.now());
    }

    final Counting check = new Counting();
    final Judgements judgements = new Judgements();

    CheckResult judge(Inventory inv) {
        Diagnosis d = Diagnosis.run(inv, List.of(check), judgements);
        assertThat(d.results()).extracting(CheckResult::check).containsExactly("counting", Diagnosis.AGENT);
        return d.results().get(0);
    }

    @Test
    void theSameOutcomesGetTheSameVerdictWithoutARun() {
        Outcome<String> a = ok("1");
        Outcome<String> b = ok("2");
        Diagnosis first = Diagnosis.run(inventory(A, a, B, b, UNDECLARED, ok("x")), List.of(check), judgements);
        // a later inventory, an undeclared source changed: nothing the check judges
        Diagnosis second = Diagnosis.run(inventory(A, a, B, b, UNDECLARED, ok("y")), List.of(check), judgements);
        assertThat(second.results().get(0)).isSameAs(first.results().get(0));
        assertThat(second.results().get(0).findings()).extracting(Finding::summary).containsExactly("1 2");
        assertThat(check.runs).hasValue(1);
        assertThat(second.results().get(1)).as("the agent's own verdict").isNotSameAs(first.results().get(1));
    }

    @Test
    void aNewOutcomeOfAnyDeclaredSourceIsJudgedAgain() {
        Outcome<String> a = ok("1");
        Outcome<String> b = ok("2");
        CheckResult r = judge(inventory(A, a, B, b));

        // equal but another object: telling equal values apart is the collector's part, identity is all that counts here
        Outcome<String> a2 = ok("1");
        CheckResult r2 = judge(inventory(A, a2, B, b));
        assertThat(r2).isNotSameAs(r);
        assertThat(check.runs).hasValue(2);

        CheckResult r3 = judge(inventory(A, a2, B, ok("3")));
        assertThat(r3.findings()).extracting(Finding::summary).containsExactly("1 3");
        assertThat(check.runs).hasValue(3);

        // an optional source gone is a change; gone again is not
        CheckResult r4 = judge(inventory(A, a2));
        assertThat(r4.findings()).extracting(Finding::summary).containsExactly("1 -");
        assertThat(judge(inventory(A, a2))).isSameAs(r4);
        assertThat(check.runs).hasValue(4);

        Outcome<String> failed = new Outcome.Failed<>("/proc/b: garbage", Duration.ZERO);
        CheckResult r5 = judge(inventory(A, a2, B, failed));
        assertThat(r5).isNotSameAs(r4);
        assertThat(r5.findings()).isEqualTo(r4.findings());
        assertThat(check.runs).hasValue(5);
    }

    @Test
    void failedAndStuckVerdictsAreNeverKept() {
        Inventory missing = inventory(B, ok("2"));
        CheckResult notRead = judge(missing);
        assertThat(notRead.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(judge(missing)).isNotSameAs(notRead).isEqualTo(notRead);

        Inventory failed = inventory(A, new Outcome.Failed<>("/proc/a: garbage", Duration.ZERO));
        assertThat(judge(failed)).isNotSameAs(judge(failed));

        Inventory stuck = inventory(A, new Outcome.Stuck<>("no answer within 10 ms", Instant.EPOCH));
        CheckResult s = judge(stuck);
        assertThat(s.status()).isEqualTo(CheckResult.Status.STUCK);
        assertThat(judge(stuck)).isNotSameAs(s);
        assertThat(check.runs).as("stopped at the source each time").hasValue(0);

        check.throwing = true;
        Inventory fine = inventory(A, ok("1"));
        assertThat(judge(fine).status()).isEqualTo(CheckResult.Status.FAILED);
        judge(fine);
        assertThat(check.runs).as("the check that threw was run again").hasValue(2);
    }

    @Test
    void aCheckThatUsesTheTimeIsJudgedEveryTime() {
        Counting timed = new Counting() {
            @Override public boolean usesTime() { return true; }
        };
        Inventory inv = inventory(A, ok("1"));
        CheckResult r = Diagnosis.run(inv, List.of(timed), judgements).results().get(0);
        assertThat(Diagnosis.run(inv, List.of(timed), judgements).results().get(0)).isNotSameAs(r);
        assertThat(timed.runs).hasValue(2);
    }

    @Test
    void withoutJudgementsEveryCheckIsRun() {
        Inventory inv = inventory(A, ok("1"));
        CheckResult r = Diagnosis.run(inv, List.of(check)).results().get(0);
        assertThat(Diagnosis.run(inv, List.of(check)).results().get(0)).isNotSameAs(r);
        assertThat(check.runs).hasValue(2);
    }
}
