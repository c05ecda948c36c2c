package org.guestdiag.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guestdiag.check.Check;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.host.ReadException;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.guestdiag.read.Source;

/**
 * The checks' verdicts on one inventory. One failing check never fails the others: it is reported as
 * failed or stuck, with the reason, as a finding of its own.
 */
public record Diagnosis(Inventory inventory, List<CheckResult> results) {
    private static final Logger logger = Logger.getLogger(Diagnosis.class.getName());
    /** The pseudo-check under which the agent reports its own trouble (unreadable files, stuck reads). */
    public static final String AGENT = "agent";

    public Diagnosis {
        results = List.copyOf(results);
    }

    public static Diagnosis run(Inventory inventory, List<Check> checks) {
        List<CheckResult> results = new ArrayList<>();
        for (Check c : checks) results.add(runOne(inventory, c));
        results.add(agentResult(inventory, results));
        return new Diagnosis(inventory, results);
    }

    /**
     * As {@link #run(Inventory, List)}, but a check whose sources are the same outcome objects as when
     * {@code earlier} last kept its ok verdict gets that verdict, the same instance, without being run (unless
     * it {@link Check#usesTime() uses the time}); the new verdicts are kept there for the next inventory. The
     * agent's own findings are always made anew.
     */
    public static Diagnosis run(Inventory inventory, List<Check> checks, Judgements earlier) {
        List<CheckResult> results = new ArrayList<>();
        for (Check c : checks) results.add(earlier.judge(c, inventory, Diagnosis::runOne));
        results.add(agentResult(inventory, results));
        return new Diagnosis(inventory, results);
    }

    private static CheckResult runOne(Inventory inv, Check c) {
        for (Source<?> s : c.requires()) {
            Outcome<?> o = inv.outcome(s).orElse(null);
            if (o == null) {
                return new CheckResult(c.name(), c.area(), CheckResult.Status.FAILED, "source " + s.name() + " was not read", List.of(), Duration.ZERO);
            }
            if (o instanceof Outcome.Failed<?> f) {
                return new CheckResult(c.name(), c.area(), CheckResult.Status.FAILED, "cannot read " + s.name() + ": " + f.reason(), List.of(), Duration.ZERO);
            }
            if (o instanceof Outcome.Stuck<?> st) {
                return new CheckResult(c.name(), c.area(), CheckResult.Status.STUCK, "reading " + s.name() + " is stuck: " + st.reason(), List.of(), Duration.ZERO);
            }
        }
        Report out = new Report(c.name());
        long t0 = System.nanoTime();
        try {
            c.run(inv, out);
            return new CheckResult(c.name(), c.area(), CheckResult.Status.OK, null, out.findings(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            logger.log(Level.WARNING, "check " + c.name() + " failed", e);
            return new CheckResult(c.name(), c.area(), CheckResult.Status.FAILED, "check failed: " + e, List.of(), Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** The agent's own findings: files it could not read, checks that failed or are stuck. */
    private static CheckResult agentResult(Inventory inv, List<CheckResult> results) {
        Report out = new Report(AGENT);
        for (var e : inv.outcomes().entrySet()) {
            if (e.getValue() instanceof Outcome.Ok<?> ok) {
                for (ReadException p : ok.problems()) {
                    out.add(Finding.of("agent.unreadable", Severity.WARNING, p.file())
                            .summary("Could not read " + p.file() + ": " + p.reason())
                            .evidence(p.file(), p.reason())
                            .why("The " + e.getKey() + " source read everything else; verdicts that need this file are missing."));
                }
            }
        }
        // a source that only optional users had (the kernel log without CAP_SYSLOG): no check failed for it, so say it here
        for (var e : inv.outcomes().entrySet()) {
            String name = e.getKey();
            boolean told = results.stream().anyMatch(r -> r.reason() != null
                    && (r.reason().startsWith("cannot read " + name + ":") || r.reason().startsWith("reading " + name + " is stuck")));
            if (told) continue;
            if (e.getValue() instanceof Outcome.Failed<?> f) {
                String file = f.reason().startsWith("/") && f.reason().contains(": ") ? f.reason().substring(0, f.reason().indexOf(": ")) : name;
                out.add(Finding.of("agent.unreadable", Severity.WARNING, file)
                        .summary("Could not read " + f.reason())
                        .evidence(file, f.reason())
                        .why("The checks that use the " + name + " source went on without it, so they may miss what it would have shown."));
            } else if (e.getValue() instanceof Outcome.Stuck<?> st) {
                out.add(Finding.of("agent.source-stuck", Severity.WARNING, name)
                        .summary("Reading " + name + " is stuck: " + st.reason())
                        .evidence(name, st.reason())
                        .why("The checks that use this source went on without it, so they may miss what it would have shown. "
                                + "A read that does not return usually means a hung device."));
            }
        }
        for (CheckResult r : results) {
            if (r.status() == CheckResult.Status.OK) continue;
            boolean stuck = r.status() == CheckResult.Status.STUCK;
            out.add(Finding.of(stuck ? "agent.check-stuck" : "agent.check-failed", Severity.WARNING, r.check())
                    .summary("Check " + r.check() + (stuck ? " is stuck: " : " could not run: ") + r.reason())
                    .evidence(r.check(), r.reason())
                    .why(stuck ? "A read that does not return usually means a hung device or filesystem; the other checks still ran."
                               : "This part of the VM could not be judged; the other checks still ran."));
        }
        return new CheckResult(AGENT, AGENT, CheckResult.Status.OK, null, out.findings(), Duration.ZERO);
    }

    /** All findings, worst first, then by area and subject. */
    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>();
        for (CheckResult r : results) all.addAll(r.findings());
        all.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Finding::check).thenComparing(Finding::subject).thenComparing(Finding::id));
        return all;
    }

    public Severity worst() {
        return findings().stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.OK);
    }

    /**
     * The VM's overall verdict, as a report's headline and the status page show it: the worst finding, but
     * info findings are remarks on the inventory, not trouble, so a VM with nothing worse is OK, as its exit
     * code 0 says.
     */
    public Severity verdict() {
        Severity worst = worst();
        return worst == Severity.INFO ? Severity.OK : worst;
    }

    /** Nagios plugin exit code of this diagnosis: 0 OK, 1 WARNING, 2 CRITICAL. */
    public int exitCode() {
        return worst().exitCode();
    }
}
